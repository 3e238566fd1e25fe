//! What ordering stands on: domain extensions, the provider's prices (per item, currency and
//! billing cycle or domain operation, with the range a reseller may charge), each reseller's
//! own prices inside that range, per-reseller number sequences for orders and invoices, and
//! the payments recorded against invoices.
//!
//! A price row names its item by kind and id (`product`, `addon` or `domain`), so one table
//! and one range rule serve all three. Catalog items are never deleted, only deactivated, so
//! those ids stay valid.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DomainExtensions::Table)
                    .if_not_exists()
                    .col(big_pk_auto(DomainExtensions::Id))
                    .col(string_len_uniq(DomainExtensions::Tld, 32))
                    .col(boolean(DomainExtensions::Active).default(true))
                    .col(integer(DomainExtensions::SortOrder).default(0))
                    .col(timestamp_with_time_zone(DomainExtensions::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CatalogPrices::Table)
                    .if_not_exists()
                    .col(big_pk_auto(CatalogPrices::Id))
                    .col(string_len(CatalogPrices::ItemKind, 16))
                    .col(big_integer(CatalogPrices::ItemId))
                    .col(string_len(CatalogPrices::Currency, 3))
                    // A billing cycle for products and addons; register, transfer or renew
                    // (per year) for domains.
                    .col(string_len(CatalogPrices::Term, 16))
                    .col(big_integer(CatalogPrices::SetupFee))
                    .col(big_integer(CatalogPrices::Price))
                    .col(big_integer(CatalogPrices::MinPrice))
                    .col(big_integer(CatalogPrices::MaxPrice))
                    .col(timestamp_with_time_zone(CatalogPrices::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_catalog_prices_item_currency_term")
                    .table(CatalogPrices::Table)
                    .col(CatalogPrices::ItemKind)
                    .col(CatalogPrices::ItemId)
                    .col(CatalogPrices::Currency)
                    .col(CatalogPrices::Term)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ResellerPrices::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ResellerPrices::Id))
                    .col(big_integer(ResellerPrices::ResellerId))
                    .col(big_integer(ResellerPrices::CatalogPriceId))
                    .col(big_integer(ResellerPrices::SetupFee))
                    .col(big_integer(ResellerPrices::Price))
                    .col(timestamp_with_time_zone(ResellerPrices::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reseller_prices_reseller")
                            .from(ResellerPrices::Table, ResellerPrices::ResellerId)
                            .to(Resellers::Table, Resellers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reseller_prices_catalog_price")
                            .from(ResellerPrices::Table, ResellerPrices::CatalogPriceId)
                            .to(CatalogPrices::Table, CatalogPrices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_reseller_prices_reseller_price")
                    .table(ResellerPrices::Table)
                    .col(ResellerPrices::ResellerId)
                    .col(ResellerPrices::CatalogPriceId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        // The last number handed out per reseller and sequence (`order`, `invoice`). Placing an
        // order takes the next number with an UPDATE, which holds the row until commit, so
        // concurrent orders get consecutive numbers without gaps or duplicates.
        manager
            .create_table(
                Table::create()
                    .table(ResellerSequences::Table)
                    .if_not_exists()
                    .col(big_integer(ResellerSequences::ResellerId))
                    .col(string_len(ResellerSequences::Name, 16))
                    .col(big_integer(ResellerSequences::LastValue))
                    .primary_key(Index::create().col(ResellerSequences::ResellerId).col(ResellerSequences::Name))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reseller_sequences_reseller")
                            .from(ResellerSequences::Table, ResellerSequences::ResellerId)
                            .to(Resellers::Table, Resellers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(InvoiceTransactions::Table)
                    .if_not_exists()
                    .col(big_pk_auto(InvoiceTransactions::Id))
                    .col(big_integer(InvoiceTransactions::InvoiceId))
                    .col(date(InvoiceTransactions::PaidOn))
                    .col(string_len(InvoiceTransactions::Method, 24))
                    .col(string(InvoiceTransactions::Reference))
                    .col(big_integer(InvoiceTransactions::Amount))
                    .col(big_integer(InvoiceTransactions::Fee))
                    .col(timestamp_with_time_zone(InvoiceTransactions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_invoice_transactions_invoice")
                            .from(InvoiceTransactions::Table, InvoiceTransactions::InvoiceId)
                            .to(Invoices::Table, Invoices::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_invoice_transactions_invoice")
                    .table(InvoiceTransactions::Table)
                    .col(InvoiceTransactions::InvoiceId)
                    .to_owned(),
            )
            .await?;

        // What an idempotency key ordered, so reusing the key for a different order is refused
        // instead of answering with the first one.
        manager
            .alter_table(
                Table::alter().table(Orders::Table).add_column(string_len_null(Orders::RequestHash, 64)).to_owned(),
            )
            .await?;

        // The orders and invoices lists: one reseller's rows, newest first, optionally by status.
        for (name, table, cols) in [
            (
                "ix_orders_reseller_status_id",
                Orders::Table.into_iden(),
                [Orders::ResellerId.into_iden(), Orders::Status.into_iden(), Orders::Id.into_iden()],
            ),
            (
                "ix_invoices_reseller_status_id",
                Invoices::Table.into_iden(),
                [Invoices::ResellerId.into_iden(), Invoices::Status.into_iden(), Invoices::Id.into_iden()],
            ),
        ] {
            let mut statement = Index::create();
            statement.name(name).table(table);
            for col in cols {
                statement.col(col);
            }
            manager.create_index(statement.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Orders::Table).drop_column(Orders::RequestHash).to_owned()).await?;
        manager
            .drop_index(Index::drop().name("ix_invoices_reseller_status_id").table(Invoices::Table).to_owned())
            .await?;
        manager.drop_index(Index::drop().name("ix_orders_reseller_status_id").table(Orders::Table).to_owned()).await?;
        for table in [
            InvoiceTransactions::Table.into_iden(),
            ResellerSequences::Table.into_iden(),
            ResellerPrices::Table.into_iden(),
            CatalogPrices::Table.into_iden(),
            DomainExtensions::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum DomainExtensions {
    Table,
    Id,
    Tld,
    Active,
    SortOrder,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CatalogPrices {
    Table,
    Id,
    ItemKind,
    ItemId,
    Currency,
    Term,
    SetupFee,
    Price,
    MinPrice,
    MaxPrice,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResellerPrices {
    Table,
    Id,
    ResellerId,
    CatalogPriceId,
    SetupFee,
    Price,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ResellerSequences {
    Table,
    ResellerId,
    Name,
    LastValue,
}

#[derive(DeriveIden)]
enum InvoiceTransactions {
    Table,
    Id,
    InvoiceId,
    PaidOn,
    Method,
    Reference,
    Amount,
    Fee,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Resellers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Invoices {
    Table,
    Id,
    ResellerId,
    Status,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    ResellerId,
    Status,
    RequestHash,
}
