//! Sessions that end when they should, and sign-in throttling that cannot lock an owner out.
//!
//! - `sessions.last_seen_at`: staff sessions (and a reseller's Login as client) end after a
//!   spell of idleness, beside their absolute expiry. Existing sessions count as seen when
//!   they started.
//! - `sessions.parent_session_id`: the reseller session a Login as client portal session was
//!   opened from, so signing out of the panel ends it too.
//! - An index on (area, subject_id) and on acting_reseller_id, to end every session of one
//!   account (a password change, a suspended reseller, a closed client) without a scan.
//! - `login_tokens.issued_by_session_id`: the reseller session that issued a Login as client
//!   link, which the portal session it opens records as its parent.
//! - `login_throttle.blocked_until`: a sign-in key that failed too often waits a growing delay
//!   instead of a fixed window for everyone.

use crate::kit::{add_column, drop_columns, drop_indexes, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "sessions", ColumnDef::new("last_seen_at").big_integer().not_null().default(0)).await?;
        add_column(manager, "sessions", ColumnDef::new("parent_session_id").big_integer().null()).await?;
        manager
            .exec_stmt(Query::update().table("sessions").value("last_seen_at", Expr::col("created_at")).to_owned())
            .await?;
        index(manager, "ix_sessions_area_subject", "sessions", ["area", "subject_id"]).await?;
        index(manager, "ix_sessions_acting_reseller", "sessions", ["acting_reseller_id"]).await?;
        index(manager, "ix_sessions_parent", "sessions", ["parent_session_id"]).await?;
        add_column(manager, "login_tokens", ColumnDef::new("issued_by_session_id").big_integer().null()).await?;
        add_column(manager, "login_throttle", ColumnDef::new("blocked_until").big_integer().not_null().default(0)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "login_throttle", &["blocked_until"]).await?;
        drop_columns(manager, "login_tokens", &["issued_by_session_id"]).await?;
        drop_indexes(
            manager,
            "sessions",
            &["ix_sessions_parent", "ix_sessions_acting_reseller", "ix_sessions_area_subject"],
        )
        .await?;
        drop_columns(manager, "sessions", &["parent_session_id", "last_seen_at"]).await
    }
}
