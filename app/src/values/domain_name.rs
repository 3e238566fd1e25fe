//! Domain and host names as typed for an order: lower-cased, without a trailing dot, checked
//! label by label. Internationalised names are taken in their ASCII (punycode) form.

use super::ascii_digits;
use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DomainName(String);

impl DomainName {
    /// At least two labels of `a-z`, `0-9` and inner `-`, each 1–63 characters, 253 in all.
    pub fn parse(input: &str) -> Result<Self, FieldProblem> {
        let name = ascii_digits(input.trim()).to_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if name.is_empty() {
            return Err(FieldProblem::Required);
        }
        let labels: Vec<&str> = name.split('.').collect();
        let label_ok = |label: &&str| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        };
        if name.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) {
            return Err(FieldProblem::InvalidDomain);
        }
        Ok(Self(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the name sits directly under `tld` (`.ir`, `.co.ir`): `example.co.ir` is under
    /// `.co.ir`, and under `.ir` only as `co.ir`'s sub-name, which a registry will not sell.
    pub fn is_registrable_under(&self, tld: &str) -> bool {
        self.0.strip_suffix(tld).is_some_and(|label| !label.is_empty() && !label.contains('.') && tld.starts_with('.'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises() {
        assert_eq!(DomainName::parse(" Example.IR. ").unwrap().as_str(), "example.ir");
        assert_eq!(DomainName::parse("xn--mgba3a4f16a.ir").unwrap().as_str(), "xn--mgba3a4f16a.ir");
        assert_eq!(DomainName::parse("shop-۱۲.com").unwrap().as_str(), "shop-12.com");
        assert_eq!(DomainName::parse(""), Err(FieldProblem::Required));
        for bad in
            ["example", "-a.ir", "a-.ir", "a..ir", "a b.ir", "ایران.ir", "a_b.com", &format!("{}.ir", "a".repeat(64))]
        {
            assert_eq!(DomainName::parse(bad), Err(FieldProblem::InvalidDomain), "{bad}");
        }
    }

    #[test]
    fn registrable_only_directly_under_the_extension() {
        let name = DomainName::parse("example.co.ir").unwrap();
        assert!(name.is_registrable_under(".co.ir"));
        assert!(!name.is_registrable_under(".ir"));
        assert!(DomainName::parse("example.ir").unwrap().is_registrable_under(".ir"));
        assert!(!DomainName::parse("example.ir").unwrap().is_registrable_under(".com"));
    }
}
