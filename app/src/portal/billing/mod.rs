//! The client's invoices in the portal: the list, the printable invoice, and paying it.
//!
//! Paying goes through [`gateway::PaymentGateway`]s: the invoice page offers what the gateways
//! offer for it (account credit, bank transfer), and one server function starts any of them.
//! With the reseller's `allow_portal_payments` off there are no pay controls and that
//! function answers `Forbidden`.

use crate::error::AppError;
use crate::invoices::{InvoiceDetail, InvoiceStatus, PaymentMethod};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod detail;
#[cfg(feature = "ssr")]
pub mod gateway;
mod list;
pub mod query;
#[cfg(feature = "ssr")]
pub mod service;

pub use detail::InvoicePage;
pub use list::InvoicesPage;
pub use query::PortalInvoiceQuery;

/// One invoice in the client's list. Amounts are minor units of `currency`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalInvoiceRow {
    pub number: i64,
    pub issued_on: time::Date,
    pub due_on: time::Date,
    pub currency: String,
    pub total: i64,
    /// What is still owed (never below zero).
    pub balance: i64,
    pub status: InvoiceStatus,
}

/// One page of the client's invoices: open ones first, newest first within each.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalInvoiceList {
    pub rows: Vec<PortalInvoiceRow>,
    /// Invoices with the filter's status, on all pages.
    pub total: u64,
    /// The page shown (a page past the end shows the last one).
    pub page: u64,
    /// Rial amounts in Toman (the reseller's choice).
    pub show_toman: bool,
}

/// How the invoice page presents one way to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayPrompt {
    /// Pays `amount` at once from what the client holds (`available`), in the invoice's
    /// currency.
    Immediate { amount: i64, available: i64 },
    /// The client pays outside the site following `text`, then says so.
    Instructions { text: String },
    /// The gateway's own page takes the payment.
    Redirect,
}

/// One way the client can pay this invoice now, as a gateway offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayOption {
    /// The gateway's code, posted back by the pay form.
    pub gateway: String,
    pub method: PaymentMethod,
    pub prompt: PayPrompt,
}

/// The portal's invoice page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalInvoiceView {
    pub invoice: InvoiceDetail,
    pub show_toman: bool,
    /// Empty when the reseller does not take payments here or nothing is owed.
    pub pay_options: Vec<PayOption>,
    /// Whether the reseller takes payments in the portal at all.
    pub payments_enabled: bool,
}

/// What came of starting a payment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PayOutcome {
    /// Paid on the spot: the whole balance when `settled`, otherwise part of it.
    Paid { amount: i64, settled: bool },
    /// Waiting for money sent outside the site (the invoice is Payment pending).
    Pending,
    /// Continues at the gateway's page.
    Redirect { url: String },
}

impl PayOutcome {
    /// The `done` value of the invoice page's address after this outcome.
    pub fn done_code(&self) -> &'static str {
        match self {
            PayOutcome::Paid { settled: true, .. } => "paid",
            PayOutcome::Paid { settled: false, .. } => "part",
            PayOutcome::Pending | PayOutcome::Redirect { .. } => "pending",
        }
    }
}

/// One page of the signed-in client's invoices.
#[server(endpoint = "portal/invoices/list")]
pub async fn list_portal_invoices(brand: String, query: PortalInvoiceQuery) -> Result<PortalInvoiceList, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            service::list_invoices(access.db(), &access, &query).await
        }
        .await,
    )
}

/// One of the signed-in client's invoices by its number, with the ways to pay it; another
/// client's or another reseller's number is not found.
#[server(endpoint = "portal/invoices/detail")]
pub async fn load_portal_invoice(brand: String, number: i64) -> Result<PortalInvoiceView, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            service::invoice_view(access.db(), &access, number).await
        }
        .await,
    )
}

/// Pays an invoice with one of the offered gateways. `seen_paid` is what the page showed as
/// paid: a repeated or stale submit finds the invoice changed and is refused, never charged
/// twice. Without JavaScript the browser is sent back to the invoice.
#[server(endpoint = "portal/invoices/pay")]
pub async fn pay_portal_invoice(
    brand: String,
    number: i64,
    gateway: String,
    seen_paid: i64,
) -> Result<PayOutcome, AppError> {
    crate::error::respond(
        async {
            let access =
                crate::portal::PortalRequest::current(&brand).await?.allowed(crate::portal::PortalPermission::Pay)?;
            let now = time::OffsetDateTime::now_utc();
            let outcome =
                service::pay_invoice(access.db(), &access, number, &gateway, seen_paid, access.public_origin(), now)
                    .await?;
            match &outcome {
                PayOutcome::Redirect { url } => leptos_axum::redirect(url),
                done => leptos_axum::redirect(&format!(
                    "{}?done={}",
                    crate::portal::portal_path(&access.reseller.slug, &format!("/invoices/{number}")),
                    done.done_code()
                )),
            }
            Ok(outcome)
        }
        .await,
    )
}
