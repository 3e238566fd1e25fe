//! The client's tickets in the portal: the list, "Open ticket", and one ticket with its thread,
//! a reply form and "Close ticket". With tickets off, every page here is "not found" (the
//! server functions answer Forbidden), as if the pages did not exist.

use super::thread::{MessageField, Thread, TicketHead, when_view};
use super::{
    ClosePortalTicket, NewTicketChoices, OpenPortalTicket, Priority, ReplyPortalTicket, TicketDetail, TicketRow,
    TicketStatus, portal_ticket, portal_ticket_departments, portal_tickets,
};
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, format_number, use_i18n};
use crate::portal::{brand_slug, portal_path};
use crate::ui::{DataTable, ErrorNotice, Loading, PageError, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// Tickets switched off look like pages that do not exist.
fn page_error(error: AppError) -> AnyView {
    let error = if error == AppError::Forbidden { AppError::NotFound } else { error };
    view! { <PageError error /> }.into_any()
}

#[component]
pub fn PortalTicketsPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let tickets = crate::ui::resource(move || slug.get(), portal_tickets);
    view! {
        <PageTitle text=t.nav_tickets />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match tickets.await {
                    Ok(rows) => view! {
                        <div class="page-heading">
                            <h1>{t.nav_tickets}</h1>
                            <A href=portal_path(&slug.get_untracked(), "/tickets/new") attr:class="button primary">{t.tk_open_ticket}</A>
                        </div>
                        <PortalTicketTable rows slug=slug.get_untracked() />
                    }.into_any(),
                    Err(error) => page_error(error),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PortalTicketTable(rows: Vec<TicketRow>, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    if rows.is_empty() {
        return view! { <p class="notice" role="status">{t.tk_portal_empty}</p> }.into_any();
    }
    view! {
        <DataTable heads=[t.col_subject, t.col_department, t.col_status, t.col_last_reply]>
            {rows.into_iter().map(|r| view! {
                <tr>
                    <td><A href=portal_path(&slug, &format!("/tickets/{}", r.id))>{r.subject}</A></td>
                    <td>{r.department}</td>
                    <td><StatusBadge status=r.status /></td>
                    <td>{when_view(r.last_reply_at, locale)}</td>
                </tr>
            }).collect_view()}
        </DataTable>
    }
    .into_any()
}

#[component]
pub fn PortalNewTicketPage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = brand_slug();
    let departments = crate::ui::resource(move || slug.get(), portal_ticket_departments);
    let open = ServerAction::<OpenPortalTicket>::new();
    let error = move || open.value().get().and_then(Result::err);
    let problem = move |field: &'static str| Signal::derive(move || error().and_then(|e| e.field_problem(field)));
    let invalid = move |field: &'static str| move || problem(field).get().is_some().to_string();
    let message = move |field: &'static str| move || problem(field).get().map(|p| p.message(t));
    view! {
        <PageTitle text=t.tk_new_heading />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let NewTicketChoices { departments, support_email } = match departments.await {
                    Ok(choices) => choices,
                    Err(error) => return page_error(error),
                };
                let slug = slug.get_untracked();
                let back = view! { <p><A href=portal_path(&slug, "/tickets") exact=true>{t.tk_back}</A></p> };
                if departments.is_empty() {
                    return view! {
                        {back}
                        <h1>{t.tk_new_heading}</h1>
                        <p class="notice" role="status">{fill(t.tk_no_departments, &[("email", &support_email)])}</p>
                    }.into_any();
                }
                view! {
                    {back}
                    <h1>{t.tk_new_heading}</h1>
                    <ActionForm action=open attr:class="stack ticket-form" attr:aria-label=t.tk_new_heading>
                        <input type="hidden" name="brand" value=slug.clone() />
                        <div class="form-grid">
                            <div class="field">
                                <label for="ticket-department">{t.tk_field_department}</label>
                                <select id="ticket-department" name="input[department]" required
                                    aria-invalid=invalid("department") aria-describedby="ticket-department-error">
                                    {departments.into_iter().map(|d| view! { <option value=d.id.to_string()>{d.name}</option> }).collect_view()}
                                </select>
                                <p id="ticket-department-error" class="form-error">{message("department")}</p>
                            </div>
                            <div class="field">
                                <label for="ticket-priority">{t.tk_field_priority}</label>
                                <select id="ticket-priority" name="input[priority]"
                                    aria-invalid=invalid("priority") aria-describedby="ticket-priority-error">
                                    {Priority::ALL.into_iter().map(|p| view! {
                                        <option value=p.code() selected=p == Priority::Medium>{p.label(t)}</option>
                                    }).collect_view()}
                                </select>
                                <p id="ticket-priority-error" class="form-error">{message("priority")}</p>
                            </div>
                        </div>
                        <div class="field">
                            <label for="ticket-subject">{t.tk_field_subject}</label>
                            <input id="ticket-subject" type="text" name="input[subject]" required
                                maxlength=super::input::MAX_SUBJECT_CHARS.to_string()
                                aria-invalid=invalid("subject") aria-describedby="ticket-subject-error" />
                            <p id="ticket-subject-error" class="form-error">{message("subject")}</p>
                        </div>
                        <MessageField id="ticket-message" name="input[message]" label=t.tk_field_message problem=problem("message") rows=8 />
                        {move || error().filter(|e| !matches!(e, AppError::Validation(_))).map(|error| view! { <ErrorNotice error /> })}
                        <div class="actions">
                            <button type="submit" class="button primary" disabled=move || open.pending().get()>{t.tk_submit_open}</button>
                        </div>
                    </ActionForm>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn PortalTicketPage() -> impl IntoView {
    let slug = brand_slug();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let reply = ServerAction::<ReplyPortalTicket>::new();
    let close = ServerAction::<ClosePortalTicket>::new();
    // Reloaded after a reply or a close, and after a refusal that means it changed elsewhere;
    // not after field errors, so the reply keeps what was typed.
    let revision = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if reply.value().get().is_some_and(|result| !matches!(result, Err(AppError::Validation(_)))) {
            revision.update(|n| *n += 1);
        }
    });
    Effect::new(move |_| {
        if close.value().get().is_some() {
            revision.update(|n| *n += 1);
        }
    });
    let ticket =
        crate::ui::resource(move || (slug.get(), id.get(), revision.get()), |(brand, id, _)| portal_ticket(brand, id));
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match ticket.await {
                    Ok(detail) => ticket_view(detail, slug.get_untracked(), reply, close),
                    Err(error) => page_error(error),
                }
            })}
        </Transition>
    }
}

