//! "Login as client", the panel's side: the button that issues a single-use token and opens
//! the client's portal with it (the portal redeems it, `crate::portal::acting`), and the page
//! of one client that says what will happen. The row and header buttons do the same in one
//! click; the page is where a link or bookmark to `/reseller/clients/{id}/login-as` leads.

use super::load_client_profile;
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, use_i18n};
use crate::ui::{Loading, PageError};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;

#[component]
pub fn LoginAsClientPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0));
    let profile = crate::ui::resource(move || id.get(), load_client_profile);
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

/// Where in the client's portal a "Login as client" link lands: the dashboard, or one of the
/// client's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PortalTarget {
    Dashboard,
    Service(i64),
    Invoice(i64),
    Ticket(i64),
}

impl PortalTarget {
    /// The path after `/portal/{brand}`.
    pub fn path(self) -> String {
        match self {
            PortalTarget::Dashboard => String::new(),
            PortalTarget::Service(id) => format!("/services/{id}"),
            PortalTarget::Invoice(number) => format!("/invoices/{number}"),
            PortalTarget::Ticket(id) => format!("/tickets/{id}"),
        }
    }

    /// Reads what [`PortalTarget::path`] wrote; anything else is `None`, so a token can only
    /// ever lead to one of these pages.
    pub fn parse(path: &str) -> Option<Self> {
        if path.is_empty() || path == "/" {
            return Some(PortalTarget::Dashboard);
        }
        let (kind, id) = path.strip_prefix('/')?.split_once('/')?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        match kind {
            "services" => Some(PortalTarget::Service(id)),
            "invoices" => Some(PortalTarget::Invoice(id)),
            "tickets" => Some(PortalTarget::Ticket(id)),
            _ => None,
        }
    }
}

/// Issues a token for the session's reseller's client `client_id` and opens their portal with
/// it, at `target` (a [`PortalTarget`] path; empty for the dashboard).
#[server(endpoint = "reseller/login_as_client")]
pub async fn login_as_client(client_id: i64, target: Option<String>) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current()
                .await?
                .allowed(crate::reseller::Permission::LoginAsClient)?;
            let target = match target.as_deref() {
                None => PortalTarget::Dashboard,
                Some(path) => PortalTarget::parse(path).ok_or(AppError::NotFound)?,
            };
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let token = service::issue(me.db(), &me, me.session_id(), client_id, target, now).await?;
            leptos_axum::redirect(&format!("/portal/{}/login-as?token={token}", me.slug));
            Ok(())
        }
        .await,
    )
}

/// A reseller's button that opens the client's portal as the client, at `target`. A table's
/// rows share one `action` (one reactive action per table, not per row), and
/// [`LoginAsClientError`] shows what went wrong, once.
#[component]
pub fn LoginAsClientForm(
    action: ServerAction<LoginAsClient>,
    client_id: i64,
    /// The accessible name: "Login as client", with the client's name where rows repeat it.
    #[prop(into)]
    label: String,
    #[prop(into)] text: String,
    #[prop(default = PortalTarget::Dashboard)] target: PortalTarget,
    #[prop(default = "link-button".to_owned(), into)] class: String,
) -> impl IntoView {
    let target = (target != PortalTarget::Dashboard)
        .then(|| view! { <input type="hidden" name="target" value=target.path() /> });
    view! {
        <ActionForm action attr:class="inline-form">
            <input type="hidden" name="client_id" value=client_id />
            {target}
            <button type="submit" class=class aria-label=label disabled=move || action.pending().get()>{text}</button>
        </ActionForm>
    }
}

/// Why the last "Login as client" of `action` failed, in the UI's language.
#[component]
pub fn LoginAsClientError(action: ServerAction<LoginAsClient>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        action
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| view! { <span class="form-error" role="alert">{e.message(i18n.0)}</span> })
    }
}
