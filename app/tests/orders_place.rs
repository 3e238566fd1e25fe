//! Placing an order for a client, on SQLite and PostgreSQL: what one order writes, totals per
//! cycle, idempotency, all-or-nothing, sequential numbers under concurrent orders, and tenant
//! isolation.

use crate::support;
use app::audit::{ActorKind, AuditAction};
use app::clients::ClientStatus;
use app::invoices::InvoiceStatus;
use app::values::OutboxStatus;
use support::code;

use app::entities::{
    audit_log, catalog_price, domain, email_outbox, invoice, invoice_item, order, order_item, product, reseller,
    reseller_price, reseller_sequence, service, service_addon,
};
use app::error::{AppError, FieldProblem};
use app::orders::PlacedBy;
use app::orders::place::service::{
    CatalogParts, OrderActor, PlaceOrder, PlacedOrder, offer_catalog, offer_catalog_parts, place_order,
};
use app::orders::plan::OrderSelection;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectOptions, ConnectionTrait, Database, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use support::{insert_reseller, new_client};

/// The catalog rows a test orders from.
struct Shop {
    reseller: reseller::Model,
    hosting: i64,
    backup: i64,
    dot_ir: i64,
    hosting_monthly: i64,
    free_trial: i64,
}

async fn price(
    db: &DatabaseConnection,
    reseller_id: i64,
    kind: &str,
    item_id: i64,
    currency: &str,
    term: &str,
    amounts: (i64, i64, i64, i64),
) -> i64 {
    let (setup_fee, price, min_price, max_price) = amounts;
    let row = catalog_price::ActiveModel {
        item_kind: Set(code(kind)),
        item_id: Set(item_id),
        currency: Set(currency.into()),
        term: Set(term.into()),
        setup_fee: Set(setup_fee),
        price: Set(price),
        min_price: Set(min_price),
        max_price: Set(max_price),
        updated_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    reseller_price::ActiveModel {
        reseller_id: Set(reseller_id),
        catalog_price_id: Set(row.id),
        setup_fee: Set(setup_fee),
        price: Set(price),
        updated_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    row.id
}

async fn shop(db: &DatabaseConnection, slug: &str) -> Shop {
    let reseller_id = insert_reseller(db, slug, "unused").await;
    let reseller = reseller::Entity::find_by_id(reseller_id).one(db).await.unwrap().unwrap();
    let now = time::OffsetDateTime::now_utc();
    let group = support::insert_group(db, "Hosting", "هاست", 1).await;
    let hosting = support::insert_product(db, group, "Starter", "هاست پایه", true).await;
    let backup = support::insert_addon(db, "Backup", "پشتیبان", true).await;
    let dot_ir = app::entities::domain_extension::ActiveModel {
        tld: Set(format!(".{slug}")),
        active: Set(true),
        sort_order: Set(1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    let hosting_monthly =
        price(db, reseller_id, "product", hosting, "IRR", "monthly", (500_000, 1_200_000, 1_000_000, 2_000_000)).await;
    price(db, reseller_id, "product", hosting, "IRR", "annually", (0, 12_000_000, 10_000_000, 20_000_000)).await;
    let free_trial = price(db, reseller_id, "product", hosting, "IRR", "free", (0, 0, 0, 0)).await;
    price(db, reseller_id, "addon", backup, "IRR", "monthly", (0, 300_000, 200_000, 400_000)).await;
    price(db, reseller_id, "domain", dot_ir, "IRR", "register", (0, 1_000_000, 900_000, 2_000_000)).await;
    price(db, reseller_id, "domain", dot_ir, "IRR", "renew", (0, 1_100_000, 900_000, 2_000_000)).await;
    Shop { reseller, hosting, backup, dot_ir, hosting_monthly, free_trial }
}

fn actor(reseller: &reseller::Model) -> OrderActor<'_> {
    OrderActor {
        reseller,
        placed_by: PlacedBy::Reseller,
        actor_kind: ActorKind::Reseller,
        actor_id: reseller.id,
        ip: Some("203.0.113.7"),
    }
}

fn hosting_with_backup(shop: &Shop) -> OrderSelection {
    OrderSelection {
        item: format!("product-{}", shop.hosting),
        cycle: "monthly".into(),
        hostname: "Sara-Shop.IR".into(),
        addons: vec![shop.backup],
        ..Default::default()
    }
}

async fn place(
    db: &DatabaseConnection,
    shop: &Shop,
    client_id: i64,
    selection: &OrderSelection,
    key: &str,
) -> Result<PlacedOrder, AppError> {
    let request = PlaceOrder {
        client_id,
        selection,
        idempotency_key: key,
        public_origin: "https://panel.example.com",
        expected_total: None,
    };
    place_order(db, &actor(&shop.reseller), request).await
}

const KEY: &str = "key-0000000000000001";

async fn an_order_writes_everything_in_one_go(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let placed = place(db, &shop, sara.id, &hosting_with_backup(&shop), KEY).await.unwrap();
    assert!(placed.created);
    assert_eq!((placed.number, placed.invoice_number), (1, Some(1)));

    let saved = order::Entity::find_by_id(placed.order_id).one(db).await.unwrap().unwrap();
    assert_eq!((saved.status.code(), saved.placed_by.code(), saved.currency.as_str()), ("pending", "reseller", "IRR"));
    assert_eq!(saved.total, 1_200_000 + 500_000 + 300_000);
    let items: Vec<(String, Option<String>, i64)> = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(saved.id))
        .order_by_asc(order_item::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.description, i.billing_cycle.map(|c| c.code().to_owned()), i.amount))
        .collect();
    // In the client's language (Persian), the hostname normalised.
    assert_eq!(
        items,
        vec![
            ("هاست پایه (ماهانه) – sara-shop.ir".to_owned(), Some("monthly".to_owned()), 1_200_000),
            ("هزینهٔ راه‌اندازی: هاست پایه".to_owned(), None, 500_000),
            ("پشتیبان (ماهانه)".to_owned(), Some("monthly".to_owned()), 300_000),
        ]
    );

    let bill = invoice::Entity::find().filter(invoice::Column::OrderId.eq(saved.id)).one(db).await.unwrap().unwrap();
    assert_eq!((bill.number, bill.status.code(), bill.total, bill.amount_paid), (1, "unpaid", saved.total, 0));
    assert_eq!(
        invoice_item::Entity::find().filter(invoice_item::Column::InvoiceId.eq(bill.id)).count(db).await.unwrap(),
        3
    );

    let hosting = service::Entity::find().filter(service::Column::OrderId.eq(saved.id)).one(db).await.unwrap().unwrap();
    assert_eq!(
        (hosting.status.code(), hosting.label.as_deref(), hosting.recurring_amount),
        ("pending", Some("sara-shop.ir"), 1_200_000)
    );
    assert_eq!(hosting.next_due_on, None, "due dates start when the order is accepted");
    let addon = service_addon::Entity::find()
        .filter(service_addon::Column::OrderId.eq(saved.id))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((addon.service_id, addon.status.code(), addon.recurring_amount), (hosting.id, "pending", 300_000));

    let mail: Vec<email_outbox::Model> =
        email_outbox::Entity::find().order_by_asc(email_outbox::Column::Id).all(db).await.unwrap();
    let sent: Vec<(&str, &str, &str)> =
        mail.iter().map(|m| (m.template.code(), m.to_address.as_str(), m.language.as_str())).collect();
    assert_eq!(
        sent,
        vec![
            ("order_confirmation", "sara@example.com", "fa"),
            ("invoice_created", "sara@example.com", "fa"),
            ("reseller_new_order", "parsweb@example.com", "fa"),
        ]
    );
    assert!(mail[0].subject.contains("PARSWEB") && mail[0].subject.contains('۱'), "{}", mail[0].subject);
    assert!(mail[0].body_text.contains("۲٬۰۰۰٬۰۰۰ ریال"), "{}", mail[0].body_text);
    assert!(mail[2].body_text.contains("https://panel.example.com/reseller/orders/1"));
    assert!(mail.iter().all(|m| m.status == OutboxStatus::Queued));

    let audit =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("order.placed")).one(db).await.unwrap().unwrap();
    assert_eq!(
        (audit.target_id, audit.ip.as_deref(), audit.reseller_id),
        (Some(saved.id), Some("203.0.113.7"), Some(shop.reseller.id))
    );
    // The client's Activity tab shows it.
    let activity = app::clients::records::service::client_records(
        db,
        shop.reseller.id,
        sara.id,
        app::clients::records::RecordTab::Activity,
    )
    .await
    .unwrap()
    .1;
    assert!(
        matches!(&activity, app::clients::records::Records::Activity(rows) if rows.iter().any(|r| r.action == AuditAction::OrderPlaced)),
        "{activity:?}"
    );
}

