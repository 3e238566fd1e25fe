//! A group of the provider's catalog.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "product_groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name_fa: String,
    pub name_en: String,
    pub sort_order: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
