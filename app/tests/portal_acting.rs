//! "Login as client", on SQLite and PostgreSQL: who may issue a token, that it is single-use,
//! expires and belongs to one brand, that redeeming opens a session carrying the acting
//! reseller without touching the reseller's own, and that start and end are audited with both.

use crate::support;
use app::auth::Area;
use app::clients::ClientStatus;
use app::invoices::InvoiceStatus;
use app::values::ResellerStatus;

use app::clients::login_as::service::{TOKEN_TTL_SECS, issue};
use app::entities::{audit_log, client, invoice, login_token, reseller, session};
use app::error::AppError;
use app::portal::acting::PortalTarget;
use app::portal::acting::service::{Redemption, end, peek, redeem};
use app::portal::{PortalAccess, PortalPermission};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
};
use support::{TestDb, insert_reseller, new_client};

const NOW: i64 = 1_800_000_000;
/// The reseller session a token is issued from, where a test needs no real one.
const PANEL_SESSION: i64 = 424_242;

struct World {
    a: reseller::Model,
    b: reseller::Model,
    /// A client of `a`.
    sara: client::Model,
    /// A client of `b`.
    other: client::Model,
}

async fn world(db: &DatabaseConnection) -> World {
    let a = insert_reseller(db, "alpha", "unused").await;
    let b = insert_reseller(db, "beta", "unused").await;
    let sara = new_client(a, "sara@example.com").insert(db).await.unwrap();
    let other = new_client(b, "other@example.com").insert(db).await.unwrap();
    World {
        a: reseller::Entity::find_by_id(a).one(db).await.unwrap().unwrap(),
        b: reseller::Entity::find_by_id(b).one(db).await.unwrap().unwrap(),
        sara,
        other,
    }
}

fn redemption(token: &str, now: i64) -> Redemption<'_> {
    Redemption { token, previous_token: None, ip: Some("203.0.113.9"), now, ttl_secs: 3_600 }
}

async fn on_both<F, Fut>(test: F)
where
    F: Fn(DatabaseConnection) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let sqlite = TestDb::sqlite().await;
    test(sqlite.conn.clone()).await;
    sqlite.cleanup().await;
    let postgres = TestDb::postgres().await;
    test(postgres.conn.clone()).await;
    postgres.cleanup().await;
}

