//! The frame every area shares: header, navigation, language switcher, and the pages and
//! notices that are not a feature of their own.

use crate::auth::{Area, SessionUser, SignOutButton, current_user};
use crate::escape::PageTitle;
use crate::i18n::{fill, use_i18n};
use crate::ui::{ErrorNotice, LanguageSwitcher};
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, Redirect};

/// One entry of an area's navigation.
#[derive(Clone)]
pub struct NavItem {
    pub href: String,
    pub label: &'static str,
    /// Active only on exactly this path (for an area's start page).
    pub exact: bool,
}

impl NavItem {
    pub fn new(href: impl Into<String>, label: &'static str) -> Self {
        Self { href: href.into(), label, exact: false }
    }

    pub fn start(href: impl Into<String>, label: &'static str) -> Self {
        Self { href: href.into(), label, exact: true }
    }
}

/// Header, navigation and main landmark of a signed-in area.
#[component]
pub fn AreaFrame(
    area: Area,
    /// Shown at the start of the header: the product's name, or the reseller's brand.
    title: String,
    nav: Vec<NavItem>,
    user: SessionUser,
    #[prop(optional, into)] brand: Option<String>,
    children: Children,
) -> impl IntoView {
    let header = match brand {
        Some(brand) => view! { <AreaHeader area title nav user brand /> }.into_any(),
        None => view! { <AreaHeader area title nav user /> }.into_any(),
    };
    view! {
        {header}
        <main id="main" class="content" tabindex="-1">{children()}</main>
    }
}

/// The skip link, header and navigation of a signed-in area.
#[component]
pub fn AreaHeader(
    area: Area,
    title: String,
    nav: Vec<NavItem>,
    user: SessionUser,
    #[prop(optional, into)] brand: Option<String>,
    /// The brand's logo, drawn before the brand's name.
    #[prop(default = None)]
    logo: Option<String>,
) -> impl IntoView {
    let t = use_i18n().t();
    let home = area.home_path(brand.as_deref());
    let logo = logo.map(|src| view! { <img class="brand-logo" src=src alt="" width="32" height="32" /> });
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="topbar">
            <A href=home exact=true attr:class="brand">{logo}{title}</A>
            <span class="area-name">{area.title(t)}</span>
            <div class="topbar-end">
                <LanguageSwitcher />
                <span class="user" title=user.email.clone()>{fill(t.signed_in_as, &[("name", &user.name)])}</span>
                <SignOutButton area brand=brand.clone() />
            </div>
        </header>
        <nav class="mainnav" aria-label=t.main_navigation>
            <ul>
                {nav
                    .into_iter()
                    .map(|item| {
                        view! {
                            <li>
                                <A href=item.href exact=item.exact>{item.label}</A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// The provider admin's or the reseller's area: the header once the session is known (or a
/// redirect to the area's sign-in page), and the current page.
///
/// The page sits outside the session's `Suspense`: inside it, each pass of the Suspense drew
/// the page anew and re-ran its loads, three times per server render. The page's server
/// functions check the session themselves, so a visitor without one sees no data.
#[component]
pub fn StaffArea(area: Area, nav: Vec<NavItem>) -> impl IntoView {
    let user = crate::ui::resource(|| (), move |_| current_user(area, None));
    let t = use_i18n().t();
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let nav = nav.clone();
                Suspend::new(async move {
                    match user.await {
                        Ok(Some(user)) => view! { <AreaHeader area title=t.app_name.to_owned() nav user /> }.into_any(),
                        Ok(None) => view! { <Redirect path=area.login_path(None) /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
        <main id="main" class="content" tabindex="-1"><Outlet /></main>
    }
}

/// The public start page: where each kind of user signs in.
#[component]
pub fn Landing() -> impl IntoView {
    let t = use_i18n().t();
    view! {
        <PageTitle text=t.app_name />
        <header class="topbar">
            <span class="brand">{t.app_name}</span>
            <div class="topbar-end"><LanguageSwitcher /></div>
        </header>
        <main id="main" class="content landing">
            <h1>{t.app_name}</h1>
            <ul class="cards">
                <li><A href="/reseller/login">{t.area_reseller}</A></li>
                <li><A href="/admin/login">{t.area_admin}</A></li>
            </ul>
        </main>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let t = use_i18n().t();
    view! {
        <PageTitle text=t.page_not_found_title />
        <main id="main" class="content narrow">
            <h1>{t.page_not_found_title}</h1>
            <p>{t.page_not_found_body}</p>
            <p><A href="/">{t.back_home}</A></p>
        </main>
    }
}
