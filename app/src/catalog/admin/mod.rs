//! The provider admin's catalog pages: product groups, products, addons and domain extensions,
//! and their prices with the range a reseller may charge.
//!
//! Items are never deleted (services point at them): deactivating takes one off sale. Every
//! change is audited. Server functions here are thin: who is asking (a provider admin, never a
//! reseller) → parse → [`service`].

use super::{CatalogPriceInput, ItemKind};
use crate::catalog::ProductKind;
use crate::error::AppError;
use crate::i18n::Locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod editor;
mod form;
pub mod input;
mod overview;
mod price_table;
#[cfg(feature = "ssr")]
pub mod service;

pub use editor::{EditCatalogItemPage, NewCatalogItemPage};
pub use input::{AddonInput, ExtensionInput, GroupInput, ProductInput};
pub use overview::CatalogPage;

/// A product group, with how many products it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub id: i64,
    pub name_fa: String,
    pub name_en: String,
    pub sort_order: i32,
    pub products: i64,
}

/// One product in the catalog's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductRow {
    pub id: i64,
    pub group_id: i64,
    /// A [`super::ProductKind`].
    pub kind: ProductKind,
    pub name_fa: String,
    pub name_en: String,
    pub active: bool,
    /// How many price rows it has.
    pub prices: i64,
}

/// One addon in the catalog's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonRow {
    pub id: i64,
    pub name_fa: String,
    pub name_en: String,
    pub active: bool,
    pub prices: i64,
}

/// One domain extension in the catalog's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRow {
    pub id: i64,
    pub tld: String,
    pub active: bool,
    pub prices: i64,
}

/// The whole catalog, as its page lists it: groups in their order, products by group.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogOverview {
    pub groups: Vec<GroupRow>,
    pub products: Vec<ProductRow>,
    pub addons: Vec<AddonRow>,
    pub extensions: Vec<ExtensionRow>,
}

/// An item's edit form, filled from what is stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ItemForm {
    Product(ProductInput),
    Addon(AddonInput),
    Domain(ExtensionInput),
}

impl ItemForm {
    pub fn blank(kind: ItemKind) -> Self {
        match kind {
            ItemKind::Product => ItemForm::Product(ProductInput::blank()),
            ItemKind::Addon => ItemForm::Addon(AddonInput::blank()),
            ItemKind::Domain => ItemForm::Domain(ExtensionInput::blank()),
        }
    }

    /// What the item is called in `locale`: its name, or the extension itself.
    pub fn name(&self, locale: Locale) -> &str {
        match self {
            ItemForm::Product(p) => local_name(locale, &p.name_fa, &p.name_en),
            ItemForm::Addon(a) => local_name(locale, &a.name_fa, &a.name_en),
            ItemForm::Domain(d) => &d.tld,
        }
    }
}

/// What the edit page of one item (or the page adding one) needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemEditor {
    pub form: ItemForm,
    /// The groups a product can be filed under; empty for addons and extensions.
    pub groups: Vec<GroupRow>,
}

/// One price row of an item, with how many resellers price it and how many of those prices
/// a narrowed range has left outside (off sale until the reseller changes them).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRow {
    pub id: i64,
    pub currency: String,
    /// A [`super::PriceTerm`] code.
    pub term: String,
    pub setup_fee: i64,
    pub price: i64,
    pub min_price: i64,
    pub max_price: i64,
    pub resellers: i64,
    pub outside_range: i64,
}

/// The name to show in `locale`, of the two every catalog item has.
pub fn local_name<'a>(locale: Locale, fa: &'a str, en: &'a str) -> &'a str {
    match locale {
        Locale::Fa => fa,
        Locale::En => en,
    }
}

/// Where an item is edited.
pub fn edit_path(kind: ItemKind, id: i64) -> String {
    format!("/admin/products/{}/{id}", kind.code())
}

#[server(endpoint = "catalog/admin/overview")]
pub async fn load_catalog_overview() -> Result<CatalogOverview, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            service::overview(request.db()).await
        }
        .await,
    )
}

