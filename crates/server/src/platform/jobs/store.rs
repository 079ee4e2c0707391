//! The `jobs` table.

use kakehashi_domain::ids::JobId;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

use super::{JobState, NewJob};
use crate::platform::db::{Db, from_ms, parse_column, to_ms};

/// A job taken by a runner.
#[derive(Debug, Clone)]
pub struct ClaimedJob {
    pub id: JobId,
    pub kind: String,
    pub payload: serde_json::Value,
    /// Attempts so far, this one included.
    pub attempts: u32,
}

/// A job as listed to the operator.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobView {
    #[schema(value_type = String)]
    pub id: JobId,
    pub kind: String,
    pub state: JobState,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub run_at: OffsetDateTime,
    pub attempts: i64,
    pub last_error: Option<String>,
}

/// Adds a job. With a `unique_key`, does nothing if an unfinished job already holds the key.
pub async fn enqueue(conn: &mut AnyConnection, job: NewJob, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    if let Some(key) = &job.unique_key {
        // A finished job keeps its key only until it is replaced by the next one.
        sqlx::query("DELETE FROM jobs WHERE unique_key = $1 AND state IN ('done', 'failed')")
            .bind(key)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO jobs (id, kind, payload, unique_key, state, run_at, attempts, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, 0, $6) ON CONFLICT (unique_key) DO NOTHING",
    )
    .bind(JobId::new().to_string())
    .bind(job.kind)
    .bind(job.payload.to_string())
    .bind(job.unique_key)
    .bind(to_ms(job.run_at))
    .bind(to_ms(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Claims the job that has been due longest, or one whose runner's lease ran out.
pub async fn claim_next(db: &Db, now: OffsetDateTime, lease: Duration) -> Result<Option<ClaimedJob>, sqlx::Error> {
    const CLAIMABLE: &str = "((state = 'pending' AND run_at <= $1) OR (state = 'running' AND locked_until <= $1))";
    let sql = sqlx::AssertSqlSafe(format!(
        "UPDATE jobs SET state = 'running', attempts = attempts + 1, locked_until = $2 \
         WHERE id = (SELECT id FROM jobs WHERE {CLAIMABLE} ORDER BY run_at, id LIMIT 1) AND {CLAIMABLE} \
         RETURNING id, kind, payload, attempts"
    ));
    let mut tx = db.write().await?;
    let row = sqlx::query(sql).bind(to_ms(now)).bind(to_ms(now + lease)).fetch_optional(&mut *tx).await?;
    let claimed = row.map(|row| claimed_from_row(&row)).transpose()?;
    tx.commit().await?;
    Ok(claimed)
}

fn claimed_from_row(row: &AnyRow) -> Result<ClaimedJob, sqlx::Error> {
    Ok(ClaimedJob {
        id: parse_column(row, "id")?,
        kind: row.try_get("kind")?,
        payload: parse_column(row, "payload")?,
        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
    })
}

/// Marks a job finished (`done` or `failed`).
pub async fn finish(
    db: &Db,
    id: JobId,
    state: JobState,
    error: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query("UPDATE jobs SET state = $1, last_error = $2, finished_at = $3, locked_until = NULL WHERE id = $4")
        .bind(state.as_str())
        .bind(error)
        .bind(to_ms(now))
        .bind(id.to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// Puts a job back in the queue for `run_at` (a retry, or the next run of a recurring job).
pub async fn reschedule(
    db: &Db,
    id: JobId,
    run_at: OffsetDateTime,
    error: Option<&str>,
    reset_attempts: bool,
) -> Result<(), sqlx::Error> {
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE jobs SET state = 'pending', run_at = $1, last_error = $2, locked_until = NULL, \
         attempts = CASE WHEN $3 = 1 THEN 0 ELSE attempts END WHERE id = $4",
    )
    .bind(to_ms(run_at))
    .bind(error)
    .bind(i64::from(reset_attempts))
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// When the next job falls due (pending ones only; a running one belongs to someone).
pub async fn next_due_at(db: &Db) -> Result<Option<OffsetDateTime>, sqlx::Error> {
    let ms: Option<i64> =
        sqlx::query_scalar("SELECT MIN(run_at) FROM jobs WHERE state = 'pending'").fetch_one(db.pool()).await?;
    Ok(ms.map(from_ms))
}

/// The most recent jobs, by when they are due, newest first.
pub async fn list(db: &Db, limit: i64) -> Result<Vec<JobView>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, state, run_at, attempts, last_error FROM jobs ORDER BY run_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            Ok(JobView {
                id: parse_column(row, "id")?,
                kind: row.try_get("kind")?,
                state: parse_column(row, "state")?,
                run_at: from_ms(row.try_get("run_at")?),
                attempts: row.try_get("attempts")?,
                last_error: row.try_get("last_error")?,
            })
        })
        .collect()
}
