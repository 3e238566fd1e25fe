//! The client's invoices: open ones first, a status filter and pages as plain links, so the
//! view is in the URL and works before hydration.

use super::{PortalInvoiceList, PortalInvoiceQuery, list_portal_invoices};
use crate::escape::PageTitle;
use crate::i18n::{fill, format_date, format_money, format_number, use_i18n};
use crate::invoices::InvoiceStatus;
use crate::portal::{brand_slug, portal_path};
use crate::ui::{Loading, PageError, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        PortalInvoiceQuery::from_params(|key| params.get(key))
    });
    let invoices =
        crate::ui::resource(move || (slug.get(), query.get()), |(slug, query)| list_portal_invoices(slug, query));
    view! {
        <PageTitle text=t.nav_invoices />
        <div class="page-heading">
            <h1>{t.nav_invoices}</h1>
        </div>
        <StatusLinks query slug />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match invoices.await {
                    Ok(list) => view! { <InvoiceTable list query=query.get_untracked() slug=slug.get_untracked() /> }.into_any(),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// "All" and one link per status a client can see.
#[component]
fn StatusLinks(query: Memo<PortalInvoiceQuery>, slug: Memo<String>) -> impl IntoView {
    let t = use_i18n().t();
    let link = move |status: Option<InvoiceStatus>| {
        let text = match status {
            None => t.all_statuses.to_owned(),
            Some(s) => s.label(t).to_owned(),
        };
        let href = move || query.read().with_status(status).href(&slug.read());
        let current = move || (query.read().status == status).then_some("page");
        view! { <a href=href aria-current=current>{text}</a> }
    };
    view! {
        <nav class="tabs" aria-label=t.inv_filter_by_status>
            {link(None)}
            {PortalInvoiceQuery::STATUSES.into_iter().map(|s| link(Some(s))).collect_view()}
        </nav>
    }
}

#[component]
fn InvoiceTable(list: PortalInvoiceList, query: PortalInvoiceQuery, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    if list.rows.is_empty() {
        let message = if query.status.is_none() { t.inv_empty } else { t.inv_no_matches };
        return view! { <p class="notice" role="status">{message}</p> }.into_any();
    }
    let show_toman = list.show_toman;
    let from = (list.page - 1) * PortalInvoiceQuery::PER_PAGE + 1;
    let to = from + list.rows.len() as u64 - 1;
    let range = fill(
        t.inv_showing_range,
        &[
            ("from", &format_number(from as i64, locale)),
            ("to", &format_number(to as i64, locale)),
            ("total", &format_number(list.total as i64, locale)),
        ],
    );
    let (current, pages) = (list.page, PortalInvoiceQuery::pages(list.total));
    let date = move |d: time::Date| view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> };
    let rows = list
        .rows
        .into_iter()
        .map(|i| {
            let number = format_number(i.number, locale);
            let label = fill(t.inv_title, &[("number", &number)]);
            let href = portal_path(&slug, &format!("/invoices/{}", i.number));
            view! {
                <tr>
                    <td><A href=href attr:aria-label=label>{number}</A></td>
                    <td>{date(i.issued_on)}</td>
                    <td>{date(i.due_on)}</td>
                    <td class="num">{format_money(i.total, &i.currency, locale, show_toman)}</td>
                    <td class="num">{format_money(i.balance, &i.currency, locale, show_toman)}</td>
                    <td><StatusBadge status=i.status /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="muted" role="status">{range}</p>
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.col_number}</th>
                        <th scope="col">{t.inv_col_issued}</th>
                        <th scope="col">{t.col_due}</th>
                        <th scope="col" class="num">{t.col_total}</th>
                        <th scope="col" class="num">{t.inv_balance}</th>
                        <th scope="col">{t.col_status}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {(pages > 1).then(|| view! { <Pager current pages href=move |page| query.at_page(page).href(&slug) /> })}
    }
    .into_any()
}
