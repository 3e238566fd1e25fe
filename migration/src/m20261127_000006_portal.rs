//! What the branded portal stands on: the reseller's brand settings (logo, "pay to" text, bank
//! transfer instructions, mapped host names), ticket departments set by the reseller, and the
//! single-use tokens a reseller's "Login as client" is redeemed with.
//!
//! Tickets so far carried a fixed department code; each (reseller, code) pair becomes a
//! department row of that reseller and the tickets point at it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(Resellers::PayToText).text().not_null().default("").to_owned(),
            ColumnDef::new(Resellers::BankTransferText).text().not_null().default("").to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Resellers::Table).add_column(column).to_owned()).await?;
        }

        // The logo lives in the database, so every app server behind a load balancer has it.
        manager
            .create_table(
                Table::create()
                    .table(ResellerLogos::Table)
                    .if_not_exists()
                    .col(big_integer(ResellerLogos::ResellerId).primary_key())
                    .col(string_len(ResellerLogos::ContentType, 32))
                    .col(blob(ResellerLogos::Bytes))
                    .col(timestamp_with_time_zone(ResellerLogos::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reseller_logos_reseller")
                            .from(ResellerLogos::Table, ResellerLogos::ResellerId)
                            .to(Resellers::Table, Resellers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // A host name serves one portal; lower-case, without port.
        manager
            .create_table(
                Table::create()
                    .table(ResellerHosts::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ResellerHosts::Id))
                    .col(big_integer(ResellerHosts::ResellerId))
                    .col(string_len_uniq(ResellerHosts::Host, 253))
                    .col(timestamp_with_time_zone(ResellerHosts::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reseller_hosts_reseller")
                            .from(ResellerHosts::Table, ResellerHosts::ResellerId)
                            .to(Resellers::Table, Resellers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_reseller_hosts_reseller")
                    .table(ResellerHosts::Table)
                    .col(ResellerHosts::ResellerId)
                    .to_owned(),
            )
            .await?;

        // Departments are never deleted (tickets point at them), only deactivated.
        manager
            .create_table(
                Table::create()
                    .table(TicketDepartments::Table)
                    .if_not_exists()
                    .col(big_pk_auto(TicketDepartments::Id))
                    .col(big_integer(TicketDepartments::ResellerId))
                    .col(string_len(TicketDepartments::Name, 64))
                    .col(boolean(TicketDepartments::Active).default(true))
                    .col(integer(TicketDepartments::SortOrder).default(0))
                    .col(timestamp_with_time_zone(TicketDepartments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_departments_reseller")
                            .from(TicketDepartments::Table, TicketDepartments::ResellerId)
                            .to(Resellers::Table, Resellers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_ticket_departments_reseller_name")
                    .table(TicketDepartments::Table)
                    .col(TicketDepartments::ResellerId)
                    .col(TicketDepartments::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(ColumnDef::new(Tickets::DepartmentId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO ticket_departments (reseller_id, name, active, sort_order, created_at) \
             SELECT DISTINCT reseller_id, \
                    CASE department WHEN 'sales' THEN 'Sales' WHEN 'billing' THEN 'Billing' \
                                    WHEN 'support' THEN 'Support' ELSE department END, \
                    TRUE, 0, CURRENT_TIMESTAMP \
             FROM tickets",
        )
        .await?;
        db.execute_unprepared(
            "UPDATE tickets SET department_id = (SELECT d.id FROM ticket_departments d \
             WHERE d.reseller_id = tickets.reseller_id AND d.name = \
                   CASE tickets.department WHEN 'sales' THEN 'Sales' WHEN 'billing' THEN 'Billing' \
                                           WHEN 'support' THEN 'Support' ELSE tickets.department END)",
        )
        .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_tickets_reseller_status")
                    .table(Tickets::Table)
                    .col(Tickets::ResellerId)
                    .col(Tickets::Status)
                    .col(Tickets::LastReplyAt)
                    .to_owned(),
            )
            .await?;

        // "Login as client": only the SHA-256 of the token is kept; it is good once, for 60 s.
        manager
            .create_table(
                Table::create()
                    .table(LoginTokens::Table)
                    .if_not_exists()
                    .col(big_pk_auto(LoginTokens::Id))
                    .col(string_len_uniq(LoginTokens::TokenHash, 64))
                    .col(big_integer(LoginTokens::ResellerId))
                    .col(big_integer(LoginTokens::ClientId))
                    // Where in the portal to land, e.g. `/invoices/12`; checked when issued.
                    .col(string_len_null(LoginTokens::Target, 200))
                    .col(big_integer(LoginTokens::ExpiresAt))
                    .col(big_integer_null(LoginTokens::UsedAt))
                    .col(big_integer(LoginTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_login_tokens_client")
                            .from(LoginTokens::Table, LoginTokens::ClientId)
                            .to(Clients::Table, Clients::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginTokens::Table.into_iden(),
            TicketDepartments::Table.into_iden(),
            ResellerHosts::Table.into_iden(),
            ResellerLogos::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).if_exists().to_owned()).await?;
        }
        manager.alter_table(Table::alter().table(Tickets::Table).drop_column(Tickets::DepartmentId).to_owned()).await?;
        for column in [Resellers::PayToText, Resellers::BankTransferText] {
            manager.alter_table(Table::alter().table(Resellers::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Resellers {
    Table,
    Id,
    PayToText,
    BankTransferText,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ResellerLogos {
    Table,
    ResellerId,
    ContentType,
    Bytes,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResellerHosts {
    Table,
    Id,
    ResellerId,
    Host,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketDepartments {
    Table,
    Id,
    ResellerId,
    Name,
    Active,
    SortOrder,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    ResellerId,
    Status,
    LastReplyAt,
    DepartmentId,
}

#[derive(DeriveIden)]
enum LoginTokens {
    Table,
    Id,
    TokenHash,
    ResellerId,
    ClientId,
    Target,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}
