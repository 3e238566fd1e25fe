//! Emails. Each one has a folder under `templates/` with its subject, text and HTML in both
//! languages, filled with `{placeholders}` in the recipient's language and the reseller's
//! brand. Queuing writes an outbox row in the caller's transaction, so an email exists exactly
//! when the change that caused it does; the server's worker delivers it.

use crate::entities::{email_outbox, reseller};
use crate::error::AppError;
use crate::i18n::{Locale, fill};
use crate::values::OutboxStatus;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ConnectionTrait, EntityTrait};

crate::codes! {
    /// The emails there are, by template folder.
    pub enum Template {
        ClientSetPassword = "client_set_password",
        OrderConfirmation = "order_confirmation",
        ResellerNewOrder = "reseller_new_order",
        InvoiceCreated = "invoice_created",
        ClientResetPassword = "client_reset_password",
        TicketOpened = "ticket_opened",
        TicketClientReply = "ticket_client_reply",
        TicketAnswered = "ticket_answered",
        InvoicePaid = "invoice_paid",
        PaymentPendingReseller = "payment_pending_reseller",
    }
}

/// What a delivered email holding a secret keeps of its body.
pub const REDACTED_BODY: &str = "(removed after delivery: it held a single-use link)";

impl Template {
    /// The values its subject and bodies ask for, besides `brand` and `color` (which come from
    /// the reseller). A test holds this to the template files; `render` to every caller.
    pub fn placeholders(self) -> &'static [&'static str] {
        match self {
            Template::ClientSetPassword | Template::ClientResetPassword => &["hours", "link", "name"],
            Template::InvoiceCreated => &["due", "items", "link", "name", "number", "total"],
            Template::InvoicePaid => &["link", "name", "number", "total"],
            Template::OrderConfirmation => &["items", "link", "name", "number", "total"],
            Template::PaymentPendingReseller => &["client", "client_email", "link", "number", "total"],
            Template::ResellerNewOrder => &["client", "client_email", "items", "link", "number", "placed_by", "total"],
            Template::TicketAnswered => &["link", "message", "name", "number", "subject"],
            Template::TicketClientReply | Template::TicketOpened => {
                &["client", "client_email", "department", "link", "message", "number", "subject"]
            }
        }
    }

    /// Whether the body carries a secret (a set-password link) that must not outlive delivery.
    pub fn holds_secret(self) -> bool {
        matches!(self, Template::ClientSetPassword | Template::ClientResetPassword)
    }

    /// Subject, text body and HTML body in `locale`.
    fn parts(self, locale: Locale) -> [&'static str; 3] {
        macro_rules! folder {
            ($name:literal) => {
                match locale {
                    Locale::Fa => [
                        include_str!(concat!("templates/", $name, "/subject.fa.txt")),
                        include_str!(concat!("templates/", $name, "/body.fa.txt")),
                        include_str!(concat!("templates/", $name, "/body.fa.html")),
                    ],
                    Locale::En => [
                        include_str!(concat!("templates/", $name, "/subject.en.txt")),
                        include_str!(concat!("templates/", $name, "/body.en.txt")),
                        include_str!(concat!("templates/", $name, "/body.en.html")),
                    ],
                }
            };
        }
        match self {
            Template::ClientSetPassword => folder!("client_set_password"),
            Template::OrderConfirmation => folder!("order_confirmation"),
            Template::ResellerNewOrder => folder!("reseller_new_order"),
            Template::InvoiceCreated => folder!("invoice_created"),
            Template::ClientResetPassword => folder!("client_reset_password"),
            Template::TicketOpened => folder!("ticket_opened"),
            Template::TicketClientReply => folder!("ticket_client_reply"),
            Template::TicketAnswered => folder!("ticket_answered"),
            Template::InvoicePaid => folder!("invoice_paid"),
            Template::PaymentPendingReseller => folder!("payment_pending_reseller"),
        }
    }
}

