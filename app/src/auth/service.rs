//! Passwords, sign-in with throttling, and database-backed sessions. No HTTP in here: the
//! server functions in `super` translate requests into these calls.

use super::Area;
use crate::clients::ClientStatus;
use crate::entities::{admin_user, client, login_throttle, reseller, session};
use crate::error::AppError;
use crate::values::{EmailAddress, ResellerStatus};
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use base64::Engine;
use rand::RngCore;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    JoinType, QueryFilter, QuerySelect,
};
use sha2::{Digest, Sha256};

/// How sign-in attempts are slowed down. Failures are counted per account *and* address, and
/// per address over every account; past a few free failures each further attempt on that key
/// waits a delay that doubles with every failure. An attacker elsewhere therefore never slows
/// the owner down at their own address, and one address guessing many accounts is slowed too.
#[derive(Clone, Copy, Debug)]
pub struct ThrottlePolicy {
    /// Failures from one address at one account before each further attempt waits.
    pub free_failures_per_account: i32,
    /// Failures from one address over every account before each further attempt waits.
    pub free_failures_per_ip: i32,
    /// The wait after the first failure past the free ones; each further failure doubles it.
    pub first_delay_secs: i64,
    pub max_delay_secs: i64,
    /// A key with no attempt for this long starts over.
    pub quiet_secs: i64,
}

impl Default for ThrottlePolicy {
    fn default() -> Self {
        Self {
            free_failures_per_account: 5,
            free_failures_per_ip: 30,
            first_delay_secs: 2,
            max_delay_secs: 15 * 60,
            quiet_secs: 60 * 60,
        }
    }
}

impl ThrottlePolicy {
    /// How long a key waits after its `failures`th failure, when `free` failures are free.
    pub fn delay_after(&self, failures: i32, free: i32) -> i64 {
        let past_free = failures - free;
        if past_free <= 0 {
            return 0;
        }
        let doublings = (past_free - 1).min(30) as u32;
        self.first_delay_secs.saturating_mul(1i64 << doublings).min(self.max_delay_secs)
    }
}

pub struct AuthSettings {
    /// Set `Secure` on cookies (the public URL is https).
    pub secure_cookies: bool,
    pub trust_forwarded_for: bool,
    /// A session ends this long after it started, however busy.
    pub session_ttl_secs: i64,
    /// A staff session (admin, reseller, and a reseller's Login as client) ends after this long
    /// without a request.
    pub staff_idle_secs: i64,
    pub throttle: ThrottlePolicy,
    /// A real argon2id hash of a random password, verified against when the email is unknown
    /// so that unknown accounts take as long to refuse as wrong passwords.
    dummy_hash: String,
}

impl AuthSettings {
    pub fn new(secure_cookies: bool, trust_forwarded_for: bool) -> Result<Self, AppError> {
        let mut random = [0u8; 24];
        rand::rng().fill_bytes(&mut random);
        let dummy_hash = hash_password_blocking(&hex::encode(random))?;
        Ok(Self {
            secure_cookies,
            trust_forwarded_for,
            session_ttl_secs: 12 * 60 * 60,
            staff_idle_secs: 30 * 60,
            throttle: ThrottlePolicy::default(),
            dummy_hash,
        })
    }
}

fn argon2id() -> Argon2<'static> {
    // OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19_456, 2, 1, None).expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    argon2id()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::internal("hashing a password", &e))
}

/// At most this many argon2 computations (19 MiB each) run at once, so a burst of sign-ins
/// cannot take the server's memory; the rest wait their turn.
static ARGON2_SLOTS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

async fn argon2_slot() -> Result<tokio::sync::SemaphorePermit<'static>, AppError> {
    ARGON2_SLOTS.acquire().await.map_err(|e| AppError::internal("argon2 slots", &e))
}

/// Hashes a password with argon2id off the async workers.
pub async fn hash_password(password: String) -> Result<String, AppError> {
    let _slot = argon2_slot().await?;
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(|e| AppError::internal("password hashing task", &e))?
}

/// Checks a password against a stored PHC string, off the async workers. A malformed hash
/// counts as a mismatch (and is logged): it must never let anyone in.
pub async fn verify_password(hash: String, password: String) -> Result<bool, AppError> {
    let _slot = argon2_slot().await?;
    tokio::task::spawn_blocking(move || match argon2id().verify_password(password.as_bytes(), hash.as_str()) {
        Ok(()) => true,
        Err(argon2::password_hash::Error::PasswordInvalid) => false,
        Err(e) => {
            tracing::error!(error = %e, "stored password hash could not be read");
            false
        }
    })
    .await
    .map_err(|e| AppError::internal("password verification task", &e))
}

