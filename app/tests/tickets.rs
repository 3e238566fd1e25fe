//! Tickets in the portal and the reseller's panel: opening, replies and closing with their
//! statuses, departments, tenant isolation, tickets switched off, the emails and the audit
//! trail, on SQLite and PostgreSQL.

use crate::support;

use app::clients::service::Actor;
use app::entities::{audit_log, client, email_outbox, reseller, ticket, ticket_message};
use app::error::{AppError, FieldError, FieldProblem};
use app::portal::{PortalAccess, PortalPermission};
use app::tickets::input::NewTicketInput;
use app::tickets::service::{
    add_department, client_close, client_reply, client_ticket, client_tickets, departments, open_ticket,
    portal_departments, rename_department, reseller_change, reseller_reply, reseller_ticket, reseller_tickets,
    set_department_active,
};
use app::tickets::{Author, TicketChange, TicketListQuery, TicketStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-11-27 12:00 UTC);
const ORIGIN: &str = "https://panel.example.com";
const IP: &str = "203.0.113.9";

async fn reseller(db: &DatabaseConnection, slug: &str, language: &str) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    let found = reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    let mut row: reseller::ActiveModel = found.into();
    row.default_language = Set(language.into());
    row.update(db).await.unwrap()
}

async fn client_of(db: &DatabaseConnection, r: &reseller::Model, email: &str, language: &str) -> client::Model {
    client::ActiveModel { language: Set(language.into()), ..support::new_client(r.id, email) }.insert(db).await.unwrap()
}

fn portal(r: &reseller::Model, c: &client::Model) -> PortalAccess {
    PortalAccess { reseller: r.clone(), client: c.clone(), acting_reseller_id: None, ip: Some(IP.into()) }
}

fn actor(r: &reseller::Model) -> Actor<'_> {
    Actor { reseller: r, ip: Some(IP) }
}

fn new_ticket(department: i64, subject: &str) -> app::tickets::input::ValidNewTicket {
    NewTicketInput {
        department: department.to_string(),
        subject: subject.into(),
        priority: "high".into(),
        message: "The site is down.".into(),
    }
    .validate()
    .unwrap()
}

async fn status_of(db: &DatabaseConnection, id: i64) -> String {
    ticket::Entity::find_by_id(id).one(db).await.unwrap().unwrap().status.code().to_owned()
}

async fn emails(db: &DatabaseConnection) -> Vec<email_outbox::Model> {
    email_outbox::Entity::find().order_by_asc(email_outbox::Column::Id).all(db).await.unwrap()
}

fn field_error(field: &str, problem: FieldProblem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.into(), problem }])
}

