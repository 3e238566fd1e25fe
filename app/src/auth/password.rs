//! Staff (the provider's admins and resellers) change their own password, and the three
//! password fields every "change password" form shows, the portal's too.
//!
//! The change checks the current password, keeps the session that asked and ends every other
//! session of the account: whoever held the old password is out at once (for a reseller, their
//! Login as client sessions too).

use super::Area;
use crate::error::{AppError, FieldProblem};
use crate::i18n::use_i18n;
use crate::ui::ErrorNotice;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Changes the signed-in admin's or reseller's password. `area` says which session asks; the
/// portal has its own form (`portal/account/password`).
#[server(endpoint = "account/password")]
pub async fn change_own_password(
    area: Area,
    current: String,
    password: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::state::RequestContext;
    crate::error::respond(
        async {
            let ctx = RequestContext::current()?;
            if area == Area::Portal {
                return Err(AppError::NotFound);
            }
            let active = super::require_session(&ctx, area, None).await?;
            let change = service::PasswordChange { current: &current, password: &password, confirm: &confirm };
            let ip = ctx.client_ip();
            service::change_staff_password(&ctx.state.db, &active, change, ip.as_deref()).await?;
            if crate::error::is_plain_form_post() {
                leptos_axum::redirect(&format!("{}/settings?password_changed=1#own-password", area.home_path(None)));
            }
            Ok(())
        }
        .await,
    )
}

#[cfg(feature = "ssr")]
pub mod service {
    use crate::audit::{ActorKind, AuditAction, TargetKind};
    use crate::auth::service::{SessionsOf, end_sessions_of, hash_password, rate_limit, verify_password};
    use crate::auth::{ActiveSession, Subject};
    use crate::entities::{admin_user, reseller};
    use crate::error::{AppError, FieldError, FieldProblem};
    use crate::values::text::check_password;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set, DatabaseConnection, EntityTrait};

    /// Password changes one account (staff or client) may try per window before the form
    /// refuses: a stolen session cannot guess the current password at speed.
    pub const CHANGE_ATTEMPTS: i32 = 10;
    pub const CHANGE_WINDOW_SECS: i64 = 15 * 60;

    /// What a "change password" form sends.
    pub struct PasswordChange<'a> {
        pub current: &'a str,
        pub password: &'a str,
        pub confirm: &'a str,
    }

    fn field(field: &str, problem: FieldProblem) -> AppError {
        AppError::Validation(vec![FieldError { field: field.to_owned(), problem }])
    }

    /// The form's own rules: a current password, a new one the password rules accept, and the
    /// same new one twice.
    pub fn check_change(change: &PasswordChange<'_>) -> Result<(), AppError> {
        if change.current.is_empty() {
            return Err(field("current", FieldProblem::Required));
        }
        check_password(change.password).map_err(|problem| field("password", problem))?;
        if change.password != change.confirm {
            return Err(field("confirm", FieldProblem::PasswordMismatch));
        }
        Ok(())
    }

    /// Changes the password of the admin or reseller `active` belongs to, after checking the
    /// current one, and ends every other session of theirs. A reseller's change is audited.
    pub async fn change_staff_password(
        db: &DatabaseConnection,
        active: &ActiveSession,
        change: PasswordChange<'_>,
        ip: Option<&str>,
    ) -> Result<(), AppError> {
        let (area, id, stored) = match &active.subject {
            Subject::Admin(a) => (crate::auth::Area::Admin, a.id, a.password_hash.clone()),
            Subject::Reseller(r) => (crate::auth::Area::Reseller, r.id, r.password_hash.clone()),
            Subject::Client(_) => return Err(AppError::NotFound),
        };
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        rate_limit(db, &format!("change-password:{}:{id}", area.code()), CHANGE_ATTEMPTS, now, CHANGE_WINDOW_SECS)
            .await?;
        check_change(&change)?;
        if !verify_password(stored, change.current.to_owned()).await? {
            // Shown next to the field as "the current password is not correct".
            return Err(field("current", FieldProblem::ConfirmationMismatch));
        }
        let hash = hash_password(change.password.to_owned()).await?;
        let txn = crate::db::begin_write(db).await?;
        match area {
            crate::auth::Area::Admin => {
                let found = admin_user::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::Unauthorized)?;
                let mut model: admin_user::ActiveModel = found.into();
                model.password_hash = Set(hash);
                model.update(&txn).await?;
            }
            _ => {
                let found = reseller::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::Unauthorized)?;
                let detail = format!("{} <{}>", found.contact_name, found.email);
                let mut model: reseller::ActiveModel = found.into();
                model.password_hash = Set(hash);
                model.update(&txn).await?;
                let entry = crate::audit::AuditEntry {
                    reseller_id: id,
                    actor_kind: ActorKind::Reseller,
                    actor_id: id,
                    action: AuditAction::ResellerPasswordChanged,
                    target_kind: TargetKind::Reseller,
                    target_id: id,
                    detail,
                    ip,
                };
                crate::audit::record(&txn, entry).await?;
            }
        }
        end_sessions_of(&txn, SessionsOf { area, subject_id: id }, Some(active.session.id)).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// The current, new and repeated password fields, each with the message `error` has for it.
