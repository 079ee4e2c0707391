//! The guideline form in CSV: never a panic, and what is accepted is a valid catalog.
#![no_main]

use kakehashi_formats::guideline::{GuidelineMeta, read_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let meta = GuidelineMeta { title: "fuzz".into(), version: "1".into(), issuer: None, licence_note: None };
    if let Ok(catalog) = read_csv("fuzz.csv", bytes, meta, "ja") {
        assert!(catalog.validate().is_ok(), "accepted an invalid catalog");
    }
});
