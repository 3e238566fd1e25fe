//! The catalog editor's forms and their rules, run in the browser before sending and again on
//! the server. Field names are the input structs' own.

use crate::catalog::ProductKind;
use crate::error::{FieldError, FieldProblem};
use crate::i18n::Strings;
use crate::values::ascii_digits;
use crate::values::text::required;
use serde::{Deserialize, Serialize};

pub const NAME_MAX_CHARS: usize = 100;
pub const DESCRIPTION_MAX_CHARS: usize = 2000;
pub const SORT_ORDER_MAX: i32 = 9999;
/// The `domain_extensions.tld` column's length.
pub const TLD_MAX_CHARS: usize = 32;

/// A product group as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupInput {
    pub name_fa: String,
    pub name_en: String,
    pub sort_order: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidGroup {
    pub name_fa: String,
    pub name_en: String,
    pub sort_order: i32,
}

impl GroupInput {
    pub fn blank() -> Self {
        Self { sort_order: "0".into(), ..Self::default() }
    }

    pub fn validate(&self) -> Result<ValidGroup, Vec<FieldError>> {
        let mut problems = Problems::default();
        let name_fa = problems.take("name_fa", required(&self.name_fa, NAME_MAX_CHARS));
        let name_en = problems.take("name_en", required(&self.name_en, NAME_MAX_CHARS));
        let sort_order = problems.take("sort_order", parse_sort_order(&self.sort_order));
        problems.finish(|| Some(ValidGroup { name_fa: name_fa?, name_en: name_en?, sort_order: sort_order? }))
    }
}

/// A product as typed. Checkboxes post `true` when ticked and nothing otherwise.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductInput {
    /// A `product_groups` id; the server checks that it exists.
    pub group_id: String,
    /// A [`ProductKind`] code.
    pub kind: String,
    pub name_fa: String,
    pub name_en: String,
    pub description_fa: String,
    pub description_en: String,
    #[serde(default)]
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidProduct {
    pub group_id: i64,
    pub kind: ProductKind,
    pub texts: ItemTexts,
    pub active: bool,
}

impl ProductInput {
    /// A new product: hosting, on sale, in no group yet.
    pub fn blank() -> Self {
        Self { kind: ProductKind::Hosting.code().into(), active: true, ..Self::default() }
    }

    pub fn validate(&self) -> Result<ValidProduct, Vec<FieldError>> {
        let mut problems = Problems::default();
        let group_id = problems.take("group_id", parse_id(&self.group_id));
        let kind = problems.take("kind", ProductKind::parse(self.kind.trim()).ok_or(FieldProblem::InvalidChoice));
        let texts = problems.texts(&self.name_fa, &self.name_en, &self.description_fa, &self.description_en);
        problems.finish(|| Some(ValidProduct { group_id: group_id?, kind: kind?, texts: texts?, active: self.active }))
    }
}

/// An addon as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddonInput {
    pub name_fa: String,
    pub name_en: String,
    pub description_fa: String,
    pub description_en: String,
    #[serde(default)]
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAddon {
    pub texts: ItemTexts,
    pub active: bool,
}

impl AddonInput {
    pub fn blank() -> Self {
        Self { active: true, ..Self::default() }
    }

    pub fn validate(&self) -> Result<ValidAddon, Vec<FieldError>> {
        let mut problems = Problems::default();
        let texts = problems.texts(&self.name_fa, &self.name_en, &self.description_fa, &self.description_en);
        problems.finish(|| Some(ValidAddon { texts: texts?, active: self.active }))
    }
}

/// A domain extension as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionInput {
    pub tld: String,
    pub sort_order: String,
    #[serde(default)]
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidExtension {
    pub tld: Tld,
    pub sort_order: i32,
    pub active: bool,
}

impl ExtensionInput {
    pub fn blank() -> Self {
        Self { sort_order: "0".into(), active: true, ..Self::default() }
    }

    pub fn validate(&self) -> Result<ValidExtension, Vec<FieldError>> {
        let mut problems = Problems::default();
        let tld = problems.take("tld", Tld::parse(&self.tld));
        let sort_order = problems.take("sort_order", parse_sort_order(&self.sort_order));
        problems.finish(|| Some(ValidExtension { tld: tld?, sort_order: sort_order?, active: self.active }))
    }
}

/// Names and descriptions in both languages, as products and addons have them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemTexts {
    pub name_fa: String,
    pub name_en: String,
    /// Empty when there is none; line breaks kept.
    pub description_fa: String,
    pub description_en: String,
}