async fn totals_follow_the_cycle_and_the_domain_years(db: &DatabaseConnection) {
    let shop = shop(db, "ir").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let yearly = OrderSelection { cycle: "annually".into(), addons: vec![], ..hosting_with_backup(&shop) };
    let placed = place(db, &shop, sara.id, &yearly, "key-annual-000000001").await.unwrap();
    assert_eq!(order::Entity::find_by_id(placed.order_id).one(db).await.unwrap().unwrap().total, 12_000_000);
    // The backup addon has no annual price, so it cannot ride on an annual service.
    let refused = place(
        db,
        &shop,
        sara.id,
        &OrderSelection { addons: vec![shop.backup], ..yearly.clone() },
        "key-annual-000000002",
    )
    .await;
    assert!(matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "addon"), "{refused:?}");

    let domain_order = OrderSelection {
        item: "domain-register".into(),
        domain: "Ketab.IR".into(),
        years: "3".into(),
        ..Default::default()
    };
    let placed = place(db, &shop, sara.id, &domain_order, "key-domain-000000001").await.unwrap();
    assert_eq!(order::Entity::find_by_id(placed.order_id).one(db).await.unwrap().unwrap().total, 3_000_000);
    let registered =
        domain::Entity::find().filter(domain::Column::OrderId.eq(placed.order_id)).one(db).await.unwrap().unwrap();
    assert_eq!(
        (
            registered.name.as_str(),
            registered.registration_kind.code(),
            registered.status.code(),
            registered.period_years
        ),
        ("ketab.ir", "register", "pending", 3)
    );
    assert_eq!(registered.recurring_amount, 3 * 1_100_000, "it renews at the renewal price");
    let _ = shop.dot_ir;

    // Free: the invoice is paid at once and no invoice email goes out.
    let before = email_outbox::Entity::find().count(db).await.unwrap();
    let free = OrderSelection { cycle: "free".into(), addons: vec![], ..hosting_with_backup(&shop) };
    let placed = place(db, &shop, sara.id, &free, "key-free-00000000001").await.unwrap();
    let bill =
        invoice::Entity::find().filter(invoice::Column::OrderId.eq(placed.order_id)).one(db).await.unwrap().unwrap();
    assert_eq!((bill.total, bill.status.code(), bill.paid_at.is_some()), (0, "paid", true));
    assert_eq!(email_outbox::Entity::find().count(db).await.unwrap(), before + 2);
    let _ = shop.free_trial;
}

