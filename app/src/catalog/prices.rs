//! The reseller's Products page: what they sell and at what price, inside the provider's range.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn ResellerPricesPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_products description=t.planned_products /> }
}
