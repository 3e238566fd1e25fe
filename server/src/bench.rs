//! The clients-list benchmark's server side (DESIGN §7): a bulk seed of a million clients, the
//! list queries' plans and in-process timings, and a bare axum server as the throughput ceiling.
//! `scripts/bench.sh` drives these against the release server; none of it runs in production.

use crate::seed_code;
use anyhow::{Context, Result, bail};
use app::auth::service::hash_password;
use app::clients::ClientListQuery;
use app::entities::reseller;
use app::values::ResellerStatus;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    PaginatorTrait, QueryFilter, Statement, TransactionTrait, Value,
};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

/// The reseller the benchmark signs in as: the one with `clients_per_reseller` clients.
pub const BENCH_RESELLER: (&str, &str) = ("bench@example.com", "Bench!2026");

/// SQLite refuses statements with more bound parameters than this; PostgreSQL allows 65535.
const MAX_BIND_PARAMETERS: usize = 32_766;
/// Rows per transaction: few enough commits to be fast, small enough to show progress.
const ROWS_PER_COMMIT: u64 = 50_000;
/// Same data on every run, so every run measures the same thing.
const RNG_SEED: u64 = 0x5EED_2026;

/// How many clients the benchmark database holds.
pub struct SeedPlan {
    /// Clients of the first reseller (the one the benchmark signs in as); no reseller has more.
    pub clients_per_reseller: u64,
    /// Clients of all resellers together.
    pub total_clients: u64,
}

impl SeedPlan {
    /// Each reseller's number of clients: the first has `clients_per_reseller`, the rest share
    /// the remainder evenly.
    fn quotas(&self) -> Vec<u64> {
        let resellers = self.total_clients.div_ceil(self.clients_per_reseller).max(1);
        let mut quotas = vec![self.clients_per_reseller.min(self.total_clients)];
        let others = resellers - 1;
        if others > 0 {
            let rest = self.total_clients - quotas[0];
            quotas.extend((0..others).map(|i| rest / others + u64::from(i < rest % others)));
        }
        quotas
    }
}

pub struct SeedReport {
    pub resellers: usize,
    pub clients: u64,
    /// Services and invoices of the benchmark reseller's clients; zero before the billing tables exist.
    pub services: u64,
    pub invoices: u64,
    /// What the place-order benchmark orders: a USD client of the benchmark reseller, the
    /// product and the addon it sells; `None` before the billing tables exist.
    pub order_target: Option<OrderTarget>,
    pub elapsed: Duration,
}

/// A client and a product with an addon the benchmark reseller sells in the client's currency.
pub struct OrderTarget {
    pub client_id: i64,
    pub product_id: i64,
    pub addon_id: i64,
}

/// Fills an empty, migrated database: the benchmark resellers and their clients, half with
/// Persian and half with English names, created over five years and interleaved across
/// resellers the way real sign-ups are; then services and invoices for a fifth of the
/// benchmark reseller's clients, and fresh planner statistics.
pub async fn seed(db: &DatabaseConnection, plan: &SeedPlan) -> Result<SeedReport> {
    if plan.clients_per_reseller == 0 || plan.total_clients < plan.clients_per_reseller {
        bail!("--total must be at least --clients-per-reseller, which must be at least 1");
    }
    if reseller::Entity::find().count(db).await? > 0 {
        bail!("the database already has resellers; the benchmark seeds an empty database");
    }
    let started = Instant::now();
    let quotas = plan.quotas();
    let password_hash = hash_password(BENCH_RESELLER.1.to_owned())
        .await
        .map_err(|e| anyhow::anyhow!("hashing the benchmark password: {e}"))?;
    let reseller_ids = insert_resellers(db, &password_hash, quotas.len()).await?;
    let clients = insert_clients(db, &reseller_ids, &quotas).await?;

    let mut services = 0;
    let mut invoices = 0;
    let mut order_target = None;
    if has_tables(db, &["product_groups", "products", "services", "orders", "invoices"]).await? {
        (services, invoices) = insert_billing(db, reseller_ids[0]).await?;
        if has_tables(db, &["catalog_prices", "reseller_prices"]).await? {
            order_target = Some(insert_prices(db, reseller_ids[0]).await?);
        }
    } else {
        eprintln!("no billing tables yet: services and invoices skipped");
    }

    // The bulk insert bypassed the entity, so the search terms are written here, as a
    // migration of an existing database would.
    let indexing = Instant::now();
    let indexed = crate::index_clients_for_search(db).await?;
    eprintln!("search terms for {indexed} clients: {:.1} s", indexing.elapsed().as_secs_f64());

    let analyzing = Instant::now();
    match db.get_database_backend() {
        // VACUUM also sets the visibility map, so counts can be index-only scans, as they are
        // once autovacuum has visited a real database.
        DbBackend::Postgres => db.execute_unprepared("VACUUM ANALYZE").await?,
        _ => db.execute_unprepared("ANALYZE").await?,
    };
    eprintln!("planner statistics: {:.1} s", analyzing.elapsed().as_secs_f64());
    Ok(SeedReport {
        resellers: reseller_ids.len(),
        clients,
        services,
        invoices,
        order_target,
        elapsed: started.elapsed(),
    })
}

