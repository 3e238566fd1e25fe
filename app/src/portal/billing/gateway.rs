//! The ways a client can pay an invoice in the portal, behind one interface that a real
//! payment gateway (a card processor, an Iranian bank's IPG) can implement later: it says
//! whether and how it can pay an invoice, and starts a payment that is done at once, waits
//! for money sent outside the site, or continues at the gateway's own page.
//!
//! Two are built in: [`CreditGateway`] (the client's account credit) and
//! [`BankTransferGateway`] (the reseller's bank transfer instructions). [`registry`] lists
//! what the invoice page offers, in that order.

use super::PayPrompt;
use crate::entities::{client, invoice, reseller};
use crate::error::AppError;
use crate::invoices::payment::ValidPayment;
use crate::invoices::status::{InvoiceEvent, InvoiceStatus, PaymentMethod};
use sea_orm::entity::prelude::async_trait;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use time::OffsetDateTime;

/// A payment about to start: everything as read inside the write transaction that will make
/// it, never from the browser.
pub struct PaymentRequest<'a> {
    pub reseller: &'a reseller::Model,
    pub client: &'a client::Model,
    pub invoice: &'a invoice::Model,
    pub now: OffsetDateTime,
}

impl PaymentRequest<'_> {
    /// What is still owed on the invoice.
    pub fn balance(&self) -> i64 {
        self.invoice.total - self.invoice.amount_paid
    }

    /// The invoice's status, if this code knows it.
    pub fn status(&self) -> InvoiceStatus {
        self.invoice.status
    }
}

/// What starting a payment did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GatewayOutcome {
    /// `amount` was paid on the spot; the invoice is now `status`.
    Paid { amount: i64, status: InvoiceStatus },
    /// The client pays outside the site; the invoice waits in Payment pending.
    Pending,
    /// The client continues at the gateway's page; it reports back later.
    Redirect { url: String },
}

#[async_trait::async_trait]
pub trait PaymentGateway: Send + Sync {
    /// A stable code: posted by the pay form and written to the audit log.
    fn code(&self) -> &'static str;

    /// How its payments are recorded on the invoice (and named on the page).
    fn method(&self) -> PaymentMethod;

    /// How the invoice page offers this gateway for `request`, or `None` when it cannot pay
    /// this invoice for this client now. Starting is refused unless this offers.
    fn offer(&self, request: &PaymentRequest<'_>) -> Option<PayPrompt>;

    /// Starts paying. Runs in the caller's write transaction, which audits and commits; an
    /// error rolls everything back. Guarded writes make a repeated start fail, not pay twice.
    async fn start(&self, txn: &DatabaseTransaction, request: &PaymentRequest<'_>) -> Result<GatewayOutcome, AppError>;
}

/// The gateways the portal offers, in the order the invoice page shows them.
pub fn registry() -> &'static [&'static dyn PaymentGateway] {
    &[&CreditGateway, &BankTransferGateway]
}

/// The gateway with this code.
pub fn find(code: &str) -> Option<&'static dyn PaymentGateway> {
    registry().iter().copied().find(|g| g.code() == code)
}

/// Pays from the client's account credit: as much of the balance as the credit covers, in one
/// transaction with taking it from the credit. Only credit in the invoice's currency counts.
pub struct CreditGateway;

impl CreditGateway {
    /// What the credit pays of this invoice now: the smaller of the credit and the balance.
    fn applies(request: &PaymentRequest<'_>) -> i64 {
        if request.client.currency != request.invoice.currency {
            return 0;
        }
        Ord::max(Ord::min(request.client.credit_balance, request.balance()), 0)
    }
}

