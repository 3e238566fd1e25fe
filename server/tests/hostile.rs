//! A hostile-data sweep over the server-rendered HTML (DESIGN.md §8: every user-controlled
//! string is text, never markup). The demo database gets markup in every free-text column a user
//! can fill (client details, brands, pay-to and bank transfer texts, catalog names and
//! descriptions, order and invoice lines, service labels, domains, tickets and their messages,
//! departments, the admin's name, payment references, audit details, email subjects), more comes
//! in through the forms (a ticket, a reply, orders), and a few query parameters the pages echo
//! carry it too. Then every page of every area is fetched, in English and in Persian, as the
//! admin, each reseller, each portal client, a reseller acting as a client and a visitor without a
//! session; and the emails the forms queued are read. A page must not answer 5xx, and no page nor
//! HTML email may carry the markup as written: each payload names its field (`alert("tag")`), and
//! the one assertion at the end lists every page, language, user, field and context that did.

use crate::support;
use app::audit::{ActorKind, AuditAction, TargetKind};
use app::clients::ClientStatus;
use app::entities::{
    addon, admin_user, audit_log, client, domain, domain_extension, email_outbox, invoice, invoice_item,
    invoice_transaction, order, order_item, product, product_group, reseller, reseller_host, service, ticket,
    ticket_department, ticket_message,
};
use app::invoices::PaymentMethod;
use reqwest::{Client, StatusCode, header};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    sea_query::Expr,
};
use server::demo::{DEMO_ADMIN, DEMO_CLIENT_PASSWORD, DEMO_RESELLER_EN, DEMO_RESELLER_FA};
use std::collections::BTreeMap;
use support::{TestServer, browser, html_lang_dir, http_on_both_backends};

/// What must never reach a page as written: each is the start of a payload below, unescaped.
const MARKERS: [&str; 5] = ["<script>alert", "<img src=x", "</title><script", "</textarea><script", "</style><script"];

/// The context each payload breaks out of. Any of them is found wherever it is written
/// unescaped; the shapes only make the page's failure realistic.
#[derive(Clone, Copy)]
enum Shape {
    Title,
    Attribute,
    Textarea,
    Style,
    /// The shortest, for a column of 32 characters.
    Bare,
}

/// Markup naming `tag`, the field it was written to, in the `alert` it would run.
fn hostile(tag: &str, shape: Shape) -> String {
    match shape {
        Shape::Title => format!("</title><script>alert(\"{tag}\")</script>"),
        Shape::Attribute => format!("\"><img src=x onerror=alert(\"{tag}\")>"),
        Shape::Textarea => format!("</textarea><script>alert(\"{tag}\")</script>"),
        Shape::Style => format!("</style><script>alert(\"{tag}\")</script>"),
        Shape::Bare => format!("<script>alert(\"{tag}\")</script>"),
    }
}

/// Every shape at once, for a query parameter whose context is not known.
fn hostile_everywhere(tag: &str) -> String {
    format!("\"></title></textarea></style><img src=x onerror=alert(\"{tag}\")><script>alert(\"{tag}\")</script>")
}

/// `pairs` as a query string, percent-encoded.
fn query(pairs: &[(&str, &str)]) -> String {
    let mut url = reqwest::Url::parse("http://localhost/").expect("a URL");
    url.query_pairs_mut().extend_pairs(pairs);
    url.query().unwrap_or_default().to_owned()
}

