//! What every catalog form shares. Each is a plain `<form method="post">` to its server
//! function, so it works before hydration; once hydrated, the browser reads the form as the
//! post would, runs the server's own rules first, sends only what passes, and shows every
//! problem next to its field. Inputs are uncontrolled, so nothing typed is lost on an error.

use super::input::problem_message;
use crate::error::{AppError, FieldError, FieldProblem};
use crate::i18n::use_i18n;
use crate::ui::ErrorNotice;
use leptos::ev::SubmitEvent;
use leptos::form::FromFormData;
use leptos::prelude::*;
use leptos::server::ServerActionError;
use leptos::server_fn::ServerFn;
use leptos::server_fn::error::ServerFnUrlError;
use serde::de::DeserializeOwned;

/// One form's id (its fields' ids start with it) and the problems it shows: those the browser
/// found before sending, else those of the server's last answer.
#[derive(Clone, Copy)]
pub(super) struct FormState {
    id: StoredValue<String>,
    checked: RwSignal<Vec<FieldError>>,
    answered: Signal<Option<AppError>>,
    pending: Signal<bool>,
}

impl FormState {
    /// For the one form on its page posting to `S`: the error a plain post came back with (in
    /// the page's address) is its own.
    pub fn new<S>(action: ServerAction<S>, id: impl Into<String>) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        Self::with_answers(action, id, false)
    }

    /// For one of several rows posting to `S`: a plain post's error does not say which row it
    /// was for, so a row shows only the answers to its own sends ([`posted_error`] shows the
    /// other kind once, above the table).
    pub fn row<S>(action: ServerAction<S>, id: impl Into<String>) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        Self::with_answers(action, id, true)
    }

    fn with_answers<S>(action: ServerAction<S>, id: impl Into<String>, own_sends_only: bool) -> Self
    where
        S: ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        S::Output: Send + Sync + 'static,
    {
        let (value, version, pending) = (action.value(), action.version(), action.pending());
        let answered = Signal::derive(move || {
            if own_sends_only && version.get() == 0 {
                return None;
            }
            value.with(|answer| match answer {
                Some(Err(error)) => Some(error.clone()),
                _ => None,
            })
        });
        Self {
            id: StoredValue::new(id.into()),
            checked: RwSignal::new(Vec::new()),
            answered,
            pending: Signal::derive(move || pending.get()),
        }
    }

    pub fn id(self) -> String {
        self.id.get_value()
    }

    pub fn field_id(self, field: &str) -> String {
        format!("{}-{field}", self.id.get_value())
    }

    pub fn pending(self) -> bool {
        self.pending.get()
    }

    pub fn problem(self, field: &str) -> Option<FieldProblem> {
        let find = |errors: &Vec<FieldError>| errors.iter().find(|e| e.field == field).map(|e| e.problem);
        let checked = self.checked.read();
        if !checked.is_empty() {
            return find(&checked);
        }
        self.answered.with(|answer| match answer {
            Some(AppError::Validation(errors)) => find(errors),
            _ => None,
        })
    }

    /// A failure about no field: the session ended, the item is gone, the network.
    pub fn failure(self) -> Option<AppError> {
        if !self.checked.read().is_empty() {
            return None;
        }
        self.answered.get().filter(|error| !matches!(error, AppError::Validation(_)))
    }

    /// The sentence under `field`, in the UI language.
    fn message(self, field: &'static str) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
        let t = use_i18n().t();
        move || self.problem(field).map(|problem| problem_message(field, problem, t))
    }

    fn invalid(self, field: &'static str) -> impl Fn() -> &'static str + Send + Sync + 'static {
        move || if self.problem(field).is_some() { "true" } else { "false" }
    }

    /// The problem paragraph a field's `aria-describedby` points at.
    fn error(self, field: &'static str) -> AnyView {
        view! { <p id=format!("{}-error", self.field_id(field)) class="form-error">{self.message(field)}</p> }
            .into_any()
    }
}

/// The submit handler of a form posting to `S`: reads the form as a plain post would, runs
/// `check` (the rules the server runs again), and sends through `action` only what passes,
/// else shows the problems and focuses the first. If the form cannot be read, the browser
/// posts it as it would before hydration.
pub(super) fn send_checked<S>(
    action: ServerAction<S>,
    form: FormState,
    check: impl Fn(&S) -> Result<(), Vec<FieldError>> + 'static,
) -> impl FnMut(SubmitEvent) + 'static
where
    S: ServerFn<Error = AppError> + DeserializeOwned + Clone + Send + Sync + 'static,
    S::Output: Send + Sync + 'static,
{
    move |ev: SubmitEvent| {
        let Ok(args) = S::from_event(&ev) else { return };
        ev.prevent_default();
        match check(&args) {
            Ok(()) => {
                form.checked.set(Vec::new());
                action.dispatch(args);
            }
            Err(found) => {
                if let Some(first) = found.first() {
                    focus(&form.field_id(&first.field));
                }
                form.checked.set(found);
            }
        }
    }
}

/// The error a plain post to `S` (before hydration) came back with: the server puts it in the
/// page's address.
pub(super) fn posted_error<S: ServerFn>() -> Option<AppError> {
    use_context::<ServerActionError>()
        .filter(|posted| posted.path() == S::PATH)
        .map(|posted| ServerFnUrlError::<AppError>::decode_err(posted.err()))
}