async fn open_reply_close_follow_the_status_rules(db: &DatabaseConnection) {
    let me = reseller(db, "mine", "fa").await;
    let sara = client_of(db, &me, "sara@example.com", "en").await;
    let access = portal(&me, &sara);
    let support = add_department(db, &actor(&me), "Support").await.unwrap();

    let id = open_ticket(db, &access, new_ticket(support, "  Site   down "), ORIGIN, NOW).await.unwrap();
    let opened = ticket::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    assert_eq!(
        (
            opened.status.code(),
            opened.subject.as_str(),
            opened.priority.code(),
            opened.department_id,
            opened.department.as_str()
        ),
        ("open", "Site down", "high", Some(support), "support"),
        "stored as the existing code writes tickets: snake_case status, legacy code beside the department"
    );
    assert_eq!((opened.client_id, opened.reseller_id, opened.last_reply_at), (sara.id, me.id, NOW));

    let later = NOW + time::Duration::hours(1);
    reseller_reply(db, &actor(&me), id, "We are on it.", ORIGIN, later).await.unwrap();
    assert_eq!(status_of(db, id).await, "answered");
    client_reply(db, &access, id, "Thanks, still down.", ORIGIN, later + time::Duration::hours(1)).await.unwrap();
    assert_eq!(status_of(db, id).await, "customer_reply");
    client_close(db, &access, id).await.unwrap();
    assert_eq!(status_of(db, id).await, "closed");
    assert_eq!(client_close(db, &access, id).await, Err(AppError::Conflict), "a closed ticket does not close again");
    assert_eq!(reseller_change(db, &actor(&me), id, TicketChange::Close).await, Err(AppError::Conflict));

    client_reply(db, &access, id, "It is down again.", ORIGIN, later + time::Duration::hours(2)).await.unwrap();
    assert_eq!(status_of(db, id).await, "customer_reply", "a client's reply reopens a closed ticket");
    assert_eq!(
        reseller_change(db, &actor(&me), id, TicketChange::Reopen).await,
        Err(AppError::Conflict),
        "only a closed ticket reopens"
    );
    reseller_change(db, &actor(&me), id, TicketChange::Close).await.unwrap();
    reseller_change(db, &actor(&me), id, TicketChange::Reopen).await.unwrap();
    assert_eq!(status_of(db, id).await, "open");

    let detail = client_ticket(db, &access, id).await.unwrap();
    assert_eq!(detail.status, TicketStatus::Open);
    assert_eq!(detail.department, "Support");
    assert_eq!(detail.last_reply_at, later + time::Duration::hours(2));
    let thread: Vec<(Author, &str, &str)> =
        detail.messages.iter().map(|m| (m.author, m.author_name.as_str(), m.body.as_str())).collect();
    assert_eq!(
        thread,
        [
            (Author::Client, "Sara Ahmadi", "The site is down."),
            (Author::Reseller, "MINE", "We are on it."),
            (Author::Client, "Sara Ahmadi", "Thanks, still down."),
            (Author::Client, "Sara Ahmadi", "It is down again."),
        ]
    );
    assert_eq!(reseller_ticket(db, &me, id).await.unwrap(), detail, "both sides read the same ticket");

    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::TargetKind.eq("ticket"))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action.code().to_owned())
        .collect();
    assert_eq!(
        actions,
        [
            "ticket.opened",
            "ticket.answered",
            "ticket.client_replied",
            "ticket.closed",
            "ticket.client_replied",
            "ticket.closed",
            "ticket.reopened"
        ]
    );

    let listed = client_tickets(db, &access).await.unwrap();
    assert_eq!(
        listed.iter().map(|t| (t.id, t.department.as_str(), t.status.code())).collect::<Vec<_>>(),
        [(id, "Support", "open")]
    );
    let open =
        reseller_tickets(db, me.id, &TicketListQuery { status: Some(TicketStatus::Open), page: 1 }).await.unwrap();
    assert_eq!((open.total, open.rows[0].client_name.as_str()), (1, "Sara Ahmadi"));
    let closed =
        reseller_tickets(db, me.id, &TicketListQuery { status: Some(TicketStatus::Closed), page: 1 }).await.unwrap();
    assert_eq!(closed.total, 0);
}

async fn an_empty_reply_is_refused_and_changes_nothing(db: &DatabaseConnection) {
    let me = reseller(db, "mine", "fa").await;
    let sara = client_of(db, &me, "sara@example.com", "fa").await;
    let d = add_department(db, &actor(&me), "Sales").await.unwrap();
    let bad = NewTicketInput {
        department: d.to_string(),
        subject: " ".into(),
        priority: "medium".into(),
        message: "".into(),
    }
    .validate();
    assert_eq!(
        bad.unwrap_err(),
        [
            FieldError { field: "subject".into(), problem: FieldProblem::Required },
            FieldError { field: "message".into(), problem: FieldProblem::Required }
        ]
    );
    let id = open_ticket(db, &portal(&me, &sara), new_ticket(d, "Price?"), ORIGIN, NOW).await.unwrap();
    assert_eq!(app::tickets::input::message_body(" \r\n "), Err(FieldProblem::Required));
    assert_eq!(
        ticket_message::Entity::find().filter(ticket_message::Column::TicketId.eq(id)).all(db).await.unwrap().len(),
        1
    );
}

async fn department_rules(db: &DatabaseConnection) {
    let me = reseller(db, "mine", "en").await;
    let other = reseller(db, "other", "en").await;
    let sara = client_of(db, &me, "sara@example.com", "en").await;
    let access = portal(&me, &sara);

    let sales = add_department(db, &actor(&me), " Sales ").await.unwrap();
    let billing = add_department(db, &actor(&me), "Billing").await.unwrap();
    let theirs = add_department(db, &actor(&other), "Sales").await.unwrap();
    assert_eq!(
        add_department(db, &actor(&me), "sales").await,
        Err(field_error("name", FieldProblem::Taken)),
        "unique per reseller, ignoring case"
    );
    assert_eq!(add_department(db, &actor(&me), "   ").await, Err(field_error("name", FieldProblem::Required)));
    assert_eq!(
        rename_department(db, &actor(&me), billing, "SALES").await,
        Err(field_error("name", FieldProblem::Taken))
    );
    assert_eq!(
        rename_department(db, &actor(&me), theirs, "Mine now").await,
        Err(AppError::NotFound),
        "another reseller's department"
    );
    assert_eq!(set_department_active(db, &actor(&me), theirs, false).await, Err(AppError::NotFound));
    rename_department(db, &actor(&me), billing, "Accounts").await.unwrap();
    let names: Vec<(String, bool)> =
        departments(db, me.id, false).await.unwrap().into_iter().map(|d| (d.name, d.active)).collect();
    assert_eq!(names, [("Sales".to_owned(), true), ("Accounts".to_owned(), true)], "in the order added");

    set_department_active(db, &actor(&me), sales, false).await.unwrap();
    let offered: Vec<i64> = portal_departments(db, &access).await.unwrap().into_iter().map(|d| d.id).collect();
    assert_eq!(offered, [billing], "an inactive department is not offered");
    assert_eq!(
        open_ticket(db, &access, new_ticket(sales, "Quote"), ORIGIN, NOW).await,
        Err(field_error("department", FieldProblem::InvalidChoice)),
        "nor taken"
    );
    assert_eq!(
        open_ticket(db, &access, new_ticket(theirs, "Quote"), ORIGIN, NOW).await,
        Err(field_error("department", FieldProblem::InvalidChoice)),
        "another reseller's department is no choice"
    );
    assert!(ticket::Entity::find().all(db).await.unwrap().is_empty());
    // Deactivated, never deleted: its tickets keep it, and it can come back.
    set_department_active(db, &actor(&me), sales, true).await.unwrap();
    let id = open_ticket(db, &access, new_ticket(sales, "Quote"), ORIGIN, NOW).await.unwrap();
    set_department_active(db, &actor(&me), sales, false).await.unwrap();
    assert_eq!(client_ticket(db, &access, id).await.unwrap().department, "Sales");
    assert_eq!(departments(db, me.id, false).await.unwrap().len(), 2);
}

