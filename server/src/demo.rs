//! Demo data for a new installation, and creating provider admins.

use crate::accounts::hash;
use crate::seed_code;
use anyhow::{Context, Result};
use app::entities::{
    addon, admin_user, catalog_price, client, domain, domain_extension, email_outbox, invoice, invoice_item, order,
    order_item, product, product_group, reseller, reseller_price, service, service_addon, ticket, ticket_message,
};
use app::invoices::InvoiceStatus;
use app::mail::Template;
use app::orders::PlacedBy;
use app::tickets::Author;
use app::values::{BillingCycle, ResellerStatus};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter, TransactionTrait,
};
use time::{Duration, OffsetDateTime};

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
    DemoClient {
        first: "سارا",
        last: "احمدی",
        company: Some("نوآوران پارس"),
        email: "sara.ahmadi@example.com",
        phone: "+989121234567",
        city: "تهران",
        state: "تهران",
        country: "IR",
        language: "fa",
        currency: "IRR",
        national_id: Some("0013542419"),
        status: "active",
        days_ago: 120,
    },
    DemoClient {
        first: "رضا",
        last: "کریمی",
        company: None,
        email: "reza.karimi@example.com",
        phone: "+989351112233",
        city: "اصفهان",
        state: "اصفهان",
        country: "IR",
        language: "fa",
        currency: "IRR",
        national_id: None,
        status: "active",
        days_ago: 45,
    },
    DemoClient {
        first: "مریم",
        last: "حسینی",
        company: Some("کافه کتاب"),
        email: "maryam.hosseini@example.com",
        phone: "+989177654321",
        city: "شیراز",
        state: "فارس",
        country: "IR",
        language: "fa",
        currency: "IRR",
        national_id: None,
        status: "inactive",
        days_ago: 10,
    },
    DemoClient {
        first: "John",
        last: "Miller",
        company: Some("Miller Design"),
        email: "john.miller@example.com",
        phone: "+447700900123",
        city: "London",
        state: "London",
        country: "GB",
        language: "en",
        currency: "USD",
        national_id: None,
        status: "active",
        days_ago: 3,
    },
];

