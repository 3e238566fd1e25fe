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

    /// The client's address: the socket peer, or, behind a trusted proxy, the address that
    /// proxy added to `X-Forwarded-For` (see [`client_ip`]).
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

/// The client's address. Behind a trusted proxy it is the right-most entry of
/// `X-Forwarded-For`, read across every line of the header (a proxy may append a line of its
/// own instead of extending the client's): everything left of it was written by whoever sent
/// the request and proves nothing. An entry that is not an IP address is not trusted either:
/// then the socket peer counts.
pub fn client_ip(parts: &Parts, trust_forwarded_for: bool) -> Option<String> {
    if trust_forwarded_for && let Some(ip) = forwarded_for(&parts.headers) {
        return Some(ip.to_string());
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip().to_string())
}

/// The right-most address of every `X-Forwarded-For` line together, if it is an address.
pub fn forwarded_for(headers: &axum::http::HeaderMap) -> Option<std::net::IpAddr> {
    let last = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|line| line.to_str().ok())
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .rfind(|entry| !entry.is_empty())?;
    // `[::1]:443` and `1.2.3.4:80` carry a port some proxies add.
    last.parse::<std::net::IpAddr>().ok().or_else(|| last.parse::<SocketAddr>().ok().map(|addr| addr.ip()))
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

#[cfg(test)]
mod tests {
    use super::forwarded_for;
    use axum::http::{HeaderMap, HeaderValue};

    fn headers(lines: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append("x-forwarded-for", HeaderValue::from_str(line).unwrap());
        }
        map
    }

    #[test]
    fn the_trusted_address_is_the_right_most_across_every_line() {
        assert_eq!(forwarded_for(&headers(&["203.0.113.9"])).unwrap().to_string(), "203.0.113.9");
        // A client writes its own line first; the proxy appends the address it saw.
        assert_eq!(forwarded_for(&headers(&["1.1.1.1, 2.2.2.2", "198.51.100.7"])).unwrap().to_string(), "198.51.100.7");
        assert_eq!(
            forwarded_for(&headers(&["10.0.0.1", "1.1.1.1 , 198.51.100.8 "])).unwrap().to_string(),
            "198.51.100.8"
        );
        assert_eq!(forwarded_for(&headers(&["2001:db8::1"])).unwrap().to_string(), "2001:db8::1");
        assert_eq!(forwarded_for(&headers(&["[2001:db8::2]:443"])).unwrap().to_string(), "2001:db8::2");
    }

    #[test]
    fn an_entry_that_is_not_an_address_is_not_trusted() {
        assert!(forwarded_for(&headers(&["1.1.1.1, not-an-ip"])).is_none());
        assert!(forwarded_for(&headers(&["1.1.1.1, <script>"])).is_none());
        assert!(forwarded_for(&headers(&[""])).is_none());
        assert!(forwarded_for(&HeaderMap::new()).is_none());
    }
}
