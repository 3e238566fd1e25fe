//! The client portal's invoices: the list and the invoice scoped to the signed-in client,
//! paying from credit and by bank transfer, the reseller's payment settling a claimed
//! transfer, the payments option, and the audit trail, on SQLite and PostgreSQL.

use crate::support;

use app::clients::service::Actor;
use app::entities::{audit_log, client, email_outbox, invoice, invoice_item, invoice_transaction, reseller};
use app::error::AppError;
use app::invoices::service::{add_payment, mark_invoice};
use app::invoices::{InvoiceMark, InvoiceStatus, PaymentInput, PaymentMethod};
use app::portal::billing::service::{invoice_view, list_invoices, pay_invoice};
use app::portal::billing::{PayOutcome, PayPrompt, PortalInvoiceQuery};
use app::portal::{PortalAccess, PortalPermission};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-27 12:00 UTC);
const IP: &str = "198.51.100.7";
const ORIGIN: &str = "https://desk.example.com";
const TOTAL: i64 = 1_000_000;
const BANK_TEXT: &str = "Bank Melli, IBAN IR06 0170 0000 0012 3456 7890 01, Pars Web Co.";

async fn reseller(db: &DatabaseConnection, slug: &str) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    let found = reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    let mut row: reseller::ActiveModel = found.into();
    row.bank_transfer_text = Set(BANK_TEXT.into());
    row.pay_to_text = Set(format!("{slug} Ltd\n1 Pay Street"));
    row.update(db).await.unwrap()
}

async fn set_payments(db: &DatabaseConnection, r: &reseller::Model, allowed: bool) -> reseller::Model {
    let mut row: reseller::ActiveModel = r.clone().into();
    row.allow_portal_payments = Set(allowed);
    row.update(db).await.unwrap()
}

async fn client_of(
    db: &DatabaseConnection,
    r: &reseller::Model,
    email: &str,
    currency: &str,
    credit: i64,
) -> client::Model {
    client::ActiveModel {
        currency: Set(currency.into()),
        credit_balance: Set(credit),
        ..support::new_client(r.id, email)
    }
    .insert(db)
    .await
    .unwrap()
}

/// An IRR invoice of `TOTAL` for `c` with one line, numbered after the reseller's last one.
async fn invoice_of(db: &DatabaseConnection, c: &client::Model, status: &str, paid: i64) -> invoice::Model {
    let bill = support::insert_invoice(db, c, status, TOTAL, paid, NOW).await;
    invoice_item::ActiveModel {
        invoice_id: Set(bill.id),
        description: Set("VPS 2 GB (vps1.sara.ir)".into()),
        amount: Set(TOTAL),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    bill
}

/// The client's portal session; `acting` when their reseller signed in as them.
fn access(r: &reseller::Model, c: &client::Model, acting: bool) -> PortalAccess {
    PortalAccess {
        reseller: r.clone(),
        client: c.clone(),
        acting_reseller_id: acting.then_some(r.id),
        ip: Some(IP.into()),
    }
}

async fn reload(db: &DatabaseConnection, id: i64) -> invoice::Model {
    invoice::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

async fn credit(db: &DatabaseConnection, c: &client::Model) -> i64 {
    client::Entity::find_by_id(c.id).one(db).await.unwrap().unwrap().credit_balance
}

async fn transactions(db: &DatabaseConnection, id: i64) -> Vec<invoice_transaction::Model> {
    invoice_transaction::Entity::find().filter(invoice_transaction::Column::InvoiceId.eq(id)).all(db).await.unwrap()
}

async fn audit_rows(db: &DatabaseConnection) -> Vec<audit_log::Model> {
    audit_log::Entity::find().all(db).await.unwrap()
}

/// The queued emails: template, recipient, client, and the text body.
async fn outbox(db: &DatabaseConnection) -> Vec<(String, String, Option<i64>, String)> {
    email_outbox::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.template.code().to_owned(), e.to_address, e.client_id, e.body_text))
        .collect()
}

async fn pay(
    db: &DatabaseConnection,
    who: &PortalAccess,
    bill: &invoice::Model,
    gateway: &str,
) -> Result<PayOutcome, AppError> {
    pay_invoice(db, who, bill.number, gateway, bill.amount_paid, ORIGIN, NOW).await
}

