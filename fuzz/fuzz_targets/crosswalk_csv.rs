//! Crosswalk CSV (ours and NIST's columns, any of the three encodings): never a panic, and
//! every accepted row has a source and a target.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(crosswalk) = kakehashi_formats::crosswalk_csv::read("fuzz.csv", bytes, None) {
        assert!(!crosswalk.records.is_empty());
        assert!(crosswalk.records.iter().all(|r| !r.sources.is_empty() && !r.target.is_empty()));
    }
});
