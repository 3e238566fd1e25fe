//! Who is using a portal, checked in one call: every portal server function that reads or
//! writes a client's data starts with `PortalRequest::current(&brand).await?`, adds
//! `.allowed(PortalPermission::…)?` for what the reseller must have switched on, and takes the
//! reseller and client from it, never from the browser. Services trust the [`PortalAccess`]
//! they are given; this is where the portal's authorization lives.

use crate::audit::{ActorKind, AuditAction, TargetKind};
use crate::auth::{Area, Subject, require_session};
use crate::entities::{client, reseller};
use crate::error::AppError;
use crate::orders::PlacedBy;
use crate::state::RequestContext;
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// What a portal session may do only when its reseller allows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PortalPermission {
    /// Ordering from the store: the client always may; a reseller acting as the client only
    /// with the provider's permission to place orders (acting must not grant what the panel
    /// would refuse).
    Order,
    /// Paying invoices in the portal.
    Pay,
    /// Opening and answering tickets.
    Tickets,
}

impl PortalPermission {
    pub fn granted_to(self, access: &PortalAccess) -> bool {
        match self {
            PortalPermission::Order => !access.is_acting() || access.reseller.allow_place_order,
            PortalPermission::Pay => access.reseller.allow_portal_payments,
            PortalPermission::Tickets => access.reseller.allow_portal_tickets,
        }
    }
}

/// A portal server function's request, once its session is known to be a client's of the
/// portal's brand. Dereferences to the [`PortalAccess`] services take.
pub struct PortalRequest {
    ctx: RequestContext,
    access: PortalAccess,
    session_id: i64,
}

impl PortalRequest {
    /// The live portal session of the portal at `brand`, or `Unauthorized`.
    pub async fn current(brand: &str) -> Result<Self, AppError> {
        let ctx = RequestContext::current()?;
        let (access, session_id) = PortalAccess::require_with_session(&ctx, brand).await?;
        Ok(Self { ctx, access, session_id })
    }

    /// `Forbidden` unless `permission` is granted to this session.
    pub fn allowed(self, permission: PortalPermission) -> Result<Self, AppError> {
        if permission.granted_to(&self.access) { Ok(self) } else { Err(AppError::Forbidden) }
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.ctx.state.db
    }

    /// The provider's own origin, for links in emails.
    pub fn public_origin(&self) -> &str {
        &self.ctx.state.public_origin
    }

    /// The portal session asking.
    pub fn session_id(&self) -> i64 {
        self.session_id
    }

    pub fn context(&self) -> &RequestContext {
        &self.ctx
    }
}

impl std::ops::Deref for PortalRequest {
    type Target = PortalAccess;

    fn deref(&self) -> &PortalAccess {
        &self.access
    }
}

/// A signed-in portal session of one brand: the client, their reseller, and the reseller
/// acting as the client when the session came from "Login as client".
#[derive(Clone, Debug)]
pub struct PortalAccess {
    pub reseller: reseller::Model,
    pub client: client::Model,
    /// Set when the reseller is signed in as this client.
    pub acting_reseller_id: Option<i64>,
    pub ip: Option<String>,
}

impl PortalAccess {
    /// The live portal session of the portal at `brand`, or `Unauthorized`. A session of
    /// another brand is never valid here (its cookie is not even read).
    pub async fn require(ctx: &RequestContext, brand: &str) -> Result<Self, AppError> {
        Ok(Self::require_with_session(ctx, brand).await?.0)
    }

    /// The same, with the id of the session found.
    async fn require_with_session(ctx: &RequestContext, brand: &str) -> Result<(Self, i64), AppError> {
        let active = require_session(ctx, Area::Portal, Some(brand)).await?;
        let Subject::Client(client) = active.subject else {
            return Err(AppError::Unauthorized);
        };
        let reseller = crate::auth::session_portal_reseller(ctx, Some(brand)).await?;
        // A reseller's acting session ends the moment the provider withdraws the permission.
        if active.session.acting_reseller_id.is_some() && !reseller.allow_login_as_client {
            return Err(AppError::Unauthorized);
        }
        let access =
            Self { reseller, client, acting_reseller_id: active.session.acting_reseller_id, ip: ctx.client_ip() };
        Ok((access, active.session.id))
    }

    /// Whether the reseller, not the client, is at the keyboard.
    pub fn is_acting(&self) -> bool {
        self.acting_reseller_id.is_some()
    }

    /// How an order placed in this session is recorded.
    pub fn placed_by(&self) -> PlacedBy {
        if self.is_acting() { PlacedBy::ResellerAsClient } else { PlacedBy::Client }
    }

    /// The `actor_kind` and `actor_id` of what this session does: the reseller when acting,
    /// otherwise the client.
    pub fn actor(&self) -> (ActorKind, i64) {
        match self.acting_reseller_id {
            Some(reseller_id) => (ActorKind::Reseller, reseller_id),
            None => (ActorKind::Client, self.client.id),
        }
    }

    /// Records a write made in this session. While a reseller acts as the client the row names
    /// both: the reseller as the actor, the client as acted-as.
    pub async fn audit(
        &self,
        db: &impl ConnectionTrait,
        action: AuditAction,
        target_kind: TargetKind,
        target_id: i64,
        detail: String,
    ) -> Result<(), AppError> {
        let (actor_kind, actor_id) = self.actor();
        let entry = crate::audit::AuditEntry {
            reseller_id: self.reseller.id,
            actor_kind,
            actor_id,
            action,
            target_kind,
            target_id,
            detail,
            ip: self.ip.as_deref(),
        };
        let acting_as = self.is_acting().then_some(self.client.id);
        crate::audit::record_acting(db, entry, acting_as).await
    }

    /// The client's name as pages and audit details show it.
    pub fn client_name(&self) -> String {
        format!("{} {}", self.client.first_name, self.client.last_name)
    }
}
