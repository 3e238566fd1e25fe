//! Adding and editing clients, their record tabs, the list's services and income columns, and
//! what closing and deleting do to a client's records, on SQLite and PostgreSQL.

use crate::support;
use app::clients::ClientStatus;
use app::mail::Template;
use app::orders::manage::DomainStatus;
use app::orders::manage::RegistrationKind;
use app::orders::manage::ServiceStatus;
use app::tickets::{Author, Priority, TicketStatus};
use app::values::{BillingCycle, OutboxStatus};
use support::code;

use app::clients::ClientListQuery;
use app::clients::input::{ClientInput, FormMode};
use app::clients::records::service::client_records;
use app::clients::records::{RecordTab, Records};
use app::clients::service::{Actor, close_client, create_client, delete_client, list_clients, update_client};
use app::entities::{
    audit_log, client, domain, email_outbox, invoice, invoice_item, order, order_item, product, reseller, service,
    service_addon, ticket, ticket_message,
};
use app::error::{AppError, FieldError, FieldProblem};
use app::i18n::Locale;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use time::OffsetDateTime;

async fn reseller(db: &DatabaseConnection, slug: &str) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

fn actor(reseller: &reseller::Model) -> Actor<'_> {
    Actor { reseller, ip: Some("198.51.100.4") }
}

fn form(email: &str) -> ClientInput {
    ClientInput {
        first_name: "Sara".into(),
        last_name: "Ahmadi".into(),
        email: email.into(),
        phone: "۰۹۱۲ ۱۲۳ ۴۵۶۷".into(),
        national_id: "0084575948".into(),
        address1: "Valiasr St. 12".into(),
        city: "Tehran".into(),
        state: "Tehran".into(),
        postcode: "1966733611".into(),
        ..ClientInput::blank(Locale::Fa)
    }
}

async fn add(db: &DatabaseConnection, me: &reseller::Model, input: ClientInput) -> Result<i64, AppError> {
    let valid = input.validate(FormMode::Create).map_err(AppError::Validation)?;
    create_client(db, &actor(me), valid, "https://panel.example.com").await
}

async fn edit(db: &DatabaseConnection, me: &reseller::Model, id: i64, input: ClientInput) -> Result<(), AppError> {
    let valid = input.validate(FormMode::Edit).map_err(AppError::Validation)?;
    update_client(db, &actor(me), id, valid).await
}

fn email_taken() -> Result<(), AppError> {
    Err(AppError::Validation(vec![FieldError { field: "email".into(), problem: FieldProblem::EmailTaken }]))
}

async fn adding_stores_parsed_values_and_is_audited(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let id = add(db, &me, ClientInput { company: "  Pars   Co ".into(), ..form("Sara@Example.com") }).await.unwrap();
    let saved = client::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    assert_eq!(saved.reseller_id, me.id);
    assert_eq!(saved.email, "sara@example.com");
    assert_eq!(saved.phone, "+989121234567", "stored in E.164");
    assert_eq!(saved.national_id.as_deref(), Some("0084575948"));
    assert_eq!(saved.company.as_deref(), Some("Pars Co"));
    assert_eq!((saved.country.as_str(), saved.currency.as_str(), saved.language.as_str()), ("IR", "IRR", "fa"));
    assert_eq!(saved.status, ClientStatus::Active);
    assert_eq!(saved.password_hash, None, "the client sets it from the emailed link");
    let emails = email_outbox::Entity::find().all(db).await.unwrap();
    assert_eq!(emails.len(), 1);
    assert_eq!(
        (emails[0].template.code(), emails[0].to_address.as_str(), emails[0].status.code()),
        ("client_set_password", "sara@example.com", "queued")
    );
    assert!(
        emails[0].body_text.contains("https://panel.example.com/portal/mine/set-password?token="),
        "{}",
        emails[0].body_text
    );
    assert_eq!(emails[0].language, "fa");
    let audit = audit_log::Entity::find().all(db).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].action.code(), audit[0].target_id), ("client.created", Some(id)));

    // A password typed by the reseller is stored hashed.
    let typed =
        ClientInput { password_mode: "set".into(), password: "correct horse battery".into(), ..form("b@example.com") };
    let id = add(db, &me, typed).await.unwrap();
    let hash = client::Entity::find_by_id(id).one(db).await.unwrap().unwrap().password_hash.unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert_eq!(email_outbox::Entity::find().count(db).await.unwrap(), 1, "no link when the password is typed");
}

