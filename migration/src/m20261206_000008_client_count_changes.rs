//! Each reseller's client count per status also counts how often that list changed: every
//! client added, removed, moved to another status or saved bumps it in the same transaction.
//! The clients list reads it with the totals, in the same statement, and rebuilds its cached
//! page anchors (`clients::anchors`) only when it moved, so an anchor never points into a list
//! that has changed since, on any of the servers sharing one database.

use crate::kit::{add_column, drop_columns};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add_column(manager, "client_counts", ColumnDef::new("changes").big_integer().not_null().default(0)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_columns(manager, "client_counts", &["changes"]).await
    }
}
