//! Status lists (id, active/withdrawn): never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let _ = kakehashi_formats::status::read("fuzz.csv", bytes);
});
