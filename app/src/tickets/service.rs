//! Reads and writes tickets and departments. Portal calls are scoped by the session's reseller
//! and client ([`PortalAccess`]) and refused (`Forbidden`) while the reseller does not allow
//! tickets in the portal; panel calls are scoped by the signed-in reseller. Another client's or
//! another reseller's ticket answers `NotFound` exactly like a missing one. Every write is one
//! transaction with its audit row and, where someone is to be told, its outbox email.

use super::input::{ValidNewTicket, department_name, legacy_department_code};
use super::status::{TicketEvent, TicketListQuery, TicketStatus};
use super::{Author, Department, MessageRow, TicketChange, TicketDetail, TicketListPage, TicketRow};
use crate::audit::{self, ActorKind, AuditAction, AuditEntry, TargetKind};
use crate::clients::service::Actor;
use crate::entities::{ClientRecord, client, reseller, ticket, ticket_department, ticket_message};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::i18n::{Locale, localize_digits};
use crate::mail::{self, Letter, Template};
use crate::portal::PortalAccess;
use crate::status_list::load_page;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionSession, TransactionTrait,
};
use std::collections::HashMap;
use time::OffsetDateTime;

fn refuse(field: &str, problem: FieldProblem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.to_owned(), problem }])
}

// ---- Departments ----

/// The reseller's departments in their order; only the active ones when `only_active`.
pub async fn departments(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    only_active: bool,
) -> Result<Vec<Department>, AppError> {
    let mut select = ticket_department::Entity::find().filter(ticket_department::Column::ResellerId.eq(reseller_id));
    if only_active {
        select = select.filter(ticket_department::Column::Active.eq(true));
    }
    Ok(select
        .order_by_asc(ticket_department::Column::SortOrder)
        .order_by_asc(ticket_department::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|d| Department { id: d.id, name: d.name, active: d.active })
        .collect())
}

/// `Taken` when another department of the reseller has this name (ignoring case).
async fn check_name_free(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    name: &str,
    except: Option<i64>,
) -> Result<(), AppError> {
    let wanted = name.to_lowercase();
    let taken = departments(db, reseller_id, false)
        .await?
        .into_iter()
        .any(|d| Some(d.id) != except && d.name.to_lowercase() == wanted);
    if taken { Err(refuse("name", FieldProblem::Taken)) } else { Ok(()) }
}

