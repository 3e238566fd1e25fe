//! The client's own account: their details (the reseller's client form and rules, without
//! what only the reseller may change), their password, and "Forgot password".

use crate::audit::{ActorKind, AuditAction, TargetKind};
use crate::auth::service::{hash_password, new_token, rate_limit, verify_password};
use crate::clients::input::{ClientInput, FormMode};
use crate::entities::{client, email_outbox, password_token, reseller, session};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::i18n::Locale;
use crate::mail::{self, Letter, Template};
use crate::portal::PortalAccess;
use crate::values::OutboxStatus;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, SqlErr,
};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// How long a "Forgot password" link works.
pub const RESET_LINK_HOURS: i64 = 2;
/// "Forgot password" requests one address may make to one brand per window.
const RESET_PER_IP: i32 = 10;
/// Emails one account may be sent per window, whoever asks.
const RESET_PER_ACCOUNT: i32 = 3;
const RESET_WINDOW_SECS: i64 = 60 * 60;
use crate::auth::password::service::{CHANGE_ATTEMPTS, CHANGE_WINDOW_SECS};

fn field(field: &str, problem: FieldProblem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.to_owned(), problem }])
}

/// The Account form, filled from what is stored now.
pub async fn account_form(db: &impl ConnectionTrait, access: &PortalAccess) -> Result<ClientInput, AppError> {
    Ok(crate::clients::service::form_input(own_client(db, access).await?))
}

/// The session's client, read again (it may have changed since the session was checked).
async fn own_client(db: &impl ConnectionTrait, access: &PortalAccess) -> Result<client::Model, AppError> {
    crate::clients::service::find_client(db, access.reseller.id, access.client.id).await
}

/// Saves the client's own details with the rules of the reseller's client form. The client
/// cannot change their currency (nor status or notes, which the form does not carry); the
/// email must stay unique among the reseller's clients. Audited as `client.updated`, naming
/// the reseller too while they act as the client.
pub async fn update_account(
    db: &DatabaseConnection,
    access: &PortalAccess,
    mut input: ClientInput,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = own_client(&txn, access).await?;
    input.currency = found.currency.clone();
    input.password_mode = String::new();
    input.password = String::new();
    let valid = input.validate(FormMode::Edit).map_err(AppError::Validation)?;
    let taken = client::Entity::find()
        .filter(client::Column::ResellerId.eq(access.reseller.id))
        .filter(client::Column::Email.eq(valid.email.as_str()))
        .filter(client::Column::Id.ne(found.id))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(field("email", FieldProblem::EmailTaken));
    }
    if found.email != valid.email.as_str() {
        // A link sent to the old address must not open the account.
        crate::clients::password::revoke_links(&txn, found.id).await?;
    }
    let client_id = found.id;
    let mut model: client::ActiveModel = found.into();
    model.first_name = Set(valid.first_name);
    model.last_name = Set(valid.last_name);
    model.company = Set(valid.company);
    model.email = Set(valid.email.as_str().to_owned());
    model.phone = Set(valid.phone.as_str().to_owned());
    model.language = Set(valid.language.code().to_owned());
    model.national_id = Set(valid.national_id.as_ref().map(|n| n.as_str().to_owned()));
    model.address1 = Set(valid.address1);
    model.address2 = Set(valid.address2);
    model.city = Set(valid.city);
    model.state = Set(valid.state);
    model.postcode = Set(valid.postcode);
    model.country = Set(valid.country);
    let updated = model.update(&txn).await.map_err(|error| match error.sql_err() {
        // Two saves racing for one email: the unique index refuses the second.
        Some(SqlErr::UniqueConstraintViolation(_)) => field("email", FieldProblem::EmailTaken),
        _ => error.into(),
    })?;
    let detail = format!("{} {} <{}>", updated.first_name, updated.last_name, updated.email);
    access.audit(&txn, AuditAction::ClientUpdated, TargetKind::Client, client_id, detail).await?;
    txn.commit().await?;
    Ok(())
}

pub use crate::auth::password::service::PasswordChange;

