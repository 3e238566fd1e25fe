//! Signing in and out of the three areas: provider admin, reseller panel and client portal.

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
mod session_cookie;
#[cfg(feature = "ssr")]
pub use session_cookie::{
    ActiveSession, CheckedSessions, Subject, portal_token, require_session, session_portal_reseller, set_portal_token,
};

mod components;
pub use components::{LoginPage, SignOutButton};
pub mod password;
pub use password::{OwnPasswordSection, PasswordFields};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

crate::codes! {
    pub enum Area {
        Admin = "admin",
        Reseller = "reseller",
        Portal = "portal",
    }
}

impl Area {
    /// The area's start page; the portal's needs the brand's slug.
    pub fn home_path(self, brand: Option<&str>) -> String {
        match self {
            Area::Admin => "/admin".to_owned(),
            Area::Reseller => "/reseller".to_owned(),
            Area::Portal => format!("/portal/{}", brand.unwrap_or_default()),
        }
    }

    pub fn login_path(self, brand: Option<&str>) -> String {
        format!("{}/login", self.home_path(brand))
    }

    pub fn title(self, t: &crate::i18n::Strings) -> &'static str {
        match self {
            Area::Admin => t.area_admin,
            Area::Reseller => t.area_reseller,
            Area::Portal => t.area_portal,
        }
    }
}

/// Who is signed in to an area, as the UI shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionUser {
    pub area: Area,
    pub name: String,
    pub email: String,
}

/// Signs in to `area` (for the portal, the portal of `brand`) and goes to the area's start page.
#[server(endpoint = "auth/login")]
pub async fn login(area: Area, email: String, password: String, brand: Option<String>) -> Result<(), AppError> {
    crate::error::respond(session_cookie::login(area, &email, &password, brand.as_deref()).await)
}

/// Ends the area's session and goes to its sign-in page.
#[server(endpoint = "auth/logout")]
pub async fn logout(area: Area, brand: Option<String>) -> Result<(), AppError> {
    crate::error::respond(session_cookie::logout(area, brand.as_deref()).await)
}

/// The signed-in user of `area`, or `None`.
#[server(endpoint = "auth/current_user")]
pub async fn current_user(area: Area, brand: Option<String>) -> Result<Option<SessionUser>, AppError> {
    crate::error::respond(session_cookie::current_user(area, brand.as_deref()).await)
}
