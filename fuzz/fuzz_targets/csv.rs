//! The loaders on anything that looks like CSV (seeded with CSV and ACLED files).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = timeband::load::load_bytes("fuzz.csv", data) {
        let _ = timeband::index::Indexed::new(std::sync::Arc::new(loaded.dataset));
    }
});
