//! A ticket's statuses (WHMCS's, stored as snake_case codes like every other status) and what
//! changes them: one transition function, asked by the pages (which buttons to show) and by
//! the service (what to write).

use crate::status_list::{ListStatus, StatusListQuery};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    Open,
    Answered,
    CustomerReply,
    Closed,
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
    pub const ALL: [TicketStatus; 4] =
        [TicketStatus::Open, TicketStatus::Answered, TicketStatus::CustomerReply, TicketStatus::Closed];

    pub fn code(self) -> &'static str {
        match self {
            TicketStatus::Open => "open",
            TicketStatus::Answered => "answered",
            TicketStatus::CustomerReply => "customer_reply",
            TicketStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.code() == code)
    }

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

/// How urgent the client says a ticket is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Medium,
    High,
}

impl Priority {
    pub const ALL: [Priority; 3] = [Priority::Low, Priority::Medium, Priority::High];

    pub fn code(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Medium => "medium",
            Priority::High => "high",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.code() == code)
    }

    /// A stored priority in the UI language; an unknown one is shown as stored.
    pub fn label_of(code: &str, t: &crate::i18n::Strings) -> String {
        match Self::parse(code) {
            Some(Priority::Low) => t.priority_low.to_owned(),
            Some(Priority::Medium) => t.priority_medium.to_owned(),
            Some(Priority::High) => t.priority_high.to_owned(),
            None => code.to_owned(),
        }
    }
}

/// The reseller's tickets list's view in the URL (`?status=…&page=2`); see
/// [`crate::status_list`].
pub type TicketListQuery = StatusListQuery<TicketStatus>;

impl ListStatus for TicketStatus {
    const EVERY: &'static [Self] = &TicketStatus::ALL;
    const LIST_PATH: &'static str = "/reseller/tickets";

    fn code(self) -> &'static str {
        TicketStatus::code(self)
    }

    fn parse(code: &str) -> Option<Self> {
        TicketStatus::parse(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketEvent::*;
    use TicketStatus::*;

    #[test]
    fn codes_round_trip() {
        for status in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(status.code()), Some(status));
        }
        for priority in Priority::ALL {
            assert_eq!(Priority::parse(priority.code()), Some(priority));
        }
        assert_eq!(TicketStatus::parse("Customer-Reply"), None);
    }

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

    #[test]
    fn the_list_url_round_trips() {
        let query = TicketListQuery { status: Some(CustomerReply), page: 2 };
        assert_eq!(query.href(), "/reseller/tickets?status=customer_reply&page=2");
        let parsed = TicketListQuery::from_params(|key| match key {
            "status" => Some("customer_reply".into()),
            "page" => Some("2".into()),
            _ => None,
        });
        assert_eq!(parsed, query);
        assert_eq!(TicketListQuery::default().href(), "/reseller/tickets");
    }
}
