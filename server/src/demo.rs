//! Demo data for a new installation, and creating provider admins.

use anyhow::{Context, Result, bail};
use app::auth::service::hash_password;
use app::domain::EmailAddress;
use app::entities::{admin_user, client, reseller};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use time::OffsetDateTime;

/// The demo sign-ins the README and the start-up banner list.
pub const DEMO_ADMIN: (&str, &str) = ("admin@example.com", "Admin!2026");
pub const DEMO_RESELLER_FA: (&str, &str) = ("parsweb@example.com", "Reseller!2026");
pub const DEMO_RESELLER_EN: (&str, &str) = ("northhost@example.com", "Reseller!2026");
pub const DEMO_CLIENT_PASSWORD: &str = "Client!2026";

struct DemoClient {
    first: &'static str,
    last: &'static str,
    company: Option<&'static str>,
    email: &'static str,
    phone: &'static str,
    city: &'static str,
    state: &'static str,
    country: &'static str,
    language: &'static str,
    currency: &'static str,
    national_id: Option<&'static str>,
    status: &'static str,
    days_ago: i64,
}

const PARSWEB_CLIENTS: &[DemoClient] = &[
    DemoClient { first: "سارا", last: "احمدی", company: Some("نوآوران پارس"), email: "sara.ahmadi@example.com", phone: "+989121234567", city: "تهران", state: "تهران", country: "IR", language: "fa", currency: "IRR", national_id: Some("0013542419"), status: "active", days_ago: 120 },
    DemoClient { first: "رضا", last: "کریمی", company: None, email: "reza.karimi@example.com", phone: "+989351112233", city: "اصفهان", state: "اصفهان", country: "IR", language: "fa", currency: "IRR", national_id: None, status: "active", days_ago: 45 },
    DemoClient { first: "مریم", last: "حسینی", company: Some("کافه کتاب"), email: "maryam.hosseini@example.com", phone: "+989177654321", city: "شیراز", state: "فارس", country: "IR", language: "fa", currency: "IRR", national_id: None, status: "inactive", days_ago: 10 },
    DemoClient { first: "John", last: "Miller", company: Some("Miller Design"), email: "john.miller@example.com", phone: "+447700900123", city: "London", state: "London", country: "GB", language: "en", currency: "USD", national_id: None, status: "active", days_ago: 3 },
];

const NORTHHOST_CLIENTS: &[DemoClient] = &[
    DemoClient { first: "Emma", last: "Johnson", company: Some("Johnson Bakery"), email: "emma.johnson@example.com", phone: "+14155550134", city: "Portland", state: "OR", country: "US", language: "en", currency: "USD", national_id: None, status: "active", days_ago: 200 },
    DemoClient { first: "Liam", last: "Brown", company: None, email: "liam.brown@example.com", phone: "+14155550178", city: "Austin", state: "TX", country: "US", language: "en", currency: "USD", national_id: None, status: "closed", days_ago: 90 },
    DemoClient { first: "علی", last: "رضایی", company: None, email: "ali.rezaei@example.com", phone: "+989123334455", city: "مشهد", state: "خراسان رضوی", country: "IR", language: "fa", currency: "IRR", national_id: None, status: "active", days_ago: 7 },
];

/// Loads the demo data into an empty database. Returns `false`, changing nothing, when the
/// database already has resellers or admins.
pub async fn seed_demo(db: &DatabaseConnection) -> Result<bool> {
    if reseller::Entity::find().count(db).await? > 0 || admin_user::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let now = OffsetDateTime::now_utc();
    let admin_hash = hash(DEMO_ADMIN.1).await?;
    let reseller_hash = hash(DEMO_RESELLER_FA.1).await?;
    let client_hash = hash(DEMO_CLIENT_PASSWORD).await?;

    let txn = db.begin().await?;
    admin_user::ActiveModel {
        email: Set(DEMO_ADMIN.0.to_owned()),
        name: Set("Provider Admin".to_owned()),
        password_hash: Set(admin_hash),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let brands = [
        ("parsweb", "پارس‌وب", "نگار محمدی", DEMO_RESELLER_FA.0, "fa", "#0f766e", "support@parsweb.example.com", PARSWEB_CLIENTS),
        ("northhost", "NorthHost", "Olivia Carter", DEMO_RESELLER_EN.0, "en", "#1d4ed8", "help@northhost.example.com", NORTHHOST_CLIENTS),
    ];
    for (slug, brand, contact, email, language, colour, support, clients) in brands {
        let r = reseller::ActiveModel {
            slug: Set(slug.to_owned()),
            brand_name: Set(brand.to_owned()),
            contact_name: Set(contact.to_owned()),
            email: Set(email.to_owned()),
            password_hash: Set(reseller_hash.clone()),
            default_language: Set(language.to_owned()),
            primary_color: Set(colour.to_owned()),
            support_email: Set(support.to_owned()),
            status: Set("active".to_owned()),
            allow_login_as_client: Set(true),
            allow_place_order: Set(true),
            allow_delete_clients: Set(true),
            allow_portal_payments: Set(true),
            allow_portal_tickets: Set(true),
            show_toman: Set(language == "fa"),
            created_at: Set(now - time::Duration::days(400)),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        for c in clients {
            client::ActiveModel {
                reseller_id: Set(r.id),
                first_name: Set(c.first.to_owned()),
                last_name: Set(c.last.to_owned()),
                company: Set(c.company.map(str::to_owned)),
                email: Set(c.email.to_owned()),
                phone: Set(c.phone.to_owned()),
                address1: Set(if c.language == "fa" { "خیابان ولیعصر، پلاک ۱۲".to_owned() } else { "12 Main Street".to_owned() }),
                address2: Set(None),
                city: Set(c.city.to_owned()),
                state: Set(c.state.to_owned()),
                postcode: Set(if c.country == "IR" { "1965713111".to_owned() } else { "97201".to_owned() }),
                country: Set(c.country.to_owned()),
                language: Set(c.language.to_owned()),
                currency: Set(c.currency.to_owned()),
                national_id: Set(c.national_id.map(str::to_owned)),
                tax_id: Set(None),
                notes: Set(None),
                credit_balance: Set(0),
                status: Set(c.status.to_owned()),
                password_hash: Set(Some(client_hash.clone())),
                created_at: Set(now - time::Duration::days(c.days_ago)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    txn.commit().await?;
    Ok(true)
}

/// Creates a provider admin; refuses a duplicate email.
pub async fn create_admin(db: &DatabaseConnection, email: &str, name: &str, password: &str) -> Result<i64> {
    let email = EmailAddress::parse(email).map_err(|problem| anyhow::anyhow!("invalid email address ({problem:?})"))?;
    if password.chars().count() < 10 {
        bail!("the password must have at least 10 characters");
    }
    if name.trim().is_empty() {
        bail!("the name must not be empty");
    }
    let existing = admin_user::Entity::find()
        .filter(admin_user::Column::Email.eq(email.as_str()))
        .count(db)
        .await?;
    if existing > 0 {
        bail!("an admin with the email {email} already exists");
    }
    let admin = admin_user::ActiveModel {
        email: Set(email.to_string()),
        name: Set(name.trim().to_owned()),
        password_hash: Set(hash(password).await?),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .context("saving the admin")?;
    Ok(admin.id)
}

async fn hash(password: &str) -> Result<String> {
    hash_password(password.to_owned()).await.map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}
