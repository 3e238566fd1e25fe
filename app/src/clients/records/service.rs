//! Reads a client's records. The client is looked up under the caller's reseller first, so
//! another reseller's client id is not found; every query then also filters by that reseller.

use super::{
    AddonRow, DomainRow, EmailRow, InvoiceRow, Money, Named, OrderRow, RecordTab, Records, ServiceRow, TicketRow,
};
use crate::audit::{ActivityRow, ActorKind, TargetKind};
use crate::entities::{
    ClientRecord, addon, audit_log, client, domain, email_outbox, invoice, order, order_item, product, service,
    service_addon, ticket,
};
use crate::error::AppError;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;

/// Enough rows for any real client; a longer history pages in the sections of its own.
const LIMIT: u64 = 500;

pub async fn client_records(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    client_id: i64,
    tab: RecordTab,
) -> Result<(client::Model, Records), AppError> {
    let owner = crate::clients::service::find_client(db, reseller_id, client_id).await?;
    let records = match tab {
        RecordTab::Orders => Records::Orders(orders(db, reseller_id, client_id).await?),
        RecordTab::Invoices => Records::Invoices(
            newest::<invoice::Entity>(db, reseller_id, client_id).await?.into_iter().map(InvoiceRow::from).collect(),
        ),
        RecordTab::Services => Records::Services(services(db, reseller_id, client_id).await?),
        RecordTab::Addons => Records::Addons(addons(db, reseller_id, client_id).await?),
        RecordTab::Domains => Records::Domains(
            newest::<domain::Entity>(db, reseller_id, client_id).await?.into_iter().map(DomainRow::from).collect(),
        ),
        RecordTab::Tickets => Records::Tickets({
            // The department's current name; a ticket without one shows its legacy code.
            let departments = crate::entities::ticket_department::names_of(db, reseller_id).await?;
            newest::<ticket::Entity>(db, reseller_id, client_id)
                .await?
                .into_iter()
                .map(|t| TicketRow {
                    id: t.id,
                    subject: t.subject,
                    department: t.department_id.and_then(|id| departments.get(&id).cloned()).unwrap_or(t.department),
                    priority: t.priority,
                    last_reply_on: t.last_reply_at.date(),
                    status: t.status,
                })
                .collect()
        }),
        RecordTab::Emails => Records::Emails(
            newest::<email_outbox::Entity>(db, reseller_id, client_id)
                .await?
                .into_iter()
                .map(|e| EmailRow {
                    queued_on: e.created_at.date(),
                    to: e.to_address,
                    subject: e.subject,
                    last_error: e.last_error,
                    status: e.status,
                })
                .collect(),
        ),
        // What was done to the client and to their orders and invoices, what the client did
        // in the portal, and what their reseller did signed in as them.
        RecordTab::Activity => Records::Activity(
            audit_log::Entity::find()
                .filter(audit_log::Column::ResellerId.eq(reseller_id))
                .filter(
                    Condition::any()
                        .add(
                            Condition::all()
                                .add(audit_log::Column::TargetKind.eq(TargetKind::Client))
                                .add(audit_log::Column::TargetId.eq(client_id)),
                        )
                        .add(
                            Condition::all().add(audit_log::Column::TargetKind.eq(TargetKind::Order)).add(
                                audit_log::Column::TargetId.in_subquery(
                                    sea_orm::sea_query::Query::select()
                                        .column(order::Column::Id)
                                        .from(order::Entity)
                                        .and_where(order::Column::ClientId.eq(client_id))
                                        .to_owned(),
                                ),
                            ),
                        )
                        .add(
                            Condition::all().add(audit_log::Column::TargetKind.eq(TargetKind::Invoice)).add(
                                audit_log::Column::TargetId.in_subquery(
                                    sea_orm::sea_query::Query::select()
                                        .column(invoice::Column::Id)
                                        .from(invoice::Entity)
                                        .and_where(invoice::Column::ClientId.eq(client_id))
                                        .to_owned(),
                                ),
                            ),
                        )
                        .add(audit_log::Column::ActingAsClientId.eq(client_id))
                        .add(
                            Condition::all()
                                .add(audit_log::Column::ActorKind.eq(ActorKind::Client))
                                .add(audit_log::Column::ActorId.eq(client_id)),
                        ),
                )
                .order_by_desc(audit_log::Column::Id)
                .limit(LIMIT)
                .all(db)
                .await?
                .into_iter()
                .map(ActivityRow::from)
                .collect(),
        ),
    };
    Ok((owner, records))
}

