//! The clients list query. Every query here is scoped by the reseller id the caller got from
//! the session.

use super::anchors::{PageAnchors, SortKey, at_or_after, sort_columns};
use super::input::{ClientInput, PasswordChoice, ValidClient};
use super::{ClientListQuery, ClientPage, ClientRow, ClientSort, ClientStatus, SortDirection};
use crate::audit;
use crate::audit::{ActorKind, AuditAction, TargetKind};
use crate::entities::{client, invoice, service, session};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::invoices::InvoiceStatus;
use sea_orm::sea_query::{Expr, Query, QueryStatementBuilder, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult,
    Order, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, SqlErr, Statement,
};
use std::collections::HashMap;

/// One page of `reseller_id`'s clients, each with their services count and paid income. A
/// page past the end is clamped to the last page. A deep page starts from the nearest of the
/// list's `anchors`.
pub async fn list_clients(
    db: &impl ConnectionTrait,
    anchors: &PageAnchors,
    reseller_id: i64,
    query: &ClientListQuery,
) -> Result<ClientPage, AppError> {
    let (total, page, window) = locate_page(db, anchors, reseller_id, query).await?;
    let clients = page_select(reseller_id, query, &window).into_model::<ListedClient>().all(db).await?;

    let ids: Vec<i64> = clients.iter().map(|c| c.id).collect();
    let income = paid_income(reseller_id, &ids).into_model::<ClientIncome>().all(db).await?;
    let mut income_by_client: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    for row in income {
        income_by_client.entry(row.client_id).or_default().push((row.currency, row.total));
    }

    let rows = clients
        .into_iter()
        .map(|c| {
            let id = c.id;
            let mut row = ClientRow::from(c);
            row.income = income_by_client.remove(&id).unwrap_or_default();
            row
        })
        .collect();
    Ok(ClientPage { rows, total, page, per_page: query.per_page })
}

/// How many clients match `query`, the page shown (clamped to the last), and where its rows
/// are read from.
async fn locate_page(
    db: &impl ConnectionTrait,
    anchors: &PageAnchors,
    reseller_id: i64,
    query: &ClientListQuery,
) -> Result<(u64, u64, PageWindow), AppError> {
    let (size, total) = match search_count(reseller_id, query) {
        None => {
            let size = super::counts::size(db, reseller_id, query.status.map(ClientStatus::code)).await?;
            (Some(size), size.clients)
        }
        Some(count) => {
            let n: Option<i64> = db.query_one(&count).await?.map(|row| row.try_get_by_index(0)).transpose()?;
            (None, u64::try_from(n.unwrap_or(0)).unwrap_or(0))
        }
    };
    let last_page = total.div_ceil(query.per_page).max(1);
    let page = query.page.clamp(1, last_page);
    let mut window = PageWindow::of(page, query.per_page, total);
    // Anchors only where skipping costs more than what they save.
    if let Some(size) = size.filter(|_| window.offset >= anchors.spacing()) {
        let start = (page - 1) * query.per_page;
        if let Some((anchor, skip)) = anchors.anchor_before(db, reseller_id, query, size, start).await? {
            window = PageWindow { offset: skip, limit: query.per_page, from_end: false, after: Some(anchor) };
        }
    }
    Ok((total, page, window))
}

/// The statements [`list_clients`] runs for `query`, for the benchmark's query plans.
pub async fn list_statements(
    db: &impl ConnectionTrait,
    anchors: &PageAnchors,
    reseller_id: i64,
    query: &ClientListQuery,
) -> Result<Vec<Statement>, AppError> {
    let backend = db.get_database_backend();
    let total = match search_count(reseller_id, query) {
        None => super::counts::total_select(reseller_id, query.status.map(ClientStatus::code)).build(backend),
        Some(count) => backend.build(&count),
    };
    let (_, _, window) = locate_page(db, anchors, reseller_id, query).await?;
    let ids = [1_i64, 2, 3];
    Ok(vec![
        total,
        page_select(reseller_id, query, &window).build(backend),
        paid_income(reseller_id, &ids).build(backend),
    ])
}

