//! What a client has: the provider's catalog (groups, products, addons) that services point
//! to, and the client's orders, invoices, services, addons, domains, tickets and emails. Every
//! client-owned row cascades with its client, so deleting a client removes all of it in one
//! statement inside the caller's transaction; the audit log has no foreign key and stays.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProductGroups::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ProductGroups::Id))
                    .col(string(ProductGroups::NameFa))
                    .col(string(ProductGroups::NameEn))
                    .col(integer(ProductGroups::SortOrder).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Products::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Products::Id))
                    .col(big_integer(Products::GroupId))
                    .col(string_len(Products::Kind, 16))
                    .col(string(Products::NameFa))
                    .col(string(Products::NameEn))
                    .col(text(Products::DescriptionFa))
                    .col(text(Products::DescriptionEn))
                    .col(boolean(Products::Active).default(true))
                    .col(timestamp_with_time_zone(Products::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_products_group",
                        Products::Table,
                        Products::GroupId,
                        ProductGroups::Table,
                        ProductGroups::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Addons::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Addons::Id))
                    .col(string(Addons::NameFa))
                    .col(string(Addons::NameEn))
                    .col(text(Addons::DescriptionFa))
                    .col(text(Addons::DescriptionEn))
                    .col(boolean(Addons::Active).default(true))
                    .col(timestamp_with_time_zone(Addons::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Orders::Id))
                    .col(big_integer(Orders::ResellerId))
                    .col(big_integer(Orders::ClientId))
                    .col(big_integer(Orders::Number))
                    .col(string_len(Orders::Status, 16))
                    .col(string_len(Orders::PlacedBy, 24))
                    .col(string_len(Orders::Currency, 3))
                    .col(big_integer(Orders::Total))
                    .col(string_len_null(Orders::IdempotencyKey, 64))
                    .col(timestamp_with_time_zone(Orders::CreatedAt))
                    .foreign_key(&mut reseller_fk("fk_orders_reseller", Orders::Table, Orders::ResellerId))
                    .foreign_key(&mut client_fk("fk_orders_client", Orders::Table, Orders::ClientId))
                    .to_owned(),
            )
            .await?;
        unique(manager, "ux_orders_reseller_number", Orders::Table, [Orders::ResellerId, Orders::Number]).await?;
        unique(manager, "ux_orders_reseller_idempotency", Orders::Table, [Orders::ResellerId, Orders::IdempotencyKey])
            .await?;
        index(manager, "ix_orders_client_id", Orders::Table, [Orders::ClientId, Orders::Id]).await?;
        manager
            .create_table(
                Table::create()
                    .table(OrderItems::Table)
                    .if_not_exists()
                    .col(big_pk_auto(OrderItems::Id))
                    .col(big_integer(OrderItems::OrderId))
                    .col(string(OrderItems::Description))
                    .col(string_len_null(OrderItems::BillingCycle, 16))
                    .col(big_integer(OrderItems::Amount))
                    .foreign_key(&mut fk(
                        "fk_order_items_order",
                        OrderItems::Table,
                        OrderItems::OrderId,
                        Orders::Table,
                        Orders::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_order_items_order", OrderItems::Table, [OrderItems::OrderId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Invoices::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Invoices::Id))
                    .col(big_integer(Invoices::ResellerId))
                    .col(big_integer(Invoices::ClientId))
                    .col(big_integer_null(Invoices::OrderId))
                    .col(big_integer(Invoices::Number))
                    .col(string_len(Invoices::Status, 16))
                    .col(string_len(Invoices::Currency, 3))
                    .col(big_integer(Invoices::Total))
                    .col(big_integer(Invoices::AmountPaid).default(0))
                    .col(date(Invoices::IssuedOn))
                    .col(date(Invoices::DueOn))
                    .col(timestamp_with_time_zone_null(Invoices::PaidAt))
                    .col(timestamp_with_time_zone(Invoices::CreatedAt))
                    .foreign_key(&mut reseller_fk("fk_invoices_reseller", Invoices::Table, Invoices::ResellerId))
                    .foreign_key(&mut client_fk("fk_invoices_client", Invoices::Table, Invoices::ClientId))
                    .foreign_key(&mut fk(
                        "fk_invoices_order",
                        Invoices::Table,
                        Invoices::OrderId,
                        Orders::Table,
                        Orders::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        unique(manager, "ux_invoices_reseller_number", Invoices::Table, [Invoices::ResellerId, Invoices::Number])
            .await?;
        // The clients list sums each client's paid invoices; this index answers it for a page.
        index(manager, "ix_invoices_client_status", Invoices::Table, [Invoices::ClientId, Invoices::Status]).await?;
        manager
            .create_table(
                Table::create()
                    .table(InvoiceItems::Table)
                    .if_not_exists()
                    .col(big_pk_auto(InvoiceItems::Id))
                    .col(big_integer(InvoiceItems::InvoiceId))
                    .col(string(InvoiceItems::Description))
                    .col(big_integer(InvoiceItems::Amount))
                    .foreign_key(&mut fk(
                        "fk_invoice_items_invoice",
                        InvoiceItems::Table,
                        InvoiceItems::InvoiceId,
                        Invoices::Table,
                        Invoices::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_invoice_items_invoice", InvoiceItems::Table, [InvoiceItems::InvoiceId]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Services::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Services::Id))
                    .col(big_integer(Services::ResellerId))
                    .col(big_integer(Services::ClientId))
                    .col(big_integer_null(Services::OrderId))
                    .col(big_integer(Services::ProductId))
                    .col(string_null(Services::Label))
                    .col(string_len(Services::Status, 16))
                    .col(string_len(Services::BillingCycle, 16))
                    .col(big_integer(Services::RecurringAmount))
                    .col(string_len(Services::Currency, 3))
                    .col(date_null(Services::NextDueOn))
                    .col(timestamp_with_time_zone(Services::CreatedAt))
                    .foreign_key(&mut reseller_fk("fk_services_reseller", Services::Table, Services::ResellerId))
                    .foreign_key(&mut client_fk("fk_services_client", Services::Table, Services::ClientId))
                    .foreign_key(&mut fk(
                        "fk_services_order",
                        Services::Table,
                        Services::OrderId,
                        Orders::Table,
                        Orders::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_services_product",
                        Services::Table,
                        Services::ProductId,
                        Products::Table,
                        Products::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_services_client_id", Services::Table, [Services::ClientId, Services::Id]).await?;
        manager
            .create_table(
                Table::create()
                    .table(ServiceAddons::Table)
                    .if_not_exists()
                    .col(big_pk_auto(ServiceAddons::Id))
                    .col(big_integer(ServiceAddons::ResellerId))
                    .col(big_integer(ServiceAddons::ClientId))
                    .col(big_integer(ServiceAddons::ServiceId))
                    .col(big_integer(ServiceAddons::AddonId))
                    .col(big_integer_null(ServiceAddons::OrderId))
                    .col(string_len(ServiceAddons::Status, 16))
                    .col(string_len(ServiceAddons::BillingCycle, 16))
                    .col(big_integer(ServiceAddons::RecurringAmount))
                    .col(string_len(ServiceAddons::Currency, 3))
                    .col(date_null(ServiceAddons::NextDueOn))
                    .col(timestamp_with_time_zone(ServiceAddons::CreatedAt))
                    .foreign_key(&mut reseller_fk(
                        "fk_service_addons_reseller",
                        ServiceAddons::Table,
                        ServiceAddons::ResellerId,
                    ))
                    .foreign_key(&mut client_fk(
                        "fk_service_addons_client",
                        ServiceAddons::Table,
                        ServiceAddons::ClientId,
                    ))
                    .foreign_key(&mut fk(
                        "fk_service_addons_service",
                        ServiceAddons::Table,
                        ServiceAddons::ServiceId,
                        Services::Table,
                        Services::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_service_addons_addon",
                        ServiceAddons::Table,
                        ServiceAddons::AddonId,
                        Addons::Table,
                        Addons::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_service_addons_order",
                        ServiceAddons::Table,
                        ServiceAddons::OrderId,
                        Orders::Table,
                        Orders::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_service_addons_client_id",
            ServiceAddons::Table,
            [ServiceAddons::ClientId, ServiceAddons::Id],
        )
        .await?;
        index(manager, "ix_service_addons_service", ServiceAddons::Table, [ServiceAddons::ServiceId]).await?;
        manager
            .create_table(
                Table::create()
                    .table(Domains::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Domains::Id))
                    .col(big_integer(Domains::ResellerId))
                    .col(big_integer(Domains::ClientId))
                    .col(big_integer_null(Domains::OrderId))
                    .col(string(Domains::Name))
                    .col(string_len(Domains::RegistrationKind, 16))
                    .col(string_len(Domains::Status, 24))
                    .col(small_integer(Domains::PeriodYears))
                    .col(big_integer(Domains::RecurringAmount))
                    .col(string_len(Domains::Currency, 3))
                    .col(date_null(Domains::ExpiresOn))
                    .col(timestamp_with_time_zone(Domains::CreatedAt))
                    .foreign_key(&mut reseller_fk("fk_domains_reseller", Domains::Table, Domains::ResellerId))
                    .foreign_key(&mut client_fk("fk_domains_client", Domains::Table, Domains::ClientId))
                    .foreign_key(&mut fk(
                        "fk_domains_order",
                        Domains::Table,
                        Domains::OrderId,
                        Orders::Table,
                        Orders::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_domains_client_id", Domains::Table, [Domains::ClientId, Domains::Id]).await?;

        manager
            .create_table(
                Table::create()
                    .table(Tickets::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Tickets::Id))
                    .col(big_integer(Tickets::ResellerId))
                    .col(big_integer(Tickets::ClientId))
                    .col(string_len(Tickets::Department, 16))
                    .col(string(Tickets::Subject))
                    .col(string_len(Tickets::Status, 16))
                    .col(string_len(Tickets::Priority, 8))
                    .col(timestamp_with_time_zone(Tickets::LastReplyAt))
                    .col(timestamp_with_time_zone(Tickets::CreatedAt))
                    .foreign_key(&mut reseller_fk("fk_tickets_reseller", Tickets::Table, Tickets::ResellerId))
                    .foreign_key(&mut client_fk("fk_tickets_client", Tickets::Table, Tickets::ClientId))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_tickets_client_id", Tickets::Table, [Tickets::ClientId, Tickets::Id]).await?;
        manager
            .create_table(
                Table::create()
                    .table(TicketMessages::Table)
                    .if_not_exists()
                    .col(big_pk_auto(TicketMessages::Id))
                    .col(big_integer(TicketMessages::TicketId))
                    .col(string_len(TicketMessages::AuthorKind, 16))
                    .col(text(TicketMessages::Body))
                    .col(timestamp_with_time_zone(TicketMessages::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_ticket_messages_ticket",
                        TicketMessages::Table,
                        TicketMessages::TicketId,
                        Tickets::Table,
                        Tickets::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_ticket_messages_ticket",
            TicketMessages::Table,
            [TicketMessages::TicketId, TicketMessages::Id],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(EmailOutbox::Table)
                    .if_not_exists()
                    .col(big_pk_auto(EmailOutbox::Id))
                    .col(big_integer(EmailOutbox::ResellerId))
                    .col(big_integer_null(EmailOutbox::ClientId))
                    .col(string_len(EmailOutbox::Template, 48))
                    .col(string(EmailOutbox::ToAddress))
                    .col(string(EmailOutbox::ToName))
                    .col(string_len(EmailOutbox::Language, 2))
                    .col(string(EmailOutbox::Subject))
                    .col(text(EmailOutbox::BodyText))
                    .col(text(EmailOutbox::BodyHtml))
                    .col(string_len(EmailOutbox::Status, 16))
                    .col(integer(EmailOutbox::Attempts).default(0))
                    .col(timestamp_with_time_zone(EmailOutbox::NextAttemptAt))
                    .col(text_null(EmailOutbox::LastError))
                    .col(timestamp_with_time_zone_null(EmailOutbox::SentAt))
                    .col(timestamp_with_time_zone(EmailOutbox::CreatedAt))
                    .foreign_key(&mut reseller_fk(
                        "fk_email_outbox_reseller",
                        EmailOutbox::Table,
                        EmailOutbox::ResellerId,
                    ))
                    .foreign_key(&mut client_fk("fk_email_outbox_client", EmailOutbox::Table, EmailOutbox::ClientId))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_email_outbox_due", EmailOutbox::Table, [EmailOutbox::Status, EmailOutbox::NextAttemptAt])
            .await?;

        // Links that let a client set their portal password: single use, stored hashed.
        manager
            .create_table(
                Table::create()
                    .table(PasswordTokens::Table)
                    .if_not_exists()
                    .col(big_pk_auto(PasswordTokens::Id))
                    .col(big_integer(PasswordTokens::ClientId))
                    .col(string_len_uniq(PasswordTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(PasswordTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PasswordTokens::UsedAt))
                    .col(timestamp_with_time_zone(PasswordTokens::CreatedAt))
                    .foreign_key(&mut client_fk(
                        "fk_password_tokens_client",
                        PasswordTokens::Table,
                        PasswordTokens::ClientId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(manager, "ix_email_outbox_client_id", EmailOutbox::Table, [EmailOutbox::ClientId, EmailOutbox::Id])
            .await?;
        // What the clients list's search matches by prefix: one row per searchable word of a
        // client (names, "first last", email, company, phone digits, national ID), normalised
        // by the app. Ordered by bytes, so a prefix is a range of the primary key.
        manager
            .create_table(
                Table::create()
                    .table(ClientSearchTerms::Table)
                    .if_not_exists()
                    .col(big_integer(ClientSearchTerms::ResellerId))
                    .col(string(ClientSearchTerms::Term))
                    .col(big_integer(ClientSearchTerms::ClientId))
                    .primary_key(
                        Index::create()
                            .col(ClientSearchTerms::ResellerId)
                            .col(ClientSearchTerms::Term)
                            .col(ClientSearchTerms::ClientId),
                    )
                    .foreign_key(&mut client_fk(
                        "fk_client_search_terms_client",
                        ClientSearchTerms::Table,
                        ClientSearchTerms::ClientId,
                    ))
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::Postgres {
            // Byte order, as on SQLite, whatever the database's locale.
            manager
                .get_connection()
                .execute_unprepared(r#"ALTER TABLE client_search_terms ALTER COLUMN term TYPE varchar COLLATE "C""#)
                .await?;
        }
        index(manager, "ix_client_search_terms_client", ClientSearchTerms::Table, [ClientSearchTerms::ClientId])
            .await?;
        // How many clients each reseller has in each status, kept in step with every insert,
        // close and delete, so the list's unfiltered total is one row read, not a count.
        manager
            .create_table(
                Table::create()
                    .table(ClientCounts::Table)
                    .if_not_exists()
                    .col(big_integer(ClientCounts::ResellerId))
                    .col(string_len(ClientCounts::Status, 16))
                    .col(big_integer(ClientCounts::Clients))
                    .primary_key(Index::create().col(ClientCounts::ResellerId).col(ClientCounts::Status))
                    .foreign_key(&mut reseller_fk(
                        "fk_client_counts_reseller",
                        ClientCounts::Table,
                        ClientCounts::ResellerId,
                    ))
                    .to_owned(),
            )
            .await?;

        // The clients list sorted by a column: the index hands a page over in order.
        index(
            manager,
            "ix_clients_reseller_name",
            Clients::Table,
            [Clients::ResellerId, Clients::LastName, Clients::FirstName, Clients::Id],
        )
        .await?;
        index(manager, "ix_clients_reseller_email", Clients::Table, [Clients::ResellerId, Clients::Email, Clients::Id])
            .await?;
        index(
            manager,
            "ix_clients_reseller_company",
            Clients::Table,
            [Clients::ResellerId, Clients::Company, Clients::Id],
        )
        .await?;

        // The client's Activity tab: audit rows about one client, newest first.
        index(manager, "ix_audit_log_target", AuditLog::Table, [AuditLog::TargetKind, AuditLog::TargetId, AuditLog::Id])
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("ix_audit_log_target").table(AuditLog::Table).to_owned()).await?;
        for name in ["ix_clients_reseller_name", "ix_clients_reseller_email", "ix_clients_reseller_company"] {
            manager.drop_index(Index::drop().name(name).table(Clients::Table).to_owned()).await?;
        }
        for table in [
            ClientCounts::Table.into_iden(),
            ClientSearchTerms::Table.into_iden(),
            PasswordTokens::Table.into_iden(),
            EmailOutbox::Table.into_iden(),
            TicketMessages::Table.into_iden(),
            Tickets::Table.into_iden(),
            Domains::Table.into_iden(),
            ServiceAddons::Table.into_iden(),
            Services::Table.into_iden(),
            InvoiceItems::Table.into_iden(),
            Invoices::Table.into_iden(),
            OrderItems::Table.into_iden(),
            Orders::Table.into_iden(),
            Addons::Table.into_iden(),
            Products::Table.into_iden(),
            ProductGroups::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

fn fk(
    name: &str,
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from_table, from_col).to(to_table, to_col).on_delete(on_delete).to_owned()
}

/// Resellers are suspended, never deleted, so their rows refuse a delete.
fn reseller_fk(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    fk(name, table, col, Resellers::Table, Resellers::Id, ForeignKeyAction::Restrict)
}

/// A client's records go with the client.
fn client_fk(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    fk(name, table, col, Clients::Table, Clients::Id, ForeignKeyAction::Cascade)
}

async fn index<const N: usize>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: [impl IntoIden; N],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for col in cols {
        statement.col(col);
    }
    manager.create_index(statement.to_owned()).await
}

async fn unique<const N: usize>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: [impl IntoIden; N],
) -> Result<(), DbErr> {
    let mut statement = Index::create();
    statement.name(name).table(table).unique();
    for col in cols {
        statement.col(col);
    }
    manager.create_index(statement.to_owned()).await
}

#[derive(DeriveIden)]
enum Resellers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
    ResellerId,
    LastName,
    FirstName,
    Email,
    Company,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    TargetKind,
    TargetId,
    Id,
}

#[derive(DeriveIden)]
enum ProductGroups {
    Table,
    Id,
    NameFa,
    NameEn,
    SortOrder,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
    GroupId,
    Kind,
    NameFa,
    NameEn,
    DescriptionFa,
    DescriptionEn,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Addons {
    Table,
    Id,
    NameFa,
    NameEn,
    DescriptionFa,
    DescriptionEn,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    ResellerId,
    ClientId,
    Number,
    Status,
    PlacedBy,
    Currency,
    Total,
    IdempotencyKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    Description,
    BillingCycle,
    Amount,
}

#[derive(DeriveIden)]
enum Invoices {
    Table,
    Id,
    ResellerId,
    ClientId,
    OrderId,
    Number,
    Status,
    Currency,
    Total,
    AmountPaid,
    IssuedOn,
    DueOn,
    PaidAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InvoiceItems {
    Table,
    Id,
    InvoiceId,
    Description,
    Amount,
}

#[derive(DeriveIden)]
enum Services {
    Table,
    Id,
    ResellerId,
    ClientId,
    OrderId,
    ProductId,
    Label,
    Status,
    BillingCycle,
    RecurringAmount,
    Currency,
    NextDueOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ServiceAddons {
    Table,
    Id,
    ResellerId,
    ClientId,
    ServiceId,
    AddonId,
    OrderId,
    Status,
    BillingCycle,
    RecurringAmount,
    Currency,
    NextDueOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Domains {
    Table,
    Id,
    ResellerId,
    ClientId,
    OrderId,
    Name,
    RegistrationKind,
    Status,
    PeriodYears,
    RecurringAmount,
    Currency,
    ExpiresOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    ResellerId,
    ClientId,
    Department,
    Subject,
    Status,
    Priority,
    LastReplyAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum TicketMessages {
    Table,
    Id,
    TicketId,
    AuthorKind,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EmailOutbox {
    Table,
    Id,
    ResellerId,
    ClientId,
    Template,
    ToAddress,
    ToName,
    Language,
    Subject,
    BodyText,
    BodyHtml,
    Status,
    Attempts,
    NextAttemptAt,
    LastError,
    SentAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PasswordTokens {
    Table,
    Id,
    ClientId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ClientSearchTerms {
    Table,
    ResellerId,
    Term,
    ClientId,
}

#[derive(DeriveIden)]
enum ClientCounts {
    Table,
    ResellerId,
    Status,
    Clients,
}
