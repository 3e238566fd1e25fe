//! The client form's input and its validation. The same code runs in the browser, before
//! anything is sent, and on the server, which trusts nothing the browser says.

use crate::error::{FieldError, FieldProblem};
use crate::i18n::Locale;
pub use crate::values::text::{PASSWORD_MIN_CHARS, check_password};
use crate::values::text::{optional, required};
use crate::values::{EmailAddress, NationalId, PhoneNumber, ascii_digits, country};
use serde::{Deserialize, Serialize};

/// Currencies a client can be billed in; the first is the default for Persian resellers.
pub const CURRENCIES: [&str; 6] = ["IRR", "USD", "EUR", "AED", "TRY", "GBP"];

/// The form's two tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientTab {
    General,
    Address,
}

/// Whether the form creates a client (and so sets their password) or edits one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormMode {
    Create,
    Edit,
}

/// How a new client gets their portal password.
pub const PASSWORD_SET: &str = "set";
pub const PASSWORD_EMAIL_LINK: &str = "email_link";

/// What the form holds, as typed. Field names are the form's `name`s. Every field may be
/// missing from a post (the edit form has no password fields); missing means empty.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientInput {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub email: String,
    pub calling_code: String,
    pub phone: String,
    pub language: String,
    pub currency: String,
    pub national_id: String,
    pub password_mode: String,
    pub password: String,
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub state: String,
    pub postcode: String,
    pub country: String,
}

/// Shows every field but the password, so a form never logs a password.
impl std::fmt::Debug for ClientInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = f.debug_struct("ClientInput");
        for name in FIELDS {
            let value = if name == "password" && !self.password.is_empty() { "***" } else { self.field(name) };
            out.field(name, &value);
        }
        out.finish()
    }
}

/// Every field, in the order the form shows them.
pub const FIELDS: [&str; 17] = [
    "first_name",
    "last_name",
    "company",
    "email",
    "calling_code",
    "phone",
    "language",
    "currency",
    "national_id",
    "password_mode",
    "password",
    "address1",
    "address2",
    "city",
    "state",
    "postcode",
    "country",
];

impl ClientInput {
    /// An empty form with the reseller's language and its usual currency, country and
    /// calling code already chosen.
    pub fn blank(locale: Locale) -> Self {
        let persian = locale == Locale::Fa;
        Self {
            calling_code: if persian { "+98" } else { "+1" }.to_owned(),
            language: locale.code().to_owned(),
            currency: if persian { "IRR" } else { "USD" }.to_owned(),
            country: if persian { "IR" } else { "" }.to_owned(),
            password_mode: PASSWORD_EMAIL_LINK.to_owned(),
            ..Self::default()
        }
    }

    pub fn field(&self, name: &str) -> &str {
        match name {
            "first_name" => &self.first_name,
            "last_name" => &self.last_name,
            "company" => &self.company,
            "email" => &self.email,
            "calling_code" => &self.calling_code,
            "phone" => &self.phone,
            "language" => &self.language,
            "currency" => &self.currency,
            "national_id" => &self.national_id,
            "password_mode" => &self.password_mode,
            "password" => &self.password,
            "address1" => &self.address1,
            "address2" => &self.address2,
            "city" => &self.city,
            "state" => &self.state,
            "postcode" => &self.postcode,
            "country" => &self.country,
            _ => "",
        }
    }

    pub fn set_field(&mut self, name: &str, value: String) {
        let slot = match name {
            "first_name" => &mut self.first_name,
            "last_name" => &mut self.last_name,
            "company" => &mut self.company,
            "email" => &mut self.email,
            "calling_code" => &mut self.calling_code,
            "phone" => &mut self.phone,
            "language" => &mut self.language,
            "currency" => &mut self.currency,
            "national_id" => &mut self.national_id,
            "password_mode" => &mut self.password_mode,
            "password" => &mut self.password,
            "address1" => &mut self.address1,
            "address2" => &mut self.address2,
            "city" => &mut self.city,
            "state" => &mut self.state,
            "postcode" => &mut self.postcode,
            "country" => &mut self.country,
            _ => return,
        };
        *slot = value;
    }

