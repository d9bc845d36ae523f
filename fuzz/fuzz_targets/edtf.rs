//! The EDTF parser: any text, never a panic; valid results have ordered bounds.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(t) = timeband::model::edtf::parse(text)
        && let (Some(a), Some(b)) = (t.strict_earliest.instant(), t.strict_latest.instant())
    {
        assert!(a <= b, "{text}: strict bounds out of order");
        let _ = t.describe();
    }
});
