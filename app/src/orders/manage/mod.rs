//! The reseller's orders: the list (status filter and page in the URL) and one order's page
//! with Accept, Cancel and Mark as fraud, which carry the order's services, addons, domains
//! and invoices along (see [`status`]).

use crate::clients::records::{AddonRow, DomainRow, InvoiceRow, ServiceRow};
use crate::error::AppError;
use crate::orders::PlacedBy;
use crate::values::{BillingCycle, Money};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod detail;
mod list;
pub mod query;
#[cfg(feature = "ssr")]
pub mod service;
pub mod status;

pub use detail::OrderPage;
pub use list::OrdersPage;
pub use query::OrderListQuery;
pub use status::{DomainStatus, OrderAction, OrderStatus, RegistrationKind, ServiceStatus};

/// One order in the reseller's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub number: i64,
    pub placed_on: time::Date,
    pub client_id: i64,
    pub client_name: String,
    /// The order's lines, in order.
    pub items: Vec<String>,
    pub total: Money,
    pub placed_by: PlacedBy,
    pub status: OrderStatus,
}

/// One page of the list.
pub type OrderListPage = crate::status_list::ListPage<OrderRow>;
pub type OrderListView = crate::status_list::PricedPage<OrderRow>;

/// One line of an order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderItemRow {
    pub description: String,
    pub cycle: Option<BillingCycle>,
    pub amount: Money,
}

/// One order with everything it made.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderDetail {
    pub number: i64,
    pub status: OrderStatus,
    pub placed_on: time::Date,
    pub placed_by: PlacedBy,
    pub client_id: i64,
    pub client_name: String,
    pub total: Money,
    pub items: Vec<OrderItemRow>,
    pub services: Vec<ServiceRow>,
    pub addons: Vec<AddonRow>,
    pub domains: Vec<DomainRow>,
    pub invoices: Vec<InvoiceRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub order: OrderDetail,
    pub show_toman: bool,
}

/// One page of the signed-in reseller's orders.
#[server(endpoint = "orders/list")]
pub async fn list_orders(query: OrderListQuery) -> Result<OrderListView, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let list = service::list_orders(me.db(), me.id, &query).await?;
            Ok(OrderListView { list, show_toman: me.show_toman })
        }
        .await,
    )
}

/// One of the signed-in reseller's orders by its number; another reseller's is not found.
#[server(endpoint = "orders/detail")]
pub async fn load_order(number: i64) -> Result<OrderView, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let order = service::order_detail(me.db(), me.id, number).await?;
            Ok(OrderView { order, show_toman: me.show_toman })
        }
        .await,
    )
}

/// Accepts, cancels or marks an order as fraud, and answers what was done. Cancelling and
/// marking as fraud want the "I am sure" box ticked (`confirm`).
#[server(endpoint = "orders/act")]
pub async fn act_on_order(
    number: i64,
    order_action: OrderAction,
    #[server(default)] confirm: bool,
) -> Result<OrderAction, AppError> {
    use crate::error::{FieldError, FieldProblem};
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            if order_action != OrderAction::Accept && !confirm {
                return Err(AppError::Validation(vec![FieldError {
                    field: "confirm".to_owned(),
                    problem: FieldProblem::Required,
                }]));
            }
            let actor = me.actor();
            service::act_on_order(me.db(), &actor, number, order_action, time::OffsetDateTime::now_utc()).await?;
            Ok(order_action)
        }
        .await,
    )
}