    /// Parses every field, collecting every problem (in form order) rather than the first.
    pub fn validate(&self, mode: FormMode) -> Result<ValidClient, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), FieldProblem>| {
            if let Err(problem) = result {
                errors.push(FieldError { field: field.to_owned(), problem });
            }
        };
        let first_name = required(&self.first_name, 100);
        check("first_name", first_name.clone().map(drop));
        let last_name = required(&self.last_name, 100);
        check("last_name", last_name.clone().map(drop));
        let company = optional(&self.company, 150);
        check("company", company.clone().map(drop));
        let email = EmailAddress::parse(&self.email);
        check("email", email.clone().map(drop));
        let phone = PhoneNumber::parse(&self.calling_code, &self.phone);
        check("phone", phone.clone().map(drop));
        let language = Locale::from_code(self.language.trim()).ok_or(FieldProblem::InvalidChoice);
        check("language", language.map(drop));
        let currency = CURRENCIES.iter().find(|c| **c == self.currency.trim()).ok_or(FieldProblem::InvalidChoice);
        check("currency", currency.map(drop));
        let national_id = match self.national_id.trim() {
            "" => Ok(None),
            typed => NationalId::parse(typed).map(Some),
        };
        check("national_id", national_id.clone().map(drop));
        let password = match mode {
            FormMode::Edit => Ok(PasswordChoice::Keep),
            FormMode::Create => match self.password_mode.as_str() {
                PASSWORD_EMAIL_LINK => Ok(PasswordChoice::EmailLink),
                PASSWORD_SET => check_password(&self.password).map(|()| PasswordChoice::Set(self.password.clone())),
                _ => Err(FieldProblem::InvalidChoice),
            },
        };
        let password_field = if self.password_mode == PASSWORD_SET { "password" } else { "password_mode" };
        check(password_field, password.clone().map(drop));
        let address1 = required(&self.address1, 200);
        check("address1", address1.clone().map(drop));
        let address2 = optional(&self.address2, 200);
        check("address2", address2.clone().map(drop));
        let city = required(&self.city, 100);
        check("city", city.clone().map(drop));
        let state = required(&self.state, 100);
        check("state", state.clone().map(drop));
        let postcode = parse_postcode(&self.postcode);
        check("postcode", postcode.clone().map(drop));
        let country = match self.country.trim() {
            "" => Err(FieldProblem::Required),
            code => country::find(code).map(|c| c.code.to_owned()).ok_or(FieldProblem::InvalidChoice),
        };
        check("country", country.clone().map(drop));

        let (
            Ok(first_name),
            Ok(last_name),
            Ok(company),
            Ok(email),
            Ok(phone),
            Ok(language),
            Ok(currency),
            Ok(national_id),
            Ok(password),
            Ok(address1),
            Ok(address2),
            Ok(city),
            Ok(state),
            Ok(postcode),
            Ok(country),
        ) = (
            first_name,
            last_name,
            company,
            email,
            phone,
            language,
            currency,
            national_id,
            password,
            address1,
            address2,
            city,
            state,
            postcode,
            country,
        )
        else {
            return Err(errors);
        };
        Ok(ValidClient {
            first_name,
            last_name,
            company,
            email,
            phone,
            language,
            currency: currency.to_string(),
            national_id,
            password,
            address1,
            address2,
            city,
            state,
            postcode,
            country,
        })
    }
}

/// Which tab a field sits on.
pub fn tab_of(field: &str) -> ClientTab {
    match field {
        "address1" | "address2" | "city" | "state" | "postcode" | "country" => ClientTab::Address,
        _ => ClientTab::General,
    }
}

/// A new client's password: typed by the reseller, or set by the client from an emailed link.
#[derive(Clone, PartialEq, Eq)]
pub enum PasswordChoice {
    Set(String),
    EmailLink,
    /// Editing leaves the password alone.
    Keep,
}

impl std::fmt::Debug for PasswordChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PasswordChoice::Set(_) => "Set(***)",
            PasswordChoice::EmailLink => "EmailLink",
            PasswordChoice::Keep => "Keep",
        })
    }
}

/// A client form that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidClient {
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub email: EmailAddress,
    pub phone: PhoneNumber,
    pub language: Locale,
    pub currency: String,
    pub national_id: Option<NationalId>,
    pub password: PasswordChoice,
    pub address1: String,
    pub address2: Option<String>,
    pub city: String,
    pub state: String,
    pub postcode: String,
    pub country: String,
}