/// How a text input reads and what it takes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Look {
    Persian,
    English,
    /// Left to right, such as an extension.
    Code,
    /// A whole number.
    Number,
    /// An amount of money in its currency's format.
    Amount,
}

impl Look {
    fn lang(self) -> Option<&'static str> {
        match self {
            Look::Persian => Some("fa"),
            Look::English => Some("en"),
            _ => None,
        }
    }

    fn dir(self) -> &'static str {
        if self == Look::Persian { "rtl" } else { "ltr" }
    }

    fn inputmode(self) -> Option<&'static str> {
        match self {
            Look::Number => Some("numeric"),
            Look::Amount => Some("decimal"),
            _ => None,
        }
    }
}

/// A labelled text input named `input[{field}]`, with its problem under it.
pub(super) fn text_field(
    form: FormState,
    field: &'static str,
    label: &'static str,
    value: String,
    look: Look,
) -> AnyView {
    labelled_input(form, field, label, value, look, None)
}

/// A labelled text input with a hint under it that says what it takes.
pub(super) fn hinted_field(
    form: FormState,
    field: &'static str,
    label: &'static str,
    value: String,
    look: Look,
    hint: &'static str,
) -> AnyView {
    labelled_input(form, field, label, value, look, Some(hint))
}

fn labelled_input(
    form: FormState,
    field: &'static str,
    label: &'static str,
    value: String,
    look: Look,
    hint: Option<&'static str>,
) -> AnyView {
    let id = form.field_id(field);
    let hint = hint.map(|hint| view! { <p id=format!("{id}-hint") class="muted small">{hint}</p> });
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {input(form, field, id, value, look, None, hint.is_some())}
            {form.error(field)}
            {hint}
        </div>
    }
    .into_any()
}

/// A text input in a table row: named by `aria_label` (the row says what it is), belonging to
/// the row's form through `form=`.
pub(super) fn cell_field(
    form: FormState,
    field: &'static str,
    aria_label: String,
    value: String,
    look: Look,
) -> AnyView {
    let id = form.field_id(field);
    view! {
        <div class="catalog-cell-field">
            {input(form, field, id, value, look, Some(aria_label), false)}
            {form.error(field)}
        </div>
    }
    .into_any()
}

fn input(
    form: FormState,
    field: &'static str,
    id: String,
    value: String,
    look: Look,
    aria_label: Option<String>,
    hinted: bool,
) -> AnyView {
    let described_by = if hinted { format!("{id}-error {id}-hint") } else { format!("{id}-error") };
    view! {
        <input id=id type="text" form=form.id() name=format!("input[{field}]") value=value
            lang=look.lang() dir=look.dir() inputmode=look.inputmode() aria-label=aria_label
            aria-invalid=form.invalid(field) aria-describedby=described_by />
    }
    .into_any()
}

/// A labelled multi-line text, kept as typed (line breaks too).
pub(super) fn text_area(
    form: FormState,
    field: &'static str,
    label: &'static str,
    value: String,
    look: Look,
) -> AnyView {
    let id = form.field_id(field);
    view! {
        <div class="field wide">
            <label for=id.clone()>{label}</label>
            <textarea id=id.clone() form=form.id() name=format!("input[{field}]") rows="3"
                lang=look.lang() dir=look.dir()
                aria-invalid=form.invalid(field) aria-describedby=format!("{id}-error")>{crate::escape::raw_text(&value)}</textarea>
            {form.error(field)}
        </div>
    }
    .into_any()
}

/// A labelled choice of `(value, label)` options.
pub(super) fn select_field(
    form: FormState,
    field: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: String,
) -> AnyView {
    let id = form.field_id(field);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id.clone() form=form.id() name=format!("input[{field}]")
                aria-invalid=form.invalid(field) aria-describedby=format!("{id}-error")>
                {options.into_iter().map(|(value, label)| {
                    let chosen = value == selected;
                    view! { <option value=value selected=chosen>{label}</option> }
                }).collect_view()}
            </select>
            {form.error(field)}
        </div>
    }
    .into_any()
}

/// A checkbox posting `true` when ticked (and nothing otherwise), with a hint under it.
pub(super) fn check_field(
    form: FormState,
    field: &'static str,
    label: &'static str,
    checked: bool,
    hint: &'static str,
) -> AnyView {
    let id = form.field_id(field);
    let label_for = id.clone();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field wide">
            <label class="choice" for=label_for>
                <input type="checkbox" id=id form=form.id() name=format!("input[{field}]") value="true" checked=checked
                    aria-describedby=hint_id.clone() />
                {label}
            </label>
            <p id=hint_id class="muted small">{hint}</p>
        </div>
    }
    .into_any()
}

/// The submit button (showing that it is busy), anything to put beside it, and any failure
/// that is about no field.
pub(super) fn form_actions(form: FormState, label: &'static str, beside: Option<AnyView>) -> AnyView {
    let t = use_i18n().t();
    view! {
        {move || form.failure().map(|error| view! { <ErrorNotice error /> })}
        <div class="actions">
            <button type="submit" class="button primary" disabled=move || form.pending()>
                {move || if form.pending() { t.saving } else { label }}
            </button>
            {beside}
        </div>
    }
    .into_any()
}

/// Focuses an element once the problems are drawn.
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
