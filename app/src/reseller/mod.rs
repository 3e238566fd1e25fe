//! The reseller's panel: its frame, dashboard and settings. Clients, orders and the rest have
//! folders of their own.

use crate::auth::Area;
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, format_date, format_number, use_i18n};
use crate::layout::{NavItem, StaffArea};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

mod activity;
#[cfg(feature = "ssr")]
mod request;
#[cfg(feature = "ssr")]
pub use request::{Actor, Permission, ResellerRequest};

/// What the provider lets this reseller do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    pub login_as_client: bool,
    pub place_order: bool,
    pub delete_clients: bool,
    pub portal_payments: bool,
    pub portal_tickets: bool,
}

#[cfg(feature = "ssr")]
impl Permissions {
    pub fn of(reseller: &crate::entities::reseller::Model) -> Self {
        Self {
            login_as_client: Permission::LoginAsClient.granted_to(reseller),
            place_order: Permission::PlaceOrder.granted_to(reseller),
            delete_clients: Permission::DeleteClients.granted_to(reseller),
            portal_payments: reseller.allow_portal_payments,
            portal_tickets: reseller.allow_portal_tickets,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerOverview {
    pub contact_name: String,
    pub brand_name: String,
    pub slug: String,
    pub support_email: String,
    pub permissions: Permissions,
    pub total_clients: i64,
    pub active_clients: i64,
    pub today: time::Date,
}

#[server(endpoint = "reseller/overview")]
pub async fn fetch_overview() -> Result<ResellerOverview, AppError> {
    crate::error::respond(service::overview().await)
}

#[cfg(feature = "ssr")]
mod service {
    use super::{Permissions, ResellerOverview, ResellerRequest};
    use crate::clients::ClientStatus;
    use crate::entities::client;
    use crate::error::AppError;
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

    pub async fn overview() -> Result<ResellerOverview, AppError> {
        let me = ResellerRequest::current().await?;
        let db = me.db();
        let mine = client::Entity::find().filter(client::Column::ResellerId.eq(me.id));
        let total_clients = mine.clone().count(db).await? as i64;
        let active_clients = mine.filter(client::Column::Status.eq(ClientStatus::Active)).count(db).await? as i64;
        Ok(ResellerOverview {
            permissions: Permissions::of(&me),
            contact_name: me.contact_name.clone(),
            brand_name: me.brand_name.clone(),
            slug: me.slug.clone(),
            support_email: me.support_email.clone(),
            total_clients,
            active_clients,
            today: time::OffsetDateTime::now_utc().date(),
        })
    }
}

#[component]
pub fn ResellerShell() -> impl IntoView {
    let t = use_i18n().t();
    let nav = vec![
        NavItem::start("/reseller", t.nav_dashboard),
        NavItem::new("/reseller/clients", t.nav_clients),
        NavItem::new("/reseller/orders", t.nav_orders),
        NavItem::new("/reseller/invoices", t.nav_invoices),
        NavItem::new("/reseller/tickets", t.nav_tickets),
        NavItem::new("/reseller/products", t.nav_products),
        NavItem::new("/reseller/settings", t.nav_settings),
    ];
    view! { <StaffArea area=Area::Reseller nav /> }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let overview = crate::ui::resource(|| (), |_| fetch_overview());
    view! {
        <PageTitle text=t.nav_dashboard />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(o) => view! {
                        <h1>{fill(t.dashboard_welcome, &[("name", &o.contact_name)])}</h1>
                        <p class="muted">{t.today}": "<time datetime=o.today.to_string()>{format_date(o.today, i18n.0)}</time></p>
                        <ul class="stats">
                            <li><span class="stat-label">{t.stat_clients}</span><span class="stat-value">{format_number(o.total_clients, i18n.0)}</span></li>
                            <li><span class="stat-label">{t.stat_active_clients}</span><span class="stat-value">{format_number(o.active_clients, i18n.0)}</span></li>
                        </ul>
                        <activity::RecentActivity />
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
