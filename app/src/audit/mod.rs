//! The audit log: who really did what, to which record, from where. Rows have no foreign keys,
//! so the record of a deletion outlives what was deleted.

use crate::i18n::{Strings, fill};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub use service::{AuditEntry, acting_row, recent_for_reseller, record, record_acting};

crate::codes! {
    /// Everything the audit log records, each with its sentence in the activity log (where
    /// `{client}` or `{item}` is the row's detail: the client's or the record's name).
    pub enum AuditAction {
        ClientClosed = "client.closed" => activity_client_closed,
        ClientDeleted = "client.deleted" => activity_client_deleted,
        ClientCreated = "client.created" => activity_client_created,
        ClientUpdated = "client.updated" => activity_client_updated,
        ClientPasswordLink = "client.password_link" => activity_client_password_link,
        ClientPasswordSet = "client.password_set" => activity_client_password_set,
        ClientPasswordChanged = "client.password_changed" => ph_activity_password_changed,
        ClientPasswordResetRequested = "client.password_reset_requested" => ph_activity_password_reset_requested,
        ClientLoginAs = "client.login_as" => activity_login_as,
        ClientLoginAsEnded = "client.login_as_ended" => activity_login_as_ended,
        ResellerCreated = "reseller.created" => activity_reseller_created,
        ResellerUpdated = "reseller.updated" => activity_reseller_updated,
        ResellerPasswordChanged = "reseller.password_changed" => activity_reseller_password_changed,
        OrderPlaced = "order.placed" => activity_order_placed,
        OrderAccepted = "order.accepted" => ord_activity_accepted,
        OrderCancelled = "order.cancelled" => ord_activity_cancelled,
        OrderFraud = "order.fraud" => ord_activity_fraud,
        InvoicePaymentAdded = "invoice.payment_added" => inv_activity_payment_added,
        InvoiceMarkedPaid = "invoice.marked_paid" => inv_activity_marked_paid,
        InvoiceMarkedUnpaid = "invoice.marked_unpaid" => inv_activity_marked_unpaid,
        InvoiceCancelled = "invoice.cancelled" => inv_activity_cancelled,
        InvoicePaidByCredit = "invoice.paid_by_credit" => pi_activity_paid_by_credit,
        InvoiceTransferClaimed = "invoice.transfer_claimed" => pi_activity_transfer_claimed,
        InvoicePaidInPortal = "invoice.paid_in_portal" => pi_activity_paid_in_portal,
        InvoicePaymentPending = "invoice.payment_pending" => pi_activity_payment_pending,
        InvoicePaymentStarted = "invoice.payment_started" => pi_activity_payment_started,
        PricesUpdated = "prices.updated" => activity_prices_updated,
        SettingsUpdated = "settings.updated" => st_activity_settings_updated,
        SettingsHostAdded = "settings.host_added" => st_activity_host_added,
        SettingsHostRemoved = "settings.host_removed" => st_activity_host_removed,
        SettingsLogoUploaded = "settings.logo_uploaded" => st_activity_logo_uploaded,
        SettingsLogoRemoved = "settings.logo_removed" => st_activity_logo_removed,
        TicketOpened = "ticket.opened" => tk_activity_opened,
        TicketClientReplied = "ticket.client_replied" => tk_activity_client_replied,
        TicketAnswered = "ticket.answered" => tk_activity_answered,
        TicketClosed = "ticket.closed" => tk_activity_closed,
        TicketReopened = "ticket.reopened" => tk_activity_reopened,
        TicketDepartmentAdded = "ticket_department.added" => tk_activity_department_added,
        TicketDepartmentRenamed = "ticket_department.renamed" => tk_activity_department_renamed,
        TicketDepartmentDeactivated = "ticket_department.deactivated" => tk_activity_department_deactivated,
        TicketDepartmentActivated = "ticket_department.activated" => tk_activity_department_activated,
        CatalogGroupCreated = "catalog.group_created" => activity_catalog_group_created,
        CatalogGroupUpdated = "catalog.group_updated" => activity_catalog_group_updated,
        CatalogProductCreated = "catalog.product_created" => activity_catalog_product_created,
        CatalogProductUpdated = "catalog.product_updated" => activity_catalog_product_updated,
        CatalogAddonCreated = "catalog.addon_created" => activity_catalog_addon_created,
        CatalogAddonUpdated = "catalog.addon_updated" => activity_catalog_addon_updated,
        CatalogExtensionCreated = "catalog.extension_created" => activity_catalog_extension_created,
        CatalogExtensionUpdated = "catalog.extension_updated" => activity_catalog_extension_updated,
        CatalogPriceAdded = "catalog.price_added" => activity_catalog_price_added,
        CatalogPriceUpdated = "catalog.price_updated" => activity_catalog_price_updated,
        CatalogPriceRemoved = "catalog.price_removed" => activity_catalog_price_removed,
    }
}

crate::codes! {
    /// Who really acted.
    pub enum ActorKind {
        Admin = "admin",
        Reseller = "reseller",
        Client = "client",
    }
}

crate::codes! {
    /// What kind of record an audit row is about.
    pub enum TargetKind {
        Client = "client",
        Reseller = "reseller",
        ResellerHost = "reseller_host",
        Order = "order",
        Invoice = "invoice",
        Ticket = "ticket",
        TicketDepartment = "ticket_department",
        ProductGroup = "product_group",
        Product = "product",
        Addon = "addon",
        Domain = "domain",
        DomainExtension = "domain_extension",
        CatalogPrice = "catalog_price",
    }
}

impl From<crate::catalog::ItemKind> for TargetKind {
    /// A price row's item.
    fn from(kind: crate::catalog::ItemKind) -> Self {
        match kind {
            crate::catalog::ItemKind::Product => TargetKind::Product,
            crate::catalog::ItemKind::Addon => TargetKind::Addon,
            crate::catalog::ItemKind::Domain => TargetKind::DomainExtension,
        }
    }
}

/// One line of a reseller's activity log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRow {
    pub id: i64,
    pub action: AuditAction,
    pub detail: String,
    pub ip: Option<String>,
    pub on: time::Date,
}

impl ActivityRow {
    /// The action as a sentence in the UI language.
    pub fn describe(&self, t: &Strings) -> String {
        fill(self.action.label(t), &[("client", &self.detail), ("item", &self.detail)])
    }
}

#[cfg(feature = "ssr")]
mod service {
    use super::{ActivityRow, ActorKind, AuditAction, TargetKind};
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
        pub actor_kind: ActorKind,
        pub actor_id: i64,
        pub action: AuditAction,
        pub target_kind: TargetKind,
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
            actor_kind: Set(entry.actor_kind),
            actor_id: Set(entry.actor_id),
            acting_as_client_id: Set(acting_as_client_id),
            action: Set(entry.action),
            target_kind: Set(Some(entry.target_kind)),
            target_id: Set(Some(entry.target_id)),
            detail: Set(Some(entry.detail)),
            ip: Set(entry.ip.map(str::to_owned)),
            created_at: Set(time::OffsetDateTime::now_utc()),
            ..Default::default()
        }
    }
}
