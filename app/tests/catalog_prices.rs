//! The reseller's prices: saving inside the provider's range (all of an item's rows or none),
//! Toman, stopping, inactive items, isolation between resellers, prices a narrowed range no
//! longer contains, and what `offers` then sells, on SQLite and PostgreSQL.

use crate::site::{SERIAL, Site};
use crate::support;

use app::auth::Area;
use app::auth::service::{Principal, start_session};
use app::catalog::ItemKind;
use app::catalog::prices::service::{price_list, save_item_prices};
use app::catalog::prices::{ItemPricesForm, ItemRef, PostedPriceRow, PriceList, PriceRow, SoldPrice};
use app::catalog::service::offers;
use app::entities::{audit_log, catalog_price, domain_extension, product, reseller, reseller_price};
use app::error::{AppError, FieldError, FieldProblem};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

async fn reseller(db: &DatabaseConnection, slug: &str) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

async fn set_reseller(
    db: &DatabaseConnection,
    me: reseller::Model,
    change: impl FnOnce(&mut reseller::ActiveModel),
) -> reseller::Model {
    let mut model: reseller::ActiveModel = me.into();
    change(&mut model);
    model.update(db).await.unwrap()
}

async fn group(db: &DatabaseConnection, en: &str) -> i64 {
    support::insert_group(db, en, &format!("{en} fa"), 0).await
}

async fn product(db: &DatabaseConnection, group_id: i64, en: &str, active: bool) -> ItemRef {
    ItemRef {
        kind: ItemKind::Product,
        id: support::insert_product(db, group_id, en, &format!("{en} fa"), active).await,
    }
}

async fn addon(db: &DatabaseConnection, en: &str, active: bool) -> ItemRef {
    ItemRef { kind: ItemKind::Addon, id: support::insert_addon(db, en, &format!("{en} fa"), active).await }
}

