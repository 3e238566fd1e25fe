//! Who is asking in the reseller's panel, checked in one call: every reseller server function
//! starts with `ResellerRequest::current().await?`, adds `.allowed(Permission::…)?` when the
//! provider must have granted something, and takes the reseller's id from it, never from the
//! browser. Services trust what they are given; this is where the panel's authorization lives.

use crate::auth::{Area, Subject, require_session};
use crate::entities::reseller;
use crate::error::AppError;
use crate::state::{AppState, RequestContext};
use sea_orm::DatabaseConnection;

/// What the provider grants a reseller, one switch each on the reseller's account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    LoginAsClient,
    PlaceOrder,
    DeleteClients,
}

impl Permission {
    pub fn granted_to(self, reseller: &reseller::Model) -> bool {
        match self {
            Permission::LoginAsClient => reseller.allow_login_as_client,
            Permission::PlaceOrder => reseller.allow_place_order,
            Permission::DeleteClients => reseller.allow_delete_clients,
        }
    }
}

/// The reseller making a change, and from where: what services and the audit log record.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub reseller: &'a reseller::Model,
    pub ip: Option<&'a str>,
}

/// A server function's request, once its session is known to be an active reseller's.
/// Dereferences to the reseller, as axum's `State` does to its state.
pub struct ResellerRequest {
    ctx: RequestContext,
    reseller: reseller::Model,
    session_id: i64,
    ip: Option<String>,
}

impl ResellerRequest {
    /// The signed-in reseller, if their account is active; `Unauthorized` otherwise.
    pub async fn current() -> Result<Self, AppError> {
        Self::of(RequestContext::current()?).await
    }

    /// The same, for a plain axum handler that built its own context.
    pub async fn of(ctx: RequestContext) -> Result<Self, AppError> {
        let active = require_session(&ctx, Area::Reseller, None).await?;
        let Subject::Reseller(reseller) = active.subject else {
            return Err(AppError::Unauthorized);
        };
        let ip = ctx.client_ip();
        Ok(Self { ctx, reseller, session_id: active.session.id, ip })
    }

    /// `Forbidden` unless the provider granted this reseller `permission`.
    pub fn allowed(self, permission: Permission) -> Result<Self, AppError> {
        if permission.granted_to(&self.reseller) { Ok(self) } else { Err(AppError::Forbidden) }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.ctx.state.db
    }

    pub fn state(&self) -> &AppState {
        &self.ctx.state
    }

    /// The provider's own origin, for links in emails.
    pub fn public_origin(&self) -> &str {
        &self.ctx.state.public_origin
    }

    /// The panel session asking, which the sessions it opens (login as client) end with.
    pub fn session_id(&self) -> i64 {
        self.session_id
    }

    /// Where the request came from (see [`RequestContext::client_ip`]).
    pub fn ip(&self) -> Option<&str> {
        self.ip.as_deref()
    }

    pub fn actor(&self) -> Actor<'_> {
        Actor { reseller: &self.reseller, ip: self.ip.as_deref() }
    }
}

impl std::ops::Deref for ResellerRequest {
    type Target = reseller::Model;

    fn deref(&self) -> &reseller::Model {
        &self.reseller
    }
}