/// `id` prefixes the fields' ids, so two forms never share one.
#[component]
pub fn PasswordFields(#[prop(into)] error: Signal<Option<AppError>>, id: &'static str) -> impl IntoView {
    let t = use_i18n().t();
    let problem = move |name: &'static str| move || error.get().and_then(|e| e.field_problem(name));
    // The current password's only refusal is "not correct".
    let current_problem = move || {
        problem("current")()
            .map(|p| if p == FieldProblem::Required { p.message(t) } else { t.ph_wrong_current_password })
    };
    let ids = |part: &str| format!("{id}-{part}");
    view! {
        <div class="field">
            <label for=ids("current")>{t.ph_current_password}</label>
            <input id=ids("current") type="password" name="current" autocomplete="current-password" required dir="ltr"
                aria-describedby=ids("current-error") aria-invalid=move || current_problem().is_some().to_string() />
            <p id=ids("current-error") class="form-error">{current_problem}</p>
        </div>
        <div class="field">
            <label for=ids("new")>{t.new_password}</label>
            <input id=ids("new") type="password" name="password" autocomplete="new-password" required dir="ltr"
                aria-describedby=format!("{} {}", ids("new-hint"), ids("new-error")) aria-invalid=move || problem("password")().is_some().to_string() />
            <p id=ids("new-hint") class="muted small">{t.field_password_hint}</p>
            <p id=ids("new-error") class="form-error">{move || problem("password")().map(|p| p.message(t))}</p>
        </div>
        <div class="field">
            <label for=ids("confirm")>{t.confirm_password}</label>
            <input id=ids("confirm") type="password" name="confirm" autocomplete="new-password" required dir="ltr"
                aria-describedby=ids("confirm-error") aria-invalid=move || problem("confirm")().is_some().to_string() />
            <p id=ids("confirm-error") class="form-error">{move || problem("confirm")().map(|p| p.message(t))}</p>
        </div>
        {move || error.get().filter(|e| !matches!(e, AppError::Validation(_))).map(|error| view! { <ErrorNotice error /> })}
    }
}

/// The settings page's "Change password" section for the admin or reseller signed in to `area`.
#[component]
pub fn OwnPasswordSection(area: Area) -> impl IntoView {
    let t = use_i18n().t();
    let query = use_query_map();
    let change = ServerAction::<ChangeOwnPassword>::new();
    let error = Signal::derive(move || change.value().get().and_then(Result::err));
    let done = move || {
        matches!(change.value().get(), Some(Ok(())))
            || (change.value().get().is_none() && query.read().get("password_changed").is_some())
    };
    view! {
        <section class="settings-section" id="own-password" aria-labelledby="own-password-heading">
            <h2 id="own-password-heading">{t.ph_change_password}</h2>
            <p class="muted">{t.ph_change_password_intro}</p>
            <ActionForm action=change attr:class="stack narrow-form">
                <input type="hidden" name="area" value=area.code() />
                <PasswordFields error id="own-password" />
                <div class="actions">
                    <button type="submit" class="button primary" disabled=move || change.pending().get()>{t.ph_change_password_button}</button>
                    {move || done().then(|| view! { <p class="form-saved" role="status">{t.ph_password_changed}</p> })}
                </div>
            </ActionForm>
        </section>
    }
}