async fn extension(db: &DatabaseConnection, tld: &str, active: bool) -> ItemRef {
    let id = domain_extension::ActiveModel {
        tld: Set(tld.into()),
        active: Set(active),
        sort_order: Set(0),
        created_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    ItemRef { kind: ItemKind::Domain, id }
}

/// A provider price row: list price, minimum and maximum, setup fee 0.
async fn price(
    db: &DatabaseConnection,
    item: ItemRef,
    currency: &str,
    term: &str,
    list: i64,
    min: i64,
    max: i64,
) -> i64 {
    catalog_price::ActiveModel {
        item_kind: Set(item.kind),
        item_id: Set(item.id),
        currency: Set(currency.into()),
        term: Set(term.into()),
        setup_fee: Set(0),
        price: Set(list),
        min_price: Set(min),
        max_price: Set(max),
        updated_at: Set(now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

async fn narrow(db: &DatabaseConnection, catalog_price_id: i64, min: i64, max: i64) {
    let row = catalog_price::Entity::find_by_id(catalog_price_id).one(db).await.unwrap().unwrap();
    let mut model: catalog_price::ActiveModel = row.into();
    model.min_price = Set(min);
    model.max_price = Set(max);
    model.update(db).await.unwrap();
}

fn sell(catalog_price_id: i64, price: &str, setup_fee: &str) -> PostedPriceRow {
    PostedPriceRow { catalog_price_id, sell: true, price: price.into(), setup_fee: setup_fee.into() }
}

fn stop(catalog_price_id: i64) -> PostedPriceRow {
    PostedPriceRow { catalog_price_id, ..PostedPriceRow::default() }
}

fn form(item: ItemRef, currency: &str, rows: Vec<PostedPriceRow>) -> ItemPricesForm {
    ItemPricesForm { currency: currency.into(), item, toman: false, rows }
}

/// What `reseller_id` has stored, by provider row: (price, setup fee).
async fn stored(db: &DatabaseConnection, reseller_id: i64) -> Vec<(i64, i64, i64)> {
    reseller_price::Entity::find()
        .filter(reseller_price::Column::ResellerId.eq(reseller_id))
        .order_by_asc(reseller_price::Column::CatalogPriceId)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.catalog_price_id, r.price, r.setup_fee))
        .collect()
}

fn row_of(list: &PriceList, catalog_price_id: i64) -> Option<PriceRow> {
    list.product_groups
        .iter()
        .flat_map(|g| &g.products)
        .chain(&list.addons)
        .chain(&list.domains)
        .flat_map(|item| &item.rows)
        .find(|row| row.catalog_price_id == catalog_price_id)
        .cloned()
}

fn field(field: &str, problem: FieldProblem) -> FieldError {
    FieldError { field: field.into(), problem }
}

async fn prices_in_range_are_saved_and_audited(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    let monthly = price(db, starter, "USD", "monthly", 999, 800, 2000).await;
    let annually = price(db, starter, "USD", "annually", 9_900, 8_000, 20_000).await;

    let rows = save_item_prices(
        db,
        &me,
        Some("203.0.113.9"),
        &form(starter, "USD", vec![sell(annually, "200", "5"), sell(monthly, "8", "0")]),
    )
    .await
    .unwrap();
    assert_eq!(
        stored(db, me.id).await,
        vec![(monthly, 800, 0), (annually, 20_000, 500)],
        "both ends of the range are inside it"
    );
    let terms: Vec<(i64, Option<SoldPrice>)> = rows.iter().map(|r| (r.catalog_price_id, r.sold)).collect();
    assert_eq!(
        terms,
        vec![
            (monthly, Some(SoldPrice { price: 800, setup_fee: 0 })),
            (annually, Some(SoldPrice { price: 20_000, setup_fee: 500 }))
        ],
        "the answer is the item's rows as stored, monthly before annually"
    );

    let audit = audit_log::Entity::find().all(db).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(
        (audit[0].action.code(), audit[0].target_kind.map(|c| c.code()), audit[0].target_id),
        ("prices.updated", Some("product"), Some(starter.id))
    );
    assert_eq!(
        (audit[0].reseller_id, audit[0].actor_kind.code(), audit[0].ip.as_deref()),
        (Some(me.id), "reseller", Some("203.0.113.9"))
    );
    let detail = audit[0].detail.clone().unwrap();
    assert!(detail.contains("USD") && detail.contains("monthly -→8.00+0.00"), "{detail}");

    save_item_prices(db, &me, None, &form(starter, "USD", vec![sell(monthly, "8", "0")])).await.unwrap();
    assert_eq!(audit_log::Entity::find().count(db).await.unwrap(), 1, "a save that changes nothing is not an action");
    save_item_prices(db, &me, None, &form(starter, "USD", vec![sell(monthly, "12.5", "0")])).await.unwrap();
    assert_eq!(
        stored(db, me.id).await,
        vec![(monthly, 1_250, 0), (annually, 20_000, 500)],
        "rows not posted are left alone"
    );
    assert_eq!(audit_log::Entity::find().count(db).await.unwrap(), 2);
}

async fn a_price_out_of_range_saves_nothing(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    let monthly = price(db, starter, "USD", "monthly", 999, 800, 2000).await;
    let quarterly = price(db, starter, "USD", "quarterly", 2_900, 2_400, 6_000).await;
    let annually = price(db, starter, "USD", "annually", 9_900, 8_000, 20_000).await;
    save_item_prices(db, &me, None, &form(starter, "USD", vec![sell(annually, "100", "0")])).await.unwrap();

    let below_and_above =
        form(starter, "USD", vec![sell(monthly, "7.99", "0"), sell(quarterly, "60.01", "1"), stop(annually)]);
    assert_eq!(
        save_item_prices(db, &me, None, &below_and_above).await,
        Err(AppError::Validation(vec![
            field("rows[0][price]", FieldProblem::OutOfRange),
            field("rows[1][price]", FieldProblem::OutOfRange)
        ]))
    );
    let one_bad =
        form(starter, "USD", vec![sell(monthly, "9", "0"), sell(quarterly, "25", "abc"), sell(annually, "150", "0")]);
    assert_eq!(
        save_item_prices(db, &me, None, &one_bad).await,
        Err(AppError::Validation(vec![field("rows[1][setup_fee]", FieldProblem::InvalidAmount)]))
    );
    assert_eq!(stored(db, me.id).await, vec![(annually, 10_000, 0)], "neither the valid rows nor the stop were saved");
    assert_eq!(audit_log::Entity::find().count(db).await.unwrap(), 1, "only the first save was audited");
}

async fn irr_is_typed_in_toman_and_stored_in_rial(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let me = set_reseller(db, me, |m| m.show_toman = Set(true)).await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    let monthly = price(db, starter, "IRR", "monthly", 1_500_000, 1_000_000, 2_000_000).await;
    let usd = price(db, starter, "USD", "monthly", 999, 800, 2000).await;

    let list = price_list(db, &me, Some("IRR")).await.unwrap();
    assert!(list.toman);
    assert!(!price_list(db, &me, Some("USD")).await.unwrap().toman, "only Rial amounts are shown in Toman");

    let in_toman =
        ItemPricesForm { toman: true, ..form(starter, "IRR", vec![sell(monthly, "۱۲۰٬۰۰۰", "5000.5")]) };
    save_item_prices(db, &me, None, &in_toman).await.unwrap();
    assert_eq!(stored(db, me.id).await, vec![(monthly, 1_200_000, 50_005)]);

    let rial_amount_as_toman =
        ItemPricesForm { toman: true, ..form(starter, "IRR", vec![sell(monthly, "1200000", "0")]) };
    assert_eq!(
        save_item_prices(db, &me, None, &rial_amount_as_toman).await,
        Err(AppError::Validation(vec![field("rows[0][price]", FieldProblem::OutOfRange)])),
        "1,200,000 Toman is 12,000,000 Rial, above the maximum"
    );
    let page_drawn_in_rial = form(starter, "IRR", vec![sell(monthly, "1200000", "0")]);
    assert_eq!(
        save_item_prices(db, &me, None, &page_drawn_in_rial).await,
        Err(AppError::Conflict),
        "the setting changed after the page was drawn"
    );
    let usd_form = form(starter, "USD", vec![sell(usd, "9.99", "0")]);
    save_item_prices(db, &me, None, &usd_form).await.unwrap();

    let me = set_reseller(db, me, |m| m.show_toman = Set(false)).await;
    assert!(!price_list(db, &me, Some("IRR")).await.unwrap().toman);
    save_item_prices(db, &me, None, &page_drawn_in_rial).await.unwrap();
    assert_eq!(stored(db, me.id).await, vec![(monthly, 1_200_000, 0), (usd, 999, 0)]);
}

async fn stopping_deletes_the_row(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let backup = addon(db, "Daily backup", true).await;
    let monthly = price(db, backup, "USD", "monthly", 200, 100, 500).await;
    let annually = price(db, backup, "USD", "annually", 2_000, 1_000, 5_000).await;
    save_item_prices(db, &me, None, &form(backup, "USD", vec![sell(monthly, "2", "0"), sell(annually, "20", "0")]))
        .await
        .unwrap();

    let rows = save_item_prices(db, &me, None, &form(backup, "USD", vec![stop(monthly), sell(annually, "20", "0")]))
        .await
        .unwrap();
    assert_eq!(stored(db, me.id).await, vec![(annually, 2_000, 0)]);
    assert_eq!(rows.iter().find(|r| r.catalog_price_id == monthly).unwrap().sold, None);
    let detail =
        audit_log::Entity::find().order_by_desc(audit_log::Column::Id).one(db).await.unwrap().unwrap().detail.unwrap();
    assert!(detail.contains("monthly 2.00+0.00→-"), "{detail}");

    // Stopping what is not sold is no change at all.
    save_item_prices(db, &me, None, &form(backup, "USD", vec![stop(monthly)])).await.unwrap();
    assert_eq!(audit_log::Entity::find().count(db).await.unwrap(), 2);
}

async fn inactive_items_are_hidden_and_refused(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let hosting = group(db, "Linux hosting").await;
    let legacy = group(db, "Legacy").await;
    let starter = product(db, hosting, "Starter", true).await;
    let retired = product(db, legacy, "Retired", false).await;
    let old_addon = addon(db, "Old addon", false).await;
    let ir = extension(db, ".ir", true).await;
    let old_tld = extension(db, ".old", false).await;
    let starter_monthly = price(db, starter, "IRR", "monthly", 1_500_000, 1_000_000, 2_000_000).await;
    let retired_monthly = price(db, retired, "IRR", "monthly", 1_500_000, 1_000_000, 2_000_000).await;
    let old_addon_monthly = price(db, old_addon, "IRR", "monthly", 100_000, 50_000, 200_000).await;
    let ir_register = price(db, ir, "IRR", "register", 500_000, 400_000, 900_000).await;
    let old_register = price(db, old_tld, "IRR", "register", 500_000, 400_000, 900_000).await;
    // Only an inactive item is priced in EUR, so EUR is not offered at all.
    price(db, retired, "EUR", "monthly", 500, 400, 900).await;

    let list = price_list(db, &me, None).await.unwrap();
    assert_eq!((list.currency.as_str(), list.currencies.clone()), ("IRR", vec!["IRR".to_owned()]));
    assert_eq!(list.product_groups.len(), 1, "a group with only inactive products is not shown");
    assert_eq!(list.product_groups[0].products.iter().map(|p| p.item).collect::<Vec<_>>(), vec![starter]);
    assert!(list.addons.is_empty());
    assert_eq!(list.domains.iter().map(|d| (d.item, d.name.en.as_str())).collect::<Vec<_>>(), vec![(ir, ".ir")]);
    assert!(row_of(&list, starter_monthly).is_some() && row_of(&list, ir_register).is_some());
    for hidden in [retired_monthly, old_addon_monthly, old_register] {
        assert!(row_of(&list, hidden).is_none());
    }

    for (item, catalog_price_id) in
        [(retired, retired_monthly), (old_addon, old_addon_monthly), (old_tld, old_register)]
    {
        let refused =
            save_item_prices(db, &me, None, &form(item, "IRR", vec![sell(catalog_price_id, "1500000", "0")])).await;
        assert_eq!(refused, Err(AppError::NotFound));
    }
    // An inactive item's row posted under an active item is not that item's.
    let smuggled = form(starter, "IRR", vec![sell(retired_monthly, "1500000", "0")]);
    assert_eq!(save_item_prices(db, &me, None, &smuggled).await, Err(AppError::NotFound));
    assert_eq!(stored(db, me.id).await, vec![]);
}

async fn resellers_never_see_or_change_each_others_prices(db: &DatabaseConnection) {
    let mine = reseller(db, "cloud9").await;
    let theirs = reseller(db, "other").await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    let pro = product(db, hosting, "Pro", true).await;
    let monthly = price(db, starter, "USD", "monthly", 999, 800, 2000).await;
    let pro_monthly = price(db, pro, "USD", "monthly", 1_999, 1_500, 3_000).await;
    let irr_monthly = price(db, starter, "IRR", "monthly", 1_500_000, 1_000_000, 2_000_000).await;
    save_item_prices(db, &theirs, None, &form(starter, "USD", vec![sell(monthly, "15", "1")])).await.unwrap();

    let list = price_list(db, &mine, Some("USD")).await.unwrap();
    assert_eq!(row_of(&list, monthly).unwrap().sold, None, "another reseller's price is not mine");
    save_item_prices(db, &mine, None, &form(starter, "USD", vec![sell(monthly, "9", "0")])).await.unwrap();
    save_item_prices(db, &mine, None, &form(starter, "USD", vec![stop(monthly)])).await.unwrap();
    assert_eq!(stored(db, theirs.id).await, vec![(monthly, 1_500, 100)], "mine stopped, theirs untouched");
    assert_eq!(
        row_of(&price_list(db, &theirs, Some("USD")).await.unwrap(), monthly).unwrap().sold,
        Some(SoldPrice { price: 1_500, setup_fee: 100 })
    );

    let unknown = form(starter, "USD", vec![sell(999_999, "9", "0")]);
    let other_item = form(starter, "USD", vec![sell(pro_monthly, "20", "0")]);
    let other_currency = form(starter, "USD", vec![sell(irr_monthly, "9", "0")]);
    let unknown_item = form(ItemRef { kind: ItemKind::Product, id: 999_999 }, "USD", vec![]);
    for refused in [unknown, other_item, other_currency, unknown_item] {
        assert_eq!(save_item_prices(db, &mine, None, &refused).await, Err(AppError::NotFound));
    }
    assert_eq!(stored(db, mine.id).await, vec![]);
    let of_theirs =
        audit_log::Entity::find().filter(audit_log::Column::ResellerId.eq(theirs.id)).count(db).await.unwrap();
    assert_eq!(of_theirs, 1, "my saves are in my audit trail only");
}

async fn a_price_outside_a_narrowed_range_is_flagged_and_off_sale(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    let monthly = price(db, starter, "USD", "monthly", 999, 800, 2000).await;
    let annually = price(db, starter, "USD", "annually", 9_900, 8_000, 20_000).await;
    save_item_prices(db, &me, None, &form(starter, "USD", vec![sell(monthly, "10", "0"), sell(annually, "99", "0")]))
        .await
        .unwrap();
    narrow(db, monthly, 1_200, 2_000).await;

    let list = price_list(db, &me, Some("USD")).await.unwrap();
    let flagged = row_of(&list, monthly).unwrap();
    assert!(flagged.outside_range());
    assert_eq!(
        flagged.sold,
        Some(SoldPrice { price: 1_000, setup_fee: 0 }),
        "the page still shows the reseller's price"
    );
    assert!(!row_of(&list, annually).unwrap().outside_range());
    let on_sale: Vec<i64> = offers(db, me.id, "USD", None).await.unwrap().into_iter().map(|o| o.catalog.id).collect();
    assert_eq!(on_sale, vec![annually]);

    assert_eq!(
        save_item_prices(db, &me, None, &form(starter, "USD", vec![sell(monthly, "10", "0")])).await,
        Err(AppError::Validation(vec![field("rows[0][price]", FieldProblem::OutOfRange)])),
        "saving it unchanged is refused"
    );
    let rows = save_item_prices(db, &me, None, &form(starter, "USD", vec![sell(monthly, "12", "0")])).await.unwrap();
    assert!(rows.iter().all(|r| !r.outside_range()));
    let on_sale: Vec<i64> = offers(db, me.id, "USD", None).await.unwrap().into_iter().map(|o| o.catalog.id).collect();
    assert_eq!(on_sale, vec![monthly, annually]);
}

async fn offers_are_exactly_the_sold_in_range_active_rows(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let other = reseller(db, "other").await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    let pro = product(db, hosting, "Pro", true).await;
    let backup = addon(db, "Daily backup", true).await;
    let ir = extension(db, ".ir", true).await;
    let starter_monthly = price(db, starter, "USD", "monthly", 999, 800, 2000).await;
    let starter_annually = price(db, starter, "USD", "annually", 9_900, 8_000, 20_000).await;
    let starter_irr = price(db, starter, "IRR", "monthly", 1_500_000, 1_000_000, 2_000_000).await;
    let pro_monthly = price(db, pro, "USD", "monthly", 1_999, 1_500, 3_000).await;
    let backup_monthly = price(db, backup, "USD", "monthly", 200, 100, 500).await;
    let ir_register = price(db, ir, "USD", "register", 500, 400, 900).await;
    let ir_renew = price(db, ir, "USD", "renew", 500, 400, 900).await;

    save_item_prices(
        db,
        &me,
        None,
        &form(starter, "USD", vec![sell(starter_monthly, "10", "0"), sell(starter_annually, "100", "0")]),
    )
    .await
    .unwrap();
    save_item_prices(db, &me, None, &form(starter, "IRR", vec![sell(starter_irr, "1500000", "0")])).await.unwrap();
    save_item_prices(db, &me, None, &form(pro, "USD", vec![sell(pro_monthly, "20", "0")])).await.unwrap();
    save_item_prices(db, &me, None, &form(backup, "USD", vec![sell(backup_monthly, "2", "0")])).await.unwrap();
    save_item_prices(db, &me, None, &form(ir, "USD", vec![sell(ir_register, "6", "0")])).await.unwrap();
    save_item_prices(db, &other, None, &form(ir, "USD", vec![sell(ir_renew, "6", "0")])).await.unwrap();
    // Pro goes off sale; starter's annual range moves away from the reseller's price.
    let mut retired: product::ActiveModel = product::Entity::find_by_id(pro.id).one(db).await.unwrap().unwrap().into();
    retired.active = Set(false);
    retired.update(db).await.unwrap();
    narrow(db, starter_annually, 8_000, 9_000).await;

    let offered = offers(db, me.id, "USD", None).await.unwrap();
    let ids: Vec<i64> = offered.iter().map(|o| o.catalog.id).collect();
    let mut expected = vec![starter_monthly, backup_monthly, ir_register];
    expected.sort_unstable();
    let mut got = ids;
    got.sort_unstable();
    assert_eq!(got, expected, "in range, active, sold by me, in USD");
    let monthly_offer = offered.iter().find(|o| o.catalog.id == starter_monthly).unwrap();
    assert_eq!((monthly_offer.price, monthly_offer.setup_fee), (1_000, 0), "at the reseller's price");
    let addons: Vec<i64> =
        offers(db, me.id, "USD", Some(ItemKind::Addon)).await.unwrap().into_iter().map(|o| o.catalog.id).collect();
    assert_eq!(addons, vec![backup_monthly]);
    let irr: Vec<i64> = offers(db, me.id, "IRR", None).await.unwrap().into_iter().map(|o| o.catalog.id).collect();
    assert_eq!(irr, vec![starter_irr]);
}

async fn the_currency_comes_from_the_url_or_the_resellers_language(db: &DatabaseConnection) {
    let persian = reseller(db, "cloud9").await;
    let english = set_reseller(db, reseller(db, "other").await, |m| m.default_language = Set("en".into())).await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    price(db, starter, "USD", "monthly", 999, 800, 2000).await;
    price(db, starter, "EUR", "monthly", 999, 800, 2000).await;

    assert_eq!(price_list(db, &english, None).await.unwrap().currency, "USD");
    assert_eq!(
        price_list(db, &persian, None).await.unwrap().currency,
        "USD",
        "no IRR prices: the first currency priced"
    );
    assert_eq!(price_list(db, &persian, Some("EUR")).await.unwrap().currency, "EUR");
    assert_eq!(
        price_list(db, &english, Some("GBP")).await.unwrap().currency,
        "USD",
        "a currency not priced is not shown"
    );
    price(db, starter, "IRR", "monthly", 1_500_000, 1_000_000, 2_000_000).await;
    let list = price_list(db, &persian, None).await.unwrap();
    assert_eq!(
        (list.currency.as_str(), list.currencies),
        ("IRR", vec!["IRR".to_owned(), "USD".to_owned(), "EUR".to_owned()])
    );
}

/// The page as the server renders it (before hydration) in both languages, and its forms
/// posted without JavaScript: an error comes back next to its input with what was typed, a
/// save comes back saying so; and no session, no prices.
#[allow(clippy::await_holding_lock)] // held on purpose: each test has its own runtime thread
async fn the_page_renders_and_saves_without_javascript(db: &DatabaseConnection) {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let me = reseller(db, "cloud9").await;
    let hosting = group(db, "Linux hosting").await;
    let starter = product(db, hosting, "Starter", true).await;
    let monthly = price(db, starter, "USD", "monthly", 999, 800, 2000).await;
    let annually = price(db, starter, "USD", "annually", 9_900, 8_000, 20_000).await;
    let irr = price(db, starter, "IRR", "monthly", 1_500_000, 1_000_000, 2_000_000).await;
    let ir = extension(db, ".ir", true).await;
    price(db, ir, "USD", "register", 500, 400, 900).await;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let principal = Principal { area: Area::Reseller, subject_id: me.id, reseller_id: Some(me.id) };
    let cookie = format!("rd_reseller={}", start_session(db, principal, None, None, now, 3_600).await.unwrap().token);
    let site = Site::start(db).await;

    let page = site.page_ok("/reseller/products?currency=USD", &cookie, "en").await;
    for text in [
        "<h1>Products and prices</h1>".to_owned(),
        r#"href="/reseller/products?currency=USD" aria-current="page""#.to_owned(),
        r#"href="/reseller/products?currency=IRR""#.to_owned(),
        r#"aria-label="Sell Linux hosting Starter Monthly""#.to_owned(),
        r#"aria-label="Price Linux hosting Starter Monthly""#.to_owned(),
        r#"aria-label="Setup fee Linux hosting Starter Annually""#.to_owned(),
        format!(r#"aria-describedby="price-{monthly}-range price-{monthly}-flag price-{monthly}-price-error""#),
        format!(r#"<span id="price-{monthly}-range">Allowed 8.00 USD – 20.00 USD</span>"#),
        r#"value="9.99""#.to_owned(),
        "Save prices for Linux hosting Starter".to_owned(),
        r#"aria-label="Price .ir Register""#.to_owned(),
    ] {
        assert!(page.contains(&text), "{text} in {page}");
    }

    let item = starter.id.to_string();
    let (monthly_id, annually_id) = (monthly.to_string(), annually.to_string());
    let fields = |monthly_price: &'static str| {
        vec![
            ("form[currency]", "USD".to_owned()),
            ("form[item][kind]", "product".to_owned()),
            ("form[item][id]", item.clone()),
            ("form[toman]", "false".to_owned()),
            ("form[rows][0][catalog_price_id]", monthly_id.clone()),
            ("form[rows][0][sell]", "true".to_owned()),
            ("form[rows][0][price]", monthly_price.to_owned()),
            ("form[rows][0][setup_fee]", "0".to_owned()),
            ("form[rows][1][catalog_price_id]", annually_id.clone()),
            ("form[rows][1][price]", "99".to_owned()),
            ("form[rows][1][setup_fee]", "0".to_owned()),
        ]
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let site = &site;
        let cookie = cookie.clone();
        async move {
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            site.post_form("/api/catalog/prices/save", &cookie, &borrowed).await
        }
    };

    let (status, back) = post(fields("7.5")).await;
    assert_eq!(status, 302);
    let anchor = format!("#item-product-{}", starter.id);
    assert!(back.starts_with("/reseller/products?") && back.contains("__err=") && back.ends_with(&anchor), "{back}");
    let shown = site.page_ok(back.trim_end_matches(&anchor), &cookie, "en").await;
    for text in [
        format!(r#"id="price-{monthly}-price-error" class="form-error">This is outside the allowed range.<"#),
        r#"value="7.5""#.to_owned(),
        "Fields to correct: 1.".to_owned(),
    ] {
        assert!(shown.contains(&text), "{text} in {shown}");
    }
    assert_eq!(stored(db, me.id).await, vec![], "nothing was saved");

    let (status, back) = post(fields("12")).await;
    assert_eq!(
        (status, back.as_str()),
        (302, format!("/reseller/products?currency=USD&saved=product-{}{anchor}", starter.id).as_str())
    );
    assert_eq!(stored(db, me.id).await, vec![(monthly, 1_200, 0)], "the unticked row is not sold");
    let saved = site.page_ok(back.trim_end_matches(&anchor), &cookie, "en").await;
    assert!(saved.contains("Changes saved.") && saved.contains(r#"value="12.00""#), "{saved}");

    narrow(db, monthly, 1_500, 2_000).await;
    let flagged = site.page_ok("/reseller/products?currency=USD", &cookie, "en").await;
    assert!(flagged.contains("not on sale until you change it"), "{flagged}");

    set_reseller(db, me, |m| m.show_toman = Set(true)).await;
    let persian = site.page_ok("/reseller/products", &cookie, "fa").await;
    for text in [
        "محصولات و قیمت‌ها".to_owned(),
        r#"aria-label="قیمت Linux hosting fa Starter fa ماهانه""#.to_owned(),
        format!(r#"<span id="price-{irr}-range">مجاز: ۱۰۰٬۰۰۰ تومان تا ۲۰۰٬۰۰۰ تومان</span>"#),
        r#"value="150000""#.to_owned(),
    ] {
        assert!(persian.contains(&text), "{text} in {persian}");
    }

    let (status, _, answer) = site
        .send("POST", "/api/catalog/prices/list", &[("Content-Type", "application/x-www-form-urlencoded")], "")
        .await;
    assert_eq!((status, answer.as_str()), (401, "\"Unauthorized\""));
}

on_both_backends!(
    prices_in_range_are_saved_and_audited,
    a_price_out_of_range_saves_nothing,
    irr_is_typed_in_toman_and_stored_in_rial,
    stopping_deletes_the_row,
    inactive_items_are_hidden_and_refused,
    resellers_never_see_or_change_each_others_prices,
    a_price_outside_a_narrowed_range_is_flagged_and_off_sale,
    offers_are_exactly_the_sold_in_range_active_rows,
    the_currency_comes_from_the_url_or_the_resellers_language,
    the_page_renders_and_saves_without_javascript,
);
