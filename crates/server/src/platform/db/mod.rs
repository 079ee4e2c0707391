//! The database: one `AnyPool` code path for SQLite (the default) and PostgreSQL.
//!
//! Rules every store follows:
//! - SQL uses `$1` placeholders (both backends accept them) and only the types the `Any`
//!   driver maps on both: integers (always BIGINT on PostgreSQL), text, blobs. Flags are 0/1
//!   integers, because the driver cannot decode SQLite booleans.
//! - Times are stored as Unix milliseconds (see [`to_ms`] / [`from_ms`]).
//! - Every write goes through [`Db::write`], which opens one unit of work. On PostgreSQL a unit
//!   is a transaction. On SQLite, which has one writer at a time, units wait their turn in a fair
//!   in-process queue and are committed in groups: one transaction (`BEGIN IMMEDIATE`), a
//!   savepoint per unit, one commit and one fsync for the group (see [`group_commit`]). Without
//!   the queue, writers meet SQLite's busy handler, which sleeps in growing steps (a p99 of
//!   ~400 ms at 4 concurrent writers); without grouping, every save paid its own fsync. Never
//!   open a second write while holding one (it would wait for itself).

use std::ops::{Deref, DerefMut};
use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyRow};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyConnection, AnyPool, Executor, Row, Transaction};
use time::OffsetDateTime;

mod group_commit;

use super::audit::{self, AuditEvent};
use super::config::{DatabaseKind, DatabaseSettings, SqliteSynchronous};

/// The database error, named here so that the CLI needs no sqlx of its own.
pub use sqlx::Error as SqlError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not create the folder {path} for the SQLite database: {source}")]
    CreateDir { path: String, source: std::io::Error },
    #[error("could not connect to the database at {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
}

#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// SQLite's single writer and the batch it is filling (see [`group_commit`]).
    writer: Option<group_commit::Writer>,
}

/// An open write transaction: a unit of work. Use it as a connection (`&mut *tx`); `commit`
/// returns once the change is durable; dropping it rolls back this unit's writes only.
#[derive(Debug)]
pub struct WriteTx {
    inner: TxInner,
    /// Audit entries written when the unit commits, in the same transaction.
    audit: Vec<(AuditEvent, OffsetDateTime)>,
}

#[derive(Debug)]
enum TxInner {
    /// PostgreSQL: one transaction per unit.
    Own(Transaction<'static, Any>),
    /// SQLite: a savepoint in the writer's batch transaction.
    Batched(group_commit::Unit),
}

impl WriteTx {
    /// Appends `event` to the audit log when this unit commits, in its transaction: on SQLite
    /// the entries of a whole group are chained in one go (see [`audit::append_all`]).
    pub fn audit_on_commit(&mut self, event: AuditEvent, at: OffsetDateTime) {
        self.audit.push((event, at));
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.inner {
            TxInner::Own(mut tx) => {
                audit::append_all(&mut tx, self.audit).await?;
                tx.commit().await
            }
            TxInner::Batched(unit) => unit.commit(self.audit).await,
        }
    }
}

impl Deref for WriteTx {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        match &self.inner {
            TxInner::Own(tx) => tx,
            TxInner::Batched(unit) => unit.connection(),
        }
    }
}

impl DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match &mut self.inner {
            TxInner::Own(tx) => tx,
            TxInner::Batched(unit) => unit.connection_mut(),
        }
    }
}

impl Db {
    /// Connects (creating the SQLite file and its folder when needed). Does not migrate.
    pub async fn connect(settings: &DatabaseSettings) -> Result<Db, DbError> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(sqlx::any::install_default_drivers);

