//! The reseller's branding settings, portal host names and logo, on SQLite and PostgreSQL:
//! every field's rule, the host rules (syntax, one owner across all resellers, never the
//! provider's own host), the logo's type and size checks, the audit trail and tenant scope.

use crate::support;
use app::values::ResellerStatus;

use app::clients::service::Actor;
use app::entities::{audit_log, reseller, reseller_host, reseller_logo};
use app::error::{AppError, FieldError, FieldProblem};
use app::i18n::Locale;
use app::links::{origin_on_host, portal_link, provider_host};
use app::settings::input::{BrandSettingsInput, DISPLAY_RIAL, DISPLAY_TOMAN, LOGO_MAX_BYTES};
use app::settings::service::{
    add_host, form_input, host_map, list_hosts, logo_of, logo_url, remove_host, remove_logo, set_logo, update_settings,
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const IP: &str = "203.0.113.9";
const PROVIDER: &str = "panel.example.com";

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
const JPEG: &[u8] = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0\xff\xd9";
const WEBP: &[u8] = b"RIFF\x1a\0\0\0WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0";

async fn reseller(db: &DatabaseConnection, slug: &str) -> reseller::Model {
    let id = support::insert_reseller(db, slug, "unused").await;
    reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

async fn reload(db: &DatabaseConnection, id: i64) -> reseller::Model {
    reseller::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

fn actor(r: &reseller::Model) -> Actor<'_> {
    Actor { reseller: r, ip: Some(IP) }
}

fn filled() -> BrandSettingsInput {
    BrandSettingsInput {
        brand_name: "Cloud Nine".into(),
        primary_color: "#0F766E".into(),
        support_email: "Help@Cloud9.example.com".into(),
        default_language: "en".into(),
        amounts_in: DISPLAY_TOMAN.into(),
        pay_to_text: "Cloud Nine Ltd.\r\n1 Sky Road".into(),
        bank_transfer_text: "IBAN GB29 NWBK 6016 1331 9268 19".into(),
    }
}

fn field_errors(error: AppError) -> Vec<FieldError> {
    match error {
        AppError::Validation(errors) => errors,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn host_problem(result: Result<impl std::fmt::Debug, AppError>) -> FieldProblem {
    let errors = field_errors(result.unwrap_err());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].field, "host");
    errors[0].problem
}

fn logo_problem(result: Result<(), AppError>) -> FieldProblem {
    let errors = field_errors(result.unwrap_err());
    assert_eq!(errors[0].field, "logo");
    errors[0].problem
}

async fn audit_actions(db: &DatabaseConnection, reseller_id: i64) -> Vec<(String, Option<String>)> {
    audit_log::Entity::find()
        .filter(audit_log::Column::ResellerId.eq(reseller_id))
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| (row.action.code().to_owned(), row.detail))
        .collect()
}

async fn saving_the_form_changes_only_my_brand_and_is_audited(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let other = reseller(db, "rival").await;
    let valid = filled().validate().unwrap();
    update_settings(db, &actor(&me), valid).await.unwrap();

    let saved = reload(db, me.id).await;
    assert_eq!(saved.brand_name, "Cloud Nine");
    assert_eq!(saved.primary_color, "#0f766e");
    assert_eq!(saved.support_email, "help@cloud9.example.com");
    assert_eq!(saved.default_language, "en");
    assert!(saved.show_toman);
    assert_eq!(saved.pay_to_text, "Cloud Nine Ltd.\n1 Sky Road");
    assert_eq!(saved.bank_transfer_text, "IBAN GB29 NWBK 6016 1331 9268 19");
    // The sign-in email and the slug are the provider's to change.
    assert_eq!((saved.email.as_str(), saved.slug.as_str()), (me.email.as_str(), me.slug.as_str()));

    // The form shows what is stored, and saving it unchanged changes nothing.
    let shown = form_input(&saved);
    assert_eq!(shown.amounts_in, DISPLAY_TOMAN);
    assert_eq!(shown.validate().unwrap(), filled().validate().unwrap());

    let untouched = reload(db, other.id).await;
    assert_eq!((untouched.brand_name.as_str(), untouched.primary_color.as_str()), ("RIVAL", "#123456"));
    assert!(!untouched.show_toman);

    let back = BrandSettingsInput { amounts_in: DISPLAY_RIAL.into(), default_language: "fa".into(), ..filled() };
    update_settings(db, &actor(&saved), back.validate().unwrap()).await.unwrap();
    let again = reload(db, me.id).await;
    assert!(!again.show_toman);
    assert_eq!(again.default_language, "fa");

    assert_eq!(
        audit_actions(db, me.id).await,
        [
            ("settings.updated".to_owned(), Some("Cloud Nine".to_owned())),
            ("settings.updated".to_owned(), Some("Cloud Nine".to_owned()))
        ]
    );
    assert!(audit_actions(db, other.id).await.is_empty());
}

async fn every_field_is_checked_and_nothing_is_saved_on_error(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let cases: [(&str, String, FieldProblem); 10] = [
        ("brand_name", "   ".into(), FieldProblem::Required),
        ("brand_name", "x".repeat(101), FieldProblem::TooLong),
        ("primary_color", "red".into(), FieldProblem::InvalidColor),
        ("primary_color", "#12345g".into(), FieldProblem::InvalidColor),
        ("support_email", "help-at-cloud9".into(), FieldProblem::InvalidEmail),
        ("support_email", "".into(), FieldProblem::Required),
        ("default_language", "de".into(), FieldProblem::InvalidChoice),
        ("amounts_in", "dollar".into(), FieldProblem::InvalidChoice),
        ("pay_to_text", "x".repeat(1001), FieldProblem::TooLong),
        ("bank_transfer_text", "x".repeat(2001), FieldProblem::TooLong),
    ];
    for (field, value, problem) in cases {
        let mut input = filled();
        input.set_field(field, value.clone());
        let errors = input.validate().unwrap_err();
        assert_eq!(errors, [FieldError { field: field.into(), problem }], "{field} = {value:?}");
    }
    // Every problem at once, in form order.
    let fields: Vec<String> =
        BrandSettingsInput::default().validate().unwrap_err().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["brand_name", "primary_color", "support_email", "default_language", "amounts_in"]);
    // The longest allowed texts pass.
    let longest =
        BrandSettingsInput { pay_to_text: "x".repeat(1000), bank_transfer_text: "y".repeat(2000), ..filled() };
    assert!(longest.validate().is_ok());
    assert_eq!(filled().validate().unwrap().default_language, Locale::En);

    assert_eq!(reload(db, me.id).await, me, "validation runs before anything is written");
    assert!(audit_actions(db, me.id).await.is_empty());
}

