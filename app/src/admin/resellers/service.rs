//! Creating and editing resellers, for provider admins only, each change audited.

use crate::admin::input::{ResellerInput, ValidReseller};
use crate::audit::{self, ActorKind, AuditAction, AuditEntry, TargetKind};
use crate::entities::{admin_user, reseller};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::values::ResellerStatus;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, SqlErr,
};

pub async fn create_reseller(
    db: &DatabaseConnection,
    admin: &admin_user::Model,
    ip: Option<&str>,
    valid: ValidReseller,
) -> Result<i64, AppError> {
    let password = valid.password.clone().ok_or(AppError::Validation(vec![FieldError {
        field: "password".to_owned(),
        problem: FieldProblem::Required,
    }]))?;
    let hash = crate::auth::service::hash_password(password).await?;
    let txn = crate::db::begin_write(db).await?;
    ensure_free(&txn, &valid, None).await?;
    let mut model = reseller::ActiveModel {
        password_hash: Set(hash),
        created_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    };
    apply(&mut model, &valid);
    let created = model.insert(&txn).await.map_err(taken)?;
    audit::record(&txn, entry(admin, ip, AuditAction::ResellerCreated, &created)).await?;
    txn.commit().await?;
    Ok(created.id)
}

pub async fn update_reseller(
    db: &DatabaseConnection,
    admin: &admin_user::Model,
    ip: Option<&str>,
    id: i64,
    valid: ValidReseller,
) -> Result<(), AppError> {
    let hash = match valid.password.clone() {
        Some(password) => Some(crate::auth::service::hash_password(password).await?),
        None => None,
    };
    let txn = crate::db::begin_write(db).await?;
    let found = reseller::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    ensure_free(&txn, &valid, Some(id)).await?;
    let mut model: reseller::ActiveModel = found.into();
    apply(&mut model, &valid);
    // A new password or a suspension ends every session of the reseller, their Login as client
    // ones too: whoever held the old password, or the suspended reseller, is out at once.
    let sign_out = hash.is_some() || valid.status != ResellerStatus::Active;
    if let Some(hash) = hash {
        model.password_hash = Set(hash);
    }
    let updated = model.update(&txn).await.map_err(taken)?;
    if sign_out {
        let theirs = crate::auth::service::SessionsOf { area: crate::auth::Area::Reseller, subject_id: id };
        crate::auth::service::end_sessions_of(&txn, theirs, None).await?;
    }
    audit::record(&txn, entry(admin, ip, AuditAction::ResellerUpdated, &updated)).await?;
    txn.commit().await?;
    Ok(())
}

/// The edit form, filled from what is stored; the password is never sent back.
pub async fn form_input(db: &impl ConnectionTrait, id: i64) -> Result<ResellerInput, AppError> {
    let r = reseller::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(ResellerInput {
        brand_name: r.brand_name,
        slug: r.slug,
        contact_name: r.contact_name,
        email: r.email,
        password: String::new(),
        default_language: r.default_language,
        primary_color: r.primary_color,
        support_email: r.support_email,
        status: r.status.code().to_owned(),
        allow_login_as_client: r.allow_login_as_client,
        allow_place_order: r.allow_place_order,
        allow_delete_clients: r.allow_delete_clients,
        allow_portal_payments: r.allow_portal_payments,
        allow_portal_tickets: r.allow_portal_tickets,
        show_toman: r.show_toman,
    })
}

fn apply(model: &mut reseller::ActiveModel, valid: &ValidReseller) {
    model.brand_name = Set(valid.brand_name.clone());
    model.slug = Set(valid.slug.clone());
    model.contact_name = Set(valid.contact_name.clone());
    model.email = Set(valid.email.as_str().to_owned());
    model.default_language = Set(valid.default_language.code().to_owned());
    model.primary_color = Set(valid.primary_color.clone());
    model.support_email = Set(valid.support_email.as_str().to_owned());
    model.status = Set(valid.status.to_owned());
    model.allow_login_as_client = Set(valid.permissions.login_as_client);
    model.allow_place_order = Set(valid.permissions.place_order);
    model.allow_delete_clients = Set(valid.permissions.delete_clients);
    model.allow_portal_payments = Set(valid.permissions.portal_payments);
    model.allow_portal_tickets = Set(valid.permissions.portal_tickets);
    model.show_toman = Set(valid.show_toman);
}

/// The slug and the sign-in email belong to one reseller each.
async fn ensure_free(db: &impl ConnectionTrait, valid: &ValidReseller, except: Option<i64>) -> Result<(), AppError> {
    let mut errors = Vec::new();
    for (field, column, value) in [
        ("slug", reseller::Column::Slug, valid.slug.as_str()),
        ("email", reseller::Column::Email, valid.email.as_str()),
    ] {
        let mut same = reseller::Entity::find().filter(column.eq(value));
        if let Some(id) = except {
            same = same.filter(reseller::Column::Id.ne(id));
        }
        if same.count(db).await? > 0 {
            errors.push(FieldError { field: field.to_owned(), problem: FieldProblem::Taken });
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(AppError::Validation(errors)) }
}

/// A save that raced another for the same slug or email.
fn taken(error: sea_orm::DbErr) -> AppError {
    match error.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict,
        _ => error.into(),
    }
}

fn entry<'a>(
    admin: &'a admin_user::Model,
    ip: Option<&'a str>,
    action: AuditAction,
    r: &reseller::Model,
) -> AuditEntry<'a> {
    AuditEntry {
        reseller_id: r.id,
        actor_kind: ActorKind::Admin,
        actor_id: admin.id,
        action,
        target_kind: TargetKind::Reseller,
        target_id: r.id,
        detail: format!("{} ({})", r.brand_name, r.slug),
        ip,
    }
}
