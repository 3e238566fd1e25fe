//! A list of records filtered by one status and paged, as the orders and invoices lists are:
//! the view lives in the URL (`?status=unpaid&page=2`) so that a reload, the back button and a
//! shared link show the same view.

use crate::values::Labelled;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A status a list can be filtered by, and where that list lives.
pub trait ListStatus: Labelled + Serialize + DeserializeOwned {
    /// The list's path, without a query.
    const LIST_PATH: &'static str;
}

/// The highest page number a list answers: far past any real list (a million pages), and it
/// keeps every offset computed from it in range.
pub const MAX_PAGE: u64 = 1_000_000;

/// A page number a request asked for: 1 to [`MAX_PAGE`], or what is wrong with it.
pub fn check_page(page: u64) -> Result<u64, String> {
    if (1..=MAX_PAGE).contains(&page) {
        Ok(page)
    } else {
        Err(format!("page must be from 1 to {MAX_PAGE}, not {page}"))
    }
}

/// One view of a status-filtered list. Unknown or out-of-range URL values fall back to the
/// defaults rather than failing: a hand-edited link still shows a list. A server function's
/// argument is checked instead ([`UncheckedStatusListQuery`]): out of range is a 400.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(bound = "S: ListStatus", try_from = "UncheckedStatusListQuery<S>")]
pub struct StatusListQuery<S> {
    pub status: Option<S>,
    /// 1-based.
    pub page: u64,
}

/// A [`StatusListQuery`] as it arrives, before its page is checked.
#[derive(Deserialize)]
#[serde(bound = "S: ListStatus")]
pub struct UncheckedStatusListQuery<S> {
    status: Option<S>,
    page: u64,
}

impl<S> TryFrom<UncheckedStatusListQuery<S>> for StatusListQuery<S> {
    type Error = String;

    fn try_from(query: UncheckedStatusListQuery<S>) -> Result<Self, String> {
        Ok(Self { status: query.status, page: check_page(query.page)? })
    }
}

impl<S> Default for StatusListQuery<S> {
    fn default() -> Self {
        Self { status: None, page: 1 }
    }
}

impl<S: ListStatus> StatusListQuery<S> {
    pub const PER_PAGE: u64 = 25;

    /// Reads the view from URL parameters (`status`, `page`).
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            status: get("status").as_deref().and_then(S::parse),
            page: get("page").and_then(|v| v.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
        }
    }

    /// The list's address for this view, with only the values that differ from the defaults.
    pub fn href(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(status) = self.status {
            pairs.push(format!("status={}", status.code()));
        }
        if self.page != 1 {
            pairs.push(format!("page={}", self.page));
        }
        if pairs.is_empty() { S::LIST_PATH.to_owned() } else { format!("{}?{}", S::LIST_PATH, pairs.join("&")) }
    }

    /// The same filter on another page.
    pub fn at_page(&self, page: u64) -> Self {
        Self { page: page.max(1), ..self.clone() }
    }

    /// Another filter, from its first page.
    pub fn with_status(&self, status: Option<S>) -> Self {
        Self { status, page: 1 }
    }

    /// How many pages `total` rows fill (at least one).
    pub fn pages(total: u64) -> u64 {
        total.div_ceil(Self::PER_PAGE).max(1)
    }
}

/// The filter above such a list: "All" and one link per status, plain links so the view is in
/// the URL and works before hydration.
#[leptos::component]
pub fn StatusFilter<S: ListStatus>(
    query: leptos::prelude::Memo<StatusListQuery<S>>,
    label: &'static str,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    let t = crate::i18n::use_i18n().t();
    let link = move |status: Option<S>| {
        let text = status.map_or_else(|| t.all_statuses.to_owned(), |s| s.label(t).to_owned());
        let href = move || query.read().with_status(status).href();
        let current = move || (query.read().status == status).then_some("page");
        // A plain link: the router's `A` marks every link to this path current, whatever its query.
        view! { <a href=href aria-current=current>{text}</a> }
    };
    view! {
        <nav class="tabs" aria-label=label>
            {link(None)}
            {S::EVERY.iter().map(|status| link(Some(*status))).collect_view()}
        </nav>
    }
}
