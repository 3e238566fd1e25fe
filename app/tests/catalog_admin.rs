//! The provider admin's catalog: groups, products, addons and domain extensions with their
//! rules, price rows with the range rules, one row per item, currency and term, removal taking
//! resellers' prices with it, the audit trail, and who may do any of it; on SQLite and
//! PostgreSQL.

use crate::site::{SERIAL, Site};
use crate::support;
use app::catalog::ProductKind;

use app::auth::Area;
use app::auth::service::{AuthSettings, Principal, start_session};
use app::catalog::admin::input::{AddonInput, ExtensionInput, GroupInput, NAME_MAX_CHARS, ProductInput};
use app::catalog::admin::service::{
    Actor, AdminRequest, add_price, create_addon, create_extension, create_group, create_product, item_form, overview,
    prices, remove_price, update_addon, update_extension, update_group, update_price, update_product,
};
use app::catalog::admin::{ItemForm, PriceRow};
use app::catalog::{CatalogPriceInput, ItemKind};
use app::entities::{admin_user, audit_log, catalog_price, product, reseller_price};
use app::error::{AppError, FieldError, FieldProblem};
use app::state::{AppState, RequestContext};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
use support::insert_reseller;

const IP: &str = "203.0.113.9";

async fn admin(db: &DatabaseConnection) -> admin_user::Model {
    support::insert_admin(db).await
}

fn problems<T: std::fmt::Debug>(result: Result<T, Vec<FieldError>>) -> Vec<(String, FieldProblem)> {
    result.unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect()
}

