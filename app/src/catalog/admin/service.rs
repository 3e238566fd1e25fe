//! The provider's catalog, for provider admins only: groups, products, addons, domain
//! extensions and their price rows. Each change and its audit row commit together.
//!
//! Writes take `&(impl ConnectionTrait + TransactionTrait)`: a connection, or a transaction
//! the caller already holds (the change then runs in a savepoint).

use super::input::{ItemTexts, ValidAddon, ValidExtension, ValidGroup, ValidProduct};
use super::{
    AddonInput, AddonRow, CatalogOverview, ExtensionInput, ExtensionRow, GroupRow, ItemEditor, ItemForm, PriceRow,
    ProductInput, ProductRow,
};
use crate::audit::{ActorKind, AuditAction, TargetKind};
use crate::catalog::{CatalogPriceInput, ItemKind, PriceTerm};
use crate::clients::input::CURRENCIES;
use crate::entities::{addon, audit_log, catalog_price, domain_extension, product, product_group, reseller_price};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::values::money::amount_input_value;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;
use time::OffsetDateTime;

pub use crate::admin::{Actor, AdminRequest};

// ---- reads ----

#[derive(FromQueryResult)]
struct PriceCount {
    item_kind: String,
    item_id: i64,
    prices: i64,
}

/// The whole catalog: groups by their order, products by their group's order, then addons and
/// extensions. Each item carries how many price rows it has.
pub async fn overview(db: &impl ConnectionTrait) -> Result<CatalogOverview, AppError> {
    let groups = groups(db).await?;
    let prices: HashMap<(String, i64), i64> = catalog_price::Entity::find()
        .select_only()
        .column(catalog_price::Column::ItemKind)
        .column(catalog_price::Column::ItemId)
        .column_as(catalog_price::Column::Id.count(), "prices")
        .group_by(catalog_price::Column::ItemKind)
        .group_by(catalog_price::Column::ItemId)
        .into_model::<PriceCount>()
        .all(db)
        .await?
        .into_iter()
        .map(|c| ((c.item_kind, c.item_id), c.prices))
        .collect();
    let count = |kind: ItemKind, id: i64| prices.get(&(kind.code().to_owned(), id)).copied().unwrap_or(0);

    let position: HashMap<i64, usize> = groups.iter().enumerate().map(|(at, g)| (g.id, at)).collect();
    let mut products: Vec<ProductRow> = product::Entity::find()
        .order_by_asc(product::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|p| ProductRow {
            prices: count(ItemKind::Product, p.id),
            id: p.id,
            group_id: p.group_id,
            kind: p.kind,
            name_fa: p.name_fa,
            name_en: p.name_en,
            active: p.active,
        })
        .collect();
    products.sort_by_key(|p| (position.get(&p.group_id).copied().unwrap_or(usize::MAX), p.id));
    let addons = addon::Entity::find()
        .order_by_asc(addon::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AddonRow {
            prices: count(ItemKind::Addon, a.id),
            id: a.id,
            name_fa: a.name_fa,
            name_en: a.name_en,
            active: a.active,
        })
        .collect();
    let extensions = domain_extension::Entity::find()
        .order_by_asc(domain_extension::Column::SortOrder)
        .order_by_asc(domain_extension::Column::Tld)
        .all(db)
        .await?
        .into_iter()
        .map(|d| ExtensionRow { prices: count(ItemKind::Domain, d.id), id: d.id, tld: d.tld, active: d.active })
        .collect();
    Ok(CatalogOverview { groups, products, addons, extensions })
}

#[derive(FromQueryResult)]
struct GroupCount {
    group_id: i64,
    products: i64,
}

async fn groups(db: &impl ConnectionTrait) -> Result<Vec<GroupRow>, DbErr> {
    let counts: HashMap<i64, i64> = product::Entity::find()
        .select_only()
        .column(product::Column::GroupId)
        .column_as(product::Column::Id.count(), "products")
        .group_by(product::Column::GroupId)
        .into_model::<GroupCount>()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.group_id, c.products))
        .collect();
    Ok(product_group::Entity::find()
        .order_by_asc(product_group::Column::SortOrder)
        .order_by_asc(product_group::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|g| GroupRow {
            products: counts.get(&g.id).copied().unwrap_or(0),
            id: g.id,
            name_fa: g.name_fa,
            name_en: g.name_en,
            sort_order: g.sort_order,
        })
        .collect())
}

