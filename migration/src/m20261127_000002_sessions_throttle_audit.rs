//! Database-backed sessions (several app servers can share one PostgreSQL), sign-in attempt
//! counters and the audit log.
//!
//! Expiry instants are unix seconds in BIGINT columns so that `expires_at < now` compares the
//! same way on SQLite and PostgreSQL.

use crate::kit::{NewTable, drop_tables, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        NewTable::new("sessions")
            .col(big_pk_auto("id"))
            .col(string_len_uniq("token_hash", 64))
            .col(string_len("area", 16))
            .col(big_integer("subject_id"))
            .col(big_integer_null("reseller_id"))
            .col(big_integer_null("acting_reseller_id"))
            .col(string_len_null("ip", 64))
            .col(big_integer("created_at"))
            .col(big_integer("expires_at"))
            .create(manager)
            .await?;
        index(manager, "ix_sessions_expires_at", "sessions", ["expires_at"]).await?;

        NewTable::new("login_throttle")
            .col(string_len("key", 320).primary_key())
            .col(integer("attempts"))
            .col(big_integer("window_started_at"))
            .create(manager)
            .await?;

        // No foreign keys: an audit record must outlive the client or reseller it names.
        NewTable::new("audit_log")
            .col(big_pk_auto("id"))
            .col(big_integer_null("reseller_id"))
            .col(string_len("actor_kind", 16))
            .col(big_integer("actor_id"))
            .col(big_integer_null("acting_as_client_id"))
            .col(string_len("action", 64))
            .col(string_len_null("target_kind", 32))
            .col(big_integer_null("target_id"))
            .col(text_null("detail"))
            .col(string_len_null("ip", 64))
            .col(timestamp_with_time_zone("created_at"))
            .create(manager)
            .await?;
        index(manager, "ix_audit_log_reseller_id", "audit_log", ["reseller_id", "id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["audit_log", "login_throttle", "sessions"]).await
    }
}
