//! The "Login as client" page of one client: says what will happen and opens the client's
//! portal as them. The row and header buttons do the same in one click; this page is where a
//! link or bookmark to `/reseller/clients/{id}/login-as` leads.

use super::load_client_profile;
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, use_i18n};
use crate::layout::{Loading, PageError};
use crate::portal::acting::{LoginAsClient, LoginAsClientError, LoginAsClientForm};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LoginAsClientPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0));
    let profile = Resource::new(move || id.get(), load_client_profile);
    view! {
        <p><a href="/reseller/clients">{t.back_to_clients}</a></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(client) if !client.permissions.login_as_client => view! { <PageError error=AppError::Forbidden /> }.into_any(),
                    Ok(client) => {
                        let heading = format!("{}: {}", t.login_as_client, client.name);
                        let action = ServerAction::<LoginAsClient>::new();
                        view! {
                            <PageTitle text=heading.clone() />
                            <h1>{heading}</h1>
                            <p>{fill(t.login_as_explained, &[("name", &client.name)])}</p>
                            <LoginAsClientForm action client_id=client.id label=format!("{} {}", t.login_as_client, client.name)
                                text=t.login_as_client class="button primary" />
                            <LoginAsClientError action />
                            <p><a href=format!("/reseller/clients/{}", client.id)>{t.client_details}</a></p>
                        }.into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
