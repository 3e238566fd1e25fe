//! The clients list's search: every searchable word of a client is a row of
//! `client_search_terms`, normalised here in Rust (the databases' `lower()` differ on
//! non-ASCII text), and a search is a prefix range over the `(reseller_id, term, client_id)`
//! key, so it reads only the matching rows on both databases.

use crate::entities::{client, client_search_term};
use crate::values::normalize_search;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::entities::client_search_term::terms_of;

/// The condition "this client has a term starting with the search", or `None` for an empty
/// search.
pub fn matching(reseller_id: i64, search: &str) -> Option<Condition> {
    let ids = matching_terms(reseller_id, search)?.column(client_search_term::Column::ClientId).to_owned();
    Some(Condition::all().add(client::Column::Id.in_subquery(ids)))
}

/// The statement counting the reseller's clients that have a term starting with the search,
/// from the terms' index alone: terms carry their client's reseller, so no client row is
/// visited.
pub fn count_select(reseller_id: i64, search: &str) -> Option<SelectStatement> {
    let mut terms = matching_terms(reseller_id, search)?;
    terms.expr_as(Expr::col(client_search_term::Column::ClientId).count_distinct(), "n");
    Some(terms)
}

/// `limit` ids of matching clients in id `order`, after skipping `offset`, from the terms'
/// index alone, as [`count_select`] counts them.
pub fn matching_ids(reseller_id: i64, search: &str, order: Order, offset: u64, limit: u64) -> Option<SelectStatement> {
    let mut terms = matching_terms(reseller_id, search)?;
    terms
        .distinct()
        .column(client_search_term::Column::ClientId)
        .order_by(client_search_term::Column::ClientId, order)
        .offset(offset)
        .limit(limit);
    Some(terms)
}

/// The term rows of the reseller's clients that start with the search, selecting nothing yet.
/// A query of digits (with or without `+`) also matches phone numbers.
fn matching_terms(reseller_id: i64, search: &str) -> Option<SelectStatement> {
    let term = normalize_search(search);
    let compact: String = term.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let term = if !compact.is_empty() && compact.chars().all(|c| c.is_ascii_digit() || c == '+') {
        compact.trim_start_matches('+').to_owned()
    } else {
        term
    };
    if term.is_empty() {
        return None;
    }
    // Every string that starts with `term` sorts (by bytes) below `term` followed by the
    // highest code point.
    let upper = format!("{term}\u{10FFFF}");
    Some(
        Query::select()
            .from(client_search_term::Entity)
            .and_where(client_search_term::Column::ResellerId.eq(reseller_id))
            .and_where(client_search_term::Column::Term.gte(term))
            .and_where(client_search_term::Column::Term.lt(upper))
            .to_owned(),
    )
}

/// Indexes every client when the terms table is still empty but clients exist (right after
/// the migration that added it, or after a bulk import that bypassed the entity): one cheap
/// check on every other start. Returns how many clients it indexed.
pub async fn backfill_if_missing(db: &impl ConnectionTrait, batch: u64, progress: impl Fn(u64)) -> Result<u64, DbErr> {
    // Existence checks (LIMIT 1), not counts: a start must not count millions of rows.
    if client_search_term::Entity::find().one(db).await?.is_some() || !super::counts::any_client(db).await? {
        return Ok(0);
    }
    backfill(db, batch, progress).await
}

/// Writes the terms of clients that have none yet, `batch` clients at a time. Returns how
/// many clients it indexed; `progress` hears the running total.
pub async fn backfill(db: &impl ConnectionTrait, batch: u64, progress: impl Fn(u64)) -> Result<u64, DbErr> {
    let mut after = 0_i64;
    let mut done = 0_u64;
    loop {
        let clients = client::Entity::find()
            .filter(client::Column::Id.gt(after))
            .filter(
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from(client_search_term::Entity)
                        .and_where(
                            Expr::col((client_search_term::Entity, client_search_term::Column::ClientId))
                                .equals((client::Entity, client::Column::Id)),
                        )
                        .to_owned(),
                )
                .not(),
            )
            .order_by_asc(client::Column::Id)
            .limit(batch)
            .all(db)
            .await?;
        let Some(last) = clients.last() else { return Ok(done) };
        after = last.id;
        let rows: Vec<client_search_term::ActiveModel> = clients
            .iter()
            .flat_map(|c| {
                terms_of(c).into_iter().map(move |term| client_search_term::ActiveModel {
                    reseller_id: sea_orm::ActiveValue::Set(c.reseller_id),
                    term: sea_orm::ActiveValue::Set(term),
                    client_id: sea_orm::ActiveValue::Set(c.id),
                })
            })
            .collect();
        // SQLite takes at most 32,766 bound values: 3 per row.
        for chunk in rows.chunks(10_000) {
            client_search_term::Entity::insert_many(chunk.to_vec()).exec(db).await?;
        }
        done += clients.len() as u64;
        progress(done);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::ClientStatus;

    #[test]
    fn a_client_is_found_by_each_field_normalised() {
        let c = client::Model {
            id: 1,
            reseller_id: 1,
            first_name: "سارا".into(),
            last_name: "احمدي".into(),
            company: Some("Acme_Co 50%".into()),
            email: "Sara@Example.com".into(),
            phone: "+989121234567".into(),
            address1: String::new(),
            address2: None,
            city: String::new(),
            state: String::new(),
            postcode: String::new(),
            country: "IR".into(),
            language: "fa".into(),
            currency: "IRR".into(),
            national_id: Some("0013542419".into()),
            tax_id: None,
            notes: None,
            credit_balance: 0,
            status: ClientStatus::Active,
            password_hash: None,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        };
        let terms: Vec<String> = terms_of(&c).into_iter().collect();
        for expected in ["سارا", "احمدی", "سارا احمدی", "sara@example.com", "acme_co 50%", "989121234567", "0013542419"]
        {
            assert!(terms.contains(&expected.to_owned()), "{expected} in {terms:?}");
        }
        assert_eq!(terms.len(), 7);
    }
}
