//! What a client has, as the tabs of their details page show it: orders, invoices, services,
//! addons, domains, tickets, emails and the audit trail. Read-only here; ordering, payments
//! and tickets write these tables in their own features.

use crate::audit::ActivityRow;
use crate::clients::login_as::{LoginAsClient, LoginAsClientError, LoginAsClientForm, PortalTarget};
use crate::error::AppError;
use crate::i18n::{Locale, Strings, fill, format_date, format_money, format_number, use_i18n};
use crate::invoices::InvoiceStatus;
use crate::orders::PlacedBy;
use crate::orders::manage::{DomainStatus, OrderStatus, RegistrationKind, ServiceStatus};
use crate::tickets::{Priority, TicketStatus};
use crate::ui::{ErrorNotice, Loading, StatusBadge};
use crate::values::{BillingCycle, OutboxStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;

crate::codes! {
    /// The tabs of a client's details page after Profile.
    pub enum RecordTab {
        Orders = "orders" => nav_orders,
        Invoices = "invoices" => nav_invoices,
        Services = "services" => nav_services,
        Addons = "addons" => tab_addons,
        Domains = "domains" => nav_domains,
        Tickets = "tickets" => nav_tickets,
        Emails = "emails" => tab_emails,
        Activity = "activity" => tab_activity,
    }
}

/// A catalog name in both languages; the UI picks one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub fa: String,
    pub en: String,
}

impl Named {
    pub fn pick(&self, locale: Locale) -> &str {
        match locale {
            Locale::Fa => &self.fa,
            Locale::En => &self.en,
        }
    }
}

pub use crate::values::Money;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRow {
    pub number: i64,
    pub placed_on: time::Date,
    pub placed_by: PlacedBy,
    pub items: Vec<String>,
    pub total: Money,
    pub status: OrderStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    pub number: i64,
    pub issued_on: time::Date,
    pub due_on: time::Date,
    pub total: Money,
    pub paid: Money,
    pub status: InvoiceStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: i64,
    pub product: Named,
    pub label: Option<String>,
    pub cycle: BillingCycle,
    pub amount: Money,
    pub next_due_on: Option<time::Date>,
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonRow {
    pub addon: Named,
    pub service: Named,
    pub service_label: Option<String>,
    pub cycle: BillingCycle,
    pub amount: Money,
    pub next_due_on: Option<time::Date>,
    pub status: ServiceStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainRow {
    pub name: String,
    pub kind: RegistrationKind,
    pub period_years: i16,
    pub amount: Money,
    pub expires_on: Option<time::Date>,
    pub status: DomainStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRow {
    pub id: i64,
    pub subject: String,
    pub department: String,
    pub priority: Priority,
    pub last_reply_on: time::Date,
    pub status: TicketStatus,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailRow {
    pub queued_on: time::Date,
    pub to: String,
    pub subject: String,
    pub last_error: Option<String>,
    pub status: OutboxStatus,
}

/// The rows of one tab, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Records {
    Orders(Vec<OrderRow>),
    Invoices(Vec<InvoiceRow>),
    Services(Vec<ServiceRow>),
    Addons(Vec<AddonRow>),
    Domains(Vec<DomainRow>),
    Tickets(Vec<TicketRow>),
    Emails(Vec<EmailRow>),
    Activity(Vec<ActivityRow>),
}

impl Records {
    pub fn is_empty(&self) -> bool {
        match self {
            Records::Orders(rows) => rows.is_empty(),
            Records::Invoices(rows) => rows.is_empty(),
            Records::Services(rows) => rows.is_empty(),
            Records::Addons(rows) => rows.is_empty(),
            Records::Domains(rows) => rows.is_empty(),
            Records::Tickets(rows) => rows.is_empty(),
            Records::Emails(rows) => rows.is_empty(),
            Records::Activity(rows) => rows.is_empty(),
        }
    }
}

#[cfg(feature = "ssr")]
impl ServiceRow {
    /// The row of `s`, whose product is named `product`.
    pub fn of(s: crate::entities::service::Model, product: Named) -> Self {
        ServiceRow {
            id: s.id,
            product,
            label: s.label,
            cycle: s.billing_cycle,
            amount: Money { amount: s.recurring_amount, currency: s.currency },
            next_due_on: s.next_due_on,
            status: s.status,
        }
    }
}

/// One tab's rows and how the reseller shows Rial amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordsView {
    pub client_id: i64,
    pub records: Records,
    pub show_toman: bool,
    /// Whether rows offer "View in portal" (login as the client, at that row's page).
    pub login_as: bool,
}

/// One tab of the signed-in reseller's own client; another reseller's client is not found.
#[server(endpoint = "clients/records")]
pub async fn client_records(client_id: i64, tab: RecordTab) -> Result<RecordsView, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            let (owner, records) = service::client_records(me.db(), me.id, client_id, tab).await?;
            let login_as = me.allow_login_as_client && owner.status != crate::clients::ClientStatus::Closed;
            Ok(RecordsView { client_id, records, show_toman: me.show_toman, login_as })
        }
        .await,
    )
}

