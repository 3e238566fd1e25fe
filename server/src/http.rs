//! The HTTP stack: Leptos pages and server functions, health, the language switch, and the
//! middleware every request passes through.

use app::state::AppState;
use app::{App, shell};
use axum::{
    Form, Router,
    body::Body,
    extract::{FromRef, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use sea_orm::ConnectionTrait;
use serde::Deserialize;
use std::sync::Arc;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos: LeptosOptions,
    pub app: AppState,
}

/// Builds the whole router. Each request's Leptos context gets the application state, so
/// tests can hand every server its own database.
/// The HTTP settings the router needs from the configuration.
pub struct HttpSettings {
    pub body_limit_bytes: usize,
    /// The origin users reach the server at (`scheme://host[:port]`), accepted by the
    /// cross-origin check even when a proxy rewrote `Host`.
    pub public_origin: String,
}

pub fn router(leptos: LeptosOptions, app: AppState, settings: HttpSettings) -> Router {
    let routes = generate_route_list(App);
    let context_state = app.clone();
    let provide_state = move || {
        provide_context(context_state.clone());
        provide_context(app::auth::CheckedSessions::default());
    };
    let shell_options = leptos.clone();
    let state = ServerState { leptos, app: app.clone() };

    Router::<ServerState>::new()
        .route("/health", get(health))
        .route("/language", post(set_language))
        .route(app::settings::LOGO_UPLOAD_PATH, post(app::settings::logo::upload))
        .route("/portal/{brand}/logo", get(app::settings::logo::serve))
        .leptos_routes_with_context(&state, routes, provide_state.clone(), move || shell(shell_options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<ServerState, _>(provide_state.clone(), shell))
        .layer(middleware::from_fn_with_state(app.clone(), portal_default_locale))
        .layer(middleware::from_fn_with_state(
            crate::hosts::PortalHosts::new(app.db.clone(), &settings.public_origin),
            crate::hosts::portal_hosts,
        ))
        .layer(middleware::from_fn_with_state(Arc::new(settings.public_origin), refuse_cross_origin_writes))
        .layer(RequestBodyLimitLayer::new(settings.body_limit_bytes))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        // Pages set their own policy with the request's nonce (`app::shell`); everything else
        // (files, server function answers, the logo) may run and embed nothing.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'; base-uri 'none'"),
        ))
        .layer(middleware::from_fn(cache_policy))
        // Brotli or gzip, as the browser accepts, at the encoders' moderate default levels (brotli
        // 4, gzip 6): pages and server function answers cost little CPU. Files the build
        // precompressed at the highest levels are served as they are (leptos_axum's file service
        // answers with their `Content-Encoding`, which this layer leaves alone).
        .layer(CompressionLayer::new().quality(CompressionLevel::Default))
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request<Body>| tracing::info_span!("request", method = %req.method(), path = %req.uri().path()),
        ))
        .with_state(state)
}

/// What a file whose name carries its content's hash may do: stay in every cache for a year,
/// never asked for again. A new build has new names.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// Everything else (pages, server function answers, unhashed files) is asked for again each time.
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// Sets `Cache-Control` on answers that have none: hashed build files are immutable, the rest
/// revalidates.
async fn cache_policy(req: Request, next: Next) -> Response {
    let hashed = is_hashed_file(req.uri().path());
    let mut response = next.run(req).await;
    let policy = if hashed && response.status() == StatusCode::OK { IMMUTABLE } else { REVALIDATE };
    response.headers_mut().entry(header::CACHE_CONTROL).or_insert(policy);
    response
}

