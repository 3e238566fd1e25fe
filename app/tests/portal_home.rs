//! The client portal's own pages: dashboard counts, services and domains scoped to the
//! signed-in client, account details, password change and "Forgot password", on SQLite and
//! PostgreSQL.

use crate::support;
use app::auth::Area;
use app::clients::ClientStatus;
use app::orders::manage::DomainStatus;
use app::orders::manage::RegistrationKind;
use app::tickets::Priority;
use app::values::BillingCycle;
use support::code;

use app::auth::service::{hash_password, verify_password};
use app::clients::ClientInput;
use app::clients::records::Money;
use app::entities::{
    audit_log, client, domain, email_outbox, invoice, password_token, reseller, service, service_addon, session, ticket,
};
use app::error::{AppError, FieldError, FieldProblem};
use app::portal::PortalAccess;
use app::portal::account::service::{
    PasswordChange, account_form, change_password, request_password_reset, update_account,
};
use app::portal::home::service::{dashboard, domains, service_detail, services};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use time::{Duration, OffsetDateTime};

const ORIGIN: &str = "https://panel.example.com";
const IP: &str = "198.51.100.7";

async fn reseller(db: &DatabaseConnection, slug: &str) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

async fn client(db: &DatabaseConnection, reseller_id: i64, email: &str) -> client::Model {
    support::new_client(reseller_id, email).insert(db).await.unwrap()
}

fn access(r: &reseller::Model, c: &client::Model) -> PortalAccess {
    PortalAccess { reseller: r.clone(), client: c.clone(), acting_reseller_id: None, ip: Some(IP.into()) }
}

fn acting(r: &reseller::Model, c: &client::Model) -> PortalAccess {
    PortalAccess { acting_reseller_id: Some(r.id), ..access(r, c) }
}

async fn product(db: &DatabaseConnection) -> i64 {
    support::some_product(db).await
}

