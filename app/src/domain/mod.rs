//! Domain types shared by the browser and the server: parsed once, trusted afterwards. The
//! browser pre-validates forms with the same code the server runs again.

pub mod billing;
pub mod country;
mod digits;
mod domain_name;
mod email;
pub mod money;
mod national_id;
mod phone;

pub use billing::{BillingCycle, DomainOperation};
pub use digits::ascii_digits;
pub use domain_name::DomainName;
pub use email::EmailAddress;
pub use money::Money;
pub use national_id::NationalId;
pub use phone::PhoneNumber;
