//! Session upkeep: expired sessions and sign-in failures too old to count are deleted every hour
//! by a recurring job.

use time::Duration;

use super::db::to_ms;
use super::jobs::{NewJob, Outcome, kinds, store};
use crate::platform::state::AppState;

const EVERY: Duration = Duration::hours(1);

/// Makes sure the recurring purge is scheduled (called at start; idempotent).
pub async fn schedule_purge(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now();
    let mut tx = state.db().write().await?;
    store::enqueue(
        &mut tx,
        NewJob {
            kind: kinds::PURGE_SESSIONS,
            payload: serde_json::json!({}),
            run_at: now + EVERY,
            unique_key: Some(kinds::PURGE_SESSIONS.to_owned()),
        },
        now,
    )
    .await?;
    tx.commit().await
}

/// The job: deletes sessions that expired (by the system clock, as tower-sessions sets them).
pub async fn purge_job(state: &AppState) -> anyhow::Result<Outcome> {
    let now = time::OffsetDateTime::now_utc();
    let mut tx = state.db().write().await?;
    let deleted = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(to_ms(now))
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    let failures = super::auth::throttle::purge(state.db(), state.now()).await?;
    tracing::info!(deleted, failures, "expired sessions and old sign-in failures deleted");
    Ok(Outcome::RunAgainAt(state.now() + EVERY))
}