impl From<invoice::Model> for InvoiceRow {
    fn from(i: invoice::Model) -> Self {
        InvoiceRow {
            number: i.number,
            issued_on: i.issued_on,
            due_on: i.due_on,
            total: Money { amount: i.total, currency: i.currency.clone() },
            paid: Money { amount: i.amount_paid, currency: i.currency },
            status: i.status,
        }
    }
}

impl From<domain::Model> for DomainRow {
    fn from(d: domain::Model) -> Self {
        DomainRow {
            name: d.name,
            kind: d.registration_kind,
            period_years: d.period_years,
            amount: Money { amount: d.recurring_amount, currency: d.currency },
            expires_on: d.expires_on,
            status: d.status,
        }
    }
}

/// The client's newest rows of `E`, up to `LIMIT`.
async fn newest<E: ClientRecord>(
    db: &impl ConnectionTrait,
    reseller_id: i64,
    client_id: i64,
) -> Result<Vec<E::Model>, AppError> {
    Ok(E::of_client(reseller_id, client_id).order_by_desc(E::ID).limit(LIMIT).all(db).await?)
}

async fn orders(db: &impl ConnectionTrait, reseller_id: i64, client_id: i64) -> Result<Vec<OrderRow>, AppError> {
    let orders = newest::<order::Entity>(db, reseller_id, client_id).await?;
    let mut items: HashMap<i64, Vec<String>> = HashMap::new();
    for item in order_item::Entity::find()
        .filter(order_item::Column::OrderId.is_in(orders.iter().map(|o| o.id)))
        .order_by_asc(order_item::Column::Id)
        .all(db)
        .await?
    {
        items.entry(item.order_id).or_default().push(item.description);
    }
    Ok(orders
        .into_iter()
        .map(|o| OrderRow {
            number: o.number,
            placed_on: o.created_at.date(),
            placed_by: o.placed_by,
            items: items.remove(&o.id).unwrap_or_default(),
            total: Money { amount: o.total, currency: o.currency },
            status: o.status,
        })
        .collect())
}

async fn services(db: &impl ConnectionTrait, reseller_id: i64, client_id: i64) -> Result<Vec<ServiceRow>, AppError> {
    let services = newest::<service::Entity>(db, reseller_id, client_id).await?;
    let products = product_names(db, services.iter().map(|s| s.product_id)).await?;
    Ok(services
        .into_iter()
        .map(|s| {
            let product = products.get(&s.product_id).cloned().unwrap_or_else(unknown);
            ServiceRow::of(s, product)
        })
        .collect())
}

async fn addons(db: &impl ConnectionTrait, reseller_id: i64, client_id: i64) -> Result<Vec<AddonRow>, AppError> {
    let rows = newest::<service_addon::Entity>(db, reseller_id, client_id).await?;
    let addon_names: HashMap<i64, Named> = addon::Entity::find()
        .filter(addon::Column::Id.is_in(rows.iter().map(|r| r.addon_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, Named { fa: a.name_fa, en: a.name_en }))
        .collect();
    let services: HashMap<i64, service::Model> = service::Entity::find()
        .filter(service::Column::Id.is_in(rows.iter().map(|r| r.service_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let products = product_names(db, services.values().map(|s| s.product_id)).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let service = services.get(&r.service_id);
            AddonRow {
                addon: addon_names.get(&r.addon_id).cloned().unwrap_or_else(unknown),
                service: service.and_then(|s| products.get(&s.product_id)).cloned().unwrap_or_else(unknown),
                service_label: service.and_then(|s| s.label.clone()),
                cycle: r.billing_cycle,
                amount: Money { amount: r.recurring_amount, currency: r.currency },
                next_due_on: r.next_due_on,
                status: r.status,
            }
        })
        .collect())
}

/// The names of the products among `ids`, by id.
pub(crate) async fn product_names(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = i64>,
) -> Result<HashMap<i64, Named>, AppError> {
    Ok(product::Entity::find()
        .filter(product::Column::Id.is_in(ids.collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, Named { fa: p.name_fa, en: p.name_en }))
        .collect())
}

/// Foreign keys keep catalog rows that services use, so this shows only if they are broken.
pub(crate) fn unknown() -> Named {
    Named { fa: "—".to_owned(), en: "—".to_owned() }
}
