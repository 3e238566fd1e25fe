//! "Login as client": the reseller's single-use token is redeemed here for a new portal
//! session carrying the acting reseller, and "Return to reseller panel" ends it.
//!
//! The token travels in a URL, so it works on the portal's path and on a mapped host name
//! alike; it is random, stored hashed, good once and for 60 seconds. Redeeming it leaves the
//! reseller's own session as it was.

use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;

pub use crate::clients::login_as::PortalTarget;

/// Whose portal a "Login as client" link opens, for the page that asks to confirm it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenClient {
    pub name: String,
    pub email: String,
}

/// Reads, without using it up, whose portal the token opens on the portal of `brand`. A used,
/// expired or foreign token is `NotFound`.
#[server(endpoint = "portal/login_token_client")]
pub async fn login_token_client(brand: String, token: String) -> Result<TokenClient, AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let reseller = crate::auth::session_portal_reseller(&ctx, Some(&brand)).await?;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let client = service::peek(&ctx.state.db, &reseller, &token, now).await?;
            Ok(TokenClient { name: format!("{} {}", client.first_name, client.last_name), email: client.email })
        }
        .await,
    )
}

/// Redeems a token on the portal of `brand`: starts the acting session and opens the page the
/// token was issued for.
#[server(endpoint = "portal/redeem_login_token")]
pub async fn redeem_login_token(brand: String, token: String) -> Result<(), AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let reseller = crate::auth::session_portal_reseller(&ctx, Some(&brand)).await?;
            let previous = crate::auth::portal_token(&ctx, reseller.id);
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            // An hour at most: acting is for a task, not for the day.
            let ttl = ctx.state.auth.session_ttl_secs.min(3_600);
            let ip = ctx.client_ip();
            let redeemed = service::redeem(
                &ctx.state.db,
                &reseller,
                service::Redemption {
                    token: &token,
                    previous_token: previous.as_deref(),
                    ip: ip.as_deref(),
                    now,
                    ttl_secs: ttl,
                },
            )
            .await?;
            crate::auth::set_portal_token(&ctx, reseller.id, &redeemed.session_token, ttl);
            leptos_axum::redirect(&super::portal_path(&reseller.slug, &redeemed.target.path()));
            Ok(())
        }
        .await,
    )
}

/// Ends the acting session and goes back to the client's details in the reseller panel. A
/// client's own session is simply signed out.
#[server(endpoint = "portal/return_to_panel")]
pub async fn return_to_panel(brand: String) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            let ctx = access.context();
            if let Some(token) = crate::auth::portal_token(ctx, access.reseller.id) {
                service::end(access.db(), &access, &token).await?;
            }
            crate::auth::set_portal_token(ctx, access.reseller.id, "", 0);
            let to = if access.is_acting() {
                // On a mapped host name the panel is not served; go back to the panel's own.
                let panel = format!("/reseller/clients/{}", access.client.id);
                if on_panel_host(ctx).await? { panel } else { format!("{}{panel}", access.public_origin()) }
            } else {
                super::portal_path(&access.reseller.slug, "/login")
            };
            leptos_axum::redirect(&to);
            Ok(())
        }
        .await,
    )
}

/// Whether this request came to the panel's own host rather than a reseller's mapped host name
/// (where the panel is not served).
#[cfg(feature = "ssr")]
async fn on_panel_host(ctx: &crate::state::RequestContext) -> Result<bool, AppError> {
    use crate::entities::reseller_host;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    let authority = ctx.parts.headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let host = crate::links::strip_port(authority);
    let mapped = reseller_host::Entity::find()
        .filter(reseller_host::Column::Host.eq(host.to_ascii_lowercase()))
        .count(&ctx.state.db)
        .await?;
    Ok(mapped == 0)
}

