//! One searchable word of a client, normalised; kept in step by the client's `after_save`.

use super::client;
use crate::values::normalize_search;
use sea_orm::entity::prelude::*;
use std::collections::BTreeSet;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "client_search_terms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub reseller_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The words a client is found by: first and last name, both together, email, company, phone
/// digits and national ID.
pub fn terms_of(c: &client::Model) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    let full_name = format!("{} {}", c.first_name, c.last_name);
    let phone_digits = c.phone.trim_start_matches('+');
    let fields = [
        Some(c.first_name.as_str()),
        Some(c.last_name.as_str()),
        Some(full_name.as_str()),
        Some(c.email.as_str()),
        c.company.as_deref(),
        Some(phone_digits),
        c.national_id.as_deref(),
    ];
    for field in fields.into_iter().flatten() {
        let term = normalize_search(field);
        if !term.is_empty() {
            terms.insert(term);
        }
    }
    terms
}

/// Replaces the client's terms with those of what was just saved.
pub async fn replace_terms(db: &impl ConnectionTrait, c: &client::Model) -> Result<(), DbErr> {
    Entity::delete_many().filter(Column::ClientId.eq(c.id)).exec(db).await?;
    let rows = terms_of(c).into_iter().map(|term| ActiveModel {
        reseller_id: sea_orm::ActiveValue::Set(c.reseller_id),
        term: sea_orm::ActiveValue::Set(term),
        client_id: sea_orm::ActiveValue::Set(c.id),
    });
    Entity::insert_many(rows).exec(db).await?;
    Ok(())
}