/// The statement counting a search's matches, or `None` without a search (the list's size
/// is then read from the counts): from the terms alone, or joined with the clients for a
/// status filter.
fn search_count(reseller_id: i64, query: &ClientListQuery) -> Option<SelectStatement> {
    match query.status {
        None => super::search::count_select(reseller_id, &query.search),
        Some(_) => super::search::matching(reseller_id, &query.search).map(|_| {
            filtered(reseller_id, query).select_only().column_as(client::Column::Id.count(), "n").into_query()
        }),
    }
}

fn filtered(reseller_id: i64, query: &ClientListQuery) -> Select<client::Entity> {
    let mut select = client::Entity::find().filter(client::Column::ResellerId.eq(reseller_id));
    if let Some(status) = query.status {
        select = select.filter(client::Column::Status.eq(status));
    }
    if let Some(condition) = super::search::matching(reseller_id, &query.search) {
        select = select.filter(condition);
    }
    select
}

/// Where a page's rows are read from: `limit` rows after skipping `offset`, counted from the
/// list's start, or from its end in the reverse order (`from_end`), or from the client at
/// `after` (a page anchor) on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PageWindow {
    offset: u64,
    limit: u64,
    from_end: bool,
    after: Option<SortKey>,
}

impl PageWindow {
    /// Page `page` of a list of `total` rows. The database steps over every skipped row, so a
    /// page in the back half is counted from the nearer end: the last pages cost what the first
    /// do, and no page skips more than half the list.
    fn of(page: u64, per_page: u64, total: u64) -> Self {
        let start = (page.max(1) - 1) * per_page;
        let end = start.saturating_add(per_page).min(total);
        // `end <= total` once the page holds a row; an empty page reads forward.
        if start < end && total - end < start {
            Self { offset: total - end, limit: end - start, from_end: true, after: None }
        } else {
            Self { offset: start, limit: per_page, from_end: false, after: None }
        }
    }
}

/// One page: the ids are picked first from the index alone, then only those rows are read,
/// so a deep page skips index entries instead of whole rows. Only the columns a row shows are
/// read (see [`ListedClient`]).
fn page_select(reseller_id: i64, query: &ClientListQuery, window: &PageWindow) -> Select<client::Entity> {
    // A search in id order, unfiltered, pages through the terms' index alone, as it is counted.
    let from_terms = match (query.sort, query.status) {
        (ClientSort::Id | ClientSort::Created, None) => {
            let order = list_order(query.direction, window.from_end);
            super::search::matching_ids(reseller_id, &query.search, order, window.offset, window.limit)
        }
        _ => None,
    };
    let ids = match from_terms {
        Some(ids) => ids,
        None => {
            let mut from = filtered(reseller_id, query);
            if let Some(anchor) = &window.after {
                from = from.filter(at_or_after(query.sort, query.direction, anchor));
            }
            ordered(from, query, window.from_end)
                .select_only()
                .column(client::Column::Id)
                .offset(window.offset)
                .limit(window.limit)
                .into_query()
        }
    };
    let page = client::Entity::find()
        .filter(client::Column::ResellerId.eq(reseller_id))
        .filter(client::Column::Id.in_subquery(ids));
    ordered(page, query, false)
        .select_only()
        .columns([
            client::Column::Id,
            client::Column::FirstName,
            client::Column::LastName,
            client::Column::Company,
            client::Column::Email,
            client::Column::Status,
            client::Column::CreatedAt,
            client::Column::Currency,
        ])
        .expr_as(services_count(reseller_id), "services")
}

/// What a row of the list shows of a client: the columns [`page_select`] reads.
#[derive(FromQueryResult)]
struct ListedClient {
    id: i64,
    first_name: String,
    last_name: String,
    company: Option<String>,
    email: String,
    status: ClientStatus,
    created_at: time::OffsetDateTime,
    currency: String,
    services: i64,
}

impl From<ListedClient> for ClientRow {
    fn from(c: ListedClient) -> Self {
        Self {
            id: c.id,
            name: format!("{} {}", c.first_name, c.last_name),
            company: c.company,
            email: c.email,
            status: c.status,
            created: c.created_at.date(),
            currency: c.currency,
            services: c.services,
            income: Vec::new(),
        }
    }
}

