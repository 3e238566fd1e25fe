//! Sign-in, throttling and sessions against real migrated databases, SQLite and PostgreSQL.

mod support;

use app::auth::Area;
use app::auth::service::{
    AuthSettings, Principal, SignIn, end_session, find_session, hash_password, purge_expired, sign_in,
    start_session,
};
use app::entities::{admin_user, client, session};
use app::error::AppError;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait};
use std::sync::OnceLock;

const NOW: i64 = 1_795_000_000;
const PASSWORD: &str = "correct horse battery";

/// Hashing is slow by design: hash the fixture password and build the settings once per binary.
fn settings() -> &'static AuthSettings {
    static SETTINGS: OnceLock<AuthSettings> = OnceLock::new();
    SETTINGS.get_or_init(|| AuthSettings::new(false, false).expect("auth settings"))
}

async fn password_hash() -> String {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_init(|| async { hash_password(PASSWORD.to_owned()).await.expect("hash") }).await.clone()
}

struct Fixture {
    admin: i64,
    reseller_a: i64,
    reseller_b: i64,
    client_a: i64,
    closed_client_a: i64,
}

async fn fixture(db: &DatabaseConnection) -> Fixture {
    let hash = password_hash().await;
    let now = time::OffsetDateTime::from_unix_timestamp(NOW).unwrap();
    let admin = admin_user::ActiveModel {
        email: Set("admin@example.com".into()),
        name: Set("Admin".into()),
        password_hash: Set(hash.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let reseller_a = support::insert_reseller(db, "alpha", &hash).await;
    let reseller_b = support::insert_reseller(db, "beta", &hash).await;
    let mut clients = Vec::new();
    for (email, status) in [("client@example.com", "active"), ("closed@example.com", "closed")] {
        let c = client::ActiveModel {
            status: Set(status.into()),
            password_hash: Set(Some(hash.clone())),
            ..support::new_client(reseller_a, email)
        }
        .insert(db)
        .await
        .unwrap();
        clients.push(c.id);
    }
    Fixture { admin: admin.id, reseller_a, reseller_b, client_a: clients[0], closed_client_a: clients[1] }
}

fn attempt<'a>(area: Area, portal: Option<i64>, email: &'a str, password: &'a str, now: i64) -> SignIn<'a> {
    SignIn { area, portal_reseller_id: portal, email, password, ip: Some("192.0.2.10"), now }
}

async fn each_area_signs_in_with_its_own_accounts(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let admin = sign_in(db, settings(), attempt(Area::Admin, None, "Admin@Example.com ", PASSWORD, NOW)).await.unwrap();
    assert_eq!(admin, Principal { area: Area::Admin, subject_id: f.admin, reseller_id: None });

    let reseller = sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", PASSWORD, NOW)).await.unwrap();
    assert_eq!(reseller, Principal { area: Area::Reseller, subject_id: f.reseller_a, reseller_id: Some(f.reseller_a) });

    let client = sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_a), "client@example.com", PASSWORD, NOW)).await.unwrap();
    assert_eq!(client, Principal { area: Area::Portal, subject_id: f.client_a, reseller_id: Some(f.reseller_a) });

    // A reseller's email is not an admin account, and a client of alpha is unknown on beta's portal.
    let wrong_area = sign_in(db, settings(), attempt(Area::Admin, None, "alpha@example.com", PASSWORD, NOW)).await;
    assert_eq!(wrong_area, Err(AppError::InvalidCredentials));
    let other_brand = sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_b), "client@example.com", PASSWORD, NOW)).await;
    assert_eq!(other_brand, Err(AppError::InvalidCredentials));
}

async fn unknown_email_and_wrong_password_look_the_same(db: &DatabaseConnection) {
    fixture(db).await;
    let wrong_password = sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", "nope", NOW)).await;
    let unknown_email = sign_in(db, settings(), attempt(Area::Reseller, None, "nobody@example.com", PASSWORD, NOW)).await;
    let malformed_email = sign_in(db, settings(), attempt(Area::Reseller, None, "not an email", PASSWORD, NOW)).await;
    assert_eq!(wrong_password, Err(AppError::InvalidCredentials));
    assert_eq!(unknown_email, wrong_password);
    assert_eq!(malformed_email, wrong_password);
}

async fn a_closed_client_is_refused_after_a_correct_password(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let closed = sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_a), "closed@example.com", PASSWORD, NOW)).await;
    assert_eq!(closed, Err(AppError::Forbidden));
    let closed_wrong = sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_a), "closed@example.com", "nope", NOW)).await;
    assert_eq!(closed_wrong, Err(AppError::InvalidCredentials));
    let _ = f.closed_client_a;
}

