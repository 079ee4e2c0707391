//! Group commit for SQLite's single writer.
//!
//! Units of work queue for the writer (a fair tokio mutex, so nobody sleeps in SQLite's busy
//! handler). The first unit of a group opens the transaction (`BEGIN IMMEDIATE`); every unit
//! runs inside its own savepoint, so a unit that fails, or whose request is dropped, rolls back
//! alone. A finished unit releases its savepoint. If no other unit is waiting for the writer, or
//! the group is full, it commits the group at once: one fsync for the whole group, with
//! `synchronous=FULL` kept, so a quiet server pays nothing for grouping. Otherwise it leaves the
//! group open for the next unit and waits to be told how the group ended. A unit's `commit`
//! returns only then: a request is acknowledged once its write is durable, and if the commit
//! fails every unit of the group gets the error.
//!
//! Whoever leaves a group open without committing it (a unit dropped mid-way, a waiting unit
//! whose request went away, a unit that could not begin) wakes the committer task, which queues
//! for the writer like a unit and commits what the group holds, so no unit waits for ever.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Executor};
use time::OffsetDateTime;
use tokio::sync::{Mutex, Notify, OwnedMutexGuard, watch};

use crate::platform::audit::{self, AuditEvent};

/// Units in one group at most. A unit of the group is acknowledged only when the last is done,
/// so a large group delays its first units; on this machine (BENCHMARKS.md) a unit's own
/// statements cost more than the commit, and 4 gave most of the throughput of 32 (1,978 against
/// 2,145 saves/s) with far less delay in bursts (median 2.6 ms against 4.4 ms at 1,000 saves/s).
const MAX_GROUP: usize = 4;

/// How a group ended: `None` while it is open.
type Outcome = Option<Result<(), Arc<str>>>;

/// The writer of one SQLite database, shared by every clone of its `Db`.
#[derive(Debug, Clone)]
pub(super) struct Writer {
    slot: Arc<Mutex<Group>>,
    pool: AnyPool,
    wake: Arc<Notify>,
    counts: Arc<Counts>,
    /// Units queued for the writer right now.
    waiting: Arc<AtomicUsize>,
    _committer: Arc<CommitterHandle>,
}

/// Units and groups committed since start, to show how well writes group.
#[derive(Debug, Default)]
pub struct Counts {
    pub units: AtomicU64,
    pub groups: AtomicU64,
}

/// The open group, if any, behind the writer's lock.
#[derive(Debug)]
struct Group {
    /// The connection whose transaction holds the group.
    conn: Option<PoolConnection<Any>>,
    /// A unit began and was dropped before releasing its savepoint: roll it back first.
    unit_open: bool,
    /// Units released into the open group.
    released: usize,
    /// Where the group's outcome is told to its units.
    outcome: watch::Sender<Outcome>,
    /// The audit entries of the units released into the group, chained just before it commits.
    audit: Vec<(AuditEvent, OffsetDateTime)>,
}

/// Counts a unit as waiting for the writer until it has it. One that gives up waiting (its
/// request went away) wakes the committer: the unit before it may have left the group to it.
struct Waiting<'a> {
    writer: &'a Writer,
    served: bool,
}

impl<'a> Waiting<'a> {
    fn enter(writer: &'a Writer) -> Self {
        writer.waiting.fetch_add(1, Ordering::AcqRel);
        Waiting { writer, served: false }
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.writer.waiting.fetch_sub(1, Ordering::AcqRel);
        if !self.served {
            self.writer.wake.notify_one();
        }
    }
}

/// Stops the committer task when the last clone of the writer goes.
#[derive(Debug)]
struct CommitterHandle {
    stop: Arc<AtomicBool>,
    wake: Arc<Notify>,
}

impl Drop for CommitterHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        self.wake.notify_one();
    }
}

impl Writer {
    /// The writer, with its committer running on the current tokio runtime.
    pub(super) fn start(pool: AnyPool) -> Writer {
        let group =
            Group { conn: None, unit_open: false, released: 0, outcome: watch::channel(None).0, audit: Vec::new() };
        let slot = Arc::new(Mutex::new(group));
        let wake = Arc::new(Notify::new());
        let stop = Arc::new(AtomicBool::new(false));
        let counts = Arc::new(Counts::default());
        tokio::spawn(committer(slot.clone(), wake.clone(), stop.clone(), counts.clone()));
        let handle = Arc::new(CommitterHandle { stop, wake: wake.clone() });
        Writer { slot, pool, wake, counts, waiting: Arc::new(AtomicUsize::new(0)), _committer: handle }
    }