/// One email to one recipient.
pub struct Letter<'a> {
    pub reseller: &'a reseller::Model,
    pub client_id: Option<i64>,
    pub template: Template,
    pub to_address: &'a str,
    pub to_name: &'a str,
    pub language: Locale,
    /// Values for the template's placeholders; `brand` and `color` come from the reseller.
    pub values: &'a [(&'a str, &'a str)],
}

/// A rendered email: what the outbox stores.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn render(letter: &Letter<'_>) -> Rendered {
    debug_assert!(
        letter.template.placeholders().iter().all(|name| letter.values.iter().any(|(key, _)| key == name)),
        "{:?} needs {:?}, was given {:?}",
        letter.template,
        letter.template.placeholders(),
        letter.values.iter().map(|(key, _)| key).collect::<Vec<_>>()
    );
    let mut values: Vec<(&str, &str)> =
        vec![("brand", letter.reseller.brand_name.as_str()), ("color", letter.reseller.primary_color.as_str())];
    values.extend_from_slice(letter.values);
    let escaped: Vec<(&str, String)> =
        values.iter().map(|(k, v)| (*k, crate::escape::escape_html(v).into_owned())).collect();
    let escaped: Vec<(&str, &str)> = escaped.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let [subject, text, html] = letter.template.parts(letter.language);
    Rendered { subject: fill(subject.trim(), &values), text: fill(text, &values), html: fill(html, &escaped) }
}

/// Renders `letter` and writes it to the outbox, to be sent as soon as the worker gets to it.
pub async fn queue(db: &impl ConnectionTrait, letter: Letter<'_>) -> Result<(), AppError> {
    outbox_row(&letter).insert(db).await?;
    Ok(())
}

/// Writes several rendered letters to the outbox in one statement.
pub async fn queue_rows(db: &impl ConnectionTrait, rows: Vec<email_outbox::ActiveModel>) -> Result<(), AppError> {
    if !rows.is_empty() {
        email_outbox::Entity::insert_many(rows).exec(db).await?;
    }
    Ok(())
}

