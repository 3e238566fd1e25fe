//! Support tickets: clients open and answer them in the portal (when the reseller allows it),
//! the reseller answers from `/reseller/tickets` and sets the departments.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn PortalTicketsPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_tickets description=t.planned_portal_tickets /> }
}

#[component]
pub fn PortalNewTicketPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_tickets description=t.planned_portal_tickets /> }
}

#[component]
pub fn PortalTicketPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_tickets description=t.planned_portal_tickets /> }
}

#[component]
pub fn ResellerTicketsPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_tickets description=t.planned_tickets /> }
}

#[component]
pub fn ResellerTicketPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_tickets description=t.planned_tickets /> }
}

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_tickets description=t.planned_tickets /> }
}