async fn offered(db: &DatabaseConnection, who: &PortalAccess, number: i64) -> Vec<String> {
    invoice_view(db, who, number).await.unwrap().pay_options.into_iter().map(|o| o.gateway).collect()
}

async fn the_list_and_the_invoice_are_the_clients_own(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let other = reseller(db, "other").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 0).await;
    let reza = client_of(db, &mine, "reza@example.com", "IRR", 0).await;
    let paid = invoice_of(db, &sara, "paid", TOTAL).await;
    let unpaid = invoice_of(db, &sara, "unpaid", 0).await;
    let draft = invoice_of(db, &sara, "draft", 0).await;
    let rezas = invoice_of(db, &reza, "unpaid", 0).await;
    let stranger = client_of(db, &other, "sara@example.com", "IRR", 0).await;
    let strangers = invoice_of(db, &stranger, "unpaid", 0).await;
    assert_eq!(strangers.number, 1, "the other reseller's numbers overlap this one's");

    let list = list_invoices(db, &access(&mine, &sara, false), &PortalInvoiceQuery::default()).await.unwrap();
    let numbers: Vec<i64> = list.rows.iter().map(|r| r.number).collect();
    assert_eq!(numbers, [unpaid.number, paid.number], "the unpaid one first; no draft, no other client's");
    assert_eq!(list.total, 2);
    assert_eq!((list.rows[0].balance, list.rows[1].balance), (TOTAL, 0));
    let only_paid = PortalInvoiceQuery { status: Some(InvoiceStatus::Paid), page: 1 };
    let list = list_invoices(db, &access(&mine, &sara, false), &only_paid).await.unwrap();
    assert_eq!(list.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [paid.number]);

    let sara_at = access(&mine, &sara, false);
    let view = invoice_view(db, &sara_at, unpaid.number).await.unwrap();
    assert_eq!(
        (view.invoice.number, view.invoice.bill_to.client_id, view.invoice.balance()),
        (unpaid.number, sara.id, TOTAL)
    );
    assert_eq!(view.invoice.brand.pay_to, "mine Ltd\n1 Pay Street");
    for number in [rezas.number, draft.number, 999] {
        assert_eq!(invoice_view(db, &sara_at, number).await, Err(AppError::NotFound), "#{number}");
        assert_eq!(
            pay_invoice(db, &sara_at, number, "bank_transfer", 0, ORIGIN, NOW).await,
            Err(AppError::NotFound),
            "#{number}"
        );
    }
    // The other reseller's client has an invoice #1 of their own, but none numbered like Sara's.
    let stranger_at = access(&other, &stranger, false);
    assert_eq!(invoice_view(db, &stranger_at, unpaid.number).await, Err(AppError::NotFound));
    assert_eq!(invoice_view(db, &stranger_at, 1).await.unwrap().invoice.bill_to.client_id, stranger.id);
    assert_eq!(reload(db, rezas.id).await.status, InvoiceStatus::Unpaid, "nothing changed on another client's invoice");
    assert!(audit_rows(db).await.is_empty());
}

async fn credit_pays_the_whole_balance(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 1_500_000).await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let who = access(&mine, &sara, false);
    let view = invoice_view(db, &who, bill.number).await.unwrap();
    let credit_option = view.pay_options.iter().find(|o| o.gateway == "credit").expect("credit offered");
    assert_eq!(credit_option.method, PaymentMethod::Credit);
    assert_eq!(credit_option.prompt, PayPrompt::Immediate { amount: TOTAL, available: 1_500_000 });

    assert_eq!(pay(db, &who, &bill, "credit").await, Ok(PayOutcome::Paid { amount: TOTAL, settled: true }));
    let paid = reload(db, bill.id).await;
    assert_eq!((paid.status.code(), paid.amount_paid, paid.paid_at), ("paid", TOTAL, Some(NOW)));
    assert_eq!(credit(db, &sara).await, 500_000);
    let recorded = transactions(db, bill.id).await;
    assert_eq!(recorded.len(), 1);
    assert_eq!(
        (recorded[0].method.code(), recorded[0].amount, recorded[0].fee, recorded[0].paid_on),
        ("credit", TOTAL, 0, NOW.date())
    );
    assert!(offered(db, &who, bill.number).await.is_empty(), "nothing to pay on a paid invoice");
    let emails = outbox(db).await;
    assert_eq!(emails.len(), 1, "{emails:?}");
    let (template, to, client_id, text) = &emails[0];
    assert_eq!((template.as_str(), to.as_str(), *client_id), ("invoice_paid", "sara@example.com", Some(sara.id)));
    assert!(text.contains(&format!("{ORIGIN}/portal/mine/invoices/{}", bill.number)), "{text}");
}

