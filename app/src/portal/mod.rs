//! The reseller's branded client portal at `/portal/{brand}`.

use crate::auth::{Area, LoginPage, SessionUser};
use crate::error::AppError;
use crate::escape::{InlineStyle, PageTitle};
use crate::i18n::{fill, use_i18n};
use crate::layout::{AreaHeader, NavItem, NotFound};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

/// What a portal shows of its reseller: the brand, never the provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brand {
    pub slug: String,
    pub name: String,
    /// `#rrggbb`, checked when read.
    pub primary_color: String,
    pub tickets_enabled: bool,
    pub payments_enabled: bool,
    pub support_email: String,
    /// Where the brand's logo is served, with a version so a new upload is fetched at once.
    pub logo_url: Option<String>,
}

impl Brand {
    /// The brand colour as a style sheet for the portal's wrapper (an inline style sheet with
    /// the page's nonce: the Content-Security-Policy refuses style attributes). A malformed
    /// value falls back to the default theme rather than reaching the page.
    pub fn css(&self) -> String {
        if valid_colour(&self.primary_color) {
            format!(".portal{{--brand:{}}}", self.primary_color)
        } else {
            String::new()
        }
    }

    /// A path inside this portal: `path("/invoices")` is `/portal/{slug}/invoices`.
    pub fn path(&self, rest: &str) -> String {
        portal_path(&self.slug, rest)
    }
}

fn valid_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit())
}

#[server(endpoint = "portal/brand")]
pub async fn portal_brand(slug: String) -> Result<Brand, AppError> {
    crate::error::respond(service::brand(&slug).await)
}

pub use crate::links::portal_path;

#[cfg(feature = "ssr")]
pub mod access;
pub mod account;
pub mod acting;
pub mod billing;
pub mod home;
pub mod store;

#[cfg(feature = "ssr")]
pub use access::{PortalAccess, PortalPermission, PortalRequest};
#[cfg(feature = "ssr")]
pub use service::{brand_of, default_language};

#[cfg(feature = "ssr")]
mod service {
    use super::Brand;
    use crate::auth::session_portal_reseller;
    use crate::error::AppError;
    use crate::state::RequestContext;

    /// The default UI language of the portal at `slug`, if there is such a portal.
    pub async fn default_language(
        db: &sea_orm::DatabaseConnection,
        slug: &str,
    ) -> Result<Option<crate::i18n::Locale>, sea_orm::DbErr> {
        use crate::entities::reseller;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
        let language: Option<String> = reseller::Entity::find()
            .select_only()
            .column(reseller::Column::DefaultLanguage)
            .filter(reseller::Column::Slug.eq(slug))
            .into_tuple()
            .one(db)
            .await?;
        Ok(language.as_deref().and_then(crate::i18n::Locale::from_code))
    }

    pub async fn brand(slug: &str) -> Result<Brand, AppError> {
        let ctx = RequestContext::current()?;
        let r = session_portal_reseller(&ctx, Some(slug)).await?;
        brand_of(&ctx.state.db, r).await
    }

    /// What the portal shows of `r`.
    pub async fn brand_of(
        db: &sea_orm::DatabaseConnection,
        r: crate::entities::reseller::Model,
    ) -> Result<Brand, AppError> {
        use crate::entities::reseller_logo;
        use sea_orm::{EntityTrait, QuerySelect};
        let logo: Option<time::OffsetDateTime> = reseller_logo::Entity::find_by_id(r.id)
            .select_only()
            .column(reseller_logo::Column::UpdatedAt)
            .into_tuple()
            .one(db)
            .await?;
        let logo_url = logo.map(|at| format!("/portal/{}/logo?v={}", r.slug, at.unix_timestamp()));
        Ok(Brand {
            slug: r.slug,
            name: r.brand_name,
            primary_color: r.primary_color,
            tickets_enabled: r.allow_portal_tickets,
            payments_enabled: r.allow_portal_payments,
            support_email: r.support_email,
            logo_url,
        })
    }
}

/// The brand slug of the current portal route.
pub fn brand_slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("brand").unwrap_or_default())
}

#[component]
pub fn PortalLoginPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let brand = crate::ui::resource(move || slug.get(), portal_brand);
    let query = use_query_map();
    let notice = move || query.read().get("password_set").is_some().then_some(t.password_set_done);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match brand.await {
                    Ok(brand) => {
                        view! {
                        <InlineStyle css=brand.css() />
                        <div class="portal">
                            <LoginPage area=Area::Portal brand=brand.slug brand_name=brand.name notice=notice() />
                        </div>
                    }.into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <main id="main" class="content"><ErrorNotice error /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Sets the password of the client an emailed link was made for, then opens the sign-in page.
#[server(endpoint = "portal/set_password")]
pub async fn set_portal_password(
    brand: String,
    token: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let reseller = crate::auth::session_portal_reseller(&ctx, Some(&brand)).await?;
            let ip = ctx.client_ip();
            crate::clients::password::redeem_link(
                &ctx.state.db,
                reseller.id,
                &token,
                &password,
                &confirm,
                ip.as_deref(),
            )
            .await?;
            leptos_axum::redirect(&format!("/portal/{}/login?password_set=1", reseller.slug));
            Ok(())
        }
        .await,
    )
}

