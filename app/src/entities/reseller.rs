use crate::values::ResellerStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "resellers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    pub brand_name: String,
    pub contact_name: String,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub default_language: String,
    pub primary_color: String,
    pub support_email: String,
    pub status: ResellerStatus,
    pub allow_login_as_client: bool,
    pub allow_place_order: bool,
    pub allow_delete_clients: bool,
    pub allow_portal_payments: bool,
    pub allow_portal_tickets: bool,
    pub show_toman: bool,
    #[sea_orm(column_type = "Text")]
    pub pay_to_text: String,
    #[sea_orm(column_type = "Text")]
    pub bank_transfer_text: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::client::Entity")]
    Client,
}

impl Related<super::client::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Client.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
