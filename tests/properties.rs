//! Properties that keep the parsers honest between fuzz runs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use proptest::prelude::*;
use timeband::model::Bound;
use timeband::model::edtf;
use timeband::model::time::days_in_month;

fn qualifier() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just(""), Just("?"), Just("~"), Just("%")]
}

/// A valid EDTF date at year, month or day precision, with an optional qualifier.
fn date() -> impl Strategy<Value = String> {
    (
        -9999i64..=9999,
        1u32..=12,
        1u32..=31,
        0..3usize,
        qualifier(),
    )
        .prop_map(|(y, m, d, precision, q)| {
            let year = if y < 0 {
                format!("-{:04}", -y)
            } else {
                format!("{y:04}")
            };
            let year = if year == "-0000" {
                "0000".to_string()
            } else {
                year
            };
            let d = d.min(days_in_month(y, m));
            match precision {
                0 => format!("{year}{q}"),
                1 => format!("{year}-{m:02}{q}"),
                _ => format!("{year}-{m:02}-{d:02}{q}"),
            }
        })
}

fn ordered(points: &[Bound]) -> bool {
    let known: Vec<i64> = points.iter().filter_map(|b| b.instant()).collect();
    known.windows(2).all(|w| w[0] <= w[1])
}

proptest! {
    #[test]
    fn any_valid_date_parses_with_ordered_bounds(s in date()) {
        let t = edtf::parse(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
        prop_assert!(ordered(&[t.earliest_start, t.latest_start]));
        prop_assert!(ordered(&[t.earliest_end, t.latest_end]));
        prop_assert!(ordered(&[t.strict_earliest, t.strict_latest]));
        // Widening never narrows: the strict interval lies within the four points.
        prop_assert!(ordered(&[t.earliest_start, t.strict_earliest]));
        prop_assert!(ordered(&[t.strict_latest, t.latest_end]));
    }

    #[test]
    fn any_ordered_interval_parses_and_ends_after_it_starts(a in date(), b in date()) {
        let (ta, tb) = (edtf::parse(&a).unwrap(), edtf::parse(&b).unwrap());
        let interval = format!("{a}/{b}");
        match edtf::parse(&interval) {
            Ok(t) => {
                prop_assert!(ta.strict_earliest.instant() <= tb.strict_latest.instant());
                prop_assert!(ordered(&[t.strict_earliest, t.strict_latest]));
            }
            Err(e) => prop_assert!(tb.strict_latest.instant() < ta.strict_earliest.instant(), "{interval}: {e}"),
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "[0-9X?~%/.\\-\\[\\]{},TZ:+ YES]{0,40}") {
        let _ = edtf::parse(&s);
    }

    #[test]
    fn arbitrary_bytes_never_panic_the_loaders(bytes in proptest::collection::vec(any::<u8>(), 0..400), prefix in prop_oneof![Just(&b"{\"timeband\": 1, \"events\": ["[..]), Just(&b"{\"events\": ["[..]), Just(&b"title,time\n"[..]), Just(&b""[..])]) {
        let mut input = prefix.to_vec();
        input.extend(bytes);
        let _ = timeband::load::load_bytes("prop", &input);
    }
}

#[test]
fn fuzz_found_slow_inputs_are_fast() {
    // Reproducers the fuzzers flagged as slow, kept so that they stay fast.
    for entry in std::fs::read_dir("tests/data/fuzz").unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let started = std::time::Instant::now();
        if path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("edtf-")
        {
            let _ = edtf::parse(&String::from_utf8_lossy(&bytes));
        } else {
            let _ = timeband::load::load_bytes("fuzz", &bytes);
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(1),
            "{} took {:?}",
            path.display(),
            started.elapsed()
        );
    }
}
