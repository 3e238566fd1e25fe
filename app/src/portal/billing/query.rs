//! The portal invoice list's view in the URL (`?status=unpaid&page=2`), so a reload, the back
//! button and a shared link show the same list.

use crate::invoices::InvoiceStatus;
use serde::{Deserialize, Serialize};

/// One view of the client's invoices. A server function's argument is checked
/// ([`UncheckedPortalInvoiceQuery`]): a status clients never see or a page out of range is a 400.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "UncheckedPortalInvoiceQuery")]
pub struct PortalInvoiceQuery {
    /// `None`: every invoice, open ones first.
    pub status: Option<InvoiceStatus>,
    /// 1-based; 0 reads as 1.
    pub page: u64,
}

/// A [`PortalInvoiceQuery`] as it arrives, before it is checked.
#[derive(Deserialize)]
pub struct UncheckedPortalInvoiceQuery {
    status: Option<InvoiceStatus>,
    page: u64,
}

impl TryFrom<UncheckedPortalInvoiceQuery> for PortalInvoiceQuery {
    type Error = String;

    fn try_from(query: UncheckedPortalInvoiceQuery) -> Result<Self, String> {
        if query.status.is_some_and(|s| !Self::STATUSES.contains(&s)) {
            return Err("status is not one clients can filter by".to_owned());
        }
        Ok(Self { status: query.status, page: crate::status_list::check_page(query.page)? })
    }
}

impl PortalInvoiceQuery {
    pub const PER_PAGE: u64 = 25;

    /// The statuses a client can filter by: every one but Draft, which clients never see.
    pub const STATUSES: [InvoiceStatus; 6] = [
        InvoiceStatus::Unpaid,
        InvoiceStatus::PaymentPending,
        InvoiceStatus::Paid,
        InvoiceStatus::Cancelled,
        InvoiceStatus::Refunded,
        InvoiceStatus::Collections,
    ];

    /// Reads the view from URL parameters; unknown values fall back to the defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            status: get("status").as_deref().and_then(InvoiceStatus::parse).filter(|s| Self::STATUSES.contains(s)),
            page: get("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// The list's address in the portal at `slug`, with only what differs from the defaults.
    pub fn href(&self, slug: &str) -> String {
        let mut pairs = Vec::new();
        if let Some(status) = self.status {
            pairs.push(format!("status={}", status.code()));
        }
        if self.page > 1 {
            pairs.push(format!("page={}", self.page));
        }
        let path = crate::portal::portal_path(slug, "/invoices");
        if pairs.is_empty() { path } else { format!("{path}?{}", pairs.join("&")) }
    }

    pub fn with_status(&self, status: Option<InvoiceStatus>) -> Self {
        Self { status, page: 1 }
    }

    pub fn at_page(&self, page: u64) -> Self {
        Self { page: page.max(1), ..self.clone() }
    }

    pub fn pages(total: u64) -> u64 {
        total.div_ceil(Self::PER_PAGE).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(href: &str) -> PortalInvoiceQuery {
        let query = href.split_once('?').map_or("", |(_, q)| q);
        let map: HashMap<&str, &str> = query.split('&').filter_map(|pair| pair.split_once('=')).collect();
        PortalInvoiceQuery::from_params(|key| map.get(key).map(|v| (*v).to_owned()))
    }

    #[test]
    fn the_url_round_trips_inside_the_brands_portal() {
        for status in std::iter::once(None).chain(PortalInvoiceQuery::STATUSES.into_iter().map(Some)) {
            for page in [1, 3] {
                let query = PortalInvoiceQuery { status, page };
                let href = query.href("parsweb");
                assert!(href.starts_with("/portal/parsweb/invoices"), "{href}");
                assert_eq!(parse(&href), query);
            }
        }
        assert_eq!(PortalInvoiceQuery { status: None, page: 1 }.href("parsweb"), "/portal/parsweb/invoices");
    }

    #[test]
    fn drafts_and_bad_values_fall_back_to_the_whole_list() {
        assert_eq!(parse("?status=draft&page=0"), PortalInvoiceQuery { status: None, page: 1 });
        assert_eq!(parse("?status=overdue&page=x"), PortalInvoiceQuery { status: None, page: 1 });
    }
}