const NORTHHOST_CLIENTS: &[DemoClient] = &[
    DemoClient {
        first: "Emma",
        last: "Johnson",
        company: Some("Johnson Bakery"),
        email: "emma.johnson@example.com",
        phone: "+14155550134",
        city: "Portland",
        state: "OR",
        country: "US",
        language: "en",
        currency: "USD",
        national_id: None,
        status: "active",
        days_ago: 200,
    },
    DemoClient {
        first: "Liam",
        last: "Brown",
        company: None,
        email: "liam.brown@example.com",
        phone: "+14155550178",
        city: "Austin",
        state: "TX",
        country: "US",
        language: "en",
        currency: "USD",
        national_id: None,
        status: "closed",
        days_ago: 90,
    },
    DemoClient {
        first: "علی",
        last: "رضایی",
        company: None,
        email: "ali.rezaei@example.com",
        phone: "+989123334455",
        city: "مشهد",
        state: "خراسان رضوی",
        country: "IR",
        language: "fa",
        currency: "IRR",
        national_id: None,
        status: "active",
        days_ago: 7,
    },
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

    let catalog = seed_catalog(&txn, now).await?;
    let prices = seed_prices(&txn, &catalog, now).await?;
    let brands = [
        (
            "parsweb",
            "پارس‌وب",
            "نگار محمدی",
            DEMO_RESELLER_FA.0,
            "fa",
            "#0f766e",
            "support@parsweb.example.com",
            PARSWEB_CLIENTS,
        ),
        (
            "northhost",
            "NorthHost",
            "Olivia Carter",
            DEMO_RESELLER_EN.0,
            "en",
            "#1d4ed8",
            "help@northhost.example.com",
            NORTHHOST_CLIENTS,
        ),
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
            status: Set(ResellerStatus::Active),
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
        // Each demo reseller sells the whole catalog at the provider's list prices.
        for price in &prices {
            reseller_price::ActiveModel {
                reseller_id: Set(r.id),
                catalog_price_id: Set(price.id),
                setup_fee: Set(price.setup_fee),
                price: Set(price.price),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
        let mut numbers = Numbers::default();
        for c in clients {
            let saved = client::ActiveModel {
                reseller_id: Set(r.id),
                first_name: Set(c.first.to_owned()),
                last_name: Set(c.last.to_owned()),
                company: Set(c.company.map(str::to_owned)),
                email: Set(c.email.to_owned()),
                phone: Set(c.phone.to_owned()),
                address1: Set(if c.language == "fa" {
                    "خیابان ولیعصر، پلاک ۱۲".to_owned()
                } else {
                    "12 Main Street".to_owned()
                }),
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
                status: Set(seed_code(c.status)),
                password_hash: Set(Some(client_hash.clone())),
                created_at: Set(now - time::Duration::days(c.days_ago)),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            for record in history(c.email) {
                seed_record(&txn, &catalog, &mut numbers, &saved, record, now).await?;
            }
        }
    }
    seed_branding(&txn, now).await?;
    seed_ticket_departments(&txn, now).await?;
    seed_portal_credit(&txn, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// The demo catalog's rows, by what the histories below call them.
struct Catalog {
    starter: i64,
    pro: i64,
    vps: i64,
    backup: i64,
    dedicated_ip: i64,
}

async fn seed_catalog(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<Catalog> {
    let group = |fa: &str, en: &str, order: i32| product_group::ActiveModel {
        name_fa: Set(fa.to_owned()),
        name_en: Set(en.to_owned()),
        sort_order: Set(order),
        ..Default::default()
    };
    let hosting = group("میزبانی وب", "Web hosting", 1).insert(db).await?.id;
    let servers = group("سرور مجازی", "Virtual servers", 2).insert(db).await?.id;
    let product =
        |group_id: i64, kind: &str, fa: &str, en: &str, about_fa: &str, about_en: &str| product::ActiveModel {
            group_id: Set(group_id),
            kind: Set(seed_code(kind)),
            name_fa: Set(fa.to_owned()),
            name_en: Set(en.to_owned()),
            description_fa: Set(about_fa.to_owned()),
            description_en: Set(about_en.to_owned()),
            active: Set(true),
            created_at: Set(now),
            ..Default::default()
        };
    let addon = |fa: &str, en: &str, about_fa: &str, about_en: &str| addon::ActiveModel {
        name_fa: Set(fa.to_owned()),
        name_en: Set(en.to_owned()),
        description_fa: Set(about_fa.to_owned()),
        description_en: Set(about_en.to_owned()),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    };
    Ok(Catalog {
        starter: product(
            hosting,
            "hosting",
            "هاست لینوکس پایه",
            "Linux hosting Starter",
            "۵ گیگابایت فضا، ۱ سایت",
            "5 GB disk, 1 website",
        )
        .insert(db)
        .await?
        .id,
        pro: product(
            hosting,
            "hosting",
            "هاست لینوکس حرفه‌ای",
            "Linux hosting Pro",
            "۵۰ گیگابایت فضا، ۱۰ سایت",
            "50 GB disk, 10 websites",
        )
        .insert(db)
        .await?
        .id,
        vps: product(servers, "vps", "سرور مجازی ۲ گیگ", "VPS 2 GB", "۲ هسته، ۲ گیگابایت رم", "2 vCPU, 2 GB RAM")
            .insert(db)
            .await?
            .id,
        backup: addon("پشتیبان‌گیری روزانه", "Daily backup", "نگهداری ۷ نسخه", "7 copies kept").insert(db).await?.id,
        dedicated_ip: addon("آی‌پی اختصاصی", "Dedicated IP", "یک نشانی IPv4", "One IPv4 address").insert(db).await?.id,
    })
}

/// The demo catalog's prices in Rial and US cents: (list price, min, max) per term, and the
/// setup fee. Domain prices are per year.
async fn seed_prices(
    db: &impl ConnectionTrait,
    catalog: &Catalog,
    now: OffsetDateTime,
) -> Result<Vec<catalog_price::Model>> {
    let extension = |tld: &str, order: i32| domain_extension::ActiveModel {
        tld: Set(tld.to_owned()),
        active: Set(true),
        sort_order: Set(order),
        created_at: Set(now),
        ..Default::default()
    };
    let dot_ir = extension(".ir", 1).insert(db).await?.id;
    let dot_com = extension(".com", 2).insert(db).await?.id;
    type Row = (&'static str, i64, &'static str, &'static str, i64, (i64, i64, i64));
    let rows: [Row; 30] = [
        ("product", catalog.starter, "IRR", "monthly", 0, (1_200_000, 1_000_000, 2_000_000)),
        ("product", catalog.starter, "IRR", "annually", 0, (12_000_000, 10_000_000, 20_000_000)),
        ("product", catalog.starter, "USD", "monthly", 0, (999, 800, 2_000)),
        ("product", catalog.starter, "USD", "annually", 0, (9_999, 8_000, 20_000)),
        ("product", catalog.pro, "IRR", "monthly", 0, (3_500_000, 3_000_000, 6_000_000)),
        ("product", catalog.pro, "IRR", "annually", 0, (35_000_000, 30_000_000, 60_000_000)),
        ("product", catalog.pro, "USD", "monthly", 0, (1_999, 1_500, 4_000)),
        ("product", catalog.pro, "USD", "annually", 0, (19_999, 15_000, 40_000)),
        ("product", catalog.vps, "IRR", "monthly", 500_000, (9_500_000, 8_000_000, 15_000_000)),
        ("product", catalog.vps, "IRR", "quarterly", 500_000, (27_000_000, 24_000_000, 45_000_000)),
        ("product", catalog.vps, "USD", "monthly", 500, (2_499, 2_000, 5_000)),
        ("product", catalog.vps, "USD", "quarterly", 500, (7_199, 6_000, 15_000)),
        ("addon", catalog.backup, "IRR", "monthly", 0, (1_500_000, 1_000_000, 3_000_000)),
        ("addon", catalog.backup, "IRR", "annually", 0, (15_000_000, 10_000_000, 30_000_000)),
        ("addon", catalog.backup, "USD", "monthly", 0, (300, 200, 600)),
        ("addon", catalog.backup, "USD", "annually", 0, (3_000, 2_000, 6_000)),
        ("addon", catalog.dedicated_ip, "IRR", "monthly", 0, (3_000_000, 2_500_000, 5_000_000)),
        ("addon", catalog.dedicated_ip, "IRR", "annually", 0, (30_000_000, 25_000_000, 50_000_000)),
        ("addon", catalog.dedicated_ip, "USD", "monthly", 0, (300, 250, 800)),
        ("addon", catalog.dedicated_ip, "USD", "annually", 0, (3_000, 2_500, 8_000)),
        ("domain", dot_ir, "IRR", "register", 0, (1_200_000, 1_000_000, 2_000_000)),
        ("domain", dot_ir, "IRR", "transfer", 0, (1_200_000, 1_000_000, 2_000_000)),
        ("domain", dot_ir, "IRR", "renew", 0, (1_200_000, 1_000_000, 2_000_000)),
        ("domain", dot_ir, "USD", "register", 0, (500, 400, 1_000)),
        ("domain", dot_ir, "USD", "transfer", 0, (500, 400, 1_000)),
        ("domain", dot_ir, "USD", "renew", 0, (500, 400, 1_000)),
        ("domain", dot_com, "IRR", "register", 0, (15_000_000, 13_000_000, 25_000_000)),
        ("domain", dot_com, "IRR", "transfer", 0, (15_000_000, 13_000_000, 25_000_000)),
        ("domain", dot_com, "USD", "register", 0, (1_299, 1_100, 2_500)),
        ("domain", dot_com, "USD", "transfer", 0, (1_299, 1_100, 2_500)),
    ];
    let mut saved = Vec::with_capacity(rows.len());
    for (kind, item_id, currency, term, setup_fee, (price, min_price, max_price)) in rows {
        let row = catalog_price::ActiveModel {
            item_kind: Set(seed_code(kind)),
            item_id: Set(item_id),
            currency: Set(currency.to_owned()),
            term: Set(term.to_owned()),
            setup_fee: Set(setup_fee),
            price: Set(price),
            min_price: Set(min_price),
            max_price: Set(max_price),
            updated_at: Set(now),
            ..Default::default()
        };
        saved.push(row.insert(db).await?);
    }
    Ok(saved)
}

/// Per-reseller order and invoice numbers.
#[derive(Default)]
struct Numbers {
    order: i64,
    invoice: i64,
}

/// What a demo client has: each entry is one order with its invoice, or a ticket, or an
/// email. Amounts are minor units of the client's currency (Rial for IRR).
enum Record {
    Order {
        days_ago: i64,
        status: &'static str,
        invoice_status: &'static str,
        service: Option<(&'static str, &'static str, &'static str, i64, &'static str)>,
        addon: Option<(&'static str, i64, &'static str)>,
        domain: Option<(&'static str, &'static str, i64, &'static str)>,
    },
    Ticket {
        subject: &'static str,
        department: &'static str,
        priority: &'static str,
        status: &'static str,
        messages: &'static [(&'static str, &'static str)],
    },
    Email {
        subject: &'static str,
        status: &'static str,
        days_ago: i64,
    },
}

/// The demo clients' histories, so every tab of their details page has rows.
fn history(email: &str) -> Vec<Record> {
    match email {
        "sara.ahmadi@example.com" => vec![
            Record::Order {
                days_ago: 110,
                status: "active",
                invoice_status: "paid",
                service: Some(("pro", "sara-shop.ir", "annually", 24_000_000, "active")),
                addon: Some(("backup", 1_500_000, "active")),
                domain: Some(("sara-shop.ir", "register", 1_200_000, "active")),
            },
            Record::Order {
                days_ago: 2,
                status: "pending",
                invoice_status: "unpaid",
                service: Some(("vps", "vps1.sara-shop.ir", "monthly", 9_500_000, "pending")),
                addon: None,
                domain: None,
            },
            Record::Ticket {
                subject: "ایمیل‌های سایت ارسال نمی‌شود",
                department: "support",
                priority: "medium",
                status: "answered",
                messages: &[
                    ("client", "از دیروز فرم تماس سایت ایمیلی نمی‌فرستد."),
                    ("reseller", "تنظیمات SMTP اصلاح شد؛ لطفاً دوباره امتحان کنید."),
                ],
            },
            Record::Email { subject: "تأیید سفارش شمارهٔ ۱", status: "sent", days_ago: 110 },
            Record::Email { subject: "صورتحساب جدید شمارهٔ ۲", status: "sent", days_ago: 2 },
        ],
        "reza.karimi@example.com" => vec![Record::Order {
            days_ago: 40,
            status: "active",
            invoice_status: "paid",
            service: Some(("starter", "rezakarimi.ir", "annually", 12_000_000, "active")),
            addon: None,
            domain: None,
        }],
        "maryam.hosseini@example.com" => vec![Record::Order {
            days_ago: 9,
            status: "pending",
            invoice_status: "unpaid",
            service: None,
            addon: None,
            domain: Some(("ketabcafe.ir", "transfer", 1_200_000, "pending_transfer")),
        }],
        "john.miller@example.com" => vec![Record::Order {
            days_ago: 3,
            status: "active",
            invoice_status: "unpaid",
            service: Some(("starter", "millerdesign.co.uk", "monthly", 999, "active")),
            addon: None,
            domain: None,
        }],
        "emma.johnson@example.com" => vec![
            Record::Order {
                days_ago: 190,
                status: "active",
                invoice_status: "paid",
                service: Some(("pro", "johnsonbakery.com", "annually", 11_988, "active")),
                addon: Some(("dedicated_ip", 300, "active")),
                domain: Some(("johnsonbakery.com", "register", 1_499, "active")),
            },
            Record::Ticket {
                subject: "Question about my invoice",
                department: "billing",
                priority: "low",
                status: "open",
                messages: &[("client", "Could you send the invoice with our VAT number on it?")],
            },
            Record::Email { subject: "Order #1 confirmed", status: "sent", days_ago: 190 },
        ],
        "liam.brown@example.com" => vec![Record::Order {
            days_ago: 80,
            status: "cancelled",
            invoice_status: "cancelled",
            service: Some(("starter", "liambrown.dev", "monthly", 999, "cancelled")),
            addon: None,
            domain: None,
        }],
        "ali.rezaei@example.com" => vec![Record::Order {
            days_ago: 6,
            status: "pending",
            invoice_status: "unpaid",
            service: Some(("vps", "ali-vps.ir", "monthly", 9_500_000, "pending")),
            addon: None,
            domain: None,
        }],
        _ => Vec::new(),
    }
}

async fn seed_record(
    db: &impl ConnectionTrait,
    catalog: &Catalog,
    numbers: &mut Numbers,
    c: &client::Model,
    record: Record,
    now: OffsetDateTime,
) -> Result<()> {
    let persian = c.language == "fa";
    match record {
        Record::Order { days_ago, status, invoice_status, service, addon, domain } => {
            let at = now - Duration::days(days_ago);
            let mut lines: Vec<(String, Option<&str>, i64)> = Vec::new();
            if let Some((which, label, cycle, amount, _)) = service {
                let name = match which {
                    "pro" => {
                        if persian {
                            "هاست لینوکس حرفه‌ای"
                        } else {
                            "Linux hosting Pro"
                        }
                    }
                    "vps" => {
                        if persian {
                            "سرور مجازی ۲ گیگ"
                        } else {
                            "VPS 2 GB"
                        }
                    }
                    _ => {
                        if persian {
                            "هاست لینوکس پایه"
                        } else {
                            "Linux hosting Starter"
                        }
                    }
                };
                lines.push((format!("{name} ({label})"), Some(cycle), amount));
            }
            if let Some((which, amount, _)) = addon {
                let name = match (which, persian) {
                    ("backup", true) => "پشتیبان‌گیری روزانه",
                    ("backup", false) => "Daily backup",
                    (_, true) => "آی‌پی اختصاصی",
                    (_, false) => "Dedicated IP",
                };
                lines.push((name.to_owned(), Some("monthly"), amount));
            }
            if let Some((name, kind, amount, _)) = domain {
                let what = match (kind, persian) {
                    ("transfer", true) => "انتقال دامنه",
                    ("transfer", false) => "Domain transfer",
                    (_, true) => "ثبت دامنه",
                    (_, false) => "Domain registration",
                };
                lines.push((format!("{what} {name}"), None, amount));
            }
            let total: i64 = lines.iter().map(|(_, _, amount)| amount).sum();
            numbers.order += 1;
            let placed = order::ActiveModel {
                reseller_id: Set(c.reseller_id),
                client_id: Set(c.id),
                number: Set(numbers.order),
                status: Set(seed_code(status)),
                placed_by: Set(PlacedBy::Reseller),
                currency: Set(c.currency.clone()),
                total: Set(total),
                idempotency_key: Set(None),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
            numbers.invoice += 1;
            let paid = invoice_status == "paid";
            let bill = invoice::ActiveModel {
                reseller_id: Set(c.reseller_id),
                client_id: Set(c.id),
                order_id: Set(Some(placed.id)),
                number: Set(numbers.invoice),
                status: Set(seed_code(invoice_status)),
                currency: Set(c.currency.clone()),
                total: Set(total),
                amount_paid: Set(if paid { total } else { 0 }),
                issued_on: Set(at.date()),
                due_on: Set(at.date() + Duration::days(7)),
                paid_at: Set(paid.then_some(at + Duration::hours(2))),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
            for (description, cycle, amount) in lines {
                order_item::ActiveModel {
                    order_id: Set(placed.id),
                    description: Set(description.clone()),
                    billing_cycle: Set(cycle.map(seed_code)),
                    amount: Set(amount),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                invoice_item::ActiveModel {
                    invoice_id: Set(bill.id),
                    description: Set(description),
                    amount: Set(amount),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
            let next_due = |cycle: &str| {
                let months = if cycle == "monthly" { 1 } else { 12 };
                let mut due = at.date();
                while due <= now.date() {
                    due += Duration::days(30 * months);
                }
                due
            };
            if let Some((which, label, cycle, amount, service_status)) = service {
                let product_id = match which {
                    "pro" => catalog.pro,
                    "vps" => catalog.vps,
                    _ => catalog.starter,
                };
                let made = service::ActiveModel {
                    reseller_id: Set(c.reseller_id),
                    client_id: Set(c.id),
                    order_id: Set(Some(placed.id)),
                    product_id: Set(product_id),
                    label: Set(Some(label.to_owned())),
                    status: Set(seed_code(service_status)),
                    billing_cycle: Set(seed_code(cycle)),
                    recurring_amount: Set(amount),
                    currency: Set(c.currency.clone()),
                    next_due_on: Set((service_status == "active").then(|| next_due(cycle))),
                    created_at: Set(at),
                    ..Default::default()
                }
                .insert(db)
                .await?;
                if let Some((which, amount, addon_status)) = addon {
                    service_addon::ActiveModel {
                        reseller_id: Set(c.reseller_id),
                        client_id: Set(c.id),
                        service_id: Set(made.id),
                        addon_id: Set(if which == "backup" { catalog.backup } else { catalog.dedicated_ip }),
                        order_id: Set(Some(placed.id)),
                        status: Set(seed_code(addon_status)),
                        billing_cycle: Set(BillingCycle::Monthly),
                        recurring_amount: Set(amount),
                        currency: Set(c.currency.clone()),
                        next_due_on: Set(Some(next_due("monthly"))),
                        created_at: Set(at),
                        ..Default::default()
                    }
                    .insert(db)
                    .await?;
                }
            }
            if let Some((name, kind, amount, domain_status)) = domain {
                domain::ActiveModel {
                    reseller_id: Set(c.reseller_id),
                    client_id: Set(c.id),
                    order_id: Set(Some(placed.id)),
                    name: Set(name.to_owned()),
                    registration_kind: Set(seed_code(kind)),
                    status: Set(seed_code(domain_status)),
                    period_years: Set(1),
                    recurring_amount: Set(amount),
                    currency: Set(c.currency.clone()),
                    expires_on: Set((domain_status == "active").then(|| at.date() + Duration::days(365))),
                    created_at: Set(at),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
        Record::Ticket { subject, department, priority, status, messages } => {
            let opened = now - Duration::days(5);
            let made = ticket::ActiveModel {
                reseller_id: Set(c.reseller_id),
                client_id: Set(c.id),
                department: Set(department.to_owned()),
                subject: Set(subject.to_owned()),
                status: Set(seed_code(status)),
                priority: Set(seed_code(priority)),
                last_reply_at: Set(opened + Duration::days(messages.len() as i64 - 1)),
                created_at: Set(opened),
                ..Default::default()
            }
            .insert(db)
            .await?;
            for (i, (author, body)) in messages.iter().enumerate() {
                ticket_message::ActiveModel {
                    ticket_id: Set(made.id),
                    author_kind: Set(seed_code(author)),
                    body: Set((*body).to_owned()),
                    created_at: Set(opened + Duration::days(i as i64)),
                    ..Default::default()
                }
                .insert(db)
                .await?;
            }
        }
        Record::Email { subject, status, days_ago } => {
            let at = now - Duration::days(days_ago);
            let sent = status == "sent";
            email_outbox::ActiveModel {
                reseller_id: Set(c.reseller_id),
                client_id: Set(Some(c.id)),
                template: Set(Template::OrderConfirmation),
                to_address: Set(c.email.clone()),
                to_name: Set(format!("{} {}", c.first_name, c.last_name)),
                language: Set(c.language.clone()),
                subject: Set(subject.to_owned()),
                body_text: Set(subject.to_owned()),
                body_html: Set(format!("<p>{subject}</p>")),
                status: Set(seed_code(status)),
                attempts: Set(i32::from(sent)),
                next_attempt_at: Set(at),
                last_error: Set(None),
                sent_at: Set(sent.then_some(at + Duration::minutes(1))),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// The demo resellers' invoice "pay to" text and bank transfer instructions, each in its
/// language, and a host name for each portal (`*.localhost` resolves to this machine).
async fn seed_branding(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<()> {
    use app::entities::reseller_host;
    use sea_orm::sea_query::Expr;
    let brands = [
        (
            "parsweb",
            "شرکت پارس‌وب نوین\nتهران، خیابان ولیعصر، پلاک ۱۲\nشناسه ملی ۱۰۱۰۲۰۳۰۴۰۵",
            "مبلغ صورتحساب را به حساب شبای IR12 0120 0000 0000 1234 5678 90 به نام شرکت پارس‌وب نوین (بانک ملت) واریز کنید و شماره پیگیری را در تیکت بخش مالی بفرستید.",
            "parsweb.localhost",
        ),
        (
            "northhost",
            "NorthHost Ltd.\n12 Harbour Street, Portland, OR 97201\nVAT GB123456789",
            "Transfer the invoice total to IBAN GB29 NWBK 6016 1331 9268 19 (NorthHost Ltd.), quoting the invoice number, then open a billing ticket with the transfer reference.",
            "portal.northhost.localhost",
        ),
    ];
    for (slug, pay_to, bank_transfer, host) in brands {
        let r = reseller::Entity::find()
            .filter(reseller::Column::Slug.eq(slug))
            .one(db)
            .await?
            .context("a demo reseller")?;
        reseller::Entity::update_many()
            .col_expr(reseller::Column::PayToText, Expr::value(pay_to))
            .col_expr(reseller::Column::BankTransferText, Expr::value(bank_transfer))
            .filter(reseller::Column::Id.eq(r.id))
            .exec(db)
            .await?;
        reseller_host::ActiveModel {
            reseller_id: Set(r.id),
            host: Set(host.to_owned()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Each demo reseller's ticket departments, named in the reseller's language, with the demo
/// tickets filed under them by their legacy code; a ticket with a single message gets the
/// client's follow-up, so every demo thread has a couple.
async fn seed_ticket_departments(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<()> {
    use app::entities::ticket_department;
    use sea_orm::sea_query::Expr;
    for r in reseller::Entity::find().all(db).await? {
        let names = if r.default_language == "fa" {
            [("sales", "فروش"), ("billing", "مالی"), ("support", "پشتیبانی فنی")]
        } else {
            [("sales", "Sales"), ("billing", "Billing"), ("support", "Technical support")]
        };
        for (order, (code, name)) in names.into_iter().enumerate() {
            let department = ticket_department::ActiveModel {
                reseller_id: Set(r.id),
                name: Set(name.to_owned()),
                active: Set(true),
                sort_order: Set(order as i32),
                created_at: Set(now - Duration::days(400)),
                ..Default::default()
            }
            .insert(db)
            .await?;
            ticket::Entity::update_many()
                .col_expr(ticket::Column::DepartmentId, Expr::value(department.id))
                .filter(ticket::Column::ResellerId.eq(r.id))
                .filter(ticket::Column::Department.eq(code))
                .exec(db)
                .await?;
        }
        for t in ticket::Entity::find().filter(ticket::Column::ResellerId.eq(r.id)).all(db).await? {
            let messages =
                ticket_message::Entity::find().filter(ticket_message::Column::TicketId.eq(t.id)).count(db).await?;
            if messages >= 2 {
                continue;
            }
            let follow_up = if r.default_language == "fa" {
                "اگر اطلاعات بیشتری لازم است بفرمایید."
            } else {
                "Our VAT number is GB 123 4567 89, in case you need it."
            };
            let at = t.last_reply_at + Duration::hours(3);
            ticket_message::ActiveModel {
                ticket_id: Set(t.id),
                author_kind: Set(Author::Client),
                body: Set(follow_up.to_owned()),
                created_at: Set(at),
                ..Default::default()
            }
            .insert(db)
            .await?;
            // A client's message is a customer reply, as the portal would have recorded it.
            ticket::Entity::update_many()
                .col_expr(ticket::Column::Status, Expr::value("customer_reply"))
                .col_expr(ticket::Column::LastReplyAt, Expr::value(at))
                .filter(ticket::Column::Id.eq(t.id))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Sara (parsweb) and Emma (northhost) each get an unpaid renewal invoice and account credit
/// that pays it, so a client can pay by credit in the portal. Sara's other unpaid invoice
/// stays unpaid for the portal's dashboard.
async fn seed_portal_credit(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<()> {
    use sea_orm::QueryOrder;
    use sea_orm::sea_query::Expr;
    let renewals = [
        ("parsweb", "sara.ahmadi@example.com", "تمدید پشتیبان‌گیری روزانه (sara-shop.ir)", 1_500_000),
        ("northhost", "emma.johnson@example.com", "Linux hosting Pro renewal (johnsonbakery.com)", 11_988),
    ];
    for (slug, email, description, amount) in renewals {
        let r = reseller::Entity::find()
            .filter(reseller::Column::Slug.eq(slug))
            .one(db)
            .await?
            .context("a demo reseller")?;
        let c = client::Entity::find()
            .filter(client::Column::ResellerId.eq(r.id))
            .filter(client::Column::Email.eq(email))
            .one(db)
            .await?
            .context("a demo client")?;
        let last: Option<i64> = invoice::Entity::find()
            .filter(invoice::Column::ResellerId.eq(r.id))
            .order_by_desc(invoice::Column::Number)
            .one(db)
            .await?
            .map(|i| i.number);
        let bill = invoice::ActiveModel {
            reseller_id: Set(r.id),
            client_id: Set(c.id),
            order_id: Set(None),
            number: Set(last.unwrap_or(0) + 1),
            status: Set(InvoiceStatus::Unpaid),
            currency: Set(c.currency.clone()),
            total: Set(amount),
            amount_paid: Set(0),
            issued_on: Set((now - Duration::days(1)).date()),
            due_on: Set((now + Duration::days(6)).date()),
            paid_at: Set(None),
            created_at: Set(now - Duration::days(1)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        invoice_item::ActiveModel {
            invoice_id: Set(bill.id),
            description: Set(description.to_owned()),
            amount: Set(amount),
            ..Default::default()
        }
        .insert(db)
        .await?;
        // A round sum above the renewal: a multiple of 500,000 Rial, or of fifty dollars.
        let step = if c.currency == "IRR" { 500_000 } else { 5_000 };
        let credit = (amount / step + 1) * step;
        client::Entity::update_many()
            .col_expr(client::Column::CreditBalance, Expr::value(credit))
            .filter(client::Column::Id.eq(c.id))
            .exec(db)
            .await?;
    }
    Ok(())
}
