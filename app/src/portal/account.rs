//! The client's account details, password change and "Forgot password" in the portal.

use crate::i18n::use_i18n;
use crate::layout::PlannedPage;
use leptos::prelude::*;

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_account description=t.planned_portal_account /> }
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_account description=t.planned_portal_account /> }
}
