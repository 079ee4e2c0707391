//! The assembled service: every capability's routes, and the layers around them. (The state
//! every request and job shares lives in `platform::state`.)

use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::Response;
use axum::{Extension, Router};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::platform::auth::session_store::DbSessionStore;
use crate::platform::error::{AppError, render_errors};
use crate::platform::jobs::registry::JobKinds;
use crate::platform::routes::{RouteInfo, Routes};
use crate::platform::state::AppState;
use crate::platform::telemetry;
use crate::{account, api, catalog, operator, org, relations, sharing, shell, tokens};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "kakehashi_session";

/// Every route of the service, with the registry's record of them.
/// Every kind of job the service runs: the platform's and the capabilities'.
pub fn job_kinds() -> JobKinds {
    JobKinds::platform().merge(crate::baseline::job_kinds())
}

pub fn routes() -> Routes {
    Routes::new()
        .merge(crate::home::routes())
        .merge(shell::routes())
        .merge(operator::routes())
        .merge(account::routes())
        .merge(catalog::routes())
        .merge(crate::baseline::routes())
        .merge(crate::assess::routes())
        .merge(org::routes())
        .merge(relations::routes())
        .merge(sharing::routes())
        .merge(tokens::routes())
        .merge(api::routes())
}

/// The complete service: routes, then (from the inside out) sessions, body limit, error
/// rendering, security headers and the request span.
pub fn router(state: &AppState) -> (Router, Vec<RouteInfo>) {
    let (routes, infos) = routes().into_parts();
    crate::platform::routes::remember(&infos);
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db().clone()))
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.settings().secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(8)));
    let hsts = state.settings().secure_cookies().then(|| HeaderValue::from_static(STRICT_TRANSPORT_SECURITY));
    let router = routes
        .fallback(|| async { AppError::NotFound })
        .layer(sessions)
        // The route guards read the state from here (they are built before the state exists).
        .layer(Extension(state.clone()))
        .layer(RequestBodyLimitLayer::new(state.settings().server.max_body_bytes))
        .layer(middleware::from_fn(render_errors))
        // Safer rendering everywhere: no sniffing, no framing, nothing from other sites, no
        // referrer sent elsewhere.
        .layer(header_if_missing(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header_if_missing(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header_if_missing(header::REFERRER_POLICY, "same-origin"))
        .layer(header_if_missing(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        // Browsers that once reached the service over TLS never try it without (only when the
        // public URL is https: over plain http the header would be ignored, and it would pin
        // a development host to TLS it does not have).
        .layer(SetResponseHeaderLayer::if_not_present(header::STRICT_TRANSPORT_SECURITY, move |_: &Response| {
            hsts.clone()
        }))
        .layer(TraceLayer::new_for_http().make_span_with(telemetry::request_span).on_response(telemetry::record_status))
        .with_state(state.clone());
    (router, infos)
}

/// Two years, as browsers' preload lists ask; sub-domains are not included, since the operator's
/// other hosts under the same name are not ours to pin.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000";

const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; \
    script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

fn header_if_missing(name: header::HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}
