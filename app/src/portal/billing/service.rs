//! Reads and pays the signed-in client's invoices. Every query is scoped by the session's
//! reseller and client: another client's invoice, another reseller's, and a draft (which
//! clients never see) all answer `NotFound`, exactly like a missing number.

use super::gateway::{self, GatewayOutcome, PaymentGateway, PaymentRequest};
use super::{PayOption, PayOutcome, PortalInvoiceList, PortalInvoiceQuery, PortalInvoiceRow, PortalInvoiceView};
use crate::audit::{AuditAction, TargetKind};
use crate::entities::{ClientRecord, client, invoice};
use crate::error::AppError;
use crate::i18n::{Locale, format_money, localize_digits};
use crate::invoices::{InvoiceStatus, PaymentMethod};
use crate::mail::{self, Letter, Template};
use crate::portal::PortalAccess;
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use time::OffsetDateTime;

/// The statuses listed first: what the client still has to pay or has just paid by transfer.
const OPEN_FIRST: [InvoiceStatus; 2] = [InvoiceStatus::Unpaid, InvoiceStatus::PaymentPending];

/// One page of the client's invoices: unpaid and payment-pending ones first, then the rest,
/// newest first within each; or only those of the query's status.
pub async fn list_invoices(
    db: &impl ConnectionTrait,
    access: &PortalAccess,
    query: &PortalInvoiceQuery,
) -> Result<PortalInvoiceList, AppError> {
    let mut select = invoice::Entity::of_client(access.reseller.id, access.client.id)
        .filter(invoice::Column::Status.ne(InvoiceStatus::Draft));
    if let Some(status) = query.status {
        select = select.filter(invoice::Column::Status.eq(status));
    }
    let total = select.clone().count(db).await?;
    let page = query.page.clamp(1, PortalInvoiceQuery::pages(total));
    let open_first: Expr = CaseStatement::new()
        .case(Expr::col(invoice::Column::Status).is_in(OPEN_FIRST.map(|s| s.code())), 0)
        .finally(1)
        .into();
    let rows = select
        .order_by(open_first, Order::Asc)
        .order_by_desc(invoice::Column::Number)
        .offset((page - 1) * PortalInvoiceQuery::PER_PAGE)
        .limit(PortalInvoiceQuery::PER_PAGE)
        .all(db)
        .await?
        .into_iter()
        .map(|i| {
            Ok(PortalInvoiceRow {
                number: i.number,
                issued_on: i.issued_on,
                due_on: i.due_on,
                balance: Ord::max(i.total - i.amount_paid, 0),
                total: i.total,
                status: i.status,
                currency: i.currency,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(PortalInvoiceList { rows, total, page, show_toman: access.reseller.show_toman })
}

/// The client's invoice with this number, or `NotFound`.
pub async fn owned_invoice(
    db: &impl ConnectionTrait,
    access: &PortalAccess,
    number: i64,
) -> Result<invoice::Model, AppError> {
    let found = crate::invoices::service::find_invoice(db, access.reseller.id, number).await?;
    if found.client_id != access.client.id || found.status == InvoiceStatus::Draft {
        return Err(AppError::NotFound);
    }
    Ok(found)
}

/// The client's invoice as it prints, with the ways the gateways offer to pay it (none when
/// the reseller does not take payments in the portal).
pub async fn invoice_view(
    db: &impl ConnectionTrait,
    access: &PortalAccess,
    number: i64,
) -> Result<PortalInvoiceView, AppError> {
    let found = owned_invoice(db, access, number).await?;
    let invoice = crate::invoices::service::invoice_detail(db, access.reseller.id, number).await?;
    let payments_enabled = access.reseller.allow_portal_payments;
    let pay_options = if payments_enabled {
        // The session's copy of the client may predate a payment; the credit is read now.
        let client = crate::clients::service::find_client(db, access.reseller.id, access.client.id).await?;
        let request = PaymentRequest {
            reseller: &access.reseller,
            client: &client,
            invoice: &found,
            now: OffsetDateTime::now_utc(),
        };
        gateway::registry()
            .iter()
            .filter_map(|g| {
                g.offer(&request).map(|prompt| PayOption { gateway: g.code().to_owned(), method: g.method(), prompt })
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(PortalInvoiceView { invoice, show_toman: access.reseller.show_toman, pay_options, payments_enabled })
}

/// Pays the client's invoice `number` with the gateway `code`, in one write transaction with
/// its audit row. `seen_paid` is what the client's page showed as paid; if the invoice has
/// changed since (a repeated submit, a payment in another tab) nothing is done and the answer
/// is `Conflict`. `Forbidden` when the reseller does not take payments in the portal; a
/// gateway that does not offer itself for this invoice now is a `Conflict` too.
///
/// An invoice paid in full emails the client (`invoice_paid`); a payment left pending (a
/// claimed bank transfer) emails the reseller (`payment_pending_reseller`), linking to pages
/// under `origin`.
#[allow(clippy::too_many_arguments)]
pub async fn pay_invoice<C>(
    db: &C,
    access: &PortalAccess,
    number: i64,
    code: &str,
    seen_paid: i64,
    origin: &str,
    now: OffsetDateTime,
) -> Result<PayOutcome, AppError>
where
    C: ConnectionTrait + TransactionTrait<Transaction = DatabaseTransaction>,
{
    let gateway = gateway::find(code).ok_or(AppError::Conflict)?;
    let txn = crate::db::begin_write(db).await?;
    let found = owned_invoice(&txn, access, number).await?;
    if found.amount_paid != seen_paid {
        return Err(AppError::Conflict);
    }
    let client = crate::clients::service::find_client(&txn, access.reseller.id, access.client.id).await?;
    let request = PaymentRequest { reseller: &access.reseller, client: &client, invoice: &found, now };
    if gateway.offer(&request).is_none() {
        return Err(AppError::Conflict);
    }
    let outcome = gateway.start(&txn, &request).await?;
    match &outcome {
        GatewayOutcome::Paid { status: InvoiceStatus::Paid, .. } => {
            email_paid(&txn, access, &client, &found, origin).await?
        }
        GatewayOutcome::Pending => email_pending(&txn, access, &client, &found, origin).await?,
        GatewayOutcome::Paid { .. } | GatewayOutcome::Redirect { .. } => {}
    }
    let action = audit_action(gateway, &outcome);
    access.audit(&txn, action, TargetKind::Invoice, found.id, format!("#{}", found.number)).await?;
    txn.commit().await?;
    Ok(match outcome {
        GatewayOutcome::Paid { amount, status } => PayOutcome::Paid { amount, settled: status == InvoiceStatus::Paid },
        GatewayOutcome::Pending => PayOutcome::Pending,
        GatewayOutcome::Redirect { url } => PayOutcome::Redirect { url },
    })
}

/// Tells the client, in their language, that the invoice is paid.
async fn email_paid(
    db: &impl ConnectionTrait,
    access: &PortalAccess,
    client: &client::Model,
    bill: &invoice::Model,
    origin: &str,
) -> Result<(), AppError> {
    let language = Locale::from_code(&client.language).unwrap_or(Locale::Fa);
    let name = format!("{} {}", client.first_name, client.last_name);
    let number = localize_digits(&bill.number.to_string(), language);
    let total = format_money(bill.total, &bill.currency, language, access.reseller.show_toman);
    let link = crate::links::portal_link(db, &access.reseller, origin, &format!("/invoices/{}", bill.number)).await?;
    mail::queue(
        db,
        Letter {
            reseller: &access.reseller,
            client_id: Some(client.id),
            template: Template::InvoicePaid,
            to_address: &client.email,
            to_name: &name,
            language,
            values: &[("name", &name), ("number", &number), ("total", &total), ("link", &link)],
        },
    )
    .await
}

/// Tells the reseller, in their language, that the client says they sent the money.
async fn email_pending(
    db: &impl ConnectionTrait,
    access: &PortalAccess,
    client: &client::Model,
    bill: &invoice::Model,
    origin: &str,
) -> Result<(), AppError> {
    let reseller = &access.reseller;
    let language = Locale::from_code(&reseller.default_language).unwrap_or(Locale::Fa);
    let name = format!("{} {}", client.first_name, client.last_name);
    let number = localize_digits(&bill.number.to_string(), language);
    let balance = format_money(bill.total - bill.amount_paid, &bill.currency, language, reseller.show_toman);
    let link = format!("{origin}/reseller/invoices/{}", bill.number);
    mail::queue(
        db,
        Letter {
            reseller,
            client_id: None,
            template: Template::PaymentPendingReseller,
            to_address: &reseller.email,
            to_name: &reseller.contact_name,
            language,
            values: &[
                ("number", &number),
                ("client", &name),
                ("client_email", &client.email),
                ("total", &balance),
                ("link", &link),
            ],
        },
    )
    .await
}

/// The audit log's name for what a gateway did.
fn audit_action(gateway: &dyn PaymentGateway, outcome: &GatewayOutcome) -> AuditAction {
    match (gateway.method(), outcome) {
        (PaymentMethod::Credit, GatewayOutcome::Paid { .. }) => AuditAction::InvoicePaidByCredit,
        (PaymentMethod::BankTransfer, GatewayOutcome::Pending) => AuditAction::InvoiceTransferClaimed,
        (_, GatewayOutcome::Paid { .. }) => AuditAction::InvoicePaidInPortal,
        (_, GatewayOutcome::Pending) => AuditAction::InvoicePaymentPending,
        (_, GatewayOutcome::Redirect { .. }) => AuditAction::InvoicePaymentStarted,
    }
}
