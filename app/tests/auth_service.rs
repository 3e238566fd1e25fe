//! Sign-in, throttling and sessions against real migrated databases, SQLite and PostgreSQL.

use crate::support;
use support::code;

use app::auth::Area;
use app::auth::service::{
    Acting, AuthSettings, NewSession, Principal, SessionClock, SessionsOf, SignIn, end_session, end_sessions_of,
    find_session, hash_password, insert_session, purge_expired, sign_in, start_session, touch_session,
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
            status: Set(code(status)),
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

    let reseller =
        sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", PASSWORD, NOW)).await.unwrap();
    assert_eq!(reseller, Principal { area: Area::Reseller, subject_id: f.reseller_a, reseller_id: Some(f.reseller_a) });

    let client =
        sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_a), "client@example.com", PASSWORD, NOW))
            .await
            .unwrap();
    assert_eq!(client, Principal { area: Area::Portal, subject_id: f.client_a, reseller_id: Some(f.reseller_a) });

    // A reseller's email is not an admin account, and a client of alpha is unknown on beta's portal.
    let wrong_area = sign_in(db, settings(), attempt(Area::Admin, None, "alpha@example.com", PASSWORD, NOW)).await;
    assert_eq!(wrong_area, Err(AppError::InvalidCredentials));
    let other_brand =
        sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_b), "client@example.com", PASSWORD, NOW)).await;
    assert_eq!(other_brand, Err(AppError::InvalidCredentials));
}

async fn unknown_email_and_wrong_password_look_the_same(db: &DatabaseConnection) {
    fixture(db).await;
    let wrong_password = sign_in(db, settings(), attempt(Area::Reseller, None, "alpha@example.com", "nope", NOW)).await;
    let unknown_email =
        sign_in(db, settings(), attempt(Area::Reseller, None, "nobody@example.com", PASSWORD, NOW)).await;
    let malformed_email = sign_in(db, settings(), attempt(Area::Reseller, None, "not an email", PASSWORD, NOW)).await;
    assert_eq!(wrong_password, Err(AppError::InvalidCredentials));
    assert_eq!(unknown_email, wrong_password);
    assert_eq!(malformed_email, wrong_password);
}

async fn a_closed_client_is_refused_after_a_correct_password(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let closed =
        sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_a), "closed@example.com", PASSWORD, NOW)).await;
    assert_eq!(closed, Err(AppError::Forbidden));
    let closed_wrong =
        sign_in(db, settings(), attempt(Area::Portal, Some(f.reseller_a), "closed@example.com", "nope", NOW)).await;
    assert_eq!(closed_wrong, Err(AppError::InvalidCredentials));
    let _ = f.closed_client_a;
}

fn attempt_from<'a>(ip: &'a str, email: &'a str, password: &'a str, now: i64) -> SignIn<'a> {
    SignIn { area: Area::Reseller, portal_reseller_id: None, email, password, ip: Some(ip), now }
}

fn clock(now: i64) -> SessionClock {
    SessionClock { now, staff_idle_secs: settings().staff_idle_secs }
}

async fn an_attacker_elsewhere_never_locks_the_owner_out(db: &DatabaseConnection) {
    fixture(db).await;
    // The attacker guesses on, each guess as soon as the delay allows.
    let mut now = NOW;
    let mut refused = 0;
    for _ in 0..24 {
        match sign_in(db, settings(), attempt_from("198.51.100.66", "alpha@example.com", "guess", now)).await {
            Err(AppError::InvalidCredentials) => {}
            Err(AppError::TooManyAttempts { retry_after_secs }) => {
                refused += 1;
                now += retry_after_secs as i64;
            }
            other => panic!("{other:?}"),
        }
        // The owner, at their own address, signs in at any moment of it.
        let owner = sign_in(db, settings(), attempt_from("192.0.2.10", "alpha@example.com", PASSWORD, now)).await;
        assert!(owner.is_ok(), "the owner was refused at {now}: {owner:?}");
    }
    assert!(refused > 0, "the attacker was never slowed down");
}

