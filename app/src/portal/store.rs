//! The portal's store: the reseller's products at the reseller's prices, ordered through the
//! same wizard and order service as the reseller's "Place order". An order placed here is
//! `placed_by` client, or reseller_as_client while the reseller is signed in as the client.

use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::use_i18n;
use crate::orders::place::{Orderer, PlaceForm, PlacementForm, Wizard, WizardData, selection_from_query};
use crate::ui::{Loading, PageError};
use leptos::prelude::*;

/// The store's wizard for the signed-in client of `brand`: the reseller's offers in the
/// client's currency.
#[server(endpoint = "portal/store")]
pub async fn load_store(brand: String) -> Result<WizardData, AppError> {
    use crate::orders::place::OrderClient;
    crate::error::respond(
        async {
            let access =
                crate::portal::PortalRequest::current(&brand).await?.allowed(crate::portal::PortalPermission::Order)?;
            let catalog =
                crate::orders::place::service::offer_catalog(access.db(), access.reseller.id, &access.client.currency)
                    .await?;
            Ok(WizardData {
                orderer: Orderer::Portal {
                    brand: access.reseller.slug.clone(),
                    store_path: crate::portal::portal_path(&access.reseller.slug, "/store"),
                },
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
#[server(endpoint = "portal/store/place")]
pub async fn place_store_order(brand: String, #[server(flatten)] form: PlacementForm) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let access =
                crate::portal::PortalRequest::current(&brand).await?.allowed(crate::portal::PortalPermission::Order)?;
            let (actor_kind, actor_id) = access.actor();
            let actor = crate::orders::place::service::OrderActor {
                reseller: &access.reseller,
                placed_by: access.placed_by(),
                actor_kind,
                actor_id,
                ip: access.ip.as_deref(),
            };
            let placed = form.place(access.db(), &actor, access.client.id, access.public_origin()).await?;
            let next = match placed.invoice_number {
                Some(number) => format!("/invoices/{number}?ordered={}", placed.number),
                None => "/services".to_owned(),
            };
            leptos_axum::redirect(&crate::portal::portal_path(&access.reseller.slug, &next));
            Ok(())
        }
        .await,
    )
}

/// The store's "Place order": the signed-in client's order at `brand`.
fn place_form(brand: String) -> PlaceForm {
    let action = ServerAction::<PlaceStoreOrder>::new();
    PlaceForm {
        value: Signal::derive(move || action.value().get()),
        pending: action.pending(),
        form: Callback::new(move |fields: AnyView| {
            let brand = brand.clone();
            view! {
                <ActionForm action attr:class="form-actions">
                    <input type="hidden" name="brand" value=brand />
                    {fields}
                </ActionForm>
            }
            .into_any()
        }),
    }
}

#[component]
pub fn StorePage() -> impl IntoView {
    let t = use_i18n().t();
    let slug = super::brand_slug();
    let data = crate::ui::resource(move || slug.get(), load_store);
    let state = selection_from_query();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let Orderer::Portal { brand, .. } = data.orderer.clone() else {
                            return view! { <PageError error=AppError::Internal /> }.into_any();
                        };
                        view! { <Wizard data state place=place_form(brand) /> }.into_any()
                    }
                    Err(error) => view! { <PageTitle text=t.nav_store /> <PageError error /> }.into_any(),
                }
            })}
        </Transition>
    }
}
