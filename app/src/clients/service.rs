//! The clients list query. Every query here is scoped by the reseller id the caller got from
//! the session.

use super::{ClientListQuery, ClientPage, ClientRow, ClientSort, SortDirection};
use crate::entities::client;
use crate::error::AppError;
use sea_orm::sea_query::{Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// One page of `reseller_id`'s clients. A page past the end is clamped to the last page.
pub async fn list_clients(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    query: &ClientListQuery,
) -> Result<ClientPage, AppError> {
    let mut select = client::Entity::find().filter(client::Column::ResellerId.eq(reseller_id));
    if let Some(status) = query.status {
        select = select.filter(client::Column::Status.eq(status.code()));
    }
    if let Some(condition) = search_condition(&query.search) {
        select = select.filter(condition);
    }

    let total = select.clone().count(db).await?;
    let last_page = total.div_ceil(query.per_page).max(1);
    let page = query.page.clamp(1, last_page);

    let order = match query.direction {
        SortDirection::Asc => Order::Asc,
        SortDirection::Desc => Order::Desc,
    };
    select = match query.sort {
        ClientSort::Id => select,
        ClientSort::Name => select
            .order_by(client::Column::LastName, order.clone())
            .order_by(client::Column::FirstName, order.clone()),
        ClientSort::Company => select.order_by(client::Column::Company, order.clone()),
        ClientSort::Email => select.order_by(client::Column::Email, order.clone()),
        ClientSort::Status => select.order_by(client::Column::Status, order.clone()),
        // Ids grow with creation time, and the id order is what the index serves.
        ClientSort::Created => select,
    };
    // The id breaks ties, so paging through equal names never repeats or skips a row.
    let rows = select
        .order_by(client::Column::Id, order)
        .offset((page - 1) * query.per_page)
        .limit(query.per_page)
        .all(db)
        .await?;

    Ok(ClientPage {
        rows: rows.into_iter().map(ClientRow::from).collect(),
        total,
        page,
        per_page: query.per_page,
    })
}

/// Case-insensitive prefix match on name, email, company, phone or national ID; "first last"
/// also matches the two names together.
fn search_condition(search: &str) -> Option<Condition> {
    // Scoped here: its blanket `max`/`min` would shadow `Ord`'s elsewhere in the file.
    use sea_orm::sea_query::ExprTrait;
    let term = normalize_search(search);
    if term.is_empty() {
        return None;
    }
    let prefix = |text: &str| LikeExpr::new(format!("{}%", escape_like(text))).escape('\\');
    let lower = |column: client::Column| -> SimpleExpr { Func::lower(Expr::col(column)).into() };

    let mut any = Condition::any();
    for column in [client::Column::FirstName, client::Column::LastName, client::Column::Email, client::Column::Company] {
        any = any.add(lower(column).like(prefix(&term)));
    }
    let digits: String = term.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    if digits.chars().all(|c| c.is_ascii_digit() || c == '+') {
        let without_plus = digits.trim_start_matches('+');
        any = any
            .add(client::Column::Phone.like(prefix(&format!("+{without_plus}"))))
            .add(client::Column::NationalId.like(prefix(without_plus)));
    }
    if let Some((first, last)) = term.split_once(' ') {
        any = any.add(
            Condition::all()
                .add(lower(client::Column::FirstName).like(prefix(first.trim())))
                .add(lower(client::Column::LastName).like(prefix(last.trim()))),
        );
    }
    Some(any)
}

/// Lower case, single spaces, ASCII digits, and the Persian forms of letters that Arabic
/// keyboards type differently (ي/ی, ك/ک), so that what a user types finds what was stored.
pub fn normalize_search(search: &str) -> String {
    let mapped: String = crate::domain::ascii_digits(search)
        .chars()
        .map(|c| match c {
            'ي' => 'ی',
            'ك' => 'ک',
            _ => c,
        })
        .collect::<String>()
        .to_lowercase();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_terms_are_normalised() {
        assert_eq!(normalize_search("  Sara   AHMADI "), "sara ahmadi");
        assert_eq!(normalize_search("۰۹۱۲"), "0912");
        assert_eq!(normalize_search("علي"), "علی");
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
