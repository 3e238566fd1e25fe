//! The email worker finds the outbox rows still to deliver through a partial index that holds
//! only those (status `queued` or `sending`), in id order, instead of an index over every row's
//! status and due time.
//!
//! Each claim moves rows to `sending` and then `sent`, and on PostgreSQL every such update
//! leaves a dead index entry until vacuum comes by. The old index was read with a bitmap scan,
//! which visits every dead entry again on every claim and never marks them: under a burst of
//! orders a claim read thousands of dead rows (3 ms each, a third of a core). A plain scan of
//! this index in id order stops after one batch, and marks the dead entries it passes so the
//! next claim skips them. The worker writes the two statuses into its SQL as literals, so both
//! databases can see that its condition implies the index's.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ix_email_outbox_due").await?;
        db.execute_unprepared("CREATE INDEX IF NOT EXISTS ix_email_outbox_pending ON email_outbox (id) WHERE status IN ('queued', 'sending')")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ix_email_outbox_pending").await?;
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_email_outbox_due ON email_outbox (status, next_attempt_at)",
        )
        .await?;
        Ok(())
    }
}
