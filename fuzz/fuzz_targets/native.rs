//! The loaders on anything that looks like timeband JSON (seeded with native files).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = timeband::load::load_bytes("fuzz.json", data) {
        let _ = timeband::index::Indexed::new(std::sync::Arc::new(loaded.dataset));
    }
});
