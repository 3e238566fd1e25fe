//! The reseller's clients.

use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, format_date, format_money, format_number, use_i18n};
use crate::ui::{ErrorNotice, Loading, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_params_map, use_query_map};
use login_as::{LoginAsClient, LoginAsClientError, LoginAsClientForm};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod anchors;
#[cfg(feature = "ssr")]
pub mod counts;
mod details;
mod editor;
pub mod input;
pub mod login_as;
#[cfg(feature = "ssr")]
pub mod password;
mod query;
pub mod records;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;

pub use details::{ClientDetailsPage, NewClientPage};
pub use input::ClientInput;
pub use login_as::LoginAsClientPage;
pub use query::{ClientListQuery, ClientSort, ClientStatus, SortDirection};

/// One client in the reseller's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub status: ClientStatus,
    pub created: time::Date,
    /// The currency the client is billed in.
    pub currency: String,
    pub services: i64,
    /// Paid invoices, summed per currency.
    pub income: Vec<(String, i64)>,
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

/// The list page's data: one page of clients and what the reseller may do with them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientListView {
    pub page: ClientPage,
    /// Which row actions the provider allows this reseller.
    pub permissions: crate::reseller::Permissions,
    /// Rial amounts in Toman.
    pub show_toman: bool,
}

impl ClientPage {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page).max(1)
    }
}

/// One page of the signed-in reseller's clients.
#[server(endpoint = "clients/list")]
pub async fn list_clients(query: ClientListQuery) -> Result<ClientListView, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let page = service::list_clients(me.db(), &me.state().client_pages, me.id, &query).await?;
            Ok(ClientListView { page, permissions: crate::reseller::Permissions::of(&me), show_toman: me.show_toman })
        }
        .await,
    )
}

/// What a confirmation page shows of the client it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientSummary {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: ClientStatus,
    pub can_delete: bool,
}

#[server(endpoint = "clients/summary")]
pub async fn load_client_summary(id: i64) -> Result<ClientSummary, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let c = service::find_client(me.db(), me.id, id).await?;
            Ok(ClientSummary {
                id: c.id,
                name: format!("{} {}", c.first_name, c.last_name),
                email: c.email,
                status: c.status,
                can_delete: me.allow_delete_clients,
            })
        }
        .await,
    )
}

/// Closes the client's account and returns to the list.
#[server(endpoint = "clients/close")]
pub async fn close_client(id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            service::close_client(me.db(), &me.actor(), id).await?;
            leptos_axum::redirect("/reseller/clients");
            Ok(())
        }
        .await,
    )
}

/// Deletes the client once `confirm_email` matches theirs, and returns to the list.
#[server(endpoint = "clients/delete")]
pub async fn delete_client(id: i64, confirm_email: String) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current()
                .await?
                .allowed(crate::reseller::Permission::DeleteClients)?;
            service::delete_client(me.db(), &me.actor(), id, &confirm_email).await?;
            leptos_axum::redirect("/reseller/clients");
            Ok(())
        }
        .await,
    )
}

/// Adds a client from the form (both tabs) and opens their details.
#[server(endpoint = "clients/create")]
pub async fn create_client(input: ClientInput) -> Result<i64, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let valid = input.validate(input::FormMode::Create).map_err(AppError::Validation)?;
            let actor = me.actor();
            let id = service::create_client(me.db(), &actor, valid, me.public_origin()).await?;
            leptos_axum::redirect(&format!("/reseller/clients/{id}"));
            Ok(id)
        }
        .await,
    )
}

/// Saves the Profile tab.
#[server(endpoint = "clients/update")]
pub async fn update_client(id: i64, input: ClientInput) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let valid = input.validate(input::FormMode::Edit).map_err(AppError::Validation)?;
            service::update_client(me.db(), &me.actor(), id, valid).await
        }
        .await,
    )
}

