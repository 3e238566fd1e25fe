//! The server crate's tests in one binary (one link instead of one per file): the HTTP stack
//! end to end on SQLite and PostgreSQL, the demo data, the benchmark's seed and real SMTP.

mod support;

mod bench_seed;
mod delivery;
mod demo_and_admin;
mod demo_portal_credit;
mod demo_tickets;
mod hostile;
mod http;
mod portal_billing_http;
mod portal_hosts;
mod smtp;
mod tickets_http;
