//! The app's pages and server functions over HTTP on port 0, for the tests that post forms the
//! way a browser without JavaScript does.

use app::auth::service::AuthSettings;
use app::state::AppState;
use sea_orm::DatabaseConnection;

/// One HTTP server at a time: Leptos keeps process-wide state, and servers rendering at once
/// on several test runtimes can leave a response pending (as the server crate's tests found).
pub static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The app's pages and server functions on port 0 over `db`, without the server crate's
/// middleware; answers are read over plain HTTP/1.0, so bodies are never chunked.
pub struct Site {
    pub addr: std::net::SocketAddr,
}

impl Site {
    pub async fn start(db: &DatabaseConnection) -> Self {
        use leptos::prelude::{LeptosOptions, provide_context};
        use leptos_axum::{LeptosRoutes, generate_route_list};
        let state = AppState::new(
            db.clone(),
            std::sync::Arc::new(AuthSettings::new(false, false).unwrap()),
            "http://127.0.0.1",
        );
        let options = LeptosOptions::builder().output_name("resellerdesk").build();
        let shell_options = options.clone();
        let router = axum::Router::new()
            .leptos_routes_with_context(
                &options,
                generate_route_list(app::App),
                move || provide_context(state.clone()),
                move || app::shell(shell_options.clone()),
            )
            .with_state(options);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.ok();
        });
        Self { addr }
    }

    /// Status, headers (lower-case names) and body of one request.
    pub async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, Vec<(String, String)>, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let mut request =
            format!("{method} {path} HTTP/1.0\r\nHost: {}\r\nContent-Length: {}\r\n", self.addr, body.len());
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        request.push_str(body);
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = Vec::new();
        tokio::time::timeout(std::time::Duration::from_secs(30), stream.read_to_end(&mut answer))
            .await
            .expect("an answer")
            .unwrap();
        let answer = String::from_utf8(answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        (status, headers, body.to_owned())
    }

    /// A page as a browser asks for it: status and body, without the empty comments (`<!>`)
    /// type-erased views leave after their text for hydration, so tests can look for markup
    /// as it reads.
    pub async fn page(&self, path: &str, cookie: &str, language: &str) -> (u16, String) {
        let headers = [("Cookie", cookie), ("Accept", "text/html"), ("Accept-Language", language)];
        let (status, _, body) = self.send("GET", path, &headers, "").await;
        (status, body.replace("<!>", ""))
    }

    /// A page that must be there: its body.
    pub async fn page_ok(&self, path: &str, cookie: &str, language: &str) -> String {
        let (status, body) = self.page(path, cookie, language).await;
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// Posts `fields` the way a browser without JavaScript posts a form.
    pub async fn post_form(&self, path: &str, cookie: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let encode = |text: &str| {
            text.bytes()
                .map(|b| match b {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                    b' ' => "+".to_owned(),
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        };
        let body = fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&");
        let referer = format!("http://{}/reseller/products", self.addr);
        let headers = [
            ("Cookie", cookie),
            ("Accept", "text/html,application/xhtml+xml"),
            ("Referer", referer.as_str()),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ];
        let (status, headers, _) = self.send("POST", path, &headers, &body).await;
        let location = headers.into_iter().find(|(name, _)| name == "location").map(|(_, value)| value);
        (status, location.unwrap_or_default())
    }
}
