//! Payments and status changes on invoices, their audit trail, the list and the printable
//! detail, and tenant isolation, on SQLite and PostgreSQL.

use crate::support;
use app::orders::PlacedBy;
use app::orders::manage::OrderStatus;

use app::clients::service::Actor;
use app::entities::{audit_log, client, invoice, invoice_item, invoice_transaction, order, reseller};
use app::error::{AppError, FieldError, FieldProblem};
use app::invoices::service::{add_payment, invoice_detail, list_invoices, mark_invoice};
use app::invoices::{InvoiceListQuery, InvoiceMark, InvoiceStatus, PaymentInput};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use time::macros::{date, datetime};

/// Noon UTC: already the next day from UTC+12 on, so the 28th is not yet in the future.
const NOW: OffsetDateTime = datetime!(2026-11-27 12:00 UTC);
const IP: &str = "203.0.113.5";
const TOTAL: i64 = 1_000_000;

async fn reseller(db: &DatabaseConnection, slug: &str, toman: bool) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    let found = reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    let mut row: reseller::ActiveModel = found.into();
    row.show_toman = Set(toman);
    row.primary_color = Set("#0f766e".into());
    row.update(db).await.unwrap()
}

fn actor(r: &reseller::Model) -> Actor<'_> {
    Actor { reseller: r, ip: Some(IP) }
}

async fn client_of(db: &DatabaseConnection, r: &reseller::Model, email: &str) -> client::Model {
    support::new_client(r.id, email).insert(db).await.unwrap()
}

/// An IRR invoice of `TOTAL` Rial for `c`, numbered after the reseller's last one, with two
/// lines and `paid` already paid.
async fn invoice_of(db: &DatabaseConnection, c: &client::Model, status: &str, paid: i64) -> invoice::Model {
    let bill = support::insert_invoice(db, c, status, TOTAL, paid, NOW).await;
    for (description, amount) in [("Linux hosting Starter (sara.ir)", 800_000), ("Daily backup", 200_000)] {
        invoice_item::ActiveModel {
            invoice_id: Set(bill.id),
            description: Set(description.into()),
            amount: Set(amount),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    bill
}

fn payment(paid_on: &str, amount: &str, fee: &str) -> PaymentInput {
    PaymentInput {
        paid_on: paid_on.into(),
        method: "card".into(),
        reference: "REF-77".into(),
        amount: amount.into(),
        fee: fee.into(),
        toman: None,
    }
}

async fn reload(db: &DatabaseConnection, id: i64) -> invoice::Model {
    invoice::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

async fn transactions(db: &DatabaseConnection, id: i64) -> Vec<invoice_transaction::Model> {
    invoice_transaction::Entity::find().filter(invoice_transaction::Column::InvoiceId.eq(id)).all(db).await.unwrap()
}

async fn audit_actions(db: &DatabaseConnection) -> Vec<String> {
    audit_log::Entity::find().all(db).await.unwrap().into_iter().map(|a| a.action.code().to_owned()).collect()
}

fn field_error(field: &str, problem: FieldProblem) -> Result<(), AppError> {
    Err(AppError::Validation(vec![FieldError { field: field.into(), problem }]))
}

async fn a_part_payment_then_the_rest_makes_it_paid(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;

    add_payment(db, &actor(&me), bill.number, &payment("2026-11-26", "400,000", "2500"), NOW).await.unwrap();
    let part = reload(db, bill.id).await;
    assert_eq!((part.status.code(), part.amount_paid, part.paid_at), ("unpaid", 400_000, None));
    let recorded = transactions(db, bill.id).await;
    assert_eq!(recorded.len(), 1);
    let t = &recorded[0];
    assert_eq!(
        (t.paid_on, t.method.code(), t.reference.as_str(), t.amount, t.fee),
        (date!(2026 - 11 - 26), "card", "REF-77", 400_000, 2_500)
    );

    // At noon UTC the 28th has begun from UTC+12 on, so it is not in the future.
    add_payment(db, &actor(&me), bill.number, &payment("2026-11-28", "600000", ""), NOW).await.unwrap();
    let paid = reload(db, bill.id).await;
    assert_eq!((paid.status.code(), paid.amount_paid, paid.paid_at), ("paid", TOTAL, Some(NOW)));
    assert_eq!(transactions(db, bill.id).await.len(), 2);

    let more = add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "1", ""), NOW).await;
    assert_eq!(more, Err(AppError::Conflict), "a paid invoice takes no more payments");
    assert_eq!(audit_actions(db).await, ["invoice.payment_added", "invoice.payment_added"]);
    let row = audit_log::Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!(
        (row.target_kind.map(|c| c.code()), row.target_id, row.ip.as_deref(), row.actor_id),
        (Some("invoice"), Some(bill.id), Some(IP), me.id)
    );
}

async fn a_toman_reseller_types_toman_and_rial_is_stored(db: &DatabaseConnection) {
    let me = reseller(db, "mine", true).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "۶۰٬۰۰۰", "۵۰۰"), NOW).await.unwrap();
    let t = &transactions(db, bill.id).await[0];
    assert_eq!((t.amount, t.fee), (600_000, 5_000));
    assert_eq!(
        add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "40000.1", ""), NOW).await,
        field_error("amount", FieldProblem::OutOfRange),
        "one Rial over the balance"
    );
    add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "39999.9", ""), NOW).await.unwrap();
    let short = reload(db, bill.id).await;
    assert_eq!((short.status.code(), short.amount_paid), ("unpaid", TOTAL - 1), "one Rial short is not paid");
    add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "0.1", ""), NOW).await.unwrap();
    assert_eq!(reload(db, bill.id).await.status, InvoiceStatus::Paid);
}