/// Shown on every portal page while a reseller is signed in as the client.
#[component]
pub fn ActingBanner(brand: String, client: String) -> impl IntoView {
    let t = use_i18n().t();
    let back = ServerAction::<ReturnToPanel>::new();
    view! {
        <aside class="acting-banner" aria-label=t.acting_banner_label>
            <p role="status">{fill(t.acting_banner, &[("client", &client)])}</p>
            <ActionForm action=back>
                <input type="hidden" name="brand" value=brand />
                <button type="submit" class="button" disabled=move || back.pending().get()>{t.return_to_panel}</button>
            </ActionForm>
        </aside>
    }
}

/// Where a "Login as client" link lands. Opening the link changes nothing by itself: the page
/// says whose portal will open and the reseller confirms with a click, so a link planted on
/// another site cannot sign a browser in as someone (login CSRF), and a link checker or a
/// preview fetching it does not use the token up. A used, expired or foreign token is a 404
/// that says so.
#[component]
pub fn RedeemPage() -> impl IntoView {
    let t = use_i18n().t();
    let i18n = use_i18n();
    let slug = super::brand_slug();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let client = crate::ui::resource(move || (slug.get(), token()), |(brand, token)| login_token_client(brand, token));
    let redeem = ServerAction::<RedeemLoginToken>::new();
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        use axum::http::{HeaderValue, header};
        options.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        options.insert_header(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    }
    let refusal = move |error: &AppError| {
        let message = match error {
            AppError::NotFound => t.login_as_link_invalid.to_owned(),
            AppError::Forbidden => t.login_as_not_allowed.to_owned(),
            other => other.message(i18n.0),
        };
        view! {
            <p class="notice error" role="alert">{message}</p>
            <p><a href="/reseller/clients">{t.back_to_clients}</a></p>
        }
    };
    let failed = move || redeem.value().get().and_then(Result::err).map(|error| refusal(&error));
    let confirm = move |found: TokenClient| {
        let whose = StoredValue::new(fill(t.login_as_confirm, &[("name", &found.name), ("email", &found.email)]));
        view! {
            <Show when=move || redeem.value().get().is_none()>
                <ActionForm action=redeem attr:class="stack">
                    <input type="hidden" name="brand" value=move || slug.get() />
                    <input type="hidden" name="token" value=token />
                    <p>{whose.get_value()}</p>
                    <p class="muted">{t.login_as_continue_note}</p>
                    <button type="submit" class="button primary" disabled=move || redeem.pending().get()>{t.login_as_continue}</button>
                </ActionForm>
            </Show>
        }
    };
    view! {
        <PageTitle text=t.login_as_client />
        <main id="main" class="auth-page">
            <div class="auth-card">
                <h1>{t.login_as_client}</h1>
                {failed}
                <Suspense fallback=|| view! { <crate::ui::Loading /> }>
                    {move || {
                        client.get().map(|found| match found {
                            Ok(found) => confirm(found).into_any(),
                            Err(error) => {
                                #[cfg(feature = "ssr")]
                                if error == AppError::NotFound
                                    && let Some(options) = use_context::<leptos_axum::ResponseOptions>()
                                {
                                    options.set_status(axum::http::StatusCode::NOT_FOUND);
                                }
                                refusal(&error).into_any()
                            }
                        })
                    }}
                </Suspense>
            </div>
        </main>
    }
}

#[cfg(test)]
mod tests {
    use super::PortalTarget;

    #[test]
    fn a_target_reads_back_what_it_wrote_and_nothing_else() {
        for target in
            [PortalTarget::Dashboard, PortalTarget::Service(7), PortalTarget::Invoice(1001), PortalTarget::Ticket(3)]
        {
            assert_eq!(PortalTarget::parse(&target.path()), Some(target));
        }
        for bad in [
            "//evil.example",
            "/services/",
            "/services/x",
            "/services/-1",
            "/services/0",
            "/account/1",
            "https://x/services/1",
            "/services/1/edit",
        ] {
            assert_eq!(PortalTarget::parse(bad), None, "{bad}");
        }
    }
}
