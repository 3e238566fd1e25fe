//! SQLite's query planner stability guarantee, switched on for every pooled connection.
//!
//! SQLite marks a statement's parameter as plan-relevant when the planner looked at its value
//! (LIMIT and OFFSET, a comparison with an indexed column once `ANALYZE` has kept samples), and
//! then throws the statement's plan away each time such a parameter is bound again: every run
//! of a cached statement was parsed and planned anew. Under the clients benchmark that was a
//! fifth of the server's CPU. With the guarantee on, a prepared statement keeps its plan; the
//! application's queries are planned from their indexes, never from parameter values.

use libsqlite3_sys::{SQLITE_DBCONFIG_ENABLE_QPSG, SQLITE_OK, sqlite3_db_config};
use sea_orm::sqlx::{self, SqliteConnection};
use std::ffi::c_int;

/// Turns the guarantee on for `conn` (the pool's `after_connect`).
pub(crate) async fn keep_plans(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    match qpsg(conn, 1).await? {
        1 => Ok(()),
        state => Err(sqlx::Error::Configuration(
            format!("SQLite kept its query planner stability guarantee at {state}").into(),
        )),
    }
}

/// Sets the guarantee (1 on, 0 off, -1 to leave it) and returns the state it is in after.
async fn qpsg(conn: &mut SqliteConnection, value: c_int) -> Result<c_int, sqlx::Error> {
    let mut handle = conn.lock_handle().await?;
    let db = handle.as_raw_handle().as_ptr();
    let mut state: c_int = -1;
    // SAFETY: `db` is this connection's open handle, and the lock keeps SQLx's worker thread off
    // it for the call. SQLITE_DBCONFIG_ENABLE_QPSG takes an int and a pointer to an int, which
    // receives the state.
    let rc = unsafe { sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_QPSG, value, &mut state as *mut c_int) };
    if rc == SQLITE_OK {
        Ok(state)
    } else {
        Err(sqlx::Error::Configuration(
            format!("setting SQLite's query planner stability guarantee failed with code {rc}").into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::qpsg;
    use sea_orm::sqlx::Connection;

    #[tokio::test]
    async fn every_pooled_sqlite_connection_keeps_its_plans() {
        let dir = std::env::temp_dir().join(format!("rd-qpsg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.join("plans.db").display());
        let db = crate::connect(&url).await.unwrap();
        let pool = db.get_sqlite_connection_pool();
        // Two connections at once, so both were opened by the pool.
        let (mut first, mut second) = (pool.acquire().await.unwrap(), pool.acquire().await.unwrap());
        assert_eq!(qpsg(&mut first, -1).await.unwrap(), 1);
        assert_eq!(qpsg(&mut second, -1).await.unwrap(), 1);

        // A connection opened without the pool's hook starts without the guarantee.
        let mut plain = sea_orm::sqlx::SqliteConnection::connect(&url).await.unwrap();
        assert_eq!(qpsg(&mut plain, -1).await.unwrap(), 0);
        drop((first, second));
        db.close().await.unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
