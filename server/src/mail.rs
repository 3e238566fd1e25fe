//! Delivers the email outbox. Rows are written by the app in the transaction that caused them;
//! this worker sends them through lettre: to `.eml` files under `data/mail/` when no SMTP
//! server is configured (the embedded default), else to `SMTP_URL`.
//!
//! A row is claimed by a conditional update of the status and attempt count it was read with,
//! so two workers (two app servers on one PostgreSQL) never send the same row twice. A claim is
//! a lease: if the worker dies mid-send, the row is due again once the lease ends (so an email
//! is sent at least once; twice only if a worker dies between sending and recording it). This
//! conditional update stands in for PostgreSQL's `FOR UPDATE SKIP LOCKED` and works the same
//! on SQLite. A transient failure keeps the row, with a short error kind the UI translates,
//! and retries it with exponential backoff for [`GIVE_UP_AFTER`]; a permanent one marks it
//! failed at once. Emails holding a set-password link lose their body once delivered.

use anyhow::{Context, Result};
use app::entities::{email_outbox, reseller};
use app::mail::{REDACTED_BODY, Template};
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use secrecy::ExposeSecret;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::PathBuf;
use time::{Duration, OffsetDateTime};

/// A transient failure is retried for this long after the email was queued, so an SMTP
/// outage of a day or two loses nothing; a permanent one (a refused recipient) fails at once.
pub const GIVE_UP_AFTER: Duration = Duration::days(3);
const LEASE: Duration = Duration::minutes(5);
/// Small enough that a batch, even with every send hitting the 20 s timeout, ends well within
/// one lease.
const BATCH: u64 = 10;

/// Where emails go, and the address they are sent from.
pub struct Mailer {
    transport: Transport,
    sender: Address,
}

enum Transport {
    Files(PathBuf, AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

/// The sender when none is configured.
pub const DEFAULT_SENDER: &str = "noreply@resellerdesk.localhost";

impl Mailer {
    pub fn from_config(config: &crate::config::Config) -> Result<Self> {
        let mailer = match &config.smtp_url {
            Some(url) => Self::smtp(url.expose_secret())?,
            None => Self::files(config.data_dir.join("mail"))?,
        };
        mailer.sending_as(&config.mail_from)
    }

    pub fn files(dir: PathBuf) -> Result<Self> {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating the mail folder {}", dir.display()))?;
        let transport = AsyncFileTransport::new(&dir);
        Ok(Self { transport: Transport::Files(dir, transport), sender: default_sender() })
    }

    /// `smtp://host:port` (plain), `smtp://host?tls=required` (STARTTLS) or `smtps://host`.
    pub fn smtp(url: &str) -> Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("reading SMTP_URL")?;
        let transport = transport.timeout(Some(std::time::Duration::from_secs(20))).build();
        Ok(Self { transport: Transport::Smtp(transport), sender: default_sender() })
    }

    pub fn sending_as(mut self, address: &str) -> Result<Self> {
        self.sender = address.parse().with_context(|| format!("the sender address {address:?}"))?;
        Ok(self)
    }

    pub fn describe(&self) -> String {
        match &self.transport {
            Transport::Files(dir, _) => format!("files under {}, from {}", dir.display(), self.sender),
            Transport::Smtp(_) => format!("SMTP, from {}", self.sender),
        }
    }

    async fn send(&self, message: Message) -> Result<(), Failure> {
        match &self.transport {
            Transport::Files(_, transport) => transport.send(message).await.map(drop).map_err(|e| Failure {
                kind: "mail_folder",
                permanent: false,
                detail: e.to_string(),
            }),
            Transport::Smtp(transport) => transport.send(message).await.map(drop).map_err(|e| Failure {
                kind: if e.is_permanent() { "smtp_rejected" } else { "smtp_unavailable" },
                permanent: e.is_permanent(),
                detail: e.to_string(),
            }),
        }
    }
}

/// Why an email was not sent: a short kind the UI translates, and the detail for the log.
struct Failure {
    kind: &'static str,
    permanent: bool,
    detail: String,
}

/// What one pass over the outbox did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: u32,
    pub retrying: u32,
    pub failed: u32,
}

