//! The page adding a product, addon or domain extension (`/admin/products/new/:kind`) and the
//! page editing one with its prices (`/admin/products/:kind/:id`).

use super::form::{
    FormState, Look, check_field, form_actions, hinted_field, select_field, send_checked, text_area, text_field,
};
use super::input::{AddonInput, ExtensionInput, ProductInput};
use super::price_table::PricesSection;
use super::{
    CreateAddon, CreateExtension, CreateProduct, GroupRow, ItemEditor, ItemForm, UpdateAddon, UpdateExtension,
    UpdateProduct, catalog_item_editor, catalog_prices, local_name,
};
use crate::catalog::{ItemKind, ProductKind};
use crate::error::{AppError, FieldError};
use crate::escape::PageTitle;
use crate::i18n::{Strings, fill, use_i18n};
use crate::ui::{ErrorNotice, Loading};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;
use serde::de::DeserializeOwned;

#[component]
pub fn NewCatalogItemPage() -> impl IntoView {
    let t = use_i18n().t();
    let params = use_params_map();
    let kind = Memo::new(move |_| params.read().get("kind").and_then(|code| ItemKind::parse(&code)));
    let editor = crate::ui::resource(
        move || kind.get(),
        |kind| async move {
            match kind {
                Some(kind) => catalog_item_editor(kind, None).await.map(|editor| (kind, editor)),
                None => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <BackToCatalog />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok((kind, editor)) => {
                        let heading = new_heading(kind, t);
                        view! {
                            <PageTitle text=heading />
                            <h1>{heading}</h1>
                            <ItemFormView editor id=None />
                            <p class="notice">{t.cat_prices_after_save}</p>
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn EditCatalogItemPage() -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let params = use_params_map();
    let target = Memo::new(move |_| {
        let params = params.read();
        let kind = params.get("kind").and_then(|code| ItemKind::parse(&code));
        let id = params.get("id").and_then(|id| id.parse::<i64>().ok());
        kind.zip(id)
    });
    let editor = crate::ui::resource(
        move || target.get(),
        |target| async move {
            let (kind, id) = target.ok_or(AppError::NotFound)?;
            catalog_item_editor(kind, Some(id)).await.map(|editor| (kind, id, editor))
        },
    );
    // Bumped when a price row is added or removed, so the table reads the rows again.
    let prices_changed = RwSignal::new(0_u32);
    let prices = crate::ui::resource(
        move || (target.get(), prices_changed.get()),
        |(target, _)| async move {
            let (kind, id) = target.ok_or(AppError::NotFound)?;
            catalog_prices(kind, id).await
        },
    );
    view! {
        <BackToCatalog />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok((kind, id, editor)) => {
                        let name = RwSignal::new(editor.form.name(i18n.0).to_owned());
                        let heading = move || fill(t.cat_edit_item, &[("name", &name.get())]);
                        view! {
                            <PageTitle text=heading />
                            <h1>{heading}</h1>
                            <ItemFormView editor id=Some(id) on_saved=Callback::new(move |saved: ItemForm| name.set(saved.name(i18n.0).to_owned())) />
                            <PricesSection kind item_id=id item_name=name.into() prices changed=prices_changed />
                        }.into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BackToCatalog() -> impl IntoView {
    let t = use_i18n().t();
    // A plain link: the router still navigates in place, and `<A>` would mark it as the
    // current page, since this page's address starts with it.
    view! { <p><a href="/admin/products">{t.cat_back_to_catalog}</a></p> }
}

fn new_heading(kind: ItemKind, t: &Strings) -> &'static str {
    match kind {
        ItemKind::Product => t.cat_new_product,
        ItemKind::Addon => t.cat_new_addon,
        ItemKind::Domain => t.cat_new_extension,
    }
}

/// The item's own fields. Adding one opens its page (the server redirects); saving one stays
/// and reports what was saved through `on_saved`.
#[component]
fn ItemFormView(
    editor: ItemEditor,
    id: Option<i64>,
    #[prop(optional)] on_saved: Option<Callback<ItemForm>>,
) -> impl IntoView {
    match editor.form {
        ItemForm::Product(initial) => view! { <ProductForm initial groups=editor.groups id on_saved /> }.into_any(),
        ItemForm::Addon(initial) => view! { <AddonForm initial id on_saved /> }.into_any(),
        ItemForm::Domain(initial) => view! { <ExtensionForm initial id on_saved /> }.into_any(),
    }
}

/// Reports a successful save of an existing item, and says it was saved.
fn watch_update<S>(action: ServerAction<S>, on_saved: Option<Callback<ItemForm>>) -> AnyView
where
    S: ServerFn<Output = ItemForm, Error = AppError> + Clone + Send + Sync + 'static,
{
    let t = use_i18n().t();
    let saved = RwSignal::new(false);
    Effect::new(move |_| {
        let answer = action.value().get();
        saved.set(matches!(answer, Some(Ok(_))));
        if let (Some(Ok(form)), Some(on_saved)) = (answer, on_saved) {
            on_saved.run(form);
        }
    });
    view! { <p class="form-saved" role="status">{move || saved.get().then_some(t.saved)}</p> }.into_any()
}

#[component]
fn ProductForm(
    initial: ProductInput,
    groups: Vec<GroupRow>,
    id: Option<i64>,
    on_saved: Option<Callback<ItemForm>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    if groups.is_empty() {
        return view! {
            <p class="notice">{t.cat_no_groups_first}" "<a href="/admin/products#cat-groups">{t.cat_groups_heading}</a></p>
        }
        .into_any();
    }
    let group_options = std::iter::once((String::new(), t.cat_choose_group.to_owned()))
        .chain(groups.iter().map(|g| (g.id.to_string(), local_name(i18n.0, &g.name_fa, &g.name_en).to_owned())))
        .collect();
    let kind_options = ProductKind::ALL.iter().map(|k| (k.code().to_owned(), k.label(t).to_owned())).collect();
    let fields = move |form: FormState| {
        let i = initial;
        view! {
            <div class="form-grid">
                {select_field(form, "group_id", t.cat_field_group, group_options, i.group_id)}
                {select_field(form, "kind", t.cat_field_kind, kind_options, i.kind)}
                {text_field(form, "name_fa", t.cat_field_name_fa, i.name_fa, Look::Persian)}
                {text_field(form, "name_en", t.cat_field_name_en, i.name_en, Look::English)}
                {text_area(form, "description_fa", t.cat_field_description_fa, i.description_fa, Look::Persian)}
                {text_area(form, "description_en", t.cat_field_description_en, i.description_en, Look::English)}
                {check_field(form, "active", t.cat_field_active, i.active, t.cat_active_hint)}
            </div>
        }
        .into_any()
    };
    item_form::<CreateProduct, UpdateProduct>("product", id, on_saved, fields)
}

#[component]
fn AddonForm(initial: AddonInput, id: Option<i64>, on_saved: Option<Callback<ItemForm>>) -> impl IntoView {
    let t = use_i18n().t();
    let fields = move |form: FormState| {
        let i = initial;
        view! {
            <div class="form-grid">
                {text_field(form, "name_fa", t.cat_field_name_fa, i.name_fa, Look::Persian)}
                {text_field(form, "name_en", t.cat_field_name_en, i.name_en, Look::English)}
                {text_area(form, "description_fa", t.cat_field_description_fa, i.description_fa, Look::Persian)}
                {text_area(form, "description_en", t.cat_field_description_en, i.description_en, Look::English)}
                {check_field(form, "active", t.cat_field_active, i.active, t.cat_active_hint)}
            </div>
        }
        .into_any()
    };
    item_form::<CreateAddon, UpdateAddon>("addon", id, on_saved, fields)
}

#[component]
fn ExtensionForm(initial: ExtensionInput, id: Option<i64>, on_saved: Option<Callback<ItemForm>>) -> impl IntoView {
    let t = use_i18n().t();
    let fields = move |form: FormState| {
        let i = initial;
        view! {
            <div class="form-grid">
                {hinted_field(form, "tld", t.cat_field_tld, i.tld, Look::Code, t.cat_tld_hint)}
                {hinted_field(form, "sort_order", t.cat_col_sort_order, i.sort_order, Look::Number, t.cat_sort_order_hint)}
                {check_field(form, "active", t.cat_field_active, i.active, t.cat_active_hint)}
            </div>
        }
        .into_any()
    };
    item_form::<CreateExtension, UpdateExtension>("extension", id, on_saved, fields)
}

/// What a catalog form checks before it sends: the validation the server runs again.
trait Checked {
    fn check(&self) -> Result<(), Vec<FieldError>>;
}

macro_rules! checked {
    ($($args:ty),*) => {$(
        impl Checked for $args {
            fn check(&self) -> Result<(), Vec<FieldError>> {
                self.input.validate().map(drop)
            }
        }
    )*};
}

checked!(CreateProduct, UpdateProduct, CreateAddon, UpdateAddon, CreateExtension, UpdateExtension);

/// The form of one catalog item around its `fields`: without an `id` it creates the item with
/// `C`, with one it updates that item with `U` and says when it saved.
fn item_form<C, U>(
    scope: &'static str,
    id: Option<i64>,
    on_saved: Option<Callback<ItemForm>>,
    fields: impl FnOnce(FormState) -> AnyView,
) -> AnyView
where
    C: ServerFn<Error = AppError> + Checked + DeserializeOwned + Clone + Send + Sync + 'static,
    C::Output: Send + Sync + 'static,
    U: ServerFn<Output = ItemForm, Error = AppError> + Checked + DeserializeOwned + Clone + Send + Sync + 'static,
{
    let t = use_i18n().t();
    match id {
        None => {
            let action = ServerAction::<C>::new();
            let form = FormState::new(action, scope);
            view! {
                <form id=form.id() class="stack client-form catalog-form" method="post" action=C::PATH novalidate
                    on:submit=send_checked(action, form, C::check)>
                    {fields(form)}
                    {form_actions(form, t.save, Some(cancel_link()))}
                </form>
            }
            .into_any()
        }
        Some(id) => {
            let action = ServerAction::<U>::new();
            let form = FormState::new(action, scope);
            view! {
                <form id=form.id() class="stack client-form catalog-form" method="post" action=U::PATH novalidate
                    on:submit=send_checked(action, form, U::check)>
                    <input type="hidden" name="id" value=id.to_string() />
                    {fields(form)}
                    {form_actions(form, t.save, Some(watch_update(action, on_saved)))}
                </form>
            }
            .into_any()
        }
    }
}

fn cancel_link() -> AnyView {
    let t = use_i18n().t();
    view! { <a href="/admin/products">{t.cancel}</a> }.into_any()
}
