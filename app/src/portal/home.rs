//! The client's dashboard, services and domains in the portal.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_dashboard description=t.planned_portal_services /> }
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_services description=t.planned_portal_services /> }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_services description=t.planned_portal_services /> }
}

#[component]
pub fn DomainsPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_domains description=t.planned_portal_domains /> }
}
