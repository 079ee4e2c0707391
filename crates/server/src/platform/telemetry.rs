//! Logs: `tracing` to standard error, as text or JSON, and one span per request named by its
//! route template (`/api/v1/operator/outbox/{mail_id}`, never the concrete path, so logs group
//! by route and ids stay out of span names), carrying the caller's user and organisation ids
//! once the route guard has found them.

use axum::extract::MatchedPath;
use axum::http::Request;
use tracing::Span;
use tracing_subscriber::EnvFilter;

use super::auth::Caller;
use super::config::{LogFormat, LogSettings};

/// Installs the global subscriber. Safe to call more than once (later calls do nothing).
pub fn init(settings: &LogSettings) {
    let filter = EnvFilter::try_new(&settings.filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(ansi).with_writer(std::io::stderr);
    let _ = match settings.format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

/// The span for one request.
pub fn request_span<B>(request: &Request<B>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "(unmatched)".to_owned());
    tracing::info_span!(
        "request",
        otel.name = %format!("{} {}", request.method(), route),
        http.method = %request.method(),
        http.route = %route,
        http.status = tracing::field::Empty,
        user.id = tracing::field::Empty,
        org.id = tracing::field::Empty,
        via = tracing::field::Empty,
    )
}

/// Records on the request's span who made it and for which organisation (ids only: names and
/// addresses stay out of logs), once the route guard has found them.
pub fn record_caller(caller: &Caller) {
    let span = Span::current();
    if let Some(user) = &caller.user {
        span.record("user.id", tracing::field::display(user.id));
    }
    if let Some(acting) = &caller.acting {
        span.record("org.id", tracing::field::display(acting.org_id()));
    }
    span.record("via", if caller.by_token { "token" } else { "session" });
}

/// Records the status on the request's span.
pub fn record_status<B>(response: &axum::http::Response<B>, _latency: std::time::Duration, span: &Span) {
    span.record("http.status", response.status().as_u16());
}