async fn payments_outside_the_rules_are_field_errors_and_store_nothing(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let bill = invoice_of(db, &sara, "unpaid", 300_000).await;
    let pay = |input: PaymentInput| {
        let me = me.clone();
        async move { add_payment(db, &actor(&me), bill.number, &input, NOW).await }
    };
    assert_eq!(
        pay(payment("2026-11-27", "700001", "")).await,
        field_error("amount", FieldProblem::OutOfRange),
        "over the balance"
    );
    assert_eq!(pay(payment("2026-11-27", "0", "")).await, field_error("amount", FieldProblem::OutOfRange));
    assert_eq!(
        pay(payment("2026-11-27", "1000", "1001")).await,
        field_error("fee", FieldProblem::OutOfRange),
        "fee above the amount"
    );
    assert_eq!(
        pay(payment("2026-11-29", "1000", "")).await,
        field_error("paid_on", FieldProblem::OutOfRange),
        "in the future everywhere"
    );
    let cheque = PaymentInput { method: "cheque".into(), ..payment("2026-11-27", "1000", "") };
    assert_eq!(pay(cheque).await, field_error("method", FieldProblem::InvalidChoice));
    assert_eq!(
        pay(payment("", "", "")).await,
        Err(AppError::Validation(vec![
            FieldError { field: "paid_on".into(), problem: FieldProblem::Required },
            FieldError { field: "amount".into(), problem: FieldProblem::Required },
        ]))
    );

    let unchanged = reload(db, bill.id).await;
    assert_eq!((unchanged.status.code(), unchanged.amount_paid), ("unpaid", 300_000));
    assert!(transactions(db, bill.id).await.is_empty());
    assert!(audit_actions(db).await.is_empty());
}

async fn only_open_invoices_take_payments(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    for status in ["draft", "payment_pending"] {
        let bill = invoice_of(db, &sara, status, 0).await;
        add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "1000", ""), NOW).await.unwrap();
        assert_eq!(reload(db, bill.id).await.status.code(), status, "a part payment keeps {status}");
        add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "999000", ""), NOW).await.unwrap();
        assert_eq!(reload(db, bill.id).await.status, InvoiceStatus::Paid);
    }
    for status in ["paid", "cancelled", "refunded", "collections"] {
        let bill = invoice_of(db, &sara, status, 0).await;
        assert_eq!(
            add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "1000", ""), NOW).await,
            Err(AppError::Conflict),
            "{status}"
        );
        assert!(transactions(db, bill.id).await.is_empty());
    }
}

