//! Support tickets: clients open and answer them in the portal (when the reseller allows it),
//! the reseller answers from `/reseller/tickets` and sets the departments clients choose from.
//! Portal server functions start with [`crate::portal::PortalRequest`] allowed
//! `PortalPermission::Tickets`; the reseller's with [`crate::reseller::ResellerRequest`].

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

mod departments;
pub mod input;
mod portal;
mod reseller;
#[cfg(feature = "ssr")]
pub mod service;
pub mod status;
mod thread;

pub use departments::DepartmentsPage;
pub use input::NewTicketInput;
pub use portal::{PortalNewTicketPage, PortalTicketPage, PortalTicketsPage};
pub use reseller::{ResellerTicketPage, ResellerTicketsPage};
pub use status::{Priority, TicketEvent, TicketListQuery, TicketStatus};

/// A department of the reseller's, as their departments page and the "Open ticket" form show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub id: i64,
    pub name: String,
    pub active: bool,
}

/// One ticket in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRow {
    pub id: i64,
    pub subject: String,
    pub department: String,
    /// A [`TicketStatus`] code.
    pub status: TicketStatus,
    /// A [`Priority`] code.
    pub priority: Priority,
    pub last_reply_at: OffsetDateTime,
    pub client_id: i64,
    pub client_name: String,
}

/// One page of the reseller's tickets.
pub type TicketListPage = crate::status_list::ListPage<TicketRow>;

crate::codes! {
    /// Who wrote a message.
    pub enum Author {
        Client = "client",
        Reseller = "reseller",
    }
}

/// One message of a ticket's thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRow {
    pub author: Author,
    /// The client's name, or the reseller's brand.
    pub author_name: String,
    pub body: String,
    pub at: OffsetDateTime,
}

/// One ticket with its thread, oldest message first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub id: i64,
    pub subject: String,
    pub department: String,
    pub status: TicketStatus,
    pub priority: Priority,
    pub opened_at: OffsetDateTime,
    pub last_reply_at: OffsetDateTime,
    pub client_id: i64,
    pub client_name: String,
    pub messages: Vec<MessageRow>,
}

crate::codes! {
    /// What the reseller does to a ticket besides answering it.
    pub enum TicketChange {
        Close = "close",
        Reopen = "reopen",
    }
}

impl TicketChange {
    pub fn event(self) -> TicketEvent {
        match self {
            TicketChange::Close => TicketEvent::Close,
            TicketChange::Reopen => TicketEvent::Reopen,
        }
    }
}

// ---- Portal: the signed-in client's own tickets, when the reseller allows tickets ----

/// The signed-in client's tickets, last reply first.
#[server(endpoint = "tickets/portal/list")]
pub async fn portal_tickets(brand: String) -> Result<Vec<TicketRow>, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand)
                .await?
                .allowed(crate::portal::PortalPermission::Tickets)?;
            service::client_tickets(access.db(), &access).await
        }
        .await,
    )
}

/// What the "Open ticket" form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTicketChoices {
    /// The reseller's active departments.
    pub departments: Vec<Department>,
    /// Where to write when no department takes tickets.
    pub support_email: String,
}

/// The departments a client can open a ticket in.
#[server(endpoint = "tickets/portal/departments")]
pub async fn portal_ticket_departments(brand: String) -> Result<NewTicketChoices, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand)
                .await?
                .allowed(crate::portal::PortalPermission::Tickets)?;
            let departments = service::portal_departments(access.db(), &access).await?;
            Ok(NewTicketChoices { departments, support_email: access.reseller.support_email.clone() })
        }
        .await,
    )
}

/// Opens a ticket from the "Open ticket" form, then shows it.
#[server(endpoint = "tickets/portal/open")]
pub async fn open_portal_ticket(brand: String, input: NewTicketInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand)
                .await?
                .allowed(crate::portal::PortalPermission::Tickets)?;
            let valid = input.validate().map_err(AppError::Validation)?;
            let id =
                service::open_ticket(access.db(), &access, valid, access.public_origin(), OffsetDateTime::now_utc())
                    .await?;
            leptos_axum::redirect(&crate::portal::portal_path(&access.reseller.slug, &format!("/tickets/{id}")));
            Ok(id)
        }
        .await,
    )
}

