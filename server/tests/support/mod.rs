//! The whole HTTP stack on port 0 with the demo data, on SQLite (in memory) or on PostgreSQL (a
//! database created for the test and dropped by [`TestServer::cleanup`]).

#![allow(dead_code, unused_macros, unused_imports)] // each test binary uses part of the support code

use app::auth::service::AuthSettings;
use app::state::AppState;
use leptos::prelude::LeptosOptions;
use reqwest::{Client, header};
use std::sync::Arc;

/// The app's own test databases (`TestDb`), shared with its service tests rather than copied.
#[path = "../../../app/tests/support/mod.rs"]
mod db;

pub use db::TestDb;

pub const PUBLIC_ORIGIN: &str = "http://127.0.0.1";

pub struct TestServer {
    pub base: String,
    pub db: sea_orm::DatabaseConnection,
    database: TestDb,
    /// One server at a time: Leptos keeps process-wide state, and servers rendering at once on
    /// several test runtimes now and then left a response pending forever under load.
    _serial: std::sync::MutexGuard<'static, ()>,
}

static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl TestServer {
    pub async fn start(backend: Backend) -> Self {
        Self::start_with_body_limit(backend, 1 << 20).await
    }

    #[allow(clippy::await_holding_lock)] // see `serial` below
    pub async fn start_with_body_limit(backend: Backend, body_limit_bytes: usize) -> Self {
        // A test that failed while holding the lock poisons it; the next one may still run. It is
        // a blocking lock held across awaits on purpose: each test has its own runtime thread.
        let serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let database = match backend {
            Backend::Sqlite => TestDb::sqlite().await,
            Backend::Postgres => TestDb::postgres().await,
        };
        let db = database.conn.clone();
        assert!(server::demo::seed_demo(&db).await.expect("seed the demo data"));
        let state = AppState::new(db.clone(), Arc::new(AuthSettings::new(false, false).expect("auth")), PUBLIC_ORIGIN);
        let leptos = LeptosOptions::builder().output_name("resellerdesk").site_root(site_root()).build();
        let settings = server::http::HttpSettings { body_limit_bytes, public_origin: PUBLIC_ORIGIN.to_owned() };
        let router = server::http::router(leptos, state, settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("bound address");
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.ok();
        });
        Self { base: format!("http://{addr}"), db, database, _serial: serial }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A page as an English-speaking browser asks for it, on `host` (the server's own address
    /// when `None`).
    pub async fn page(&self, client: &Client, host: Option<&str>, path: &str) -> reqwest::Response {
        let mut request =
            client.get(self.url(path)).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en");
        if let Some(host) = host {
            request = request.header(header::HOST, host);
        }
        request.send().await.expect("GET a page")
    }

    /// A page on the server's own address: its status and its HTML.
    pub async fn html(&self, client: &Client, path: &str) -> (reqwest::StatusCode, String) {
        let response = self.page(client, None, path).await;
        (response.status(), response.text().await.expect("the page's body"))
    }

    /// Signs `client` in to `area` (`admin`, `reseller` or `portal`; a portal names its brand).
    pub async fn login(&self, client: &Client, area: &str, email: &str, password: &str) -> reqwest::Response {
        self.login_to(client, area, None, email, password).await
    }

    pub async fn login_to(
        &self,
        client: &Client,
        area: &str,
        brand: Option<&str>,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        let mut form = vec![("area", area), ("email", email), ("password", password)];
        form.extend(brand.map(|b| ("brand", b)));
        client.post(self.url("/api/auth/login")).form(&form).send().await.expect("POST the sign-in")
    }

    /// Closes the pool and drops a PostgreSQL database.
    pub async fn cleanup(self) {
        self.database.cleanup().await;
    }
}

/// A built file as `scripts/build.sh` names it, and the brotli and gzip files beside it.
pub const HASHED_JS: &str = "/pkg/resellerdesk.0123456789abcdef.js";
pub const HASHED_JS_BODY: &str = "export function hydrate() {}";
/// Stand-ins for the precompressed files: the server must send them as they are.
pub const HASHED_JS_BR: &[u8] = b"brotli bytes";
pub const HASHED_JS_GZ: &[u8] = b"gzip bytes";

/// The site folder the test servers serve files from, made once per test process.
fn site_root() -> String {
    static ROOT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("rd-test-site-{}", std::process::id()));
        let file = root.join(HASHED_JS.trim_start_matches('/'));
        std::fs::create_dir_all(file.parent().expect("pkg folder")).expect("create the site folder");
        std::fs::write(&file, HASHED_JS_BODY).expect("write the built file");
        std::fs::write(file.with_extension("js.br"), HASHED_JS_BR).expect("write its brotli file");
        std::fs::write(file.with_extension("js.gz"), HASHED_JS_GZ).expect("write its gzip file");
        root.to_string_lossy().into_owned()
    })
    .clone()
}

/// A browser-like client: keeps cookies, shows redirects instead of following them.
pub fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("HTTP client")
}

/// Runs each `async fn name(server: &TestServer)` against a server on SQLite and one on
/// PostgreSQL, as the tests `name::sqlite` and `name::postgres`.
macro_rules! http_on_both_backends {
    ($($case:ident),* $(,)?) => {
        $(
            mod $case {
                use super::support::{Backend, TestServer};

                #[tokio::test]
                async fn sqlite() {
                    let server = TestServer::start(Backend::Sqlite).await;
                    super::$case(&server).await;
                    server.cleanup().await;
                }

                #[tokio::test]
                async fn postgres() {
                    let server = TestServer::start(Backend::Postgres).await;
                    super::$case(&server).await;
                    server.cleanup().await;
                }
            }
        )*
    };
}
pub(crate) use http_on_both_backends;

/// The `lang` and `dir` of the page's `<html>` tag, not of whatever else the page contains (the
/// language switcher names both languages on every page).
pub fn html_lang_dir(html: &str) -> (String, String) {
    let start = html.find("<html").expect("the page has an <html> tag");
    let tag = &html[start..start + html[start..].find('>').expect("the <html> tag ends")];
    let attribute = |name: &str| {
        let needle = format!(" {name}=\"");
        tag.find(&needle)
            .map(|at| {
                let value = &tag[at + needle.len()..];
                value[..value.find('"').unwrap_or(value.len())].to_owned()
            })
            .unwrap_or_default()
    };
    (attribute("lang"), attribute("dir"))
}
