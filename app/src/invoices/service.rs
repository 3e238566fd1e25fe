//! Reads and changes one reseller's invoices. Every query is scoped by the caller's reseller,
//! so another reseller's invoice number is not found; every change is one transaction with an
//! audit row.

use super::payment::{PaymentInput, ValidPayment};
use super::status::{InvoiceEvent, InvoiceStatus, PaymentMethod};
use super::{
    BillTo, InvoiceBrand, InvoiceDetail, InvoiceLine, InvoiceListPage, InvoiceListQuery, InvoiceListRow, InvoiceMark,
    TransactionRow,
};
use crate::audit::{self, ActorKind, AuditAction, AuditEntry, TargetKind};
use crate::clients::service::Actor;
use crate::entities::{client, invoice, invoice_item, invoice_transaction, order, reseller};
use crate::error::AppError;
use crate::orders::manage::OrderStatus;
use crate::status_list::load_page;
use crate::values::Money;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionSession, TransactionTrait, sea_query::Expr,
};
use time::{Date, Duration, OffsetDateTime};

/// The latest date it is anywhere on Earth at `now` (UTC+14). A payment dated after it is in
/// the future for everyone; one dated today in Tehran or Auckland is not refused because the
/// server's UTC date has not caught up.
pub fn latest_today(now: OffsetDateTime) -> Date {
    (now + Duration::hours(14)).date()
}

/// One page of the reseller's invoices, newest first.
pub async fn list_invoices(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    query: &InvoiceListQuery,
) -> Result<InvoiceListPage, AppError> {
    let mut select = invoice::Entity::find().filter(invoice::Column::ResellerId.eq(reseller_id));
    if let Some(status) = query.status {
        select = select.filter(invoice::Column::Status.eq(status));
    }
    let (invoices, total, page) = load_page(db, select.order_by_desc(invoice::Column::Id), query).await?;
    let names = crate::clients::service::client_names(db, reseller_id, invoices.iter().map(|i| i.client_id)).await?;
    let rows = invoices
        .into_iter()
        .map(|i| InvoiceListRow {
            number: i.number,
            client_name: names.get(&i.client_id).cloned().unwrap_or_default(),
            client_id: i.client_id,
            issued_on: i.issued_on,
            due_on: i.due_on,
            total: Money { amount: i.total, currency: i.currency.clone() },
            paid: Money { amount: i.amount_paid, currency: i.currency },
            status: i.status,
        })
        .collect();
    Ok(InvoiceListPage { rows, total, page })
}