fn ticket_view(
    detail: TicketDetail,
    slug: String,
    reply: ServerAction<ReplyPortalTicket>,
    close: ServerAction<ClosePortalTicket>,
) -> AnyView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let id = detail.id;
    let closed = detail.status == TicketStatus::Closed;
    let title = fill(t.tk_ticket_title, &[("number", &format_number(id, locale))]);
    let messages = detail.messages.clone();
    let reply_error = move || reply.value().get().and_then(Result::err);
    let reply_problem = Signal::derive(move || reply_error().and_then(|e| e.field_problem("message")));
    let outcome = move || {
        let replied = reply.value().get().map(|r| r.map(|()| t.tk_reply_sent));
        let closed = close.value().get().map(|r| r.map(|()| t.tk_closed_done));
        [replied, closed]
            .into_iter()
            .flatten()
            .map(|result| match result {
                Ok(done) => view! { <p class="form-saved" role="status">{done}</p> }.into_any(),
                Err(AppError::Validation(_)) => ().into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })
            .collect_view()
    };
    let back = portal_path(&slug, "/tickets");
    let close_slug = slug.clone();
    view! {
        <PageTitle text=format!("{title}: {}", detail.subject) />
        <p><A href=back exact=true>{t.tk_back}</A></p>
        <TicketHead ticket=detail />
        <Thread messages />
        <div aria-live="polite">{outcome}</div>
        <section class="ticket-reply" aria-labelledby="ticket-reply-heading">
            <h2 id="ticket-reply-heading">{t.tk_reply_heading}</h2>
            {closed.then(|| view! { <p class="notice">{t.tk_closed_note}</p> })}
            <ActionForm action=reply attr:class="stack" attr:aria-labelledby="ticket-reply-heading">
                <input type="hidden" name="brand" value=slug.clone() />
                <input type="hidden" name="id" value=id.to_string() />
                <MessageField id="ticket-reply" name="message" label=t.tk_field_message problem=reply_problem />
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || reply.pending().get()>{t.tk_send_reply}</button>
                </div>
            </ActionForm>
            {(!closed).then(|| view! {
                <ActionForm action=close attr:class="ticket-close">
                    <input type="hidden" name="brand" value=close_slug.clone() />
                    <input type="hidden" name="id" value=id.to_string() />
                    <button type="submit" class="button" disabled=move || close.pending().get()>{t.tk_close}</button>
                </ActionForm>
            })}
        </section>
    }
    .into_any()
}
