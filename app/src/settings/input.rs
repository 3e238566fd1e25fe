//! The reseller's branding form, host names and logo, and their rules. The same code runs in
//! the browser, before anything is sent, and on the server, which trusts nothing the browser
//! says.

use crate::error::{FieldError, FieldProblem};
use crate::i18n::Locale;
use crate::values::EmailAddress;
use serde::{Deserialize, Serialize};

/// How the portal shows Rial amounts.
pub const DISPLAY_RIAL: &str = "rial";
pub const DISPLAY_TOMAN: &str = "toman";

pub const BRAND_NAME_MAX_CHARS: usize = 100;
pub const PAY_TO_MAX_CHARS: usize = 1000;
pub const BANK_TRANSFER_MAX_CHARS: usize = 2000;

/// The largest logo accepted, in bytes.
pub const LOGO_MAX_BYTES: usize = 256 * 1024;

/// The branding form as typed. Field names are the form's `name`s; missing means empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BrandSettingsInput {
    pub brand_name: String,
    pub primary_color: String,
    pub support_email: String,
    pub default_language: String,
    /// [`DISPLAY_RIAL`] or [`DISPLAY_TOMAN`].
    pub amounts_in: String,
    pub pay_to_text: String,
    pub bank_transfer_text: String,
}

/// Every field, in the order the form shows them.
pub const FIELDS: [&str; 7] = [
    "brand_name",
    "primary_color",
    "support_email",
    "default_language",
    "amounts_in",
    "pay_to_text",
    "bank_transfer_text",
];

impl BrandSettingsInput {
    pub fn field(&self, name: &str) -> &str {
        match name {
            "brand_name" => &self.brand_name,
            "primary_color" => &self.primary_color,
            "support_email" => &self.support_email,
            "default_language" => &self.default_language,
            "amounts_in" => &self.amounts_in,
            "pay_to_text" => &self.pay_to_text,
            "bank_transfer_text" => &self.bank_transfer_text,
            _ => "",
        }
    }

    pub fn set_field(&mut self, name: &str, value: String) {
        let slot = match name {
            "brand_name" => &mut self.brand_name,
            "primary_color" => &mut self.primary_color,
            "support_email" => &mut self.support_email,
            "default_language" => &mut self.default_language,
            "amounts_in" => &mut self.amounts_in,
            "pay_to_text" => &mut self.pay_to_text,
            "bank_transfer_text" => &mut self.bank_transfer_text,
            _ => return,
        };
        *slot = value;
    }

    /// Parses every field, collecting every problem (in form order) rather than the first.
    pub fn validate(&self) -> Result<BrandSettings, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = |field: &str, result: Result<(), FieldProblem>| {
            if let Err(problem) = result {
                errors.push(FieldError { field: field.to_owned(), problem });
            }
        };
        let brand_name = crate::values::text::required(&self.brand_name, BRAND_NAME_MAX_CHARS);
        check("brand_name", brand_name.clone().map(drop));
        let primary_color = parse_color(&self.primary_color);
        check("primary_color", primary_color.clone().map(drop));
        let support_email = EmailAddress::parse(&self.support_email);
        check("support_email", support_email.clone().map(drop));
        let language = Locale::from_code(self.default_language.trim())
            .filter(|l| l.code() == self.default_language.trim())
            .ok_or(FieldProblem::InvalidChoice);
        check("default_language", language.map(drop));
        let show_toman = match self.amounts_in.trim() {
            DISPLAY_RIAL => Ok(false),
            DISPLAY_TOMAN => Ok(true),
            _ => Err(FieldProblem::InvalidChoice),
        };
        check("amounts_in", show_toman.map(drop));
        let pay_to_text = multiline(&self.pay_to_text, PAY_TO_MAX_CHARS);
        check("pay_to_text", pay_to_text.clone().map(drop));
        let bank_transfer_text = multiline(&self.bank_transfer_text, BANK_TRANSFER_MAX_CHARS);
        check("bank_transfer_text", bank_transfer_text.clone().map(drop));

