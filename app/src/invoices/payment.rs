//! The Add payment form and its rules, run on the server (and usable in the browser: nothing
//! here needs the database).

use super::status::PaymentMethod;
use crate::error::{FieldError, FieldProblem};
use crate::values::money::parse_amount;
use serde::{Deserialize, Serialize};
use time::Date;

/// A reference longer than this is refused: bank and card references are far shorter.
pub const MAX_REFERENCE_CHARS: usize = 100;

/// The form as typed. Amounts are in the reseller's display unit (Toman when they show Rial
/// amounts in Toman); the date is what `<input type=date>` sends (`YYYY-MM-DD`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentInput {
    pub paid_on: String,
    pub method: String,
    #[serde(default)]
    pub reference: String,
    pub amount: String,
    /// Empty means no fee.
    #[serde(default)]
    pub fee: String,
    /// Whether the form showed Rial amounts as Toman; a form drawn before the reseller changed
    /// that setting is refused rather than read ten times off.
    #[serde(default)]
    pub toman: Option<bool>,
}

/// A payment that passed every rule; amounts in minor units of the invoice's currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidPayment {
    pub paid_on: Date,
    pub method: PaymentMethod,
    pub reference: String,
    pub amount: i64,
    pub fee: i64,
}

impl PaymentInput {
    /// Checks every field against an invoice in `currency` that still owes `balance`: a date
    /// no later than `latest_today`, one of the methods, an amount above zero and at most the
    /// balance, and a fee from zero up to the amount.
    pub fn validate(
        &self,
        currency: &str,
        toman: bool,
        balance: i64,
        latest_today: Date,
    ) -> Result<ValidPayment, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut refuse =
            |field: &str, problem: FieldProblem| errors.push(FieldError { field: field.to_owned(), problem });

        // A browser sends an empty value for a date it cannot read, so both say "required".
        let paid_on = match parse_iso_date(self.paid_on.trim()) {
            None => {
                refuse("paid_on", FieldProblem::Required);
                None
            }
            Some(date) if date > latest_today => {
                refuse("paid_on", FieldProblem::OutOfRange);
                None
            }
            Some(date) => Some(date),
        };
        let method = PaymentMethod::parse(self.method.trim());
        if method.is_none() {
            refuse("method", FieldProblem::InvalidChoice);
        }
        let reference = self.reference.split_whitespace().collect::<Vec<_>>().join(" ");
        if reference.chars().count() > MAX_REFERENCE_CHARS {
            refuse("reference", FieldProblem::TooLong);
        }
        let amount = match parse_amount(&self.amount, currency, toman) {
            Ok(amount) if amount > 0 && amount <= balance => Some(amount),
            Ok(_) => {
                refuse("amount", FieldProblem::OutOfRange);
                None
            }
            Err(problem) => {
                refuse("amount", problem);
                None
            }
        };
        let fee = if self.fee.trim().is_empty() { Ok(0) } else { parse_amount(&self.fee, currency, toman) };
        let fee = match fee {
            // Against the amount only when the amount itself is valid.
            Ok(fee) if amount.is_none_or(|amount| fee <= amount) => Some(fee),
            Ok(_) => {
                refuse("fee", FieldProblem::OutOfRange);
                None
            }
            Err(problem) => {
                refuse("fee", problem);
                None
            }
        };
        match (paid_on, method, amount, fee) {
            (Some(paid_on), Some(method), Some(amount), Some(fee)) if errors.is_empty() => {
                Ok(ValidPayment { paid_on, method, reference, amount, fee })
            }
            _ => Err(errors),
        }
    }
}

