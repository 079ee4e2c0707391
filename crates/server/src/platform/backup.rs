//! Backup and restore of a SQLite installation: a consistent snapshot of the database
//! (`VACUUM INTO`, taken while the service runs) and the evidence files it refers to, each
//! copied with its SHA-256 checked, in one folder with a manifest. A restore checks the
//! backup whole first (the audit log's hash chain, every file's SHA-256) and changes nothing
//! if any of it fails. PostgreSQL has its own tools for this; the error says how.
//!
//! The key file (`keys.file`) is not in a backup: it is kept apart, so that a stolen backup
//! does not hold the keys to the secrets sealed in it.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use sqlx::Row;

use super::audit::{self, Verification};
use super::config::{DatabaseSettings, DatabaseUrl, Settings, SqliteSynchronous};
use super::db::{Backend, Db, DbError};
use super::hex;

/// The snapshot's name in a backup folder.
pub const DATABASE_FILE: &str = "kakehashi.sqlite";
/// The folder of evidence files in a backup, laid out as `files.dir` is.
pub const FILES_DIR: &str = "files";
/// What the backup holds, as JSON.
pub const MANIFEST: &str = "backup.json";

const POSTGRES_GUIDANCE: &str = "back the database up with `pg_dump --format=custom --file=kakehashi.dump \"$DATABASE_URL\"` \
and copy files.dir (and, apart, keys.file) at the same time; restore with `pg_restore --clean --dbname=\"$DATABASE_URL\" kakehashi.dump`, \
then run `kakehashi audit verify`";

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("PostgreSQL is backed up with its own tools: {POSTGRES_GUIDANCE}")]
    Postgres,
    #[error("{0} is not empty: back up into a new folder")]
    NotEmpty(PathBuf),
    #[error("{0} holds no backup ({DATABASE_FILE} is missing)")]
    NoBackup(PathBuf),
    #[error("the database to restore into ({0}) exists already: restore into a new file, or move it away first")]
    TargetExists(PathBuf),
    #[error("the backup's audit log is broken at entry {seq}: {reason}")]
    AuditBroken { seq: i64, reason: String },
    #[error("the file {sha256} of organisation {org} is missing from the backup or changed")]
    FileBroken { org: String, sha256: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("database: {0}")]
    Sql(#[from] sqlx::Error),
}

/// What a backup holds (and a restore brought back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub audit_entries: i64,
    pub files: u64,
    pub bytes: u64,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io { path: path.to_path_buf(), source }
}

/// Writes a backup of `db` and the evidence files under `files_dir` into the new folder `to`.
pub async fn backup(db: &Db, files_dir: &Path, to: &Path) -> Result<Report, BackupError> {
    if db.backend() == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    if std::fs::read_dir(to).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(BackupError::NotEmpty(to.to_path_buf()));
    }
    std::fs::create_dir_all(to).map_err(io(to))?;
    let snapshot = to.join(DATABASE_FILE);
    sqlx::query("VACUUM INTO $1").bind(snapshot.display().to_string()).execute(db.pool()).await?;
    let snapshot_db = open_sqlite(&snapshot).await?;
    let result = copy_checked(&snapshot_db, files_dir, &to.join(FILES_DIR)).await;
    snapshot_db.close().await;
    let report = result?;
    let manifest = serde_json::json!({
        "format": "kakehashi-backup-1",
        "database": DATABASE_FILE,
        "files": FILES_DIR,
        "audit_entries": report.audit_entries,
        "file_count": report.files,
        "file_bytes": report.bytes,
        "keys": "not included: keep keys.file apart",
    });
    let path = to.join(MANIFEST);
    std::fs::write(&path, serde_json::to_vec_pretty(&manifest).unwrap_or_default()).map_err(io(&path))?;
    Ok(report)
}

