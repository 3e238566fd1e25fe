//! Billing cycles and domain operations, as WHMCS names them so resellers and their tools
//! recognise them.

crate::codes! {
    /// How often a service or addon is billed.
    #[derive(PartialOrd, Ord)]
    pub enum BillingCycle {
        Free = "free" => cycle_free,
        Onetime = "onetime" => cycle_onetime,
        Monthly = "monthly" => cycle_monthly,
        Quarterly = "quarterly" => cycle_quarterly,
        Semiannually = "semiannually" => cycle_semiannually,
        Annually = "annually" => cycle_annually,
        Biennially = "biennially" => cycle_biennially,
        Triennially = "triennially" => cycle_triennially,
    }
}

impl BillingCycle {
    /// Months between two invoices; `None` for what is billed once or never.
    pub fn months(self) -> Option<u8> {
        match self {
            BillingCycle::Free | BillingCycle::Onetime => None,
            BillingCycle::Monthly => Some(1),
            BillingCycle::Quarterly => Some(3),
            BillingCycle::Semiannually => Some(6),
            BillingCycle::Annually => Some(12),
            BillingCycle::Biennially => Some(24),
            BillingCycle::Triennially => Some(36),
        }
    }

    /// The date a service of this cycle started on `from` is next due; `None` for one-time
    /// and free services. Month ends clamp (31 Jan + 1 month = 28 or 29 Feb).
    pub fn next_due(self, from: time::Date) -> Option<time::Date> {
        let months = i32::from(self.months()?);
        let index = from.year() * 12 + i32::from(u8::from(from.month())) - 1 + months;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u8 + 1);
        let month = time::Month::try_from(month).ok()?;
        let day = from.day().min(month.length(year));
        time::Date::from_calendar_date(year, month, day).ok()
    }
}

crate::codes! {
    /// What is done with a domain name; domain prices are per year of each.
    pub enum DomainOperation {
        Register = "register" => domain_register,
        Transfer = "transfer" => domain_transfer,
        Renew = "renew" => domain_renew,
    }
}

/// Domain periods a registration or transfer can run for.
pub const DOMAIN_YEARS: std::ops::RangeInclusive<u8> = 1..=10;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn next_due_adds_the_cycle_and_clamps_month_ends() {
        assert_eq!(BillingCycle::Monthly.next_due(date!(2026 - 01 - 31)), Some(date!(2026 - 02 - 28)));
        assert_eq!(BillingCycle::Monthly.next_due(date!(2026 - 12 - 15)), Some(date!(2027 - 01 - 15)));
        assert_eq!(BillingCycle::Quarterly.next_due(date!(2026 - 11 - 30)), Some(date!(2027 - 02 - 28)));
        assert_eq!(BillingCycle::Biennially.next_due(date!(2028 - 02 - 29)), Some(date!(2030 - 02 - 28)));
        assert_eq!(BillingCycle::Annually.next_due(date!(2026 - 11 - 27)), Some(date!(2027 - 11 - 27)));
        assert_eq!(BillingCycle::Onetime.next_due(date!(2026 - 11 - 27)), None);
        assert_eq!(BillingCycle::Free.next_due(date!(2026 - 11 - 27)), None);
    }
}
