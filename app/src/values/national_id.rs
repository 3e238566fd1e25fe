use super::digits::ascii_digits;
use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

/// An Iranian national ID (کد ملی): ten digits whose last one is a mod-11 check digit.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalId(String);

impl NationalId {
    /// Accepts Persian digits, spaces and dashes as people write it.
    pub fn parse(input: &str) -> Result<Self, FieldProblem> {
        let digits: String = ascii_digits(input).chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err(FieldProblem::Required);
        }
        let values: Vec<u32> =
            digits.chars().map(|c| c.to_digit(10)).collect::<Option<_>>().ok_or(FieldProblem::InvalidNationalId)?;
        if values.len() != 10 || values.iter().all(|d| *d == values[0]) {
            return Err(FieldProblem::InvalidNationalId);
        }
        let sum: u32 = values[..9].iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
        let remainder = sum % 11;
        let expected = if remainder < 2 { remainder } else { 11 - remainder };
        if values[9] == expected { Ok(Self(digits)) } else { Err(FieldProblem::InvalidNationalId) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NationalId {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|problem| format!("invalid national ID: {problem:?}"))
    }
}

impl From<NationalId> for String {
    fn from(value: NationalId) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_valid_ids_as_people_type_them() {
        for id in ["0013542419", "001-354241-9", "۰۰۱۳۵۴۲۴۱۹", "1234567891", "0499370899"] {
            assert!(NationalId::parse(id).is_ok(), "{id}");
        }
        assert_eq!(NationalId::parse("۰۰۱ ۳۵۴۲۴۱ ۹").unwrap().as_str(), "0013542419");
    }

    #[test]
    fn refuses_wrong_check_digits_lengths_and_repeated_digits() {
        for id in ["0013542418", "001354241", "00135424190", "1111111111", "abcdefghij"] {
            assert_eq!(NationalId::parse(id), Err(FieldProblem::InvalidNationalId), "{id}");
        }
        assert_eq!(NationalId::parse(" "), Err(FieldProblem::Required));
    }

    proptest! {
        /// Exactly one check digit completes any nine digits (unless all ten would repeat).
        #[test]
        fn exactly_one_check_digit_fits(body in "[0-9]{9}") {
            let valid: Vec<u32> = (0..10).filter(|d| NationalId::parse(&format!("{body}{d}")).is_ok()).collect();
            let all_same = body.chars().all(|c| c == body.chars().next().unwrap());
            prop_assert!(valid.len() == 1 || (all_same && valid.is_empty()), "{body}: {valid:?}");
        }
    }
}
