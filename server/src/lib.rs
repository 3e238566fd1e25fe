//! The ResellerDesk server: configuration, database, HTTP stack and command-line tasks. The
//! application itself (pages, server functions, services) lives in the `app` crate.

pub mod accounts;
#[cfg(feature = "bench")]
pub mod bench;
pub mod config;
#[cfg(feature = "demo")]
pub mod demo;
pub mod hosts;
pub mod http;
pub mod mail;
mod sqlite_plans;

use anyhow::{Context, Result};
use app::auth::service::AuthSettings;
use app::state::AppState;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend};
use secrecy::ExposeSecret;
use std::sync::Arc;
use std::time::Duration;

/// Opens the database, creating the SQLite file's folder when needed, and brings the schema up
/// to date.
pub async fn connect_and_migrate(config: &config::Config) -> Result<DatabaseConnection> {
    let url = config.database_url.expose_secret();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
    }
    let db = connect(url).await?;
    Migrator::up(&db, None).await.context("running database migrations")?;
    index_clients_for_search(&db).await?;
    Ok(db)
}

/// Clients saved before the search index and the per-status counts existed (or bulk-loaded
/// around the entity) get their search terms and are counted, with progress for a large
/// database.
pub async fn index_clients_for_search(db: &DatabaseConnection) -> Result<u64> {
    if app::clients::counts::recount_if_missing(db).await.context("counting clients per status")? {
        tracing::info!("counted clients per reseller and status");
    }
    let indexed = app::clients::search::backfill_if_missing(db, 5_000, |done| {
        if done % 50_000 == 0 {
            tracing::info!(clients = done, "indexing clients for search");
        }
    })
    .await
    .context("indexing clients for search")?;
    if indexed > 0 {
        tracing::info!(clients = indexed, "indexed clients for search");
    }
    Ok(indexed)
}

/// Opens a connection pool with settings that suit each backend.
pub async fn connect(url: &str) -> Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options.sqlx_logging(false).acquire_timeout(Duration::from_secs(10));
    let in_memory = url.contains(":memory:") || url.contains("mode=memory");
    if in_memory {
        // Every connection to `sqlite::memory:` is a separate database: keep exactly one.
        options.max_connections(1).min_connections(1);
    } else if url.starts_with("sqlite:") {
        // One writer at a time anyway; fewer connections keep fewer page caches in memory.
        options.max_connections(8);
    } else {
        options.max_connections(16);
    }
    if url.starts_with("sqlite:") {
        options
            .map_sqlx_sqlite_pool_opts(|pool| pool.after_connect(|conn, _| Box::pin(sqlite_plans::keep_plans(conn))));
    }
    let db = Database::connect(options).await.context("connecting to the database")?;
    if db.get_database_backend() == DbBackend::Sqlite && !in_memory {
        // WAL lets readers work while a writer commits; it is a property of the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await.context("enabling SQLite WAL")?;
    }
    Ok(db)
}

/// The application state for `db`, built from the configuration.
pub fn app_state(db: DatabaseConnection, config: &config::Config) -> Result<AppState> {
    let mut auth = AuthSettings::new(config.secure_cookies(), config.trust_forwarded_for)
        .map_err(|e| anyhow::anyhow!("preparing authentication: {e}"))?;
    auth.staff_idle_secs = i64::from(config.staff_idle_minutes) * 60;
    Ok(AppState::new(db, Arc::new(auth), &config.public_origin()))
}

/// The variant of a code set that the demo or bench seed's tables name by its stored code; a
/// code that is not one is a mistake in those tables.
#[cfg(any(feature = "demo", feature = "bench"))]
fn seed_code<T: app::values::Code>(stored: &str) -> T {
    T::parse(stored).unwrap_or_else(|| panic!("the seed names no {} code {stored:?}", std::any::type_name::<T>()))
}
