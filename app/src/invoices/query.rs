//! What the invoices list shows: a status and a page, kept in the URL (`?status=unpaid&page=2`)
//! so that a reload, the back button and a shared link show the same view.

use super::status::InvoiceStatus;
use serde::{Deserialize, Serialize};

/// One view of the invoices list. Unknown or out-of-range URL values fall back to the defaults
/// rather than failing: a hand-edited link still shows a list.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InvoiceListQuery {
    pub status: Option<InvoiceStatus>,
    /// 1-based.
    pub page: u64,
}

impl Default for InvoiceListQuery {
    fn default() -> Self {
        Self { status: None, page: 1 }
    }
}

impl InvoiceListQuery {
    pub const PER_PAGE: u64 = 25;

    /// Reads the view from URL parameters (`status`, `page`).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            status: get("status").as_deref().and_then(InvoiceStatus::parse),
            page: get("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// The list's address for this view, with only the values that differ from the defaults.
    pub fn href(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(status) = self.status {
            pairs.push(format!("status={}", status.code()));
        }
        if self.page != 1 {
            pairs.push(format!("page={}", self.page));
        }
        if pairs.is_empty() { "/reseller/invoices".to_owned() } else { format!("/reseller/invoices?{}", pairs.join("&")) }
    }

    /// The same filter on another page.
    pub fn at_page(&self, page: u64) -> Self {
        Self { page: page.max(1), ..self.clone() }
    }

    /// Another filter, from its first page.
    pub fn with_status(&self, status: Option<InvoiceStatus>) -> Self {
        Self { status, page: 1 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(href: &str) -> InvoiceListQuery {
        let query = href.split_once('?').map_or("", |(_, q)| q);
        let map: HashMap<&str, &str> = query.split('&').filter_map(|pair| pair.split_once('=')).collect();
        InvoiceListQuery::from_params(|key| map.get(key).map(|v| (*v).to_owned()))
    }

    #[test]
    fn the_url_round_trips() {
        for status in std::iter::once(None).chain(InvoiceStatus::ALL.into_iter().map(Some)) {
            for page in [1, 2, 40] {
                let query = InvoiceListQuery { status, page };
                assert_eq!(parse(&query.href()), query);
            }
        }
        assert_eq!(InvoiceListQuery::default().href(), "/reseller/invoices");
        assert_eq!(InvoiceListQuery { status: Some(InvoiceStatus::Unpaid), page: 2 }.href(), "/reseller/invoices?status=unpaid&page=2");
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        assert_eq!(parse("/reseller/invoices?status=deleted&page=0"), InvoiceListQuery::default());
        assert_eq!(parse("/reseller/invoices?page=x"), InvoiceListQuery::default());
    }

    #[test]
    fn a_new_filter_starts_on_its_first_page() {
        let query = InvoiceListQuery { status: None, page: 3 };
        assert_eq!(query.with_status(Some(InvoiceStatus::PaymentPending)), InvoiceListQuery { status: Some(InvoiceStatus::PaymentPending), page: 1 });
        assert_eq!(query.at_page(0).page, 1);
    }
}