        let url = &settings.url;
        let backend = match url.kind() {
            DatabaseKind::Sqlite => Backend::Sqlite,
            DatabaseKind::Postgres => Backend::Postgres,
        };
        let mut raw = url.expose().to_owned();
        if backend == Backend::Sqlite {
            if let Some(path) = url.sqlite_path()
                && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir)
                    .map_err(|source| DbError::CreateDir { path: dir.display().to_string(), source })?;
            }
            if !raw.contains("mode=") {
                raw.push_str(if raw.contains('?') { "&mode=rwc" } else { "?mode=rwc" });
            }
        }
        let options =
            AnyConnectOptions::from_str(&raw).map_err(|source| DbError::Connect { url: url.redacted(), source })?;
        let synchronous = settings.sqlite_synchronous;
        let pool = AnyPoolOptions::new()
            .max_connections(settings.max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute(match synchronous {
                            SqliteSynchronous::Full => "PRAGMA synchronous = FULL",
                            SqliteSynchronous::Normal => "PRAGMA synchronous = NORMAL",
                        })
                        .await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 10000").await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await
            .map_err(|source| DbError::Connect { url: url.redacted(), source })?;
        let writer = (backend == Backend::Sqlite).then(|| group_commit::Writer::start(pool.clone()));
        Ok(Db { pool, backend, writer })
    }

    /// Applies the migrations of this backend that have not been applied yet.
    pub async fn migrate(&self) -> Result<(), DbError> {
        self.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Migrations of this backend: (version, description) of those known to this binary and
    /// whether each is applied.
    pub async fn migration_status(&self) -> Result<Vec<(i64, String, bool)>, DbError> {
        let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_all(&self.pool)
            .await
            .unwrap_or_default();
        Ok(self
            .migrator()
            .iter()
            .map(|m| (m.version, m.description.to_string(), applied.contains(&m.version)))
            .collect())
    }

    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A transaction for writing (see the module comment).
    pub async fn write(&self) -> Result<WriteTx, sqlx::Error> {
        match &self.writer {
            Some(writer) => Ok(WriteTx { inner: TxInner::Batched(writer.begin().await?), audit: Vec::new() }),
            None => Ok(WriteTx { inner: TxInner::Own(self.pool.begin().await?), audit: Vec::new() }),
        }
    }

    /// SQLite: (units, groups) of work committed since the start, to show how well they group.
    pub fn write_counts(&self) -> Option<(u64, u64)> {
        self.writer.as_ref().map(group_commit::Writer::counts)
    }

    /// What the server itself reports as its version, e.g. `PostgreSQL 15.18 …` or `SQLite 3.50.2`.
    pub async fn server_version(&self) -> Result<String, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => {
                let v: String = sqlx::query_scalar("SELECT sqlite_version()").fetch_one(&self.pool).await?;
                Ok(format!("SQLite {v}"))
            }
            Backend::Postgres => sqlx::query_scalar("SELECT version()").fetch_one(&self.pool).await,
        }
    }

    /// Checks that the database answers, for `/healthz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1").execute(&self.pool).await.map(|_| ())
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Reads a text column into a domain type (an id, an address, a state); a value that does not
/// parse is reported as a decoding error naming the column.
pub fn parse_column<T>(row: &AnyRow, column: &str) -> Result<T, sqlx::Error>
where
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let text: String = row.try_get(column)?;
    text.parse().map_err(|e: T::Err| sqlx::Error::Decode(format!("column {column}: {e}").into()))
}

/// A time as stored: Unix milliseconds.
pub fn to_ms(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

/// `($1, $2), ($3, $4)`: the VALUES of a multi-row INSERT of `rows` rows of `columns` columns.
pub fn placeholders(rows: usize, columns: usize) -> String {
    (0..rows)
        .map(|r| format!("({})", (1..=columns).map(|c| format!("${}", r * columns + c)).collect::<Vec<_>>().join(", ")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A stored time back as a UTC date-time.
pub fn from_ms(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_round_trip_at_millisecond_precision() {
        let t = datetime!(2026-11-25 12:34:56.789 UTC);
        assert_eq!(from_ms(to_ms(t)), t);
    }
}