/// Overwrites every free-text column of the demo data with markup (values that must parse, such
/// as emails, slugs, colours, codes and host names that route, are left alone), and adds the
/// rows the demo lacks: a payment with a reference per paid invoice, an audit row per client, a
/// host name per reseller that no request asks for.
async fn write_hostile_data(db: &DatabaseConnection) {
    use Shape::*;
    let now = time::OffsetDateTime::now_utc();
    macro_rules! set_all {
        ($entity:ident, $(($column:ident, $tag:literal, $shape:expr)),+ $(,)?) => {
            $entity::Entity::update_many()
                $(.col_expr($entity::Column::$column, Expr::value(hostile($tag, $shape))))+
                .exec(db)
                .await
                .expect(concat!("hostile ", stringify!($entity)));
        };
    }
    set_all!(
        client,
        (FirstName, "client.first_name", Title),
        (LastName, "client.last_name", Attribute),
        (Company, "client.company", Style),
        (Address1, "client.address1", Textarea),
        (Address2, "client.address2", Title),
        (City, "client.city", Attribute),
        (State, "client.state", Style),
        (TaxId, "client.tax_id", Attribute),
        (Notes, "client.notes", Textarea),
    );
    reseller::Entity::update_many()
        .col_expr(reseller::Column::BrandName, Expr::value(hostile("reseller.brand_name", Title)))
        .col_expr(reseller::Column::ContactName, Expr::value(hostile("reseller.contact_name", Style)))
        .col_expr(
            reseller::Column::PayToText,
            Expr::value(format!("Pay to\n{}", hostile("reseller.pay_to_text", Textarea))),
        )
        .col_expr(
            reseller::Column::BankTransferText,
            Expr::value(format!("IBAN\n{}", hostile("reseller.bank_transfer_text", Attribute))),
        )
        .exec(db)
        .await
        .expect("hostile resellers");
    set_all!(admin_user, (Name, "admin_user.name", Title));
    set_all!(product_group, (NameFa, "product_group.name_fa", Title), (NameEn, "product_group.name_en", Attribute));
    set_all!(
        product,
        (NameFa, "product.name_fa", Title),
        (NameEn, "product.name_en", Attribute),
        (DescriptionFa, "product.description_fa", Textarea),
        (DescriptionEn, "product.description_en", Style),
    );
    set_all!(
        addon,
        (NameFa, "addon.name_fa", Attribute),
        (NameEn, "addon.name_en", Title),
        (DescriptionFa, "addon.description_fa", Style),
        (DescriptionEn, "addon.description_en", Textarea),
    );
    // `.ir` stays, so domain orders still have an extension to match.
    domain_extension::Entity::update_many()
        .col_expr(domain_extension::Column::Tld, Expr::value(hostile("tld", Bare)))
        .filter(domain_extension::Column::Tld.eq(".com"))
        .exec(db)
        .await
        .expect("a hostile extension");
    set_all!(order_item, (Description, "order_item.description", Title));
    set_all!(invoice_item, (Description, "invoice_item.description", Attribute));
    set_all!(service, (Label, "service.label", Style));
    set_all!(domain, (Name, "domain.name", Title));
    set_all!(ticket, (Subject, "ticket.subject", Title));
    set_all!(ticket_message, (Body, "ticket_message.body", Textarea));
    set_all!(audit_log, (Detail, "audit_log.detail", Title));
    set_all!(email_outbox, (Subject, "email_outbox.subject", Title), (ToName, "email_outbox.to_name", Attribute));
    // Department names are unique per reseller and 64 characters at most.
    for department in ticket_department::Entity::find().all(db).await.expect("departments") {
        ticket_department::Entity::update_many()
            .col_expr(
                ticket_department::Column::Name,
                Expr::value(hostile(&format!("department#{}", department.id), Title)),
            )
            .filter(ticket_department::Column::Id.eq(department.id))
            .exec(db)
            .await
            .expect("a hostile department");
    }
    for bill in invoice::Entity::find().filter(invoice::Column::Status.eq("paid")).all(db).await.expect("paid invoices")
    {
        invoice_transaction::ActiveModel {
            invoice_id: Set(bill.id),
            paid_on: Set(bill.issued_on),
            method: Set(PaymentMethod::BankTransfer),
            reference: Set(hostile("invoice_transaction.reference", Attribute)),
            amount: Set(bill.total),
            fee: Set(0),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("a hostile payment");
    }
    for c in client::Entity::find().all(db).await.expect("clients") {
        audit_log::ActiveModel {
            reseller_id: Set(Some(c.reseller_id)),
            actor_kind: Set(ActorKind::Reseller),
            actor_id: Set(c.reseller_id),
            acting_as_client_id: Set(None),
            action: Set(AuditAction::ClientUpdated),
            target_kind: Set(Some(TargetKind::Client)),
            target_id: Set(Some(c.id)),
            detail: Set(Some(hostile("audit_log.detail", Title))),
            ip: Set(Some("127.0.0.1".to_owned())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("a hostile audit row");
    }
    for r in reseller::Entity::find().all(db).await.expect("resellers") {
        reseller_host::ActiveModel {
            reseller_id: Set(r.id),
            host: Set(hostile(&format!("reseller_host#{}", r.id), Attribute)),
            created_at: Set(now + time::Duration::seconds(1)),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("a hostile host name");
    }
}

/// Who asks for the pages: a name for the report, the client with its cookies, the `Host`.
struct Visitor {
    name: String,
    client: Client,
    host: Option<&'static str>,
}

impl Visitor {
    fn new(name: impl Into<String>, client: Client) -> Self {
        Self { name: name.into(), client, host: None }
    }
}

/// The statuses a page may answer with; anything else is reported, so a lost session or a
/// wrong id does not pass unnoticed as a page without markup.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Ok,
    Redirect,
    NotFound,
    /// Any status below 500 (pages whose answer depends on what the sweep cannot know).
    Any,
}

impl Expect {
    fn allows(self, status: StatusCode) -> bool {
        match self {
            Expect::Ok => status == StatusCode::OK,
            Expect::Redirect => status.is_redirection(),
            Expect::NotFound => status == StatusCode::NOT_FOUND,
            Expect::Any => !status.is_server_error(),
        }
    }
}

/// The payloads and markers found, and the pages that answered otherwise than expected.
#[derive(Default)]
struct Sweep {
    pages: usize,
    emails: usize,
    /// (where, field, marker) → a snippet around the first occurrence.
    leaks: BTreeMap<(String, String, &'static str), String>,
    other: Vec<String>,
}

impl Sweep {
    /// GETs `path` in English and in Persian and checks both answers.
    async fn visit(&mut self, server: &TestServer, who: &Visitor, path: &str, expect: Expect) {
        for lang in ["en", "fa"] {
            let mut request = who
                .client
                .get(server.url(path))
                .header(header::ACCEPT, "text/html")
                .header(header::ACCEPT_LANGUAGE, lang);
            if let Some(host) = who.host {
                request = request.header(header::HOST, host);
            }
            let place = format!("{} GET {path} [{lang}]", who.name);
            let response = match request.send().await {
                Ok(response) => response,
                Err(error) => {
                    self.other.push(format!("{place}: no answer ({error})"));
                    continue;
                }
            };
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            self.pages += 1;
            if status.is_server_error() {
                self.other.push(format!("{place}: status {status}"));
            } else if !expect.allows(status) {
                self.other.push(format!("{place}: status {status}, expected {expect:?}"));
            } else if status == StatusCode::OK && html_lang_dir(&body).0 != lang {
                self.other.push(format!("{place}: the page is not in the language asked for"));
            }
            self.scan(&place, &body);
        }
    }

    /// Records every payload `text` carries as written, by the field it names.
    fn scan(&mut self, place: &str, text: &str) {
        let mut attributed = Vec::new();
        for anchor in ["<script>alert(\"", "<img src=x onerror=alert(\""] {
            for (at, _) in text.match_indices(anchor) {
                let tag_start = at + anchor.len();
                let tag = text[tag_start..].split('"').next().unwrap_or_default().to_owned();
                let before = &text[..at];
                let marker = if anchor.starts_with("<img") {
                    "<img src=x"
                } else if before.ends_with("</title>") {
                    "</title><script"
                } else if before.ends_with("</textarea>") {
                    "</textarea><script"
                } else if before.ends_with("</style>") {
                    "</style><script"
                } else {
                    "<script>alert"
                };
                attributed.push(marker);
                self.leaks.entry((place.to_owned(), tag, marker)).or_insert_with(|| snippet(text, at));
            }
        }
        // Whatever the anchors missed (a payload cut short, say) is still a leak.
        for marker in MARKERS {
            if !attributed.contains(&marker)
                && let Some(at) = text.find(marker)
            {
                self.leaks.entry((place.to_owned(), "?".to_owned(), marker)).or_insert_with(|| snippet(text, at));
            }
        }
    }

    fn note(&mut self, problem: String) {
        self.other.push(problem);
    }

    /// The one assertion: every leak, grouped by field and context first, then page by page.
    fn finish(self) {
        eprintln!("hostile sweep: {} page answers and {} emails read", self.pages, self.emails);
        if self.leaks.is_empty() && self.other.is_empty() {
            return;
        }
        let mut by_field: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
        for (place, tag, marker) in self.leaks.keys() {
            by_field.entry((tag.as_str(), *marker)).or_default().push(place.as_str());
        }
        let mut report = format!(
            "{} payloads written as markup, {} other problems\n\nBy field and context:\n",
            self.leaks.len(),
            self.other.len()
        );
        for ((tag, marker), places) in &by_field {
            report.push_str(&format!("  {tag} as {marker:?}: {} answers, e.g. {}\n", places.len(), places[0]));
        }
        report.push_str("\nEvery leak (where: field, context, around it):\n");
        for ((place, tag, marker), around) in &self.leaks {
            report.push_str(&format!("  {place}: {tag} as {marker:?}: …{around}…\n"));
        }
        if !self.other.is_empty() {
            report.push_str("\nOther problems:\n");
            for problem in &self.other {
                report.push_str(&format!("  {problem}\n"));
            }
        }
        panic!("{report}");
    }
}

/// About 80 characters of `text` around byte `at`, on one line.
fn snippet(text: &str, at: usize) -> String {
    let mut start = at.saturating_sub(40);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + 40).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end].replace(['\n', '\r'], " ")
}

/// A browser signed in to `area`; the sign-in's failure is reported and the sweep goes on.
async fn signed_in(
    server: &TestServer,
    sweep: &mut Sweep,
    area: &str,
    brand: Option<&str>,
    email: &str,
    password: &str,
) -> Client {
    let client = browser();
    let response = server.login_to(&client, area, brand, email, password).await;
    if response.status() != StatusCode::OK {
        sweep.note(format!("signing in to {area} {brand:?} as {email}: status {}", response.status()));
    }
    client
}

/// A form posted to a server function; a failure is reported with what it answered.
async fn post(
    server: &TestServer,
    sweep: &mut Sweep,
    client: &Client,
    what: &str,
    path: &str,
    form: &[(&str, String)],
) -> Option<reqwest::Response> {
    let response = client.post(server.url(path)).form(form).send().await.expect("POST a form");
    let status = response.status();
    if status.is_success() || status.is_redirection() {
        Some(response)
    } else {
        let body = response.text().await.unwrap_or_default();
        sweep.note(format!("{what} (POST {path}): status {status}: {body}"));
        None
    }
}

struct Brand {
    reseller: reseller::Model,
    sign_in: (&'static str, &'static str),
}

async fn brands(db: &DatabaseConnection) -> Vec<Brand> {
    let mut brands = Vec::new();
    for (slug, sign_in) in [("parsweb", DEMO_RESELLER_FA), ("northhost", DEMO_RESELLER_EN)] {
        let reseller = reseller::Entity::find()
            .filter(reseller::Column::Slug.eq(slug))
            .one(db)
            .await
            .expect("a reseller")
            .expect("a demo reseller");
        brands.push(Brand { reseller, sign_in });
    }
    brands
}

async fn clients_of(db: &DatabaseConnection, reseller_id: i64) -> Vec<client::Model> {
    client::Entity::find()
        .filter(client::Column::ResellerId.eq(reseller_id))
        .order_by_asc(client::Column::Id)
        .all(db)
        .await
        .expect("clients")
}

/// Markup typed into the forms, and the emails those forms queue: a reset link, a forgotten
/// password, a ticket and its answer, orders by the reseller and in the store, a bank transfer
/// claimed and an invoice paid from credit. Every HTML body queued must escape what it names.
async fn hostile_forms_and_emails(server: &TestServer, sweep: &mut Sweep) {
    let db = &server.db;
    let before = email_outbox::Entity::find()
        .order_by_desc(email_outbox::Column::Id)
        .one(db)
        .await
        .expect("the outbox")
        .map_or(0, |e| e.id);
    let pro = product::Entity::find()
        .filter(product::Column::Kind.eq("hosting"))
        .order_by_desc(product::Column::Id)
        .one(db)
        .await
        .expect("products")
        .expect("a hosting product");
    for (n, brand) in brands(db).await.into_iter().enumerate() {
        let slug = brand.reseller.slug.clone();
        let clients = clients_of(db, brand.reseller.id).await;
        let first = clients.first().expect("a demo client").clone();
        let panel = signed_in(server, sweep, "reseller", None, brand.sign_in.0, brand.sign_in.1).await;
        let portal = signed_in(server, sweep, "portal", Some(&slug), &first.email, DEMO_CLIENT_PASSWORD).await;

        post(server, sweep, &panel, "a reset link", "/api/clients/reset_password", &[("id", first.id.to_string())])
            .await;
        post(
            server,
            sweep,
            &browser(),
            "a forgotten password",
            "/api/portal/forgot_password",
            &[("brand", slug.clone()), ("email", first.email.clone())],
        )
        .await;

        let department = ticket_department::Entity::find()
            .filter(ticket_department::Column::ResellerId.eq(brand.reseller.id))
            .order_by_asc(ticket_department::Column::Id)
            .one(db)
            .await
            .expect("departments")
            .expect("a department");
        let opened = post(
            server,
            sweep,
            &portal,
            "a hostile ticket",
            "/api/tickets/portal/open",
            &[
                ("brand", slug.clone()),
                ("input[department]", department.id.to_string()),
                ("input[subject]", hostile("form.ticket_subject", Shape::Title)),
                ("input[priority]", "high".to_owned()),
                ("input[message]", format!("Hello\n{}", hostile("form.ticket_message", Shape::Textarea))),
            ],
        )
        .await;
        if opened.is_some() {
            let id = ticket::Entity::find()
                .filter(ticket::Column::ClientId.eq(first.id))
                .order_by_desc(ticket::Column::Id)
                .one(db)
                .await
                .expect("tickets")
                .expect("the new ticket")
                .id;
            post(
                server,
                sweep,
                &portal,
                "a hostile client reply",
                "/api/tickets/portal/reply",
                &[
                    ("brand", slug.clone()),
                    ("id", id.to_string()),
                    ("message", hostile("form.ticket_client_reply", Shape::Attribute)),
                ],
            )
            .await;
            post(
                server,
                sweep,
                &panel,
                "a hostile answer",
                "/api/tickets/reply",
                &[("id", id.to_string()), ("message", hostile("form.ticket_answer", Shape::Textarea))],
            )
            .await;
        }

        let order = |key: String| {
            vec![
                ("item", format!("product-{}", pro.id)),
                ("cycle", "monthly".to_owned()),
                ("hostname", format!("hostile-sweep-{n}.ir")),
                ("domain", String::new()),
                ("years", String::new()),
                ("addons", String::new()),
                ("key", key),
                ("total", String::new()),
            ]
        };
        let mut by_reseller = order(format!("hostile-sweep-order-{n:08}"));
        by_reseller.push(("client_id", first.id.to_string()));
        post(server, sweep, &panel, "an order by the reseller", "/api/orders/place", &by_reseller).await;
        let mut in_store = order(format!("hostile-sweep-store-{n:08}"));
        in_store.push(("brand", slug.clone()));
        post(server, sweep, &portal, "an order in the store", "/api/portal/store/place", &in_store).await;

        // The demo's renewal: claimed by bank transfer for one brand, paid from credit for the other.
        let renewal = invoice::Entity::find()
            .filter(invoice::Column::ClientId.eq(first.id))
            .filter(invoice::Column::Status.eq("unpaid"))
            .filter(invoice::Column::OrderId.is_null())
            .one(db)
            .await
            .expect("invoices");
        if let Some(bill) = renewal {
            let gateway = if n == 0 { "credit" } else { "bank_transfer" };
            post(
                server,
                sweep,
                &portal,
                "paying an invoice",
                "/api/portal/invoices/pay",
                &[
                    ("brand", slug.clone()),
                    ("number", bill.number.to_string()),
                    ("gateway", gateway.to_owned()),
                    ("seen_paid", bill.amount_paid.to_string()),
                ],
            )
            .await;
        } else {
            sweep.note(format!("{slug}: no unpaid renewal to pay"));
        }
    }

    let queued = email_outbox::Entity::find()
        .filter(email_outbox::Column::Id.gt(before))
        .order_by_asc(email_outbox::Column::Id)
        .all(db)
        .await
        .expect("the outbox");
    let templates: std::collections::BTreeSet<&str> = queued.iter().map(|e| e.template.code()).collect();
    eprintln!("hostile sweep: emails queued by the forms: {templates:?}");
    if queued.is_empty() {
        sweep.note("the forms queued no email".to_owned());
    }
    for email in &queued {
        sweep.emails += 1;
        sweep.scan(
            &format!("email #{} {} to {} [{}] (HTML body)", email.id, email.template, email.to_address, email.language),
            &email.body_html,
        );
    }
}

/// The pages without a session: the landing page, the sign-ins, each portal's public pages
/// (also on a host name the demo maps), with markup in the query strings they read.
async fn public_pages(server: &TestServer, sweep: &mut Sweep) {
    let visitor = Visitor::new("visitor", browser());
    for path in ["/", "/admin/login", "/reseller/login"] {
        sweep.visit(server, &visitor, path, Expect::Ok).await;
    }
    sweep.visit(server, &visitor, "/no-such-page", Expect::NotFound).await;
    sweep.visit(server, &visitor, "/admin", Expect::Redirect).await;
    sweep.visit(server, &visitor, "/reseller", Expect::Redirect).await;
    for slug in ["parsweb", "northhost"] {
        let token = hostile_everywhere("query.token");
        for path in [
            format!("/portal/{slug}/login"),
            format!("/portal/{slug}/login?password_set=1"),
            format!("/portal/{slug}/forgot-password"),
            format!("/portal/{slug}/forgot-password?sent=1"),
            format!("/portal/{slug}/set-password?{}", query(&[("token", &token)])),
        ] {
            sweep.visit(server, &visitor, &path, Expect::Ok).await;
        }
        sweep
            .visit(server, &visitor, &format!("/portal/{slug}/login-as?{}", query(&[("token", &token)])), Expect::Any)
            .await;
        sweep.visit(server, &visitor, &format!("/portal/{slug}"), Expect::Redirect).await;
    }
    for (host, slug) in [("parsweb.localhost", "parsweb"), ("portal.northhost.localhost", "northhost")] {
        let on_host = Visitor { name: format!("visitor on {host}"), client: browser(), host: Some(host) };
        sweep.visit(server, &on_host, "/", Expect::Redirect).await;
        sweep.visit(server, &on_host, &format!("/portal/{slug}/login"), Expect::Ok).await;
        sweep.visit(server, &on_host, &format!("/portal/{slug}/forgot-password"), Expect::Ok).await;
    }
}

/// The admin area: the resellers, each reseller's form, the catalog and each item's editor.
async fn admin_pages(server: &TestServer, sweep: &mut Sweep) {
    let db = &server.db;
    let admin = Visitor::new("admin", signed_in(server, sweep, "admin", None, DEMO_ADMIN.0, DEMO_ADMIN.1).await);
    for path in [
        "/admin",
        "/admin/resellers/new",
        "/admin/products",
        "/admin/settings",
        "/admin/products/new/product",
        "/admin/products/new/addon",
        "/admin/products/new/domain",
    ] {
        sweep.visit(server, &admin, path, Expect::Ok).await;
    }
    for r in reseller::Entity::find().all(db).await.expect("resellers") {
        sweep.visit(server, &admin, &format!("/admin/resellers/{}", r.id), Expect::Ok).await;
    }
    for p in product::Entity::find().all(db).await.expect("products") {
        sweep.visit(server, &admin, &format!("/admin/products/product/{}", p.id), Expect::Ok).await;
    }
    for a in addon::Entity::find().all(db).await.expect("addons") {
        sweep.visit(server, &admin, &format!("/admin/products/addon/{}", a.id), Expect::Ok).await;
    }
    for d in domain_extension::Entity::find().all(db).await.expect("extensions") {
        sweep.visit(server, &admin, &format!("/admin/products/domain/{}", d.id), Expect::Ok).await;
    }
}

/// The order wizard's steps at `base` (a client's Place order, or a portal's store), and the
/// typed fields it echoes carrying markup.
async fn wizard_pages(server: &TestServer, sweep: &mut Sweep, who: &Visitor, base: &str) {
    let db = &server.db;
    let products = product::Entity::find().order_by_asc(product::Column::Id).all(db).await.expect("products");
    let addons = addon::Entity::find().order_by_asc(addon::Column::Id).all(db).await.expect("addons");
    let typed = hostile_everywhere("query.wizard");
    sweep.visit(server, who, base, Expect::Ok).await;
    sweep.visit(server, who, &format!("{base}?step=product"), Expect::Ok).await;
    for p in &products {
        let item = format!("product-{}", p.id);
        sweep
            .visit(server, who, &format!("{base}?{}", query(&[("item", &item), ("step", "configure")])), Expect::Ok)
            .await;
        let chosen = [("item", item.as_str()), ("cycle", "monthly"), ("hostname", "hostile-sweep.ir")];
        let mut addons_step = chosen.to_vec();
        addons_step.push(("step", "addons"));
        sweep.visit(server, who, &format!("{base}?{}", query(&addons_step)), Expect::Ok).await;
        let mut review = chosen.to_vec();
        let ids: Vec<String> = addons.iter().map(|a| a.id.to_string()).collect();
        review.extend(ids.iter().map(|id| ("addon", id.as_str())));
        review.push(("step", "review"));
        sweep.visit(server, who, &format!("{base}?{}", query(&review)), Expect::Ok).await;
    }
    let item = format!("product-{}", products[0].id);
    for step in ["configure", "addons", "review"] {
        let echoed = [
            ("item", item.as_str()),
            ("cycle", "monthly"),
            ("hostname", typed.as_str()),
            ("key", typed.as_str()),
            ("step", step),
        ];
        sweep.visit(server, who, &format!("{base}?{}", query(&echoed)), Expect::Ok).await;
    }
    for op in ["register", "transfer"] {
        let item = format!("domain-{op}");
        sweep
            .visit(server, who, &format!("{base}?{}", query(&[("item", &item), ("step", "configure")])), Expect::Ok)
            .await;
        sweep
            .visit(
                server,
                who,
                &format!(
                    "{base}?{}",
                    query(&[("item", &item), ("domain", "hostile-sweep.ir"), ("years", "1"), ("step", "review")])
                ),
                Expect::Ok,
            )
            .await;
        sweep
            .visit(
                server,
                who,
                &format!(
                    "{base}?{}",
                    query(&[("item", &item), ("domain", &typed), ("years", &typed), ("step", "review")])
                ),
                Expect::Ok,
            )
            .await;
    }
}

/// One reseller's panel: every list with its filters, every client with each tab and action
/// page, every order, invoice and ticket, the departments, prices and settings.
async fn reseller_pages(server: &TestServer, sweep: &mut Sweep, brand: &Brand) {
    let db = &server.db;
    let id = brand.reseller.id;
    let panel = Visitor::new(
        format!("reseller {}", brand.reseller.slug),
        signed_in(server, sweep, "reseller", None, brand.sign_in.0, brand.sign_in.1).await,
    );
    let search = hostile_everywhere("query.q");
    for path in [
        "/reseller".to_owned(),
        "/reseller/clients".to_owned(),
        "/reseller/clients?status=active&sort=name&dir=asc".to_owned(),
        "/reseller/clients?sort=company&dir=desc&per_page=10".to_owned(),
        "/reseller/clients?q=example".to_owned(),
        format!("/reseller/clients?{}", query(&[("q", &search)])),
        "/reseller/clients/new".to_owned(),
        "/reseller/orders".to_owned(),
        "/reseller/orders?status=pending".to_owned(),
        "/reseller/invoices".to_owned(),
        "/reseller/invoices?status=unpaid".to_owned(),
        "/reseller/invoices?status=paid".to_owned(),
        "/reseller/tickets".to_owned(),
        "/reseller/tickets?status=customer_reply".to_owned(),
        "/reseller/tickets?status=answered".to_owned(),
        "/reseller/tickets/departments".to_owned(),
        "/reseller/products".to_owned(),
        "/reseller/products?currency=IRR".to_owned(),
        "/reseller/products?currency=USD".to_owned(),
        "/reseller/settings".to_owned(),
        "/reseller/settings?saved=1".to_owned(),
        "/reseller/settings?logo=saved".to_owned(),
        "/reseller/settings?logo_error=size".to_owned(),
    ] {
        sweep.visit(server, &panel, &path, Expect::Ok).await;
    }
    let clients = clients_of(db, id).await;
    for c in &clients {
        let base = format!("/reseller/clients/{}", c.id);
        sweep.visit(server, &panel, &base, Expect::Ok).await;
        for tab in app::clients::records::RecordTab::ALL {
            sweep.visit(server, &panel, &format!("{base}?tab={}", tab.code()), Expect::Ok).await;
        }
        for action in ["login-as", "close", "delete", "order"] {
            sweep.visit(server, &panel, &format!("{base}/{action}"), Expect::Ok).await;
        }
    }
    // Every step of the wizard for the first client of each currency.
    let mut currencies = Vec::new();
    for c in &clients {
        if c.status == ClientStatus::Active && !currencies.contains(&c.currency) {
            currencies.push(c.currency.clone());
            wizard_pages(server, sweep, &panel, &format!("/reseller/clients/{}/order", c.id)).await;
        }
    }
    for o in order::Entity::find().filter(order::Column::ResellerId.eq(id)).all(db).await.expect("orders") {
        sweep.visit(server, &panel, &format!("/reseller/orders/{}", o.number), Expect::Ok).await;
    }
    for i in invoice::Entity::find().filter(invoice::Column::ResellerId.eq(id)).all(db).await.expect("invoices") {
        sweep.visit(server, &panel, &format!("/reseller/invoices/{}", i.number), Expect::Ok).await;
    }
    for t in ticket::Entity::find().filter(ticket::Column::ResellerId.eq(id)).all(db).await.expect("tickets") {
        sweep.visit(server, &panel, &format!("/reseller/tickets/{}", t.id), Expect::Ok).await;
    }
}

/// One client's portal: every page, each of their services, invoices and tickets, the store.
async fn portal_pages(
    server: &TestServer,
    sweep: &mut Sweep,
    who: &Visitor,
    slug: &str,
    c: &client::Model,
    whole_store: bool,
) {
    let db = &server.db;
    let base = format!("/portal/{slug}");
    for page in [
        "",
        "/services",
        "/domains",
        "/invoices",
        "/invoices?status=unpaid",
        "/invoices?status=paid",
        "/tickets",
        "/tickets/new",
        "/account",
        "/account?saved=1",
        "/account?password_changed=1",
    ] {
        sweep.visit(server, who, &format!("{base}{page}"), Expect::Ok).await;
    }
    for s in service::Entity::find().filter(service::Column::ClientId.eq(c.id)).all(db).await.expect("services") {
        sweep.visit(server, who, &format!("{base}/services/{}", s.id), Expect::Ok).await;
    }
    for i in invoice::Entity::find().filter(invoice::Column::ClientId.eq(c.id)).all(db).await.expect("invoices") {
        sweep.visit(server, who, &format!("{base}/invoices/{}", i.number), Expect::Ok).await;
        for done in ["paid", "part", "pending"] {
            sweep.visit(server, who, &format!("{base}/invoices/{}?done={done}", i.number), Expect::Ok).await;
        }
    }
    for t in ticket::Entity::find().filter(ticket::Column::ClientId.eq(c.id)).all(db).await.expect("tickets") {
        sweep.visit(server, who, &format!("{base}/tickets/{}", t.id), Expect::Ok).await;
    }
    if whole_store {
        wizard_pages(server, sweep, who, &format!("{base}/store")).await;
    } else {
        sweep.visit(server, who, &format!("{base}/store"), Expect::Ok).await;
    }
}

/// "Login as client" from the panel: the one-time link's page, then the portal with the banner
/// that names the client.
async fn acting_pages(server: &TestServer, sweep: &mut Sweep, brand: &Brand, c: &client::Model) {
    let slug = brand.reseller.slug.as_str();
    let client = signed_in(server, sweep, "reseller", None, brand.sign_in.0, brand.sign_in.1).await;
    let issued = client
        .post(server.url("/api/reseller/login_as_client"))
        .header(header::ACCEPT, "text/html")
        .form(&[("client_id", c.id.to_string())])
        .send()
        .await
        .expect("POST login as client");
    let Some(link) = issued.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()).map(str::to_owned) else {
        sweep.note(format!("{slug}: login as client {} answered {} without a link", c.id, issued.status()));
        return;
    };
    let who = Visitor::new(format!("reseller {slug} as client {}", c.id), client);
    sweep.visit(server, &who, &link, Expect::Ok).await;
    let token = link.split_once("token=").map(|(_, t)| t.to_owned()).unwrap_or_default();
    let redeemed = post(
        server,
        sweep,
        &who.client,
        "redeeming the link",
        "/api/portal/redeem_login_token",
        &[("brand", slug.to_owned()), ("token", token)],
    )
    .await;
    if redeemed.is_some() {
        portal_pages(server, sweep, &who, slug, c, false).await;
    }
}

async fn no_page_nor_email_writes_stored_text_as_markup(server: &TestServer) {
    let db = &server.db;
    write_hostile_data(db).await;
    let mut sweep = Sweep::default();
    hostile_forms_and_emails(server, &mut sweep).await;

    public_pages(server, &mut sweep).await;
    admin_pages(server, &mut sweep).await;
    for brand in brands(db).await {
        reseller_pages(server, &mut sweep, &brand).await;
        let slug = brand.reseller.slug.clone();
        let mut acted = false;
        for (n, c) in clients_of(db, brand.reseller.id).await.iter().enumerate() {
            if c.status != ClientStatus::Active {
                continue;
            }
            let who = Visitor::new(
                format!("client {} of {slug}", c.id),
                signed_in(server, &mut sweep, "portal", Some(&slug), &c.email, DEMO_CLIENT_PASSWORD).await,
            );
            portal_pages(server, &mut sweep, &who, &slug, c, n == 0).await;
            if !acted {
                acting_pages(server, &mut sweep, &brand, c).await;
                acted = true;
            }
        }
    }
    sweep.finish();
}

http_on_both_backends!(no_page_nor_email_writes_stored_text_as_markup);
