//! Reading a reseller's prices against the provider's active catalog, and saving one item's
//! rows at a time. Every query is scoped by the reseller the caller got from the session; a
//! price row of an inactive item, of another item or currency, or one that does not exist,
//! answers `NotFound` alike.

use super::{ItemName, ItemPricesForm, ItemRef, PriceList, PriceRow, PricedGroup, PricedItem, SoldPrice, shows_toman};
use crate::audit::{self, ActorKind, AuditAction, AuditEntry};
use crate::catalog::{ItemKind, PriceRange, PriceTerm};
use crate::clients::input::CURRENCIES;
use crate::entities::{addon, catalog_price, domain_extension, product, product_group, reseller, reseller_price};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::values::money::amount_input_value;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Select, SqlErr,
};
use std::collections::{HashMap, HashSet};

/// The reseller's page in `requested_currency`, if the provider prices anything in it; else in
/// the reseller's default (IRR for a Persian-speaking reseller, USD otherwise), else in the
/// first currency the provider prices in.
pub async fn price_list(
    db: &impl ConnectionTrait,
    reseller: &reseller::Model,
    requested_currency: Option<&str>,
) -> Result<PriceList, AppError> {
    let catalog = ActiveCatalog::load(db).await?;
    let currencies = priced_currencies(db, &catalog).await?;
    let currency = choose_currency(&currencies, requested_currency, &reseller.default_language);
    let in_currency = catalog_price::Entity::find().filter(catalog_price::Column::Currency.eq(&currency));
    let prices = in_currency.clone().order_by_asc(catalog_price::Column::Id).all(db).await?;
    let sold = sold_prices(db, reseller.id, in_currency).await?;
    let mut rows_by_item: HashMap<ItemRef, Vec<catalog_price::Model>> = HashMap::new();
    for price in prices {
        rows_by_item.entry(ItemRef { kind: price.item_kind, id: price.item_id }).or_default().push(price);
    }
    let mut priced = |item: ItemRef, name: ItemName| {
        let rows = price_rows(item.kind, rows_by_item.remove(&item).unwrap_or_default(), &sold);
        (!rows.is_empty()).then_some(PricedItem { item, name, rows })
    };
    let product_groups = catalog
        .groups
        .iter()
        .filter_map(|(group_id, group_name)| {
            let products: Vec<PricedItem> = catalog
                .products
                .iter()
                .filter(|(_, of_group, _)| of_group == group_id)
                .filter_map(|(id, _, name)| priced(ItemRef { kind: ItemKind::Product, id: *id }, name.clone()))
                .collect();
            (!products.is_empty()).then(|| PricedGroup { name: group_name.clone(), products })
        })
        .collect();
    let addons = catalog
        .addons
        .iter()
        .filter_map(|(id, name)| priced(ItemRef { kind: ItemKind::Addon, id: *id }, name.clone()))
        .collect();
    let domains = catalog
        .domains
        .iter()
        .filter_map(|(id, name)| priced(ItemRef { kind: ItemKind::Domain, id: *id }, name.clone()))
        .collect();
    Ok(PriceList {
        toman: shows_toman(&currency, reseller.show_toman),
        currency,
        currencies,
        product_groups,
        addons,
        domains,
    })
}