/// Who a session belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    pub area: Area,
    /// The admin, reseller or client id, by area.
    pub subject_id: i64,
    /// The reseller the subject belongs to (itself for a reseller, none for an admin).
    pub reseller_id: Option<i64>,
}

pub struct SignIn<'a> {
    pub area: Area,
    /// The portal's reseller; `None` outside the portal.
    pub portal_reseller_id: Option<i64>,
    pub email: &'a str,
    pub password: &'a str,
    pub ip: Option<&'a str>,
    pub now: i64,
}

/// Verifies credentials. Unknown email and wrong password give the same error after the same
/// work. Each attempt takes its turn on both throttle keys before the password is checked, so
/// parallel guesses cannot slip past the delays; a success gives its attempts back.
pub async fn sign_in(
    db: &impl ConnectionTrait,
    settings: &AuthSettings,
    attempt: SignIn<'_>,
) -> Result<Principal, AppError> {
    let policy = settings.throttle;
    let normalized = attempt.email.trim().to_lowercase();
    let ip = attempt.ip.unwrap_or("unknown");
    // Hashed: the key has a fixed length whatever was typed, and stores no address.
    let account_key = format!(
        "signin:{}:{}:{}:{ip}",
        attempt.area.code(),
        attempt.portal_reseller_id.unwrap_or(0),
        hex::encode(Sha256::digest(normalized.as_bytes()))
    );
    let ip_key = format!("signin-ip:{ip}");

    let waits = [
        take_turn(db, &account_key, attempt.now, &policy, policy.free_failures_per_account).await?,
        take_turn(db, &ip_key, attempt.now, &policy, policy.free_failures_per_ip).await?,
    ];
    if let Some(seconds) = waits.into_iter().flatten().max() {
        return Err(AppError::TooManyAttempts { retry_after_secs: seconds.max(1) as u64 });
    }

    let account = match EmailAddress::parse(&normalized) {
        Ok(email) => find_account(db, attempt.area, attempt.portal_reseller_id, &email).await?,
        Err(_) => None,
    };
    let hash = account.as_ref().map_or_else(|| settings.dummy_hash.clone(), |a| a.password_hash.clone());
    let password_ok = verify_password(hash, attempt.password.to_owned()).await?;

    match account {
        Some(account) if password_ok => {
            login_throttle::Entity::delete_by_id(account_key).exec(db).await?;
            release_attempt(db, &ip_key).await?;
            if !account.active {
                return Err(AppError::Forbidden);
            }
            Ok(account.principal)
        }
        _ => Err(AppError::InvalidCredentials),
    }
}

struct Account {
    principal: Principal,
    password_hash: String,
    active: bool,
}

async fn find_account(
    db: &impl ConnectionTrait,
    area: Area,
    portal_reseller_id: Option<i64>,
    email: &EmailAddress,
) -> Result<Option<Account>, AppError> {
    Ok(match area {
        Area::Admin => {
            admin_user::Entity::find().filter(admin_user::Column::Email.eq(email.as_str())).one(db).await?.map(|a| {
                Account {
                    principal: Principal { area, subject_id: a.id, reseller_id: None },
                    password_hash: a.password_hash,
                    active: true,
                }
            })
        }
        Area::Reseller => {
            reseller::Entity::find().filter(reseller::Column::Email.eq(email.as_str())).one(db).await?.map(|r| {
                Account {
                    principal: Principal { area, subject_id: r.id, reseller_id: Some(r.id) },
                    password_hash: r.password_hash,
                    active: r.status == ResellerStatus::Active,
                }
            })
        }
        Area::Portal => {
            let Some(reseller_id) = portal_reseller_id else { return Ok(None) };
            client::Entity::find()
                .filter(client::Column::ResellerId.eq(reseller_id))
                .filter(client::Column::Email.eq(email.as_str()))
                .one(db)
                .await?
                .and_then(|c| {
                    // A client without a password (waiting for a set-password email) cannot sign in.
                    let hash = c.password_hash?;
                    Some(Account {
                        principal: Principal { area, subject_id: c.id, reseller_id: Some(reseller_id) },
                        password_hash: hash,
                        active: c.status != ClientStatus::Closed,
                    })
                })
        }
    })
}

