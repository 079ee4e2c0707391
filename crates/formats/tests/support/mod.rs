//! Shared by the tests that read NIST's real files.

use std::path::PathBuf;

/// Where NIST's files are: `KAKEHASHI_CATALOGS_DIR` when set, else the repository's
/// `content/catalogs` (see its PROVENANCE.md).
pub fn catalogs_dir() -> PathBuf {
    match std::env::var_os("KAKEHASHI_CATALOGS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/catalogs"),
    }
}
