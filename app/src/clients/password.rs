//! Portal passwords a client sets from an emailed link: the link is random, single use, valid
//! for [`LINK_HOURS`] and stored only as a hash.

use super::ClientStatus;
use super::service::{Actor, describe, end_portal_sessions, find_client};
use crate::audit;
use crate::audit::{ActorKind, AuditAction, TargetKind};
use crate::auth::service::{hash_password, new_token, rate_limit, token_hash};
use crate::entities::{client, email_outbox, password_token, reseller};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::i18n::Locale;
use crate::mail::{self, Letter, Template};
use crate::values::OutboxStatus;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use time::{Duration, OffsetDateTime};

pub const LINK_HOURS: i64 = 72;

/// Makes every unused link of the client useless and drops set-password emails not sent yet.
pub async fn revoke_links(db: &impl ConnectionTrait, client_id: i64) -> Result<(), AppError> {
    password_token::Entity::delete_many()
        .filter(password_token::Column::ClientId.eq(client_id))
        .filter(password_token::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    email_outbox::Entity::delete_many()
        .filter(email_outbox::Column::ClientId.eq(client_id))
        .filter(email_outbox::Column::Template.eq(Template::ClientSetPassword))
        .filter(email_outbox::Column::Status.eq(OutboxStatus::Queued))
        .exec(db)
        .await?;
    Ok(())
}

/// Creates a link for `c` and queues the email carrying it, in the caller's transaction. Older
/// links stop working.
pub async fn send_set_password_link(
    db: &impl ConnectionTrait,
    reseller: &reseller::Model,
    c: &client::Model,
    portal_origin: &str,
) -> Result<(), AppError> {
    let now = OffsetDateTime::now_utc();
    revoke_links(db, c.id).await?;
    let token = new_token();
    password_token::ActiveModel {
        client_id: Set(c.id),
        token_hash: Set(token.hash),
        expires_at: Set(now + Duration::hours(LINK_HOURS)),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let link =
        crate::links::portal_link(db, reseller, portal_origin, &format!("/set-password?token={}", token.token)).await?;
    let name = format!("{} {}", c.first_name, c.last_name);
    let hours = crate::i18n::localize_digits(&LINK_HOURS.to_string(), language(c));
    mail::queue(
        db,
        Letter {
            reseller,
            client_id: Some(c.id),
            template: Template::ClientSetPassword,
            to_address: &c.email,
            to_name: &name,
            language: language(c),
            values: &[("name", &name), ("link", &link), ("hours", &hours)],
        },
    )
    .await
}

fn language(c: &client::Model) -> Locale {
    Locale::from_code(&c.language).unwrap_or_default()
}

/// "Reset password and email the client": the current password keeps working until the client
/// sets a new one from the link. A closed account gets no link.
pub async fn reset_client_password(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
    client_id: i64,
    portal_origin: &str,
) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = find_client(&txn, actor.reseller.id, client_id).await?;
    if found.status == ClientStatus::Closed {
        return Err(AppError::Forbidden);
    }
    send_set_password_link(&txn, actor.reseller, &found, portal_origin).await?;
    audit::record(&txn, super::service::entry(actor, AuditAction::ClientPasswordLink, client_id, describe(&found)))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Sets the password of the client a link was made for, if the link belongs to this brand,
/// is unused and unexpired. Ends the client's portal sessions.
pub async fn redeem_link(
    db: &DatabaseConnection,
    reseller_id: i64,
    token: &str,
    password: &str,
    confirm: &str,
    ip: Option<&str>,
) -> Result<(), AppError> {
    let field = |field: &str, problem| AppError::Validation(vec![FieldError { field: field.to_owned(), problem }]);
    let now = OffsetDateTime::now_utc();
    // Anyone may post here, so guesses are limited per address, and the cheap checks (the
    // link, then the two passwords) come before the costly hash.
    if let Some(ip) = ip {
        rate_limit(db, &format!("set-password:{ip}"), 20, now.unix_timestamp(), 15 * 60).await?;
    }
    if valid_link(db, reseller_id, token, now).await?.is_none() {
        return Err(field("token", FieldProblem::LinkInvalid));
    }
    super::input::check_password(password).map_err(|problem| field("password", problem))?;
    if password != confirm {
        return Err(field("confirm", FieldProblem::PasswordMismatch));
    }
    let hash = hash_password(password.to_owned()).await?;
    let txn = crate::db::begin_write(db).await?;
    let Some((link, owner)) = valid_link(&txn, reseller_id, token, now).await? else {
        return Err(field("token", FieldProblem::LinkInvalid));
    };

    // Marking the link used only if it still is unused makes a second, racing use fail.
    let claimed = password_token::Entity::update_many()
        .col_expr(password_token::Column::UsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(password_token::Column::Id.eq(link.id))
        .filter(password_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        return Err(field("token", FieldProblem::LinkInvalid));
    }
    let detail = describe(&owner);
    let client_id = owner.id;
    let mut changing: client::ActiveModel = owner.into();
    changing.password_hash = Set(Some(hash));
    changing.update(&txn).await?;
    end_portal_sessions(&txn, reseller_id, client_id).await?;
    audit::record(
        &txn,
        audit::AuditEntry {
            reseller_id,
            actor_kind: ActorKind::Client,
            actor_id: client_id,
            action: AuditAction::ClientPasswordSet,
            target_kind: TargetKind::Client,
            target_id: client_id,
            detail,
            ip,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The unused, unexpired link `token` names, with its client, if that client belongs to this
/// reseller and is not closed.
async fn valid_link(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    token: &str,
    now: OffsetDateTime,
) -> Result<Option<(password_token::Model, client::Model)>, AppError> {
    let link = password_token::Entity::find()
        .filter(password_token::Column::TokenHash.eq(token_hash(token)))
        .one(db)
        .await?
        .filter(|link| link.used_at.is_none() && link.expires_at > now);
    let Some(link) = link else { return Ok(None) };
    let owner = client::Entity::find_by_id(link.client_id)
        .filter(client::Column::ResellerId.eq(reseller_id))
        .one(db)
        .await?
        .filter(|c| c.status != ClientStatus::Closed);
    Ok(owner.map(|owner| (link, owner)))
}
