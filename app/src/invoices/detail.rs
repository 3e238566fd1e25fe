//! The printable invoice, in the reseller's brand: who bills whom, the lines, what is paid and
//! still owed, and the payments. Below it, hidden when printing, the Add payment form and the
//! status changes the invoice allows; all are plain forms, so they work before hydration.

use super::payment::iso_date;
use super::{
    AddInvoicePayment, InvoiceDetail, InvoiceEvent, InvoiceMark, InvoiceView, MarkInvoice, PaymentMethod, load_invoice,
};
use crate::error::{AppError, FieldProblem};
use crate::escape::PageTitle;
use crate::i18n::{Locale, Strings, fill, format_date, format_money, format_number, use_i18n};
use crate::ui::{ErrorNotice, Loading, StatusBadge};
use crate::values::money::amount_input_value;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn InvoicePage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("number").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let pay = ServerAction::<AddInvoicePayment>::new();
    let mark = ServerAction::<MarkInvoice>::new();
    // Reloaded after every change, and after a refusal that means it changed elsewhere; not
    // after field errors, so the payment form keeps what was typed.
    let revision = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if pay.value().get().is_some_and(|result| !matches!(result, Err(AppError::Validation(_)))) {
            revision.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if mark.value().get().is_some() {
            revision.update(|n| *n += 1);
        }
    });
    let invoice = crate::ui::resource(move || (number.get(), revision.get()), |(number, _)| load_invoice(number));
    view! {
        <p class="no-print"><A href="/reseller/invoices" exact=true>{t.inv_back}</A></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match invoice.await {
                    Ok(view) => invoice_view(view, pay, mark),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn invoice_view(view: InvoiceView, pay: ServerAction<AddInvoicePayment>, mark: ServerAction<MarkInvoice>) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let title = fill(t.inv_title, &[("number", &format_number(view.invoice.number, locale))]);
    view! {
        <PageTitle text=title.clone() />
        <div class="actions no-print print-bar">
            <PrintButton />
        </div>
        <InvoiceSheet invoice=view.invoice.clone() title show_toman=view.show_toman record_links=true />
        <InvoiceActions view pay mark />
    }
    .into_any()
}

/// Prints the page; shown once hydrated, since it needs JavaScript.
#[component]
pub fn PrintButton() -> impl IntoView {
    let t = use_i18n().t();
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <button type="button" class="button" hidden=move || !hydrated.get() on:click=move |_| print_page()>{t.inv_print}</button>
    }
}

fn print_page() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}

