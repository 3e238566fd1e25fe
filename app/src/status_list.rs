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

/// Rows on one page of such a list.
pub const PER_PAGE: u64 = 25;

impl<S: ListStatus> StatusListQuery<S> {
    pub const PER_PAGE: u64 = PER_PAGE;

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
        total.div_ceil(PER_PAGE).max(1)
    }

    /// The page to show of `total` rows: the one asked for, or the last when it is past the end.
    pub fn page_within(&self, total: u64) -> u64 {
        self.page.clamp(1, Self::pages(total))
    }
}

/// One page of a status-filtered list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListPage<R> {
    pub rows: Vec<R>,
    /// Rows with the filter's status, on all pages.
    pub total: u64,
    /// The page shown (a page past the end shows the last one).
    pub page: u64,
}

impl<R> ListPage<R> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(PER_PAGE).max(1)
    }

    /// What is said above the page: `range` ("Showing {from}–{to} of {total}") filled in, or
    /// for an empty page the notice shown instead of the table: `empty` without a filter,
    /// `no_matches` with one.
    pub fn note(&self, filtered: bool, texts: ListTexts, locale: crate::i18n::Locale) -> Result<String, &'static str> {
        use crate::i18n::{fill, format_number};
        if self.rows.is_empty() {
            return Err(if filtered { texts.no_matches } else { texts.empty });
        }
        let from = (self.page - 1) * PER_PAGE + 1;
        let to = from + self.rows.len() as u64 - 1;
        let number = |n: u64| format_number(n as i64, locale);
        Ok(fill(texts.range, &[("from", &number(from)), ("to", &number(to)), ("total", &number(self.total))]))
    }
}

/// A list's own words for [`ListPage::note`].
#[derive(Clone, Copy)]
pub struct ListTexts {
    pub range: &'static str,
    pub empty: &'static str,
    pub no_matches: &'static str,
}

/// The rows of `select` (filtered and ordered by the caller) on the page `query` asks for, the
/// last page when it asks past the end; with the number of rows on all pages.
#[cfg(feature = "ssr")]
pub async fn load_page<E, S>(
    db: &impl sea_orm::ConnectionTrait,
    select: sea_orm::Select<E>,
    query: &StatusListQuery<S>,
) -> Result<(Vec<E::Model>, u64, u64), crate::error::AppError>
where
    E: sea_orm::EntityTrait,
    E::Model: Sync,
    S: ListStatus,
{
    use sea_orm::{PaginatorTrait, QuerySelect};
    let total = select.clone().count(db).await?;
    let page = query.page_within(total);
    let rows = select.offset((page - 1) * PER_PAGE).limit(PER_PAGE).all(db).await?;
    Ok((rows, total, page))
}

/// A page of a list of amounts, with whether the reseller shows Rial amounts in Toman.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedPage<R> {
    pub list: ListPage<R>,
    pub show_toman: bool,
}

/// Names the type parameters of [`StatusListScreen`] that only its bounds use.
type TypesOf<S, V, Fut> = std::marker::PhantomData<fn() -> (S, V, Fut)>;

