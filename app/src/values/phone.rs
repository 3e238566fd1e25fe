use super::digits::ascii_digits;
use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

/// A phone number in E.164 form (`+989121234567`): a plus, a country calling code and the
/// national number, 8 to 15 digits in all.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Parses a number typed beside a country calling code (`"98"`). A number that starts with
    /// `+` or `00` is already international and keeps its own code; otherwise one national
    /// trunk `0` is dropped and the calling code put in front. Persian digits, spaces, dots,
    /// dashes and parentheses are accepted.
    pub fn parse(calling_code: &str, number: &str) -> Result<Self, FieldProblem> {
        let cleaned: String =
            ascii_digits(number).chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{200c}')).collect();
        if cleaned.is_empty() {
            return Err(FieldProblem::Required);
        }
        let international = if let Some(rest) = cleaned.strip_prefix('+') {
            rest.to_owned()
        } else if let Some(rest) = cleaned.strip_prefix("00") {
            rest.to_owned()
        } else {
            let code = ascii_digits(calling_code).trim().trim_start_matches('+').to_owned();
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(FieldProblem::InvalidPhone);
            }
            format!("{code}{}", cleaned.strip_prefix('0').unwrap_or(&cleaned))
        };
        let valid = (8..=15).contains(&international.len())
            && international.chars().all(|c| c.is_ascii_digit())
            && !international.starts_with('0');
        if valid { Ok(Self(format!("+{international}"))) } else { Err(FieldProblem::InvalidPhone) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        // Stored values are E.164 already, so no calling code is needed to read them back.
        if value.starts_with('+') {
            Self::parse("", &value).map_err(|problem| format!("invalid phone number: {problem:?}"))
        } else {
            Err("a stored phone number must start with +".to_owned())
        }
    }
}

impl From<PhoneNumber> for String {
    fn from(value: PhoneNumber) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn local_and_international_forms_give_the_same_number() {
        for (code, number) in [
            ("98", "0912 123 4567"),
            ("98", "۰۹۱۲۱۲۳۴۵۶۷"),
            ("98", "+98 912 123 4567"),
            ("1", "0098-912-123-4567"),
            ("+98", "912.123.4567"),
        ] {
            assert_eq!(PhoneNumber::parse(code, number).unwrap().as_str(), "+989121234567", "{code} {number}");
        }
        assert_eq!(PhoneNumber::parse("1", "(415) 555-0134").unwrap().as_str(), "+14155550134");
    }

    #[test]
    fn refuses_what_is_not_a_phone_number() {
        for (code, number) in
            [("98", "abc"), ("98", "12"), ("98", "+0912345678"), ("98", "+1234567890123456"), ("x", "9121234567")]
        {
            assert_eq!(PhoneNumber::parse(code, number), Err(FieldProblem::InvalidPhone), "{code} {number}");
        }
        assert_eq!(PhoneNumber::parse("98", "  "), Err(FieldProblem::Required));
    }

    proptest! {
        #[test]
        // A 1-3 digit code and a 7-11 digit national number make 8 to 14 digits: always valid.
        fn parsing_its_own_output_changes_nothing(code in "[1-9][0-9]{0,2}", national in "[1-9][0-9]{6,10}") {
            let phone = PhoneNumber::parse(&code, &national);
            prop_assert!(phone.is_ok(), "{code} {national}: {phone:?}");
            let phone = phone.unwrap();
            prop_assert_eq!(phone.as_str(), format!("+{code}{national}"));
            prop_assert_eq!(PhoneNumber::parse("44", phone.as_str()).unwrap(), phone.clone());
            prop_assert_eq!(PhoneNumber::try_from(phone.as_str().to_owned()).unwrap(), phone);
        }
    }
}