#[tokio::test]
async fn a_token_opens_one_acting_session_once_and_is_stored_only_hashed() {
    on_both(|db| async move {
        let w = world(&db).await;
        let token = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        let stored = login_token::Entity::find().one(&db).await.unwrap().unwrap();
        assert_ne!(stored.token_hash, token, "only the hash is stored");
        assert_eq!(stored.expires_at, NOW + TOKEN_TTL_SECS);

        let redeemed = redeem(&db, &w.a, redemption(&token, NOW + 5)).await.unwrap();
        assert_eq!(redeemed.client_id, w.sara.id);
        assert_eq!(redeemed.target, PortalTarget::Dashboard);
        let sessions = session::Entity::find().all(&db).await.unwrap();
        assert_eq!(sessions.len(), 1);
        assert_eq!(sessions[0].area, Area::Portal);
        assert_eq!(sessions[0].subject_id, w.sara.id);
        assert_eq!(sessions[0].reseller_id, Some(w.a.id));
        assert_eq!(sessions[0].acting_reseller_id, Some(w.a.id));

        // A second use, even a moment later, opens nothing.
        assert_eq!(redeem(&db, &w.a, redemption(&token, NOW + 6)).await.unwrap_err(), AppError::NotFound);
        assert_eq!(session::Entity::find().count(&db).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn an_expired_foreign_or_made_up_token_is_not_found() {
    on_both(|db| async move {
        let w = world(&db).await;
        let late = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        assert_eq!(redeem(&db, &w.a, redemption(&late, NOW + TOKEN_TTL_SECS)).await.unwrap_err(), AppError::NotFound);

        // A token of brand A is worthless on brand B's portal, and stays unused for A.
        let token = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        assert_eq!(redeem(&db, &w.b, redemption(&token, NOW + 1)).await.unwrap_err(), AppError::NotFound);
        assert_eq!(redeem(&db, &w.a, redemption("made-up", NOW + 1)).await.unwrap_err(), AppError::NotFound);
        redeem(&db, &w.a, redemption(&token, NOW + 2)).await.unwrap();
        assert_eq!(session::Entity::find().count(&db).await.unwrap(), 1);
    })
    .await;
}

#[tokio::test]
async fn only_the_resellers_own_open_client_and_redeemed_only_with_the_permission() {
    on_both(|db| async move {
        let w = world(&db).await;
        assert_eq!(
            issue(&db, &w.a, PANEL_SESSION, w.other.id, PortalTarget::Dashboard, NOW).await.unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            issue(&db, &w.a, PANEL_SESSION, 999_999, PortalTarget::Dashboard, NOW).await.unwrap_err(),
            AppError::NotFound
        );

        // Issuing needs the permission: the panel's request checks it (server/tests/http.rs).
        // Withdrawn between issuing and redeeming: refused, and no session.
        let mut no_permission = w.a.clone();
        no_permission.allow_login_as_client = false;
        let token = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        assert_eq!(redeem(&db, &no_permission, redemption(&token, NOW + 1)).await.unwrap_err(), AppError::Forbidden);

        let mut closed: client::ActiveModel = w.sara.clone().into();
        closed.status = Set(ClientStatus::Closed);
        closed.update(&db).await.unwrap();
        assert_eq!(
            issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap_err(),
            AppError::Conflict
        );
        assert_eq!(login_token::Entity::find().count(&db).await.unwrap(), 1, "refusals write nothing");
        assert_eq!(session::Entity::find().count(&db).await.unwrap(), 0);
    })
    .await;
}

#[tokio::test]
async fn a_deep_link_leads_only_to_the_clients_own_record() {
    on_both(|db| async move {
        let w = world(&db).await;
        let now = time::OffsetDateTime::now_utc();
        let bill = |client_id: i64, reseller_id: i64, number: i64| invoice::ActiveModel {
            reseller_id: Set(reseller_id),
            client_id: Set(client_id),
            order_id: Set(None),
            number: Set(number),
            status: Set(InvoiceStatus::Unpaid),
            currency: Set("IRR".into()),
            total: Set(1_000),
            amount_paid: Set(0),
            issued_on: Set(now.date()),
            due_on: Set(now.date()),
            created_at: Set(now),
            ..Default::default()
        };
        bill(w.sara.id, w.a.id, 1001).insert(&db).await.unwrap();
        bill(w.other.id, w.b.id, 1002).insert(&db).await.unwrap();

        let token = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Invoice(1001), NOW).await.unwrap();
        let redeemed = redeem(&db, &w.a, redemption(&token, NOW + 1)).await.unwrap();
        assert_eq!(redeemed.target, PortalTarget::Invoice(1001));
        assert_eq!(redeemed.target.path(), "/invoices/1001");

        // Another reseller's invoice number, or a service that is not the client's.
        assert_eq!(
            issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Invoice(1002), NOW).await.unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Service(424_242), NOW).await.unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Ticket(424_242), NOW).await.unwrap_err(),
            AppError::NotFound
        );
    })
    .await;
}

#[tokio::test]
async fn redeeming_replaces_the_browsers_portal_session_and_leaves_the_resellers_alone() {
    on_both(|db| async move {
        let w = world(&db).await;
        use app::auth::Area;
        use app::auth::service::{Principal, start_session};
        let own = start_session(
            &db,
            Principal { area: Area::Reseller, subject_id: w.a.id, reseller_id: Some(w.a.id) },
            None,
            None,
            NOW,
            3_600,
        )
        .await
        .unwrap();
        let earlier = start_session(
            &db,
            Principal { area: Area::Portal, subject_id: w.sara.id, reseller_id: Some(w.a.id) },
            None,
            None,
            NOW,
            3_600,
        )
        .await
        .unwrap();
        let token = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        let r =
            Redemption { token: &token, previous_token: Some(&earlier.token), ip: None, now: NOW + 1, ttl_secs: 3_600 };
        redeem(&db, &w.a, r).await.unwrap();
        let sessions = session::Entity::find().all(&db).await.unwrap();
        assert_eq!(sessions.len(), 2, "{sessions:?}");
        assert!(sessions.iter().any(|s| s.token_hash == own.hash && s.area == Area::Reseller));
        assert!(sessions.iter().all(|s| s.token_hash != earlier.hash), "the earlier portal session ended");
    })
    .await;
}

#[tokio::test]
async fn start_and_end_are_audited_with_both_reseller_and_client() {
    on_both(|db| async move {
        let w = world(&db).await;
        let token = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        let redeemed = redeem(&db, &w.a, redemption(&token, NOW + 1)).await.unwrap();
        let access =
            PortalAccess { reseller: w.a.clone(), client: w.sara.clone(), acting_reseller_id: Some(w.a.id), ip: None };
        end(&db, &access, &redeemed.session_token).await.unwrap();
        assert_eq!(session::Entity::find().count(&db).await.unwrap(), 0, "returning ends the acting session");

        let rows = audit_log::Entity::find().filter(audit_log::Column::ResellerId.eq(w.a.id)).all(&db).await.unwrap();
        let actions: Vec<&str> = rows.iter().map(|r| r.action.code()).collect();
        assert_eq!(actions, ["client.login_as", "client.login_as_ended"]);
        for row in &rows {
            assert_eq!((row.actor_kind.code(), row.actor_id), ("reseller", w.a.id));
            assert_eq!(row.acting_as_client_id, Some(w.sara.id));
            assert_eq!(row.target_id, Some(w.sara.id));
        }
        assert_eq!(rows[0].ip.as_deref(), Some("203.0.113.9"));
    })
    .await;
}

