//! An invoice's statuses and what changes them: one transition function, shared by the
//! invoice page (which buttons to show), the invoice service and cancelling an order.

use serde::{Deserialize, Serialize};

crate::codes! {
    pub enum InvoiceStatus {
        Draft = "draft" => status_draft,
        Unpaid = "unpaid" => status_unpaid,
        Paid = "paid" => status_paid,
        Cancelled = "cancelled" => status_cancelled,
        Refunded = "refunded" => status_refunded,
        Collections = "collections" => status_collections,
        PaymentPending = "payment_pending" => status_payment_pending,
    }
}

/// What happens to an invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InvoiceEvent {
    /// A payment is recorded; `settles` when it pays the balance in full.
    Payment { settles: bool },
    /// The reseller marks it paid (the balance is recorded as a payment).
    MarkPaid,
    /// The reseller reopens a paid or cancelled invoice.
    MarkUnpaid,
    /// The reseller cancels it, or its order is cancelled or marked as fraud.
    Cancel,
    /// The client says they sent a bank transfer: the invoice waits for the reseller to record
    /// the payment, which then follows `Payment` as for any open invoice.
    TransferClaimed,
}

impl InvoiceStatus {
    /// Still waiting to be paid: payments can be added, and it can be cancelled.
    pub fn is_open(self) -> bool {
        matches!(self, InvoiceStatus::Draft | InvoiceStatus::Unpaid | InvoiceStatus::PaymentPending)
    }

    /// The status after `event`, or `None` when this status does not allow it. Open invoices
    /// (draft, unpaid, payment pending) take payments, become paid when paid in full, and can
    /// be cancelled; paid and cancelled ones can be reopened as unpaid, and so can one awaiting
    /// a bank transfer that never came. Refunded and collections are set by processes of their
    /// own and allow none of these.
    pub fn after(self, event: InvoiceEvent) -> Option<InvoiceStatus> {
        use InvoiceStatus::*;
        match event {
            InvoiceEvent::Payment { settles: true } | InvoiceEvent::MarkPaid => self.is_open().then_some(Paid),
            InvoiceEvent::Payment { settles: false } => self.is_open().then_some(self),
            InvoiceEvent::MarkUnpaid => matches!(self, Paid | Cancelled | PaymentPending).then_some(Unpaid),
            InvoiceEvent::Cancel => self.is_open().then_some(Cancelled),
            InvoiceEvent::TransferClaimed => (self == Unpaid).then_some(PaymentPending),
        }
    }
}

crate::codes! {
    /// How a payment was made.
    pub enum PaymentMethod {
        BankTransfer = "bank_transfer" => inv_method_bank_transfer,
        Card = "card" => inv_method_card,
        Cash = "cash" => inv_method_cash,
        Credit = "credit" => inv_method_credit,
        Other = "other" => inv_method_other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InvoiceEvent::*;
    use InvoiceStatus::*;

    #[test]
    fn open_invoices_take_payments_and_can_be_cancelled() {
        for open in [Draft, Unpaid, PaymentPending] {
            assert_eq!(open.after(Payment { settles: false }), Some(open), "a part payment keeps {open:?}");
            assert_eq!(open.after(Payment { settles: true }), Some(Paid));
            assert_eq!(open.after(MarkPaid), Some(Paid));
            assert_eq!(open.after(Cancel), Some(Cancelled));
        }
        assert_eq!(Draft.after(MarkUnpaid), None);
        assert_eq!(Unpaid.after(MarkUnpaid), None);
    }

    #[test]
    fn paid_and_cancelled_invoices_only_reopen() {
        for closed in [Paid, Cancelled] {
            assert_eq!(closed.after(MarkUnpaid), Some(Unpaid));
            for refused in [Payment { settles: false }, Payment { settles: true }, MarkPaid, Cancel] {
                assert_eq!(closed.after(refused), None, "{closed:?} {refused:?}");
            }
        }
    }

    #[test]
    fn only_an_unpaid_invoice_awaits_a_claimed_transfer_and_its_payment_settles_it() {
        assert_eq!(Unpaid.after(TransferClaimed), Some(PaymentPending));
        for other in [Draft, Paid, Cancelled, Refunded, Collections, PaymentPending] {
            assert_eq!(other.after(TransferClaimed), None, "{other:?}");
        }
        let pending = Unpaid.after(TransferClaimed).unwrap();
        assert_eq!(pending.after(Payment { settles: true }), Some(Paid), "the reseller records the transfer");
        assert_eq!(pending.after(MarkUnpaid), Some(Unpaid), "or, when it never came, reopens the invoice");
    }

    #[test]
    fn refunded_and_collections_allow_nothing_here() {
        for other in [Refunded, Collections] {
            for event in
                [Payment { settles: false }, Payment { settles: true }, MarkPaid, MarkUnpaid, Cancel, TransferClaimed]
            {
                assert_eq!(other.after(event), None, "{other:?} {event:?}");
            }
        }
    }
}
