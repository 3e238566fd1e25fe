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

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(ColumnDef::new(Sessions::LastSeenAt).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(ColumnDef::new(Sessions::ParentSessionId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Sessions::Table)
                    .value(Sessions::LastSeenAt, Expr::col(Sessions::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_area_subject")
                    .table(Sessions::Table)
                    .col(Sessions::Area)
                    .col(Sessions::SubjectId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_acting_reseller")
                    .table(Sessions::Table)
                    .col(Sessions::ActingResellerId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_parent")
                    .table(Sessions::Table)
                    .col(Sessions::ParentSessionId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(LoginTokens::Table)
                    .add_column(ColumnDef::new(LoginTokens::IssuedBySessionId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(LoginThrottle::Table)
                    .add_column(ColumnDef::new(LoginThrottle::BlockedUntil).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(LoginThrottle::Table).drop_column(LoginThrottle::BlockedUntil).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter().table(LoginTokens::Table).drop_column(LoginTokens::IssuedBySessionId).to_owned(),
            )
            .await?;
        for index in ["ix_sessions_parent", "ix_sessions_acting_reseller", "ix_sessions_area_subject"] {
            manager.drop_index(Index::drop().name(index).table(Sessions::Table).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::ParentSessionId).to_owned())
            .await?;
        manager.alter_table(Table::alter().table(Sessions::Table).drop_column(Sessions::LastSeenAt).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Area,
    SubjectId,
    ActingResellerId,
    CreatedAt,
    LastSeenAt,
    ParentSessionId,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    BlockedUntil,
}

#[derive(DeriveIden)]
enum LoginTokens {
    Table,
    IssuedBySessionId,
}
