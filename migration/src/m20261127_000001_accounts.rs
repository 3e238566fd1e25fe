//! Provider admins, resellers (one sign-in per reseller, with brand and permissions) and the
//! resellers' clients.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdminUsers::Table)
                    .if_not_exists()
                    .col(big_pk_auto(AdminUsers::Id))
                    .col(string_uniq(AdminUsers::Email))
                    .col(string(AdminUsers::Name))
                    .col(string(AdminUsers::PasswordHash))
                    .col(timestamp_with_time_zone(AdminUsers::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Resellers::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Resellers::Id))
                    .col(string_len_uniq(Resellers::Slug, 63))
                    .col(string(Resellers::BrandName))
                    .col(string(Resellers::ContactName))
                    .col(string_uniq(Resellers::Email))
                    .col(string(Resellers::PasswordHash))
                    .col(string_len(Resellers::DefaultLanguage, 2))
                    .col(string_len(Resellers::PrimaryColor, 7))
                    .col(string(Resellers::SupportEmail))
                    .col(string_len(Resellers::Status, 16))
                    .col(boolean(Resellers::AllowLoginAsClient).default(true))
                    .col(boolean(Resellers::AllowPlaceOrder).default(true))
                    .col(boolean(Resellers::AllowDeleteClients).default(true))
                    .col(boolean(Resellers::AllowPortalPayments).default(true))
                    .col(boolean(Resellers::AllowPortalTickets).default(true))
                    .col(boolean(Resellers::ShowToman).default(false))
                    .col(timestamp_with_time_zone(Resellers::CreatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Clients::Table)
                    .if_not_exists()
                    .col(big_pk_auto(Clients::Id))
                    .col(big_integer(Clients::ResellerId))
                    .col(string(Clients::FirstName))
                    .col(string(Clients::LastName))
                    .col(string_null(Clients::Company))
                    .col(string(Clients::Email))
                    .col(string_len(Clients::Phone, 16))
                    .col(string(Clients::Address1))
                    .col(string_null(Clients::Address2))
                    .col(string(Clients::City))
                    .col(string(Clients::State))
                    .col(string_len(Clients::Postcode, 16))
                    .col(string_len(Clients::Country, 2))
                    .col(string_len(Clients::Language, 2))
                    .col(string_len(Clients::Currency, 3))
                    .col(string_len_null(Clients::NationalId, 10))
                    .col(string_null(Clients::TaxId))
                    .col(text_null(Clients::Notes))
                    .col(big_integer(Clients::CreditBalance).default(0))
                    .col(string_len(Clients::Status, 16))
                    .col(string_null(Clients::PasswordHash))
                    .col(timestamp_with_time_zone(Clients::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_clients_reseller")
                            .from(Clients::Table, Clients::ResellerId)
                            .to(Resellers::Table, Resellers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;

        // Email is unique per reseller; the index also serves the portal's sign-in lookup.
        manager
            .create_index(
                Index::create()
                    .name("ux_clients_reseller_email")
                    .table(Clients::Table)
                    .col(Clients::ResellerId)
                    .col(Clients::Email)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Clients::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Resellers::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AdminUsers::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum AdminUsers {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Resellers {
    Table,
    Id,
    Slug,
    BrandName,
    ContactName,
    Email,
    PasswordHash,
    DefaultLanguage,
    PrimaryColor,
    SupportEmail,
    Status,
    AllowLoginAsClient,
    AllowPlaceOrder,
    AllowDeleteClients,
    AllowPortalPayments,
    AllowPortalTickets,
    ShowToman,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
    ResellerId,
    FirstName,
    LastName,
    Company,
    Email,
    Phone,
    Address1,
    Address2,
    City,
    State,
    Postcode,
    Country,
    Language,
    Currency,
    NationalId,
    TaxId,
    Notes,
    CreditBalance,
    Status,
    PasswordHash,
    CreatedAt,
}
