//! SeaORM entities, one per table, mirroring `migration/`. Behaviour lives in the feature
//! services, not here.

pub mod addon;
pub mod admin_user;
pub mod audit_log;
pub mod catalog_price;
pub mod client;
pub mod client_count;
pub mod client_search_term;
pub mod domain;
pub mod domain_extension;
pub mod email_outbox;
pub mod invoice;
pub mod invoice_item;
pub mod invoice_transaction;
pub mod login_throttle;
pub mod login_token;
pub mod order;
pub mod order_item;
pub mod password_token;
pub mod product;
pub mod product_group;
pub mod reseller;
pub mod reseller_host;
pub mod reseller_logo;
pub mod reseller_price;
pub mod reseller_sequence;
pub mod service;
pub mod service_addon;
pub mod session;
pub mod ticket;
pub mod ticket_department;
pub mod ticket_message;
