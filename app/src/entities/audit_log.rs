use crate::audit::{ActorKind, AuditAction, TargetKind};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reseller_id: Option<i64>,
    /// Who really acted: `admin`, `reseller` or `client`.
    pub actor_kind: ActorKind,
    pub actor_id: i64,
    /// The client the actor was signed in as, when a reseller acts in the portal.
    pub acting_as_client_id: Option<i64>,
    pub action: AuditAction,
    pub target_kind: Option<TargetKind>,
    pub target_id: Option<i64>,
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
