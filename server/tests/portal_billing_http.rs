//! The portal's invoice pages and paying without JavaScript, over HTTP against the demo data:
//! the server-rendered invoice offers credit and bank transfer, a plain form post pays and
//! redirects back to the invoice, and with portal payments off the forms are gone and the
//! server function answers 403.

use crate::support;
use app::entities::{audit_log, client, invoice, reseller};
use reqwest::{Client, StatusCode, header};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use support::{TestServer, browser, http_on_both_backends};

impl TestServer {
    /// A browser-like client signed in to Sara's portal.
    async fn sara(&self) -> Client {
        let client = browser();
        let response = self
            .login_to(&client, "portal", Some("parsweb"), "sara.ahmadi@example.com", server::demo::DEMO_CLIENT_PASSWORD)
            .await;
        assert_eq!(response.status(), StatusCode::OK);
        client
    }

    /// Sara's newest unpaid invoice: the renewal her demo credit pays.
    async fn renewal(&self) -> invoice::Model {
        let sara = client::Entity::find()
            .filter(client::Column::Email.eq("sara.ahmadi@example.com"))
            .one(&self.db)
            .await
            .unwrap()
            .unwrap();
        invoice::Entity::find()
            .filter(invoice::Column::ClientId.eq(sara.id))
            .filter(invoice::Column::Status.eq("unpaid"))
            .order_by_desc(invoice::Column::Number)
            .one(&self.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn pay(&self, client: &Client, bill: &invoice::Model, gateway: &str, accept: &str) -> reqwest::Response {
        let invoice_page = self.url(&format!("/portal/parsweb/invoices/{}", bill.number));
        client
            .post(self.url("/api/portal/invoices/pay"))
            .header(header::ACCEPT, accept)
            .header(header::REFERER, invoice_page)
            .form(&[
                ("brand", "parsweb"),
                ("number", &bill.number.to_string()),
                ("gateway", gateway),
                ("seen_paid", &bill.amount_paid.to_string()),
            ])
            .send()
            .await
            .unwrap()
    }
}

async fn a_client_pays_from_credit_with_a_plain_form_and_lands_on_the_paid_invoice(server: &TestServer) {
    let sara = server.sara().await;
    let bill = server.renewal().await;
    let path = format!("/portal/parsweb/invoices/{}", bill.number);

    let (status, html) = server.html(&sara, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Invoice #{}", bill.number)), "the printable invoice");
    assert!(html.contains("Pay from your account credit") && html.contains("Pay 150,000 Toman from credit"), "{html}");
    assert!(html.contains("Pay by bank transfer") && html.contains("I have sent the transfer"));
    assert!(html.contains(r#"name="seen_paid" value="0""#));

    let paid = server.pay(&sara, &bill, "credit", "text/html").await;
    assert_eq!(paid.status(), StatusCode::FOUND);
    let back = paid.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert_eq!(back, format!("{path}?done=paid"));
    let (_, html) = server.html(&sara, &back).await;
    assert!(html.contains("The invoice is paid. Thank you!"));
    assert!(!html.contains("from credit") && !html.contains("I have sent the transfer"), "nothing left to pay");
    let stored = invoice::Entity::find_by_id(bill.id).one(&server.db).await.unwrap().unwrap();
    assert_eq!((stored.status.code(), stored.amount_paid), ("paid", bill.total));

    // The same form posted again: refused, and sent back to the invoice with the error.
    let again = server.pay(&sara, &bill, "credit", "text/html").await;
    assert_eq!(again.status(), StatusCode::FOUND);
    let back = again.headers()[header::LOCATION].to_str().unwrap().to_owned();
    assert!(back.starts_with(&server.url(&path)) && back.contains("__err="), "{back}");
    let (_, html) = server.html(&sara, back.trim_start_matches(&server.base)).await;
    assert!(html.contains("This invoice changed in the meantime"), "the refusal is rendered on the server");

    // Another client's invoice is not found.
    let (status, _) = server.html(&sara, "/portal/parsweb/invoices/3").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn with_portal_payments_off_there_is_no_pay_form_and_paying_is_forbidden(server: &TestServer) {
    reseller::Entity::update_many()
        .col_expr(reseller::Column::AllowPortalPayments, Expr::value(false))
        .filter(reseller::Column::Slug.eq("parsweb"))
        .exec(&server.db)
        .await
        .unwrap();
    let sara = server.sara().await;
    let bill = server.renewal().await;

    let (status, html) = server.html(&sara, &format!("/portal/parsweb/invoices/{}", bill.number)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("Invoice #{}", bill.number)));
    assert!(
        !html.contains("seen_paid") && !html.contains("Pay this invoice") && !html.contains("I have sent the transfer"),
        "{html}"
    );

    let credit = || async {
        let sara = client::Entity::find().filter(client::Column::Email.eq("sara.ahmadi@example.com"));
        sara.one(&server.db).await.unwrap().unwrap().credit_balance
    };
    let (credit_before, audit_before) = (credit().await, audit_log::Entity::find().count(&server.db).await.unwrap());
    for gateway in ["credit", "bank_transfer", "card"] {
        let refused = server.pay(&sara, &bill, gateway, "application/json").await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "{gateway}");
    }
    let stored = invoice::Entity::find_by_id(bill.id).one(&server.db).await.unwrap().unwrap();
    assert_eq!((stored.status.code(), stored.amount_paid), ("unpaid", 0));
    assert_eq!(credit().await, credit_before, "no credit was taken");
    assert_eq!(audit_log::Entity::find().count(&server.db).await.unwrap(), audit_before, "nothing was recorded");
}

http_on_both_backends!(
    a_client_pays_from_credit_with_a_plain_form_and_lands_on_the_paid_invoice,
    with_portal_payments_off_there_is_no_pay_form_and_paying_is_forbidden,
);
