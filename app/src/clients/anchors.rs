//! Page anchors for the clients list: the sort key of every `every`-th client of one list
//! (a reseller's clients, in one status or all, in one order), so that a deep page starts at
//! the nearest anchor and skips fewer than `every` rows, instead of stepping over every index
//! entry before it (up to half of 100k clients with OFFSET alone).
//!
//! A list's anchors are built once, in one statement, and kept with the [`ListSize`] they
//! were built for: its `changes` grow with every write to the list, so any change since (on
//! this server or another sharing the database) makes the next deep page build them anew.
//! Concurrent requests for the same missing anchors wait for one build.
//!
//! Lists sorted by company are not anchored: the column is nullable, and the two databases
//! order NULLs at opposite ends, which a key comparison cannot follow. They keep reading a
//! page from the nearer end of the list.

use super::counts::ListSize;
use super::{ClientListQuery, ClientSort, ClientStatus, SortDirection};
use crate::entities::client;
use sea_orm::sea_query::{Expr, Order, Query, SimpleExpr, WindowStatement};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;

/// One client's place in a list: the values of the list's sort columns, then the id that
/// breaks their ties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub values: Vec<String>,
    pub id: i64,
}

/// The columns a list is ordered by, before the id.
pub fn sort_columns(sort: ClientSort) -> &'static [client::Column] {
    match sort {
        // Ids grow with creation time, and the id order is what the index serves.
        ClientSort::Id | ClientSort::Created => &[],
        ClientSort::Name => &[client::Column::LastName, client::Column::FirstName],
        ClientSort::Company => &[client::Column::Company],
        ClientSort::Email => &[client::Column::Email],
        ClientSort::Status => &[client::Column::Status],
    }
}

/// The condition "at or after `key` in the list's order": a comparison of the whole sort key
/// (row values, which both databases match to the list's index).
pub fn at_or_after(sort: ClientSort, direction: SortDirection, key: &SortKey) -> SimpleExpr {
    // Scoped here: its blanket `max` would shadow `Ord::max` elsewhere in the file.
    use sea_orm::sea_query::ExprTrait;
    let columns = sort_columns(sort);
    let column = |c: client::Column| Expr::col((client::Entity, c));
    let (left, right) = if columns.is_empty() {
        (column(client::Column::Id), Expr::val(key.id))
    } else {
        let mut left: Vec<Expr> = columns.iter().map(|c| column(*c)).collect();
        left.push(column(client::Column::Id));
        let mut right: Vec<Expr> = key.values.iter().map(|v| Expr::val(v.clone())).collect();
        right.push(Expr::val(key.id));
        (Expr::tuple(left), Expr::tuple(right))
    };
    match direction {
        SortDirection::Asc => left.gte(right),
        SortDirection::Desc => left.lte(right),
    }
}

/// The list a set of anchors belongs to. Sorting by creation is sorting by id, so the two
/// share their anchors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct ListKey {
    reseller_id: i64,
    status: Option<ClientStatus>,
    sort: ClientSort,
    direction: SortDirection,
}

/// Anchors of one list, built (or being built) for the list at `size`.
struct Anchors {
    size: ListSize,
    keys: Arc<OnceCell<Arc<Vec<SortKey>>>>,
}

/// The server's anchors for every list read lately, shared by its requests.
pub struct PageAnchors {
    every: u64,
    lists: Mutex<HashMap<ListKey, Anchors>>,
}

impl Default for PageAnchors {
    fn default() -> Self {
        Self::every(Self::DEFAULT_EVERY)
    }
}

impl PageAnchors {
    /// Skipping 500 index entries costs about what reading the page does; 100k clients need
    /// 200 anchors a list.
    pub const DEFAULT_EVERY: u64 = 500;
    /// Lists kept at once, over all resellers: a few hundred anchors each.
    const CAPACITY: usize = 256;

    /// Anchors `rows` apart (at least 1).
    pub fn every(rows: u64) -> Self {
        Self { every: rows.max(1), lists: Mutex::new(HashMap::new()) }
    }

