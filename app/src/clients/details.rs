//! Adding a client, and one client's page: a header with their name, status and actions, then
//! the Profile tab (the same form as adding) and the tabs of their records. The open tab is in
//! the URL (`?tab=invoices`), so it survives a reload and works before hydration.

use super::editor::ClientForm;
use super::input::{ClientInput, FormMode};
use super::login_as::{LoginAsClient, LoginAsClientError, LoginAsClientForm};
use super::{ClientProfile, ClientStatus, ResetClientPassword, load_client_profile};
use crate::clients::records::{RecordTab, RecordsPanel, RecordsResource, records_resource};
use crate::escape::PageTitle;
use crate::i18n::{fill, format_date, use_i18n};
use crate::ui::{ErrorNotice, Loading, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewClientPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    view! {
        <PageTitle text=t.new_client_heading />
        <p><a href="/reseller/clients">{t.back_to_clients}</a></p>
        <h1>{t.new_client_heading}</h1>
        <ClientForm mode=FormMode::Create initial=ClientInput::blank(i18n.0) />
    }
}

fn client_id_param() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0))
}

#[component]
pub fn ClientDetailsPage() -> impl IntoView {
    let t = use_i18n().t();
    let id = client_id_param();
    let query = use_query_map();
    let tab = Memo::new(move |_| query.read().get("tab").and_then(|code| RecordTab::parse(&code)));
    let profile = crate::ui::resource(move || id.get(), load_client_profile);
    let records = records_resource(id, tab);

    view! {
        <p><a href="/reseller/clients">{t.back_to_clients}</a></p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(client) => {
                        // The header follows the Profile tab's saves without reloading the page.
                        let name = RwSignal::new(client.name.clone());
                        let on_saved = Callback::new(move |input: ClientInput| {
                            name.set(format!("{} {}", input.first_name.trim(), input.last_name.trim()));
                        });
                        view! { <ClientHeader client=client.clone() name /> <ClientTabs client tab records on_saved /> }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ClientHeader(client: ClientProfile, name: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let labelled = move |action: &'static str| move || format!("{action} {}", name.get());
    let open = client.status != ClientStatus::Closed;
    let id = client.id;
    view! {
        <PageTitle text=move || name.get() />
        <header class="client-header">
            <div>
                <h1>{move || name.get()} " " <StatusBadge status=client.status /></h1>
                <p class="muted">
                    <span dir="ltr">{client.email.clone()}</span>" · "
                    {fill(t.client_since, &[("date", &format_date(client.created, i18n.0))])}
                </p>
            </div>
            <div class="row-actions">
                {(client.permissions.login_as_client && open).then(|| {
                    let action = ServerAction::<LoginAsClient>::new();
                    view! {
                        <LoginAsClientForm action client_id=id label=format!("{} {}", t.login_as_client, name.get_untracked()) text=t.login_as_client />
                        <LoginAsClientError action />
                    }
                })}
                {client.permissions.place_order.then(|| view! {
                    <A href=format!("/reseller/clients/{id}/order") attr:aria-label=labelled(t.place_order)>{t.place_order}</A>
                })}
                {open.then(|| view! {
                    <A href=format!("/reseller/clients/{id}/close") attr:aria-label=labelled(t.close_account)>{t.close_account}</A>
                })}
                {client.permissions.delete_clients.then(|| view! {
                    <A href=format!("/reseller/clients/{id}/delete") attr:aria-label=labelled(t.delete_client) attr:class="danger">{t.delete_client}</A>
                })}
            </div>
        </header>
    }
}

#[component]
fn ClientTabs(
    client: ClientProfile,
    tab: Memo<Option<RecordTab>>,
    records: RecordsResource,
    on_saved: Callback<ClientInput>,
) -> impl IntoView {
    let t = use_i18n().t();
    let id = client.id;
    let link = move |target: Option<RecordTab>, label: &'static str| {
        let href = match target {
            None => format!("/reseller/clients/{id}"),
            Some(tab) => format!("/reseller/clients/{id}?tab={}", tab.code()),
        };
        let selected = move || tab.get() == target;
        view! {
            <a href=href aria-current=move || selected().then_some("page")>{label}</a>
        }
    };
    let profile = StoredValue::new(client);
    // Coming back to Profile from another tab shows what was last saved.
    let on_saved = Callback::new(move |input: ClientInput| {
        profile.update_value(|p| p.input = input.clone());
        on_saved.run(input);
    });
    view! {
        <nav class="tabs" aria-label=t.client_records>
            {link(None, t.tab_profile)}
            {RecordTab::ALL.into_iter().map(|which| link(Some(which), which.label(t))).collect_view()}
        </nav>
        <section aria-label=move || tab.get().map_or(t.tab_profile, |which| which.label(t))>
            {move || match tab.get() {
                None => {
                    let client = profile.get_value();
                    let open = client.status != ClientStatus::Closed;
                    view! {
                        <ClientForm mode=FormMode::Edit initial=client.input client_id=client.id on_saved />
                        {open.then(|| view! { <ResetPassword id=client.id email=client.email.clone() /> })}
                    }.into_any()
                }
                Some(_) => view! { <RecordsPanel rows=records /> }.into_any(),
            }}
        </section>
    }
}

/// "Reset password and email the client": a form of its own, so it works before hydration.
#[component]
fn ResetPassword(id: i64, email: String) -> impl IntoView {
    let t = use_i18n().t();
    let reset = ServerAction::<ResetClientPassword>::new();
    let done = move || reset.value().get().and_then(Result::ok).is_some();
    let error = move || reset.value().get().and_then(Result::err);
    view! {
        <ActionForm action=reset attr:class="stack reset-password">
            <input type="hidden" name="id" value=id.to_string() />
            <div class="actions">
                <button type="submit" class="button" disabled=move || reset.pending().get()>{t.reset_password}</button>
                {move || done().then(|| view! {
                    <p class="form-saved" role="status">{fill(t.reset_password_sent, &[("email", &email)])}</p>
                })}
            </div>
            {move || error().map(|error| view! { <ErrorNotice error /> })}
        </ActionForm>
    }
}