#[server(endpoint = "catalog/admin/create_group")]
pub async fn create_group(input: GroupInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            service::create_group(request.db(), &request.actor(), valid).await
        }
        .await,
    )
}

#[server(endpoint = "catalog/admin/update_group")]
pub async fn update_group(id: i64, input: GroupInput) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            service::update_group(request.db(), &request.actor(), id, valid).await
        }
        .await,
    )
}

/// The form of item `id` of `kind`, or a blank one when `id` is `None`.
#[server(endpoint = "catalog/admin/item_editor")]
pub async fn catalog_item_editor(kind: ItemKind, id: Option<i64>) -> Result<ItemEditor, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            service::item_editor(request.db(), kind, id).await
        }
        .await,
    )
}

/// Adds a product and opens its page, where its prices are added.
#[server(endpoint = "catalog/admin/create_product")]
pub async fn create_product(input: ProductInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            let id = service::create_product(request.db(), &request.actor(), valid).await?;
            leptos_axum::redirect(&edit_path(ItemKind::Product, id));
            Ok(id)
        }
        .await,
    )
}

/// Saves the item and answers with what is stored now.
#[server(endpoint = "catalog/admin/update_product")]
pub async fn update_product(id: i64, input: ProductInput) -> Result<ItemForm, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            service::update_product(request.db(), &request.actor(), id, valid).await?;
            service::item_form(request.db(), ItemKind::Product, id).await
        }
        .await,
    )
}

#[server(endpoint = "catalog/admin/create_addon")]
pub async fn create_addon(input: AddonInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            let id = service::create_addon(request.db(), &request.actor(), valid).await?;
            leptos_axum::redirect(&edit_path(ItemKind::Addon, id));
            Ok(id)
        }
        .await,
    )
}

/// Saves the item and answers with what is stored now.
#[server(endpoint = "catalog/admin/update_addon")]
pub async fn update_addon(id: i64, input: AddonInput) -> Result<ItemForm, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            service::update_addon(request.db(), &request.actor(), id, valid).await?;
            service::item_form(request.db(), ItemKind::Addon, id).await
        }
        .await,
    )
}

#[server(endpoint = "catalog/admin/create_extension")]
pub async fn create_extension(input: ExtensionInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            let id = service::create_extension(request.db(), &request.actor(), valid).await?;
            leptos_axum::redirect(&edit_path(ItemKind::Domain, id));
            Ok(id)
        }
        .await,
    )
}

/// Saves the item and answers with what is stored now.
#[server(endpoint = "catalog/admin/update_extension")]
pub async fn update_extension(id: i64, input: ExtensionInput) -> Result<ItemForm, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            service::update_extension(request.db(), &request.actor(), id, valid).await?;
            service::item_form(request.db(), ItemKind::Domain, id).await
        }
        .await,
    )
}

#[server(endpoint = "catalog/admin/prices")]
pub async fn catalog_prices(kind: ItemKind, item_id: i64) -> Result<Vec<PriceRow>, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            service::prices(request.db(), kind, item_id).await
        }
        .await,
    )
}

#[server(endpoint = "catalog/admin/add_price")]
pub async fn add_catalog_price(kind: ItemKind, item_id: i64, input: CatalogPriceInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            service::add_price(request.db(), &request.actor(), kind, item_id, &input).await
        }
        .await,
    )
}

/// Saves a price row's amounts; its currency and term stay what they are.
#[server(endpoint = "catalog/admin/update_price")]
pub async fn update_catalog_price(id: i64, input: CatalogPriceInput) -> Result<PriceRow, AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            service::update_price(request.db(), &request.actor(), id, &input).await
        }
        .await,
    )
}

/// Removes a price row, and with it every reseller's price for it.
#[server(endpoint = "catalog/admin/remove_price")]
pub async fn remove_catalog_price(id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let request = service::AdminRequest::current().await?;
            service::remove_price(request.db(), &request.actor(), id).await.map(drop)
        }
        .await,
    )
}
