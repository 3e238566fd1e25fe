//! The invoices list: a status filter and pages as plain links, so the view is in the URL and
//! works before hydration.

use super::{InvoiceListQuery, InvoiceListView, list_invoices};
use crate::i18n::{fill, format_date, format_money, format_number, use_i18n};
use crate::status_list::{ListTexts, StatusListScreen};
use crate::ui::{DataTable, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn InvoicesPage() -> impl IntoView {
    let t = use_i18n().t();
    let table = |view, query| view! { <InvoiceTable view query /> }.into_any();
    view! { <StatusListScreen title=t.nav_invoices filter_label=t.inv_filter_by_status fetch=list_invoices table /> }
}

#[component]
fn InvoiceTable(view: InvoiceListView, query: InvoiceListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let InvoiceListView { list, show_toman } = view;
    let texts = ListTexts { range: t.inv_showing_range, empty: t.inv_empty, no_matches: t.inv_no_matches };
    let range = match list.note(query.status.is_some(), texts, locale) {
        Ok(range) => range,
        Err(notice) => return view! { <p class="notice" role="status">{notice}</p> }.into_any(),
    };
    let (current, pages) = (list.page, list.pages());
    let date = move |d: time::Date| view! { <time datetime=d.to_string()>{format_date(d, locale)}</time> };
    view! {
        <p class="muted" role="status">{range}</p>
        <DataTable heads=[t.col_number, t.inv_col_client, t.inv_col_issued, t.col_due, t.col_total, t.col_paid, t.col_status]>
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
        </DataTable>
        <Pager current pages href=move |page| query.at_page(page).href() />
    }
    .into_any()
}