/// A domain extension as the provider sells it: a leading dot, then dot-separated labels of
/// lower-case letters, digits and inner dashes (`.ir`, `.co.ir`, `.xn--mgba3a4f16a`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tld(String);

impl Tld {
    /// Upper-case letters are lowered; anything else outside the rule is refused.
    pub fn parse(value: &str) -> Result<Self, FieldProblem> {
        let tld = value.trim().to_ascii_lowercase();
        if tld.is_empty() {
            return Err(FieldProblem::Required);
        }
        if tld.chars().count() > TLD_MAX_CHARS {
            return Err(FieldProblem::TooLong);
        }
        let label_ok = |label: &str| {
            !label.is_empty()
                && label.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        match tld.strip_prefix('.') {
            Some(labels) if labels.split('.').all(label_ok) => Ok(Self(tld)),
            // There is no problem kind of its own for this yet; the form says it for the field.
            _ => Err(FieldProblem::InvalidSlug),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The sentence for a problem with one of the catalog's fields: a few say more than the
/// generic sentence for their kind of problem.
pub fn problem_message(field: &str, problem: FieldProblem, t: &Strings) -> &'static str {
    match (field, problem) {
        ("tld", FieldProblem::InvalidSlug) => t.cat_err_tld,
        ("sort_order", FieldProblem::OutOfRange) => t.cat_err_sort_order,
        // `CatalogPriceInput::validate` puts a minimum above its maximum on `max_price`, and a
        // list price outside the range (or above zero for a free cycle) on `price`.
        ("max_price", FieldProblem::OutOfRange) => t.cat_err_min_above_max,
        ("price", FieldProblem::OutOfRange) => t.cat_err_price_outside,
        _ => problem.message(t),
    }
}

/// A sort position: a whole number from 0 to [`SORT_ORDER_MAX`], Persian digits too.
fn parse_sort_order(value: &str) -> Result<i32, FieldProblem> {
    let text = ascii_digits(value.trim());
    if text.is_empty() {
        return Err(FieldProblem::Required);
    }
    let in_range = |n: &i32| (0..=SORT_ORDER_MAX).contains(n);
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldProblem::OutOfRange);
    }
    text.parse::<i32>().ok().filter(in_range).ok_or(FieldProblem::OutOfRange)
}

/// A chosen row id (from a `<select>`): empty is nothing chosen.
fn parse_id(value: &str) -> Result<i64, FieldProblem> {
    let text = value.trim();
    if text.is_empty() {
        return Err(FieldProblem::Required);
    }
    text.parse::<i64>().ok().filter(|id| *id > 0).ok_or(FieldProblem::InvalidChoice)
}

/// Optional free text: trimmed, line breaks kept (as `\n`).
fn description(value: &str) -> Result<String, FieldProblem> {
    let text = value.replace("\r\n", "\n").trim().to_owned();
    if text.chars().count() > DESCRIPTION_MAX_CHARS { Err(FieldProblem::TooLong) } else { Ok(text) }
}

/// The problems found so far, by field.
#[derive(Default)]
struct Problems(Vec<FieldError>);

impl Problems {
    /// The value, or `None` with its problem noted under `field`.
    fn take<T>(&mut self, field: &str, result: Result<T, FieldProblem>) -> Option<T> {
        result.map_err(|problem| self.0.push(FieldError { field: field.to_owned(), problem })).ok()
    }

    fn texts(&mut self, name_fa: &str, name_en: &str, description_fa: &str, description_en: &str) -> Option<ItemTexts> {
        let name_fa = self.take("name_fa", required(name_fa, NAME_MAX_CHARS));
        let name_en = self.take("name_en", required(name_en, NAME_MAX_CHARS));
        let description_fa = self.take("description_fa", description(description_fa));
        let description_en = self.take("description_en", description(description_en));
        Some(ItemTexts {
            name_fa: name_fa?,
            name_en: name_en?,
            description_fa: description_fa?,
            description_en: description_en?,
        })
    }

