//! The client form: one `<form>` over the General and Address tabs, used to add a client and
//! to edit one. Before hydration both tabs show one under the other and the form posts
//! normally; once hydrated, the tabs switch in place, every value lives in one signal (so
//! switching never loses anything), the browser runs the server's validation before sending,
//! and leaving with unsaved changes asks first.

use super::input::{CURRENCIES, ClientInput, ClientTab, FormMode, PASSWORD_EMAIL_LINK, PASSWORD_SET, tab_of};
use super::{CreateClient, UpdateClient};
use crate::error::{AppError, FieldError};
use crate::i18n::{Locale, fill, format_number, sort_key, use_i18n};
use crate::ui::{ErrorNotice, FieldBinding};
use crate::values::country::COUNTRIES;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn ClientForm(
    mode: FormMode,
    initial: ClientInput,
    /// The client being edited; `None` when adding.
    #[prop(optional)]
    client_id: Option<i64>,
    /// Called with what was saved after an edit.
    #[prop(optional, into)]
    on_saved: Option<Callback<ClientInput>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let form = RwSignal::new(initial.clone());
    let saved = RwSignal::new(initial);
    let dirty = Memo::new(move |_| form.with(|f| saved.with(|s| f != s)));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let tab = RwSignal::new(ClientTab::General);
    let hydrated = RwSignal::new(false);
    let just_saved = RwSignal::new(false);
    let failure = RwSignal::new(None::<AppError>);
    // What the last save sent: on success that is what is saved, whatever was typed since.
    let sent = StoredValue::new(None::<ClientInput>);
    Effect::new(move |_| hydrated.set(true));
    guard_unsaved_changes(dirty, t.unsaved_changes);

    let create = ServerAction::<CreateClient>::new();
    let update = ServerAction::<UpdateClient>::new();
    let pending = move || create.pending().get() || update.pending().get();

    let show_errors = move |found: Vec<FieldError>| {
        if let Some(first) = found.first() {
            tab.set(tab_of(&first.field));
            focus_field(&first.field);
        }
        errors.set(found);
    };
    let on_result = move |result: Result<(), AppError>| match result {
        Ok(()) => {
            let input = sent.get_value().unwrap_or_else(|| form.get_untracked());
            saved.set(input.clone());
            errors.set(Vec::new());
            failure.set(None);
            just_saved.set(true);
            if let Some(callback) = on_saved {
                callback.run(input);
            }
        }
        Err(AppError::Validation(found)) => {
            failure.set(None);
            show_errors(found);
        }
        Err(other) => failure.set(Some(other)),
    };
    Effect::new(move |_| {
        if let Some(result) = create.value().get() {
            on_result(result.map(drop));
        }
    });
    Effect::new(move |_| {
        if let Some(result) = update.value().get() {
            on_result(result);
        }
    });

    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        just_saved.set(false);
        let input = form.get_untracked();
        match input.validate(mode) {
            Err(found) => show_errors(found),
            Ok(_) => {
                errors.set(Vec::new());
                sent.set_value(Some(input.clone()));
                match (mode, client_id) {
                    (FormMode::Edit, Some(id)) => {
                        update.dispatch(UpdateClient { id, input });
                    }
                    _ => {
                        create.dispatch(CreateClient { input });
                    }
                }
            }
        }
    };

    let field =
        move |name: &'static str| FieldBinding::new(name, "client", form, errors, |_, problem, t| problem.message(t));
    let tab_button = move |which: ClientTab, id: &'static str, panel: &'static str, label: &'static str| {
        let count = move || errors.with(|e| e.iter().filter(|e| tab_of(&e.field) == which).count());
        view! {
            <button type="button" role="tab" id=id aria-controls=panel
                aria-selected=move || (tab.get() == which).to_string()
                tabindex=move || if tab.get() == which { "0" } else { "-1" }
                on:click=move |_| tab.set(which)
                on:keydown=move |ev| {
                    if matches!(ev.key().as_str(), "ArrowLeft" | "ArrowRight" | "Home" | "End") {
                        ev.prevent_default();
                        let next = if tab.get_untracked() == ClientTab::General { ClientTab::Address } else { ClientTab::General };
                        tab.set(next);
                        focus_element(if next == ClientTab::General { "tab-general" } else { "tab-address" });
                    }
                }>
                {label}
                {move || (count() > 0).then(|| view! {
                    <span class="tab-errors" aria-hidden="true">{format_number(count() as i64, i18n.0)}</span>
                })}
            </button>
        }
    };
    let panel_hidden = move |which: ClientTab| move || hydrated.get() && tab.get() != which;
    let action_url = match mode {
        FormMode::Create => CreateClient::PATH,
        FormMode::Edit => UpdateClient::PATH,
    };
    let persian = i18n.0 == Locale::Fa;
    let mut countries: Vec<(&'static str, String)> =
        COUNTRIES.iter().map(|c| (c.code, c.name(persian).to_owned())).collect();
    countries.sort_by_cached_key(|(_, name)| sort_key(name, i18n.0));

    view! {
        <form class="stack client-form" method="post" action=action_url novalidate on:submit=on_submit>
            {client_id.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
            {move || failure.get().map(|error| view! { <ErrorNotice error /> })}
            {move || {
                let count = errors.with(Vec::len);
                (count > 0).then(|| view! {
                    <p class="form-summary" role="alert">{fill(t.form_error_count, &[("count", &format_number(count as i64, i18n.0))])}</p>
                })
            }}
            <div role="tablist" aria-label=t.form_sections class="tabs">
                {tab_button(ClientTab::General, "tab-general", "panel-general", t.tab_general)}
                {tab_button(ClientTab::Address, "tab-address", "panel-address", t.tab_address)}
            </div>

            {view! {
            <div role="tabpanel" id="panel-general" aria-labelledby="tab-general" class="tab-panel form-grid" hidden=panel_hidden(ClientTab::General)>
                {field("first_name").text(t.field_first_name, "text", Some("given-name"), false)}
                {field("last_name").text(t.field_last_name, "text", Some("family-name"), false)}
                {field("company").text(t.field_company, "text", Some("organization"), false)}
                {field("email").text(t.email, "email", Some("email"), true)}
                <div class="field-pair">
                    {field("calling_code").text(t.field_calling_code, "text", Some("tel-country-code"), true)}
                    {field("phone").text(t.field_phone, "tel", Some("tel-national"), true)}
                </div>
                {field("language").select(t.field_language, vec![("fa", t.lang_fa.to_owned()), ("en", t.lang_en.to_owned())])}
                {field("currency").select(t.field_currency, CURRENCIES.iter().map(|c| (*c, (*c).to_owned())).collect())}
                {field("national_id").text(t.field_national_id, "text", Some("off"), true)}
                {(mode == FormMode::Create).then(|| view! {
                    <fieldset class="field wide">
                        <legend>{t.field_password_choice}</legend>
                        {field("password_mode").radio(PASSWORD_EMAIL_LINK, t.password_email_link)}
                        {field("password_mode").radio(PASSWORD_SET, t.password_set_now)}
                        <p id="client-password_mode-error" class="form-error">
                            {move || errors.with(|e| e.iter().find(|e| e.field == "password_mode").map(|e| e.problem.message(t)))}
                        </p>
                    </fieldset>
                    <div hidden=move || hydrated.get() && form.with(|f| f.password_mode != PASSWORD_SET)>
                        {field("password").text(t.password, "password", Some("new-password"), true)}
                        <p class="muted">{t.field_password_hint}</p>
                    </div>
                })}
            </div>
            }.into_any()}

            {view! {
            <div role="tabpanel" id="panel-address" aria-labelledby="tab-address" class="tab-panel form-grid" hidden=panel_hidden(ClientTab::Address)>
                {field("address1").text(t.field_address1, "text", Some("address-line1"), false)}
                {field("address2").text(t.field_address2, "text", Some("address-line2"), false)}
                {field("city").text(t.field_city, "text", Some("address-level2"), false)}
                {field("state").text(t.field_state, "text", Some("address-level1"), false)}
                {field("postcode").text(t.field_postcode, "text", Some("postal-code"), true)}
                {field("country").select(
                    t.field_country,
                    std::iter::once(("", t.choose_country.to_owned()))
                        .chain(countries)
                        .collect(),
                )}
            </div>
            }.into_any()}

            <div class="actions">
                <button type="submit" class="button primary" disabled=pending>
                    {move || if pending() { t.saving } else { t.save }}
                </button>
                {move || just_saved.get().then(|| view! { <p class="form-saved" role="status">{t.saved}</p> })}
            </div>
        </form>
    }
}

fn focus_field(name: &str) {
    focus_element(&format!("client-{name}"));
}

/// Focuses an element after the tab holding it has been shown.
fn focus_element(id: &str) {
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

/// While `dirty`, asks before a link inside the app navigates away, and lets the browser ask
/// before a reload, a typed URL or closing the tab. Both listeners go with the form.
fn guard_unsaved_changes(dirty: Memo<bool>, message: &'static str) {
    #[cfg(feature = "hydrate")]
    {
        use send_wrapper::SendWrapper;
        use wasm_bindgen::{JsCast, closure::Closure};

        let is_dirty = move || dirty.try_get_untracked().unwrap_or(false);
        let on_click = Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
            let on_link = ev
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|element| element.closest("a[href]").ok().flatten())
                .is_some();
            if on_link && is_dirty() && !window().confirm_with_message(message).unwrap_or(true) {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        let on_unload = Closure::<dyn FnMut(web_sys::BeforeUnloadEvent)>::new(move |ev: web_sys::BeforeUnloadEvent| {
            if is_dirty() {
                ev.prevent_default();
                ev.set_return_value(message);
            }
        });
        // Capture on the document runs before the router's own click handler on the window.
        let _ = document().add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
        let _ = window().add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
        let listeners = SendWrapper::new((on_click, on_unload));
        on_cleanup(move || {
            let (on_click, on_unload) = listeners.take();
            let _ = document().remove_event_listener_with_callback_and_bool(
                "click",
                on_click.as_ref().unchecked_ref(),
                true,
            );
            let _ = window().remove_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (dirty, message);
}
