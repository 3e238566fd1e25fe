//! The reseller's clients list: search, filter, sort, pages and tenant scope, on SQLite and
//! PostgreSQL.

use crate::support;
use support::code;

use app::clients::anchors::PageAnchors;
use app::clients::service::list_clients;
use app::clients::{ClientListQuery, ClientSort, ClientStatus, SortDirection};
use app::entities::client;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection};
use std::collections::HashSet;

#[allow(clippy::too_many_arguments)]
async fn add_client(
    db: &DatabaseConnection,
    reseller_id: i64,
    first: &str,
    last: &str,
    company: Option<&str>,
    email: &str,
    phone: &str,
    national_id: Option<&str>,
    status: &str,
) -> i64 {
    client::ActiveModel {
        first_name: Set(first.into()),
        last_name: Set(last.into()),
        company: Set(company.map(Into::into)),
        phone: Set(phone.into()),
        national_id: Set(national_id.map(Into::into)),
        status: Set(code(status)),
        ..support::new_client(reseller_id, email)
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

struct Fixture {
    mine: i64,
    theirs: i64,
    sara: i64,
}

/// Reseller "mine" has 23 clients: 3 named ones and 20 numbered; "theirs" has 2 that share
/// names and emails with mine.
async fn fixture(db: &DatabaseConnection) -> Fixture {
    let mine = support::insert_reseller(db, "mine", "unused").await;
    let theirs = support::insert_reseller(db, "theirs", "unused").await;
    let sara = add_client(
        db,
        mine,
        "سارا",
        "احمدی",
        Some("نوآوران"),
        "sara@example.com",
        "+989121234567",
        Some("0013542419"),
        "active",
    )
    .await;
    add_client(db, mine, "Reza", "Karimi", Some("Acme_Co 50%"), "reza@example.com", "+989351112233", None, "inactive")
        .await;
    add_client(db, mine, "Emma", "Johnson", None, "EMMA.J@example.com", "+14155550134", None, "closed").await;
    for i in 0..20 {
        add_client(
            db,
            mine,
            &format!("Client{i:02}"),
            "Zed",
            None,
            &format!("c{i:02}@example.com"),
            &format!("+4420000000{i:02}"),
            None,
            "active",
        )
        .await;
    }
    add_client(db, theirs, "سارا", "احمدی", None, "sara@example.com", "+989121234567", None, "active").await;
    add_client(db, theirs, "Other", "Person", None, "other@example.com", "+989120000000", None, "active").await;
    Fixture { mine, theirs, sara }
}

fn search(term: &str) -> ClientListQuery {
    ClientListQuery { search: term.to_owned(), per_page: 100, ..ClientListQuery::default() }
}

async fn emails(db: &DatabaseConnection, reseller_id: i64, query: &ClientListQuery) -> Vec<String> {
    list_clients(db, &PageAnchors::default(), reseller_id, query)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.email)
        .collect()
}

async fn only_the_resellers_own_clients_are_listed(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let all =
        list_clients(db, &PageAnchors::default(), f.mine, &ClientListQuery { per_page: 100, ..Default::default() })
            .await
            .unwrap();
    assert_eq!(all.total, 23);
    assert_eq!(all.rows.len(), 23);
    let theirs = list_clients(db, &PageAnchors::default(), f.theirs, &search("")).await.unwrap();
    assert_eq!(theirs.total, 2);
    assert!(!theirs.rows.iter().any(|r| r.id == f.sara), "another reseller's client never shows");
    // A search that matches both resellers' Sara finds only one's own.
    let found = list_clients(db, &PageAnchors::default(), f.mine, &search("sara")).await.unwrap();
    assert_eq!(found.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![f.sara]);
}

async fn search_matches_prefixes_of_every_searchable_field(db: &DatabaseConnection) {
    let f = fixture(db).await;
    for term in
        ["سار", "احم", "نوآ", "sara@", "+98912123", "98912123", "۹۸۹۱۲", "00135", "۰۰۱۳۵", "سارا احم", "سارا   احمدی"]
    {
        let found = emails(db, f.mine, &search(term)).await;
        assert_eq!(found, vec!["sara@example.com".to_owned()], "term {term:?}");
    }
    // Case-insensitive, and Arabic-keyboard letters find Persian text.
    assert_eq!(emails(db, f.mine, &search("emma.J")).await, vec!["EMMA.J@example.com".to_owned()]);
    assert_eq!(emails(db, f.mine, &search("johN")).await, vec!["EMMA.J@example.com".to_owned()]);
    assert_eq!(emails(db, f.mine, &search("احمدي")).await, vec!["sara@example.com".to_owned()]);
    // Prefixes only, and LIKE wildcards are literal.
    assert!(emails(db, f.mine, &search("hmadi")).await.is_empty());
    assert!(emails(db, f.mine, &search("%")).await.is_empty());
    assert!(emails(db, f.mine, &search("_")).await.is_empty());
    assert_eq!(emails(db, f.mine, &search("acme_co 50%")).await, vec!["reza@example.com".to_owned()]);
}

async fn the_status_filter_narrows_the_list(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let closed = ClientListQuery { status: Some(ClientStatus::Closed), ..search("") };
    assert_eq!(emails(db, f.mine, &closed).await, vec!["EMMA.J@example.com".to_owned()]);
    let active = ClientListQuery { status: Some(ClientStatus::Active), ..search("") };
    assert_eq!(list_clients(db, &PageAnchors::default(), f.mine, &active).await.unwrap().total, 21);
    let inactive_reza = ClientListQuery { status: Some(ClientStatus::Inactive), ..search("sara") };
    assert!(emails(db, f.mine, &inactive_reza).await.is_empty());
}

async fn sorting_orders_by_the_column_with_ids_breaking_ties(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let by_email = ClientListQuery { sort: ClientSort::Email, direction: SortDirection::Asc, ..search("") };
    let sorted = emails(db, f.mine, &by_email).await;
    let mut expected = sorted.clone();
    expected.sort();
    assert_eq!(sorted, expected);

    let by_name_desc = ClientListQuery { sort: ClientSort::Name, direction: SortDirection::Desc, ..search("") };
    let rows = list_clients(db, &PageAnchors::default(), f.mine, &by_name_desc).await.unwrap().rows;
    // Persian letters sort after Latin ones on both backends (code point order).
    assert_eq!(rows[0].name, "سارا احمدی");
    assert_eq!(rows[1].name, "Client19 Zed", "last names first, then first names, descending");
    assert_eq!(rows[20].name, "Client00 Zed");
    assert_eq!(rows[21].name, "Reza Karimi");

    let newest_first = list_clients(db, &PageAnchors::default(), f.mine, &search("")).await.unwrap().rows;
    assert!(newest_first.windows(2).all(|w| w[0].id > w[1].id), "the default is newest first");
}

async fn pages_cover_every_row_once_and_clamp_past_the_end(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let mut seen = HashSet::new();
    for page in 1..=3 {
        let query = ClientListQuery { page, per_page: 10, ..ClientListQuery::default() };
        let result = list_clients(db, &PageAnchors::default(), f.mine, &query).await.unwrap();
        assert_eq!((result.total, result.page, result.pages()), (23, page, 3));
        assert_eq!(result.rows.len(), if page < 3 { 10 } else { 3 });
        for row in result.rows {
            assert!(seen.insert(row.id), "row {} appeared twice", row.id);
        }
    }
    assert_eq!(seen.len(), 23);
    let past_the_end = list_clients(
        db,
        &PageAnchors::default(),
        f.mine,
        &ClientListQuery { page: 99, per_page: 10, ..Default::default() },
    )
    .await
    .unwrap();
    assert_eq!((past_the_end.page, past_the_end.rows.len()), (3, 3));
    // A search, counted and paged in id order from the terms alone: each numbered client has
    // two terms starting with "client" (the first name and the full name), and counts once.
    let found = ClientListQuery { per_page: 10, ..search("client") };
    let by_id = paged_ids(db, &PageAnchors::default(), f.mine, &found, 3).await;
    assert_eq!(by_id.len(), 20);
    assert!(by_id.windows(2).all(|w| w[0] > w[1]), "newest first, each once: {by_id:?}");
    assert_eq!(list_clients(db, &PageAnchors::default(), f.mine, &found).await.unwrap().total, 20);
    let by_name = ClientListQuery { sort: ClientSort::Name, direction: SortDirection::Asc, ..found.clone() };
    let mut sorted = paged_ids(db, &PageAnchors::default(), f.mine, &by_name, 3).await;
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(sorted, by_id, "the same clients in any order");
    let oldest_first = ClientListQuery { direction: SortDirection::Asc, ..found };
    assert_eq!(
        paged_ids(db, &PageAnchors::default(), f.mine, &oldest_first, 3).await,
        by_id.iter().rev().copied().collect::<Vec<_>>()
    );
    let nothing =
        list_clients(db, &PageAnchors::default(), f.mine, &ClientListQuery { page: 5, ..search("no such client") })
            .await
            .unwrap();
    assert_eq!((nothing.total, nothing.page, nothing.pages(), nothing.rows.len()), (0, 1, 1, 0));
}

/// The last page is read from the list's end (in the reverse order): the rows must still be
/// exactly those of one pass in the requested order, for every sort and both directions.
async fn pages_read_from_the_end_hold_the_same_rows_in_the_same_order(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let sorts = [
        ClientSort::Id,
        ClientSort::Name,
        ClientSort::Company,
        ClientSort::Email,
        ClientSort::Status,
        ClientSort::Created,
    ];
    for sort in sorts {
        for direction in [SortDirection::Asc, SortDirection::Desc] {
            let view = ClientListQuery { sort, direction, ..ClientListQuery::default() };
            let whole =
                list_clients(db, &PageAnchors::default(), f.mine, &ClientListQuery { per_page: 100, ..view.clone() })
                    .await
                    .unwrap();
            let whole: Vec<i64> = whole.rows.iter().map(|r| r.id).collect();
            let mut paged = Vec::new();
            for page in 1..=3 {
                let rows = list_clients(
                    db,
                    &PageAnchors::default(),
                    f.mine,
                    &ClientListQuery { page, per_page: 10, ..view.clone() },
                )
                .await
                .unwrap()
                .rows;
                paged.extend(rows.iter().map(|r| r.id));
            }
            assert_eq!(paged, whole, "{sort:?} {direction:?}");
        }
    }
    // A filtered list's back pages too: 21 active clients, the third page holds one.
    let active = ClientListQuery { status: Some(ClientStatus::Active), per_page: 10, ..ClientListQuery::default() };
    let last = list_clients(db, &PageAnchors::default(), f.mine, &ClientListQuery { page: 3, ..active.clone() })
        .await
        .unwrap();
    let whole =
        list_clients(db, &PageAnchors::default(), f.mine, &ClientListQuery { per_page: 100, ..active }).await.unwrap();
    assert_eq!(last.rows, whole.rows[20..].to_vec());
}

/// Every page of `view`, `per_page` rows at a time, as ids in order.
async fn paged_ids(
    db: &DatabaseConnection,
    anchors: &PageAnchors,
    reseller_id: i64,
    view: &ClientListQuery,
    per_page: u64,
) -> Vec<i64> {
    let mut ids = Vec::new();
    for page in 1.. {
        let result =
            list_clients(db, anchors, reseller_id, &ClientListQuery { page, per_page, ..view.clone() }).await.unwrap();
        ids.extend(result.rows.iter().map(|r| r.id));
        if page >= result.pages() {
            return ids;
        }
    }
    unreachable!()
}

/// The whole list in one page, which no anchor is ever used for.
async fn one_pass(db: &DatabaseConnection, reseller_id: i64, view: &ClientListQuery) -> Vec<i64> {
    let whole = ClientListQuery { page: 1, per_page: 100, ..view.clone() };
    let page = list_clients(db, &PageAnchors::default(), reseller_id, &whole).await.unwrap();
    page.rows.iter().map(|r| r.id).collect()
}

/// With an anchor every 3 rows, every page that skips 3 rows or more starts from one: for
/// every sort, both directions, with and without a status filter, the pages still hold
/// exactly the rows of one pass. (Sorting by company keeps reading from the nearer end.)
async fn pages_from_anchors_hold_the_rows_of_one_pass(db: &DatabaseConnection) {
    let f = fixture(db).await;
    let anchors = PageAnchors::every(3);
    for sort in ClientSort::ALL {
        for direction in [SortDirection::Asc, SortDirection::Desc] {
            for status in [None, Some(ClientStatus::Active)] {
                let view = ClientListQuery { sort, direction, status, ..ClientListQuery::default() };
                let whole = one_pass(db, f.mine, &view).await;
                assert_eq!(whole.len(), if status.is_some() { 21 } else { 23 });
                for per_page in [4, 10] {
                    assert_eq!(
                        paged_ids(db, &anchors, f.mine, &view, per_page).await,
                        whole,
                        "{view:?}, {per_page} a page"
                    );
                }
            }
        }
    }
    // The other reseller's list has anchors of its own.
    let theirs = ClientListQuery::default();
    assert_eq!(paged_ids(db, &anchors, f.theirs, &theirs, 1).await, one_pass(db, f.theirs, &theirs).await);
}

/// Anchors built before a change are never used after it: adding, renaming, closing and
/// deleting a client each move rows in some list, and the pages follow.
async fn pages_from_anchors_follow_every_change_to_the_list(db: &DatabaseConnection) {
    use app::clients::service::{Actor, close_client, delete_client};
    use app::entities::reseller;
    use sea_orm::EntityTrait;
    let f = fixture(db).await;
    let me = reseller::Entity::find_by_id(f.mine).one(db).await.unwrap().unwrap();
    let actor = Actor { reseller: &me, ip: None };
    let anchors = PageAnchors::every(3);
    let views = [
        ClientListQuery::default(),
        ClientListQuery { sort: ClientSort::Name, direction: SortDirection::Asc, ..ClientListQuery::default() },
        ClientListQuery {
            sort: ClientSort::Email,
            direction: SortDirection::Desc,
            status: Some(ClientStatus::Active),
            ..ClientListQuery::default()
        },
        ClientListQuery { sort: ClientSort::Status, direction: SortDirection::Asc, ..ClientListQuery::default() },
    ];
    let check = |when: &'static str| {
        let (anchors, views) = (&anchors, &views);
        async move {
            for view in views {
                assert_eq!(
                    paged_ids(db, anchors, f.mine, view, 4).await,
                    one_pass(db, f.mine, view).await,
                    "{when}: {view:?}"
                );
            }
        }
    };
    check("first read").await;

    let mina =
        add_client(db, f.mine, "Mina", "Bahrami", None, "b.mina@example.com", "+989121110000", None, "active").await;
    check("after adding a client").await;

    let mut renamed: client::ActiveModel = client::Entity::find_by_id(f.sara).one(db).await.unwrap().unwrap().into();
    renamed.last_name = Set("Aaronson".into());
    renamed.email = Set("zz.sara@example.com".into());
    renamed.update(db).await.unwrap();
    check("after renaming a client").await;

    close_client(db, &actor, mina).await.unwrap();
    check("after closing a client").await;

    delete_client(db, &actor, f.sara, "zz.sara@example.com").await.unwrap();
    check("after deleting a client").await;
}

on_both_backends!(
    only_the_resellers_own_clients_are_listed,
    pages_read_from_the_end_hold_the_same_rows_in_the_same_order,
    search_matches_prefixes_of_every_searchable_field,
    the_status_filter_narrows_the_list,
    sorting_orders_by_the_column_with_ids_breaking_ties,
    pages_cover_every_row_once_and_clamp_past_the_end,
    pages_from_anchors_hold_the_rows_of_one_pass,
    pages_from_anchors_follow_every_change_to_the_list,
);