/// The list's order, or its exact reverse; the id breaks ties, so paging through equal names
/// never repeats or skips a row.
fn ordered(select: Select<client::Entity>, query: &ClientListQuery, reversed: bool) -> Select<client::Entity> {
    let order = list_order(query.direction, reversed);
    let select = sort_columns(query.sort).iter().fold(select, |select, column| select.order_by(*column, order.clone()));
    select.order_by(client::Column::Id, order)
}

/// The order a list is read in: its direction, or the reverse.
fn list_order(direction: SortDirection, reversed: bool) -> Order {
    match (direction, reversed) {
        (SortDirection::Asc, false) | (SortDirection::Desc, true) => Order::Asc,
        (SortDirection::Desc, false) | (SortDirection::Asc, true) => Order::Desc,
    }
}

#[derive(FromQueryResult)]
struct ClientIncome {
    client_id: i64,
    currency: String,
    total: i64,
}

/// The client's services that are not over (cancelled, terminated, fraud), counted for each row
/// of a page as it is read.
fn services_count(reseller_id: i64) -> Expr {
    use sea_orm::sea_query::ExprTrait;
    let count = Query::select()
        .expr(Expr::col((service::Entity, service::Column::Id)).count())
        .from(service::Entity)
        .and_where(Expr::col((service::Entity, service::Column::ClientId)).equals((client::Entity, client::Column::Id)))
        .and_where(Expr::col((service::Entity, service::Column::ResellerId)).eq(reseller_id))
        .and_where(Expr::col((service::Entity, service::Column::Status)).is_not_in([
            "cancelled",
            "terminated",
            "fraud",
        ]))
        .to_owned();
    Expr::from(count.into_sub_query_statement())
}

/// Paid invoice totals per client and currency, for one page of client ids.
fn paid_income(reseller_id: i64, ids: &[i64]) -> Select<invoice::Entity> {
    // Scoped here: its blanket `max`/`min` would shadow `Ord`'s elsewhere in the file.
    use sea_orm::sea_query::ExprTrait;
    // PostgreSQL sums bigints into a numeric; the cast brings it back to i64 on both databases.
    invoice::Entity::find()
        .select_only()
        .column(invoice::Column::ClientId)
        .column(invoice::Column::Currency)
        .column_as(invoice::Column::Total.sum().cast_as("bigint"), "total")
        .filter(invoice::Column::ResellerId.eq(reseller_id))
        .filter(invoice::Column::ClientId.is_in(ids.iter().copied()))
        .filter(invoice::Column::Status.eq(InvoiceStatus::Paid))
        .group_by(invoice::Column::ClientId)
        .group_by(invoice::Column::Currency)
}

/// Adds a client, with an audit record and, when asked, the set-password email, in one
/// transaction. The email must be free among the reseller's clients.
pub async fn create_client(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
    valid: ValidClient,
    portal_origin: &str,
) -> Result<i64, AppError> {
    let password_hash = match &valid.password {
        PasswordChoice::Set(password) => Some(crate::auth::service::hash_password(password.clone()).await?),
        PasswordChoice::EmailLink | PasswordChoice::Keep => None,
    };
    let txn = crate::db::begin_write(db).await?;
    ensure_email_free(&txn, actor.reseller.id, valid.email.as_str(), None).await?;
    let mut model = client::ActiveModel {
        reseller_id: Set(actor.reseller.id),
        tax_id: Set(None),
        notes: Set(None),
        credit_balance: Set(0),
        status: Set(ClientStatus::Active),
        password_hash: Set(password_hash),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    };
    apply(&mut model, &valid);
    let created = model.insert(&txn).await.map_err(email_conflict)?;
    audit::record(&txn, entry(actor, AuditAction::ClientCreated, created.id, describe(&created))).await?;
    if valid.password == PasswordChoice::EmailLink {
        super::password::send_set_password_link(&txn, actor.reseller, &created, portal_origin).await?;
    }
    txn.commit().await?;
    Ok(created.id)
}

