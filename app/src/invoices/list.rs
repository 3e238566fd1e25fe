//! The invoices list: a status filter and pages as plain links, so the view is in the URL and
//! works before hydration.

use super::{InvoiceListQuery, InvoiceListView, list_invoices};
use crate::escape::PageTitle;
use crate::i18n::{fill, format_date, format_money, format_number, use_i18n};
use crate::status_list::StatusFilter;
use crate::ui::{ErrorNotice, Loading, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        InvoiceListQuery::from_params(|key| params.get(key))
    });
    let invoices = Resource::new(move || query.get(), list_invoices);
    view! {
        <PageTitle text=t.nav_invoices />
        <div class="page-heading">
            <h1>{t.nav_invoices}</h1>
        </div>
        <StatusFilter query label=t.inv_filter_by_status />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match invoices.await {
                    Ok(view) => view! { <InvoiceTable view query=query.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn InvoiceTable(view: InvoiceListView, query: InvoiceListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let InvoiceListView { list, show_toman } = view;
    if list.rows.is_empty() {
        let message = if query.status.is_none() { t.inv_empty } else { t.inv_no_matches };
        return view! { <p class="notice" role="status">{message}</p> }.into_any();
    }
    let from = (list.page - 1) * InvoiceListQuery::PER_PAGE + 1;
    let to = from + list.rows.len() as u64 - 1;
    let range = fill(
        t.inv_showing_range,
        &[
            ("from", &format_number(from as i64, locale)),
            ("to", &format_number(to as i64, locale)),
            ("total", &format_number(list.total as i64, locale)),
        ],
    );
    let (current, pages) = (list.page, list.pages());
    let date = move |d: time::Date| view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> };
    view! {
        <p class="muted" role="status">{range}</p>
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.col_number}</th>
                        <th scope="col">{t.inv_col_client}</th>
                        <th scope="col">{t.inv_col_issued}</th>
                        <th scope="col">{t.col_due}</th>
                        <th scope="col">{t.col_total}</th>
                        <th scope="col">{t.col_paid}</th>
                        <th scope="col">{t.col_status}</th>
                    </tr>
                </thead>
                <tbody>
                    {list.rows.into_iter().map(|i| {
                        let number = format_number(i.number, locale);
                        let label = fill(t.inv_title, &[("number", &number)]);
                        view! {
                            <tr>
                                <td><A href=format!("/reseller/invoices/{}", i.number) attr:aria-label=label>{number}</A></td>
                                <td><A href=format!("/reseller/clients/{}", i.client_id)>{i.client_name}</A></td>
                                <td>{date(i.issued_on)}</td>
                                <td>{date(i.due_on)}</td>
                                <td class="num">{format_money(i.total.amount, &i.total.currency, locale, show_toman)}</td>
                                <td class="num">{format_money(i.paid.amount, &i.paid.currency, locale, show_toman)}</td>
                                <td><StatusBadge status=i.status /></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Pager current pages href=move |page| query.at_page(page).href() />
    }
    .into_any()
}
