//! The reseller's branding, mapped host names and logo: reading, saving, and what the HTTP
//! stack needs to serve them. Every write is scoped by the signed-in reseller's id.

use super::HostRow;
use super::input::{
    BrandSettings, BrandSettingsInput, DISPLAY_RIAL, DISPLAY_TOMAN, host_error, logo_content_type, parse_host,
};
use crate::audit::{self, ActorKind, AuditAction, AuditEntry, TargetKind};
use crate::entities::{reseller, reseller_host, reseller_logo};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::reseller::Actor;
use crate::values::ResellerStatus;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, SqlErr,
};

/// What the branding form starts with: the reseller's settings as stored.
pub fn form_input(r: &reseller::Model) -> BrandSettingsInput {
    BrandSettingsInput {
        brand_name: r.brand_name.clone(),
        primary_color: r.primary_color.clone(),
        support_email: r.support_email.clone(),
        default_language: r.default_language.clone(),
        amounts_in: if r.show_toman { DISPLAY_TOMAN } else { DISPLAY_RIAL }.to_owned(),
        pay_to_text: r.pay_to_text.clone(),
        bank_transfer_text: r.bank_transfer_text.clone(),
    }
}

fn entry<'a>(
    actor: &'a Actor<'a>,
    action: AuditAction,
    target_kind: TargetKind,
    target_id: i64,
    detail: String,
) -> AuditEntry<'a> {
    AuditEntry {
        reseller_id: actor.reseller.id,
        actor_kind: ActorKind::Reseller,
        actor_id: actor.reseller.id,
        action,
        target_kind,
        target_id,
        detail,
        ip: actor.ip,
    }
}

