//! A domain a client registers, transfers or holds.

use crate::orders::manage::DomainStatus;
use crate::orders::manage::RegistrationKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "domains")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: i64,
    pub client_id: i64,
    pub order_id: Option<i64>,
    pub name: String,
    /// `register` or `transfer`.
    pub registration_kind: RegistrationKind,
    pub status: DomainStatus,
    pub period_years: i16,
    pub recurring_amount: i64,
    pub currency: String,
    pub expires_on: Option<TimeDate>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
