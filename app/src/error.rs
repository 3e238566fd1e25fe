//! The one error type of every server function.
//!
//! It crosses the wire as JSON, so the browser gets the same variants the server produced and
//! shows them in the UI language. Server-side failures (database, hashing, I/O) are logged with
//! their whole chain where they happen and become an opaque [`AppError::Internal`].

use crate::i18n::{Locale, Strings, fill, localize_digits};
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// Why a field was refused; the UI turns it into a sentence in its language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    InvalidEmail,
    InvalidPhone,
    InvalidNationalId,
    TooLong,
    TooShort,
    /// Not one of the offered choices (country, language, currency).
    InvalidChoice,
    InvalidPostcode,
    /// Another client of the same reseller already has this email.
    EmailTaken,
    InvalidSlug,
    InvalidColor,
    /// Another record already uses this value (a slug, a reseller's email).
    Taken,
    /// The repeated password differs from the first.
    PasswordMismatch,
    /// A set-password link that expired, was used, or never existed.
    LinkInvalid,
    /// A confirmation (such as typing the client's email before deleting) did not match.
    ConfirmationMismatch,
    /// Not an amount of money in the currency's format.
    InvalidAmount,
    /// Outside the range allowed (a reseller's price outside the provider's range, a minimum
    /// above its maximum, a domain period outside 1 to 10 years).
    OutOfRange,
    /// Not a domain or host name (`example.ir`).
    InvalidDomain,
    /// What was reviewed no longer costs what it did (prices changed in between).
    PriceChanged,
    /// A form already used for something else (an order's idempotency key).
    AlreadyUsed,
}

impl FieldProblem {
    pub fn message(self, t: &Strings) -> &'static str {
        match self {
            FieldProblem::Required => t.err_required,
            FieldProblem::InvalidEmail => t.err_invalid_email,
            FieldProblem::InvalidPhone => t.err_invalid_phone,
            FieldProblem::InvalidNationalId => t.err_invalid_national_id,
            FieldProblem::TooLong => t.err_too_long,
            FieldProblem::TooShort => t.err_too_short,
            FieldProblem::InvalidChoice => t.err_invalid_choice,
            FieldProblem::InvalidPostcode => t.err_invalid_postcode,
            FieldProblem::EmailTaken => t.err_email_taken,
            FieldProblem::LinkInvalid => t.err_link_invalid,
            FieldProblem::PasswordMismatch => t.err_password_mismatch,
            FieldProblem::InvalidSlug => t.err_invalid_slug,
            FieldProblem::InvalidColor => t.err_invalid_color,
            FieldProblem::Taken => t.err_taken,
            FieldProblem::ConfirmationMismatch => t.err_confirmation_mismatch,
            FieldProblem::InvalidAmount => t.err_invalid_amount,
            FieldProblem::OutOfRange => t.err_out_of_range,
            FieldProblem::InvalidDomain => t.err_invalid_domain,
            FieldProblem::PriceChanged => t.err_price_changed,
            FieldProblem::AlreadyUsed => t.err_already_used,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's `name`.
    pub field: String,
    pub problem: FieldProblem,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthorized,
    #[error("email or password not correct")]
    InvalidCredentials,
    #[error("too many sign-in attempts; retry after {retry_after_secs}s")]
    TooManyAttempts { retry_after_secs: u64 },
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("validation failed: {0:?}")]
    Validation(Vec<FieldError>),
    #[error("conflict")]
    Conflict,
    #[error("internal error")]
    Internal,
    /// The request's arguments could not be read or are out of range (a page size the UI does
    /// not offer, a missing field, a number that is not one). The detail says which, for API
    /// users and logs; the UI shows a plain sentence.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// The request never got an answer from the application: network, encoding, or an unknown
    /// server function. The detail is for logs and developer tools, never shown as is.
    #[error("request failed: {0}")]
    Request(String),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials => 401,
            AppError::Forbidden => 403,
            AppError::NotFound => 404,
            AppError::Conflict => 409,
            AppError::Validation(_) => 422,
            AppError::TooManyAttempts { .. } => 429,
            AppError::Request(_) | AppError::BadRequest(_) => 400,
            AppError::Internal => 500,
        }
    }

    /// The sentence shown to the user, in their language.
    pub fn message(&self, locale: Locale) -> String {
        let t = locale.strings();
        match self {
            AppError::Unauthorized => t.err_unauthorized.to_owned(),
            AppError::InvalidCredentials => t.err_invalid_credentials.to_owned(),
            AppError::TooManyAttempts { retry_after_secs } => {
                let minutes = retry_after_secs.div_ceil(60).max(1);
                let text = t.err_too_many_attempts.of(i64::try_from(minutes).unwrap_or(i64::MAX));
                fill(text, &[("minutes", &localize_digits(&minutes.to_string(), locale))])
            }
            AppError::Forbidden => t.err_forbidden.to_owned(),
            AppError::NotFound => t.err_not_found.to_owned(),
            AppError::Conflict => t.err_conflict.to_owned(),
            AppError::Validation(_) => t.err_validation.to_owned(),
            AppError::Internal => t.err_internal.to_owned(),
            AppError::Request(_) => t.err_network.to_owned(),
            AppError::BadRequest(_) => t.err_bad_request.to_owned(),
        }
    }

    /// The problem with one form field, if the error names it.
    pub fn field_problem(&self, field: &str) -> Option<FieldProblem> {
        match self {
            AppError::Validation(errors) => errors.iter().find(|e| e.field == field).map(|e| e.problem),
            _ => None,
        }
    }

    /// Logs a server-side failure with its whole source chain and hides it from the user.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &'static str, error: &(dyn std::error::Error + 'static)) -> Self {
        let mut chain = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            chain.push_str(": ");
            chain.push_str(&cause.to_string());
            source = cause.source();
        }
        tracing::error!(context, error = %chain, "internal error");
        AppError::Internal
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// On the server this is a request the server function could not even start on: arguments
    /// that do not deserialize, a missing one, a wrong method or an unknown function. Those are
    /// the caller's fault, so the answer is a 400 (404 for no such function) instead of the
    /// 500 server_fn gives every error it makes itself. In the browser it is a failed call.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        {
            let status = match &value {
                ServerFnErrorErr::Registration(_) => Some(axum::http::StatusCode::NOT_FOUND),
                ServerFnErrorErr::UnsupportedRequestMethod(_) => Some(axum::http::StatusCode::METHOD_NOT_ALLOWED),
                ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) | ServerFnErrorErr::Deserialization(_) => {
                    Some(axum::http::StatusCode::BAD_REQUEST)
                }
                _ => None,
            };
            if let (Some(status), Some(options)) =
                (status, leptos::prelude::use_context::<leptos_axum::ResponseOptions>())
            {
                options.set_status(status);
                return AppError::BadRequest(value.to_string());
            }
        }
        AppError::Request(value.to_string())
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(error: sea_orm::DbErr) -> Self {
        AppError::internal("database", &error)
    }
}

