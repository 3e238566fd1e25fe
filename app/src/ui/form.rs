//! The inputs of a form bound to one signal: each field reads and writes its value by name,
//! posts as `input[name]` (so the form also works as a plain post before hydration), and shows
//! its own error under it, tied to the input by `aria-describedby`.

use crate::error::{FieldError, FieldProblem};
use crate::i18n::{Strings, use_i18n};
use leptos::prelude::*;

/// A form's values by field name, as its inputs post them.
pub trait FormFields: Send + Sync + 'static {
    fn field(&self, name: &str) -> &str;
    fn set_field(&mut self, name: &str, value: String);
}

/// What a field's problem says to the user: by field, since "required" reads differently for a
/// name and for a country.
pub type ProblemMessage = fn(&str, FieldProblem, &'static Strings) -> &'static str;

/// One field of a signal-bound form. Each input is type-erased (`AnyView`): a whole form's view
/// type would otherwise nest too deep to compile.
pub struct FieldBinding<F: FormFields> {
    name: &'static str,
    /// Prefixes the element ids, so two forms on a page never share one.
    id_prefix: &'static str,
    form: RwSignal<F>,
    errors: RwSignal<Vec<FieldError>>,
    message: ProblemMessage,
}

impl<F: FormFields> Clone for FieldBinding<F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: FormFields> Copy for FieldBinding<F> {}

impl<F: FormFields> FieldBinding<F> {
    pub fn new(
        name: &'static str,
        id_prefix: &'static str,
        form: RwSignal<F>,
        errors: RwSignal<Vec<FieldError>>,
        message: ProblemMessage,
    ) -> Self {
        Self { name, id_prefix, form, errors, message }
    }

    pub fn id(self) -> String {
        format!("{}-{}", self.id_prefix, self.name)
    }

    fn post_name(self) -> String {
        format!("input[{}]", self.name)
    }

    fn value(self) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || self.form.with(|f| f.field(self.name).to_owned())
    }

    fn set(self, value: String) {
        self.form.update(|f| f.set_field(self.name, value));
        self.errors.update(|e| e.retain(|e| e.field != self.name));
    }

    fn invalid(self) -> impl Fn() -> String + Send + Sync + 'static {
        move || self.errors.with(|e| e.iter().any(|e| e.field == self.name)).to_string()
    }

    /// The field's error, if it has one, where its input's `aria-describedby` points.
    pub fn error(self) -> AnyView {
        let t = use_i18n().t();
        let problem = move || self.errors.with(|e| e.iter().find(|e| e.field == self.name).map(|e| e.problem));
        view! {
            <p id=format!("{}-error", self.id()) class="form-error">
                {move || problem().map(|p| (self.message)(self.name, p, t))}
            </p>
        }
        .into_any()
    }

    /// A labelled input of `kind` (`text`, `email`, `tel`…); `ltr` for what is written left to
    /// right whatever the page's direction (emails, phone numbers, post codes).
    pub fn text(
        self,
        label: &'static str,
        kind: &'static str,
        autocomplete: Option<&'static str>,
        ltr: bool,
    ) -> AnyView {
        let value = self.value();
        view! {
            <div class="field">
                <label for=self.id()>{label}</label>
                <input id=self.id() type=kind name=self.post_name() autocomplete=autocomplete
                    dir=ltr.then_some("ltr")
                    value=value prop:value=value
                    on:input=move |ev| self.set(event_target_value(&ev))
                    aria-invalid=self.invalid()
                    aria-describedby=format!("{}-error", self.id()) />
                {self.error()}
            </div>
        }
        .into_any()
    }

    pub fn colour(self, label: &'static str) -> AnyView {
        let value = self.value();
        view! {
            <div class="field">
                <label for=self.id()>{label}</label>
                <input id=self.id() type="color" name=self.post_name() class="colour-input"
                    value=value prop:value=value
                    on:input=move |ev| self.set(event_target_value(&ev))
                    aria-invalid=self.invalid() aria-describedby=format!("{}-error", self.id()) />
                {self.error()}
            </div>
        }
        .into_any()
    }

    /// A labelled multi-line text with a hint under it.
    pub fn textarea(self, label: &'static str, hint: &'static str) -> AnyView {
        let value = self.value();
        let hint_id = format!("{}-hint", self.id());
        view! {
            <div class="field wide">
                <label for=self.id()>{label}</label>
                <textarea id=self.id() name=self.post_name() rows="4"
                    prop:value=value
                    on:input=move |ev| self.set(event_target_value(&ev))
                    aria-invalid=self.invalid() aria-describedby=format!("{hint_id} {}-error", self.id())>
                    {crate::escape::raw_text(&value())}
                </textarea>
                <p id=hint_id class="muted small">{hint}</p>
                {self.error()}
            </div>
        }
        .into_any()
    }

    /// A labelled choice of `(value, label)` options.
    pub fn select(self, label: &'static str, options: Vec<(&'static str, String)>) -> AnyView {
        let value = self.value();
        view! {
            <div class="field">
                <label for=self.id()>{label}</label>
                <select id=self.id() name=self.post_name() prop:value=value
                    on:change=move |ev| self.set(event_target_value(&ev))
                    aria-invalid=self.invalid()
                    aria-describedby=format!("{}-error", self.id())>
                    {options.into_iter().map(|(code, name)| view! {
                        <option value=code selected=move || value() == code>{name}</option>
                    }).collect_view()}
                </select>
                {self.error()}
            </div>
        }
        .into_any()
    }

    /// One radio button of the field, for `choice`.
    pub fn radio(self, choice: &'static str, label: &'static str) -> AnyView {
        let id = format!("{}-{choice}", self.id());
        let label_for = id.clone();
        let checked = move || self.form.with(|f| f.field(self.name) == choice);
        view! {
            <label class="choice" for=label_for>
                <input type="radio" id=id name=self.post_name() value=choice
                    checked=checked prop:checked=checked
                    on:change=move |_| self.set(choice.to_owned()) />
                {label}
            </label>
        }
        .into_any()
    }
}
