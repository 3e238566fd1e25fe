//! The provider adds and edits resellers: rules, uniqueness, passwords, suspension and the
//! audit trail, on SQLite and PostgreSQL.

use crate::support;
use app::admin::input::ResellerInput;
use app::admin::resellers::service::{create_reseller, form_input, update_reseller};
use app::auth::Area;
use app::auth::service::{AuthSettings, SignIn, sign_in};
use app::entities::{admin_user, audit_log, reseller};
use app::error::{AppError, FieldError, FieldProblem};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

async fn admin(db: &DatabaseConnection) -> admin_user::Model {
    support::insert_admin(db).await
}

fn form(slug: &str, email: &str) -> ResellerInput {
    ResellerInput {
        brand_name: "Cloud Nine".into(),
        slug: slug.into(),
        contact_name: "Nina".into(),
        email: email.into(),
        password: "first password".into(),
        support_email: "help@cloud9.example.com".into(),
        ..ResellerInput::blank()
    }
}

async fn signs_in(db: &DatabaseConnection, email: &str, password: &str) -> bool {
    let settings = AuthSettings::new(false, false).unwrap();
    let attempt = SignIn { area: Area::Reseller, portal_reseller_id: None, email, password, ip: None, now: 1_000 };
    sign_in(db, &settings, attempt).await.is_ok()
}

async fn adding_a_reseller_stores_it_hashed_and_audited(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let id =
        create_reseller(db, &admin, Some("203.0.113.9"), form("Cloud9", "nina@example.com").validate(true).unwrap())
            .await
            .unwrap();
    let saved = reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    assert_eq!((saved.slug.as_str(), saved.status.code()), ("cloud9", "active"));
    assert!(saved.password_hash.starts_with("$argon2id$"));
    assert!(signs_in(db, "nina@example.com", "first password").await);
    let audit = audit_log::Entity::find().all(db).await.unwrap();
    assert_eq!(
        (audit[0].action.code(), audit[0].actor_kind.code(), audit[0].target_id),
        ("reseller.created", "admin", Some(id))
    );
    assert_eq!(form_input(db, id).await.unwrap().password, "", "the password never goes back to the browser");
}

async fn slug_and_email_belong_to_one_reseller(db: &DatabaseConnection) {
    let admin = admin(db).await;
    create_reseller(db, &admin, None, form("cloud9", "nina@example.com").validate(true).unwrap()).await.unwrap();
    let twice = create_reseller(db, &admin, None, form("cloud9", "nina@example.com").validate(true).unwrap()).await;
    assert_eq!(
        twice,
        Err(AppError::Validation(vec![
            FieldError { field: "slug".into(), problem: FieldProblem::Taken },
            FieldError { field: "email".into(), problem: FieldProblem::Taken },
        ]))
    );
    assert_eq!(reseller::Entity::find().count(db).await.unwrap(), 1);
}

async fn editing_keeps_or_changes_the_password_and_suspends(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let id =
        create_reseller(db, &admin, None, form("cloud9", "nina@example.com").validate(true).unwrap()).await.unwrap();
    let other =
        create_reseller(db, &admin, None, form("other", "other@example.com").validate(true).unwrap()).await.unwrap();

    let keep =
        ResellerInput { password: String::new(), allow_delete_clients: false, ..form("cloud9", "nina@example.com") };
    update_reseller(db, &admin, None, id, keep.validate(false).unwrap()).await.unwrap();
    assert!(signs_in(db, "nina@example.com", "first password").await, "an empty password keeps the old one");
    assert!(!reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap().allow_delete_clients);

    let clash = form("other", "nina@example.com");
    assert_eq!(
        update_reseller(db, &admin, None, id, clash.validate(false).unwrap()).await,
        Err(AppError::Validation(vec![FieldError { field: "slug".into(), problem: FieldProblem::Taken }]))
    );

    let suspended = ResellerInput {
        password: "second password".into(),
        status: "suspended".into(),
        ..form("cloud9", "nina@example.com")
    };
    update_reseller(db, &admin, None, id, suspended.validate(false).unwrap()).await.unwrap();
    assert!(!signs_in(db, "nina@example.com", "second password").await, "a suspended reseller cannot sign in");
    assert_eq!(
        update_reseller(db, &admin, None, 999_999, form("x-y", "x@example.com").validate(false).unwrap()).await,
        Err(AppError::NotFound)
    );
    let _ = other;
}

on_both_backends!(
    adding_a_reseller_stores_it_hashed_and_audited,
    slug_and_email_belong_to_one_reseller,
    editing_keeps_or_changes_the_password_and_suspends,
);
