//! A domain extension (`.ir`, `.com`) the provider sells; its prices are `catalog_price` rows
//! of kind `domain`, per year for register, transfer and renew.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "domain_extensions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// With its leading dot: `.ir`.
    #[sea_orm(unique)]
    pub tld: String,
    pub active: bool,
    pub sort_order: i32,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
