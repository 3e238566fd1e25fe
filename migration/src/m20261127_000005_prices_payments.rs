//! What ordering stands on: domain extensions, the provider's prices (per item, currency and
//! billing cycle or domain operation, with the range a reseller may charge), each reseller's
//! own prices inside that range, per-reseller number sequences for orders and invoices, and
//! the payments recorded against invoices.
//!
//! A price row names its item by kind and id (`product`, `addon` or `domain`), so one table
//! and one range rule serve all three. Catalog items are never deleted, only deactivated, so
//! those ids stay valid.

use crate::kit::{NewTable, add_column, drop_columns, drop_indexes, drop_tables, index, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        NewTable::new("domain_extensions")
            .col(big_pk_auto("id"))
            .col(string_len_uniq("tld", 32))
            .col(boolean("active").default(true))
            .col(integer("sort_order").default(0))
            .col(timestamp_with_time_zone("created_at"))
            .create(manager)
            .await?;

        NewTable::new("catalog_prices")
            .col(big_pk_auto("id"))
            .col(string_len("item_kind", 16))
            .col(big_integer("item_id"))
            .col(string_len("currency", 3))
            // A billing cycle for products and addons; register, transfer or renew (per year)
            // for domains.
            .col(string_len("term", 16))
            .col(big_integer("setup_fee"))
            .col(big_integer("price"))
            .col(big_integer("min_price"))
            .col(big_integer("max_price"))
            .col(timestamp_with_time_zone("updated_at"))
            .create(manager)
            .await?;
        unique(
            manager,
            "ux_catalog_prices_item_currency_term",
            "catalog_prices",
            ["item_kind", "item_id", "currency", "term"],
        )
        .await?;

        NewTable::new("reseller_prices")
            .col(big_pk_auto("id"))
            .col(big_integer("reseller_id"))
            .col(big_integer("catalog_price_id"))
            .col(big_integer("setup_fee"))
            .col(big_integer("price"))
            .col(timestamp_with_time_zone("updated_at"))
            .references("reseller_id", "resellers", ForeignKeyAction::Cascade)
            .references("catalog_price_id", "catalog_prices", ForeignKeyAction::Cascade)
            .create(manager)
            .await?;
        unique(manager, "ux_reseller_prices_reseller_price", "reseller_prices", ["reseller_id", "catalog_price_id"])
            .await?;

        // The last number handed out per reseller and sequence (`order`, `invoice`). Placing an
        // order takes the next number with an UPDATE, which holds the row until commit, so
        // concurrent orders get consecutive numbers without gaps or duplicates.
        NewTable::new("reseller_sequences")
            .col(big_integer("reseller_id"))
            .col(string_len("name", 16))
            .col(big_integer("last_value"))
            .primary_key(["reseller_id", "name"])
            .references("reseller_id", "resellers", ForeignKeyAction::Cascade)
            .create(manager)
            .await?;

        NewTable::new("invoice_transactions")
            .col(big_pk_auto("id"))
            .col(big_integer("invoice_id"))
            .col(date("paid_on"))
            .col(string_len("method", 24))
            .col(string("reference"))
            .col(big_integer("amount"))
            .col(big_integer("fee"))
            .col(timestamp_with_time_zone("created_at"))
            .references("invoice_id", "invoices", ForeignKeyAction::Cascade)
            .create(manager)
            .await?;
        index(manager, "ix_invoice_transactions_invoice", "invoice_transactions", ["invoice_id"]).await?;

        // What an idempotency key ordered, so reusing the key for a different order is refused
        // instead of answering with the first one.
        add_column(manager, "orders", string_len_null("request_hash", 64)).await?;

        // The orders and invoices lists: one reseller's rows, newest first, optionally by status.
        index(manager, "ix_orders_reseller_status_id", "orders", ["reseller_id", "status", "id"]).await?;
        index(manager, "ix_invoices_reseller_status_id", "invoices", ["reseller_id", "status", "id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "orders", &["request_hash"]).await?;
        drop_indexes(manager, "invoices", &["ix_invoices_reseller_status_id"]).await?;
        drop_indexes(manager, "orders", &["ix_orders_reseller_status_id"]).await?;
        drop_tables(
            manager,
            &["invoice_transactions", "reseller_sequences", "reseller_prices", "catalog_prices", "domain_extensions"],
        )
        .await
    }
}