/// The reseller's invoice with this number, or `NotFound`: another reseller's number answers
/// exactly like a missing one.
pub async fn find_invoice(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    number: i64,
) -> Result<invoice::Model, AppError> {
    invoice::Entity::find()
        .filter(invoice::Column::ResellerId.eq(reseller_id))
        .filter(invoice::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// One invoice as it prints: the reseller's brand, the client, lines and payments.
pub async fn invoice_detail(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    number: i64,
) -> Result<InvoiceDetail, AppError> {
    let found = find_invoice(db, reseller_id, number).await?;
    let status = found.status;
    let brand = reseller::Entity::find_by_id(reseller_id).one(db).await?.ok_or(AppError::NotFound)?;
    let owner = crate::clients::service::find_client(db, reseller_id, found.client_id).await?;
    let order_number = match found.order_id {
        Some(order_id) => {
            order::Entity::find_by_id(order_id)
                .filter(order::Column::ResellerId.eq(reseller_id))
                .select_only()
                .column(order::Column::Number)
                .into_tuple::<i64>()
                .one(db)
                .await?
        }
        None => None,
    };
    let items = invoice_item::Entity::find()
        .filter(invoice_item::Column::InvoiceId.eq(found.id))
        .order_by_asc(invoice_item::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| InvoiceLine { description: i.description, amount: i.amount })
        .collect();
    let transactions = invoice_transaction::Entity::find()
        .filter(invoice_transaction::Column::InvoiceId.eq(found.id))
        .order_by_asc(invoice_transaction::Column::PaidOn)
        .order_by_asc(invoice_transaction::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|t| TransactionRow {
            paid_on: t.paid_on,
            method: t.method,
            reference: t.reference,
            amount: t.amount,
            fee: t.fee,
        })
        .collect();
    Ok(InvoiceDetail {
        number: found.number,
        status,
        currency: found.currency,
        total: found.total,
        amount_paid: found.amount_paid,
        issued_on: found.issued_on,
        due_on: found.due_on,
        paid_on: found.paid_at.map(|at| at.date()),
        order_number,
        brand: InvoiceBrand {
            color: brand_color(&brand.primary_color),
            name: brand.brand_name,
            support_email: brand.support_email,
            pay_to: brand.pay_to_text,
        },
        bill_to: BillTo {
            client_id: owner.id,
            name: format!("{} {}", owner.first_name, owner.last_name),
            company: owner.company,
            address1: owner.address1,
            address2: owner.address2,
            city: owner.city,
            state: owner.state,
            postcode: owner.postcode,
            country: owner.country,
            email: owner.email,
        },
        items,
        transactions,
    })
}

/// Records a payment typed in the Add payment form: the date (not in the future), method,
/// reference, amount (above zero, at most the balance, in the reseller's display unit) and
/// fee (at most the amount). A payment of the whole balance makes the invoice Paid. Only
/// draft, unpaid and payment-pending invoices take payments; others are a `Conflict`.
pub async fn add_payment(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    number: i64,
    input: &PaymentInput,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_invoice(&txn, actor.reseller.id, number).await?;
    let from = found.status;
    if from.after(InvoiceEvent::Payment { settles: false }).is_none() {
        return Err(AppError::Conflict);
    }
    if input.toman.is_some_and(|typed_in_toman| typed_in_toman != actor.reseller.show_toman) {
        return Err(AppError::Conflict);
    }
    let balance = found.total - found.amount_paid;
    let valid = input
        .validate(&found.currency, actor.reseller.show_toman, balance, latest_today(now))
        .map_err(AppError::Validation)?;
    record_payment(&txn, &found, valid, now).await?;
    audit::record(&txn, entry(actor, AuditAction::InvoicePaymentAdded, &found)).await?;
    txn.commit().await?;
    Ok(())
}

/// Records `payment` (above zero, at most the balance) on `found`, read in the same
/// transaction: the transaction row, what is paid, and Paid when it settles the balance.
/// Shared by the reseller's Add payment and the client portal's payment methods. A status
/// that takes no payment, or an invoice changed since it was read, is a `Conflict`.
pub async fn record_payment(
    db: &impl ConnectionTrait,
    found: &invoice::Model,
    payment: ValidPayment,
    now: OffsetDateTime,
) -> Result<InvoiceStatus, AppError> {
    let from = found.status;
    let balance = found.total - found.amount_paid;
    if payment.amount <= 0 || payment.amount > balance {
        return Err(AppError::Conflict);
    }
    let settles = payment.amount == balance;
    let to = from.after(InvoiceEvent::Payment { settles }).ok_or(AppError::Conflict)?;
    pay(db, found, from, to, payment.amount, now).await?;
    invoice_transaction::ActiveModel {
        invoice_id: Set(found.id),
        paid_on: Set(payment.paid_on),
        method: Set(payment.method),
        reference: Set(payment.reference),
        amount: Set(payment.amount),
        fee: Set(payment.fee),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to)
}

/// Marks an invoice paid (recording what is still owed as a payment today, method other),
/// unpaid (from paid, undoing its recorded payments, or from cancelled unless its order was
/// cancelled or is fraud) or cancelled (from draft, unpaid or payment pending, with nothing
/// paid on it). A change its status does not allow is a `Conflict`.
pub async fn mark_invoice(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    number: i64,
    mark: InvoiceMark,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_invoice(&txn, actor.reseller.id, number).await?;
    let from = found.status;
    let to = from.after(mark.event()).ok_or(AppError::Conflict)?;
    match mark {
        InvoiceMark::Paid => {
            let balance = (found.total - found.amount_paid).max(0);
            pay(&txn, &found, from, to, balance, now).await?;
            if balance > 0 {
                invoice_transaction::ActiveModel {
                    invoice_id: Set(found.id),
                    paid_on: Set(now.date()),
                    method: Set(PaymentMethod::Other),
                    reference: Set(String::new()),
                    amount: Set(balance),
                    fee: Set(0),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?;
            }
        }
        InvoiceMark::Unpaid | InvoiceMark::Cancelled => {
            // Cancelling would drop received money from the books: it needs no payments on it.
            if mark == InvoiceMark::Cancelled && found.amount_paid != 0 {
                return Err(AppError::Conflict);
            }
            // Reopening an invoice of a cancelled or fraudulent order would bill what was called off.
            if from == InvoiceStatus::Cancelled && order_is_final(&txn, &found).await? {
                return Err(AppError::Conflict);
            }
            // Marking unpaid undoes the payments recorded on it (a payment entered by mistake);
            // the audit row keeps what was undone.
            if mark == InvoiceMark::Unpaid && found.amount_paid != 0 {
                return_credit(&txn, &found).await?;
                invoice_transaction::Entity::delete_many()
                    .filter(invoice_transaction::Column::InvoiceId.eq(found.id))
                    .exec(&txn)
                    .await?;
            }
            let paid_at = if to == InvoiceStatus::Unpaid { None } else { found.paid_at };
            let amount_paid = if to == InvoiceStatus::Unpaid { 0 } else { found.amount_paid };
            let moved = invoice::Entity::update_many()
                .col_expr(invoice::Column::Status, Expr::value(to.code()))
                .col_expr(invoice::Column::PaidAt, Expr::value(paid_at))
                .col_expr(invoice::Column::AmountPaid, Expr::value(amount_paid))
                .filter(invoice::Column::Id.eq(found.id))
                .filter(invoice::Column::Status.eq(from))
                .filter(invoice::Column::AmountPaid.eq(found.amount_paid))
                .exec(&txn)
                .await?;
            if moved.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
        }
    }
    audit::record(&txn, entry(actor, mark.audit_action(), &found)).await?;
    txn.commit().await?;
    Ok(())
}

/// Gives back to the client's credit balance what was paid on `bill` from it, before its
/// payments are undone: undoing a payment must not make the client's money disappear.
async fn return_credit(txn: &impl ConnectionTrait, bill: &invoice::Model) -> Result<(), AppError> {
    let from_credit: i64 = invoice_transaction::Entity::find()
        .filter(invoice_transaction::Column::InvoiceId.eq(bill.id))
        .filter(invoice_transaction::Column::Method.eq(PaymentMethod::Credit))
        .all(txn)
        .await?
        .iter()
        .map(|t| t.amount)
        .sum();
    if from_credit == 0 {
        return Ok(());
    }
    let returned = client::Entity::update_many()
        .col_expr(
            client::Column::CreditBalance,
            sea_orm::sea_query::ExprTrait::add(Expr::col(client::Column::CreditBalance), from_credit),
        )
        .filter(client::Column::Id.eq(bill.client_id))
        .filter(client::Column::Currency.eq(&bill.currency))
        .exec(txn)
        .await?;
    // Credit is held in the client's currency; one that changed since cannot take it back.
    if returned.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// Whether the order an invoice bills was cancelled or marked as fraud.
async fn order_is_final(db: &impl ConnectionTrait, bill: &invoice::Model) -> Result<bool, AppError> {
    let Some(order_id) = bill.order_id else {
        return Ok(false);
    };
    let status = crate::entities::order::Entity::find_by_id(order_id).one(db).await?.map(|o| o.status);
    Ok(matches!(status, Some(OrderStatus::Cancelled | OrderStatus::Fraud)))
}

/// Adds `amount` to what was paid and moves the status to `to` (stamping `paid_at` when that
/// is Paid), only from what was read: of two payments racing, the second finds the invoice
/// changed and is refused rather than paying it twice.
async fn pay(
    db: &impl ConnectionTrait,
    found: &invoice::Model,
    from: InvoiceStatus,
    to: InvoiceStatus,
    amount: i64,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let paid_at = if to == InvoiceStatus::Paid { Some(now) } else { found.paid_at };
    let moved = invoice::Entity::update_many()
        .col_expr(invoice::Column::AmountPaid, Expr::value(found.amount_paid + amount))
        .col_expr(invoice::Column::Status, Expr::value(to.code()))
        .col_expr(invoice::Column::PaidAt, Expr::value(paid_at))
        .filter(invoice::Column::Id.eq(found.id))
        .filter(invoice::Column::Status.eq(from))
        .filter(invoice::Column::AmountPaid.eq(found.amount_paid))
        .exec(db)
        .await?;
    if moved.rows_affected == 1 { Ok(()) } else { Err(AppError::Conflict) }
}

fn entry<'a>(actor: &'a Actor<'a>, action: AuditAction, found: &invoice::Model) -> AuditEntry<'a> {
    AuditEntry {
        reseller_id: actor.reseller.id,
        actor_kind: ActorKind::Reseller,
        actor_id: actor.reseller.id,
        action,
        target_kind: TargetKind::Invoice,
        target_id: found.id,
        detail: format!("#{}", found.number),
        ip: actor.ip,
    }
}

/// The brand colour if it is one (`#rrggbb`), so nothing else reaches the invoice's style sheet.
fn brand_color(stored: &str) -> Option<String> {
    let valid = stored.len() == 7 && stored.starts_with('#') && stored[1..].chars().all(|c| c.is_ascii_hexdigit());
    valid.then(|| stored.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_latest_today_is_ahead_of_utc_by_fourteen_hours() {
        assert_eq!(latest_today(datetime!(2026-11-27 09:59 UTC)).to_string(), "2026-11-27");
        assert_eq!(latest_today(datetime!(2026-11-27 10:00 UTC)).to_string(), "2026-11-28");
    }

    #[test]
    fn only_colours_reach_the_page() {
        assert_eq!(brand_color("#0f766e").as_deref(), Some("#0f766e"));
        assert_eq!(brand_color("red;background:url(x)"), None);
        assert_eq!(brand_color("#12345"), None);
    }
}