/// Prices for the benchmark's product and a backup addon in Rial and dollars, sold by the
/// benchmark reseller at list price, so orders can be placed against the seeded data.
async fn insert_prices(db: &DatabaseConnection, reseller_id: i64) -> Result<OrderTarget> {
    use app::entities::{addon, catalog_price, client, product, reseller_price};
    let now = OffsetDateTime::now_utc();
    let product_id = product::Entity::find().one(db).await?.context("the benchmark product")?.id;
    let addon_id = addon::ActiveModel {
        name_fa: Set("پشتیبان‌گیری روزانه".to_owned()),
        name_en: Set("Daily backup".to_owned()),
        description_fa: Set(String::new()),
        description_en: Set(String::new()),
        active: Set(true),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?
    .id;
    let rows = [
        ("product", product_id, "IRR", 12_000_000, 10_000_000, 20_000_000),
        ("product", product_id, "USD", 999, 800, 2_000),
        ("addon", addon_id, "IRR", 1_500_000, 1_000_000, 3_000_000),
        ("addon", addon_id, "USD", 300, 200, 600),
    ];
    let txn = db.begin().await?;
    for (kind, item_id, currency, price, min_price, max_price) in rows {
        let listed = catalog_price::ActiveModel {
            item_kind: Set(seed_code(kind)),
            item_id: Set(item_id),
            currency: Set(currency.to_owned()),
            term: Set("monthly".to_owned()),
            setup_fee: Set(0),
            price: Set(price),
            min_price: Set(min_price),
            max_price: Set(max_price),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        reseller_price::ActiveModel {
            reseller_id: Set(reseller_id),
            catalog_price_id: Set(listed.id),
            setup_fee: Set(0),
            price: Set(price),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    let buyer = client::Entity::find()
        .filter(client::Column::ResellerId.eq(reseller_id))
        .filter(client::Column::Currency.eq("USD"))
        .filter(client::Column::Status.ne("closed"))
        .one(db)
        .await?
        .context("a USD client of the benchmark reseller")?;
    Ok(OrderTarget { client_id: buyer.id, product_id, addon_id })
}

async fn insert_resellers(db: &DatabaseConnection, password_hash: &str, count: usize) -> Result<Vec<i64>> {
    let created = OffsetDateTime::now_utc() - time::Duration::days(6 * 365);
    let txn = db.begin().await?;
    let mut ids = Vec::with_capacity(count);
    for n in 1..=count {
        let (slug, email, brand) = if n == 1 {
            ("bench".to_owned(), BENCH_RESELLER.0.to_owned(), "BenchHost".to_owned())
        } else {
            (format!("bench-{n:03}"), format!("bench{n:03}@example.com"), format!("Bench Reseller {n}"))
        };
        let language = if n % 2 == 0 { "fa" } else { "en" };
        let row = reseller::ActiveModel {
            slug: Set(slug.clone()),
            brand_name: Set(brand),
            contact_name: Set("Bench Contact".to_owned()),
            email: Set(email),
            password_hash: Set(password_hash.to_owned()),
            default_language: Set(language.to_owned()),
            primary_color: Set("#1d4ed8".to_owned()),
            support_email: Set(format!("support@{slug}.example.com")),
            status: Set(ResellerStatus::Active),
            allow_login_as_client: Set(true),
            allow_place_order: Set(true),
            allow_delete_clients: Set(true),
            allow_portal_payments: Set(true),
            allow_portal_tickets: Set(true),
            show_toman: Set(language == "fa"),
            created_at: Set(created),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .context("inserting a benchmark reseller")?;
        ids.push(row.id);
    }
    txn.commit().await?;
    Ok(ids)
}

const CLIENT_COLUMNS: &[&str] = &[
    "reseller_id",
    "first_name",
    "last_name",
    "company",
    "email",
    "phone",
    "address1",
    "address2",
    "city",
    "state",
    "postcode",
    "country",
    "language",
    "currency",
    "national_id",
    "tax_id",
    "notes",
    "credit_balance",
    "status",
    "password_hash",
    "created_at",
];

async fn insert_clients(db: &DatabaseConnection, reseller_ids: &[i64], quotas: &[u64]) -> Result<u64> {
    let total: u64 = quotas.iter().sum();
    let mut rng = SplitMix(RNG_SEED);
    let mut batch = BulkInsert::new(db.get_database_backend(), "clients", CLIENT_COLUMNS);
    let mut sequence = SignUpOrder::new(quotas);
    let span_secs = 5 * 365 * 86_400_i64;
    let first_day = OffsetDateTime::now_utc().replace_nanosecond(0)? - time::Duration::seconds(span_secs);
    let step = (span_secs / total as i64).max(1);
    let mut progress = Progress::new("clients", total);

    let mut txn = db.begin().await?;
    for i in 0..total {
        let (r, number) = sequence.next();
        // Ids grow with creation time, as the list's ordering assumes.
        let created =
            first_day + time::Duration::seconds(i as i64 * span_secs / total as i64 + rng.below(step as u64) as i64);
        batch.push(client_row(&mut rng, reseller_ids[r], number, created));
        if batch.is_full() {
            batch.flush(&txn).await?;
        }
        if (i + 1) % ROWS_PER_COMMIT == 0 {
            batch.flush(&txn).await?;
            txn.commit().await?;
            txn = db.begin().await?;
            progress.show(i + 1);
        }
    }
    batch.flush(&txn).await?;
    txn.commit().await?;
    progress.finish(total);
    Ok(total)
}

/// One client's row, in `CLIENT_COLUMNS` order. `number` is the client's place among its
/// reseller's clients, which keeps emails unique per reseller.
fn client_row(rng: &mut SplitMix, reseller_id: i64, number: u64, created: OffsetDateTime) -> Vec<Value> {
    let persian = rng.chance(50);
    let names = if persian { &PERSIAN } else { &ENGLISH };
    let (first, first_latin) = *rng.pick(names.first);
    let (last, last_latin) = *rng.pick(names.last);
    let domain = rng.pick(&["example.com", "example.net", "example.org", "mail.example.com"]);
    let email = match rng.below(4) {
        0 => format!("{first_latin}.{last_latin}{number}@{domain}"),
        1 => format!("{first_latin}{number}@{domain}"),
        2 => format!("{}{last_latin}{number}@{domain}", &first_latin[..1]),
        _ => format!("{last_latin}.{first_latin}{number}@{domain}"),
    }
    .to_lowercase();
    let company = rng.chance(30).then(|| rng.pick(names.companies).to_string());
    let (city, state) = *rng.pick(names.cities);
    let (phone, postcode, country, currency, national_id);
    if persian {
        phone = format!("+98{}{:07}", rng.pick(&["912", "935", "919", "901", "921", "937"]), rng.below(10_000_000));
        postcode = (1_000_000_000 + rng.below(9_000_000_000)).to_string();
        country = "IR";
        currency = "IRR";
        national_id = rng.chance(40).then(|| iranian_national_id(rng));
    } else if rng.chance(70) {
        phone = format!("+1{}555{:04}", rng.pick(&["415", "512", "303", "617", "503"]), rng.below(10_000));
        postcode = format!("{:05}", 10_000 + rng.below(89_999));
        country = "US";
        currency = "USD";
        national_id = None;
    } else {
        phone = format!("+447700{:06}", rng.below(1_000_000));
        postcode = rng.pick(&["SW1A 1AA", "M1 1AE", "LS1 4AP", "EH1 1YZ"]).to_string();
        country = "GB";
        currency = "USD";
        national_id = None;
    }
    let (city, state) = if country == "GB" { ("London", "London") } else { (city, state) };
    let address1 = if persian {
        format!(
            "خیابان {}، پلاک {}",
            rng.pick(&["ولیعصر", "انقلاب", "آزادی", "شریعتی", "فردوسی", "حافظ"]),
            1 + rng.below(200)
        )
    } else {
        format!(
            "{} {}",
            1 + rng.below(2_000),
            rng.pick(&["Main Street", "Oak Avenue", "Maple Road", "High Street", "Park Lane"])
        )
    };
    let status = match rng.below(100) {
        0..85 => "active",
        85..95 => "inactive",
        _ => "closed",
    };
    vec![
        Value::BigInt(Some(reseller_id)),
        text(first),
        text(last),
        Value::String(company),
        Value::String(Some(email)),
        Value::String(Some(phone)),
        Value::String(Some(address1)),
        Value::String(None),
        text(city),
        text(state),
        Value::String(Some(postcode)),
        text(country),
        text(if persian { "fa" } else { "en" }),
        text(currency),
        Value::String(national_id),
        Value::String(None),
        Value::String(None),
        Value::BigInt(Some(if rng.chance(5) { rng.below(500) as i64 * 10_000 } else { 0 })),
        text(status),
        Value::String(None),
        Value::TimeDateTimeWithTimeZone(Some(created)),
    ]
}

/// A valid کد ملی: nine digits and their checksum digit.
fn iranian_national_id(rng: &mut SplitMix) -> String {
    let digits: Vec<u64> = (0..9).map(|_| rng.below(10)).collect();
    let sum: u64 = digits.iter().enumerate().map(|(i, d)| d * (10 - i as u64)).sum();
    let check = match sum % 11 {
        r @ 0..2 => r,
        r => 11 - r,
    };
    digits.iter().chain([check].iter()).map(u64::to_string).collect()
}

const PRODUCT_GROUP_COLUMNS: &[&str] = &["name_fa", "name_en", "sort_order"];
const PRODUCT_COLUMNS: &[&str] =
    &["group_id", "kind", "name_fa", "name_en", "description_fa", "description_en", "active", "created_at"];
const SERVICE_COLUMNS: &[&str] = &[
    "reseller_id",
    "client_id",
    "order_id",
    "product_id",
    "label",
    "status",
    "billing_cycle",
    "recurring_amount",
    "currency",
    "next_due_on",
    "created_at",
];
const ORDER_COLUMNS: &[&str] =
    &["reseller_id", "client_id", "number", "status", "placed_by", "currency", "total", "created_at"];
const INVOICE_COLUMNS: &[&str] = &[
    "reseller_id",
    "client_id",
    "order_id",
    "number",
    "status",
    "currency",
    "total",
    "amount_paid",
    "issued_on",
    "due_on",
    "paid_at",
    "created_at",
];

/// One product, then 1–3 services and 1–3 invoices (most paid) for a fifth of the reseller's
/// clients, so the list's services and income columns have something to add up. Each invoice
/// comes from an order of the same number, as placed orders do: a reseller with invoices has
/// orders, and PostgreSQL plans the lookups of orders (the idempotency key, every foreign key
/// check of a new invoice, item or service) for a table of that size. Planned for an empty
/// table, they scan every order, and keep doing so on a server that does not autovacuum.
async fn insert_billing(db: &DatabaseConnection, reseller_id: i64) -> Result<(u64, u64)> {
    let backend = db.get_database_backend();
    let now = OffsetDateTime::now_utc().replace_nanosecond(0)?;
    let today = now.date();
    let group_id = insert_returning_id(
        db,
        "product_groups",
        PRODUCT_GROUP_COLUMNS,
        vec![text("میزبانی وب"), text("Web hosting"), Value::Int(Some(0))],
    )
    .await?;
    let product_id = insert_returning_id(
        db,
        "products",
        PRODUCT_COLUMNS,
        vec![
            Value::BigInt(Some(group_id)),
            text("hosting"),
            text("میزبانی پایه"),
            text("Basic hosting"),
            text("۱۰ گیگابایت فضا"),
            text("10 GB of space"),
            Value::Bool(Some(true)),
            Value::TimeDateTimeWithTimeZone(Some(now - time::Duration::days(6 * 365))),
        ],
    )
    .await?;

    let clients = db
        .query_all_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DbBackend::Postgres => "SELECT id, currency FROM clients WHERE reseller_id = $1 ORDER BY id",
                _ => "SELECT id, currency FROM clients WHERE reseller_id = ? ORDER BY id",
            },
            [Value::BigInt(Some(reseller_id))],
        ))
        .await?;
    let mut rng = SplitMix(RNG_SEED ^ 0xB111);
    let mut services = BulkInsert::new(backend, "services", SERVICE_COLUMNS);
    let mut orders = BulkInsert::new(backend, "orders", ORDER_COLUMNS);
    let mut invoices = BulkInsert::new(backend, "invoices", INVOICE_COLUMNS);
    let (mut service_count, mut invoice_count) = (0u64, 0u64);
    let txn = db.begin().await?;
    for row in &clients {
        if !rng.chance(20) {
            continue;
        }
        let client_id: i64 = row.try_get_by_index(0)?;
        let currency: String = row.try_get_by_index(1)?;
        let price = |rng: &mut SplitMix| -> i64 {
            if currency == "IRR" { (50 + rng.below(450) as i64) * 100_000 } else { (5 + rng.below(45) as i64) * 100 }
        };
        for _ in 0..1 + rng.below(3) {
            let created = now - time::Duration::days(1 + rng.below(1_500) as i64);
            let annual = rng.chance(30);
            services.push(vec![
                Value::BigInt(Some(reseller_id)),
                Value::BigInt(Some(client_id)),
                Value::BigInt(None),
                Value::BigInt(Some(product_id)),
                Value::String(Some(format!("site{client_id}-{}.example.com", service_count % 1000))),
                text(match rng.below(10) {
                    0 => "suspended",
                    1 => "cancelled",
                    _ => "active",
                }),
                text(if annual { "annually" } else { "monthly" }),
                Value::BigInt(Some(price(&mut rng) * if annual { 10 } else { 1 })),
                text(&currency),
                Value::TimeDate(Some(
                    today + time::Duration::days(1 + rng.below(if annual { 365 } else { 30 }) as i64),
                )),
                Value::TimeDateTimeWithTimeZone(Some(created)),
            ]);
            service_count += 1;
            if services.is_full() {
                services.flush(&txn).await?;
            }
        }
        for _ in 0..1 + rng.below(3) {
            invoice_count += 1;
            let issued = now - time::Duration::days(rng.below(1_500) as i64);
            let total = price(&mut rng);
            let status = match rng.below(10) {
                0..7 => "paid",
                7..9 => "unpaid",
                _ => "cancelled",
            };
            let paid = status == "paid";
            orders.push(vec![
                Value::BigInt(Some(reseller_id)),
                Value::BigInt(Some(client_id)),
                Value::BigInt(Some(invoice_count as i64)),
                text(match status {
                    "paid" => "active",
                    "unpaid" => "pending",
                    _ => "cancelled",
                }),
                text(if invoice_count % 2 == 0 { "reseller" } else { "client" }),
                text(&currency),
                Value::BigInt(Some(total)),
                Value::TimeDateTimeWithTimeZone(Some(issued)),
            ]);
            if orders.is_full() {
                orders.flush(&txn).await?;
            }
            invoices.push(vec![
                Value::BigInt(Some(reseller_id)),
                Value::BigInt(Some(client_id)),
                Value::BigInt(None),
                Value::BigInt(Some(invoice_count as i64)),
                text(status),
                text(&currency),
                Value::BigInt(Some(total)),
                Value::BigInt(Some(if paid { total } else { 0 })),
                Value::TimeDate(Some(issued.date())),
                Value::TimeDate(Some(issued.date() + time::Duration::days(7))),
                Value::TimeDateTimeWithTimeZone(paid.then(|| issued + time::Duration::days(rng.below(7) as i64))),
                Value::TimeDateTimeWithTimeZone(Some(issued)),
            ]);
            if invoices.is_full() {
                invoices.flush(&txn).await?;
            }
        }
    }
    services.flush(&txn).await?;
    orders.flush(&txn).await?;
    invoices.flush(&txn).await?;
    // Each invoice to its order: same reseller, same number.
    let reseller = if backend == DbBackend::Postgres { "$1" } else { "?" };
    let link = format!(
        "UPDATE invoices SET order_id = (SELECT o.id FROM orders o WHERE o.reseller_id = invoices.reseller_id \
         AND o.number = invoices.number) WHERE reseller_id = {reseller} AND order_id IS NULL"
    );
    txn.execute_raw(Statement::from_sql_and_values(backend, link, [Value::BigInt(Some(reseller_id))])).await?;
    txn.commit().await?;
    eprintln!(
        "billing: {service_count} services and {invoice_count} invoices, each from an order, for the benchmark reseller"
    );
    Ok((service_count, invoice_count))
}

async fn insert_returning_id(db: &DatabaseConnection, table: &str, columns: &[&str], row: Vec<Value>) -> Result<i64> {
    let backend = db.get_database_backend();
    let sql = format!("{} RETURNING id", insert_sql(backend, table, columns, 1));
    let inserted = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, row))
        .await
        .with_context(|| format!("inserting into {table}"))?
        .with_context(|| format!("no id returned by {table}"))?;
    Ok(inserted.try_get_by_index(0)?)
}

