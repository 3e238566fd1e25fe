//! What a client has: the provider's catalog (groups, products, addons) that services point
//! to, and the client's orders, invoices, services, addons, domains, tickets and emails. Every
//! client-owned row cascades with its client, so deleting a client removes all of it in one
//! statement inside the caller's transaction; the audit log has no foreign key and stays.

use crate::kit::{NewTable, drop_indexes, drop_tables, index, unique};
use sea_orm_migration::{prelude::*, schema::*};

use ForeignKeyAction::{Cascade, Restrict, SetNull};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        NewTable::new("product_groups")
            .col(big_pk_auto("id"))
            .col(string("name_fa"))
            .col(string("name_en"))
            .col(integer("sort_order").default(0))
            .create(manager)
            .await?;
        NewTable::new("products")
            .col(big_pk_auto("id"))
            .col(big_integer("group_id"))
            .col(string_len("kind", 16))
            .col(string("name_fa"))
            .col(string("name_en"))
            .col(text("description_fa"))
            .col(text("description_en"))
            .col(boolean("active").default(true))
            .col(timestamp_with_time_zone("created_at"))
            .references("group_id", "product_groups", Restrict)
            .create(manager)
            .await?;
        NewTable::new("addons")
            .col(big_pk_auto("id"))
            .col(string("name_fa"))
            .col(string("name_en"))
            .col(text("description_fa"))
            .col(text("description_en"))
            .col(boolean("active").default(true))
            .col(timestamp_with_time_zone("created_at"))
            .create(manager)
            .await?;

        NewTable::client_record("orders")
            .col(big_integer("number"))
            .col(string_len("status", 16))
            .col(string_len("placed_by", 24))
            .col(string_len("currency", 3))
            .col(big_integer("total"))
            .col(string_len_null("idempotency_key", 64))
            .col(timestamp_with_time_zone("created_at"))
            .create(manager)
            .await?;
        unique(manager, "ux_orders_reseller_number", "orders", ["reseller_id", "number"]).await?;
        unique(manager, "ux_orders_reseller_idempotency", "orders", ["reseller_id", "idempotency_key"]).await?;
        index(manager, "ix_orders_client_id", "orders", ["client_id", "id"]).await?;
        NewTable::new("order_items")
            .col(big_pk_auto("id"))
            .col(big_integer("order_id"))
            .col(string("description"))
            .col(string_len_null("billing_cycle", 16))
            .col(big_integer("amount"))
            .references("order_id", "orders", Cascade)
            .create(manager)
            .await?;
        index(manager, "ix_order_items_order", "order_items", ["order_id"]).await?;

        NewTable::client_record("invoices")
            .col(big_integer_null("order_id"))
            .col(big_integer("number"))
            .col(string_len("status", 16))
            .col(string_len("currency", 3))
            .col(big_integer("total"))
            .col(big_integer("amount_paid").default(0))
            .col(date("issued_on"))
            .col(date("due_on"))
            .col(timestamp_with_time_zone_null("paid_at"))
            .col(timestamp_with_time_zone("created_at"))
            .references("order_id", "orders", SetNull)
            .create(manager)
            .await?;
        unique(manager, "ux_invoices_reseller_number", "invoices", ["reseller_id", "number"]).await?;
        // The clients list sums each client's paid invoices; this index answers it for a page.
        index(manager, "ix_invoices_client_status", "invoices", ["client_id", "status"]).await?;
        NewTable::new("invoice_items")
            .col(big_pk_auto("id"))
            .col(big_integer("invoice_id"))
            .col(string("description"))
            .col(big_integer("amount"))
            .references("invoice_id", "invoices", Cascade)
            .create(manager)
            .await?;
        index(manager, "ix_invoice_items_invoice", "invoice_items", ["invoice_id"]).await?;

        NewTable::client_record("services")
            .col(big_integer_null("order_id"))
            .col(big_integer("product_id"))
            .col(string_null("label"))
            .col(string_len("status", 16))
            .col(string_len("billing_cycle", 16))
            .col(big_integer("recurring_amount"))
            .col(string_len("currency", 3))
            .col(date_null("next_due_on"))
            .col(timestamp_with_time_zone("created_at"))
            .references("order_id", "orders", SetNull)
            .references("product_id", "products", Restrict)
            .create(manager)
            .await?;
        index(manager, "ix_services_client_id", "services", ["client_id", "id"]).await?;
        NewTable::client_record("service_addons")
            .col(big_integer("service_id"))
            .col(big_integer("addon_id"))
            .col(big_integer_null("order_id"))
            .col(string_len("status", 16))
            .col(string_len("billing_cycle", 16))
            .col(big_integer("recurring_amount"))
            .col(string_len("currency", 3))
            .col(date_null("next_due_on"))
            .col(timestamp_with_time_zone("created_at"))
            .references("service_id", "services", Cascade)
            .references("addon_id", "addons", Restrict)
            .references("order_id", "orders", SetNull)
            .create(manager)
            .await?;
        index(manager, "ix_service_addons_client_id", "service_addons", ["client_id", "id"]).await?;
        index(manager, "ix_service_addons_service", "service_addons", ["service_id"]).await?;
        NewTable::client_record("domains")
            .col(big_integer_null("order_id"))
            .col(string("name"))
            .col(string_len("registration_kind", 16))
            .col(string_len("status", 24))
            .col(small_integer("period_years"))
            .col(big_integer("recurring_amount"))
            .col(string_len("currency", 3))
            .col(date_null("expires_on"))
            .col(timestamp_with_time_zone("created_at"))
            .references("order_id", "orders", SetNull)
            .create(manager)
            .await?;
        index(manager, "ix_domains_client_id", "domains", ["client_id", "id"]).await?;

        NewTable::client_record("tickets")
            .col(string_len("department", 16))
            .col(string("subject"))
            .col(string_len("status", 16))
            .col(string_len("priority", 8))
            .col(timestamp_with_time_zone("last_reply_at"))
            .col(timestamp_with_time_zone("created_at"))
            .create(manager)
            .await?;
        index(manager, "ix_tickets_client_id", "tickets", ["client_id", "id"]).await?;
        NewTable::new("ticket_messages")
            .col(big_pk_auto("id"))
            .col(big_integer("ticket_id"))
            .col(string_len("author_kind", 16))
            .col(text("body"))
            .col(timestamp_with_time_zone("created_at"))
            .references("ticket_id", "tickets", Cascade)
            .create(manager)
            .await?;
        index(manager, "ix_ticket_messages_ticket", "ticket_messages", ["ticket_id", "id"]).await?;

        NewTable::new("email_outbox")
            .col(big_pk_auto("id"))
            .col(big_integer("reseller_id"))
            .col(big_integer_null("client_id"))
            .col(string_len("template", 48))
            .col(string("to_address"))
            .col(string("to_name"))
            .col(string_len("language", 2))
            .col(string("subject"))
            .col(text("body_text"))
            .col(text("body_html"))
            .col(string_len("status", 16))
            .col(integer("attempts").default(0))
            .col(timestamp_with_time_zone("next_attempt_at"))
            .col(text_null("last_error"))
            .col(timestamp_with_time_zone_null("sent_at"))
            .col(timestamp_with_time_zone("created_at"))
            .references("reseller_id", "resellers", Restrict)
            .references("client_id", "clients", Cascade)
            .create(manager)
            .await?;
        index(manager, "ix_email_outbox_due", "email_outbox", ["status", "next_attempt_at"]).await?;

        // Links that let a client set their portal password: single use, stored hashed.
        NewTable::new("password_tokens")
            .col(big_pk_auto("id"))
            .col(big_integer("client_id"))
            .col(string_len_uniq("token_hash", 64))
            .col(timestamp_with_time_zone("expires_at"))
            .col(timestamp_with_time_zone_null("used_at"))
            .col(timestamp_with_time_zone("created_at"))
            .references("client_id", "clients", Cascade)
            .create(manager)
            .await?;
        index(manager, "ix_email_outbox_client_id", "email_outbox", ["client_id", "id"]).await?;
        // What the clients list's search matches by prefix: one row per searchable word of a
        // client (names, "first last", email, company, phone digits, national ID), normalised
        // by the app. Ordered by bytes, so a prefix is a range of the primary key.
        NewTable::new("client_search_terms")
            .col(big_integer("reseller_id"))
            .col(string("term"))
            .col(big_integer("client_id"))
            .primary_key(["reseller_id", "term", "client_id"])
            .references("client_id", "clients", Cascade)
            .create(manager)
            .await?;
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
            // Byte order, as on SQLite, whatever the database's locale.
            manager
                .get_connection()
                .execute_unprepared(r#"ALTER TABLE client_search_terms ALTER COLUMN term TYPE varchar COLLATE "C""#)
                .await?;
        }
        index(manager, "ix_client_search_terms_client", "client_search_terms", ["client_id"]).await?;
        // How many clients each reseller has in each status, kept in step with every insert,
        // close and delete, so the list's unfiltered total is one row read, not a count.
        NewTable::new("client_counts")
            .col(big_integer("reseller_id"))
            .col(string_len("status", 16))
            .col(big_integer("clients"))
            .primary_key(["reseller_id", "status"])
            .references("reseller_id", "resellers", Restrict)
            .create(manager)
            .await?;

        // The clients list sorted by a column: the index hands a page over in order.
        index(manager, "ix_clients_reseller_name", "clients", ["reseller_id", "last_name", "first_name", "id"]).await?;
        index(manager, "ix_clients_reseller_email", "clients", ["reseller_id", "email", "id"]).await?;
        index(manager, "ix_clients_reseller_company", "clients", ["reseller_id", "company", "id"]).await?;

        // The client's Activity tab: audit rows about one client, newest first.
        index(manager, "ix_audit_log_target", "audit_log", ["target_kind", "target_id", "id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_indexes(manager, "audit_log", &["ix_audit_log_target"]).await?;
        drop_indexes(
            manager,
            "clients",
            &["ix_clients_reseller_name", "ix_clients_reseller_email", "ix_clients_reseller_company"],
        )
        .await?;
        drop_tables(
            manager,
            &[
                "client_counts",
                "client_search_terms",
                "password_tokens",
                "email_outbox",
                "ticket_messages",
                "tickets",
                "domains",
                "service_addons",
                "services",
                "invoice_items",
                "invoices",
                "order_items",
                "orders",
                "addons",
                "products",
                "product_groups",
            ],
        )
        .await
    }
}
