//! The schema the migrations build, on SQLite and PostgreSQL, equals the one recorded in
//! `migration/schema/`. Migrations are append-only: a new one adds to the record (run with
//! `BLESS_SCHEMA=1` to rewrite it, and read the diff), while a change to what an old one
//! executes shows up here as a difference nobody meant.

use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use std::path::PathBuf;

fn recorded(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema").join(file)
}

/// Fails with the difference unless `actual` is what `file` records.
fn assert_recorded(file: &str, actual: &str) {
    let path = recorded(file);
    if std::env::var_os("BLESS_SCHEMA").is_some() {
        std::fs::write(&path, actual).expect("write the schema record");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b);
        panic!(
            "the migrated schema differs from {} (first differing line {:?}); actual schema:\n{actual}",
            path.display(),
            first.map(|i| i + 1)
        );
    }
}

async fn lines(db: &DatabaseConnection, sql: &str) -> String {
    let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.expect("read schema");
    rows.iter().map(|row| row.try_get_by_index::<String>(0).expect("one text column") + "\n").collect()
}

const SQLITE_SCHEMA: &str = "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master \
     WHERE sql IS NOT NULL AND name <> 'seaql_migrations' ORDER BY type, name";

#[tokio::test]
async fn sqlite_schema_is_the_recorded_one() {
    // One connection: each connection to `sqlite::memory:` is a database of its own.
    let mut options = ConnectOptions::new("sqlite::memory:");
    options.max_connections(1).sqlx_logging(false);
    let db = Database::connect(options).await.expect("open SQLite");
    Migrator::up(&db, None).await.expect("migrate");
    let schema = lines(&db, SQLITE_SCHEMA).await;
    assert_recorded("sqlite.sql", &schema);

    // Every migration's `down` undoes its `up`: all the way down and up again is the same schema.
    Migrator::down(&db, None).await.expect("migrate down");
    Migrator::up(&db, None).await.expect("migrate up again");
    assert_eq!(lines(&db, SQLITE_SCHEMA).await, schema);
}

#[tokio::test]
async fn postgres_schema_is_the_recorded_one() {
    let server = std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let admin = Database::connect(format!("{server}/postgres")).await.expect("PostgreSQL must be reachable");
    let name = format!("rd_schema_{}", std::process::id());
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}")).await.expect("drop leftover");
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create database");
    let db = Database::connect(format!("{server}/{name}")).await.expect("connect");
    Migrator::up(&db, None).await.expect("migrate");
    let columns = lines(
        &db,
        "SELECT 'column ' || table_name || '.' || column_name || ' #' || ordinal_position || ': ' || data_type \
         || coalesce('(' || character_maximum_length || ')', '') \
         || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END \
         || coalesce(' default ' || column_default, '') || coalesce(' collate ' || collation_name, '') \
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'seaql_migrations' \
         ORDER BY table_name, ordinal_position",
    )
    .await;
    let indexes = lines(
        &db,
        "SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes \
         WHERE schemaname = 'public' AND tablename <> 'seaql_migrations' ORDER BY indexname",
    )
    .await;
    let constraints = lines(
        &db,
        "SELECT 'constraint ' || c.conrelid::regclass || ' ' || c.conname || ': ' || pg_get_constraintdef(c.oid) \
         FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
         WHERE n.nspname = 'public' AND c.conrelid::regclass::text <> 'seaql_migrations' ORDER BY 1",
    )
    .await;
    db.close().await.ok();
    admin.execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)")).await.expect("drop database");
    assert_recorded("postgres.txt", &(columns + &indexes + &constraints));
}
