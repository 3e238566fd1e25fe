//! Catalog reads shared by the features that sell: what a reseller offers in a currency, at
//! the reseller's price, for items the provider still sells and prices still inside the
//! provider's range (a range narrowed after the reseller set a price takes that price off sale
//! until the reseller fixes it).

use super::ItemKind;
use crate::entities::{addon, catalog_price, domain_extension, product, reseller_price};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, ExprTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    RelationDef, sea_query::Expr,
};
use std::collections::HashSet;

/// One thing a reseller sells: the provider's price row and the reseller's amounts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub catalog: catalog_price::Model,
    pub price: i64,
    pub setup_fee: i64,
}

fn reseller_price_to_catalog() -> RelationDef {
    reseller_price::Entity::belongs_to(catalog_price::Entity)
        .from(reseller_price::Column::CatalogPriceId)
        .to(catalog_price::Column::Id)
        .into()
}

/// What `reseller_id` sells in `currency`, optionally of one kind, on sale now.
pub async fn offers(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    currency: &str,
    kind: Option<ItemKind>,
) -> Result<Vec<Offer>, DbErr> {
    let priced = priced_in_range(db, reseller_id, currency, kind).await?;
    let active = ActiveItems::load(db).await?;
    Ok(priced.into_iter().filter(|offer| active.contains(&offer.catalog)).collect())
}

/// The reseller's prices in `currency` that sit inside the provider's range, whether or not
/// the item is still on sale: for callers that read the active items themselves anyway.
pub async fn priced_in_range(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    currency: &str,
    kind: Option<ItemKind>,
) -> Result<Vec<Offer>, DbErr> {
    let mut query = reseller_price::Entity::find()
        .select_also(catalog_price::Entity)
        .join(JoinType::InnerJoin, reseller_price_to_catalog())
        .filter(reseller_price::Column::ResellerId.eq(reseller_id))
        .filter(catalog_price::Column::Currency.eq(currency))
        .filter(Expr::col((reseller_price::Entity, reseller_price::Column::Price)).between(
            Expr::col((catalog_price::Entity, catalog_price::Column::MinPrice)),
            Expr::col((catalog_price::Entity, catalog_price::Column::MaxPrice)),
        ))
        .order_by_asc(catalog_price::Column::ItemKind)
        .order_by_asc(catalog_price::Column::ItemId)
        .order_by_asc(catalog_price::Column::Id);
    if let Some(kind) = kind {
        query = query.filter(catalog_price::Column::ItemKind.eq(kind));
    }
    let rows = query.all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(mine, catalog)| Some(Offer { price: mine.price, setup_fee: mine.setup_fee, catalog: catalog? }))
        .collect())
}

/// The ids of catalog items the provider sells now; the catalog is small, so one read each.
struct ActiveItems {
    products: HashSet<i64>,
    addons: HashSet<i64>,
    domains: HashSet<i64>,
}

impl ActiveItems {
    async fn load(db: &impl ConnectionTrait) -> Result<Self, DbErr> {
        let products = product::Entity::find()
            .select_only()
            .column(product::Column::Id)
            .filter(product::Column::Active.eq(true))
            .into_tuple::<i64>()
            .all(db)
            .await?;
        let addons = addon::Entity::find()
            .select_only()
            .column(addon::Column::Id)
            .filter(addon::Column::Active.eq(true))
            .into_tuple::<i64>()
            .all(db)
            .await?;
        let domains = domain_extension::Entity::find()
            .select_only()
            .column(domain_extension::Column::Id)
            .filter(domain_extension::Column::Active.eq(true))
            .into_tuple::<i64>()
            .all(db)
            .await?;
        Ok(Self {
            products: products.into_iter().collect(),
            addons: addons.into_iter().collect(),
            domains: domains.into_iter().collect(),
        })
    }

    fn contains(&self, price: &catalog_price::Model) -> bool {
        match price.item_kind {
            ItemKind::Product => self.products.contains(&price.item_id),
            ItemKind::Addon => self.addons.contains(&price.item_id),
            ItemKind::Domain => self.domains.contains(&price.item_id),
        }
    }
}
