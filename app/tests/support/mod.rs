//! A fresh, migrated database per test, on SQLite (in memory) or PostgreSQL (a database created
//! for the test on `TEST_POSTGRES_URL`, default the local server, and dropped afterwards).

#![allow(dead_code)] // each test binary uses part of the support code

use app::entities::{client, reseller};
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
        status: Set("active".into()),
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
        status: Set("active".into()),
        password_hash: Set(None),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
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
