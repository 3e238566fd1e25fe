//! The demo data lets a client pay by credit in the portal: Sara (parsweb) and Emma
//! (northhost) each have an unpaid invoice that their account credit covers.

use app::entities::{client, invoice};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[tokio::test]
async fn sara_and_emma_can_pay_an_unpaid_invoice_from_credit() {
    let db = server::connect("sqlite::memory:").await.expect("database");
    <migration::Migrator as migration::MigratorTrait>::up(&db, None).await.expect("migrate");
    assert!(server::demo::seed_demo(&db).await.unwrap());
    for email in ["sara.ahmadi@example.com", "emma.johnson@example.com"] {
        let c = client::Entity::find().filter(client::Column::Email.eq(email)).one(&db).await.unwrap().unwrap();
        let unpaid = invoice::Entity::find()
            .filter(invoice::Column::ClientId.eq(c.id))
            .filter(invoice::Column::Status.eq("unpaid"))
            .all(&db)
            .await
            .unwrap();
        assert!(
            unpaid.iter().any(|i| i.currency == c.currency && i.total - i.amount_paid <= c.credit_balance),
            "{email}: credit {} against {unpaid:?}",
            c.credit_balance
        );
    }
}
