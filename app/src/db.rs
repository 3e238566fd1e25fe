//! What every service that writes shares about transactions.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, TransactionTrait};

/// Begins a transaction that is going to write.
///
/// SQLite starts transactions deferred: one that reads first takes a snapshot, and its first
/// write fails at once (SQLITE_BUSY_SNAPSHOT, which no busy timeout retries) if another
/// connection committed in between, which the outbox worker and other users do all the time.
/// A write as the first statement takes the write lock up front instead, so concurrent
/// writers wait their turn. The UPDATE matches no row; taking the lock is its only effect.
/// PostgreSQL needs nothing: its writes lock rows, and the services guard their updates.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    let txn = db.begin().await?;
    if txn.get_database_backend() == DbBackend::Sqlite {
        txn.execute_unprepared("UPDATE resellers SET id = id WHERE 0").await?;
    }
    Ok(txn)
}

/// Orders placed in this process take turns for SQLite's single write lock here, first come
/// first served. Waiting inside SQLite instead means its busy handler, which sleeps in growing
/// steps (up to 100 ms) between tries: under load a few orders waited over a second while the
/// lock stood free. PostgreSQL locks rows, so it needs no turn.
pub async fn sqlite_write_turn(db: &impl ConnectionTrait) -> Option<tokio::sync::MutexGuard<'static, ()>> {
    static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    match db.get_database_backend() {
        DbBackend::Sqlite => Some(TURN.lock().await),
        _ => None,
    }
}
