//! The session cookie of each area and the checks every server function starts with.

use super::service::{self, SignIn};
use super::{Area, SessionUser};
use crate::clients::ClientStatus;
use crate::entities::{admin_user, client, reseller, session};
use crate::error::AppError;
use crate::state::RequestContext;
use crate::values::ResellerStatus;
use axum::http::{HeaderValue, header::SET_COOKIE};
use leptos::prelude::*;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// One cookie per area; the portal's is per reseller, so a session of brand A is never even
/// read on brand B.
fn cookie_name(area: Area, portal_reseller_id: Option<i64>) -> String {
    match area {
        Area::Admin => "rd_admin".to_owned(),
        Area::Reseller => "rd_reseller".to_owned(),
        Area::Portal => format!("rd_portal_{}", portal_reseller_id.unwrap_or(0)),
    }
}

fn set_cookie(ctx: &RequestContext, name: &str, value: &str, max_age_secs: i64) {
    let secure = if ctx.state.auth.secure_cookies { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}");
    match (HeaderValue::from_str(&cookie), use_context::<leptos_axum::ResponseOptions>()) {
        (Ok(value), Some(options)) => options.append_header(SET_COOKIE, value),
        _ => tracing::error!("could not set the session cookie"),
    }
}

/// The browser's portal session token for the portal of `reseller_id`, if it sent one.
pub fn portal_token(ctx: &RequestContext, reseller_id: i64) -> Option<String> {
    ctx.cookie(&cookie_name(Area::Portal, Some(reseller_id)))
}

/// Sets (or, with an empty token and no age, clears) the session cookie of the portal of
/// `reseller_id`.
pub fn set_portal_token(ctx: &RequestContext, reseller_id: i64, token: &str, max_age_secs: i64) {
    set_cookie(ctx, &cookie_name(Area::Portal, Some(reseller_id)), token, max_age_secs);
}