/// The edit form of item `id` of `kind`, filled from what is stored, or a blank one for `None`;
/// a product's form comes with the groups it can be filed under.
pub async fn item_editor(db: &impl ConnectionTrait, kind: ItemKind, id: Option<i64>) -> Result<ItemEditor, AppError> {
    let form = match id {
        None => ItemForm::blank(kind),
        Some(id) => item_form(db, kind, id).await?,
    };
    let groups = if kind == ItemKind::Product { groups(db).await? } else { Vec::new() };
    Ok(ItemEditor { form, groups })
}

/// The edit form of item `id` of `kind`, filled from what is stored.
pub async fn item_form(db: &impl ConnectionTrait, kind: ItemKind, id: i64) -> Result<ItemForm, AppError> {
    Ok(match kind {
        ItemKind::Product => {
            let p = product::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
            ItemForm::Product(ProductInput {
                group_id: p.group_id.to_string(),
                kind: p.kind.code().to_owned(),
                name_fa: p.name_fa,
                name_en: p.name_en,
                description_fa: p.description_fa,
                description_en: p.description_en,
                active: p.active,
            })
        }
        ItemKind::Addon => {
            let a = addon::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
            ItemForm::Addon(AddonInput {
                name_fa: a.name_fa,
                name_en: a.name_en,
                description_fa: a.description_fa,
                description_en: a.description_en,
                active: a.active,
            })
        }
        ItemKind::Domain => {
            let d = domain_extension::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
            ItemForm::Domain(ExtensionInput { tld: d.tld, sort_order: d.sort_order.to_string(), active: d.active })
        }
    })
}

/// The price rows of one item: by currency, then term, in the order the forms offer them.
pub async fn prices(db: &impl ConnectionTrait, kind: ItemKind, item_id: i64) -> Result<Vec<PriceRow>, AppError> {
    item_label(db, kind, item_id).await?;
    let rows = catalog_price::Entity::find()
        .filter(catalog_price::Column::ItemKind.eq(kind))
        .filter(catalog_price::Column::ItemId.eq(item_id))
        .all(db)
        .await?;
    let mut rows = with_reseller_counts(db, rows).await?;
    let terms = PriceTerm::all_for(kind);
    let rank = |row: &PriceRow| {
        let currency = CURRENCIES.iter().position(|c| *c == row.currency).unwrap_or(usize::MAX);
        let term = terms.iter().position(|t| t.code() == row.term).unwrap_or(usize::MAX);
        (currency, term, row.id)
    };
    rows.sort_by_key(rank);
    Ok(rows)
}

/// Price rows with how many resellers price each, and how many of those prices sit outside
/// the row's range. A row has at most one price per reseller, so this reads few rows.
async fn with_reseller_counts(
    db: &impl ConnectionTrait,
    rows: Vec<catalog_price::Model>,
) -> Result<Vec<PriceRow>, DbErr> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut prices: HashMap<i64, Vec<i64>> = HashMap::new();
    if !ids.is_empty() {
        let found: Vec<(i64, i64)> = reseller_price::Entity::find()
            .select_only()
            .column(reseller_price::Column::CatalogPriceId)
            .column(reseller_price::Column::Price)
            .filter(reseller_price::Column::CatalogPriceId.is_in(ids))
            .into_tuple()
            .all(db)
            .await?;
        for (catalog_price_id, price) in found {
            prices.entry(catalog_price_id).or_default().push(price);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let theirs = prices.remove(&r.id).unwrap_or_default();
            let outside = theirs.iter().filter(|p| !(r.min_price..=r.max_price).contains(*p)).count();
            PriceRow {
                id: r.id,
                currency: r.currency,
                term: r.term,
                setup_fee: r.setup_fee,
                price: r.price,
                min_price: r.min_price,
                max_price: r.max_price,
                resellers: theirs.len() as i64,
                outside_range: outside as i64,
            }
        })
        .collect())
}