/// Saves what the form says for each of its rows, all or nothing, in one transaction with an
/// audit row (when anything changed): a sold row gets the reseller's price, an unticked one
/// stops being sold. Answers with the item's rows in the form's currency as now stored.
pub async fn save_item_prices(
    db: &DatabaseConnection,
    reseller: &reseller::Model,
    ip: Option<&str>,
    form: &ItemPricesForm,
) -> Result<Vec<PriceRow>, AppError> {
    if form.toman != shows_toman(&form.currency, reseller.show_toman) {
        // The reseller's Rial/Toman setting changed after the page was drawn.
        return Err(AppError::Conflict);
    }
    let txn = crate::db::begin_write(db).await?;
    let name = active_item_name(&txn, form.item).await?.ok_or(AppError::NotFound)?;
    let of_item = catalog_price::Entity::find()
        .filter(catalog_price::Column::ItemKind.eq(form.item.kind))
        .filter(catalog_price::Column::ItemId.eq(form.item.id))
        .filter(catalog_price::Column::Currency.eq(&form.currency));
    let mut prices = of_item.clone().order_by_asc(catalog_price::Column::Id).all(&txn).await?;
    // The rows the page shows: a term the item's kind does not have is not on it.
    prices.retain(|p| PriceTerm::parse(form.item.kind, &p.term).is_some());
    let decisions = form.validate(|id| prices.iter().find(|p| p.id == id).map(range_of))?;
    let before = sold_prices(&txn, reseller.id, of_item.clone()).await?;
    let now = time::OffsetDateTime::now_utc();
    let mut changes = Vec::new();
    for (catalog_price_id, decision) in decisions {
        let old = before.get(&catalog_price_id);
        let old_sold = old.map(|o| (o.price, o.setup_fee));
        match (old, decision) {
            _ if old_sold == decision => continue,
            (Some(old), None) => {
                reseller_price::Entity::delete_by_id(old.id).exec(&txn).await?;
            }
            (Some(old), Some((price, setup_fee))) => {
                let mut model: reseller_price::ActiveModel = old.clone().into();
                model.price = Set(price);
                model.setup_fee = Set(setup_fee);
                model.updated_at = Set(now);
                model.update(&txn).await.map_err(raced)?;
            }
            (None, Some((price, setup_fee))) => {
                reseller_price::ActiveModel {
                    reseller_id: Set(reseller.id),
                    catalog_price_id: Set(catalog_price_id),
                    price: Set(price),
                    setup_fee: Set(setup_fee),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(raced)?;
            }
            (None, None) => continue,
        }
        let term = prices.iter().find(|p| p.id == catalog_price_id).map_or("", |p| p.term.as_str());
        changes.push(format!(
            "{term} {}→{}",
            describe_sold(old_sold, &form.currency),
            describe_sold(decision, &form.currency)
        ));
    }
    if !changes.is_empty() {
        let locale = Locale::from_code(&reseller.default_language).unwrap_or_default();
        audit::record(
            &txn,
            AuditEntry {
                reseller_id: reseller.id,
                actor_kind: ActorKind::Reseller,
                actor_id: reseller.id,
                action: AuditAction::PricesUpdated,
                target_kind: form.item.kind.into(),
                target_id: form.item.id,
                detail: format!("{} ({}): {}", name.in_locale(locale), form.currency, changes.join(", ")),
                ip,
            },
        )
        .await?;
    }
    let after = sold_prices(&txn, reseller.id, of_item).await?;
    txn.commit().await?;
    Ok(price_rows(form.item.kind, prices, &after))
}

/// A price and setup fee in stored units for the audit trail ("12.00+0.00"), `-` when not sold.
fn describe_sold(sold: Option<(i64, i64)>, currency: &str) -> String {
    match sold {
        Some((price, setup_fee)) => {
            format!("{}+{}", amount_input_value(price, currency, false), amount_input_value(setup_fee, currency, false))
        }
        None => "-".to_owned(),
    }
}

/// Two saves of one item racing: the unique (reseller, price row) index refuses the second
/// insert, and an update finds its row gone.
fn raced(error: sea_orm::DbErr) -> AppError {
    match (&error, error.sql_err()) {
        (sea_orm::DbErr::RecordNotUpdated, _) | (_, Some(SqlErr::UniqueConstraintViolation(_))) => AppError::Conflict,
        _ => error.into(),
    }
}

fn range_of(price: &catalog_price::Model) -> PriceRange {
    PriceRange { min_price: price.min_price, max_price: price.max_price }
}

/// One item's provider rows with the reseller's prices, in the order terms are listed; a row
/// whose term the item's kind does not have is left out.
fn price_rows(
    kind: ItemKind,
    prices: Vec<catalog_price::Model>,
    sold: &HashMap<i64, reseller_price::Model>,
) -> Vec<PriceRow> {
    let order = PriceTerm::all_for(kind);
    let mut rows: Vec<PriceRow> = prices
        .into_iter()
        .filter_map(|price| {
            let term = PriceTerm::parse(kind, &price.term)?;
            Some(PriceRow {
                catalog_price_id: price.id,
                term,
                range: range_of(&price),
                list_price: price.price,
                list_setup_fee: price.setup_fee,
                sold: sold.get(&price.id).map(|mine| SoldPrice { price: mine.price, setup_fee: mine.setup_fee }),
            })
        })
        .collect();
    rows.sort_by_key(|row| order.iter().position(|term| *term == row.term));
    rows
}

/// The reseller's own prices for the provider rows `catalog_prices` selects, by provider row
/// id.
async fn sold_prices(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    catalog_prices: Select<catalog_price::Entity>,
) -> Result<HashMap<i64, reseller_price::Model>, AppError> {
    let ids = catalog_prices.select_only().column(catalog_price::Column::Id).into_query();
    let mine = reseller_price::Entity::find()
        .filter(reseller_price::Column::ResellerId.eq(reseller_id))
        .filter(reseller_price::Column::CatalogPriceId.in_subquery(ids))
        .all(db)
        .await?;
    Ok(mine.into_iter().map(|m| (m.catalog_price_id, m)).collect())
}

/// The name labels use for an item the provider sells now (a product's after its group's),
/// or `None` for an inactive or unknown item.
async fn active_item_name(db: &impl ConnectionTrait, item: ItemRef) -> Result<Option<ItemName>, AppError> {
    Ok(match item.kind {
        ItemKind::Product => {
            let found = product::Entity::find_by_id(item.id).filter(product::Column::Active.eq(true)).one(db).await?;
            match found {
                Some(p) => {
                    let group = product_group::Entity::find_by_id(p.group_id).one(db).await?;
                    let name = ItemName { fa: p.name_fa, en: p.name_en };
                    Some(match group {
                        Some(g) => name.within(&ItemName { fa: g.name_fa, en: g.name_en }),
                        None => name,
                    })
                }
                None => None,
            }
        }
        ItemKind::Addon => addon::Entity::find_by_id(item.id)
            .filter(addon::Column::Active.eq(true))
            .one(db)
            .await?
            .map(|a| ItemName { fa: a.name_fa, en: a.name_en }),
        ItemKind::Domain => domain_extension::Entity::find_by_id(item.id)
            .filter(domain_extension::Column::Active.eq(true))
            .one(db)
            .await?
            .map(|d| ItemName { fa: d.tld.clone(), en: d.tld }),
    })
}

/// The provider's groups and active items in display order, names only; the catalog is small.
struct ActiveCatalog {
    groups: Vec<(i64, ItemName)>,
    /// Id, group id, name.
    products: Vec<(i64, i64, ItemName)>,
    addons: Vec<(i64, ItemName)>,
    domains: Vec<(i64, ItemName)>,
}

impl ActiveCatalog {
    async fn load(db: &impl ConnectionTrait) -> Result<Self, AppError> {
        let groups = product_group::Entity::find()
            .select_only()
            .columns([product_group::Column::Id, product_group::Column::NameFa, product_group::Column::NameEn])
            .order_by_asc(product_group::Column::SortOrder)
            .order_by_asc(product_group::Column::Id)
            .into_tuple::<(i64, String, String)>()
            .all(db)
            .await?;
        let products = product::Entity::find()
            .select_only()
            .columns([product::Column::Id, product::Column::GroupId, product::Column::NameFa, product::Column::NameEn])
            .filter(product::Column::Active.eq(true))
            .order_by_asc(product::Column::Id)
            .into_tuple::<(i64, i64, String, String)>()
            .all(db)
            .await?;
        let addons = addon::Entity::find()
            .select_only()
            .columns([addon::Column::Id, addon::Column::NameFa, addon::Column::NameEn])
            .filter(addon::Column::Active.eq(true))
            .order_by_asc(addon::Column::Id)
            .into_tuple::<(i64, String, String)>()
            .all(db)
            .await?;
        let domains = domain_extension::Entity::find()
            .select_only()
            .columns([domain_extension::Column::Id, domain_extension::Column::Tld])
            .filter(domain_extension::Column::Active.eq(true))
            .order_by_asc(domain_extension::Column::SortOrder)
            .order_by_asc(domain_extension::Column::Tld)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?;
        Ok(Self {
            groups: groups.into_iter().map(|(id, fa, en)| (id, ItemName { fa, en })).collect(),
            products: products.into_iter().map(|(id, group, fa, en)| (id, group, ItemName { fa, en })).collect(),
            addons: addons.into_iter().map(|(id, fa, en)| (id, ItemName { fa, en })).collect(),
            domains: domains.into_iter().map(|(id, tld)| (id, ItemName { fa: tld.clone(), en: tld })).collect(),
        })
    }

    fn contains(&self, item: ItemRef) -> bool {
        match item.kind {
            ItemKind::Product => self.products.iter().any(|(id, _, _)| *id == item.id),
            ItemKind::Addon => self.addons.iter().any(|(id, _)| *id == item.id),
            ItemKind::Domain => self.domains.iter().any(|(id, _)| *id == item.id),
        }
    }
}

/// The currencies the provider prices active items in: the known ones in their usual order,
/// then any other.
async fn priced_currencies(db: &impl ConnectionTrait, catalog: &ActiveCatalog) -> Result<Vec<String>, AppError> {
    let priced = catalog_price::Entity::find()
        .select_only()
        .columns([catalog_price::Column::ItemKind, catalog_price::Column::ItemId, catalog_price::Column::Currency])
        .distinct()
        .into_tuple::<(String, i64, String)>()
        .all(db)
        .await?;
    let currencies: HashSet<String> = priced
        .into_iter()
        .filter(|(kind, id, _)| ItemKind::parse(kind).is_some_and(|kind| catalog.contains(ItemRef { kind, id: *id })))
        .map(|(_, _, currency)| currency)
        .collect();
    let mut currencies: Vec<String> = currencies.into_iter().collect();
    currencies.sort_by_key(|c| (CURRENCIES.iter().position(|known| known == c).unwrap_or(CURRENCIES.len()), c.clone()));
    Ok(currencies)
}

fn choose_currency(priced: &[String], requested: Option<&str>, default_language: &str) -> String {
    let default = if default_language == "fa" { "IRR" } else { "USD" };
    [requested, Some(default)]
        .into_iter()
        .flatten()
        .find(|wanted| priced.iter().any(|c| c == wanted))
        .map(str::to_owned)
        .or_else(|| priced.first().cloned())
        .unwrap_or_else(|| default.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_currency_is_the_requested_one_then_the_default_then_the_first_priced() {
        let priced = vec!["IRR".to_owned(), "USD".to_owned(), "EUR".to_owned()];
        assert_eq!(choose_currency(&priced, Some("EUR"), "fa"), "EUR");
        assert_eq!(choose_currency(&priced, Some("GBP"), "fa"), "IRR");
        assert_eq!(choose_currency(&priced, None, "en"), "USD");
        assert_eq!(choose_currency(&["EUR".to_owned()], None, "en"), "EUR");
        assert_eq!(choose_currency(&[], Some("EUR"), "en"), "USD");
    }

    #[test]
    fn audit_amounts_are_stored_units() {
        assert_eq!(describe_sold(Some((1200, 0)), "USD"), "12.00+0.00");
        assert_eq!(describe_sold(Some((1_500_000, 0)), "IRR"), "1500000+0");
        assert_eq!(describe_sold(None, "USD"), "-");
    }
}