/// One of the signed-in client's tickets; another client's is not found.
#[server(endpoint = "tickets/portal/detail")]
pub async fn portal_ticket(brand: String, id: i64) -> Result<TicketDetail, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand)
                .await?
                .allowed(crate::portal::PortalPermission::Tickets)?;
            service::client_ticket(access.db(), &access, id).await
        }
        .await,
    )
}

/// The client's reply; it reopens a closed ticket.
#[server(endpoint = "tickets/portal/reply")]
pub async fn reply_portal_ticket(brand: String, id: i64, message: String) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand)
                .await?
                .allowed(crate::portal::PortalPermission::Tickets)?;
            let body = input::message_body(&message).map_err(|problem| field_error("message", problem))?;
            service::client_reply(access.db(), &access, id, &body, access.public_origin(), OffsetDateTime::now_utc())
                .await
        }
        .await,
    )
}

/// The client closes their ticket.
#[server(endpoint = "tickets/portal/close")]
pub async fn close_portal_ticket(brand: String, id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand)
                .await?
                .allowed(crate::portal::PortalPermission::Tickets)?;
            service::client_close(access.db(), &access, id).await
        }
        .await,
    )
}

// ---- Reseller panel: every ticket of the reseller's clients, whatever the portal allows ----

/// One page of the signed-in reseller's tickets.
#[server(endpoint = "tickets/list")]
pub async fn list_tickets(query: TicketListQuery) -> Result<TicketListPage, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::reseller_tickets(me.db(), me.id, &query).await
        }
        .await,
    )
}

/// One of the signed-in reseller's tickets; another reseller's is not found.
#[server(endpoint = "tickets/detail")]
pub async fn load_ticket(id: i64) -> Result<TicketDetail, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::reseller_ticket(me.db(), &me, id).await
        }
        .await,
    )
}

/// The reseller's answer; the client gets it by email too.
#[server(endpoint = "tickets/reply")]
pub async fn reply_ticket(id: i64, message: String) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let body = input::message_body(&message).map_err(|problem| field_error("message", problem))?;
            let actor = me.actor();
            service::reseller_reply(me.db(), &actor, id, &body, me.public_origin(), OffsetDateTime::now_utc()).await
        }
        .await,
    )
}

/// Closes or reopens a ticket, and answers which.
#[server(endpoint = "tickets/change")]
pub async fn change_ticket(id: i64, change: TicketChange) -> Result<TicketChange, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let actor = me.actor();
            service::reseller_change(me.db(), &actor, id, change).await?;
            Ok(change)
        }
        .await,
    )
}

/// Every department of the signed-in reseller, active and not.
#[server(endpoint = "tickets/departments")]
pub async fn list_departments() -> Result<Vec<Department>, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::departments(me.db(), me.id, false).await
        }
        .await,
    )
}

/// Adds a department (active, listed last).
#[server(endpoint = "tickets/departments/add")]
pub async fn add_department(name: String) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let actor = me.actor();
            service::add_department(me.db(), &actor, &name).await
        }
        .await,
    )
}

/// Renames a department; its tickets follow.
#[server(endpoint = "tickets/departments/rename")]
pub async fn rename_department(id: i64, name: String) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let actor = me.actor();
            service::rename_department(me.db(), &actor, id, &name).await
        }
        .await,
    )
}

/// Deactivates a department (no new tickets in it; its tickets stay) or activates it again.
#[server(endpoint = "tickets/departments/active")]
pub async fn set_department_active(id: i64, active: bool) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let actor = me.actor();
            service::set_department_active(me.db(), &actor, id, active).await
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
fn field_error(field: &str, problem: crate::error::FieldProblem) -> AppError {
    AppError::Validation(vec![crate::error::FieldError { field: field.to_owned(), problem }])
}
