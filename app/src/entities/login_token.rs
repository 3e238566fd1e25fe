//! A single-use "Login as client" token; only its hash is stored.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_tokens")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// SHA-256 of the token, hex.
    #[sea_orm(unique)]
    pub token_hash: String,
    pub reseller_id: i64,
    pub client_id: i64,
    /// The portal page to land on, relative to the portal's root (`/invoices/12`).
    pub target: Option<String>,
    /// Unix seconds.
    pub expires_at: i64,
    /// Unix seconds; set once, when redeemed.
    pub used_at: Option<i64>,
    /// Unix seconds.
    pub created_at: i64,
    /// The reseller session that issued the token; the portal session it opens ends with it.
    pub issued_by_session_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
