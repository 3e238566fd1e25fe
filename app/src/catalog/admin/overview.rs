//! `/admin/products`: the whole catalog on one page. Groups are added and renamed in place;
//! products, addons and extensions each link to their own edit page.

use super::form::{FormState, Look, cell_field, form_actions, hinted_field, posted_error, send_checked, text_field};
use super::input::GroupInput;
use super::{
    AddonRow, CatalogOverview, CreateGroup, ExtensionRow, GroupRow, ProductRow, UpdateGroup, edit_path,
    load_catalog_overview, local_name,
};
use crate::catalog::ItemKind;
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{Strings, fill, format_number, use_i18n};
use crate::ui::{Availability, DataTable, ErrorNotice, Loading, StatusBadge};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

#[component]
pub fn CatalogPage() -> impl IntoView {
    let t = use_i18n().t();
    // Bumped after every save here, so each section reads the catalog again.
    let changed = RwSignal::new(0_u32);
    let catalog = crate::ui::resource(move || changed.get(), |_| load_catalog_overview());
    let refresh = Callback::new(move |()| changed.update(|n| *n += 1));
    view! {
        <PageTitle text=t.cat_heading />
        <div class="page-heading">
            <h1>{t.cat_heading}</h1>
        </div>
        <GroupsSection catalog refresh />
        <ItemSection catalog kind=ItemKind::Product />
        <ItemSection catalog kind=ItemKind::Addon />
        <ItemSection catalog kind=ItemKind::Domain />
    }
}

type Catalog = Resource<Result<CatalogOverview, AppError>, crate::ui::Json>;

/// The groups, each renamed in place, and a form adding one.
#[component]
fn GroupsSection(catalog: Catalog, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let status = RwSignal::new(None::<&'static str>);
    // A rename posted before hydration names no row when it fails: say it here, once.
    let posted = RwSignal::new(posted_error::<UpdateGroup>());
    let on_saved = Callback::new(move |()| {
        posted.set(None);
        status.set(Some(t.cat_group_saved));
        refresh.run(());
    });
    view! {
        <section class="catalog-section" aria-labelledby="cat-groups">
            <h2 id="cat-groups">{t.cat_groups_heading}</h2>
            {move || posted.get().map(|error| view! { <PostedError error /> })}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match catalog.await {
                        Ok(c) if c.groups.is_empty() => view! { <p class="muted">{t.cat_groups_empty}</p> }.into_any(),
                        Ok(c) => view! {
                            <div class="table-scroll">
                                <table class="data catalog-groups">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.cat_col_name_fa}</th>
                                            <th scope="col">{t.cat_col_name_en}</th>
                                            <th scope="col">{t.cat_col_sort_order}</th>
                                            <th scope="col">{t.cat_col_products}</th>
                                            <th scope="col">{t.col_actions}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {c.groups.into_iter().map(|group| view! { <GroupRowForm group on_saved /> }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
            <p class="form-saved" role="status">{move || status.get()}</p>
            <AddGroupForm on_added=Callback::new(move |()| {
                status.set(Some(t.cat_group_added));
                refresh.run(());
            }) />
        </section>
    }
}

#[component]
fn GroupRowForm(group: GroupRow, on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let action = ServerAction::<UpdateGroup>::new();
    let form = FormState::row(action, format!("group-{}", group.id));
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            on_saved.run(());
        }
    });
    let name = local_name(i18n.0, &group.name_fa, &group.name_en).to_owned();
    let label = |template: &str| fill(template, &[("group", &name)]);
    view! {
        <tr>
            <td>{cell_field(form, "name_fa", label(t.cat_group_name_fa_label), group.name_fa.clone(), Look::Persian)}</td>
            <td>{cell_field(form, "name_en", label(t.cat_group_name_en_label), group.name_en.clone(), Look::English)}</td>
            <td>{cell_field(form, "sort_order", label(t.cat_group_sort_label), group.sort_order.to_string(), Look::Number)}</td>
            <td class="num">{format_number(group.products, i18n.0)}</td>
            <td>
                <form id=form.id() method="post" action=UpdateGroup::PATH novalidate
                    on:submit=send_checked(action, form, |args: &UpdateGroup| args.input.validate().map(drop))>
                    <input type="hidden" name="id" value=group.id.to_string() />
                    <button type="submit" class="button" disabled=move || form.pending() aria-label=label(t.cat_save_group)>
                        {t.save}
                    </button>
                </form>
                {move || form.failure().map(|error| view! { <ErrorNotice error /> })}
            </td>
        </tr>
    }
}

#[component]
fn AddGroupForm(on_added: Callback<()>) -> impl IntoView {
    let t = use_i18n().t();
    let action = ServerAction::<CreateGroup>::new();
    let form = FormState::new(action, "group-new");
    let element = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_))) {
            if let Some(element) = element.get_untracked() {
                element.reset();
            }
            on_added.run(());
        }
    });
    let blank = GroupInput::blank();
    view! {
        <form id=form.id() node_ref=element class="stack client-form catalog-add" method="post" action=CreateGroup::PATH novalidate
            aria-labelledby="group-new-heading"
            on:submit=send_checked(action, form, |args: &CreateGroup| args.input.validate().map(drop))>
            <h3 id="group-new-heading">{t.cat_new_group}</h3>
            <div class="form-grid">
                {text_field(form, "name_fa", t.cat_col_name_fa, blank.name_fa, Look::Persian)}
                {text_field(form, "name_en", t.cat_col_name_en, blank.name_en, Look::English)}
                {hinted_field(form, "sort_order", t.cat_col_sort_order, blank.sort_order, Look::Number, t.cat_sort_order_hint)}
            </div>
            {form_actions(form, t.cat_add_group, None)}
        </form>
    }
}

