//! The client's dashboard, services and domains in the portal. The rows reuse the reseller's
//! record types (`crate::clients::records`), with the ids the portal links by.

use super::{brand_slug, portal_path};
use crate::clients::records::{AddonRow, DomainRow, InvoiceRow, Money, ServiceRow};
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{Locale, Strings, fill, format_date, format_money, format_number, use_i18n};
use crate::ui::{DataTable, Loading, PageError, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;

/// One of the client's services, with the id its page is found by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalService {
    pub id: i64,
    pub row: ServiceRow,
}

/// One of the client's domains; registered is when it was ordered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortalDomain {
    pub id: i64,
    pub registered_on: time::Date,
    pub row: DomainRow,
}

/// What the dashboard shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub brand_name: String,
    pub first_name: String,
    pub active_services: u64,
    /// Whether the client has any service at all, whatever its status.
    pub has_services: bool,
    pub unpaid_invoices: u64,
    /// What the unpaid invoices still ask for, per currency (zero in the client's currency
    /// when nothing is unpaid).
    pub due: Vec<Money>,
    /// `None` when the brand has no tickets in its portal.
    pub open_tickets: Option<u64>,
    /// Active or suspended services, the next due first.
    pub due_soon: Vec<PortalService>,
    /// Unpaid invoices, the earliest due first.
    pub unpaid: Vec<InvoiceRow>,
    pub show_toman: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServicesView {
    pub rows: Vec<PortalService>,
    pub show_toman: bool,
}

/// One service and its addons.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub service: PortalService,
    pub created_on: time::Date,
    pub addons: Vec<AddonRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceView {
    pub detail: ServiceDetail,
    pub show_toman: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainsView {
    pub rows: Vec<PortalDomain>,
    pub show_toman: bool,
}

#[server(endpoint = "portal/dashboard")]
pub async fn portal_dashboard(brand: String) -> Result<Dashboard, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            service::dashboard(access.db(), &access).await
        }
        .await,
    )
}

#[server(endpoint = "portal/services")]
pub async fn portal_services(brand: String) -> Result<ServicesView, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            let rows = service::services(access.db(), &access).await?;
            Ok(ServicesView { rows, show_toman: access.reseller.show_toman })
        }
        .await,
    )
}

#[server(endpoint = "portal/service")]
pub async fn portal_service_detail(brand: String, id: i64) -> Result<ServiceView, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            let detail = service::service_detail(access.db(), &access, id).await?;
            Ok(ServiceView { detail, show_toman: access.reseller.show_toman })
        }
        .await,
    )
}

#[server(endpoint = "portal/domains")]
pub async fn portal_domains(brand: String) -> Result<DomainsView, AppError> {
    crate::error::respond(
        async {
            let access = crate::portal::PortalRequest::current(&brand).await?;
            let rows = service::domains(access.db(), &access).await?;
            Ok(DomainsView { rows, show_toman: access.reseller.show_toman })
        }
        .await,
    )
}

fn date_view(d: time::Date, locale: Locale) -> impl IntoView {
    view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> }
}

fn money(m: &Money, locale: Locale, show_toman: bool) -> String {
    format_money(m.amount, &m.currency, locale, show_toman)
}

/// "You have no services yet", with the way to the store.
fn no_services(slug: &str, t: &'static Strings) -> AnyView {
    view! {
        <div class="notice empty-state" role="status">
            <p>{t.ph_no_services}</p>
            <p><A href=portal_path(slug, "/store")>{t.ph_go_to_store}</A></p>
        </div>
    }
    .into_any()
}

