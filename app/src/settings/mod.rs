//! The reseller's settings (`/reseller/settings`): the brand their portal, emails and invoices
//! carry (name, colour, logo, support email, language, Rial or Toman, "pay to" text, bank
//! transfer instructions), the host names that serve their portal, and the options the
//! provider granted them.

pub mod input;
#[cfg(feature = "ssr")]
pub mod logo;
#[cfg(feature = "ssr")]
pub mod service;

use crate::error::{AppError, FieldProblem};
use crate::escape::PageTitle;
use crate::i18n::{Strings, fill, use_i18n};
use crate::reseller::Permissions;
use crate::ui::{ErrorNotice, FieldBinding, Loading, PageError};
use input::{BrandSettingsInput, DISPLAY_RIAL, DISPLAY_TOMAN};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// Where the page lives; the logo form posts to [`LOGO_UPLOAD_PATH`].
pub const SETTINGS_PATH: &str = "/reseller/settings";
/// A plain multipart form post (it works before hydration), handled by [`logo::upload`].
pub const LOGO_UPLOAD_PATH: &str = "/reseller/settings/logo";

/// Bumped whenever a host name is mapped or unmapped in this process, so the server's
/// in-memory host map reloads at once here (other app servers catch up within its TTL).
#[cfg(feature = "ssr")]
pub static HOSTS_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[cfg(feature = "ssr")]
pub(crate) fn hosts_changed() {
    HOSTS_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Release);
}

/// After a plain form post (no JavaScript yet), back to the page; a hydrated page stays where
/// it is and shows the result itself (a navigation would redraw the form from stale data).
#[cfg(feature = "ssr")]
fn redirect_plain_post(path: &str) {
    if crate::error::is_plain_form_post() {
        leptos_axum::redirect(path);
    }
}

/// What the settings page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsView {
    pub input: BrandSettingsInput,
    pub slug: String,
    pub permissions: Permissions,
}

/// A host name mapped to the reseller's portal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostRow {
    pub id: i64,
    pub host: String,
}

#[server(endpoint = "settings/load")]
pub async fn load_settings() -> Result<SettingsView, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            Ok(SettingsView {
                input: service::form_input(&me),
                permissions: Permissions::of(&me),
                slug: me.slug.clone(),
            })
        }
        .await,
    )
}

#[server(endpoint = "settings/save")]
pub async fn save_settings(input: BrandSettingsInput) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let valid = input.validate().map_err(AppError::Validation)?;
            service::update_settings(me.db(), &me.actor(), valid).await?;
            redirect_plain_post(&format!("{SETTINGS_PATH}?saved=1"));
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "settings/hosts")]
pub async fn load_hosts() -> Result<Vec<HostRow>, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::list_hosts(me.db(), me.id).await
        }
        .await,
    )
}

#[server(endpoint = "settings/add_host")]
pub async fn add_host(host: String) -> Result<HostRow, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let provider = crate::links::provider_host(me.public_origin());
            let row = service::add_host(me.db(), &me.actor(), &host, &provider).await?;
            redirect_plain_post(SETTINGS_PATH);
            Ok(row)
        }
        .await,
    )
}

#[server(endpoint = "settings/remove_host")]
pub async fn remove_host(id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::remove_host(me.db(), &me.actor(), id).await?;
            redirect_plain_post(SETTINGS_PATH);
            Ok(())
        }
        .await,
    )
}

/// The current logo's address (versioned), if there is one.
#[server(endpoint = "settings/logo")]
pub async fn load_logo() -> Result<Option<String>, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::logo_url(me.db(), &me).await
        }
        .await,
    )
}

#[server(endpoint = "settings/remove_logo")]
pub async fn remove_logo() -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::remove_logo(me.db(), &me.actor()).await?;
            redirect_plain_post(&format!("{SETTINGS_PATH}?logo=removed"));
            Ok(())
        }
        .await,
    )
}