    /// How far apart the anchors are.
    pub fn spacing(&self) -> u64 {
        self.every
    }

    /// The anchor at or before row `start` (0-based) of the list `query` shows of
    /// `reseller_id`'s clients, which holds `size` now, and how many rows lie between the two.
    /// `None` for a list that is not anchored (a search, or sorted by company).
    pub async fn anchor_before(
        &self,
        db: &impl ConnectionTrait,
        reseller_id: i64,
        query: &ClientListQuery,
        size: ListSize,
        start: u64,
    ) -> Result<Option<(SortKey, u64)>, DbErr> {
        if !query.search.trim().is_empty() || query.sort == ClientSort::Company {
            return Ok(None);
        }
        let sort = if query.sort == ClientSort::Created { ClientSort::Id } else { query.sort };
        let list = ListKey { reseller_id, status: query.status, sort, direction: query.direction };
        let keys = self.cell_for(list, size);
        let keys = keys.get_or_try_init(|| build(db, list, self.every)).await?;
        let index = start / self.every;
        Ok(usize::try_from(index).ok().and_then(|i| keys.get(i)).map(|key| (key.clone(), start - index * self.every)))
    }

    /// The list's anchors for `size`: those already built or being built, or a new, empty
    /// cell in their place.
    fn cell_for(&self, list: ListKey, size: ListSize) -> Arc<OnceCell<Arc<Vec<SortKey>>>> {
        // Nothing below panics while holding the lock, so a poisoned lock still holds a
        // consistent map.
        let mut lists = self.lists.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(anchors) = lists.get(&list).filter(|a| a.size == size) {
            return anchors.keys.clone();
        }
        if lists.len() >= Self::CAPACITY && !lists.contains_key(&list) {
            // Any one will do: a list read again soon costs one build.
            if let Some(victim) = lists.keys().next().copied() {
                lists.remove(&victim);
            }
        }
        let keys = Arc::new(OnceCell::new());
        lists.insert(list, Anchors { size, keys: keys.clone() });
        keys
    }
}

/// Reads the sort key of rows 0, `every`, 2·`every`, … of the list, in one statement: the
/// list's index in order, numbered by a window function.
async fn build(db: &impl ConnectionTrait, list: ListKey, every: u64) -> Result<Arc<Vec<SortKey>>, DbErr> {
    use sea_orm::sea_query::ExprTrait;
    let order = match list.direction {
        SortDirection::Asc => Order::Asc,
        SortDirection::Desc => Order::Desc,
    };
    let columns = sort_columns(list.sort);
    let mut window = WindowStatement::new();
    for column in columns {
        window.order_by((client::Entity, *column), order.clone());
    }
    window.order_by((client::Entity, client::Column::Id), order);

    let mut ranked = Query::select();
    ranked
        .columns(columns.iter().map(|c| (client::Entity, *c)))
        .column((client::Entity, client::Column::Id))
        .expr_window_as(Expr::cust("ROW_NUMBER()"), window, POSITION)
        .from(client::Entity)
        .and_where(Expr::col((client::Entity, client::Column::ResellerId)).eq(list.reseller_id));
    if let Some(status) = list.status {
        ranked.and_where(Expr::col((client::Entity, client::Column::Status)).eq(status.code()));
    }
    let every = i64::try_from(every).unwrap_or(i64::MAX);
    let anchors = Query::select()
        .columns(columns.iter().copied())
        .column(client::Column::Id)
        .from_subquery(ranked, RANKED)
        .and_where(Expr::col(POSITION).sub(1).modulo(every).eq(0))
        .order_by(POSITION, Order::Asc)
        .to_owned();

    let rows = db.query_all(&anchors).await?;
    let keys = rows
        .iter()
        .map(|row| {
            let values = (0..columns.len()).map(|i| row.try_get_by_index::<String>(i)).collect::<Result<_, _>>()?;
            Ok(SortKey { values, id: row.try_get_by_index::<i64>(columns.len())? })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(Arc::new(keys))
}

/// In [`build`]'s statement: the numbered list, and a client's row number in it.
const RANKED: &str = "ranked";
const POSITION: &str = "position";
