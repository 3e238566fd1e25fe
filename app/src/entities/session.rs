use crate::auth::Area;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 of the cookie's token, hex: a leaked table does not leak sessions.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub area: Area,
    pub subject_id: i64,
    pub reseller_id: Option<i64>,
    pub acting_reseller_id: Option<i64>,
    pub ip: Option<String>,
    /// Unix seconds.
    pub created_at: i64,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds: when a request last used the session (refreshed at most once a minute),
    /// for the idle timeout.
    pub last_seen_at: i64,
    /// For a Login as client portal session: the reseller session it was opened from.
    pub parent_session_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
