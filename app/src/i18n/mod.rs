//! Languages, translated texts and locale-aware formatting.
//!
//! Every text of the UI is a field of [`Strings`], generated from the `strings.toml` each feature
//! folder keeps (English and Persian side by side). The Persian and English tables are both
//! `const` values of that struct, so a missing translation stops the build rather than showing a
//! blank on screen, and the WASM carries only two small tables.

mod calendar;
mod collate;
mod format;
mod strings;

pub use calendar::JalaliDate;
pub use collate::sort_key;
pub use format::{format_date, format_money, format_number, localize_digits};
pub use strings::Strings;

use leptos::prelude::*;

crate::codes! {
    /// The UI languages. Persian comes first: it is the language of the first users.
    #[derive(Default)]
    pub enum Locale {
        #[default]
        Fa = "fa",
        En = "en",
    }
}

/// Name of the cookie the language switcher sets.
pub const LANG_COOKIE: &str = "lang";

impl Locale {
    pub fn dir(self) -> &'static str {
        match self {
            Locale::Fa => "rtl",
            Locale::En => "ltr",
        }
    }

    /// The language's own name, shown in the switcher whatever the current language is.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Fa => "فارسی",
            Locale::En => "English",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fa" | "per" | "fas" => Some(Locale::Fa),
            "en" | "eng" => Some(Locale::En),
            _ => None,
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Locale::Fa => &strings::FA,
            Locale::En => &strings::EN,
        }
    }

    /// Picks the language: the `lang` cookie, else the best supported entry of
    /// `Accept-Language` (by q-value, then order), else `fallback`.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>, fallback: Locale) -> Locale {
        Self::requested(cookie, accept_language).unwrap_or(fallback)
    }

    /// The language the visitor asked for, by cookie or `Accept-Language`, if any is supported.
    pub fn requested(cookie: Option<&str>, accept_language: Option<&str>) -> Option<Locale> {
        if let Some(locale) = cookie.and_then(Locale::from_code) {
            return Some(locale);
        }
        let mut best: Option<(f32, Locale)> = None;
        for entry in accept_language.unwrap_or_default().split(',') {
            let mut parts = entry.split(';');
            let Some(locale) = parts.next().and_then(Locale::from_code) else { continue };
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, locale)| locale)
    }
}

/// A text that depends on a count, in CLDR's plural forms for its language: English says "1
/// year" but "2 years"; Persian uses `one` for 0 and 1 ("۱ سال") and `other` for the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
    pub rule: PluralRule,
}

/// Which CLDR plural rule picks the form (whole numbers only: the UI counts things).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralRule {
    /// `one`: n = 1.
    English,
    /// `one`: n = 0 or 1.
    Persian,
}

impl Plural {
    /// The form for `count`, still to be filled.
    pub fn of(&self, count: i64) -> &'static str {
        let one = match self.rule {
            PluralRule::English => count == 1,
            PluralRule::Persian => count == 0 || count == 1,
        };
        if one { self.one } else { self.other }
    }
}

/// The page's language, provided as context by [`crate::App`].
#[derive(Clone, Copy)]
pub struct I18n(pub Locale);

impl I18n {
    pub fn t(self) -> &'static Strings {
        self.0.strings()
    }
}

/// The current page's translations.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n(Locale::default()))
}

/// Reads the locale the page is rendered in: from the request while rendering on the server,
/// from `<html lang>` (which the server wrote) once hydrated, so both sides agree.
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>().map(|parts| locale_of_request(&parts)).unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|html| html.get_attribute("lang"))
                .and_then(|lang| Locale::from_code(&lang))
                .unwrap_or_default()
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Locale::default()
        }
    }
}

/// The language to use when the visitor asked for none, set by the server on requests where
/// it is not Persian (a portal whose reseller's default is English).
#[derive(Clone, Copy, Debug)]
pub struct DefaultLocale(pub Locale);

/// The locale of a request: its `lang` cookie, else `Accept-Language`, else the request's
/// [`DefaultLocale`], else Persian.
#[cfg(feature = "ssr")]
pub fn locale_of_request(parts: &axum::http::request::Parts) -> Locale {
    let fallback = parts.extensions.get::<DefaultLocale>().map(|d| d.0).unwrap_or_default();
    requested_locale(&parts.headers).unwrap_or(fallback)
}

/// The locale the request's cookie or `Accept-Language` asks for, if any.
#[cfg(feature = "ssr")]
pub fn requested_locale(headers: &axum::http::HeaderMap) -> Option<Locale> {
    let cookie = crate::state::cookie(headers, LANG_COOKIE);
    let accept = headers.get(axum::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Locale::requested(cookie.as_deref(), accept)
}

/// Fills `{name}` placeholders of a translated template.
/// `template` with each `{name}` replaced by its value, in one pass over the template: a value
/// is never read for placeholders itself, so a client named `{email}` stays `{email}`. A
/// `{name}` without a value stays as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_each_placeholder_once_and_never_inside_a_value() {
        assert_eq!(fill("{a} and {b}, {a}", &[("a", "1"), ("b", "2")]), "1 and 2, 1");
        assert_eq!(fill("Hi {name}, {email}", &[("name", "{email}"), ("email", "x@y")]), "Hi {email}, x@y");
        assert_eq!(fill("{missing} {a} {", &[("a", "1")]), "{missing} 1 {");
        assert_eq!(fill("سلام {name}", &[("name", "سارا")]), "سلام سارا");
    }

    #[test]
    fn cookie_wins_over_accept_language() {
        assert_eq!(Locale::negotiate(Some("en"), Some("fa-IR"), Locale::Fa), Locale::En);
        assert_eq!(Locale::negotiate(Some("fa"), Some("en-US,en;q=0.9"), Locale::En), Locale::Fa);
    }

    #[test]
    fn accept_language_by_quality_then_order() {
        assert_eq!(Locale::negotiate(None, Some("de-DE, en;q=0.5, fa;q=0.8"), Locale::En), Locale::Fa);
        assert_eq!(Locale::negotiate(None, Some("en-US,fa;q=0.9"), Locale::Fa), Locale::En);
        assert_eq!(Locale::negotiate(None, Some("fa;q=0, en;q=0.1"), Locale::Fa), Locale::En);
    }

    #[test]
    fn falls_back_when_nothing_matches() {
        assert_eq!(Locale::negotiate(Some("xx"), Some("de, fr;q=0.8"), Locale::En), Locale::En);
        assert_eq!(Locale::negotiate(None, None, Locale::Fa), Locale::Fa);
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(fill("Try again in {minutes} minutes.", &[("minutes", "5")]), "Try again in 5 minutes.");
    }

    #[test]
    fn plurals_follow_each_languages_rule() {
        let en = Plural { one: "{n} year", other: "{n} years", rule: PluralRule::English };
        assert_eq!([en.of(0), en.of(1), en.of(2), en.of(11)], ["{n} years", "{n} year", "{n} years", "{n} years"]);
        let fa = Plural { one: "one", other: "other", rule: PluralRule::Persian };
        assert_eq!([fa.of(0), fa.of(1), fa.of(2)], ["one", "one", "other"]);
        assert_eq!(strings::EN.years.of(1), "{n} year");
        assert_eq!(strings::EN.years.of(3), "{n} years");
    }
}
