//! An item's prices on its edit page: each row's amounts edited in place (Save), a row removed
//! (Remove, which also removes every reseller's price for it), and a form adding a row.
//! Amounts are typed in the currency's format; the provider always works in Rial for IRR.

use super::form::{
    FormState, Look, cell_field, form_actions, hinted_field, posted_error, select_field, send_checked, text_field,
};
use super::overview::PostedError;
use super::{AddCatalogPrice, PriceRow, RemoveCatalogPrice, UpdateCatalogPrice};
use crate::catalog::{ItemKind, PriceTerm};
use crate::clients::input::CURRENCIES;
use crate::error::AppError;
use crate::i18n::{Strings, fill, format_number, use_i18n};
use crate::ui::{ErrorNotice, Loading};
use crate::values::money::amount_input_value;
use crate::values::{BillingCycle, DomainOperation};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub(super) fn PricesSection(
    kind: ItemKind,
    item_id: i64,
    /// What the item is called in the UI language, for the rows' accessible names.
    item_name: Signal<String>,
    prices: Resource<Result<Vec<PriceRow>, AppError>, crate::ui::Json>,
    /// Bumped to read the rows again.
    changed: RwSignal<u32>,
) -> impl IntoView {
    let t = use_i18n().t();
    let status = RwSignal::new(None::<&'static str>);
    // A row's save or removal posted before hydration names no row when it fails: say it here.
    let posted = RwSignal::new(posted_error::<UpdateCatalogPrice>().or_else(posted_error::<RemoveCatalogPrice>));
    let report = move |message: &'static str, reload: bool| {
        posted.set(None);
        status.set(Some(message));
        if reload {
            changed.update(|n| *n += 1);
        }
    };
    let on_saved = Callback::new(move |()| report(t.cat_price_saved, false));
    let on_removed = Callback::new(move |()| report(t.cat_price_removed, true));
    let on_added = Callback::new(move |()| report(t.cat_price_added, true));
    view! {
        <section class="catalog-section" aria-labelledby="cat-prices">
            <h2 id="cat-prices">{t.cat_prices_heading}</h2>
            <p class="muted">
                {t.cat_prices_intro}
                {(kind == ItemKind::Domain).then(|| format!(" {}", t.cat_prices_per_year))}
            </p>
            {move || posted.get().map(|error| view! { <PostedError error /> })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match prices.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="muted">{t.cat_prices_empty}</p> }.into_any(),
                        Ok(rows) => view! {
                            <div class="table-scroll">
                                <table class="data catalog-prices">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.field_currency}</th>
                                            <th scope="col">{term_heading(kind, t)}</th>
                                            <th scope="col">{t.cat_col_setup_fee}</th>
                                            <th scope="col">{t.cat_col_price}</th>
                                            <th scope="col">{t.cat_col_min_price}</th>
                                            <th scope="col">{t.cat_col_max_price}</th>
                                            <th scope="col">{t.cat_col_resellers}</th>
                                            <th scope="col">{t.col_actions}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {rows.into_iter().map(|row| view! {
                                            <PriceRowForm kind row item_name=item_name.get_untracked() on_saved on_removed />
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
            <p class="form-saved" role="status">{move || status.get()}</p>
            <AddPriceForm kind item_id on_added />
        </section>
    }
}

fn term_heading(kind: ItemKind, t: &Strings) -> &'static str {
    match kind {
        ItemKind::Domain => t.cat_col_operation,
        ItemKind::Product | ItemKind::Addon => t.col_cycle,
    }
}

/// One price row: its amounts as inputs of the row's own form, Save, and Remove behind a
/// disclosure that says what removing takes with it.
#[component]
fn PriceRowForm(
    kind: ItemKind,
    row: PriceRow,
    item_name: String,
    on_saved: Callback<()>,
    on_removed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let save = ServerAction::<UpdateCatalogPrice>::new();
    let remove = ServerAction::<RemoveCatalogPrice>::new();
    let form = FormState::row(save, format!("price-{}", row.id));
    let removal = FormState::row(remove, format!("price-{}-remove", row.id));
    let counts = RwSignal::new((row.resellers, row.outside_range));
    Effect::new(move |_| {
        if let Some(Ok(saved)) = save.value().get() {
            counts.set((saved.resellers, saved.outside_range));
            on_saved.run(());
        }
    });
    Effect::new(move |_| {
        if matches!(remove.value().get(), Some(Ok(()))) {
            on_removed.run(());
        }
    });

    let term = PriceTerm::parse(kind, &row.term).map_or_else(|| row.term.clone(), |term| term.label(t).to_owned());
    let named = |template: &str, field: &str| {
        fill(template, &[("field", field), ("item", &item_name), ("currency", &row.currency), ("term", &term)])
    };
    let amount = |value: i64| amount_input_value(value, &row.currency, false);
    let field = |name: &'static str, label: &'static str, value: i64| {
        cell_field(form, name, named(t.cat_price_field_label, label), amount(value), Look::Amount)
    };
    let locale = i18n.0;
    view! {
        <tr>
            <td dir="ltr">{row.currency.clone()}</td>
            <td>{term.clone()}</td>
            <td>{field("setup_fee", t.cat_col_setup_fee, row.setup_fee)}</td>
            <td>{field("price", t.cat_col_price, row.price)}</td>
            <td>{field("min_price", t.cat_col_min_price, row.min_price)}</td>
            <td>{field("max_price", t.cat_col_max_price, row.max_price)}</td>
            <td class="num">
                {move || format_number(counts.get().0, locale)}
                {move || {
                    let outside = counts.get().1;
                    (outside > 0).then(|| view! {
                        <span class="catalog-outside">{fill(t.cat_outside_range.of(outside), &[("count", &format_number(outside, locale))])}</span>
                    })
                }}
            </td>
            <td>
                <div class="catalog-row-actions">
                    <form id=form.id() method="post" action=UpdateCatalogPrice::PATH novalidate
                        on:submit=send_checked(save, form, move |args: &UpdateCatalogPrice| args.input.validate(kind).map(drop))>
                        <input type="hidden" name="id" value=row.id.to_string() />
                        <input type="hidden" name="input[currency]" value=row.currency.clone() />
                        <input type="hidden" name="input[term]" value=row.term.clone() />
                        <button type="submit" class="button" disabled=move || form.pending() aria-label=named(t.cat_save_price, "")>
                            {t.save}
                        </button>
                    </form>
                    <details class="catalog-remove">
                        <summary aria-label=named(t.cat_remove_price_label, "")>{t.cat_remove}</summary>
                        <div class="catalog-remove-body">
                            <p>{move || fill(t.cat_remove_price_confirm, &[("count", &format_number(counts.get().0, locale))])}</p>
                            <form id=removal.id() method="post" action=RemoveCatalogPrice::PATH
                                on:submit=send_checked(remove, removal, |_: &RemoveCatalogPrice| Ok(()))>
                                <input type="hidden" name="id" value=row.id.to_string() />
                                <button type="submit" class="button danger" disabled=move || removal.pending()>
                                    {t.cat_remove_price_button}
                                </button>
                            </form>
                        </div>
                    </details>
                </div>
                {move || form.failure().or_else(|| removal.failure()).map(|error| view! { <ErrorNotice error /> })}
            </td>
        </tr>
    }
    // A row this deep overflows the compiler's type layout in the release WASM build.
    .into_any()
}

/// Adds a price row; on success the form clears for the next one.
#[component]
fn AddPriceForm(kind: ItemKind, item_id: i64, on_added: Callback<()>) -> impl IntoView {
    let t = use_i18n().t();
    let action = ServerAction::<AddCatalogPrice>::new();
    let form = FormState::new(action, "price-new");
    let element = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            if let Some(element) = element.get_untracked() {
                element.reset();
            }
            on_added.run(());
        }
    });
    let currencies = CURRENCIES.iter().map(|c| ((*c).to_owned(), (*c).to_owned())).collect();
    let terms: Vec<(String, String)> =
        PriceTerm::all_for(kind).into_iter().map(|term| (term.code().to_owned(), term.label(t).to_owned())).collect();
    // Most prices are monthly; a domain's first operation is registering it.
    let first_term = match kind {
        ItemKind::Domain => DomainOperation::Register.code(),
        ItemKind::Product | ItemKind::Addon => BillingCycle::Monthly.code(),
    };
    view! {
        <form id=form.id() node_ref=element class="stack client-form catalog-add" method="post" action=AddCatalogPrice::PATH novalidate
            aria-labelledby="price-new-heading"
            on:submit=send_checked(action, form, |args: &AddCatalogPrice| args.input.validate(args.kind).map(drop))>
            <h3 id="price-new-heading">{t.cat_add_price}</h3>
            <input type="hidden" name="kind" value=kind.code() />
            <input type="hidden" name="item_id" value=item_id.to_string() />
            <div class="form-grid">
                {select_field(form, "currency", t.field_currency, currencies, CURRENCIES[0].to_owned())}
                {select_field(form, "term", term_heading(kind, t), terms, first_term.to_owned())}
                {text_field(form, "setup_fee", t.cat_col_setup_fee, "0".to_owned(), Look::Amount)}
                {text_field(form, "price", t.cat_col_price, String::new(), Look::Amount)}
                {text_field(form, "min_price", t.cat_col_min_price, String::new(), Look::Amount)}
                {hinted_field(form, "max_price", t.cat_col_max_price, String::new(), Look::Amount, t.cat_range_hint)}
            </div>
            <p class="muted small">{t.cat_amounts_hint}</p>
            {form_actions(form, t.cat_add_price, None)}
        </form>
    }
}
