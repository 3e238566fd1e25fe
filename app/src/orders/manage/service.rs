//! Reads and changes one reseller's orders. Every query is scoped by the caller's reseller, so
//! another reseller's order number is not found; every change is one transaction with an
//! audit row.

use super::status::{OrderAction, ServiceStatus};
use super::{OrderDetail, OrderItemRow, OrderListPage, OrderListQuery, OrderRow};
use crate::audit::{self, ActorKind, AuditEntry, TargetKind};
use crate::clients::records::{AddonRow, DomainRow, InvoiceRow, Named, ServiceRow};
use crate::clients::service::Actor;
use crate::entities::{OrderRecord, addon, domain, invoice, order, order_item, service, service_addon};
use crate::error::AppError;
use crate::status_list::load_page;
use crate::values::{BillingCycle, Money};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, TransactionSession, TransactionTrait,
    sea_query::Expr,
};
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

/// One page of the reseller's orders, newest first.
pub async fn list_orders(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    query: &OrderListQuery,
) -> Result<OrderListPage, AppError> {
    let mut select = order::Entity::find().filter(order::Column::ResellerId.eq(reseller_id));
    if let Some(status) = query.status {
        select = select.filter(order::Column::Status.eq(status));
    }
    let (orders, total, page) = load_page(db, select.order_by_desc(order::Column::Id), query).await?;
    let names = crate::clients::service::client_names(db, reseller_id, orders.iter().map(|o| o.client_id)).await?;
    let mut items: HashMap<i64, Vec<String>> = HashMap::new();
    for item in order_item::Entity::find()
        .filter(order_item::Column::OrderId.is_in(orders.iter().map(|o| o.id)))
        .order_by_asc(order_item::Column::Id)
        .all(db)
        .await?
    {
        items.entry(item.order_id).or_default().push(item.description);
    }
    let rows = orders
        .into_iter()
        .map(|o| OrderRow {
            number: o.number,
            placed_on: o.created_at.date(),
            client_name: names.get(&o.client_id).cloned().unwrap_or_default(),
            client_id: o.client_id,
            items: items.remove(&o.id).unwrap_or_default(),
            total: Money { amount: o.total, currency: o.currency },
            placed_by: o.placed_by,
            status: o.status,
        })
        .collect();
    Ok(OrderListPage { rows, total, page })
}