async fn mark_paid_records_the_balance_as_a_payment(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let bill = invoice_of(db, &sara, "unpaid", 300_000).await;
    mark_invoice(db, &actor(&me), bill.number, InvoiceMark::Paid, NOW).await.unwrap();
    let paid = reload(db, bill.id).await;
    assert_eq!((paid.status.code(), paid.amount_paid, paid.paid_at), ("paid", TOTAL, Some(NOW)));
    let recorded = transactions(db, bill.id).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].paid_on, recorded[0].method.code(), recorded[0].amount, recorded[0].fee),
        (NOW.date(), "other", 700_000, 0)
    );
    assert_eq!(mark_invoice(db, &actor(&me), bill.number, InvoiceMark::Paid, NOW).await, Err(AppError::Conflict));
    assert_eq!(transactions(db, bill.id).await.len(), 1, "paid once only");
    assert_eq!(audit_actions(db).await, ["invoice.marked_paid"]);
}

async fn mark_unpaid_reopens_paid_cancelled_and_payment_pending_invoices(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    add_payment(db, &actor(&me), bill.number, &payment("2026-11-27", "1000000", ""), NOW).await.unwrap();
    mark_invoice(db, &actor(&me), bill.number, InvoiceMark::Unpaid, NOW).await.unwrap();
    let reopened = reload(db, bill.id).await;
    // Marking unpaid undoes the recorded payment (entered by mistake): the books agree again.
    assert_eq!((reopened.status.code(), reopened.paid_at, reopened.amount_paid), ("unpaid", None, 0));
    assert_eq!(transactions(db, bill.id).await.len(), 0);
    assert_eq!(
        mark_invoice(db, &actor(&me), bill.number, InvoiceMark::Unpaid, NOW).await,
        Err(AppError::Conflict),
        "already unpaid"
    );

    let cancelled = invoice_of(db, &sara, "cancelled", 0).await;
    mark_invoice(db, &actor(&me), cancelled.number, InvoiceMark::Unpaid, NOW).await.unwrap();
    assert_eq!(reload(db, cancelled.id).await.status, InvoiceStatus::Unpaid);
    // The client said they sent a bank transfer that never arrived: the invoice is open again.
    let awaited = invoice_of(db, &sara, "payment_pending", 0).await;
    mark_invoice(db, &actor(&me), awaited.number, InvoiceMark::Unpaid, NOW).await.unwrap();
    assert_eq!(reload(db, awaited.id).await.status, InvoiceStatus::Unpaid);
    // An invoice of a cancelled order stays cancelled: reopening it would bill what was called off.
    let order = order::ActiveModel {
        status: Set(OrderStatus::Cancelled),
        total: Set(TOTAL),
        created_at: Set(NOW),
        ..support::order_for(me.id, sara.id, 1)
    }
    .insert(db)
    .await
    .unwrap();
    let of_cancelled_order = invoice_of(db, &sara, "cancelled", 0).await;
    let mut linked: invoice::ActiveModel = of_cancelled_order.clone().into();
    linked.order_id = Set(Some(order.id));
    linked.update(db).await.unwrap();
    assert_eq!(
        mark_invoice(db, &actor(&me), of_cancelled_order.number, InvoiceMark::Unpaid, NOW).await,
        Err(AppError::Conflict)
    );
    for status in ["draft", "refunded", "collections"] {
        let other = invoice_of(db, &sara, status, 0).await;
        assert_eq!(
            mark_invoice(db, &actor(&me), other.number, InvoiceMark::Unpaid, NOW).await,
            Err(AppError::Conflict),
            "{status}"
        );
    }
    assert_eq!(
        audit_actions(db).await,
        ["invoice.payment_added", "invoice.marked_unpaid", "invoice.marked_unpaid", "invoice.marked_unpaid"]
    );
}

