//! Statuses shared by several features.

crate::codes! {
    /// Whether a reseller may sign in and their portal is open.
    pub enum ResellerStatus {
        Active = "active" => status_active,
        Suspended = "suspended" => status_suspended,
    }
}

crate::codes! {
    /// Where a queued email is: the sender picks up `Queued` ones, marks them `Sending` while
    /// it talks to the mail server, and then `Sent` or, after its last try, `Failed`.
    pub enum OutboxStatus {
        Queued = "queued" => status_queued,
        Sending = "sending" => status_sending,
        Sent = "sent" => status_sent,
        Failed = "failed" => status_failed,
    }
}