/// The reseller undoing the payments of an invoice paid from credit gives the credit back.
async fn marking_unpaid_returns_what_was_paid_from_credit(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 1_500_000).await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    pay(db, &access(&mine, &sara, false), &bill, "credit").await.unwrap();
    assert_eq!(credit(db, &sara).await, 500_000);
    let reseller_actor = Actor { reseller: &mine, ip: Some(IP) };
    mark_invoice(db, &reseller_actor, bill.number, InvoiceMark::Unpaid, NOW).await.unwrap();
    let undone = reload(db, bill.id).await;
    assert_eq!((undone.status.code(), undone.amount_paid), ("unpaid", 0));
    assert!(transactions(db, bill.id).await.is_empty());
    assert_eq!(credit(db, &sara).await, 1_500_000, "the credit is back");
}

async fn credit_pays_part_and_the_invoice_stays_unpaid(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 300_000).await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let who = access(&mine, &sara, false);
    assert_eq!(pay(db, &who, &bill, "credit").await, Ok(PayOutcome::Paid { amount: 300_000, settled: false }));
    let part = reload(db, bill.id).await;
    assert_eq!((part.status.code(), part.amount_paid, part.paid_at), ("unpaid", 300_000, None));
    assert_eq!(credit(db, &sara).await, 0);
    let view = invoice_view(db, &who, bill.number).await.unwrap();
    assert_eq!(view.invoice.balance(), 700_000);
    assert_eq!(
        view.pay_options.iter().map(|o| o.gateway.as_str()).collect::<Vec<_>>(),
        ["bank_transfer"],
        "no credit left to offer"
    );
    assert_eq!(pay(db, &who, &part, "credit").await, Err(AppError::Conflict), "no credit left to take");
    assert_eq!(reload(db, bill.id).await.amount_paid, 300_000);
    assert_eq!(transactions(db, bill.id).await.len(), 1);
    assert!(outbox(db).await.is_empty(), "a part payment emails no one");
}

async fn no_credit_pays_nothing(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 0).await;
    let dollars = client_of(db, &mine, "john@example.com", "USD", 5_000_000).await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let johns = invoice_of(db, &dollars, "unpaid", 0).await;
    for (c, b) in [(&sara, &bill), (&dollars, &johns)] {
        let who = access(&mine, c, false);
        assert_eq!(
            offered(db, &who, b.number).await,
            ["bank_transfer"],
            "{}: no credit in the invoice's currency",
            c.email
        );
        assert_eq!(pay(db, &who, b, "credit").await, Err(AppError::Conflict), "{}", c.email);
        let after = reload(db, b.id).await;
        assert_eq!((after.status.code(), after.amount_paid), ("unpaid", 0));
        assert!(transactions(db, b.id).await.is_empty());
    }
    assert_eq!(credit(db, &dollars).await, 5_000_000, "dollar credit does not pay a Rial invoice");
    assert_eq!(pay(db, &access(&mine, &sara, false), &bill, "card").await, Err(AppError::Conflict), "no such gateway");
    assert!(audit_rows(db).await.is_empty());
}

