//! Value types shared by the browser and the server (money, billing cycles, email addresses,
//! phone numbers, domain names…): parsed once, trusted afterwards. The browser pre-validates
//! forms with the same code the server runs again.

pub mod billing;
mod codes;
pub mod country;
mod digits;
mod domain_name;
mod email;
pub mod money;
mod national_id;
mod phone;
mod status;
pub mod text;

pub use billing::{BillingCycle, DomainOperation};
pub use codes::{Code, Labelled};
pub use digits::{ascii_digits, normalize_search};
pub use domain_name::DomainName;
pub use email::EmailAddress;
pub use money::Money;
pub use national_id::NationalId;
pub use phone::PhoneNumber;
pub use status::{OutboxStatus, ResellerStatus};
