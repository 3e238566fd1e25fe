use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// Sign-in: `signin:<area>:<reseller>:<sha256 of the email>:<address>` or
    /// `signin-ip:<address>`; other rate limits name their own (`reset:<address>`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Attempts counted: failed sign-ins since the key was last quiet (sign-in keys), or
    /// requests in the current window (other rate limits).
    pub attempts: i32,
    /// Unix seconds: the last attempt (sign-in keys) or the window's start (other limits).
    pub window_started_at: i64,
    /// Unix seconds: a sign-in key is refused until then (0: not blocked).
    pub blocked_until: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