async fn tickets_stay_with_their_client_and_reseller(db: &DatabaseConnection) {
    let me = reseller(db, "mine", "en").await;
    let other = reseller(db, "other", "en").await;
    let sara = client_of(db, &me, "sara@example.com", "en").await;
    let reza = client_of(db, &me, "reza@example.com", "en").await;
    let theirs = client_of(db, &other, "sara@other.example.com", "en").await;
    let d = add_department(db, &actor(&me), "Support").await.unwrap();
    let id = open_ticket(db, &portal(&me, &sara), new_ticket(d, "Mine"), ORIGIN, NOW).await.unwrap();

    let reza = portal(&me, &reza);
    assert_eq!(client_ticket(db, &reza, id).await, Err(AppError::NotFound), "another client's ticket");
    assert_eq!(client_reply(db, &reza, id, "hi", ORIGIN, NOW).await, Err(AppError::NotFound));
    assert_eq!(client_close(db, &reza, id).await, Err(AppError::NotFound));
    assert!(client_tickets(db, &reza).await.unwrap().is_empty());
    // A client of another reseller, even with a session that somehow named this client's
    // reseller's ticket id.
    let stranger = portal(&other, &theirs);
    assert_eq!(client_ticket(db, &stranger, id).await, Err(AppError::NotFound));
    assert_eq!(client_reply(db, &stranger, id, "hi", ORIGIN, NOW).await, Err(AppError::NotFound));

    assert_eq!(reseller_ticket(db, &other, id).await, Err(AppError::NotFound), "another reseller's ticket");
    assert_eq!(reseller_reply(db, &actor(&other), id, "hi", ORIGIN, NOW).await, Err(AppError::NotFound));
    assert_eq!(reseller_change(db, &actor(&other), id, TicketChange::Close).await, Err(AppError::NotFound));
    assert_eq!(reseller_tickets(db, other.id, &TicketListQuery::default()).await.unwrap().total, 0);
    assert_eq!(status_of(db, id).await, "open", "nothing changed");
    assert_eq!(ticket_message::Entity::find().all(db).await.unwrap().len(), 1);
}

async fn tickets_off_are_refused_to_the_portal_and_the_panel_keeps_working(db: &DatabaseConnection) {
    let me = reseller(db, "mine", "en").await;
    let sara = client_of(db, &me, "sara@example.com", "en").await;
    let d = add_department(db, &actor(&me), "Support").await.unwrap();
    let id = open_ticket(db, &portal(&me, &sara), new_ticket(d, "Before"), ORIGIN, NOW).await.unwrap();

    let mut off = me.clone();
    off.allow_portal_tickets = false;
    reseller::ActiveModel { id: Set(me.id), allow_portal_tickets: Set(false), ..Default::default() }
        .update(db)
        .await
        .unwrap();
    // Every portal ticket call is refused by its request (server/tests/tickets_http.rs).
    assert!(PortalPermission::Tickets.granted_to(&portal(&me, &sara)));
    assert!(!PortalPermission::Tickets.granted_to(&portal(&off, &sara)));
    // The reseller's own panel keeps working.
    reseller_reply(db, &actor(&off), id, "Answered from the panel.", ORIGIN, NOW).await.unwrap();
    assert_eq!(status_of(db, id).await, "answered");
}

