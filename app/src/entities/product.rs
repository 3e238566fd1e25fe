//! A product of the provider's catalog.

use crate::catalog::ProductKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "products")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    /// `hosting`, `vps`, `license`, `domain` or `other`.
    pub kind: ProductKind,
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
