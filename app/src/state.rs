//! What server functions need from the running server, provided through Leptos context by the
//! `server` crate (and by each test, with its own database).

use crate::auth::service::AuthSettings;
use crate::error::AppError;
use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;
use std::sync::Arc;

/// Set on a request that came in on a host name mapped to a reseller's portal (the slug): such
/// a request may reach only that portal, never a panel or another brand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortalHost(pub String);

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub auth: Arc<AuthSettings>,
    /// Where the server is reached from outside (`https://panel.example.com`), for links in
    /// emails.
    pub public_origin: Arc<str>,
    /// The clients lists' page anchors, shared by this server's requests.
    pub client_pages: Arc<crate::clients::anchors::PageAnchors>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, auth: Arc<AuthSettings>, public_origin: &str) -> Self {
        Self { db, auth, public_origin: public_origin.into(), client_pages: Arc::default() }
    }
}

/// The state and the request a server function runs for.
pub struct RequestContext {
    pub state: AppState,
    pub parts: Parts,
}

impl RequestContext {
    /// Fails only if the server forgot to provide its state: a bug, logged as such.
    pub fn current() -> Result<Self, AppError> {
        use leptos::prelude::use_context;
        let state = use_context::<AppState>();
        let parts = use_context::<Parts>();
        match (state, parts) {
            (Some(state), Some(parts)) => Ok(Self { state, parts }),
            _ => {
                tracing::error!("server function ran without AppState or request parts in context");
                Err(AppError::Internal)
            }
        }
    }

    /// The client's address: the socket peer, or the nearest `X-Forwarded-For` hop when the
    /// server is configured to sit behind a trusted proxy.
    pub fn client_ip(&self) -> Option<String> {
        client_ip(&self.parts, self.state.auth.trust_forwarded_for)
    }

    /// The portal this request's host name is mapped to, if any.
    pub fn portal_host(&self) -> Option<&str> {
        self.parts.extensions.get::<PortalHost>().map(|h| h.0.as_str())
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        cookie(&self.parts.headers, name)
    }
}

pub fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> Option<String> {
    if trust_forwarded_for {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|ip| ip.trim().to_owned())
            .filter(|ip| !ip.is_empty());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip().to_string())
}

pub fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}
