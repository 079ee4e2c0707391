//! One module per command.

pub mod audit;
pub mod backup;
pub mod catalog;
pub mod config;
pub mod crosswalk;
pub mod demo;
pub mod jobs;
pub mod keys;
pub mod migrate;
pub mod org;
pub mod profile;
pub mod routes;
pub mod self_check;
pub mod serve;
pub mod user;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

use kakehashi_domain::clock::{Clock, SystemClock};
use kakehashi_server::AppState;
use kakehashi_server::platform::config::Settings;
use kakehashi_server::platform::telemetry;
use tokio::net::TcpListener;

use crate::failure::Failure;

/// The settings, with logging set up as they say.
pub fn settings(config: Option<&Path>) -> Result<Settings, Failure> {
    let settings = Settings::load(config)?;
    telemetry::init(&settings.log);
    Ok(settings)
}

/// Connects, migrates and returns the state, on the system clock.
pub async fn state(settings: Settings) -> Result<AppState, Failure> {
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    Ok(kakehashi_server::prepare(settings, clock, false).await?)
}

/// Binds the listening socket, with a message that says what to do when the port is taken.
pub async fn bind(addr: SocketAddr) -> Result<TcpListener, Failure> {
    TcpListener::bind(addr).await.map_err(|e| {
        Failure::cannot_bind(format!(
            "cannot listen on {addr}: {e}\n  fix: choose another address with --bind (or server.bind / KAKEHASHI_SERVER_BIND), e.g. --bind 127.0.0.1:8081"
        ))
    })
}

/// Serves until SIGINT or SIGTERM, having printed where.
pub async fn serve_until_signal(
    state: AppState,
    listener: TcpListener,
    banner: impl FnOnce(SocketAddr),
) -> Result<(), Failure> {
    let addr = listener.local_addr().map_err(|e| Failure::unexpected(e.to_string()))?;
    banner(addr);
    kakehashi_server::serve(state, listener, kakehashi_server::platform::shutdown::signal())
        .await
        .map_err(|e| Failure::unexpected(format!("the server stopped: {e}")))
}
