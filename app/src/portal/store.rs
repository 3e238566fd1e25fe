//! The portal's store: the reseller's products at the reseller's prices, ordered through the
//! same wizard and order service as the reseller's "Place order".

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn StorePage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_store description=t.planned_portal_store /> }
}
