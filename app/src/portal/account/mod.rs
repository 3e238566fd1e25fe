//! The client's account details, password change and "Forgot password" in the portal.
//!
//! The details form carries the reseller's client form's fields (minus status, notes and
//! currency) under the same names, and the server checks them with the same
//! [`ClientInput::validate`]. Every form is a plain `ActionForm`, so it works before
//! hydration; a plain post comes back to the page saying what happened.

use super::{brand_slug, portal_brand};
use crate::clients::input::ClientInput;
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{Locale, fill, sort_key, use_i18n};
use crate::layout::NotFound;
use crate::ui::{ErrorNotice, Loading, PageError};
use crate::values::country::COUNTRIES;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;

/// What the Account page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub input: ClientInput,
    /// The reseller is signed in as the client: no password change.
    pub acting: bool,
}

#[cfg(feature = "ssr")]
use crate::error::is_plain_form_post as plain_post;

#[server(endpoint = "portal/account")]
pub async fn portal_account(brand: String) -> Result<AccountView, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            let input = service::account_form(access.db(), &access).await?;
            Ok(AccountView { input, acting: access.is_acting() })
        }
        .await,
    )
}

/// Saves the client's own details.
#[server(endpoint = "portal/account/update")]
pub async fn update_portal_account(brand: String, input: ClientInput) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            service::update_account(access.db(), &access, input).await?;
            if plain_post() {
                leptos_axum::redirect(&format!("/portal/{}/account?saved=1", access.reseller.slug));
            }
            Ok(())
        }
        .await,
    )
}

/// Changes the client's own password; the other portal sessions of the client end.
#[server(endpoint = "portal/account/password")]
pub async fn change_portal_password(
    brand: String,
    current: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            let change = service::PasswordChange { current: &current, password: &password, confirm: &confirm };
            service::change_password(access.db(), &access, access.session_id(), change).await?;
            if plain_post() {
                leptos_axum::redirect(&format!(
                    "/portal/{}/account?password_changed=1#ph-password",
                    access.reseller.slug
                ));
            }
            Ok(())
        }
        .await,
    )
}

