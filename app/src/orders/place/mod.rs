//! The "Place order" wizard for one client at `/reseller/clients/{id}/order`. Every step is a
//! GET form, so the step and everything chosen so far live in the URL (reload, back and a
//! shared link show the same step) and it works before hydration; the last step posts the
//! order with an idempotency key the URL also carries.

use super::plan::{
    DOMAIN_ITEM, ItemChoice, OfferCatalog, OrderSelection, PRODUCT_ITEM, QuoteLine, Step, StepErrors, check_through,
    hostname_required, next_step, previous_step,
};
use crate::error::{AppError, FieldError};
use crate::escape::PageTitle;
use crate::i18n::{Locale, Strings, fill, format_money, format_number, use_i18n};
use crate::orders::manage::RegistrationKind;
use crate::ui::{ErrorNotice, Loading};
use crate::values::{BillingCycle, DomainOperation, billing::DOMAIN_YEARS};
use leptos::prelude::*;
use leptos_router::components::{A, Form};
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
pub mod service;

crate::codes! {
    /// Who placed an order.
    pub enum PlacedBy {
        Reseller = "reseller" => placed_by_reseller,
        Client = "client" => placed_by_client,
        ResellerAsClient = "reseller_as_client" => placed_by_reseller_as_client,
    }
}

/// The client an order is for, as the wizard shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderClient {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub currency: String,
}

/// Who goes through the wizard: the reseller ordering for a client in the panel, or the client
/// (or the reseller signed in as them) in the portal's store. The steps, the checks and the
/// order service are the same; where the forms post and what the page says differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Orderer {
    Reseller {
        client_id: i64,
    },
    /// The store at `store_path` (the brand's own, on a mapped host name too).
    Portal {
        brand: String,
        store_path: String,
    },
}

/// Where the review step's "Place order" posts: the page the wizard runs in creates its own
/// server action and wraps the wizard's hidden fields in that action's form, so the wizard
/// needs to know no page that uses it.
#[derive(Clone, Copy)]
pub struct PlaceForm {
    pub value: Signal<Option<Result<(), AppError>>>,
    pub pending: Memo<bool>,
    /// The form around the fields the wizard hands it.
    pub form: Callback<AnyView, AnyView>,
}

/// What the wizard needs, loaded once per visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WizardData {
    pub orderer: Orderer,
    pub client: OrderClient,
    pub catalog: OfferCatalog,
    pub show_toman: bool,
    /// A new idempotency key for this pass through the wizard; the URL keeps it from the first
    /// step on, so a reload or a second click of "Place order" cannot order twice.
    pub fresh_key: String,
}

#[server(endpoint = "orders/wizard")]
pub async fn load_order_wizard(client_id: i64) -> Result<WizardData, AppError> {
    crate::error::respond(
        async {
            let me =
                crate::reseller::ResellerRequest::current().await?.allowed(crate::reseller::Permission::PlaceOrder)?;
            let db = me.db();
            let buyer = crate::clients::service::find_client(db, me.id, client_id).await?;
            let catalog = service::offer_catalog(db, me.id, &buyer.currency).await?;
            Ok(WizardData {
                orderer: Orderer::Reseller { client_id: buyer.id },
                client: OrderClient {
                    id: buyer.id,
                    name: format!("{} {}", buyer.first_name, buyer.last_name),
                    email: buyer.email,
                    currency: buyer.currency,
                },
                catalog,
                show_toman: me.show_toman,
                fresh_key: crate::auth::service::new_token().token,
            })
        }
        .await,
    )
}

/// The review step's form as it posts (hidden fields, each as the wizard carried it), read the
/// same by the panel's and the store's "Place order". All text, so its fields can be the server
/// functions' own (`#[server(flatten)]`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementForm {
    pub item: String,
    pub cycle: String,
    pub hostname: String,
    pub domain: String,
    pub years: String,
    /// A comma-separated id list.
    pub addons: String,
    /// The pass's idempotency key.
    pub key: String,
    /// The total the review showed, in minor units.
    pub total: String,
}

#[cfg(feature = "ssr")]
impl PlacementForm {
    /// Places the order for `client_id` as `actor`.
    pub async fn place(
        &self,
        db: &sea_orm::DatabaseConnection,
        actor: &service::OrderActor<'_>,
        client_id: i64,
        public_origin: &str,
    ) -> Result<service::PlacedOrder, AppError> {
        let selection = OrderSelection {
            item: self.item.clone(),
            cycle: self.cycle.clone(),
            hostname: self.hostname.clone(),
            domain: self.domain.clone(),
            years: self.years.clone(),
            addons: parse_ids(&self.addons),
        };
        let request = service::PlaceOrder {
            client_id,
            selection: &selection,
            idempotency_key: &self.key,
            public_origin,
            expected_total: self.total.trim().parse().ok(),
        };
        service::place_order(db, actor, request).await
    }
}

