//! The reseller's Products page: which products, addons and domain extensions they sell, and at
//! what price per term, inside the provider's range. One currency at a time (in the URL); one
//! form per item, saving all of that item's rows at once.
//!
//! The forms post without JavaScript too. A failed post comes back to the page with the error
//! and what was typed in the URL, so the page shows both; once hydrated, the browser checks
//! the rows with the server's own rules before sending, and a save updates the item in place.

use super::{ItemKind, PriceRange, PriceTerm, ResellerPriceInput, check_in_range};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::escape::PageTitle;
use crate::i18n::{Locale, Strings, fill, format_money, use_i18n};
use crate::ui::{ErrorNotice, Loading};
use crate::values::money::amount_input_value;
use leptos::ev::SubmitEvent;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[cfg(feature = "ssr")]
pub mod service;

/// The page's address.
pub const PRICES_PATH: &str = "/reseller/products";
/// After a post without JavaScript: the item that saved (its [`ItemRef::key`]).
const SAVED_PARAM: &str = "saved";
/// After a post without JavaScript that failed: the item (its [`ItemRef::key`]) and the
/// [`ItemPricesForm`] as posted, in JSON.
const FAILED_PARAM: &str = "failed";
const TYPED_PARAM: &str = "typed";

/// A catalog item, by kind and id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub id: i64,
}

impl ItemRef {
    /// Unique on the page: `product-3`. Names the item's section and the URL after a post.
    pub fn key(self) -> String {
        format!("{}-{}", self.kind.code(), self.id)
    }

    pub fn from_key(key: &str) -> Option<Self> {
        let (kind, id) = key.split_once('-')?;
        Some(Self { kind: ItemKind::parse(kind)?, id: id.parse().ok()? })
    }
}

/// A catalog name in both languages; a domain extension's is its TLD in both.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemName {
    pub fa: String,
    pub en: String,
}

impl ItemName {
    /// The name in `locale`, or in the other language when the provider left this one empty.
    pub fn in_locale(&self, locale: Locale) -> &str {
        let (wanted, other) = match locale {
            Locale::Fa => (&self.fa, &self.en),
            Locale::En => (&self.en, &self.fa),
        };
        if wanted.trim().is_empty() { other } else { wanted }
    }

    /// A product's name as labels say it, after its group's: "Linux hosting Starter".
    pub fn within(&self, group: &ItemName) -> ItemName {
        ItemName { fa: format!("{} {}", group.fa, self.fa), en: format!("{} {}", group.en, self.en) }
    }
}

/// What the reseller charges for one provider price row, in minor units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoldPrice {
    pub price: i64,
    pub setup_fee: i64,
}

/// One of the provider's price rows for an item, and the reseller's price for it if they sell it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRow {
    pub catalog_price_id: i64,
    pub term: PriceTerm,
    pub range: PriceRange,
    /// The provider's list price and setup fee: where a row not sold yet starts from.
    pub list_price: i64,
    pub list_setup_fee: i64,
    pub sold: Option<SoldPrice>,
}

impl PriceRow {
    /// Sold at a price the provider's range no longer contains (the range changed after the
    /// price was set), so not on sale until the reseller changes it.
    pub fn outside_range(&self) -> bool {
        self.sold.is_some_and(|sold| check_in_range(sold.price, self.range.min_price, self.range.max_price).is_err())
    }
}

/// An item the provider sells in the page's currency, with its price rows in term order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedItem {
    pub item: ItemRef,
    pub name: ItemName,
    pub rows: Vec<PriceRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedGroup {
    pub name: ItemName,
    pub products: Vec<PricedItem>,
}

/// The page: one currency of the provider's active catalog, with the reseller's prices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceList {
    /// The currency shown.
    pub currency: String,
    /// The currencies the provider has prices in.
    pub currencies: Vec<String>,
    /// Amounts are shown and typed in Toman (an IRR page of a reseller who prefers Toman).
    pub toman: bool,
    /// Groups with at least one product priced in the currency.
    pub product_groups: Vec<PricedGroup>,
    pub addons: Vec<PricedItem>,
    pub domains: Vec<PricedItem>,
}

