//! The reseller's clients.

use crate::error::AppError;
use crate::i18n::{format_date, format_number, use_i18n};
use crate::layout::{ErrorNotice, Loading};
use crate::reseller::StatusBadge;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// One client in the reseller's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: i64,
    pub name: String,
    pub company: Option<String>,
    pub email: String,
    pub status: String,
    pub created: time::Date,
}

/// The signed-in reseller's newest clients.
#[server(endpoint = "clients/list")]
pub async fn list_clients() -> Result<Vec<ClientRow>, AppError> {
    crate::error::respond(service::list_clients().await)
}

#[cfg(feature = "ssr")]
mod service {
    use super::ClientRow;
    use crate::entities::client;
    use crate::error::AppError;
    use crate::reseller::require_reseller;
    use crate::state::RequestContext;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

    const PAGE_SIZE: u64 = 50;

    pub async fn list_clients() -> Result<Vec<ClientRow>, AppError> {
        let ctx = RequestContext::current()?;
        let me = require_reseller(&ctx).await?;
        let rows = client::Entity::find()
            .filter(client::Column::ResellerId.eq(me.id))
            .order_by_desc(client::Column::Id)
            .limit(PAGE_SIZE)
            .all(&ctx.state.db)
            .await?;
        Ok(rows
            .into_iter()
            .map(|c| ClientRow {
                id: c.id,
                name: format!("{} {}", c.first_name, c.last_name),
                company: c.company,
                email: c.email,
                status: c.status,
                created: c.created_at.date(),
            })
            .collect())
    }
}

#[component]
pub fn ClientsPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let clients = Resource::new(|| (), |_| list_clients());
    view! {
        <Title text=t.clients_heading />
        <h1>{t.clients_heading}</h1>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match clients.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="notice">{t.clients_empty}</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="data">
                            <thead>
                                <tr>
                                    <th scope="col">{t.col_id}</th>
                                    <th scope="col">{t.col_name}</th>
                                    <th scope="col">{t.col_company}</th>
                                    <th scope="col">{t.col_email}</th>
                                    <th scope="col">{t.col_status}</th>
                                    <th scope="col">{t.col_created}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {rows.into_iter().map(|c| view! {
                                    <tr>
                                        <td>{format_number(c.id, i18n.0)}</td>
                                        <td>{c.name}</td>
                                        <td>{c.company.unwrap_or_default()}</td>
                                        <td dir="ltr">{c.email}</td>
                                        <td><StatusBadge status=c.status /></td>
                                        <td><time datetime=c.created.to_string()>{format_date(c.created, i18n.0)}</time></td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