/// "Forgot password": emails a link when the address is a client's of this brand. The answer
/// is the same either way.
#[server(endpoint = "portal/forgot_password")]
pub async fn request_portal_password_reset(brand: String, email: String) -> Result<(), AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let reseller = crate::auth::session_portal_reseller(&ctx, Some(&brand)).await?;
            let ip = ctx.client_ip();
            service::request_password_reset(&ctx.state.db, &reseller, &email, ip.as_deref(), &ctx.state.public_origin)
                .await?;
            if plain_post() {
                leptos_axum::redirect(&format!("/portal/{}/forgot-password?sent=1", reseller.slug));
            }
            Ok(())
        }
        .await,
    )
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let account = crate::ui::resource(move || slug.get(), portal_account);
    view! {
        <PageTitle text=t.nav_account />
        <div class="page-heading"><h1>{t.nav_account}</h1></div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(view) => {
                        let slug = slug.get_untracked();
                        let password = if view.acting {
                            view! {
                                <section class="portal-section" id="ph-password" aria-labelledby="ph-password-heading">
                                    <h2 id="ph-password-heading">{t.ph_change_password}</h2>
                                    <p class="notice" role="status">{t.ph_password_acting}</p>
                                </section>
                            }.into_any()
                        } else {
                            view! { <PasswordForm brand=slug.clone() /> }.into_any()
                        };
                        view! {
                            <DetailsForm brand=slug input=view.input />
                            {password}
                        }.into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The client's details: the reseller's client form's fields, in two groups.
#[component]
fn DetailsForm(brand: String, input: ClientInput) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let query = use_query_map();
    let update = ServerAction::<UpdatePortalAccount>::new();
    let error = move || update.value().get().and_then(Result::err);
    let saved = move || {
        matches!(update.value().get(), Some(Ok(())))
            || (update.value().get().is_none() && query.read().get("saved").is_some())
    };
    let problem = move |name: &'static str| move || error().and_then(|e| e.field_problem(name));
    let errors = move || match error() {
        Some(AppError::Validation(found)) => found.len(),
        _ => 0,
    };
    let input = StoredValue::new(input);
    let text =
        move |name: &'static str, label: &'static str, kind: &'static str, autocomplete: &'static str, ltr: bool| {
            let id = format!("account-{name}");
            let error_id = format!("{id}-error");
            let value = input.with_value(|i| i.field(name).to_owned());
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <input id=id type=kind name=format!("input[{name}]") value=value autocomplete=autocomplete
                        dir=ltr.then_some("ltr")
                        aria-invalid=move || problem(name)().is_some().to_string()
                        aria-describedby=error_id.clone() />
                    <p id=error_id class="form-error">{move || problem(name)().map(|p| p.message(t))}</p>
                </div>
            }
            .into_any()
        };
    let select = move |name: &'static str, label: &'static str, options: Vec<(&'static str, String)>| {
        let id = format!("account-{name}");
        let error_id = format!("{id}-error");
        let value = input.with_value(|i| i.field(name).to_owned());
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <select id=id name=format!("input[{name}]")
                    aria-invalid=move || problem(name)().is_some().to_string()
                    aria-describedby=error_id.clone()>
                    {options.into_iter().map(|(code, option)| {
                        let selected = value == code;
                        view! { <option value=code selected=selected>{option}</option> }
                    }).collect_view()}
                </select>
                <p id=error_id class="form-error">{move || problem(name)().map(|p| p.message(t))}</p>
            </div>
        }
        .into_any()
    };
    let persian = locale == Locale::Fa;
    let mut countries: Vec<(&'static str, String)> =
        COUNTRIES.iter().map(|c| (c.code, c.name(persian).to_owned())).collect();
    countries.sort_by_cached_key(|(_, name)| sort_key(name, locale));
    let currency = input.with_value(|i| i.currency.clone());
    view! {
        <ActionForm action=update attr:class="stack account-form" attr:novalidate=true>
            <input type="hidden" name="brand" value=brand />
            {move || (errors() > 0).then(|| view! {
                <p class="form-summary" role="alert">
                    {fill(t.form_error_count, &[("count", &crate::i18n::format_number(errors() as i64, locale))])}
                </p>
            })}
            {move || error().filter(|e| !matches!(e, AppError::Validation(_))).map(|error| view! { <ErrorNotice error /> })}
            <fieldset class="form-grid">
                <legend>{t.tab_general}</legend>
                {text("first_name", t.field_first_name, "text", "given-name", false)}
                {text("last_name", t.field_last_name, "text", "family-name", false)}
                {text("company", t.field_company, "text", "organization", false)}
                {text("email", t.email, "email", "email", true)}
                <div class="field-pair">
                    {text("calling_code", t.field_calling_code, "text", "tel-country-code", true)}
                    {text("phone", t.field_phone, "tel", "tel-national", true)}
                </div>
                {select("language", t.field_language, vec![("fa", t.lang_fa.to_owned()), ("en", t.lang_en.to_owned())])}
                {text("national_id", t.field_national_id, "text", "off", true)}
                <div class="field">
                    <span class="label">{t.field_currency}</span>
                    <p dir="ltr">{currency}</p>
                    <p class="muted small">{t.ph_currency_fixed}</p>
                </div>
            </fieldset>
            <fieldset class="form-grid">
                <legend>{t.tab_address}</legend>
                {text("address1", t.field_address1, "text", "address-line1", false)}
                {text("address2", t.field_address2, "text", "address-line2", false)}
                {text("city", t.field_city, "text", "address-level2", false)}
                {text("state", t.field_state, "text", "address-level1", false)}
                {text("postcode", t.field_postcode, "text", "postal-code", true)}
                {select("country", t.field_country, std::iter::once(("", t.choose_country.to_owned())).chain(countries).collect())}
            </fieldset>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || update.pending().get()>
                    {move || if update.pending().get() { t.saving } else { t.save }}
                </button>
                {move || saved().then(|| view! { <p class="form-saved" role="status">{t.saved}</p> })}
            </div>
        </ActionForm>
    }
}