fn refused<T: std::fmt::Debug>(result: Result<T, AppError>) -> Vec<(String, FieldProblem)> {
    match result {
        Err(AppError::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

fn problem(field: &str, problem: FieldProblem) -> Vec<(String, FieldProblem)> {
    vec![(field.to_owned(), problem)]
}

/// The audit trail so far: action, target kind and id, and whether it names no reseller, the
/// acting admin and the request's address.
async fn audit_trail(db: &DatabaseConnection, admin: &admin_user::Model) -> Vec<(String, String, i64)> {
    let rows = audit_log::Entity::find().order_by_asc(audit_log::Column::Id).all(db).await.unwrap();
    for row in &rows {
        assert_eq!((row.reseller_id, row.actor_kind.code(), row.actor_id), (None, "admin", admin.id), "{row:?}");
        assert_eq!(row.ip.as_deref(), Some(IP));
    }
    rows.into_iter()
        .map(|r| {
            (
                r.action.code().to_owned(),
                r.target_kind.map(|k| k.code().to_owned()).unwrap_or_default(),
                r.target_id.unwrap_or_default(),
            )
        })
        .collect()
}

fn group_input(fa: &str, en: &str, sort_order: &str) -> GroupInput {
    GroupInput { name_fa: fa.into(), name_en: en.into(), sort_order: sort_order.into() }
}

fn product_input(group_id: i64, en: &str) -> ProductInput {
    ProductInput {
        group_id: group_id.to_string(),
        kind: "hosting".into(),
        name_fa: format!("{en} فارسی"),
        name_en: en.into(),
        description_fa: "۵ گیگابایت فضا".into(),
        description_en: "5 GB disk".into(),
        active: true,
    }
}

fn addon_input(en: &str) -> AddonInput {
    AddonInput {
        name_fa: format!("{en} فارسی"),
        name_en: en.into(),
        description_fa: String::new(),
        description_en: String::new(),
        active: true,
    }
}

fn extension_input(tld: &str, sort_order: &str) -> ExtensionInput {
    ExtensionInput { tld: tld.into(), sort_order: sort_order.into(), active: true }
}

fn price(currency: &str, term: &str, amounts: [&str; 4]) -> CatalogPriceInput {
    let [setup_fee, price, min_price, max_price] = amounts.map(str::to_owned);
    CatalogPriceInput { currency: currency.into(), term: term.into(), setup_fee, price, min_price, max_price }
}

/// A group and a product in it, for the price tests.
async fn starter(db: &DatabaseConnection, actor: &Actor<'_>) -> i64 {
    let group =
        create_group(db, actor, group_input("هاست لینوکس", "Linux hosting", "1").validate().unwrap()).await.unwrap();
    create_product(db, actor, product_input(group, "Starter").validate().unwrap()).await.unwrap()
}

async fn groups_are_added_renamed_and_audited(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let actor = Actor { admin: &admin, ip: Some(IP) };

    let bad = group_input(" ", &"x".repeat(NAME_MAX_CHARS + 1), "first");
    assert_eq!(
        problems(bad.validate()),
        [
            ("name_fa".to_owned(), FieldProblem::Required),
            ("name_en".to_owned(), FieldProblem::TooLong),
            ("sort_order".to_owned(), FieldProblem::OutOfRange),
        ]
    );
    assert_eq!(problems(group_input("هاست", "Hosting", "").validate()), problem("sort_order", FieldProblem::Required));

    let hosting =
        create_group(db, &actor, group_input("هاست لینوکس", "Linux hosting", "۲").validate().unwrap()).await.unwrap();
    let servers =
        create_group(db, &actor, group_input("سرور مجازی", "Virtual servers", "1").validate().unwrap()).await.unwrap();
    let names = |catalog: app::catalog::admin::CatalogOverview| {
        catalog.groups.into_iter().map(|g| (g.id, g.name_en, g.sort_order)).collect::<Vec<_>>()
    };
    assert_eq!(
        names(overview(db).await.unwrap()),
        [(servers, "Virtual servers".to_owned(), 1), (hosting, "Linux hosting".to_owned(), 2),],
        "groups come in their sort order"
    );

    update_group(
        db,
        &actor,
        hosting,
        group_input("هاست  لینوکس ایران", "Linux hosting (Iran)", "0").validate().unwrap(),
    )
    .await
    .unwrap();
    let groups = overview(db).await.unwrap().groups;
    assert_eq!(
        (groups[0].id, groups[0].name_fa.as_str(), groups[0].name_en.as_str()),
        (hosting, "هاست لینوکس ایران", "Linux hosting (Iran)")
    );
    assert_eq!(
        update_group(db, &actor, 999_999, group_input("الف", "A", "0").validate().unwrap()).await,
        Err(AppError::NotFound)
    );

    assert_eq!(
        audit_trail(db, &admin).await,
        [
            ("catalog.group_created".to_owned(), "product_group".to_owned(), hosting),
            ("catalog.group_created".to_owned(), "product_group".to_owned(), servers),
            ("catalog.group_updated".to_owned(), "product_group".to_owned(), hosting),
        ]
    );
}

async fn products_are_filed_under_a_group_and_only_deactivated(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let actor = Actor { admin: &admin, ip: Some(IP) };
    let servers =
        create_group(db, &actor, group_input("سرور مجازی", "Virtual servers", "2").validate().unwrap()).await.unwrap();
    let hosting =
        create_group(db, &actor, group_input("هاست لینوکس", "Linux hosting", "1").validate().unwrap()).await.unwrap();

    let every_field_wrong = ProductInput {
        group_id: String::new(),
        kind: "mailbox".into(),
        name_fa: String::new(),
        name_en: "x".repeat(NAME_MAX_CHARS + 1),
        description_fa: "x".repeat(2001),
        description_en: "x".repeat(2001),
        active: true,
    };
    assert_eq!(
        problems(every_field_wrong.validate()),
        [
            ("group_id".to_owned(), FieldProblem::Required),
            ("kind".to_owned(), FieldProblem::InvalidChoice),
            ("name_fa".to_owned(), FieldProblem::Required),
            ("name_en".to_owned(), FieldProblem::TooLong),
            ("description_fa".to_owned(), FieldProblem::TooLong),
            ("description_en".to_owned(), FieldProblem::TooLong),
        ]
    );
    let no_such_group = product_input(999_999, "Starter").validate().unwrap();
    assert_eq!(
        refused(create_product(db, &actor, no_such_group.clone()).await),
        problem("group_id", FieldProblem::InvalidChoice)
    );

    let vps = create_product(
        db,
        &actor,
        ProductInput { kind: "vps".into(), ..product_input(servers, "VPS 2 GB") }.validate().unwrap(),
    )
    .await
    .unwrap();
    let starter = create_product(db, &actor, product_input(hosting, "Starter").validate().unwrap()).await.unwrap();
    let listed = |c: app::catalog::admin::CatalogOverview| {
        c.products.into_iter().map(|p| (p.id, p.group_id, p.kind, p.name_en, p.active, p.prices)).collect::<Vec<_>>()
    };
    assert_eq!(
        listed(overview(db).await.unwrap()),
        [
            (starter, hosting, ProductKind::Hosting, "Starter".to_owned(), true, 0),
            (vps, servers, ProductKind::Vps, "VPS 2 GB".to_owned(), true, 0),
        ],
        "products come by their group's order"
    );
    assert_eq!(overview(db).await.unwrap().groups.iter().map(|g| g.products).collect::<Vec<_>>(), [1, 1]);

    let edited = ProductInput {
        kind: "other".into(),
        name_en: "Starter (old)".into(),
        description_en: "line one\r\nline two".into(),
        active: false,
        ..product_input(servers, "Starter")
    };
    update_product(db, &actor, starter, edited.validate().unwrap()).await.unwrap();
    let ItemForm::Product(stored) = item_form(db, ItemKind::Product, starter).await.unwrap() else {
        panic!("a product's form")
    };
    assert_eq!(
        stored,
        ProductInput { description_en: "line one\nline two".into(), group_id: servers.to_string(), ..edited }
    );
    assert_eq!(product::Entity::find().all(db).await.unwrap().len(), 2, "deactivating keeps the product");

    assert_eq!(
        refused(update_product(db, &actor, starter, no_such_group).await),
        problem("group_id", FieldProblem::InvalidChoice)
    );
    assert!(
        !product::Entity::find_by_id(starter).one(db).await.unwrap().unwrap().active,
        "a refused save changes nothing"
    );
    assert_eq!(
        update_product(db, &actor, 999_999, product_input(hosting, "X").validate().unwrap()).await,
        Err(AppError::NotFound)
    );
    assert_eq!(item_form(db, ItemKind::Product, 999_999).await, Err(AppError::NotFound));

    let trail: Vec<String> = audit_trail(db, &admin).await.into_iter().skip(2).map(|(action, _, _)| action).collect();
    assert_eq!(
        trail,
        ["catalog.product_created", "catalog.product_created", "catalog.product_updated"],
        "refused changes write nothing"
    );
}

async fn addons_are_added_and_edited(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let actor = Actor { admin: &admin, ip: Some(IP) };

    let every_field_wrong = AddonInput {
        name_fa: " ".into(),
        name_en: String::new(),
        description_fa: "x".repeat(2001),
        description_en: "y".repeat(2001),
        active: true,
    };
    assert_eq!(
        problems(every_field_wrong.validate()),
        [
            ("name_fa".to_owned(), FieldProblem::Required),
            ("name_en".to_owned(), FieldProblem::Required),
            ("description_fa".to_owned(), FieldProblem::TooLong),
            ("description_en".to_owned(), FieldProblem::TooLong),
        ]
    );

    let backup = create_addon(db, &actor, addon_input("Daily backup").validate().unwrap()).await.unwrap();
    let ip = create_addon(db, &actor, addon_input("Dedicated IP").validate().unwrap()).await.unwrap();
    let off = AddonInput { active: false, description_en: "7 copies kept".into(), ..addon_input("Daily backup") };
    update_addon(db, &actor, backup, off.validate().unwrap()).await.unwrap();
    assert_eq!(item_form(db, ItemKind::Addon, backup).await.unwrap(), ItemForm::Addon(off));
    let listed: Vec<_> = overview(db).await.unwrap().addons.into_iter().map(|a| (a.id, a.name_en, a.active)).collect();
    assert_eq!(listed, [(backup, "Daily backup".to_owned(), false), (ip, "Dedicated IP".to_owned(), true)]);
    assert_eq!(update_addon(db, &actor, 999_999, addon_input("X").validate().unwrap()).await, Err(AppError::NotFound));

    assert_eq!(
        audit_trail(db, &admin).await,
        [
            ("catalog.addon_created".to_owned(), "addon".to_owned(), backup),
            ("catalog.addon_created".to_owned(), "addon".to_owned(), ip),
            ("catalog.addon_updated".to_owned(), "addon".to_owned(), backup),
        ]
    );
}

async fn extensions_follow_the_tld_rule_and_are_sold_once(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let actor = Actor { admin: &admin, ip: Some(IP) };

    for bad in ["ir", ".ir.", "..ir", ".-ir", ".i_r", ".ایران", ".co ir"] {
        assert_eq!(problems(extension_input(bad, "0").validate()), problem("tld", FieldProblem::InvalidSlug), "{bad}");
    }
    assert_eq!(
        problems(extension_input("", "x").validate()),
        [("tld".to_owned(), FieldProblem::Required), ("sort_order".to_owned(), FieldProblem::OutOfRange),]
    );

    let ir = create_extension(db, &actor, extension_input(" .IR ", "1").validate().unwrap()).await.unwrap();
    assert_eq!(item_form(db, ItemKind::Domain, ir).await.unwrap(), ItemForm::Domain(extension_input(".ir", "1")));
    assert_eq!(
        refused(create_extension(db, &actor, extension_input(".ir", "5").validate().unwrap()).await),
        problem("tld", FieldProblem::Taken)
    );
    let co_ir = create_extension(db, &actor, extension_input(".co.ir", "1").validate().unwrap()).await.unwrap();
    let com = create_extension(db, &actor, extension_input(".com", "0").validate().unwrap()).await.unwrap();

    assert_eq!(
        refused(update_extension(db, &actor, co_ir, extension_input(".ir", "1").validate().unwrap()).await),
        problem("tld", FieldProblem::Taken)
    );
    update_extension(
        db,
        &actor,
        ir,
        ExtensionInput { active: false, ..extension_input(".ir", "2") }.validate().unwrap(),
    )
    .await
    .unwrap();
    let listed: Vec<_> = overview(db).await.unwrap().extensions.into_iter().map(|d| (d.id, d.tld, d.active)).collect();
    assert_eq!(
        listed,
        [(com, ".com".to_owned(), true), (co_ir, ".co.ir".to_owned(), true), (ir, ".ir".to_owned(), false),],
        "by sort order, then extension"
    );
    assert_eq!(
        update_extension(db, &actor, 999_999, extension_input(".net", "0").validate().unwrap()).await,
        Err(AppError::NotFound)
    );

    let trail: Vec<String> = audit_trail(db, &admin).await.into_iter().map(|(action, _, _)| action).collect();
    assert_eq!(
        trail,
        [
            "catalog.extension_created",
            "catalog.extension_created",
            "catalog.extension_created",
            "catalog.extension_updated"
        ]
    );
}

async fn price_rows_follow_the_range_rules(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let actor = Actor { admin: &admin, ip: Some(IP) };
    let starter = starter(db, &actor).await;
    let ir = create_extension(db, &actor, extension_input(".ir", "0").validate().unwrap()).await.unwrap();

    let cases = [
        (price("USD", "monthly", ["0", "9.99", "20", "8"]), problem("max_price", FieldProblem::OutOfRange)),
        (price("USD", "monthly", ["0", "30", "8", "20"]), problem("price", FieldProblem::OutOfRange)),
        (price("USD", "monthly", ["0", "7.99", "8", "20"]), problem("price", FieldProblem::OutOfRange)),
        (price("USD", "free", ["0", "1", "0", "2"]), problem("price", FieldProblem::OutOfRange)),
        (price("USD", "register", ["0", "1", "0", "2"]), problem("term", FieldProblem::InvalidChoice)),
        (price("XYZ", "monthly", ["0", "1", "0", "2"]), problem("currency", FieldProblem::InvalidChoice)),
        (price("IRR", "monthly", ["0", "10.5", "0", "20"]), problem("price", FieldProblem::InvalidAmount)),
        (
            price("USD", "monthly", ["", "abc", "1", "-2"]),
            vec![
                ("setup_fee".to_owned(), FieldProblem::Required),
                ("price".to_owned(), FieldProblem::InvalidAmount),
                ("max_price".to_owned(), FieldProblem::InvalidAmount),
            ],
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(refused(add_price(db, &actor, ItemKind::Product, starter, &input).await), expected, "{input:?}");
    }
    assert!(catalog_price::Entity::find().all(db).await.unwrap().is_empty(), "nothing refused was stored");

    let usd_monthly =
        add_price(db, &actor, ItemKind::Product, starter, &price("USD", "monthly", ["5", "9.99", "8", "20"]))
            .await
            .unwrap();
    assert_eq!(
        refused(
            add_price(db, &actor, ItemKind::Product, starter, &price("USD", "monthly", ["0", "10", "8", "20"])).await
        ),
        problem("term", FieldProblem::Taken),
        "one row per item, currency and term"
    );
    let irr_monthly = add_price(
        db,
        &actor,
        ItemKind::Product,
        starter,
        &price("IRR", "monthly", ["0", "۱٬۲۰۰٬۰۰۰", "1000000", "2000000"]),
    )
    .await
    .unwrap();
    let usd_annually =
        add_price(db, &actor, ItemKind::Product, starter, &price("USD", "annually", ["0", "99.99", "80", "200"]))
            .await
            .unwrap();
    add_price(db, &actor, ItemKind::Product, starter, &price("USD", "free", ["0", "0", "0", "0"])).await.unwrap();

    let rows = prices(db, ItemKind::Product, starter).await.unwrap();
    let summary: Vec<_> = rows
        .iter()
        .map(|r| (r.currency.as_str(), r.term.as_str(), r.setup_fee, r.price, r.min_price, r.max_price))
        .collect();
    assert_eq!(
        summary,
        [
            ("IRR", "monthly", 0, 1_200_000, 1_000_000, 2_000_000),
            ("USD", "free", 0, 0, 0, 0),
            ("USD", "monthly", 500, 999, 800, 2_000),
            ("USD", "annually", 0, 9_999, 8_000, 20_000),
        ],
        "by currency, then term in the forms' order; amounts in minor units"
    );
    assert_eq!(overview(db).await.unwrap().products[0].prices, 4);

    // Domains are priced per year for register, transfer and renew; billing cycles are not theirs.
    for term in ["register", "transfer", "renew"] {
        add_price(db, &actor, ItemKind::Domain, ir, &price("IRR", term, ["0", "1200000", "1000000", "1500000"]))
            .await
            .unwrap();
    }
    assert_eq!(
        refused(add_price(db, &actor, ItemKind::Domain, ir, &price("IRR", "annually", ["0", "1", "0", "2"])).await),
        problem("term", FieldProblem::InvalidChoice)
    );
    assert_eq!(
        prices(db, ItemKind::Domain, ir).await.unwrap().iter().map(|r| r.term.as_str()).collect::<Vec<_>>(),
        ["register", "transfer", "renew"]
    );

    assert_eq!(
        add_price(db, &actor, ItemKind::Addon, starter, &price("USD", "monthly", ["0", "1", "0", "2"])).await,
        Err(AppError::NotFound),
        "no addon has that id"
    );
    assert_eq!(
        add_price(db, &actor, ItemKind::Product, 999_999, &price("USD", "monthly", ["0", "1", "0", "2"])).await,
        Err(AppError::NotFound)
    );
    assert_eq!(prices(db, ItemKind::Product, 999_999).await, Err(AppError::NotFound));

    // Saving a row changes its amounts only: currency and term identify what resellers price.
    let saved =
        update_price(db, &actor, usd_monthly, &price("EUR", "annually", ["0", "12.50", "10", "25"])).await.unwrap();
    assert_eq!(
        saved,
        PriceRow {
            id: usd_monthly,
            currency: "USD".into(),
            term: "monthly".into(),
            setup_fee: 0,
            price: 1_250,
            min_price: 1_000,
            max_price: 2_500,
            resellers: 0,
            outside_range: 0
        }
    );
    assert_eq!(
        refused(update_price(db, &actor, usd_monthly, &price("USD", "monthly", ["0", "30", "10", "25"])).await),
        problem("price", FieldProblem::OutOfRange)
    );
    assert_eq!(
        refused(update_price(db, &actor, usd_annually, &price("USD", "annually", ["0", "99.99", "300", "200"])).await),
        problem("max_price", FieldProblem::OutOfRange)
    );
    let stored = catalog_price::Entity::find_by_id(usd_monthly).one(db).await.unwrap().unwrap();
    assert_eq!(
        (stored.price, stored.min_price, stored.max_price),
        (1_250, 1_000, 2_500),
        "a refused save changes nothing"
    );
    assert_eq!(
        update_price(db, &actor, 999_999, &price("USD", "monthly", ["0", "1", "0", "2"])).await,
        Err(AppError::NotFound)
    );
    let _ = irr_monthly;

    let trail: Vec<String> = audit_trail(db, &admin).await.into_iter().map(|(action, _, _)| action).collect();
    let added = trail.iter().filter(|a| *a == "catalog.price_added").count();
    let updated = trail.iter().filter(|a| *a == "catalog.price_updated").count();
    assert_eq!((added, updated), (7, 1), "one audit row per stored change, none for refused ones");
}

async fn insert_reseller_price(db: &DatabaseConnection, reseller_id: i64, catalog_price_id: i64, price: i64) {
    reseller_price::ActiveModel {
        reseller_id: Set(reseller_id),
        catalog_price_id: Set(catalog_price_id),
        setup_fee: Set(0),
        price: Set(price),
        updated_at: Set(time::OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
}

async fn removing_a_price_removes_resellers_prices_for_it(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let actor = Actor { admin: &admin, ip: Some(IP) };
    let starter = starter(db, &actor).await;
    let monthly = add_price(db, &actor, ItemKind::Product, starter, &price("USD", "monthly", ["0", "9.99", "8", "20"]))
        .await
        .unwrap();
    let annually =
        add_price(db, &actor, ItemKind::Product, starter, &price("USD", "annually", ["0", "99.99", "80", "200"]))
            .await
            .unwrap();
    let (parsweb, cloud9) = (insert_reseller(db, "parsweb", "x").await, insert_reseller(db, "cloud9", "x").await);
    insert_reseller_price(db, parsweb, monthly, 900).await;
    insert_reseller_price(db, cloud9, monthly, 1_900).await;
    insert_reseller_price(db, parsweb, annually, 9_000).await;

    let counts =
        |rows: Vec<PriceRow>| rows.into_iter().map(|r| (r.id, r.resellers, r.outside_range)).collect::<Vec<_>>();
    assert_eq!(counts(prices(db, ItemKind::Product, starter).await.unwrap()), [(monthly, 2, 0), (annually, 1, 0)]);
    // Narrowing the range leaves one reseller's price outside it (off sale until they change it).
    let narrowed = update_price(db, &actor, monthly, &price("USD", "monthly", ["0", "9.99", "8", "15"])).await.unwrap();
    assert_eq!((narrowed.resellers, narrowed.outside_range), (2, 1));

    assert_eq!(remove_price(db, &actor, monthly).await, Ok(2));
    let left: Vec<_> = reseller_price::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| (p.reseller_id, p.catalog_price_id))
        .collect();
    assert_eq!(left, [(parsweb, annually)], "the row's reseller prices went with it, the others stay");
    assert!(catalog_price::Entity::find_by_id(monthly).one(db).await.unwrap().is_none());
    assert_eq!(remove_price(db, &actor, monthly).await, Err(AppError::NotFound));
    assert_eq!(overview(db).await.unwrap().products[0].prices, 1);

    let removal = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("catalog.price_removed"))
        .one(db)
        .await
        .unwrap()
        .expect("the removal is audited");
    assert_eq!(removal.target_id, Some(monthly));
    let detail = removal.detail.unwrap_or_default();
    assert!(
        detail.contains("USD monthly") && detail.contains("Starter") && detail.ends_with("reseller prices removed: 2"),
        "{detail}"
    );
}

/// A request carrying `cookies`, as a server function would see it.
fn request(db: &DatabaseConnection, auth: &std::sync::Arc<AuthSettings>, cookies: &str) -> RequestContext {
    let (parts, ()) =
        axum::http::Request::builder().header(axum::http::header::COOKIE, cookies).body(()).unwrap().into_parts();
    RequestContext { state: AppState::new(db.clone(), auth.clone(), "http://localhost"), parts }
}

async fn only_a_provider_admins_session_is_accepted(db: &DatabaseConnection) {
    let admin = admin(db).await;
    let reseller = insert_reseller(db, "parsweb", "x").await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let session = |area, subject_id, reseller_id| async move {
        start_session(db, Principal { area, subject_id, reseller_id }, None, None, now, 3_600).await.unwrap().token
    };
    let admin_token = session(Area::Admin, admin.id, None).await;
    let reseller_token = session(Area::Reseller, reseller, Some(reseller)).await;
    let auth = std::sync::Arc::new(AuthSettings::new(false, false).unwrap());

    let signed_in = AdminRequest::of(request(db, &auth, &format!("rd_admin={admin_token}"))).await.unwrap();
    assert_eq!(signed_in.id, admin.id);
    for cookies in [
        format!("rd_reseller={reseller_token}"),
        // Even a reseller's session token sent under the admin's cookie name.
        format!("rd_admin={reseller_token}"),
        String::new(),
    ] {
        assert_eq!(
            AdminRequest::of(request(db, &auth, &cookies)).await.map(|a| a.id),
            Err(AppError::Unauthorized),
            "{cookies}"
        );
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str()).unwrap_or_default()
}

/// A form body as a browser encodes it (brackets too).
fn form_body(fields: &[(&str, &str)]) -> String {
    let encode = |text: &str| {
        text.bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
                b' ' => "+".to_owned(),
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    fields.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
}

/// The pages rendered on the server (as before hydration), empty and with the demo's kind of
/// catalog, in both languages; a form posted without JavaScript coming back with its problem
/// next to its field; and a reseller's session refused by the catalog's server functions.
#[allow(clippy::await_holding_lock)] // held on purpose: each test has its own runtime thread
async fn the_pages_render_and_forms_post_without_javascript(db: &DatabaseConnection) {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let admin = admin(db).await;
    let reseller = insert_reseller(db, "parsweb", "x").await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let admin_token = start_session(
        db,
        Principal { area: Area::Admin, subject_id: admin.id, reseller_id: None },
        None,
        None,
        now,
        3_600,
    )
    .await
    .unwrap()
    .token;
    let reseller_token = start_session(
        db,
        Principal { area: Area::Reseller, subject_id: reseller, reseller_id: Some(reseller) },
        None,
        None,
        now,
        3_600,
    )
    .await
    .unwrap()
    .token;
    let cookie = format!("rd_admin={admin_token}");
    let site = Site::start(db).await;

    let (status, empty) = site.page("/admin/products", &cookie, "en").await;
    assert_eq!(status, 200, "{empty}");
    for text in [
        "<h1>Product catalog</h1>",
        "No product groups yet.",
        "No products yet.",
        "No addons yet.",
        "No domain extensions yet.",
        "Add domain extension",
    ] {
        assert!(empty.contains(text), "{text} in {empty}");
    }

    let actor = Actor { admin: &admin, ip: Some(IP) };
    let starter = starter(db, &actor).await;
    let backup = create_addon(db, &actor, addon_input("Daily backup").validate().unwrap()).await.unwrap();
    let ir = create_extension(db, &actor, extension_input(".ir", "1").validate().unwrap()).await.unwrap();
    let monthly = add_price(db, &actor, ItemKind::Product, starter, &price("USD", "monthly", ["0", "9.99", "8", "20"]))
        .await
        .unwrap();
    insert_reseller_price(db, reseller, monthly, 999).await;

    let (_, catalog) = site.page("/admin/products", &cookie, "en").await;
    for text in [
        r#"aria-label="Persian name of group Linux hosting""#,
        r#"value="هاست لینوکس""#,
        r#"aria-label="Edit Starter""#,
        &format!(r#"href="/admin/products/product/{starter}""#),
        &format!(r#"href="/admin/products/addon/{backup}""#),
        &format!(r#"href="/admin/products/domain/{ir}""#),
        "Daily backup",
        ">.ir<",
    ] {
        assert!(catalog.contains(text), "{text} in {catalog}");
    }
    let (_, persian) = site.page("/admin/products", &cookie, "fa").await;
    assert!(
        persian.contains("کاتالوگ محصولات") && persian.contains(r#"aria-label="ویرایش Starter فارسی""#),
        "{persian}"
    );

    let product_page = format!("/admin/products/product/{starter}");
    let (status, edit) = site.page(&product_page, &cookie, "en").await;
    assert_eq!(status, 200);
    for text in [
        "<h1>Edit Starter</h1>",
        r#"aria-label="Save price Starter USD Monthly""#,
        r#"aria-label="List price, Starter, USD Monthly""#,
        r#"value="9.99""#,
        "also removes the prices resellers set for it (1)",
        r#"<option value="register""#,
    ] {
        let expected = text != r#"<option value="register""#;
        assert_eq!(edit.contains(text), expected, "{text} in {edit}");
    }
    let (_, new_addon) = site.page("/admin/products/new/addon", &cookie, "en").await;
    assert!(new_addon.contains("<h1>New addon</h1>") && new_addon.contains(r#"name="input[name_fa]""#), "{new_addon}");
    let (_, missing) = site.page("/admin/products/domain/999999", &cookie, "en").await;
    assert!(missing.contains("We could not find what you asked for."), "{missing}");

    // A second USD monthly row, posted as a plain form: back to the page with the problem.
    let referer = format!("http://{}{product_page}", site.addr);
    let body = form_body(&[
        ("kind", "product"),
        ("item_id", &starter.to_string()),
        ("input[currency]", "USD"),
        ("input[term]", "monthly"),
        ("input[setup_fee]", "0"),
        ("input[price]", "10"),
        ("input[min_price]", "8"),
        ("input[max_price]", "20"),
    ]);
    let form_headers = [
        ("Cookie", cookie.as_str()),
        ("Accept", "text/html"),
        ("Referer", referer.as_str()),
        ("Content-Type", "application/x-www-form-urlencoded"),
    ];
    let (status, headers, _) = site.send("POST", "/api/catalog/admin/add_price", &form_headers, &body).await;
    assert_eq!(status, 302);
    let back = header(&headers, "location").to_owned();
    assert!(back.starts_with(&referer) && back.contains("__err="), "{back}");
    let (_, shown) = site.page(back.trim_start_matches(&format!("http://{}", site.addr)), &cookie, "en").await;
    assert!(shown.contains(r#"id="price-new-term-error" class="form-error">This is already in use.<"#), "{shown}");

    // The same post with a new term is stored, and the browser goes back to the page.
    let annually = body.replace("monthly", "annually");
    let (status, headers, _) = site.send("POST", "/api/catalog/admin/add_price", &form_headers, &annually).await;
    assert_eq!((status, header(&headers, "location").trim_end_matches('?')), (302, referer.as_str()));
    assert_eq!(prices(db, ItemKind::Product, starter).await.unwrap().len(), 2);

    // A reseller's session is refused, whichever cookie carries it.
    for refused_cookie in [format!("rd_reseller={reseller_token}"), format!("rd_admin={reseller_token}")] {
        let headers = [("Cookie", refused_cookie.as_str()), ("Content-Type", "application/x-www-form-urlencoded")];
        let (status, _, answer) = site.send("POST", "/api/catalog/admin/overview", &headers, "").await;
        assert_eq!((status, answer.as_str()), (401, "\"Unauthorized\""));
        let (status, _, _) =
            site.send("POST", "/api/catalog/admin/remove_price", &headers, &format!("id={monthly}")).await;
        assert_eq!(status, 401);
    }
    assert_eq!(prices(db, ItemKind::Product, starter).await.unwrap().len(), 2, "nothing was removed");
}

on_both_backends!(
    groups_are_added_renamed_and_audited,
    products_are_filed_under_a_group_and_only_deactivated,
    addons_are_added_and_edited,
    extensions_follow_the_tld_rule_and_are_sold_once,
    price_rows_follow_the_range_rules,
    removing_a_price_removes_resellers_prices_for_it,
    only_a_provider_admins_session_is_accepted,
    the_pages_render_and_forms_post_without_javascript,
);
