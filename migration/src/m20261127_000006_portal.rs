//! What the branded portal stands on: the reseller's brand settings (logo, "pay to" text, bank
//! transfer instructions, mapped host names), ticket departments set by the reseller, and the
//! single-use tokens a reseller's "Login as client" is redeemed with.
//!
//! Tickets so far carried a fixed department code; each (reseller, code) pair becomes a
//! department row of that reseller and the tickets point at it.

use crate::kit::{NewTable, add_column, drop_columns, index, unique};
use sea_orm_migration::{prelude::*, schema::*};

use ForeignKeyAction::Cascade;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "resellers", ColumnDef::new("pay_to_text").text().not_null().default("")).await?;
        add_column(manager, "resellers", ColumnDef::new("bank_transfer_text").text().not_null().default("")).await?;

        // The logo lives in the database, so every app server behind a load balancer has it.
        NewTable::new("reseller_logos")
            .col(big_integer("reseller_id").primary_key())
            .col(string_len("content_type", 32))
            .col(blob("bytes"))
            .col(timestamp_with_time_zone("updated_at"))
            .references("reseller_id", "resellers", Cascade)
            .create(manager)
            .await?;

        // A host name serves one portal; lower-case, without port.
        NewTable::new("reseller_hosts")
            .col(big_pk_auto("id"))
            .col(big_integer("reseller_id"))
            .col(string_len_uniq("host", 253))
            .col(timestamp_with_time_zone("created_at"))
            .references("reseller_id", "resellers", Cascade)
            .create(manager)
            .await?;
        index(manager, "ix_reseller_hosts_reseller", "reseller_hosts", ["reseller_id"]).await?;

        // Departments are never deleted (tickets point at them), only deactivated.
        NewTable::new("ticket_departments")
            .col(big_pk_auto("id"))
            .col(big_integer("reseller_id"))
            .col(string_len("name", 64))
            .col(boolean("active").default(true))
            .col(integer("sort_order").default(0))
            .col(timestamp_with_time_zone("created_at"))
            .references("reseller_id", "resellers", Cascade)
            .create(manager)
            .await?;
        unique(manager, "ux_ticket_departments_reseller_name", "ticket_departments", ["reseller_id", "name"]).await?;
        add_column(manager, "tickets", ColumnDef::new("department_id").big_integer().null()).await?;
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
        index(manager, "ix_tickets_reseller_status", "tickets", ["reseller_id", "status", "last_reply_at"]).await?;

        // "Login as client": only the SHA-256 of the token is kept; it is good once, for 60 s.
        NewTable::new("login_tokens")
            .col(big_pk_auto("id"))
            .col(string_len_uniq("token_hash", 64))
            .col(big_integer("reseller_id"))
            .col(big_integer("client_id"))
            // Where in the portal to land, e.g. `/invoices/12`; checked when issued.
            .col(string_len_null("target", 200))
            .col(big_integer("expires_at"))
            .col(big_integer_null("used_at"))
            .col(big_integer("created_at"))
            .references("client_id", "clients", Cascade)
            .create(manager)
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["login_tokens", "ticket_departments", "reseller_hosts", "reseller_logos"] {
            manager.drop_table(Table::drop().table(table).if_exists().to_owned()).await?;
        }
        drop_columns(manager, "tickets", &["department_id"]).await?;
        drop_columns(manager, "resellers", &["pay_to_text", "bank_transfer_text"]).await
    }
}
