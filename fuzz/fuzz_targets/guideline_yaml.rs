//! The guideline form in YAML: never a panic, and what is accepted is a valid catalog.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(catalog) = kakehashi_formats::guideline::read_yaml("fuzz.yaml", bytes) {
        assert!(catalog.validate().is_ok(), "accepted an invalid catalog");
    }
});