/// Sends every due row (up to a batch), each claimed first. `now` is when the pass starts;
/// each row's lease and times follow the clock from there.
pub async fn deliver_due(db: &DatabaseConnection, mailer: &Mailer, now: OffsetDateTime) -> Result<Pass> {
    let due = email_outbox::Entity::find()
        .filter(email_outbox::Column::Status.is_in(["queued", "sending"]))
        .filter(email_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(email_outbox::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let started = std::time::Instant::now();
    let mut pass = Pass::default();
    // A burst is mostly one reseller's emails: each brand is read once per batch.
    let mut brands: HashMap<i64, reseller::Model> = HashMap::new();
    for row in due {
        let now = now + Duration::try_from(started.elapsed()).unwrap_or(Duration::ZERO);
        let attempts = row.attempts + 1;
        let claimed = email_outbox::Entity::update_many()
            .col_expr(email_outbox::Column::Status, Expr::value("sending"))
            .col_expr(email_outbox::Column::Attempts, Expr::value(attempts))
            .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(now + LEASE))
            .filter(email_outbox::Column::Id.eq(row.id))
            .filter(email_outbox::Column::Status.eq(row.status.clone()))
            .filter(email_outbox::Column::Attempts.eq(row.attempts))
            .exec(db)
            .await?;
        if claimed.rows_affected != 1 {
            continue; // another worker has it
        }
        let outcome = match message(db, &mut brands, &row, &mailer.sender).await {
            Ok(message) => mailer.send(message).await,
            Err(error) => Err(Failure { kind: "invalid_message", permanent: true, detail: format!("{error:#}") }),
        };
        let secret = Template::from_code(&row.template).is_some_and(Template::holds_secret);
        // Only while this worker still holds the claim: a late worker never overwrites.
        let mut update = email_outbox::Entity::update_many()
            .filter(email_outbox::Column::Id.eq(row.id))
            .filter(email_outbox::Column::Status.eq("sending"))
            .filter(email_outbox::Column::Attempts.eq(attempts));
        let finished = match outcome {
            Ok(()) => {
                pass.sent += 1;
                update = update
                    .col_expr(email_outbox::Column::Status, Expr::value("sent"))
                    .col_expr(email_outbox::Column::SentAt, Expr::value(now))
                    .col_expr(email_outbox::Column::LastError, Expr::value(Option::<String>::None));
                true
            }
            Err(failure) => {
                tracing::warn!(email = row.id, attempts, kind = failure.kind, detail = %failure.detail, "sending an email failed");
                let give_up = failure.permanent || row.created_at + GIVE_UP_AFTER <= now;
                let (status, next) = if give_up {
                    pass.failed += 1;
                    ("failed", now)
                } else {
                    pass.retrying += 1;
                    ("queued", now + backoff(attempts))
                };
                update = update
                    .col_expr(email_outbox::Column::Status, Expr::value(status))
                    .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(next))
                    .col_expr(email_outbox::Column::LastError, Expr::value(Some(failure.kind)));
                give_up
            }
        };
        if finished && secret {
            update = update
                .col_expr(email_outbox::Column::BodyText, Expr::value(REDACTED_BODY))
                .col_expr(email_outbox::Column::BodyHtml, Expr::value(REDACTED_BODY));
        }
        update.exec(db).await?;
    }
    Ok(pass)
}

/// 30 s after the first failure, doubling, at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = (attempts.max(1) - 1).min(7) as u32;
    Duration::seconds(30 * 2_i64.pow(exponent)).min(Duration::hours(1))
}

fn default_sender() -> Address {
    DEFAULT_SENDER.parse().expect("the default sender is a valid address")
}

/// The email of one outbox row: from the provider's address under the reseller's brand name,
/// replies going to the reseller's support address.
async fn message(
    db: &DatabaseConnection,
    brands: &mut HashMap<i64, reseller::Model>,
    row: &email_outbox::Model,
    sender: &Address,
) -> Result<Message> {
    let brand = match brands.entry(row.reseller_id) {
        Entry::Occupied(known) => known.into_mut(),
        Entry::Vacant(slot) => {
            slot.insert(reseller::Entity::find_by_id(row.reseller_id).one(db).await?.context("the email's reseller is gone")?)
        }
    };
    let from = Mailbox::new(Some(brand.brand_name.clone()), sender.clone());
    let reply_to = Mailbox::new(Some(brand.brand_name.clone()), brand.support_email.parse().context("the reseller's support email")?);
    let to = Mailbox::new(Some(row.to_name.clone()), row.to_address.parse().context("the recipient's address")?);
    Message::builder()
        .from(from)
        .reply_to(reply_to)
        .to(to)
        .subject(row.subject.clone())
        .multipart(MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone()))
        .context("building the email")
}

/// Delivers every due email: batch after batch while batches come full, so a burst (a
/// thousand orders, each with three emails) goes out at the mailer's pace rather than one batch
/// per pass. Stops at the first batch with room to spare; rows other workers hold or that wait
/// for a retry are not due, so it always ends.
pub async fn drain(db: &DatabaseConnection, mailer: &Mailer) -> Result<Pass> {
    let mut total = Pass::default();
    loop {
        let pass = deliver_due(db, mailer, OffsetDateTime::now_utc()).await?;
        total.sent += pass.sent;
        total.retrying += pass.retrying;
        total.failed += pass.failed;
        if u64::from(pass.sent + pass.retrying + pass.failed) < BATCH {
            return Ok(total);
        }
    }
}

/// Drains the outbox every two seconds until the process ends.
pub async fn run(db: DatabaseConnection, mailer: Mailer) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(2));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match drain(&db, &mailer).await {
            Ok(pass) if pass != Pass::default() => tracing::info!(?pass, "email outbox"),
            Ok(_) => {}
            Err(error) => tracing::warn!(error = %format!("{error:#}"), "delivering emails failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(20), Duration::hours(1));
    }
}
