//! Placing an order: one database transaction writes the order and its items, the first
//! invoice and its items with the reseller's next numbers, the services / addons / domain
//! (Pending), the emails to the client and the reseller, and an audit row. The same
//! idempotency key returns the first order instead of placing another.

use super::super::plan::{OfferCatalog, OrderPlan, OrderSelection, Quote, Step, check_through};
use super::PlacedBy;
use crate::audit;
use crate::audit::{ActorKind, AuditAction, TargetKind};
use crate::catalog::ItemKind;
use crate::catalog::service::{Offer, priced_in_range};
use crate::clients::ClientStatus;
use crate::clients::records::Named;
use crate::entities::{
    addon, audit_log, client, domain, domain_extension, email_outbox, invoice, invoice_item, order, order_item,
    product, product_group, reseller, service, service_addon,
};
use crate::error::{AppError, FieldError, FieldProblem};
use crate::i18n::{Locale, format_date, format_money};
use crate::invoices::InvoiceStatus;
use crate::mail::{self, Letter, Template};
use crate::orders::manage::DomainStatus;
use crate::orders::manage::OrderStatus;
use crate::orders::manage::ServiceStatus;
use crate::orders::plan::{AddonOffer, DOMAIN_ITEM, DomainOffer, PRODUCT_ITEM, ProductOffer, TermPrice};
use crate::values::DomainOperation;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use time::OffsetDateTime;

/// What the reseller sells in `currency`, with names, in catalog order.
pub async fn offer_catalog(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    currency: &str,
) -> Result<OfferCatalog, AppError> {
    offer_catalog_parts(db, reseller_id, currency, CatalogParts::ALL).await
}

/// Which kinds of item to read into an [`OfferCatalog`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogParts {
    pub products: bool,
    pub addons: bool,
    pub domains: bool,
}

impl CatalogParts {
    pub const ALL: Self = Self { products: true, addons: true, domains: true };

    /// What checking `selection` reads: a product order its products (and addons, when it has
    /// any), a domain order the domain extensions. The checks come out the same as against the
    /// whole catalog, since they never look at the other kinds.
    pub fn for_selection(selection: &OrderSelection) -> Self {
        let product = selection.item.starts_with(PRODUCT_ITEM);
        Self {
            products: product,
            addons: product && !selection.addons.is_empty(),
            domains: selection.item.starts_with(DOMAIN_ITEM),
        }
    }
}

