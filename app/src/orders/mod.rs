//! Orders: placing one for a client (the wizard and the one-transaction service behind it),
//! and the reseller's orders list with Accept, Cancel and Mark as fraud.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_orders description=t.planned_orders /> }
}

#[component]
pub fn PlaceOrderPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.place_order description=t.planned_orders /> }
}
