//! The audit log: who really did what, to which record, from where. Rows have no foreign keys,
//! so the record of a deletion outlives what was deleted.

use crate::i18n::{Strings, fill};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub use service::{AuditEntry, acting_row, recent_for_reseller, record, record_acting};

/// One line of a reseller's activity log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: i64,
    pub action: String,
    pub detail: String,
    pub ip: Option<String>,
    pub on: time::Date,
}

impl ActivityRow {
    /// The action as a sentence in the UI language.
    pub fn describe(&self, t: &Strings) -> String {
        let template = match self.action.as_str() {
            "client.closed" => t.activity_client_closed,
            "client.deleted" => t.activity_client_deleted,
            "client.created" => t.activity_client_created,
            "client.updated" => t.activity_client_updated,
            "client.password_link" => t.activity_client_password_link,
            "client.password_set" => t.activity_client_password_set,
            "client.password_changed" => t.ph_activity_password_changed,
            "client.password_reset_requested" => t.ph_activity_password_reset_requested,
            "client.login_as" => t.activity_login_as,
            "client.login_as_ended" => t.activity_login_as_ended,
            "reseller.created" => t.activity_reseller_created,
            "reseller.updated" => t.activity_reseller_updated,
            "reseller.password_changed" => t.activity_reseller_password_changed,
            "order.placed" => t.activity_order_placed,
            "order.accepted" => t.ord_activity_accepted,
            "order.cancelled" => t.ord_activity_cancelled,
            "order.fraud" => t.ord_activity_fraud,
            "invoice.payment_added" => t.inv_activity_payment_added,
            "invoice.marked_paid" => t.inv_activity_marked_paid,
            "invoice.marked_unpaid" => t.inv_activity_marked_unpaid,
            "invoice.cancelled" => t.inv_activity_cancelled,
            "invoice.paid_by_credit" => t.pi_activity_paid_by_credit,
            "invoice.transfer_claimed" => t.pi_activity_transfer_claimed,
            "invoice.paid_in_portal" => t.pi_activity_paid_in_portal,
            "invoice.payment_pending" => t.pi_activity_payment_pending,
            "invoice.payment_started" => t.pi_activity_payment_started,
            "prices.updated" => t.activity_prices_updated,
            "settings.updated" => t.st_activity_settings_updated,
            "settings.host_added" => t.st_activity_host_added,
            "settings.host_removed" => t.st_activity_host_removed,
            "settings.logo_uploaded" => t.st_activity_logo_uploaded,
            "settings.logo_removed" => t.st_activity_logo_removed,
            "ticket.opened" => t.tk_activity_opened,
            "ticket.client_replied" => t.tk_activity_client_replied,
            "ticket.answered" => t.tk_activity_answered,
            "ticket.closed" => t.tk_activity_closed,
            "ticket.reopened" => t.tk_activity_reopened,
            "ticket_department.added" => t.tk_activity_department_added,
            "ticket_department.renamed" => t.tk_activity_department_renamed,
            "ticket_department.deactivated" => t.tk_activity_department_deactivated,
            "ticket_department.activated" => t.tk_activity_department_activated,
            _ => return format!("{} {}", self.action, self.detail),
        };
        fill(template, &[("client", &self.detail)])
    }
}

#[cfg(feature = "ssr")]
mod service {
    use super::ActivityRow;
    use crate::entities::audit_log;
    use crate::error::AppError;
    use sea_orm::{
        ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
        QuerySelect,
    };

    /// The newest `limit` audit rows of one reseller, newest first.
    pub async fn recent_for_reseller(
        db: &impl ConnectionTrait,
        reseller_id: i64,
        limit: u64,
    ) -> Result<Vec<ActivityRow>, AppError> {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::ResellerId.eq(reseller_id))
            .order_by_desc(audit_log::Column::Id)
            .limit(limit)
            .all(db)
            .await?;
        Ok(rows.into_iter().map(ActivityRow::from).collect())
    }

    impl From<audit_log::Model> for ActivityRow {
        fn from(r: audit_log::Model) -> Self {
            ActivityRow {
                id: r.id,
                action: r.action,
                detail: r.detail.unwrap_or_default(),
                ip: r.ip,
                on: r.created_at.date(),
            }
        }
    }

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
        record_acting(db, entry, None).await
    }

    /// Records `entry`, done by a reseller while signed in to the portal as `acting_as_client_id`
    /// ("Login as client"), so the row names both.
    pub async fn record_acting(
        db: &impl ConnectionTrait,
        entry: AuditEntry<'_>,
        acting_as_client_id: Option<i64>,
    ) -> Result<(), AppError> {
        acting_row(entry, acting_as_client_id).insert(db).await?;
        Ok(())
    }

    /// The row [`record_acting`] writes, for a caller that writes it together with others.
    pub fn acting_row(entry: AuditEntry<'_>, acting_as_client_id: Option<i64>) -> audit_log::ActiveModel {
        audit_log::ActiveModel {
            reseller_id: Set(Some(entry.reseller_id)),
            actor_kind: Set(entry.actor_kind.to_owned()),
            actor_id: Set(entry.actor_id),
            acting_as_client_id: Set(acting_as_client_id),
            action: Set(entry.action.to_owned()),
            target_kind: Set(Some(entry.target_kind.to_owned())),
            target_id: Set(Some(entry.target_id)),
            detail: Set(Some(entry.detail)),
            ip: Set(entry.ip.map(str::to_owned)),
            created_at: Set(time::OffsetDateTime::now_utc()),
            ..Default::default()
        }
    }
}