/// Current password, new and repeated. The client's other sessions end when it changes.
#[component]
fn PasswordForm(brand: String) -> impl IntoView {
    let t = use_i18n().t();
    let query = use_query_map();
    let change = ServerAction::<ChangePortalPassword>::new();
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    let done = move || {
        matches!(change.value().get(), Some(Ok(())))
            || (change.value().get().is_none() && query.read().get("password_changed").is_some())
    };
    view! {
        <section class="portal-section" id="ph-password" aria-labelledby="ph-password-heading">
            <h2 id="ph-password-heading">{t.ph_change_password}</h2>
            <p class="muted">{t.ph_change_password_intro}</p>
            <ActionForm action=change attr:class="stack narrow-form">
                <input type="hidden" name="brand" value=brand />
                <crate::auth::PasswordFields error id="ph-password" />
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || change.pending().get()>{t.ph_change_password_button}</button>
                    {move || done().then(|| view! { <p class="form-saved" role="status">{t.ph_password_changed}</p> })}
                </div>
            </ActionForm>
        </section>
    }
}

/// "Forgot password": outside the portal's frame, like the sign-in page.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let slug = brand_slug();
    let query = use_query_map();
    let brand = crate::ui::resource(move || slug.get(), portal_brand);
    let request = ServerAction::<RequestPortalPasswordReset>::new();
    let error = move || request.value().get().and_then(Result::err);
    let sent = move || {
        matches!(request.value().get(), Some(Ok(())))
            || (request.value().get().is_none() && query.read().get("sent").is_some())
    };
    let problem = move || error().and_then(|e| e.field_problem("email"));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let brand = match brand.await {
                    Ok(brand) => brand,
                    Err(AppError::NotFound) => return view! { <NotFound /> }.into_any(),
                    Err(error) => return view! { <main id="main" class="content"><ErrorNotice error /></main> }.into_any(),
                };
                let heading = fill(t.ph_forgot_heading, &[("brand", &brand.name)]);
                let login = brand.path("/login");
                view! {
                    <PageTitle text=heading.clone() />
                    <crate::escape::InlineStyle css=brand.css() />
                    <div class="portal">
                        <header class="topbar">
                            <span class="brand">{brand.name.clone()}</span>
                            <div class="topbar-end"><crate::ui::LanguageSwitcher /></div>
                        </header>
                        <main id="main" class="auth-page">
                            <div class="auth-card">
                                <h1>{heading}</h1>
                                <p class="muted">{t.ph_forgot_intro}</p>
                                {move || sent().then(|| view! { <p class="notice" role="status">{t.ph_forgot_sent}</p> })}
                                <ActionForm action=request attr:class="stack">
                                    <input type="hidden" name="brand" value=brand.slug.clone() />
                                    <div class="field">
                                        <label for="forgot-email">{t.email}</label>
                                        <input id="forgot-email" type="email" name="email" autocomplete="username" required dir="ltr"
                                            aria-describedby="forgot-email-error" aria-invalid=move || problem().is_some().to_string() />
                                        <p id="forgot-email-error" class="form-error">{move || problem().map(|p| p.message(t))}</p>
                                    </div>
                                    {move || error().filter(|e| !matches!(e, AppError::Validation(_))).map(|e| view! {
                                        <p class="form-error" role="alert">{e.message(i18n.0)}</p>
                                    })}
                                    <button type="submit" class="button primary" disabled=move || request.pending().get()>{t.ph_forgot_button}</button>
                                </ActionForm>
                                <p class="muted small"><A href=login>{t.ph_back_to_sign_in}</A></p>
                            </div>
                        </main>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