async fn has_tables(db: &DatabaseConnection, tables: &[&str]) -> Result<bool> {
    let backend = db.get_database_backend();
    for table in tables {
        let sql = match backend {
            DbBackend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
            }
            _ => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
        };
        let found = db.query_one_raw(Statement::from_sql_and_values(backend, sql, [text(table)])).await?;
        let count: i64 = found.map(|row| row.try_get_by_index(0)).transpose()?.unwrap_or(0);
        if count == 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Rows of one table, written as multi-row INSERTs that stay under SQLite's parameter limit.
struct BulkInsert {
    backend: DbBackend,
    table: &'static str,
    columns: &'static [&'static str],
    rows_per_statement: usize,
    full_statement: String,
    values: Vec<Value>,
}

impl BulkInsert {
    fn new(backend: DbBackend, table: &'static str, columns: &'static [&'static str]) -> Self {
        let rows_per_statement = MAX_BIND_PARAMETERS / columns.len();
        Self {
            backend,
            table,
            columns,
            rows_per_statement,
            full_statement: insert_sql(backend, table, columns, rows_per_statement),
            values: Vec::with_capacity(rows_per_statement * columns.len()),
        }
    }

    fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.columns.len(), "a row of {}", self.table);
        self.values.extend(row);
    }

    fn is_full(&self) -> bool {
        self.values.len() >= self.rows_per_statement * self.columns.len()
    }

    async fn flush(&mut self, db: &impl ConnectionTrait) -> Result<()> {
        if self.values.is_empty() {
            return Ok(());
        }
        let rows = self.values.len() / self.columns.len();
        // Full batches share one SQL text, so the driver prepares it once.
        let sql = if rows == self.rows_per_statement {
            self.full_statement.clone()
        } else {
            insert_sql(self.backend, self.table, self.columns, rows)
        };
        let values =
            std::mem::replace(&mut self.values, Vec::with_capacity(self.rows_per_statement * self.columns.len()));
        db.execute_raw(Statement::from_sql_and_values(self.backend, sql, values))
            .await
            .with_context(|| format!("inserting {rows} rows into {}", self.table))?;
        Ok(())
    }
}