#[async_trait::async_trait]
impl PaymentGateway for CreditGateway {
    fn code(&self) -> &'static str {
        "credit"
    }

    fn method(&self) -> PaymentMethod {
        PaymentMethod::Credit
    }

    /// Not while a transfer the client says they sent is awaited (Payment pending): that
    /// money would pay the invoice a second time. Once the reseller records it, or marks the
    /// invoice unpaid because it never came, the invoice is settled or offered again.
    fn offer(&self, request: &PaymentRequest<'_>) -> Option<PayPrompt> {
        let status = request.status();
        let open =
            status != InvoiceStatus::PaymentPending && status.after(InvoiceEvent::Payment { settles: false }).is_some();
        let amount = Self::applies(request);
        (open && amount > 0).then_some(PayPrompt::Immediate { amount, available: request.client.credit_balance })
    }

    async fn start(&self, txn: &DatabaseTransaction, request: &PaymentRequest<'_>) -> Result<GatewayOutcome, AppError> {
        let amount = Self::applies(request);
        if amount <= 0 {
            return Err(AppError::Conflict);
        }
        // Taken only if still there: of two payments racing for the same credit, the second
        // finds too little and is refused (PostgreSQL re-reads the row after the first commits).
        let taken = client::Entity::update_many()
            .col_expr(client::Column::CreditBalance, Expr::col(client::Column::CreditBalance).sub(amount))
            .filter(client::Column::Id.eq(request.client.id))
            .filter(client::Column::ResellerId.eq(request.reseller.id))
            .filter(client::Column::Currency.eq(request.invoice.currency.as_str()))
            .filter(client::Column::CreditBalance.gte(amount))
            .exec(txn)
            .await?;
        if taken.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        let payment = ValidPayment {
            paid_on: request.now.date(),
            method: PaymentMethod::Credit,
            reference: String::new(),
            amount,
            fee: 0,
        };
        let status = crate::invoices::service::record_payment(txn, request.invoice, payment, request.now).await?;
        Ok(GatewayOutcome::Paid { amount, status })
    }
}

/// The reseller's bank transfer instructions: the client transfers the money, says so, and
/// the invoice waits in Payment pending until the reseller records the payment. Offered only
/// on an unpaid invoice of a reseller who wrote instructions.
pub struct BankTransferGateway;

#[async_trait::async_trait]
impl PaymentGateway for BankTransferGateway {
    fn code(&self) -> &'static str {
        "bank_transfer"
    }

    fn method(&self) -> PaymentMethod {
        PaymentMethod::BankTransfer
    }

    fn offer(&self, request: &PaymentRequest<'_>) -> Option<PayPrompt> {
        let text = request.reseller.bank_transfer_text.trim();
        let claimable = request.status().after(InvoiceEvent::TransferClaimed).is_some();
        (claimable && request.balance() > 0 && !text.is_empty())
            .then(|| PayPrompt::Instructions { text: text.to_owned() })
    }

    async fn start(&self, txn: &DatabaseTransaction, request: &PaymentRequest<'_>) -> Result<GatewayOutcome, AppError> {
        let from = request.status();
        let to = from.after(InvoiceEvent::TransferClaimed).ok_or(AppError::Conflict)?;
        let moved = invoice::Entity::update_many()
            .col_expr(invoice::Column::Status, Expr::value(to.code()))
            .filter(invoice::Column::Id.eq(request.invoice.id))
            .filter(invoice::Column::Status.eq(from))
            .filter(invoice::Column::AmountPaid.eq(request.invoice.amount_paid))
            .exec(txn)
            .await?;
        if moved.rows_affected != 1 {
            return Err(AppError::Conflict);
        }
        Ok(GatewayOutcome::Pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_offers_credit_then_bank_transfer_by_unique_codes() {
        let codes: Vec<&str> = registry().iter().map(|g| g.code()).collect();
        assert_eq!(codes, ["credit", "bank_transfer"]);
        assert_eq!(find("credit").map(|g| g.method()), Some(PaymentMethod::Credit));
        assert_eq!(find("bank_transfer").map(|g| g.method()), Some(PaymentMethod::BankTransfer));
        assert!(find("card").is_none());
    }
}