async fn find_department(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    id: i64,
) -> Result<ticket_department::Model, AppError> {
    ticket_department::Entity::find_by_id(id)
        .filter(ticket_department::Column::ResellerId.eq(reseller_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn department_audit<'a>(actor: &'a Actor<'a>, action: AuditAction, id: i64, name: &str) -> AuditEntry<'a> {
    AuditEntry {
        reseller_id: actor.reseller.id,
        actor_kind: ActorKind::Reseller,
        actor_id: actor.reseller.id,
        action,
        target_kind: TargetKind::TicketDepartment,
        target_id: id,
        detail: name.to_owned(),
        ip: actor.ip,
    }
}

/// Adds an active department after the others. Names are unique per reseller.
pub async fn add_department(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    name: &str,
) -> Result<i64, AppError> {
    let name = department_name(name).map_err(|problem| refuse("name", problem))?;
    let txn = crate::db::begin_write(db).await?;
    check_name_free(&txn, actor.reseller.id, &name, None).await?;
    let last: Option<Option<i32>> = ticket_department::Entity::find()
        .select_only()
        .column_as(ticket_department::Column::SortOrder.max(), "max")
        .filter(ticket_department::Column::ResellerId.eq(actor.reseller.id))
        .into_tuple()
        .one(&txn)
        .await?;
    let made = ticket_department::ActiveModel {
        reseller_id: Set(actor.reseller.id),
        name: Set(name.clone()),
        active: Set(true),
        sort_order: Set(last.flatten().map_or(0, |n| n + 1)),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, department_audit(actor, AuditAction::TicketDepartmentAdded, made.id, &name)).await?;
    txn.commit().await?;
    Ok(made.id)
}

/// Renames one of the reseller's departments; its tickets show the new name.
pub async fn rename_department(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    name: &str,
) -> Result<(), AppError> {
    let name = department_name(name).map_err(|problem| refuse("name", problem))?;
    let txn = crate::db::begin_write(db).await?;
    let found = find_department(&txn, actor.reseller.id, id).await?;
    if found.name == name {
        return Ok(());
    }
    check_name_free(&txn, actor.reseller.id, &name, Some(id)).await?;
    let mut row: ticket_department::ActiveModel = found.into();
    row.name = Set(name.clone());
    row.update(&txn).await?;
    audit::record(&txn, department_audit(actor, AuditAction::TicketDepartmentRenamed, id, &name)).await?;
    txn.commit().await?;
    Ok(())
}

/// Deactivates (no new tickets in it; its tickets stay) or activates one of the reseller's
/// departments. Departments are never deleted.
pub async fn set_department_active(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    active: bool,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_department(&txn, actor.reseller.id, id).await?;
    if found.active == active {
        return Ok(());
    }
    let name = found.name.clone();
    let mut row: ticket_department::ActiveModel = found.into();
    row.active = Set(active);
    row.update(&txn).await?;
    let action = if active { AuditAction::TicketDepartmentActivated } else { AuditAction::TicketDepartmentDeactivated };
    audit::record(&txn, department_audit(actor, action, id, &name)).await?;
    txn.commit().await?;
    Ok(())
}

/// Department names by id, for tickets of one reseller.
pub async fn department_names(db: &impl ConnectionTrait, reseller_id: i64) -> Result<HashMap<i64, String>, AppError> {
    Ok(ticket_department::names_of(db, reseller_id).await?)
}

/// The name a ticket shows for its department: the department's, or the legacy code of a
/// ticket that has none.
fn department_of(t: &ticket::Model, names: &HashMap<i64, String>) -> String {
    t.department_id.and_then(|id| names.get(&id).cloned()).unwrap_or_else(|| t.department.clone())
}

// ---- Reading tickets ----

fn row_of(t: ticket::Model, names: &HashMap<i64, String>, client_name: String) -> TicketRow {
    TicketRow {
        department: department_of(&t, names),
        id: t.id,
        subject: t.subject,
        status: t.status,
        priority: t.priority,
        last_reply_at: t.last_reply_at,
        client_id: t.client_id,
        client_name,
    }
}

/// The departments the portal's client can open a ticket in: the reseller's active ones.
pub async fn portal_departments(db: &impl ConnectionTrait, access: &PortalAccess) -> Result<Vec<Department>, AppError> {
    departments(db, access.reseller.id, true).await
}

/// The portal client's tickets, last reply first.
pub async fn client_tickets(db: &impl ConnectionTrait, access: &PortalAccess) -> Result<Vec<TicketRow>, AppError> {
    let names = department_names(db, access.reseller.id).await?;
    let tickets = ticket::Entity::of_client(access.reseller.id, access.client.id)
        .order_by_desc(ticket::Column::LastReplyAt)
        .order_by_desc(ticket::Column::Id)
        .all(db)
        .await?;
    Ok(tickets.into_iter().map(|t| row_of(t, &names, access.client_name())).collect())
}

/// One page of the reseller's tickets, last reply first.
pub async fn reseller_tickets(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    query: &TicketListQuery,
) -> Result<TicketListPage, AppError> {
    let mut select = ticket::Entity::find().filter(ticket::Column::ResellerId.eq(reseller_id));
    if let Some(status) = query.status {
        select = select.filter(ticket::Column::Status.eq(status));
    }
    let newest_first = select.order_by_desc(ticket::Column::LastReplyAt).order_by_desc(ticket::Column::Id);
    let (tickets, total, page) = load_page(db, newest_first, query).await?;
    let names = department_names(db, reseller_id).await?;
    let clients = crate::clients::service::client_names(db, reseller_id, tickets.iter().map(|t| t.client_id)).await?;
    let rows = tickets
        .into_iter()
        .map(|t| {
            let client_name = clients.get(&t.client_id).cloned().unwrap_or_default();
            row_of(t, &names, client_name)
        })
        .collect();
    Ok(TicketListPage { rows, total, page })
}

/// The ticket `id` of `reseller_id`, and of `client_id` when given; `NotFound` otherwise.
async fn find_ticket(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    client_id: Option<i64>,
    id: i64,
) -> Result<ticket::Model, AppError> {
    let mut select = ticket::Entity::find_by_id(id).filter(ticket::Column::ResellerId.eq(reseller_id));
    if let Some(client_id) = client_id {
        select = select.filter(ticket::Column::ClientId.eq(client_id));
    }
    select.one(db).await?.ok_or(AppError::NotFound)
}

async fn detail(
    db: &impl ConnectionTrait,
    t: ticket::Model,
    brand: &str,
    client_name: String,
) -> Result<TicketDetail, AppError> {
    let names = department_names(db, t.reseller_id).await?;
    let messages = ticket_message::Entity::find()
        .filter(ticket_message::Column::TicketId.eq(t.id))
        .order_by_asc(ticket_message::Column::CreatedAt)
        .order_by_asc(ticket_message::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let author = if m.author_kind == Author::Reseller { Author::Reseller } else { Author::Client };
            let author_name = match author {
                Author::Client => client_name.clone(),
                Author::Reseller => brand.to_owned(),
            };
            MessageRow { author, author_name, body: m.body, at: m.created_at }
        })
        .collect();
    Ok(TicketDetail {
        status: t.status,
        department: department_of(&t, &names),
        id: t.id,
        subject: t.subject,
        priority: t.priority,
        opened_at: t.created_at,
        last_reply_at: t.last_reply_at,
        client_id: t.client_id,
        client_name,
        messages,
    })
}

/// One of the portal client's tickets with its thread.
pub async fn client_ticket(
    db: &impl ConnectionTrait,
    access: &PortalAccess,
    id: i64,
) -> Result<TicketDetail, AppError> {
    let found = find_ticket(db, access.reseller.id, Some(access.client.id), id).await?;
    detail(db, found, &access.reseller.brand_name, access.client_name()).await
}

/// One of the reseller's tickets with its thread.
pub async fn reseller_ticket(
    db: &impl ConnectionTrait,
    me: &reseller::Model,
    id: i64,
) -> Result<TicketDetail, AppError> {
    let found = find_ticket(db, me.id, None, id).await?;
    let owner = crate::clients::service::find_client(db, me.id, found.client_id).await?;
    let client_name = format!("{} {}", owner.first_name, owner.last_name);
    detail(db, found, &me.brand_name, client_name).await
}

// ---- Writing tickets ----

async fn add_message(
    db: &impl ConnectionTrait,
    ticket_id: i64,
    author: Author,
    body: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    ticket_message::ActiveModel {
        ticket_id: Set(ticket_id),
        author_kind: Set(author),
        body: Set(body.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Moves the ticket from the status it was read in to what `event` makes of it; `Conflict`
/// when the status does not allow it or changed meanwhile.
async fn move_status(
    db: &impl ConnectionTrait,
    found: &ticket::Model,
    event: TicketEvent,
    replied_at: Option<OffsetDateTime>,
) -> Result<TicketStatus, AppError> {
    let from = found.status;
    let to = from.after(event).ok_or(AppError::Conflict)?;
    let mut update = ticket::Entity::update_many()
        .col_expr(ticket::Column::Status, Expr::value(to.code()))
        .filter(ticket::Column::Id.eq(found.id))
        .filter(ticket::Column::Status.eq(from));
    if let Some(at) = replied_at {
        update = update.col_expr(ticket::Column::LastReplyAt, Expr::value(at));
    }
    if update.exec(db).await?.rows_affected != 1 {
        return Err(AppError::Conflict);
    }
    Ok(to)
}

/// What the emails about a ticket say, in one language.
struct TicketMail<'a> {
    template: Template,
    ticket: &'a ticket::Model,
    department: &'a str,
    client: &'a client::Model,
    message: &'a str,
    link: String,
}

/// Tells the reseller's support address about a client's new ticket or reply, in the
/// reseller's language.
async fn mail_support(
    db: &impl ConnectionTrait,
    reseller: &reseller::Model,
    m: TicketMail<'_>,
) -> Result<(), AppError> {
    let language = Locale::from_code(&reseller.default_language).unwrap_or(Locale::Fa);
    let client_name = format!("{} {}", m.client.first_name, m.client.last_name);
    let number = localize_digits(&m.ticket.id.to_string(), language);
    mail::queue(
        db,
        Letter {
            reseller,
            client_id: None,
            template: m.template,
            to_address: &reseller.support_email,
            to_name: &reseller.brand_name,
            language,
            values: &[
                // Filled in this order: what people typed goes last, so a `{link}` in a message
                // stays as typed.
                ("number", &number),
                ("link", &m.link),
                ("client_email", &m.client.email),
                ("department", m.department),
                ("client", &client_name),
                ("subject", &m.ticket.subject),
                ("message", m.message),
            ],
        },
    )
    .await
}

/// Opens a ticket for the portal's client in one of the reseller's active departments, with
/// its first message; the reseller's support address is told.
pub async fn open_ticket(
    db: &(impl ConnectionTrait + TransactionTrait),
    access: &PortalAccess,
    valid: ValidNewTicket,
    origin: &str,
    now: OffsetDateTime,
) -> Result<i64, AppError> {
    let txn = crate::db::begin_write(db).await?;
    // Another reseller's department, or one deactivated meanwhile, is not a choice.
    let department = match find_department(&txn, access.reseller.id, valid.department_id).await {
        Ok(d) if d.active => d,
        Ok(_) | Err(AppError::NotFound) => return Err(refuse("department", FieldProblem::InvalidChoice)),
        Err(other) => return Err(other),
    };
    let made = ticket::ActiveModel {
        reseller_id: Set(access.reseller.id),
        client_id: Set(access.client.id),
        department: Set(legacy_department_code(&department.name).to_owned()),
        department_id: Set(Some(department.id)),
        subject: Set(valid.subject.clone()),
        status: Set(TicketStatus::Open),
        priority: Set(valid.priority),
        last_reply_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    add_message(&txn, made.id, Author::Client, &valid.message, now).await?;
    let link = format!("{origin}/reseller/tickets/{}", made.id);
    let mail = TicketMail {
        template: Template::TicketOpened,
        ticket: &made,
        department: &department.name,
        client: &access.client,
        message: &valid.message,
        link,
    };
    mail_support(&txn, &access.reseller, mail).await?;
    access
        .audit(
            &txn,
            AuditAction::TicketOpened,
            TargetKind::Ticket,
            made.id,
            format!("#{} – {}", made.id, access.client_name()),
        )
        .await?;
    txn.commit().await?;
    Ok(made.id)
}

/// The portal client's reply: the ticket becomes Customer-Reply (a closed one reopens) and the
/// reseller's support address is told.
pub async fn client_reply(
    db: &(impl ConnectionTrait + TransactionTrait),
    access: &PortalAccess,
    id: i64,
    body: &str,
    origin: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_ticket(&txn, access.reseller.id, Some(access.client.id), id).await?;
    move_status(&txn, &found, TicketEvent::ClientReply, Some(now)).await?;
    add_message(&txn, found.id, Author::Client, body, now).await?;
    let names = department_names(&txn, access.reseller.id).await?;
    let department = department_of(&found, &names);
    let link = format!("{origin}/reseller/tickets/{}", found.id);
    let mail = TicketMail {
        template: Template::TicketClientReply,
        ticket: &found,
        department: &department,
        client: &access.client,
        message: body,
        link,
    };
    mail_support(&txn, &access.reseller, mail).await?;
    access
        .audit(
            &txn,
            AuditAction::TicketClientReplied,
            TargetKind::Ticket,
            found.id,
            format!("#{} – {}", found.id, access.client_name()),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The portal client closes their ticket.
pub async fn client_close(
    db: &(impl ConnectionTrait + TransactionTrait),
    access: &PortalAccess,
    id: i64,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_ticket(&txn, access.reseller.id, Some(access.client.id), id).await?;
    move_status(&txn, &found, TicketEvent::Close, None).await?;
    access
        .audit(
            &txn,
            AuditAction::TicketClosed,
            TargetKind::Ticket,
            found.id,
            format!("#{} – {}", found.id, access.client_name()),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

fn ticket_audit<'a>(
    actor: &'a Actor<'a>,
    action: AuditAction,
    t: &ticket::Model,
    client: &client::Model,
) -> AuditEntry<'a> {
    AuditEntry {
        reseller_id: actor.reseller.id,
        actor_kind: ActorKind::Reseller,
        actor_id: actor.reseller.id,
        action,
        target_kind: TargetKind::Ticket,
        target_id: t.id,
        detail: format!("#{} – {} {}", t.id, client.first_name, client.last_name),
        ip: actor.ip,
    }
}

/// The reseller's answer: the ticket becomes Answered (a closed one reopens) and the client
/// gets it by email in their language, with a link to the ticket in the portal.
pub async fn reseller_reply(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    body: &str,
    origin: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let me = actor.reseller;
    let txn = crate::db::begin_write(db).await?;
    let found = find_ticket(&txn, me.id, None, id).await?;
    let owner = crate::clients::service::find_client(&txn, me.id, found.client_id).await?;
    move_status(&txn, &found, TicketEvent::ResellerReply, Some(now)).await?;
    add_message(&txn, found.id, Author::Reseller, body, now).await?;
    let language = Locale::from_code(&owner.language).unwrap_or(Locale::Fa);
    let name = format!("{} {}", owner.first_name, owner.last_name);
    let number = localize_digits(&found.id.to_string(), language);
    let link = crate::links::portal_link(&txn, me, origin, &format!("/tickets/{}", found.id)).await?;
    mail::queue(
        &txn,
        Letter {
            reseller: me,
            client_id: Some(owner.id),
            template: Template::TicketAnswered,
            to_address: &owner.email,
            to_name: &name,
            language,
            values: &[
                ("number", &number),
                ("link", &link),
                ("name", &name),
                ("subject", &found.subject),
                ("message", body),
            ],
        },
    )
    .await?;
    audit::record(&txn, ticket_audit(actor, AuditAction::TicketAnswered, &found, &owner)).await?;
    txn.commit().await?;
    Ok(())
}

/// The reseller closes a ticket or reopens a closed one.
pub async fn reseller_change(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    id: i64,
    change: TicketChange,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_ticket(&txn, actor.reseller.id, None, id).await?;
    let owner = crate::clients::service::find_client(&txn, actor.reseller.id, found.client_id).await?;
    move_status(&txn, &found, change.event(), None).await?;
    let action = match change {
        TicketChange::Close => AuditAction::TicketClosed,
        TicketChange::Reopen => AuditAction::TicketReopened,
    };
    audit::record(&txn, ticket_audit(actor, action, &found, &owner)).await?;
    txn.commit().await?;
    Ok(())
}
