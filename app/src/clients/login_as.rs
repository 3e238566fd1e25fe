//! "Login as client": issues the single-use token and opens the client's portal with it.

use super::{Coming, ComingPage};
use leptos::prelude::*;

#[component]
pub fn LoginAsClientPage() -> impl IntoView {
    view! { <ComingPage flow=Coming::LoginAsClient /> }
}