/// Saves the branding form of the acting reseller, with an audit record.
pub async fn update_settings(db: &DatabaseConnection, actor: &Actor<'_>, valid: BrandSettings) -> Result<(), AppError> {
    let id = actor.reseller.id;
    let txn = crate::db::begin_write(db).await?;
    let saved = reseller::Entity::update_many()
        .col_expr(reseller::Column::BrandName, Expr::value(valid.brand_name.clone()))
        .col_expr(reseller::Column::PrimaryColor, Expr::value(valid.primary_color))
        .col_expr(reseller::Column::SupportEmail, Expr::value(valid.support_email.as_str().to_owned()))
        .col_expr(reseller::Column::DefaultLanguage, Expr::value(valid.default_language.code()))
        .col_expr(reseller::Column::ShowToman, Expr::value(valid.show_toman))
        .col_expr(reseller::Column::PayToText, Expr::value(valid.pay_to_text))
        .col_expr(reseller::Column::BankTransferText, Expr::value(valid.bank_transfer_text))
        .filter(reseller::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    if saved.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    audit::record(&txn, entry(actor, AuditAction::SettingsUpdated, TargetKind::Reseller, id, valid.brand_name)).await?;
    txn.commit().await?;
    Ok(())
}

/// The host names mapped to the reseller's portal, in the order they were added.
pub async fn list_hosts(db: &impl ConnectionTrait, reseller_id: i64) -> Result<Vec<HostRow>, AppError> {
    Ok(reseller_host::Entity::find()
        .filter(reseller_host::Column::ResellerId.eq(reseller_id))
        .order_by_asc(reseller_host::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|h| HostRow { id: h.id, host: h.host })
        .collect())
}

/// Maps `typed` to the reseller's portal. Refused: bad syntax, the provider's own host, a host
/// any reseller already has.
pub async fn add_host(
    db: &DatabaseConnection,
    actor: &Actor<'_>,
    typed: &str,
    provider_host: &str,
) -> Result<HostRow, AppError> {
    let host = parse_host(typed).map_err(|p| AppError::Validation(host_error(p)))?;
    if host == provider_host {
        return Err(AppError::Validation(host_error(FieldProblem::InvalidChoice)));
    }
    let txn = crate::db::begin_write(db).await?;
    let taken =
        reseller_host::Entity::find().filter(reseller_host::Column::Host.eq(host.clone())).one(&txn).await?.is_some();
    if taken {
        return Err(AppError::Validation(host_error(FieldProblem::Taken)));
    }
    let saved = reseller_host::ActiveModel {
        reseller_id: Set(actor.reseller.id),
        host: Set(host.clone()),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|error| match error.sql_err() {
        // Another request took it between the check and the insert.
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Validation(host_error(FieldProblem::Taken)),
        _ => AppError::from(error),
    })?;
    audit::record(&txn, entry(actor, AuditAction::SettingsHostAdded, TargetKind::ResellerHost, saved.id, host.clone()))
        .await?;
    txn.commit().await?;
    super::hosts_changed();
    Ok(HostRow { id: saved.id, host })
}

/// Unmaps one of the reseller's host names; another reseller's (or a missing) id is NotFound.
pub async fn remove_host(db: &DatabaseConnection, actor: &Actor<'_>, host_id: i64) -> Result<(), AppError> {
    let txn = crate::db::begin_write(db).await?;
    let found = reseller_host::Entity::find_by_id(host_id)
        .filter(reseller_host::Column::ResellerId.eq(actor.reseller.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    reseller_host::Entity::delete_many()
        .filter(reseller_host::Column::Id.eq(found.id))
        .filter(reseller_host::Column::ResellerId.eq(actor.reseller.id))
        .exec(&txn)
        .await?;
    audit::record(&txn, entry(actor, AuditAction::SettingsHostRemoved, TargetKind::ResellerHost, found.id, found.host))
        .await?;
    txn.commit().await?;
    super::hosts_changed();
    Ok(())
}

/// Stores `bytes` as the reseller's logo if they are a PNG, JPEG or WebP image of at most
/// 256 KB (judged by the bytes alone); otherwise a `logo` field error and nothing changes.
pub async fn set_logo(db: &DatabaseConnection, actor: &Actor<'_>, bytes: Vec<u8>) -> Result<(), AppError> {
    let content_type = logo_content_type(&bytes)
        .map_err(|problem| AppError::Validation(vec![FieldError { field: "logo".into(), problem }]))?;
    let size = bytes.len();
    let id = actor.reseller.id;
    let txn = crate::db::begin_write(db).await?;
    reseller_logo::Entity::delete_by_id(id).exec(&txn).await?;
    reseller_logo::ActiveModel {
        reseller_id: Set(id),
        content_type: Set(content_type.to_owned()),
        bytes: Set(bytes),
        updated_at: Set(time::OffsetDateTime::now_utc()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        entry(
            actor,
            AuditAction::SettingsLogoUploaded,
            TargetKind::Reseller,
            id,
            format!("{content_type}, {size} bytes"),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Removes the reseller's logo, if any (recording it only when there was one).
pub async fn remove_logo(db: &DatabaseConnection, actor: &Actor<'_>) -> Result<(), AppError> {
    let id = actor.reseller.id;
    let txn = crate::db::begin_write(db).await?;
    let removed = reseller_logo::Entity::delete_by_id(id).exec(&txn).await?;
    if removed.rows_affected > 0 {
        audit::record(&txn, entry(actor, AuditAction::SettingsLogoRemoved, TargetKind::Reseller, id, String::new()))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The logo URL the settings page shows, with the same version the portal uses.
pub async fn logo_url(db: &impl ConnectionTrait, r: &reseller::Model) -> Result<Option<String>, AppError> {
    let at: Option<time::OffsetDateTime> = reseller_logo::Entity::find_by_id(r.id)
        .select_only()
        .column(reseller_logo::Column::UpdatedAt)
        .into_tuple()
        .one(db)
        .await?;
    Ok(at.map(|at| format!("/portal/{}/logo?v={}", r.slug, at.unix_timestamp())))
}

/// The logo of the active portal at `slug`: its content type and bytes.
pub async fn logo_of(db: &impl ConnectionTrait, slug: &str) -> Result<Option<(String, Vec<u8>)>, DbErr> {
    let Some(r) = reseller::Entity::find()
        .filter(reseller::Column::Slug.eq(slug))
        .filter(reseller::Column::Status.eq(ResellerStatus::Active))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(reseller_logo::Entity::find_by_id(r.id).one(db).await?.map(|logo| (logo.content_type, logo.bytes)))
}

/// Every mapped host name with the slug of the active reseller it serves.
pub async fn host_map(db: &impl ConnectionTrait) -> Result<Vec<(String, String)>, DbErr> {
    reseller_host::Entity::find()
        .select_only()
        .column(reseller_host::Column::Host)
        .column(reseller::Column::Slug)
        .join(JoinType::InnerJoin, host_reseller())
        .filter(reseller::Column::Status.eq(ResellerStatus::Active))
        .into_tuple()
        .all(db)
        .await
}

fn host_reseller() -> sea_orm::RelationDef {
    reseller_host::Entity::belongs_to(reseller::Entity)
        .from(reseller_host::Column::ResellerId)
        .to(reseller::Column::Id)
        .into()
}