    /// (units, groups) committed so far.
    pub(super) fn counts(&self) -> (u64, u64) {
        (self.counts.units.load(Ordering::Relaxed), self.counts.groups.load(Ordering::Relaxed))
    }

    /// Waits for the writer and opens a unit in the current group (opening the group if none).
    pub(super) async fn begin(&self) -> Result<Unit, sqlx::Error> {
        let mut queued = Waiting::enter(self);
        let group = self.slot.clone().lock_owned().await;
        queued.served = true;
        drop(queued);
        // From here on, the unit's Drop wakes the committer if this goes no further.
        let mut unit = Unit { group: Some(group), writer: self.clone() };
        let group = unit.group.as_mut().expect("just taken");
        group.roll_back_abandoned_unit().await;
        if group.conn.is_none() {
            let mut conn = self.pool.acquire().await?;
            // One round trip to the writer's thread for both statements.
            if let Err(e) = conn.execute("BEGIN IMMEDIATE; SAVEPOINT unit").await {
                // Best effort: the connection goes back to the pool with no transaction open.
                let _ = conn.execute("ROLLBACK").await;
                return Err(e);
            }
            group.conn = Some(conn);
            group.outcome = watch::channel(None).0;
        } else {
            group.connection_mut().execute("SAVEPOINT unit").await?;
        }
        group.unit_open = true;
        Ok(unit)
    }
}

impl Group {
    fn connection_mut(&mut self) -> &mut AnyConnection {
        self.conn.as_deref_mut().expect("a unit runs only in an open group")
    }

    /// Rolls back the savepoint of a unit that was dropped mid-way; if even that fails, the
    /// group cannot be trusted and fails as a whole.
    async fn roll_back_abandoned_unit(&mut self) {
        if !self.unit_open {
            return;
        }
        self.unit_open = false;
        let conn = self.connection_mut();
        let undone = match conn.execute("ROLLBACK TO SAVEPOINT unit").await {
            Ok(_) => conn.execute("RELEASE SAVEPOINT unit").await.map(|_| ()),
            Err(e) => Err(e),
        };
        if let Err(e) = undone {
            tracing::error!(error = %e, "could not roll back one unit of a group commit; the group is rolled back");
            self.end(Err(e)).await;
        }
    }

    /// Commits the open group, if any, with its units' audit entries, and tells its units.
    /// Whether there was one.
    async fn commit(&mut self) -> bool {
        self.roll_back_abandoned_unit().await;
        let entries = std::mem::take(&mut self.audit);
        let Some(conn) = self.conn.as_mut() else { return false };
        let committed = match audit::append_all(conn, entries).await {
            Ok(_) => conn.execute("COMMIT").await.map(|_| ()),
            Err(e) => Err(e),
        };
        self.end(committed).await;
        true
    }

    /// Ends the open group with `result` (rolling back on an error) and tells its units.
    async fn end(&mut self, result: Result<(), sqlx::Error>) {
        let Some(mut conn) = self.conn.take() else { return };
        if result.is_err() {
            // Best effort: the transaction may already be gone with the error.
            let _ = conn.execute("ROLLBACK").await;
        }
        self.released = 0;
        self.audit.clear();
        self.outcome.send_replace(Some(result.map_err(|e| Arc::from(e.to_string()))));
    }
}

