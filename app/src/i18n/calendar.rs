//! Solar Hijri (Jalali) calendar conversion.
//!
//! The arithmetic is the 33-year-cycle algorithm published by Roozbeh Pournader and Mohammad
//! Toossi (the one behind the widely used `jdf` and `jalaali` libraries). It agrees with the
//! official Iranian calendar for 1178–1633 SH (1799–2254 CE), far beyond any invoice date. A few
//! dozen integer operations keep it out of the WASM size budget that ICU4X's calendar data would
//! take.

use serde::{Deserialize, Serialize};

/// A day in the Solar Hijri calendar. Months are 1 (Farvardin) to 12 (Esfand).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct JalaliDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const GREGORIAN_DAYS_BEFORE_MONTH: [i32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

impl JalaliDate {
    /// Converts a Gregorian date.
    pub fn from_gregorian(date: time::Date) -> Self {
        let gy = date.year();
        let gm = i32::from(u8::from(date.month()));
        let gd = i32::from(date.day());
        let gy2 = if gm > 2 { gy + 1 } else { gy };
        let mut days = 355_666 + 365 * gy + (gy2 + 3) / 4 - (gy2 + 99) / 100
            + (gy2 + 399) / 400
            + gd
            + GREGORIAN_DAYS_BEFORE_MONTH[(gm - 1) as usize];
        let mut year = -1595 + 33 * (days / 12_053);
        days %= 12_053;
        year += 4 * (days / 1461);
        days %= 1461;
        if days > 365 {
            year += (days - 1) / 365;
            days = (days - 1) % 365;
        }
        let (month, day) =
            if days < 186 { (1 + days / 31, 1 + days % 31) } else { (7 + (days - 186) / 30, 1 + (days - 186) % 30) };
        Self { year, month: month as u8, day: day as u8 }
    }

    /// Converts back to the Gregorian calendar; `None` for a day that does not exist (such as
    /// 31 Mehr or 30 Esfand of a common year).
    pub fn to_gregorian(self) -> Option<time::Date> {
        if !(1..=12).contains(&self.month) || self.day == 0 || self.day > self.month_length() {
            return None;
        }
        let jy = self.year + 1595;
        let jm = i32::from(self.month);
        let jd = i32::from(self.day);
        let mut days = -355_668
            + 365 * jy
            + (jy / 33) * 8
            + ((jy % 33) + 3) / 4
            + jd
            + if jm < 7 { (jm - 1) * 31 } else { (jm - 7) * 30 + 186 };
        let mut gy = 400 * (days / 146_097);
        days %= 146_097;
        if days > 36_524 {
            days -= 1;
            gy += 100 * (days / 36_524);
            days %= 36_524;
            if days >= 365 {
                days += 1;
            }
        }
        gy += 4 * (days / 1461);
        days %= 1461;
        if days > 365 {
            gy += (days - 1) / 365;
            days = (days - 1) % 365;
        }
        let ordinal = u16::try_from(days + 1).ok()?;
        time::Date::from_ordinal_date(gy, ordinal).ok()
    }

    /// Whether the year has 30 days in Esfand: the day before the next Nowruz is its 30th.
    pub fn is_leap_year(year: i32) -> bool {
        JalaliDate { year: year + 1, month: 1, day: 1 }
            .to_gregorian()
            .and_then(|nowruz| nowruz.previous_day())
            .is_some_and(|last| JalaliDate::from_gregorian(last).day == 30)
    }

    pub fn month_length(self) -> u8 {
        match self.month {
            1..=6 => 31,
            7..=11 => 30,
            _ if Self::is_leap_year(self.year) => 30,
            _ => 29,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::{Date, Month, macros::date};

    fn jalali(year: i32, month: u8, day: u8) -> JalaliDate {
        JalaliDate { year, month, day }
    }

    #[test]
    fn known_dates() {
        // Nowruz of several years, and dates every Iranian recognises.
        let cases = [
            (date!(2026 - 11 - 27), jalali(1405, 9, 6)),
            (date!(2026 - 03 - 21), jalali(1405, 1, 1)),
            (date!(2025 - 03 - 21), jalali(1404, 1, 1)),
            (date!(2024 - 03 - 20), jalali(1403, 1, 1)),
            (date!(2024 - 03 - 19), jalali(1402, 12, 29)),
            (date!(2025 - 03 - 20), jalali(1403, 12, 30)),
            (date!(2016 - 03 - 20), jalali(1395, 1, 1)),
            (date!(2000 - 01 - 01), jalali(1378, 10, 11)),
            (date!(1979 - 02 - 11), jalali(1357, 11, 22)),
            (date!(2026 - 09 - 23), jalali(1405, 7, 1)),
        ];
        for (gregorian, expected) in cases {
            assert_eq!(JalaliDate::from_gregorian(gregorian), expected, "{gregorian}");
            assert_eq!(expected.to_gregorian(), Some(gregorian), "{expected:?}");
        }
    }

    #[test]
    fn leap_years() {
        assert!(JalaliDate::is_leap_year(1403));
        assert!(!JalaliDate::is_leap_year(1404));
        assert!(JalaliDate::is_leap_year(1399));
        assert_eq!(jalali(1404, 12, 30).to_gregorian(), None);
        assert_eq!(jalali(1405, 7, 31).to_gregorian(), None);
        assert_eq!(jalali(1405, 13, 1).to_gregorian(), None);
    }

    proptest! {
        #[test]
        fn round_trips_and_advances_one_day_at_a_time(offset in 0i64..200_000) {
            let day = Date::from_calendar_date(1800, Month::March, 22).unwrap() + time::Duration::days(offset);
            let j = JalaliDate::from_gregorian(day);
            prop_assert_eq!(j.to_gregorian(), Some(day));
            let next = JalaliDate::from_gregorian(day.next_day().unwrap());
            if j.day < j.month_length() {
                prop_assert_eq!(next, JalaliDate { day: j.day + 1, ..j });
            } else if j.month < 12 {
                prop_assert_eq!(next, JalaliDate { year: j.year, month: j.month + 1, day: 1 });
            } else {
                prop_assert_eq!(next, JalaliDate { year: j.year + 1, month: 1, day: 1 });
            }
        }
    }
}
