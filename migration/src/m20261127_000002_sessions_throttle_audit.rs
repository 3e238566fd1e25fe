//! Database-backed sessions (several app servers can share one PostgreSQL), sign-in attempt
//! counters and the audit log.
//!
//! Expiry instants are unix seconds in BIGINT columns so that `expires_at < now` compares the
//! same way on SQLite and PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Sessions::Id))
                    .col(string_len_uniq(Sessions::TokenHash, 64))
                    .col(string_len(Sessions::Area, 16))
                    .col(big_integer(Sessions::SubjectId))
                    .col(big_integer_null(Sessions::ResellerId))
                    .col(big_integer_null(Sessions::ActingResellerId))
                    .col(string_len_null(Sessions::Ip, 64))
                    .col(big_integer(Sessions::CreatedAt))
                    .col(big_integer(Sessions::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_expires_at")
                    .table(Sessions::Table)
                    .col(Sessions::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(LoginThrottle::Table)
                    .if_not_exists()
                    .col(string_len(LoginThrottle::Key, 320).primary_key())
                    .col(integer(LoginThrottle::Attempts))
                    .col(big_integer(LoginThrottle::WindowStartedAt))
                    .to_owned(),
            )
            .await?;

        // No foreign keys: an audit record must outlive the client or reseller it names.
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AuditLog::Id))
                    .col(big_integer_null(AuditLog::ResellerId))
                    .col(string_len(AuditLog::ActorKind, 16))
                    .col(big_integer(AuditLog::ActorId))
                    .col(big_integer_null(AuditLog::ActingAsClientId))
                    .col(string_len(AuditLog::Action, 64))
                    .col(string_len_null(AuditLog::TargetKind, 32))
                    .col(big_integer_null(AuditLog::TargetId))
                    .col(text_null(AuditLog::Detail))
                    .col(string_len_null(AuditLog::Ip, 64))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_reseller_id")
                    .table(AuditLog::Table)
                    .col(AuditLog::ResellerId)
                    .col(AuditLog::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditLog::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(LoginThrottle::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Sessions::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    Area,
    SubjectId,
    ResellerId,
    ActingResellerId,
    Ip,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Attempts,
    WindowStartedAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ResellerId,
    ActorKind,
    ActorId,
    ActingAsClientId,
    Action,
    TargetKind,
    TargetId,
    Detail,
    Ip,
    CreatedAt,
}
