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

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};

/// A table whose rows belong to one client of one reseller. Its queries name both ids, so a
/// client id of another reseller finds nothing, and each table has an index that leads with
/// `client_id` to answer it.
pub trait ClientRecord: EntityTrait {
    const ID: Self::Column;
    const RESELLER_ID: Self::Column;
    const CLIENT_ID: Self::Column;

    /// The rows of client `client_id` of reseller `reseller_id`.
    fn of_client(reseller_id: i64, client_id: i64) -> Select<Self> {
        Self::find().filter(Self::RESELLER_ID.eq(reseller_id)).filter(Self::CLIENT_ID.eq(client_id))
    }
}

/// A client's record that an order can have made.
pub trait OrderRecord: ClientRecord {
    const ORDER_ID: Self::Column;

    /// The rows `placed` made.
    fn of_order(placed: &order::Model) -> Select<Self> {
        Self::of_client(placed.reseller_id, placed.client_id).filter(Self::ORDER_ID.eq(placed.id))
    }
}

macro_rules! client_records {
    ($($table:ident),* $(,)?) => {$(
        impl ClientRecord for $table::Entity {
            const ID: Self::Column = $table::Column::Id;
            const RESELLER_ID: Self::Column = $table::Column::ResellerId;
            const CLIENT_ID: Self::Column = $table::Column::ClientId;
        }
    )*};
}

macro_rules! order_records {
    ($($table:ident),* $(,)?) => {$(
        impl OrderRecord for $table::Entity {
            const ORDER_ID: Self::Column = $table::Column::OrderId;
        }
    )*};
}

client_records!(order, invoice, service, service_addon, domain, ticket, email_outbox);
order_records!(invoice, service, service_addon, domain);
