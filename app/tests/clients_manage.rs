//! Closing and deleting clients: tenant scope, confirmation, permission, sessions and the audit
//! record, on SQLite and PostgreSQL.

use crate::support;
use app::audit::AuditAction;
use app::clients::ClientStatus;

use app::audit::recent_for_reseller;
use app::auth::Area;
use app::auth::service::{Principal, SessionClock, find_session, start_session};
use app::clients::service::{Actor, close_client, delete_client};
use app::entities::{audit_log, client, reseller};
use app::error::{AppError, FieldError, FieldProblem};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait};

struct Fixture {
    me: reseller::Model,
    other: reseller::Model,
    mine: client::Model,
    theirs: client::Model,
}

async fn fixture(db: &DatabaseConnection) -> Fixture {
    let me = support::insert_reseller(db, "mine", "unused").await;
    let other = support::insert_reseller(db, "other", "unused").await;
    let mine = support::new_client(me, "sara@example.com").insert(db).await.unwrap();
    let theirs = support::new_client(other, "sara@example.com").insert(db).await.unwrap();
    Fixture {
        me: reseller::Entity::find_by_id(me).one(db).await.unwrap().unwrap(),
        other: reseller::Entity::find_by_id(other).one(db).await.unwrap().unwrap(),
        mine,
        theirs,
    }
}

fn actor(reseller: &reseller::Model) -> Actor<'_> {
    Actor { reseller, ip: Some("192.0.2.7") }
}

async fn portal_session(db: &DatabaseConnection, c: &client::Model) -> String {
    let principal = Principal { area: Area::Portal, subject_id: c.id, reseller_id: Some(c.reseller_id) };
    start_session(db, principal, None, None, 1_000, 3_600).await.unwrap().token
}

async fn audit_rows(db: &DatabaseConnection) -> Vec<audit_log::Model> {
    audit_log::Entity::find().all(db).await.unwrap()
}

async fn closing_keeps_the_client_ends_their_sessions_and_is_audited(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let token = portal_session(db, &f.mine).await;
    close_client(db, &actor(&f.me), f.mine.id).await.unwrap();

    let closed = client::Entity::find_by_id(f.mine.id).one(db).await.unwrap().unwrap();
    assert_eq!(closed.status, ClientStatus::Closed);
    assert!(
        find_session(db, Area::Portal, &token, SessionClock { now: 1_001, staff_idle_secs: 1_800 })
            .await
            .unwrap()
            .is_none(),
        "the client is signed out"
    );
    let audit = audit_rows(db).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].action.code(), audit[0].target_id, audit[0].reseller_id),
        ("client.closed", Some(f.mine.id), Some(f.me.id))
    );
    assert_eq!(
        (audit[0].actor_kind.code(), audit[0].actor_id, audit[0].ip.as_deref()),
        ("reseller", f.me.id, Some("192.0.2.7"))
    );

    // Closing again changes nothing and adds no second record.
    close_client(db, &actor(&f.me), f.mine.id).await.unwrap();
    assert_eq!(audit_rows(db).await.len(), 1);
}

async fn another_resellers_client_is_not_found(db: &DatabaseConnection) {
    let f = fixture(db).await;
    assert_eq!(close_client(db, &actor(&f.me), f.theirs.id).await, Err(AppError::NotFound));
    assert_eq!(delete_client(db, &actor(&f.me), f.theirs.id, "sara@example.com").await, Err(AppError::NotFound));
    assert_eq!(close_client(db, &actor(&f.me), 999_999).await, Err(AppError::NotFound), "same as a missing id");
    let untouched = client::Entity::find_by_id(f.theirs.id).one(db).await.unwrap().unwrap();
    assert_eq!(untouched.status, ClientStatus::Active);
    assert!(audit_rows(db).await.is_empty());
    let _ = f.other;
}

async fn deleting_needs_the_email_typed_and_leaves_an_audit_record(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let token = portal_session(db, &f.mine).await;
    let mismatch = delete_client(db, &actor(&f.me), f.mine.id, "someone@example.com").await;
    assert_eq!(
        mismatch,
        Err(AppError::Validation(vec![FieldError {
            field: "confirm_email".into(),
            problem: FieldProblem::ConfirmationMismatch
        }]))
    );
    assert!(client::Entity::find_by_id(f.mine.id).one(db).await.unwrap().is_some(), "nothing deleted");

    delete_client(db, &actor(&f.me), f.mine.id, " SARA@example.com ").await.unwrap();
    assert!(client::Entity::find_by_id(f.mine.id).one(db).await.unwrap().is_none());
    assert!(
        find_session(db, Area::Portal, &token, SessionClock { now: 1_001, staff_idle_secs: 1_800 })
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        client::Entity::find_by_id(f.theirs.id).one(db).await.unwrap().is_some(),
        "the other reseller's Sara stays"
    );
    let audit = audit_rows(db).await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, AuditAction::ClientDeleted);
    assert_eq!(audit[0].target_id, Some(f.mine.id));
    assert!(audit[0].detail.as_deref().unwrap().contains("sara@example.com"), "the record says who it was");

    // The reseller's activity log shows it; the other reseller's shows nothing of it.
    let mine = recent_for_reseller(db, f.me.id, 20).await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].describe(app::i18n::Locale::En.strings()), "Deleted client Sara Ahmadi <sara@example.com>");
    assert!(recent_for_reseller(db, f.other.id, 20).await.unwrap().is_empty());
}

on_both_backends!(
    closing_keeps_the_client_ends_their_sessions_and_is_audited,
    another_resellers_client_is_not_found,
    deleting_needs_the_email_typed_and_leaves_an_audit_record,
);