/// The `parts` of what the reseller sells in `currency`; the kinds left out come back empty.
pub async fn offer_catalog_parts(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    currency: &str,
    parts: CatalogParts,
) -> Result<OfferCatalog, AppError> {
    // Only active products, addons and extensions are read below, so prices of items taken
    // off sale drop out there; `offers` would read the active items a second time.
    let sold = priced_in_range(db, reseller_id, currency, None).await?;
    let mut by_item: HashMap<(ItemKind, i64), Vec<&Offer>> = HashMap::new();
    for offer in &sold {
        by_item.entry((offer.catalog.item_kind, offer.catalog.item_id)).or_default().push(offer);
    }
    let prices = |kind: ItemKind, id: i64| -> Vec<TermPrice> {
        let mut rows: Vec<TermPrice> = by_item
            .get(&(kind, id))
            .into_iter()
            .flatten()
            .map(|o| TermPrice {
                catalog_price_id: o.catalog.id,
                term: o.catalog.term.clone(),
                price: o.price,
                setup_fee: o.setup_fee,
            })
            .collect();
        rows.sort_by_key(|p| term_order(kind, &p.term));
        rows
    };
    let in_group = product::Entity::belongs_to(product_group::Entity)
        .from(product::Column::GroupId)
        .to(product_group::Column::Id)
        .into();
    let listed = if parts.products {
        product::Entity::find()
            .select_also(product_group::Entity)
            .join(JoinType::InnerJoin, in_group)
            .filter(product::Column::Active.eq(true))
            .order_by_asc(product::Column::Id)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let mut products: Vec<(i32, ProductOffer)> = listed
        .into_iter()
        .filter_map(|(p, group)| {
            let prices = prices(ItemKind::Product, p.id);
            let group = group?;
            (!prices.is_empty()).then_some({
                (
                    group.sort_order,
                    ProductOffer {
                        id: p.id,
                        kind: p.kind,
                        group: Named { fa: group.name_fa, en: group.name_en },
                        name: Named { fa: p.name_fa, en: p.name_en },
                        description: Named { fa: p.description_fa, en: p.description_en },
                        prices,
                    },
                )
            })
        })
        .collect();
    products.sort_by_key(|(order, p)| (*order, p.id));
    let addons = if parts.addons {
        addon::Entity::find().filter(addon::Column::Active.eq(true)).order_by_asc(addon::Column::Id).all(db).await?
    } else {
        Vec::new()
    };
    let addons = addons
        .into_iter()
        .filter_map(|a| {
            let prices = prices(ItemKind::Addon, a.id);
            (!prices.is_empty()).then_some(AddonOffer {
                id: a.id,
                name: Named { fa: a.name_fa, en: a.name_en },
                description: Named { fa: a.description_fa, en: a.description_en },
                prices,
            })
        })
        .collect();
    let domains = if parts.domains {
        domain_extension::Entity::find()
            .filter(domain_extension::Column::Active.eq(true))
            .order_by_asc(domain_extension::Column::SortOrder)
            .order_by_asc(domain_extension::Column::Id)
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    let domains = domains
        .into_iter()
        .filter_map(|d| {
            let prices = prices(ItemKind::Domain, d.id);
            (!prices.is_empty()).then_some(DomainOffer { id: d.id, tld: d.tld, prices })
        })
        .collect();
    Ok(OfferCatalog {
        currency: currency.to_owned(),
        products: products.into_iter().map(|(_, p)| p).collect(),
        addons,
        domains,
    })
}

fn term_order(kind: ItemKind, term: &str) -> usize {
    crate::catalog::PriceTerm::all_for(kind).iter().position(|t| t.code() == term).unwrap_or(usize::MAX)
}

/// Who places the order, for the order row and the audit log.
pub struct OrderActor<'a> {
    pub reseller: &'a reseller::Model,
    pub placed_by: PlacedBy,
    /// `reseller` or `client`: who really acted.
    pub actor_kind: ActorKind,
    pub actor_id: i64,
    pub ip: Option<&'a str>,
}

/// One order to place.
pub struct PlaceOrder<'a> {
    pub client_id: i64,
    pub selection: &'a OrderSelection,
    /// Chosen by the wizard when it shows the review; the same key places one order at most.
    pub idempotency_key: &'a str,
    /// Where the portal and panel are reached, for links in the emails.
    pub public_origin: &'a str,
    /// The total the reseller saw on the review; a different total now (prices changed in
    /// between) is refused rather than charged.
    pub expected_total: Option<i64>,
}

/// The order placed (or found again by its idempotency key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedOrder {
    pub order_id: i64,
    pub number: i64,
    pub invoice_number: Option<i64>,
    /// False when the key had placed this order before and nothing new was written.
    pub created: bool,
}

/// A key the wizard made: 16 to 64 letters, digits, `-` or `_`.
pub fn check_idempotency_key(key: &str) -> Result<(), AppError> {
    let ok = (16..=64).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AppError::Validation(vec![FieldError { field: "key".into(), problem: FieldProblem::InvalidChoice }]))
    }
}

fn field_error(field: &str, problem: FieldProblem) -> AppError {
    AppError::Validation(vec![FieldError { field: field.to_owned(), problem }])
}

/// The digest stored with an order of what its idempotency key ordered.
fn request_hash(client_id: i64, selection: &OrderSelection) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(format!("client={client_id}&{}", selection.canonical()).as_bytes()))
}