/// Whether the current server function call is a form posted by a page without JavaScript
/// (the browser asks for HTML), which then needs a redirect to a page saying what happened;
/// the hydrated page's calls ask for data and update in place.
#[cfg(feature = "ssr")]
pub fn is_plain_form_post() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>().is_some_and(|parts| {
        parts.method == axum::http::Method::POST
            && parts
                .headers
                .get(axum::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// Sets the HTTP status of the current response from a server function's result, so a refused
/// request is a 4xx for the browser, tests and logs alike. A plain HTML form post (no
/// JavaScript yet) is left alone: Leptos answers it with a redirect back to the form carrying
/// the error, and a 4xx status would stop the browser from following it.
#[cfg(feature = "ssr")]
pub fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    use leptos::prelude::use_context;
    if let Err(error) = &result {
        let plain_form_post = is_plain_form_post();
        let options = use_context::<leptos_axum::ResponseOptions>();
        if let (false, Some(options), Ok(status)) =
            (plain_form_post, options, axum::http::StatusCode::from_u16(error.status_code()))
        {
            // A redirect already decided on (to the sign-in page, for a page whose loads then
            // fail without a session) stands: the error is not what the visitor gets.
            let redirecting = options.0.read().is_ok_and(|parts| parts.status.is_some_and(|s| s.is_redirection()));
            if !redirecting {
                options.set_status(status);
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttle_message_rounds_up_to_minutes_in_both_languages() {
        let error = AppError::TooManyAttempts { retry_after_secs: 61 };
        assert_eq!(error.message(Locale::En), "Too many sign-in attempts. Try again in 2 minutes.");
        assert!(error.message(Locale::Fa).contains('۲'));
    }

    #[test]
    fn round_trips_through_the_wire_encoding() {
        let error =
            AppError::Validation(vec![FieldError { field: "email".into(), problem: FieldProblem::InvalidEmail }]);
        let decoded = AppError::de(error.ser());
        assert_eq!(decoded, error);
        assert_eq!(decoded.field_problem("email"), Some(FieldProblem::InvalidEmail));
    }
}
