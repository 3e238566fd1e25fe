//! The invoices list's view in the URL (`?status=…&page=2`); see [`crate::status_list`].

use super::status::InvoiceStatus;
use crate::status_list::{ListStatus, StatusListQuery};

pub type InvoiceListQuery = StatusListQuery<InvoiceStatus>;

impl ListStatus for InvoiceStatus {
    const LIST_PATH: &'static str = "/reseller/invoices";
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
        assert_eq!(
            InvoiceListQuery { status: Some(InvoiceStatus::Unpaid), page: 2 }.href(),
            "/reseller/invoices?status=unpaid&page=2"
        );
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        assert_eq!(parse("/reseller/invoices?status=deleted&page=0"), InvoiceListQuery::default());
        assert_eq!(parse("/reseller/invoices?page=x"), InvoiceListQuery::default());
    }

    #[test]
    fn a_new_filter_starts_on_its_first_page() {
        let query = InvoiceListQuery { status: None, page: 3 };
        assert_eq!(
            query.with_status(Some(InvoiceStatus::PaymentPending)),
            InvoiceListQuery { status: Some(InvoiceStatus::PaymentPending), page: 1 }
        );
        assert_eq!(query.at_page(0).page, 1);
    }
}