async fn find_by_key(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    client_id: i64,
    key: &str,
    hash: &str,
) -> Result<Option<PlacedOrder>, AppError> {
    let Some(found) = order::Entity::find()
        .filter(order::Column::ResellerId.eq(reseller_id))
        .filter(order::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    // A key reused for another client or another order is not a repeat of the same submit:
    // answering with the first order would hide that the second was never placed.
    if found.client_id != client_id || found.request_hash.as_deref().is_some_and(|stored| stored != hash) {
        return Err(field_error("key", FieldProblem::AlreadyUsed));
    }
    let invoice_number = invoice::Entity::find()
        .filter(invoice::Column::OrderId.eq(found.id))
        .order_by_asc(invoice::Column::Id)
        .one(db)
        .await?
        .map(|i| i.number);
    Ok(Some(PlacedOrder { order_id: found.id, number: found.number, invoice_number, created: false }))
}

/// Places `request` for the actor's client, or returns the order its key placed before.
pub async fn place_order(
    db: &DatabaseConnection,
    actor: &OrderActor<'_>,
    request: PlaceOrder<'_>,
) -> Result<PlacedOrder, AppError> {
    check_idempotency_key(request.idempotency_key)?;
    let reseller_id = actor.reseller.id;
    // The client first: another reseller's client is not found, whatever the key.
    let buyer = crate::clients::service::find_client(db, reseller_id, request.client_id).await?;
    let hash = request_hash(request.client_id, request.selection);
    if let Some(found) = find_by_key(db, reseller_id, request.client_id, request.idempotency_key, &hash).await? {
        return Ok(found);
    }
    if buyer.status == ClientStatus::Closed {
        return Err(AppError::Forbidden);
    }
    let catalog =
        offer_catalog_parts(db, reseller_id, &buyer.currency, CatalogParts::for_selection(request.selection)).await?;
    let plan = check_through(&catalog, request.selection, Step::Review)
        .map_err(|e| AppError::Validation(e.errors))?
        .ok_or(AppError::Internal)?;
    let quote = plan.quote(&buyer.currency);
    if request.expected_total.is_some_and(|seen| seen != quote.total) {
        return Err(field_error("total", FieldProblem::PriceChanged));
    }
    // Read before the write transaction: the client's links name the reseller's own host.
    let portal_link = crate::links::portal_link(db, actor.reseller, request.public_origin, "/invoices").await?;
    let now = OffsetDateTime::now_utc();
    let draft = OrderDraft { buyer: &buyer, plan: &plan, quote: &quote, hash: &hash, portal_link: &portal_link };
    let written = write_order(db, actor, &request, draft, now).await;
    match written {
        Ok(placed) => Ok(placed),
        // Two submits with one key raced: the other committed first, and its order stands.
        Err(error) => match find_by_key(db, reseller_id, request.client_id, request.idempotency_key, &hash).await? {
            Some(found) => Ok(found),
            None => Err(error),
        },
    }
}

/// What placing an order worked out before writing it: the buyer, the checked plan and its
/// quote, the request's hash (for idempotency) and the link the emails give the client.
struct OrderDraft<'a> {
    buyer: &'a client::Model,
    plan: &'a OrderPlan,
    quote: &'a Quote,
    hash: &'a str,
    portal_link: &'a str,
}

