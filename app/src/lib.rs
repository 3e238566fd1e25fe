//! ResellerDesk's application: routes, pages, server functions and the services behind them.
//!
//! One folder per feature. Each holds its wasm-safe types, its `#[server]` functions, its
//! server-only code behind the `ssr` feature, and its components.

pub mod admin;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod clients;
#[cfg(feature = "ssr")]
pub mod db;
pub mod error;
pub mod escape;
pub mod i18n;
pub mod invoices;
pub mod layout;
pub mod links;
#[cfg(feature = "ssr")]
pub mod mail;
pub mod orders;
pub mod portal;
#[cfg(test)]
mod reactive_owner;
pub mod reseller;
pub mod settings;
pub mod status_list;
pub mod tickets;
pub mod ui;
pub mod values;

#[cfg(feature = "ssr")]
pub mod entities;
#[cfg(feature = "ssr")]
pub mod state;

use auth::{Area, LoginPage};
use i18n::{I18n, request_locale};
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{ParentRoute, Redirect, Route, Router, Routes},
    path,
};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code() dir=locale.dir()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <AutoReload options=options.clone() />
                <HashedStylesheet id="leptos" options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts and inline style sheets only with this
/// response's nonce (Leptos puts it on its hydration scripts, [`escape::InlineStyle`] on the
/// brand's style sheet), so markup that slipped into a page could run nothing.
/// `wasm-unsafe-eval` lets the app's own WebAssembly compile; nothing may frame the page.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    let (Some(nonce), Some(options)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        tracing::error!("rendering a page without a nonce or response options: no Content-Security-Policy");
        return;
    };
    let policy = content_security_policy(&nonce);
    match axum::http::HeaderValue::from_str(&policy) {
        Ok(value) => options.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value),
        Err(error) => tracing::error!(%error, "the Content-Security-Policy is not a header value"),
    }
}

/// The policy of a page whose inline scripts and style sheets carry `nonce`.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
    )
}

/// Sets `data-hydrated` on `<html>` once the page reacts: effects run only in the browser, after
/// hydration. `scripts/first-load.sh` and the browser tests wait for it.
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(I18n(request_locale()));
    mark_hydrated();

    view! {
        <Router>
            <Routes fallback=layout::NotFound>
                <Route path=path!("/") view=layout::Landing />

                <Route path=path!("/admin/login") view=|| view! { <LoginPage area=Area::Admin /> } />
                <ParentRoute path=path!("/admin") view=admin::AdminShell ssr=SsrMode::Async>
                    <Route path=path!("") view=admin::ResellersPage />
                    <Route path=path!("resellers/new") view=admin::NewResellerPage />
                    <Route path=path!("resellers/:id") view=admin::EditResellerPage />
                    <Route path=path!("products") view=catalog::admin::CatalogPage />
                    <Route path=path!("products/new/:kind") view=catalog::admin::NewCatalogItemPage />
                    <Route path=path!("products/:kind/:id") view=catalog::admin::EditCatalogItemPage />
                    <Route path=path!("settings") view=admin::SettingsPage />
                </ParentRoute>

                <Route path=path!("/reseller/login") view=|| view! { <LoginPage area=Area::Reseller /> } />
                <ParentRoute path=path!("/reseller") view=reseller::ResellerShell ssr=SsrMode::Async>
                    <Route path=path!("") view=reseller::DashboardPage />
                    <Route path=path!("clients") view=clients::ClientsPage />
                    <Route path=path!("clients/new") view=clients::NewClientPage />
                    <Route path=path!("clients/:id") view=clients::ClientDetailsPage />
                    <Route path=path!("clients/:id/login-as") view=clients::LoginAsClientPage />
                    <Route path=path!("clients/:id/order") view=orders::PlaceOrderPage />
                    <Route path=path!("clients/:id/close") view=|| view! { <clients::ConfirmClientPage action=clients::ClientAction::Close /> } />
                    <Route path=path!("clients/:id/delete") view=|| view! { <clients::ConfirmClientPage action=clients::ClientAction::Delete /> } />
                    <Route path=path!("orders") view=orders::OrdersPage />
                    <Route path=path!("orders/:number") view=orders::OrderPage />
                    <Route path=path!("invoices") view=invoices::InvoicesPage />
                    <Route path=path!("invoices/:number") view=invoices::InvoicePage />
                    <Route path=path!("tickets") view=tickets::ResellerTicketsPage />
                    <Route path=path!("tickets/departments") view=tickets::DepartmentsPage />
                    <Route path=path!("tickets/:id") view=tickets::ResellerTicketPage />
                    <Route path=path!("products") view=catalog::prices::ResellerPricesPage />
                    <Route path=path!("settings") view=settings::SettingsPage />
                </ParentRoute>

                <Route path=path!("/portal/:brand/login") view=portal::PortalLoginPage ssr=SsrMode::Async />
                <Route path=path!("/portal/:brand/set-password") view=portal::PortalSetPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/portal/:brand/forgot-password") view=portal::account::ForgotPasswordPage ssr=SsrMode::Async />
                <Route path=path!("/portal/:brand/login-as") view=portal::acting::RedeemPage ssr=SsrMode::Async />
                <ParentRoute path=path!("/portal/:brand") view=portal::PortalShell ssr=SsrMode::Async>
                    <Route path=path!("") view=portal::home::DashboardPage />
                    <Route path=path!("services") view=portal::home::ServicesPage />
                    <Route path=path!("services/:id") view=portal::home::ServicePage />
                    <Route path=path!("domains") view=portal::home::DomainsPage />
                    <Route path=path!("invoices") view=portal::billing::InvoicesPage />
                    <Route path=path!("invoices/:number") view=portal::billing::InvoicePage />
                    <Route path=path!("tickets") view=tickets::PortalTicketsPage />
                    <Route path=path!("tickets/new") view=tickets::PortalNewTicketPage />
                    <Route path=path!("tickets/:id") view=tickets::PortalTicketPage />
                    <Route path=path!("store") view=portal::store::StorePage />
                    <Route path=path!("account") view=portal::account::AccountPage />
                </ParentRoute>
                <Route path=path!("/portal") view=|| view! { <Redirect path="/" /> } />
            </Routes>
        </Router>
    }
}