    /// `Ok` only when no field had a problem; `valid` builds the result from the parts.
    fn finish<T>(self, valid: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        match valid() {
            Some(valid) if self.0.is_empty() => Ok(valid),
            _ => Err(self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn problems<T: std::fmt::Debug>(result: Result<T, Vec<FieldError>>) -> Vec<(String, FieldProblem)> {
        result.unwrap_err().into_iter().map(|e| (e.field, e.problem)).collect()
    }

    fn product() -> ProductInput {
        ProductInput {
            group_id: "3".into(),
            kind: "vps".into(),
            name_fa: " سرور   مجازی ".into(),
            name_en: "VPS 2 GB".into(),
            description_fa: "۲ هسته\r\n۲ گیگ".into(),
            description_en: String::new(),
            active: true,
        }
    }

    #[test]
    fn a_product_is_normalised() {
        let valid = product().validate().unwrap();
        assert_eq!((valid.group_id, valid.kind), (3, ProductKind::Vps));
        assert_eq!(valid.texts.name_fa, "سرور مجازی");
        assert_eq!(valid.texts.description_fa, "۲ هسته\n۲ گیگ", "line breaks stay");
        assert_eq!(valid.texts.description_en, "", "descriptions are optional");
    }

    #[test]
    fn every_product_field_reports_its_problem() {
        let input = ProductInput {
            group_id: String::new(),
            kind: "domainz".into(),
            name_fa: " ".into(),
            name_en: "x".repeat(NAME_MAX_CHARS + 1),
            description_fa: "x".repeat(DESCRIPTION_MAX_CHARS + 1),
            description_en: "y".repeat(DESCRIPTION_MAX_CHARS + 1),
            active: false,
        };
        assert_eq!(
            problems(input.validate()),
            [
                ("group_id".to_owned(), FieldProblem::Required),
                ("kind".to_owned(), FieldProblem::InvalidChoice),
                ("name_fa".to_owned(), FieldProblem::Required),
                ("name_en".to_owned(), FieldProblem::TooLong),
                ("description_fa".to_owned(), FieldProblem::TooLong),
                ("description_en".to_owned(), FieldProblem::TooLong),
            ]
        );
        let bad_group = ProductInput { group_id: "abc".into(), ..product() };
        assert_eq!(problems(bad_group.validate()), [("group_id".to_owned(), FieldProblem::InvalidChoice)]);
    }

    #[test]
    fn sort_orders_are_whole_numbers_up_to_the_limit() {
        let group = |sort_order: &str| GroupInput {
            name_fa: "هاست".into(),
            name_en: "Hosting".into(),
            sort_order: sort_order.into(),
        };
        assert_eq!(group("۱۲").validate().unwrap().sort_order, 12);
        assert_eq!(group(" 9999 ").validate().unwrap().sort_order, SORT_ORDER_MAX);
        for bad in ["-1", "10000", "1.5", "+3", "abc", "99999999999"] {
            assert_eq!(problems(group(bad).validate()), [("sort_order".to_owned(), FieldProblem::OutOfRange)], "{bad}");
        }
        assert_eq!(problems(group("").validate()), [("sort_order".to_owned(), FieldProblem::Required)]);
    }

    #[test]
    fn extensions_follow_the_tld_rule() {
        for (typed, stored) in
            [(".ir", ".ir"), (" .CO.IR ", ".co.ir"), (".xn--mgba3a4f16a", ".xn--mgba3a4f16a"), (".a1-b", ".a1-b")]
        {
            assert_eq!(Tld::parse(typed).map(|tld| tld.as_str().to_owned()), Ok(stored.to_owned()), "{typed}");
        }
        for bad in ["ir", "..ir", ".ir.", ".-ir", ".ir-", ".co..ir", ".i_r", ".ایران", ". ir", "."] {
            assert_eq!(Tld::parse(bad), Err(FieldProblem::InvalidSlug), "{bad}");
        }
        assert_eq!(Tld::parse("  "), Err(FieldProblem::Required));
        assert_eq!(Tld::parse(&format!(".{}", "a".repeat(TLD_MAX_CHARS))), Err(FieldProblem::TooLong));
    }

    #[test]
    fn field_specific_sentences() {
        let t = crate::i18n::Locale::En.strings();
        assert_eq!(problem_message("tld", FieldProblem::InvalidSlug, t), t.cat_err_tld);
        assert_eq!(problem_message("name_fa", FieldProblem::Required, t), t.err_required);
    }

    proptest! {
        #[test]
        fn well_formed_extensions_read_back_unchanged(tld in r"(\.[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?){1,3}") {
            prop_assert_eq!(Tld::parse(&tld).map(|t| t.as_str().to_owned()), Ok(tld.clone()));
            prop_assert_eq!(Tld::parse(&tld.to_ascii_uppercase()).map(|t| t.as_str().to_owned()), Ok(tld));
        }
    }
}