/// Counts one request against `key` (such as an address) and refuses it once `max` requests
/// fell into the current window of `window_secs`.
pub async fn rate_limit(
    db: &impl ConnectionTrait,
    key: &str,
    max: i32,
    now: i64,
    window_secs: i64,
) -> Result<(), AppError> {
    let count = count_attempt(db, key, now, window_secs).await?;
    if count.attempts > max {
        Err(AppError::TooManyAttempts { retry_after_secs: (count.window_ends_at - now).max(1) as u64 })
    } else {
        Ok(())
    }
}

/// Counts a sign-in attempt on `key` as a failure in advance, unless the key is waiting out a
/// delay: then it answers how many seconds are left, and counts nothing. The attempt's count
/// sets the key's next delay at once; a success deletes or gives it back. Each change is a
/// compare-and-set on the row read, so attempts at the same moment each get their own count.
async fn take_turn(
    db: &impl ConnectionTrait,
    key: &str,
    now: i64,
    policy: &ThrottlePolicy,
    free: i32,
) -> Result<Option<i64>, AppError> {
    use login_throttle::Column;
    for _ in 0..4 {
        match login_throttle::Entity::find_by_id(key.to_owned()).one(db).await? {
            None => {
                let row = login_throttle::ActiveModel {
                    key: Set(key.to_owned()),
                    attempts: Set(1),
                    window_started_at: Set(now),
                    blocked_until: Set(now + policy.delay_after(1, free)),
                };
                let inserted = login_throttle::Entity::insert(row)
                    .on_conflict_do_nothing_on([Column::Key])
                    .exec_without_returning(db)
                    .await?;
                if matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
                    return Ok(None);
                }
            }
            Some(row) if row.blocked_until > now => return Ok(Some(row.blocked_until - now)),
            Some(row) => {
                let failures =
                    if row.window_started_at <= now - policy.quiet_secs { 1 } else { row.attempts.saturating_add(1) };
                let updated = login_throttle::Entity::update_many()
                    .col_expr(Column::Attempts, Expr::value(failures))
                    .col_expr(Column::WindowStartedAt, Expr::value(now))
                    .col_expr(Column::BlockedUntil, Expr::value(now + policy.delay_after(failures, free)))
                    .filter(Column::Key.eq(key))
                    .filter(Column::Attempts.eq(row.attempts))
                    .filter(Column::WindowStartedAt.eq(row.window_started_at))
                    .filter(Column::BlockedUntil.eq(row.blocked_until))
                    .exec(db)
                    .await?;
                if updated.rows_affected == 1 {
                    return Ok(None);
                }
            }
        }
    }
    // Lost the race four times in a row: this key is being hammered right now.
    Ok(Some(1))
}

struct AttemptCount {
    attempts: i32,
    window_ends_at: i64,
}

/// Adds one attempt to `key`'s window (starting a new window when the last one is over) in a
/// single upsert, then reads the count back.
async fn count_attempt(
    db: &impl ConnectionTrait,
    key: &str,
    now: i64,
    window_secs: i64,
) -> Result<AttemptCount, AppError> {
    // Scoped here: its blanket `max` would shadow `Ord::max` elsewhere in the file.
    use sea_orm::sea_query::ExprTrait;
    let column = |c: login_throttle::Column| Expr::col((login_throttle::Entity, c));
    let window_over = column(login_throttle::Column::WindowStartedAt).lte(now - window_secs);
    let row = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        attempts: Set(1),
        window_started_at: Set(now),
        blocked_until: Set(0),
    };
    login_throttle::Entity::insert(row)
        .on_conflict(
            OnConflict::column(login_throttle::Column::Key)
                .value(
                    login_throttle::Column::Attempts,
                    Expr::case(window_over.clone(), 1).finally(column(login_throttle::Column::Attempts).add(1)),
                )
                .value(
                    login_throttle::Column::WindowStartedAt,
                    Expr::case(window_over, now).finally(column(login_throttle::Column::WindowStartedAt)),
                )
                .to_owned(),
        )
        .exec(db)
        .await?;
    let row = login_throttle::Entity::find_by_id(key.to_owned()).one(db).await?.ok_or_else(|| {
        tracing::error!(key, "attempt counter row missing right after its upsert");
        AppError::Internal
    })?;
    Ok(AttemptCount { attempts: row.attempts, window_ends_at: row.window_started_at + window_secs })
}

