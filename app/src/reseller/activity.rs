//! The reseller's recent activity on the dashboard: their own audited actions, newest first.

use crate::audit::ActivityRow;
use crate::error::AppError;
use crate::i18n::{format_date, use_i18n};
use crate::ui::{DataTable, ErrorNotice, Loading};
use leptos::prelude::*;

/// The signed-in reseller's most recent audited actions.
#[server(endpoint = "audit/recent")]
pub async fn recent_activity() -> Result<Vec<ActivityRow>, AppError> {
    crate::error::respond(
        async {
            let me = crate::reseller::ResellerRequest::current().await?;
            crate::audit::recent_for_reseller(me.db(), me.id, 20).await
        }
        .await,
    )
}

/// The reseller's recent activity as a table.
#[component]
pub fn RecentActivity() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let rows = crate::ui::resource(|| (), |_| recent_activity());
    view! {
        <h2>{t.recent_activity}</h2>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match rows.await {
                    Ok(rows) if rows.is_empty() => view! { <p class="muted">{t.activity_empty}</p> }.into_any(),
                    Ok(rows) => view! {
                        <DataTable heads=[t.col_when, t.col_what, t.col_ip]>
                            {rows.into_iter().map(|row| view! {
                                <tr>
                                    <td><time datetime=row.on.to_string()>{format_date(row.on, i18n.0)}</time></td>
                                    <td>{row.describe(t)}</td>
                                    <td dir="ltr">{row.ip.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </DataTable>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
