//! What every service that writes shares about transactions.

use sea_orm::{ConnectionTrait, DbBackend, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait};

/// Begins a transaction that is going to write.
///
/// SQLite starts transactions deferred: one that reads first takes a snapshot, and its first
/// write fails at once (SQLITE_BUSY_SNAPSHOT, which no busy timeout retries) if another
/// connection committed in between, which the outbox worker and other users do all the time.
/// `BEGIN IMMEDIATE` takes the write lock up front instead, so concurrent writers wait their
/// turn. PostgreSQL ignores the mode: its writes lock rows, and the services guard their
/// updates.
pub async fn begin_write<C: TransactionTrait>(db: &C) -> Result<C::Transaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Orders placed in this process, and the email worker's writes, take turns for SQLite's
/// single write lock here, first come first served. Waiting inside SQLite instead means its
/// busy handler, which sleeps in growing steps (up to 100 ms) between tries: under load a few
/// orders waited over a second while the lock stood free. PostgreSQL locks rows, so it needs
/// no turn.
pub async fn sqlite_write_turn(db: &impl ConnectionTrait) -> Option<tokio::sync::MutexGuard<'static, ()>> {
    static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    match db.get_database_backend() {
        DbBackend::Sqlite => Some(TURN.lock().await),
        _ => None,
    }
}

/// On PostgreSQL, orders of one reseller placed in this process wait here, first come first
/// served, for the row lock on the reseller's number sequences. PostgreSQL's own waiters on a
/// row lock are not served in order: under load some orders lost the race again and again and
/// waited five times as long as the rest. An order keeps the turn until it has the row lock
/// (not until it commits), so at most one order of this process waits inside PostgreSQL, and it
/// gets the rows as soon as the holder commits. The row lock still keeps the numbers right
/// across app servers; this only orders the waiters of one process (one small entry per
/// reseller who ordered since it started). SQLite needs none: its write turn is taken before
/// the transaction begins.
pub async fn numbers_turn(db: &impl ConnectionTrait, reseller_id: i64) -> Option<tokio::sync::OwnedMutexGuard<()>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static TURNS: OnceLock<Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    if db.get_database_backend() != DbBackend::Postgres {
        return None;
    }
    let turn = {
        let mut turns = TURNS.get_or_init(Default::default).lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        turns.entry(reseller_id).or_default().clone()
    };
    Some(turn.lock_owned().await)
}