async fn repeated_or_racing_credit_payments_never_overdraw_or_overpay(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 1_500_000).await;
    let first = invoice_of(db, &sara, "unpaid", 0).await;
    let second = invoice_of(db, &sara, "unpaid", 0).await;
    let who = access(&mine, &sara, false);

    // The same form submitted twice at once: one pays, the other finds the invoice changed.
    let (a, b) = tokio::join!(pay(db, &who, &first, "credit"), pay(db, &who, &first, "credit"));
    let mut results = [a, b];
    results.sort_by_key(|r| r.is_err());
    assert_eq!(results, [Ok(PayOutcome::Paid { amount: TOTAL, settled: true }), Err(AppError::Conflict)]);
    assert_eq!(credit(db, &sara).await, 500_000);
    assert_eq!(transactions(db, first.id).await.len(), 1);
    // Submitted again later, from the page as it was: refused.
    assert_eq!(pay(db, &who, &first, "credit").await, Err(AppError::Conflict));

    // Two invoices racing for the same credit: together they take no more than there is.
    let third = invoice_of(db, &sara, "unpaid", 0).await;
    let (a, b) = tokio::join!(pay(db, &who, &second, "credit"), pay(db, &who, &third, "credit"));
    let succeeded: Vec<PayOutcome> = [a, b].into_iter().filter_map(Result::ok).collect();
    assert_eq!(succeeded, [PayOutcome::Paid { amount: 500_000, settled: false }], "only one finds credit left");
    assert_eq!(credit(db, &sara).await, 0);
    assert_eq!(reload(db, second.id).await.amount_paid + reload(db, third.id).await.amount_paid, 500_000);
    let taken: i64 = invoice_transaction::Entity::find().all(db).await.unwrap().iter().map(|t| t.amount).sum();
    assert_eq!(taken, 1_500_000, "every Rial of credit paid once");
}

async fn a_claimed_transfer_waits_and_the_resellers_payment_settles_it(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 0).await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let who = access(&mine, &sara, false);
    let view = invoice_view(db, &who, bill.number).await.unwrap();
    assert_eq!(view.pay_options.len(), 1);
    assert_eq!(view.pay_options[0].method, PaymentMethod::BankTransfer);
    assert_eq!(view.pay_options[0].prompt, PayPrompt::Instructions { text: BANK_TEXT.into() });

    assert_eq!(pay(db, &who, &bill, "bank_transfer").await, Ok(PayOutcome::Pending));
    let pending = reload(db, bill.id).await;
    assert_eq!((pending.status.code(), pending.amount_paid), ("payment_pending", 0));
    assert!(transactions(db, bill.id).await.is_empty(), "a claim is not a payment");
    assert!(offered(db, &who, bill.number).await.is_empty(), "claimed once");
    assert_eq!(pay(db, &who, &bill, "bank_transfer").await, Err(AppError::Conflict), "a second claim");
    let emails = outbox(db).await;
    assert_eq!(emails.len(), 1, "the reseller hears of the claim once: {emails:?}");
    let (template, to, client_id, text) = &emails[0];
    assert_eq!((template.as_str(), to.as_str(), *client_id), ("payment_pending_reseller", "mine@example.com", None));
    assert!(
        text.contains(&format!("{ORIGIN}/reseller/invoices/{}", bill.number)) && text.contains("sara@example.com"),
        "{text}"
    );

    let input = PaymentInput {
        paid_on: "2026-11-27".into(),
        method: "bank_transfer".into(),
        reference: "TR-1".into(),
        amount: TOTAL.to_string(),
        fee: String::new(),
        toman: None,
    };
    add_payment(db, &Actor { reseller: &mine, ip: Some(IP) }, bill.number, &input, NOW).await.unwrap();
    let paid = reload(db, bill.id).await;
    assert_eq!((paid.status.code(), paid.amount_paid), ("paid", TOTAL));

    // A reseller who wrote no instructions does not offer transfers.
    let quiet = reseller(db, "quiet").await;
    let mut row: reseller::ActiveModel = quiet.into();
    row.bank_transfer_text = Set("  ".into());
    let quiet = row.update(db).await.unwrap();
    let reza = client_of(db, &quiet, "reza@example.com", "IRR", 0).await;
    let rezas = invoice_of(db, &reza, "unpaid", 0).await;
    let reza_at = access(&quiet, &reza, false);
    assert!(offered(db, &reza_at, rezas.number).await.is_empty());
    assert_eq!(pay(db, &reza_at, &rezas, "bank_transfer").await, Err(AppError::Conflict));
    assert_eq!(reload(db, rezas.id).await.status, InvoiceStatus::Unpaid);
}

