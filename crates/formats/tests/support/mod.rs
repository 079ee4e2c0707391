//! Shared by the tests that read NIST's real files.

use std::path::PathBuf;

/// Where NIST's files are: `KAKEHASHI_CATALOGS_DIR`, or `shared/catalogs` beside the checkout.
pub fn catalogs_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("KAKEHASHI_CATALOGS_DIR") {
        return PathBuf::from(dir);
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/catalogs");
    if beside.is_dir() { beside } else { PathBuf::from("/work/shared/catalogs") }
}
