//! A ticket's statuses (WHMCS's, stored as snake_case codes like every other status) and what
//! changes them: one transition function, asked by the pages (which buttons to show) and by
//! the service (what to write).

use crate::status_list::{ListStatus, StatusListQuery};
use serde::{Deserialize, Serialize};

crate::codes! {
    pub enum TicketStatus {
        Open = "open" => status_open,
        Answered = "answered" => status_answered,
        CustomerReply = "customer_reply" => status_customer_reply,
        Closed = "closed" => status_closed,
    }
}

/// What happens to a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketEvent {
    /// The client (or the reseller acting as the client) writes in the portal.
    ClientReply,
    /// The reseller answers from the panel.
    ResellerReply,
    Close,
    /// The reseller opens a closed ticket again.
    Reopen,
}

impl TicketStatus {
    /// The status after `event`, or `None` when this status does not allow it. A reply is
    /// always taken and says who spoke last (a reply to a closed ticket reopens it); only an
    /// open ticket is closed, and only a closed one reopened.
    pub fn after(self, event: TicketEvent) -> Option<TicketStatus> {
        use TicketStatus::*;
        match event {
            TicketEvent::ClientReply => Some(CustomerReply),
            TicketEvent::ResellerReply => Some(Answered),
            TicketEvent::Close => (self != Closed).then_some(Closed),
            TicketEvent::Reopen => (self == Closed).then_some(Open),
        }
    }
}

crate::codes! {
    /// How urgent the client says a ticket is.
    pub enum Priority {
        Low = "low" => priority_low,
        Medium = "medium" => priority_medium,
        High = "high" => priority_high,
    }
}

/// The reseller's tickets list's view in the URL (`?status=…&page=2`); see
/// [`crate::status_list`].
pub type TicketListQuery = StatusListQuery<TicketStatus>;

impl ListStatus for TicketStatus {
    const LIST_PATH: &'static str = "/reseller/tickets";
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketEvent::*;
    use TicketStatus::*;

    #[test]
    fn replies_say_who_spoke_last_and_reopen_a_closed_ticket() {
        for status in TicketStatus::ALL {
            assert_eq!(status.after(ClientReply), Some(CustomerReply), "{status:?}");
            assert_eq!(status.after(ResellerReply), Some(Answered), "{status:?}");
        }
    }

    #[test]
    fn only_open_tickets_close_and_only_closed_ones_reopen() {
        for open in [Open, Answered, CustomerReply] {
            assert_eq!(open.after(Close), Some(Closed));
            assert_eq!(open.after(Reopen), None);
        }
        assert_eq!(Closed.after(Close), None);
        assert_eq!(Closed.after(Reopen), Some(Open));
    }
}
