//! How many clients a reseller has in one status; see `clients::counts`.

use crate::clients::ClientStatus;
use sea_orm::ActiveValue::Set;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reseller_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub status: ClientStatus,
    pub clients: i64,
    /// Bumped by every change to this list; see `clients::counts`.
    pub changes: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Adds `delta` clients to `reseller_id`'s count of `status`, and counts a change to that list.
/// A `delta` of 0 is a change that keeps the count: a client of that status saved.
pub async fn add(db: &impl ConnectionTrait, reseller_id: i64, status: ClientStatus, delta: i64) -> Result<(), DbErr> {
    // Scoped here: its blanket `max` would shadow `Ord::max` elsewhere in the file.
    use sea_orm::sea_query::ExprTrait;
    let row = ActiveModel { reseller_id: Set(reseller_id), status: Set(status), clients: Set(delta), changes: Set(1) };
    Entity::insert(row)
        .on_conflict(
            OnConflict::columns([Column::ResellerId, Column::Status])
                .value(Column::Clients, Expr::col((Entity, Column::Clients)).add(delta))
                .value(Column::Changes, Expr::col((Entity, Column::Changes)).add(1))
                .to_owned(),
        )
        .exec(db)
        .await?;
    Ok(())
}
