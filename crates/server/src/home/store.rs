//! The few counts the operator's home shows, read in one place.

use crate::platform::db::Db;

/// The state of the system at a glance.
#[derive(Debug, Clone, Default)]
pub struct SystemState {
    pub organisations: i64,
    pub people: i64,
    /// Mail kept because no SMTP server is configured.
    pub mail_held: i64,
    pub mail_failed: i64,
    pub jobs_failed: i64,
    pub jobs_waiting: i64,
}

pub async fn system_state(db: &Db) -> Result<SystemState, sqlx::Error> {
    let count = |sql: &'static str| async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(db.pool()).await };
    Ok(SystemState {
        organisations: count("SELECT COUNT(*) FROM organisations").await?,
        people: count("SELECT COUNT(*) FROM users WHERE disabled_at IS NULL").await?,
        mail_held: count("SELECT COUNT(*) FROM outbox WHERE state = 'held'").await?,
        mail_failed: count("SELECT COUNT(*) FROM outbox WHERE state = 'failed'").await?,
        jobs_failed: count("SELECT COUNT(*) FROM jobs WHERE state = 'failed'").await?,
        jobs_waiting: count("SELECT COUNT(*) FROM jobs WHERE state = 'pending'").await?,
    })
}
