//! Running jobs: claiming one and running its kind's handler (from the registry), the server's
//! background loop, and `run_until`.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use kakehashi_domain::clock::{Clock, ManualClock};
use kakehashi_domain::platform::jobs::{AfterFailure, RetryPolicy};
use time::{Duration, OffsetDateTime};
use tokio::sync::watch;

use super::store::{self, ClaimedJob};
use super::{JobState, Outcome, registry};
use crate::platform::state::AppState;

/// How long a runner may hold a job before another runner may take it over.
const LEASE: Duration = Duration::minutes(5);

/// What happened to one job.
#[derive(Debug, Clone)]
pub struct Ran {
    pub kind: String,
    pub result: Result<Outcome, String>,
}

async fn dispatch(state: &AppState, job: &ClaimedJob, policy: RetryPolicy) -> anyhow::Result<Outcome> {
    let Some(handler) = registry::handler_for(&job.kind) else {
        anyhow::bail!("no handler for job kind {:?}", job.kind)
    };
    handler(state, job, policy).await
}

/// Claims and runs the job due longest at the state's current time, if any.
pub async fn run_one(state: &AppState) -> anyhow::Result<Option<Ran>> {
    let now = state.now();
    let Some(job) = store::claim_next(state.db(), now, LEASE).await? else { return Ok(None) };
    let policy = RetryPolicy::DEFAULT;
    let span = tracing::info_span!("job", kind = %job.kind, id = %job.id, attempt = job.attempts);
    let result = tracing::Instrument::instrument(dispatch(state, &job, policy), span).await;
    let finished_at = state.now();
    match &result {
        Ok(Outcome::Done) => store::finish(state.db(), job.id, JobState::Done, None, finished_at).await?,
        Ok(Outcome::RunAgainAt(at)) => store::reschedule(state.db(), job.id, *at, None, true).await?,
        Err(error) => {
            let message = format!("{error:#}");
            tracing::warn!(kind = %job.kind, id = %job.id, attempt = job.attempts, error = %message, "job failed");
            match policy.after_failure(job.attempts) {
                AfterFailure::RetryIn(wait) => {
                    store::reschedule(state.db(), job.id, finished_at + wait, Some(&message), false).await?
                }
                AfterFailure::GiveUp => {
                    store::finish(state.db(), job.id, JobState::Failed, Some(&message), finished_at).await?
                }
            }
        }
    }
    Ok(Some(Ran { kind: job.kind, result: result.map_err(|e| format!("{e:#}")) }))
}

/// The server's loop: run what is due, then wait for the poll interval, a wake-up (a job was
/// just added) or shutdown. A job in progress is finished before the loop stops.
pub async fn run_in_background(state: AppState, mut shutdown: watch::Receiver<bool>) {
    let poll = StdDuration::from_millis(state.settings().jobs.poll_interval_ms);
    loop {
        loop {
            if *shutdown.borrow() {
                return;
            }
            match run_one(&state).await {
                Ok(Some(_)) => continue,
                Ok(None) => break,
                Err(error) => {
                    tracing::error!(error = %format!("{error:#}"), "job runner could not reach the database");
                    break;
                }
            }
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = state.jobs_added() => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// What `run_until` did.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub succeeded: u64,
    pub failed: u64,
}

/// Runs every job that falls due up to `until`, moving `clock` forward to each job's due time
/// (never backwards), and leaves the clock at `until`. `progress` is told the clock's position.
pub async fn run_until(
    state: &AppState,
    clock: &ManualClock,
    until: OffsetDateTime,
    mut progress: impl FnMut(OffsetDateTime, &Ran),
) -> anyhow::Result<RunSummary> {
    let mut summary = RunSummary::default();
    loop {
        if let Some(ran) = run_one(state).await? {
            if ran.result.is_ok() {
                summary.succeeded += 1
            } else {
                summary.failed += 1
            }
            progress(clock.now(), &ran);
            continue;
        }
        match store::next_due_at(state.db()).await? {
            Some(next) if next <= until => clock.advance_to(next),
            _ => break,
        }
    }
    clock.advance_to(until);
    Ok(summary)
}

/// A clock for `run_until` that starts at the real time now.
pub fn manual_clock_from_now() -> (ManualClock, Arc<dyn Clock>) {
    let clock = ManualClock::starting_at(kakehashi_domain::clock::SystemClock.now());
    (clock.clone(), Arc::new(clock))
}