async fn failures_from_one_address_wait_growing_delays(db: &DatabaseConnection) {
    fixture(db).await;
    let policy = settings().throttle;
    let wrong = |now| sign_in(db, settings(), attempt_from("192.0.2.10", "alpha@example.com", "wrong", now));
    // The free failures, then one more that sets the first delay.
    for _ in 0..=policy.free_failures_per_account {
        assert_eq!(wrong(NOW).await, Err(AppError::InvalidCredentials));
    }
    let mut now = NOW;
    let mut waits = Vec::new();
    for _ in 0..4 {
        let Err(AppError::TooManyAttempts { retry_after_secs }) = wrong(now).await else { panic!("not delayed") };
        waits.push(retry_after_secs as i64);
        // Refused even with the right password while the delay lasts, and the refusal counts nothing.
        let right = sign_in(db, settings(), attempt_from("192.0.2.10", "alpha@example.com", PASSWORD, now)).await;
        assert_eq!(right, Err(AppError::TooManyAttempts { retry_after_secs }));
        now += retry_after_secs as i64;
        assert_eq!(wrong(now).await, Err(AppError::InvalidCredentials), "the delay is over at {now}");
    }
    let first = policy.first_delay_secs;
    assert_eq!(waits, vec![first, first * 2, first * 4, first * 8]);
    // After the delay the right password works, and starts the account's count over.
    let later = now + policy.max_delay_secs;
    assert!(sign_in(db, settings(), attempt_from("192.0.2.10", "alpha@example.com", PASSWORD, later)).await.is_ok());
    assert_eq!(wrong(later).await, Err(AppError::InvalidCredentials));
    assert_eq!(wrong(later).await, Err(AppError::InvalidCredentials));
    // Delays never grow past the cap.
    assert_eq!(policy.delay_after(500, policy.free_failures_per_account), policy.max_delay_secs);
}

async fn one_address_guessing_many_accounts_waits_too(db: &DatabaseConnection) {
    fixture(db).await;
    let policy = settings().throttle;
    for i in 0..=policy.free_failures_per_ip {
        let email = format!("guess{i}@example.com");
        let r = sign_in(db, settings(), attempt_from("198.51.100.7", &email, "wrong", NOW)).await;
        assert_eq!(r, Err(AppError::InvalidCredentials));
    }
    let delayed = sign_in(db, settings(), attempt_from("198.51.100.7", "alpha@example.com", PASSWORD, NOW)).await;
    assert!(matches!(delayed, Err(AppError::TooManyAttempts { .. })), "{delayed:?}");
    // Nobody else is slowed by that address.
    assert!(sign_in(db, settings(), attempt_from("192.0.2.10", "alpha@example.com", PASSWORD, NOW)).await.is_ok());
}

async fn parallel_guesses_cannot_exceed_the_free_ones(db: &DatabaseConnection) {
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
    // The free failures and the one that starts the first delay.
    assert!(checked <= policy.free_failures_per_account as usize + 1, "{checked} passwords were checked");
}

async fn sessions_rotate_expire_and_end(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let principal = Principal { area: Area::Reseller, subject_id: f.reseller_a, reseller_id: Some(f.reseller_a) };
    let first = start_session(db, principal, None, Some("192.0.2.1"), NOW, 3600).await.unwrap();
    let found = find_session(db, Area::Reseller, &first.token, clock(NOW + 10)).await.unwrap().expect("live session");
    assert_eq!(found.subject_id, f.reseller_a);
    assert_ne!(found.token_hash, first.token, "only the hash is stored");

    // Signing in again from the same browser replaces the session: the old id stops working.
    let second = start_session(db, principal, Some(&first.token), None, NOW + 20, 3600).await.unwrap();
    assert_ne!(first.token, second.token);
    assert!(find_session(db, Area::Reseller, &first.token, clock(NOW + 21)).await.unwrap().is_none());
    assert!(find_session(db, Area::Reseller, &second.token, clock(NOW + 21)).await.unwrap().is_some());

    // A reseller session is no admin session, and it expires.
    assert!(find_session(db, Area::Admin, &second.token, clock(NOW + 21)).await.unwrap().is_none());
    assert!(find_session(db, Area::Reseller, &second.token, clock(NOW + 20 + 3600)).await.unwrap().is_none());

    end_session(db, &second.token).await.unwrap();
    assert!(find_session(db, Area::Reseller, &second.token, clock(NOW + 22)).await.unwrap().is_none());
}

