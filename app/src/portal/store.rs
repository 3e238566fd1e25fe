//! The portal's store: the reseller's products at the reseller's prices, ordered through the
//! same wizard and order service as the reseller's "Place order". An order placed here is
//! `placed_by` client, or reseller_as_client while the reseller is signed in as the client.

use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::use_i18n;
use crate::layout::{Loading, PageError};
use crate::orders::place::{Wizard, WizardData, selection_from_query};
use leptos::prelude::*;

/// The store's wizard for the signed-in client of `brand`: the reseller's offers in the
/// client's currency.
#[server(endpoint = "portal/store")]
pub async fn load_store(brand: String) -> Result<WizardData, AppError> {
    use crate::orders::place::{OrderClient, Orderer};
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let access = super::PortalAccess::require(&ctx, &brand).await?;
            access.require_ordering()?;
            let catalog = crate::orders::place::service::offer_catalog(
                &ctx.state.db,
                access.reseller.id,
                &access.client.currency,
            )
            .await?;
            Ok(WizardData {
                orderer: Orderer::Portal { brand: access.reseller.slug.clone() },
                client: OrderClient {
                    id: access.client.id,
                    name: access.client_name(),
                    email: access.client.email.clone(),
                    currency: access.client.currency.clone(),
                },
                catalog,
                show_toman: access.reseller.show_toman,
                fresh_key: crate::auth::service::new_token().token,
            })
        }
        .await,
    )
}

/// Places the order the store's wizard built for the signed-in client and opens its invoice.
/// `addons` is a comma-separated id list.
#[server(endpoint = "portal/store/place")]
#[allow(clippy::too_many_arguments)] // one argument per form field, as the form posts them
pub async fn place_store_order(
    brand: String,
    item: String,
    cycle: String,
    hostname: String,
    domain: String,
    years: String,
    addons: String,
    key: String,
    total: String,
) -> Result<(), AppError> {
    use crate::orders::place::service;
    use crate::orders::plan::OrderSelection;
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            let access = super::PortalAccess::require(&ctx, &brand).await?;
            access.require_ordering()?;
            let selection = OrderSelection {
                item,
                cycle,
                hostname,
                domain,
                years,
                addons: crate::orders::place::parse_ids(&addons),
            };
            let (actor_kind, actor_id) = access.actor();
            let actor = service::OrderActor {
                reseller: &access.reseller,
                placed_by: access.placed_by(),
                actor_kind,
                actor_id,
                ip: access.ip.as_deref(),
            };
            let request = service::PlaceOrder {
                client_id: access.client.id,
                selection: &selection,
                idempotency_key: &key,
                public_origin: &ctx.state.public_origin,
                expected_total: total.trim().parse().ok(),
            };
            let placed = service::place_order(&ctx.state.db, &actor, request).await?;
            let next = match placed.invoice_number {
                Some(number) => format!("/invoices/{number}?ordered={}", placed.number),
                None => "/services".to_owned(),
            };
            leptos_axum::redirect(&super::portal_path(&access.reseller.slug, &next));
            Ok(())
        }
        .await,
    )
}

#[component]
pub fn StorePage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = super::brand_slug();
    let data = Resource::new(move || slug.get(), load_store);
    let state = selection_from_query();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Wizard data state /> }.into_any(),
                    Err(error) => view! { <PageTitle text=t.nav_store /> <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
