//! The provider adds resellers and edits them: brand, portal address, sign-in, language,
//! colour, status (suspending signs the reseller out at once) and what they may do.

use super::input::ResellerInput;
use crate::error::{AppError, FieldError};
use crate::escape::PageTitle;
use crate::i18n::{fill, use_i18n};
use crate::ui::{ErrorNotice, Loading};
use crate::values::ResellerStatus;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
pub mod service;

#[server(endpoint = "admin/create_reseller")]
pub async fn create_reseller(input: ResellerInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let admin = crate::admin::AdminRequest::current().await?;
            let valid = input.validate(true).map_err(AppError::Validation)?;
            let id = service::create_reseller(admin.db(), &admin, admin.ip(), valid).await?;
            leptos_axum::redirect("/admin");
            Ok(id)
        }
        .await,
    )
}

#[server(endpoint = "admin/update_reseller")]
pub async fn update_reseller(id: i64, input: ResellerInput) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let admin = crate::admin::AdminRequest::current().await?;
            let valid = input.validate(false).map_err(AppError::Validation)?;
            service::update_reseller(admin.db(), &admin, admin.ip(), id, valid).await?;
            leptos_axum::redirect("/admin");
            Ok(())
        }
        .await,
    )
}

#[server(endpoint = "admin/reseller_form")]
pub async fn load_reseller_form(id: i64) -> Result<ResellerInput, AppError> {
    crate::error::respond(
        async {
            let admin = crate::admin::AdminRequest::current().await?;
            service::form_input(admin.db(), id).await
        }
        .await,
    )
}

#[component]
pub fn NewResellerPage() -> impl IntoView {
    let t = use_i18n().t();
    view! {
        <PageTitle text=t.new_reseller_heading />
        <p><A href="/admin">{t.resellers_heading}</A></p>
        <h1>{t.new_reseller_heading}</h1>
        <ResellerForm initial=ResellerInput::blank() id=None />
    }
}

#[component]
pub fn EditResellerPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let form = crate::ui::resource(move || id.get(), load_reseller_form);
    view! {
        <p><A href="/admin">{t.resellers_heading}</A></p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(initial) => {
                        let heading = fill(t.edit_reseller, &[("name", &initial.brand_name)]);
                        view! {
                            <PageTitle text=heading.clone() />
                            <h1>{heading}</h1>
                            <ResellerForm initial id=Some(id.get_untracked()) />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A plain form posting to the create or update server function: it works before hydration,
/// and afterwards shows the server's field errors next to their fields.
#[component]
fn ResellerForm(initial: ResellerInput, id: Option<i64>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let create = ServerAction::<CreateReseller>::new();
    let update = ServerAction::<UpdateReseller>::new();
    let error = move || match id {
        None => create.value().get().and_then(Result::err),
        Some(_) => update.value().get().and_then(Result::err),
    };
    let pending = move || create.pending().get() || update.pending().get();
    let problem = move |field: &'static str| {
        move || match error() {
            Some(AppError::Validation(errors)) => {
                errors.into_iter().find(|e: &FieldError| e.field == field).map(|e| e.problem.message(t))
            }
            _ => None,
        }
    };
    let text = move |name: &'static str, label: &'static str, kind: &'static str, value: String, ltr: bool| {
        let id = format!("reseller-{name}");
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input id=id type=kind name=format!("input[{name}]") value=value dir=ltr.then_some("ltr")
                    aria-invalid=move || problem(name)().is_some().to_string() aria-describedby=error_id.clone() />
                <p id=error_id class="form-error">{problem(name)}</p>
            </div>
        }
        .into_any()
    };
    let check = move |name: &'static str, label: &'static str, on: bool| {
        let id = format!("reseller-{name}");
        let label_for = id.clone();
        view! {
            <label class="choice" for=label_for>
                <input type="checkbox" id=id name=format!("input[{name}]") value="true" checked=on />
                {label}
            </label>
        }
        .into_any()
    };
    let select =
        move |name: &'static str, label: &'static str, options: Vec<(&'static str, &'static str)>, value: String| {
            let id = format!("reseller-{name}");
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <select id=id name=format!("input[{name}]")>
                        {options.into_iter().map(|(code, name)| view! {
                            <option value=code selected=value == code>{name}</option>
                        }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        };
    let status_options = ResellerStatus::ALL.iter().map(|s| (s.code(), s.label(t))).collect();
    let i = initial;
    let fields = view! {
        {text("brand_name", t.field_brand_name, "text", i.brand_name, false)}
        <div class="field">
            {text("slug", t.field_slug, "text", i.slug, true)}
            <p class="muted small">{t.field_slug_hint}</p>
        </div>
        {text("contact_name", t.field_contact_name, "text", i.contact_name, false)}
        {text("email", t.email, "email", i.email, true)}
        {text("password", if id.is_some() { t.field_password_keep } else { t.password }, "password", String::new(), true)}
        {select("default_language", t.field_default_language, vec![("fa", t.lang_fa), ("en", t.lang_en)], i.default_language)}
        {text("primary_color", t.field_primary_color, "text", i.primary_color, true)}
        {text("support_email", t.field_support_email, "email", i.support_email, true)}
        {select("status", t.field_status, status_options, i.status)}
        <fieldset class="field wide">
            <legend>{t.permissions_legend}</legend>
            {check("allow_login_as_client", t.perm_login_as_client, i.allow_login_as_client)}
            {check("allow_place_order", t.perm_place_order, i.allow_place_order)}
            {check("allow_delete_clients", t.perm_delete_clients, i.allow_delete_clients)}
            {check("allow_portal_payments", t.perm_portal_payments, i.allow_portal_payments)}
            {check("allow_portal_tickets", t.perm_portal_tickets, i.allow_portal_tickets)}
            {check("show_toman", t.field_show_toman, i.show_toman)}
        </fieldset>
    }
    .into_any();
    let actions = view! {
        {move || error().filter(|e| !matches!(e, AppError::Validation(_))).map(|error| view! { <ErrorNotice error /> })}
        <div class="actions">
            <button type="submit" class="button primary" disabled=pending>{move || if pending() { t.saving } else { t.save }}</button>
            <A href="/admin">{t.cancel}</A>
        </div>
    };
    match id {
        None => view! {
            <ActionForm action=create attr:class="stack client-form">
                <div class="form-grid">{fields}</div>
                {actions}
            </ActionForm>
        }
        .into_any(),
        Some(id) => view! {
            <ActionForm action=update attr:class="stack client-form">
                <input type="hidden" name="id" value=id.to_string() />
                <div class="form-grid">{fields}</div>
                {actions}
            </ActionForm>
        }
        .into_any(),
    }
}
