//! One order: what was ordered, what it made (services, addons, domains, invoices) and the
//! actions its status allows. Each action is a plain form, so it works before hydration;
//! cancelling and marking as fraud want an "I am sure" box ticked, which the browser enforces
//! (`required`) and the server checks again.

use super::{ActOnOrder, OrderAction, OrderDetail, OrderView, load_order};
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{Locale, Strings, fill, format_date, format_money, format_number, use_i18n};
use crate::ui::{ErrorNotice, Loading, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OrderPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("number").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let act = ServerAction::<ActOnOrder>::new();
    // After an action the page shows the order as it is now; a refused one usually means it
    // changed elsewhere, so that reloads it too.
    let order = crate::ui::resource(move || (number.get(), act.version().get()), |(number, _)| load_order(number));
    view! {
        <p class="no-print"><A href="/reseller/orders" exact=true>{t.ord_back}</A></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match order.await {
                    Ok(view) => order_view(view, act),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn order_view(view: OrderView, act: ServerAction<ActOnOrder>) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let OrderView { order, show_toman } = view;
    let heading = fill(t.ord_title, &[("number", &format_number(order.number, locale))]);
    let money = move |m: &crate::values::Money| format_money(m.amount, &m.currency, locale, show_toman);
    let date = move |d: time::Date| view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> };
    let client_name = order.client_name.clone();
    let summary = view! {
        <PageTitle text=heading.clone() />
        <header class="client-header">
            <h1>{heading} " " <StatusBadge status=order.status /></h1>
        </header>
        <dl class="details">
            <dt>{t.ord_col_client}</dt>
            <dd><A href=format!("/reseller/clients/{}", order.client_id)>{client_name}</A></dd>
            <dt>{t.col_date}</dt>
            <dd>{date(order.placed_on)}</dd>
            <dt>{t.col_placed_by}</dt>
            <dd>{order.placed_by.label(t)}</dd>
            <dt>{t.col_total}</dt>
            <dd>{money(&order.total)}</dd>
        </dl>
    }
    .into_any();
    let items = view! {
        <h2>{t.ord_col_items}</h2>
        <table class="data">
            <thead>
                <tr>
                    <th scope="col">{t.ord_col_description}</th>
                    <th scope="col">{t.col_cycle}</th>
                    <th scope="col">{t.col_amount}</th>
                </tr>
            </thead>
            <tbody>
                {order.items.iter().map(|item| view! {
                    <tr>
                        <td>{item.description.clone()}</td>
                        <td>{item.cycle.map(|cycle| cycle.label(t))}</td>
                        <td class="num">{money(&item.amount)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr>
                    <th scope="row" colspan="2">{t.col_total}</th>
                    <td class="num">{money(&order.total)}</td>
                </tr>
            </tfoot>
        </table>
    }
    .into_any();
    view! {
        {summary}
        {items}
        {made_by(&order, locale, show_toman)}
        <OrderActions order act />
    }
    .into_any()
}

/// The services, addons, domains and invoices the order made, each table only when it has
/// rows.
fn made_by(order: &OrderDetail, locale: Locale, show_toman: bool) -> AnyView {
    let t = locale.strings();
    let money = move |m: &crate::values::Money| format_money(m.amount, &m.currency, locale, show_toman);
    let date = move |d: time::Date| view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> };
    let head =
        |labels: &[&'static str]| labels.iter().map(|label| view! { <th scope="col">{*label}</th> }).collect_view();
    let services = (!order.services.is_empty()).then(|| view! {
        <h2>{t.nav_services}</h2>
        <table class="data">
            <thead><tr>{head(&[t.col_product, t.col_domain, t.col_cycle, t.col_amount, t.col_next_due, t.col_status])}</tr></thead>
            <tbody>
                {order.services.iter().map(|s| view! {
                    <tr>
                        <td>{s.product.pick(locale).to_owned()}</td>
                        <td dir="ltr">{s.label.clone().unwrap_or_default()}</td>
                        <td>{s.cycle.label(t)}</td>
                        <td class="num">{money(&s.amount)}</td>
                        <td>{s.next_due_on.map(date)}</td>
                        <td><StatusBadge status=s.status /></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }.into_any());
    let addons = (!order.addons.is_empty()).then(|| view! {
        <h2>{t.tab_addons}</h2>
        <table class="data">
            <thead><tr>{head(&[t.col_addon, t.col_service, t.col_cycle, t.col_amount, t.col_next_due, t.col_status])}</tr></thead>
            <tbody>
                {order.addons.iter().map(|a| {
                    let service = match &a.service_label {
                        Some(label) => format!("{} ({label})", a.service.pick(locale)),
                        None => a.service.pick(locale).to_owned(),
                    };
                    view! {
                        <tr>
                            <td>{a.addon.pick(locale).to_owned()}</td>
                            <td>{service}</td>
                            <td>{a.cycle.label(t)}</td>
                            <td class="num">{money(&a.amount)}</td>
                            <td>{a.next_due_on.map(date)}</td>
                            <td><StatusBadge status=a.status /></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any());
    let domains = (!order.domains.is_empty()).then(|| {
        view! {
            <h2>{t.nav_domains}</h2>
            <table class="data">
                <thead><tr>{head(&[t.col_domain, t.col_kind, t.col_period, t.col_amount, t.col_status])}</tr></thead>
                <tbody>
                    {order.domains.iter().map(|d| {
                        let years = i64::from(d.period_years);
                        let years = fill(t.years.of(years), &[("n", &format_number(years, locale))]);
                        let kind = d.kind.label(t);
                        view! {
                            <tr>
                                <td dir="ltr">{d.name.clone()}</td>
                                <td>{kind}</td>
                                <td>{years}</td>
                                <td class="num">{money(&d.amount)}</td>
                                <td><StatusBadge status=d.status /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    });
    let invoices = (!order.invoices.is_empty()).then(|| view! {
        <h2>{t.nav_invoices}</h2>
        <table class="data">
            <thead><tr>{head(&[t.col_number, t.inv_col_issued, t.col_due, t.col_total, t.col_paid, t.col_status])}</tr></thead>
            <tbody>
                {order.invoices.iter().map(|i| {
                    let number = format_number(i.number, locale);
                    let label = fill(t.inv_title, &[("number", &number)]);
                    view! {
                        <tr>
                            <td><A href=format!("/reseller/invoices/{}", i.number) attr:aria-label=label>{number}</A></td>
                            <td>{date(i.issued_on)}</td>
                            <td>{date(i.due_on)}</td>
                            <td class="num">{money(&i.total)}</td>
                            <td class="num">{money(&i.paid)}</td>
                            <td><StatusBadge status=i.status /></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any());
    view! { {services} {addons} {domains} {invoices} }.into_any()
}

/// The buttons the order's status allows, and what came of the last one pressed.
#[component]
fn OrderActions(order: OrderDetail, act: ServerAction<ActOnOrder>) -> impl IntoView {
    let t = use_i18n().t();
    let number = order.number;
    let status = order.status;
    let outcome = move || {
        act.value().get().map(|result| match result {
            Ok(done) => view! { <p class="form-saved" role="status">{done_message(done, t)}</p> }.into_any(),
            Err(AppError::Conflict) => {
                view! { <p class="notice error" role="alert">{t.ord_err_not_allowed}</p> }.into_any()
            }
            Err(AppError::Validation(_)) => {
                view! { <p class="notice error" role="alert">{t.ord_err_confirm}</p> }.into_any()
            }
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let form = move |action: OrderAction| {
        let hint = match action {
            OrderAction::Accept => t.ord_accept_hint,
            OrderAction::Cancel => t.ord_cancel_hint,
            OrderAction::MarkFraud => t.ord_fraud_hint,
        };
        let confirm_label = match action {
            OrderAction::Accept => None,
            OrderAction::Cancel => Some(t.ord_confirm_cancel),
            OrderAction::MarkFraud => Some(t.ord_confirm_fraud),
        };
        let code = action.code();
        let class = if action == OrderAction::Accept { "button primary" } else { "button danger" };
        let confirm_id = format!("order-confirm-{code}");
        let hint_id = format!("order-hint-{code}");
        view! {
            <ActionForm action=act attr:class="order-action">
                <input type="hidden" name="number" value=number.to_string() />
                <input type="hidden" name="order_action" value=code />
                <p id=hint_id.clone() class="muted">{hint}</p>
                {confirm_label.map(|label| view! {
                    <label class="choice" for=confirm_id.clone()>
                        <input type="checkbox" id=confirm_id.clone() name="confirm" value="true" required />
                        {label}
                    </label>
                })}
                <button type="submit" class=class aria-describedby=hint_id disabled=move || act.pending().get()>{action.label(t)}</button>
            </ActionForm>
        }
    };
    view! {
        <section class="order-actions no-print" aria-labelledby="order-actions-heading">
            <h2 id="order-actions-heading">{t.col_actions}</h2>
            {outcome}
            {if status.is_final() {
                view! { <p class="notice">{fill(t.ord_final, &[("status", status.label(t))])}</p> }.into_any()
            } else {
                OrderAction::ALL.into_iter().filter(|action| status.after(*action).is_some()).map(form).collect_view().into_any()
            }}
        </section>
    }
}

fn done_message(done: OrderAction, t: &Strings) -> &'static str {
    match done {
        OrderAction::Accept => t.ord_done_accepted,
        OrderAction::Cancel => t.ord_done_cancelled,
        OrderAction::MarkFraud => t.ord_done_fraud,
    }
}