async fn the_same_key_places_one_order(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let first = place(db, &shop, sara.id, &hosting_with_backup(&shop), KEY).await.unwrap();
    let again = place(db, &shop, sara.id, &hosting_with_backup(&shop), KEY).await.unwrap();
    assert_eq!(
        (again.order_id, again.number, again.invoice_number, again.created),
        (first.order_id, first.number, first.invoice_number, false)
    );
    assert_eq!(order::Entity::find().count(db).await.unwrap(), 1);
    assert_eq!(invoice::Entity::find().count(db).await.unwrap(), 1);
    assert_eq!(service::Entity::find().count(db).await.unwrap(), 1);
    assert_eq!(email_outbox::Entity::find().count(db).await.unwrap(), 3);
    // The key belongs to Sara's order; reusing it for someone else, or for another order of
    // hers, is refused, not answered with the first order.
    let used = Err(AppError::Validation(vec![app::error::FieldError {
        field: "key".into(),
        problem: FieldProblem::AlreadyUsed,
    }]));
    let reza = new_client(shop.reseller.id, "reza@example.com").insert(db).await.unwrap();
    assert_eq!(place(db, &shop, reza.id, &hosting_with_backup(&shop), KEY).await, used);
    let yearly = OrderSelection { cycle: "annually".into(), addons: vec![], ..hosting_with_backup(&shop) };
    assert_eq!(place(db, &shop, sara.id, &yearly, KEY).await, used);
    // The same order typed differently is the same order.
    let retyped = OrderSelection { hostname: "sara-shop.ir.".into(), ..hosting_with_backup(&shop) };
    assert_eq!(place(db, &shop, sara.id, &retyped, KEY).await.unwrap().order_id, first.order_id);
    // Keys are per reseller: another reseller may use the same one.
    let other = shop_for_second(db).await;
    let theirs = new_client(other.reseller.id, "sara@example.com").insert(db).await.unwrap();
    assert!(place(db, &other, theirs.id, &hosting_with_backup(&other), KEY).await.unwrap().created);
    // A malformed key is refused before anything is read.
    let short = place(db, &shop, sara.id, &hosting_with_backup(&shop), "short").await;
    assert!(matches!(short, Err(AppError::Validation(ref e)) if e[0].field == "key"));
}

