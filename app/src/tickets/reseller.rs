//! The reseller's tickets: the list (status filter and page in the URL) and one ticket with its
//! thread, the answer form and Close / Reopen. All plain forms and links, so they work before
//! hydration.

use super::thread::{MessageField, Thread, TicketHead, when_view};
use super::{
    ChangeTicket, ReplyTicket, TicketChange, TicketDetail, TicketListPage, TicketListQuery, TicketStatus, list_tickets,
    load_ticket,
};
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, format_number, use_i18n};
use crate::status_list::{ListTexts, StatusListScreen};
use crate::ui::{DataTable, ErrorNotice, Loading, PageError, Pager, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ResellerTicketsPage() -> impl IntoView {
    let t = use_i18n().t();
    let table = |list, query| view! { <TicketTable list query /> }.into_any();
    view! {
        <StatusListScreen title=t.nav_tickets filter_label=t.tk_filter_by_status fetch=list_tickets table>
            <A href="/reseller/tickets/departments" attr:class="button">{t.tk_departments_link}</A>
        </StatusListScreen>
    }
}

#[component]
fn TicketTable(list: TicketListPage, query: TicketListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let texts = ListTexts { range: t.tk_showing_range, empty: t.tk_empty, no_matches: t.tk_no_matches };
    let range = match list.note(query.status.is_some(), texts, locale) {
        Ok(range) => range,
        Err(notice) => return view! { <p class="notice" role="status">{notice}</p> }.into_any(),
    };
    let (current, pages) = (list.page, list.pages());
    view! {
        <p class="muted" role="status">{range}</p>
        <DataTable heads=[t.col_subject, t.tk_col_client, t.col_department, t.col_status, t.col_last_reply]>
            {list.rows.into_iter().map(|r| view! {
                <tr>
                    <td><A href=format!("/reseller/tickets/{}", r.id)>{r.subject}</A></td>
                    <td><A href=format!("/reseller/clients/{}", r.client_id)>{r.client_name}</A></td>
                    <td>{r.department}</td>
                    <td><StatusBadge status=r.status /></td>
                    <td>{when_view(r.last_reply_at, locale)}</td>
                </tr>
            }).collect_view()}
        </DataTable>
        <Pager current pages href=move |page| query.at_page(page).href() />
    }
    .into_any()
}

#[component]
pub fn ResellerTicketPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let reply = ServerAction::<ReplyTicket>::new();
    let change = ServerAction::<ChangeTicket>::new();
    // Reloaded after an answer or a change, and after a refusal that means it changed
    // elsewhere; not after field errors, so the answer keeps what was typed.
    let revision = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if reply.value().get().is_some_and(|result| !matches!(result, Err(AppError::Validation(_)))) {
            revision.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if change.value().get().is_some() {
            revision.update(|n| *n += 1);
        }
    });
    let ticket = crate::ui::resource(move || (id.get(), revision.get()), |(id, _)| load_ticket(id));
    view! {
        <p><A href="/reseller/tickets" exact=true>{t.tk_back}</A></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(detail) => ticket_view(detail, reply, change),
                    Err(error) => view! { <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn ticket_view(detail: TicketDetail, reply: ServerAction<ReplyTicket>, change: ServerAction<ChangeTicket>) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let id = detail.id;
    let title = fill(t.tk_ticket_title, &[("number", &format_number(id, locale))]);
    let next = if detail.status == TicketStatus::Closed { TicketChange::Reopen } else { TicketChange::Close };
    let messages = detail.messages.clone();
    let client_label = format!("{}: {}", t.tk_client_details, detail.client_name);
    let (client_href, client_name) = (format!("/reseller/clients/{}", detail.client_id), detail.client_name.clone());
    let client = view! {
        <dt>{t.tk_col_client}</dt>
        <dd><A href=client_href attr:aria-label=client_label>{client_name}</A></dd>
    }
    .into_any();
    let reply_problem =
        Signal::derive(move || reply.value().get().and_then(Result::err).and_then(|e| e.field_problem("message")));
    let outcome = move || {
        let replied = reply.value().get().map(|r| r.map(|()| t.tk_reply_sent));
        let changed = change.value().get().map(|r| {
            r.map(|done| match done {
                TicketChange::Close => t.tk_closed_done,
                TicketChange::Reopen => t.tk_reopened_done,
            })
        });
        [replied, changed]
            .into_iter()
            .flatten()
            .map(|result| match result {
                Ok(done) => view! { <p class="form-saved" role="status">{done}</p> }.into_any(),
                Err(AppError::Validation(_)) => ().into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })
            .collect_view()
    };
    view! {
        <PageTitle text=format!("{title}: {}", detail.subject) />
        <TicketHead ticket=detail client />
        <Thread messages />
        <div aria-live="polite">{outcome}</div>
        <section class="ticket-reply" aria-labelledby="ticket-reply-heading">
            <h2 id="ticket-reply-heading">{t.tk_reply_heading}</h2>
            <ActionForm action=reply attr:class="stack" attr:aria-labelledby="ticket-reply-heading">
                <input type="hidden" name="id" value=id.to_string() />
                <MessageField id="ticket-reply" name="message" label=t.tk_field_message problem=reply_problem />
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || reply.pending().get()>{t.tk_send_reply}</button>
                </div>
            </ActionForm>
            <ActionForm action=change attr:class="ticket-close">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="change" value=next.code() />
                <button type="submit" class="button" disabled=move || change.pending().get()>
                    {if next == TicketChange::Close { t.tk_close } else { t.tk_reopen }}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}
