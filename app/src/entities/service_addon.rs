//! An addon attached to one of the client's services.

use crate::orders::manage::ServiceStatus;
use crate::values::BillingCycle;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "service_addons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: i64,
    pub client_id: i64,
    pub service_id: i64,
    pub addon_id: i64,
    pub order_id: Option<i64>,
    pub status: ServiceStatus,
    pub billing_cycle: BillingCycle,
    pub recurring_amount: i64,
    pub currency: String,
    pub next_due_on: Option<TimeDate>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
