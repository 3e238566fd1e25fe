//! The orders list: a status filter and pages as plain links, so the view is in the URL and
//! works before hydration.

use super::{OrderListQuery, OrderListView, list_orders};
use crate::escape::PageTitle;
use crate::i18n::{Locale, fill, format_date, format_money, format_number, use_i18n};
use crate::status_list::StatusFilter;
use crate::ui::{ErrorNotice, Loading, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OrdersPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        let params = params.read();
        OrderListQuery::from_params(|key| params.get(key))
    });
    let orders = Resource::new(move || query.get(), list_orders);
    view! {
        <PageTitle text=t.nav_orders />
        <div class="page-heading">
            <h1>{t.nav_orders}</h1>
        </div>
        <StatusFilter query label=t.ord_filter_by_status />
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match orders.await {
                    Ok(view) => view! { <OrderTable view query=query.get_untracked() /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn OrderTable(view: OrderListView, query: OrderListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let OrderListView { list, show_toman } = view;
    if list.rows.is_empty() {
        let message = if query.status.is_none() { t.ord_empty } else { t.ord_no_matches };
        return view! { <p class="notice" role="status">{message}</p> }.into_any();
    }
    let from = (list.page - 1) * OrderListQuery::PER_PAGE + 1;
    let to = from + list.rows.len() as u64 - 1;
    let range = fill(
        t.ord_showing_range,
        &[
            ("from", &format_number(from as i64, locale)),
            ("to", &format_number(to as i64, locale)),
            ("total", &format_number(list.total as i64, locale)),
        ],
    );
    let (current, pages) = (list.page, list.pages());
    let separator = if locale == Locale::Fa { "، " } else { ", " };
    view! {
        <p class="muted" role="status">{range}</p>
        <div class="table-scroll">
            <table class="data">
                <thead>
                    <tr>
                        <th scope="col">{t.col_number}</th>
                        <th scope="col">{t.col_date}</th>
                        <th scope="col">{t.ord_col_client}</th>
                        <th scope="col">{t.ord_col_items}</th>
                        <th scope="col">{t.col_total}</th>
                        <th scope="col">{t.col_placed_by}</th>
                        <th scope="col">{t.col_status}</th>
                    </tr>
                </thead>
                <tbody>
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
                </tbody>
            </table>
        </div>
        <Pager current pages href=move |page| query.at_page(page).href() />
    }
    .into_any()
}
