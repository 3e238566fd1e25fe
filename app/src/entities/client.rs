use crate::clients::ClientStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clients")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: i64,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub email: String,
    pub phone: String,
    pub address1: String,
    pub address2: Option<String>,
    pub city: String,
    pub state: String,
    pub postcode: String,
    pub country: String,
    pub language: String,
    pub currency: String,
    pub national_id: Option<String>,
    pub tax_id: Option<String>,
    pub notes: Option<String>,
    pub credit_balance: i64,
    pub status: ClientStatus,
    pub password_hash: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::reseller::Entity", from = "Column::ResellerId", to = "super::reseller::Column::Id")]
    Reseller,
}

impl Related<super::reseller::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Reseller.def()
    }
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Every save keeps the client's search terms in step, counts a change to the client's
    /// list (a saved name or email may move them in it), and an insert counts the client.
    /// A status changes only through `clients::service::close_client`, which moves the counts.
    async fn after_save<C>(model: Model, db: &C, insert: bool) -> Result<Model, DbErr>
    where
        C: ConnectionTrait,
    {
        super::client_search_term::replace_terms(db, &model).await?;
        super::client_count::add(db, model.reseller_id, model.status, i64::from(insert)).await?;
        Ok(model)
    }
}