/// Gives back the attempt a successful sign-in used, so people sharing an address are not
/// locked out by each other's successes.
async fn release_attempt(db: &impl ConnectionTrait, key: &str) -> Result<(), AppError> {
    login_throttle::Entity::update_many()
        .col_expr(
            login_throttle::Column::Attempts,
            sea_orm::sea_query::ExprTrait::sub(Expr::col(login_throttle::Column::Attempts), 1),
        )
        .filter(login_throttle::Column::Key.eq(key))
        .filter(login_throttle::Column::Attempts.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// A new session token (what the cookie carries) and the hash stored for it.
pub struct SessionToken {
    pub token: String,
    pub hash: String,
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random URL-safe token and its hash; sessions, password links and other single-use secrets
/// store only the hash.
pub fn new_token() -> SessionToken {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    SessionToken { hash: token_hash(&token), token }
}

/// Starts a session for `principal`. Any session the browser already had for this area is
/// ended in the same transaction, so the id always changes at sign-in.
pub async fn start_session(
    db: &DatabaseConnection,
    principal: Principal,
    previous_token: Option<&str>,
    ip: Option<&str>,
    now: i64,
    ttl_secs: i64,
) -> Result<SessionToken, AppError> {
    let txn = crate::db::begin_write(db).await?;
    let token = insert_session(&txn, NewSession { principal, acting: None, previous_token, ip, now, ttl_secs }).await?;
    txn.commit().await?;
    Ok(token)
}

/// A reseller acting as a client: who, and from which of their sessions.
#[derive(Clone, Copy, Debug)]
pub struct Acting {
    pub reseller_id: i64,
    /// The reseller session that issued the Login as client link; signing out of it ends the
    /// portal session too.
    pub parent_session_id: Option<i64>,
}

/// What a new session row holds.
pub struct NewSession<'a> {
    pub principal: Principal,
    /// Set for a portal session a reseller opened with "Login as client".
    pub acting: Option<Acting>,
    /// The browser's previous session of the same area, ended in the same transaction.
    pub previous_token: Option<&'a str>,
    pub ip: Option<&'a str>,
    pub now: i64,
    pub ttl_secs: i64,
}

/// Inserts a new session row (ending the previous one, if any) inside the caller's
/// transaction.
pub async fn insert_session(db: &impl ConnectionTrait, new: NewSession<'_>) -> Result<SessionToken, AppError> {
    let NewSession { principal, acting, previous_token, ip, now, ttl_secs } = new;
    let token = new_token();
    if let Some(previous) = previous_token {
        session::Entity::delete_many().filter(session::Column::TokenHash.eq(token_hash(previous))).exec(db).await?;
    }
    session::ActiveModel {
        token_hash: Set(token.hash.clone()),
        area: Set(principal.area),
        subject_id: Set(principal.subject_id),
        reseller_id: Set(principal.reseller_id),
        acting_reseller_id: Set(acting.map(|a| a.reseller_id)),
        parent_session_id: Set(acting.and_then(|a| a.parent_session_id)),
        ip: Set(ip.map(str::to_owned)),
        created_at: Set(now),
        expires_at: Set(now + ttl_secs),
        last_seen_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// When a session is looked up: its moment, and how long staff sessions may sit unused.
#[derive(Clone, Copy, Debug)]
pub struct SessionClock {
    pub now: i64,
    pub staff_idle_secs: i64,
}

/// The live session of `area` that `token` names, if any.
pub async fn find_session(
    db: &impl ConnectionTrait,
    area: Area,
    token: &str,
    clock: SessionClock,
) -> Result<Option<session::Model>, AppError> {
    Ok(session::Entity::find().filter(live_session(area, token, clock)).one(db).await?)
}

/// The live session of `area` that `token` names together with its subject, a row of `E`
/// whose `id` column is the session's subject id and for which `allowed` holds (an active
/// reseller, a client who is not closed): one statement, as every signed-in request starts here.
pub async fn find_session_with<E: EntityTrait>(
    db: &impl ConnectionTrait,
    area: Area,
    token: &str,
    clock: SessionClock,
    id: E::Column,
    allowed: Condition,
) -> Result<Option<(session::Model, E::Model)>, AppError> {
    let subject = session::Entity::belongs_to(E::default()).from(session::Column::SubjectId).to(id).into();
    let found = session::Entity::find()
        .select_also(E::default())
        .join(JoinType::InnerJoin, subject)
        .filter(live_session(area, token, clock))
        .filter(allowed)
        .one(db)
        .await?;
    Ok(found.and_then(|(session, subject)| Some((session, subject?))))
}

fn live_session(area: Area, token: &str, clock: SessionClock) -> Condition {
    Condition::all()
        .add(session::Column::TokenHash.eq(token_hash(token)))
        .add(session::Column::Area.eq(area))
        .add(session::Column::ExpiresAt.gt(clock.now))
        .add(idle(clock.staff_idle_secs, clock.now).not())
}

/// Ends the session `token` names, and with it the portal sessions it opened with Login as
/// client (a reseller's sign-out ends their acting too).
pub async fn end_session(db: &impl ConnectionTrait, token: &str) -> Result<(), AppError> {
    let Some(ended) = session::Entity::find().filter(session::Column::TokenHash.eq(token_hash(token))).one(db).await?
    else {
        return Ok(());
    };
    session::Entity::delete_by_id(ended.id).exec(db).await?;
    end_child_sessions(db, ended.id).await?;
    Ok(())
}

/// Deletes expired sessions and stale throttle rows; run periodically by the server.
pub async fn purge_expired(db: &impl ConnectionTrait, now: i64, settings: &AuthSettings) -> Result<u64, AppError> {
    let over = Condition::any().add(session::Column::ExpiresAt.lte(now)).add(idle(settings.staff_idle_secs, now));
    let sessions = session::Entity::delete_many().filter(over).exec(db).await?;
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::WindowStartedAt.lte(now - settings.throttle.quiet_secs))
        .filter(login_throttle::Column::BlockedUntil.lte(now))
        .exec(db)
        .await?;
    Ok(sessions.rows_affected)
}

/// Staff sessions (admin, reseller, and a reseller's Login as client in the portal) unused for
/// `idle_secs`.
fn idle(idle_secs: i64, now: i64) -> Condition {
    let staff = Condition::any()
        .add(session::Column::Area.is_in([Area::Admin, Area::Reseller]))
        .add(session::Column::ActingResellerId.is_not_null());
    Condition::all().add(staff).add(session::Column::LastSeenAt.lte(now - idle_secs))
}

/// How often a session's `last_seen_at` is written: once a minute is precise enough for an idle
/// timeout of minutes, and keeps busy sessions from writing on every request.
pub const SEEN_EVERY_SECS: i64 = 60;

/// Records that `session` was used at `now`, if it was last recorded over a minute ago.
pub async fn touch_session(db: &impl ConnectionTrait, session: &session::Model, now: i64) -> Result<(), AppError> {
    if session.last_seen_at > now - SEEN_EVERY_SECS {
        return Ok(());
    }
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(now))
        .filter(session::Column::Id.eq(session.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Who else is signed in as an account, to end their sessions: every session of the subject in
/// `area`, and for a reseller also the portal sessions they opened with Login as client.
pub struct SessionsOf {
    pub area: Area,
    pub subject_id: i64,
}

/// Ends every session of `account` except `keep` (the session that made the change, if it is
/// one of them); returns how many ended. Called when a password changes or is reset, a
/// reseller is suspended or a client closed.
pub async fn end_sessions_of(
    db: &impl ConnectionTrait,
    account: SessionsOf,
    keep: Option<i64>,
) -> Result<u64, AppError> {
    let mut theirs = Condition::any().add(
        Condition::all()
            .add(session::Column::Area.eq(account.area))
            .add(session::Column::SubjectId.eq(account.subject_id)),
    );
    if account.area == Area::Reseller {
        theirs = theirs.add(session::Column::ActingResellerId.eq(account.subject_id));
    }
    let mut delete = session::Entity::delete_many().filter(theirs);
    if let Some(keep) = keep {
        delete = delete.filter(session::Column::Id.ne(keep));
    }
    Ok(delete.exec(db).await?.rows_affected)
}

/// Ends the portal sessions opened with Login as client from the reseller session `parent`.
pub async fn end_child_sessions(db: &impl ConnectionTrait, parent: i64) -> Result<u64, AppError> {
    Ok(session::Entity::delete_many().filter(session::Column::ParentSessionId.eq(parent)).exec(db).await?.rows_affected)
}
