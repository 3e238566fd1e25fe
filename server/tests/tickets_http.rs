//! Tickets over HTTP without a browser: the portal's and the panel's pages render on the
//! server, the plain forms (no JavaScript) open and answer a ticket, another client's ticket is
//! not found, and with tickets off the portal's pages are 404 and its server functions 403.

use crate::support;
use app::entities::{email_outbox, reseller, ticket, ticket_department, ticket_message};
use app::tickets::TicketStatus;
use reqwest::{Client, StatusCode, header};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, sea_query::Expr};
use server::demo::{DEMO_CLIENT_PASSWORD, DEMO_RESELLER_EN};
use support::{TestServer, browser, http_on_both_backends};

/// A form posted as a browser without JavaScript posts it.
async fn plain_post(client: &Client, url: String, referer: &str, form: &[(&str, &str)]) -> reqwest::Response {
    client
        .post(url)
        .header(header::ACCEPT, "text/html")
        .header(header::REFERER, referer)
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn tickets_over_http(server: &TestServer) {
    let (base, db) = (server.base.clone(), server.db.clone());
    let url = |path: &str| format!("{base}{path}");
    let emma = browser();
    let login = emma
        .post(url("/api/auth/login"))
        .form(&[
            ("area", "portal"),
            ("email", "emma.johnson@example.com"),
            ("password", DEMO_CLIENT_PASSWORD),
            ("brand", "northhost"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);

    let (status, html) = server.html(&emma, "/portal/northhost/tickets").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Question about my invoice") && html.contains("Open ticket") && html.contains("Billing"),
        "{html}"
    );
    let (status, html) = server.html(&emma, "/portal/northhost/tickets/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Technical support") && html.contains(r#"name="input[subject]""#), "{html}");

    let northhost =
        reseller::Entity::find().filter(reseller::Column::Slug.eq("northhost")).one(&db).await.unwrap().unwrap();
    let support = ticket_department::Entity::find()
        .filter(ticket_department::Column::ResellerId.eq(northhost.id))
        .filter(ticket_department::Column::Name.eq("Technical support"))
        .one(&db)
        .await
        .unwrap()
        .unwrap()
        .id
        .to_string();
    let opened = plain_post(
        &emma,
        url("/api/tickets/portal/open"),
        &url("/portal/northhost/tickets/new"),
        &[
            ("brand", "northhost"),
            ("input[department]", &support),
            ("input[subject]", "Plain form ticket"),
            ("input[priority]", "high"),
            ("input[message]", "Written without JavaScript."),
        ],
    )
    .await;
    assert!(opened.status().is_redirection(), "{}", opened.status());
    let location = opened.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let id: i64 = location.strip_prefix("/portal/northhost/tickets/").expect(&location).parse().unwrap();
    let (status, html) = server.html(&emma, &location).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Plain form ticket")
            && html.contains("Written without JavaScript.")
            && html.contains("Close ticket"),
        "{html}"
    );

    let replied = plain_post(
        &emma,
        url("/api/tickets/portal/reply"),
        &url(&location),
        &[("brand", "northhost"), ("id", &id.to_string()), ("message", "A second line.")],
    )
    .await;
    assert!(replied.status().is_redirection(), "{}", replied.status());
    assert_eq!(ticket::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().status, TicketStatus::CustomerReply);

    // The reseller's panel.
    let olivia = browser();
    let login = olivia
        .post(url("/api/auth/login"))
        .form(&[("area", "reseller"), ("email", DEMO_RESELLER_EN.0), ("password", DEMO_RESELLER_EN.1)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    let (status, html) = server.html(&olivia, "/reseller/tickets?status=customer_reply").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Plain form ticket")
            && html.contains("Emma Johnson")
            && html.contains("Question about my invoice"),
        "{html}"
    );
    let (status, html) = server.html(&olivia, &format!("/reseller/tickets/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("A second line.") && html.contains("Send reply"), "{html}");
    let answered = plain_post(
        &olivia,
        url("/api/tickets/reply"),
        &url(&format!("/reseller/tickets/{id}")),
        &[("id", &id.to_string()), ("message", "Done.")],
    )
    .await;
    assert!(answered.status().is_redirection(), "{}", answered.status());
    let closed = plain_post(
        &olivia,
        url("/api/tickets/change"),
        &url(&format!("/reseller/tickets/{id}")),
        &[("id", &id.to_string()), ("change", "close")],
    )
    .await;
    assert!(closed.status().is_redirection(), "{}", closed.status());
    assert_eq!(ticket::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().status, TicketStatus::Closed);
    // The client details' Tickets tab links each ticket to its page and names its department.
    let emma_id = ticket::Entity::find_by_id(id).one(&db).await.unwrap().unwrap().client_id;
    let (status, html) = server.html(&olivia, &format!("/reseller/clients/{emma_id}?tab=tickets")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!(r#"href="/reseller/tickets/{id}""#)) && html.contains("Technical support"),
        "{html}"
    );
    let (status, html) = server.html(&olivia, "/reseller/tickets/departments").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Technical support") && html.contains("Add department"), "{html}");
    let templates: Vec<String> = email_outbox::Entity::find()
        .filter(email_outbox::Column::Template.starts_with("ticket_"))
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| format!("{} {}", e.template, e.to_address))
        .collect();
    assert_eq!(
        templates,
        [
            "ticket_opened help@northhost.example.com",
            "ticket_client_reply help@northhost.example.com",
            "ticket_answered emma.johnson@example.com"
        ]
    );

    // Another client's ticket is not found.
    let sara = browser();
    sara.post(url("/api/auth/login"))
        .form(&[
            ("area", "portal"),
            ("email", "sara.ahmadi@example.com"),
            ("password", DEMO_CLIENT_PASSWORD),
            ("brand", "parsweb"),
        ])
        .send()
        .await
        .unwrap();
    let (status, _) = server.html(&sara, &format!("/portal/parsweb/tickets/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Tickets off: the portal's pages are not found, its server functions refuse.
    reseller::Entity::update_many()
        .col_expr(reseller::Column::AllowPortalTickets, Expr::value(false))
        .filter(reseller::Column::Id.eq(northhost.id))
        .exec(&db)
        .await
        .unwrap();
    for path in ["/portal/northhost/tickets", "/portal/northhost/tickets/new", &location] {
        let (status, html) = server.html(&emma, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            html.contains("Page not found") && !html.contains("Send reply") && !html.contains("Open ticket"),
            "{path}: {html}"
        );
        assert!(!html.contains(r#"href="/portal/northhost/tickets""#), "no nav item: {html}");
    }
    let tickets_before = ticket::Entity::find().count(&db).await.unwrap();
    let messages_before = ticket_message::Entity::find().count(&db).await.unwrap();
    let id = id.to_string();
    for (endpoint, form) in [
        ("list", vec![("brand", "northhost")]),
        ("departments", vec![("brand", "northhost")]),
        ("detail", vec![("brand", "northhost"), ("id", &id)]),
        ("reply", vec![("brand", "northhost"), ("id", &id), ("message", "hi")]),
        ("close", vec![("brand", "northhost"), ("id", &id)]),
        (
            "open",
            vec![
                ("brand", "northhost"),
                ("input[department]", &support),
                ("input[subject]", "After"),
                ("input[message]", "Tickets are off."),
            ],
        ),
    ] {
        let refused = emma.post(url(&format!("/api/tickets/portal/{endpoint}"))).form(&form).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{endpoint}");
    }
    assert_eq!(ticket::Entity::find().count(&db).await.unwrap(), tickets_before, "nothing was opened");
    assert_eq!(ticket_message::Entity::find().count(&db).await.unwrap(), messages_before, "nothing was sent");
    let (status, _) = server.html(&olivia, "/reseller/tickets").await;
    assert_eq!(status, StatusCode::OK, "the reseller's own tickets keep working");
}

http_on_both_backends!(tickets_over_http);
