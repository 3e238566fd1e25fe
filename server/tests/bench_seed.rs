//! The benchmark's seed (`resellerdesk bench-seed`) on both databases: its billing data has the
//! shape the app itself writes, so the benchmark measures the app on a database like a real one.

use crate::support;
use app::audit::ActorKind;
use app::entities::{invoice, order, reseller};
use app::invoices::InvoiceStatus;
use app::orders::PlacedBy;
use app::orders::manage::OrderStatus;
use app::orders::place::service::{OrderActor, PlaceOrder, place_order};
use app::orders::plan::OrderSelection;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use server::bench::{BENCH_RESELLER, SeedPlan, seed};
use support::TestDb;

async fn every_seeded_invoice_comes_from_an_order(db: &DatabaseConnection) {
    let report = seed(db, &SeedPlan { clients_per_reseller: 300, total_clients: 600 }).await.unwrap();
    assert!(report.invoices > 0, "a fifth of the clients are billed");
    let target = report.order_target.expect("the billing tables exist");
    let bench =
        reseller::Entity::find().filter(reseller::Column::Email.eq(BENCH_RESELLER.0)).one(db).await.unwrap().unwrap();

    let orders = order::Entity::find().filter(order::Column::ResellerId.eq(bench.id)).all(db).await.unwrap();
    let invoices = invoice::Entity::find().filter(invoice::Column::ResellerId.eq(bench.id)).all(db).await.unwrap();
    assert_eq!((orders.len() as u64, invoices.len() as u64), (report.invoices, report.invoices));
    for billed in &invoices {
        let from = orders
            .iter()
            .find(|o| Some(o.id) == billed.order_id)
            .unwrap_or_else(|| panic!("invoice {} has no order", billed.number));
        assert_eq!(
            (from.number, from.client_id, from.total, &from.currency),
            (billed.number, billed.client_id, billed.total, &billed.currency)
        );
        let expected = match billed.status {
            InvoiceStatus::Paid => OrderStatus::Active,
            InvoiceStatus::Unpaid => OrderStatus::Pending,
            _ => OrderStatus::Cancelled,
        };
        assert_eq!(from.status, expected, "order {} of a {} invoice", from.number, billed.status);
    }
    assert_eq!(
        order::Entity::find().filter(order::Column::ResellerId.ne(bench.id)).count(db).await.unwrap(),
        0,
        "only the benchmark reseller is billed"
    );

    // The benchmark's orders go on from the seeded numbers.
    let selection = OrderSelection {
        item: format!("product-{}", target.product_id),
        cycle: "monthly".into(),
        hostname: "bench.example.com".into(),
        addons: vec![target.addon_id],
        ..Default::default()
    };
    let actor = OrderActor {
        reseller: &bench,
        placed_by: PlacedBy::Reseller,
        actor_kind: ActorKind::Reseller,
        actor_id: bench.id,
        ip: None,
    };
    let request = PlaceOrder {
        client_id: target.client_id,
        selection: &selection,
        idempotency_key: "bench-seed-test-0001",
        public_origin: "http://127.0.0.1",
        expected_total: None,
    };
    let placed = place_order(db, &actor, request).await.unwrap();
    let next = report.invoices as i64 + 1;
    assert_eq!((placed.number, placed.invoice_number), (next, Some(next)));
}

#[tokio::test]
async fn sqlite_every_seeded_invoice_comes_from_an_order() {
    let db = TestDb::sqlite().await;
    every_seeded_invoice_comes_from_an_order(&db.conn).await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_every_seeded_invoice_comes_from_an_order() {
    let db = TestDb::postgres().await;
    every_seeded_invoice_comes_from_an_order(&db.conn).await;
    db.cleanup().await;
}