/// A field problem said the way this page's fields need it: host names and logos have
/// sentences of their own.
pub fn problem_message(field: &str, problem: FieldProblem, t: &'static Strings) -> &'static str {
    match (field, problem) {
        ("host", FieldProblem::InvalidDomain) => t.st_host_invalid,
        ("host", FieldProblem::Taken) => t.st_host_taken,
        ("host", FieldProblem::InvalidChoice) => t.st_host_reserved,
        ("logo", FieldProblem::Required) => t.st_logo_missing,
        ("logo", FieldProblem::TooLong) => t.st_logo_too_big,
        ("logo", _) => t.st_logo_type,
        _ => problem.message(t),
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let t = use_i18n().t();
    let settings = crate::ui::resource(|| (), |_| load_settings());
    let query = use_query_map();
    // Read once: the form is not redrawn when the address changes.
    let saved = query.with_untracked(|q| q.get("saved").is_some());
    view! {
        <PageTitle text=t.nav_settings />
        <h1>{t.nav_settings}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(view) => {
                        let yes_no = move |on: bool| if on { t.yes } else { t.no };
                        let p = view.permissions;
                        let portal = crate::links::portal_path(&view.slug, "");
                        view! {
                            <section class="settings-section" aria-labelledby="st-brand-heading">
                                <h2 id="st-brand-heading">{t.st_brand_section}</h2>
                                <BrandForm initial=view.input saved />
                            </section>
                            <section class="settings-section" aria-labelledby="st-logo-heading">
                                <h2 id="st-logo-heading">{t.st_logo_section}</h2>
                                <LogoSection />
                            </section>
                            <section class="settings-section" aria-labelledby="st-hosts-heading">
                                <h2 id="st-hosts-heading">{t.st_portal_section}</h2>
                                <p>{t.st_portal_path}": " <a href=portal.clone() dir="ltr">{portal.clone()}</a></p>
                                <HostsSection />
                            </section>
                            <section class="settings-section" aria-labelledby="st-perm-heading">
                                <h2 id="st-perm-heading">{t.settings_permissions}</h2>
                                <dl class="details">
                                    <dt>{t.perm_login_as_client}</dt><dd>{yes_no(p.login_as_client)}</dd>
                                    <dt>{t.perm_place_order}</dt><dd>{yes_no(p.place_order)}</dd>
                                    <dt>{t.perm_delete_clients}</dt><dd>{yes_no(p.delete_clients)}</dd>
                                    <dt>{t.perm_portal_payments}</dt><dd>{yes_no(p.portal_payments)}</dd>
                                    <dt>{t.perm_portal_tickets}</dt><dd>{yes_no(p.portal_tickets)}</dd>
                                </dl>
                            </section>
                            <crate::auth::OwnPasswordSection area=crate::auth::Area::Reseller />
                        }
                        .into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The branding form. Before hydration it posts as a plain form; once hydrated, the browser
/// runs the server's rules first, and every value lives in one signal, so an error never
/// loses what was typed.
#[component]
fn BrandForm(initial: BrandSettingsInput, saved: bool) -> impl IntoView {
    let t = use_i18n().t();
    let save = ServerAction::<SaveSettings>::new();
    let form = RwSignal::new(initial);
    // A plain post that failed comes back with its error in the address (read on the server).
    let from_server = |result: Option<Result<(), AppError>>| match result {
        Some(Err(AppError::Validation(found))) => (found, None),
        Some(Err(other)) => (Vec::new(), Some(other)),
        _ => (Vec::new(), None),
    };
    let (first_errors, first_failure) = from_server(save.value().get_untracked());
    let errors = RwSignal::new(first_errors);
    let failure = RwSignal::new(first_failure);
    let just_saved = RwSignal::new(saved);
    Effect::new(move |_| {
        if let Some(result) = save.value().get() {
            let ok = result.is_ok();
            let (found, other) = from_server(Some(result));
            if let Some(first) = found.first() {
                focus(&format!("st-{}", first.field));
            }
            errors.set(found);
            failure.set(other);
            just_saved.set(ok);
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        just_saved.set(false);
        let input = form.get_untracked();
        match input.validate() {
            Err(found) => {
                if let Some(first) = found.first() {
                    focus(&format!("st-{}", first.field));
                }
                errors.set(found);
            }
            Ok(_) => {
                errors.set(Vec::new());
                save.dispatch(SaveSettings { input });
            }
        }
    };
    let field = move |name: &'static str| FieldBinding::new(name, "st", form, errors, problem_message);
    let pending = save.pending();
    view! {
        <form class="stack client-form" method="post" action=SaveSettings::PATH novalidate on:submit=on_submit>
            {move || failure.get().map(|error| view! { <ErrorNotice error /> })}
            <div class="form-grid">
                {field("brand_name").text(t.field_brand_name, "text", None, false)}
                {field("primary_color").colour(t.field_primary_color)}
                {field("support_email").text(t.field_support_email, "email", None, true)}
                {field("default_language").select(t.field_default_language, vec![("fa", t.lang_fa.to_owned()), ("en", t.lang_en.to_owned())])}
                <fieldset class="field">
                    <legend>{t.st_amounts_in}</legend>
                    {field("amounts_in").radio(DISPLAY_RIAL, t.st_amounts_rial)}
                    {field("amounts_in").radio(DISPLAY_TOMAN, t.st_amounts_toman)}
                    {field("amounts_in").error()}
                </fieldset>
                {field("pay_to_text").textarea(t.st_pay_to, t.st_pay_to_hint)}
                {field("bank_transfer_text").textarea(t.st_bank_transfer, t.st_bank_transfer_hint)}
            </div>
            <div class="actions">
                <button type="submit" class="button primary" disabled=move || pending.get()>
                    {move || if pending.get() { t.saving } else { t.save }}
                </button>
                {move || just_saved.get().then(|| view! { <p class="form-saved" role="status">{t.saved}</p> })}
            </div>
        </form>
    }
}

/// The host names that serve the portal: a list with Remove buttons and an Add form.
#[component]
fn HostsSection() -> impl IntoView {
    let t = use_i18n().t();
    let add = ServerAction::<AddHost>::new();
    let remove = ServerAction::<RemoveHost>::new();
    let hosts = crate::ui::resource(move || (add.version().get(), remove.version().get()), |_| load_hosts());
    let draft = RwSignal::new(String::new());
    let add_error = move || add.value().get().and_then(Result::err);
    let host_problem = move || add_error().and_then(|e| e.field_problem("host"));
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            draft.set(String::new());
        }
    });
    view! {
        <p class="muted">{t.st_hosts_intro}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match hosts.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">{t.st_hosts_empty}</p> }.into_any(),
                    Ok(rows) => view! {
                        <ul class="host-list">
                            {rows.into_iter().map(|row| {
                                let label = fill(t.st_host_remove_label, &[("host", &row.host)]);
                                view! {
                                    <li>
                                        <span dir="ltr">{row.host.clone()}</span>
                                        <ActionForm action=remove attr:class="inline-form">
                                            <input type="hidden" name="id" value=row.id.to_string() />
                                            <button type="submit" class="button" aria-label=label>{t.st_host_remove}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        {move || remove.value().get().and_then(Result::err).map(|error| view! { <ErrorNotice error /> })}
        <ActionForm action=add attr:class="host-add">
            <div class="field">
                <label for="st-host">{t.st_host_label}</label>
                <div class="host-add-row">
                    <input id="st-host" type="text" name="host" dir="ltr" autocomplete="off" spellcheck="false"
                        placeholder="portal.example.com"
                        prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))
                        aria-invalid=move || host_problem().is_some().to_string() aria-describedby="st-host-error" />
                    <button type="submit" class="button" disabled=move || add.pending().get()>{t.st_host_add}</button>
                </div>
                <p id="st-host-error" class="form-error">{move || host_problem().map(|p| problem_message("host", p, t))}</p>
            </div>
            {move || add_error().filter(|e| !matches!(e, AppError::Validation(_))).map(|error| view! { <ErrorNotice error /> })}
        </ActionForm>
    }
}

/// The current logo with its Remove button, and a plain multipart upload form.
#[component]
fn LogoSection() -> impl IntoView {
    let t = use_i18n().t();
    let remove = ServerAction::<RemoveLogo>::new();
    let logo = crate::ui::resource(move || remove.version().get(), |_| load_logo());
    let query = use_query_map();
    let logo_error = move || {
        let problem = match query.read().get("logo_error").as_deref() {
            Some("missing") => FieldProblem::Required,
            Some("size") => FieldProblem::TooLong,
            Some(_) => FieldProblem::InvalidChoice,
            None => return None,
        };
        Some(problem_message("logo", problem, t))
    };
    let notice = move || match query.read().get("logo").as_deref() {
        Some("saved") => Some(t.st_logo_saved),
        Some("removed") => Some(t.st_logo_removed),
        _ => None,
    };
    view! {
        {move || notice().map(|text| view! { <p class="form-saved" role="status">{text}</p> })}
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match logo.await {
                    Ok(Some(src)) => view! {
                        <div class="logo-current">
                            <img src=src alt=t.st_logo_current class="logo-preview" />
                            <ActionForm action=remove attr:class="inline-form">
                                <button type="submit" class="button">{t.st_logo_remove}</button>
                            </ActionForm>
                        </div>
                    }.into_any(),
                    Ok(None) => view! { <p class="muted">{t.st_logo_none}</p> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
        <form class="stack logo-form" method="post" action=LOGO_UPLOAD_PATH enctype="multipart/form-data">
            <div class="field">
                <label for="st-logo">{t.st_logo_file}</label>
                <input id="st-logo" type="file" name="logo" accept="image/png,image/jpeg,image/webp" required
                    aria-invalid=move || logo_error().is_some().to_string() aria-describedby="st-logo-error" />
                <p id="st-logo-error" class="form-error" role=move || logo_error().map(|_| "alert")>{logo_error}</p>
            </div>
            <div class="actions">
                <button type="submit" class="button">{t.st_logo_upload}</button>
            </div>
        </form>
    }
}

/// Moves focus to the first field in error once the browser has drawn it.
fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let id = id.to_owned();
        request_animation_frame(move || {
            if let Some(element) =
                document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = element.focus();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}