async fn hosts_follow_dns_syntax_and_are_stored_lower_case(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let added = add_host(db, &actor(&me), "  Portal.Cloud9.EXAMPLE.com ", PROVIDER).await.unwrap();
    assert_eq!(added.host, "portal.cloud9.example.com");
    for bad in [
        "https://portal.cloud9.example.com",
        "portal.cloud9.example.com:8443",
        "portal.cloud9.example.com/clients",
        "cloud9",
        "-cloud9.example.com",
        "cloud9-.example.com",
        "cloud..example.com",
        "cloud_9.example.com",
        "ابر.example.com",
    ] {
        assert_eq!(host_problem(add_host(db, &actor(&me), bad, PROVIDER).await), FieldProblem::InvalidDomain, "{bad}");
    }
    let long_label = format!("{}.example.com", "a".repeat(64));
    assert_eq!(host_problem(add_host(db, &actor(&me), &long_label, PROVIDER).await), FieldProblem::InvalidDomain);
    let too_long = format!("{}example.com", "abcdefghij.".repeat(23));
    assert!(too_long.len() > 253);
    assert_eq!(host_problem(add_host(db, &actor(&me), &too_long, PROVIDER).await), FieldProblem::InvalidDomain);
    assert_eq!(host_problem(add_host(db, &actor(&me), "  ", PROVIDER).await), FieldProblem::Required);
    let longest_label = format!("{}.example.com", "a".repeat(63));
    add_host(db, &actor(&me), &longest_label, PROVIDER).await.unwrap();

    let hosts: Vec<String> = list_hosts(db, me.id).await.unwrap().into_iter().map(|h| h.host).collect();
    assert_eq!(hosts, ["portal.cloud9.example.com".to_owned(), longest_label]);
}

async fn a_host_has_one_owner_across_all_resellers(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let other = reseller(db, "rival").await;
    add_host(db, &actor(&other), "portal.rival.example.com", PROVIDER).await.unwrap();
    assert_eq!(
        host_problem(add_host(db, &actor(&me), "Portal.Rival.example.com", PROVIDER).await),
        FieldProblem::Taken
    );
    add_host(db, &actor(&me), "portal.cloud9.example.com", PROVIDER).await.unwrap();
    assert_eq!(
        host_problem(add_host(db, &actor(&me), "portal.cloud9.example.com", PROVIDER).await),
        FieldProblem::Taken
    );
    assert_eq!(reseller_host::Entity::find().count(db).await.unwrap(), 2);

    let mut map = host_map(db).await.unwrap();
    map.sort();
    assert_eq!(
        map,
        [
            ("portal.cloud9.example.com".to_owned(), "cloud9".to_owned()),
            ("portal.rival.example.com".to_owned(), "rival".to_owned()),
        ]
    );
}

