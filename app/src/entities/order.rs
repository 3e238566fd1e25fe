//! A client's order; `number` is sequential per reseller.

use crate::orders::PlacedBy;
use crate::orders::manage::OrderStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: i64,
    pub client_id: i64,
    pub number: i64,
    pub status: OrderStatus,
    /// Who placed it: the reseller, the client in the portal, or the reseller signed in as the client.
    pub placed_by: PlacedBy,
    pub currency: String,
    /// Minor units of `currency`.
    pub total: i64,
    pub idempotency_key: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    /// A digest of what the idempotency key ordered.
    pub request_hash: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