/// The invoice as it prints; the reseller's page and the client portal's both draw it.
/// `record_links` links the client and the order to the reseller's pages of them.
#[component]
pub fn InvoiceSheet(invoice: InvoiceDetail, title: String, show_toman: bool, record_links: bool) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let currency = invoice.currency.clone();
    let money = move |amount: i64| format_money(amount, &currency, locale, show_toman);
    let date = move |d: time::Date| view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> };
    let brand = invoice.brand.clone();
    let header = view! {
        <header class="invoice-head">
            <div>
                {brand.color.map(|c| view! { <crate::escape::InlineStyle css=format!(".invoice-brand{{color:{c}}}") /> })}
                <p class="invoice-brand">{brand.name}</p>
                {(!brand.pay_to.trim().is_empty()).then(|| view! { <p class="invoice-pay-to">{brand.pay_to.clone()}</p> })}
                <p class="muted" dir="ltr">{brand.support_email}</p>
            </div>
            <div>
                <h1 id="invoice-title">{title} " " <StatusBadge status=invoice.status /></h1>
                <dl class="details">
                    <dt>{t.inv_col_issued}</dt>
                    <dd>{date(invoice.issued_on)}</dd>
                    <dt>{t.col_due}</dt>
                    <dd>{date(invoice.due_on)}</dd>
                    {invoice.paid_on.map(|on| view! { <dt>{t.inv_paid_on}</dt><dd>{date(on)}</dd> })}
                    {invoice.order_number.map(|n| {
                        let number = format_number(n, locale);
                        let label = fill(t.ord_title, &[("number", &number)]);
                        let number = if record_links {
                            view! { <A href=format!("/reseller/orders/{n}") attr:aria-label=label>{number}</A> }.into_any()
                        } else {
                            number.into_any()
                        };
                        view! {
                            <dt>{t.inv_order}</dt>
                            <dd>{number}</dd>
                        }
                    })}
                </dl>
            </div>
        </header>
    }
    .into_any();
    let bill_to = bill_to(&invoice, locale, record_links);
    let lines = view! {
        <table class="data invoice-lines">
            <thead>
                <tr>
                    <th scope="col">{t.inv_col_description}</th>
                    <th scope="col" class="num">{t.col_amount}</th>
                </tr>
            </thead>
            <tbody>
                {invoice.items.iter().map(|line| view! {
                    <tr>
                        <td>{line.description.clone()}</td>
                        <td class="num">{money(line.amount)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
            <tfoot>
                <tr><th scope="row">{t.col_total}</th><td class="num">{money(invoice.total)}</td></tr>
                <tr><th scope="row">{t.col_paid}</th><td class="num">{money(invoice.amount_paid)}</td></tr>
                <tr class="balance"><th scope="row">{t.inv_balance}</th><td class="num">{money(invoice.balance().max(0))}</td></tr>
            </tfoot>
        </table>
    }
    .into_any();
    let payments = if invoice.transactions.is_empty() {
        view! { <p class="muted">{t.inv_no_transactions}</p> }.into_any()
    } else {
        view! {
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.col_date}</th>
                        <th scope="col">{t.inv_col_method}</th>
                        <th scope="col">{t.inv_col_reference}</th>
                        <th scope="col" class="num">{t.col_amount}</th>
                        <th scope="col" class="num">{t.inv_col_fee}</th>
                    </tr>
                </thead>
                <tbody>
                    {invoice.transactions.iter().map(|p| view! {
                        <tr>
                            <td>{date(p.paid_on)}</td>
                            <td>{p.method.label(t)}</td>
                            <td dir="ltr">{p.reference.clone()}</td>
                            <td class="num">{money(p.amount)}</td>
                            <td class="num">{money(p.fee)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <article class="invoice-sheet" aria-labelledby="invoice-title">
            {header}
            {bill_to}
            {lines}
            <h2>{t.inv_transactions}</h2>
            {payments}
        </article>
    }
}

fn bill_to(invoice: &InvoiceDetail, locale: Locale, record_links: bool) -> AnyView {
    let t = locale.strings();
    let to = invoice.bill_to.clone();
    let country = crate::values::country::find(&to.country)
        .map_or(to.country.clone(), |c| c.name(locale == Locale::Fa).to_owned());
    let place =
        [to.city.as_str(), to.state.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
    let place = [place, to.postcode].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
    view! {
        <section class="bill-to" aria-labelledby="bill-to-heading">
            <h2 id="bill-to-heading">{t.inv_bill_to}</h2>
            <address>
                {if record_links {
                    view! { <A href=format!("/reseller/clients/{}", to.client_id)>{to.name}</A> }.into_any()
                } else {
                    to.name.into_any()
                }}<br />
                {to.company.map(|company| view! { {company}<br /> })}
                {to.address1}<br />
                {to.address2.map(|line| view! { {line}<br /> })}
                {place}<br />
                {country}<br />
                <span dir="ltr">{to.email}</span>
            </address>
        </section>
    }
    .into_any()
}

/// Add payment and the status changes the invoice allows, with what came of the last ones.
#[component]
fn InvoiceActions(
    view: InvoiceView,
    pay: ServerAction<AddInvoicePayment>,
    mark: ServerAction<MarkInvoice>,
) -> impl IntoView {
    let t = use_i18n().t();
    let invoice = view.invoice;
    let number = invoice.number;
    let pay_outcome = move || {
        pay.value().get().map(|result| match result {
            Ok(()) => view! { <p class="form-saved" role="status">{t.inv_payment_saved}</p> }.into_any(),
            Err(AppError::Validation(_)) => {
                view! { <p class="form-summary" role="alert">{t.err_validation}</p> }.into_any()
            }
            Err(AppError::Conflict) => {
                view! { <p class="notice error" role="alert">{t.inv_err_not_allowed}</p> }.into_any()
            }
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let mark_outcome = move || {
        mark.value().get().map(|result| match result {
            Ok(done) => {
                let message = fill(t.inv_status_changed, &[("status", done.label(t))]);
                view! { <p class="form-saved" role="status">{message}</p> }.into_any()
            }
            Err(AppError::Conflict) => {
                view! { <p class="notice error" role="alert">{t.inv_err_not_allowed}</p> }.into_any()
            }
            Err(error) => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    let can_pay = invoice.allows(InvoiceEvent::Payment { settles: false }) && invoice.balance() > 0;
    let marks: Vec<InvoiceMark> = InvoiceMark::ALL.into_iter().filter(|m| invoice.allows(m.event())).collect();
    let payment_form =
        can_pay.then(|| view! { <PaymentForm view=InvoiceView { invoice: invoice.clone(), ..view } pay /> });
    view! {
        <section class="invoice-actions no-print" aria-labelledby="invoice-actions-heading">
            <h2 id="invoice-actions-heading">{t.col_actions}</h2>
            {pay_outcome}
            {mark_outcome}
            {payment_form}
            {(!marks.is_empty()).then(|| view! {
                <ActionForm action=mark attr:class="actions invoice-marks">
                    <input type="hidden" name="number" value=number.to_string() />
                    {marks.into_iter().map(|m| {
                        let class = if m == InvoiceMark::Cancelled { "button danger" } else { "button" };
                        view! {
                            <button type="submit" name="mark" value=m.code() class=class disabled=move || mark.pending().get()>
                                {mark_label(m, t)}
                            </button>
                        }
                    }).collect_view()}
                </ActionForm>
            })}
        </section>
    }
}

fn mark_label(mark: InvoiceMark, t: &Strings) -> &'static str {
    match mark {
        InvoiceMark::Paid => t.inv_mark_paid,
        InvoiceMark::Unpaid => t.inv_mark_unpaid,
        InvoiceMark::Cancelled => t.inv_mark_cancelled,
    }
}

/// Date, method, reference, amount (prefilled with the balance, in the reseller's display
/// unit) and fee; the server's field errors appear next to their fields.
#[component]
fn PaymentForm(view: InvoiceView, pay: ServerAction<AddInvoicePayment>) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let InvoiceView { invoice, show_toman, today, latest_today } = view;
    let balance = invoice.balance();
    let unit = match (invoice.currency.as_str(), show_toman) {
        ("IRR", true) => t.money_toman.to_owned(),
        ("IRR", false) => t.money_rial.to_owned(),
        (code, _) => code.to_owned(),
    };
    let balance_text = StoredValue::new(format_money(balance, &invoice.currency, locale, show_toman));
    let problem =
        move |field: &'static str| move || pay.value().get().and_then(|r| r.err()).and_then(|e| e.field_problem(field));
    let message = move |field: &'static str, problem: FieldProblem| match (field, problem) {
        ("amount", FieldProblem::OutOfRange) => {
            balance_text.with_value(|balance| fill(t.inv_err_amount_range, &[("balance", balance)]))
        }
        ("fee", FieldProblem::OutOfRange) => t.inv_err_fee_range.to_owned(),
        ("paid_on", FieldProblem::OutOfRange) => t.inv_err_future_date.to_owned(),
        (_, problem) => problem.message(t).to_owned(),
    };
    let field = move |name: &'static str, label: String, control: AnyView| {
        let error_id = format!("payment-{name}-error");
        view! {
            <div class="field">
                <label for=format!("payment-{name}")>{label}</label>
                {control}
                <p id=error_id class="form-error">{move || problem(name)().map(|p| message(name, p))}</p>
            </div>
        }
        .into_any()
    };
    let invalid = move |name: &'static str| move || problem(name)().is_some().to_string();
    let described = |name: &str| format!("payment-{name}-error");
    let amount_input = move |name: &'static str, value: String| {
        view! {
            <input id=format!("payment-{name}") type="text" inputmode="decimal" name=format!("input[{name}]") value=value dir="ltr"
                aria-invalid=invalid(name) aria-describedby=described(name) />
        }
        .into_any()
    };
    let date_input = view! {
        <input id="payment-paid_on" type="date" name="input[paid_on]" required value=iso_date(today) max=iso_date(latest_today)
            aria-invalid=invalid("paid_on") aria-describedby=described("paid_on") />
    }
    .into_any();
    let method_select = view! {
        <select id="payment-method" name="input[method]" aria-invalid=invalid("method") aria-describedby=described("method")>
            {PaymentMethod::ALL.into_iter().map(|m| view! { <option value=m.code()>{m.label(t)}</option> }).collect_view()}
        </select>
    }
    .into_any();
    let reference_input = view! {
        <input id="payment-reference" type="text" name="input[reference]" dir="ltr" maxlength=super::payment::MAX_REFERENCE_CHARS.to_string()
            aria-invalid=invalid("reference") aria-describedby=described("reference") />
    }
    .into_any();
    let amount = amount_input_value(balance, &invoice.currency, show_toman);
    view! {
        <ActionForm action=pay attr:class="stack payment-form" attr:aria-labelledby="payment-heading">
            <h3 id="payment-heading">{t.inv_add_payment}</h3>
            <input type="hidden" name="number" value=invoice.number.to_string() />
            <input type="hidden" name="input[toman]" value=show_toman.to_string() />
            <div class="form-grid">
                {field("paid_on", t.inv_field_paid_on.to_owned(), date_input)}
                {field("method", t.inv_field_method.to_owned(), method_select)}
                {field("reference", t.inv_field_reference.to_owned(), reference_input)}
                {field("amount", fill(t.inv_field_amount, &[("unit", &unit)]), amount_input("amount", amount))}
                {field("fee", fill(t.inv_field_fee, &[("unit", &unit)]), amount_input("fee", String::new()))}
            </div>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || pay.pending().get()>{t.inv_add_payment}</button>
            </div>
        </ActionForm>
    }
}
