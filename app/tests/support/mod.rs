//! A fresh, migrated database per test, on SQLite (in memory) or PostgreSQL (a database created
//! for the test on `TEST_POSTGRES_URL`, default the local server, and dropped afterwards).

#![allow(dead_code)] // each test binary uses part of the support code

use app::catalog::ProductKind;
use app::clients::ClientStatus;
use app::entities::{addon, admin_user, client, invoice, order, product, product_group, reseller, service_addon};
use app::values::ResellerStatus;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectOptions, ConnectionTrait, Database, DatabaseConnection};

pub struct TestDb {
    pub conn: DatabaseConnection,
    drop_afterwards: Option<(String, String)>,
}

pub fn postgres_server_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

impl TestDb {
    pub async fn sqlite() -> Self {
        let mut options = ConnectOptions::new("sqlite::memory:");
        options.max_connections(1).min_connections(1).sqlx_logging(false);
        let conn = Database::connect(options).await.expect("open in-memory SQLite");
        Migrator::up(&conn, None).await.expect("migrate SQLite");
        Self { conn, drop_afterwards: None }
    }

    pub async fn postgres() -> Self {
        let server = postgres_server_url();
        let admin = Database::connect(format!("{server}/postgres"))
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL must be reachable at {server} for these tests: {e}"));
        let name = format!("rd_test_{}_{}", std::process::id(), rand_suffix());
        admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
        let mut options = ConnectOptions::new(format!("{server}/{name}"));
        options.max_connections(4).sqlx_logging(false);
        let conn = Database::connect(options).await.expect("connect to test database");
        Migrator::up(&conn, None).await.expect("migrate PostgreSQL");
        admin.close().await.ok();
        Self { conn, drop_afterwards: Some((server, name)) }
    }

    /// Closes the pool and drops the PostgreSQL database.
    pub async fn cleanup(self) {
        self.conn.close().await.ok();
        if let Some((server, name)) = self.drop_afterwards {
            let admin = Database::connect(format!("{server}/postgres")).await.expect("reconnect to drop");
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .expect("drop test database");
            admin.close().await.ok();
        }
    }
}