/// Where a set-password link leads: a plain form, so it works before hydration too.
#[component]
pub fn PortalSetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let slug = brand_slug();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let brand = crate::ui::resource(move || slug.get(), portal_brand);
    let set = ServerAction::<SetPortalPassword>::new();
    let error = move || set.value().get().and_then(Result::err);
    let problem = move |field: &'static str| move || error().and_then(|e| e.field_problem(field));
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let brand = match brand.await {
                    Ok(brand) => brand,
                    Err(AppError::NotFound) => return view! { <NotFound /> }.into_any(),
                    Err(error) => return view! { <main id="main" class="content"><ErrorNotice error /></main> }.into_any(),
                };
                let heading = fill(t.set_password_heading, &[("brand", &brand.name)]);
                view! {
                    <PageTitle text=heading.clone() />
                    <InlineStyle css=brand.css() />
                    <div class="portal">
                        <header class="topbar">
                            <span class="brand">{brand.name.clone()}</span>
                            <div class="topbar-end"><crate::ui::LanguageSwitcher /></div>
                        </header>
                        <main id="main" class="auth-page">
                            <div class="auth-card">
                                <h1>{heading}</h1>
                                <ActionForm action=set attr:class="stack">
                                    <input type="hidden" name="brand" value=brand.slug.clone() />
                                    <input type="hidden" name="token" value=token />
                                    {move || problem("token")().map(|p| view! { <p class="notice error" role="alert">{p.message(t)}</p> })}
                                    <div class="field">
                                        <label for="new-password">{t.new_password}</label>
                                        <input id="new-password" type="password" name="password" autocomplete="new-password" required dir="ltr"
                                            aria-describedby="new-password-error" aria-invalid=move || problem("password")().is_some().to_string() />
                                        <p class="muted small">{t.field_password_hint}</p>
                                        <p id="new-password-error" class="form-error">{move || problem("password")().map(|p| p.message(t))}</p>
                                    </div>
                                    <div class="field">
                                        <label for="confirm-password">{t.confirm_password}</label>
                                        <input id="confirm-password" type="password" name="confirm" autocomplete="new-password" required dir="ltr"
                                            aria-describedby="confirm-password-error" aria-invalid=move || problem("confirm")().is_some().to_string() />
                                        <p id="confirm-password-error" class="form-error">{move || problem("confirm")().map(|p| p.message(t))}</p>
                                    </div>
                                    {move || error().filter(|e| !matches!(e, AppError::Validation(_))).map(|error| view! { <ErrorNotice error /> })}
                                    <button type="submit" class="button primary" disabled=move || set.pending().get()>{t.set_password_button}</button>
                                </ActionForm>
                            </div>
                        </main>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The portal's frame for one request: the brand, and who is signed in (if anyone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalFrame {
    pub brand: Brand,
    pub user: Option<PortalUser>,
}

/// The signed-in client, and whether their reseller is acting as them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalUser {
    pub name: String,
    pub email: String,
    pub acting: bool,
}

/// The brand of the portal at `slug` and its signed-in client, in one request.
#[server(endpoint = "portal/frame")]
pub async fn load_portal_frame(slug: String) -> Result<PortalFrame, AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let reseller = crate::auth::session_portal_reseller(&ctx, Some(&slug)).await?;
            let user = match access::PortalAccess::require(&ctx, &slug).await {
                Ok(access) => Some(PortalUser {
                    name: access.client_name(),
                    email: access.client.email.clone(),
                    acting: access.is_acting(),
                }),
                Err(AppError::Unauthorized) => None,
                Err(other) => return Err(other),
            };
            Ok(PortalFrame { brand: brand_of(&ctx.state.db, reseller).await?, user })
        }
        .await,
    )
}

/// The portal's navigation: what the brand's options allow.
fn portal_nav(brand: &Brand, t: &'static crate::i18n::Strings) -> Vec<NavItem> {
    let mut nav = vec![
        NavItem::start(brand.path(""), t.nav_dashboard),
        NavItem::new(brand.path("/services"), t.nav_services),
        NavItem::new(brand.path("/domains"), t.nav_domains),
        NavItem::new(brand.path("/invoices"), t.nav_invoices),
    ];
    if brand.tickets_enabled {
        nav.push(NavItem::new(brand.path("/tickets"), t.nav_tickets));
    }
    nav.push(NavItem::new(brand.path("/store"), t.nav_store));
    nav.push(NavItem::new(brand.path("/account"), t.nav_account));
    nav
}

/// The client portal's frame: the brand's header (or a redirect to its sign-in page), the
/// "signed in as" banner while a reseller acts as the client, and the current page.
///
/// As in the staff areas, the page sits outside the session's `Suspense`, so its loads run
/// once per render; each page's server functions check the portal session themselves.
#[component]
pub fn PortalShell() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let session = crate::ui::resource(move || slug.get(), load_portal_frame);
    view! {
        <div class="portal">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(PortalFrame { brand, user: Some(user) }) => {
                            let nav = portal_nav(&brand, t);
                            let acting = user.acting.then(|| view! { <acting::ActingBanner brand=brand.slug.clone() client=user.name.clone() /> });
                            let signed_in = SessionUser { area: Area::Portal, name: user.name, email: user.email };
                            view! {
                                <InlineStyle css=brand.css() />
                                {acting}
                                <AreaHeader area=Area::Portal title=brand.name.clone() nav user=signed_in brand=brand.slug.clone() logo=brand.logo_url.clone() />
                            }.into_any()
                        }
                        Ok(PortalFrame { brand, user: None }) => view! { <Redirect path=Area::Portal.login_path(Some(&brand.slug)) /> }.into_any(),
                        // The page says "not found" itself, where its content goes.
                        Err(AppError::NotFound) => ().into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
            <main id="main" class="content" tabindex="-1"><Outlet /></main>
        </div>
    }
}
