//! The command-line tasks that write data: demo seeding and creating admins.

use app::entities::{admin_user, client, reseller};
use sea_orm::{DatabaseConnection, EntityTrait, PaginatorTrait};

async fn database() -> DatabaseConnection {
    let db = server::connect("sqlite::memory:").await.expect("database");
    <migration::Migrator as migration::MigratorTrait>::up(&db, None).await.expect("migrate");
    db
}

#[tokio::test]
async fn demo_data_loads_once_into_an_empty_database() {
    let db = database().await;
    assert!(server::demo::seed_demo(&db).await.unwrap());
    assert_eq!(admin_user::Entity::find().count(&db).await.unwrap(), 1);
    assert_eq!(reseller::Entity::find().count(&db).await.unwrap(), 2);
    let clients = client::Entity::find().all(&db).await.unwrap();
    assert!(clients.iter().any(|c| c.language == "fa") && clients.iter().any(|c| c.language == "en"));

    // A second run changes nothing.
    assert!(!server::demo::seed_demo(&db).await.unwrap());
    assert_eq!(client::Entity::find().count(&db).await.unwrap(), clients.len() as u64);
}

#[tokio::test]
async fn create_admin_checks_its_input() {
    let db = database().await;
    let id = server::accounts::create_admin(&db, " Boss@Example.com", "Boss", "a long enough secret").await.unwrap();
    let admin = admin_user::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
    assert_eq!(admin.email, "boss@example.com");
    assert!(admin.password_hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", admin.password_hash);

    let duplicate = server::accounts::create_admin(&db, "boss@example.com", "Other", "another long secret").await;
    assert!(duplicate.unwrap_err().to_string().contains("already exists"));
    let short = server::accounts::create_admin(&db, "new@example.com", "New", "short").await;
    assert!(short.unwrap_err().to_string().contains("at least 10"));
    let bad_email = server::accounts::create_admin(&db, "not-an-email", "New", "a long enough secret").await;
    assert!(bad_email.is_err());
}
