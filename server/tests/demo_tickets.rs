//! The demo's tickets: every demo reseller has departments in its language, and every demo
//! ticket is filed under one of its reseller's departments with a couple of messages.

use app::entities::{reseller, ticket, ticket_department, ticket_message};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

#[tokio::test]
async fn demo_tickets_have_departments_and_threads() {
    let db = server::connect("sqlite::memory:").await.expect("database");
    <migration::Migrator as migration::MigratorTrait>::up(&db, None).await.expect("migrate");
    assert!(server::demo::seed_demo(&db).await.unwrap());

    for r in reseller::Entity::find().all(&db).await.unwrap() {
        let departments = ticket_department::Entity::find()
            .filter(ticket_department::Column::ResellerId.eq(r.id))
            .order_by_asc(ticket_department::Column::SortOrder)
            .all(&db)
            .await
            .unwrap();
        let names: Vec<&str> = departments.iter().map(|d| d.name.as_str()).collect();
        let expected: &[&str] = if r.default_language == "fa" {
            &["فروش", "مالی", "پشتیبانی فنی"]
        } else {
            &["Sales", "Billing", "Technical support"]
        };
        assert_eq!(names, expected, "{}", r.slug);
        assert!(departments.iter().all(|d| d.active));
    }
    let tickets = ticket::Entity::find().all(&db).await.unwrap();
    assert!(tickets.len() >= 2, "each demo reseller has a ticket");
    for t in tickets {
        let department = ticket_department::Entity::find_by_id(t.department_id.expect("filed under a department"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(department.reseller_id, t.reseller_id, "{}", t.subject);
        let messages =
            ticket_message::Entity::find().filter(ticket_message::Column::TicketId.eq(t.id)).count(&db).await.unwrap();
        assert!(messages >= 2, "{}: {messages} messages", t.subject);
    }
}