async fn the_email_is_unique_per_reseller(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let other = reseller(db, "other").await;
    add(db, &me, form("sara@example.com")).await.unwrap();
    assert_eq!(add(db, &me, form("SARA@example.com")).await.map(drop), email_taken());
    assert_eq!(client::Entity::find().count(db).await.unwrap(), 1, "nothing saved");
    add(db, &other, form("sara@example.com")).await.expect("another reseller may have the same client");
}

async fn editing_saves_the_profile_with_the_same_rules(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = add(db, &me, form("sara@example.com")).await.unwrap();
    let reza = add(db, &me, form("reza@example.com")).await.unwrap();

    let changed = ClientInput {
        city: "Shiraz".into(),
        calling_code: String::new(),
        phone: "+44 7700 900123".into(),
        ..form("sara@example.com")
    };
    edit(db, &me, sara, changed).await.unwrap();
    let saved = client::Entity::find_by_id(sara).one(db).await.unwrap().unwrap();
    assert_eq!((saved.city.as_str(), saved.phone.as_str()), ("Shiraz", "+447700900123"));

    assert_eq!(edit(db, &me, sara, form("reza@example.com")).await, email_taken());
    let invalid =
        edit(db, &me, reza, ClientInput { national_id: "1234567890".into(), ..form("reza@example.com") }).await;
    assert_eq!(
        invalid,
        Err(AppError::Validation(vec![FieldError {
            field: "national_id".into(),
            problem: FieldProblem::InvalidNationalId
        }]))
    );
    let audit =
        audit_log::Entity::find().filter(audit_log::Column::Action.eq("client.updated")).count(db).await.unwrap();
    assert_eq!(audit, 1);
}

async fn every_client_function_refuses_another_resellers_client(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let other = reseller(db, "other").await;
    let theirs = add(db, &other, form("sara@example.com")).await.unwrap();
    history(db, &other, theirs).await;

    assert_eq!(edit(db, &me, theirs, form("new@example.com")).await, Err(AppError::NotFound));
    for tab in RecordTab::ALL {
        assert_eq!(client_records(db, me.id, theirs, tab).await.map(|(_, r)| r), Err(AppError::NotFound), "{tab:?}");
    }
    assert_eq!(close_client(db, &actor(&me), theirs).await, Err(AppError::NotFound));
    assert_eq!(delete_client(db, &actor(&me), theirs, "sara@example.com").await, Err(AppError::NotFound));
    let untouched = client::Entity::find_by_id(theirs).one(db).await.unwrap().unwrap();
    assert_eq!((untouched.email.as_str(), untouched.status.code()), ("sara@example.com", "active"));
}

async fn every_tab_lists_the_clients_own_rows(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = add(db, &me, form("sara@example.com")).await.unwrap();
    let reza = add(db, &me, form("reza@example.com")).await.unwrap();
    history(db, &me, sara).await;
    history(db, &me, reza).await;

    let rows = |records: Records| match records {
        Records::Orders(r) => r.len(),
        Records::Invoices(r) => r.len(),
        Records::Services(r) => r.len(),
        Records::Addons(r) => r.len(),
        Records::Domains(r) => r.len(),
        Records::Tickets(r) => r.len(),
        Records::Emails(r) => r.len(),
        Records::Activity(r) => r.len(),
    };
    let expected = [
        (RecordTab::Orders, 1),
        (RecordTab::Invoices, 2),
        (RecordTab::Services, 1),
        (RecordTab::Addons, 1),
        (RecordTab::Domains, 1),
        (RecordTab::Tickets, 1),
        (RecordTab::Emails, 2), // the set-password link and the history's email
        (RecordTab::Activity, 1),
    ];
    for (tab, count) in expected {
        assert_eq!(rows(client_records(db, me.id, sara, tab).await.unwrap().1), count, "{tab:?}");
    }
    match client_records(db, me.id, sara, RecordTab::Services).await.unwrap().1 {
        Records::Services(services) => {
            assert_eq!(services[0].product.en, "Linux hosting");
            assert_eq!(services[0].label.as_deref(), Some("example.ir"));
        }
        other => panic!("{other:?}"),
    }
    match client_records(db, me.id, sara, RecordTab::Invoices).await.unwrap().1 {
        Records::Invoices(invoices) => {
            let statuses: Vec<&str> = invoices.iter().map(|i| i.status.code()).collect();
            assert_eq!(statuses, ["unpaid", "paid"], "newest first");
        }
        other => panic!("{other:?}"),
    }
}