/// A build file named `/pkg/{name}.{hash}.{extension}`, the way `scripts/build.sh` (and
/// cargo-leptos's `hash-files`) names them: the hash is at least 8 letters, digits, `-` or `_`.
fn is_hashed_file(path: &str) -> bool {
    let Some(file) = path.strip_prefix("/pkg/") else { return false };
    let mut parts = file.split('.');
    let (Some(name), Some(hash), Some(extension), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    !name.is_empty()
        && !extension.is_empty()
        && hash.len() >= 8
        && hash.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Liveness and readiness: answers 200 only when the database does.
async fn health(State(app): State<AppState>) -> Response {
    match app.db.execute_unprepared("SELECT 1").await {
        Ok(_) => (StatusCode::OK, axum::Json(serde_json::json!({ "status": "ok" }))).into_response(),
        Err(error) => {
            tracing::error!(%error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, axum::Json(serde_json::json!({ "status": "database unavailable" })))
                .into_response()
        }
    }
}

#[derive(Deserialize)]
struct LanguageForm {
    lang: String,
    next: Option<String>,
}

/// Stores the chosen language in the `lang` cookie and returns to the page it came from.
async fn set_language(Form(form): Form<LanguageForm>) -> Response {
    let Some(locale) = app::i18n::Locale::from_code(&form.lang) else {
        return (StatusCode::BAD_REQUEST, "unknown language").into_response();
    };
    let next = form.next.filter(|n| is_local_path(n)).unwrap_or_else(|| "/".to_owned());
    let cookie = format!("{}={}; Path=/; Max-Age=31536000; SameSite=Lax", app::i18n::LANG_COOKIE, locale.code());
    let mut response = Redirect::to(&next).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// On a portal page whose visitor asked for no language we support, the page speaks the
/// reseller's default language. Only then is the database asked.
async fn portal_default_locale(State(app): State<AppState>, mut req: Request, next: Next) -> Response {
    let slug =
        req.uri().path().strip_prefix("/portal/").and_then(|rest| rest.split('/').next()).filter(|s| !s.is_empty());
    if let Some(slug) = slug
        && app::i18n::requested_locale(req.headers()).is_none()
    {
        match app::portal::default_language(&app.db, slug).await {
            Ok(Some(locale)) => {
                req.extensions_mut().insert(app::i18n::DefaultLocale(locale));
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, "reading the portal's default language"),
        }
    }
    next.run(req).await
}

/// A path on this site, never an open redirect: one leading slash, and no backslash, space or
/// control character (browsers drop tabs and newlines, so "/\t/evil.example" would become
/// "//evil.example").
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control())
}

/// Refuses state-changing requests that a browser sent from another site. Leptos server
/// functions have no CSRF protection of their own, and SameSite=Lax alone leaves same-site
/// subdomains and old browsers open.
async fn refuse_cross_origin_writes(State(public_origin): State<Arc<String>>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && is_cross_origin(req.headers(), &public_origin) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "refused a cross-origin request");
        return (StatusCode::FORBIDDEN, "Cross-origin requests are not allowed.").into_response();
    }
    next.run(req).await
}

fn is_cross_origin(headers: &HeaderMap, public_origin: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return !matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        if origin.to_str().is_ok_and(|o| o.trim_end_matches('/').eq_ignore_ascii_case(public_origin)) {
            return false;
        }
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|o| o.split_once("://"))
            .map(|(_, authority)| authority.trim_end_matches('/'));
        return match (origin_host, host) {
            (Some(origin_host), Some(host)) => !origin_host.eq_ignore_ascii_case(host),
            // `Origin: null` (sandboxed frames, some redirects) or no Host: refuse.
            _ => true,
        };
    }
    // Neither header: not a browser's cross-site request (browsers send Origin on POST).
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_static(v));
        }
        map
    }

    const PUBLIC: &str = "https://panel.example.com";

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(!is_cross_origin(&headers(&[("sec-fetch-site", "same-origin")]), PUBLIC));
        assert!(is_cross_origin(&headers(&[("sec-fetch-site", "cross-site")]), PUBLIC));
        assert!(is_cross_origin(
            &headers(&[("sec-fetch-site", "same-site"), ("origin", "http://a.test"), ("host", "a.test")]),
            PUBLIC
        ));
    }

    #[test]
    fn origin_must_match_host_or_the_public_url() {
        assert!(!is_cross_origin(&headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")]), PUBLIC));
        assert!(is_cross_origin(&headers(&[("origin", "http://evil.test"), ("host", "127.0.0.1:3000")]), PUBLIC));
        assert!(is_cross_origin(&headers(&[("origin", "null"), ("host", "127.0.0.1:3000")]), PUBLIC));
        assert!(!is_cross_origin(&headers(&[("host", "127.0.0.1:3000")]), PUBLIC));
        // Behind a proxy that rewrote Host, the public origin still counts as ours.
        assert!(!is_cross_origin(
            &headers(&[("origin", "https://panel.example.com"), ("host", "10.0.0.5:3000")]),
            PUBLIC
        ));
    }

    #[test]
    fn only_build_files_with_a_hash_in_their_name_are_immutable() {
        for hashed in ["/pkg/resellerdesk.0f3a9c1d2b4e5f60.wasm", "/pkg/resellerdesk.Ab-_1234.css"] {
            assert!(is_hashed_file(hashed), "{hashed}");
        }
        for plain in [
            "/pkg/resellerdesk.wasm",
            "/pkg/resellerdesk.short.js",
            "/pkg/.0f3a9c1d2b4e5f60.js",
            "/pkg/resellerdesk.0f3a9c1d2b4e5f60.",
            "/pkg/a.0f3a9c1d2b4e5f60.wasm.br",
            "/other/resellerdesk.0f3a9c1d2b4e5f60.js",
            "/pkg/resellerdesk.0f3a9c1d!b4e5f60.js",
        ] {
            assert!(!is_hashed_file(plain), "{plain}");
        }
    }

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert!(is_local_path("/reseller/clients?q=sara"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "evil",
            "/ /x",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