#[test]
fn acting_needs_the_place_order_permission_to_order_and_the_client_does_not() {
    let now = time::OffsetDateTime::UNIX_EPOCH;
    let reseller = reseller::Model {
        id: 1,
        slug: "alpha".into(),
        brand_name: "Alpha".into(),
        contact_name: String::new(),
        email: String::new(),
        password_hash: String::new(),
        default_language: "en".into(),
        primary_color: "#123456".into(),
        support_email: String::new(),
        status: ResellerStatus::Active,
        allow_login_as_client: true,
        allow_place_order: false,
        allow_delete_clients: true,
        allow_portal_payments: true,
        allow_portal_tickets: true,
        show_toman: false,
        pay_to_text: String::new(),
        bank_transfer_text: String::new(),
        created_at: now,
    };
    let client = client::Model {
        id: 2,
        reseller_id: 1,
        first_name: "Sara".into(),
        last_name: "Ahmadi".into(),
        company: None,
        email: String::new(),
        phone: String::new(),
        address1: String::new(),
        address2: None,
        city: String::new(),
        state: String::new(),
        postcode: String::new(),
        country: "IR".into(),
        language: "fa".into(),
        currency: "IRR".into(),
        national_id: None,
        tax_id: None,
        notes: None,
        credit_balance: 0,
        status: ClientStatus::Active,
        password_hash: None,
        created_at: now,
    };
    let own = PortalAccess { reseller: reseller.clone(), client: client.clone(), acting_reseller_id: None, ip: None };
    assert!(PortalPermission::Order.granted_to(&own));
    let acting = PortalAccess { acting_reseller_id: Some(1), ..own };
    assert!(!PortalPermission::Order.granted_to(&acting));
}

#[tokio::test]
async fn the_confirmation_page_reads_whose_token_it_is_without_using_it() {
    on_both(|db| async move {
        let w = world(&db).await;
        let token = issue(&db, &w.a, PANEL_SESSION, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        assert_eq!(peek(&db, &w.a, &token, NOW + 1).await.unwrap().id, w.sara.id);
        assert_eq!(peek(&db, &w.a, &token, NOW + 2).await.unwrap().id, w.sara.id, "peeking uses nothing up");
        assert_eq!(peek(&db, &w.b, &token, NOW + 1).await.unwrap_err(), AppError::NotFound, "another brand");
        assert_eq!(peek(&db, &w.a, &token, NOW + TOKEN_TTL_SECS).await.unwrap_err(), AppError::NotFound, "expired");
        redeem(&db, &w.a, redemption(&token, NOW + 3)).await.unwrap();
        assert_eq!(peek(&db, &w.a, &token, NOW + 4).await.unwrap_err(), AppError::NotFound, "used");
    })
    .await;
}

#[tokio::test]
async fn signing_out_of_the_panel_ends_the_portal_sessions_it_opened() {
    use app::auth::Area;
    use app::auth::service::{Principal, end_session, start_session};
    on_both(|db| async move {
        let w = world(&db).await;
        let panel = Principal { area: Area::Reseller, subject_id: w.a.id, reseller_id: Some(w.a.id) };
        let mine = start_session(&db, panel, None, None, NOW, 3_600).await.unwrap();
        let other_tab = start_session(&db, panel, None, None, NOW, 3_600).await.unwrap();
        let mine_id = session::Entity::find()
            .filter(session::Column::TokenHash.eq(mine.hash.clone()))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let token = issue(&db, &w.a, mine_id, w.sara.id, PortalTarget::Dashboard, NOW).await.unwrap();
        let acting = redeem(&db, &w.a, redemption(&token, NOW + 1)).await.unwrap();
        let acting_row = session::Entity::find()
            .filter(session::Column::ParentSessionId.eq(mine_id))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(acting_row.acting_reseller_id, Some(w.a.id));
        assert_eq!(acting_row.token_hash, app::auth::service::token_hash(&acting.session_token));

        end_session(&db, &mine.token).await.unwrap();
        let left: Vec<String> =
            session::Entity::find().all(&db).await.unwrap().into_iter().map(|s| s.token_hash).collect();
        assert_eq!(left, vec![other_tab.hash], "the acting session ended with the panel session; the other tab stays");
    })
    .await;
}