async fn the_providers_own_host_is_refused(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let provider = provider_host("https://Panel.Example.com:8443");
    assert_eq!(provider, PROVIDER);
    assert_eq!(provider_host("http://127.0.0.1:3000"), "127.0.0.1");
    assert_eq!(
        host_problem(add_host(db, &actor(&me), "PANEL.example.com", &provider).await),
        FieldProblem::InvalidChoice
    );
    assert!(list_hosts(db, me.id).await.unwrap().is_empty());
    assert!(audit_actions(db, me.id).await.is_empty());
}

async fn client_links_use_the_first_mapped_host(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let other = reseller(db, "rival").await;
    let origin = "https://panel.example.com:8443";
    assert_eq!(
        portal_link(db, &me, origin, "/invoices/7").await.unwrap(),
        "https://panel.example.com:8443/portal/cloud9/invoices/7",
        "no host mapped: the provider's address"
    );
    add_host(db, &actor(&other), "portal.rival.example.com", PROVIDER).await.unwrap();
    add_host(db, &actor(&me), "my.cloud9.example.com", PROVIDER).await.unwrap();
    add_host(db, &actor(&me), "another.cloud9.example.com", PROVIDER).await.unwrap();
    assert_eq!(
        portal_link(db, &me, origin, "/tickets/3").await.unwrap(),
        "https://my.cloud9.example.com:8443/portal/cloud9/tickets/3",
        "the first host the reseller mapped, never another reseller's"
    );
    let first = list_hosts(db, me.id).await.unwrap()[0].id;
    remove_host(db, &actor(&me), first).await.unwrap();
    assert_eq!(
        portal_link(db, &me, "http://127.0.0.1:3000", "/set-password?token=t").await.unwrap(),
        "http://another.cloud9.example.com:3000/portal/cloud9/set-password?token=t"
    );
}

#[test]
fn a_mapped_host_keeps_the_providers_scheme_and_port() {
    assert_eq!(origin_on_host("https://panel.example.com", "a.example.com"), "https://a.example.com");
    assert_eq!(origin_on_host("http://127.0.0.1:3000", "parsweb.localhost"), "http://parsweb.localhost:3000");
    assert_eq!(origin_on_host("http://[::1]:8080/", "a.example.com"), "http://a.example.com:8080");
}

async fn hosts_are_removed_only_by_their_owner_and_audited(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let other = reseller(db, "rival").await;
    let mine = add_host(db, &actor(&me), "portal.cloud9.example.com", PROVIDER).await.unwrap();
    let theirs = add_host(db, &actor(&other), "portal.rival.example.com", PROVIDER).await.unwrap();

    assert_eq!(remove_host(db, &actor(&me), theirs.id).await, Err(AppError::NotFound));
    assert_eq!(remove_host(db, &actor(&me), theirs.id + 1000).await, Err(AppError::NotFound));
    assert_eq!(list_hosts(db, other.id).await.unwrap(), std::slice::from_ref(&theirs));
    assert_eq!(
        list_hosts(db, me.id).await.unwrap(),
        std::slice::from_ref(&mine),
        "each reseller lists only their own hosts"
    );

    remove_host(db, &actor(&me), mine.id).await.unwrap();
    assert!(list_hosts(db, me.id).await.unwrap().is_empty());
    assert_eq!(remove_host(db, &actor(&me), mine.id).await, Err(AppError::NotFound));
    // Removed, the name is free again.
    add_host(db, &actor(&me), "portal.cloud9.example.com", PROVIDER).await.unwrap();

    let actions: Vec<String> = audit_actions(db, me.id).await.into_iter().map(|(action, _)| action).collect();
    assert_eq!(actions, ["settings.host_added", "settings.host_removed", "settings.host_added"]);
    assert_eq!(
        audit_actions(db, other.id).await,
        [("settings.host_added".to_owned(), Some("portal.rival.example.com".to_owned()))]
    );
}

