//! Issuing and redeeming "Login as client" tokens, and ending the acting session.

use super::PortalTarget;
use crate::audit::{AuditAction, TargetKind};
use crate::auth::Area;
use crate::auth::service::{Acting, NewSession, Principal, insert_session, token_hash};
use crate::clients::ClientStatus;
use crate::entities::{client, login_token, reseller, session};
use crate::error::AppError;
use crate::portal::PortalAccess;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

/// Whose portal an unused, unexpired token of `portal_reseller` opens: the client's name and
/// email, for the page that asks the reseller to confirm. Reads only; `NotFound` otherwise.
pub async fn peek(
    db: &impl ConnectionTrait,
    portal_reseller: &reseller::Model,
    token: &str,
    now: i64,
) -> Result<client::Model, AppError> {
    let found = login_token::Entity::find()
        .filter(login_token::Column::TokenHash.eq(token_hash(token)))
        .filter(login_token::Column::ResellerId.eq(portal_reseller.id))
        .filter(login_token::Column::UsedAt.is_null())
        .filter(login_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    client::Entity::find_by_id(found.client_id)
        .filter(client::Column::ResellerId.eq(portal_reseller.id))
        .filter(client::Column::Status.ne(ClientStatus::Closed))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// What redeeming needs besides the portal's reseller.
pub struct Redemption<'a> {
    pub token: &'a str,
    /// The browser's current session on this portal, ended in favour of the new one.
    pub previous_token: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub now: i64,
    pub ttl_secs: i64,
}

/// A redeemed token: the new session's cookie value and the page to open.
#[derive(Debug)]
pub struct Redeemed {
    pub session_token: String,
    pub client_id: i64,
    pub target: PortalTarget,
}

/// Redeems a token on the portal of `portal_reseller`: marks it used (only if it was unused,
/// unexpired and issued by this reseller, so a second or racing use fails), starts a portal
/// session for the client carrying the acting reseller, and audits the start. Every failure is
/// `NotFound`, whatever the reason, except the provider having withdrawn the permission.
pub async fn redeem(
    db: &DatabaseConnection,
    portal_reseller: &reseller::Model,
    r: Redemption<'_>,
) -> Result<Redeemed, AppError> {
    let hash = token_hash(r.token);
    let txn = crate::db::begin_write(db).await?;
    let claimed = login_token::Entity::update_many()
        .col_expr(login_token::Column::UsedAt, Expr::value(r.now))
        .filter(login_token::Column::TokenHash.eq(&hash))
        .filter(login_token::Column::ResellerId.eq(portal_reseller.id))
        .filter(login_token::Column::UsedAt.is_null())
        .filter(login_token::Column::ExpiresAt.gt(r.now))
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    if !portal_reseller.allow_login_as_client {
        return Err(AppError::Forbidden);
    }
    let token = login_token::Entity::find()
        .filter(login_token::Column::TokenHash.eq(&hash))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let client = client::Entity::find_by_id(token.client_id)
        .filter(client::Column::ResellerId.eq(portal_reseller.id))
        .filter(client::Column::Status.ne(ClientStatus::Closed))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let target = token.target.as_deref().and_then(PortalTarget::parse).unwrap_or(PortalTarget::Dashboard);
    let principal = Principal { area: Area::Portal, subject_id: client.id, reseller_id: Some(portal_reseller.id) };
    let acting = Acting { reseller_id: portal_reseller.id, parent_session_id: token.issued_by_session_id };
    let new = NewSession {
        principal,
        acting: Some(acting),
        previous_token: r.previous_token,
        ip: r.ip,
        now: r.now,
        ttl_secs: r.ttl_secs,
    };
    let session = insert_session(&txn, new).await?;
    let access = PortalAccess {
        reseller: portal_reseller.clone(),
        client: client.clone(),
        acting_reseller_id: Some(portal_reseller.id),
        ip: r.ip.map(str::to_owned),
    };
    access.audit(&txn, AuditAction::ClientLoginAs, TargetKind::Client, client.id, access.client_name()).await?;
    txn.commit().await?;
    Ok(Redeemed { session_token: session.token, client_id: client.id, target })
}

/// Ends the portal session `token` of `access`, auditing the end when it was an acting one.
pub async fn end(db: &DatabaseConnection, access: &PortalAccess, token: &str) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    session::Entity::delete_many().filter(session::Column::TokenHash.eq(token_hash(token))).exec(&txn).await?;
    if access.is_acting() {
        access
            .audit(&txn, AuditAction::ClientLoginAsEnded, TargetKind::Client, access.client.id, access.client_name())
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
