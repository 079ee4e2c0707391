//! The Kakehashi web service, as a library: the `kakehashi` binary and the tests both start it
//! through [`prepare`] and [`serve`], with a listener and a shutdown signal of their choosing.
//!
//! Module map:
//! - [`platform`]: services every capability uses (config, database, route registry and
//!   guard, errors, languages, jobs, outbox, sessions, audit log, telemetry, shutdown).
//! - [`shell`]: the UI shell: layout and menu, tools page, language switch, static files, error pages.
//! - [`home`]: each person's home page: what awaits them, composed from the capabilities' reads.
//! - [`account`]: a person's own account: password, two-factor authentication, resets.
//! - [`catalog`]: catalogs of controls: OSCAL import and export, browsing, search.
//! - [`org`]: the acting organisation: profile, members and roles, switching, audit trail.
//! - [`relations`]: links between organisations: invitations, link requests, acceptance.
//! - [`sharing`]: grants (what an organisation shares, with whom, revocation) and what one
//!   organisation may see of another.
//! - [`tokens`]: API tokens for integrations.
//! - [`operator`]: the platform operator's pages (system status, outbox, jobs, audit chain).
//! - [`api`]: `/api/v1`: JSON endpoints, problem details, the OpenAPI document, `/healthz`.
//! - [`app`]: the shared state and the assembled router.
//! - [`demo`]: the demo world for `kakehashi demo`; [`demo_self_check`]: its self-check under review.
//!
//! Capabilities (catalog, assess, attest, graph, share, contract, insight) join as sibling
//! modules, each with `routes.rs`, `pages.rs`, `api.rs` and `store.rs`.

pub mod account;
pub mod api;
pub mod app;
pub mod assess;
pub mod baseline;
pub mod catalog;
pub mod demo;
pub mod demo_self_check;
pub mod home;
pub mod operator;
pub mod org;
pub mod platform;
pub mod relations;
pub mod sharing;
pub mod shell;
pub mod tokens;

use std::future::Future;
use std::sync::Arc;

use kakehashi_domain::clock::Clock;
use platform::config::Settings;
use platform::db::{Db, DbError};
pub use platform::state::AppState;
use tokio::net::TcpListener;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("mail settings: {0}")]
    Mail(anyhow::Error),
    #[error("installing the built-in catalogs: {0:#}")]
    Content(anyhow::Error),
    #[error(transparent)]
    Keys(#[from] platform::keys::KeyError),
    #[error("sealing two-factor secrets: {0:#}")]
    Sealing(anyhow::Error),
}

/// Connects to the database, applies pending migrations and builds the shared state.
pub async fn prepare(settings: Settings, clock: Arc<dyn Clock>, demo: bool) -> Result<AppState, StartError> {
    let keys = platform::keys::KeyStore::load_or_create(&settings.keys.file)?;
    let db = Db::connect(&settings.database).await?;
    db.migrate().await?;
    let state = AppState::new(settings, db, clock, demo, keys).map_err(StartError::Mail)?;
    platform::jobs::registry::register(app::job_kinds());
    let sealed = platform::auth::two_factor::seal_secrets(&state).await.map_err(StartError::Sealing)?;
    if sealed > 0 {
        tracing::info!(sealed, "two-factor secrets sealed with the current key");
    }
    let installed = baseline::install::install(&state).await.map_err(StartError::Content)?;
    assess::questionnaires::install(&state).await.map_err(StartError::Content)?;
    if !installed.catalogs.is_empty() || !installed.crosswalks.is_empty() {
        tracing::info!(catalogs = ?installed.catalogs, crosswalks = ?installed.crosswalks, "built-in catalogs installed");
    }
    Ok(state)
}

/// Serves on `listener` until `shutdown` resolves. Then it stops taking connections, lets
/// requests in flight finish, lets the job runner finish its current job, and closes the
/// database, so that nothing acknowledged is lost.
pub async fn serve(
    state: AppState,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (router, _) = app::router(&state);
    let (stop_jobs, jobs_stopped) = tokio::sync::watch::channel(false);
    let runner = if state.settings().jobs.run_in_server {
        platform::sessions::schedule_purge(&state).await.map_err(std::io::Error::other)?;
        platform::files::schedule_sweep(&state).await.map_err(std::io::Error::other)?;
        Some(tokio::spawn(platform::jobs::runner::run_in_background(state.clone(), jobs_stopped)))
    } else {
        None
    };
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let served = axum::serve(listener, service).with_graceful_shutdown(shutdown).await;
    let _ = stop_jobs.send(true);
    if let Some(runner) = runner {
        let _ = runner.await;
    }
    state.db().close().await;
    served
}