/// Whether a reseller's amounts in `currency` are in Toman.
pub fn shows_toman(currency: &str, reseller_shows_toman: bool) -> bool {
    currency == "IRR" && reseller_shows_toman
}

/// One row of an item's form as the browser posts it. An unticked checkbox sends nothing, so
/// everything but the id may be missing.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostedPriceRow {
    pub catalog_price_id: i64,
    #[serde(default)]
    pub sell: bool,
    #[serde(default)]
    pub setup_fee: String,
    #[serde(default)]
    pub price: String,
}

impl From<&PostedPriceRow> for ResellerPriceInput {
    fn from(row: &PostedPriceRow) -> Self {
        ResellerPriceInput {
            catalog_price_id: row.catalog_price_id,
            sell: row.sell,
            setup_fee: row.setup_fee.clone(),
            price: row.price.clone(),
        }
    }
}

/// One item's form: its rows in one currency, amounts as typed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemPricesForm {
    pub currency: String,
    pub item: ItemRef,
    /// The amounts are Toman: what the page showed, checked against the reseller's setting so
    /// a setting changed meanwhile cannot make a price ten times off.
    #[serde(default)]
    pub toman: bool,
    #[serde(default)]
    pub rows: Vec<PostedPriceRow>,
}

/// What a save does to one price row: the reseller's `(price, setup_fee)`, or `None` when they
/// stop selling it.
pub type RowDecision = (i64, Option<(i64, i64)>);

impl ItemPricesForm {
    /// Checks every row against its provider range (`range_of` knows the item's rows in this
    /// currency). A row it does not know, or one posted twice, is `NotFound`; field errors are
    /// named as posted (`rows[2][price]`). Browser and server both run this.
    pub fn validate(&self, range_of: impl Fn(i64) -> Option<PriceRange>) -> Result<Vec<RowDecision>, AppError> {
        let mut seen = HashSet::new();
        let mut decisions = Vec::with_capacity(self.rows.len());
        let mut errors = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            if !seen.insert(row.catalog_price_id) {
                return Err(AppError::NotFound);
            }
            let range = range_of(row.catalog_price_id).ok_or(AppError::NotFound)?;
            match ResellerPriceInput::from(row).validate(&self.currency, self.toman, range) {
                Ok(decision) => decisions.push((row.catalog_price_id, decision)),
                Err(found) => errors.extend(
                    found
                        .into_iter()
                        .map(|e| FieldError { field: format!("rows[{index}][{}]", e.field), problem: e.problem }),
                ),
            }
        }
        if errors.is_empty() { Ok(decisions) } else { Err(AppError::Validation(errors)) }
    }

    /// The row a field error of this form is about, and the row's field (`price`,
    /// `setup_fee`).
    fn row_of(&self, field: &str) -> Option<(i64, String)> {
        let (index, name) = field.strip_prefix("rows[")?.strip_suffix(']')?.split_once("][")?;
        let row = self.rows.get(index.parse::<usize>().ok()?)?;
        Some((row.catalog_price_id, name.to_owned()))
    }
}

/// The signed-in reseller's prices in `currency` (their default when `None` or not priced).
#[server(endpoint = "catalog/prices/list")]
pub async fn list_reseller_prices(currency: Option<String>) -> Result<PriceList, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::price_list(me.db(), &me, currency.as_deref()).await
        }
        .await,
    )
}

/// Saves one item's rows in one transaction and answers with the item's rows as now stored.
#[server(endpoint = "catalog/prices/save")]
pub async fn save_reseller_prices(form: ItemPricesForm) -> Result<Vec<PriceRow>, AppError> {
    let result = async {
        let me = crate::reseller::ResellerRequest::current().await?;
        service::save_item_prices(me.db(), &me, me.ip(), &form).await
    }
    .await;
    if let Some(location) = page_after_plain_post(&form, &result) {
        leptos_axum::redirect(&location);
    }
    crate::error::respond(result)
}

/// Where a form post without JavaScript goes back to: the page, at the item, saying it saved,
/// or carrying the error and what was typed (Leptos's own redirect would carry the error
/// only). `None` for calls from the hydrated page, which update in place.
#[cfg(feature = "ssr")]
fn page_after_plain_post(form: &ItemPricesForm, result: &Result<Vec<PriceRow>, AppError>) -> Option<String> {
    if crate::error::is_plain_form_post() { page_after_post(form, result) } else { None }
}

