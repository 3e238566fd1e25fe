//! Who is asking in the provider's admin area: every admin server function starts with
//! `AdminRequest::current().await?`, which refuses any session but a provider admin's.

use crate::auth::{Area, Subject, require_session};
use crate::entities::admin_user;
use crate::error::AppError;
use crate::state::RequestContext;
use sea_orm::DatabaseConnection;

/// The admin making a change, and from where, for the audit log.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub admin: &'a admin_user::Model,
    pub ip: Option<&'a str>,
}

/// A server function's request, once its session is known to be a provider admin's.
/// Dereferences to the admin, as axum's `State` does to its state.
pub struct AdminRequest {
    ctx: RequestContext,
    admin: admin_user::Model,
    ip: Option<String>,
}

impl AdminRequest {
    /// The signed-in provider admin; a reseller's or a client's session is `Unauthorized`.
    pub async fn current() -> Result<Self, AppError> {
        Self::of(RequestContext::current()?).await
    }

    /// The same, for a context built by hand.
    pub async fn of(ctx: RequestContext) -> Result<Self, AppError> {
        let Subject::Admin(admin) = require_session(&ctx, Area::Admin, None).await?.subject else {
            return Err(AppError::Unauthorized);
        };
        let ip = ctx.client_ip();
        Ok(Self { ctx, admin, ip })
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.ctx.state.db
    }

    /// Where the request came from (see [`RequestContext::client_ip`]).
    pub fn ip(&self) -> Option<&str> {
        self.ip.as_deref()
    }

    pub fn actor(&self) -> Actor<'_> {
        Actor { admin: &self.admin, ip: self.ip.as_deref() }
    }
}

impl std::ops::Deref for AdminRequest {
    type Target = admin_user::Model;

    fn deref(&self) -> &admin_user::Model {
        &self.admin
    }
}
