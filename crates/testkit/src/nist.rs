//! NIST's files, which ship in the repository under `content/catalogs` (see its PROVENANCE.md).

use std::path::PathBuf;

/// `KAKEHASHI_CATALOGS_DIR` when set, else the repository's own `content/catalogs`.
pub fn catalogs_dir() -> PathBuf {
    match std::env::var_os("KAKEHASHI_CATALOGS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/catalogs"),
    }
}

/// The bytes of a file under the catalogs folder (panics with a hint when it is missing).
pub fn file(path: &str) -> Vec<u8> {
    let full = catalogs_dir().join(path);
    std::fs::read(&full).unwrap_or_else(|e| panic!("{}: {e}; NIST's files ship in content/catalogs", full.display()))
}

pub const SP800_53: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.0.1_catalog.json";
pub const CSF: &str = "nist/csf-2.0/NIST_CSF_v2.0_catalog.xml";
pub const CSF_STATUS: &str = "derived/csf-2.0_core_from_cprt.csv";
pub const SP800_171: &str = "nist/sp800-171r3/NIST_SP800-171_rev3_catalog.xml";
pub const LOW_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_LOW-baseline_profile.json";
pub const MODERATE_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_MODERATE-baseline_profile.json";
pub const HIGH_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_HIGH-baseline_profile.json";
pub const PRIVACY_BASELINE: &str = "nist/sp800-53r5/NIST_SP-800-53_rev5.1.1_PRIVACY-baseline_profile.json";

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    /// The shipped files are NIST's bytes as PROVENANCE.md records them: a changed file fails here.
    #[test]
    fn shipped_files_match_their_recorded_checksums() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../content/catalogs");
        let provenance = std::fs::read_to_string(dir.join("PROVENANCE.md")).expect("PROVENANCE.md");
        let rows: Vec<(&str, &str)> = provenance
            .lines()
            .filter_map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let hash = cells.get(3)?.trim_matches('`');
                (hash.len() == 64).then(|| (cells[1].trim_matches('`'), hash))
            })
            .collect();
        assert_eq!(rows.len(), 10, "ten files are recorded");
        for (path, hash) in rows {
            let bytes = std::fs::read(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert_eq!(kakehashi_server::platform::hex(&Sha256::digest(&bytes)), hash, "{path}");
        }
    }
}