        let (
            Ok(brand_name),
            Ok(primary_color),
            Ok(support_email),
            Ok(default_language),
            Ok(show_toman),
            Ok(pay_to_text),
            Ok(bank_transfer_text),
        ) = (brand_name, primary_color, support_email, language, show_toman, pay_to_text, bank_transfer_text)
        else {
            return Err(errors);
        };
        Ok(BrandSettings {
            brand_name,
            primary_color,
            support_email,
            default_language,
            show_toman,
            pay_to_text,
            bank_transfer_text,
        })
    }
}

/// A branding form that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrandSettings {
    pub brand_name: String,
    /// `#rrggbb`, lower-case.
    pub primary_color: String,
    pub support_email: EmailAddress,
    pub default_language: Locale,
    pub show_toman: bool,
    /// May be empty; line breaks kept.
    pub pay_to_text: String,
    pub bank_transfer_text: String,
}

/// `#rrggbb`, lower-cased.
pub fn parse_color(value: &str) -> Result<String, FieldProblem> {
    let color = value.trim().to_ascii_lowercase();
    if color.is_empty() {
        return Err(FieldProblem::Required);
    }
    let valid = color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if valid { Ok(color) } else { Err(FieldProblem::InvalidColor) }
}

/// A free text of several lines: trimmed, Windows line ends made plain, at most `max_chars`.
fn multiline(value: &str, max_chars: usize) -> Result<String, FieldProblem> {
    let text = value.replace("\r\n", "\n").trim().to_owned();
    if text.chars().count() > max_chars { Err(FieldProblem::TooLong) } else { Ok(text) }
}

/// A host name that may serve a portal: lower-cased, without scheme, port or path, in DNS
/// syntax (labels of 1 to 63 of `a-z 0-9 -`, not starting or ending with `-`, at most 253
/// characters, at least two labels). An IP address is not a host name: no top-level domain is
/// all digits.
pub fn parse_host(value: &str) -> Result<String, FieldProblem> {
    let host = value.trim().to_ascii_lowercase();
    if host.is_empty() {
        return Err(FieldProblem::Required);
    }
    let label_ok = |label: &str| {
        (1..=63).contains(&label.len())
            && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    let numeric_tld = host.rsplit('.').next().is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()));
    let valid = host.len() <= 253 && host.contains('.') && host.split('.').all(label_ok) && !numeric_tld;
    if valid { Ok(host) } else { Err(FieldProblem::InvalidDomain) }
}

/// The field errors of the host form.
pub fn host_error(problem: FieldProblem) -> Vec<FieldError> {
    vec![FieldError { field: "host".to_owned(), problem }]
}

/// The type of an uploaded logo, read from its first bytes (never from the name or the
/// browser's claim): PNG, JPEG or WebP, at most [`LOGO_MAX_BYTES`].
pub fn logo_content_type(bytes: &[u8]) -> Result<&'static str, FieldProblem> {
    if bytes.is_empty() {
        return Err(FieldProblem::Required);
    }
    if bytes.len() > LOGO_MAX_BYTES {
        return Err(FieldProblem::TooLong);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Ok("image/jpeg")
    } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Ok("image/webp")
    } else {
        Err(FieldProblem::InvalidChoice)
    }
}

/// What a refused logo is called in the settings page's address (`?logo_error=`), so the page
/// can say why after a plain form post.
pub fn logo_error_code(problem: FieldProblem) -> &'static str {
    match problem {
        FieldProblem::Required => "missing",
        FieldProblem::TooLong => "size",
        _ => "type",
    }
}

impl crate::ui::FormFields for BrandSettingsInput {
    fn field(&self, name: &str) -> &str {
        BrandSettingsInput::field(self, name)
    }