/// Saves the Profile tab of the reseller's own client.
pub async fn update_client(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
    client_id: i64,
    valid: ValidClient,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_client(&txn, actor.reseller.id, client_id).await?;
    ensure_email_free(&txn, actor.reseller.id, valid.email.as_str(), Some(client_id)).await?;
    if found.email != valid.email.as_str() {
        // A link sent to the old address must not open the account.
        super::password::revoke_links(&txn, client_id).await?;
    }
    let mut model: client::ActiveModel = found.into();
    apply(&mut model, &valid);
    let updated = model.update(&txn).await.map_err(email_conflict)?;
    audit::record(&txn, entry(actor, AuditAction::ClientUpdated, client_id, describe(&updated))).await?;
    txn.commit().await?;
    Ok(())
}

fn apply(model: &mut client::ActiveModel, valid: &ValidClient) {
    model.first_name = Set(valid.first_name.clone());
    model.last_name = Set(valid.last_name.clone());
    model.company = Set(valid.company.clone());
    model.email = Set(valid.email.as_str().to_owned());
    model.phone = Set(valid.phone.as_str().to_owned());
    model.language = Set(valid.language.code().to_owned());
    model.currency = Set(valid.currency.clone());
    model.national_id = Set(valid.national_id.as_ref().map(|n| n.as_str().to_owned()));
    model.address1 = Set(valid.address1.clone());
    model.address2 = Set(valid.address2.clone());
    model.city = Set(valid.city.clone());
    model.state = Set(valid.state.clone());
    model.postcode = Set(valid.postcode.clone());
    model.country = Set(valid.country.clone());
}

/// The Profile tab's form, filled from what is stored.
pub fn form_input(c: client::Model) -> ClientInput {
    ClientInput {
        first_name: c.first_name,
        last_name: c.last_name,
        company: c.company.unwrap_or_default(),
        email: c.email,
        // Stored numbers are international, so the code field is only a hint here.
        calling_code: String::new(),
        phone: c.phone,
        language: c.language,
        currency: c.currency,
        national_id: c.national_id.unwrap_or_default(),
        password_mode: String::new(),
        password: String::new(),
        address1: c.address1,
        address2: c.address2.unwrap_or_default(),
        city: c.city,
        state: c.state,
        postcode: c.postcode,
        country: c.country,
    }
}

async fn ensure_email_free(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    email: &str,
    except: Option<i64>,
) -> Result<(), AppError> {
    let mut same = client::Entity::find()
        .filter(client::Column::ResellerId.eq(reseller_id))
        .filter(client::Column::Email.eq(email));
    if let Some(id) = except {
        same = same.filter(client::Column::Id.ne(id));
    }
    if same.count(db).await? > 0 { Err(email_taken()) } else { Ok(()) }
}

fn email_taken() -> AppError {
    AppError::Validation(vec![FieldError { field: "email".to_owned(), problem: FieldProblem::EmailTaken }])
}

/// Two saves racing for one email: the unique index refuses the second.
fn email_conflict(error: sea_orm::DbErr) -> AppError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => email_taken(),
        _ => error.into(),
    }
}

