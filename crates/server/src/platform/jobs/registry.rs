//! Which handler runs each kind of job: a registry like the route registry. The platform's own
//! kinds (mail, sessions, files) are here; a capability adds its kinds with
//! [`JobKinds::kind`], and the server's assembly (`app::job_kinds`) merges them once at start,
//! so the runner names no capability.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use kakehashi_domain::platform::jobs::RetryPolicy;

use super::Outcome;
use super::kinds;
use super::store::ClaimedJob;
use crate::platform::state::AppState;
use crate::platform::{files, outbox, sessions};

/// What a handler returns: the job's outcome, later.
pub type Running<'a> = Pin<Box<dyn Future<Output = anyhow::Result<Outcome>> + Send + 'a>>;

/// A job handler: runs one claimed job under the retry policy.
pub type Handler = for<'a> fn(&'a AppState, &'a ClaimedJob, RetryPolicy) -> Running<'a>;

/// Kinds of job and their handlers.
#[derive(Debug, Default, Clone)]
pub struct JobKinds {
    handlers: Vec<(&'static str, Handler)>,
}

impl JobKinds {
    /// The platform's own kinds.
    pub fn platform() -> Self {
        JobKinds::default()
            .kind(kinds::DELIVER_MAIL, deliver_mail)
            .kind(kinds::PURGE_SESSIONS, purge_sessions)
            .kind(kinds::SWEEP_FILES, sweep_files)
    }

    /// Adds a kind; each kind has one handler.
    pub fn kind(mut self, name: &'static str, handler: Handler) -> Self {
        assert!(self.handlers.iter().all(|(k, _)| *k != name), "job kind {name} registered twice");
        self.handlers.push((name, handler));
        self
    }

    /// Adds every kind of `other`.
    pub fn merge(self, other: JobKinds) -> Self {
        other.handlers.into_iter().fold(self, |kinds, (name, handler)| kinds.kind(name, handler))
    }

    /// The kinds, for listing.
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.handlers.iter().map(|(name, _)| *name)
    }

    fn handler(&self, name: &str) -> Option<Handler> {
        self.handlers.iter().find(|(k, _)| *k == name).map(|(_, h)| *h)
    }
}

/// The UI string key naming job kind `kind` (`mail.deliver` → `job-kind-mail-deliver`); every
/// registered kind has one in both languages (a test checks).
pub fn label_key(kind: &str) -> String {
    format!("job-kind-{}", kind.replace('.', "-"))
}

/// The kinds of the assembled service (the first assembly's; every assembly has the same).
static REGISTERED: OnceLock<JobKinds> = OnceLock::new();

/// Keeps the kinds of the assembled service, for the runner.
pub fn register(kinds: JobKinds) {
    let _ = REGISTERED.set(kinds);
}

/// The handler for `kind`, if the assembled service has one.
pub fn handler_for(kind: &str) -> Option<Handler> {
    REGISTERED.get()?.handler(kind)
}

fn deliver_mail<'a>(state: &'a AppState, job: &'a ClaimedJob, policy: RetryPolicy) -> Running<'a> {
    Box::pin(outbox::deliver_job(state, job, policy))
}

fn purge_sessions<'a>(state: &'a AppState, _job: &'a ClaimedJob, _policy: RetryPolicy) -> Running<'a> {
    Box::pin(sessions::purge_job(state))
}

fn sweep_files<'a>(state: &'a AppState, _job: &'a ClaimedJob, _policy: RetryPolicy) -> Running<'a> {
    Box::pin(files::sweep_job(state))
}
