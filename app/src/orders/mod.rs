//! Orders: placing one for a client (the wizard and the one-transaction service behind it),
//! and the reseller's orders list with Accept, Cancel and Mark as fraud.

pub mod manage;
pub mod place;
pub mod plan;

pub use manage::{OrderPage, OrdersPage};
pub use place::{PlaceOrderPage, PlacedBy};
