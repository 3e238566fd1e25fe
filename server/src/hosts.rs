//! Host names mapped to a reseller's portal. A request whose `Host` is one of them is that
//! reseller's portal and nothing else: `/` leads into it, the portal's own pages and the assets
//! and server functions they need pass, and everything else (the provider's landing page, the
//! admin and reseller panels, other brands' portals) answers 404, so nothing of the provider or
//! another reseller shows on a reseller's address.
//!
//! The map is kept in memory: requests on the provider's own host never look at it, and other
//! hosts read it without asking the database. It reloads when a host is added or removed in
//! this process ([`app::settings::HOSTS_GENERATION`]) and at most [`HOST_MAP_TTL`] after a
//! change made on another app server (several may run behind a load balancer).

use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use sea_orm::DatabaseConnection;
use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How stale the map may be after another app server changed a host: 30 s.
pub const HOST_MAP_TTL: Duration = Duration::from_secs(30);

/// The mapped hosts, and the provider's own host, which is never looked up.
pub struct PortalHosts {
    db: DatabaseConnection,
    provider_host: String,
    map: RwLock<Option<Loaded>>,
    /// One reload at a time; the others wait for it instead of querying too.
    reloading: tokio::sync::Mutex<()>,
}

struct Loaded {
    at: Instant,
    generation: u64,
    slugs: Arc<HashMap<String, String>>,
}

impl PortalHosts {
    /// `public_origin` is `scheme://host[:port]` of the public URL.
    pub fn new(db: DatabaseConnection, public_origin: &str) -> Arc<Self> {
        Arc::new(Self {
            db,
            provider_host: app::links::provider_host(public_origin),
            map: RwLock::new(None),
            reloading: tokio::sync::Mutex::new(()),
        })
    }

    /// The slug of the portal `host` serves, if it is a mapped host.
    async fn portal_of(&self, host: &str) -> Option<String> {
        let slugs = self.current().await?;
        slugs.get(host).cloned()
    }

    fn fresh(&self) -> Option<Arc<HashMap<String, String>>> {
        let generation = app::settings::HOSTS_GENERATION.load(Ordering::Acquire);
        let guard = self.map.read().unwrap_or_else(std::sync::PoisonError::into_inner);
        guard
            .as_ref()
            .filter(|loaded| loaded.generation == generation && loaded.at.elapsed() < HOST_MAP_TTL)
            .map(|loaded| loaded.slugs.clone())
    }

    /// The map, reloaded if stale; `None` only if it never loaded (the database failing).
    async fn current(&self) -> Option<Arc<HashMap<String, String>>> {
        if let Some(slugs) = self.fresh() {
            return Some(slugs);
        }
        let _turn = self.reloading.lock().await;
        if let Some(slugs) = self.fresh() {
            return Some(slugs);
        }
        // Read before loading: a change committed during the load bumps it again.
        let generation = app::settings::HOSTS_GENERATION.load(Ordering::Acquire);
        match app::settings::service::host_map(&self.db).await {
            Ok(rows) => {
                let slugs = Arc::new(rows.into_iter().collect::<HashMap<_, _>>());
                let mut guard = self.map.write().unwrap_or_else(std::sync::PoisonError::into_inner);
                *guard = Some(Loaded { at: Instant::now(), generation, slugs: slugs.clone() });
                Some(slugs)
            }
            Err(error) => {
                tracing::error!(%error, "loading the portal host names");
                // Keep serving the last map rather than none.
                let guard = self.map.read().unwrap_or_else(std::sync::PoisonError::into_inner);
                guard.as_ref().map(|loaded| loaded.slugs.clone())
            }
        }
    }
}

/// The request's host name: lower-case, without the port.
fn request_host(req: &Request) -> Option<String> {
    let authority = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).or_else(|| req.uri().host())?;
    Some(app::links::strip_port(authority.trim()).trim_end_matches('.').to_ascii_lowercase())
}

/// What a mapped host answers for `path` of the portal at `slug`.
#[derive(Debug, PartialEq, Eq)]
enum HostRoute {
    IntoPortal,
    Pass,
    NotFound,
}

fn route_on_portal_host(path: &str, slug: &str) -> HostRoute {
    if path == "/" || path.is_empty() {
        return HostRoute::IntoPortal;
    }
    let portal = format!("/portal/{slug}");
    let in_portal = path.strip_prefix(&portal).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    let shared = path.starts_with("/pkg/")
        || path.starts_with("/api/")
        || path == "/language"
        || path == "/health"
        || path == "/favicon.ico"
        || is_static_file(path);
    if in_portal || shared { HostRoute::Pass } else { HostRoute::NotFound }
}

/// A file at the site's root (`/robots.txt`, `/icon.svg`): one segment with an extension.
fn is_static_file(path: &str) -> bool {
    let name = &path[1..];
    !name.contains('/') && name.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
}

/// The middleware: on a mapped host, the reseller's portal only; elsewhere, as before.
pub async fn portal_hosts(State(hosts): State<Arc<PortalHosts>>, req: Request, next: Next) -> Response {
    let Some(host) = request_host(&req) else {
        return next.run(req).await;
    };
    if host == hosts.provider_host {
        return next.run(req).await;
    }
    let Some(slug) = hosts.portal_of(&host).await else {
        return next.run(req).await;
    };
    match route_on_portal_host(req.uri().path(), &slug) {
        HostRoute::Pass => {
            // The server functions check it: only this portal's, never a panel's.
            let mut req = req;
            req.extensions_mut().insert(app::state::PortalHost(slug));
            next.run(req).await
        }
        HostRoute::IntoPortal => Redirect::to(&app::portal::portal_path(&slug, "")).into_response(),
        HostRoute::NotFound => not_found(),
    }
}

/// A bare 404 that names nobody.
fn not_found() -> Response {
    let mut response = Response::new(Body::from("<!DOCTYPE html><title>404</title><h1>404</h1>"));
    *response.status_mut() = StatusCode::NOT_FOUND;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapped_host_serves_its_portal_only() {
        use HostRoute::*;
        for (path, expected) in [
            ("/", IntoPortal),
            ("/portal/parsweb", Pass),
            ("/portal/parsweb/login", Pass),
            ("/portal/parsweb/logo", Pass),
            ("/pkg/resellerdesk.js", Pass),
            ("/api/auth/login", Pass),
            ("/language", Pass),
            ("/favicon.ico", Pass),
            ("/robots.txt", Pass),
            ("/portal/parswebx/login", NotFound),
            ("/portal/northhost", NotFound),
            ("/portal", NotFound),
            ("/reseller", NotFound),
            ("/reseller/login", NotFound),
            ("/admin/login", NotFound),
            ("/health", Pass),
            ("/reseller/settings/logo", NotFound),
        ] {
            assert_eq!(route_on_portal_host(path, "parsweb"), expected, "{path}");
        }
    }

    #[test]
    fn hosts_lose_port_and_case() {
        let req =
            |host: &'static str| Request::builder().uri("/").header(header::HOST, host).body(Body::empty()).unwrap();
        assert_eq!(request_host(&req("Portal.Example.com:8080")).as_deref(), Some("portal.example.com"));
        assert_eq!(request_host(&req("parsweb.localhost")).as_deref(), Some("parsweb.localhost"));
        assert_eq!(request_host(&req("[::1]:3000")).as_deref(), Some("[::1]"));
    }
}
