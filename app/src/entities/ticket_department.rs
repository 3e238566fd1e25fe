//! A department a reseller's clients open tickets in; deactivated, never deleted.

use sea_orm::QuerySelect;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_departments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: i64,
    pub name: String,
    pub active: bool,
    pub sort_order: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Every department name of `reseller_id` by id, active or not (old tickets keep theirs).
pub async fn names_of(
    db: &impl ConnectionTrait,
    reseller_id: i64,
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::Name)
        .filter(Column::ResellerId.eq(reseller_id))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
