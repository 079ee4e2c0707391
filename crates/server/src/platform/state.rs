//! The state every request and job shares: settings, the database, the clock, the mailer, the
//! keys. Cheap to clone. It lives in the platform, beneath every capability, so that platform
//! services can take it without reaching up to where the router is assembled.

use std::sync::Arc;

use kakehashi_domain::clock::Clock;
use time::OffsetDateTime;
use tokio::sync::Notify;

use crate::platform::config::Settings;
use crate::platform::db::Db;
use crate::platform::keys::KeyStore;
use crate::platform::outbox::Mailer;

/// Shared state: cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    settings: Settings,
    db: Db,
    clock: Arc<dyn Clock>,
    mailer: Option<Mailer>,
    jobs_added: Arc<Notify>,
    demo: bool,
    keys: KeyStore,
}

impl AppState {
    pub fn new(settings: Settings, db: Db, clock: Arc<dyn Clock>, demo: bool, keys: KeyStore) -> anyhow::Result<Self> {
        let mailer = Mailer::from_settings(&settings.mail)?;
        Ok(Self(Arc::new(Inner { settings, db, clock, mailer, jobs_added: Arc::new(Notify::new()), demo, keys })))
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

    /// The bell [`wake_jobs`](Self::wake_jobs) rings, for a unit of work to ring after its commit.
    pub(crate) fn job_bell(&self) -> Arc<Notify> {
        Arc::clone(&self.0.jobs_added)
    }

    pub(crate) async fn jobs_added(&self) {
        self.0.jobs_added.notified().await;
    }
}
