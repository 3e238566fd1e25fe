//! A client's invoice; `number` is sequential per reseller.

use crate::invoices::InvoiceStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: i64,
    pub client_id: i64,
    pub order_id: Option<i64>,
    pub number: i64,
    pub status: InvoiceStatus,
    pub currency: String,
    /// Minor units of `currency`.
    pub total: i64,
    pub amount_paid: i64,
    pub issued_on: TimeDate,
    pub due_on: TimeDate,
    pub paid_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
