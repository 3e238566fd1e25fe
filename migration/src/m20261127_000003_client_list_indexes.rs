//! Indexes for the reseller's clients list: newest first within one reseller, with and without
//! a status filter, so a page is read in index order instead of sorting every client.

use crate::kit::{drop_indexes, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "ix_clients_reseller_id_id", "clients", ["reseller_id", "id"]).await?;
        index(manager, "ix_clients_reseller_status_id", "clients", ["reseller_id", "status", "id"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_indexes(manager, "clients", &["ix_clients_reseller_status_id", "ix_clients_reseller_id_id"]).await
    }
}