async fn the_list_counts_services_and_sums_paid_invoices(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = add(db, &me, form("sara@example.com")).await.unwrap();
    let reza = add(db, &me, form("reza@example.com")).await.unwrap();
    history(db, &me, sara).await;
    let page = list_clients(db, &app::clients::anchors::PageAnchors::default(), me.id, &ClientListQuery::default())
        .await
        .unwrap();
    let row = |id: i64| page.rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!(row(sara).services, 1);
    assert_eq!(row(sara).income, vec![("IRR".to_owned(), 10_000_000)], "only the paid invoice counts");
    assert_eq!(row(reza).services, 0);
    assert!(row(reza).income.is_empty());
}

async fn closing_cancels_unpaid_invoices_and_keeps_the_rest(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = add(db, &me, form("sara@example.com")).await.unwrap();
    history(db, &me, sara).await;
    close_client(db, &actor(&me), sara).await.unwrap();
    let mut statuses: Vec<String> = invoice::Entity::find()
        .filter(invoice::Column::ClientId.eq(sara))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.status.code().to_owned())
        .collect();
    statuses.sort();
    assert_eq!(statuses, ["cancelled", "paid"]);
    assert_eq!(service::Entity::find().count(db).await.unwrap(), 1, "services are kept");
}

async fn deleting_removes_every_record_of_the_client_only(db: &DatabaseConnection) {
    let me = reseller(db, "mine").await;
    let sara = add(db, &me, form("sara@example.com")).await.unwrap();
    let reza = add(db, &me, form("reza@example.com")).await.unwrap();
    history(db, &me, sara).await;
    history(db, &me, reza).await;
    delete_client(db, &actor(&me), sara, "sara@example.com").await.unwrap();

    macro_rules! left {
        ($($entity:ident),*) => {
            vec![$((stringify!($entity), $entity::Entity::find().count(db).await.unwrap())),*]
        };
    }
    let counts = left!(
        order,
        order_item,
        invoice,
        invoice_item,
        service,
        service_addon,
        domain,
        ticket,
        ticket_message,
        email_outbox
    );
    for (table, count) in counts {
        // Reza's history has one of each, two invoices; his set-password email is the second email.
        let expected = if matches!(table, "invoice" | "invoice_item" | "email_outbox") { 2 } else { 1 };
        assert_eq!(count, expected, "{table}");
    }
    let audit: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(sara))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action.code().to_owned())
        .collect();
    assert_eq!(audit, ["client.created", "client.deleted"], "the audit trail outlives the client");
    assert_eq!(product::Entity::find().count(db).await.unwrap(), 1, "the catalog stays");
}