/// The services table; `with_cycle` adds the cycle and amount columns (left out on the
/// dashboard's short list).
fn services_table(rows: Vec<PortalService>, slug: &str, show_toman: bool, with_cycle: bool) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    view! {
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.col_product}</th>
                        <th scope="col">{t.col_domain}</th>
                        {with_cycle.then(|| view! {
                            <th scope="col">{t.col_cycle}</th>
                            <th scope="col">{t.col_amount}</th>
                        })}
                        <th scope="col">{t.col_next_due}</th>
                        <th scope="col">{t.col_status}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|s| {
                        let href = portal_path(slug, &format!("/services/{}", s.id));
                        let r = s.row;
                        let name = r.product.pick(locale).to_owned();
                        view! {
                            <tr>
                                <td><A href=href>{name}</A></td>
                                <td dir="ltr">{r.label.unwrap_or_default()}</td>
                                {with_cycle.then(|| view! {
                                    <td>{r.cycle.label(t)}</td>
                                    <td class="num">{money(&r.amount, locale, show_toman)}</td>
                                })}
                                <td>{r.next_due_on.map(|d| date_view(d, locale))}</td>
                                <td><StatusBadge status=r.status /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let dashboard = crate::ui::resource(move || slug.get(), portal_dashboard);
    view! {
        <PageTitle text=t.nav_dashboard />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match dashboard.await {
                    Ok(d) => dashboard_view(d, &slug.get_untracked()),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn dashboard_view(d: Dashboard, slug: &str) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let count = move |n: u64| format_number(n as i64, locale);
    let due = d.due.iter().map(|m| money(m, locale, d.show_toman)).collect::<Vec<_>>().join(if locale == Locale::Fa {
        "، "
    } else {
        ", "
    });
    let tickets = d.open_tickets.map(|n| {
        view! {
            <li class="stat">
                <A href=portal_path(slug, "/tickets")>
                    <span class="stat-value">{count(n)}</span>
                    <span class="stat-label">{t.ph_open_tickets}</span>
                </A>
            </li>
        }
    });
    let due_soon = if d.due_soon.is_empty() {
        if !d.has_services {
            no_services(slug, t)
        } else {
            view! { <p class="muted">{t.ph_nothing_due}</p> }.into_any()
        }
    } else {
        services_table(d.due_soon, slug, d.show_toman, false)
    };
    let unpaid = if d.unpaid.is_empty() {
        view! { <p class="muted" role="status">{t.ph_no_unpaid}</p> }.into_any()
    } else {
        let (show_toman, slug) = (d.show_toman, slug.to_owned());
        view! {
            <DataTable heads=[t.col_number, t.col_due, t.col_total, t.col_status]>
                {d.unpaid.into_iter().map(|i| {
                    let number = format_number(i.number, locale);
                    let label = fill(t.inv_title, &[("number", &number)]);
                    view! {
                        <tr>
                            <td><A href=portal_path(&slug, &format!("/invoices/{}", i.number)) attr:aria-label=label>{number}</A></td>
                            <td>{date_view(i.due_on, locale)}</td>
                            <td class="num">{money(&i.total, locale, show_toman)}</td>
                            <td><StatusBadge status=i.status /></td>
                        </tr>
                    }
                }).collect_view()}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <div class="page-heading">
            <h1>{fill(t.ph_welcome_heading, &[("brand", &d.brand_name)])}</h1>
        </div>
        <p class="muted">{fill(t.ph_hello, &[("name", &d.first_name)])}</p>
        <ul class="stats portal-stats" aria-label=t.ph_summary>
            <li class="stat">
                <A href=portal_path(slug, "/services")>
                    <span class="stat-value">{count(d.active_services)}</span>
                    <span class="stat-label">{t.ph_active_services}</span>
                </A>
            </li>
            <li class="stat">
                <A href=portal_path(slug, "/invoices")>
                    <span class="stat-value">{count(d.unpaid_invoices)}</span>
                    <span class="stat-label">{t.ph_unpaid_invoices}</span>
                    <span class="stat-note">{fill(t.ph_total_due, &[("amount", &due)])}</span>
                </A>
            </li>
            {tickets}
        </ul>
        <section class="portal-section" aria-labelledby="ph-due-soon">
            <h2 id="ph-due-soon">{t.ph_due_soon}</h2>
            {due_soon}
        </section>
        <section class="portal-section" aria-labelledby="ph-unpaid">
            <h2 id="ph-unpaid">{t.ph_unpaid_invoices}</h2>
            {unpaid}
        </section>
    }
    .into_any()
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let services = crate::ui::resource(move || slug.get(), portal_services);
    view! {
        <PageTitle text=t.nav_services />
        <div class="page-heading"><h1>{t.nav_services}</h1></div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match services.await {
                    Ok(view) if view.rows.is_empty() => no_services(&slug, t),
                    Ok(view) => services_table(view.rows, &slug, view.show_toman, true),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ServicePage() -> impl IntoView {
    let slug = brand_slug();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<i64>().ok()));
    let service = crate::ui::resource(
        move || (slug.get(), id.get()),
        |(slug, id)| async move {
            match id {
                Some(id) => portal_service_detail(slug, id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match service.await {
                    Ok(view) => service_view(view, &slug.get_untracked()),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn service_view(view: ServiceView, slug: &str) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let ServiceView { detail, show_toman } = view;
    let r = detail.service.row;
    let name = r.product.pick(locale).to_owned();
    let title = match &r.label {
        Some(label) => format!("{name} ({label})"),
        None => name.clone(),
    };
    let addons = if detail.addons.is_empty() {
        view! { <p class="muted" role="status">{t.ph_no_addons}</p> }.into_any()
    } else {
        view! {
            <DataTable heads=[t.col_addon, t.col_cycle, t.col_amount, t.col_next_due, t.col_status]>
                {detail.addons.into_iter().map(|a| view! {
                    <tr>
                        <td>{a.addon.pick(locale).to_owned()}</td>
                        <td>{a.cycle.label(t)}</td>
                        <td class="num">{money(&a.amount, locale, show_toman)}</td>
                        <td>{a.next_due_on.map(|d| date_view(d, locale))}</td>
                        <td><StatusBadge status=a.status /></td>
                    </tr>
                }).collect_view()}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <PageTitle text=title.clone() />
        <p class="muted small"><A href=portal_path(slug, "/services")>{t.ph_back_to_services}</A></p>
        <div class="page-heading"><h1>{title}</h1></div>
        <dl class="details">
            <dt>{t.col_product}</dt>
            <dd>{name}</dd>
            <dt>{t.col_domain}</dt>
            <dd dir="ltr">{r.label.unwrap_or_else(|| "—".to_owned())}</dd>
            <dt>{t.col_cycle}</dt>
            <dd>{r.cycle.label(t)}</dd>
            <dt>{t.ph_recurring_amount}</dt>
            <dd>{money(&r.amount, locale, show_toman)}</dd>
            <dt>{t.col_next_due}</dt>
            <dd>{match r.next_due_on { Some(d) => date_view(d, locale).into_any(), None => "—".into_any() }}</dd>
            <dt>{t.ph_ordered_on}</dt>
            <dd>{date_view(detail.created_on, locale)}</dd>
            <dt>{t.col_status}</dt>
            <dd><StatusBadge status=r.status /></dd>
        </dl>
        <section class="portal-section" aria-labelledby="ph-addons">
            <h2 id="ph-addons">{t.tab_addons}</h2>
            {addons}
        </section>
    }
    .into_any()
}

#[component]
pub fn DomainsPage() -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let slug = brand_slug();
    let domains = crate::ui::resource(move || slug.get(), portal_domains);
    view! {
        <PageTitle text=t.nav_domains />
        <div class="page-heading"><h1>{t.nav_domains}</h1></div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let slug = slug.get_untracked();
                match domains.await {
                    Ok(view) if view.rows.is_empty() => view! {
                        <div class="notice empty-state" role="status">
                            <p>{t.ph_no_domains}</p>
                            <p><A href=portal_path(&slug, "/store")>{t.ph_go_to_store}</A></p>
                        </div>
                    }.into_any(),
                    Ok(view) => {
                        let show_toman = view.show_toman;
                        view! {
                            <DataTable heads=[t.col_domain, t.ph_col_registered, t.ph_col_expires, t.col_amount, t.col_status]>
                                {view.rows.into_iter().map(|d| view! {
                                    <tr>
                                        <td dir="ltr">{d.row.name}</td>
                                        <td>{date_view(d.registered_on, locale)}</td>
                                        <td>{d.row.expires_on.map(|e| date_view(e, locale))}</td>
                                        <td class="num">{money(&d.row.amount, locale, show_toman)}</td>
                                        <td><StatusBadge status=d.row.status /></td>
                                    </tr>
                                }).collect_view()}
                            </DataTable>
                        }.into_any()
                    }
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
