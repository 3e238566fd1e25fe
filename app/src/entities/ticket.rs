//! A client's support ticket.

use crate::tickets::{Priority, TicketStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: i64,
    pub client_id: i64,
    /// `sales`, `billing` or `support`.
    pub department: String,
    /// The reseller's department; set on every ticket (older ones were backfilled).
    pub department_id: Option<i64>,
    pub subject: String,
    pub status: TicketStatus,
    /// `low`, `medium` or `high`.
    pub priority: Priority,
    pub last_reply_at: TimeDateTimeWithTimeZone,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