/// One order with a service, an addon and a domain, a paid and an unpaid invoice, a ticket with
/// a message, and an email.
async fn history(db: &DatabaseConnection, r: &reseller::Model, client_id: i64) {
    let now = OffsetDateTime::now_utc();
    let product_id = support::some_product(db).await;
    let addon_id = support::some_addon(db).await;
    let next_number =
        order::Entity::find().filter(order::Column::ResellerId.eq(r.id)).count(db).await.unwrap() as i64 + 1;
    let placed = order::ActiveModel { created_at: Set(now), ..support::order_for(r.id, client_id, next_number) }
        .insert(db)
        .await
        .unwrap();
    order_item::ActiveModel {
        order_id: Set(placed.id),
        description: Set("Linux hosting".into()),
        billing_cycle: Set(Some(BillingCycle::Annually)),
        amount: Set(10_000_000),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let invoices = invoice::Entity::find().filter(invoice::Column::ResellerId.eq(r.id)).count(db).await.unwrap() as i64;
    for (i, status) in ["paid", "unpaid"].into_iter().enumerate() {
        let bill = invoice::ActiveModel {
            reseller_id: Set(r.id),
            client_id: Set(client_id),
            order_id: Set(Some(placed.id)),
            number: Set(invoices + i as i64 + 1),
            status: Set(code(status)),
            currency: Set("IRR".into()),
            total: Set(10_000_000),
            amount_paid: Set(if status == "paid" { 10_000_000 } else { 0 }),
            issued_on: Set(now.date()),
            due_on: Set(now.date()),
            paid_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
        invoice_item::ActiveModel {
            invoice_id: Set(bill.id),
            description: Set("Linux hosting".into()),
            amount: Set(10_000_000),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap();
    }
    let made = service::ActiveModel {
        reseller_id: Set(r.id),
        client_id: Set(client_id),
        order_id: Set(Some(placed.id)),
        product_id: Set(product_id),
        label: Set(Some("example.ir".into())),
        status: Set(ServiceStatus::Active),
        billing_cycle: Set(BillingCycle::Annually),
        recurring_amount: Set(10_000_000),
        currency: Set("IRR".into()),
        next_due_on: Set(Some(now.date())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    service_addon::ActiveModel {
        order_id: Set(Some(placed.id)),
        created_at: Set(now),
        ..support::addon_on(r.id, client_id, made.id, addon_id)
    }
    .insert(db)
    .await
    .unwrap();
    domain::ActiveModel {
        reseller_id: Set(r.id),
        client_id: Set(client_id),
        order_id: Set(Some(placed.id)),
        name: Set("example.ir".into()),
        registration_kind: Set(RegistrationKind::Register),
        status: Set(DomainStatus::Active),
        period_years: Set(1),
        recurring_amount: Set(500_000),
        currency: Set("IRR".into()),
        expires_on: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let opened = ticket::ActiveModel {
        reseller_id: Set(r.id),
        client_id: Set(client_id),
        department: Set("support".into()),
        subject: Set("Help".into()),
        status: Set(TicketStatus::Open),
        priority: Set(Priority::Low),
        last_reply_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    ticket_message::ActiveModel {
        ticket_id: Set(opened.id),
        author_kind: Set(Author::Client),
        body: Set("Hi".into()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    email_outbox::ActiveModel {
        reseller_id: Set(r.id),
        client_id: Set(Some(client_id)),
        template: Set(Template::OrderConfirmation),
        to_address: Set("sara@example.com".into()),
        to_name: Set("Sara".into()),
        language: Set("fa".into()),
        subject: Set("Order confirmed".into()),
        body_text: Set("Order confirmed".into()),
        body_html: Set("<p>Order confirmed</p>".into()),
        status: Set(OutboxStatus::Sent),
        attempts: Set(1),
        next_attempt_at: Set(now),
        last_error: Set(None),
        sent_at: Set(Some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

async fn the_list_total_follows_adds_closes_and_deletes(db: &DatabaseConnection) {
    use app::clients::ClientStatus;
    let me = reseller(db, "mine").await;
    let other = reseller(db, "other").await;
    let total = |status: Option<ClientStatus>| {
        let query = ClientListQuery { status, ..ClientListQuery::default() };
        async move { list_clients(db, &app::clients::anchors::PageAnchors::default(), me.id, &query).await.unwrap().total }
    };
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(add(db, &me, form(&format!("c{i}@example.com"))).await.unwrap());
    }
    add(db, &other, form("c0@example.com")).await.unwrap();
    assert_eq!((total(None).await, total(Some(ClientStatus::Active)).await), (5, 5));

    close_client(db, &actor(&me), ids[0]).await.unwrap();
    close_client(db, &actor(&me), ids[0]).await.unwrap(); // twice changes nothing
    delete_client(db, &actor(&me), ids[1], "c1@example.com").await.unwrap();
    delete_client(db, &actor(&me), ids[0], "c0@example.com").await.unwrap();
    assert_eq!(total(None).await, 3);
    assert_eq!(total(Some(ClientStatus::Active)).await, 3);
    assert_eq!(total(Some(ClientStatus::Closed)).await, 0);
    let real = client::Entity::find().filter(client::Column::ResellerId.eq(me.id)).count(db).await.unwrap();
    assert_eq!(real, 3);

    // Counts rebuilt from scratch (a bulk import bypassed them) agree.
    app::entities::client_count::Entity::delete_many().exec(db).await.unwrap();
    assert!(app::clients::counts::recount_if_missing(db).await.unwrap());
    assert_eq!((total(None).await, total(Some(ClientStatus::Active)).await), (3, 3));
    assert!(!app::clients::counts::recount_if_missing(db).await.unwrap(), "only when missing");
}

on_both_backends!(
    the_list_total_follows_adds_closes_and_deletes,
    adding_stores_parsed_values_and_is_audited,
    the_email_is_unique_per_reseller,
    editing_saves_the_profile_with_the_same_rules,
    every_client_function_refuses_another_resellers_client,
    every_tab_lists_the_clients_own_rows,
    the_list_counts_services_and_sums_paid_invoices,
    closing_cancels_unpaid_invoices_and_keeps_the_rest,
    deleting_removes_every_record_of_the_client_only,
);
