use crate::error::FieldProblem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An email address as accounts are keyed by: trimmed, lower-cased, one `@`, a dotted domain.
/// Deliberately lenient inside the local part (RFC 5322 allows far more than forms usually do);
/// deliverability is proven by the email we send, not by a pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl EmailAddress {
    pub const MAX_LEN: usize = 254;

    pub fn parse(input: &str) -> Result<Self, FieldProblem> {
        let email = input.trim().to_lowercase();
        if email.is_empty() {
            return Err(FieldProblem::Required);
        }
        if email.len() > Self::MAX_LEN {
            return Err(FieldProblem::TooLong);
        }
        let (local, domain) = email.split_once('@').ok_or(FieldProblem::InvalidEmail)?;
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        if domain_ok && local_ok { Ok(Self(email)) } else { Err(FieldProblem::InvalidEmail) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for EmailAddress {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).map_err(|problem| format!("invalid email address: {problem:?}"))
    }
}

impl From<EmailAddress> for String {
    fn from(value: EmailAddress) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalises_case_and_whitespace() {
        assert_eq!(EmailAddress::parse("  Reza@Example.COM ").unwrap().as_str(), "reza@example.com");
    }

    #[test]
    fn refuses_malformed_addresses() {
        for bad in [
            "reza",
            "reza@",
            "@example.com",
            "reza@example",
            "a@b@c.com",
            "re za@example.com",
            "reza@-x.com",
            "reza@x..com",
        ] {
            assert_eq!(EmailAddress::parse(bad), Err(FieldProblem::InvalidEmail), "{bad}");
        }
        assert_eq!(EmailAddress::parse("   "), Err(FieldProblem::Required));
        assert_eq!(EmailAddress::parse(&format!("{}@example.com", "a".repeat(250))), Err(FieldProblem::TooLong));
    }

    #[test]
    fn accepts_internationalised_domains() {
        assert!(EmailAddress::parse("info@ایران.ir").is_ok());
        assert!(EmailAddress::parse("first.last+tag@sub.example.co.uk").is_ok());
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(local in "[a-zA-Z0-9._+-]{1,20}", domain in "[a-z0-9]{1,10}\\.[a-z]{2,6}") {
            let parsed = EmailAddress::parse(&format!("{local}@{domain}")).unwrap();
            prop_assert_eq!(EmailAddress::parse(parsed.as_str()).unwrap(), parsed.clone());
            prop_assert_eq!(parsed.as_str(), parsed.as_str().to_lowercase());
        }
    }
}
