//! OSCAL profiles (JSON and XML): never a panic, and an accepted profile imports something.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(profile) = kakehashi_formats::oscal::read_profile("fuzz", bytes) {
        assert!(!profile.imports.is_empty(), "accepted a profile without imports");
        assert!(!profile.imports_itself(), "accepted a profile that imports itself");
    }
});
