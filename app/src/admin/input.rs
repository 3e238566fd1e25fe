//! The provider's reseller form and its rules, run in the browser and again on the server.

use crate::error::{FieldError, FieldProblem};
use crate::i18n::Locale;
use crate::values::text::required;
use crate::values::{EmailAddress, ResellerStatus};
use serde::{Deserialize, Serialize};

/// The form as typed. Checkboxes post `true` when ticked and nothing otherwise. `Debug`
/// leaves the password out.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerInput {
    pub brand_name: String,
    pub slug: String,
    pub contact_name: String,
    pub email: String,
    /// Required when creating; when editing, empty keeps the current one.
    #[serde(default)]
    pub password: String,
    pub default_language: String,
    pub primary_color: String,
    pub support_email: String,
    pub status: String,
    #[serde(default)]
    pub allow_login_as_client: bool,
    #[serde(default)]
    pub allow_place_order: bool,
    #[serde(default)]
    pub allow_delete_clients: bool,
    #[serde(default)]
    pub allow_portal_payments: bool,
    #[serde(default)]
    pub allow_portal_tickets: bool,
    #[serde(default)]
    pub show_toman: bool,
}

impl std::fmt::Debug for ResellerInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResellerInput")
            .field("brand_name", &self.brand_name)
            .field("slug", &self.slug)
            .field("email", &self.email)
            .field("password", &if self.password.is_empty() { "" } else { "***" })
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl ResellerInput {
    /// A new reseller: Persian, active, with every permission.
    pub fn blank() -> Self {
        Self {
            default_language: "fa".into(),
            primary_color: "#4338ca".into(),
            status: ResellerStatus::Active.code().into(),
            allow_login_as_client: true,
            allow_place_order: true,
            allow_delete_clients: true,
            allow_portal_payments: true,
            allow_portal_tickets: true,
            ..Self::default()
        }
    }

    pub fn validate(&self, creating: bool) -> Result<ValidReseller, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), FieldProblem>| {
            if let Err(problem) = result {
                errors.push(FieldError { field: field.to_owned(), problem });
            }
        };
        let brand_name = required(&self.brand_name, 100);
        check("brand_name", brand_name.clone().map(drop));
        let slug = parse_slug(&self.slug);
        check("slug", slug.clone().map(drop));
        let contact_name = required(&self.contact_name, 100);
        check("contact_name", contact_name.clone().map(drop));
        let email = EmailAddress::parse(&self.email);
        check("email", email.clone().map(drop));
        let password = match (creating, self.password.is_empty()) {
            (false, true) => Ok(None),
            _ => crate::values::text::check_password(&self.password).map(|()| Some(self.password.clone())),
        };
        check("password", password.clone().map(drop));
        let language = Locale::from_code(self.default_language.trim()).ok_or(FieldProblem::InvalidChoice);
        check("default_language", language.map(drop));
        let color = parse_color(&self.primary_color);
        check("primary_color", color.clone().map(drop));
        let support_email = EmailAddress::parse(&self.support_email);
        check("support_email", support_email.clone().map(drop));
        let status = ResellerStatus::parse(&self.status).ok_or(FieldProblem::InvalidChoice);
        check("status", status.map(drop));
        let (
            Ok(brand_name),
            Ok(slug),
            Ok(contact_name),
            Ok(email),
            Ok(password),
            Ok(default_language),
            Ok(primary_color),
            Ok(support_email),
            Ok(status),
        ) = (brand_name, slug, contact_name, email, password, language, color, support_email, status)
        else {
            return Err(errors);
        };
        Ok(ValidReseller {
            brand_name,
            slug,
            contact_name,
            email,
            password,
            default_language,
            primary_color,
            support_email,
            status,
            permissions: crate::reseller::Permissions {
                login_as_client: self.allow_login_as_client,
                place_order: self.allow_place_order,
                delete_clients: self.allow_delete_clients,
                portal_payments: self.allow_portal_payments,
                portal_tickets: self.allow_portal_tickets,
            },
            show_toman: self.show_toman,
        })
    }
}

/// A reseller form that passed every rule.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidReseller {
    pub brand_name: String,
    pub slug: String,
    pub contact_name: String,
    pub email: EmailAddress,
    /// `None`: keep the current password.
    pub password: Option<String>,
    pub default_language: Locale,
    pub primary_color: String,
    pub support_email: EmailAddress,
    pub status: ResellerStatus,
    pub permissions: crate::reseller::Permissions,
    pub show_toman: bool,
}

impl std::fmt::Debug for ValidReseller {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidReseller")
            .field("slug", &self.slug)
            .field("email", &self.email)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

/// The portal's address part: 3 to 63 lower-case letters, digits and inner dashes.
fn parse_slug(value: &str) -> Result<String, FieldProblem> {
    let slug = value.trim().to_ascii_lowercase();
    if slug.is_empty() {
        return Err(FieldProblem::Required);
    }
    let valid = (3..=63).contains(&slug.len())
        && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if valid { Ok(slug) } else { Err(FieldProblem::InvalidSlug) }
}

/// `#rrggbb`, lower-cased.
fn parse_color(value: &str) -> Result<String, FieldProblem> {
    let color = value.trim().to_ascii_lowercase();
    let valid = color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if valid { Ok(color) } else { Err(FieldProblem::InvalidColor) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> ResellerInput {
        ResellerInput {
            brand_name: "Cloud Nine".into(),
            slug: "Cloud-9".into(),
            contact_name: "Nina Cloud".into(),
            email: "nina@cloud9.example.com".into(),
            password: "a long password".into(),
            support_email: "help@cloud9.example.com".into(),
            primary_color: "#0F766E".into(),
            ..ResellerInput::blank()
        }
    }

    fn problems(input: &ResellerInput, creating: bool) -> Vec<(String, FieldProblem)> {
        input.validate(creating).err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_filled_form_is_normalised() {
        let valid = filled().validate(true).unwrap();
        assert_eq!(valid.slug, "cloud-9");
        assert_eq!(valid.primary_color, "#0f766e");
        assert_eq!(valid.status, ResellerStatus::Active);
        assert!(valid.permissions.delete_clients);
        assert_eq!(valid.password.as_deref(), Some("a long password"));
    }

    #[test]
    fn each_rule_reports_its_field() {
        type Case = (fn(&mut ResellerInput), &'static str, FieldProblem);
        let cases: [Case; 7] = [
            (|i| i.slug = "-bad-".into(), "slug", FieldProblem::InvalidSlug),
            (|i| i.slug = "پارس".into(), "slug", FieldProblem::InvalidSlug),
            (|i| i.primary_color = "teal".into(), "primary_color", FieldProblem::InvalidColor),
            (|i| i.email = "nope".into(), "email", FieldProblem::InvalidEmail),
            (|i| i.password = "short".into(), "password", FieldProblem::TooShort),
            (|i| i.status = "deleted".into(), "status", FieldProblem::InvalidChoice),
            (|i| i.brand_name = " ".into(), "brand_name", FieldProblem::Required),
        ];
        for (change, field, problem) in cases {
            let mut input = filled();
            change(&mut input);
            assert_eq!(problems(&input, true), [(field.to_owned(), problem)]);
        }
    }

    #[test]
    fn editing_may_leave_the_password_empty() {
        let input = ResellerInput { password: String::new(), ..filled() };
        assert_eq!(problems(&input, true), [("password".to_owned(), FieldProblem::Required)]);
        assert_eq!(input.validate(false).unwrap().password, None);
    }
}