async fn emails_go_to_the_right_people_in_their_language(db: &DatabaseConnection) {
    let me = reseller(db, "mine", "fa").await;
    let john = client_of(db, &me, "john@example.com", "en").await;
    let access = portal(&me, &john);
    let d = add_department(db, &actor(&me), "پشتیبانی").await.unwrap();
    let id = open_ticket(db, &access, new_ticket(d, "Mail {link} broken"), ORIGIN, NOW).await.unwrap();

    let sent = emails(db).await;
    assert_eq!(sent.len(), 1);
    let opened = &sent[0];
    assert_eq!(
        (
            opened.template.code(),
            opened.to_address.as_str(),
            opened.language.as_str(),
            opened.client_id,
            opened.status.code()
        ),
        ("ticket_opened", "support@mine.example.com", "fa", None, "queued"),
        "to the reseller's support address, in the reseller's language"
    );
    let number = app::i18n::localize_digits(&id.to_string(), app::i18n::Locale::Fa);
    assert!(opened.subject.contains("تیکت جدید") && opened.subject.contains(&number), "{}", opened.subject);
    assert!(opened.subject.contains("Mail {link} broken"), "what the client typed stays as typed: {}", opened.subject);
    assert!(
        opened.body_text.contains("The site is down.")
            && opened.body_text.contains("john@example.com")
            && opened.body_text.contains("پشتیبانی")
    );
    assert!(opened.body_text.contains(&format!("{ORIGIN}/reseller/tickets/{id}")));

    client_reply(db, &access, id, "Any news?", ORIGIN, NOW).await.unwrap();
    reseller_reply(db, &actor(&me), id, "Fixed: <b>restart</b>.", ORIGIN, NOW).await.unwrap();
    let sent = emails(db).await;
    assert_eq!(sent.len(), 3);
    let replied = &sent[1];
    assert_eq!(
        (replied.template.code(), replied.to_address.as_str(), replied.language.as_str()),
        ("ticket_client_reply", "support@mine.example.com", "fa")
    );
    assert!(replied.body_text.contains("Any news?"));
    let answered = &sent[2];
    assert_eq!(
        (answered.template.code(), answered.to_address.as_str(), answered.language.as_str(), answered.client_id),
        ("ticket_answered", "john@example.com", "en", Some(john.id)),
        "to the client, in the client's language"
    );
    assert!(
        answered.subject.contains(&format!("#{id}")) && answered.subject.contains("answered"),
        "{}",
        answered.subject
    );
    assert!(
        answered.body_text.contains("Fixed: <b>restart</b>.")
            && answered.body_text.contains(&format!("{ORIGIN}/portal/mine/tickets/{id}"))
    );
    assert!(answered.body_html.contains("&lt;b&gt;restart&lt;/b&gt;"), "escaped in HTML");
    // Closing and reopening tell no one.
    reseller_change(db, &actor(&me), id, TicketChange::Close).await.unwrap();
    client_close(db, &access, id).await.unwrap_err();
    assert_eq!(emails(db).await.len(), 3);
}

async fn a_reseller_acting_as_the_client_is_audited_with_both(db: &DatabaseConnection) {
    let me = reseller(db, "mine", "en").await;
    let sara = client_of(db, &me, "sara@example.com", "en").await;
    let d = add_department(db, &actor(&me), "Support").await.unwrap();
    let acting = PortalAccess { acting_reseller_id: Some(me.id), ..portal(&me, &sara) };
    let id = open_ticket(db, &acting, new_ticket(d, "Opened for the client"), ORIGIN, NOW).await.unwrap();
    client_reply(db, &acting, id, "More detail.", ORIGIN, NOW).await.unwrap();
    let rows = audit_log::Entity::find().filter(audit_log::Column::TargetKind.eq("ticket")).all(db).await.unwrap();
    assert_eq!(rows.len(), 2);
    for row in rows {
        assert_eq!(
            (row.actor_kind.code(), row.actor_id, row.acting_as_client_id, row.target_id, row.ip.as_deref()),
            ("reseller", me.id, Some(sara.id), Some(id), Some(IP)),
            "{}",
            row.action
        );
    }
    // The thread still says the client wrote it: it was written in their portal, as them.
    let detail = reseller_ticket(db, &me, id).await.unwrap();
    assert!(detail.messages.iter().all(|m| m.author == Author::Client));
}

on_both_backends!(
    open_reply_close_follow_the_status_rules,
    an_empty_reply_is_refused_and_changes_nothing,
    department_rules,
    tickets_stay_with_their_client_and_reseller,
    tickets_off_are_refused_to_the_portal_and_the_panel_keeps_working,
    emails_go_to_the_right_people_in_their_language,
    a_reseller_acting_as_the_client_is_audited_with_both,
);
