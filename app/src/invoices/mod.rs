//! Invoices: the reseller's list, the printable invoice, payments, and status changes.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_invoices description=t.planned_invoices /> }
}
