//! Evidence files are judged by their first bytes: never a panic, and whatever is accepted is
//! served as a type a browser will not run. Names from uploads are made safe to show.
#![no_main]

use kakehashi_domain::assess::evidence::{FileType, original_name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(file_type) = FileType::sniff(bytes) {
        let served = file_type.served_as();
        assert!(!served.contains("html") && !served.contains("svg") && !served.contains("xml"));
    }
    let name = original_name(&String::from_utf8_lossy(bytes));
    assert!(!name.is_empty() && !name.contains(['/', '\\', '"']) && !name.chars().any(char::is_control));
});
