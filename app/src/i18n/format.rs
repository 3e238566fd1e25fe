//! Dates and numbers as each language writes them.

use super::{JalaliDate, Locale};

const PERSIAN_DIGITS: [char; 10] = ['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹'];

const PERSIAN_MONTHS: [&str; 12] = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
];

const ENGLISH_MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Writes ASCII digits as Persian digits in `fa`; leaves other text alone.
pub fn localize_digits(text: &str, locale: Locale) -> String {
    match locale {
        Locale::En => text.to_owned(),
        Locale::Fa => text
            .chars()
            .map(|c| c.to_digit(10).map_or(c, |d| PERSIAN_DIGITS[d as usize]))
            .collect(),
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
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    if n < 0 {
        grouped.insert(0, '-');
    }
    localize_digits(&grouped, locale)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

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