/// A claimed transfer may still arrive: credit would pay the invoice a second time, so it is
/// offered again only once the reseller says the transfer never came.
async fn credit_waits_while_a_claimed_transfer_is_awaited(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 1_500_000).await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let who = access(&mine, &sara, false);
    assert_eq!(offered(db, &who, bill.number).await, ["credit", "bank_transfer"]);
    assert_eq!(pay(db, &who, &bill, "bank_transfer").await, Ok(PayOutcome::Pending));

    assert!(offered(db, &who, bill.number).await.is_empty(), "nothing while the transfer is awaited");
    assert_eq!(pay(db, &who, &bill, "credit").await, Err(AppError::Conflict), "a form from before the claim");
    let pending = reload(db, bill.id).await;
    assert_eq!((pending.status.code(), pending.amount_paid), ("payment_pending", 0));
    assert_eq!(credit(db, &sara).await, 1_500_000);
    assert!(transactions(db, bill.id).await.is_empty());

    mark_invoice(db, &Actor { reseller: &mine, ip: Some(IP) }, bill.number, InvoiceMark::Unpaid, NOW).await.unwrap();
    assert_eq!(offered(db, &who, bill.number).await, ["credit", "bank_transfer"], "the transfer never came");
    assert_eq!(pay(db, &who, &bill, "credit").await, Ok(PayOutcome::Paid { amount: TOTAL, settled: true }));
    assert_eq!(credit(db, &sara).await, 500_000);
}

async fn with_payments_off_the_invoice_shows_with_no_way_to_pay(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let mine = set_payments(db, &mine, false).await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 5_000_000).await;
    let bill = invoice_of(db, &sara, "unpaid", 0).await;
    let who = access(&mine, &sara, false);
    let view = invoice_view(db, &who, bill.number).await.unwrap();
    assert!(!view.payments_enabled && view.pay_options.is_empty(), "the invoice shows, with no way to pay");
    // Paying is refused by the portal's request (server/tests/portal_billing_http.rs), acting too.
    assert!(!PortalPermission::Pay.granted_to(&who));
    assert!(!PortalPermission::Pay.granted_to(&access(&mine, &sara, true)));
    assert!(PortalPermission::Pay.granted_to(&access(&set_payments(db, &mine, true).await, &sara, false)));
}

async fn payments_are_audited_naming_the_reseller_when_acting(db: &DatabaseConnection) {
    let mine = reseller(db, "mine").await;
    let sara = client_of(db, &mine, "sara@example.com", "IRR", 400_000).await;
    let by_credit = invoice_of(db, &sara, "unpaid", 0).await;
    let by_transfer = invoice_of(db, &sara, "unpaid", 0).await;

    pay(db, &access(&mine, &sara, true), &by_credit, "credit").await.unwrap();
    pay(db, &access(&mine, &sara, false), &by_transfer, "bank_transfer").await.unwrap();
    let rows = audit_rows(db).await;
    let seen: Vec<_> = rows
        .iter()
        .map(|a| {
            (
                a.action.code(),
                a.actor_kind.code(),
                a.actor_id,
                a.acting_as_client_id,
                a.target_id,
                a.reseller_id,
                a.ip.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("invoice.paid_by_credit", "reseller", mine.id, Some(sara.id), Some(by_credit.id), Some(mine.id), Some(IP)),
            ("invoice.transfer_claimed", "client", sara.id, None, Some(by_transfer.id), Some(mine.id), Some(IP)),
        ]
    );
    assert_eq!(rows[0].detail.as_deref(), Some(format!("#{}", by_credit.number).as_str()));
}

on_both_backends!(
    marking_unpaid_returns_what_was_paid_from_credit,
    the_list_and_the_invoice_are_the_clients_own,
    credit_pays_the_whole_balance,
    credit_pays_part_and_the_invoice_stays_unpaid,
    no_credit_pays_nothing,
    repeated_or_racing_credit_payments_never_overdraw_or_overpay,
    a_claimed_transfer_waits_and_the_resellers_payment_settles_it,
    credit_waits_while_a_claimed_transfer_is_awaited,
    with_payments_off_the_invoice_shows_with_no_way_to_pay,
    payments_are_audited_naming_the_reseller_when_acting,
);
