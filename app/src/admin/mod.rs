//! The provider admin's area: resellers, catalog, settings.

use crate::auth::Area;
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, format_date, format_number, use_i18n};
use crate::layout::{NavItem, StaffArea};
use crate::ui::{DataTable, ErrorNotice, Loading};
use crate::values::ResellerStatus;
use leptos::prelude::*;
use leptos_router::components::A;
use serde::{Deserialize, Serialize};

pub mod input;
#[cfg(feature = "ssr")]
mod request;
pub mod resellers;

#[cfg(feature = "ssr")]
pub use request::{Actor, AdminRequest};

pub use resellers::{EditResellerPage, NewResellerPage};

/// One reseller in the admin's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerRow {
    pub id: i64,
    pub brand_name: String,
    pub slug: String,
    pub email: String,
    pub status: ResellerStatus,
    pub clients: i64,
    pub created: time::Date,
}

#[server(endpoint = "admin/list_resellers")]
pub async fn list_resellers() -> Result<Vec<ResellerRow>, AppError> {
    crate::error::respond(service::list_resellers().await)
}

#[cfg(feature = "ssr")]
mod service {
    use super::ResellerRow;
    use crate::entities::{client, reseller};
    use crate::error::AppError;
    use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryOrder, QuerySelect};
    use std::collections::HashMap;

    #[derive(FromQueryResult)]
    struct ClientCount {
        reseller_id: i64,
        clients: i64,
    }

    pub async fn list_resellers() -> Result<Vec<ResellerRow>, AppError> {
        let admin = super::AdminRequest::current().await?;
        let db = admin.db();
        let resellers = reseller::Entity::find().order_by_asc(reseller::Column::Id).all(db).await?;
        let counts: HashMap<i64, i64> = client::Entity::find()
            .select_only()
            .column(client::Column::ResellerId)
            .column_as(client::Column::Id.count(), "clients")
            .group_by(client::Column::ResellerId)
            .into_model::<ClientCount>()
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.reseller_id, c.clients))
            .collect();
        Ok(resellers
            .into_iter()
            .map(|r| ResellerRow {
                clients: counts.get(&r.id).copied().unwrap_or(0),
                id: r.id,
                brand_name: r.brand_name,
                slug: r.slug,
                email: r.email,
                status: r.status,
                created: r.created_at.date(),
            })
            .collect())
    }
}

#[component]
pub fn AdminShell() -> impl IntoView {
    let t = use_i18n().t();
    let nav = vec![
        NavItem::start("/admin", t.nav_resellers),
        NavItem::new("/admin/products", t.nav_products),
        NavItem::new("/admin/settings", t.nav_settings),
    ];
    view! { <StaffArea area=Area::Admin nav /> }
}

#[component]
pub fn ResellersPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let resellers = crate::ui::resource(|| (), |_| list_resellers());
    view! {
        <PageTitle text=t.resellers_heading />
        <div class="page-heading">
            <h1>{t.resellers_heading}</h1>
            <A href="/admin/resellers/new" attr:class="button primary">
                <span aria-hidden="true">"+ "</span>{t.add_reseller}
            </A>
        </div>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match resellers.await {
                    Ok(rows) => view! {
                        <DataTable heads=[t.col_id, t.col_brand, t.col_email, t.stat_clients, t.col_status, t.col_created, t.col_portal, t.col_actions]>
                            {rows.into_iter().map(|r| {
                                let edit_label = fill(t.edit_reseller, &[("name", &r.brand_name)]);
                                view! {
                                <tr>
                                    <td>{format_number(r.id, i18n.0)}</td>
                                    <td>{r.brand_name}</td>
                                    <td dir="ltr">{r.email}</td>
                                    <td>{format_number(r.clients, i18n.0)}</td>
                                    <td><crate::ui::StatusBadge status=r.status /></td>
                                    <td>{format_date(r.created, i18n.0)}</td>
                                    <td><a href=format!("/portal/{}", r.slug) dir="ltr">{format!("/portal/{}", r.slug)}</a></td>
                                    <td><A href=format!("/admin/resellers/{}", r.id) attr:aria-label=edit_label>{t.edit}</A></td>
                                </tr>
                            }}).collect_view()}
                        </DataTable>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let t = use_i18n().t();
    view! {
        <PageTitle text=t.nav_settings />
        <h1>{t.nav_settings}</h1>
        <p class="muted">{t.planned_admin_settings}</p>
        <crate::auth::OwnPasswordSection area=crate::auth::Area::Admin />
    }
}