// ---- groups ----

pub async fn create_group(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    group: ValidGroup,
) -> Result<i64, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let created = product_group::ActiveModel {
        name_fa: Set(group.name_fa),
        name_en: Set(group.name_en),
        sort_order: Set(group.sort_order),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let detail = both_names(&created.name_en, &created.name_fa);
    audit(&txn, actor, AuditAction::CatalogGroupCreated, (TargetKind::ProductGroup, created.id), detail).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Renames and reorders a group.
pub async fn update_group(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    group: ValidGroup,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = product_group::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let mut model: product_group::ActiveModel = found.into();
    model.name_fa = Set(group.name_fa);
    model.name_en = Set(group.name_en);
    model.sort_order = Set(group.sort_order);
    let updated = model.update(&txn).await?;
    let detail = both_names(&updated.name_en, &updated.name_fa);
    audit(&txn, actor, AuditAction::CatalogGroupUpdated, (TargetKind::ProductGroup, id), detail).await?;
    txn.commit().await?;
    Ok(())
}

// ---- products ----

pub async fn create_product(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    valid: ValidProduct,
) -> Result<i64, AppError> {
    let txn = crate::db::begin_write(db).await?;
    ensure_group(&txn, valid.group_id).await?;
    let mut model = product::ActiveModel { created_at: Set(OffsetDateTime::now_utc()), ..Default::default() };
    apply_product(&mut model, valid);
    let created = model.insert(&txn).await?;
    let detail = both_names(&created.name_en, &created.name_fa);
    audit(&txn, actor, AuditAction::CatalogProductCreated, (TargetKind::Product, created.id), detail).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Saves a product; unticking `active` takes it off sale (it is never deleted).
pub async fn update_product(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    valid: ValidProduct,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = product::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    ensure_group(&txn, valid.group_id).await?;
    let mut model: product::ActiveModel = found.into();
    apply_product(&mut model, valid);
    let updated = model.update(&txn).await?;
    let detail = both_names(&updated.name_en, &updated.name_fa);
    audit(&txn, actor, AuditAction::CatalogProductUpdated, (TargetKind::Product, id), detail).await?;
    txn.commit().await?;
    Ok(())
}

fn apply_product(model: &mut product::ActiveModel, valid: ValidProduct) {
    let ItemTexts { name_fa, name_en, description_fa, description_en } = valid.texts;
    model.group_id = Set(valid.group_id);
    model.kind = Set(valid.kind.to_owned());
    model.name_fa = Set(name_fa);
    model.name_en = Set(name_en);
    model.description_fa = Set(description_fa);
    model.description_en = Set(description_en);
    model.active = Set(valid.active);
}

/// A product's group must exist; a missing one is the form's `group_id` problem.
async fn ensure_group(db: &impl ConnectionTrait, group_id: i64) -> Result<(), AppError> {
    if product_group::Entity::find_by_id(group_id).count(db).await? == 0 {
        return Err(field_error("group_id", FieldProblem::InvalidChoice));
    }
    Ok(())
}

// ---- addons ----

pub async fn create_addon(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    valid: ValidAddon,
) -> Result<i64, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let mut model = addon::ActiveModel { created_at: Set(OffsetDateTime::now_utc()), ..Default::default() };
    apply_addon(&mut model, valid);
    let created = model.insert(&txn).await?;
    let detail = both_names(&created.name_en, &created.name_fa);
    audit(&txn, actor, AuditAction::CatalogAddonCreated, (TargetKind::Addon, created.id), detail).await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn update_addon(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    valid: ValidAddon,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = addon::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let mut model: addon::ActiveModel = found.into();
    apply_addon(&mut model, valid);
    let updated = model.update(&txn).await?;
    let detail = both_names(&updated.name_en, &updated.name_fa);
    audit(&txn, actor, AuditAction::CatalogAddonUpdated, (TargetKind::Addon, id), detail).await?;
    txn.commit().await?;
    Ok(())
}

fn apply_addon(model: &mut addon::ActiveModel, valid: ValidAddon) {
    let ItemTexts { name_fa, name_en, description_fa, description_en } = valid.texts;
    model.name_fa = Set(name_fa);
    model.name_en = Set(name_en);
    model.description_fa = Set(description_fa);
    model.description_en = Set(description_en);
    model.active = Set(valid.active);
}

// ---- domain extensions ----

pub async fn create_extension(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    valid: ValidExtension,
) -> Result<i64, AppError> {
    let txn = crate::db::begin_write(db).await?;
    ensure_tld_free(&txn, valid.tld.as_str(), None).await?;
    let created = domain_extension::ActiveModel {
        tld: Set(valid.tld.as_str().to_owned()),
        active: Set(valid.active),
        sort_order: Set(valid.sort_order),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(tld_taken)?;
    audit(
        &txn,
        actor,
        AuditAction::CatalogExtensionCreated,
        (TargetKind::DomainExtension, created.id),
        created.tld.clone(),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn update_extension(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    valid: ValidExtension,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = domain_extension::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    ensure_tld_free(&txn, valid.tld.as_str(), Some(id)).await?;
    let mut model: domain_extension::ActiveModel = found.into();
    model.tld = Set(valid.tld.as_str().to_owned());
    model.active = Set(valid.active);
    model.sort_order = Set(valid.sort_order);
    let updated = model.update(&txn).await.map_err(tld_taken)?;
    audit(&txn, actor, AuditAction::CatalogExtensionUpdated, (TargetKind::DomainExtension, id), updated.tld).await?;
    txn.commit().await?;
    Ok(())
}

/// Each extension is sold once.
async fn ensure_tld_free(db: &impl ConnectionTrait, tld: &str, except: Option<i64>) -> Result<(), AppError> {
    let mut same = domain_extension::Entity::find().filter(domain_extension::Column::Tld.eq(tld));
    if let Some(id) = except {
        same = same.filter(domain_extension::Column::Id.ne(id));
    }
    if same.count(db).await? > 0 {
        return Err(field_error("tld", FieldProblem::Taken));
    }
    Ok(())
}

/// A save that raced another for the same extension.
fn tld_taken(error: DbErr) -> AppError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => field_error("tld", FieldProblem::Taken),
        _ => error.into(),
    }
}

// ---- prices ----

/// Adds a price row to item `item_id` of `kind`: the range rules of
/// [`CatalogPriceInput::validate`], and one row per item, currency and term (a second is a
/// `Taken` problem on `term`).
pub async fn add_price(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    kind: ItemKind,
    item_id: i64,
    input: &CatalogPriceInput,
) -> Result<i64, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let item = item_label(&txn, kind, item_id).await?;
    let (currency, price) = input.validate(kind).map_err(AppError::Validation)?;
    let taken = catalog_price::Entity::find()
        .filter(catalog_price::Column::ItemKind.eq(kind))
        .filter(catalog_price::Column::ItemId.eq(item_id))
        .filter(catalog_price::Column::Currency.eq(currency.as_str()))
        .filter(catalog_price::Column::Term.eq(price.term.code()))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(term_taken());
    }
    let created = catalog_price::ActiveModel {
        item_kind: Set(kind),
        item_id: Set(item_id),
        currency: Set(currency),
        term: Set(price.term.code().to_owned()),
        setup_fee: Set(price.setup_fee),
        price: Set(price.price),
        min_price: Set(price.min_price),
        max_price: Set(price.max_price),
        updated_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|error| match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => term_taken(),
        _ => error.into(),
    })?;
    audit(
        &txn,
        actor,
        AuditAction::CatalogPriceAdded,
        (TargetKind::CatalogPrice, created.id),
        price_detail(&item, &created),
    )
    .await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Saves a price row's amounts under the same rules; its item, currency and term are what
/// identify it (resellers price it), so they stay, whatever the input says.
pub async fn update_price(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    input: &CatalogPriceInput,
) -> Result<PriceRow, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = catalog_price::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let kind = found.item_kind;
    let item = item_label(&txn, kind, found.item_id).await?;
    let input = CatalogPriceInput { currency: found.currency.clone(), term: found.term.clone(), ..input.clone() };
    let (_, price) = input.validate(kind).map_err(AppError::Validation)?;
    let mut model: catalog_price::ActiveModel = found.into();
    model.setup_fee = Set(price.setup_fee);
    model.price = Set(price.price);
    model.min_price = Set(price.min_price);
    model.max_price = Set(price.max_price);
    model.updated_at = Set(OffsetDateTime::now_utc());
    let updated = model.update(&txn).await?;
    audit(&txn, actor, AuditAction::CatalogPriceUpdated, (TargetKind::CatalogPrice, id), price_detail(&item, &updated))
        .await?;
    let row = with_reseller_counts(&txn, vec![updated]).await?.pop().ok_or(AppError::Internal)?;
    txn.commit().await?;
    Ok(row)
}

