//! The provider's catalog and its prices: product groups, products, addons and domain
//! extensions, each priced per currency and term (a billing cycle, or a domain operation per
//! year) with the range a reseller may charge; and each reseller's own prices inside it.
//!
//! The range rules live here, in code both the browser and the server run.

use crate::error::{FieldError, FieldProblem};
use crate::i18n::Strings;
use crate::values::{BillingCycle, DomainOperation, money::parse_amount};
use serde::{Deserialize, Serialize};

pub mod admin;
pub mod prices;
#[cfg(feature = "ssr")]
pub mod service;

crate::codes! {
    /// What a price row prices.
    pub enum ItemKind {
        Product = "product",
        Addon = "addon",
        Domain = "domain",
    }
}

crate::codes! {
    /// Product types, as the provider files them.
    pub enum ProductKind {
        Hosting = "hosting" => cat_kind_hosting,
        Vps = "vps" => cat_kind_vps,
        License = "license" => cat_kind_license,
        Domain = "domain" => cat_kind_domain,
        Other = "other" => cat_kind_other,
    }
}

/// What a price is for: a billing cycle (products, addons) or a domain operation per year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PriceTerm {
    Cycle(BillingCycle),
    Domain(DomainOperation),
}

impl PriceTerm {
    pub fn code(self) -> &'static str {
        match self {
            PriceTerm::Cycle(cycle) => cycle.code(),
            PriceTerm::Domain(op) => op.code(),
        }
    }

    /// The term `code` means for an item of `kind`, if it is one.
    pub fn parse(kind: ItemKind, code: &str) -> Option<Self> {
        match kind {
            ItemKind::Product | ItemKind::Addon => BillingCycle::parse(code).map(PriceTerm::Cycle),
            ItemKind::Domain => DomainOperation::parse(code).map(PriceTerm::Domain),
        }
    }

    /// The terms an item of `kind` can be priced for, in display order.
    pub fn all_for(kind: ItemKind) -> Vec<PriceTerm> {
        match kind {
            ItemKind::Product | ItemKind::Addon => BillingCycle::ALL.into_iter().map(PriceTerm::Cycle).collect(),
            ItemKind::Domain => DomainOperation::ALL.into_iter().map(PriceTerm::Domain).collect(),
        }
    }

    pub fn label(self, t: &Strings) -> &'static str {
        match self {
            PriceTerm::Cycle(cycle) => cycle.label(t),
            PriceTerm::Domain(op) => op.label(t),
        }
    }
}

/// A provider's price as typed in the admin's form (amounts as text, in the currency's format).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogPriceInput {
    pub currency: String,
    pub term: String,
    pub setup_fee: String,
    pub price: String,
    pub min_price: String,
    pub max_price: String,
}

/// A provider's price, parsed and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CatalogPrice {
    pub term: PriceTerm,
    pub setup_fee: i64,
    pub price: i64,
    pub min_price: i64,
    pub max_price: i64,
}

impl CatalogPriceInput {
    /// Field names are the struct's; the list price must sit inside its own reseller range, and
    /// a free cycle costs nothing.
    pub fn validate(&self, kind: ItemKind) -> Result<(String, CatalogPrice), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut problem = |field: &str, problem: FieldProblem| {
            errors.push(FieldError { field: field.to_owned(), problem });
        };
        let currency = crate::clients::input::CURRENCIES.iter().find(|c| **c == self.currency.trim()).copied();
        if currency.is_none() {
            problem("currency", FieldProblem::InvalidChoice);
        }
        let term = PriceTerm::parse(kind, self.term.trim());
        if term.is_none() {
            problem("term", FieldProblem::InvalidChoice);
        }
        let code = currency.unwrap_or("USD");
        let mut amount = |field: &str, text: &str| match parse_amount(text, code, false) {
            Ok(value) => Some(value),
            Err(p) => {
                problem(field, p);
                None
            }
        };
        let setup_fee = amount("setup_fee", &self.setup_fee);
        let price = amount("price", &self.price);
        let min_price = amount("min_price", &self.min_price);
        let max_price = amount("max_price", &self.max_price);
        if let (Some(min), Some(max)) = (min_price, max_price)
            && min > max
        {
            problem("max_price", FieldProblem::OutOfRange);
        } else if let (Some(min), Some(max), Some(price)) = (min_price, max_price, price)
            && check_in_range(price, min, max).is_err()
        {
            problem("price", FieldProblem::OutOfRange);
        }
        if term == Some(PriceTerm::Cycle(BillingCycle::Free))
            && [setup_fee, price, min_price, max_price].iter().any(|a| a.is_some_and(|a| a != 0))
        {
            problem("price", FieldProblem::OutOfRange);
        }
        match (currency, term, setup_fee, price, min_price, max_price) {
            (Some(currency), Some(term), Some(setup_fee), Some(price), Some(min_price), Some(max_price))
                if errors.is_empty() =>
            {
                Ok((currency.to_owned(), CatalogPrice { term, setup_fee, price, min_price, max_price }))
            }
            _ => Err(errors),
        }
    }
}

