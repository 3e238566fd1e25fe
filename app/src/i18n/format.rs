//! Dates and numbers as each language writes them.

use super::{JalaliDate, Locale};

const PERSIAN_DIGITS: [char; 10] = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];

const PERSIAN_MONTHS: [&str; 12] =
    ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

const ENGLISH_MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Writes ASCII digits as Persian digits in `fa`; leaves other text alone.
pub fn localize_digits(text: &str, locale: Locale) -> String {
    match locale {
        Locale::En => text.to_owned(),
        Locale::Fa => text.chars().map(|c| c.to_digit(10).map_or(c, |d| PERSIAN_DIGITS[d as usize])).collect(),
    }
}

/// A calendar date: Solar Hijri with Persian digits in `fa` ("۶ آذر ۱۴۰۵"), Gregorian in
/// `en` ("27 Nov 2026").
pub fn format_date(date: time::Date, locale: Locale) -> String {
    match locale {
        Locale::Fa => {
            let j = JalaliDate::from_gregorian(date);
            let text = format!("{} {} {}", j.day, PERSIAN_MONTHS[usize::from(j.month) - 1], j.year);
            localize_digits(&text, locale)
        }
        Locale::En => {
            let month = ENGLISH_MONTHS[usize::from(u8::from(date.month())) - 1];
            format!("{} {month} {}", date.day(), date.year())
        }
    }
}

/// An integer with thousands separators: "1,234,567" or "۱٬۲۳۴٬۵۶۷".
pub fn format_number(n: i64, locale: Locale) -> String {
    let digits = n.unsigned_abs().to_string();
    let separator = match locale {
        Locale::Fa => '٬',
        Locale::En => ',',
    };
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    if n < 0 {
        grouped.insert(0, '-');
    }
    localize_digits(&grouped, locale)
}

/// Money held as an integer in minor units of `currency`. The Rial has no minor unit and is
/// shown in Rial or, when the reseller prefers it, in Toman (ten Rial); other currencies have
/// two decimals: "1,234.50 USD", "۱٬۲۳۴٫۵۰ USD", "۱۲۰٬۰۰۰ تومان".
pub fn format_money(amount: i64, currency: &str, locale: Locale, toman: bool) -> String {
    let t = locale.strings();
    let decimal = match locale {
        Locale::Fa => '٫',
        Locale::En => '.',
    };
    if currency == "IRR" {
        if !toman {
            return format!("{} {}", format_number(amount, locale), t.money_rial);
        }
        // A Toman is 10 Rial: an amount that is not a whole Toman keeps its tenth.
        let sign = if amount < 0 { "-" } else { "" };
        let whole = format_number((amount / 10).abs(), locale);
        return match (amount % 10).abs() {
            0 => format!("{sign}{whole} {}", t.money_toman),
            tenth => format!("{sign}{whole}{decimal}{} {}", localize_digits(&tenth.to_string(), locale), t.money_toman),
        };
    }
    let sign = if amount < 0 { "-" } else { "" };
    let whole = format_number((amount / 100).abs(), locale);
    let cents = localize_digits(&format!("{:02}", (amount % 100).abs()), locale);
    format!("{sign}{whole}{decimal}{cents} {currency}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn money_per_currency_and_locale() {
        assert_eq!(format_money(123_450, "USD", Locale::En, false), "1,234.50 USD");
        assert_eq!(format_money(-5, "EUR", Locale::En, false), "-0.05 EUR");
        assert_eq!(format_money(123_450, "USD", Locale::Fa, false), "۱٬۲۳۴٫۵۰ USD");
        assert_eq!(format_money(1_200_000, "IRR", Locale::Fa, false), "۱٬۲۰۰٬۰۰۰ ریال");
        assert_eq!(format_money(1_200_000, "IRR", Locale::Fa, true), "۱۲۰٬۰۰۰ تومان");
        assert_eq!(format_money(125, "IRR", Locale::Fa, true), "۱۲٫۵ تومان");
        assert_eq!(format_money(125, "IRR", Locale::En, true), "12.5 Toman");
        assert_eq!(format_money(1_200_000, "IRR", Locale::En, true), "120,000 Toman");
    }

    #[test]
    fn dates_per_locale() {
        assert_eq!(format_date(date!(2026 - 11 - 27), Locale::Fa), "۶ آذر ۱۴۰۵");
        assert_eq!(format_date(date!(2026 - 11 - 27), Locale::En), "27 Nov 2026");
        assert_eq!(format_date(date!(2025 - 03 - 20), Locale::Fa), "۳۰ اسفند ۱۴۰۳");
    }

    #[test]
    fn numbers_per_locale() {
        assert_eq!(format_number(1_234_567, Locale::En), "1,234,567");
        assert_eq!(format_number(1_234_567, Locale::Fa), "۱٬۲۳۴٬۵۶۷");
        assert_eq!(format_number(-1000, Locale::En), "-1,000");
        assert_eq!(format_number(999, Locale::En), "999");
        assert_eq!(format_number(0, Locale::Fa), "۰");
    }
}
