//! Uploaded files, kept on disk per organisation and named by their SHA-256, so that the same
//! file uploaded twice is stored once (DESIGN.md, "Files").
//!
//! An upload is streamed to a temporary file while it is hashed and counted, refused as soon
//! as it passes the size limit (memory stays at one chunk), judged by its first bytes, then
//! flushed to disk and renamed into place before the caller records it in the database: a
//! row never points at a file that a crash could lose. A crash between the two leaves at most
//! an unreferenced file.

use std::path::{Path, PathBuf};

use kakehashi_domain::assess::evidence::{EvidenceError, FileType, SNIFF_BYTES};
use kakehashi_domain::ids::OrgId;
use sha2::{Digest, Sha256};
use tokio::fs::{self, File};
use tokio::io::AsyncWriteExt;

use crate::platform::config::FileSettings;
use crate::platform::hex;

/// Where files live, and how large one may be.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
    max_bytes: usize,
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
    #[error("the file is empty")]
    Empty,
    #[error(transparent)]
    Refused(#[from] EvidenceError),
    #[error("file storage: {0}")]
    Io(#[from] std::io::Error),
}

impl FileStore {
    pub fn new(settings: &FileSettings) -> Self {
        Self { dir: settings.dir.clone(), max_bytes: settings.max_file_bytes }
    }

    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Starts receiving one file.
    pub async fn receive(&self) -> Result<Incoming, FileError> {
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
    head: Vec<u8>,
}

impl Incoming {
    /// Adds the next piece; refuses (and forgets everything) once the limit is passed.
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        self.size += chunk.len() as u64;
        if self.size > self.store.max_bytes as u64 {
            return Err(FileError::TooLarge(self.store.max_bytes / (1024 * 1024)));
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
        FileStore::new(&FileSettings { dir: dir.to_path_buf(), max_file_bytes: max })
    }

    #[tokio::test]
    async fn the_same_content_is_stored_once_under_its_hash() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let files = store(dir.path(), 1024);
        let org = OrgId::new();
        let mut stored = Vec::new();
        for _ in 0..2 {
            let mut incoming = files.receive().await?;
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
        let mut incoming = files.receive().await?;
        assert!(matches!(incoming.write(b"0123456789").await, Err(FileError::TooLarge(_))));
        drop(incoming);
        let mut incoming = store(dir.path(), 1024).receive().await?;
        incoming.write(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").await?;
        assert!(matches!(incoming.finish(OrgId::new()).await, Err(FileError::Refused(_))));
        assert_eq!(std::fs::read_dir(dir.path().join(".incoming"))?.count(), 0);
        Ok(())
    }
}
