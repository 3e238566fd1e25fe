//! Issuing "Login as client" tokens: single-use, valid for a minute, leading only to the
//! client's own records. Redeeming them is the portal's (`crate::portal::acting::service`).

use super::PortalTarget;
use crate::auth::service::new_token;
use crate::clients::ClientStatus;
use crate::entities::{ClientRecord, client, invoice, login_token, reseller, service, ticket};
use crate::error::AppError;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter,
};

/// How long a token is good for.
pub const TOKEN_TTL_SECS: i64 = 60;

/// Issues a token for `client_id` of `me`, leading to `target`, and answers the token itself
/// (only its hash is stored). The client must be `me`'s and not closed, the target must be the
/// client's own record; otherwise nothing is written. (That the provider lets `me` log in as
/// clients is the caller's check, [`crate::reseller::Permission`]; redeeming checks it again.)
/// `session_id` is the reseller session asking: the portal session the token opens ends when
/// it does.
pub async fn issue(
    db: &DatabaseConnection,
    me: &reseller::Model,
    session_id: i64,
    client_id: i64,
    target: PortalTarget,
    now: i64,
) -> Result<String, AppError> {
    let client = client::Entity::find_by_id(client_id)
        .filter(client::Column::ResellerId.eq(me.id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if client.status == ClientStatus::Closed {
        return Err(AppError::Conflict);
    }
    if !target_belongs_to(db, &client, target).await? {
        return Err(AppError::NotFound);
    }
    let token = new_token();
    let txn = crate::db::begin_write(db).await?;
    // Old tokens are useless once a new one is out; keep the table small.
    login_token::Entity::delete_many().filter(login_token::Column::ExpiresAt.lte(now)).exec(&txn).await?;
    login_token::ActiveModel {
        token_hash: Set(token.hash),
        reseller_id: Set(me.id),
        client_id: Set(client.id),
        target: Set((target != PortalTarget::Dashboard).then(|| target.path())),
        expires_at: Set(now + TOKEN_TTL_SECS),
        used_at: Set(None),
        created_at: Set(now),
        issued_by_session_id: Set(Some(session_id)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(token.token)
}

async fn target_belongs_to(
    db: &impl ConnectionTrait,
    client: &client::Model,
    target: PortalTarget,
) -> Result<bool, AppError> {
    let found = match target {
        PortalTarget::Dashboard => return Ok(true),
        PortalTarget::Service(id) => {
            service::Entity::find_by_id(id).filter(service::Column::ClientId.eq(client.id)).count(db).await?
        }
        PortalTarget::Invoice(number) => {
            invoice::Entity::of_client(client.reseller_id, client.id)
                .filter(invoice::Column::Number.eq(number))
                .count(db)
                .await?
        }
        PortalTarget::Ticket(id) => {
            ticket::Entity::find_by_id(id).filter(ticket::Column::ClientId.eq(client.id)).count(db).await?
        }
    };
    Ok(found == 1)
}