/// Removes a price row; the foreign key removes every reseller's price for it in the same
/// statement. Returns how many reseller prices went with it.
pub async fn remove_price(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
) -> Result<u64, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = catalog_price::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let item = item_label(&txn, found.item_kind, found.item_id).await?;
    let resellers =
        reseller_price::Entity::find().filter(reseller_price::Column::CatalogPriceId.eq(id)).count(&txn).await?;
    catalog_price::Entity::delete_by_id(id).exec(&txn).await?;
    let detail = format!("{}; reseller prices removed: {resellers}", price_detail(&item, &found));
    audit(&txn, actor, AuditAction::CatalogPriceRemoved, (TargetKind::CatalogPrice, id), detail).await?;
    txn.commit().await?;
    Ok(resellers)
}

/// What the audit log calls an item; `NotFound` when there is no such item.
async fn item_label(db: &impl ConnectionTrait, kind: ItemKind, id: i64) -> Result<String, AppError> {
    let label = match kind {
        ItemKind::Product => product::Entity::find_by_id(id).one(db).await?.map(|p| p.name_en),
        ItemKind::Addon => addon::Entity::find_by_id(id).one(db).await?.map(|a| a.name_en),
        ItemKind::Domain => domain_extension::Entity::find_by_id(id).one(db).await?.map(|d| d.tld),
    };
    label.map(|label| format!("{} #{id} {label}", kind.code())).ok_or(AppError::NotFound)
}