/// Products, addons or domain extensions: a table with an edit link per item.
#[component]
fn ItemSection(catalog: Catalog, kind: ItemKind) -> impl IntoView {
    let t = use_i18n().t();
    let (heading, add_label, heading_id) = match kind {
        ItemKind::Product => (t.cat_products_heading, t.cat_add_product, "cat-products"),
        ItemKind::Addon => (t.cat_addons_heading, t.cat_add_addon, "cat-addons"),
        ItemKind::Domain => (t.cat_extensions_heading, t.cat_add_extension, "cat-extensions"),
    };
    view! {
        <section class="catalog-section" aria-labelledby=heading_id>
            <div class="catalog-section-heading">
                <h2 id=heading_id>{heading}</h2>
                <A href=format!("/admin/products/new/{}", kind.code()) attr:class="button primary">
                    <span aria-hidden="true">"+ "</span>{add_label}
                </A>
            </div>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match catalog.await {
                        Ok(c) => match kind {
                            ItemKind::Product => products_table(c.products, &c.groups),
                            ItemKind::Addon => addons_table(c.addons),
                            ItemKind::Domain => extensions_table(c.extensions),
                        },
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn products_table(products: Vec<ProductRow>, groups: &[GroupRow]) -> AnyView {
    let i18n = use_i18n();
    let t = i18n.t();
    if products.is_empty() {
        return view! { <p class="muted">{t.cat_products_empty}</p> }.into_any();
    }
    let group_name = |id: i64| {
        groups
            .iter()
            .find(|g| g.id == id)
            .map(|g| local_name(i18n.0, &g.name_fa, &g.name_en).to_owned())
            .unwrap_or_default()
    };
    let rows = products
        .into_iter()
        .map(|p| {
            let name = local_name(i18n.0, &p.name_fa, &p.name_en).to_owned();
            let group = group_name(p.group_id);
            view! {
                <tr>
                    <td>{name.clone()}</td>
                    <td>{group}</td>
                    <td>{p.kind.label(t)}</td>
                    <td><ActiveBadge active=p.active /></td>
                    <td class="num">{format_number(p.prices, i18n.0)}</td>
                    <td><EditLink kind=ItemKind::Product id=p.id name /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable heads=[t.col_name, t.cat_col_group, t.col_kind, t.col_status, t.cat_col_prices, t.col_actions]>{rows}</DataTable>
    }
    .into_any()
}

fn addons_table(addons: Vec<AddonRow>) -> AnyView {
    let i18n = use_i18n();
    let t = i18n.t();
    if addons.is_empty() {
        return view! { <p class="muted">{t.cat_addons_empty}</p> }.into_any();
    }
    let rows = addons
        .into_iter()
        .map(|a| {
            let name = local_name(i18n.0, &a.name_fa, &a.name_en).to_owned();
            view! {
                <tr>
                    <td>{name.clone()}</td>
                    <td><ActiveBadge active=a.active /></td>
                    <td class="num">{format_number(a.prices, i18n.0)}</td>
                    <td><EditLink kind=ItemKind::Addon id=a.id name /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable heads=[t.col_name, t.col_status, t.cat_col_prices, t.col_actions]>{rows}</DataTable>
    }
    .into_any()
}

fn extensions_table(extensions: Vec<ExtensionRow>) -> AnyView {
    let i18n = use_i18n();
    let t = i18n.t();
    if extensions.is_empty() {
        return view! { <p class="muted">{t.cat_extensions_empty}</p> }.into_any();
    }
    let rows = extensions
        .into_iter()
        .map(|d| {
            view! {
                <tr>
                    <td dir="ltr">{d.tld.clone()}</td>
                    <td><ActiveBadge active=d.active /></td>
                    <td class="num">{format_number(d.prices, i18n.0)}</td>
                    <td><EditLink kind=ItemKind::Domain id=d.id name=d.tld /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <DataTable heads=[t.cat_col_extension, t.col_status, t.cat_col_prices, t.col_actions]>{rows}</DataTable>
    }
    .into_any()
}

#[component]
fn ActiveBadge(active: bool) -> impl IntoView {
    view! { <StatusBadge status=Availability::of(active) /> }
}

/// "Edit", named after the item for screen readers ("Edit Linux hosting Starter").
#[component]
fn EditLink(kind: ItemKind, id: i64, name: String) -> impl IntoView {
    let t = use_i18n().t();
    view! { <A href=edit_path(kind, id) attr:aria-label=fill(t.cat_edit_item, &[("name", &name)])>{t.edit}</A> }
}

/// A change posted before hydration that the server refused, when the form it came from is
/// one of several rows: its problems, with the fields they were about.
#[component]
pub(super) fn PostedError(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let t = i18n.t();
    let text = match &error {
        AppError::Validation(errors) => {
            let problems = errors
                .iter()
                .map(|e| {
                    format!("{} {}", field_label(&e.field, t), super::input::problem_message(&e.field, e.problem, t))
                })
                .collect::<Vec<_>>()
                .join(" ");
            fill(t.cat_not_saved, &[("problems", &problems)])
        }
        other => other.message(i18n.0),
    };
    view! { <p class="notice error" role="alert">{text}</p> }
}

/// What a field of a catalog row form is called, followed by a colon.
fn field_label(field: &str, t: &Strings) -> String {
    let label = match field {
        "name_fa" => t.cat_col_name_fa,
        "name_en" => t.cat_col_name_en,
        "sort_order" => t.cat_col_sort_order,
        "currency" => t.field_currency,
        "term" => t.cat_col_term,
        "setup_fee" => t.cat_col_setup_fee,
        "price" => t.cat_col_price,
        "min_price" => t.cat_col_min_price,
        "max_price" => t.cat_col_max_price,
        other => return other.to_owned(),
    };
    fill(t.cat_field_colon, &[("field", label)])
}
