//! NIST's files in ../shared/catalogs, which tests read in place (they are never copied into
//! the repository).

use std::path::PathBuf;

/// `KAKEHASHI_CATALOGS_DIR`, or `shared/catalogs` beside the checkout, or `/work/shared/catalogs`.
pub fn catalogs_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("KAKEHASHI_CATALOGS_DIR") {
        return PathBuf::from(dir);
    }
    let beside = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/catalogs");
    if beside.is_dir() { beside } else { PathBuf::from("/work/shared/catalogs") }
}

/// The bytes of a file under the catalogs folder (panics with a hint when it is missing).
pub fn file(path: &str) -> Vec<u8> {
    let full = catalogs_dir().join(path);
    std::fs::read(&full)
        .unwrap_or_else(|e| panic!("{}: {e}; set KAKEHASHI_CATALOGS_DIR to the shared catalogs folder", full.display()))
}

pub const SP800_53: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.0.1_catalog.json";
pub const CSF: &str = "nist/csf-2.0/NIST_CSF_v2.0_catalog.xml";
pub const CSF_STATUS: &str = "derived/csf-2.0_core_from_cprt.csv";
pub const SP800_171: &str = "nist/sp800-171r3/NIST_SP800-171_rev3_catalog.xml";
pub const LOW_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_LOW-baseline_profile.json";
pub const MODERATE_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_MODERATE-baseline_profile.json";
pub const HIGH_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_HIGH-baseline_profile.json";
pub const PRIVACY_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_PRIVACY-baseline_profile.json";
