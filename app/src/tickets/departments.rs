//! The reseller's ticket departments: add, rename, deactivate and activate again. Never
//! deleted, so old tickets keep their department. Plain forms, so it works before hydration.

use super::{AddDepartment, Department, RenameDepartment, SetDepartmentActive, list_departments};
use crate::error::AppError;
use crate::escape::PageTitle;
use crate::i18n::{fill, use_i18n};
use crate::ui::{Availability, ErrorNotice, Loading, StatusBadge};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn DepartmentsPage() -> impl IntoView {
    let t = use_i18n().t();
    let add = ServerAction::<AddDepartment>::new();
    let rename = ServerAction::<RenameDepartment>::new();
    let toggle = ServerAction::<SetDepartmentActive>::new();
    // The department whose rename was sent last, so its error shows beside its own field.
    let renamed = RwSignal::new(None::<i64>);
    Effect::new(move |_| {
        if let Some(input) = rename.input().get() {
            renamed.set(Some(input.id));
        }
    });
    // The list reloads after each change that went through (or was refused for a reason other
    // than the name), never after a name's field error, so what was typed stays.
    let revision = RwSignal::new(0_u32);
    let reload_after = move |result: Option<Result<(), AppError>>| {
        if result.is_some_and(|r| !matches!(r, Err(AppError::Validation(_)))) {
            revision.update(|n| *n += 1);
        }
    };
    Effect::new(move |_| reload_after(add.value().get().map(|r| r.map(|_| ()))));
    Effect::new(move |_| reload_after(rename.value().get()));
    Effect::new(move |_| reload_after(toggle.value().get()));
    let departments = crate::ui::resource(move || revision.get(), |_| list_departments());
    // A department added leaves the field empty for the next one.
    let new_name = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if add.value().get().is_some_and(|r| r.is_ok())
            && let Some(input) = new_name.get()
        {
            input.set_value("");
        }
    });
    let add_problem = move || add.value().get().and_then(Result::err).and_then(|e| e.field_problem("name"));
    let other_error = move || {
        [add.value().get().map(|r| r.map(|_| ())), rename.value().get(), toggle.value().get()]
            .into_iter()
            .flatten()
            .filter_map(Result::err)
            .find(|e| !matches!(e, AppError::Validation(_)))
    };
    view! {
        <PageTitle text=t.tk_departments_title />
        <p><A href="/reseller/tickets" exact=true>{t.tk_back}</A></p>
        <h1>{t.tk_departments_title}</h1>
        <p class="muted">{t.tk_departments_intro}</p>
        {move || other_error().map(|error| view! { <ErrorNotice error /> })}
        <ActionForm action=add attr:class="inline-form department-add" attr:aria-label=t.tk_add_department>
            <div class="field">
                <label for="department-new">{t.tk_field_name}</label>
                <input id="department-new" node_ref=new_name type="text" name="name" required maxlength=super::input::MAX_DEPARTMENT_CHARS.to_string()
                    aria-invalid=move || add_problem().is_some().to_string() aria-describedby="department-new-error" />
                <p id="department-new-error" class="form-error">{move || add_problem().map(|p| p.message(t))}</p>
            </div>
            <button type="submit" class="button primary" disabled=move || add.pending().get()>{t.tk_add_department}</button>
        </ActionForm>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match departments.await {
                    Ok(list) if list.is_empty() => view! { <p class="notice" role="status">{t.tk_no_departments_yet}</p> }.into_any(),
                    Ok(list) => view! { <DepartmentTable list rename toggle renamed /> }.into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn DepartmentTable(
    list: Vec<Department>,
    rename: ServerAction<RenameDepartment>,
    toggle: ServerAction<SetDepartmentActive>,
    renamed: RwSignal<Option<i64>>,
) -> impl IntoView {
    let t = use_i18n().t();
    let rename_problem = move |id: i64| {
        move || {
            (renamed.get() == Some(id))
                .then(|| rename.value().get().and_then(Result::err).and_then(|e| e.field_problem("name")))
                .flatten()
        }
    };
    view! {
        <table class="data departments">
            <thead>
                <tr>
                    <th scope="col">{t.col_name}</th>
                    <th scope="col">{t.col_status}</th>
                    <th scope="col">{t.col_actions}</th>
                </tr>
            </thead>
            <tbody>
                {list.into_iter().map(|d| {
                    let id = d.id;
                    let field_id = format!("department-{id}-name");
                    let error_id = format!("department-{id}-error");
                    let problem = rename_problem(id);
                    let toggle_label = if d.active { fill(t.tk_deactivate_named, &[("name", &d.name)]) } else { fill(t.tk_activate_named, &[("name", &d.name)]) };
                    view! {
                        <tr>
                            <th scope="row">{d.name.clone()}</th>
                            <td><StatusBadge status=Availability::of(d.active) /></td>
                            <td class="department-actions">
                                <ActionForm action=rename attr:class="inline-form">
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <input id=field_id type="text" name="name" required value=d.name.clone()
                                        aria-label=fill(t.tk_rename_named, &[("name", &d.name)])
                                        maxlength=super::input::MAX_DEPARTMENT_CHARS.to_string()
                                        aria-invalid=move || problem().is_some().to_string() aria-describedby=error_id.clone() />
                                    <button type="submit" class="button">{t.tk_rename}</button>
                                    <p id=error_id class="form-error">{move || problem().map(|p| p.message(t))}</p>
                                </ActionForm>
                                <ActionForm action=toggle attr:class="inline-form">
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <input type="hidden" name="active" value=(!d.active).to_string() />
                                    <button type="submit" class="button" aria-label=toggle_label>
                                        {if d.active { t.tk_deactivate } else { t.tk_activate }}
                                    </button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