/// The page's address after a post of `form` that ended in `result`; [`PostedBack`] reads it.
#[cfg(feature = "ssr")]
fn page_after_post(form: &ItemPricesForm, result: &Result<Vec<PriceRow>, AppError>) -> Option<String> {
    let key = form.item.key();
    let known_currency = crate::clients::input::CURRENCIES.contains(&form.currency.as_str());
    let currency = if known_currency { format!("currency={}&", form.currency) } else { String::new() };
    let error = match result {
        Ok(_) => return Some(format!("{PRICES_PATH}?{currency}{SAVED_PARAM}={key}#item-{key}")),
        Err(error) => error.clone(),
    };
    // `to_url` encodes the error the way `ServerAction` and `decode_err` read it; it wants an
    // absolute base, of which only the path and query are kept.
    let mut url = ServerFnUrlError::new(SaveResellerPrices::PATH, error)
        .to_url(&format!("http://localhost{PRICES_PATH}"))
        .ok()?;
    {
        let mut query = url.query_pairs_mut();
        if known_currency {
            query.append_pair("currency", &form.currency);
        }
        query.append_pair(FAILED_PARAM, &key);
        // What was typed goes back so the form shows it; a form too large for an address goes
        // back with the error only, shown above the form.
        if let Ok(typed) = serde_json::to_string(form)
            && typed.len() <= 4_000
        {
            query.append_pair(TYPED_PARAM, &typed);
        }
    }
    Some(format!("{}?{}#item-{key}", url.path(), url.query().unwrap_or_default()))
}

/// What the page came back with after a post without JavaScript.
#[derive(Clone, Debug, PartialEq)]
enum PostedBack {
    Saved(ItemRef),
    Failed { item: ItemRef, typed: Option<ItemPricesForm>, error: AppError },
}

impl PostedBack {
    fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        if let Some(item) = get(SAVED_PARAM).and_then(|key| ItemRef::from_key(&key)) {
            return Some(PostedBack::Saved(item));
        }
        if get("__path")? != SaveResellerPrices::PATH {
            return None;
        }
        let item = ItemRef::from_key(&get(FAILED_PARAM)?)?;
        let typed = get(TYPED_PARAM)
            .and_then(|json| serde_json::from_str::<ItemPricesForm>(&json).ok())
            .filter(|typed| typed.item == item);
        let error = ServerFnUrlError::<AppError>::decode_err(&get("__err")?);
        Some(PostedBack::Failed { item, typed, error })
    }

    fn item(&self) -> ItemRef {
        match self {
            PostedBack::Saved(item) | PostedBack::Failed { item, .. } => *item,
        }
    }
}