async fn add_service(
    db: &DatabaseConnection,
    c: &client::Model,
    label: &str,
    status: &str,
    due_in_days: Option<i64>,
) -> service::Model {
    let now = OffsetDateTime::now_utc();
    service::ActiveModel {
        reseller_id: Set(c.reseller_id),
        client_id: Set(c.id),
        order_id: Set(None),
        product_id: Set(product(db).await),
        label: Set(Some(label.into())),
        status: Set(code(status)),
        billing_cycle: Set(BillingCycle::Annually),
        recurring_amount: Set(10_000_000),
        currency: Set("IRR".into()),
        next_due_on: Set(due_in_days.map(|d| now.date() + Duration::days(d))),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
}

async fn add_addon(db: &DatabaseConnection, s: &service::Model) {
    let now = OffsetDateTime::now_utc();
    let addon_id = support::some_addon(db).await;
    service_addon::ActiveModel {
        created_at: Set(now),
        ..support::addon_on(s.reseller_id, s.client_id, s.id, addon_id)
    }
    .insert(db)
    .await
    .unwrap();
}

async fn add_domain(db: &DatabaseConnection, c: &client::Model, name: &str) {
    let now = OffsetDateTime::now_utc();
    domain::ActiveModel {
        reseller_id: Set(c.reseller_id),
        client_id: Set(c.id),
        order_id: Set(None),
        name: Set(name.into()),
        registration_kind: Set(RegistrationKind::Register),
        status: Set(DomainStatus::Active),
        period_years: Set(1),
        recurring_amount: Set(500_000),
        currency: Set("IRR".into()),
        expires_on: Set(Some(now.date() + Duration::days(365))),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

async fn add_invoice(
    db: &DatabaseConnection,
    c: &client::Model,
    status: &str,
    total: i64,
    paid: i64,
    due_in_days: i64,
) -> i64 {
    let now = OffsetDateTime::now_utc();
    let number = invoice::Entity::find().filter(invoice::Column::ResellerId.eq(c.reseller_id)).count(db).await.unwrap()
        as i64
        + 1;
    invoice::ActiveModel {
        reseller_id: Set(c.reseller_id),
        client_id: Set(c.id),
        order_id: Set(None),
        number: Set(number),
        status: Set(code(status)),
        currency: Set("IRR".into()),
        total: Set(total),
        amount_paid: Set(paid),
        issued_on: Set(now.date()),
        due_on: Set(now.date() + Duration::days(due_in_days)),
        paid_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    number
}

async fn add_ticket(db: &DatabaseConnection, c: &client::Model, status: &str) {
    let now = OffsetDateTime::now_utc();
    ticket::ActiveModel {
        reseller_id: Set(c.reseller_id),
        client_id: Set(c.id),
        department: Set("support".into()),
        subject: Set("Help".into()),
        status: Set(code(status)),
        priority: Set(Priority::Low),
        last_reply_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

async fn dashboard_counts_only_the_clients_own_records(db: &DatabaseConnection) {
    let mut r = reseller(db, "mine").await;
    let sara = client(db, r.id, "sara@example.com").await;
    let other = client(db, r.id, "other@example.com").await;
    add_service(db, &sara, "later.ir", "active", Some(30)).await;
    add_service(db, &sara, "soon.ir", "active", Some(3)).await;
    add_service(db, &sara, "new.ir", "pending", Some(1)).await;
    add_service(db, &other, "other.ir", "active", Some(2)).await;
    add_invoice(db, &sara, "paid", 5_000_000, 5_000_000, 0).await;
    let late = add_invoice(db, &sara, "unpaid", 10_000_000, 4_000_000, 9).await;
    let early = add_invoice(db, &sara, "unpaid", 2_000_000, 0, 1).await;
    add_invoice(db, &other, "unpaid", 99_000_000, 0, 1).await;
    add_ticket(db, &sara, "open").await;
    add_ticket(db, &sara, "customer_reply").await;
    add_ticket(db, &sara, "closed").await;
    add_ticket(db, &other, "open").await;

    let d = dashboard(db, &access(&r, &sara)).await.unwrap();
    assert_eq!(d.brand_name, "MINE");
    assert_eq!(d.first_name, "Sara");
    assert_eq!(d.active_services, 2);
    assert!(d.has_services);
    assert_eq!(d.unpaid_invoices, 2);
    assert_eq!(d.due, [Money { amount: 8_000_000, currency: "IRR".into() }], "what is left to pay");
    assert_eq!(d.open_tickets, Some(2));
    let soonest: Vec<_> = d.due_soon.iter().map(|s| s.row.label.clone().unwrap()).collect();
    assert_eq!(soonest, ["soon.ir", "later.ir"], "active services, the next due first");
    let unpaid: Vec<i64> = d.unpaid.iter().map(|i| i.number).collect();
    assert_eq!(unpaid, [early, late], "the earliest due first");

    // Without tickets in the portal there is no ticket count; a client with nothing has zeros.
    r.allow_portal_tickets = false;
    let nothing = client(db, r.id, "new@example.com").await;
    let d = dashboard(db, &access(&r, &nothing)).await.unwrap();
    assert_eq!((d.active_services, d.has_services, d.unpaid_invoices, d.open_tickets), (0, false, 0, None));
    assert_eq!(d.due, [Money { amount: 0, currency: "IRR".into() }]);
    assert!(d.due_soon.is_empty() && d.unpaid.is_empty());
}

async fn services_and_domains_list_only_the_clients_own(db: &DatabaseConnection) {
    let r = reseller(db, "mine").await;
    let theirs = reseller(db, "theirs").await;
    let sara = client(db, r.id, "sara@example.com").await;
    let other = client(db, r.id, "other@example.com").await;
    let stranger = client(db, theirs.id, "sara@example.com").await;
    let mine = add_service(db, &sara, "sara.ir", "active", Some(10)).await;
    add_service(db, &other, "other.ir", "active", Some(10)).await;
    add_service(db, &stranger, "stranger.ir", "active", Some(10)).await;
    add_domain(db, &sara, "sara.ir").await;
    add_domain(db, &other, "other.ir").await;
    add_domain(db, &stranger, "stranger.ir").await;

    let listed = services(db, &access(&r, &sara)).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, mine.id);
    assert_eq!(listed[0].row.label.as_deref(), Some("sara.ir"));
    assert_eq!(
        (listed[0].row.product.en.as_str(), listed[0].row.product.fa.as_str()),
        ("Linux hosting", "هاست لینوکس")
    );
    assert_eq!((listed[0].row.cycle.code(), listed[0].row.amount.amount), ("annually", 10_000_000));
    let names: Vec<String> = domains(db, &access(&r, &sara)).await.unwrap().into_iter().map(|d| d.row.name).collect();
    assert_eq!(names, ["sara.ir"]);
    assert!(
        services(db, &access(&theirs, &stranger))
            .await
            .unwrap()
            .iter()
            .all(|s| s.row.label.as_deref() == Some("stranger.ir"))
    );
}

async fn another_clients_service_is_not_found(db: &DatabaseConnection) {
    let r = reseller(db, "mine").await;
    let theirs = reseller(db, "theirs").await;
    let sara = client(db, r.id, "sara@example.com").await;
    let other = client(db, r.id, "other@example.com").await;
    let stranger = client(db, theirs.id, "stranger@example.com").await;
    let mine = add_service(db, &sara, "sara.ir", "active", Some(10)).await;
    add_addon(db, &mine).await;
    let same_reseller = add_service(db, &other, "other.ir", "active", Some(10)).await;
    add_addon(db, &same_reseller).await;
    let other_reseller = add_service(db, &stranger, "stranger.ir", "active", Some(10)).await;

    let detail = service_detail(db, &access(&r, &sara), mine.id).await.unwrap();
    assert_eq!(detail.service.id, mine.id);
    assert_eq!(detail.addons.len(), 1, "only this service's addons");
    assert_eq!(detail.addons[0].addon.en, "Backup");
    for id in [same_reseller.id, other_reseller.id, other_reseller.id + 1000] {
        assert_eq!(service_detail(db, &access(&r, &sara), id).await, Err(AppError::NotFound), "service {id}");
    }
}

fn form(email: &str) -> ClientInput {
    ClientInput {
        first_name: "Sara".into(),
        last_name: "Karimi".into(),
        email: email.into(),
        calling_code: "+98".into(),
        phone: "0912 765 4321".into(),
        language: "en".into(),
        currency: "USD".into(),
        address1: "Valiasr St. 12".into(),
        city: "Tehran".into(),
        state: "Tehran".into(),
        postcode: "1966733611".into(),
        country: "IR".into(),
        ..ClientInput::default()
    }
}

async fn account_update_validates_and_keeps_emails_unique(db: &DatabaseConnection) {
    let r = reseller(db, "mine").await;
    let theirs = reseller(db, "theirs").await;
    let sara = client(db, r.id, "sara@example.com").await;
    client(db, r.id, "taken@example.com").await;
    client(db, theirs.id, "elsewhere@example.com").await;

    let shown = account_form(db, &access(&r, &sara)).await.unwrap();
    assert_eq!((shown.email.as_str(), shown.phone.as_str()), ("sara@example.com", "+989121234567"));

    // The reseller's form's rules, every problem at once.
    let bad = ClientInput { first_name: " ".into(), postcode: "1".into(), ..form("not-an-email") };
    let Err(AppError::Validation(errors)) = update_account(db, &access(&r, &sara), bad).await else {
        panic!("refused")
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["first_name", "email", "postcode"]);

    assert_eq!(
        update_account(db, &access(&r, &sara), form("Taken@Example.com")).await,
        Err(AppError::Validation(vec![FieldError { field: "email".into(), problem: FieldProblem::EmailTaken }]))
    );
    // Another reseller's client may have the same address.
    update_account(db, &access(&r, &sara), form("elsewhere@example.com")).await.unwrap();
    let saved = client::Entity::find_by_id(sara.id).one(db).await.unwrap().unwrap();
    assert_eq!(
        (saved.last_name.as_str(), saved.email.as_str(), saved.phone.as_str()),
        ("Karimi", "elsewhere@example.com", "+989127654321")
    );
    assert_eq!(saved.language, "en");
    assert_eq!(saved.currency, "IRR", "the client cannot change their currency");
    assert_eq!(saved.status, ClientStatus::Active);

    // Audited as the client, and while acting as both.
    update_account(db, &acting(&r, &saved), form("sara2@example.com")).await.unwrap();
    let audit = audit_log::Entity::find().filter(audit_log::Column::Action.eq("client.updated")).all(db).await.unwrap();
    let who: Vec<_> =
        audit.iter().map(|a| (a.actor_kind.code(), a.actor_id, a.acting_as_client_id, a.target_id)).collect();
    assert_eq!(who, [("client", sara.id, None, Some(sara.id)), ("reseller", r.id, Some(sara.id), Some(sara.id))]);
}

async fn portal_session(db: &DatabaseConnection, c: &client::Model, token: &str) -> i64 {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    session::ActiveModel {
        token_hash: Set(app::auth::service::token_hash(token)),
        area: Set(Area::Portal),
        subject_id: Set(c.id),
        reseller_id: Set(Some(c.reseller_id)),
        acting_reseller_id: Set(None),
        ip: Set(None),
        created_at: Set(now),
        expires_at: Set(now + 3600),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn session_ids(db: &DatabaseConnection) -> Vec<i64> {
    let mut ids: Vec<i64> = session::Entity::find().all(db).await.unwrap().into_iter().map(|s| s.id).collect();
    ids.sort();
    ids
}

async fn password_change_ends_other_sessions_only(db: &DatabaseConnection) {
    let r = reseller(db, "mine").await;
    let hash = hash_password("old password 123".into()).await.unwrap();
    let sara = support::new_client(r.id, "sara@example.com");
    let sara = client::ActiveModel { password_hash: Set(Some(hash)), ..sara }.insert(db).await.unwrap();
    let other = client(db, r.id, "other@example.com").await;
    let current = portal_session(db, &sara, "current").await;
    let elsewhere = portal_session(db, &sara, "elsewhere").await;
    let others = portal_session(db, &other, "other").await;
    let change = |current: &'static str, password: &'static str, confirm: &'static str| PasswordChange {
        current,
        password,
        confirm,
    };

    // Refused while the reseller acts as the client, whatever was typed.
    assert_eq!(
        change_password(
            db,
            &acting(&r, &sara),
            current,
            change("old password 123", "new password 456", "new password 456")
        )
        .await,
        Err(AppError::Forbidden)
    );
    let field = |field: &str, problem| Err(AppError::Validation(vec![FieldError { field: field.into(), problem }]));
    assert_eq!(
        change_password(
            db,
            &access(&r, &sara),
            current,
            change("wrong password", "new password 456", "new password 456")
        )
        .await,
        field("current", FieldProblem::ConfirmationMismatch)
    );
    assert_eq!(
        change_password(db, &access(&r, &sara), current, change("old password 123", "short", "short")).await,
        field("password", FieldProblem::TooShort)
    );
    assert_eq!(
        change_password(
            db,
            &access(&r, &sara),
            current,
            change("old password 123", "new password 456", "new password 789")
        )
        .await,
        field("confirm", FieldProblem::PasswordMismatch)
    );
    assert_eq!(session_ids(db).await, [current, elsewhere, others], "a refused change ends nothing");
    let stored = client::Entity::find_by_id(sara.id).one(db).await.unwrap().unwrap().password_hash.unwrap();
    assert!(verify_password(stored, "old password 123".into()).await.unwrap());

    change_password(
        db,
        &access(&r, &sara),
        current,
        change("old password 123", "new password 456", "new password 456"),
    )
    .await
    .unwrap();
    assert_eq!(session_ids(db).await, [current, others], "this session and other clients' stay");
    let stored = client::Entity::find_by_id(sara.id).one(db).await.unwrap().unwrap().password_hash.unwrap();
    assert!(verify_password(stored.clone(), "new password 456".into()).await.unwrap());
    assert!(!verify_password(stored, "old password 123".into()).await.unwrap());
    let audit = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("client.password_changed"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].actor_kind.code(), audit[0].actor_id), ("client", sara.id));
}

fn token_in(text: &str) -> String {
    let start = text.find("token=").expect("a link with a token") + "token=".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

async fn forgot_password_emails_a_single_use_link_to_real_clients_only(db: &DatabaseConnection) {
    let r = reseller(db, "mine").await;
    let theirs = reseller(db, "theirs").await;
    let sara = client(db, r.id, "sara@example.com").await;
    let elsewhere = client(db, theirs.id, "elsewhere@example.com").await;
    let closed =
        client::ActiveModel { status: Set(ClientStatus::Closed), ..support::new_client(r.id, "closed@example.com") }
            .insert(db)
            .await
            .unwrap();
    let other_ip = |n: u8| format!("203.0.113.{n}");

    // Unknown, another brand's client and a closed account: the same answer, nothing made.
    for (n, email) in ["nobody@example.com", "elsewhere@example.com", "closed@example.com"].into_iter().enumerate() {
        assert_eq!(request_password_reset(db, &r, email, Some(&other_ip(n as u8)), ORIGIN).await, Ok(()), "{email}");
    }
    assert_eq!(password_token::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(email_outbox::Entity::find().count(db).await.unwrap(), 0);
    assert!(elsewhere.id != closed.id);

    // A real client: a token and an email in their language with a link to this brand.
    assert_eq!(request_password_reset(db, &r, "  Sara@Example.com ", Some(IP), ORIGIN).await, Ok(()));
    let tokens = password_token::Entity::find().all(db).await.unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].client_id, sara.id);
    let hours = (tokens[0].expires_at - OffsetDateTime::now_utc()).whole_minutes();
    assert!((100..=120).contains(&hours), "expires in about two hours, {hours} minutes");
    let emails = email_outbox::Entity::find().all(db).await.unwrap();
    assert_eq!(emails.len(), 1);
    let email = &emails[0];
    assert_eq!(
        (email.template.code(), email.to_address.as_str(), email.language.as_str()),
        ("client_reset_password", "sara@example.com", "fa")
    );
    assert_eq!(email.client_id, Some(sara.id));
    assert!(email.subject.contains("MINE"), "{}", email.subject);
    assert!(
        email.body_text.contains("https://panel.example.com/portal/mine/set-password?token="),
        "{}",
        email.body_text
    );

    // A second request replaces the first link (and its unsent email).
    request_password_reset(db, &r, "sara@example.com", Some(IP), ORIGIN).await.unwrap();
    assert_eq!(password_token::Entity::find().count(db).await.unwrap(), 1);
    let emails = email_outbox::Entity::find().all(db).await.unwrap();
    assert_eq!(emails.len(), 1, "the older, unsent email is dropped");
    let token = token_in(&emails[0].body_text);
    assert_eq!(
        app::clients::password::redeem_link(
            db,
            r.id,
            &token_in(&email.body_text),
            "brand new pass 1",
            "brand new pass 1",
            None
        )
        .await,
        Err(AppError::Validation(vec![FieldError { field: "token".into(), problem: FieldProblem::LinkInvalid }])),
        "the first link no longer works"
    );

    // The link works once, and only on its own brand.
    let invalid =
        Err(AppError::Validation(vec![FieldError { field: "token".into(), problem: FieldProblem::LinkInvalid }]));
    assert_eq!(
        app::clients::password::redeem_link(db, theirs.id, &token, "brand new pass 1", "brand new pass 1", None).await,
        invalid
    );
    app::clients::password::redeem_link(db, r.id, &token, "brand new pass 1", "brand new pass 1", None).await.unwrap();
    let stored = client::Entity::find_by_id(sara.id).one(db).await.unwrap().unwrap().password_hash.unwrap();
    assert!(verify_password(stored, "brand new pass 1".into()).await.unwrap());
    assert_eq!(
        app::clients::password::redeem_link(db, r.id, &token, "another pass 22", "another pass 22", None).await,
        invalid
    );

    // A malformed email is a field error; too many requests for one account are refused
    // whether or not it exists.
    assert_eq!(
        request_password_reset(db, &r, "not-an-email", Some(IP), ORIGIN).await,
        Err(AppError::Validation(vec![FieldError { field: "email".into(), problem: FieldProblem::InvalidEmail }]))
    );
    // Sara's account was asked for twice above, the unknown one once: three per hour each.
    for (email, expected) in [("sara@example.com", [true, false, false]), ("nobody@example.com", [true, true, false])] {
        let mut answers = Vec::new();
        for n in 0..3 {
            let answer = request_password_reset(db, &r, email, Some(&other_ip(100 + n)), ORIGIN).await;
            assert!(answer.is_ok() || matches!(answer, Err(AppError::TooManyAttempts { .. })), "{answer:?}");
            answers.push(answer.is_ok());
        }
        assert_eq!(answers, expected, "{email}");
    }
}

async fn forgot_password_is_limited_per_address(db: &DatabaseConnection) {
    let r = reseller(db, "mine").await;
    let theirs = reseller(db, "theirs").await;
    for n in 0..10 {
        assert_eq!(request_password_reset(db, &r, &format!("user{n}@example.com"), Some(IP), ORIGIN).await, Ok(()));
    }
    assert!(matches!(
        request_password_reset(db, &r, "user10@example.com", Some(IP), ORIGIN).await,
        Err(AppError::TooManyAttempts { .. })
    ));
    // Per brand: the same address may still ask another brand.
    assert_eq!(request_password_reset(db, &theirs, "user10@example.com", Some(IP), ORIGIN).await, Ok(()));
}

on_both_backends!(
    dashboard_counts_only_the_clients_own_records,
    services_and_domains_list_only_the_clients_own,
    another_clients_service_is_not_found,
    account_update_validates_and_keeps_emails_unique,
    password_change_ends_other_sessions_only,
    forgot_password_emails_a_single_use_link_to_real_clients_only,
    forgot_password_is_limited_per_address,
);
