//! Each reseller's number of clients per status, so the list's total without a search is one
//! small read instead of counting 100k index entries on every page. Inserts add to it (the
//! client entity's `after_save`), and closing and deleting move it in the same transaction;
//! a client's status changes nowhere else. Increments are single `UPDATE`s (or upserts), so
//! concurrent writers never lose one.
//!
//! Each row also counts the changes to that list: every write above, and every other save of
//! one of its clients (`after_save`), bumps `changes` by one. The list's page anchors are
//! valid only for the `changes` they were built at (see `clients::anchors`).

use crate::entities::{client, client_count};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Statement};

/// How many clients a list holds, and how often it has changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListSize {
    pub clients: u64,
    /// Grows with every change to the list, never repeats: equal values mean the same list.
    pub changes: i64,
}

/// The reseller's clients, in one status or in all, read in one statement with their changes.
pub async fn size(db: &impl ConnectionTrait, reseller_id: i64, status: Option<&str>) -> Result<ListSize, DbErr> {
    let rows: Vec<(i64, i64)> = total_select(reseller_id, status).into_tuple().all(db).await?;
    let (clients, changes) = rows.into_iter().fold((0, 0), |(n, c), (clients, changes)| (n + clients, c + changes));
    Ok(ListSize { clients: clients.max(0) as u64, changes })
}

/// The query [`size`] runs (the benchmark prints its plan).
pub fn total_select(reseller_id: i64, status: Option<&str>) -> sea_orm::Select<client_count::Entity> {
    let mut select = client_count::Entity::find()
        .select_only()
        .column(client_count::Column::Clients)
        .column(client_count::Column::Changes)
        .filter(client_count::Column::ResellerId.eq(reseller_id));
    if let Some(status) = status {
        select = select.filter(client_count::Column::Status.eq(status));
    }
    select
}

/// Whether there is any client at all, read from one index entry.
pub async fn any_client(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    let first: Option<i64> =
        client::Entity::find().select_only().column(client::Column::Id).into_tuple().one(db).await?;
    Ok(first.is_some())
}

/// Counts every reseller's clients afresh, when the counts are missing (a database from before
/// the table, or a bulk import that bypassed the entity). Returns whether it did.
pub async fn recount_if_missing(db: &impl ConnectionTrait) -> Result<bool, DbErr> {
    if client_count::Entity::find().one(db).await?.is_some() || !any_client(db).await? {
        return Ok(false);
    }
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_string(
        backend,
        "INSERT INTO client_counts (reseller_id, status, clients) \
         SELECT reseller_id, status, COUNT(*) FROM clients GROUP BY reseller_id, status",
    ))
    .await?;
    Ok(true)
}