fn insert_sql(backend: DbBackend, table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for row in 0..rows {
        if row > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for column in 0..columns.len() {
            if column > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                DbBackend::Postgres => sql.push_str(&format!("${n}")),
                _ => sql.push('?'),
            }
        }
        sql.push(')');
    }
    sql
}

fn text(s: &str) -> Value {
    Value::String(Some(s.to_owned()))
}

/// Which reseller signs up next: each reseller's clients spread evenly over the whole period,
/// so one reseller's rows lie scattered through the table as in a real installation.
struct SignUpOrder {
    quotas: Vec<u64>,
    done: Vec<u64>,
    total: u64,
    issued: u64,
}

impl SignUpOrder {
    fn new(quotas: &[u64]) -> Self {
        Self { quotas: quotas.to_vec(), done: vec![0; quotas.len()], total: quotas.iter().sum(), issued: 0 }
    }

    /// The next reseller's index and that client's number among the reseller's clients.
    fn next(&mut self) -> (usize, u64) {
        self.issued += 1;
        // The reseller furthest behind its even share of the clients issued so far.
        let behind = |r: usize| {
            i128::from(self.quotas[r]) * i128::from(self.issued) - i128::from(self.done[r]) * i128::from(self.total)
        };
        let r = (0..self.quotas.len())
            .filter(|&r| self.done[r] < self.quotas[r])
            .max_by_key(|&r| (behind(r), std::cmp::Reverse(r)))
            .expect("no more clients than the quotas add up to");
        self.done[r] += 1;
        (r, self.done[r])
    }
}