/// Whether a reseller may charge `price` inside the provider's range.
pub fn check_in_range(price: i64, min: i64, max: i64) -> Result<(), FieldProblem> {
    if (min..=max).contains(&price) { Ok(()) } else { Err(FieldProblem::OutOfRange) }
}

/// A reseller's price for one catalog price row, as typed (in Toman when the reseller shows
/// Rial as Toman).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResellerPriceInput {
    pub catalog_price_id: i64,
    /// Whether the reseller sells this item for this term at all; an unticked checkbox posts
    /// nothing.
    #[serde(default)]
    pub sell: bool,
    pub setup_fee: String,
    pub price: String,
}

/// The provider's range for one price row, as the reseller's form needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRange {
    pub min_price: i64,
    pub max_price: i64,
}

impl ResellerPriceInput {
    /// `Ok(None)` when the reseller stops selling it; field names are `price` and `setup_fee`.
    pub fn validate(
        &self,
        currency: &str,
        toman: bool,
        range: PriceRange,
    ) -> Result<Option<(i64, i64)>, Vec<FieldError>> {
        if !self.sell {
            return Ok(None);
        }
        let mut errors = Vec::new();
        let price = parse_amount(&self.price, currency, toman)
            .and_then(|price| check_in_range(price, range.min_price, range.max_price).map(|()| price))
            .map_err(|problem| errors.push(FieldError { field: "price".into(), problem }))
            .ok();
        let setup_fee = parse_amount(&self.setup_fee, currency, toman)
            .map_err(|problem| errors.push(FieldError { field: "setup_fee".into(), problem }))
            .ok();
        match (price, setup_fee) {
            (Some(price), Some(setup_fee)) => Ok(Some((price, setup_fee))),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(term: &str, price: &str, min: &str, max: &str) -> CatalogPriceInput {
        CatalogPriceInput {
            currency: "USD".into(),
            term: term.into(),
            setup_fee: "0".into(),
            price: price.into(),
            min_price: min.into(),
            max_price: max.into(),
        }
    }

    fn fields(errors: Vec<FieldError>) -> Vec<(String, FieldProblem)> {
        errors.into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn catalog_price_range_rules() {
        let (currency, price) = input("monthly", "9.99", "8", "20").validate(ItemKind::Product).unwrap();
        assert_eq!(currency, "USD");
        assert_eq!(
            price,
            CatalogPrice {
                term: PriceTerm::Cycle(BillingCycle::Monthly),
                setup_fee: 0,
                price: 999,
                min_price: 800,
                max_price: 2000
            }
        );
        assert_eq!(
            fields(input("monthly", "9.99", "20", "8").validate(ItemKind::Product).unwrap_err()),
            vec![("max_price".into(), FieldProblem::OutOfRange)]
        );
        assert_eq!(
            fields(input("monthly", "30", "8", "20").validate(ItemKind::Product).unwrap_err()),
            vec![("price".into(), FieldProblem::OutOfRange)]
        );
        assert_eq!(
            fields(input("register", "1", "0", "2").validate(ItemKind::Product).unwrap_err()),
            vec![("term".into(), FieldProblem::InvalidChoice)]
        );
        assert!(input("register", "1", "0", "2").validate(ItemKind::Domain).is_ok());
        assert_eq!(
            fields(input("free", "1", "0", "2").validate(ItemKind::Addon).unwrap_err()),
            vec![("price".into(), FieldProblem::OutOfRange)]
        );
        assert_eq!(
            fields(input("monthly", "abc", "", "2").validate(ItemKind::Addon).unwrap_err()),
            vec![("price".into(), FieldProblem::InvalidAmount), ("min_price".into(), FieldProblem::Required),]
        );
    }

    #[test]
    fn reseller_price_must_sit_inside_the_range() {
        let range = PriceRange { min_price: 1_000_000, max_price: 2_000_000 };
        let typed = |price: &str| ResellerPriceInput {
            catalog_price_id: 1,
            sell: true,
            setup_fee: "0".into(),
            price: price.into(),
        };
        assert_eq!(typed("1500000").validate("IRR", false, range), Ok(Some((1_500_000, 0))));
        assert_eq!(typed("150000").validate("IRR", true, range), Ok(Some((1_500_000, 0))));
        assert_eq!(
            fields(typed("150000").validate("IRR", false, range).unwrap_err()),
            vec![("price".into(), FieldProblem::OutOfRange)]
        );
        assert_eq!(
            fields(typed("2000001").validate("IRR", false, range).unwrap_err()),
            vec![("price".into(), FieldProblem::OutOfRange)]
        );
        assert!(typed("2000000").validate("IRR", false, range).is_ok());
        let off = ResellerPriceInput { sell: false, price: "nonsense".into(), ..typed("") };
        assert_eq!(off.validate("IRR", false, range), Ok(None));
    }
}