/// The reseller's own client, or `NotFound`: another reseller's client id answers exactly like
/// a missing one.
pub async fn find_client(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    client_id: i64,
) -> Result<client::Model, AppError> {
    client::Entity::find_by_id(client_id)
        .filter(client::Column::ResellerId.eq(reseller_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// "First Last" of the reseller's clients among `ids`.
pub async fn client_names(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, String>, AppError> {
    Ok(client::Entity::find()
        .select_only()
        .column(client::Column::Id)
        .column(client::Column::FirstName)
        .column(client::Column::LastName)
        .filter(client::Column::ResellerId.eq(reseller_id))
        .filter(client::Column::Id.is_in(ids.collect::<Vec<_>>()))
        .into_tuple::<(i64, String, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, first, last)| (id, format!("{first} {last}")))
        .collect())
}

pub use crate::reseller::Actor;

/// Closes a client's account: status Closed, invoices not yet paid cancelled, set-password
/// links revoked, portal sessions ended,
/// everything else kept, and an audit record, in one transaction. Closing a closed account changes nothing.
pub async fn close_client(db: &DatabaseConnection, actor: &Actor<'_>, client_id: i64) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_client(&txn, actor.reseller.id, client_id).await?;
    // Only the status it was read with: of two closes racing, one changes it and counts it.
    let closed = client::Entity::update_many()
        .col_expr(client::Column::Status, Expr::value(ClientStatus::Closed.code()))
        .filter(client::Column::Id.eq(client_id))
        .filter(client::Column::Status.eq(found.status))
        .filter(client::Column::Status.ne(ClientStatus::Closed))
        .exec(&txn)
        .await?;
    if closed.rows_affected == 1 {
        let detail = describe(&found);
        crate::entities::client_count::add(&txn, actor.reseller.id, found.status, -1).await?;
        crate::entities::client_count::add(&txn, actor.reseller.id, ClientStatus::Closed, 1).await?;
        invoice::Entity::update_many()
            .col_expr(invoice::Column::Status, Expr::value("cancelled"))
            .filter(invoice::Column::ResellerId.eq(actor.reseller.id))
            .filter(invoice::Column::ClientId.eq(client_id))
            .filter(invoice::Column::Status.is_in([
                InvoiceStatus::Unpaid,
                InvoiceStatus::Draft,
                InvoiceStatus::PaymentPending,
            ]))
            .exec(&txn)
            .await?;
        super::password::revoke_links(&txn, client_id).await?;
        end_portal_sessions(&txn, actor.reseller.id, client_id).await?;
        audit::record(&txn, entry(actor, AuditAction::ClientClosed, client_id, detail)).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Deletes a client and all of their records (their rows cascade with them), once the reseller
/// has typed the client's email. The audit record stays. Whether the provider lets this
/// reseller delete clients is checked by the caller ([`crate::reseller::Permission`]).
pub async fn delete_client(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
    client_id: i64,
    typed_email: &str,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
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
    crate::entities::client_count::add(&txn, actor.reseller.id, found.status, -1).await?;
    audit::record(&txn, entry(actor, AuditAction::ClientDeleted, client_id, detail)).await?;
    txn.commit().await?;
    Ok(())
}

pub(super) fn describe(c: &client::Model) -> String {
    format!("{} {} <{}>", c.first_name, c.last_name, c.email)
}

pub(super) fn entry<'a>(
    actor: &'a Actor<'a>,
    action: AuditAction,
    client_id: i64,
    detail: String,
) -> audit::AuditEntry<'a> {
    audit::AuditEntry {
        reseller_id: actor.reseller.id,
        actor_kind: ActorKind::Reseller,
        actor_id: actor.reseller.id,
        action,
        target_kind: TargetKind::Client,
        target_id: client_id,
        detail,
        ip: actor.ip,
    }
}

pub(super) async fn end_portal_sessions(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    client_id: i64,
) -> Result<(), AppError> {
    session::Entity::delete_many()
        .filter(session::Column::Area.eq(crate::auth::Area::Portal))
        .filter(session::Column::ResellerId.eq(reseller_id))
        .filter(session::Column::SubjectId.eq(client_id))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_is_counted_from_the_nearer_end_of_the_list() {
        let window = |page, per_page, total| PageWindow::of(page, per_page, total);
        let forward = |offset, limit| PageWindow { offset, limit, from_end: false, after: None };
        let from_end = |offset, limit| PageWindow { offset, limit, from_end: true, after: None };
        // 23 rows, 10 a page: rows 0-9, 10-19, 20-22.
        assert_eq!(window(1, 10, 23), forward(0, 10));
        assert_eq!(window(2, 10, 23), from_end(3, 10), "3 rows after it, 10 before it");
        assert_eq!(window(3, 10, 23), from_end(0, 3), "the last, short page is the first 3 from the end");
        // 100,000 rows, 25 a page: page 3,000 holds rows 74,975-74,999, with 25,000 after it.
        assert_eq!(window(3_000, 25, 100_000), from_end(25_000, 25));
        assert_eq!(window(2_000, 25, 100_000), forward(49_975, 25), "the middle page skips half the list");
        assert_eq!(window(2_001, 25, 100_000), from_end(49_975, 25));
        assert_eq!(window(4_000, 25, 100_000), from_end(0, 25));
        // Nothing to read: an empty list, and a page past the end, read forward.
        assert_eq!(window(1, 25, 0), forward(0, 25));
        assert_eq!(window(9, 10, 23), forward(80, 10));
    }
}
