//! The UI's shared pieces, used by every feature and importing none: notices, the language
//! switcher, status badges and the pager. Features import from here, never from each other, for
//! what is not their own.

mod form;
mod resource;

pub use form::{FieldBinding, FormFields};
pub use resource::{Json, resource};

use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{Locale, fill, format_number, use_i18n};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Switches the UI language. A plain form (so it works without JavaScript) posting to
/// `/language`, which sets the `lang` cookie and comes back to this page. Its name is in both
/// languages, so someone who cannot read the current one still finds it.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || {
        let path = location.pathname.get();
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() { path } else { format!("{path}?{search}") }
    };
    view! {
        <form method="post" action="/language" class="language-switcher" aria-label=i18n.t().language>
            <input type="hidden" name="next" value=here />
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    let current = locale == i18n.0;
                    view! {
                        <button
                            type="submit"
                            name="lang"
                            value=locale.code()
                            lang=locale.code()
                            aria-pressed=current.to_string()
                            class="button subtle"
                        >
                            {locale.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}

/// An error from a server function, said in the user's language.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice error" role="alert">{error.message(i18n.0)}</p> }
}

/// A page's load that failed, said where the page's content goes: "not found" as the page's
/// heading (with a 404 status), anything else as a notice.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    let t = use_i18n().t();
    if error == AppError::NotFound {
        #[cfg(feature = "ssr")]
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            options.set_status(axum::http::StatusCode::NOT_FOUND);
        }
        view! {
            <PageTitle text=t.page_not_found_title />
            <h1>{t.page_not_found_title}</h1>
            <p>{t.page_not_found_body}</p>
        }
        .into_any()
    } else {
        view! { <ErrorNotice error /> }.into_any()
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let t = use_i18n().t();
    view! { <p class="muted" role="status">{t.loading}</p> }
}

crate::codes! {
    /// Whether a catalog item or a ticket department is offered.
    pub enum Availability {
        Active = "active" => status_active,
        Inactive = "inactive" => status_inactive,
    }
}

impl Availability {
    pub fn of(active: bool) -> Self {
        if active { Availability::Active } else { Availability::Inactive }
    }
}

/// A status in the UI language, coloured by meaning (`badge-{code}` in the style sheet).
#[component]
pub fn StatusBadge<S: crate::values::Labelled>(status: S) -> impl IntoView {
    let label = status.label(use_i18n().t());
    view! { <span class=format!("badge badge-{}", status.code())>{label}</span> }
}

/// A table of records that scrolls sideways on a narrow screen: one column heading per entry of
/// `heads`, then the rows.
#[component]
pub fn DataTable(#[prop(into)] heads: Vec<&'static str>, children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>{heads.into_iter().map(|head| view! { <th scope="col">{head}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// "Page 2 of 7" between the previous and next links of a paged list; plain links, so paging
/// works before hydration and every page has its own URL.
#[component]
pub fn Pager(current: u64, pages: u64, #[prop(into)] href: Callback<u64, String>) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let of = fill(
        t.page_of,
        &[("page", &format_number(current as i64, locale)), ("pages", &format_number(pages as i64, locale))],
    );
    view! {
        <nav class="pager" aria-label=t.pagination>
            {(current > 1).then(|| view! { <A href=href.run(current - 1) attr:rel="prev">{t.previous_page}</A> })}
            <span>{of}</span>
            {(current < pages).then(|| view! { <A href=href.run(current + 1) attr:rel="next">{t.next_page}</A> })}
        </nav>
    }
}
