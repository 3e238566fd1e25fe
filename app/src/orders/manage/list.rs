//! The orders list: a status filter and pages as plain links, so the view is in the URL and
//! works before hydration.

use super::{OrderListQuery, OrderListView, list_orders};
use crate::i18n::{Locale, fill, format_date, format_money, format_number, use_i18n};
use crate::status_list::{ListTexts, StatusListScreen};
use crate::ui::{DataTable, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let t = use_i18n().t();
    let table = |view, query| view! { <OrderTable view query /> }.into_any();
    view! { <StatusListScreen title=t.nav_orders filter_label=t.ord_filter_by_status fetch=list_orders table /> }
}

#[component]
fn OrderTable(view: OrderListView, query: OrderListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let OrderListView { list, show_toman } = view;
    let texts = ListTexts { range: t.ord_showing_range, empty: t.ord_empty, no_matches: t.ord_no_matches };
    let range = match list.note(query.status.is_some(), texts, locale) {
        Ok(range) => range,
        Err(notice) => return view! { <p class="notice" role="status">{notice}</p> }.into_any(),
    };
    let (current, pages) = (list.page, list.pages());
    let separator = if locale == Locale::Fa { "، " } else { ", " };
    view! {
        <p class="muted" role="status">{range}</p>
        <DataTable heads=[t.col_number, t.col_date, t.ord_col_client, t.ord_col_items, t.col_total, t.col_placed_by, t.col_status]>
            {list.rows.into_iter().map(|o| {
                let number = format_number(o.number, locale);
                let label = fill(t.ord_title, &[("number", &number)]);
                view! {
                    <tr>
                        <td><A href=format!("/reseller/orders/{}", o.number) attr:aria-label=label>{number}</A></td>
                        <td><time datetime=o.placed_on.to_string()>{format_date(o.placed_on, locale)}</time></td>
                        <td><A href=format!("/reseller/clients/{}", o.client_id)>{o.client_name}</A></td>
                        <td>{o.items.join(separator)}</td>
                        <td class="num">{format_money(o.total.amount, &o.total.currency, locale, show_toman)}</td>
                        <td>{o.placed_by.label(t)}</td>
                        <td><StatusBadge status=o.status /></td>
                    </tr>
                }
            }).collect_view()}
        </DataTable>
        <Pager current pages href=move |page| query.at_page(page).href() />
    }
    .into_any()
}
