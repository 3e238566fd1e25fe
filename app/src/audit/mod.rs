//! The audit log: who really did what, to which record, from where. Rows have no foreign keys,
//! so the record of a deletion outlives what was deleted.

#[cfg(feature = "ssr")]
pub use service::{AuditEntry, record};

#[cfg(feature = "ssr")]
mod service {
    use crate::entities::audit_log;
    use crate::error::AppError;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait};

    /// One audited action by a reseller on one of their records.
    pub struct AuditEntry<'a> {
        pub reseller_id: i64,
        pub actor_kind: &'a str,
        pub actor_id: i64,
        pub action: &'a str,
        pub target_kind: &'a str,
        pub target_id: i64,
        /// What the target was, for when it no longer exists.
        pub detail: String,
        pub ip: Option<&'a str>,
    }

    pub async fn record(db: &impl ConnectionTrait, entry: AuditEntry<'_>) -> Result<(), AppError> {
        audit_log::ActiveModel {
            reseller_id: Set(Some(entry.reseller_id)),
            actor_kind: Set(entry.actor_kind.to_owned()),
            actor_id: Set(entry.actor_id),
            acting_as_client_id: Set(None),
            action: Set(entry.action.to_owned()),
            target_kind: Set(Some(entry.target_kind.to_owned())),
            target_id: Set(Some(entry.target_id)),
            detail: Set(Some(entry.detail)),
            ip: Set(entry.ip.map(str::to_owned)),
            created_at: Set(time::OffsetDateTime::now_utc()),
            ..Default::default()
        }
        .insert(db)
        .await?;
        Ok(())
    }
}
