//! An addon of the provider's catalog, sold with a service.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "addons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name_fa: String,
    pub name_en: String,
    #[sea_orm(column_type = "Text")]
    pub description_fa: String,
    #[sea_orm(column_type = "Text")]
    pub description_en: String,
    pub active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
