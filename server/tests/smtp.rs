//! Email delivery against a real SMTP server (aiosmtpd, installed by scripts/setup.sh): the
//! email arrives with its recipient, language and brand; while the server is down the outbox
//! keeps it, and it goes out once the server is back.

use app::audit::ActorKind;
use app::entities::{client, email_outbox, reseller};
use app::i18n::Locale;
use app::mail::{Letter, Template, queue};
use app::values::OutboxStatus;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use server::mail::{Mailer, Pass, deliver_due};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use time::OffsetDateTime;

/// aiosmtpd writing what it receives into a maildir, stopped when dropped.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpServer {
    fn start(port: u16, maildir: &Path) -> Self {
        let child = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (scripts/setup.sh installs it)");
        let server = Self { child, port, maildir: maildir.to_owned() };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return server;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("aiosmtpd did not start on port {port}");
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, as text.
    fn received(&self) -> Vec<String> {
        let new = self.maildir.join("new");
        match std::fs::read_dir(new) {
            Ok(entries) => entries.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn scratch(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    std::env::temp_dir().join(format!("rd-{name}-{}-{nanos}", std::process::id()))
}

async fn demo_db() -> DatabaseConnection {
    let db = server::connect("sqlite::memory:").await.unwrap();
    <migration::Migrator as migration::MigratorTrait>::up(&db, None).await.unwrap();
    assert!(server::demo::seed_demo(&db).await.unwrap());
    db
}

/// Queues the set-password email for the demo client with `email`.
async fn queue_for(db: &DatabaseConnection, email: &str) -> i64 {
    let c = client::Entity::find().filter(client::Column::Email.eq(email)).one(db).await.unwrap().unwrap();
    let r = reseller::Entity::find_by_id(c.reseller_id).one(db).await.unwrap().unwrap();
    let name = format!("{} {}", c.first_name, c.last_name);
    let language = Locale::from_code(&c.language).unwrap();
    queue(
        db,
        Letter {
            reseller: &r,
            client_id: Some(c.id),
            template: Template::ClientSetPassword,
            to_address: &c.email,
            to_name: &name,
            language,
            values: &[
                ("name", &name),
                ("link", "https://panel.example.com/portal/x/set-password?token=t"),
                ("hours", "72"),
            ],
        },
    )
    .await
    .unwrap();
    c.id
}

async fn status_of(db: &DatabaseConnection, client_id: i64) -> (String, i32) {
    let row = email_outbox::Entity::find()
        .filter(email_outbox::Column::ClientId.eq(client_id))
        .filter(email_outbox::Column::Template.eq("client_set_password"))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    (row.status.code().to_owned(), row.attempts)
}

#[tokio::test]
async fn emails_reach_a_real_smtp_server_in_the_recipients_language_and_brand() {
    let maildir = scratch("maildir");
    let smtp = SmtpServer::start(free_port(), &maildir);
    let db = demo_db().await;
    let sara = queue_for(&db, "sara.ahmadi@example.com").await;
    let emma = queue_for(&db, "emma.johnson@example.com").await;

    let mailer = Mailer::smtp(&smtp.url()).unwrap();
    let pass = deliver_due(&db, &mailer, OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(pass, Pass { sent: 2, retrying: 0, failed: 0 });
    assert_eq!(status_of(&db, sara).await, ("sent".to_owned(), 1));
    assert_eq!(status_of(&db, emma).await, ("sent".to_owned(), 1));

    let received = smtp.received();
    assert_eq!(received.len(), 2);
    let to_emma = received.iter().find(|m| m.contains("<emma.johnson@example.com>")).expect("Emma's email");
    assert!(to_emma.contains("Subject: NorthHost: set your password"), "{to_emma}");
    assert!(to_emma.contains("From: NorthHost <noreply@resellerdesk.localhost>"), "sent from the provider: {to_emma}");
    assert!(
        to_emma.contains("Reply-To: NorthHost <help@northhost.example.com>"),
        "replies go to the reseller: {to_emma}"
    );
    let to_sara = received.iter().find(|m| m.contains("<sara.ahmadi@example.com>")).expect("Sara's email");
    assert!(to_sara.contains("<support@parsweb.example.com>"), "sent as پارس‌وب: {to_sara}");
    assert!(to_sara.contains("Subject: =?utf-8?"), "a Persian subject is encoded: {to_sara}");
    drop(smtp);
    std::fs::remove_dir_all(maildir).ok();
}

#[tokio::test]
async fn while_the_smtp_server_is_down_nothing_is_lost_and_it_goes_out_when_back() {
    let maildir = scratch("maildir");
    let port = free_port();
    let db = demo_db().await;
    let emma = queue_for(&db, "emma.johnson@example.com").await;
    let mailer = Mailer::smtp(&format!("smtp://127.0.0.1:{port}")).unwrap();

    let now = OffsetDateTime::now_utc();
    let down = deliver_due(&db, &mailer, now).await.unwrap();
    assert_eq!(down, Pass { sent: 0, retrying: 1, failed: 0 });
    assert_eq!(status_of(&db, emma).await, ("queued".to_owned(), 1));

    let smtp = SmtpServer::start(port, &maildir);
    let back = deliver_due(&db, &mailer, now + time::Duration::minutes(1)).await.unwrap();
    assert_eq!(back, Pass { sent: 1, retrying: 0, failed: 0 });
    assert_eq!(status_of(&db, emma).await, ("sent".to_owned(), 2));
    assert_eq!(smtp.received().len(), 1, "sent exactly once");
    let again = deliver_due(&db, &mailer, now + time::Duration::hours(2)).await.unwrap();
    assert_eq!(again, Pass::default(), "a sent email is never sent again");
    drop(smtp);
    std::fs::remove_dir_all(maildir).ok();
}

#[tokio::test]
async fn two_workers_on_one_postgresql_send_each_email_once() {
    use sea_orm::{ConnectionTrait, Database};
    let server_url =
        std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned());
    let admin = Database::connect(format!("{server_url}/postgres")).await.expect("PostgreSQL at 127.0.0.1:5432");
    let name = format!("rd_smtp_{}_{}", std::process::id(), free_port());
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
    let db = server::connect(&format!("{server_url}/{name}")).await.unwrap();
    <migration::Migrator as migration::MigratorTrait>::up(&db, None).await.unwrap();
    assert!(server::demo::seed_demo(&db).await.unwrap());
    for _ in 0..6 {
        queue_for(&db, "sara.ahmadi@example.com").await;
        queue_for(&db, "emma.johnson@example.com").await;
    }

    let maildir = scratch("maildir");
    let smtp = SmtpServer::start(free_port(), &maildir);
    let (one, two) = (Mailer::smtp(&smtp.url()).unwrap(), Mailer::smtp(&smtp.url()).unwrap());
    let now = OffsetDateTime::now_utc();
    let mut sent = 0;
    loop {
        // Both workers pass over the outbox at the same time, as two servers would.
        let (a, b) = tokio::join!(deliver_due(&db, &one, now), deliver_due(&db, &two, now));
        let (a, b) = (a.unwrap(), b.unwrap());
        if a.sent + b.sent == 0 {
            break;
        }
        sent += a.sent + b.sent;
    }
    assert_eq!(sent, 12);
    assert_eq!(smtp.received().len(), 12, "each email arrived once");
    let rows = email_outbox::Entity::find()
        .filter(email_outbox::Column::Template.eq("client_set_password"))
        .all(&db)
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.status == OutboxStatus::Sent && r.attempts == 1));

    drop(smtp);
    db.close().await.ok();
    admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.unwrap();
    std::fs::remove_dir_all(maildir).ok();
}

/// The Subject header of a received message, RFC 2047 words decoded.
fn subject_of(message: &str) -> String {
    use base64::Engine;
    let mut lines = message.lines().skip_while(|l| !l.starts_with("Subject:"));
    let mut header = lines.next().unwrap_or_default().trim_start_matches("Subject:").to_owned();
    for folded in lines.take_while(|l| l.starts_with(' ') || l.starts_with('\t')) {
        header.push_str(folded);
    }
    header
        .split_whitespace()
        .map(|word| match word.strip_prefix("=?utf-8?b?").and_then(|w| w.strip_suffix("?=")) {
            Some(encoded) => {
                String::from_utf8(base64::engine::general_purpose::STANDARD.decode(encoded).unwrap()).unwrap()
            }
            None => format!("{word} "),
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Placing an order queues the client's confirmation and the reseller's notice; both reach a
/// real SMTP server addressed to the right people, in their languages, under the brand.
#[tokio::test]
async fn both_order_emails_reach_the_client_and_the_reseller() {
    use app::orders::PlacedBy;
    use app::orders::place::service::{OrderActor, PlaceOrder, place_order};
    use app::orders::plan::OrderSelection;
    let maildir = scratch("orders");
    let smtp = SmtpServer::start(free_port(), &maildir);
    let db = demo_db().await;
    // Nothing else waiting: the demo's own emails are history, not queued.
    let mailer = Mailer::smtp(&smtp.url()).unwrap();
    deliver_due(&db, &mailer, OffsetDateTime::now_utc()).await.unwrap();
    let already = smtp.received().len();

    for (client_email, slug) in [("sara.ahmadi@example.com", "parsweb"), ("emma.johnson@example.com", "northhost")] {
        let brand = reseller::Entity::find().filter(reseller::Column::Slug.eq(slug)).one(&db).await.unwrap().unwrap();
        let buyer =
            client::Entity::find().filter(client::Column::Email.eq(client_email)).one(&db).await.unwrap().unwrap();
        let starter = app::entities::product::Entity::find()
            .filter(app::entities::product::Column::NameEn.eq("Linux hosting Starter"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let selection = OrderSelection {
            item: format!("product-{}", starter.id),
            cycle: "monthly".into(),
            hostname: "shop.example.com".into(),
            ..Default::default()
        };
        let actor = OrderActor {
            reseller: &brand,
            placed_by: PlacedBy::Reseller,
            actor_kind: ActorKind::Reseller,
            actor_id: brand.id,
            ip: None,
        };
        let key = format!("smtp-test-{slug}-000000000");
        let request = PlaceOrder {
            client_id: buyer.id,
            selection: &selection,
            idempotency_key: &key,
            public_origin: "http://127.0.0.1:3000",
            expected_total: None,
        };
        place_order(&db, &actor, request).await.unwrap();
    }
    let pass = deliver_due(&db, &mailer, OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(pass, Pass { sent: 6, retrying: 0, failed: 0 });
    let received: Vec<String> = smtp.received().into_iter().collect();
    assert_eq!(received.len(), already + 6);
    let to = |address: &str, subject_part: &str| {
        received
            .iter()
            .find(|m| m.contains(&format!("<{address}>")) && subject_of(m).contains(subject_part))
            .unwrap_or_else(|| {
                panic!(
                    "no email to {address} about {subject_part}: {:?}",
                    received.iter().map(|m| subject_of(m)).collect::<Vec<_>>()
                )
            })
    };
    let emma = to("emma.johnson@example.com", "NorthHost: order #");
    assert!(subject_of(emma).ends_with("received"), "{}", subject_of(emma));
    to("emma.johnson@example.com", "NorthHost: invoice #");
    let notice = to("northhost@example.com", "New order #");
    assert!(subject_of(notice).contains("Emma Johnson"));
    let sara = to("sara.ahmadi@example.com", "پارس‌وب: سفارش شمارهٔ");
    assert!(sara.contains("Reply-To: =?utf-8?") || sara.contains("<support@parsweb.example.com>"), "{sara}");
    to("sara.ahmadi@example.com", "پارس‌وب: صورت‌حساب شمارهٔ");
    let persian_notice = to("parsweb@example.com", "سفارش جدید شمارهٔ");
    assert!(subject_of(persian_notice).contains("سارا احمدی"), "the Persian reseller reads Persian");
    drop(smtp);
    std::fs::remove_dir_all(maildir).ok();
}

#[tokio::test]
async fn a_burst_of_emails_goes_out_in_one_drain_batch_after_batch() {
    let db = demo_db().await;
    for _ in 0..105 {
        queue_for(&db, "sara.ahmadi@example.com").await;
        queue_for(&db, "emma.johnson@example.com").await;
    }
    let folder = scratch("burst");
    let mailer = Mailer::files(folder.clone()).unwrap();
    let pass = server::mail::drain(&db, &mailer).await.unwrap();
    assert_eq!(pass, Pass { sent: 210, retrying: 0, failed: 0 }, "more than two batches' worth, all at once");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 210);
    assert_eq!(server::mail::drain(&db, &mailer).await.unwrap(), Pass::default(), "nothing is sent twice");
    std::fs::remove_dir_all(folder).ok();
}

/// On SQLite the worker's writes wait their turn with the orders placed in this process, so a
/// burst of orders cannot keep it waiting in SQLite's busy handler until the burst ends: while
/// an order holds the turn the worker sends nothing, and once it is released it sends.
#[tokio::test]
async fn on_sqlite_the_worker_takes_its_turn_with_the_orders() {
    let db = demo_db().await;
    queue_for(&db, "sara.ahmadi@example.com").await;
    let folder = scratch("turn");
    let mailer = Mailer::files(folder.clone()).unwrap();
    let order = app::db::sqlite_write_turn(&db).await.expect("SQLite writers take turns");
    let drain = server::mail::drain(&db, &mailer);
    tokio::pin!(drain);
    let waited = tokio::time::timeout(std::time::Duration::from_millis(300), &mut drain).await;
    assert!(waited.is_err(), "the worker claimed while an order held the turn: {waited:?}");
    assert_eq!(std::fs::read_dir(&folder).map(|d| d.count()).unwrap_or(0), 0);
    drop(order);
    assert_eq!(drain.await.unwrap(), Pass { sent: 1, retrying: 0, failed: 0 });
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);
    std::fs::remove_dir_all(folder).ok();
}

/// One batch with an undeliverable email among good ones: the good ones are recorded sent, the
/// bad one failed, and every set-password body is gone once it is done with, sent or not.
#[tokio::test]
async fn a_batch_records_each_outcome_and_drops_every_set_password_link() {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, IntoActiveModel};
    let db = demo_db().await;
    let sara = queue_for(&db, "sara.ahmadi@example.com").await;
    queue_for(&db, "emma.johnson@example.com").await;
    let broken = email_outbox::Entity::find()
        .filter(email_outbox::Column::ClientId.eq(sara))
        .filter(email_outbox::Column::Status.eq("queued"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    let mut bad = broken.clone().into_active_model();
    bad.to_address = Set("not an address".to_owned());
    bad.update(&db).await.unwrap();

    let folder = scratch("mixed");
    let mailer = Mailer::files(folder.clone()).unwrap();
    let pass = deliver_due(&db, &mailer, OffsetDateTime::now_utc()).await.unwrap();
    assert_eq!(pass, Pass { sent: 1, retrying: 0, failed: 1 });
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 1);

    let rows = email_outbox::Entity::find()
        .filter(email_outbox::Column::Template.eq("client_set_password"))
        .all(&db)
        .await
        .unwrap();
    let failed = rows.iter().find(|r| r.id == broken.id).unwrap();
    assert_eq!(
        (failed.status.code(), failed.attempts, failed.last_error.as_deref()),
        ("failed", 1, Some("invalid_message"))
    );
    let sent: Vec<_> = rows.iter().filter(|r| r.status == OutboxStatus::Sent).collect();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].sent_at.is_some() && sent[0].last_error.is_none() && sent[0].attempts == 1);
    for row in [failed, sent[0]] {
        assert_eq!(row.body_text, app::mail::REDACTED_BODY, "email {} keeps no link", row.id);
        assert_eq!(row.body_html, app::mail::REDACTED_BODY);
    }
    std::fs::remove_dir_all(folder).ok();
}