/// A reseller's list page: its heading (with `children` beside it), the status filter, and
/// below them what `table` makes of the page `fetch` loads for the view in the URL.
#[leptos::component]
pub fn StatusListScreen<S, V, F, Fut, T>(
    title: &'static str,
    filter_label: &'static str,
    fetch: F,
    table: T,
    #[prop(optional)] children: Option<leptos::children::Children>,
    /// The types `fetch` and `table` work with.
    #[prop(optional)]
    _types: TypesOf<S, V, Fut>,
) -> impl leptos::IntoView
where
    S: ListStatus,
    V: Clone + Serialize + DeserializeOwned + Send + Sync + 'static,
    F: Fn(StatusListQuery<S>) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<V, crate::error::AppError>> + Send + 'static,
    T: Fn(V, StatusListQuery<S>) -> leptos::prelude::AnyView + Send + Sync + 'static,
{
    use crate::ui::{ErrorNotice, Loading};
    use leptos::prelude::*;
    let params = leptos_router::hooks::use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        StatusListQuery::<S>::from_params(|key| params.get(key))
    });
    let page = crate::ui::resource(move || query.get(), fetch);
    let table = std::sync::Arc::new(table);
    view! {
        <crate::escape::PageTitle text=title />
        <div class="page-heading">
            <h1>{title}</h1>
            {children.map(|children| children())}
        </div>
        <StatusFilter query label=filter_label />
        <Transition fallback=Loading>
            {move || {
                let table = table.clone();
                Suspend::new(async move {
                    match page.await {
                        Ok(view) => table(view, query.get_untracked()),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Transition>
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use crate::invoices::InvoiceStatus;
    use crate::orders::manage::OrderStatus;
    use crate::tickets::TicketStatus;
    use std::collections::HashMap;

    fn parse<S: ListStatus>(href: &str) -> StatusListQuery<S> {
        let query = href.split_once('?').map_or("", |(_, q)| q);
        let map: HashMap<&str, &str> = query.split('&').filter_map(|pair| pair.split_once('=')).collect();
        StatusListQuery::from_params(|key| map.get(key).map(|v| (*v).to_owned()))
    }

    /// Every view of the list `S` filters survives its URL; bad values fall back to the
    /// defaults; a new filter starts on its first page.
    fn check_list<S: ListStatus>() {
        for status in std::iter::once(None).chain(S::EVERY.iter().copied().map(Some)) {
            for page in [1, 2, 40] {
                let query = StatusListQuery { status, page };
                assert_eq!(parse::<S>(&query.href()), query);
                assert_eq!(query.with_status(status), StatusListQuery { status, page: 1 });
                assert_eq!(query.at_page(0).page, 1);
            }
        }
        let default = StatusListQuery::<S>::default();
        assert_eq!(default.href(), S::LIST_PATH);
        assert_eq!(parse::<S>(&format!("{}?status=deleted&page=0", S::LIST_PATH)), default);
        assert_eq!(parse::<S>(&format!("{}?page=x", S::LIST_PATH)), default);
    }

    #[test]
    fn the_urls_of_every_list_round_trip() {
        check_list::<InvoiceStatus>();
        check_list::<OrderStatus>();
        check_list::<TicketStatus>();
        let invoices = StatusListQuery { status: Some(InvoiceStatus::Unpaid), page: 2 };
        assert_eq!(invoices.href(), "/reseller/invoices?status=unpaid&page=2");
        let tickets = StatusListQuery { status: Some(TicketStatus::CustomerReply), page: 1 };
        assert_eq!(tickets.href(), "/reseller/tickets?status=customer_reply");
        assert_eq!(StatusListQuery::<OrderStatus>::default().href(), "/reseller/orders");
    }

    #[test]
    fn the_page_shown_is_within_the_list() {
        let query = StatusListQuery::<OrderStatus> { status: None, page: 9 };
        assert_eq!(query.page_within(0), 1);
        assert_eq!(query.page_within(PER_PAGE * 2 + 1), 3);
        assert_eq!(query.page_within(PER_PAGE * 20), 9);
    }

    #[test]
    fn the_note_counts_the_rows_shown_or_says_why_there_are_none() {
        let texts = ListTexts { range: "{from}-{to} of {total}", empty: "none yet", no_matches: "none match" };
        let page = ListPage { rows: vec![(); 3], total: PER_PAGE + 3, page: 2 };
        assert_eq!(
            page.note(false, texts, Locale::En),
            Ok(format!("{}-{} of {}", PER_PAGE + 1, PER_PAGE + 3, PER_PAGE + 3))
        );
        assert_eq!(page.pages(), 2);
        assert_eq!(page.note(false, texts, Locale::Fa), Ok("۲۶-۲۸ of ۲۸".to_owned()));
        let empty = ListPage::<()> { rows: Vec::new(), total: 0, page: 1 };
        assert_eq!(empty.note(false, texts, Locale::En), Err("none yet"));
        assert_eq!(empty.note(true, texts, Locale::En), Err("none match"));
        assert_eq!(empty.pages(), 1);
    }
}
