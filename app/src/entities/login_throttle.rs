use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// `ip:<address>` or `account:<area>:<reseller>:<sha256 of the email>`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Sign-in attempts counted in the current window.
    pub attempts: i32,
    /// Unix seconds.
    pub window_started_at: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
