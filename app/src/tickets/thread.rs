//! What the portal's and the panel's ticket pages share: the ticket's facts, its thread and
//! the message field of the reply form.

use super::{Author, MessageRow, TicketDetail};
use crate::error::FieldProblem;
use crate::i18n::{Locale, format_date, format_number, localize_digits, use_i18n};
use crate::ui::StatusBadge;
use leptos::prelude::*;
use time::OffsetDateTime;

/// A moment as the UI writes it: the date in the UI's calendar (Solar Hijri in `fa`) and the
/// time (UTC, as the server keeps it).
pub fn format_when(at: OffsetDateTime, locale: Locale) -> String {
    let time = localize_digits(&format!("{:02}:{:02}", at.hour(), at.minute()), locale);
    let separator = if locale == Locale::Fa { "، " } else { ", " };
    format!("{}{separator}{time}", format_date(at.date(), locale))
}

/// `<time>` for a moment.
pub fn when_view(at: OffsetDateTime, locale: Locale) -> impl IntoView {
    let machine = at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
    view! { <time datetime=machine>{format_when(at, locale)}</time> }
}

/// The ticket's heading and facts (department, priority, opened, status).
#[component]
pub fn TicketHead(ticket: TicketDetail, #[prop(optional)] client: Option<AnyView>) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    let number = format_number(ticket.id, locale);
    view! {
        <div class="page-heading">
            <h1>{ticket.subject.clone()}</h1>
        </div>
        <dl class="details ticket-facts">
            <dt>{t.tk_number}</dt>
            <dd>{number}</dd>
            <dt>{t.col_status}</dt>
            <dd><StatusBadge status=ticket.status /></dd>
            <dt>{t.tk_field_department}</dt>
            <dd>{ticket.department.clone()}</dd>
            <dt>{t.tk_field_priority}</dt>
            <dd>{ticket.priority.label(t)}</dd>
            <dt>{t.tk_opened_on}</dt>
            <dd>{when_view(ticket.opened_at, locale)}</dd>
            {client}
        </dl>
    }
}

/// The messages, oldest first, each saying who wrote it and when.
#[component]
pub fn Thread(messages: Vec<MessageRow>) -> impl IntoView {
    let i18n = use_i18n();
    let (t, locale) = (i18n.t(), i18n.0);
    view! {
        <section class="ticket-thread" aria-labelledby="ticket-thread-heading">
            <h2 id="ticket-thread-heading">{t.tk_thread}</h2>
            <ol class="ticket-messages">
                {messages.into_iter().map(|m| {
                    let (class, role) = match m.author {
                        Author::Client => ("ticket-message from-client", t.tk_author_client),
                        Author::Reseller => ("ticket-message from-staff", t.tk_author_staff),
                    };
                    view! {
                        <li class=class>
                            <article>
                                <header class="ticket-message-head">
                                    <strong>{m.author_name}</strong>
                                    <span class="muted">" (" {role} ") "</span>
                                    <span class="muted">{when_view(m.at, locale)}</span>
                                </header>
                                <div class="ticket-message-body">{m.body}</div>
                            </article>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// The reply form's message box, with its error below it.
#[component]
pub fn MessageField(
    #[prop(into)] id: String,
    /// The form field's name (`message`, or `input[message]`).
    #[prop(into)]
    name: String,
    #[prop(into)] label: String,
    problem: Signal<Option<FieldProblem>>,
    #[prop(optional)] rows: Option<u32>,
) -> impl IntoView {
    let t = use_i18n().t();
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea id=id name=name rows=rows.unwrap_or(6).to_string() required
                maxlength=super::input::MAX_MESSAGE_CHARS.to_string()
                aria-invalid=move || problem.get().is_some().to_string() aria-describedby=error_id.clone()></textarea>
            <p id=error_id class="form-error">{move || problem.get().map(|p| p.message(t))}</p>
        </div>
    }
}