/// Letters, digits, spaces and dashes, 3 to 16 of them; Persian digits become ASCII.
fn parse_postcode(value: &str) -> Result<String, FieldProblem> {
    let value = ascii_digits(value.trim());
    if value.is_empty() {
        return Err(FieldProblem::Required);
    }
    let valid = (3..=16).contains(&value.chars().count())
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-');
    if valid { Ok(value.to_uppercase()) } else { Err(FieldProblem::InvalidPostcode) }
}

impl crate::ui::FormFields for ClientInput {
    fn field(&self, name: &str) -> &str {
        ClientInput::field(self, name)
    }

    fn set_field(&mut self, name: &str, value: String) {
        ClientInput::set_field(self, name, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> ClientInput {
        ClientInput {
            first_name: " Sara ".into(),
            last_name: "Ahmadi".into(),
            email: "Sara@Example.com".into(),
            phone: "0912 123 4567".into(),
            national_id: "۰۰۸۴۵۷۵۹۴۸".into(),
            address1: "Valiasr St. 12".into(),
            city: "Tehran".into(),
            state: "Tehran".into(),
            postcode: "۱۹۶۶۷۳۳۶۱۱".into(),
            ..ClientInput::blank(Locale::Fa)
        }
    }

    fn problems(input: &ClientInput, mode: FormMode) -> Vec<(String, FieldProblem)> {
        match input.validate(mode) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| (e.field, e.problem)).collect(),
        }
    }

    #[test]
    fn a_filled_form_parses_into_domain_types() {
        let valid = filled().validate(FormMode::Create).unwrap();
        assert_eq!(valid.first_name, "Sara");
        assert_eq!(valid.email.as_str(), "sara@example.com");
        assert_eq!(valid.phone.as_str(), "+989121234567");
        assert_eq!(valid.national_id.unwrap().as_str(), "0084575948");
        assert_eq!(valid.postcode, "1966733611");
        assert_eq!(valid.country, "IR");
        assert_eq!(valid.password, PasswordChoice::EmailLink);
        assert_eq!(valid.company, None);
    }

    #[test]
    fn an_empty_form_names_every_required_field_in_form_order() {
        let got =
            problems(&ClientInput { password_mode: PASSWORD_SET.into(), ..ClientInput::default() }, FormMode::Create);
        let fields: Vec<&str> = got.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "first_name",
                "last_name",
                "email",
                "phone",
                "language",
                "currency",
                "password",
                "address1",
                "city",
                "state",
                "postcode",
                "country"
            ]
        );
        assert_eq!(tab_of(fields[0]), ClientTab::General);
        assert_eq!(tab_of("postcode"), ClientTab::Address);
    }

    #[test]
    fn each_rule_reports_its_own_problem() {
        let cases: [(&str, &str, FieldProblem); 9] = [
            ("email", "not-an-email", FieldProblem::InvalidEmail),
            ("phone", "12", FieldProblem::InvalidPhone),
            ("national_id", "0084575949", FieldProblem::InvalidNationalId),
            ("country", "XX", FieldProblem::InvalidChoice),
            ("currency", "BTC", FieldProblem::InvalidChoice),
            ("language", "de", FieldProblem::InvalidChoice),
            ("postcode", "12", FieldProblem::InvalidPostcode),
            ("first_name", &"x".repeat(101), FieldProblem::TooLong),
            ("company", &"x".repeat(151), FieldProblem::TooLong),
        ];
        for (field, value, problem) in cases {
            let mut input = filled();
            input.set_field(field, value.to_owned());
            assert_eq!(problems(&input, FormMode::Create), [(field.to_owned(), problem)], "{field} = {value:?}");
        }
    }

    #[test]
    fn a_typed_password_must_be_long_enough_and_editing_ignores_it() {
        let mut input = filled();
        input.password_mode = PASSWORD_SET.into();
        input.password = "short".into();
        assert_eq!(problems(&input, FormMode::Create), [("password".to_owned(), FieldProblem::TooShort)]);
        assert!(problems(&input, FormMode::Edit).is_empty());
        input.password = "long enough pass".into();
        assert_eq!(input.validate(FormMode::Create).unwrap().password, PasswordChoice::Set("long enough pass".into()));
    }

    #[test]
    fn fields_round_trip_by_name() {
        let mut input = ClientInput::default();
        for (i, name) in FIELDS.iter().enumerate() {
            input.set_field(name, format!("v{i}"));
        }
        for (i, name) in FIELDS.iter().enumerate() {
            assert_eq!(input.field(name), format!("v{i}"));
        }
    }
}