/// Changes the client's own password after checking the current one, and ends every other
/// portal session of the client; `current_session_id` (the one asking) stays. Refused while a
/// reseller acts as the client: the reseller must not learn or set the password that way.
pub async fn change_password(
    db: &DatabaseConnection,
    access: &PortalAccess,
    current_session_id: i64,
    change: PasswordChange<'_>,
) -> Result<(), AppError> {
    if access.is_acting() {
        return Err(AppError::Forbidden);
    }
    let now = OffsetDateTime::now_utc();
    rate_limit(
        db,
        &format!("change-password:{}", access.client.id),
        CHANGE_ATTEMPTS,
        now.unix_timestamp(),
        CHANGE_WINDOW_SECS,
    )
    .await?;
    crate::auth::password::service::check_change(&change)?;
    let stored = own_client(db, access).await?.password_hash;
    let matches = match stored {
        Some(hash) => verify_password(hash, change.current.to_owned()).await?,
        None => false,
    };
    if !matches {
        // Shown next to the field as "the current password is not correct".
        return Err(field("current", FieldProblem::ConfirmationMismatch));
    }
    let hash = hash_password(change.password.to_owned()).await?;
    let txn = crate::db::begin_write(db).await?;
    let found = own_client(&txn, access).await?;
    let detail = format!("{} {} <{}>", found.first_name, found.last_name, found.email);
    let client_id = found.id;
    let mut model: client::ActiveModel = found.into();
    model.password_hash = Set(Some(hash));
    model.update(&txn).await?;
    session::Entity::delete_many()
        .filter(session::Column::Area.eq(crate::auth::Area::Portal))
        .filter(session::Column::ResellerId.eq(access.reseller.id))
        .filter(session::Column::SubjectId.eq(client_id))
        .filter(session::Column::Id.ne(current_session_id))
        .exec(&txn)
        .await?;
    // A link from "Forgot password" must not undo the change.
    crate::clients::password::revoke_links(&txn, client_id).await?;
    access.audit(&txn, AuditAction::ClientPasswordChanged, TargetKind::Client, client_id, detail).await?;
    txn.commit().await?;
    Ok(())
}

/// "Forgot password" on the portal of `reseller`: when `email` belongs to one of its clients
/// whose account is not closed, a single-use link is created (older ones stop working) and
/// emailed in the client's language. The answer is the same whether or not there is such a
/// client; requests are limited per address and per account.
pub async fn request_password_reset(
    db: &DatabaseConnection,
    reseller: &reseller::Model,
    email: &str,
    ip: Option<&str>,
    portal_origin: &str,
) -> Result<(), AppError> {
    let now = OffsetDateTime::now_utc();
    let normalized = email.trim().to_lowercase();
    if let Some(ip) = ip {
        rate_limit(
            db,
            &format!("forgot-password:{}:{ip}", reseller.id),
            RESET_PER_IP,
            now.unix_timestamp(),
            RESET_WINDOW_SECS,
        )
        .await?;
    }
    let email = crate::values::EmailAddress::parse(&normalized).map_err(|problem| field("email", problem))?;
    // Counted whether or not the account exists, so the limit tells nothing either.
    let account_key =
        format!("forgot-password-account:{}:{}", reseller.id, hex::encode(Sha256::digest(email.as_str().as_bytes())));
    rate_limit(db, &account_key, RESET_PER_ACCOUNT, now.unix_timestamp(), RESET_WINDOW_SECS).await?;

    let txn = crate::db::begin_write(db).await?;
    let found = client::Entity::find()
        .filter(client::Column::ResellerId.eq(reseller.id))
        .filter(client::Column::Email.eq(email.as_str()))
        .filter(client::Column::Status.ne(crate::clients::ClientStatus::Closed))
        .one(&txn)
        .await?;
    let Some(found) = found else {
        txn.commit().await?;
        return Ok(());
    };
    crate::clients::password::revoke_links(&txn, found.id).await?;
    email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::ClientId.eq(found.id))
        .filter(email_outbox::Column::Template.eq(Template::ClientResetPassword))
        .filter(email_outbox::Column::Status.eq(OutboxStatus::Queued))
        .exec(&txn)
        .await?;
    let token = new_token();
    password_token::ActiveModel {
        client_id: Set(found.id),
        token_hash: Set(token.hash),
        expires_at: Set(now + Duration::hours(RESET_LINK_HOURS)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let language = Locale::from_code(&found.language).unwrap_or_default();
    let link =
        crate::links::portal_link(&txn, reseller, portal_origin, &format!("/set-password?token={}", token.token))
            .await?;
    let name = format!("{} {}", found.first_name, found.last_name);
    let hours = crate::i18n::localize_digits(&RESET_LINK_HOURS.to_string(), language);
    mail::queue(
        &txn,
        Letter {
            reseller,
            client_id: Some(found.id),
            template: Template::ClientResetPassword,
            to_address: &found.email,
            to_name: &name,
            language,
            values: &[("name", &name), ("link", &link), ("hours", &hours)],
        },
    )
    .await?;
    crate::audit::record(
        &txn,
        crate::audit::AuditEntry {
            reseller_id: reseller.id,
            actor_kind: ActorKind::Client,
            actor_id: found.id,
            action: AuditAction::ClientPasswordResetRequested,
            target_kind: TargetKind::Client,
            target_id: found.id,
            detail: format!("{name} <{}>", found.email),
            ip,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