/// Restores the backup in `from` into the database and files folder `settings` name. The
/// database must not exist yet. Nothing is written unless the whole backup checks out.
pub async fn restore(from: &Path, settings: &Settings) -> Result<Report, BackupError> {
    let target = match settings.database.url.kind() {
        super::config::DatabaseKind::Postgres => return Err(BackupError::Postgres),
        super::config::DatabaseKind::Sqlite => settings.database.url.sqlite_path(),
    };
    let target = target.ok_or_else(|| BackupError::TargetExists(PathBuf::from(":memory:")))?;
    if target.exists() {
        return Err(BackupError::TargetExists(target));
    }
    let snapshot = from.join(DATABASE_FILE);
    if !snapshot.is_file() {
        return Err(BackupError::NoBackup(from.to_path_buf()));
    }
    // Checked on a copy beside the target, so the backup itself is never written to.
    let restoring = target.with_extension("restoring");
    if let Some(folder) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder).map_err(io(folder))?;
    }
    std::fs::copy(&snapshot, &restoring).map_err(io(&restoring))?;
    let db = open_sqlite(&restoring).await?;
    let checked = copy_checked(&db, &from.join(FILES_DIR), &settings.files.dir).await;
    db.close().await;
    match checked {
        Ok(report) => {
            std::fs::rename(&restoring, &target).map_err(io(&target))?;
            Ok(report)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&restoring);
            Err(e)
        }
    }
}

async fn open_sqlite(path: &Path) -> Result<Db, BackupError> {
    let url = DatabaseUrl::parse(&format!("sqlite://{}", path.display()))
        .map_err(|e| BackupError::Io { path: path.to_path_buf(), source: std::io::Error::other(e) })?;
    let settings = DatabaseSettings { url, max_connections: 1, sqlite_synchronous: SqliteSynchronous::Full };
    Ok(Db::connect(&settings).await?)
}

/// Checks `db`'s audit chain, then every file its `evidence_files` lists: first that each is in
/// `from` with its SHA-256, then copies them to `to` (content already there is kept).
async fn copy_checked(db: &Db, from: &Path, to: &Path) -> Result<Report, BackupError> {
    let audit_entries = match audit::verify(db, |_, _| {}).await? {
        Verification::Intact { entries } => entries,
        Verification::Broken { seq, reason } => return Err(BackupError::AuditBroken { seq, reason }),
    };
    let rows =
        sqlx::query("SELECT org_id, sha256 FROM evidence_files ORDER BY org_id, sha256").fetch_all(db.pool()).await?;
    let mut files = Vec::with_capacity(rows.len());
    for row in rows {
        let (org, sha256): (String, String) = (row.try_get("org_id")?, row.try_get("sha256")?);
        let relative = PathBuf::from(&org).join(sha256.get(..2).unwrap_or_default()).join(&sha256);
        let size = sha256_of(&from.join(&relative))
            .ok()
            .filter(|(digest, _)| *digest == sha256)
            .map(|(_, size)| size)
            .ok_or_else(|| BackupError::FileBroken { org: org.clone(), sha256: sha256.clone() })?;
        files.push((relative, size));
    }
    let mut report = Report { audit_entries, files: 0, bytes: 0 };
    for (relative, size) in files {
        let target = to.join(&relative);
        if !target.exists() {
            let folder = target.parent().unwrap_or(to);
            std::fs::create_dir_all(folder).map_err(io(folder))?;
            std::fs::copy(from.join(&relative), &target).map_err(io(&target))?;
            std::fs::File::open(&target).and_then(|f| f.sync_all()).map_err(io(&target))?;
        }
        report.files += 1;
        report.bytes += size;
    }
    Ok(report)
}

/// The SHA-256 (hex) and size of a file, read in pieces.
fn sha256_of(path: &Path) -> std::io::Result<(String, u64)> {
    let mut hasher = HashWriter(Sha256::new());
    let size = std::io::copy(&mut std::fs::File::open(path)?, &mut hasher)?;
    Ok((hex(&hasher.0.finalize()), size))
}

struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.update(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