async fn staff_sessions_end_when_idle_and_client_sessions_do_not(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let idle = settings().staff_idle_secs;
    assert_eq!(idle, 30 * 60, "staff sessions idle out after 30 minutes unless configured");
    let reseller = Principal { area: Area::Reseller, subject_id: f.reseller_a, reseller_id: Some(f.reseller_a) };
    let client = Principal { area: Area::Portal, subject_id: f.client_a, reseller_id: Some(f.reseller_a) };
    let staff = start_session(db, reseller, None, None, NOW, 12 * 3600).await.unwrap();
    let used = start_session(db, reseller, None, None, NOW, 12 * 3600).await.unwrap();
    let portal = start_session(db, client, None, None, NOW, 12 * 3600).await.unwrap();

    // One session is used now and then; each use is recorded (at most once a minute).
    let mut now = NOW;
    while now < NOW + 3 * idle {
        now += idle - 60;
        let row =
            find_session(db, Area::Reseller, &used.token, clock(now)).await.unwrap().expect("a used session stays");
        touch_session(db, &row, now).await.unwrap();
    }
    assert!(find_session(db, Area::Reseller, &staff.token, clock(NOW + idle - 1)).await.unwrap().is_some());
    assert!(
        find_session(db, Area::Reseller, &staff.token, clock(NOW + idle)).await.unwrap().is_none(),
        "idle for 30 minutes"
    );
    assert!(
        find_session(db, Area::Portal, &portal.token, clock(NOW + 3 * idle)).await.unwrap().is_some(),
        "a client's own session has no idle end"
    );

    // The purge deletes the idle one only.
    purge_expired(db, now, settings()).await.unwrap();
    let left = session::Entity::find().count(db).await.unwrap();
    assert_eq!(left, 2);
}

async fn ending_an_accounts_sessions_keeps_only_the_one_asked(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let reseller = Principal { area: Area::Reseller, subject_id: f.reseller_a, reseller_id: Some(f.reseller_a) };
    let other = Principal { area: Area::Reseller, subject_id: f.reseller_b, reseller_id: Some(f.reseller_b) };
    let client = Principal { area: Area::Portal, subject_id: f.client_a, reseller_id: Some(f.reseller_a) };
    let asking = start_session(db, reseller, None, None, NOW, 3600).await.unwrap();
    let elsewhere = start_session(db, reseller, None, None, NOW, 3600).await.unwrap();
    let theirs = start_session(db, other, None, None, NOW, 3600).await.unwrap();
    let clients_own = start_session(db, client, None, None, NOW, 3600).await.unwrap();
    let acting = insert_session(
        db,
        NewSession {
            principal: client,
            acting: Some(Acting { reseller_id: f.reseller_a, parent_session_id: None }),
            previous_token: None,
            ip: None,
            now: NOW,
            ttl_secs: 3600,
        },
    )
    .await
    .unwrap();
    let keep = find_session(db, Area::Reseller, &asking.token, clock(NOW)).await.unwrap().unwrap().id;

    let ended =
        end_sessions_of(db, SessionsOf { area: Area::Reseller, subject_id: f.reseller_a }, Some(keep)).await.unwrap();
    assert_eq!(ended, 2, "the other panel session and the Login as client one");
    let live =
        |token: String, area| async move { find_session(db, area, &token, clock(NOW + 1)).await.unwrap().is_some() };
    assert!(live(asking.token, Area::Reseller).await);
    assert!(!live(elsewhere.token, Area::Reseller).await);
    assert!(!live(acting.token, Area::Portal).await);
    assert!(live(theirs.token, Area::Reseller).await);
    assert!(live(clients_own.token, Area::Portal).await);
}

async fn expired_sessions_are_purged(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let principal = Principal { area: Area::Portal, subject_id: f.client_a, reseller_id: Some(f.reseller_a) };
    start_session(db, principal, None, None, NOW, 60).await.unwrap();
    let live = start_session(db, principal, None, None, NOW, 7200).await.unwrap();
    let purged = purge_expired(db, NOW + 120, settings()).await.unwrap();
    assert_eq!(purged, 1);
    assert_eq!(session::Entity::find().count(db).await.unwrap(), 1);
    assert!(find_session(db, Area::Portal, &live.token, clock(NOW + 120)).await.unwrap().is_some());
}

on_both_backends!(
    each_area_signs_in_with_its_own_accounts,
    unknown_email_and_wrong_password_look_the_same,
    a_closed_client_is_refused_after_a_correct_password,
    an_attacker_elsewhere_never_locks_the_owner_out,
    failures_from_one_address_wait_growing_delays,
    one_address_guessing_many_accounts_waits_too,
    parallel_guesses_cannot_exceed_the_free_ones,
    sessions_rotate_expire_and_end,
    staff_sessions_end_when_idle_and_client_sessions_do_not,
    ending_an_accounts_sessions_keeps_only_the_one_asked,
    expired_sessions_are_purged,
);
