//! The client's invoices in the portal: the list, the printable invoice, and paying it.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_invoices description=t.planned_portal_invoices /> }
}

#[component]
pub fn InvoicePage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_invoices description=t.planned_portal_invoices /> }
}
