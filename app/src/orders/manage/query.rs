//! The orders list's view in the URL (`?status=…&page=2`); see [`crate::status_list`].

use super::status::OrderStatus;
use crate::status_list::{ListStatus, StatusListQuery};

pub type OrderListQuery = StatusListQuery<OrderStatus>;

impl ListStatus for OrderStatus {
    const LIST_PATH: &'static str = "/reseller/orders";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(href: &str) -> OrderListQuery {
        let query = href.split_once('?').map_or("", |(_, q)| q);
        let map: HashMap<&str, &str> = query.split('&').filter_map(|pair| pair.split_once('=')).collect();
        OrderListQuery::from_params(|key| map.get(key).map(|v| (*v).to_owned()))
    }

    #[test]
    fn the_url_round_trips() {
        for status in std::iter::once(None).chain(OrderStatus::ALL.into_iter().map(Some)) {
            for page in [1, 2, 40] {
                let query = OrderListQuery { status, page };
                assert_eq!(parse(&query.href()), query);
            }
        }
        assert_eq!(OrderListQuery::default().href(), "/reseller/orders");
        assert_eq!(
            OrderListQuery { status: Some(OrderStatus::Pending), page: 2 }.href(),
            "/reseller/orders?status=pending&page=2"
        );
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        assert_eq!(parse("/reseller/orders?status=deleted&page=0"), OrderListQuery::default());
        assert_eq!(parse("/reseller/orders?page=x"), OrderListQuery::default());
    }

    #[test]
    fn a_new_filter_starts_on_its_first_page() {
        let query = OrderListQuery { status: None, page: 3 };
        assert_eq!(
            query.with_status(Some(OrderStatus::Fraud)),
            OrderListQuery { status: Some(OrderStatus::Fraud), page: 1 }
        );
        assert_eq!(query.at_page(0).page, 1);
    }
}
