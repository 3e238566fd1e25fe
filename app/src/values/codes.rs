//! Closed sets of codes (statuses, cycles, kinds, audit actions…), declared once each with
//! [`codes!`]: the enum, its stored code, its label in both languages, serde under the code,
//! and on the server a SeaORM string column, so that entities, DTOs and services compare
//! variants and never string literals.

use crate::i18n::Strings;
use std::fmt::Debug;
use std::hash::Hash;

/// A closed set of codes, each stored and sent as a short ASCII string.
pub trait Code: Copy + Eq + Hash + Debug + Send + Sync + 'static {
    /// Every code, in declaration order (the order lists and filters show them in).
    const EVERY: &'static [Self];
    /// The code as stored in the database and sent over the wire.
    fn code(self) -> &'static str;
    /// The variant stored as `code`, if any.
    fn parse(code: &str) -> Option<Self> {
        Self::EVERY.iter().copied().find(|known| known.code() == code)
    }
}

/// A code with a name in the UI language.
pub trait Labelled: Code {
    fn label(self, t: &Strings) -> &'static str;
}

/// Declares a closed set of codes:
///
/// ```text
/// codes! {
///     /// What an invoice is waiting for.
///     pub enum InvoiceStatus {
///         Draft = "draft" => status_draft,
///         Unpaid = "unpaid" => status_unpaid,
///     }
/// }
/// ```
///
/// Each variant names its stored code and, for sets shown to users, the string key of its
/// label (every variant then has one). It derives `Clone, Copy, Debug, PartialEq, Eq, Hash`,
/// serde under the code, `Display` as the code, [`Code`] (and [`Labelled`] with labels), the
/// inherent `ALL`, `code`, `parse` (and `label`), and with `ssr` SeaORM's `DeriveActiveEnum`
/// as a text column holding the code. Further derives go in attributes above the enum.
#[macro_export]
macro_rules! codes {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal => $label:ident),+ $(,)?
        }
    ) => {
        $crate::codes! { @enum $(#[$meta])* $vis enum $name { $($(#[$vmeta])* $variant = $code),+ } }

        impl $name {
            /// This code's name in the UI language.
            pub fn label(self, t: &$crate::i18n::Strings) -> &'static str {
                match self {
                    $($name::$variant => t.$label,)+
                }
            }
        }

        impl $crate::values::Labelled for $name {
            fn label(self, t: &$crate::i18n::Strings) -> &'static str {
                $name::label(self, t)
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)?
        }
    ) => {
        $crate::codes! { @enum $(#[$meta])* $vis enum $name { $($(#[$vmeta])* $variant = $code),+ } }
    };
    (
        @enum $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal),+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
        $vis enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $code)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $code))]
                $variant,
            )+
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$($name::$variant),+];

            /// The code as stored and sent.
            pub const fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The variant stored as `code`, if any.
            pub fn parse(code: &str) -> Option<Self> {
                <Self as $crate::values::Code>::parse(code)
            }
        }

        impl $crate::values::Code for $name {
            const EVERY: &'static [Self] = &$name::ALL;

            fn code(self) -> &'static str {
                $name::code(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::{Code, Labelled};
    use crate::i18n::{Locale, Strings};

    codes! {
        /// A set for the tests.
        enum Fruit {
            Apple = "apple" => status_active,
            /// A variant with a code of two words.
            BloodOrange = "blood_orange" => status_closed,
        }
    }

    codes! {
        enum Bare {
            One = "one",
        }
    }

    fn strings() -> &'static Strings {
        Locale::En.strings()
    }

    #[test]
    fn every_code_round_trips_through_parse_serde_and_display() {
        for fruit in Fruit::ALL.iter().copied() {
            assert_eq!(Fruit::parse(fruit.code()), Some(fruit));
            assert_eq!(fruit.to_string(), fruit.code());
            let json = serde_json::to_string(&fruit).unwrap();
            assert_eq!(json, format!("\"{}\"", fruit.code()));
            assert_eq!(serde_json::from_str::<Fruit>(&json).unwrap(), fruit);
        }
        assert_eq!(Fruit::BloodOrange.code(), "blood_orange");
        assert_eq!(Bare::parse("one"), Some(Bare::One));
        assert_eq!(<Bare as Code>::EVERY, &[Bare::One]);
    }

    #[test]
    fn an_unknown_code_is_refused() {
        assert_eq!(Fruit::parse("Apple"), None);
        assert_eq!(Fruit::parse(""), None);
        assert!(serde_json::from_str::<Fruit>("\"pear\"").is_err());
    }

    #[test]
    fn labels_come_from_the_named_strings() {
        let t = strings();
        assert_eq!(Fruit::Apple.label(t), t.status_active);
        assert_eq!(Labelled::label(Fruit::BloodOrange, t), t.status_closed);
    }

    /// Every variant of `T` has a code of its own, which parses back to it.
    fn check_set<T: Code>() {
        let mut seen = std::collections::HashSet::new();
        for &variant in T::EVERY {
            assert!(seen.insert(variant.code()), "{variant:?}: code {:?} used twice", variant.code());
            assert_eq!(T::parse(variant.code()), Some(variant));
            assert!(
                !variant.code().is_empty()
                    && variant.code().bytes().all(|b| b.is_ascii_lowercase() || b"_.".contains(&b))
            );
        }
        assert_eq!(T::parse("Not-A-Code"), None);
    }

    #[test]
    fn every_set_gives_each_variant_its_own_code() {
        use crate::{audit, auth, catalog, clients, i18n, invoices, mail, orders, tickets, ui, values};
        check_set::<values::BillingCycle>();
        check_set::<values::DomainOperation>();
        check_set::<values::ResellerStatus>();
        check_set::<values::OutboxStatus>();
        check_set::<audit::AuditAction>();
        check_set::<audit::ActorKind>();
        check_set::<audit::TargetKind>();
        check_set::<auth::Area>();
        check_set::<catalog::ItemKind>();
        check_set::<catalog::ProductKind>();
        check_set::<clients::ClientStatus>();
        check_set::<clients::ClientSort>();
        check_set::<clients::SortDirection>();
        check_set::<clients::records::RecordTab>();
        check_set::<i18n::Locale>();
        check_set::<invoices::InvoiceStatus>();
        check_set::<invoices::PaymentMethod>();
        check_set::<invoices::InvoiceMark>();
        check_set::<mail::Template>();
        check_set::<orders::PlacedBy>();
        check_set::<orders::plan::Step>();
        check_set::<orders::manage::OrderAction>();
        check_set::<orders::manage::OrderStatus>();
        check_set::<orders::manage::ServiceStatus>();
        check_set::<orders::manage::DomainStatus>();
        check_set::<orders::manage::RegistrationKind>();
        check_set::<tickets::TicketStatus>();
        check_set::<tickets::Priority>();
        check_set::<tickets::Author>();
        check_set::<tickets::TicketChange>();
        check_set::<ui::Availability>();
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_database_holds_the_code() {
        use sea_orm::ActiveEnum;
        assert_eq!(Fruit::BloodOrange.to_value(), "blood_orange");
        assert_eq!(Fruit::try_from_value(&"apple".to_owned()).unwrap(), Fruit::Apple);
        assert!(Fruit::try_from_value(&"pear".to_owned()).is_err());
    }
}
