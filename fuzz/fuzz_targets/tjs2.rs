//! The TimelineJS2 JSON loader, forced, on any bytes (seeded with the test files of that format); then
//! detection by content on the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use timeband::load::{Format, load_bytes, load_bytes_as};

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = load_bytes_as("fuzz.json", data, Some(Format::TimelineJs2)) {
        let _ = timeband::index::Indexed::new(std::sync::Arc::new(loaded.dataset));
    }
    let _ = load_bytes("fuzz.json", data);
});