async fn write_order(
    db: &DatabaseConnection,
    actor: &OrderActor<'_>,
    request: &PlaceOrder<'_>,
    draft: OrderDraft<'_>,
    now: OffsetDateTime,
) -> Result<PlacedOrder, AppError> {
    let OrderDraft { buyer, plan, quote, hash, portal_link } = draft;
    let reseller = actor.reseller;
    let today = now.date();
    let client_language = Locale::from_code(&buyer.language).unwrap_or(Locale::Fa);
    let _turn = crate::db::sqlite_write_turn(db).await;
    // SQLite: the write lock from the first statement, so no read snapshot goes stale.
    let txn = crate::db::begin_write(db).await?;
    // Read again in the transaction: an account closed since the checks gets no new invoice.
    let current = client::Entity::find_by_id(buyer.id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if current.status == ClientStatus::Closed {
        return Err(AppError::Forbidden);
    }
    // The rows go in first under a provisional number, and the real numbers are taken last:
    // from taking them to commit, PostgreSQL holds the reseller's sequence rows and every other
    // order of this reseller waits, so only the statements that need the numbers run in that
    // window. The provisional number is negative (real ones start at 1) and random, so that
    // orders in flight at once do not wait on each other's entry in the unique index of numbers;
    // were two ever to draw the same one, the second would only wait for the first to commit.
    let provisional = -(rand::random::<i64>() & i64::MAX).max(1);
    let paid = quote.total == 0;
    let placed = order::ActiveModel {
        reseller_id: Set(reseller.id),
        client_id: Set(buyer.id),
        number: Set(provisional),
        status: Set(OrderStatus::Pending),
        placed_by: Set(actor.placed_by),
        currency: Set(quote.currency.clone()),
        total: Set(quote.total),
        idempotency_key: Set(Some(request.idempotency_key.to_owned())),
        request_hash: Set(Some(hash.to_owned())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let billed = invoice::ActiveModel {
        reseller_id: Set(reseller.id),
        client_id: Set(buyer.id),
        order_id: Set(Some(placed.id)),
        number: Set(provisional),
        status: Set(if paid { InvoiceStatus::Paid } else { InvoiceStatus::Unpaid }),
        currency: Set(quote.currency.clone()),
        total: Set(quote.total),
        amount_paid: Set(0),
        issued_on: Set(today),
        due_on: Set(today),
        paid_at: Set(paid.then_some(now)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut order_items = Vec::with_capacity(quote.lines.len());
    let mut invoice_items = Vec::with_capacity(quote.lines.len());
    for line in &quote.lines {
        let description = line.item.describe(client_language);
        order_items.push(order_item::ActiveModel {
            order_id: Set(placed.id),
            description: Set(description.clone()),
            billing_cycle: Set(line.item.cycle()),
            amount: Set(line.amount),
            ..Default::default()
        });
        invoice_items.push(invoice_item::ActiveModel {
            invoice_id: Set(billed.id),
            description: Set(description),
            amount: Set(line.amount),
            ..Default::default()
        });
    }
    order_item::Entity::insert_many(order_items).exec(&txn).await?;
    invoice_item::Entity::insert_many(invoice_items).exec(&txn).await?;
    write_records(&txn, reseller.id, buyer, placed.id, plan, &quote.currency, now).await?;

    let toman = reseller.show_toman;
    let items_in = |locale: Locale| {
        quote
            .lines
            .iter()
            .map(|l| {
                format!("• {}: {}", l.item.describe(locale), format_money(l.amount, &quote.currency, locale, toman))
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let client_name = format!("{} {}", buyer.first_name, buyer.last_name);
    let client_items = items_in(client_language);
    let client_total = format_money(quote.total, &quote.currency, client_language, toman);
    let reseller_language = Locale::from_code(&reseller.default_language).unwrap_or(Locale::Fa);
    let reseller_items = items_in(reseller_language);
    let reseller_total = format_money(quote.total, &quote.currency, reseller_language, toman);
    let due = format_date(today, client_language);

    // The waiters of this process queue for the sequence rows in turn (see `numbers_turn`). The
    // turn ends once this order has the rows: the next order then waits inside PostgreSQL, for
    // this one's commit only, and gets the rows the moment it lands.
    let numbers_turn = crate::db::numbers_turn(db, reseller.id).await;
    let Numbers { order: number, invoice: invoice_number } =
        take_numbers(&txn, reseller.id, placed.id, billed.id).await?;
    drop(numbers_turn);
    let client_number = crate::i18n::localize_digits(&number.to_string(), client_language);
    let mut letters = Vec::with_capacity(3);
    letters.push(mail::outbox_row(&Letter {
        reseller,
        client_id: Some(buyer.id),
        template: Template::OrderConfirmation,
        to_address: &buyer.email,
        to_name: &client_name,
        language: client_language,
        values: &[
            ("name", &client_name),
            ("number", &client_number),
            ("items", &client_items),
            ("total", &client_total),
            ("link", portal_link),
        ],
    }));
    if !paid {
        let invoice_no = crate::i18n::localize_digits(&invoice_number.to_string(), client_language);
        letters.push(mail::outbox_row(&Letter {
            reseller,
            client_id: Some(buyer.id),
            template: Template::InvoiceCreated,
            to_address: &buyer.email,
            to_name: &client_name,
            language: client_language,
            values: &[
                ("name", &client_name),
                ("number", &invoice_no),
                ("items", &client_items),
                ("total", &client_total),
                ("due", &due),
                ("link", portal_link),
            ],
        }));
    }
    let panel_link = format!("{}/reseller/orders/{number}", request.public_origin);
    letters.push(mail::outbox_row(&Letter {
        reseller,
        client_id: None,
        template: Template::ResellerNewOrder,
        to_address: &reseller.email,
        to_name: &reseller.contact_name,
        language: reseller_language,
        values: &[
            ("number", &crate::i18n::localize_digits(&number.to_string(), reseller_language)),
            ("client", &client_name),
            ("client_email", &buyer.email),
            ("placed_by", actor.placed_by.label(reseller_language.strings())),
            ("items", &reseller_items),
            ("total", &reseller_total),
            ("link", &panel_link),
        ],
    }));
    // A reseller signed in to the portal as the client is recorded with both.
    let acting_as = (actor.placed_by == PlacedBy::ResellerAsClient).then_some(buyer.id);
    let entry = audit::AuditEntry {
        reseller_id: reseller.id,
        actor_kind: actor.actor_kind,
        actor_id: actor.actor_id,
        action: AuditAction::OrderPlaced,
        target_kind: TargetKind::Order,
        target_id: placed.id,
        detail: format!("#{number} – {client_name}"),
        ip: actor.ip,
    };
    write_numbered_rows(&txn, letters, audit::acting_row(entry, acting_as)).await?;
    txn.commit().await?;
    Ok(PlacedOrder { order_id: placed.id, number, invoice_number: Some(invoice_number), created: true })
}

/// The order's emails and audit row, the rows that carry its numbers. From taking the numbers
/// to commit the reseller's next order waits, so on PostgreSQL they go in one statement: one
/// round trip in that window instead of two. SQLite has no round trips to save.
async fn write_numbered_rows(
    txn: &impl ConnectionTrait,
    letters: Vec<email_outbox::ActiveModel>,
    audited: audit_log::ActiveModel,
) -> Result<(), AppError> {
    use sea_orm::QueryTrait;
    use sea_orm::sea_query::{CommonTableExpression, WithClause};
    if txn.get_database_backend() != sea_orm::DbBackend::Postgres || letters.is_empty() {
        mail::queue_rows(txn, letters).await?;
        audit_log::Entity::insert(audited).exec(txn).await?;
        return Ok(());
    }
    let audit = CommonTableExpression::new()
        .query(audit_log::Entity::insert(audited).into_query())
        .table_name("audited")
        .to_owned();
    let both = email_outbox::Entity::insert_many(letters).into_query().with(WithClause::new().cte(audit).to_owned());
    txn.execute(&both).await?;
    Ok(())
}

/// The services, addons or domain an order creates, all Pending until the reseller accepts it.
async fn write_records(
    txn: &impl ConnectionTrait,
    reseller_id: i64,
    buyer: &client::Model,
    order_id: i64,
    plan: &OrderPlan,
    currency: &str,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    match plan {
        OrderPlan::Product { product, cycle, price, hostname, addons } => {
            let created = service::ActiveModel {
                reseller_id: Set(reseller_id),
                client_id: Set(buyer.id),
                order_id: Set(Some(order_id)),
                product_id: Set(product.id),
                label: Set(hostname.as_ref().map(|h| h.as_str().to_owned())),
                status: Set(ServiceStatus::Pending),
                billing_cycle: Set(*cycle),
                recurring_amount: Set(recurring(*cycle, price.price)),
                currency: Set(currency.to_owned()),
                next_due_on: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            if !addons.is_empty() {
                service_addon::Entity::insert_many(addons.iter().map(|(addon, price)| service_addon::ActiveModel {
                    reseller_id: Set(reseller_id),
                    client_id: Set(buyer.id),
                    service_id: Set(created.id),
                    addon_id: Set(addon.id),
                    order_id: Set(Some(order_id)),
                    status: Set(ServiceStatus::Pending),
                    billing_cycle: Set(*cycle),
                    recurring_amount: Set(recurring(*cycle, price.price)),
                    currency: Set(currency.to_owned()),
                    next_due_on: Set(None),
                    created_at: Set(now),
                    ..Default::default()
                }))
                .exec(txn)
                .await?;
            }
        }
        OrderPlan::Domain { extension, kind, name, years, price } => {
            // It renews at the renewal price when the reseller sells renewals, else at this one.
            let yearly = extension
                .prices
                .iter()
                .find(|p| p.term == DomainOperation::Renew.code())
                .map_or(price.price, |p| p.price);
            domain::ActiveModel {
                reseller_id: Set(reseller_id),
                client_id: Set(buyer.id),
                order_id: Set(Some(order_id)),
                name: Set(name.as_str().to_owned()),
                registration_kind: Set(*kind),
                status: Set(DomainStatus::Pending),
                period_years: Set(i16::from(*years)),
                recurring_amount: Set(yearly * i64::from(*years)),
                currency: Set(currency.to_owned()),
                expires_on: Set(None),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
    }
    Ok(())
}

/// What renews each cycle: nothing for one-time and free services.
fn recurring(cycle: crate::values::BillingCycle, price: i64) -> i64 {
    if cycle.months().is_some() { price } else { 0 }
}

/// The reseller's next order and invoice numbers.
struct Numbers {
    order: i64,
    invoice: i64,
}

/// Takes the reseller's next order and invoice numbers and gives them to the order and the
/// invoice written under a provisional number. A sequence row starts from the highest number
/// already used (demo or imported data); on PostgreSQL the upsert holds both rows until commit,
/// so numbers have no gaps and no repeats. PostgreSQL does it all in one statement; SQLite, in
/// process and under its write lock, in three.
async fn take_numbers(
    txn: &impl ConnectionTrait,
    reseller_id: i64,
    order_id: i64,
    invoice_id: i64,
) -> Result<Numbers, AppError> {
    use sea_orm::FromQueryResult;
    use sea_orm::sea_query::Expr;
    #[derive(FromQueryResult)]
    struct Taken {
        name: String,
        last_value: i64,
    }
    let backend = txn.get_database_backend();
    let rows = Taken::find_by_statement(numbers_statement(backend, reseller_id, order_id, invoice_id)).all(txn).await?;
    let value = |name: &str| rows.iter().find(|r| r.name == name).map(|r| r.last_value).ok_or(AppError::Internal);
    let numbers = Numbers { order: value("order")?, invoice: value("invoice")? };
    if backend != sea_orm::DbBackend::Postgres {
        let numbered = order::Entity::update_many()
            .col_expr(order::Column::Number, Expr::value(numbers.order))
            .filter(order::Column::Id.eq(order_id))
            .exec(txn)
            .await?;
        let invoiced = invoice::Entity::update_many()
            .col_expr(invoice::Column::Number, Expr::value(numbers.invoice))
            .filter(invoice::Column::Id.eq(invoice_id))
            .exec(txn)
            .await?;
        if numbered.rows_affected != 1 || invoiced.rows_affected != 1 {
            return Err(AppError::Internal);
        }
    }
    Ok(numbers)
}

/// The statement [`take_numbers`] runs, also for the benchmark's query plans: on PostgreSQL it
/// numbers the order and the invoice too, and answers with the numbers they got.
pub fn numbers_statement(
    backend: sea_orm::DbBackend,
    reseller_id: i64,
    order_id: i64,
    invoice_id: i64,
) -> sea_orm::Statement {
    let postgres = backend == sea_orm::DbBackend::Postgres;
    let (p1, p2) = if postgres { ("$1", "$2") } else { ("?", "?") };
    // SQLite needs the WHERE in each SELECT to read the ON CONFLICT that follows as the upsert.
    // Each MAX is a scalar subquery of its own: SQLite reads a bare `SELECT MAX(number) … WHERE
    // reseller_id = ? AND number > 0` as one step down the (reseller_id, number) index, where
    // `COALESCE(MAX(number), 0) + 1` walked every order and invoice of the reseller, on every
    // order (1.5 ms at 8k orders and 12k invoices, inside the write lock; now 6 µs). The
    // transaction's own rows, still under their provisional (negative) number, do not count.
    let take = format!(
        "INSERT INTO reseller_sequences (reseller_id, name, last_value) \
         SELECT reseller_id, name, last_value FROM ( \
           SELECT {p1} AS reseller_id, 'order' AS name, \
             COALESCE((SELECT MAX(number) FROM orders WHERE reseller_id = {p1} AND number > 0), 0) + 1 AS last_value \
           UNION ALL \
           SELECT {p2}, 'invoice', COALESCE((SELECT MAX(number) FROM invoices WHERE reseller_id = {p2} AND number > 0), 0) + 1 \
         ) AS start WHERE true \
         ON CONFLICT (reseller_id, name) DO UPDATE SET last_value = reseller_sequences.last_value + 1 \
         RETURNING name, last_value"
    );
    if !postgres {
        return sea_orm::Statement::from_sql_and_values(
            backend,
            take,
            [reseller_id.into(), reseller_id.into(), reseller_id.into(), reseller_id.into()],
        );
    }
    // The answer is what the two rows were given, so a row not numbered is a missing value.
    let sql = format!(
        "WITH taken AS ({take}), \
         numbered_order AS ( \
           UPDATE orders SET number = taken.last_value FROM taken \
           WHERE orders.id = $3 AND orders.reseller_id = $1 AND taken.name = 'order' RETURNING orders.number \
         ), \
         numbered_invoice AS ( \
           UPDATE invoices SET number = taken.last_value FROM taken \
           WHERE invoices.id = $4 AND invoices.reseller_id = $1 AND taken.name = 'invoice' RETURNING invoices.number \
         ) \
         SELECT 'order' AS name, number AS last_value FROM numbered_order \
         UNION ALL SELECT 'invoice', number FROM numbered_invoice"
    );
    sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        [reseller_id.into(), reseller_id.into(), order_id.into(), invoice_id.into()],
    )
}