/// A form drawn in Toman and posted after the reseller switched to Rial would record a tenth
/// of the money: it is refused and nothing is recorded.
async fn a_payment_typed_in_another_unit_is_refused(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let in_toman = PaymentInput { toman: Some(true), ..payment("2026-11-27", "100000", "") };
    assert_eq!(add_payment(db, &actor(&me), bill.number, &in_toman, NOW).await, Err(AppError::Conflict));
    assert_eq!(reload(db, bill.id).await.amount_paid, 0);
    let in_rial = PaymentInput { toman: Some(false), ..payment("2026-11-27", "100000", "") };
    add_payment(db, &actor(&me), bill.number, &in_rial, NOW).await.unwrap();
    assert_eq!(reload(db, bill.id).await.amount_paid, 100_000);
}

async fn mark_cancelled_only_from_open_statuses(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    for status in ["draft", "unpaid", "payment_pending"] {
        let bill = invoice_of(db, &sara, status, 0).await;
        mark_invoice(db, &actor(&me), bill.number, InvoiceMark::Cancelled, NOW).await.unwrap();
        let cancelled = reload(db, bill.id).await;
        assert_eq!((cancelled.status.code(), cancelled.amount_paid), ("cancelled", 0), "from {status}");
    }
    // Money received stays on the books: a part-paid invoice is not cancelled.
    let part_paid = invoice_of(db, &sara, "unpaid", 100).await;
    assert_eq!(
        mark_invoice(db, &actor(&me), part_paid.number, InvoiceMark::Cancelled, NOW).await,
        Err(AppError::Conflict)
    );
    assert_eq!(reload(db, part_paid.id).await.status, InvoiceStatus::Unpaid);
    for status in ["paid", "cancelled", "refunded", "collections"] {
        let bill = invoice_of(db, &sara, status, 0).await;
        assert_eq!(
            mark_invoice(db, &actor(&me), bill.number, InvoiceMark::Cancelled, NOW).await,
            Err(AppError::Conflict),
            "{status}"
        );
        assert_eq!(reload(db, bill.id).await.status.code(), status);
    }
    assert_eq!(audit_actions(db).await, ["invoice.cancelled"; 3]);
}

