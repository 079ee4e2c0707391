//! The person's language: the `lang` cookie set by the switch on every page, Japanese
//! otherwise. We deliberately do not follow `Accept-Language`: the product is Japanese first,
//! and an English browser in a Japanese firm should still see Japanese until asked.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use kakehashi_domain::locale::Locale;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

pub fn locale_from_headers(headers: &HeaderMap) -> Locale {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == LANG_COOKIE)
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or_default()
}

/// Extractor for the person's language.
#[derive(Debug, Clone, Copy)]
pub struct Lang(pub Locale);

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang(locale_from_headers(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_the_lang_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; lang=en; b=2"));
        assert_eq!(locale_from_headers(&h), Locale::En);
    }

    #[test]
    fn japanese_without_a_cookie_or_with_a_bad_one() {
        assert_eq!(locale_from_headers(&HeaderMap::new()), Locale::Ja);
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("lang=xx"));
        assert_eq!(locale_from_headers(&h), Locale::Ja);
    }
}
