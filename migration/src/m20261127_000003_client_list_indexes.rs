//! Indexes for the reseller's clients list: newest first within one reseller, with and without
//! a status filter, so a page is read in index order instead of sorting every client.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("ix_clients_reseller_id_id")
                    .table(Clients::Table)
                    .col(Clients::ResellerId)
                    .col(Clients::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_clients_reseller_status_id")
                    .table(Clients::Table)
                    .col(Clients::ResellerId)
                    .col(Clients::Status)
                    .col(Clients::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ix_clients_reseller_status_id").table(Clients::Table).to_owned())
            .await?;
        manager.drop_index(Index::drop().name("ix_clients_reseller_id_id").table(Clients::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Clients {
    Table,
    Id,
    ResellerId,
    Status,
}