/// Reads `YYYY-MM-DD`, as `<input type=date>` sends it.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let mut parts = text.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// The value `<input type=date>` wants for `date`.
pub fn iso_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 27);

    fn input(paid_on: &str, amount: &str, fee: &str) -> PaymentInput {
        PaymentInput {
            paid_on: paid_on.into(),
            method: "bank_transfer".into(),
            reference: " TX  42 ".into(),
            amount: amount.into(),
            fee: fee.into(),
            toman: None,
        }
    }

    fn problems(result: Result<ValidPayment, Vec<FieldError>>) -> Vec<(String, FieldProblem)> {
        result.err().unwrap_or_default().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_valid_payment_in_toman_is_stored_in_rial() {
        let valid = input("2026-11-27", "۱۲۰٬۰۰۰", "1500").validate("IRR", true, 2_000_000, TODAY).unwrap();
        let expected = ValidPayment {
            paid_on: TODAY,
            method: PaymentMethod::BankTransfer,
            reference: "TX 42".into(),
            amount: 1_200_000,
            fee: 15_000,
        };
        assert_eq!(valid, expected, "Toman typed, Rial stored; the reference's spaces collapsed");
        let no_fee = input("2026-11-01", "12.50", "").validate("USD", false, 1_250, TODAY).unwrap();
        assert_eq!((no_fee.amount, no_fee.fee), (1_250, 0));
    }

    #[test]
    fn the_amount_is_above_zero_and_at_most_the_balance() {
        assert_eq!(
            problems(input("2026-11-27", "0", "").validate("USD", false, 1_000, TODAY)),
            [("amount".into(), FieldProblem::OutOfRange)]
        );
        assert_eq!(
            problems(input("2026-11-27", "10.01", "").validate("USD", false, 1_000, TODAY)),
            [("amount".into(), FieldProblem::OutOfRange)]
        );
        assert_eq!(
            problems(input("2026-11-27", "", "").validate("USD", false, 1_000, TODAY)),
            [("amount".into(), FieldProblem::Required)]
        );
        assert_eq!(
            problems(input("2026-11-27", "ten", "").validate("USD", false, 1_000, TODAY)),
            [("amount".into(), FieldProblem::InvalidAmount)]
        );
        assert!(input("2026-11-27", "10.00", "").validate("USD", false, 1_000, TODAY).is_ok(), "exactly the balance");
    }

    #[test]
    fn the_fee_is_at_most_the_amount() {
        assert_eq!(
            problems(input("2026-11-27", "5", "5.01").validate("USD", false, 1_000, TODAY)),
            [("fee".into(), FieldProblem::OutOfRange)]
        );
        assert_eq!(
            problems(input("2026-11-27", "5", "-1").validate("USD", false, 1_000, TODAY)),
            [("fee".into(), FieldProblem::InvalidAmount)]
        );
        assert!(input("2026-11-27", "5", "5").validate("USD", false, 1_000, TODAY).is_ok());
    }

    #[test]
    fn the_date_is_not_in_the_future_and_the_method_is_known() {
        let bad = PaymentInput { method: "cheque".into(), ..input("2026-11-28", "1", "") };
        assert_eq!(
            problems(bad.validate("USD", false, 1_000, TODAY)),
            [("paid_on".into(), FieldProblem::OutOfRange), ("method".into(), FieldProblem::InvalidChoice)]
        );
        assert_eq!(
            problems(input("", "1", "").validate("USD", false, 1_000, TODAY)),
            [("paid_on".into(), FieldProblem::Required)]
        );
        assert_eq!(
            problems(input("27/11/2026", "1", "").validate("USD", false, 1_000, TODAY)),
            [("paid_on".into(), FieldProblem::Required)]
        );
        let long = PaymentInput { reference: "x".repeat(MAX_REFERENCE_CHARS + 1), ..input("2026-11-27", "1", "") };
        assert_eq!(problems(long.validate("USD", false, 1_000, TODAY)), [("reference".into(), FieldProblem::TooLong)]);
    }

    #[test]
    fn iso_dates_round_trip() {
        assert_eq!(parse_iso_date("2026-02-28"), Some(date!(2026 - 02 - 28)));
        assert_eq!(parse_iso_date("2026-02-30"), None);
        assert_eq!(parse_iso_date("2026-2-3"), None);
        assert_eq!(parse_iso_date("+2026-02-03"), None);
        assert_eq!(iso_date(date!(0999 - 01 - 05)), "0999-01-05");
        assert_eq!(parse_iso_date(&iso_date(TODAY)), Some(TODAY));
    }
}