async fn another_resellers_invoice_is_not_found(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let other = reseller(db, "other", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let reza = client_of(db, &other, "reza@example.com").await;
    let mine = invoice_of(db, &sara, "unpaid", 0).await;
    let theirs_first = invoice_of(db, &reza, "unpaid", 0).await;
    let theirs_second = invoice_of(db, &reza, "paid", TOTAL).await;
    assert_eq!((mine.number, theirs_first.number, theirs_second.number), (1, 1, 2), "numbers are per reseller");

    assert_eq!(invoice_detail(db, me.id, 2).await.map(drop), Err(AppError::NotFound));
    assert_eq!(add_payment(db, &actor(&me), 2, &payment("2026-11-27", "1", ""), NOW).await, Err(AppError::NotFound));
    for mark in InvoiceMark::ALL {
        assert_eq!(mark_invoice(db, &actor(&me), 2, mark, NOW).await, Err(AppError::NotFound), "{mark:?}");
    }
    assert_eq!(reload(db, theirs_second.id).await.status, InvoiceStatus::Paid);

    // The same number names each reseller's own invoice.
    add_payment(db, &actor(&me), 1, &payment("2026-11-27", "1000", ""), NOW).await.unwrap();
    mark_invoice(db, &actor(&me), 1, InvoiceMark::Paid, NOW).await.unwrap();
    assert_eq!((reload(db, mine.id).await.amount_paid, reload(db, mine.id).await.status), (TOTAL, InvoiceStatus::Paid));
    let untouched = reload(db, theirs_first.id).await;
    assert_eq!((untouched.amount_paid, untouched.status.code()), (0, "unpaid"));
    assert!(transactions(db, theirs_first.id).await.is_empty());
    assert_eq!(invoice_detail(db, me.id, 1).await.unwrap().bill_to.email, "sara@example.com");

    let listed = list_invoices(db, me.id, &InvoiceListQuery::default()).await.unwrap();
    assert_eq!((listed.total, listed.rows.len(), listed.rows[0].client_id), (1, 1, sara.id));
}

async fn the_list_filters_by_status_and_pages(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    for n in 1..=27 {
        invoice_of(db, &sara, if n % 9 == 0 { "paid" } else { "unpaid" }, 0).await;
    }
    let first = list_invoices(db, me.id, &InvoiceListQuery::default()).await.unwrap();
    assert_eq!((first.total, first.page, first.pages(), first.rows.len()), (27, 1, 2, 25));
    let top = &first.rows[0];
    assert_eq!(
        (top.number, top.client_name.as_str(), top.total.amount, top.paid.amount),
        (27, "Sara Ahmadi", TOTAL, 0)
    );
    assert_eq!((top.issued_on, top.due_on), (date!(2026 - 11 - 20), date!(2026 - 11 - 27)));
    let second = list_invoices(db, me.id, &InvoiceListQuery { status: None, page: 2 }).await.unwrap();
    assert_eq!(second.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [2, 1]);
    let paid =
        list_invoices(db, me.id, &InvoiceListQuery { status: Some(InvoiceStatus::Paid), page: 5 }).await.unwrap();
    assert_eq!((paid.total, paid.page), (3, 1), "a page past the end shows the last one");
    assert_eq!(paid.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [27, 18, 9]);
}

async fn the_printable_invoice_has_the_brand_the_client_and_the_payments(db: &DatabaseConnection) {
    let me = reseller(db, "mine", false).await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let placed = order::ActiveModel {
        placed_by: Set(PlacedBy::Client),
        total: Set(TOTAL),
        created_at: Set(NOW),
        ..support::order_for(me.id, sara.id, 7)
    }
    .insert(db)
    .await
    .unwrap();
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let mut linked: invoice::ActiveModel = bill.clone().into();
    linked.order_id = Set(Some(placed.id));
    linked.update(db).await.unwrap();
    add_payment(db, &actor(&me), bill.number, &payment("2026-11-25", "250000", "1000"), NOW).await.unwrap();

    let detail = invoice_detail(db, me.id, bill.number).await.unwrap();
    assert_eq!((detail.number, detail.status, detail.currency.as_str()), (1, InvoiceStatus::Unpaid, "IRR"));
    assert_eq!((detail.total, detail.amount_paid, detail.balance()), (TOTAL, 250_000, 750_000));
    assert_eq!((detail.issued_on, detail.due_on, detail.paid_on), (date!(2026 - 11 - 20), date!(2026 - 11 - 27), None));
    assert_eq!(detail.order_number, Some(7));
    assert_eq!(
        (detail.brand.name.as_str(), detail.brand.color.as_deref(), detail.brand.support_email.as_str()),
        ("MINE", Some("#0f766e"), "support@mine.example.com")
    );
    let to = &detail.bill_to;
    assert_eq!(
        (to.client_id, to.name.as_str(), to.email.as_str(), to.country.as_str()),
        (sara.id, "Sara Ahmadi", "sara@example.com", "IR")
    );
    assert_eq!(detail.items.iter().map(|i| i.amount).collect::<Vec<_>>(), [800_000, 200_000]);
    assert_eq!(detail.transactions.len(), 1);
    assert_eq!((detail.transactions[0].method.code(), detail.transactions[0].fee), ("card", 1_000));
    assert_eq!(invoice_detail(db, me.id, 99).await.map(drop), Err(AppError::NotFound));
}

on_both_backends!(
    a_part_payment_then_the_rest_makes_it_paid,
    a_toman_reseller_types_toman_and_rial_is_stored,
    payments_outside_the_rules_are_field_errors_and_store_nothing,
    only_open_invoices_take_payments,
    mark_paid_records_the_balance_as_a_payment,
    mark_unpaid_reopens_paid_cancelled_and_payment_pending_invoices,
    a_payment_typed_in_another_unit_is_refused,
    mark_cancelled_only_from_open_statuses,
    another_resellers_invoice_is_not_found,
    the_list_filters_by_status_and_pages,
    the_printable_invoice_has_the_brand_the_client_and_the_payments,
);
