//! The provider's price of one catalog item in one currency for one term, with the range a
//! reseller may charge. See `catalog` for the kinds and terms.

use crate::catalog::ItemKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "catalog_prices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// `product`, `addon` or `domain`.
    pub item_kind: ItemKind,
    /// The id in `products`, `addons` or `domain_extensions`.
    pub item_id: i64,
    pub currency: String,
    /// A billing cycle code for products and addons; `register`, `transfer` or `renew` for
    /// domains (per year).
    pub term: String,
    /// Minor units of `currency`, like every amount here.
    pub setup_fee: i64,
    pub price: i64,
    pub min_price: i64,
    pub max_price: i64,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