/// Rows per second on standard error, at most twice a second.
struct Progress {
    label: &'static str,
    total: u64,
    started: Instant,
    shown: Instant,
}

impl Progress {
    fn new(label: &'static str, total: u64) -> Self {
        let now = Instant::now();
        Self { label, total, started: now, shown: now }
    }

    fn show(&mut self, done: u64) {
        if self.shown.elapsed() >= Duration::from_millis(500) {
            self.shown = Instant::now();
            eprint!("\r{}", self.line(done));
        }
    }

    fn finish(&self, done: u64) {
        eprintln!("\r{} in {:.1} s", self.line(done), self.started.elapsed().as_secs_f64());
    }

    fn line(&self, done: u64) -> String {
        let rate = done as f64 / self.started.elapsed().as_secs_f64().max(1e-3);
        format!("{}: {done}/{} ({}%), {rate:.0} rows/s", self.label, self.total, done * 100 / self.total.max(1))
    }
}

/// A small deterministic generator (SplitMix64): the data only has to look varied.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

struct Names {
    /// (as written, in Latin letters for the email address)
    first: &'static [(&'static str, &'static str)],
    last: &'static [(&'static str, &'static str)],
    companies: &'static [&'static str],
    /// (city, state)
    cities: &'static [(&'static str, &'static str)],
}

