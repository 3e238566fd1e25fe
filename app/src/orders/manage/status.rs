//! What accepting, cancelling or marking an order as fraud does: one transition function per
//! kind of record. The order page asks them which buttons to show; the service asks them what
//! to write. Statuses are WHMCS's, stored as their snake_case codes.

use crate::audit::AuditAction;
use crate::invoices::InvoiceEvent;
use crate::values::DomainOperation;

crate::codes! {
    /// What the reseller does to an order.
    pub enum OrderAction {
        Accept = "accept" => ord_accept,
        Cancel = "cancel" => ord_cancel,
        MarkFraud = "mark_fraud" => ord_fraud,
    }
}

impl OrderAction {
    /// The audit log's name for it.
    pub fn audit_action(self) -> AuditAction {
        match self {
            OrderAction::Accept => AuditAction::OrderAccepted,
            OrderAction::Cancel => AuditAction::OrderCancelled,
            OrderAction::MarkFraud => AuditAction::OrderFraud,
        }
    }

    /// What the action does to the order's invoices (each then follows
    /// [`crate::invoices::InvoiceStatus::after`]): cancelling or marking as fraud cancels the
    /// open ones, so paid invoices stay; accepting leaves them.
    pub fn invoice_event(self) -> Option<InvoiceEvent> {
        match self {
            OrderAction::Accept => None,
            OrderAction::Cancel | OrderAction::MarkFraud => Some(InvoiceEvent::Cancel),
        }
    }
}

crate::codes! {
    pub enum OrderStatus {
        Pending = "pending" => status_pending,
        Active = "active" => status_active,
        Fraud = "fraud" => status_fraud,
        Cancelled = "cancelled" => status_cancelled,
    }
}

impl OrderStatus {
    /// The order's status after `action`, or `None` when its status does not allow it: only
    /// a pending order is accepted, a pending or active one can be cancelled or marked as
    /// fraud, and cancelled and fraud orders are final.
    pub fn after(self, action: OrderAction) -> Option<OrderStatus> {
        use OrderAction::*;
        use OrderStatus::*;
        match (self, action) {
            (Pending, Accept) => Some(Active),
            (Pending | Active, Cancel) => Some(Cancelled),
            (Pending | Active, MarkFraud) => Some(Fraud),
            (Active, Accept) | (Cancelled | Fraud, _) => None,
        }
    }

    /// No action applies any more.
    pub fn is_final(self) -> bool {
        OrderAction::ALL.into_iter().all(|action| self.after(action).is_none())
    }
}

crate::codes! {
    /// A service's or a service addon's status (they share WHMCS's list).
    pub enum ServiceStatus {
        Pending = "pending" => status_pending,
        Active = "active" => status_active,
        Suspended = "suspended" => status_suspended,
        Terminated = "terminated" => status_terminated,
        Cancelled = "cancelled" => status_cancelled,
        Fraud = "fraud" => status_fraud,
        Completed = "completed" => status_completed,
    }
}

impl ServiceStatus {
    /// What `action` on its order makes of a service or addon in this status; `None` leaves
    /// it as it is. Accepting activates only pending ones (the caller also starts their
    /// billing); cancelling or marking as fraud reaches every one that has not already ended
    /// (terminated, cancelled, fraud).
    pub fn on_order(self, action: OrderAction) -> Option<ServiceStatus> {
        use ServiceStatus::*;
        let ended = matches!(self, Terminated | Cancelled | Fraud);
        match action {
            OrderAction::Accept => (self == Pending).then_some(Active),
            OrderAction::Cancel => (!ended).then_some(Cancelled),
            OrderAction::MarkFraud => (!ended).then_some(Fraud),
        }
    }
}

crate::codes! {
    /// Whether a domain is registered anew or transferred in.
    pub enum RegistrationKind {
        Register = "register" => kind_register,
        Transfer = "transfer" => kind_transfer,
    }
}

impl RegistrationKind {
    /// The kind of domain an order for `operation` makes; renewing makes none.
    pub fn of(operation: DomainOperation) -> Option<Self> {
        match operation {
            DomainOperation::Register => Some(RegistrationKind::Register),
            DomainOperation::Transfer => Some(RegistrationKind::Transfer),
            DomainOperation::Renew => None,
        }
    }

    /// What is priced for this kind.
    pub fn operation(self) -> DomainOperation {
        match self {
            RegistrationKind::Register => DomainOperation::Register,
            RegistrationKind::Transfer => DomainOperation::Transfer,
        }
    }
}

