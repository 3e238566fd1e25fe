//! Provider admins, resellers (one sign-in per reseller, with brand and permissions) and the
//! resellers' clients.

use crate::kit::{NewTable, drop_tables, unique};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        NewTable::new("admin_users")
            .col(big_pk_auto("id"))
            .col(string_uniq("email"))
            .col(string("name"))
            .col(string("password_hash"))
            .col(timestamp_with_time_zone("created_at"))
            .create(manager)
            .await?;

        NewTable::new("resellers")
            .col(big_pk_auto("id"))
            .col(string_len_uniq("slug", 63))
            .col(string("brand_name"))
            .col(string("contact_name"))
            .col(string_uniq("email"))
            .col(string("password_hash"))
            .col(string_len("default_language", 2))
            .col(string_len("primary_color", 7))
            .col(string("support_email"))
            .col(string_len("status", 16))
            .col(boolean("allow_login_as_client").default(true))
            .col(boolean("allow_place_order").default(true))
            .col(boolean("allow_delete_clients").default(true))
            .col(boolean("allow_portal_payments").default(true))
            .col(boolean("allow_portal_tickets").default(true))
            .col(boolean("show_toman").default(false))
            .col(timestamp_with_time_zone("created_at"))
            .create(manager)
            .await?;

        NewTable::new("clients")
            .col(big_pk_auto("id"))
            .col(big_integer("reseller_id"))
            .col(string("first_name"))
            .col(string("last_name"))
            .col(string_null("company"))
            .col(string("email"))
            .col(string_len("phone", 16))
            .col(string("address1"))
            .col(string_null("address2"))
            .col(string("city"))
            .col(string("state"))
            .col(string_len("postcode", 16))
            .col(string_len("country", 2))
            .col(string_len("language", 2))
            .col(string_len("currency", 3))
            .col(string_len_null("national_id", 10))
            .col(string_null("tax_id"))
            .col(text_null("notes"))
            .col(big_integer("credit_balance").default(0))
            .col(string_len("status", 16))
            .col(string_null("password_hash"))
            .col(timestamp_with_time_zone("created_at"))
            .references("reseller_id", "resellers", ForeignKeyAction::Restrict)
            .create(manager)
            .await?;

        // Email is unique per reseller; the index also serves the portal's sign-in lookup.
        unique(manager, "ux_clients_reseller_email", "clients", ["reseller_id", "email"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["clients", "resellers", "admin_users"]).await
    }
}
