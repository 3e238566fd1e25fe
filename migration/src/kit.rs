//! The statements the migrations are made of, spelt once. Names are the SQL names as string
//! literals, so a migration reads like the schema it builds.
//!
//! Migrations are append-only: one that has run is never changed in what it executes. These
//! helpers only write the same statements shorter; `migration/tests/schema.rs` compares the
//! schema the migrations build with the record in `migration/schema/`, on SQLite and
//! PostgreSQL, so a change to what an old migration executes cannot pass unnoticed.

use sea_orm_migration::{prelude::*, schema::*};

/// `CREATE TABLE IF NOT EXISTS`, with its columns and foreign keys in the order they are added.
pub(crate) struct NewTable {
    name: &'static str,
    statement: TableCreateStatement,
}

impl NewTable {
    pub(crate) fn new(name: &'static str) -> Self {
        let mut statement = Table::create();
        statement.table(name).if_not_exists();
        Self { name, statement }
    }

    /// A record of one reseller's client: `id`, `reseller_id` and `client_id`, with their keys.
    /// Resellers are suspended, never deleted, so their rows refuse a delete; a client's records
    /// go with the client.
    pub(crate) fn client_record(name: &'static str) -> Self {
        Self::new(name)
            .col(big_pk_auto("id"))
            .col(big_integer("reseller_id"))
            .col(big_integer("client_id"))
            .references("reseller_id", "resellers", ForeignKeyAction::Restrict)
            .references("client_id", "clients", ForeignKeyAction::Cascade)
    }

    pub(crate) fn col(mut self, column: impl IntoColumnDef) -> Self {
        self.statement.col(column);
        self
    }

    /// A foreign key from `column` to `table.id`, named `fk_{this table}_{column without _id}`.
    pub(crate) fn references(mut self, column: &'static str, table: &'static str, on_delete: ForeignKeyAction) -> Self {
        let name = format!("fk_{}_{}", self.name, column.strip_suffix("_id").unwrap_or(column));
        self.statement
            .foreign_key(ForeignKey::create().name(name).from(self.name, column).to(table, "id").on_delete(on_delete));
        self
    }

    pub(crate) fn primary_key<const N: usize>(mut self, columns: [&'static str; N]) -> Self {
        let mut key = Index::create();
        for column in columns {
            key.col(column);
        }
        self.statement.primary_key(&mut key);
        self
    }

    pub(crate) async fn create(self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager.create_table(self.statement).await
    }
}

/// `CREATE INDEX name ON table (columns)`.
pub(crate) async fn index<const N: usize>(
    manager: &SchemaManager<'_>,
    name: &'static str,
    table: &'static str,
    columns: [&'static str; N],
) -> Result<(), DbErr> {
    manager.create_index(index_on(name, table, columns)).await
}

/// `CREATE UNIQUE INDEX name ON table (columns)`.
pub(crate) async fn unique<const N: usize>(
    manager: &SchemaManager<'_>,
    name: &'static str,
    table: &'static str,
    columns: [&'static str; N],
) -> Result<(), DbErr> {
    manager.create_index(index_on(name, table, columns).unique().to_owned()).await
}

fn index_on<const N: usize>(
    name: &'static str,
    table: &'static str,
    columns: [&'static str; N],
) -> IndexCreateStatement {
    let mut statement = Index::create();
    statement.name(name).table(table);
    for column in columns {
        statement.col(column);
    }
    statement
}

pub(crate) async fn drop_indexes(
    manager: &SchemaManager<'_>,
    table: &'static str,
    names: &[&'static str],
) -> Result<(), DbErr> {
    for &name in names {
        manager.drop_index(Index::drop().name(name).table(table).to_owned()).await?;
    }
    Ok(())
}

/// `ALTER TABLE table ADD COLUMN`, one statement per column: SQLite alters one thing at a time.
pub(crate) async fn add_column(
    manager: &SchemaManager<'_>,
    table: &'static str,
    column: impl IntoColumnDef,
) -> Result<(), DbErr> {
    manager.alter_table(Table::alter().table(table).add_column(column).to_owned()).await
}

pub(crate) async fn drop_columns(
    manager: &SchemaManager<'_>,
    table: &'static str,
    columns: &[&'static str],
) -> Result<(), DbErr> {
    for &column in columns {
        manager.alter_table(Table::alter().table(table).drop_column(column).to_owned()).await?;
    }
    Ok(())
}

/// `DROP TABLE`, in the order given (dependents first).
pub(crate) async fn drop_tables(manager: &SchemaManager<'_>, tables: &[&'static str]) -> Result<(), DbErr> {
    for &table in tables {
        manager.drop_table(Table::drop().table(table).to_owned()).await?;
    }
    Ok(())
}