crate::codes! {
    pub enum DomainStatus {
        Pending = "pending" => status_pending,
        PendingRegistration = "pending_registration" => status_pending_registration,
        PendingTransfer = "pending_transfer" => status_pending_transfer,
        Active = "active" => status_active,
        Grace = "grace" => status_grace,
        Redemption = "redemption" => status_redemption,
        Expired = "expired" => status_expired,
        TransferredAway = "transferred_away" => status_transferred_away,
        Cancelled = "cancelled" => status_cancelled,
        Fraud = "fraud" => status_fraud,
    }
}

impl DomainStatus {
    /// What `action` on its order makes of a domain in this status; `None` leaves it as it
    /// is. Accepting sends a pending domain to the registrar queue its kind names; cancelling
    /// or marking as fraud reaches every domain still held or on its way (a domain already
    /// cancelled, fraud or transferred away has ended).
    pub fn on_order(self, action: OrderAction, kind: RegistrationKind) -> Option<DomainStatus> {
        use DomainStatus::*;
        let ended = matches!(self, Cancelled | Fraud | TransferredAway);
        match action {
            OrderAction::Accept => (self == Pending).then_some(match kind {
                RegistrationKind::Register => PendingRegistration,
                RegistrationKind::Transfer => PendingTransfer,
            }),
            OrderAction::Cancel => (!ended).then_some(Cancelled),
            OrderAction::MarkFraud => (!ended).then_some(Fraud),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderAction::*;

    #[test]
    fn order_transitions() {
        use OrderStatus::*;
        let table = [
            (Pending, Accept, Some(Active)),
            (Pending, Cancel, Some(Cancelled)),
            (Pending, MarkFraud, Some(Fraud)),
            (Active, Accept, None),
            (Active, Cancel, Some(Cancelled)),
            (Active, MarkFraud, Some(Fraud)),
        ];
        for (from, action, to) in table {
            assert_eq!(from.after(action), to, "{from:?} {action:?}");
        }
        for final_status in [Cancelled, Fraud] {
            assert!(final_status.is_final());
            for action in OrderAction::ALL {
                assert_eq!(final_status.after(action), None, "{final_status:?} is final");
            }
        }
        assert!(!Pending.is_final() && !Active.is_final());
    }

    #[test]
    fn services_follow_their_order() {
        use ServiceStatus::*;
        assert_eq!(Pending.on_order(Accept), Some(Active));
        for other in [Active, Suspended, Terminated, Cancelled, Fraud, Completed] {
            assert_eq!(other.on_order(Accept), None, "accepting leaves {other:?} alone");
        }
        for live in [Pending, Active, Suspended, Completed] {
            assert_eq!(live.on_order(Cancel), Some(Cancelled), "{live:?}");
            assert_eq!(live.on_order(MarkFraud), Some(Fraud), "{live:?}");
        }
        for ended in [Terminated, Cancelled, Fraud] {
            assert_eq!(ended.on_order(Cancel), None, "{ended:?}");
            assert_eq!(ended.on_order(MarkFraud), None, "{ended:?}");
        }
    }

    #[test]
    fn invoices_follow_their_order() {
        use crate::invoices::InvoiceStatus::{self, *};
        let after =
            |status: InvoiceStatus, action: OrderAction| action.invoice_event().and_then(|event| status.after(event));
        for open in [Draft, Unpaid, PaymentPending] {
            assert_eq!(after(open, Accept), None, "accepting leaves {open:?}");
            assert_eq!(after(open, Cancel), Some(Cancelled));
            assert_eq!(after(open, MarkFraud), Some(Cancelled));
        }
        for kept in [Paid, Cancelled, Refunded, Collections] {
            for action in OrderAction::ALL {
                assert_eq!(after(kept, action), None, "{kept:?} stays on {action:?}");
            }
        }
    }

    #[test]
    fn domains_follow_their_order() {
        use DomainStatus::*;
        use RegistrationKind::*;
        assert_eq!(Pending.on_order(Accept, Register), Some(PendingRegistration));
        assert_eq!(Pending.on_order(Accept, Transfer), Some(PendingTransfer));
        assert_eq!(PendingTransfer.on_order(Accept, Transfer), None, "already on its way");
        assert_eq!(Active.on_order(Accept, Register), None);
        for held in [Pending, PendingRegistration, PendingTransfer, Active, Grace, Redemption, Expired] {
            assert_eq!(held.on_order(Cancel, Register), Some(Cancelled), "{held:?}");
            assert_eq!(held.on_order(MarkFraud, Transfer), Some(Fraud), "{held:?}");
        }
        for ended in [Cancelled, Fraud, TransferredAway] {
            assert_eq!(ended.on_order(Cancel, Register), None, "{ended:?}");
            assert_eq!(ended.on_order(MarkFraud, Register), None, "{ended:?}");
        }
    }
}
