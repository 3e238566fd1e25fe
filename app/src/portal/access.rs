//! Who is using a portal, checked: every portal server function that reads or writes a
//! client's data starts with [`PortalAccess::require`], and takes the reseller and client from
//! it, never from the browser.

use crate::auth::{Area, Subject, require_session};
use crate::entities::{client, reseller};
use crate::error::AppError;
use crate::orders::PlacedBy;
use crate::state::RequestContext;
use sea_orm::ConnectionTrait;

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
        let active = require_session(ctx, Area::Portal, Some(brand)).await?;
        let Subject::Client(client) = active.subject else {
            return Err(AppError::Unauthorized);
        };
        let reseller = crate::auth::session_portal_reseller(ctx, Some(brand)).await?;
        // A reseller's acting session ends the moment the provider withdraws the permission.
        if active.session.acting_reseller_id.is_some() && !reseller.allow_login_as_client {
            return Err(AppError::Unauthorized);
        }
        Ok(Self { reseller, client, acting_reseller_id: active.session.acting_reseller_id, ip: ctx.client_ip() })
    }

    /// `Forbidden` while the reseller acts as the client without the provider's permission to
    /// place orders: acting must not grant what the panel would refuse. The client's own orders
    /// need no permission.
    pub fn require_ordering(&self) -> Result<(), AppError> {
        if self.is_acting() && !self.reseller.allow_place_order { Err(AppError::Forbidden) } else { Ok(()) }
    }

    /// Whether the reseller, not the client, is at the keyboard.
    pub fn is_acting(&self) -> bool {
        self.acting_reseller_id.is_some()
    }

    /// How an order placed in this session is recorded.
    pub fn placed_by(&self) -> PlacedBy {
        if self.is_acting() { PlacedBy::ResellerAsClient } else { PlacedBy::Client }
    }

    /// `Forbidden` unless the reseller lets clients pay invoices in the portal.
    pub fn require_payments(&self) -> Result<(), AppError> {
        if self.reseller.allow_portal_payments { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// `Forbidden` unless the reseller lets clients open tickets in the portal.
    pub fn require_tickets(&self) -> Result<(), AppError> {
        if self.reseller.allow_portal_tickets { Ok(()) } else { Err(AppError::Forbidden) }
    }

    /// The `actor_kind` and `actor_id` of what this session does: the reseller when acting,
    /// otherwise the client.
    pub fn actor(&self) -> (&'static str, i64) {
        match self.acting_reseller_id {
            Some(reseller_id) => ("reseller", reseller_id),
            None => ("client", self.client.id),
        }
    }

    /// Records a write made in this session. While a reseller acts as the client the row names
    /// both: the reseller as the actor, the client as acted-as.
    pub async fn audit(
        &self,
        db: &impl ConnectionTrait,
        action: &str,
        target_kind: &str,
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
