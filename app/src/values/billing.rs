//! Billing cycles and domain operations, as WHMCS names them so resellers and their tools
//! recognise them.

use crate::i18n::Strings;
use serde::{Deserialize, Serialize};

/// How often a service or addon is billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BillingCycle {
    Free,
    Onetime,
    Monthly,
    Quarterly,
    Semiannually,
    Annually,
    Biennially,
    Triennially,
}

impl BillingCycle {
    pub const ALL: [BillingCycle; 8] = [
        BillingCycle::Free,
        BillingCycle::Onetime,
        BillingCycle::Monthly,
        BillingCycle::Quarterly,
        BillingCycle::Semiannually,
        BillingCycle::Annually,
        BillingCycle::Biennially,
        BillingCycle::Triennially,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BillingCycle::Free => "free",
            BillingCycle::Onetime => "onetime",
            BillingCycle::Monthly => "monthly",
            BillingCycle::Quarterly => "quarterly",
            BillingCycle::Semiannually => "semiannually",
            BillingCycle::Annually => "annually",
            BillingCycle::Biennially => "biennially",
            BillingCycle::Triennially => "triennially",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|cycle| cycle.code() == code)
    }

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

    pub fn label(self, t: &Strings) -> &'static str {
        match self {
            BillingCycle::Free => t.cycle_free,
            BillingCycle::Onetime => t.cycle_onetime,
            BillingCycle::Monthly => t.cycle_monthly,
            BillingCycle::Quarterly => t.cycle_quarterly,
            BillingCycle::Semiannually => t.cycle_semiannually,
            BillingCycle::Annually => t.cycle_annually,
            BillingCycle::Biennially => t.cycle_biennially,
            BillingCycle::Triennially => t.cycle_triennially,
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

/// What is done with a domain name; domain prices are per year of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DomainOperation {
    Register,
    Transfer,
    Renew,
}

impl DomainOperation {
    pub const ALL: [DomainOperation; 3] =
        [DomainOperation::Register, DomainOperation::Transfer, DomainOperation::Renew];

    pub fn code(self) -> &'static str {
        match self {
            DomainOperation::Register => "register",
            DomainOperation::Transfer => "transfer",
            DomainOperation::Renew => "renew",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.code() == code)
    }

    pub fn label(self, t: &Strings) -> &'static str {
        match self {
            DomainOperation::Register => t.domain_register,
            DomainOperation::Transfer => t.domain_transfer,
            DomainOperation::Renew => t.domain_renew,
        }
    }
}

/// Domain periods a registration or transfer can run for.
pub const DOMAIN_YEARS: std::ops::RangeInclusive<u8> = 1..=10;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn codes_round_trip() {
        for cycle in BillingCycle::ALL {
            assert_eq!(BillingCycle::parse(cycle.code()), Some(cycle));
        }
        for op in DomainOperation::ALL {
            assert_eq!(DomainOperation::parse(op.code()), Some(op));
        }
        assert_eq!(BillingCycle::parse("weekly"), None);
    }

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
