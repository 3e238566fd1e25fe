//! Domain types shared by the browser and the server: parsed once, trusted afterwards.

mod email;

pub use email::EmailAddress;