/// The portal's reseller for a brand slug: not found when there is no such (active) brand.
pub async fn session_portal_reseller(ctx: &RequestContext, brand: Option<&str>) -> Result<reseller::Model, AppError> {
    let slug = brand.ok_or(AppError::NotFound)?;
    // On a reseller's own host name, no other brand exists.
    if ctx.portal_host().is_some_and(|own| own != slug) {
        return Err(AppError::NotFound);
    }
    reseller::Entity::find()
        .filter(reseller::Column::Slug.eq(slug))
        .filter(reseller::Column::Status.eq(ResellerStatus::Active))
        .one(&ctx.state.db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn portal_reseller_id(ctx: &RequestContext, area: Area, brand: Option<&str>) -> Result<Option<i64>, AppError> {
    Ok(match area {
        Area::Portal => Some(session_portal_reseller(ctx, brand).await?.id),
        _ => None,
    })
}

pub(super) async fn login(area: Area, email: &str, password: &str, brand: Option<&str>) -> Result<(), AppError> {
    let ctx = RequestContext::current()?;
    only_portal_on_portal_host(&ctx, area)?;
    let portal_reseller_id = portal_reseller_id(&ctx, area, brand).await?;
    let ip = ctx.client_ip();
    let now = now();
    let attempt = SignIn { area, portal_reseller_id, email, password, ip: ip.as_deref(), now };
    let principal = service::sign_in(&ctx.state.db, &ctx.state.auth, attempt).await?;

    let name = cookie_name(area, portal_reseller_id);
    let previous = ctx.cookie(&name);
    let ttl = ctx.state.auth.session_ttl_secs;
    let token = service::start_session(&ctx.state.db, principal, previous.as_deref(), ip.as_deref(), now, ttl).await?;
    set_cookie(&ctx, &name, &token.token, ttl);
    tracing::info!(area = area.code(), subject = principal.subject_id, "signed in");
    leptos_axum::redirect(&area.home_path(brand));
    Ok(())
}

pub(super) async fn logout(area: Area, brand: Option<&str>) -> Result<(), AppError> {
    let ctx = RequestContext::current()?;
    let portal_reseller_id = portal_reseller_id(&ctx, area, brand).await?;
    let name = cookie_name(area, portal_reseller_id);
    if let Some(token) = ctx.cookie(&name) {
        service::end_session(&ctx.state.db, &token).await?;
    }
    set_cookie(&ctx, &name, "", 0);
    leptos_axum::redirect(&area.login_path(brand));
    Ok(())
}

/// On a host name mapped to a reseller's portal, the admin and reseller areas do not exist.
fn only_portal_on_portal_host(ctx: &RequestContext, area: Area) -> Result<(), AppError> {
    if area != Area::Portal && ctx.portal_host().is_some() { Err(AppError::NotFound) } else { Ok(()) }
}

/// Who a live session belongs to, loaded and checked to be still allowed in.
#[derive(Clone, Debug)]
pub enum Subject {
    Admin(admin_user::Model),
    Reseller(reseller::Model),
    Client(client::Model),
}

/// A checked session: the session row and its subject.
#[derive(Clone, Debug)]
pub struct ActiveSession {
    pub session: session::Model,
    pub subject: Subject,
}

/// The sessions this request has already checked, by area and brand, so a page whose header
/// and content both need the signed-in person reads the session once. The server provides a
/// fresh one for every request; without it (a test's own context) every check reads the
/// database. Only sessions found live are kept: a refusal is checked again.
#[derive(Clone, Default)]
pub struct CheckedSessions(std::sync::Arc<tokio::sync::Mutex<Vec<CheckedSession>>>);

/// A session found live, by its area and the portal brand it was asked for.
type CheckedSession = (Area, Option<String>, ActiveSession);

/// The live session of `area`, or `Unauthorized`: the session must exist and be unexpired,
/// belong to this portal's brand (for the portal), and its person must still be allowed in (an
/// existing admin, an active reseller, a client who is not closed). Every server function that
/// reads or writes private data starts here.
pub async fn require_session(ctx: &RequestContext, area: Area, brand: Option<&str>) -> Result<ActiveSession, AppError> {
    let Some(checked) = use_context::<CheckedSessions>() else {
        return check_session(ctx, area, brand).await;
    };
    // Held while checking: the page's other loads wait for this answer instead of asking too.
    let mut known = checked.0.lock().await;
    if let Some((_, _, active)) = known.iter().find(|(a, b, _)| *a == area && b.as_deref() == brand) {
        return Ok(active.clone());
    }
    let active = check_session(ctx, area, brand).await?;
    known.push((area, brand.map(str::to_owned), active.clone()));
    Ok(active)
}

async fn check_session(ctx: &RequestContext, area: Area, brand: Option<&str>) -> Result<ActiveSession, AppError> {
    only_portal_on_portal_host(ctx, area)?;
    let portal_reseller_id = portal_reseller_id(ctx, area, brand).await?;
    let token = ctx.cookie(&cookie_name(area, portal_reseller_id)).ok_or(AppError::Unauthorized)?;
    let db = &ctx.state.db;
    let now = now();
    let (token, clock) =
        (token.as_str(), service::SessionClock { now, staff_idle_secs: ctx.state.auth.staff_idle_secs });
    let found = match area {
        Area::Admin => service::find_session_with::<admin_user::Entity>(
            db,
            area,
            token,
            clock,
            admin_user::Column::Id,
            Condition::all(),
        )
        .await?
        .map(|(session, admin)| (session, Subject::Admin(admin))),
        Area::Reseller => {
            let allowed = Condition::all().add(reseller::Column::Status.eq(ResellerStatus::Active));
            service::find_session_with::<reseller::Entity>(db, area, token, clock, reseller::Column::Id, allowed)
                .await?
                .map(|(session, me)| (session, Subject::Reseller(me)))
        }
        // A portal session belongs to the portal's brand, and so does its client.
        Area::Portal => {
            let brand = portal_reseller_id.ok_or(AppError::Unauthorized)?;
            let allowed = Condition::all()
                .add(session::Column::ResellerId.eq(brand))
                .add(client::Column::ResellerId.eq(brand))
                .add(client::Column::Status.ne(ClientStatus::Closed));
            service::find_session_with::<client::Entity>(db, area, token, clock, client::Column::Id, allowed)
                .await?
                .map(|(session, client)| (session, Subject::Client(client)))
        }
    };
    let (session, subject) = found.ok_or(AppError::Unauthorized)?;
    service::touch_session(db, &session, now).await?;
    Ok(ActiveSession { session, subject })
}

pub(super) async fn current_user(area: Area, brand: Option<&str>) -> Result<Option<SessionUser>, AppError> {
    let ctx = RequestContext::current()?;
    let active = match require_session(&ctx, area, brand).await {
        Ok(active) => active,
        Err(AppError::Unauthorized) => return Ok(None),
        Err(other) => return Err(other),
    };
    let (name, email) = match active.subject {
        Subject::Admin(a) => (a.name, a.email),
        Subject::Reseller(r) => (r.contact_name, r.email),
        Subject::Client(c) => (format!("{} {}", c.first_name, c.last_name), c.email),
    };
    Ok(Some(SessionUser { area, name, email }))
}
