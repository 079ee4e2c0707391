//! `/healthz`: whether the service can do its work (the database answers).

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::platform::state::AppState;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the database does not answer.
    pub status: &'static str,
    pub version: &'static str,
}

/// Liveness and readiness in one: 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "platform",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database does not answer", body = Health)
    ))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let version = env!("CARGO_PKG_VERSION");
    match state.db().ping().await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok", version })),
        Err(error) => {
            tracing::warn!(%error, "health check: database unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(Health { status: "unavailable", version }))
        }
    }
}
