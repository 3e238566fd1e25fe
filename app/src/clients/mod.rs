//! The reseller's clients.

use crate::error::AppError;
use crate::i18n::{fill, format_date, format_number, use_i18n};
use crate::layout::{ErrorNotice, Loading};
use crate::reseller::StatusBadge;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

mod query;
#[cfg(feature = "ssr")]
pub mod service;

pub use query::{ClientListQuery, ClientSort, ClientStatus, SortDirection};

/// One client in the reseller's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub phone: String,
    pub status: String,
    pub created: time::Date,
}

#[cfg(feature = "ssr")]
impl From<crate::entities::client::Model> for ClientRow {
    fn from(c: crate::entities::client::Model) -> Self {
        Self {
            id: c.id,
            name: format!("{} {}", c.first_name, c.last_name),
            company: c.company,
            email: c.email,
            phone: c.phone,
            status: c.status,
            created: c.created_at.date(),
        }
    }
}

/// One page of the list, with what is needed to draw the pager.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    pub rows: Vec<ClientRow>,
    /// Clients matching the search and filter, on all pages.
    pub total: u64,
    /// The page shown (a page past the end shows the last one).
    pub page: u64,
    pub per_page: u64,
}

impl ClientPage {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page).max(1)
    }
}

/// One page of the signed-in reseller's clients.
#[server(endpoint = "clients/list")]
pub async fn list_clients(query: ClientListQuery) -> Result<ClientPage, AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let me = crate::reseller::require_reseller(&ctx).await?;
            service::list_clients(&ctx.state.db, me.id, &query).await
        }
        .await,
    )
}

fn list_href(query: &ClientListQuery) -> String {
    let qs = query.to_query_string();
    if qs.is_empty() { "/reseller/clients".to_owned() } else { format!("/reseller/clients?{qs}") }
}

#[component]
pub fn ClientsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        ClientListQuery::from_params(|key| params.get(key))
    });
    let clients = Resource::new(move || query.get(), list_clients);

    view! {
        <Title text=t.clients_heading />
        <h1>{t.clients_heading}</h1>
        <ClientListToolbar query />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match clients.await {
                    Ok(page) => view! { <ClientTable page query=query.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Search, status filter and page size: a GET form, so it works before hydration and puts
/// the view in the URL.
#[component]
fn ClientListToolbar(query: Memo<ClientListQuery>) -> impl IntoView {
    let t = use_i18n().t();
    let q = move || query.read().clone();
    view! {
        <Form method="GET" action="/reseller/clients" attr:class="toolbar" attr:role="search">
            <div class="field grow">
                <label for="client-search">{t.search_clients}</label>
                <input id="client-search" type="search" name="q" maxlength="100" value=move || q().search />
            </div>
            <div class="field">
                <label for="client-status">{t.col_status}</label>
                <select id="client-status" name="status">
                    <option value="" selected=move || q().status.is_none()>{t.all_statuses}</option>
                    {ClientStatus::ALL.into_iter().map(|status| view! {
                        <option value=status.code() selected=move || q().status == Some(status)>{status_label(status.code(), t)}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="client-per-page">{t.per_page}</label>
                <select id="client-per-page" name="per_page">
                    {ClientListQuery::PAGE_SIZES.into_iter().map(|n| view! {
                        <option value=n.to_string() selected=move || q().per_page == n>{format_number(n as i64, use_i18n().0)}</option>
                    }).collect_view()}
                </select>
            </div>
            <input type="hidden" name="sort" value=move || q().sort.code() />
            <input type="hidden" name="dir" value=move || q().direction.code() />
            <button type="submit" class="button primary">{t.search_button}</button>
        </Form>
    }
}

#[component]
fn ClientTable(page: ClientPage, query: ClientListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    if page.rows.is_empty() {
        let message = if query.search.is_empty() && query.status.is_none() { t.clients_empty } else { t.no_matches };
        return view! { <p class="notice" role="status">{message}</p> }.into_any();
    }
    let from = (page.page - 1) * page.per_page + 1;
    let to = from + page.rows.len() as u64 - 1;
    let range = fill(
        t.showing_range,
        &[
            ("from", &format_number(from as i64, i18n.0)),
            ("to", &format_number(to as i64, i18n.0)),
            ("total", &format_number(page.total as i64, i18n.0)),
        ],
    );
    let header = |column: ClientSort, label: &'static str| {
        let sorted = query.sort == column;
        let aria_sort = match (sorted, query.direction) {
            (false, _) => "none",
            (true, SortDirection::Asc) => "ascending",
            (true, SortDirection::Desc) => "descending",
        };
        let arrow = match (sorted, query.direction) {
            (false, _) => "",
            (true, SortDirection::Asc) => " ▲",
            (true, SortDirection::Desc) => " ▼",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <A href=list_href(&query.sorted_by(column))>{label}{arrow}</A>
            </th>
        }
    };
    let pages = page.pages();
    let current = page.page;
    view! {
        <p class="muted" role="status">{range}</p>
        <table class="data">
            <thead>
                <tr>
                    {header(ClientSort::Id, t.col_id)}
                    {header(ClientSort::Name, t.col_name)}
                    {header(ClientSort::Company, t.col_company)}
                    {header(ClientSort::Email, t.col_email)}
                    <th scope="col">{t.col_phone}</th>
                    {header(ClientSort::Status, t.col_status)}
                    {header(ClientSort::Created, t.col_created)}
                </tr>
            </thead>
            <tbody>
                {page.rows.into_iter().map(|c| view! {
                    <tr>
                        <td>{format_number(c.id, i18n.0)}</td>
                        <td>{c.name}</td>
                        <td>{c.company.unwrap_or_default()}</td>
                        <td dir="ltr">{c.email}</td>
                        <td dir="ltr">{c.phone}</td>
                        <td><StatusBadge status=c.status /></td>
                        <td><time datetime=c.created.to_string()>{format_date(c.created, i18n.0)}</time></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <nav class="pager" aria-label=t.pagination>
            {(current > 1).then(|| view! { <A href=list_href(&query.at_page(current - 1)) attr:rel="prev">{t.previous_page}</A> })}
            <span>{fill(t.page_of, &[("page", &format_number(current as i64, i18n.0)), ("pages", &format_number(pages as i64, i18n.0))])}</span>
            {(current < pages).then(|| view! { <A href=list_href(&query.at_page(current + 1)) attr:rel="next">{t.next_page}</A> })}
        </nav>
    }
    .into_any()
}

fn status_label(code: &str, t: &'static crate::i18n::Strings) -> &'static str {
    match code {
        "active" => t.status_active,
        "inactive" => t.status_inactive,
        "closed" => t.status_closed,
        "suspended" => t.status_suspended,
        _ => "",
    }
}