static PERSIAN: Names = Names {
    first: &[
        ("سارا", "sara"),
        ("رضا", "reza"),
        ("مریم", "maryam"),
        ("علی", "ali"),
        ("محمد", "mohammad"),
        ("فاطمه", "fatemeh"),
        ("زهرا", "zahra"),
        ("حسین", "hossein"),
        ("امیر", "amir"),
        ("نگار", "negar"),
        ("مهدی", "mahdi"),
        ("نرگس", "narges"),
        ("سعید", "saeed"),
        ("لیلا", "leila"),
        ("کاوه", "kaveh"),
        ("شیرین", "shirin"),
        ("بهرام", "bahram"),
        ("آرش", "arash"),
        ("پریسا", "parisa"),
        ("مهسا", "mahsa"),
        ("حمید", "hamid"),
        ("الهام", "elham"),
        ("مجید", "majid"),
        ("سمیرا", "samira"),
        ("نیما", "nima"),
        ("یاسمن", "yasaman"),
        ("پویا", "pouya"),
        ("ترانه", "taraneh"),
        ("کیان", "kian"),
        ("هستی", "hasti"),
        ("بابک", "babak"),
        ("مینا", "mina"),
        ("داریوش", "dariush"),
        ("رویا", "roya"),
        ("فرهاد", "farhad"),
        ("ژاله", "zhaleh"),
        ("سینا", "sina"),
        ("آزاده", "azadeh"),
        ("پژمان", "pejman"),
        ("گلناز", "golnaz"),
        ("کامران", "kamran"),
        ("نسرین", "nasrin"),
        ("ارسلان", "arsalan"),
        ("بهاره", "bahareh"),
        ("شهرام", "shahram"),
        ("تینا", "tina"),
        ("میلاد", "milad"),
        ("سپیده", "sepideh"),
        ("امید", "omid"),
        ("فرناز", "farnaz"),
    ],
    last: &[
        ("احمدی", "ahmadi"),
        ("کریمی", "karimi"),
        ("حسینی", "hosseini"),
        ("رضایی", "rezaei"),
        ("محمدی", "mohammadi"),
        ("موسوی", "mousavi"),
        ("جعفری", "jafari"),
        ("صادقی", "sadeghi"),
        ("رحیمی", "rahimi"),
        ("کاظمی", "kazemi"),
        ("نوری", "nouri"),
        ("قاسمی", "ghasemi"),
        ("عباسی", "abbasi"),
        ("هاشمی", "hashemi"),
        ("مرادی", "moradi"),
        ("اکبری", "akbari"),
        ("سلطانی", "soltani"),
        ("بهرامی", "bahrami"),
        ("طاهری", "taheri"),
        ("یوسفی", "yousefi"),
        ("شریفی", "sharifi"),
        ("زارعی", "zarei"),
        ("امینی", "amini"),
        ("نجفی", "najafi"),
        ("فرهادی", "farhadi"),
        ("کرمانی", "kermani"),
        ("شیرازی", "shirazi"),
        ("تهرانی", "tehrani"),
        ("اصفهانی", "esfahani"),
        ("تبریزی", "tabrizi"),
        ("ملکی", "maleki"),
        ("سعیدی", "saeedi"),
        ("باقری", "bagheri"),
        ("حیدری", "heidari"),
        ("نظری", "nazari"),
        ("خلیلی", "khalili"),
        ("منصوری", "mansouri"),
        ("عزیزی", "azizi"),
        ("فتحی", "fathi"),
        ("جلالی", "jalali"),
        ("کامرانی", "kamrani"),
        ("اسدی", "asadi"),
        ("قربانی", "ghorbani"),
        ("رستمی", "rostami"),
        ("وحیدی", "vahidi"),
        ("پاکزاد", "pakzad"),
        ("نیک‌نام", "niknam"),
        ("دلاوری", "delavari"),
        ("افشار", "afshar"),
        ("توکلی", "tavakoli"),
        ("ثابتی", "sabeti"),
        ("جمالی", "jamali"),
        ("چراغی", "cheraghi"),
        ("حکیمی", "hakimi"),
        ("خسروی", "khosravi"),
        ("دانشور", "daneshvar"),
        ("ذوالفقاری", "zolfaghari"),
        ("رفیعی", "rafiei"),
        ("زمانی", "zamani"),
        ("سبحانی", "sobhani"),
        ("شفیعی", "shafiei"),
        ("صالحی", "salehi"),
        ("ضیایی", "ziaei"),
        ("طالبی", "talebi"),
        ("ظهیری", "zahiri"),
        ("عسگری", "asgari"),
        ("غفاری", "ghaffari"),
        ("فرجی", "faraji"),
        ("قنبری", "ghanbari"),
        ("کیانی", "kiani"),
        ("گودرزی", "goudarzi"),
        ("لطفی", "lotfi"),
        ("مهدوی", "mahdavi"),
        ("نادری", "naderi"),
        ("واعظی", "vaezi"),
        ("همتی", "hemmati"),
        ("یزدانی", "yazdani"),
        ("آقایی", "aghaei"),
        ("ابراهیمی", "ebrahimi"),
        ("بیگی", "beigi"),
        ("پورمحمدی", "pourmohammadi"),
        ("ترابی", "torabi"),
        ("جوادی", "javadi"),
        ("حافظی", "hafezi"),
        ("خانی", "khani"),
        ("درویشی", "darvishi"),
        ("رنجبر", "ranjbar"),
        ("زندی", "zandi"),
        ("سلیمانی", "soleimani"),
        ("شکوهی", "shokouhi"),
        ("صفری", "safari"),
        ("عطایی", "ataei"),
        ("فاضلی", "fazeli"),
        ("قادری", "ghaderi"),
        ("کاوسی", "kavousi"),
        ("گلستانی", "golestani"),
        ("مختاری", "mokhtari"),
        ("نوروزی", "nowruzi"),
        ("یگانه", "yeganeh"),
        ("بنی‌عامری", "baniameri"),
    ],
    companies: &[
        "نوآوران پارس",
        "کافه کتاب",
        "فناوران سپهر",
        "آوای نو",
        "پارس‌کد",
        "رایانش ابری آسمان",
        "چاپ سینا",
        "بازرگانی البرز",
        "طراحان وب آریا",
        "فروشگاه نگین",
    ],
    cities: &[
        ("تهران", "تهران"),
        ("اصفهان", "اصفهان"),
        ("شیراز", "فارس"),
        ("مشهد", "خراسان رضوی"),
        ("تبریز", "آذربایجان شرقی"),
        ("کرج", "البرز"),
        ("رشت", "گیلان"),
        ("یزد", "یزد"),
    ],
};

