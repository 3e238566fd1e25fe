//! Delivers the email outbox. Rows are written by the app in the transaction that caused them;
//! this worker sends them through lettre: to `.eml` files under `data/mail/` when no SMTP
//! server is configured (the embedded default), else to `SMTP_URL`.
//!
//! A row is claimed by a conditional update of the status and attempt count it was read with,
//! so two workers (two app servers on one PostgreSQL) never send the same row twice. A claim is
//! a lease: if the worker dies mid-send, the row is due again once the lease ends. Failures are
//! kept on the row with the error and retried with exponential backoff; after
//! [`MAX_ATTEMPTS`] the row is marked failed and stays visible in the client's Emails tab.

use anyhow::{Context, Result};
use app::entities::{email_outbox, reseller};
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use secrecy::ExposeSecret;
use std::path::PathBuf;
use time::{Duration, OffsetDateTime};

pub const MAX_ATTEMPTS: i32 = 8;
const LEASE: Duration = Duration::minutes(5);
const BATCH: u64 = 20;

/// Where emails go.
pub enum Mailer {
    Files(PathBuf, AsyncFileTransport<Tokio1Executor>),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Mailer {
    pub fn from_config(config: &crate::config::Config) -> Result<Self> {
        match &config.smtp_url {
            Some(url) => Ok(Self::smtp(url.expose_secret())?),
            None => Self::files(config.data_dir.join("mail")),
        }
    }

    pub fn files(dir: PathBuf) -> Result<Self> {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating the mail folder {}", dir.display()))?;
        let transport = AsyncFileTransport::new(&dir);
        Ok(Self::Files(dir, transport))
    }

    /// `smtp://host:port` (plain), `smtp://host?tls=required` (STARTTLS) or `smtps://host`.
    pub fn smtp(url: &str) -> Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("reading SMTP_URL")?;
        Ok(Self::Smtp(transport.timeout(Some(std::time::Duration::from_secs(20))).build()))
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Files(dir, _) => format!("files under {}", dir.display()),
            Self::Smtp(_) => "SMTP".to_owned(),
        }
    }

    async fn send(&self, message: Message) -> Result<(), String> {
        match self {
            Self::Files(_, transport) => transport.send(message).await.map(drop).map_err(|e| e.to_string()),
            Self::Smtp(transport) => transport.send(message).await.map(drop).map_err(|e| e.to_string()),
        }
    }
}

/// What one pass over the outbox did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: u32,
    pub retrying: u32,
    pub failed: u32,
}

/// Sends every due row (up to a batch), each claimed first.
pub async fn deliver_due(db: &DatabaseConnection, mailer: &Mailer, now: OffsetDateTime) -> Result<Pass> {
    let due = email_outbox::Entity::find()
        .filter(email_outbox::Column::Status.is_in(["queued", "sending"]))
        .filter(email_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(email_outbox::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut pass = Pass::default();
    for row in due {
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
        let outcome = match message(db, &row).await {
            Ok(message) => mailer.send(message).await,
            Err(error) => Err(format!("{error:#}")),
        };
        let update = email_outbox::Entity::update_many().filter(email_outbox::Column::Id.eq(row.id));
        match outcome {
            Ok(()) => {
                update
                    .col_expr(email_outbox::Column::Status, Expr::value("sent"))
                    .col_expr(email_outbox::Column::SentAt, Expr::value(now))
                    .col_expr(email_outbox::Column::LastError, Expr::value(Option::<String>::None))
                    .exec(db)
                    .await?;
                pass.sent += 1;
            }
            Err(error) => {
                tracing::warn!(email = row.id, attempts, %error, "sending an email failed");
                let (status, next) = if attempts >= MAX_ATTEMPTS {
                    pass.failed += 1;
                    ("failed", now)
                } else {
                    pass.retrying += 1;
                    ("queued", now + backoff(attempts))
                };
                update
                    .col_expr(email_outbox::Column::Status, Expr::value(status))
                    .col_expr(email_outbox::Column::NextAttemptAt, Expr::value(next))
                    .col_expr(email_outbox::Column::LastError, Expr::value(Some(error)))
                    .exec(db)
                    .await?;
            }
        }
    }
    Ok(pass)
}

/// 30 s after the first failure, doubling, at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = (attempts.max(1) - 1).min(7) as u32;
    Duration::seconds(30 * 2_i64.pow(exponent)).min(Duration::hours(1))
}

/// The email of one outbox row, from the reseller's brand and support address.
async fn message(db: &DatabaseConnection, row: &email_outbox::Model) -> Result<Message> {
    let brand = reseller::Entity::find_by_id(row.reseller_id).one(db).await?.context("the email's reseller is gone")?;
    let from = Mailbox::new(Some(brand.brand_name.clone()), brand.support_email.parse().context("the reseller's support email")?);
    let to = Mailbox::new(Some(row.to_name.clone()), row.to_address.parse().context("the recipient's address")?);
    Message::builder()
        .from(from.clone())
        .reply_to(from)
        .to(to)
        .subject(row.subject.clone())
        .multipart(MultiPart::alternative_plain_html(row.body_text.clone(), row.body_html.clone()))
        .context("building the email")
}

/// Delivers due emails every two seconds until the process ends.
pub async fn run(db: DatabaseConnection, mailer: Mailer) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(2));
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        match deliver_due(&db, &mailer, OffsetDateTime::now_utc()).await {
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