#[component]
pub fn ResellerPricesPage() -> impl IntoView {
    let t = use_i18n().t();
    let query = use_query_map();
    let currency = Memo::new(move |_| query.read().get("currency"));
    let list = crate::ui::resource(move || currency.get(), list_reseller_prices);
    let posted_back = Memo::new(move |_| {
        let query = query.read();
        PostedBack::from_query(|key| query.get(key))
    });
    view! {
        <PageTitle text=t.price_heading />
        <div class="page-heading">
            <h1>{t.price_heading}</h1>
        </div>
        <p class="muted">{t.price_intro}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! { <PriceSections list posted_back=posted_back.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The currency links and the three sections.
#[component]
fn PriceSections(list: PriceList, posted_back: Option<PostedBack>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    if list.currencies.is_empty() {
        return view! { <p class="notice" role="status">{t.price_catalog_empty}</p> }.into_any();
    }
    let PriceList { currency, currencies, toman, product_groups, addons, domains } = list;
    let form = {
        let currency = currency.clone();
        move |item: PricedItem, label: ItemName, level: HeadingLevel| {
            let posted_back = posted_back.clone().filter(|p| p.item() == item.item);
            let label = label.in_locale(i18n.0).to_owned();
            view! { <ItemPriceForm item label level currency=currency.clone() toman posted_back /> }.into_any()
        }
    };
    let empty = fill(t.price_section_empty, &[("currency", &currency)]);
    let none_priced = move || view! { <p class="muted">{empty.clone()}</p> }.into_any();
    let products = if product_groups.is_empty() {
        none_priced()
    } else {
        product_groups
            .into_iter()
            .map(|group| {
                let products = group.products.into_iter().map(|p| {
                    let label = p.name.within(&group.name);
                    form(p, label, HeadingLevel::H4)
                });
                view! {
                    <h3 class="price-group">{group.name.in_locale(i18n.0).to_owned()}</h3>
                    {products.collect_view()}
                }
                .into_any()
            })
            .collect_view()
            .into_any()
    };
    let flat = |items: Vec<PricedItem>| {
        if items.is_empty() {
            none_priced()
        } else {
            items
                .into_iter()
                .map(|item| {
                    let label = item.name.clone();
                    form(item, label, HeadingLevel::H3)
                })
                .collect_view()
                .into_any()
        }
    };
    let addons = flat(addons);
    let domains = flat(domains);
    view! {
        <nav class="tabs" aria-label=t.field_currency>
            {currencies.into_iter().map(|code| {
                let current = code == currency;
                view! {
                    <a href=format!("{PRICES_PATH}?currency={code}") aria-current=current.then_some("page")>{code.clone()}</a>
                }
            }).collect_view()}
        </nav>
        <section aria-labelledby="prices-products">
            <h2 id="prices-products">{t.nav_products}</h2>
            {products}
        </section>
        <section aria-labelledby="prices-addons">
            <h2 id="prices-addons">{t.price_section_addons}</h2>
            {addons}
        </section>
        <section aria-labelledby="prices-domains">
            <h2 id="prices-domains">{t.price_section_domains}</h2>
            {domains}
        </section>
    }
    .into_any()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum HeadingLevel {
    H3,
    H4,
}

/// The unit amounts are typed in: the currency's code, or Rial / Toman.
fn unit_label(currency: &str, toman: bool, t: &Strings) -> String {
    match (currency, toman) {
        ("IRR", true) => t.money_toman.to_owned(),
        ("IRR", false) => t.money_rial.to_owned(),
        (code, _) => code.to_owned(),
    }
}

/// A field error placed on its row.
#[derive(Clone, Debug, PartialEq)]
struct RowError {
    catalog_price_id: i64,
    /// `price` or `setup_fee`.
    field: String,
    problem: FieldProblem,
}

/// Places `error`'s field errors on the rows of `posted`; anything else is for the whole form.
fn split_error(posted: &ItemPricesForm, error: AppError) -> (Vec<RowError>, Option<AppError>) {
    match error {
        AppError::Validation(errors) => {
            let placed: Option<Vec<RowError>> = errors
                .iter()
                .map(|e| {
                    posted.row_of(&e.field).map(|(catalog_price_id, field)| RowError {
                        catalog_price_id,
                        field,
                        problem: e.problem,
                    })
                })
                .collect();
            match placed {
                Some(placed) => (placed, None),
                None => (Vec::new(), Some(AppError::Validation(errors))),
            }
        }
        other => (Vec::new(), Some(other)),
    }
}

/// One item's rows in one form with one Save button.
#[component]
fn ItemPriceForm(
    item: PricedItem,
    /// The item as labels name it ("Linux hosting Starter").
    label: String,
    level: HeadingLevel,
    currency: String,
    toman: bool,
    /// What a post without JavaScript of this item came back with.
    posted_back: Option<PostedBack>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let action = ServerAction::<SaveResellerPrices>::new();
    let rows = RwSignal::new(item.rows.clone());
    let (typed, initial_errors, initial_failure, initially_saved) = match posted_back {
        Some(PostedBack::Saved(_)) => (None, Vec::new(), None, true),
        Some(PostedBack::Failed { typed: Some(typed), error, .. }) => {
            let (errors, failure) = split_error(&typed, error);
            (Some(typed), errors, failure, false)
        }
        Some(PostedBack::Failed { typed: None, error, .. }) => (None, Vec::new(), Some(error), false),
        None => (None, Vec::new(), None, false),
    };
    let errors = RwSignal::new(initial_errors);
    let failure = RwSignal::new(initial_failure);
    let just_saved = RwSignal::new(initially_saved);
    // What the last dispatch sent, to place the server's field errors on its rows.
    let sent = StoredValue::new(None::<ItemPricesForm>);
    let show_errors = move |found: Vec<RowError>| {
        if let Some(first) = found.first() {
            focus_element(&field_id(first.catalog_price_id, &first.field));
        }
        errors.set(found);
    };
    // The action's first value may be the error of another item's post without JavaScript
    // (they share the server function), so only values that arrive later are this form's.
    Effect::new(move |seen: Option<()>| {
        let value = action.value().get();
        if seen.is_none() {
            return;
        }
        match value {
            Some(Ok(fresh)) => {
                rows.set(fresh);
                errors.set(Vec::new());
                failure.set(None);
                just_saved.set(true);
            }
            Some(Err(error)) => {
                let Some(posted) = sent.get_value() else { return };
                let (found, other) = split_error(&posted, error);
                failure.set(other);
                show_errors(found);
            }
            None => {}
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        // A form that cannot be read here posts the plain way.
        let Ok(SaveResellerPrices { form }) = SaveResellerPrices::from_event(&ev) else { return };
        ev.prevent_default();
        just_saved.set(false);
        failure.set(None);
        let ranges = rows.get_untracked();
        let range_of = |id: i64| ranges.iter().find(|r| r.catalog_price_id == id).map(|r| r.range);
        match form.validate(range_of) {
            Err(error @ AppError::Validation(_)) => {
                let (found, other) = split_error(&form, error);
                failure.set(other);
                show_errors(found);
            }
            // Anything else is the server's to say.
            _ => {
                errors.set(Vec::new());
                sent.set_value(Some(form.clone()));
                action.dispatch(SaveResellerPrices { form });
            }
        }
    };

    let key = item.item.key();
    let heading_id = format!("item-{key}-heading");
    let name = item.name.in_locale(i18n.0).to_owned();
    let heading = match level {
        HeadingLevel::H3 => view! { <h3 id=heading_id.clone()>{name}</h3> }.into_any(),
        HeadingLevel::H4 => view! { <h4 id=heading_id.clone()>{name}</h4> }.into_any(),
    };
    let unit = unit_label(&currency, toman, t);
    let term_header = if item.item.kind == ItemKind::Domain { t.price_col_operation } else { t.price_col_cycle };
    let body = item
        .rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let typed_row = typed.as_ref().and_then(|f| f.rows.iter().find(|r| r.catalog_price_id == row.catalog_price_id));
            let shown = ShownRow::new(row, typed_row, &currency, toman);
            view! {
                <PriceRowView index row=row.clone() shown item_label=label.clone() currency=currency.clone() toman rows errors />
            }
            .into_any()
        })
        .collect_view();
    let pending = action.pending();
    let error_count = move || errors.with(Vec::len);
    view! {
        <section class="price-item" id=format!("item-{key}") aria-labelledby=heading_id>
            {heading}
            <form method="post" action=SaveResellerPrices::PATH novalidate on:submit=on_submit>
                <input type="hidden" name="form[currency]" value=currency.clone() />
                <input type="hidden" name="form[item][kind]" value=item.item.kind.code() />
                <input type="hidden" name="form[item][id]" value=item.item.id.to_string() />
                <input type="hidden" name="form[toman]" value=toman.to_string() />
                {move || failure.get().map(|error| view! { <ErrorNotice error /> })}
                {move || (error_count() > 0).then(|| view! {
                    <p class="form-summary" role="alert">
                        {fill(t.form_error_count, &[("count", &crate::i18n::format_number(error_count() as i64, i18n.0))])}
                    </p>
                })}
                <div class="table-scroll">
                    <table class="data price-table">
                        <thead>
                            <tr>
                                <th scope="col">{term_header}</th>
                                <th scope="col">{t.price_col_sell}</th>
                                <th scope="col">{fill(t.price_col_price, &[("unit", &unit)])}</th>
                                <th scope="col">{fill(t.price_col_setup_fee, &[("unit", &unit)])}</th>
                                <th scope="col">{t.price_col_range}</th>
                            </tr>
                        </thead>
                        <tbody>{body}</tbody>
                    </table>
                </div>
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || pending.get()>
                        {move || if pending.get() { t.saving.to_owned() } else { fill(t.price_save_item, &[("item", &label)]) }}
                    </button>
                    {move || just_saved.get().then(|| view! { <p class="form-saved" role="status">{t.saved}</p> })}
                </div>
            </form>
        </section>
    }
}

/// What a row's inputs start with: what was typed, else the reseller's price, else the
/// provider's list price.
#[derive(Clone, Debug, PartialEq)]
struct ShownRow {
    sell: bool,
    price: String,
    setup_fee: String,
}

impl ShownRow {
    fn new(row: &PriceRow, typed: Option<&PostedPriceRow>, currency: &str, toman: bool) -> Self {
        let amount = |value: i64| amount_input_value(value, currency, toman);
        match (typed, row.sold) {
            (Some(typed), _) => {
                Self { sell: typed.sell, price: typed.price.clone(), setup_fee: typed.setup_fee.clone() }
            }
            (None, Some(sold)) => Self { sell: true, price: amount(sold.price), setup_fee: amount(sold.setup_fee) },
            (None, None) => Self { sell: false, price: amount(row.list_price), setup_fee: amount(row.list_setup_fee) },
        }
    }
}

fn field_id(catalog_price_id: i64, field: &str) -> String {
    format!("price-{catalog_price_id}-{field}")
}

#[component]
fn PriceRowView(
    index: usize,
    row: PriceRow,
    shown: ShownRow,
    item_label: String,
    currency: String,
    toman: bool,
    /// The item's rows as last read, for the range and the flag.
    rows: RwSignal<Vec<PriceRow>>,
    errors: RwSignal<Vec<RowError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let id = row.catalog_price_id;
    let term = row.term.label(t);
    let labelled = |template: &str| fill(template, &[("item", &item_label), ("term", term)]);
    let name = move |field: &str| format!("form[rows][{index}][{field}]");
    // The row as last read: a save brings back the provider's range as it is now.
    let current = Memo::new(move |_| {
        rows.with(|rows| rows.iter().find(|r| r.catalog_price_id == id).cloned()).unwrap_or_else(|| row.clone())
    });
    let money = move |amount: i64| format_money(amount, &currency, i18n.0, toman);
    let range_text = {
        let money = money.clone();
        move || {
            let range = current.get().range;
            fill(t.price_allowed, &[("min", &money(range.min_price)), ("max", &money(range.max_price))])
        }
    };
    let list_text = move || fill(t.price_list_price, &[("price", &money(current.get().list_price))]);
    let flagged = move || current.get().outside_range();
    let problem = move |field: &'static str| {
        move || errors.with(|e| e.iter().find(|e| e.catalog_price_id == id && e.field == field).map(|e| e.problem))
    };
    let amount_input = move |field: &'static str, label: String, value: String| {
        let input_id = field_id(id, field);
        let error_id = format!("{input_id}-error");
        let described = format!("price-{id}-range price-{id}-flag {error_id}");
        view! {
            <input id=input_id type="text" inputmode="decimal" dir="ltr" autocomplete="off" class="amount"
                name=name(field) value=value aria-label=label
                aria-invalid=move || problem(field)().is_some().to_string()
                aria-describedby=described
                on:input=move |_| errors.update(|e| e.retain(|e| !(e.catalog_price_id == id && e.field == field))) />
            <p id=error_id class="form-error">{move || problem(field)().map(|p| p.message(t))}</p>
        }
        .into_any()
    };
    view! {
        <tr class=("price-flagged", flagged)>
            <th scope="row">{term}</th>
            <td>
                <input type="hidden" name=name("catalog_price_id") value=id.to_string() />
                <input type="checkbox" id=format!("price-{id}-sell") name=name("sell") value="true" checked=shown.sell
                    aria-label=labelled(t.price_label_sell) />
            </td>
            <td>{amount_input("price", labelled(t.price_label_price), shown.price)}</td>
            <td>{amount_input("setup_fee", labelled(t.price_label_setup_fee), shown.setup_fee)}</td>
            <td>
                <span id=format!("price-{id}-range")>{range_text}</span>
                <span class="muted small price-list">{list_text}</span>
                <p id=format!("price-{id}-flag") class="price-flag">
                    {move || flagged().then_some(t.price_outside_range)}
                </p>
            </td>
        </tr>
    }
}

/// Focuses an input once the errors it shows are drawn.
fn focus_element(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let id = id.to_owned();
        request_animation_frame(move || {
            if let Some(element) =
                document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = element.focus();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::BillingCycle;

    fn form(rows: Vec<PostedPriceRow>) -> ItemPricesForm {
        ItemPricesForm { currency: "USD".into(), item: ItemRef { kind: ItemKind::Product, id: 1 }, toman: false, rows }
    }

    fn row(id: i64, sell: bool, price: &str) -> PostedPriceRow {
        PostedPriceRow { catalog_price_id: id, sell, setup_fee: "0".into(), price: price.into() }
    }

    const RANGE: PriceRange = PriceRange { min_price: 800, max_price: 2000 };

    #[test]
    fn rows_are_checked_against_their_range_and_errors_name_the_posted_field() {
        let known = |id: i64| (id <= 3).then_some(RANGE);
        assert_eq!(
            form(vec![row(1, true, "9.99"), row(2, false, "nonsense")]).validate(known),
            Ok(vec![(1, Some((999, 0))), (2, None)])
        );
        let errors = form(vec![row(1, true, "9.99"), row(2, true, "7.99"), row(3, true, "")]).validate(known);
        assert_eq!(
            errors,
            Err(AppError::Validation(vec![
                FieldError { field: "rows[1][price]".into(), problem: FieldProblem::OutOfRange },
                FieldError { field: "rows[2][price]".into(), problem: FieldProblem::Required },
            ]))
        );
        assert_eq!(form(vec![row(4, true, "9.99")]).validate(known), Err(AppError::NotFound), "a row of another item");
        assert_eq!(
            form(vec![row(1, true, "9.99"), row(1, false, "")]).validate(known),
            Err(AppError::NotFound),
            "a row twice"
        );
    }

    #[test]
    fn field_errors_land_on_their_rows() {
        let posted = form(vec![row(7, true, "1"), row(9, true, "1")]);
        let error = AppError::Validation(vec![FieldError {
            field: "rows[1][setup_fee]".into(),
            problem: FieldProblem::InvalidAmount,
        }]);
        assert_eq!(
            split_error(&posted, error),
            (
                vec![RowError { catalog_price_id: 9, field: "setup_fee".into(), problem: FieldProblem::InvalidAmount }],
                None
            )
        );
        assert_eq!(split_error(&posted, AppError::Conflict), (Vec::new(), Some(AppError::Conflict)));
    }

    /// A browser posts the form URL-encoded, brackets escaped, an unticked box not at all.
    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn a_posted_form_reads_back_with_unticked_rows_not_sold() {
        use leptos::server_fn::codec::{FromReq, PostUrl};
        let fields = [
            ("form[currency]", "USD"),
            ("form[item][kind]", "product"),
            ("form[item][id]", "3"),
            ("form[toman]", "false"),
            ("form[rows][0][catalog_price_id]", "7"),
            ("form[rows][0][price]", "9.99"),
            ("form[rows][0][setup_fee]", "0"),
            ("form[rows][1][catalog_price_id]", "8"),
            ("form[rows][1][sell]", "true"),
            ("form[rows][1][price]", "۱۲٫۵"),
            ("form[rows][1][setup_fee]", ""),
        ];
        let encode = |text: &str| {
            text.bytes()
                .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
                .collect::<String>()
        };
        let body = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        let request = axum::http::Request::post("/api/catalog/prices/save")
            .header(axum::http::header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from(body))
            .unwrap();
        let posted: SaveResellerPrices =
            <SaveResellerPrices as FromReq<PostUrl, _, AppError>>::from_req(request).await.unwrap();
        assert_eq!(
            posted.form,
            ItemPricesForm {
                currency: "USD".into(),
                item: ItemRef { kind: ItemKind::Product, id: 3 },
                toman: false,
                rows: vec![
                    PostedPriceRow { catalog_price_id: 7, sell: false, setup_fee: "0".into(), price: "9.99".into() },
                    PostedPriceRow {
                        catalog_price_id: 8, sell: true, setup_fee: String::new(), price: "۱۲٫۵".into()
                    },
                ],
            }
        );
    }

    /// The page reads back what a post without JavaScript sent it to.
    #[cfg(feature = "ssr")]
    #[test]
    fn a_plain_post_comes_back_with_the_error_and_what_was_typed() {
        let parse = |location: &str| {
            let (path, rest) = location.split_once('?').unwrap();
            let (query, fragment) = rest.split_once('#').unwrap();
            let decode = |text: &str| {
                let bytes = text.replace('+', " ").into_bytes();
                let mut out = Vec::new();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%' {
                        out.push(u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16).unwrap());
                        i += 3;
                    } else {
                        out.push(bytes[i]);
                        i += 1;
                    }
                }
                String::from_utf8(out).unwrap()
            };
            let pairs: Vec<(String, String)> = query
                .split('&')
                .map(|pair| {
                    let (k, v) = pair.split_once('=').unwrap();
                    (decode(k), decode(v))
                })
                .collect();
            (path.to_owned(), pairs, fragment.to_owned())
        };
        let typed = ItemPricesForm { toman: true, ..form(vec![row(7, true, "۱۲۰٬۰۰۰ & more")]) };
        let error = AppError::Validation(vec![FieldError {
            field: "rows[0][price]".into(),
            problem: FieldProblem::InvalidAmount,
        }]);
        let (path, pairs, fragment) = parse(&page_after_post(&typed, &Err(error.clone())).unwrap());
        assert_eq!((path.as_str(), fragment.as_str()), (PRICES_PATH, "item-product-1"));
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(get("currency").as_deref(), Some("USD"));
        assert_eq!(
            PostedBack::from_query(get),
            Some(PostedBack::Failed { item: typed.item, typed: Some(typed.clone()), error: error.clone() })
        );
        let huge = ItemPricesForm { rows: vec![row(7, true, &"9".repeat(5_000))], ..typed.clone() };
        let (_, pairs, _) = parse(&page_after_post(&huge, &Err(error.clone())).unwrap());
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(PostedBack::from_query(get), Some(PostedBack::Failed { item: typed.item, typed: None, error }));

        let (_, pairs, _) = parse(&page_after_post(&typed, &Ok(Vec::new())).unwrap());
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        assert_eq!(PostedBack::from_query(get), Some(PostedBack::Saved(typed.item)));

        let unknown_currency = ItemPricesForm { currency: "X&Y".into(), ..typed };
        assert!(
            !page_after_post(&unknown_currency, &Ok(Vec::new())).unwrap().contains("currency"),
            "only a known currency goes into the address"
        );
    }

    #[test]
    fn item_keys_round_trip() {
        let item = ItemRef { kind: ItemKind::Domain, id: 42 };
        assert_eq!(ItemRef::from_key(&item.key()), Some(item));
        assert_eq!(ItemRef::from_key("service-1"), None);
    }

    #[test]
    fn inputs_start_from_what_was_typed_then_the_resellers_price_then_the_list_price() {
        let mut price = PriceRow {
            catalog_price_id: 1,
            term: PriceTerm::Cycle(BillingCycle::Monthly),
            range: PriceRange { min_price: 1_000_000, max_price: 2_000_000 },
            list_price: 1_500_000,
            list_setup_fee: 0,
            sold: None,
        };
        assert_eq!(
            ShownRow::new(&price, None, "IRR", true),
            ShownRow { sell: false, price: "150000".into(), setup_fee: "0".into() }
        );
        price.sold = Some(SoldPrice { price: 1_200_000, setup_fee: 50_000 });
        assert_eq!(
            ShownRow::new(&price, None, "IRR", false),
            ShownRow { sell: true, price: "1200000".into(), setup_fee: "50000".into() }
        );
        let typed = row(1, true, "99");
        assert_eq!(ShownRow::new(&price, Some(&typed), "IRR", true).price, "99");
    }
}