/// `letter` rendered as a queued outbox row, not yet written.
pub fn outbox_row(letter: &Letter<'_>) -> email_outbox::ActiveModel {
    let rendered = render(letter);
    let now = time::OffsetDateTime::now_utc();
    email_outbox::ActiveModel {
        reseller_id: Set(letter.reseller.id),
        client_id: Set(letter.client_id),
        template: Set(letter.template),
        to_address: Set(letter.to_address.to_owned()),
        to_name: Set(letter.to_name.to_owned()),
        language: Set(letter.language.code().to_owned()),
        subject: Set(rendered.subject),
        body_text: Set(rendered.text),
        body_html: Set(rendered.html),
        status: Set(OutboxStatus::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        sent_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::ResellerStatus;

    fn brand() -> reseller::Model {
        reseller::Model {
            id: 1,
            slug: "parsweb".into(),
            brand_name: "Pars <Web>".into(),
            contact_name: String::new(),
            email: String::new(),
            password_hash: String::new(),
            default_language: "fa".into(),
            primary_color: "#0f766e".into(),
            support_email: "support@parsweb.example.com".into(),
            status: ResellerStatus::Active,
            allow_login_as_client: true,
            allow_place_order: true,
            allow_delete_clients: true,
            allow_portal_payments: true,
            allow_portal_tickets: true,
            show_toman: false,
            pay_to_text: String::new(),
            bank_transfer_text: String::new(),
            created_at: time::OffsetDateTime::UNIX_EPOCH,
        }
    }

    #[test]
    fn renders_in_the_recipients_language_with_the_brand_and_escapes_html() {
        let reseller = brand();
        let letter = |language| Letter {
            reseller: &reseller,
            client_id: Some(7),
            template: Template::ClientSetPassword,
            to_address: "sara@example.com",
            to_name: "Sara",
            language,
            values: &[("name", "Sara & co"), ("link", "https://x.example/p?token=a&b=1"), ("hours", "72")],
        };
        let en = render(&letter(Locale::En));
        assert_eq!(en.subject, "Pars <Web>: set your password");
        assert!(en.text.contains("Hello Sara & co,") && en.text.contains("https://x.example/p?token=a&b=1"));
        assert!(
            en.html.contains("Pars &lt;Web&gt;") && en.html.contains("href=\"https://x.example/p?token=a&amp;b=1\"")
        );
        assert!(en.html.contains("background: #0f766e"));
        let fa = render(&letter(Locale::Fa));
        assert!(fa.subject.contains("رمز عبور"));
        assert!(fa.html.contains("dir=\"rtl\""));
        assert!(!fa.text.contains('{'), "every placeholder filled: {}", fa.text);
    }

    #[test]
    fn the_reset_password_email_carries_the_link_and_is_redacted_after_delivery() {
        let reseller = brand();
        let letter = Letter {
            reseller: &reseller,
            client_id: Some(7),
            template: Template::ClientResetPassword,
            to_address: "sara@example.com",
            to_name: "Sara",
            language: Locale::En,
            values: &[
                ("name", "Sara"),
                ("link", "https://x.example/portal/parsweb/set-password?token=abc"),
                ("hours", "2"),
            ],
        };
        let en = render(&letter);
        assert_eq!(en.subject, "Pars <Web>: reset your password");
        assert!(
            en.text.contains("https://x.example/portal/parsweb/set-password?token=abc") && en.text.contains("2 hours")
        );
        assert!(Template::ClientResetPassword.holds_secret());
    }

    #[test]
    fn the_invoice_paid_and_transfer_claimed_emails_name_the_invoice() {
        let reseller = brand();
        let values = [
            ("name", "Sara"),
            ("number", "12"),
            ("total", "950,000 Rial"),
            ("client", "Sara Ahmadi"),
            ("client_email", "sara@example.com"),
            ("link", "https://x.example/i/12"),
        ];
        let letter = |template, language| Letter {
            reseller: &reseller,
            client_id: Some(7),
            template,
            to_address: "a@b.c",
            to_name: "A",
            language,
            values: &values,
        };
        let paid = render(&letter(Template::InvoicePaid, Locale::En));
        assert_eq!(paid.subject, "Pars <Web>: payment received for invoice #12");
        assert!(paid.text.contains("950,000 Rial") && paid.text.contains("https://x.example/i/12"));
        let claimed = render(&letter(Template::PaymentPendingReseller, Locale::Fa));
        assert!(claimed.subject.contains("12") && claimed.subject.contains("Sara Ahmadi"));
        assert!(claimed.text.contains("sara@example.com") && claimed.html.contains("dir=\"rtl\""));
        assert!(!Template::InvoicePaid.holds_secret() && !Template::PaymentPendingReseller.holds_secret());
    }

    /// The `{names}` in `text`, sorted, without duplicates.
    fn placeholders_in(text: &str) -> std::collections::BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name).collect()
    }

    #[test]
    fn every_template_asks_for_what_it_declares_and_its_values_fill_it() {
        let reseller = brand();
        for template in Template::ALL {
            assert_eq!(Template::parse(template.code()), Some(template));
            let mut declared: std::collections::BTreeSet<&str> = template.placeholders().iter().copied().collect();
            declared.extend(["brand", "color"]);
            // Each template is given exactly what it declares, so a name missing from the
            // declaration leaves a `{name}` behind.
            let values: Vec<(&str, &str)> = template.placeholders().iter().map(|name| (*name, "value")).collect();
            for language in [Locale::Fa, Locale::En] {
                let used: std::collections::BTreeSet<&str> =
                    template.parts(language).into_iter().flat_map(placeholders_in).collect();
                assert_eq!(used, declared, "{template:?} {language:?}");
                let letter = Letter {
                    reseller: &reseller,
                    client_id: None,
                    template,
                    to_address: "a@b.c",
                    to_name: "A",
                    language,
                    values: &values,
                };
                let out = render(&letter);
                for part in [&out.subject, &out.text, &out.html] {
                    assert!(!part.contains('{') && !part.contains('}'), "{template:?} {language:?}: {part}");
                }
                assert!(out.html.contains(&format!("lang=\"{}\"", language.code())), "{template:?} {language:?}");
            }
        }
    }
}
