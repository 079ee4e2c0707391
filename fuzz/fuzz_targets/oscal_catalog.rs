//! OSCAL catalogs (JSON and XML): never a panic, and what is accepted is a valid catalog.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(catalog) = kakehashi_formats::oscal::read_catalog("fuzz", bytes) {
        assert!(catalog.validate().is_ok(), "accepted an invalid catalog");
    }
});