/// Places the order the wizard built and opens it.
#[server(endpoint = "orders/place")]
pub async fn place_order_for_client(client_id: i64, #[server(flatten)] form: PlacementForm) -> Result<(), AppError> {
    crate::error::respond(
        async {
            let me =
                crate::reseller::ResellerRequest::current().await?.allowed(crate::reseller::Permission::PlaceOrder)?;
            let actor = service::OrderActor {
                reseller: &me,
                placed_by: PlacedBy::Reseller,
                actor_kind: crate::audit::ActorKind::Reseller,
                actor_id: me.id,
                ip: me.ip(),
            };
            let placed = form.place(me.db(), &actor, client_id, me.public_origin()).await?;
            leptos_axum::redirect(&format!("/reseller/orders/{}", placed.number));
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub(crate) fn parse_ids(text: &str) -> Vec<i64> {
    text.split(',').filter_map(|id| id.trim().parse().ok()).collect()
}

/// The selection and step the URL carries.
pub fn selection_from_query() -> Memo<(OrderSelection, Option<Step>, Option<String>)> {
    let query = use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        let text = |key: &str| q.get(key).unwrap_or_default();
        let addons = q.get_all("addon").unwrap_or_default().iter().filter_map(|id| id.parse().ok()).collect();
        let selection = OrderSelection {
            item: text("item"),
            cycle: text("cycle"),
            hostname: text("hostname"),
            domain: text("domain"),
            years: text("years"),
            addons,
        };
        let step = q.get("step").and_then(|code| Step::parse(&code));
        let key = q.get("key").filter(|k| !k.is_empty());
        (selection, step, key)
    })
}

/// The panel's "Place order": the order for `client_id`.
fn place_form(client_id: i64) -> PlaceForm {
    let action = ServerAction::<PlaceOrderForClient>::new();
    PlaceForm {
        value: Signal::derive(move || action.value().get()),
        pending: action.pending(),
        form: Callback::new(move |fields: AnyView| {
            view! {
                <ActionForm action attr:class="form-actions">
                    <input type="hidden" name="client_id" value=client_id />
                    {fields}
                </ActionForm>
            }
            .into_any()
        }),
    }
}

#[component]
pub fn PlaceOrderPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let client_id = Memo::new(move |_| params.read().get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = crate::ui::resource(move || client_id.get(), load_order_wizard);
    let state = selection_from_query();
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <Wizard data state place=place_form(client_id.get_untracked()) /> }.into_any(),
                    Err(error) => view! {
                        <PageTitle text=t.place_order />
                        <h1>{t.place_order}</h1>
                        <ErrorNotice error />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Which step to show: the one asked for, unless an answer it stands on does not hold (the
/// review stands on all of them). Addons are skipped when none fit the chosen cycle.
fn step_to_show(catalog: &OfferCatalog, selection: &OrderSelection, asked: Step) -> (Step, Vec<FieldError>) {
    let asked = if asked == Step::Addons && next_step(catalog, selection, Step::Configure) != Step::Addons {
        Step::Review
    } else {
        asked
    };
    let checked = match asked {
        Step::Review => Some(Step::Review),
        _ => previous_step(catalog, selection, asked),
    };
    let Some(before) = checked else {
        return (asked, Vec::new());
    };
    match check_through(catalog, selection, before) {
        Ok(_) => (asked, Vec::new()),
        Err(StepErrors { step, errors }) => (step, errors),
    }
}

#[component]
pub fn Wizard(
    data: WizardData,
    state: Memo<(OrderSelection, Option<Step>, Option<String>)>,
    place: PlaceForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let data = StoredValue::new(data);
    let client = data.with_value(|d| d.client.clone());
    let in_portal = data.with_value(|d| matches!(d.orderer, Orderer::Portal { .. }));
    let title = if in_portal { t.nav_store.to_owned() } else { fill(t.place_order_for, &[("name", &client.name)]) };
    let body = move || {
        let (selection, asked, key) = state.get();
        let key = key.unwrap_or_else(|| data.with_value(|d| d.fresh_key.clone()));
        data.with_value(|d| {
            if d.catalog.is_empty() {
                let message = fill(t.order_nothing_to_sell, &[("currency", &d.client.currency)]);
                let message = if in_portal { t.store_empty.to_owned() } else { message };
                return view! {
                    <div class="empty-state">
                        <p>{message}</p>
                        {(!in_portal).then(|| view! { <p><A href="/reseller/products">{t.order_set_prices}</A></p> })}
                    </div>
                }
                .into_any();
            }
            let (step, errors) = step_to_show(&d.catalog, &selection, asked.unwrap_or(Step::Item));
            let steps = StepList { catalog: &d.catalog, selection: &selection, current: step };
            let ctx = StepContext { data: d, selection: &selection, key: &key, errors: &errors, locale: i18n.0, place };
            let content = match step {
                Step::Item => item_step(&ctx),
                Step::Configure => configure_step(&ctx),
                Step::Addons => addons_step(&ctx),
                Step::Review => review_step(&ctx),
            };
            view! { {steps.render(t)} {content} }.into_any()
        })
    };
    let intro = if in_portal {
        view! { <p class="muted">{t.store_intro} " · " {fill(t.order_currency_note, &[("currency", &client.currency)])}</p> }.into_any()
    } else {
        view! {
            <p><a href=format!("/reseller/clients/{}", client.id)>{fill(t.back_to_client, &[("name", &client.name)])}</a></p>
            <p class="muted">
                <span dir="ltr">{client.email.clone()}</span>
                " · "
                {fill(t.order_currency_note, &[("currency", &client.currency)])}
            </p>
        }
        .into_any()
    };
    view! {
        <PageTitle text=title.clone() />
        <div class="page-heading">
            <h1>{title}</h1>
        </div>
        {intro}
        {body}
    }
}

/// The ordered list of steps with the current one marked.
struct StepList<'a> {
    catalog: &'a OfferCatalog,
    selection: &'a OrderSelection,
    current: Step,
}

impl StepList<'_> {
    fn render(&self, t: &'static Strings) -> AnyView {
        // Until a cycle is chosen, whether addons fit is not known yet.
        let with_addons = match ItemChoice::parse(self.catalog, &self.selection.item) {
            Ok(ItemChoice::Domain(_)) => false,
            _ => match BillingCycle::parse(&self.selection.cycle) {
                Some(cycle) => !self.catalog.addons_for(cycle).is_empty(),
                None => !self.catalog.addons.is_empty(),
            },
        };
        let steps: Vec<Step> = Step::ALL.into_iter().filter(|s| *s != Step::Addons || with_addons).collect();
        let current = self.current;
        view! {
            <ol class="wizard-steps" aria-label=t.order_steps>
                {steps.into_iter().map(|step| {
                    let label = step_label(step, t);
                    view! {
                        <li class:current=step == current class:done=step < current aria-current=(step == current).then_some("step")>
                            {label}
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    }
}

fn step_label(step: Step, t: &Strings) -> &'static str {
    match step {
        Step::Item => t.order_step_product,
        Step::Configure => t.order_step_configure,
        Step::Addons => t.order_step_addons,
        Step::Review => t.order_step_review,
    }
}

struct StepContext<'a> {
    data: &'a WizardData,
    selection: &'a OrderSelection,
    key: &'a str,
    errors: &'a [FieldError],
    locale: Locale,
    place: PlaceForm,
}

impl StepContext<'_> {
    fn money(&self, amount: i64) -> String {
        format_money(amount, &self.data.catalog.currency, self.locale, self.data.show_toman)
    }

    fn error(&self, field: &str) -> Option<&'static str> {
        let t = self.locale.strings();
        self.errors.iter().find(|e| e.field == field).map(|e| e.problem.message(t))
    }

    fn base(&self) -> String {
        match &self.data.orderer {
            Orderer::Reseller { client_id } => format!("/reseller/clients/{client_id}/order"),
            Orderer::Portal { store_path, .. } => store_path.clone(),
        }
    }

    /// Hidden inputs carrying what earlier steps chose, and the key.
    fn carried(&self, fields: &[&str]) -> AnyView {
        let s = self.selection;
        let mut pairs: Vec<(&'static str, String)> = Vec::new();
        for field in fields {
            match *field {
                "item" => pairs.push(("item", s.item.clone())),
                "cycle" => pairs.push(("cycle", s.cycle.clone())),
                "hostname" => pairs.push(("hostname", s.hostname.clone())),
                "domain" => pairs.push(("domain", s.domain.clone())),
                "years" => pairs.push(("years", s.years.clone())),
                "addon" => pairs.extend(s.addons.iter().map(|id| ("addon", id.to_string()))),
                _ => {}
            }
        }
        pairs.push(("key", self.key.to_owned()));
        pairs
            .into_iter()
            .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
            .collect_view()
            .into_any()
    }

    /// A link back to `step` with everything chosen so far.
    fn back_link(&self, step: Step) -> AnyView {
        let t = self.locale.strings();
        let mut pairs = self.selection.query_pairs();
        pairs.push(("key", self.key.to_owned()));
        pairs.push(("step", step.code().to_owned()));
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect();
        view! { <A href=format!("{}?{}", self.base(), query.join("&")) attr:class="button">{t.back}</A> }.into_any()
    }

    fn error_text(&self, field: &'static str) -> AnyView {
        match self.error(field) {
            Some(message) => {
                view! { <p class="field-error" id=format!("order-{field}-error")>{message}</p> }.into_any()
            }
            None => ().into_any(),
        }
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn item_step(ctx: &StepContext<'_>) -> AnyView {
    let t = ctx.locale.strings();
    let locale = ctx.locale;
    let catalog = &ctx.data.catalog;
    let chosen = ctx.selection.item.clone();
    let invalid = ctx.error("item").is_some();
    let products = catalog.products.iter().map(|p| {
        let value = format!("{PRODUCT_ITEM}{}", p.id);
        let from = p.prices.iter().map(|price| price.price).min().unwrap_or(0);
        let cycle = p.prices.iter().min_by_key(|price| price.price).and_then(|price| BillingCycle::parse(&price.term));
        let from = fill(t.order_from_price, &[("price", &ctx.money(from)), ("cycle", cycle.map(|c| c.label(t)).unwrap_or(""))]);
        let id = format!("order-item-{value}");
        let for_id = id.clone();
        view! {
            <label class="choice" for=for_id>
                <input type="radio" name="item" id=id value=value.clone() checked=chosen == value required=true />
                <span class="choice-text">
                    <strong>{p.name.pick(locale).to_owned()}</strong>
                    <span class="muted">{p.group.pick(locale).to_owned()} " · " {p.description.pick(locale).to_owned()}</span>
                    <span>{from}</span>
                </span>
            </label>
        }
    }).collect_view();
    let domain_choices = [DomainOperation::Register, DomainOperation::Transfer]
        .into_iter()
        .filter(|op| !catalog.domains_for(*op).is_empty())
        .map(|op| {
            let value = format!("{DOMAIN_ITEM}{}", op.code());
            let label = match op {
                DomainOperation::Register => t.order_register_domain,
                _ => t.order_transfer_domain,
            };
            let tlds: Vec<String> = catalog.domains_for(op).iter().map(|(d, _)| d.tld.clone()).collect();
            let id = format!("order-item-{value}");
            let for_id = id.clone();
            view! {
                <label class="choice" for=for_id>
                    <input type="radio" name="item" id=id value=value.clone() checked=chosen == value required=true />
                    <span class="choice-text">
                        <strong>{label}</strong>
                        <bdi class="muted" dir="ltr">{tlds.join(" ")}</bdi>
                    </span>
                </label>
            }
        })
        .collect_view();
    let error = ctx.error_text("item");
    let carried = ctx.carried(&[]);
    view! {
        <Form method="GET" action=ctx.base() attr:class="wizard-step">
            <fieldset aria-invalid=invalid.to_string() aria-describedby=invalid.then_some("order-item-error")>
                <legend>{t.order_pick_product}</legend>
                <div class="choices">{products}{domain_choices}</div>
                {error}
            </fieldset>
            {carried}
            <input type="hidden" name="step" value=Step::Configure.code() />
            <div class="form-actions">
                <button type="submit" class="button primary">{t.next}</button>
            </div>
        </Form>
    }
    .into_any()
}

fn configure_step(ctx: &StepContext<'_>) -> AnyView {
    let t = ctx.locale.strings();
    let locale = ctx.locale;
    let catalog = &ctx.data.catalog;
    // Where Continue leads is decided by what is chosen on this form, so it asks for Addons
    // and the server skips them when none fit the chosen cycle.
    let next = match ItemChoice::parse(catalog, &ctx.selection.item) {
        Ok(ItemChoice::Product(_)) => Step::Addons,
        _ => Step::Review,
    };
    let fields = match ItemChoice::parse(catalog, &ctx.selection.item) {
        Ok(ItemChoice::Product(product)) => {
            let chosen = ctx.selection.cycle.clone();
            let cycles = product.prices.iter().filter_map(|price| {
                let cycle = BillingCycle::parse(&price.term)?;
                let id = format!("order-cycle-{}", cycle.code());
                let for_id = id.clone();
                let setup = (price.setup_fee > 0).then(|| fill(t.order_setup_fee, &[("price", &ctx.money(price.setup_fee))]));
                Some(view! {
                    <label class="choice" for=for_id>
                        <input type="radio" name="cycle" id=id value=cycle.code() checked=chosen == cycle.code() required=true />
                        <span class="choice-text">
                            <strong>{cycle.label(t)}</strong>
                            <span>{ctx.money(price.price)}</span>
                            {setup.map(|s| view! { <span class="muted">{s}</span> })}
                        </span>
                    </label>
                })
            }).collect_view();
            let required = hostname_required(product.kind);
            let label = if required { t.order_hostname_domain } else { t.order_hostname_optional };
            let host_invalid = ctx.error("hostname").is_some();
            let cycle_invalid = ctx.error("cycle").is_some();
            view! {
                <h2>{product.name.pick(locale).to_owned()}</h2>
                <fieldset aria-invalid=cycle_invalid.to_string() aria-describedby=cycle_invalid.then_some("order-cycle-error")>
                    <legend>{t.col_cycle}</legend>
                    <div class="choices">{cycles}</div>
                    {ctx.error_text("cycle")}
                </fieldset>
                <div class="field">
                    <label for="order-hostname">{label}</label>
                    <input id="order-hostname" name="hostname" dir="ltr" inputmode="url" autocomplete="off"
                        placeholder="example.ir" value=ctx.selection.hostname.clone() required=required
                        aria-invalid=host_invalid.to_string() aria-describedby=host_invalid.then_some("order-hostname-error") />
                    {ctx.error_text("hostname")}
                </div>
                {ctx.carried(&["item"])}
            }
            .into_any()
        }
        Ok(ItemChoice::Domain(kind)) => {
            let prices = catalog.domains_for(kind.operation()).into_iter().map(|(d, price)| {
                view! { <li><span dir="ltr">{d.tld.clone()}</span> ": " {fill(t.order_per_year, &[("price", &ctx.money(price.price))])}</li> }
            }).collect_view();
            let chosen_years = ctx.selection.years.clone();
            let years = DOMAIN_YEARS.map(|y| {
                let value = y.to_string();
                let label = fill(t.years.of(i64::from(y)), &[("n", &format_number(i64::from(y), locale))]);
                view! { <option value=value.clone() selected=chosen_years == value || (chosen_years.is_empty() && y == 1)>{label}</option> }
            }).collect_view();
            let domain_invalid = ctx.error("domain").is_some();
            let years_invalid = ctx.error("years").is_some();
            let heading = match kind {
                RegistrationKind::Register => t.order_register_domain,
                RegistrationKind::Transfer => t.order_transfer_domain,
            };
            view! {
                <h2>{heading}</h2>
                <ul class="price-list">{prices}</ul>
                <div class="field">
                    <label for="order-domain">{t.order_domain_name}</label>
                    <input id="order-domain" name="domain" dir="ltr" inputmode="url" autocomplete="off" placeholder="example.ir"
                        value=ctx.selection.domain.clone() required=true
                        aria-invalid=domain_invalid.to_string() aria-describedby=domain_invalid.then_some("order-domain-error") />
                    {ctx.error_text("domain")}
                </div>
                <div class="field">
                    <label for="order-years">{t.order_period}</label>
                    <select id="order-years" name="years" aria-invalid=years_invalid.to_string()
                        aria-describedby=years_invalid.then_some("order-years-error")>{years}</select>
                    {ctx.error_text("years")}
                </div>
                {ctx.carried(&["item"])}
            }
            .into_any()
        }
        Err(_) => ().into_any(),
    };
    let back = ctx.back_link(Step::Item);
    view! {
        <Form method="GET" action=ctx.base() attr:class="wizard-step">
            {fields}
            <input type="hidden" name="step" value=next.code() />
            <div class="form-actions">
                {back}
                <button type="submit" class="button primary">{t.next}</button>
            </div>
        </Form>
    }
    .into_any()
}

fn addons_step(ctx: &StepContext<'_>) -> AnyView {
    let t = ctx.locale.strings();
    let locale = ctx.locale;
    let Some(cycle) = BillingCycle::parse(&ctx.selection.cycle) else {
        return ().into_any();
    };
    let addons = ctx
        .data
        .catalog
        .addons_for(cycle)
        .into_iter()
        .map(|(addon, price)| {
            let id = format!("order-addon-{}", addon.id);
            let for_id = id.clone();
            let checked = ctx.selection.addons.contains(&addon.id);
            let setup =
                (price.setup_fee > 0).then(|| fill(t.order_setup_fee, &[("price", &ctx.money(price.setup_fee))]));
            view! {
                <label class="choice" for=for_id>
                    <input type="checkbox" name="addon" id=id value=addon.id.to_string() checked=checked />
                    <span class="choice-text">
                        <strong>{addon.name.pick(locale).to_owned()}</strong>
                        <span class="muted">{addon.description.pick(locale).to_owned()}</span>
                        <span>{ctx.money(price.price)} " / " {cycle.label(t)}</span>
                        {setup.map(|s| view! { <span class="muted">{s}</span> })}
                    </span>
                </label>
            }
        })
        .collect_view();
    let error = ctx.error_text("addon");
    let carried = ctx.carried(&["item", "cycle", "hostname"]);
    let back = ctx.back_link(Step::Configure);
    view! {
        <Form method="GET" action=ctx.base() attr:class="wizard-step">
            <fieldset>
                <legend>{t.order_pick_addons}</legend>
                <div class="choices">{addons}</div>
                {error}
            </fieldset>
            {carried}
            <input type="hidden" name="step" value=Step::Review.code() />
            <div class="form-actions">
                {back}
                <button type="submit" class="button primary">{t.next}</button>
            </div>
        </Form>
    }
    .into_any()
}

fn review_step(ctx: &StepContext<'_>) -> AnyView {
    let t = ctx.locale.strings();
    let locale = ctx.locale;
    let catalog = &ctx.data.catalog;
    let quote = match check_through(catalog, ctx.selection, Step::Review) {
        Ok(Some(plan)) => plan.quote(&catalog.currency),
        // step_to_show only lands here when the selection holds.
        _ => return view! { <ErrorNotice error=AppError::Internal /> }.into_any(),
    };
    let back_to = previous_step(catalog, ctx.selection, Step::Review).unwrap_or(Step::Configure);
    let rows = quote
        .lines
        .iter()
        .map(|QuoteLine { item, amount }| {
            view! { <tr><td>{item.describe(locale)}</td><td class="amount">{ctx.money(*amount)}</td></tr> }
        })
        .collect_view();
    let total = ctx.money(quote.total);
    let total_minor = quote.total.to_string();
    let PlaceForm { value, pending, form } = ctx.place;
    // Field errors here are about the whole order (prices changed, a used form): say which.
    let failed = move || match value.get() {
        Some(Err(AppError::Validation(errors))) => Some(
            errors
                .iter()
                .map(|e| view! { <p class="notice error" role="alert">{e.problem.message(t)}</p> })
                .collect_view()
                .into_any(),
        ),
        Some(Err(error)) => Some(view! { <ErrorNotice error /> }.into_any()),
        _ => None,
    };
    let s = ctx.selection.clone();
    let addons = s.addons.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let key = ctx.key.to_owned();
    let back = ctx.back_link(back_to);
    let fields = view! {
        <input type="hidden" name="item" value=s.item />
        <input type="hidden" name="cycle" value=s.cycle />
        <input type="hidden" name="hostname" value=s.hostname />
        <input type="hidden" name="domain" value=s.domain />
        <input type="hidden" name="years" value=s.years />
        <input type="hidden" name="addons" value=addons />
        <input type="hidden" name="key" value=key />
        <input type="hidden" name="total" value=total_minor />
        {back}
        <button type="submit" class="button primary" disabled=move || pending.get()>{t.place_order}</button>
    };
    let form = form.run(fields.into_any());
    view! {
        <section class="wizard-step" aria-labelledby="order-review-heading">
            <h2 id="order-review-heading">{t.order_step_review}</h2>
            <table class="data quote">
                <thead><tr><th scope="col">{t.col_item}</th><th scope="col" class="amount">{t.col_amount}</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><th scope="row">{t.col_total}</th><td class="amount"><strong>{total}</strong></td></tr></tfoot>
            </table>
            <p class="muted">{t.order_review_note}</p>
            {failed}
            {form}
        </section>
    }
    .into_any()
}