/// An active reseller with every permission, signing in as `{slug}@example.com`.
pub async fn insert_reseller(db: &DatabaseConnection, slug: &str, password_hash: &str) -> i64 {
    reseller::ActiveModel {
        slug: Set(slug.into()),
        brand_name: Set(slug.to_uppercase()),
        contact_name: Set(format!("{slug} owner")),
        email: Set(format!("{slug}@example.com")),
        password_hash: Set(password_hash.into()),
        default_language: Set("fa".into()),
        primary_color: Set("#123456".into()),
        support_email: Set(format!("support@{slug}.example.com")),
        status: Set(ResellerStatus::Active),
        allow_login_as_client: Set(true),
        allow_place_order: Set(true),
        allow_delete_clients: Set(true),
        allow_portal_payments: Set(true),
        allow_portal_tickets: Set(true),
        show_toman: Set(false),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert reseller")
    .id
}

/// An active client of `reseller_id` with plain defaults; override fields with struct update.
pub fn new_client(reseller_id: i64, email: &str) -> client::ActiveModel {
    client::ActiveModel {
        reseller_id: Set(reseller_id),
        first_name: Set("Sara".into()),
        last_name: Set("Ahmadi".into()),
        company: Set(None),
        email: Set(email.into()),
        phone: Set("+989121234567".into()),
        address1: Set("1 Street".into()),
        address2: Set(None),
        city: Set("Tehran".into()),
        state: Set("Tehran".into()),
        postcode: Set("1234567890".into()),
        country: Set("IR".into()),
        language: Set("fa".into()),
        currency: Set("IRR".into()),
        national_id: Set(None),
        tax_id: Set(None),
        notes: Set(None),
        credit_balance: Set(0),
        status: Set(ClientStatus::Active),
        password_hash: Set(None),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
}

/// The provider admin `admin@example.com` (whose password no test uses).
pub async fn insert_admin(db: &DatabaseConnection) -> admin_user::Model {
    admin_user::ActiveModel {
        email: Set("admin@example.com".into()),
        name: Set("Admin".into()),
        password_hash: Set("unused".into()),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert admin")
}

/// An IRR invoice of `total` Rial for `c`, numbered after the reseller's last one, issued on
/// 20 Nov 2026, due a week later, with `paid` already paid; no lines.
pub async fn insert_invoice(
    db: &DatabaseConnection,
    c: &client::Model,
    status: &str,
    total: i64,
    paid: i64,
    created_at: time::OffsetDateTime,
) -> invoice::Model {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    use time::macros::{date, datetime};
    let before = invoice::Entity::find().filter(invoice::Column::ResellerId.eq(c.reseller_id)).count(db).await;
    invoice::ActiveModel {
        reseller_id: Set(c.reseller_id),
        client_id: Set(c.id),
        order_id: Set(None),
        number: Set(before.expect("count invoices") as i64 + 1),
        status: Set(code(status)),
        currency: Set("IRR".into()),
        total: Set(total),
        amount_paid: Set(paid),
        issued_on: Set(date!(2026 - 11 - 20)),
        due_on: Set(date!(2026 - 11 - 27)),
        paid_at: Set((status == "paid").then_some(datetime!(2026-11-21 08:00 UTC))),
        created_at: Set(created_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert invoice")
}

/// An active IRR order of 10,000,000 Rial by `reseller_id` for `client_id`, numbered `number`,
/// placed by the reseller now; tests set what they look at with `..order_for(…)`.
pub fn order_for(reseller_id: i64, client_id: i64, number: i64) -> order::ActiveModel {
    order::ActiveModel {
        reseller_id: Set(reseller_id),
        client_id: Set(client_id),
        number: Set(number),
        status: Set(app::orders::manage::OrderStatus::Active),
        placed_by: Set(app::orders::PlacedBy::Reseller),
        currency: Set("IRR".into()),
        total: Set(10_000_000),
        idempotency_key: Set(None),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
}

/// An active monthly IRR addon of 100,000 Rial on service `service_id` of `client_id`, from no
/// order, added now; tests set what they look at with `..addon_on(…)`.
pub fn addon_on(reseller_id: i64, client_id: i64, service_id: i64, addon_id: i64) -> service_addon::ActiveModel {
    service_addon::ActiveModel {
        reseller_id: Set(reseller_id),
        client_id: Set(client_id),
        service_id: Set(service_id),
        addon_id: Set(addon_id),
        order_id: Set(None),
        status: Set(app::orders::manage::ServiceStatus::Active),
        billing_cycle: Set(app::values::BillingCycle::Monthly),
        recurring_amount: Set(100_000),
        currency: Set("IRR".into()),
        next_due_on: Set(None),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
}

/// A product group named `en` in English and `fa` in Persian, sorted at `sort_order`.
pub async fn insert_group(db: &DatabaseConnection, en: &str, fa: &str, sort_order: i32) -> i64 {
    product_group::ActiveModel {
        name_fa: Set(fa.into()),
        name_en: Set(en.into()),
        sort_order: Set(sort_order),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert product group")
    .id
}

/// A hosting product of `group_id` without descriptions, for sale when `active`.
pub async fn insert_product(db: &DatabaseConnection, group_id: i64, en: &str, fa: &str, active: bool) -> i64 {
    product::ActiveModel {
        group_id: Set(group_id),
        kind: Set(ProductKind::Hosting),
        name_fa: Set(fa.into()),
        name_en: Set(en.into()),
        description_fa: Set(String::new()),
        description_en: Set(String::new()),
        active: Set(active),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert product")
    .id
}

/// An addon without descriptions, for sale when `active`.
pub async fn insert_addon(db: &DatabaseConnection, en: &str, fa: &str, active: bool) -> i64 {
    addon::ActiveModel {
        name_fa: Set(fa.into()),
        name_en: Set(en.into()),
        description_fa: Set(String::new()),
        description_en: Set(String::new()),
        active: Set(active),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert addon")
    .id
}

/// The catalog's first product, or a new "Linux hosting" in a new "Hosting" group.
pub async fn some_product(db: &DatabaseConnection) -> i64 {
    use sea_orm::EntityTrait;
    match product::Entity::find().one(db).await.expect("read products") {
        Some(p) => p.id,
        None => {
            let group = insert_group(db, "Hosting", "میزبانی", 1).await;
            insert_product(db, group, "Linux hosting", "هاست لینوکس", true).await
        }
    }
}

/// The catalog's first addon, or a new "Backup".
pub async fn some_addon(db: &DatabaseConnection) -> i64 {
    use sea_orm::EntityTrait;
    match addon::Entity::find().one(db).await.expect("read addons") {
        Some(a) => a.id,
        None => insert_addon(db, "Backup", "پشتیبان", true).await,
    }
}

fn rand_suffix() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    format!("{nanos}_{}", COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
}

/// Runs one async test body against both backends: `on_both_backends!(name);` where
/// `async fn name(db: &DatabaseConnection)` is in scope.
#[macro_export]
macro_rules! on_both_backends {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                #[tokio::test]
                async fn sqlite() {
                    let db = $crate::support::TestDb::sqlite().await;
                    super::$case(&db.conn).await;
                    db.cleanup().await;
                }

                #[tokio::test]
                async fn postgres() {
                    let db = $crate::support::TestDb::postgres().await;
                    super::$case(&db.conn).await;
                    db.cleanup().await;
                }
            }
        )*
    };
}

/// The variant of a code set stored as `stored`, for tests that name statuses as the database
/// holds them.
pub fn code<T: app::values::Code>(stored: &str) -> T {
    T::parse(stored).unwrap_or_else(|| panic!("no {} code {stored:?}", std::any::type_name::<T>()))
}
