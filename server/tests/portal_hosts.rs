//! Portals on their own host names, the logo over HTTP, and the settings forms posted without
//! JavaScript: the app on port 0 with the demo data (which maps `parsweb.localhost` and
//! `portal.northhost.localhost`).

use crate::support;
use reqwest::{Client, StatusCode, header};
use server::demo::{DEMO_RESELLER_EN, DEMO_RESELLER_FA};
use support::{TestServer, browser, http_on_both_backends};

impl TestServer {
    async fn sign_in_reseller(&self, client: &Client, who: (&str, &str)) {
        assert_eq!(self.login(client, "reseller", who.0, who.1).await.status(), StatusCode::OK);
    }

    /// Posts `file` as the upload form's `logo` field, the way a browser without JavaScript does.
    async fn upload_logo(
        &self,
        client: &Client,
        file_name: &str,
        claimed_type: &str,
        file: &[u8],
    ) -> reqwest::Response {
        let boundary = "----rdtestboundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{file_name}\"\r\nContent-Type: {claimed_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        client
            .post(self.url("/reseller/settings/logo"))
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::ACCEPT, "text/html")
            .body(body)
            .send()
            .await
            .unwrap()
    }
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

async fn a_mapped_host_is_its_resellers_portal_and_nothing_else(server: &TestServer) {
    let client = browser();
    let host = Some("parsweb.localhost");

    let home = server.page(&client, host, "/").await;
    assert!(home.status().is_redirection(), "{}", home.status());
    assert_eq!(home.headers()[header::LOCATION], "/portal/parsweb");

    // The port a browser adds is not part of the name; case does not matter.
    let with_port = server.page(&client, Some("ParsWeb.localhost:3000"), "/").await;
    assert_eq!(with_port.headers()[header::LOCATION], "/portal/parsweb");

    let sign_in = server.page(&client, host, "/portal/parsweb/login").await;
    assert_eq!(sign_in.status(), StatusCode::OK);
    let html = sign_in.text().await.unwrap();
    assert!(html.contains("پارس‌وب"), "the portal shows its brand");
    assert!(html.contains(".portal{--brand:#0f766e}"), "in its colour, from a style sheet the page's policy allows");
    assert!(!html.contains("NorthHost"), "and no other brand");

    for path in ["/reseller/login", "/reseller", "/admin/login", "/portal/northhost/login", "/portal/northhost"] {
        let response = server.page(&client, host, path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body = response.text().await.unwrap();
        assert!(!body.contains("ResellerDesk") && !body.contains("NorthHost"), "{path}: {body}");
    }

    // The other demo brand on its own host.
    let north = server.page(&client, Some("portal.northhost.localhost"), "/").await;
    assert_eq!(north.headers()[header::LOCATION], "/portal/northhost");
    let crossed = server.page(&client, Some("portal.northhost.localhost"), "/portal/parsweb/login").await;
    assert_eq!(crossed.status(), StatusCode::NOT_FOUND);

    // Server functions the portal pages call still answer there.
    let brand = client
        .post(server.url("/api/portal/brand"))
        .header(header::HOST, "parsweb.localhost")
        .form(&[("slug", "parsweb")])
        .send()
        .await
        .unwrap();
    assert_eq!(brand.status(), StatusCode::OK);

    // The server functions of the panels and of other brands do not: the request's host name
    // decides, whatever the body names.
    let post = |path: &'static str, form: &'static [(&'static str, &'static str)]| {
        client.post(server.url(path)).header(header::HOST, "parsweb.localhost").form(form).send()
    };
    let other_brand = post("/api/portal/brand", &[("slug", "northhost")]).await.unwrap();
    assert_eq!(other_brand.status(), StatusCode::NOT_FOUND);
    let panel_login = post(
        "/api/auth/login",
        &[("area", "reseller"), ("email", "parsweb@example.com"), ("password", "Reseller!2026")],
    )
    .await
    .unwrap();
    assert_eq!(panel_login.status(), StatusCode::NOT_FOUND);
    let panel_call = post("/api/reseller/overview", &[]).await.unwrap();
    assert_eq!(panel_call.status(), StatusCode::NOT_FOUND);
    // A load balancer may check health on any name.
    assert_eq!(server.page(&client, host, "/health").await.status(), StatusCode::OK);
}

async fn the_providers_host_and_unknown_hosts_behave_as_before(server: &TestServer) {
    let client = browser();
    let landing = server.page(&client, None, "/").await;
    assert_eq!(landing.status(), StatusCode::OK);
    assert_eq!(server.page(&client, None, "/reseller/login").await.status(), StatusCode::OK);
    assert_eq!(server.page(&client, None, "/admin/login").await.status(), StatusCode::OK);
    assert_eq!(server.page(&client, None, "/portal/parsweb/login").await.status(), StatusCode::OK);
    assert_eq!(server.page(&client, None, "/portal/northhost/login").await.status(), StatusCode::OK);
    let unknown = server.page(&client, Some("unmapped.example.com"), "/reseller/login").await;
    assert_eq!(unknown.status(), StatusCode::OK);
}

async fn the_logo_is_uploaded_without_javascript_and_served_with_its_type(server: &TestServer) {
    let client = browser();
    assert_eq!(server.page(&client, None, "/portal/parsweb/logo").await.status(), StatusCode::NOT_FOUND);

    // Signed out: to the sign-in page, nothing stored.
    let anonymous = server.upload_logo(&browser(), "logo.png", "image/png", PNG).await;
    assert!(anonymous.status().is_redirection());
    assert_eq!(anonymous.headers()[header::LOCATION], "/reseller/login");

    server.sign_in_reseller(&client, DEMO_RESELLER_FA).await;
    // A text file named and labelled as a PNG is refused, with the reason in the address.
    let fake = server.upload_logo(&client, "logo.png", "image/png", b"not really an image\n").await;
    assert!(fake.status().is_redirection());
    assert_eq!(fake.headers()[header::LOCATION], "/reseller/settings?logo_error=type");
    let big = server.upload_logo(&client, "logo.png", "image/png", &[PNG, &vec![0u8; 300 * 1024]].concat()).await;
    assert_eq!(big.headers()[header::LOCATION], "/reseller/settings?logo_error=size");
    assert_eq!(server.page(&client, None, "/portal/parsweb/logo").await.status(), StatusCode::NOT_FOUND);

    let saved = server.upload_logo(&client, "brand.bin", "application/octet-stream", PNG).await;
    assert!(saved.status().is_redirection());
    assert_eq!(saved.headers()[header::LOCATION], "/reseller/settings?logo=saved");

    for host in [None, Some("parsweb.localhost")] {
        let logo = server.page(&client, host, "/portal/parsweb/logo?v=1").await;
        assert_eq!(logo.status(), StatusCode::OK);
        assert_eq!(logo.headers()[header::CONTENT_TYPE], "image/png");
        assert_eq!(logo.headers()[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert!(logo.headers()[header::CACHE_CONTROL].to_str().unwrap().contains("max-age=31536000"));
        assert_eq!(logo.bytes().await.unwrap().as_ref(), PNG);
    }
    // Another brand's logo is not served on this brand's host.
    let crossed = server.page(&client, Some("portal.northhost.localhost"), "/portal/parsweb/logo").await;
    assert_eq!(crossed.status(), StatusCode::NOT_FOUND);

    let settings = server.page(&client, None, "/reseller/settings").await.text().await.unwrap();
    assert!(settings.contains("/portal/parsweb/logo?v="), "the settings page shows the current logo");
}

async fn hosts_added_in_settings_serve_the_portal_at_once(server: &TestServer) {
    let client = browser();
    assert_eq!(
        server.page(&client, Some("shop.northhost.example"), "/").await.status(),
        StatusCode::OK,
        "not mapped yet: the landing page"
    );

    server.sign_in_reseller(&client, DEMO_RESELLER_EN).await;
    let add = |host: &'static str| client.post(server.url("/api/settings/add_host")).form(&[("host", host)]).send();
    let added = add("Shop.NorthHost.example").await.unwrap();
    assert_eq!(added.status(), StatusCode::OK);
    let row: serde_json::Value = added.json().await.unwrap();
    assert_eq!(row["host"], "shop.northhost.example");

    let home = server.page(&browser(), Some("shop.northhost.example"), "/").await;
    assert_eq!(home.headers()[header::LOCATION], "/portal/northhost");

    for (host, problem) in
        [("parsweb.localhost", "taken"), ("127.0.0.1", "invalid_domain"), ("http://x.example", "invalid_domain")]
    {
        let refused = add(host).await.unwrap();
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{host}");
        let body: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(body["Validation"][0]["field"], "host");
        assert_eq!(body["Validation"][0]["problem"], problem, "{host}");
    }

    let page = server.page(&client, None, "/reseller/settings").await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("shop.northhost.example") && html.contains("portal.northhost.localhost"),
        "the page lists both hosts"
    );

    // Removing it unmaps it at once.
    let id = row["id"].as_i64().unwrap().to_string();
    let removed =
        client.post(server.url("/api/settings/remove_host")).form(&[("id", id.as_str())]).send().await.unwrap();
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(server.page(&browser(), Some("shop.northhost.example"), "/").await.status(), StatusCode::OK);
}

async fn the_branding_form_posted_without_javascript_changes_the_portal(server: &TestServer) {
    let client = browser();
    server.sign_in_reseller(&client, DEMO_RESELLER_EN).await;
    let form = |brand: &'static str, colour: &'static str| {
        [
            ("input[brand_name]", brand),
            ("input[primary_color]", colour),
            ("input[support_email]", "help@northhost.example.com"),
            ("input[default_language]", "en"),
            ("input[amounts_in]", "rial"),
            ("input[pay_to_text]", "North Host Ltd."),
            ("input[bank_transfer_text]", ""),
        ]
    };
    let post = |fields: [(&'static str, &'static str); 7]| {
        client
            .post(server.url("/api/settings/save"))
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, server.url("/reseller/settings"))
            .form(&fields)
            .send()
    };

    let refused = post(form("North Star", "purple")).await.unwrap();
    assert!(refused.status().is_redirection());
    let back = refused.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(back.contains("/reseller/settings") && back.contains("__err="), "{back}");
    let with_error = server.page(&client, None, back.trim_start_matches(&server.base)).await.text().await.unwrap();
    assert!(with_error.contains("Enter a colour such as #0f766e."), "the field's error is on the page");

    let saved = post(form("North Star", "#7c3aed")).await.unwrap();
    assert!(saved.status().is_redirection());
    assert_eq!(saved.headers()[header::LOCATION], "/reseller/settings?saved=1");

    let portal = server.page(&browser(), Some("portal.northhost.localhost"), "/portal/northhost/login").await;
    let html = portal.text().await.unwrap();
    assert!(html.contains("North Star") && html.contains("#7c3aed"), "the portal carries the new brand");
}

http_on_both_backends!(
    a_mapped_host_is_its_resellers_portal_and_nothing_else,
    the_providers_host_and_unknown_hosts_behave_as_before,
    the_logo_is_uploaded_without_javascript_and_served_with_its_type,
    hosts_added_in_settings_serve_the_portal_at_once,
    the_branding_form_posted_without_javascript_changes_the_portal,
);
