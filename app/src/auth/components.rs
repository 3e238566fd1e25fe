use super::{Area, Login, Logout};
use crate::escape::PageTitle;
use crate::i18n::{fill, use_i18n};
use crate::ui::LanguageSwitcher;
use leptos::prelude::*;
use leptos_router::components::A;

/// The sign-in form of an area. It is a plain form posting to the `login` server function, so
/// it works before the WASM loads; afterwards errors appear without a page load.
#[component]
pub fn LoginPage(
    area: Area,
    /// The portal's brand slug.
    #[prop(optional, into)]
    brand: Option<String>,
    /// The brand's display name, for the portal's heading.
    #[prop(optional, into)]
    brand_name: Option<String>,
    /// A message above the form, such as "your password is set".
    #[prop(default = None)]
    notice: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let login = ServerAction::<Login>::new();
    let place = brand_name.clone().unwrap_or_else(|| area.title(t).to_owned());
    let heading = fill(t.sign_in_heading, &[("area", &place)]);
    let site_name = brand_name.unwrap_or_else(|| t.app_name.to_owned());
    let forgot = (area == Area::Portal).then(|| brand.clone()).flatten().map(|slug| {
        view! { <p class="muted small"><A href=format!("/portal/{slug}/forgot-password")>{t.ph_forgot_link}</A></p> }
    });
    let error = move || {
        login.value().get().and_then(Result::err).map(|e| {
            view! { <p class="form-error" role="alert" id="login-error">{e.message(i18n.0)}</p> }
        })
    };
    view! {
        <PageTitle text=heading.clone() />
        <header class="topbar">
            <span class="brand">{site_name}</span>
            <div class="topbar-end"><LanguageSwitcher /></div>
        </header>
        <main id="main" class="auth-page">
            <div class="auth-card">
                <h1>{heading}</h1>
                {notice.map(|text| view! { <p class="notice" role="status">{text}</p> })}
                {(area == Area::Portal).then(|| view! { <p class="muted">{t.portal_sign_in_intro}</p> })}
                <ActionForm action=login attr:class="stack">
                    <input type="hidden" name="area" value=area.code() />
                    {brand.map(|slug| view! { <input type="hidden" name="brand" value=slug /> })}
                    <div class="field">
                        <label for="login-email">{t.email}</label>
                        <input id="login-email" type="email" name="email" autocomplete="username" required dir="ltr" />
                    </div>
                    <div class="field">
                        <label for="login-password">{t.password}</label>
                        <input id="login-password" type="password" name="password" autocomplete="current-password" required dir="ltr" />
                    </div>
                    {error}
                    <button type="submit" class="button primary" disabled=move || login.pending().get()>
                        {t.sign_in}
                    </button>
                </ActionForm>
                {forgot}
                {(area != Area::Portal).then(|| view! { <p class="muted small"><A href="/">{t.back_home}</A></p> })}
            </div>
        </main>
    }
}

/// Ends the area's session; a form, so it works without JavaScript too.
#[component]
pub fn SignOutButton(area: Area, brand: Option<String>) -> impl IntoView {
    let t = use_i18n().t();
    let logout = ServerAction::<Logout>::new();
    view! {
        <ActionForm action=logout attr:class="inline-form">
            <input type="hidden" name="area" value=area.code() />
            {brand.map(|slug| view! { <input type="hidden" name="brand" value=slug /> })}
            <button type="submit" class="button subtle">{t.sign_out}</button>
        </ActionForm>
    }
}
