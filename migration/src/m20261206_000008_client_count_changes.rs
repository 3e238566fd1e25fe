//! Each reseller's client count per status also counts how often that list changed: every
//! client added, removed, moved to another status or saved bumps it in the same transaction.
//! The clients list reads it with the totals, in the same statement, and rebuilds its cached
//! page anchors (`clients::anchors`) only when it moved, so an anchor never points into a list
//! that has changed since, on any of the servers sharing one database.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ClientCounts::Table)
                    .add_column(ColumnDef::new(ClientCounts::Changes).big_integer().not_null().default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(ClientCounts::Table).drop_column(ClientCounts::Changes).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum ClientCounts {
    Table,
    Changes,
}
