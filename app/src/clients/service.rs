//! The clients list query. Every query here is scoped by the reseller id the caller got from
//! the session.

use super::{ClientListQuery, ClientPage, ClientRow, ClientSort, ClientStatus, SortDirection};
use crate::audit;
use crate::entities::{client, reseller, session};
use crate::error::{AppError, FieldError, FieldProblem};
use sea_orm::sea_query::{Expr, Func, LikeExpr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
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

/// The reseller's own client, or `NotFound`: another reseller's client id answers exactly like
/// a missing one.
pub async fn find_client(db: &impl ConnectionTrait, reseller_id: i64, client_id: i64) -> Result<client::Model, AppError> {
    client::Entity::find_by_id(client_id)
        .filter(client::Column::ResellerId.eq(reseller_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The reseller acting, and from where.
pub struct Actor<'a> {
    pub reseller: &'a reseller::Model,
    pub ip: Option<&'a str>,
}

/// Closes a client's account: status Closed, portal sessions ended, everything else kept, and
/// an audit record, in one transaction. Closing a closed account changes nothing.
pub async fn close_client(db: &DatabaseConnection, actor: &Actor<'_>, client_id: i64) -> Result<(), AppError> {
    let txn = db.begin().await?;
    let found = find_client(&txn, actor.reseller.id, client_id).await?;
    if found.status != ClientStatus::Closed.code() {
        let detail = describe(&found);
        let mut closing: client::ActiveModel = found.into();
        closing.status = Set(ClientStatus::Closed.code().to_owned());
        closing.update(&txn).await?;
        end_portal_sessions(&txn, actor.reseller.id, client_id).await?;
        audit::record(&txn, entry(actor, "client.closed", client_id, detail)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Deletes a client and all of their records, once the reseller has typed the client's email,
/// and only when the provider allows this reseller to delete clients. The audit record stays.
pub async fn delete_client(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
    client_id: i64,
    typed_email: &str,
) -> Result<(), AppError> {
    if !actor.reseller.allow_delete_clients {
        return Err(AppError::Forbidden);
    }
    let txn = db.begin().await?;
    let found = find_client(&txn, actor.reseller.id, client_id).await?;
    if !typed_email.trim().eq_ignore_ascii_case(&found.email) {
        return Err(AppError::Validation(vec![FieldError {
            field: "confirm_email".to_owned(),
            problem: FieldProblem::ConfirmationMismatch,
        }]));
    }
    let detail = describe(&found);
    end_portal_sessions(&txn, actor.reseller.id, client_id).await?;
    client::Entity::delete_by_id(client_id).exec(&txn).await?;
    audit::record(&txn, entry(actor, "client.deleted", client_id, detail)).await?;
    txn.commit().await?;
    Ok(())
}

fn describe(c: &client::Model) -> String {
    format!("{} {} <{}>", c.first_name, c.last_name, c.email)
}

fn entry<'a>(actor: &'a Actor<'a>, action: &'a str, client_id: i64, detail: String) -> audit::AuditEntry<'a> {
    audit::AuditEntry {
        reseller_id: actor.reseller.id,
        actor_kind: "reseller",
        actor_id: actor.reseller.id,
        action,
        target_kind: "client",
        target_id: client_id,
        detail,
        ip: actor.ip,
    }
}

async fn end_portal_sessions(db: &impl ConnectionTrait, reseller_id: i64, client_id: i64) -> Result<(), AppError> {
    session::Entity::delete_many()
        .filter(session::Column::Area.eq(crate::auth::Area::Portal.code()))
        .filter(session::Column::ResellerId.eq(reseller_id))
        .filter(session::Column::SubjectId.eq(client_id))
        .exec(db)
        .await?;
    Ok(())
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
