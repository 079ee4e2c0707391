//! OSCAL mapping collections: never a panic, and an accepted one has mappings.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(crosswalk) = kakehashi_formats::oscal::read_mapping_collection("fuzz", bytes) {
        assert!(crosswalk.records.iter().all(|r| !r.sources.is_empty()), "a mapping without a source");
    }
});