/// A double click or a retry racing the first submit: one order, every answer names it.
async fn racing_submits_with_one_key_place_one_order(db: &DatabaseConnection) {
    let shop = std::sync::Arc::new(shop(db, "parsweb").await);
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let tasks: Vec<_> = (0..6)
        .map(|_| {
            let (db, shop) = (db.clone(), shop.clone());
            tokio::spawn(async move { place(&db, &shop, sara.id, &hosting_with_backup(&shop), KEY).await })
        })
        .collect();
    let mut orders = Vec::new();
    for task in tasks {
        orders.push(task.await.unwrap().unwrap().order_id);
    }
    orders.dedup();
    assert_eq!(orders.len(), 1, "{orders:?}");
    assert_eq!(order::Entity::find().count(db).await.unwrap(), 1);
    assert_eq!(invoice::Entity::find().count(db).await.unwrap(), 1);
    assert_eq!(email_outbox::Entity::find().count(db).await.unwrap(), 3);
}

async fn shop_for_second(db: &DatabaseConnection) -> Shop {
    shop(db, "northhost").await
}

async fn a_failing_step_writes_nothing(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    // The emails are written last: without their table, every earlier write must roll back.
    db.execute_unprepared("DROP TABLE email_outbox").await.unwrap();
    let failed = place(db, &shop, sara.id, &hosting_with_backup(&shop), KEY).await;
    assert_eq!(failed, Err(AppError::Internal));
    assert_eq!(order::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(order_item::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(invoice::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(invoice_item::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(service::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(service_addon::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(reseller_sequence::Entity::find().count(db).await.unwrap(), 0, "numbers are not used up");
    assert_eq!(
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("order.placed")).count(db).await.unwrap(),
        0
    );
}

async fn a_total_other_than_the_reviewed_one_is_refused(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let selection = hosting_with_backup(&shop);
    let request = |expected_total| PlaceOrder {
        client_id: sara.id,
        selection: &selection,
        idempotency_key: KEY,
        public_origin: "https://x",
        expected_total,
    };
    // The reseller reviewed 1,900,000 but the price has since gone up.
    let refused = place_order(db, &actor(&shop.reseller), request(Some(1_900_000))).await;
    assert_eq!(
        refused,
        Err(AppError::Validation(vec![app::error::FieldError {
            field: "total".into(),
            problem: FieldProblem::PriceChanged
        }]))
    );
    assert_eq!(order::Entity::find().count(db).await.unwrap(), 0);
    assert!(place_order(db, &actor(&shop.reseller), request(Some(2_000_000))).await.unwrap().created);
}

async fn numbers_continue_per_reseller(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    // Invoices from before (demo or imported data) set where numbering continues.
    let now = time::OffsetDateTime::now_utc();
    invoice::ActiveModel {
        reseller_id: Set(shop.reseller.id),
        client_id: Set(sara.id),
        order_id: Set(None),
        number: Set(41),
        status: Set(InvoiceStatus::Paid),
        currency: Set("IRR".into()),
        total: Set(1),
        amount_paid: Set(1),
        issued_on: Set(now.date()),
        due_on: Set(now.date()),
        paid_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let first = place(db, &shop, sara.id, &hosting_with_backup(&shop), "key-number-00000001").await.unwrap();
    assert_eq!((first.number, first.invoice_number), (1, Some(42)));
    let other = shop_for_second(db).await;
    let theirs = new_client(other.reseller.id, "x@example.com").insert(db).await.unwrap();
    let separate = place(db, &other, theirs.id, &hosting_with_backup(&other), "key-number-00000002").await.unwrap();
    assert_eq!((separate.number, separate.invoice_number), (1, Some(1)));
    let second = place(db, &shop, sara.id, &hosting_with_backup(&shop), "key-number-00000003").await.unwrap();
    assert_eq!((second.number, second.invoice_number), (2, Some(43)));
}

async fn concurrent_orders_get_consecutive_numbers(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let shop = std::sync::Arc::new(shop);
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let (db, shop) = (db.clone(), shop.clone());
            tokio::spawn(async move {
                place(&db, &shop, sara.id, &hosting_with_backup(&shop), &format!("key-concurrent-{i:06}")).await
            })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        let placed = task.await.unwrap().unwrap();
        numbers.push((placed.number, placed.invoice_number.unwrap()));
    }
    numbers.sort();
    assert_eq!(numbers, (1..=12).map(|n| (n, n)).collect::<Vec<_>>());
}

async fn only_what_is_on_sale_to_own_clients(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let other = shop_for_second(db).await;
    let theirs = new_client(other.reseller.id, "john@example.com").insert(db).await.unwrap();
    // Another reseller's client is not found, exactly like a missing one.
    assert_eq!(place(db, &shop, theirs.id, &hosting_with_backup(&shop), KEY).await, Err(AppError::NotFound));
    assert_eq!(place(db, &shop, 999_999, &hosting_with_backup(&shop), KEY).await, Err(AppError::NotFound));
    // Another reseller's product ids are not on this reseller's shelf.
    let foreign = OrderSelection { item: format!("product-{}", other.hosting), ..hosting_with_backup(&shop) };
    assert!(
        matches!(place(db, &shop, sara.id, &foreign, KEY).await, Err(AppError::Validation(ref e)) if e[0].field == "item")
    );

    // The provider narrows the range below the reseller's price: off sale until it is fixed.
    let monthly = catalog_price::Entity::find_by_id(shop.hosting_monthly).one(db).await.unwrap().unwrap();
    let mut narrowed: catalog_price::ActiveModel = monthly.into();
    narrowed.max_price = Set(1_100_000);
    narrowed.update(db).await.unwrap();
    let refused = place(db, &shop, sara.id, &hosting_with_backup(&shop), KEY).await;
    assert!(matches!(refused, Err(AppError::Validation(ref e)) if e[0].field == "cycle"), "{refused:?}");
    let catalog = offer_catalog(db, shop.reseller.id, "IRR").await.unwrap();
    assert!(catalog.products[0].prices.iter().all(|p| p.term != "monthly"));
    // And a product the provider stopped selling is gone.
    let mut stopped: product::ActiveModel =
        product::Entity::find_by_id(shop.hosting).one(db).await.unwrap().unwrap().into();
    stopped.active = Set(false);
    stopped.update(db).await.unwrap();
    assert!(offer_catalog(db, shop.reseller.id, "IRR").await.unwrap().products.is_empty());
    assert!(offer_catalog(db, shop.reseller.id, "USD").await.unwrap().is_empty());

    // A closed account cannot order.
    let closed = new_client(shop.reseller.id, "closed@example.com");
    let closed =
        app::entities::client::ActiveModel { status: Set(ClientStatus::Closed), ..closed }.insert(db).await.unwrap();
    let domain_order = OrderSelection {
        item: "domain-register".into(),
        domain: "a.parsweb".into(),
        years: "1".into(),
        ..Default::default()
    };
    assert_eq!(place(db, &shop, closed.id, &domain_order, KEY).await, Err(AppError::Forbidden));
    assert!(place(db, &shop, sara.id, &domain_order, KEY).await.unwrap().created);
}

async fn field_errors_name_the_step_field(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let no_host = OrderSelection { hostname: " ".into(), ..hosting_with_backup(&shop) };
    match place(db, &shop, sara.id, &no_host, KEY).await {
        Err(AppError::Validation(errors)) => {
            assert_eq!((errors[0].field.as_str(), errors[0].problem), ("hostname", FieldProblem::Required))
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    assert_eq!(order::Entity::find().count(db).await.unwrap(), 0);
}

/// Placing reads only the catalog kinds a selection names; every selection, good or bad, is
/// judged exactly as against the whole catalog.
async fn the_part_of_the_catalog_read_judges_like_the_whole(db: &DatabaseConnection) {
    use app::orders::plan::{Step, check_through};
    let shop = shop(db, "parsweb").await;
    let whole = offer_catalog(db, shop.reseller.id, "IRR").await.unwrap();
    let product = hosting_with_backup(&shop);
    let register = OrderSelection {
        item: "domain-register".into(),
        domain: "sara.parsweb".into(),
        years: "2".into(),
        ..Default::default()
    };
    let selections = [
        product.clone(),
        OrderSelection { addons: Vec::new(), ..product.clone() },
        OrderSelection { addons: vec![shop.backup, 999_999], ..product.clone() },
        OrderSelection { cycle: "triennially".into(), ..product.clone() },
        OrderSelection { item: "product-999999".into(), ..product.clone() },
        OrderSelection { item: "product-x".into(), ..product.clone() },
        register.clone(),
        OrderSelection { item: "domain-transfer".into(), ..register.clone() },
        OrderSelection { domain: "sara.example".into(), ..register.clone() },
        OrderSelection { years: "11".into(), ..register.clone() },
        OrderSelection { item: "domain-renew".into(), ..register.clone() },
        OrderSelection { item: String::new(), ..register },
    ];
    for good in [&selections[0], &selections[1], &selections[6]] {
        assert!(matches!(check_through(&whole, good, Step::Review), Ok(Some(_))), "{good:?}");
    }
    for selection in &selections {
        let parts = CatalogParts::for_selection(selection);
        let read = offer_catalog_parts(db, shop.reseller.id, "IRR", parts).await.unwrap();
        assert_eq!(
            check_through(&read, selection, Step::Review),
            check_through(&whole, selection, Step::Review),
            "{selection:?}"
        );
    }
    // What each read leaves out.
    let read = offer_catalog_parts(db, shop.reseller.id, "IRR", CatalogParts::for_selection(&product)).await.unwrap();
    assert_eq!((read.products.len(), read.addons.len(), read.domains.len()), (1, 1, 0));
    assert_eq!(read.products[0].group.en, "Hosting");
    let read =
        offer_catalog_parts(db, shop.reseller.id, "IRR", CatalogParts::for_selection(&selections[6])).await.unwrap();
    assert_eq!((read.products.len(), read.addons.len(), read.domains.len()), (0, 0, 1));
}

on_both_backends!(
    the_part_of_the_catalog_read_judges_like_the_whole,
    an_order_writes_everything_in_one_go,
    totals_follow_the_cycle_and_the_domain_years,
    the_same_key_places_one_order,
    racing_submits_with_one_key_place_one_order,
    a_failing_step_writes_nothing,
    a_total_other_than_the_reviewed_one_is_refused,
    numbers_continue_per_reseller,
    concurrent_orders_get_consecutive_numbers,
    only_what_is_on_sale_to_own_clients,
    field_errors_name_the_step_field,
    an_order_from_the_store_records_who_placed_it,
);

/// The portal's store uses the same service: the client's own order is `client`, one placed by
/// the reseller signed in as the client is `reseller_as_client`, audited with both.
async fn an_order_from_the_store_records_who_placed_it(db: &DatabaseConnection) {
    let shop = shop(db, "parsweb").await;
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let cases = [
        (PlacedBy::Client, ActorKind::Client, sara.id, None, "key-store-client-0001"),
        (PlacedBy::ResellerAsClient, ActorKind::Reseller, shop.reseller.id, Some(sara.id), "key-store-acting-0001"),
    ];
    for (placed_by, actor_kind, actor_id, acting_as, key) in cases {
        let actor = OrderActor { reseller: &shop.reseller, placed_by, actor_kind, actor_id, ip: None };
        let selection = hosting_with_backup(&shop);
        let request = PlaceOrder {
            client_id: sara.id,
            selection: &selection,
            idempotency_key: key,
            public_origin: "https://panel.example.com",
            expected_total: None,
        };
        let placed = place_order(db, &actor, request).await.unwrap();
        let saved = order::Entity::find_by_id(placed.order_id).one(db).await.unwrap().unwrap();
        assert_eq!(saved.placed_by, placed_by);
        let row = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("order.placed"))
            .filter(audit_log::Column::TargetId.eq(placed.order_id))
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((row.actor_kind, row.actor_id, row.acting_as_client_id), (actor_kind, actor_id, acting_as));
    }
}

/// SQLite as the server runs it (a file in WAL mode with several connections): concurrent
/// orders neither fail on a locked database nor share a number.
#[tokio::test]
async fn concurrent_orders_on_a_sqlite_file() {
    use migration::{Migrator, MigratorTrait};
    let dir = std::env::temp_dir().join(format!("rd-orders-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("orders.db");
    let _ = std::fs::remove_file(&path);
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=rwc", path.display()));
    options.max_connections(8).sqlx_logging(false);
    let db = Database::connect(options).await.unwrap();
    db.execute_unprepared("PRAGMA journal_mode=WAL").await.unwrap();
    Migrator::up(&db, None).await.unwrap();
    concurrent_orders_get_consecutive_numbers(&db).await;
    db.close().await.ok();
    std::fs::remove_dir_all(&dir).ok();
}

/// The server's SQLite (a WAL file, several connections) with writers that read first:
/// accepting orders and marking invoices paid while new orders are placed. Every one waits its
/// turn for the write lock instead of failing on a stale snapshot.
#[tokio::test]
async fn mixed_writers_on_a_sqlite_file_all_succeed() {
    use app::clients::service::Actor;
    use app::invoices::InvoiceMark;
    use app::orders::manage::OrderAction;
    use migration::{Migrator, MigratorTrait};
    let dir = std::env::temp_dir().join(format!("rd-mixed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("mixed.db");
    let _ = std::fs::remove_file(&path);
    let mut options = ConnectOptions::new(format!("sqlite://{}?mode=rwc", path.display()));
    options.max_connections(8).sqlx_logging(false);
    let db = Database::connect(options).await.unwrap();
    db.execute_unprepared("PRAGMA journal_mode=WAL").await.unwrap();
    Migrator::up(&db, None).await.unwrap();

    let shop = std::sync::Arc::new(shop(&db, "parsweb").await);
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(&db).await.unwrap();
    let mut placed = Vec::new();
    for i in 0..6 {
        placed.push(
            place(&db, &shop, sara.id, &hosting_with_backup(&shop), &format!("key-mixed-first-{i:04}")).await.unwrap(),
        );
    }
    let now = time::OffsetDateTime::now_utc();
    let mut tasks = Vec::new();
    for (i, order) in placed.iter().enumerate() {
        let (db1, db2, db3, shop1, shop2, shop3) =
            (db.clone(), db.clone(), db.clone(), shop.clone(), shop.clone(), shop.clone());
        let (number, invoice) = (order.number, order.invoice_number.unwrap());
        tasks.push(tokio::spawn(async move {
            let actor = Actor { reseller: &shop1.reseller, ip: None };
            app::orders::manage::service::act_on_order(&db1, &actor, number, OrderAction::Accept, now)
                .await
                .map_err(|e| format!("accept: {e:?}"))
        }));
        tasks.push(tokio::spawn(async move {
            let actor = Actor { reseller: &shop2.reseller, ip: None };
            app::invoices::service::mark_invoice(&db2, &actor, invoice, InvoiceMark::Paid, now)
                .await
                .map_err(|e| format!("pay: {e:?}"))
        }));
        tasks.push(tokio::spawn(async move {
            place(&db3, &shop3, sara.id, &hosting_with_backup(&shop3), &format!("key-mixed-later-{i:04}"))
                .await
                .map(drop)
                .map_err(|e| format!("place: {e:?}"))
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(order::Entity::find().filter(order::Column::Status.eq("active")).count(&db).await.unwrap(), 6);
    assert_eq!(invoice::Entity::find().filter(invoice::Column::Status.eq("paid")).count(&db).await.unwrap(), 6);
    assert_eq!(order::Entity::find().count(&db).await.unwrap(), 12);
    db.close().await.ok();
    std::fs::remove_dir_all(&dir).ok();
}

/// On PostgreSQL, orders of one reseller in this process get the sequence rows in the order
/// they asked for them; another reseller's orders do not wait. SQLite takes no such turn.
#[tokio::test]
async fn postgres_orders_of_one_reseller_take_the_numbers_in_turn() {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    let pg = support::TestDb::postgres().await;
    let first = app::db::numbers_turn(&pg.conn, 1).await.expect("PostgreSQL takes turns");
    let other_reseller = tokio::time::timeout(Duration::from_secs(1), app::db::numbers_turn(&pg.conn, 2)).await;
    assert!(other_reseller.is_ok(), "another reseller's orders do not wait");

    let served = Arc::new(Mutex::new(Vec::new()));
    let mut waiters = Vec::new();
    for n in 1..=4 {
        let (db, served) = (pg.conn.clone(), served.clone());
        waiters.push(tokio::spawn(async move {
            let _turn = app::db::numbers_turn(&db, 1).await;
            served.lock().unwrap().push(n);
        }));
        // Each asks before the next one does.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(served.lock().unwrap().is_empty(), "all wait while the first order holds the turn");
    drop(first);
    for waiter in waiters {
        waiter.await.unwrap();
    }
    assert_eq!(*served.lock().unwrap(), [1, 2, 3, 4], "first come, first served");
    pg.cleanup().await;

    let sqlite = support::TestDb::sqlite().await;
    assert!(app::db::numbers_turn(&sqlite.conn, 1).await.is_none());
}

/// On PostgreSQL an order writes its rows before it asks for the reseller's numbers, so while
/// another transaction holds them it waits in the one statement that takes the numbers, with
/// its order, invoice, items and service already written; only the emails and the audit row,
/// which carry the numbers, come after. Released, it gets the next numbers.
#[tokio::test]
async fn postgres_orders_wait_for_the_numbers_only_at_the_end() {
    use sea_orm::{Statement, TransactionTrait};
    use std::time::Duration;
    let pg = support::TestDb::postgres().await;
    let db = &pg.conn;
    let shop = std::sync::Arc::new(shop(db, "parsweb").await);
    let sara = new_client(shop.reseller.id, "sara@example.com").insert(db).await.unwrap();
    let first = place(db, &shop, sara.id, &hosting_with_backup(&shop), "key-window-00000001").await.unwrap();
    assert_eq!((first.number, first.invoice_number), (1, Some(1)));

    let holder = db.begin().await.unwrap();
    let held = format!("SELECT last_value FROM reseller_sequences WHERE reseller_id = {} FOR UPDATE", shop.reseller.id);
    holder.execute_unprepared(&held).await.unwrap();
    let waiting = {
        let (db, shop) = (db.clone(), shop.clone());
        tokio::spawn(
            async move { place(&db, &shop, sara.id, &hosting_with_backup(&shop), "key-window-00000002").await },
        )
    };
    let backend = sea_orm::DbBackend::Postgres;
    let blocked = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'WITH taken AS%'";
    let mut pid = None;
    for _ in 0..100 {
        if let Some(row) = db.query_one_raw(Statement::from_string(backend, blocked)).await.unwrap() {
            pid = Some(row.try_get_by_index::<i32>(0).unwrap());
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let pid = pid.expect("the second order waits in the statement that takes the numbers");
    let written = format!(
        "SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation \
         WHERE l.pid = {pid} AND l.mode = 'RowExclusiveLock' AND l.granted AND c.relkind = 'r' ORDER BY c.relname"
    );
    let tables: Vec<String> = db
        .query_all_raw(Statement::from_string(backend, written))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect();
    // Written: the order and what hangs off it; the sequences are the table it waits on. Not
    // yet: the emails and the audit row.
    assert_eq!(
        tables,
        ["invoice_items", "invoices", "order_items", "orders", "reseller_sequences", "service_addons", "services"]
    );
    assert!(!waiting.is_finished());

    holder.rollback().await.unwrap();
    let second = tokio::time::timeout(Duration::from_secs(10), waiting)
        .await
        .expect("placed once the numbers are free")
        .unwrap()
        .unwrap();
    assert_eq!((second.number, second.invoice_number), (2, Some(2)));
    let numbers: Vec<i64> = order::Entity::find()
        .order_by_asc(order::Column::Number)
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|o| o.number)
        .collect();
    assert_eq!(numbers, [1, 2], "no order keeps a provisional number");
    pg.cleanup().await;
}
