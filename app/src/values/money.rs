//! Money: an integer in minor units plus an ISO currency code, never a float. Iranian Rial has
//! no minor unit and is stored in Rial; a reseller may show and type it in Toman (10 Rial).

use super::ascii_digits;
use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

/// An amount in minor units of its currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    pub amount: i64,
    pub currency: String,
}

/// The largest amount a form accepts, in minor units: far above any real price, far below
/// where sums of a few thousand of them could overflow `i64`.
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// Digits after the decimal point when an amount is typed or shown in a form. The smallest
/// typed step is always one minor unit: a cent, a Rial, or a tenth of a Toman (which is a Rial).
fn decimal_places(currency: &str, toman: bool) -> u32 {
    match (currency, toman) {
        ("IRR", true) => 1,
        ("IRR", false) => 0,
        _ => 2,
    }
}

/// Parses what someone typed into an amount field: Persian or ASCII digits, optional group
/// separators (`,` `٬` and spaces) and a decimal point (`.` or `٫`) with at most as many
/// digits as the currency has (none for Rial, one for Toman, two otherwise).
pub fn parse_amount(input: &str, currency: &str, toman: bool) -> Result<i64, FieldProblem> {
    let text: String = ascii_digits(input.trim())
        .chars()
        .filter(|c| !matches!(c, ',' | '٬' | ' ' | '\u{200c}'))
        .map(|c| if c == '٫' { '.' } else { c })
        .collect();
    if text.is_empty() {
        return Err(FieldProblem::Required);
    }
    let places = decimal_places(currency, toman);
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let digits_only = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || !digits_only(whole)
        || !digits_only(fraction)
        || fraction.len() > places as usize
        || whole.len() > 18
    {
        return Err(FieldProblem::InvalidAmount);
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| FieldProblem::InvalidAmount)? };
    let fraction_value: i64 =
        if fraction.is_empty() { 0 } else { fraction.parse().map_err(|_| FieldProblem::InvalidAmount)? };
    let minor = whole
        .checked_mul(10_i64.pow(places))
        .and_then(|w| w.checked_add(fraction_value * 10_i64.pow(places - fraction.len() as u32)))
        .ok_or(FieldProblem::InvalidAmount)?;
    if minor > MAX_AMOUNT {
        return Err(FieldProblem::InvalidAmount);
    }
    Ok(minor)
}

/// The value to put back into an amount field: ASCII digits, no grouping, so
/// [`parse_amount`] reads it back unchanged.
pub fn amount_input_value(amount: i64, currency: &str, toman: bool) -> String {
    let places = decimal_places(currency, toman);
    let scale = 10_u64.pow(places);
    let sign = if amount < 0 { "-" } else { "" };
    let (whole, fraction) = (amount.unsigned_abs() / scale, amount.unsigned_abs() % scale);
    if places == 0 || (fraction == 0 && currency == "IRR") {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction:0width$}", width = places as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_typed_amounts() {
        assert_eq!(parse_amount("12.50", "USD", false), Ok(1250));
        assert_eq!(parse_amount("1,234", "USD", false), Ok(123_400));
        assert_eq!(parse_amount("0.5", "EUR", false), Ok(50));
        assert_eq!(parse_amount("۱۲۰٬۰۰۰", "IRR", false), Ok(120_000));
        assert_eq!(parse_amount("۱۲۰٬۰۰۰", "IRR", true), Ok(1_200_000));
        assert_eq!(parse_amount("12٫5", "IRR", true), Ok(125));
        assert_eq!(parse_amount(" 0 ", "USD", false), Ok(0));
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        assert_eq!(parse_amount("", "USD", false), Err(FieldProblem::Required));
        assert_eq!(parse_amount("-5", "USD", false), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_amount("1.234", "USD", false), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_amount("10.5", "IRR", false), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_amount("12.55", "IRR", true), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_amount("1e5", "USD", false), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_amount(".", "USD", false), Err(FieldProblem::InvalidAmount));
        assert_eq!(parse_amount("99999999999999999", "USD", false), Err(FieldProblem::InvalidAmount));
    }

    proptest! {
        #[test]
        fn input_values_read_back(amount in 0..MAX_AMOUNT, currency in prop::sample::select(vec!["IRR", "USD", "EUR"]), toman: bool) {
            prop_assert_eq!(parse_amount(&amount_input_value(amount, currency, toman), currency, toman), Ok(amount));
        }
    }
}
