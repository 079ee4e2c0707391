//! Durable jobs: work that must happen later or be retried (mail delivery, expiry, reminders,
//! digests, imports). A job is a row written in the same transaction as the change that needs
//! it, so it is never lost; the runner claims due jobs one at a time with a lease, so a runner
//! that dies mid-job only delays the job until the lease ends.
//!
//! Time comes from the injected clock. The server's runner follows the system clock;
//! `kakehashi jobs run --until TIME` (see [`runner::run_until`]) moves a manual clock from job to
//! job, so a test can let a month pass in a second.

pub mod registry;
pub mod runner;
pub mod store;

use serde::Serialize;
use time::OffsetDateTime;

/// The kinds of job and what their payloads carry.
pub mod kinds {
    /// Deliver one outbox message. Payload: `{"mail_id": "…"}`.
    pub const DELIVER_MAIL: &str = "mail.deliver";
    /// Delete expired sessions; runs every hour. Payload: `{}`.
    pub const PURGE_SESSIONS: &str = "sessions.purge";
    /// Remove stored files nothing refers to, a day after they were left; daily. Payload: `{}`.
    pub const SWEEP_FILES: &str = "files.sweep";
}

/// A job to be added.
#[derive(Debug, Clone)]
pub struct NewJob {
    pub kind: &'static str,
    pub payload: serde_json::Value,
    pub run_at: OffsetDateTime,
    /// At most one unfinished job may hold a given key (recurring jobs use their kind).
    pub unique_key: Option<String>,
}

/// A job's state, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum JobState {
    Pending,
    Running,
    Done,
    Failed,
}

impl JobState {
    /// The UI string key naming this state.
    pub fn label_key(self) -> &'static str {
        match self {
            JobState::Pending => "job-state-pending",
            JobState::Running => "job-state-running",
            JobState::Done => "job-state-done",
            JobState::Failed => "job-state-failed",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Pending => "pending",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Failed => "failed",
        }
    }
}

impl std::str::FromStr for JobState {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [JobState::Pending, JobState::Running, JobState::Done, JobState::Failed]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown job state {s:?}"))
    }
}

/// What a handler says after it ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// A recurring job: run again at this time.
    RunAgainAt(OffsetDateTime),
}