/// Why an email is not sent yet (or failed), as the worker records it.
fn email_error_label(kind: &str, t: &Strings) -> &'static str {
    match kind {
        "smtp_unavailable" => t.email_error_smtp_unavailable,
        "smtp_rejected" => t.email_error_smtp_rejected,
        "invalid_message" => t.email_error_invalid_message,
        _ => t.email_error_other,
    }
}

/// The rows of the open tab, or `None` on the Profile tab. The page creates this resource at
/// its top level, beside the profile's, so both load at once and hydrate in the same order.
pub type RecordsResource = Resource<Result<Option<RecordsView>, AppError>, crate::ui::Json>;

pub fn records_resource(client_id: Memo<i64>, tab: Memo<Option<RecordTab>>) -> RecordsResource {
    crate::ui::resource(
        move || (client_id.get(), tab.get()),
        |(client_id, tab)| async move {
            match tab {
                Some(tab) => client_records(client_id, tab).await.map(Some),
                None => Ok(None),
            }
        },
    )
}

/// The table of the open tab.
/// A ticket's department: its current name, or for a ticket older than department names one
/// of the codes it was filed under (shown as stored when it is neither).
fn department_label(department: &str, t: &Strings) -> String {
    match department {
        "sales" => t.dept_sales,
        "billing" => t.dept_billing,
        "support" => t.dept_support,
        name => name,
    }
    .to_owned()
}

