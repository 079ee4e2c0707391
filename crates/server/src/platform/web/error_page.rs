//! Error pages in the person's language.

use askama::Template;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use kakehashi_domain::locale::Locale;

use super::Page;
use crate::platform::auth::guard::Viewer;
use crate::platform::error::ErrorInfo;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate {
    page: Page,
    title: String,
    body: String,
    reference: Option<String>,
    /// For a refused or conflicting form: a reminder that going back keeps what was typed.
    back_hint: bool,
}

/// Keys exist for these statuses; others use the generic text.
const KNOWN: [&str; 17] = [
    "400",
    "401",
    "401-code",
    "403",
    "403-csrf",
    "403-two-factor",
    "403-choose-org",
    "404",
    "405",
    "409",
    "413",
    "415",
    "422",
    "429",
    "500",
    "503",
    "other",
];

/// The error page, drawn for whoever is looking: signed in, it has the usual header.
pub fn error_page(locale: Locale, info: &ErrorInfo, viewer: Option<Viewer>, here: &str) -> Response {
    let mut page = Page::anonymous(locale);
    page.here = here.to_owned();
    if let Some(Viewer { caller, csrf }) = viewer {
        (page.user, page.acting, page.csrf) = (caller.user, caller.acting, csrf);
    }
    let variant = if KNOWN.contains(&info.variant.as_str()) { info.variant.as_str() } else { "other" };
    // The CSRF variant shares the 403 title and has its own body.
    let title_variant = variant.split('-').next().unwrap_or(variant);
    let template = ErrorTemplate {
        title: page.t(&format!("error-{title_variant}-title")),
        body: match &info.message {
            Some(m) => page.say(m),
            None => page.t(&format!("error-{variant}-body")),
        },
        reference: info.reference.as_ref().map(|id| page.t1("error-reference", "id", id)),
        back_hint: page.user.is_some() && matches!(info.status.as_u16(), 403 | 409 | 422),
        page,
    };
    let html = template.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "error page failed to render");
        "<!doctype html><title>Error</title><p>Error</p>".to_owned()
    });
    let mut response = (info.status, Html(html)).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response
}