/// Emails the client a link to set a new portal password.
#[server(endpoint = "clients/reset_password")]
pub async fn reset_client_password(id: i64) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let actor = me.actor();
            password::reset_client_password(me.db(), &actor, id, me.public_origin()).await
        }
        .await,
    )
}

/// The details page's header and Profile tab.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientProfile {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: ClientStatus,
    pub created: time::Date,
    pub input: ClientInput,
    pub permissions: crate::reseller::Permissions,
}

#[server(endpoint = "clients/profile")]
pub async fn load_client_profile(id: i64) -> Result<ClientProfile, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let c = service::find_client(me.db(), me.id, id).await?;
            Ok(ClientProfile {
                id: c.id,
                name: format!("{} {}", c.first_name, c.last_name),
                email: c.email.clone(),
                status: c.status,
                created: c.created_at.date(),
                permissions: crate::reseller::Permissions::of(&me),
                input: service::form_input(c),
            })
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
    let clients = crate::ui::resource(move || query.get(), list_clients);

    view! {
        <PageTitle text=t.clients_heading />
        <div class="page-heading">
            <h1>{t.clients_heading}</h1>
            <A href="/reseller/clients/new" attr:class="button primary" attr:aria-label=t.add_client>
                <span aria-hidden="true">"+ "</span>{t.add_client}
            </A>
        </div>
        <ClientListToolbar query />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match clients.await {
                    Ok(list) => view! { <ClientTable list query=query.get_untracked() /> }.into_any(),
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
                        <option value=status.code() selected=move || q().status == Some(status)>{status.label(t)}</option>
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
fn ClientTable(list: ClientListView, query: ClientListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let ClientListView { page, permissions, show_toman } = list;
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
                <a href=list_href(&query.sorted_by(column))>{label}{arrow}</a>
            </th>
        }
    };
    let pages = page.pages();
    let current = page.page;
    // One action for every row's "Login as client"; its error shows once, above the table.
    let login_as = ServerAction::<LoginAsClient>::new();
    // Plain links: the router still turns their clicks into in-app navigation. `<A>` gave each
    // of the page's hundred links its own reactive location tracking, on the server and in the
    // browser, and marked every sort and pager link `aria-current="page"` (it compares paths,
    // not queries).
    view! {
        <p class="muted" role="status">{range}</p>
        <LoginAsClientError action=login_as />
        <div class="table-scroll">
        <table class="data">
            <thead>
                <tr>
                    {header(ClientSort::Id, t.col_id)}
                    {header(ClientSort::Name, t.col_name)}
                    {header(ClientSort::Company, t.col_company)}
                    {header(ClientSort::Email, t.col_email)}
                    {header(ClientSort::Status, t.col_status)}
                    <th scope="col">{t.col_services}</th>
                    <th scope="col">{t.col_income}</th>
                    {header(ClientSort::Created, t.col_created)}
                    <th scope="col">{t.col_actions}</th>
                </tr>
            </thead>
            <tbody>
                {page.rows.into_iter().map(|c| {
                    let open = c.status != ClientStatus::Closed;
                    let name = c.name.clone();
                    let labelled = move |action: &str| format!("{action} {name}");
                    let income = if c.income.is_empty() {
                        format_money(0, &c.currency, i18n.0, show_toman)
                    } else {
                        c.income.iter().map(|(currency, amount)| format_money(*amount, currency, i18n.0, show_toman)).collect::<Vec<_>>().join(" + ")
                    };
                    view! {
                    <tr>
                        <td>{format_number(c.id, i18n.0)}</td>
                        <td>{c.name}</td>
                        <td>{c.company.unwrap_or_default()}</td>
                        <td dir="ltr">{c.email}</td>
                        <td><StatusBadge status=c.status /></td>
                        <td class="num">{format_number(c.services, i18n.0)}</td>
                        <td class="num">{income}</td>
                        <td><time datetime=c.created.to_string()>{format_date(c.created, i18n.0)}</time></td>
                        <td><div class="row-actions">
                            {(permissions.login_as_client && open).then(|| view! {
                                <LoginAsClientForm action=login_as client_id=c.id label=labelled(t.login_as_client) text=t.login_as_client />
                            })}
                            {permissions.place_order.then(|| view! {
                                <a href=format!("/reseller/clients/{}/order", c.id) aria-label=labelled(t.place_order)>{t.place_order}</a>
                            })}
                            <a href=format!("/reseller/clients/{}", c.id) aria-label=labelled(t.client_details)>{t.client_details}</a>
                            {open.then(|| view! {
                                <a href=format!("/reseller/clients/{}/close", c.id) aria-label=labelled(t.close_account)>{t.close_account}</a>
                            })}
                            {permissions.delete_clients.then(|| view! {
                                <a href=format!("/reseller/clients/{}/delete", c.id) aria-label=labelled(t.delete_client) class="danger">{t.delete_client}</a>
                            })}
                        </div></td>
                    </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <Pager current pages href=move |page| list_href(&query.at_page(page)) />
    }
    .into_any()
}

/// Which confirmation a [`ConfirmClientPage`] asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ClientAction {
    Close,
    Delete,
}

/// Asks before closing or deleting a client, naming them; deleting also wants their email
/// typed. A plain form, so it works before hydration too.
#[component]
pub fn ConfirmClientPage(action: ClientAction) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let summary = crate::ui::resource(move || id.get(), load_client_summary);
    let close = ServerAction::<CloseClient>::new();
    let delete = ServerAction::<DeleteClient>::new();
    let close_error = move || close.value().get().and_then(Result::err);
    let delete_error = move || delete.value().get().and_then(Result::err);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let c = match summary.await {
                    Ok(c) => c,
                    Err(error) => return view! { <ErrorNotice error /> }.into_any(),
                };
                let (heading, body) = match action {
                    ClientAction::Close => (t.confirm_close_heading, t.confirm_close_body),
                    ClientAction::Delete => (t.confirm_delete_heading, t.confirm_delete_body),
                };
                let heading = fill(heading, &[("name", &c.name)]);
                let form = match action {
                    ClientAction::Close => view! {
                        <ActionForm action=close attr:class="stack">
                            <input type="hidden" name="id" value=c.id.to_string() />
                            {move || close_error().map(|error| view! { <ErrorNotice error /> })}
                            <div class="actions">
                                <button type="submit" class="button danger">{t.close_account}</button>
                                <A href="/reseller/clients">{t.cancel}</A>
                            </div>
                        </ActionForm>
                    }.into_any(),
                    ClientAction::Delete if !c.can_delete => view! { <ErrorNotice error=AppError::Forbidden /> }.into_any(),
                    ClientAction::Delete => view! {
                        <ActionForm action=delete attr:class="stack">
                            <input type="hidden" name="id" value=c.id.to_string() />
                            <div class="field">
                                <label for="confirm-email">{t.type_email_to_confirm}</label>
                                <input id="confirm-email" name="confirm_email" type="email" required dir="ltr" autocomplete="off"
                                    aria-invalid=move || delete_error().and_then(|e| e.field_problem("confirm_email")).is_some().to_string()
                                    aria-describedby="confirm-email-error" />
                                <p id="confirm-email-error" class="form-error">
                                    {move || delete_error().and_then(|e| e.field_problem("confirm_email")).map(|p| p.message(t))}
                                </p>
                            </div>
                            {move || delete_error().filter(|e| e.field_problem("confirm_email").is_none()).map(|error| view! { <ErrorNotice error /> })}
                            <div class="actions">
                                <button type="submit" class="button danger">{t.delete_client}</button>
                                <A href="/reseller/clients">{t.cancel}</A>
                            </div>
                        </ActionForm>
                    }.into_any(),
                };
                view! {
                    <PageTitle text=heading.clone() />
                    <h1>{heading}</h1>
                    <p class="muted"><span dir="ltr">{c.email.clone()}</span></p>
                    <p class="notice">{body}</p>
                    {form}
                }.into_any()
            })}
        </Suspense>
    }
}
