//! The client's printable invoice (the same sheet the reseller prints) and, below it and
//! hidden when printing, the ways to pay it. Each way is a plain form, so paying works before
//! hydration; the server sends the browser back to the invoice with what came of it.

use super::{PayOption, PayPortalInvoice, PayPrompt, PortalInvoiceView, load_portal_invoice};
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, format_money, format_number, use_i18n};
use crate::invoices::{InvoiceSheet, InvoiceStatus, PrintButton};
use crate::portal::{brand_slug, portal_path};
use crate::ui::{ErrorNotice, Loading, PageError};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn InvoicePage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("number").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let query = use_query_map();
    let done = Memo::new(move |_| query.read().get("done"));
    let pay = ServerAction::<PayPortalInvoice>::new();
    // Reloaded after every payment attempt: a refusal means the invoice changed meanwhile.
    let invoice = crate::ui::resource(
        move || (slug.get(), number.get(), pay.version().get(), done.get()),
        |(slug, number, _, _)| load_portal_invoice(slug, number),
    );
    let back = move || portal_path(&slug.get(), "/invoices");
    view! {
        <p class="no-print"><A href=back exact=true>{t.inv_back}</A></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match invoice.await {
                    Ok(view) => invoice_view(view, slug.get_untracked(), pay, done),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn invoice_view(
    view: PortalInvoiceView,
    slug: String,
    pay: ServerAction<PayPortalInvoice>,
    done: Memo<Option<String>>,
) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let title = fill(t.inv_title, &[("number", &format_number(view.invoice.number, locale))]);
    view! {
        <PageTitle text=title.clone() />
        <div class="actions no-print print-bar">
            <PrintButton />
        </div>
        <InvoiceSheet invoice=view.invoice.clone() title show_toman=view.show_toman record_links=false />
        <PaySection view slug pay done />
    }
    .into_any()
}

/// What came of the last payment, the invoice's waiting state, and the offered ways to pay.
#[component]
fn PaySection(
    view: PortalInvoiceView,
    slug: String,
    pay: ServerAction<PayPortalInvoice>,
    done: Memo<Option<String>>,
) -> impl IntoView {
    let t = use_i18n().t();
    let invoice = &view.invoice;
    let brand = invoice.brand.name.clone();
    let done_brand = brand.clone();
    let done_notice = move || {
        let message = match done.get().as_deref() {
            Some("paid") => t.pi_done_paid.to_owned(),
            Some("part") => t.pi_done_part.to_owned(),
            Some("pending") => fill(t.pi_done_pending, &[("brand", &done_brand)]),
            _ => return None,
        };
        Some(view! { <p class="form-saved" role="status">{message}</p> })
    };
    let refused = move || {
        pay.value().get().and_then(Result::err).map(|error| match error {
            AppError::Conflict => view! { <p class="notice error" role="alert">{t.pi_err_changed}</p> }.into_any(),
            error => view! { <ErrorNotice error /> }.into_any(),
        })
    };
    // Right after the claim, the thanks above says the same.
    let awaiting_text = fill(t.pi_awaiting_transfer, &[("brand", &brand)]);
    let pending = invoice.status == InvoiceStatus::PaymentPending;
    let awaiting = move || {
        (pending && done.get().as_deref() != Some("pending"))
            .then(|| view! { <p class="notice" role="status">{awaiting_text.clone()}</p> })
    };
    let owes = invoice.status.is_open() && invoice.balance() > 0;
    let heading =
        (view.payments_enabled && owes && !view.pay_options.is_empty()).then(|| view! { <h2>{t.pi_pay_heading}</h2> });
    let offers = (view.payments_enabled && owes).then(|| {
        if view.pay_options.is_empty() {
            let nothing = (invoice.status != InvoiceStatus::PaymentPending)
                .then(|| view! { <p class="notice">{fill(t.pi_no_methods, &[("brand", &brand)])}</p> });
            return nothing.into_any();
        }
        view.pay_options
            .iter()
            .map(|option| view! { <PayOptionForm option=option.clone() view=view.clone() slug=slug.clone() pay /> })
            .collect_view()
            .into_any()
    });
    view! {
        <section class="portal-pay no-print">
            {done_notice}
            {refused}
            {awaiting}
            {heading}
            {offers}
        </section>
    }
}

/// One way to pay: what it does, and the button that does it.
#[component]
fn PayOptionForm(
    option: PayOption,
    view: PortalInvoiceView,
    slug: String,
    pay: ServerAction<PayPortalInvoice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let invoice = view.invoice;
    let currency = invoice.currency.clone();
    let money = move |amount: i64| format_money(amount, &currency, locale, view.show_toman);
    let balance = money(invoice.balance());
    let heading_id = format!("pay-{}-heading", option.gateway);
    let labelled_by = heading_id.clone();
    let (heading, body, button) = match option.prompt {
        PayPrompt::Immediate { amount, available } => {
            let covers = if amount >= invoice.balance() {
                fill(t.pi_credit_pays_all, &[("balance", &balance)])
            } else {
                fill(t.pi_credit_pays_part, &[("amount", &money(amount)), ("balance", &balance)])
            };
            let body = view! {
                <p>{fill(t.pi_credit_available, &[("amount", &money(available))])}</p>
                <p>{covers}</p>
            }
            .into_any();
            (t.pi_credit_heading.to_owned(), body, fill(t.pi_pay_from_credit, &[("amount", &money(amount))]))
        }
        PayPrompt::Instructions { text } => {
            let body = view! {
                <p>{fill(t.pi_transfer_hint, &[("amount", &balance), ("brand", &invoice.brand.name)])}</p>
                <p class="pay-instructions">{text}</p>
            }
            .into_any();
            (t.pi_transfer_heading.to_owned(), body, t.pi_transfer_sent.to_owned())
        }
        PayPrompt::Redirect => {
            let label = fill(t.pi_pay_with, &[("method", option.method.label(t))]);
            (option.method.label(t).to_owned(), ().into_any(), label)
        }
    };
    view! {
        <ActionForm action=pay attr:class="stack pay-option" attr:aria-labelledby=labelled_by>
            <h3 id=heading_id>{heading}</h3>
            {body}
            <input type="hidden" name="brand" value=slug />
            <input type="hidden" name="number" value=invoice.number.to_string() />
            <input type="hidden" name="gateway" value=option.gateway />
            <input type="hidden" name="seen_paid" value=invoice.amount_paid.to_string() />
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || pay.pending().get()>{button}</button>
            </div>
        </ActionForm>
    }
}
