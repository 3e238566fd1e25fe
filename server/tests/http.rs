//! The HTTP stack end to end, without a browser: the app on port 0 with its own database.

use reqwest::{Client, StatusCode, header};
use server::demo::{DEMO_RESELLER_EN, DEMO_RESELLER_FA};
use support::{Backend, TestServer, browser, http_on_both_backends};

mod support;

fn session_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

async fn health_answers_when_the_database_does(server: &TestServer) {
    let response = browser().get(server.url("/health")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap()["status"], "ok");
}

async fn reseller_signs_in_sees_the_panel_and_signs_out(server: &TestServer) {
    let client = browser();

    let before = client.get(server.url("/reseller")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(before.status(), StatusCode::FOUND);
    assert_eq!(before.headers()[header::LOCATION], "/reseller/login");

    let response = server.login(&client, "reseller", DEMO_RESELLER_FA.0, DEMO_RESELLER_FA.1).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::LOCATION], "/reseller");
    let cookie = session_cookie(&response, "rd_reseller").expect("session cookie");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http must not mark the cookie Secure: {cookie}");

    let panel = client.get(server.url("/reseller")).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "fa").send().await.unwrap();
    assert_eq!(panel.status(), StatusCode::OK);
    let html = panel.text().await.unwrap();
    assert!(html.contains("نگار محمدی"), "the panel greets the reseller");
    assert!(html.contains(r#"dir="rtl""#) && html.contains(r#"lang="fa""#));

    let out = client
        .post(server.url("/api/auth/logout"))
        .form(&[("area", "reseller")])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::OK);
    assert!(session_cookie(&out, "rd_reseller").unwrap().contains("Max-Age=0"));
    let after = client.get(server.url("/reseller/clients")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(after.status(), StatusCode::FOUND, "signed out: back to the sign-in page");
}

async fn wrong_password_and_unknown_email_get_the_same_answer(server: &TestServer) {
    let client = browser();
    let wrong = server.login(&client, "reseller", DEMO_RESELLER_FA.0, "not the password").await;
    let (wrong_status, wrong_body) = (wrong.status(), wrong.text().await.unwrap());
    let unknown = server.login(&client, "reseller", "nobody@example.com", DEMO_RESELLER_FA.1).await;
    let (unknown_status, unknown_body) = (unknown.status(), unknown.text().await.unwrap());
    assert_eq!(wrong_status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_status, wrong_status);
    assert_eq!(unknown_body, wrong_body);
    assert!(wrong_body.contains("InvalidCredentials"), "{wrong_body}");
}

async fn repeated_failures_are_throttled_with_a_clear_answer(server: &TestServer) {
    let client = browser();
    for _ in 0..5 {
        let r = server.login(&client, "reseller", DEMO_RESELLER_EN.0, "wrong password").await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let locked = server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    assert_eq!(locked.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: serde_json::Value = locked.json().await.unwrap();
    assert!(body["TooManyAttempts"]["retry_after_secs"].as_u64().unwrap() > 0, "{body}");
}

async fn signing_in_again_rotates_the_session_id(server: &TestServer) {
    let client = browser();
    let first = session_cookie(&server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await, "rd_reseller").unwrap();
    let second = session_cookie(&server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await, "rd_reseller").unwrap();
    let token = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(token(&first), token(&second));

    // The first id no longer opens the panel.
    let stale = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = stale.get(server.url("/reseller")).header(header::ACCEPT, "text/html").header(header::COOKIE, token(&first)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let response = stale.get(server.url("/reseller")).header(header::ACCEPT, "text/html").header(header::COOKIE, token(&second)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

const LIST_QUERY: [(&str, &str); 5] = [
    ("query[search]", ""),
    ("query[sort]", "id"),
    ("query[direction]", "desc"),
    ("query[page]", "1"),
    ("query[per_page]", "25"),
];

async fn server_functions_refuse_callers_without_a_session(server: &TestServer) {
    let client = browser();
    let overview = client.post(server.url("/api/reseller/overview")).send().await.unwrap();
    assert_eq!(overview.status(), StatusCode::UNAUTHORIZED);
    let list = client.post(server.url("/api/clients/list")).form(&LIST_QUERY).send().await.unwrap();
    assert_eq!(list.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(list.text().await.unwrap(), "\"Unauthorized\"");
}

async fn the_clients_list_answers_with_the_resellers_own_clients_only(server: &TestServer) {
    let client = browser();
    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let response = client.post(server.url("/api/clients/list")).form(&LIST_QUERY).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page: serde_json::Value = response.json().await.unwrap();
    let emails: Vec<&str> = page["page"]["rows"].as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap()).collect();
    assert_eq!(page["page"]["total"], 3);
    assert_eq!(page["permissions"]["delete_clients"], true);
    assert!(emails.contains(&"emma.johnson@example.com"));
    assert!(!emails.contains(&"sara.ahmadi@example.com"), "another reseller's client: {emails:?}");
}

async fn cross_origin_writes_are_refused(server: &TestServer) {
    let client = browser();
    let by_origin = client
        .post(server.url("/api/auth/login"))
        .header(header::ORIGIN, "http://evil.example")
        .form(&[("area", "reseller"), ("email", DEMO_RESELLER_FA.0), ("password", DEMO_RESELLER_FA.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(by_origin.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&by_origin, "rd_reseller").is_none());

    let by_fetch_metadata = client
        .post(server.url("/language"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("lang", "en"), ("next", "/")])
        .send()
        .await
        .unwrap();
    assert_eq!(by_fetch_metadata.status(), StatusCode::FORBIDDEN);

    let same_origin = client
        .post(server.url("/api/auth/login"))
        .header(header::ORIGIN, server.base.clone())
        .form(&[("area", "reseller"), ("email", DEMO_RESELLER_FA.0), ("password", DEMO_RESELLER_FA.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), StatusCode::OK);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let server = TestServer::start_with_body_limit(Backend::Sqlite, 4096).await;
    let password = "x".repeat(10_000);
    let response = server.login(&browser(), "reseller", DEMO_RESELLER_FA.0, &password).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    server.cleanup().await;
}

async fn the_language_follows_cookie_then_accept_language(server: &TestServer) {
    let client = browser();
    let english = client.get(server.url("/reseller/login")).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9").send().await.unwrap();
    let html = english.text().await.unwrap();
    assert!(html.contains(r#"lang="en""#) && html.contains(r#"dir="ltr""#) && html.contains("Sign in"));

    let switched = client
        .post(server.url("/language"))
        .form(&[("lang", "fa"), ("next", "/reseller/login")])
        .send()
        .await
        .unwrap();
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(switched.headers()[header::LOCATION], "/reseller/login");
    let persian = client.get(server.url("/reseller/login")).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en-US").send().await.unwrap();
    let html = persian.text().await.unwrap();
    assert!(html.contains(r#"lang="fa""#) && html.contains(r#"dir="rtl""#) && html.contains("ورود"));

    let open_redirect = client.post(server.url("/language")).form(&[("lang", "en"), ("next", "//evil.example")]).send().await.unwrap();
    assert_eq!(open_redirect.headers()[header::LOCATION], "/");
}

async fn a_form_posted_without_javascript_redirects_with_the_error_or_the_session(server: &TestServer) {
    let client = browser();
    let login_page = server.url("/reseller/login");
    let failed = client
        .post(server.url("/api/auth/login"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, &login_page)
        .form(&[("area", "reseller"), ("email", DEMO_RESELLER_FA.0), ("password", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(failed.status(), StatusCode::FOUND);
    let back = failed.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(back.starts_with(&login_page) && back.contains("__err="), "{back}");
    let page = client.get(&back).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en").send().await.unwrap().text().await.unwrap();
    assert!(page.contains("The email or password is not correct."), "the error is rendered on the server");

    let ok = client
        .post(server.url("/api/auth/login"))
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, &login_page)
        .form(&[("area", "reseller"), ("email", DEMO_RESELLER_FA.0), ("password", DEMO_RESELLER_FA.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::FOUND);
    assert_eq!(ok.headers()[header::LOCATION], "/reseller");
}

async fn a_portal_session_of_one_brand_is_not_valid_on_another(server: &TestServer) {
    let client = browser();
    let response = client
        .post(server.url("/api/auth/login"))
        .form(&[("area", "portal"), ("email", "sara.ahmadi@example.com"), ("password", server::demo::DEMO_CLIENT_PASSWORD), ("brand", "parsweb")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let own = client.get(server.url("/portal/parsweb")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(own.status(), StatusCode::OK);
    assert!(own.text().await.unwrap().contains("پارس‌وب"));
    let other = client.get(server.url("/portal/northhost")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(other.status(), StatusCode::FOUND);
    assert_eq!(other.headers()[header::LOCATION], "/portal/northhost/login");
    let missing = client.get(server.url("/portal/no-such-brand")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn unknown_pages_are_404(server: &TestServer) {
    let response = browser().get(server.url("/no/such/page")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn a_portal_speaks_its_resellers_language_when_the_visitor_asks_for_none(server: &TestServer) {
    let client = browser();
    let english_brand = client.get(server.url("/portal/northhost/login")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert!(english_brand.text().await.unwrap().contains(r#"lang="en""#));
    let persian_brand = client.get(server.url("/portal/parsweb/login")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert!(persian_brand.text().await.unwrap().contains(r#"lang="fa""#));
    let asked_for_persian = client
        .get(server.url("/portal/northhost/login"))
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "fa-IR")
        .send()
        .await
        .unwrap();
    assert!(asked_for_persian.text().await.unwrap().contains(r#"lang="fa""#));
}

fn mail_folder() -> std::path::PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    std::env::temp_dir().join(format!("rd-mail-{}-{nanos}", std::process::id()))
}

async fn client_id(db: &sea_orm::DatabaseConnection, email: &str) -> i64 {
    use app::entities::client;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    client::Entity::find().filter(client::Column::Email.eq(email)).one(db).await.unwrap().unwrap().id
}

async fn outbox(db: &sea_orm::DatabaseConnection) -> Vec<app::entities::email_outbox::Model> {
    use sea_orm::{EntityTrait, QueryOrder};
    app::entities::email_outbox::Entity::find()
        .order_by_asc(app::entities::email_outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
}

async fn a_reset_link_is_emailed_and_sets_the_portal_password_once(server: &TestServer) {
    let reseller = browser();
    server.login(&reseller, "reseller", DEMO_RESELLER_FA.0, DEMO_RESELLER_FA.1).await;
    let sara = client_id(&server.db, "sara.ahmadi@example.com").await;
    let emma = client_id(&server.db, "emma.johnson@example.com").await;

    let theirs = reseller.post(server.url("/api/clients/reset_password")).form(&[("id", emma.to_string())]).send().await.unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND, "another reseller's client");
    let reset = reseller.post(server.url("/api/clients/reset_password")).form(&[("id", sara.to_string())]).send().await.unwrap();
    assert_eq!(reset.status(), StatusCode::OK);

    let queued = outbox(&server.db).await.into_iter().find(|e| e.template == "client_set_password").unwrap();
    let link = queued.body_text.split_whitespace().find(|w| w.contains("/set-password?token=")).unwrap().to_owned();
    // The demo maps parsweb.localhost to پارس‌وب's portal: the client never sees the provider's address.
    assert!(link.starts_with("http://parsweb.localhost/portal/parsweb/set-password?token="), "{link}");
    let token = link.split("token=").nth(1).unwrap().to_owned();

    let folder = mail_folder();
    let mailer = server::mail::Mailer::files(folder.clone()).unwrap();
    let pass = server::mail::deliver_due(&server.db, &mailer, time::OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(pass, server::mail::Pass { sent: 1, retrying: 0, failed: 0 });
    let files: Vec<_> = std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    assert!(eml.contains("sara.ahmadi@example.com") && eml.contains("support@parsweb.example.com"), "{eml}");
    let email = outbox(&server.db).await.into_iter().find(|e| e.template == "client_set_password").unwrap();
    assert_eq!((email.status.as_str(), email.language.as_str(), email.client_id), ("sent", "fa", Some(sara)));
    assert!(!email.body_text.contains(&token) && !email.body_html.contains(&token), "the link does not outlive delivery");

    let portal = browser();
    let set = |brand: &'static str, password: &'static str, confirm: &'static str| {
        portal
            .post(server.url("/api/portal/set_password"))
            .form(&[("brand", brand), ("token", token.as_str()), ("password", password), ("confirm", confirm)])
            .send()
    };
    let short = set("parsweb", "short", "short").await.unwrap();
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.text().await.unwrap().contains("too_short"));
    let mismatch = set("parsweb", "a new long password", "another one").await.unwrap();
    assert!(mismatch.text().await.unwrap().contains("password_mismatch"));
    let other_brand = set("northhost", "a new long password", "a new long password").await.unwrap();
    assert!(other_brand.text().await.unwrap().contains("link_invalid"), "a link works only on its own brand");

    let done = set("parsweb", "a new long password", "a new long password").await.unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let again = set("parsweb", "yet another password", "yet another password").await.unwrap();
    assert!(again.text().await.unwrap().contains("link_invalid"), "single use");

    let old = portal
        .post(server.url("/api/auth/login"))
        .form(&[("area", "portal"), ("brand", "parsweb"), ("email", "sara.ahmadi@example.com"), ("password", "Client!2026")])
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = portal
        .post(server.url("/api/auth/login"))
        .form(&[("area", "portal"), ("brand", "parsweb"), ("email", "sara.ahmadi@example.com"), ("password", "a new long password")])
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), StatusCode::OK);
    std::fs::remove_dir_all(folder).ok();
}

async fn an_smtp_outage_keeps_the_email_and_it_goes_out_later(server: &TestServer) {
    let reseller = browser();
    server.login(&reseller, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let emma = client_id(&server.db, "emma.johnson@example.com").await;
    reseller.post(server.url("/api/clients/reset_password")).form(&[("id", emma.to_string())]).send().await.unwrap();

    let now = time::OffsetDateTime::now_utc();
    let down = server::mail::Mailer::smtp("smtp://127.0.0.1:9").unwrap();
    let pass = server::mail::deliver_due(&server.db, &down, now).await.unwrap();
    assert_eq!(pass, server::mail::Pass { sent: 0, retrying: 1, failed: 0 });
    let email = outbox(&server.db).await.into_iter().find(|e| e.template == "client_set_password").unwrap();
    assert_eq!((email.status.as_str(), email.attempts), ("queued", 1));
    assert_eq!(email.last_error.as_deref(), Some("smtp_unavailable"), "a short kind, translated by the UI");
    assert!(email.next_attempt_at > now, "backs off");
    let early = server::mail::deliver_due(&server.db, &down, now).await.unwrap();
    assert_eq!(early, server::mail::Pass::default(), "not due yet");

    let folder = mail_folder();
    let up = server::mail::Mailer::files(folder.clone()).unwrap();
    let later = server::mail::deliver_due(&server.db, &up, now + time::Duration::minutes(2)).await.unwrap();
    assert_eq!(later.sent, 1);
    let email = outbox(&server.db).await.into_iter().find(|e| e.template == "client_set_password").unwrap();
    assert_eq!((email.status.as_str(), email.attempts, email.last_error), ("sent", 2, None));
    std::fs::remove_dir_all(folder).ok();
}

async fn row_actions_follow_the_permissions_the_provider_gave(server: &TestServer) {
    use app::entities::reseller;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
    let client = browser();
    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let page = |path: &'static str| {
        let client = client.clone();
        let url = server.url(path);
        async move {
            client.get(url).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en").send().await.unwrap().text().await.unwrap()
        }
    };
    let all = page("/reseller/clients").await;
    for action in ["Login as client Emma Johnson", "Place order Emma Johnson", "Client details Emma Johnson", "Delete client Emma Johnson"] {
        assert!(all.contains(&format!("aria-label=\"{action}\"")), "{action}");
    }

    let northhost = reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&server.db).await.unwrap().unwrap();
    let mut limited = northhost.into_active_model();
    limited.allow_login_as_client = Set(false);
    limited.allow_place_order = Set(false);
    limited.allow_delete_clients = Set(false);
    limited.update(&server.db).await.unwrap();

    let fewer = page("/reseller/clients").await;
    assert!(fewer.contains("aria-label=\"Client details Emma Johnson\""));
    for hidden in ["Login as client Emma Johnson", "Place order Emma Johnson", "Delete client Emma Johnson"] {
        assert!(!fewer.contains(hidden), "{hidden} is hidden");
    }
    let refused = page("/reseller/clients/5/login-as").await;
    assert!(refused.contains("You are not allowed to do that."), "the page refuses too");
    let refused = page("/reseller/clients/5/order").await;
    assert!(refused.contains("You are not allowed to do that."), "the order wizard refuses too");
}

/// The wizard's last step posts the order: it answers with a redirect to the order, a repeat
/// of the same submit changes nothing, and another reseller's client is not found.
async fn placing_an_order_posts_once_and_redirects_to_it(server: &TestServer) {
    use app::entities::{order, product, reseller};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let reseller = browser();
    server.login(&reseller, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let emma = client_id(&server.db, "emma.johnson@example.com").await;
    let sara = client_id(&server.db, "sara.ahmadi@example.com").await;
    let starter = product::Entity::find().filter(product::Column::NameEn.eq("Linux hosting Starter")).one(&server.db).await.unwrap().unwrap();
    let northhost = reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&server.db).await.unwrap().unwrap();
    let orders_before = order::Entity::find().filter(order::Column::ResellerId.eq(northhost.id)).count(&server.db).await.unwrap();
    let form = |client_id: i64| {
        vec![
            ("client_id", client_id.to_string()),
            ("item", format!("product-{}", starter.id)),
            ("cycle", "monthly".to_owned()),
            ("hostname", "johnson-bakery.com".to_owned()),
            ("domain", String::new()),
            ("years", String::new()),
            ("addons", String::new()),
            ("key", "http-test-key-000000000001".to_owned()),
            ("total", String::new()),
        ]
    };
    let page = reseller
        .get(server.url(&format!("/reseller/clients/{emma}/order?item=product-{}&step=configure", starter.id)))
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Place order for Emma Johnson") && page.contains("9.99 USD"), "the wizard renders on the server");

    // Posted as the form does before hydration.
    let submit = || reseller.post(server.url("/api/orders/place")).header(header::ACCEPT, "text/html").form(&form(emma));
    let placed = submit().send().await.unwrap();
    assert_eq!(placed.status(), StatusCode::FOUND);
    let location = placed.headers().get(header::LOCATION).unwrap().to_str().unwrap().to_owned();
    assert!(location.starts_with("/reseller/orders/"), "{location}");
    let again = submit().send().await.unwrap();
    assert_eq!(again.headers().get(header::LOCATION).unwrap().to_str().unwrap(), location, "the same order again");
    let orders_after = order::Entity::find().filter(order::Column::ResellerId.eq(northhost.id)).count(&server.db).await.unwrap();
    assert_eq!(orders_after, orders_before + 1);
    // Emma's emails link to NorthHost's own host name, the reseller's to the panel.
    let letters = outbox(&server.db).await;
    let to_emma = letters.iter().rev().find(|e| e.template == "order_confirmation" && e.to_address == "emma.johnson@example.com").unwrap();
    assert!(to_emma.body_text.contains("http://portal.northhost.localhost/portal/northhost/invoices"), "{}", to_emma.body_text);
    assert!(!to_emma.body_text.contains("127.0.0.1"), "{}", to_emma.body_text);
    let to_reseller = letters.iter().rev().find(|e| e.template == "reseller_new_order").unwrap();
    assert!(to_reseller.body_text.contains("http://127.0.0.1/reseller/orders/"), "{}", to_reseller.body_text);

    let theirs = reseller.post(server.url("/api/orders/place")).form(&form(sara)).send().await.unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND, "another reseller's client");
    let anonymous = browser().post(server.url("/api/orders/place")).form(&form(emma)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

/// "Login as client" over HTTP, as a browser without JavaScript does it: the reseller's form
/// answers with the one-time link, the link opens a new portal session (and only once), the
/// banner shows on the portal, and returning ends that session and leaves the reseller's own.
async fn login_as_client_opens_the_portal_once_and_returns_to_the_client(server: &TestServer) {
    use app::entities::reseller;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter};
    let client = browser();
    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let emma = client_id(&server.db, "emma.johnson@example.com").await;
    let html_post = |path: &str, form: Vec<(&'static str, String)>| {
        client.post(server.url(path)).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en").form(&form).send()
    };
    let html_get = |path: &str| client.get(server.url(path)).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en").send();

    let issued = html_post("/api/reseller/login_as_client", vec![("client_id", emma.to_string())]).await.unwrap();
    assert_eq!(issued.status(), StatusCode::FOUND);
    let link = issued.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(link.starts_with("/portal/northhost/login-as?token="), "{link}");

    // Opening the link only shows the form that posts it: fetching it spends nothing.
    let landing = html_get(&link).await.unwrap();
    assert_eq!(landing.status(), StatusCode::OK);
    assert_eq!(landing.headers()[header::CACHE_CONTROL], "no-store");
    assert!(landing.text().await.unwrap().contains("Open the portal as the client"));
    let token = link.split_once("token=").unwrap().1.to_owned();
    let redeem = |token: String| html_post("/api/portal/redeem_login_token", vec![("brand", "northhost".to_owned()), ("token", token)]);
    let redeemed = redeem(token.clone()).await.unwrap();
    assert_eq!(redeemed.status(), StatusCode::FOUND);
    assert_eq!(redeemed.headers()[header::LOCATION], "/portal/northhost");
    let northhost = reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&server.db).await.unwrap().unwrap();
    let portal_cookie = format!("rd_portal_{}", northhost.id);
    assert!(session_cookie(&redeemed, &portal_cookie).is_some_and(|c| c.contains("HttpOnly")));
    assert!(session_cookie(&redeemed, "rd_reseller").is_none(), "the reseller's own session is left alone");

    let portal = html_get("/portal/northhost").await.unwrap();
    assert_eq!(portal.status(), StatusCode::OK);
    let html = portal.text().await.unwrap();
    assert!(html.contains("You are signed in as Emma Johnson") && html.contains("Return to reseller panel"), "the banner shows");

    let again = client.post(server.url("/api/portal/redeem_login_token")).form(&[("brand", "northhost"), ("token", &token)]).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "the link works once");

    let back = html_post("/api/portal/return_to_panel", vec![("brand", "northhost".to_owned())]).await.unwrap();
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(back.headers()[header::LOCATION].to_str().unwrap(), format!("/reseller/clients/{emma}"));
    assert!(session_cookie(&back, &portal_cookie).is_some_and(|c| c.contains("Max-Age=0")));
    let portal = html_get("/portal/northhost").await.unwrap();
    assert_eq!(portal.status(), StatusCode::FOUND, "the acting session is over");
    let details = html_get(&format!("/reseller/clients/{emma}")).await.unwrap();
    assert_eq!(details.status(), StatusCode::OK, "the reseller is still signed in");

    // Another reseller's client, and the permission withdrawn (as the hydrated page calls it).
    let issue = |id: i64| client.post(server.url("/api/reseller/login_as_client")).form(&[("client_id", id.to_string())]).send();
    let sara = client_id(&server.db, "sara.ahmadi@example.com").await;
    assert_eq!(issue(sara).await.unwrap().status(), StatusCode::NOT_FOUND);
    let mut limited = northhost.into_active_model();
    limited.allow_login_as_client = Set(false);
    limited.update(&server.db).await.unwrap();
    assert_eq!(issue(emma).await.unwrap().status(), StatusCode::FORBIDDEN);
}

http_on_both_backends!(
    health_answers_when_the_database_does,
    reseller_signs_in_sees_the_panel_and_signs_out,
    wrong_password_and_unknown_email_get_the_same_answer,
    repeated_failures_are_throttled_with_a_clear_answer,
    signing_in_again_rotates_the_session_id,
    server_functions_refuse_callers_without_a_session,
    the_clients_list_answers_with_the_resellers_own_clients_only,
    cross_origin_writes_are_refused,
    the_language_follows_cookie_then_accept_language,
    a_form_posted_without_javascript_redirects_with_the_error_or_the_session,
    a_portal_session_of_one_brand_is_not_valid_on_another,
    unknown_pages_are_404,
    a_portal_speaks_its_resellers_language_when_the_visitor_asks_for_none,
    a_reset_link_is_emailed_and_sets_the_portal_password_once,
    an_smtp_outage_keeps_the_email_and_it_goes_out_later,
    row_actions_follow_the_permissions_the_provider_gave,
    placing_an_order_posts_once_and_redirects_to_it,
    login_as_client_opens_the_portal_once_and_returns_to_the_client,
);
