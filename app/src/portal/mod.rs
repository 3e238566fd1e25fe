//! The reseller's branded client portal at `/portal/{brand}`.

use crate::auth::{Area, LoginPage, current_user};
use crate::error::AppError;
use crate::i18n::{fill, use_i18n};
use crate::layout::{AreaFrame, ErrorNotice, Loading, NavItem, NotFound, PlannedPage};
use leptos::prelude::*;
use leptos_meta::Title;
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
}

impl Brand {
    /// The brand colour as a CSS custom property; a malformed value falls back to the default
    /// theme rather than reaching the style attribute.
    pub fn style(&self) -> String {
        let c = &self.primary_color;
        let valid = c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit());
        if valid { format!("--brand: {c};") } else { String::new() }
    }
}

#[server(endpoint = "portal/brand")]
pub async fn portal_brand(slug: String) -> Result<Brand, AppError> {
    crate::error::respond(service::brand(&slug).await)
}

#[cfg(feature = "ssr")]
pub use service::default_language;

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
        Ok(Brand { slug: r.slug, name: r.brand_name, primary_color: r.primary_color, tickets_enabled: r.allow_portal_tickets })
    }
}

fn brand_slug() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("brand").unwrap_or_default())
}

#[component]
pub fn PortalLoginPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let brand = Resource::new(move || slug.get(), portal_brand);
    let query = use_query_map();
    let notice = move || query.read().get("password_set").is_some().then_some(t.password_set_done);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match brand.await {
                    Ok(brand) => {
                        let style = brand.style();
                        view! {
                        <div class="portal" style=style>
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
pub async fn set_portal_password(brand: String, token: String, password: String, confirm: String) -> Result<(), AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let reseller = crate::auth::session_portal_reseller(&ctx, Some(&brand)).await?;
            let ip = ctx.client_ip();
            crate::clients::password::redeem_link(&ctx.state.db, reseller.id, &token, &password, &confirm, ip.as_deref())
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
    let brand = Resource::new(move || slug.get(), portal_brand);
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
                let style = brand.style();
                view! {
                    <Title text=heading.clone() />
                    <div class="portal" style=style>
                        <header class="topbar">
                            <span class="brand">{brand.name.clone()}</span>
                            <div class="topbar-end"><crate::layout::LanguageSwitcher /></div>
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

#[component]
pub fn PortalShell() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let page = Resource::new(
        move || slug.get(),
        |slug| async move {
            let brand = portal_brand(slug.clone()).await?;
            let user = current_user(Area::Portal, Some(slug)).await?;
            Ok::<_, AppError>((brand, user))
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match page.await {
                    Ok((brand, Some(user))) => {
                        let base = format!("/portal/{}", brand.slug);
                        let mut nav = vec![
                            NavItem::start(base.clone(), t.nav_dashboard),
                            NavItem::new(format!("{base}/services"), t.nav_services),
                            NavItem::new(format!("{base}/domains"), t.nav_domains),
                            NavItem::new(format!("{base}/invoices"), t.nav_invoices),
                        ];
                        if brand.tickets_enabled {
                            nav.push(NavItem::new(format!("{base}/tickets"), t.nav_tickets));
                        }
                        nav.push(NavItem::new(format!("{base}/store"), t.nav_store));
                        nav.push(NavItem::new(format!("{base}/account"), t.nav_account));
                        let style = brand.style();
                        provide_context(brand.clone());
                        view! {
                            <div class="portal" style=style>
                                <AreaFrame area=Area::Portal title=brand.name.clone() nav user brand=brand.slug.clone()>
                                    <Outlet />
                                </AreaFrame>
                            </div>
                        }.into_any()
                    }
                    Ok((brand, None)) => view! { <Redirect path=Area::Portal.login_path(Some(&brand.slug)) /> }.into_any(),
                    Err(AppError::NotFound) => view! { <NotFound /> }.into_any(),
                    Err(error) => view! { <main id="main" class="content"><ErrorNotice error /></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = use_i18n().t();
    let brand = use_context::<Brand>().map(|b| b.name).unwrap_or_default();
    let heading = fill(t.portal_welcome, &[("brand", &brand)]);
    view! {
        <Title text=heading.clone() />
        <h1>{heading}</h1>
        <p class="notice">{t.planned_portal_services}</p>
    }
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_services description=t.planned_portal_services /> }
}

#[component]
pub fn DomainsPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_domains description=t.planned_portal_domains /> }
}

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_invoices description=t.planned_portal_invoices /> }
}

#[component]
pub fn TicketsPage() -> impl IntoView {
    let t = use_i18n().t();
    let enabled = use_context::<Brand>().is_some_and(|b| b.tickets_enabled);
    if enabled {
        view! { <PlannedPage title=t.nav_tickets description=t.planned_portal_tickets /> }.into_any()
    } else {
        view! { <NotFound /> }.into_any()
    }
}

#[component]
pub fn StorePage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_store description=t.planned_portal_store /> }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let t = use_i18n().t();
    view! { <PlannedPage title=t.nav_account description=t.planned_portal_account /> }
}
