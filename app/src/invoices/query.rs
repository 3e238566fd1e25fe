//! The invoices list's view in the URL (`?status=…&page=2`); see [`crate::status_list`].

use super::status::InvoiceStatus;
use crate::status_list::{ListStatus, StatusListQuery};

pub type InvoiceListQuery = StatusListQuery<InvoiceStatus>;

impl ListStatus for InvoiceStatus {
    const LIST_PATH: &'static str = "/reseller/invoices";
}
