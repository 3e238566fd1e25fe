//! "Login as client": the reseller's single-use token is redeemed here for a new portal
//! session carrying the acting reseller, and "Return to reseller panel" ends it.

use crate::error::AppError;
use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;

/// Ends the acting session and goes back to the client's details in the reseller panel.
#[server(endpoint = "portal/return_to_panel")]
pub async fn return_to_panel(brand: String) -> Result<(), AppError> {
    crate::error::respond(Err::<(), _>(AppError::NotFound).map(|()| drop(brand)))
}

/// Shown on every portal page while a reseller is signed in as the client.
#[component]
pub fn ActingBanner(brand: String, client: String) -> impl IntoView {
    let t = use_i18n().t();
    let back = ServerAction::<ReturnToPanel>::new();
    view! {
        <div class="acting-banner" role="region" aria-label=t.acting_banner_label>
            <span>{fill(t.acting_banner, &[("client", &client)])}</span>
            <ActionForm action=back>
                <input type="hidden" name="brand" value=brand />
                <button type="submit" class="button">{t.return_to_panel}</button>
            </ActionForm>
        </div>
    }
}

/// Where a "Login as client" link lands: redeems the token and opens the portal.
#[component]
pub fn RedeemPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <crate::layout::PlannedPage title=t.return_to_panel description=t.planned_portal_account /> }
}
