//! SeaORM entities, one per table, mirroring `migration/`. Behaviour lives in the feature
//! services, not here.

pub mod admin_user;
pub mod audit_log;
pub mod client;
pub mod login_throttle;
pub mod reseller;
pub mod session;
