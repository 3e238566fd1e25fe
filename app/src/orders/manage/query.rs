//! The orders list's view in the URL (`?status=…&page=2`); see [`crate::status_list`].

use super::status::OrderStatus;
use crate::status_list::{ListStatus, StatusListQuery};

pub type OrderListQuery = StatusListQuery<OrderStatus>;

impl ListStatus for OrderStatus {
    const LIST_PATH: &'static str = "/reseller/orders";
}