    fn set_field(&mut self, name: &str, value: String) {
        BrandSettingsInput::set_field(self, name, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> BrandSettingsInput {
        BrandSettingsInput {
            brand_name: "  Pars  Web ".into(),
            primary_color: "#0F766E".into(),
            support_email: "Help@ParsWeb.example.com".into(),
            default_language: "fa".into(),
            amounts_in: DISPLAY_TOMAN.into(),
            pay_to_text: " Pars Web Ltd.\r\nTehran ".into(),
            bank_transfer_text: String::new(),
        }
    }

    fn problems(input: &BrandSettingsInput) -> Vec<(String, FieldProblem)> {
        input.validate().err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_filled_form_is_normalised() {
        let valid = filled().validate().unwrap();
        assert_eq!(valid.brand_name, "Pars Web");
        assert_eq!(valid.primary_color, "#0f766e");
        assert_eq!(valid.support_email.as_str(), "help@parsweb.example.com");
        assert_eq!(valid.default_language, Locale::Fa);
        assert!(valid.show_toman);
        assert_eq!(valid.pay_to_text, "Pars Web Ltd.\nTehran");
        assert_eq!(valid.bank_transfer_text, "");
    }

    #[test]
    fn each_rule_reports_its_field() {
        let cases: [(&str, String, FieldProblem); 9] = [
            ("brand_name", " ".into(), FieldProblem::Required),
            ("brand_name", "x".repeat(101), FieldProblem::TooLong),
            ("primary_color", "teal".into(), FieldProblem::InvalidColor),
            ("support_email", "nope".into(), FieldProblem::InvalidEmail),
            ("default_language", "de".into(), FieldProblem::InvalidChoice),
            ("default_language", "fa-IR".into(), FieldProblem::InvalidChoice),
            ("amounts_in", "dollars".into(), FieldProblem::InvalidChoice),
            ("pay_to_text", "x".repeat(1001), FieldProblem::TooLong),
            ("bank_transfer_text", "x".repeat(2001), FieldProblem::TooLong),
        ];
        for (field, value, problem) in cases {
            let mut input = filled();
            input.set_field(field, value.clone());
            assert_eq!(problems(&input), [(field.to_owned(), problem)], "{field} = {value:?}");
        }
    }

    #[test]
    fn hosts_follow_dns_syntax() {
        assert_eq!(parse_host(" Portal.Example.COM ").unwrap(), "portal.example.com");
        assert_eq!(parse_host("a-1.b2.ir").unwrap(), "a-1.b2.ir");
        let label = "a".repeat(63);
        assert!(parse_host(&format!("{label}.ir")).is_ok());
        assert_eq!(parse_host(""), Err(FieldProblem::Required));
        for bad in [
            "https://portal.example.com",
            "portal.example.com:8080",
            "portal.example.com/x",
            "localhost",
            "-a.example.com",
            "a-.example.com",
            "a..example.com",
            "پرتال.ایران",
            "a_b.example.com",
            "portal.example.com.",
            "10.0.0.5",
            "127.0.0.1",
            &format!("{}.ir", "a".repeat(64)),
            &format!("{}ir", "abcdefghi.".repeat(26)),
        ] {
            assert_eq!(parse_host(bad), Err(FieldProblem::InvalidDomain), "{bad:?}");
        }
    }

    #[test]
    fn logos_are_typed_by_their_bytes() {
        assert_eq!(logo_content_type(b"\x89PNG\r\n\x1a\n...."), Ok("image/png"));
        assert_eq!(logo_content_type(&[0xff, 0xd8, 0xff, 0xe0, 0, 0]), Ok("image/jpeg"));
        assert_eq!(logo_content_type(b"RIFF\x10\0\0\0WEBPVP8 "), Ok("image/webp"));
        assert_eq!(logo_content_type(b"GIF89a...."), Err(FieldProblem::InvalidChoice));
        assert_eq!(logo_content_type(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), Err(FieldProblem::InvalidChoice));
        assert_eq!(logo_content_type(b""), Err(FieldProblem::Required));
        let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
        big.resize(LOGO_MAX_BYTES + 1, 0);
        assert_eq!(logo_content_type(&big), Err(FieldProblem::TooLong));
        big.truncate(LOGO_MAX_BYTES);
        assert_eq!(logo_content_type(&big), Ok("image/png"));
    }
}
