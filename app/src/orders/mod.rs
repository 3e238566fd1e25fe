//! Orders: placing one for a client (the wizard and the one-transaction service behind it),
//! and the reseller's orders list with Accept, Cancel and Mark as fraud.

pub mod place;
pub mod plan;

pub use place::{PlaceOrderPage, PlacedBy};

#[leptos::prelude::component]
pub fn OrdersPage() -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    let t = crate::i18n::use_i18n().t();
    view! { <crate::layout::PlannedPage title=t.nav_orders description=t.planned_orders /> }
}
