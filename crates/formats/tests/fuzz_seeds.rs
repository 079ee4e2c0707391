//! The fuzzers' seed corpus (fuzz/seeds) holds real inputs: every seed reads without error, so
//! the fuzzers start from the readers' working paths, not from their first refusal.

use std::path::PathBuf;

use kakehashi_formats::guideline::{GuidelineMeta, read_csv, read_yaml};
use kakehashi_formats::{crosswalk_csv, oscal, status};

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds").join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap_or_default()))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds for {target}");
    out
}

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples")
}

#[test]
fn every_seed_reads() {
    for (name, bytes) in seeds("oscal_catalog") {
        oscal::read_catalog(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    for (name, bytes) in seeds("oscal_profile") {
        oscal::read_profile(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    for (name, bytes) in seeds("oscal_mapping") {
        oscal::read_mapping_collection(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    for (name, bytes) in seeds("crosswalk_csv") {
        crosswalk_csv::read(&name, &bytes, None).unwrap_or_else(|e| panic!("{e}"));
    }
    for (name, bytes) in seeds("status_csv") {
        status::read(&name, &bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    let meta = GuidelineMeta { title: "t".into(), version: "1".into(), issuer: None, licence_note: None };
    for (name, bytes) in seeds("guideline_csv") {
        read_csv(&name, &bytes, meta.clone(), "ja").unwrap_or_else(|e| panic!("{e}"));
    }
    for (name, bytes) in seeds("evidence_sniff") {
        kakehashi_domain::assess::evidence::FileType::sniff(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    // The guideline fuzzers also start from the documented examples.
    let csv = std::fs::read(examples().join("guideline.csv")).unwrap_or_default();
    read_csv("guideline.csv", &csv, meta, "ja").unwrap_or_else(|e| panic!("{e}"));
    let yaml = std::fs::read(examples().join("guideline.yaml")).unwrap_or_default();
    read_yaml("guideline.yaml", &yaml).unwrap_or_else(|e| panic!("{e}"));
}