/// The reseller's order with this number, or `NotFound`: another reseller's number answers
/// exactly like a missing one.
pub async fn find_order(db: &impl ConnectionTrait, reseller_id: i64, number: i64) -> Result<order::Model, AppError> {
    order::Entity::find()
        .filter(order::Column::ResellerId.eq(reseller_id))
        .filter(order::Column::Number.eq(number))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// One order with its lines and what it made: services, addons, domains and invoices.
pub async fn order_detail(db: &impl ConnectionTrait, reseller_id: i64, number: i64) -> Result<OrderDetail, AppError> {
    let found = find_order(db, reseller_id, number).await?;
    let status = found.status;
    let owner = crate::clients::service::find_client(db, reseller_id, found.client_id).await?;
    let items = order_item::Entity::find()
        .filter(order_item::Column::OrderId.eq(found.id))
        .order_by_asc(order_item::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|i| OrderItemRow {
            description: i.description,
            cycle: i.billing_cycle,
            amount: Money { amount: i.amount, currency: found.currency.clone() },
        })
        .collect();
    let services = made_by::<service::Entity>(db, &found).await?;
    let addons = made_by::<service_addon::Entity>(db, &found).await?;
    let domains = made_by::<domain::Entity>(db, &found).await?;
    let invoices = made_by::<invoice::Entity>(db, &found).await?;
    let products = crate::clients::records::service::product_names(db, services.iter().map(|s| s.product_id)).await?;
    let addon_services: HashMap<i64, service::Model> = service::Entity::find()
        .filter(service::Column::ResellerId.eq(reseller_id))
        .filter(service::Column::Id.is_in(addons.iter().map(|a| a.service_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let addon_service_products =
        crate::clients::records::service::product_names(db, addon_services.values().map(|s| s.product_id)).await?;
    let addon_names: HashMap<i64, Named> = addon::Entity::find()
        .filter(addon::Column::Id.is_in(addons.iter().map(|a| a.addon_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, Named { fa: a.name_fa, en: a.name_en }))
        .collect();
    Ok(OrderDetail {
        number: found.number,
        status,
        placed_on: found.created_at.date(),
        placed_by: found.placed_by,
        client_id: owner.id,
        client_name: format!("{} {}", owner.first_name, owner.last_name),
        total: Money { amount: found.total, currency: found.currency },
        items,
        services: services
            .into_iter()
            .map(|s| {
                let product =
                    products.get(&s.product_id).cloned().unwrap_or_else(crate::clients::records::service::unknown);
                ServiceRow::of(s, product)
            })
            .collect(),
        addons: addons
            .into_iter()
            .map(|a| {
                let parent = addon_services.get(&a.service_id);
                AddonRow {
                    addon: addon_names
                        .get(&a.addon_id)
                        .cloned()
                        .unwrap_or_else(crate::clients::records::service::unknown),
                    service: parent
                        .and_then(|s| addon_service_products.get(&s.product_id))
                        .cloned()
                        .unwrap_or_else(crate::clients::records::service::unknown),
                    service_label: parent.and_then(|s| s.label.clone()),
                    cycle: a.billing_cycle,
                    amount: Money { amount: a.recurring_amount, currency: a.currency },
                    next_due_on: a.next_due_on,
                    status: a.status,
                }
            })
            .collect(),
        domains: domains.into_iter().map(DomainRow::from).collect(),
        invoices: invoices.into_iter().map(InvoiceRow::from).collect(),
    })
}

/// Accepts, cancels or marks an order as fraud, with what that does to its services, addons,
/// domains and invoices (see [`super::status`]), and an audit row, in one transaction. An
/// action the order's status does not allow (cancelled and fraud orders are final) is a
/// `Conflict` and changes nothing. `now` dates the start of billing for what is accepted.
pub async fn act_on_order(
    db: &(impl ConnectionTrait + TransactionTrait),
    actor: &Actor<'_>,
    number: i64,
    action: OrderAction,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let reseller_id = actor.reseller.id;
    let txn = crate::db::begin_write(db).await?;
    let found = find_order(&txn, reseller_id, number).await?;
    let from = found.status;
    let to = from.after(action).ok_or(AppError::Conflict)?;
    // Only from the status it was read with: of two actions racing, the second finds it
    // changed (PostgreSQL makes it wait for the first to commit) and is refused.
    let moved = order::Entity::update_many()
        .col_expr(order::Column::Status, Expr::value(to.code()))
        .filter(order::Column::Id.eq(found.id))
        .filter(order::Column::Status.eq(from))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        return Err(AppError::Conflict);
    }

    // Every change applies only to the row as it was read: a payment or another action that
    // committed in between makes this one a Conflict instead of being overwritten.
    let guard = |rows: u64| if rows == 1 { Ok(()) } else { Err(AppError::Conflict) };
    let today = now.date();
    for s in made_by::<service::Entity>(&txn, &found).await? {
        if let Some(change) = service_change(s.status, s.billing_cycle, action, today) {
            let mut update = service::Entity::update_many()
                .col_expr(service::Column::Status, Expr::value(change.status.code()))
                .filter(service::Column::Id.eq(s.id))
                .filter(service::Column::Status.eq(s.status));
            if let Some(next_due_on) = change.next_due_on {
                update = update.col_expr(service::Column::NextDueOn, Expr::value(next_due_on));
            }
            guard(update.exec(&txn).await?.rows_affected)?;
        }
    }
    for a in made_by::<service_addon::Entity>(&txn, &found).await? {
        if let Some(change) = service_change(a.status, a.billing_cycle, action, today) {
            let mut update = service_addon::Entity::update_many()
                .col_expr(service_addon::Column::Status, Expr::value(change.status.code()))
                .filter(service_addon::Column::Id.eq(a.id))
                .filter(service_addon::Column::Status.eq(a.status));
            if let Some(next_due_on) = change.next_due_on {
                update = update.col_expr(service_addon::Column::NextDueOn, Expr::value(next_due_on));
            }
            guard(update.exec(&txn).await?.rows_affected)?;
        }
    }
    for d in made_by::<domain::Entity>(&txn, &found).await? {
        let current = d.status;
        let kind = d.registration_kind;
        if let Some(next) = current.on_order(action, kind) {
            let moved = domain::Entity::update_many()
                .col_expr(domain::Column::Status, Expr::value(next.code()))
                .filter(domain::Column::Id.eq(d.id))
                .filter(domain::Column::Status.eq(d.status))
                .exec(&txn)
                .await?;
            guard(moved.rows_affected)?;
        }
    }
    if let Some(event) = action.invoice_event() {
        for bill in made_by::<invoice::Entity>(&txn, &found).await? {
            let current = bill.status;
            // An invoice with money on it stays as it is: cancelling it would drop a payment
            // from the books. The reseller settles it (refund or credit) on its own page.
            if bill.amount_paid != 0 {
                continue;
            }
            if let Some(next) = current.after(event) {
                let moved = invoice::Entity::update_many()
                    .col_expr(invoice::Column::Status, Expr::value(next.code()))
                    .filter(invoice::Column::Id.eq(bill.id))
                    .filter(invoice::Column::Status.eq(bill.status))
                    .filter(invoice::Column::AmountPaid.eq(0))
                    .exec(&txn)
                    .await?;
                guard(moved.rows_affected)?;
            }
        }
    }

    audit::record(
        &txn,
        AuditEntry {
            reseller_id,
            actor_kind: ActorKind::Reseller,
            actor_id: actor.reseller.id,
            action: action.audit_action(),
            target_kind: TargetKind::Order,
            target_id: found.id,
            detail: format!("#{}", found.number),
            ip: actor.ip,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What an order action does to one service or addon.
struct ServiceChange {
    status: ServiceStatus,
    /// Set when accepting starts its billing: the next due date, `None` for one-time and free.
    next_due_on: Option<Option<Date>>,
}

fn service_change(
    status: ServiceStatus,
    cycle: BillingCycle,
    action: OrderAction,
    today: Date,
) -> Option<ServiceChange> {
    let next = status.on_order(action)?;
    let next_due_on = match action {
        OrderAction::Accept => Some(cycle.next_due(today)),
        OrderAction::Cancel | OrderAction::MarkFraud => None,
    };
    Some(ServiceChange { status: next, next_due_on })
}

/// The rows of `E` that `placed` made, oldest first; found through the client, whose index
/// each of these tables has.
async fn made_by<E: OrderRecord>(db: &impl ConnectionTrait, placed: &order::Model) -> Result<Vec<E::Model>, AppError> {
    Ok(E::of_order(placed).order_by_asc(E::ID).all(db).await?)
}
