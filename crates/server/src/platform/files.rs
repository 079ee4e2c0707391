//! Uploaded files, kept on disk per organisation and named by their SHA-256, so that the same
//! file uploaded twice is stored once (DESIGN.md, "Files").
//!
//! An upload is streamed to a temporary file while it is hashed and counted, refused as soon
//! as it passes the size limit (memory stays at one chunk), judged by its first bytes, then
//! flushed to disk and renamed into place before the caller records it in the database: a
//! row never points at a file that a crash could lose. A crash between the two, or a request
//! refused after its file was stored, leaves at most an unreferenced file; the daily sweep
//! ([`sweep`]) removes those once they are a day old (younger ones may belong to a request
//! still in progress), and temporary files a crash left behind.
//!
//! The registry of stored files is the `evidence_files` table (one row per organisation and
//! content); the bytes it lists count against the organisation's quota.

use std::path::{Path, PathBuf};

use kakehashi_domain::assess::evidence::{EvidenceError, FileType, SNIFF_BYTES};
use kakehashi_domain::ids::OrgId;
use sha2::{Digest, Sha256};
use tokio::fs::{self, File};
use tokio::io::AsyncWriteExt;

use crate::platform::config::FileSettings;
use crate::platform::db::Db;
use crate::platform::hex;
use crate::platform::jobs::{self, NewJob, Outcome, kinds};
use crate::platform::state::AppState;

/// Where files live, how large one may be, and how much one organisation may keep.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
    max_bytes: usize,
    quota_bytes: u64,
}

/// A file safely on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    pub size: u64,
    pub file_type: FileType,
}

