//! The application state shared by every request and job, and the assembled router.

use std::sync::Arc;

use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::response::Response;
use axum::{Extension, Router};
use kakehashi_domain::clock::Clock;
use time::OffsetDateTime;
use tokio::sync::Notify;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::platform::auth::session_store::DbSessionStore;
use crate::platform::config::Settings;
use crate::platform::db::Db;
use crate::platform::error::{AppError, render_errors};
use crate::platform::keys::KeyStore;
use crate::platform::outbox::Mailer;
use crate::platform::routes::{RouteInfo, Routes};
use crate::platform::telemetry;
use crate::{account, api, catalog, operator, org, relations, sharing, shell, tokens};

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "kakehashi_session";

/// Shared state: cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    settings: Settings,
    db: Db,
    clock: Arc<dyn Clock>,
    mailer: Option<Mailer>,
    jobs_added: Notify,
    demo: bool,
    keys: KeyStore,
}

impl AppState {
    pub fn new(settings: Settings, db: Db, clock: Arc<dyn Clock>, demo: bool, keys: KeyStore) -> anyhow::Result<Self> {
        let mailer = Mailer::from_settings(&settings.mail)?;
        Ok(Self(Arc::new(Inner { settings, db, clock, mailer, jobs_added: Notify::new(), demo, keys })))
    }

    /// The keys that seal secrets kept in the database.
    pub fn keys(&self) -> &KeyStore {
        &self.0.keys
    }

    pub fn settings(&self) -> &Settings {
        &self.0.settings
    }

    pub fn db(&self) -> &Db {
        &self.0.db
    }

    /// The service's public address without a trailing slash, for links in mail.
    pub fn public_base(&self) -> String {
        self.0.settings.server.public_url.as_str().trim_end_matches('/').to_owned()
    }

    /// Where uploaded evidence is kept.
    pub fn files(&self) -> crate::platform::files::FileStore {
        crate::platform::files::FileStore::new(&self.0.settings.files)
    }

    pub fn now(&self) -> OffsetDateTime {
        self.0.clock.now()
    }

    pub fn mailer(&self) -> Option<&Mailer> {
        self.0.mailer.as_ref()
    }

    /// Whether this is the demo (secrets in the outbox are shown, sign-in hints appear).
    pub fn is_demo(&self) -> bool {
        self.0.demo
    }

    /// Tells the background runner that a job was added, so it need not wait for its next poll.
    pub fn wake_jobs(&self) {
        self.0.jobs_added.notify_one();
    }

    pub(crate) async fn jobs_added(&self) {
        self.0.jobs_added.notified().await;
    }
}

/// Every route of the service, with the registry's record of them.
pub fn routes() -> Routes {
    Routes::new()
        .merge(crate::home::routes())
        .merge(shell::routes())
        .merge(crate::platform::auth::pages::routes())
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
