//! Delivers the email outbox. Rows are written by the app in the transaction that caused them;
//! this worker sends them through lettre: to `.eml` files under `data/mail/` when no SMTP
//! server is configured (the embedded default), else to `SMTP_URL`.
//!
//! A batch of due rows is claimed in one conditional update (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL), so two workers (two app servers on one PostgreSQL) never send the same row
//! twice. A claim is a lease: if the worker dies mid-batch, its rows are due again once the
//! lease ends (so an email is sent at least once; twice only if a worker dies between sending
//! it and recording the batch). A transient failure keeps the row, with a short error kind the UI translates,
//! and retries it with exponential backoff for [`GIVE_UP_AFTER`]; a permanent one marks it
//! failed at once. Emails holding a set-password link lose their body once delivered.

use anyhow::{Context, Result};
use app::entities::{email_outbox, reseller};
use app::mail::REDACTED_BODY;
use app::values::OutboxStatus;
use lettre::message::{Mailbox, MultiPart};
use lettre::{Address, AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use secrecy::ExposeSecret;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use time::{Duration, OffsetDateTime};

/// A transient failure is retried for this long after the email was queued, so an SMTP
/// outage of a day or two loses nothing; a permanent one (a refused recipient) fails at once.
pub const GIVE_UP_AFTER: Duration = Duration::days(3);
const LEASE: Duration = Duration::minutes(5);
/// How many rows an SMTP pass claims: small enough that a batch, even with every send hitting
/// the 20 s timeout, ends well within one lease.
const SMTP_BATCH: u64 = 10;
/// How many rows a pass writing files claims. A file takes no round trip, and every batch costs
/// two writes: on SQLite each waits its turn behind the orders in flight, so with batches of ten
/// a burst of orders queued emails several times faster than the worker sent them.
const FILES_BATCH: u64 = 100;

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

    /// How many due rows one pass claims.
    fn batch(&self) -> u64 {
        match self.transport {
            Transport::Files(..) => FILES_BATCH,
            Transport::Smtp(_) => SMTP_BATCH,
        }
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

/// Claims up to a batch of due rows in one statement and sends them. `now` is when the pass
/// starts; each failure's retry time and each group's sent time follow the clock from there.
///
/// Rows sent are recorded together after the batch, one statement per group of rows with the
/// same attempt count (usually one), so a burst costs two statements per batch, not two per
/// email. A worker that dies mid-batch has its rows sent again once their lease ends.
pub async fn deliver_due(db: &DatabaseConnection, mailer: &Mailer, now: OffsetDateTime) -> Result<Pass> {
    let claimed = claim_due(db, now, mailer.batch()).await?;
    let started = std::time::Instant::now();
    let clock = || now + Duration::try_from(started.elapsed()).unwrap_or(Duration::ZERO);
    let mut pass = Pass::default();
    // A burst is mostly one reseller's emails: each brand is read once per batch.
    let mut brands: HashMap<i64, reseller::Model> = HashMap::new();
    // Ids of the rows sent, by (attempts, whether the body must be redacted).
    let mut sent: BTreeMap<(i32, bool), Vec<i64>> = BTreeMap::new();
    for row in claimed {
        let outcome = match message(db, &mut brands, &row, &mailer.sender).await {
            Ok(message) => mailer.send(message).await,
            Err(error) => Err(Failure { kind: "invalid_message", permanent: true, detail: format!("{error:#}") }),
        };
        let secret = row.template.holds_secret();
        match outcome {
            Ok(()) => {
                pass.sent += 1;
                sent.entry((row.attempts, secret)).or_default().push(row.id);
            }
            Err(failure) => {
                let now = clock();
                tracing::warn!(email = row.id, attempts = row.attempts, kind = failure.kind, detail = %failure.detail, "sending an email failed");
                let give_up = failure.permanent || row.created_at + GIVE_UP_AFTER <= now;
                let (status, next) = if give_up {
                    pass.failed += 1;
                    (OutboxStatus::Failed, now)
                } else {
                    pass.retrying += 1;
                    (OutboxStatus::Queued, now + backoff(row.attempts))
                };
                let update = still_held(row.attempts)
                    .filter(email_outbox::Column::Id.eq(row.id))
                    .col_expr(email_outbox::Column::Status, Expr::value(status))
                    .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(next))
                    .col_expr(email_outbox::Column::LastError, Expr::value(Some(failure.kind)));
                let _turn = app::db::sqlite_write_turn(db).await;
                redacted(update, give_up && secret).exec(db).await?;
            }
        }
    }
    let now = clock();
    for ((attempts, secret), ids) in sent {
        let update = still_held(attempts)
            .filter(email_outbox::Column::Id.is_in(ids))
            .col_expr(email_outbox::Column::Status, Expr::value(OutboxStatus::Sent))
            .col_expr(email_outbox::Column::SentAt, Expr::value(now))
            .col_expr(email_outbox::Column::LastError, Expr::value(Option::<String>::None));
        let _turn = app::db::sqlite_write_turn(db).await;
        redacted(update, secret).exec(db).await?;
    }
    Ok(pass)
}

/// Takes up to `batch` due rows, oldest first: each becomes `sending` with one more attempt
/// and a lease, in one `UPDATE … RETURNING`. On PostgreSQL a second worker skips the rows the
/// first is taking (`FOR UPDATE SKIP LOCKED`) and takes the next ones; the outer condition
/// repeats the due check, so a row another worker claimed meanwhile is never taken twice.
/// SQLite has one writer at a time, so the statement is atomic there.
///
/// On SQLite each of the worker's writes waits its turn with the orders placed in this process
/// ([`app::db::sqlite_write_turn`]) rather than racing them in SQLite's busy handler, which
/// it mostly lost; with [`FILES_BATCH`] rows a turn, a burst of orders has its emails sent
/// during the burst instead of after it.
///
/// The rows are found through the partial index of rows still to deliver (migration
/// `m20261128_000007`): its two statuses are written into the SQL as they are in the index,
/// since neither database matches a partial index against bound values.
async fn claim_due(db: &DatabaseConnection, now: OffsetDateTime, batch: u64) -> Result<Vec<email_outbox::Model>> {
    use email_outbox::Column;
    use sea_orm::sea_query::{ExprTrait, LockBehavior, LockType, Order, Query};
    let to_deliver = format!("status IN ('{}', '{}')", OutboxStatus::Queued.code(), OutboxStatus::Sending.code());
    let due = || Condition::all().add(Expr::cust(to_deliver.clone())).add(Column::NextAttemptAt.lte(now));
    let mut oldest = Query::select();
    oldest
        .column(Column::Id)
        .from(email_outbox::Entity)
        .cond_where(due())
        .order_by(Column::Id, Order::Asc)
        .limit(batch)
        .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    let mut claim = Query::update();
    claim
        .table(email_outbox::Entity)
        .value(Column::Status, OutboxStatus::Sending)
        .value(Column::Attempts, Expr::col(Column::Attempts).add(1))
        .value(Column::NextAttemptAt, now + LEASE)
        .cond_where(due().add(Column::Id.in_subquery(oldest)))
        .returning_all();
    let statement = db.get_database_backend().build(&claim);
    let _turn = app::db::sqlite_write_turn(db).await;
    let mut rows = email_outbox::Entity::find().from_raw_sql(statement).all(db).await?;
    rows.sort_by_key(|row| row.id);
    Ok(rows)
}

/// An update of rows this worker still holds with `attempts`: a late worker whose lease ran
/// out never overwrites what the next one did.
fn still_held(attempts: i32) -> sea_orm::UpdateMany<email_outbox::Entity> {
    email_outbox::Entity::update_many()
        .filter(email_outbox::Column::Status.eq(OutboxStatus::Sending))
        .filter(email_outbox::Column::Attempts.eq(attempts))
}

/// Emails holding a set-password link lose their body once they are done with.
fn redacted(
    update: sea_orm::UpdateMany<email_outbox::Entity>,
    redact: bool,
) -> sea_orm::UpdateMany<email_outbox::Entity> {
    if !redact {
        return update;
    }
    update
        .col_expr(email_outbox::Column::BodyText, Expr::value(REDACTED_BODY))
        .col_expr(email_outbox::Column::BodyHtml, Expr::value(REDACTED_BODY))
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
        Entry::Vacant(slot) => slot.insert(
            reseller::Entity::find_by_id(row.reseller_id).one(db).await?.context("the email's reseller is gone")?,
        ),
    };
    let from = Mailbox::new(Some(brand.brand_name.clone()), sender.clone());
    let reply_to = Mailbox::new(
        Some(brand.brand_name.clone()),
        brand.support_email.parse().context("the reseller's support email")?,
    );
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
        if u64::from(pass.sent + pass.retrying + pass.failed) < mailer.batch() {
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