#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("the file is larger than {0} MB")]
    TooLarge(usize),
    #[error("the organisation's files would pass its quota of {quota_mb} MB ({used_mb} MB used)")]
    OverQuota { used_mb: u64, quota_mb: u64 },
    #[error("the file is empty")]
    Empty,
    #[error(transparent)]
    Refused(#[from] EvidenceError),
    #[error("file storage: {0}")]
    Io(#[from] std::io::Error),
}

impl FileStore {
    pub fn new(settings: &FileSettings) -> Self {
        Self {
            dir: settings.dir.clone(),
            max_bytes: settings.max_file_bytes,
            quota_bytes: settings.quota_bytes_per_org,
        }
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Starts receiving one file for `org`, within what its quota has left.
    pub async fn receive_for(&self, db: &Db, org: OrgId) -> Result<Incoming, FileError> {
        let used = used_bytes(db, org).await.map_err(|e| FileError::Io(std::io::Error::other(e)))?;
        self.receive(Some(used)).await
    }

    /// Starts receiving one file; `used` is what its organisation already keeps, if the quota
    /// applies.
    async fn receive(&self, used: Option<u64>) -> Result<Incoming, FileError> {
        let folder = self.dir.join(".incoming");
        fs::create_dir_all(&folder).await?;
        let path = folder.join(uuid::Uuid::now_v7().simple().to_string());
        let file = File::create(&path).await?;
        Ok(Incoming {
            store: self.clone(),
            path: Some(path),
            file,
            hasher: Sha256::new(),
            size: 0,
            used,
            head: Vec::with_capacity(SNIFF_BYTES),
        })
    }

    /// The stored content of `sha256` for `org`, if present.
    pub async fn open(&self, org: OrgId, sha256: &str) -> Result<Option<File>, std::io::Error> {
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        match File::open(self.path_of(org, sha256)).await {
            Ok(f) => Ok(Some(f)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn path_of(&self, org: OrgId, sha256: &str) -> PathBuf {
        self.dir.join(org.to_string()).join(&sha256[..2]).join(sha256)
    }
}

/// A file being received. Dropped without [`Incoming::finish`], its temporary file is removed.
#[derive(Debug)]
pub struct Incoming {
    store: FileStore,
    path: Option<PathBuf>,
    file: File,
    hasher: Sha256,
    size: u64,
    used: Option<u64>,
    head: Vec<u8>,
}

impl Incoming {
    /// Adds the next piece; refuses (and forgets everything) once the limit is passed.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        self.size += chunk.len() as u64;
        if self.size > self.store.max_bytes as u64 {
            return Err(FileError::TooLarge(self.store.max_bytes / (1024 * 1024)));
        }
        if let Some(used) = self.used
            && used.saturating_add(self.size) > self.store.quota_bytes
        {
            return Err(FileError::OverQuota { used_mb: used >> 20, quota_mb: self.store.quota_bytes >> 20 });
        }
        let wanted = SNIFF_BYTES.saturating_sub(self.head.len()).min(chunk.len());
        self.head.extend_from_slice(&chunk[..wanted]);
        self.hasher.update(chunk);
        self.file.write_all(chunk).await?;
        Ok(())
    }

    /// Judges the content, makes it durable and moves it into place under `org`.
    pub async fn finish(mut self, org: OrgId) -> Result<StoredFile, FileError> {
        if self.size == 0 {
            return Err(FileError::Empty);
        }
        let file_type = FileType::sniff(&self.head)?;
        self.file.flush().await?;
        self.file.sync_all().await?;
        let sha256 = hex(&self.hasher.clone().finalize());
        let target = self.store.path_of(org, &sha256);
        let folder = target.parent().map(Path::to_path_buf).unwrap_or_default();
        fs::create_dir_all(&folder).await?;
        let temp = self.path.take().unwrap_or_default();
        if fs::try_exists(&target).await? {
            fs::remove_file(&temp).await?;
        } else {
            fs::rename(&temp, &target).await?;
            sync_folder(&folder).await?;
        }
        Ok(StoredFile { sha256, size: self.size, file_type })
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            // Best effort: an unfinished upload leaves nothing the database refers to.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// The bytes `org` keeps: each stored content once.
pub async fn used_bytes(db: &Db, org: OrgId) -> Result<u64, sqlx::Error> {
    // PostgreSQL sums BIGINTs as NUMERIC: cast back, for one type on both databases.
    let total: Option<i64> =
        sqlx::query_scalar("SELECT CAST(SUM(size) AS BIGINT) FROM evidence_files WHERE org_id = $1")
            .bind(org.to_string())
            .fetch_one(db.pool())
            .await?;
    Ok(total.unwrap_or(0).max(0) as u64)
}

/// Files younger than this are left alone by the sweep: their request may not have committed.
pub const SWEEP_AFTER: std::time::Duration = std::time::Duration::from_secs(24 * 60 * 60);

/// What a sweep removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Swept {
    /// Stored files no row refers to.
    pub unreferenced: u64,
    /// Temporary files of uploads a crash interrupted.
    pub interrupted: u64,
}

/// Removes stored files older than [`SWEEP_AFTER`] that no `evidence_files` row lists, and
/// temporary files as old. Ages are the files' own times on disk (the system clock: they are
/// not part of the data).
pub async fn sweep(store: &FileStore, db: &Db) -> anyhow::Result<Swept> {
    let mut swept = Swept::default();
    let mut orgs = match fs::read_dir(&store.dir).await {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(swept),
        Err(e) => return Err(e.into()),
    };
    while let Some(entry) = orgs.next_entry().await? {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == ".incoming" {
            swept.interrupted += remove_old_files(&entry.path(), |_| async { Ok(false) }).await?;
        } else if let Ok(org) = name.parse::<OrgId>() {
            let referenced = |sha: String| async move { is_referenced(db, org, &sha).await };
            for prefix in read_dirs(&entry.path()).await? {
                swept.unreferenced += remove_old_files(&prefix, referenced).await?;
            }
        }
    }
    Ok(swept)
}

async fn is_referenced(db: &Db, org: OrgId, sha256: &str) -> anyhow::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evidence_files WHERE org_id = $1 AND sha256 = $2")
        .bind(org.to_string())
        .bind(sha256)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

async fn read_dirs(folder: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut entries = fs::read_dir(folder).await?;
    while let Some(entry) = entries.next_entry().await? {
        if entry.file_type().await?.is_dir() {
            found.push(entry.path());
        }
    }
    Ok(found)
}

/// Removes the files of `folder` older than [`SWEEP_AFTER`] that `keep` (given the name)
/// does not keep; returns how many.
async fn remove_old_files<F, Fut>(folder: &Path, keep: F) -> anyhow::Result<u64>
where
    F: Fn(String) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<bool>>,
{
    let mut removed = 0;
    let mut entries = fs::read_dir(folder).await?;
    while let Some(entry) = entries.next_entry().await? {
        let meta = entry.metadata().await?;
        let age = meta.modified()?.elapsed().unwrap_or_default();
        if !meta.is_file() || age < SWEEP_AFTER {
            continue;
        }
        if !keep(entry.file_name().to_string_lossy().into_owned()).await? {
            fs::remove_file(entry.path()).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// How often the sweep runs.
const SWEEP_EVERY: time::Duration = time::Duration::days(1);

/// Makes sure the daily sweep is scheduled (called at start; idempotent).
pub async fn schedule_sweep(state: &AppState) -> Result<(), sqlx::Error> {
    let now = state.now();
    let mut tx = state.db().write().await?;
    let job = NewJob {
        kind: kinds::SWEEP_FILES,
        payload: serde_json::json!({}),
        run_at: now + SWEEP_EVERY,
        unique_key: Some(kinds::SWEEP_FILES.to_owned()),
    };
    jobs::store::enqueue(&mut tx, job, now).await?;
    tx.commit().await
}

/// The job: one sweep, then again a day later.
pub async fn sweep_job(state: &AppState) -> anyhow::Result<Outcome> {
    let swept = sweep(&state.files(), state.db()).await?;
    tracing::info!(unreferenced = swept.unreferenced, interrupted = swept.interrupted, "file sweep");
    Ok(Outcome::RunAgainAt(state.now() + SWEEP_EVERY))
}

/// Makes a rename durable (the folder entry itself is flushed).
async fn sync_folder(folder: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    File::open(folder).await?.sync_all().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, max: usize) -> FileStore {
        FileStore::new(&FileSettings { dir: dir.to_path_buf(), max_file_bytes: max, quota_bytes_per_org: 1 << 30 })
    }

    #[tokio::test]
    async fn the_same_content_is_stored_once_under_its_hash() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let files = store(dir.path(), 1024);
        let org = OrgId::new();
        let mut stored = Vec::new();
        for _ in 0..2 {
            let mut incoming = files.receive(None).await?;
            incoming.write(b"%PDF-1.7\n").await?;
            incoming.write(b"rest").await?;
            stored.push(incoming.finish(org).await?);
        }
        assert_eq!(stored[0], stored[1]);
        assert_eq!(stored[0].sha256, hex(&Sha256::digest(b"%PDF-1.7\nrest")));
        assert_eq!(stored[0].file_type, FileType::Pdf);
        assert!(files.open(org, &stored[0].sha256).await?.is_some());
        assert!(files.open(OrgId::new(), &stored[0].sha256).await?.is_none());
        assert!(files.open(org, "../../etc/passwd").await?.is_none());
        let leftovers = std::fs::read_dir(dir.path().join(".incoming"))?.count();
        assert_eq!(leftovers, 0);
        Ok(())
    }

    #[tokio::test]
    async fn too_large_or_refused_files_leave_nothing_behind() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let files = store(dir.path(), 8);
        let mut incoming = files.receive(None).await?;
        assert!(matches!(incoming.write(b"0123456789").await, Err(FileError::TooLarge(_))));
        drop(incoming);
        let mut incoming = store(dir.path(), 1024).receive(None).await?;
        incoming.write(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").await?;
        assert!(matches!(incoming.finish(OrgId::new()).await, Err(FileError::Refused(_))));
        assert_eq!(std::fs::read_dir(dir.path().join(".incoming"))?.count(), 0);
        Ok(())
    }
}
