//! Accounts made from the command line: the provider's admins (`resellerdesk create-admin`).

use anyhow::{Context, Result, bail};
use app::auth::service::hash_password;
use app::entities::admin_user;
use app::values::EmailAddress;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use time::OffsetDateTime;

/// Creates a provider admin; refuses a duplicate email.
pub async fn create_admin(db: &DatabaseConnection, email: &str, name: &str, password: &str) -> Result<i64> {
    let email = EmailAddress::parse(email).map_err(|problem| anyhow::anyhow!("invalid email address ({problem:?})"))?;
    if password.chars().count() < 10 {
        bail!("the password must have at least 10 characters");
    }
    if name.trim().is_empty() {
        bail!("the name must not be empty");
    }
    let existing = admin_user::Entity::find().filter(admin_user::Column::Email.eq(email.as_str())).count(db).await?;
    if existing > 0 {
        bail!("an admin with the email {email} already exists");
    }
    let admin = admin_user::ActiveModel {
        email: Set(email.to_string()),
        name: Set(name.trim().to_owned()),
        password_hash: Set(hash(password).await?),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .context("saving the admin")?;
    Ok(admin.id)
}

/// An argon2id hash of `password`, for accounts made here and by the demo data.
pub(crate) async fn hash(password: &str) -> Result<String> {
    hash_password(password.to_owned()).await.map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}
