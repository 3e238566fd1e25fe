//! The schema, one append-only file per change. Demo data comes from `resellerdesk seed-demo`,
//! never from a migration.

pub use sea_orm_migration::prelude::*;

mod kit;

mod m20261127_000001_accounts;
mod m20261127_000002_sessions_throttle_audit;
mod m20261127_000003_client_list_indexes;
mod m20261127_000004_billing_records;
mod m20261127_000005_prices_payments;
mod m20261127_000006_portal;
mod m20261128_000007_outbox_pending_index;
mod m20261206_000008_client_count_changes;
mod m20261206_000009_session_ends_throttle_delays;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_accounts::Migration),
            Box::new(m20261127_000002_sessions_throttle_audit::Migration),
            Box::new(m20261127_000003_client_list_indexes::Migration),
            Box::new(m20261127_000004_billing_records::Migration),
            Box::new(m20261127_000005_prices_payments::Migration),
            Box::new(m20261127_000006_portal::Migration),
            Box::new(m20261128_000007_outbox_pending_index::Migration),
            Box::new(m20261206_000008_client_count_changes::Migration),
            Box::new(m20261206_000009_session_ends_throttle_delays::Migration),
        ]
    }
}
