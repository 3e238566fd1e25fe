//! The provider admin's catalog pages: product groups, products, addons and domain extensions,
//! and their prices with the range a reseller may charge.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_products description=t.planned_admin_products /> }
}
