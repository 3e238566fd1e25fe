//! The HTTP stack end to end, without a browser: the app on port 0 with its own database.

use crate::support;
use app::mail::Template;
use reqwest::{Client, StatusCode, header};
use server::demo::{DEMO_ADMIN, DEMO_CLIENT_PASSWORD, DEMO_RESELLER_EN, DEMO_RESELLER_FA};
use support::{Backend, TestServer, browser, html_lang_dir, http_on_both_backends};

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

    let panel = client
        .get(server.url("/reseller"))
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "fa")
        .send()
        .await
        .unwrap();
    assert_eq!(panel.status(), StatusCode::OK);
    let html = panel.text().await.unwrap();
    assert!(html.contains("نگار محمدی"), "the panel greets the reseller");
    assert_eq!(html_lang_dir(&html), ("fa".into(), "rtl".into()));

    let out = client.post(server.url("/api/auth/logout")).form(&[("area", "reseller")]).send().await.unwrap();
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
    // The free failures from this address, and one more that starts the first delay.
    for _ in 0..6 {
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
    let first =
        session_cookie(&server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await, "rd_reseller")
            .unwrap();
    let second =
        session_cookie(&server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await, "rd_reseller")
            .unwrap();
    let token = |c: &str| c.split(';').next().unwrap().to_owned();
    assert_ne!(token(&first), token(&second));

    // The first id no longer opens the panel.
    let stale = Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let response = stale
        .get(server.url("/reseller"))
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, token(&first))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let response = stale
        .get(server.url("/reseller"))
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, token(&second))
        .send()
        .await
        .unwrap();
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
    let emails: Vec<&str> =
        page["page"]["rows"].as_array().unwrap().iter().map(|r| r["email"].as_str().unwrap()).collect();
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
    let english = client
        .get(server.url("/reseller/login"))
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "en-US,en;q=0.9")
        .send()
        .await
        .unwrap();
    let html = english.text().await.unwrap();
    assert_eq!(html_lang_dir(&html), ("en".into(), "ltr".into()));
    assert!(html.contains("Sign in"));

    let switched =
        client.post(server.url("/language")).form(&[("lang", "fa"), ("next", "/reseller/login")]).send().await.unwrap();
    assert_eq!(switched.status(), StatusCode::SEE_OTHER);
    assert_eq!(switched.headers()[header::LOCATION], "/reseller/login");
    let persian = client
        .get(server.url("/reseller/login"))
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "en-US")
        .send()
        .await
        .unwrap();
    let html = persian.text().await.unwrap();
    assert_eq!(html_lang_dir(&html), ("fa".into(), "rtl".into()));
    assert!(html.contains("ورود"));

    let open_redirect =
        client.post(server.url("/language")).form(&[("lang", "en"), ("next", "//evil.example")]).send().await.unwrap();
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
    let page = client
        .get(&back)
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
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
        .form(&[
            ("area", "portal"),
            ("email", "sara.ahmadi@example.com"),
            ("password", server::demo::DEMO_CLIENT_PASSWORD),
            ("brand", "parsweb"),
        ])
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
    let missing =
        client.get(server.url("/portal/no-such-brand")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

async fn unknown_pages_are_404(server: &TestServer) {
    let response = browser().get(server.url("/no/such/page")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

async fn a_portal_speaks_its_resellers_language_when_the_visitor_asks_for_none(server: &TestServer) {
    let client = browser();
    let english_brand =
        client.get(server.url("/portal/northhost/login")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(html_lang_dir(&english_brand.text().await.unwrap()).0, "en");
    let persian_brand =
        client.get(server.url("/portal/parsweb/login")).header(header::ACCEPT, "text/html").send().await.unwrap();
    assert_eq!(html_lang_dir(&persian_brand.text().await.unwrap()).0, "fa");
    let asked_for_persian = client
        .get(server.url("/portal/northhost/login"))
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, "fa-IR")
        .send()
        .await
        .unwrap();
    assert_eq!(html_lang_dir(&asked_for_persian.text().await.unwrap()).0, "fa");
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

    let theirs = reseller
        .post(server.url("/api/clients/reset_password"))
        .form(&[("id", emma.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND, "another reseller's client");
    let reset = reseller
        .post(server.url("/api/clients/reset_password"))
        .form(&[("id", sara.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(reset.status(), StatusCode::OK);

    let queued = outbox(&server.db).await.into_iter().find(|e| e.template == Template::ClientSetPassword).unwrap();
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
    let email = outbox(&server.db).await.into_iter().find(|e| e.template == Template::ClientSetPassword).unwrap();
    assert_eq!((email.status.code(), email.language.as_str(), email.client_id), ("sent", "fa", Some(sara)));
    assert!(
        !email.body_text.contains(&token) && !email.body_html.contains(&token),
        "the link does not outlive delivery"
    );

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
        .form(&[
            ("area", "portal"),
            ("brand", "parsweb"),
            ("email", "sara.ahmadi@example.com"),
            ("password", "Client!2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = portal
        .post(server.url("/api/auth/login"))
        .form(&[
            ("area", "portal"),
            ("brand", "parsweb"),
            ("email", "sara.ahmadi@example.com"),
            ("password", "a new long password"),
        ])
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
    let email = outbox(&server.db).await.into_iter().find(|e| e.template == Template::ClientSetPassword).unwrap();
    assert_eq!((email.status.code(), email.attempts), ("queued", 1));
    assert_eq!(email.last_error.as_deref(), Some("smtp_unavailable"), "a short kind, translated by the UI");
    assert!(email.next_attempt_at > now, "backs off");
    let early = server::mail::deliver_due(&server.db, &down, now).await.unwrap();
    assert_eq!(early, server::mail::Pass::default(), "not due yet");

    let folder = mail_folder();
    let up = server::mail::Mailer::files(folder.clone()).unwrap();
    let later = server::mail::deliver_due(&server.db, &up, now + time::Duration::minutes(2)).await.unwrap();
    assert_eq!(later.sent, 1);
    let email = outbox(&server.db).await.into_iter().find(|e| e.template == Template::ClientSetPassword).unwrap();
    assert_eq!((email.status.code(), email.attempts, email.last_error), ("sent", 2, None));
    std::fs::remove_dir_all(folder).ok();
}

async fn row_actions_follow_the_permissions_the_provider_gave(server: &TestServer) {
    use app::entities::reseller;
    use sea_orm::{
        ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    };
    let client = browser();
    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let page = |path: &'static str| {
        let client = client.clone();
        let url = server.url(path);
        async move {
            client
                .get(url)
                .header(header::ACCEPT, "text/html")
                .header(header::ACCEPT_LANGUAGE, "en")
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let all = page("/reseller/clients").await;
    for action in [
        "Login as client Emma Johnson",
        "Place order Emma Johnson",
        "Client details Emma Johnson",
        "Delete client Emma Johnson",
    ] {
        assert!(all.contains(&format!("aria-label=\"{action}\"")), "{action}");
    }

    let northhost =
        reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&server.db).await.unwrap().unwrap();
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

    // The server functions refuse as the pages do, and deleting writes nothing.
    let emma = client_id(&server.db, "emma.johnson@example.com").await;
    let audit_rows = || app::entities::audit_log::Entity::find().count(&server.db);
    let audit_before = audit_rows().await.unwrap();
    let delete = client
        .post(server.url("/api/clients/delete"))
        .form(&[("id", emma.to_string()), ("confirm_email", "emma.johnson@example.com".to_owned())])
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), StatusCode::FORBIDDEN);
    assert!(app::entities::client::Entity::find_by_id(emma).one(&server.db).await.unwrap().is_some());
    assert_eq!(audit_rows().await.unwrap(), audit_before, "a refused delete is not audited");
    let wizard = client.post(server.url("/api/orders/wizard")).form(&[("client_id", emma.to_string())]).send().await;
    assert_eq!(wizard.unwrap().status(), StatusCode::FORBIDDEN);
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
    let starter = product::Entity::find()
        .filter(product::Column::NameEn.eq("Linux hosting Starter"))
        .one(&server.db)
        .await
        .unwrap()
        .unwrap();
    let northhost =
        reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&server.db).await.unwrap().unwrap();
    let orders_before =
        order::Entity::find().filter(order::Column::ResellerId.eq(northhost.id)).count(&server.db).await.unwrap();
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
    assert!(
        page.contains("Place order for Emma Johnson") && page.contains("9.99 USD"),
        "the wizard renders on the server"
    );

    // Posted as the form does before hydration.
    let submit =
        || reseller.post(server.url("/api/orders/place")).header(header::ACCEPT, "text/html").form(&form(emma));
    let placed = submit().send().await.unwrap();
    assert_eq!(placed.status(), StatusCode::FOUND);
    let location = placed.headers().get(header::LOCATION).unwrap().to_str().unwrap().to_owned();
    assert!(location.starts_with("/reseller/orders/"), "{location}");
    let again = submit().send().await.unwrap();
    assert_eq!(again.headers().get(header::LOCATION).unwrap().to_str().unwrap(), location, "the same order again");
    let orders_after =
        order::Entity::find().filter(order::Column::ResellerId.eq(northhost.id)).count(&server.db).await.unwrap();
    assert_eq!(orders_after, orders_before + 1);
    // Emma's emails link to NorthHost's own host name, the reseller's to the panel.
    let letters = outbox(&server.db).await;
    let to_emma = letters
        .iter()
        .rev()
        .find(|e| e.template == Template::OrderConfirmation && e.to_address == "emma.johnson@example.com")
        .unwrap();
    assert!(
        to_emma.body_text.contains("http://portal.northhost.localhost/portal/northhost/invoices"),
        "{}",
        to_emma.body_text
    );
    assert!(!to_emma.body_text.contains("127.0.0.1"), "{}", to_emma.body_text);
    let to_reseller = letters.iter().rev().find(|e| e.template == Template::ResellerNewOrder).unwrap();
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
    use sea_orm::{
        ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    };
    let client = browser();
    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let emma = client_id(&server.db, "emma.johnson@example.com").await;
    let html_post = |path: &str, form: Vec<(&'static str, String)>| {
        client
            .post(server.url(path))
            .header(header::ACCEPT, "text/html")
            .header(header::ACCEPT_LANGUAGE, "en")
            .form(&form)
            .send()
    };
    let html_get = |path: &str| {
        client.get(server.url(path)).header(header::ACCEPT, "text/html").header(header::ACCEPT_LANGUAGE, "en").send()
    };

    let issued = html_post("/api/reseller/login_as_client", vec![("client_id", emma.to_string())]).await.unwrap();
    assert_eq!(issued.status(), StatusCode::FOUND);
    let link = issued.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(link.starts_with("/portal/northhost/login-as?token="), "{link}");

    // Opening the link only shows the form that posts it: fetching it spends nothing.
    let landing = html_get(&link).await.unwrap();
    assert_eq!(landing.status(), StatusCode::OK);
    assert_eq!(landing.headers()[header::CACHE_CONTROL], "no-store");
    let page = landing.text().await.unwrap();
    assert!(page.contains("Open the portal as the client"), "{page}");
    assert!(
        page.contains("You are about to open the portal of Emma Johnson (emma.johnson@example.com)"),
        "it says whose account opens"
    );
    let token = link.split_once("token=").unwrap().1.to_owned();
    let redeem = |token: String| {
        html_post("/api/portal/redeem_login_token", vec![("brand", "northhost".to_owned()), ("token", token)])
    };
    let redeemed = redeem(token.clone()).await.unwrap();
    assert_eq!(redeemed.status(), StatusCode::FOUND);
    assert_eq!(redeemed.headers()[header::LOCATION], "/portal/northhost");
    let northhost =
        reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&server.db).await.unwrap().unwrap();
    let portal_cookie = format!("rd_portal_{}", northhost.id);
    assert!(session_cookie(&redeemed, &portal_cookie).is_some_and(|c| c.contains("HttpOnly")));
    assert!(session_cookie(&redeemed, "rd_reseller").is_none(), "the reseller's own session is left alone");

    let portal = html_get("/portal/northhost").await.unwrap();
    assert_eq!(portal.status(), StatusCode::OK);
    let html = portal.text().await.unwrap();
    assert!(
        html.contains("You are signed in as Emma Johnson") && html.contains("Return to reseller panel"),
        "the banner shows"
    );

    let again = client
        .post(server.url("/api/portal/redeem_login_token"))
        .form(&[("brand", "northhost"), ("token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND, "the link works once");
    let used = html_get(&link).await.unwrap();
    assert_eq!(used.status(), StatusCode::NOT_FOUND, "a used link's page is a 404");
    assert!(!used.text().await.unwrap().contains("Open the portal as the client"));

    let back = html_post("/api/portal/return_to_panel", vec![("brand", "northhost".to_owned())]).await.unwrap();
    assert_eq!(back.status(), StatusCode::FOUND);
    assert_eq!(back.headers()[header::LOCATION].to_str().unwrap(), format!("/reseller/clients/{emma}"));
    assert!(session_cookie(&back, &portal_cookie).is_some_and(|c| c.contains("Max-Age=0")));
    let portal = html_get("/portal/northhost").await.unwrap();
    assert_eq!(portal.status(), StatusCode::FOUND, "the acting session is over");
    let details = html_get(&format!("/reseller/clients/{emma}")).await.unwrap();
    assert_eq!(details.status(), StatusCode::OK, "the reseller is still signed in");

    // Another reseller's client, and the permission withdrawn (as the hydrated page calls it).
    let issue = |id: i64| {
        client.post(server.url("/api/reseller/login_as_client")).form(&[("client_id", id.to_string())]).send()
    };
    let sara = client_id(&server.db, "sara.ahmadi@example.com").await;
    assert_eq!(issue(sara).await.unwrap().status(), StatusCode::NOT_FOUND);
    let mut limited = northhost.into_active_model();
    limited.allow_login_as_client = Set(false);
    limited.update(&server.db).await.unwrap();
    let tokens = || app::entities::login_token::Entity::find().count(&server.db);
    let tokens_before = tokens().await.unwrap();
    assert_eq!(issue(emma).await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(tokens().await.unwrap(), tokens_before, "a refusal issues no token");
}

/// Bodies no server function can read: empty, not form encoding, not UTF-8, absurd numbers,
/// nesting deeper than any argument, and JSON that is not JSON.
fn malformed_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let deep = format!("{}=1", (0..200).map(|_| "[a]").collect::<String>().replacen("[a]", "a", 1));
    vec![
        ("application/x-www-form-urlencoded", Vec::new()),
        ("application/x-www-form-urlencoded", b"%%%&&==[[]]%ZZ".to_vec()),
        ("application/x-www-form-urlencoded", vec![0xff, 0xfe, b'=', 0xc3]),
        (
            "application/x-www-form-urlencoded",
            b"id=1e400&client_id=99999999999999999999999&number=-x&page=abc&query[page]=-1&query[per_page]=0&area=nowhere&status=%00&input[email]=x"
                .to_vec(),
        ),
        ("application/x-www-form-urlencoded", deep.into_bytes()),
        ("application/json", b"{not json".to_vec()),
    ]
}

/// Every server function, as a visitor and signed in to each area, answers every malformed
/// body with a 4xx (a clear refusal), never a 5xx or a dropped connection. A function that
/// takes no arguments (its empty call succeeds) has nothing to misread and may succeed.
async fn every_server_function_refuses_malformed_arguments_with_a_4xx(server: &TestServer) {
    let paths: Vec<(&str, String)> =
        leptos::server_fn::axum::server_fn_paths().map(|(path, method)| (path, method.to_string())).collect();
    assert!(paths.len() > 80, "the server functions are registered: {}", paths.len());
    let admin = browser();
    assert_eq!(server.login(&admin, "admin", DEMO_ADMIN.0, DEMO_ADMIN.1).await.status(), StatusCode::OK);
    let reseller = browser();
    assert_eq!(
        server.login(&reseller, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await.status(),
        StatusCode::OK
    );
    let client = browser();
    let signed_in =
        server.login_to(&client, "portal", Some("northhost"), "emma.johnson@example.com", DEMO_CLIENT_PASSWORD).await;
    assert_eq!(signed_in.status(), StatusCode::OK);

    let mut answered_5xx = Vec::new();
    for (who, caller) in [("visitor", browser()), ("admin", admin), ("reseller", reseller), ("client", client)] {
        for (path, method) in &paths {
            // Signing out would only make the rest of this caller's calls a visitor's.
            if path.ends_with("/logout") && who != "visitor" {
                continue;
            }
            let mut takes_nothing = false;
            for (n, (content_type, body)) in malformed_bodies().into_iter().enumerate() {
                let request = match method.as_str() {
                    "GET" => caller.get(format!("{}{path}?{}", server.base, String::from_utf8_lossy(&body))),
                    _ => caller.post(server.url(path)).header(header::CONTENT_TYPE, content_type).body(body.clone()),
                };
                let status = request.send().await.map(|r| r.status());
                if n == 0 {
                    takes_nothing = status.as_ref().is_ok_and(|s| s.is_success());
                }
                match status {
                    Ok(status) if status.is_client_error() || (takes_nothing && status.is_success()) => {}
                    other => answered_5xx.push(format!(
                        "{who} {method} {path} {content_type} {:?}: {other:?}",
                        String::from_utf8_lossy(&body)
                    )),
                }
            }
        }
    }
    assert!(
        answered_5xx.is_empty(),
        "{} calls were not refused with a 4xx:\n{}",
        answered_5xx.len(),
        answered_5xx.join("\n")
    );
}

/// The clients list takes the page sizes the UI offers and page numbers in range; anything
/// else is a 400 that says so, not a panic or the whole table.
async fn list_pages_and_sizes_are_bounded(server: &TestServer) {
    let client = browser();
    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let list = |changes: &[(&'static str, String)]| {
        let mut form: Vec<(&str, String)> = LIST_QUERY.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        for (key, value) in changes {
            form.retain(|(k, _)| k != key);
            form.push((key, value.clone()));
        }
        client.post(server.url("/api/clients/list")).form(&form).send()
    };
    assert_eq!(list(&[]).await.unwrap().status(), StatusCode::OK);
    for size in ["10", "25", "50", "100"] {
        assert_eq!(
            list(&[("query[per_page]", size.to_owned())]).await.unwrap().status(),
            StatusCode::OK,
            "per_page={size}"
        );
    }
    let long_search = "x".repeat(1_000);
    for (key, value) in [
        ("query[per_page]", "0".to_owned()),
        ("query[per_page]", "7".to_owned()),
        ("query[per_page]", "1000000".to_owned()),
        ("query[per_page]", "-1".to_owned()),
        ("query[page]", "0".to_owned()),
        ("query[page]", "999999999999".to_owned()),
        ("query[sort]", "password_hash".to_owned()),
        ("query[search]", long_search),
    ] {
        let response = list(&[(key, value.clone())]).await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{key}={}", &value[..value.len().min(20)]);
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(body.get("BadRequest").is_some(), "{key}: {body}");
    }
    for (path, form) in [
        ("/api/orders/list", vec![("query[page]", "0"), ("query[status]", "")]),
        ("/api/invoices/list", vec![("query[page]", "-3"), ("query[status]", "")]),
        ("/api/tickets/list", vec![("query[page]", "99999999999"), ("query[status]", "")]),
    ] {
        let response = client.post(server.url(path)).form(&form).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
    }
}

/// The nonce in a page's Content-Security-Policy.
fn nonce_of(policy: &str) -> String {
    policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce in the policy").to_owned()
}

/// Every page carries a policy that runs only its own scripts and style sheets (those with
/// this response's nonce), a fresh nonce per response; other answers may run nothing.
async fn pages_carry_a_content_security_policy_with_a_fresh_nonce(server: &TestServer) {
    let client = browser();
    server.login(&client, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let mut nonces = Vec::new();
    for path in [
        "/reseller/login",
        "/reseller",
        "/reseller/clients",
        "/portal/northhost/login",
        "/portal/parsweb/login",
        "/no-such-page",
    ] {
        let response = client.get(server.url(path)).header(header::ACCEPT, "text/html").send().await.unwrap();
        let policy = response
            .headers()
            .get(header::CONTENT_SECURITY_POLICY)
            .unwrap_or_else(|| panic!("{path}: no policy"))
            .to_str()
            .unwrap()
            .to_owned();
        for part in ["object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "default-src 'self'"] {
            assert!(policy.contains(part), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        let nonce = nonce_of(&policy);
        assert!(nonce.len() >= 16, "{path}: a short nonce {nonce}");
        let html = response.text().await.unwrap();
        for tag in ["<script", "<style"] {
            for element in html.split(tag).skip(1) {
                let opening = element.split('>').next().unwrap_or_default();
                assert!(
                    opening.contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: {tag}{opening}> has no nonce {nonce}"
                );
            }
        }
        assert!(!html.contains(" style=\""), "{path}: a style attribute, which the policy refuses");
        nonces.push(nonce);
    }
    let mut distinct = nonces.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), nonces.len(), "every response has its own nonce: {nonces:?}");
    let health = browser().get(server.url("/health")).send().await.unwrap();
    assert_eq!(
        health.headers()[header::CONTENT_SECURITY_POLICY],
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
    );
}

/// A staff member changes their own password: the current one must be right, the other
/// sessions end, this one stays, and the new password signs in.
async fn staff_change_their_own_password_and_other_sessions_end(server: &TestServer) {
    let here = browser();
    let elsewhere = browser();
    for c in [&here, &elsewhere] {
        assert_eq!(server.login(c, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await.status(), StatusCode::OK);
    }
    let change = |current: &str, password: &str, confirm: &str| {
        here.post(server.url("/api/account/password"))
            .form(&[("area", "reseller"), ("current", current), ("password", password), ("confirm", confirm)])
            .send()
    };
    let wrong = change("not it", "a brand new secret", "a brand new secret").await.unwrap();
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().await.unwrap().contains("current"));
    let mismatch = change(DEMO_RESELLER_EN.1, "a brand new secret", "another secret").await.unwrap();
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let bad_area = here
        .post(server.url("/api/account/password"))
        .form(&[("area", "nowhere"), ("current", "x"), ("password", "y"), ("confirm", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(bad_area.status(), StatusCode::BAD_REQUEST);
    let visitor = browser()
        .post(server.url("/api/account/password"))
        .form(&[("area", "reseller"), ("current", "x"), ("password", "y"), ("confirm", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(visitor.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        change(DEMO_RESELLER_EN.1, "a brand new secret", "a brand new secret").await.unwrap().status(),
        StatusCode::OK
    );

    let page = |c: &Client| c.get(server.url("/reseller")).header(header::ACCEPT, "text/html").send();
    assert_eq!(page(&here).await.unwrap().status(), StatusCode::OK, "the session that changed it stays");
    assert_eq!(page(&elsewhere).await.unwrap().status(), StatusCode::FOUND, "every other session ended");
    let old = server.login(&browser(), "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = server.login(&browser(), "reseller", DEMO_RESELLER_EN.0, "a brand new secret").await;
    assert_eq!(new.status(), StatusCode::OK);
}

/// The provider suspending a reseller ends their sessions at once.
async fn suspending_a_reseller_ends_their_sessions(server: &TestServer) {
    use app::entities::reseller;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let panel = browser();
    server.login(&panel, "reseller", DEMO_RESELLER_EN.0, DEMO_RESELLER_EN.1).await;
    let northhost =
        reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&server.db).await.unwrap().unwrap();
    let admin = browser();
    server.login(&admin, "admin", DEMO_ADMIN.0, DEMO_ADMIN.1).await;
    let form = admin
        .post(server.url("/api/admin/reseller_form"))
        .form(&[("id", northhost.id.to_string())])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let mut input: serde_json::Value = form.json().await.unwrap();
    input["status"] = "suspended".into();
    let mut fields = vec![("id".to_owned(), northhost.id.to_string())];
    for (key, value) in input.as_object().unwrap() {
        let value = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        fields.push((format!("input[{key}]"), value));
    }
    let update = admin.post(server.url("/api/admin/update_reseller")).form(&fields).send().await.unwrap();
    assert_eq!(update.status(), StatusCode::OK, "{}", update.text().await.unwrap());
    let sessions = app::entities::session::Entity::find()
        .filter(app::entities::session::Column::Area.eq("reseller"))
        .filter(app::entities::session::Column::SubjectId.eq(northhost.id))
        .count(&server.db)
        .await
        .unwrap();
    assert_eq!(sessions, 0, "the suspended reseller's sessions are gone");
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
    every_server_function_refuses_malformed_arguments_with_a_4xx,
    list_pages_and_sizes_are_bounded,
    pages_carry_a_content_security_policy_with_a_fresh_nonce,
    staff_change_their_own_password_and_other_sessions_end,
    suspending_a_reseller_ends_their_sessions,
);
