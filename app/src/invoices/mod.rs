//! Invoices: the reseller's list (status filter and page in the URL), the printable invoice
//! in the reseller's brand, payments, and marking an invoice paid, unpaid or cancelled.

use crate::audit::AuditAction;
use crate::error::AppError;
use crate::values::Money;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod detail;
mod list;
pub mod payment;
pub mod query;
#[cfg(feature = "ssr")]
pub mod service;
pub mod status;

pub use detail::{InvoicePage, InvoiceSheet, PrintButton};
pub use list::InvoicesPage;
pub use payment::{PaymentInput, ValidPayment};
pub use query::InvoiceListQuery;
pub use status::{InvoiceEvent, InvoiceStatus, PaymentMethod};

/// One invoice in the reseller's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceListRow {
    pub number: i64,
    pub client_id: i64,
    pub client_name: String,
    pub issued_on: time::Date,
    pub due_on: time::Date,
    pub total: Money,
    pub paid: Money,
    pub status: InvoiceStatus,
}

/// One page of the list.
pub type InvoiceListPage = crate::status_list::ListPage<InvoiceListRow>;
pub type InvoiceListView = crate::status_list::PricedPage<InvoiceListRow>;

/// Whose invoice it is: the reseller's brand, never the provider's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceBrand {
    pub name: String,
    /// `#rrggbb`; `None` when what is stored is not a colour.
    pub color: Option<String>,
    pub support_email: String,
    /// The reseller's "pay to" text (their business name and address as invoices carry
    /// it); empty when not set.
    pub pay_to: String,
}

/// Who the invoice is addressed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BillTo {
    pub client_id: i64,
    pub name: String,
    pub company: Option<String>,
    pub address1: String,
    pub address2: Option<String>,
    pub city: String,
    pub state: String,
    pub postcode: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceLine {
    pub description: String,
    pub amount: i64,
}

/// A payment recorded against the invoice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransactionRow {
    pub paid_on: time::Date,
    /// A [`PaymentMethod`] code.
    pub method: PaymentMethod,
    pub reference: String,
    pub amount: i64,
    pub fee: i64,
}

/// One invoice as it prints. Amounts are minor units of `currency`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceDetail {
    pub number: i64,
    pub status: InvoiceStatus,
    pub currency: String,
    pub total: i64,
    pub amount_paid: i64,
    pub issued_on: time::Date,
    pub due_on: time::Date,
    pub paid_on: Option<time::Date>,
    /// The order it bills, if it still exists.
    pub order_number: Option<i64>,
    pub brand: InvoiceBrand,
    pub bill_to: BillTo,
    pub items: Vec<InvoiceLine>,
    pub transactions: Vec<TransactionRow>,
}

impl InvoiceDetail {
    /// What is still owed; zero or less once paid.
    pub fn balance(&self) -> i64 {
        self.total - self.amount_paid
    }

    pub fn allows(&self, event: InvoiceEvent) -> bool {
        self.status.after(event).is_some()
    }
}

/// The invoice page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub invoice: InvoiceDetail,
    pub show_toman: bool,
    /// Today's date (UTC), the payment form's default date.
    pub today: time::Date,
    /// The latest payment date accepted now: today somewhere on Earth.
    pub latest_today: time::Date,
}

crate::codes! {
    /// The status changes offered below an invoice.
    pub enum InvoiceMark {
        Paid = "paid" => status_paid,
        Unpaid = "unpaid" => status_unpaid,
        Cancelled = "cancelled" => status_cancelled,
    }
}

impl InvoiceMark {
    pub fn event(self) -> InvoiceEvent {
        match self {
            InvoiceMark::Paid => InvoiceEvent::MarkPaid,
            InvoiceMark::Unpaid => InvoiceEvent::MarkUnpaid,
            InvoiceMark::Cancelled => InvoiceEvent::Cancel,
        }
    }

    /// The audit log's name for it.
    pub fn audit_action(self) -> AuditAction {
        match self {
            InvoiceMark::Paid => AuditAction::InvoiceMarkedPaid,
            InvoiceMark::Unpaid => AuditAction::InvoiceMarkedUnpaid,
            InvoiceMark::Cancelled => AuditAction::InvoiceCancelled,
        }
    }
}

/// One page of the signed-in reseller's invoices.
#[server(endpoint = "invoices/list")]
pub async fn list_invoices(query: InvoiceListQuery) -> Result<InvoiceListView, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let list = service::list_invoices(me.db(), me.id, &query).await?;
            Ok(InvoiceListView { list, show_toman: me.show_toman })
        }
        .await,
    )
}

/// One of the signed-in reseller's invoices by its number; another reseller's is not found.
#[server(endpoint = "invoices/detail")]
pub async fn load_invoice(number: i64) -> Result<InvoiceView, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let invoice = service::invoice_detail(me.db(), me.id, number).await?;
            let now = time::OffsetDateTime::now_utc();
            Ok(InvoiceView {
                invoice,
                show_toman: me.show_toman,
                today: now.date(),
                latest_today: service::latest_today(now),
            })
        }
        .await,
    )
}

/// Records a payment from the Add payment form.
#[server(endpoint = "invoices/add_payment")]
pub async fn add_invoice_payment(number: i64, input: PaymentInput) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let actor = me.actor();
            service::add_payment(me.db(), &actor, number, &input, time::OffsetDateTime::now_utc()).await
        }
        .await,
    )
}

/// Marks an invoice paid, unpaid or cancelled, and answers which.
#[server(endpoint = "invoices/mark")]
pub async fn mark_invoice(number: i64, mark: InvoiceMark) -> Result<InvoiceMark, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let actor = me.actor();
            service::mark_invoice(me.db(), &actor, number, mark, time::OffsetDateTime::now_utc()).await?;
            Ok(mark)
        }
        .await,
    )
}