/// Commits a group that its last unit left open (see the module comment).
async fn committer(slot: Arc<Mutex<Group>>, wake: Arc<Notify>, stop: Arc<AtomicBool>, counts: Arc<Counts>) {
    loop {
        wake.notified().await;
        if stop.load(Ordering::Acquire) {
            return;
        }
        if slot.lock().await.commit().await {
            counts.groups.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// One unit of work in a group: a savepoint in the group's transaction.
#[derive(Debug)]
pub(super) struct Unit {
    group: Option<OwnedMutexGuard<Group>>,
    writer: Writer,
}

impl Unit {
    pub(super) fn connection(&self) -> &AnyConnection {
        self.group.as_ref().and_then(|g| g.conn.as_deref()).expect("a unit runs only in an open group")
    }

    pub(super) fn connection_mut(&mut self) -> &mut AnyConnection {
        self.group.as_mut().expect("a unit in use holds the writer").connection_mut()
    }

    /// Keeps this unit's writes and its audit entries in the group and returns once the group
    /// is durable.
    pub(super) async fn commit(mut self, audit: Vec<(AuditEvent, OffsetDateTime)>) -> Result<(), sqlx::Error> {
        let group = self.group.as_mut().expect("a unit commits once");
        // On an error the savepoint stays open and Drop hands the group on.
        group.connection_mut().execute("RELEASE SAVEPOINT unit").await?;
        group.unit_open = false;
        group.audit.extend(audit);
        group.released += 1;
        self.writer.counts.units.fetch_add(1, Ordering::Relaxed);
        let mut outcome = group.outcome.subscribe();
        if self.writer.waiting.load(Ordering::Acquire) == 0 || group.released >= MAX_GROUP {
            group.commit().await;
            self.writer.counts.groups.fetch_add(1, Ordering::Relaxed);
        }
        // Others are queued: the next one joins this group and commits it, or leaves it on.
        drop(self.group.take());
        let told = outcome.wait_for(Option::is_some).await.map(|o| o.clone());
        match told {
            Ok(Some(Ok(()))) => Ok(()),
            Ok(Some(Err(why))) => Err(sqlx::Error::Protocol(format!("the group commit failed: {why}"))),
            Ok(None) | Err(_) => Err(sqlx::Error::Protocol("the group commit ended without an outcome".into())),
        }
    }
}

impl Drop for Unit {
    fn drop(&mut self) {
        // Not committed (an error, or the request went away): the group may be left with
        // this unit's savepoint open and with units released into it. The next holder of the
        // writer rolls the savepoint back; the committer makes sure someone holds it next.
        if self.group.take().is_some() {
            self.writer.wake.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Db, WriteTx};
    use crate::platform::config::{DatabaseSettings, DatabaseUrl, SqliteSynchronous};

    async fn fresh() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let url = format!("sqlite://{}", dir.path().join("group.sqlite").display());
        let settings = DatabaseSettings {
            url: DatabaseUrl::parse(&url).expect("a SQLite URL"),
            max_connections: 4,
            sqlite_synchronous: SqliteSynchronous::Full,
        };
        let db = Db::connect(&settings).await.expect("connects");
        sqlx::query("CREATE TABLE t (v INTEGER PRIMARY KEY)").execute(db.pool()).await.expect("a table");
        (dir, db)
    }

    async fn insert(tx: &mut WriteTx, v: i64) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO t (v) VALUES ($1)").bind(v).execute(&mut **tx).await.map(|_| ())
    }

    async fn stored(db: &Db) -> Vec<i64> {
        sqlx::query_scalar("SELECT v FROM t ORDER BY v").fetch_all(db.pool()).await.expect("reads")
    }

    /// Many units at once: each commit returns only when its row is visible to other
    /// connections (committed), a failing unit (a duplicate key) gets its error alone and
    /// leaves nothing, and a unit dropped mid-way leaves nothing either.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_group_commits_its_good_units_and_only_the_bad_one_fails() {
        let (_dir, db) = fresh().await;
        let mut tasks = Vec::new();
        for v in 0..64_i64 {
            let db = db.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = db.write().await?;
                insert(&mut tx, v).await?;
                match v % 8 {
                    // A second row that collides with the first: this unit fails after a write.
                    3 => insert(&mut tx, v).await?,
                    // Abandoned after a write, as when a request goes away.
                    5 => return Ok(false),
                    _ => {}
                }
                tx.commit().await?;
                let seen: Option<i64> =
                    sqlx::query_scalar("SELECT v FROM t WHERE v = $1").bind(v).fetch_optional(db.pool()).await?;
                assert_eq!(seen, Some(v), "acknowledged but not committed");
                Ok::<bool, sqlx::Error>(true)
            }));
        }
        let mut expected = Vec::new();
        for (v, task) in (0..64_i64).zip(tasks) {
            match (v % 8, task.await.expect("no panic")) {
                (3, Err(e)) => assert!(e.to_string().contains("UNIQUE"), "{e}"),
                (5, Ok(false)) => {}
                (_, Ok(true)) => expected.push(v),
                (_, other) => panic!("unit {v}: {other:?}"),
            }
        }
        assert_eq!(stored(&db).await, expected);
        let (units, groups) = db.write_counts().expect("SQLite groups its writes");
        assert_eq!(units, expected.len() as u64);
        assert!(groups < units, "{units} units were committed in {groups} groups: none was shared");
    }

    /// A unit that reads what it wrote sees it, and later units of the group see it too.
    #[tokio::test]
    async fn units_read_their_own_writes_and_those_before_them() {
        let (_dir, db) = fresh().await;
        let mut first = db.write().await.expect("a unit");
        insert(&mut first, 1).await.expect("writes");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(&mut *first).await.expect("reads");
        assert_eq!(n, 1);
        first.commit().await.expect("commits");
        let mut second = db.write().await.expect("a unit");
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM t").fetch_one(&mut *second).await.expect("reads");
        assert_eq!(n, 1);
        drop(second);
        assert_eq!(stored(&db).await, vec![1]);
    }
}