static ENGLISH: Names = Names {
    first: &[
        ("James", "james"),
        ("Mary", "mary"),
        ("John", "john"),
        ("Patricia", "patricia"),
        ("Robert", "robert"),
        ("Jennifer", "jennifer"),
        ("Michael", "michael"),
        ("Linda", "linda"),
        ("William", "william"),
        ("Elizabeth", "elizabeth"),
        ("David", "david"),
        ("Barbara", "barbara"),
        ("Richard", "richard"),
        ("Susan", "susan"),
        ("Joseph", "joseph"),
        ("Jessica", "jessica"),
        ("Thomas", "thomas"),
        ("Sarah", "sarah"),
        ("Charles", "charles"),
        ("Karen", "karen"),
        ("Daniel", "daniel"),
        ("Emma", "emma"),
        ("Matthew", "matthew"),
        ("Olivia", "olivia"),
        ("Anthony", "anthony"),
        ("Sophia", "sophia"),
        ("Mark", "mark"),
        ("Isabella", "isabella"),
        ("Steven", "steven"),
        ("Charlotte", "charlotte"),
        ("Paul", "paul"),
        ("Amelia", "amelia"),
        ("Andrew", "andrew"),
        ("Harper", "harper"),
        ("Joshua", "joshua"),
        ("Evelyn", "evelyn"),
        ("Kevin", "kevin"),
        ("Abigail", "abigail"),
        ("Brian", "brian"),
        ("Emily", "emily"),
        ("George", "george"),
        ("Ella", "ella"),
        ("Edward", "edward"),
        ("Grace", "grace"),
        ("Ryan", "ryan"),
        ("Chloe", "chloe"),
        ("Jacob", "jacob"),
        ("Lily", "lily"),
        ("Liam", "liam"),
        ("Noah", "noah"),
    ],
    last: &[
        ("Smith", "smith"),
        ("Johnson", "johnson"),
        ("Williams", "williams"),
        ("Brown", "brown"),
        ("Jones", "jones"),
        ("Garcia", "garcia"),
        ("Miller", "miller"),
        ("Davis", "davis"),
        ("Rodriguez", "rodriguez"),
        ("Martinez", "martinez"),
        ("Hernandez", "hernandez"),
        ("Lopez", "lopez"),
        ("Gonzalez", "gonzalez"),
        ("Wilson", "wilson"),
        ("Anderson", "anderson"),
        ("Thomas", "thomas"),
        ("Taylor", "taylor"),
        ("Moore", "moore"),
        ("Jackson", "jackson"),
        ("Martin", "martin"),
        ("Lee", "lee"),
        ("Perez", "perez"),
        ("Thompson", "thompson"),
        ("White", "white"),
        ("Harris", "harris"),
        ("Sanchez", "sanchez"),
        ("Clark", "clark"),
        ("Ramirez", "ramirez"),
        ("Lewis", "lewis"),
        ("Robinson", "robinson"),
        ("Walker", "walker"),
        ("Young", "young"),
        ("Allen", "allen"),
        ("King", "king"),
        ("Wright", "wright"),
        ("Scott", "scott"),
        ("Torres", "torres"),
        ("Nguyen", "nguyen"),
        ("Hill", "hill"),
        ("Flores", "flores"),
        ("Green", "green"),
        ("Adams", "adams"),
        ("Nelson", "nelson"),
        ("Baker", "baker"),
        ("Hall", "hall"),
        ("Rivera", "rivera"),
        ("Campbell", "campbell"),
        ("Mitchell", "mitchell"),
        ("Carter", "carter"),
        ("Roberts", "roberts"),
        ("Turner", "turner"),
        ("Phillips", "phillips"),
        ("Evans", "evans"),
        ("Parker", "parker"),
        ("Edwards", "edwards"),
        ("Collins", "collins"),
        ("Stewart", "stewart"),
        ("Morris", "morris"),
        ("Murphy", "murphy"),
        ("Cook", "cook"),
        ("Rogers", "rogers"),
        ("Morgan", "morgan"),
        ("Peterson", "peterson"),
        ("Cooper", "cooper"),
        ("Reed", "reed"),
        ("Bailey", "bailey"),
        ("Bell", "bell"),
        ("Gomez", "gomez"),
        ("Kelly", "kelly"),
        ("Howard", "howard"),
        ("Ward", "ward"),
        ("Cox", "cox"),
        ("Diaz", "diaz"),
        ("Richardson", "richardson"),
        ("Wood", "wood"),
        ("Watson", "watson"),
        ("Brooks", "brooks"),
        ("Bennett", "bennett"),
        ("Gray", "gray"),
        ("James", "james"),
        ("Reyes", "reyes"),
        ("Cruz", "cruz"),
        ("Hughes", "hughes"),
        ("Price", "price"),
        ("Myers", "myers"),
        ("Long", "long"),
        ("Foster", "foster"),
        ("Sanders", "sanders"),
        ("Ross", "ross"),
        ("Morales", "morales"),
        ("Powell", "powell"),
        ("Sullivan", "sullivan"),
        ("Russell", "russell"),
        ("Ortiz", "ortiz"),
        ("Jenkins", "jenkins"),
        ("Gutierrez", "gutierrez"),
        ("Perry", "perry"),
        ("Butler", "butler"),
        ("Barnes", "barnes"),
        ("Whitfield", "whitfield"),
    ],
    companies: &[
        "Miller Design",
        "Johnson Bakery",
        "Blue Harbor Media",
        "Northwind Traders",
        "Acme Studio",
        "Bright Path Consulting",
        "Green Leaf Organics",
        "Summit Legal",
        "Pixel Forge",
        "Red Oak Builders",
    ],
    cities: &[("Portland", "OR"), ("Austin", "TX"), ("Denver", "CO"), ("Boston", "MA"), ("Seattle", "WA")],
};

/// The page in the middle of the benchmark reseller's list at the default page size.
async fn middle_page(db: &DatabaseConnection, reseller_id: i64) -> Result<u64> {
    let total = app::clients::counts::size(db, reseller_id, None).await?.clients;
    Ok(total.div_ceil(ClientListQuery::default().per_page).div_ceil(2).max(1))
}