async fn logos_are_png_jpeg_or_webp_by_their_bytes(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    assert_eq!(logo_url(db, &me).await.unwrap(), None);
    for (bytes, content_type) in [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")] {
        set_logo(db, &actor(&me), bytes.to_vec()).await.unwrap();
        assert_eq!(logo_of(db, "cloud9").await.unwrap(), Some((content_type.to_owned(), bytes.to_vec())));
    }
    let url = logo_url(db, &me).await.unwrap().unwrap();
    assert!(url.starts_with("/portal/cloud9/logo?v="), "{url}");

    // Refused, whatever the name or the browser said: nothing changes.
    let refused: [(&[u8], FieldProblem); 5] = [
        (b"GIF89a\x01\0\x01\0\x80\0\0\xff\xff\xff\0\0\0!\xf9\x04", FieldProblem::InvalidChoice),
        (b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", FieldProblem::InvalidChoice),
        (b"<!DOCTYPE html><html><body>hello</body></html>", FieldProblem::InvalidChoice),
        // What a text file named logo.png holds.
        (b"this is not a PNG, only named like one\n", FieldProblem::InvalidChoice),
        (b"", FieldProblem::Required),
    ];
    for (bytes, problem) in refused {
        assert_eq!(
            logo_problem(set_logo(db, &actor(&me), bytes.to_vec()).await),
            problem,
            "{:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    let mut big = PNG.to_vec();
    big.resize(LOGO_MAX_BYTES + 1, 0);
    assert_eq!(logo_problem(set_logo(db, &actor(&me), big.clone()).await), FieldProblem::TooLong);
    assert_eq!(
        logo_of(db, "cloud9").await.unwrap(),
        Some(("image/webp".to_owned(), WEBP.to_vec())),
        "the last good logo stays"
    );
    big.truncate(LOGO_MAX_BYTES);
    set_logo(db, &actor(&me), big).await.unwrap();

    let actions: Vec<String> = audit_actions(db, me.id).await.into_iter().map(|(action, _)| action).collect();
    assert_eq!(actions, ["settings.logo_uploaded"; 4]);
}

async fn a_logo_belongs_to_its_reseller_and_can_be_removed(db: &DatabaseConnection) {
    let me = reseller(db, "cloud9").await;
    let other = reseller(db, "rival").await;
    set_logo(db, &actor(&me), PNG.to_vec()).await.unwrap();
    set_logo(db, &actor(&other), JPEG.to_vec()).await.unwrap();
    assert_eq!(logo_of(db, "rival").await.unwrap().unwrap().0, "image/jpeg");

    remove_logo(db, &actor(&me)).await.unwrap();
    assert_eq!(logo_of(db, "cloud9").await.unwrap(), None);
    assert_eq!(logo_url(db, &me).await.unwrap(), None);
    assert_eq!(logo_of(db, "rival").await.unwrap().unwrap().0, "image/jpeg", "another reseller's logo stays");
    assert_eq!(reseller_logo::Entity::find().count(db).await.unwrap(), 1);
    // Removing again changes nothing and records nothing.
    remove_logo(db, &actor(&me)).await.unwrap();
    let actions: Vec<String> = audit_actions(db, me.id).await.into_iter().map(|(action, _)| action).collect();
    assert_eq!(actions, ["settings.logo_uploaded", "settings.logo_removed"]);
    // No such portal: no logo.
    assert_eq!(logo_of(db, "nobody").await.unwrap(), None);
}

async fn suspended_resellers_serve_no_host_and_no_logo(db: &DatabaseConnection) {
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    let me = reseller(db, "cloud9").await;
    add_host(db, &actor(&me), "portal.cloud9.example.com", PROVIDER).await.unwrap();
    set_logo(db, &actor(&me), PNG.to_vec()).await.unwrap();
    let mut row: reseller::ActiveModel = me.into();
    row.status = Set(ResellerStatus::Suspended);
    row.update(db).await.unwrap();
    assert!(host_map(db).await.unwrap().is_empty());
    assert_eq!(logo_of(db, "cloud9").await.unwrap(), None);
}

on_both_backends!(
    saving_the_form_changes_only_my_brand_and_is_audited,
    every_field_is_checked_and_nothing_is_saved_on_error,
    hosts_follow_dns_syntax_and_are_stored_lower_case,
    a_host_has_one_owner_across_all_resellers,
    the_providers_own_host_is_refused,
    client_links_use_the_first_mapped_host,
    hosts_are_removed_only_by_their_owner_and_audited,
    logos_are_png_jpeg_or_webp_by_their_bytes,
    a_logo_belongs_to_its_reseller_and_can_be_removed,
    suspended_resellers_serve_no_host_and_no_logo,
);