async fn repeated_failures_lock_the_account_for_a_while(db: &DatabaseConnection) {
    fixture(db).await;
    let policy = settings().throttle;
    for _ in 0..policy.max_failures_per_account {
        let r = sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", "wrong", NOW)).await;
        assert_eq!(r, Err(AppError::InvalidCredentials));
    }
    // Locked: even the right password is refused, and the answer says for how long.
    let locked = sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", PASSWORD, NOW + 1)).await;
    assert_eq!(locked, Err(AppError::TooManyAttempts { retry_after_secs: (policy.window_secs - 1) as u64 }));
    // The lock is per account: another account from the same address still signs in.
    assert!(sign_in(db, settings(), attempt(Area::Reseller, None, "beta@example.com", PASSWORD, NOW + 1)).await.is_ok());
    // Once the lock has passed, the right password works and clears the counter.
    let later = NOW + policy.window_secs + 1;
    assert!(sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", PASSWORD, later)).await.is_ok());
    let after_success = sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", "wrong", later)).await;
    assert_eq!(after_success, Err(AppError::InvalidCredentials));
}

async fn one_address_guessing_many_accounts_is_locked(db: &DatabaseConnection) {
    fixture(db).await;
    let policy = settings().throttle;
    for i in 0..policy.max_failures_per_ip {
        let email = format!("guess{i}@example.com");
        let r = sign_in(db, settings(), attempt(Area::Reseller, None, &email, "wrong", NOW)).await;
        assert_eq!(r, Err(AppError::InvalidCredentials));
    }
    let locked = sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", PASSWORD, NOW)).await;
    assert!(matches!(locked, Err(AppError::TooManyAttempts { .. })), "{locked:?}");
}

async fn parallel_guesses_cannot_exceed_the_limit(db: &DatabaseConnection) {
    fixture(db).await;
    let policy = settings().throttle;
    let guesses = (0..12).map(|i| {
        let db = db.clone();
        async move {
            let password = format!("guess {i}");
            sign_in(&db, settings(), attempt(Area::Reseller, None, "alpha@example.com", &password, NOW)).await
        }
    });
    let results = futures::future::join_all(guesses).await;
    let checked = results.iter().filter(|r| **r == Err(AppError::InvalidCredentials)).count();
    let refused = results.iter().filter(|r| matches!(r, Err(AppError::TooManyAttempts { .. }))).count();
    assert_eq!(checked + refused, 12, "{results:?}");
    assert!(checked <= policy.max_failures_per_account as usize, "{checked} passwords were checked");
}

async fn sessions_rotate_expire_and_end(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let principal = Principal { area: Area::Reseller, subject_id: f.reseller_a, reseller_id: Some(f.reseller_a) };
    let first = start_session(db, principal, None, Some("192.0.2.1"), NOW, 3600).await.unwrap();
    let found = find_session(db, Area::Reseller, &first.token, NOW + 10).await.unwrap().expect("live session");
    assert_eq!(found.subject_id, f.reseller_a);
    assert_ne!(found.token_hash, first.token, "only the hash is stored");

    // Signing in again from the same browser replaces the session: the old id stops working.
    let second = start_session(db, principal, Some(&first.token), None, NOW + 20, 3600).await.unwrap();
    assert_ne!(first.token, second.token);
    assert!(find_session(db, Area::Reseller, &first.token, NOW + 21).await.unwrap().is_none());
    assert!(find_session(db, Area::Reseller, &second.token, NOW + 21).await.unwrap().is_some());

    // A reseller session is no admin session, and it expires.
    assert!(find_session(db, Area::Admin, &second.token, NOW + 21).await.unwrap().is_none());
    assert!(find_session(db, Area::Reseller, &second.token, NOW + 20 + 3600).await.unwrap().is_none());

    end_session(db, &second.token).await.unwrap();
    assert!(find_session(db, Area::Reseller, &second.token, NOW + 22).await.unwrap().is_none());
}

async fn expired_sessions_are_purged(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let principal = Principal { area: Area::Reseller, subject_id: f.reseller_b, reseller_id: Some(f.reseller_b) };
    start_session(db, principal, None, None, NOW, 60).await.unwrap();
    let live = start_session(db, principal, None, None, NOW, 7200).await.unwrap();
    let purged = purge_expired(db, NOW + 120, &settings().throttle).await.unwrap();
    assert_eq!(purged, 1);
    assert_eq!(session::Entity::find().count(db).await.unwrap(), 1);
    assert!(find_session(db, Area::Reseller, &live.token, NOW + 120).await.unwrap().is_some());
}

on_both_backends!(
    each_area_signs_in_with_its_own_accounts,
    unknown_email_and_wrong_password_look_the_same,
    a_closed_client_is_refused_after_a_correct_password,
    repeated_failures_lock_the_account_for_a_while,
    one_address_guessing_many_accounts_is_locked,
    parallel_guesses_cannot_exceed_the_limit,
    sessions_rotate_expire_and_end,
    expired_sessions_are_purged,
);
