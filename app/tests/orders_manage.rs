//! Accepting, cancelling and marking orders as fraud, what that does to the order's services,
//! addons, domains and invoices, the audit trail, the list and the detail, and tenant
//! isolation, on SQLite and PostgreSQL.

use crate::support;
use app::catalog::ProductKind;
use app::values::BillingCycle;
use support::code;

use app::clients::service::Actor;
use app::entities::{
    addon, audit_log, client, domain, invoice, order, order_item, product, product_group, reseller, service,
    service_addon,
};
use app::error::AppError;
use app::orders::manage::service::{act_on_order, list_orders, order_detail};
use app::orders::manage::{OrderAction, OrderListQuery, OrderStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

/// Accepting on the last day of January: a month later is the end of February.
const NOW: OffsetDateTime = datetime!(2026-01-31 09:30 UTC);
const IP: &str = "198.51.100.7";

async fn reseller(db: &DatabaseConnection, slug: &str) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

fn actor(r: &reseller::Model) -> Actor<'_> {
    Actor { reseller: r, ip: Some(IP) }
}

async fn client_of(db: &DatabaseConnection, r: &reseller::Model, email: &str) -> client::Model {
    support::new_client(r.id, email).insert(db).await.unwrap()
}

/// The catalog rows services and addons point to: one product and one addon.
async fn catalog(db: &DatabaseConnection) -> (i64, i64) {
    if let (Some(p), Some(a)) =
        (product::Entity::find().one(db).await.unwrap(), addon::Entity::find().one(db).await.unwrap())
    {
        return (p.id, a.id);
    }
    let group = product_group::ActiveModel {
        name_fa: Set("میزبانی".into()),
        name_en: Set("Hosting".into()),
        sort_order: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let product = product::ActiveModel {
        group_id: Set(group.id),
        kind: Set(ProductKind::Hosting),
        name_fa: Set("هاست لینوکس".into()),
        name_en: Set("Linux hosting".into()),
        description_fa: Set(String::new()),
        description_en: Set(String::new()),
        active: Set(true),
        created_at: Set(NOW),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let addon = addon::ActiveModel {
        name_fa: Set("پشتیبان".into()),
        name_en: Set("Backup".into()),
        description_fa: Set(String::new()),
        description_en: Set(String::new()),
        active: Set(true),
        created_at: Set(NOW),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    (product.id, addon.id)
}

/// An order of `client`, numbered after the reseller's last one, with one line.
async fn order_of(db: &DatabaseConnection, c: &client::Model, status: &str) -> order::Model {
    let number =
        order::Entity::find().filter(order::Column::ResellerId.eq(c.reseller_id)).count(db).await.unwrap() as i64 + 1;
    let placed = order::ActiveModel {
        status: Set(code(status)),
        total: Set(12_000_000),
        created_at: Set(NOW),
        ..support::order_for(c.reseller_id, c.id, number)
    }
    .insert(db)
    .await
    .unwrap();
    order_item::ActiveModel {
        order_id: Set(placed.id),
        description: Set(format!("Linux hosting (order {number})")),
        billing_cycle: Set(Some(BillingCycle::Monthly)),
        amount: Set(12_000_000),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    placed
}

async fn service_of(db: &DatabaseConnection, o: &order::Model, status: &str, cycle: &str) -> i64 {
    let (product_id, _) = catalog(db).await;
    service::ActiveModel {
        reseller_id: Set(o.reseller_id),
        client_id: Set(o.client_id),
        order_id: Set(Some(o.id)),
        product_id: Set(product_id),
        label: Set(Some("example.ir".into())),
        status: Set(code(status)),
        billing_cycle: Set(code(cycle)),
        recurring_amount: Set(1_200_000),
        currency: Set("IRR".into()),
        next_due_on: Set(None),
        created_at: Set(NOW),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn addon_of(db: &DatabaseConnection, o: &order::Model, service_id: i64, status: &str, cycle: &str) -> i64 {
    let (_, addon_id) = catalog(db).await;
    service_addon::ActiveModel {
        order_id: Set(Some(o.id)),
        status: Set(code(status)),
        billing_cycle: Set(code(cycle)),
        recurring_amount: Set(150_000),
        created_at: Set(NOW),
        ..support::addon_on(o.reseller_id, o.client_id, service_id, addon_id)
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn domain_of(db: &DatabaseConnection, o: &order::Model, name: &str, kind: &str, status: &str) -> i64 {
    domain::ActiveModel {
        reseller_id: Set(o.reseller_id),
        client_id: Set(o.client_id),
        order_id: Set(Some(o.id)),
        name: Set(name.into()),
        registration_kind: Set(code(kind)),
        status: Set(code(status)),
        period_years: Set(1),
        recurring_amount: Set(1_200_000),
        currency: Set("IRR".into()),
        expires_on: Set(None),
        created_at: Set(NOW),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn invoice_of(db: &DatabaseConnection, o: &order::Model, status: &str) -> i64 {
    let number = invoice::Entity::find().filter(invoice::Column::ResellerId.eq(o.reseller_id)).count(db).await.unwrap()
        as i64
        + 1;
    let paid = status == "paid";
    invoice::ActiveModel {
        reseller_id: Set(o.reseller_id),
        client_id: Set(o.client_id),
        order_id: Set(Some(o.id)),
        number: Set(number),
        status: Set(code(status)),
        currency: Set("IRR".into()),
        total: Set(12_000_000),
        amount_paid: Set(if paid { 12_000_000 } else { 0 }),
        issued_on: Set(NOW.date()),
        due_on: Set(NOW.date()),
        paid_at: Set(paid.then_some(NOW)),
        created_at: Set(NOW),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn order_status(db: &DatabaseConnection, id: i64) -> String {
    order::Entity::find_by_id(id).one(db).await.unwrap().unwrap().status.code().to_owned()
}

async fn service_state(db: &DatabaseConnection, id: i64) -> (String, Option<Date>) {
    let s = service::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    (s.status.code().to_owned(), s.next_due_on)
}

async fn addon_state(db: &DatabaseConnection, id: i64) -> (String, Option<Date>) {
    let a = service_addon::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    (a.status.code().to_owned(), a.next_due_on)
}

async fn domain_status(db: &DatabaseConnection, id: i64) -> String {
    domain::Entity::find_by_id(id).one(db).await.unwrap().unwrap().status.code().to_owned()
}

async fn invoice_status(db: &DatabaseConnection, id: i64) -> String {
    invoice::Entity::find_by_id(id).one(db).await.unwrap().unwrap().status.code().to_owned()
}

fn state(status: &str, next_due: Option<Date>) -> (String, Option<Date>) {
    (status.to_owned(), next_due)
}

async fn audit_rows(db: &DatabaseConnection) -> Vec<audit_log::Model> {
    audit_log::Entity::find().all(db).await.unwrap()
}

async fn accepting_starts_pending_services_and_queues_pending_domains(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let placed = order_of(db, &sara, "pending").await;
    let monthly = service_of(db, &placed, "pending", "monthly").await;
    let onetime = service_of(db, &placed, "pending", "onetime").await;
    let suspended = service_of(db, &placed, "suspended", "annually").await;
    let backup = addon_of(db, &placed, monthly, "pending", "annually").await;
    let free_addon = addon_of(db, &placed, monthly, "pending", "free").await;
    let register = domain_of(db, &placed, "sara.ir", "register", "pending").await;
    let transfer = domain_of(db, &placed, "sara.com", "transfer", "pending").await;
    let held = domain_of(db, &placed, "old.ir", "register", "active").await;
    let bill = invoice_of(db, &placed, "unpaid").await;
    // Another order of the same client, to be left alone.
    let other = order_of(db, &sara, "pending").await;
    let other_service = service_of(db, &other, "pending", "monthly").await;

    act_on_order(db, &actor(&me), placed.number, OrderAction::Accept, NOW).await.unwrap();

    assert_eq!(order_status(db, placed.id).await, "active");
    assert_eq!(
        service_state(db, monthly).await,
        state("active", Some(date!(2026 - 02 - 28))),
        "due a month on, clamped"
    );
    assert_eq!(service_state(db, onetime).await, state("active", None), "a one-time service is never due again");
    assert_eq!(service_state(db, suspended).await, state("suspended", None), "only pending services start");
    assert_eq!(addon_state(db, backup).await, state("active", Some(date!(2027 - 01 - 31))));
    assert_eq!(addon_state(db, free_addon).await, state("active", None));
    assert_eq!(domain_status(db, register).await, "pending_registration");
    assert_eq!(domain_status(db, transfer).await, "pending_transfer");
    assert_eq!(domain_status(db, held).await, "active");
    assert_eq!(invoice_status(db, bill).await, "unpaid", "accepting does not touch the invoice");
    assert_eq!(order_status(db, other.id).await, "pending");
    assert_eq!(service_state(db, other_service).await, state("pending", None));

    let audit = audit_rows(db).await;
    assert_eq!(audit.len(), 1);
    let row = &audit[0];
    assert_eq!(
        (row.reseller_id, row.actor_kind.code(), row.actor_id, row.action.code()),
        (Some(me.id), "reseller", me.id, "order.accepted")
    );
    assert_eq!(
        (row.target_kind.map(|c| c.code()), row.target_id, row.ip.as_deref()),
        (Some("order"), Some(placed.id), Some(IP))
    );
    assert_eq!(row.detail.as_deref(), Some("#1"));
}

async fn only_a_pending_order_is_accepted(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let placed = order_of(db, &sara, "active").await;
    let running = service_of(db, &placed, "pending", "monthly").await;

    assert_eq!(act_on_order(db, &actor(&me), placed.number, OrderAction::Accept, NOW).await, Err(AppError::Conflict));
    assert_eq!(order_status(db, placed.id).await, "active");
    assert_eq!(service_state(db, running).await, state("pending", None), "a refused action changes nothing");
    assert!(audit_rows(db).await.is_empty(), "nor is it audited");
}

async fn cancelling_ends_what_is_live_and_cancels_unpaid_invoices(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    for from in ["pending", "active"] {
        let placed = order_of(db, &sara, from).await;
        let active = service_of(db, &placed, "active", "monthly").await;
        let pending = service_of(db, &placed, "pending", "monthly").await;
        let suspended = service_of(db, &placed, "suspended", "monthly").await;
        let terminated = service_of(db, &placed, "terminated", "monthly").await;
        let fraud = service_of(db, &placed, "fraud", "monthly").await;
        let backup = addon_of(db, &placed, active, "active", "monthly").await;
        let ended_addon = addon_of(db, &placed, active, "terminated", "monthly").await;
        let registered = domain_of(db, &placed, "a.ir", "register", "active").await;
        let on_its_way = domain_of(db, &placed, "b.ir", "transfer", "pending_transfer").await;
        let gone = domain_of(db, &placed, "c.ir", "transfer", "transferred_away").await;
        let paid = invoice_of(db, &placed, "paid").await;
        let unpaid = invoice_of(db, &placed, "unpaid").await;
        let draft = invoice_of(db, &placed, "draft").await;
        let pending_payment = invoice_of(db, &placed, "payment_pending").await;
        let refunded = invoice_of(db, &placed, "refunded").await;

        act_on_order(db, &actor(&me), placed.number, OrderAction::Cancel, NOW).await.unwrap();

        assert_eq!(order_status(db, placed.id).await, "cancelled", "from {from}");
        for id in [active, pending, suspended] {
            assert_eq!(service_state(db, id).await.0, "cancelled");
        }
        assert_eq!(service_state(db, terminated).await.0, "terminated", "an ended service keeps how it ended");
        assert_eq!(service_state(db, fraud).await.0, "fraud");
        assert_eq!(addon_state(db, backup).await.0, "cancelled");
        assert_eq!(addon_state(db, ended_addon).await.0, "terminated");
        assert_eq!(domain_status(db, registered).await, "cancelled");
        assert_eq!(domain_status(db, on_its_way).await, "cancelled");
        assert_eq!(domain_status(db, gone).await, "transferred_away");
        assert_eq!(invoice_status(db, paid).await, "paid", "paid invoices stay");
        for id in [unpaid, draft, pending_payment] {
            assert_eq!(invoice_status(db, id).await, "cancelled");
        }
        assert_eq!(invoice_status(db, refunded).await, "refunded");
    }
    let actions: Vec<String> = audit_rows(db).await.into_iter().map(|a| a.action.code().to_owned()).collect();
    assert_eq!(actions, ["order.cancelled", "order.cancelled"]);
}

async fn marking_fraud_flags_what_is_live_and_cancels_unpaid_invoices(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    for from in ["pending", "active"] {
        let placed = order_of(db, &sara, from).await;
        let live = service_of(db, &placed, if from == "pending" { "pending" } else { "active" }, "monthly").await;
        let terminated = service_of(db, &placed, "terminated", "monthly").await;
        let backup = addon_of(db, &placed, live, "active", "monthly").await;
        let name = domain_of(db, &placed, "a.ir", "register", "pending").await;
        let paid = invoice_of(db, &placed, "paid").await;
        let unpaid = invoice_of(db, &placed, "unpaid").await;

        act_on_order(db, &actor(&me), placed.number, OrderAction::MarkFraud, NOW).await.unwrap();

        assert_eq!(order_status(db, placed.id).await, "fraud", "from {from}");
        assert_eq!(service_state(db, live).await, state("fraud", None));
        assert_eq!(service_state(db, terminated).await.0, "terminated");
        assert_eq!(addon_state(db, backup).await.0, "fraud");
        assert_eq!(domain_status(db, name).await, "fraud");
        assert_eq!(invoice_status(db, paid).await, "paid");
        assert_eq!(invoice_status(db, unpaid).await, "cancelled");
    }
    let audit = audit_rows(db).await;
    assert_eq!(audit.iter().map(|a| a.action.code()).collect::<Vec<_>>(), ["order.fraud", "order.fraud"]);
    assert!(audit.iter().all(|a| a.target_kind.map(|c| c.code()) == Some("order") && a.ip.as_deref() == Some(IP)));
}

async fn cancelled_and_fraud_orders_are_final(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    for status in ["cancelled", "fraud"] {
        let placed = order_of(db, &sara, status).await;
        let service = service_of(db, &placed, "pending", "monthly").await;
        let bill = invoice_of(db, &placed, "unpaid").await;
        for action in OrderAction::ALL {
            assert_eq!(
                act_on_order(db, &actor(&me), placed.number, action, NOW).await,
                Err(AppError::Conflict),
                "{status} {action:?}"
            );
        }
        assert_eq!(order_status(db, placed.id).await, status);
        assert_eq!(service_state(db, service).await.0, "pending");
        assert_eq!(invoice_status(db, bill).await, "unpaid");
    }
    assert!(audit_rows(db).await.is_empty());
}

async fn a_second_action_finds_the_order_changed(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let placed = order_of(db, &sara, "pending").await;
    act_on_order(db, &actor(&me), placed.number, OrderAction::Accept, NOW).await.unwrap();
    assert_eq!(act_on_order(db, &actor(&me), placed.number, OrderAction::Accept, NOW).await, Err(AppError::Conflict));
    act_on_order(db, &actor(&me), placed.number, OrderAction::Cancel, NOW).await.unwrap();
    assert_eq!(
        act_on_order(db, &actor(&me), placed.number, OrderAction::MarkFraud, NOW).await,
        Err(AppError::Conflict)
    );
    assert_eq!(order_status(db, placed.id).await, "cancelled");
    assert_eq!(audit_rows(db).await.len(), 2);
}

async fn another_resellers_order_is_not_found(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let other = reseller(db, "other").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let theirs_client = client_of(db, &other, "reza@example.com").await;
    let mine = order_of(db, &sara, "pending").await;
    let theirs_first = order_of(db, &theirs_client, "pending").await;
    let theirs_second = order_of(db, &theirs_client, "pending").await;
    let their_service = service_of(db, &theirs_first, "pending", "monthly").await;
    assert_eq!((mine.number, theirs_first.number, theirs_second.number), (1, 1, 2), "numbers are per reseller");

    for action in OrderAction::ALL {
        assert_eq!(
            act_on_order(db, &actor(&me), theirs_second.number, action, NOW).await,
            Err(AppError::NotFound),
            "{action:?}"
        );
    }
    assert_eq!(order_detail(db, me.id, theirs_second.number).await.map(drop), Err(AppError::NotFound));
    assert_eq!(order_status(db, theirs_second.id).await, "pending");

    // The same number names each reseller's own order.
    act_on_order(db, &actor(&me), 1, OrderAction::Accept, NOW).await.unwrap();
    assert_eq!(order_status(db, mine.id).await, "active");
    assert_eq!(order_status(db, theirs_first.id).await, "pending");
    assert_eq!(service_state(db, their_service).await.0, "pending");
    assert_eq!(order_detail(db, me.id, 1).await.unwrap().client_name, "Sara Ahmadi");

    let listed = list_orders(db, me.id, &OrderListQuery::default()).await.unwrap();
    assert_eq!((listed.total, listed.rows.len()), (1, 1), "only the reseller's own orders are listed");
    assert_eq!(audit_rows(db).await.len(), 1);
}

async fn the_list_filters_by_status_and_pages(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    for n in 1..=30 {
        order_of(db, &sara, if n % 3 == 0 { "cancelled" } else { "pending" }).await;
    }
    let first = list_orders(db, me.id, &OrderListQuery::default()).await.unwrap();
    assert_eq!((first.total, first.page, first.pages(), first.rows.len()), (30, 1, 2, 25));
    assert_eq!(first.rows[0].number, 30, "newest first");
    assert_eq!(first.rows[0].client_name, "Sara Ahmadi");
    assert_eq!(
        (first.rows[0].client_id, first.rows[0].items.clone()),
        (sara.id, vec!["Linux hosting (order 30)".to_owned()])
    );
    assert_eq!((first.rows[0].total.amount, first.rows[0].total.currency.as_str()), (12_000_000, "IRR"));

    let second = list_orders(db, me.id, &OrderListQuery { status: None, page: 2 }).await.unwrap();
    assert_eq!(second.rows.iter().map(|r| r.number).collect::<Vec<_>>(), [5, 4, 3, 2, 1]);
    let past_the_end = list_orders(db, me.id, &OrderListQuery { status: None, page: 9 }).await.unwrap();
    assert_eq!((past_the_end.page, past_the_end.rows.len()), (2, 5), "a page past the end shows the last one");

    let cancelled =
        list_orders(db, me.id, &OrderListQuery { status: Some(OrderStatus::Cancelled), page: 1 }).await.unwrap();
    assert_eq!(cancelled.total, 10);
    assert!(cancelled.rows.iter().all(|r| r.status == OrderStatus::Cancelled));
    let fraud = list_orders(db, me.id, &OrderListQuery { status: Some(OrderStatus::Fraud), page: 1 }).await.unwrap();
    assert_eq!((fraud.total, fraud.rows.len(), fraud.page), (0, 0, 1));
}

async fn the_detail_shows_what_the_order_made(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = client_of(db, &me, "sara@example.com").await;
    let placed = order_of(db, &sara, "pending").await;
    let hosting = service_of(db, &placed, "pending", "monthly").await;
    addon_of(db, &placed, hosting, "pending", "monthly").await;
    domain_of(db, &placed, "sara.ir", "register", "pending").await;
    invoice_of(db, &placed, "unpaid").await;

    let detail = order_detail(db, me.id, placed.number).await.unwrap();
    assert_eq!((detail.number, detail.status, detail.client_id), (1, OrderStatus::Pending, sara.id));
    assert_eq!(detail.items.len(), 1);
    assert_eq!(detail.items[0].cycle.map(|c| c.code()), Some("monthly"));
    assert_eq!((detail.services.len(), detail.services[0].product.en.as_str()), (1, "Linux hosting"));
    assert_eq!(
        (detail.addons[0].addon.en.as_str(), detail.addons[0].service_label.as_deref()),
        ("Backup", Some("example.ir"))
    );
    assert_eq!((detail.domains[0].name.as_str(), detail.domains[0].status.code()), ("sara.ir", "pending"));
    assert_eq!((detail.invoices[0].number, detail.invoices[0].status.code()), (1, "unpaid"));

    act_on_order(db, &actor(&me), placed.number, OrderAction::Accept, NOW).await.unwrap();
    let after = order_detail(db, me.id, placed.number).await.unwrap();
    assert_eq!(after.status, OrderStatus::Active);
    assert_eq!((after.services[0].status.code(), after.domains[0].status.code()), ("active", "pending_registration"));
    assert_eq!(order_detail(db, me.id, 99).await.map(drop), Err(AppError::NotFound));
}

on_both_backends!(
    accepting_starts_pending_services_and_queues_pending_domains,
    only_a_pending_order_is_accepted,
    cancelling_ends_what_is_live_and_cancels_unpaid_invoices,
    marking_fraud_flags_what_is_live_and_cancels_unpaid_invoices,
    cancelled_and_fraud_orders_are_final,
    a_second_action_finds_the_order_changed,
    another_resellers_order_is_not_found,
    the_list_filters_by_status_and_pages,
    the_detail_shows_what_the_order_made,
);
