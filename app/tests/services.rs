//! The app's service tests in one binary (one link instead of one per file): each module is
//! one feature's tests, on SQLite and on PostgreSQL.

#[macro_use]
mod support;
mod site;

mod admin_resellers;
mod auth_service;
mod catalog_admin;
mod catalog_prices;
mod clients_list;
mod clients_manage;
mod clients_records;
mod invoices;
mod orders_manage;
mod orders_place;
mod portal_acting;
mod portal_billing;
mod portal_home;
mod settings;
mod tickets;
