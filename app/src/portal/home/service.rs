//! What the portal shows a client of their own: the dashboard's counts and short lists, their
//! services (with addons) and domains. Every query is scoped by the session's reseller AND
//! client, so another client's id answers exactly like a missing one.

use super::{Dashboard, PortalDomain, PortalService, ServiceDetail};
use crate::clients::records::{AddonRow, DomainRow, InvoiceRow, Money, Named, ServiceRow};
use crate::entities::{ClientRecord, addon, domain, invoice, product, service, service_addon, ticket};
use crate::error::AppError;
use crate::portal::PortalAccess;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{BTreeMap, HashMap};

/// Enough rows for any real client.
const LIMIT: u64 = 500;
/// How many rows the dashboard's short lists show.
const SHORT_LIST: u64 = 5;

/// Statuses of an invoice the client still has to pay.
const UNPAID: &str = "unpaid";

/// The dashboard of the signed-in client.
pub async fn dashboard(db: &impl ConnectionTrait, access: &PortalAccess) -> Result<Dashboard, AppError> {
    let (reseller_id, client_id) = (access.reseller.id, access.client.id);
    let own_services = || service::Entity::of_client(reseller_id, client_id);
    let active_services = own_services().filter(service::Column::Status.eq("active")).count(db).await?;
    let has_services = active_services > 0 || own_services().count(db).await? > 0;
    let unpaid = invoice::Entity::of_client(reseller_id, client_id)
        .filter(invoice::Column::Status.eq(UNPAID))
        .order_by_asc(invoice::Column::DueOn)
        .order_by_asc(invoice::Column::Id)
        .all(db)
        .await?;
    // The amount still due, summed per currency (a client is normally billed in one).
    let mut due: BTreeMap<String, i64> = BTreeMap::new();
    if unpaid.is_empty() {
        due.insert(access.client.currency.clone(), 0);
    }
    for i in &unpaid {
        *due.entry(i.currency.clone()).or_default() += (i.total - i.amount_paid).max(0);
    }
    let open_tickets = if access.reseller.allow_portal_tickets {
        Some(
            ticket::Entity::of_client(reseller_id, client_id)
                .filter(ticket::Column::Status.ne("closed"))
                .count(db)
                .await?,
        )
    } else {
        None
    };
    let soonest = service::Entity::of_client(reseller_id, client_id)
        .filter(service::Column::Status.is_in(["active", "suspended"]))
        .filter(service::Column::NextDueOn.is_not_null())
        .order_by_asc(service::Column::NextDueOn)
        .order_by_asc(service::Column::Id)
        .limit(SHORT_LIST)
        .all(db)
        .await?;
    Ok(Dashboard {
        brand_name: access.reseller.brand_name.clone(),
        first_name: access.client.first_name.clone(),
        active_services,
        has_services,
        unpaid_invoices: unpaid.len() as u64,
        due: due.into_iter().map(|(currency, amount)| Money { amount, currency }).collect(),
        open_tickets,
        due_soon: service_rows(db, soonest).await?,
        unpaid: unpaid.into_iter().take(SHORT_LIST as usize).map(InvoiceRow::from).collect(),
        show_toman: access.reseller.show_toman,
    })
}

/// The client's services, newest first.
pub async fn services(db: &impl ConnectionTrait, access: &PortalAccess) -> Result<Vec<PortalService>, AppError> {
    let rows = service::Entity::of_client(access.reseller.id, access.client.id)
        .order_by_desc(service::Column::Id)
        .limit(LIMIT)
        .all(db)
        .await?;
    service_rows(db, rows).await
}

/// One of the client's services with its addons; anyone else's is `NotFound`.
pub async fn service_detail(
    db: &impl ConnectionTrait,
    access: &PortalAccess,
    id: i64,
) -> Result<ServiceDetail, AppError> {
    let found = service::Entity::of_client(access.reseller.id, access.client.id)
        .filter(service::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let created_on = found.created_at.date();
    let service = service_rows(db, vec![found]).await?.pop().ok_or(AppError::NotFound)?;
    let rows = service_addon::Entity::of_client(access.reseller.id, access.client.id)
        .filter(service_addon::Column::ServiceId.eq(id))
        .order_by_asc(service_addon::Column::Id)
        .all(db)
        .await?;
    let names: HashMap<i64, Named> = addon::Entity::find()
        .filter(addon::Column::Id.is_in(rows.iter().map(|r| r.addon_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, Named { fa: a.name_fa, en: a.name_en }))
        .collect();
    let addons = rows
        .into_iter()
        .map(|r| AddonRow {
            addon: names.get(&r.addon_id).cloned().unwrap_or_else(unknown),
            service: service.row.product.clone(),
            service_label: service.row.label.clone(),
            cycle: r.billing_cycle,
            amount: Money { amount: r.recurring_amount, currency: r.currency },
            next_due_on: r.next_due_on,
            status: r.status,
        })
        .collect();
    Ok(ServiceDetail { service, created_on, addons })
}

/// The client's domains, newest first.
pub async fn domains(db: &impl ConnectionTrait, access: &PortalAccess) -> Result<Vec<PortalDomain>, AppError> {
    Ok(domain::Entity::of_client(access.reseller.id, access.client.id)
        .order_by_desc(domain::Column::Id)
        .limit(LIMIT)
        .all(db)
        .await?
        .into_iter()
        .map(|d| PortalDomain { id: d.id, registered_on: d.created_at.date(), row: DomainRow::from(d) })
        .collect())
}

/// Services as the reseller's Services tab shows them, with their ids, in the given order.
async fn service_rows(
    db: &impl ConnectionTrait,
    services: Vec<service::Model>,
) -> Result<Vec<PortalService>, AppError> {
    let products: HashMap<i64, Named> = product::Entity::find()
        .filter(product::Column::Id.is_in(services.iter().map(|s| s.product_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, Named { fa: p.name_fa, en: p.name_en }))
        .collect();
    Ok(services
        .into_iter()
        .map(|s| {
            let product = products.get(&s.product_id).cloned().unwrap_or_else(unknown);
            PortalService { id: s.id, row: ServiceRow::of(s, product) }
        })
        .collect())
}

/// Foreign keys keep catalog rows that services use, so this shows only if they are broken.
fn unknown() -> Named {
    Named { fa: "—".to_owned(), en: "—".to_owned() }
}
