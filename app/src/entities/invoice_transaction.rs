//! A payment recorded against an invoice.

use crate::invoices::PaymentMethod;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invoice_transactions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub invoice_id: i64,
    pub paid_on: TimeDate,
    /// `bank_transfer`, `card`, `cash`, `credit` or `other`.
    pub method: PaymentMethod,
    pub reference: String,
    /// Minor units of the invoice's currency.
    pub amount: i64,
    /// What the payment method kept; the invoice is paid by `amount`.
    pub fee: i64,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