#[component]
pub fn RecordsPanel(rows: RecordsResource) -> impl IntoView {
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(Some(view)) => records_table(view).into_any(),
                    Ok(None) => ().into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn records_table(view: RecordsView) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    if view.records.is_empty() {
        return view! { <p class="notice" role="status">{t.records_empty}</p> }.into_any();
    }
    let money = move |m: &Money| format_money(m.amount, &m.currency, locale, view.show_toman);
    let date = move |d: time::Date| view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> };
    let maybe_date = move |d: Option<time::Date>| d.map(date);
    let number = move |n: i64| format_number(n, locale);
    let head =
        |labels: &[&'static str]| labels.iter().map(|label| view! { <th scope="col">{*label}</th> }).collect_view();
    // "View in portal": signs in to the portal as the client, at this row's page. The rows
    // share one action; its error shows once, above the table.
    let (client_id, login_as) = (view.client_id, view.login_as);
    let action = ServerAction::<LoginAsClient>::new();
    let in_portal = move |target: PortalTarget, what: String| {
        login_as.then(|| {
            let label = fill(t.view_in_portal_label, &[("what", &what)]);
            view! { <td><LoginAsClientForm action client_id target label text=t.view_in_portal /></td> }
        })
    };
    let portal_head = move || {
        login_as.then(|| view! { <th scope="col"><span class="visually-hidden">{t.view_in_portal}</span></th> })
    };
    let (header, body) = match view.records {
        Records::Orders(rows) => (
            head(&[t.col_number, t.col_date, t.col_product, t.col_placed_by, t.col_total, t.col_status]).into_any(),
            rows.into_iter().map(|r| view! {
                <tr>
                    <td><A href=format!("/reseller/orders/{}", r.number) attr:aria-label=fill(t.ord_title, &[("number", &number(r.number))])>{number(r.number)}</A></td>
                    <td>{date(r.placed_on)}</td>
                    <td>{r.items.join(if locale == Locale::Fa { "، " } else { ", " })}</td>
                    <td>{r.placed_by.label(t)}</td>
                    <td class="num">{money(&r.total)}</td>
                    <td><StatusBadge status=r.status /></td>
                </tr>
            }).collect_view().into_any(),
        ),
        Records::Invoices(rows) => (
            view! { {head(&[t.col_number, t.col_date, t.col_due, t.col_total, t.col_paid, t.col_status])} {portal_head()} }.into_any(),
            rows.into_iter().map(|r| view! {
                <tr>
                    <td><A href=format!("/reseller/invoices/{}", r.number) attr:aria-label=fill(t.inv_title, &[("number", &number(r.number))])>{number(r.number)}</A></td>
                    <td>{date(r.issued_on)}</td>
                    <td>{date(r.due_on)}</td>
                    <td class="num">{money(&r.total)}</td>
                    <td class="num">{money(&r.paid)}</td>
                    <td><StatusBadge status=r.status /></td>
                    {in_portal(PortalTarget::Invoice(r.number), fill(t.inv_title, &[("number", &number(r.number))]))}
                </tr>
            }).collect_view().into_any(),
        ),
        Records::Services(rows) => (
            view! { {head(&[t.col_product, t.col_domain, t.col_cycle, t.col_amount, t.col_next_due, t.col_status])} {portal_head()} }.into_any(),
            rows.into_iter().map(|r| {
                let what = match &r.label {
                    Some(label) => format!("{} {label}", r.product.pick(locale)),
                    None => r.product.pick(locale).to_owned(),
                };
                view! {
                    <tr>
                        <td>{r.product.pick(locale).to_owned()}</td>
                        <td dir="ltr">{r.label.unwrap_or_default()}</td>
                        <td>{r.cycle.label(t)}</td>
                        <td class="num">{money(&r.amount)}</td>
                        <td>{maybe_date(r.next_due_on)}</td>
                        <td><StatusBadge status=r.status /></td>
                        {in_portal(PortalTarget::Service(r.id), what)}
                    </tr>
                }
            }).collect_view().into_any(),
        ),
        Records::Addons(rows) => (
            head(&[t.col_addon, t.col_service, t.col_cycle, t.col_amount, t.col_next_due, t.col_status]).into_any(),
            rows.into_iter().map(|r| {
                let service = match &r.service_label {
                    Some(label) => format!("{} ({label})", r.service.pick(locale)),
                    None => r.service.pick(locale).to_owned(),
                };
                view! {
                    <tr>
                        <td>{r.addon.pick(locale).to_owned()}</td>
                        <td>{service}</td>
                        <td>{r.cycle.label(t)}</td>
                        <td class="num">{money(&r.amount)}</td>
                        <td>{maybe_date(r.next_due_on)}</td>
                        <td><StatusBadge status=r.status /></td>
                    </tr>
                }
            }).collect_view().into_any(),
        ),
        Records::Domains(rows) => (
            head(&[t.col_domain, t.col_kind, t.col_period, t.col_amount, t.col_expires, t.col_status]).into_any(),
            rows.into_iter().map(|r| view! {
                <tr>
                    <td dir="ltr">{r.name}</td>
                    <td>{r.kind.label(t)}</td>
                    <td>{fill(t.years.of(i64::from(r.period_years)), &[("n", &number(i64::from(r.period_years)))])}</td>
                    <td class="num">{money(&r.amount)}</td>
                    <td>{maybe_date(r.expires_on)}</td>
                    <td><StatusBadge status=r.status /></td>
                </tr>
            }).collect_view().into_any(),
        ),
        Records::Tickets(rows) => (
            view! { {head(&[t.col_id, t.col_subject, t.col_department, t.col_priority, t.col_last_reply, t.col_status])} {portal_head()} }.into_any(),
            rows.into_iter().map(|r| {
                let portal = in_portal(PortalTarget::Ticket(r.id), r.subject.clone());
                view! {
                <tr>
                    <td>{number(r.id)}</td>
                    <td><A href=format!("/reseller/tickets/{}", r.id)>{r.subject}</A></td>
                    <td>{department_label(&r.department, t)}</td>
                    <td>{r.priority.label(t)}</td>
                    <td>{date(r.last_reply_on)}</td>
                    <td><StatusBadge status=r.status /></td>
                    {portal}
                </tr>
                }
            }).collect_view().into_any(),
        ),
        Records::Emails(rows) => (
            head(&[t.col_date, t.col_to, t.col_subject, t.col_status]).into_any(),
            rows.into_iter().map(|r| view! {
                <tr>
                    <td>{date(r.queued_on)}</td>
                    <td dir="ltr">{r.to}</td>
                    <td>{r.subject}</td>
                    <td>
                        <StatusBadge status=r.status />
                        {r.last_error.map(|kind| view! { <span class="muted">" "{email_error_label(&kind, t)}</span> })}
                    </td>
                </tr>
            }).collect_view().into_any(),
        ),
        Records::Activity(rows) => (
            head(&[t.col_when, t.col_what, t.col_ip]).into_any(),
            rows.into_iter().map(|r| view! {
                <tr>
                    <td>{date(r.on)}</td>
                    <td>{r.describe(t)}</td>
                    <td dir="ltr">{r.ip.clone().unwrap_or_default()}</td>
                </tr>
            }).collect_view().into_any(),
        ),
    };
    view! {
        {login_as.then(|| view! { <LoginAsClientError action /> })}
        <table class="data">
            <thead><tr>{header}</tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
    .into_any()
}