fn price_detail(item: &str, row: &catalog_price::Model) -> String {
    let amount = |value: i64| amount_input_value(value, &row.currency, false);
    format!(
        "{item}: {} {}, price {} (resellers {} to {}), setup fee {}",
        row.currency,
        row.term,
        amount(row.price),
        amount(row.min_price),
        amount(row.max_price),
        amount(row.setup_fee)
    )
}

fn term_taken() -> AppError {
    field_error("term", FieldProblem::Taken)
}

// ---- shared ----

fn field_error(field: &str, problem: FieldProblem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.to_owned(), problem }])
}

fn both_names(en: &str, fa: &str) -> String {
    format!("{en} / {fa}")
}

/// One audited change. Catalog rows belong to no reseller, so the row names none (which is
/// why `crate::audit::AuditEntry`, made for reseller records, is not used here).
async fn audit(
    db: &impl ConnectionTrait,
    actor: &Actor<'_>,
    action: AuditAction,
    (target_kind, target_id): (TargetKind, i64),
    detail: String,
) -> Result<(), AppError> {
    audit_log::ActiveModel {
        reseller_id: Set(None),
        actor_kind: Set(ActorKind::Admin),
        actor_id: Set(actor.admin.id),
        acting_as_client_id: Set(None),
        action: Set(action),
        target_kind: Set(Some(target_kind)),
        target_id: Set(Some(target_id)),
        detail: Set(Some(detail)),
        ip: Set(actor.ip.map(str::to_owned)),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