/// Prints, for page 1, a deep page, the middle page and a search of the benchmark reseller's
/// clients, the plan of every statement the list runs, and the in-process time of the whole
/// list query (no HTTP), the first call building the page anchors a deep page starts from.
pub async fn print_plans(db: &DatabaseConnection, deep_page: u64, search: &str) -> Result<()> {
    let backend = db.get_database_backend();
    let bench = reseller::Entity::find()
        .filter(reseller::Column::Email.eq(BENCH_RESELLER.0))
        .one(db)
        .await?
        .context("the benchmark reseller is missing: run `resellerdesk bench-seed` first")?;
    let middle_page = middle_page(db, bench.id).await?;
    // For the script, which loads this page too.
    println!("middle-page {middle_page}");
    let cases = [
        ("page 1", ClientListQuery::default()),
        ("deep page", ClientListQuery::default().at_page(deep_page)),
        // The most rows any page skips: a page is read from the nearer end of the list.
        ("middle page", ClientListQuery::default().at_page(middle_page)),
        ("search", ClientListQuery { search: search.to_owned(), ..ClientListQuery::default() }),
    ];
    let anchors = app::clients::anchors::PageAnchors::default();
    for (label, query) in cases {
        println!("--- {} / {label} (?{})", backend_name(backend), query.to_query_string());
        let started = Instant::now();
        app::clients::service::list_clients(db, &anchors, bench.id, &query)
            .await
            .map_err(|e| anyhow::anyhow!("listing the benchmark reseller's clients: {e:?}"))?;
        println!("first call, page anchors built if it needs them: {:.2} ms", started.elapsed().as_secs_f64() * 1e3);
        for statement in app::clients::service::list_statements(db, &anchors, bench.id, &query)
            .await
            .map_err(|e| anyhow::anyhow!("the list's statements: {e:?}"))?
        {
            println!("{statement}");
            for line in explain(db, &statement).await? {
                println!("    {line}");
            }
        }
        let mut times = Vec::with_capacity(50);
        let mut total = 0;
        for _ in 0..50 {
            let started = Instant::now();
            let page = app::clients::service::list_clients(db, &anchors, bench.id, &query)
                .await
                .map_err(|e| anyhow::anyhow!("listing the benchmark reseller's clients: {e:?}"))?;
            times.push(started.elapsed());
            total = page.total;
        }
        times.sort();
        println!(
            "list_clients in process: {total} matching, p50 {:.2} ms, max {:.2} ms over 50 sequential calls",
            times[times.len() / 2].as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
    // Placing an order takes the next numbers inside the write lock: each MAX must be one step
    // down its index, not a walk over the reseller's orders and invoices, and on PostgreSQL the
    // order and the invoice (ids 0 here: only planned, not run) are numbered by their keys.
    println!("--- {} / place order: the next order and invoice numbers", backend_name(backend));
    let statement = app::orders::place::service::numbers_statement(backend, bench.id, 0, 0);
    println!("{statement}");
    for line in explain_only(db, &statement).await? {
        println!("    {line}");
    }
    Ok(())
}

/// The database's own account of how it runs `statement`: `EXPLAIN QUERY PLAN` on SQLite,
/// `EXPLAIN (ANALYZE, BUFFERS)` on PostgreSQL, with the statement's values bound as the app
/// binds them.
async fn explain(db: &DatabaseConnection, statement: &Statement) -> Result<Vec<String>> {
    explain_as(db, statement, "EXPLAIN (ANALYZE, BUFFERS)").await
}

/// `explain_as` with `EXPLAIN` on PostgreSQL: the plan of a statement that writes, which
/// `ANALYZE` would run.
async fn explain_only(db: &DatabaseConnection, statement: &Statement) -> Result<Vec<String>> {
    explain_as(db, statement, "EXPLAIN").await
}

async fn explain_as(db: &DatabaseConnection, statement: &Statement, postgres_explain: &str) -> Result<Vec<String>> {
    let backend = db.get_database_backend();
    let values = statement.values.clone().map(|v| v.0).unwrap_or_default();
    match backend {
        DbBackend::Postgres => {
            let sql = format!("{postgres_explain} {}", statement.sql);
            let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
            rows.iter().map(|row| Ok(row.try_get_by_index::<String>(0)?)).collect()
        }
        _ => {
            let sql = format!("EXPLAIN QUERY PLAN {}", statement.sql);
            let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
            // Rows are (id, parent, notused, detail); indent each under its parent.
            let mut depth = std::collections::HashMap::<i64, usize>::new();
            let mut lines = Vec::with_capacity(rows.len());
            for row in rows {
                let id: i64 = row.try_get_by_index(0)?;
                let parent: i64 = row.try_get_by_index(1)?;
                let detail: String = row.try_get_by_index(3)?;
                let level = depth.get(&parent).map_or(0, |d| d + 1);
                depth.insert(id, level);
                lines.push(format!("{}{detail}", "  ".repeat(level)));
            }
            Ok(lines)
        }
    }
}

fn backend_name(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "postgres",
        DbBackend::Sqlite => "sqlite",
        _ => "other",
    }
}

/// A bare axum server answering `GET /` with a fixed HTML page of `bytes` bytes: what the
/// machine can serve with no database and no rendering, the ceiling the list is measured against.
pub async fn serve_ceiling(bind: SocketAddr, bytes: usize) -> Result<()> {
    use axum::{Router, body::Bytes, http::header, routing::get};
    let body = Bytes::from(ceiling_page(bytes));
    let router = Router::new().route(
        "/",
        get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(bind).await.with_context(|| format!("binding {bind}"))?;
    println!("ceiling server at http://{bind}/ answering {bytes} bytes");
    axum::serve(listener, router).await.context("serving the ceiling page")
}

fn ceiling_page(bytes: usize) -> String {
    let (head, tail) = ("<!DOCTYPE html><html><body><p>", "</p></body></html>");
    let filler = bytes.saturating_sub(head.len() + tail.len());
    format!("{head}{}{tail}", "x".repeat(filler))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_give_the_first_reseller_its_share_and_add_up() {
        let plan = SeedPlan { clients_per_reseller: 100_000, total_clients: 1_000_000 };
        let quotas = plan.quotas();
        assert_eq!(quotas.len(), 10);
        assert_eq!(quotas[0], 100_000);
        assert_eq!(quotas.iter().sum::<u64>(), 1_000_000);
        let uneven = SeedPlan { clients_per_reseller: 7, total_clients: 20 }.quotas();
        assert_eq!(uneven, vec![7, 7, 6]);
    }

    #[test]
    fn sign_ups_interleave_and_meet_every_quota() {
        let mut order = SignUpOrder::new(&[4, 2, 2]);
        let picks: Vec<usize> = (0..8).map(|_| order.next().0).collect();
        assert_eq!(picks.iter().filter(|&&r| r == 0).count(), 4);
        assert_eq!(order.done, vec![4, 2, 2]);
        assert!(picks.windows(2).all(|w| w[0] != w[1] || w[0] == 0), "{picks:?}");
    }

    #[test]
    fn national_ids_pass_the_domain_check() {
        let mut rng = SplitMix(1);
        for _ in 0..200 {
            let id = iranian_national_id(&mut rng);
            if id.chars().all(|c| c == id.as_bytes()[0] as char) {
                continue; // repeated digits are refused by design
            }
            assert!(app::values::NationalId::parse(&id).is_ok(), "{id}");
        }
    }

    #[test]
    fn statements_stay_under_the_parameter_limit() {
        let insert = BulkInsert::new(DbBackend::Sqlite, "clients", CLIENT_COLUMNS);
        assert!(insert.rows_per_statement * CLIENT_COLUMNS.len() <= MAX_BIND_PARAMETERS);
        assert_eq!(
            insert_sql(DbBackend::Postgres, "t", &["a", "b"], 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(ceiling_page(1000).len(), 1000);
    }
}
