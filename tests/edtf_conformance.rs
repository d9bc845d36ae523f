//! Runs every case of the EDTF conformance corpus (tests/data/edtf, from edtf.js and edtf-core)
//! and requires at least 95% outside the implementation-defined categories its README lists.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use timeband::model::edtf;
use timeband::model::time::format_iso_date;

/// The README's implementation-defined categories.
fn implementation_defined(input: &str) -> bool {
    let season = input.len() >= 7
        && input.split('/').any(|part| {
            let p = part.trim_matches(|c| "?~%".contains(c));
            p.len() == 7
                && p.get(4..5) == Some("-")
                && matches!(p.get(5..7), Some("21" | "22" | "23" | "24"))
        });
    let significant = input.contains('S');
    let bare = {
        let body = input
            .trim_start_matches('-')
            .trim_end_matches(['?', '~', '%']);
        (body.len() == 2 || body.len() == 3) && body.chars().all(|c| c.is_ascii_digit())
    };
    let fractional = input.contains('T') && input.contains('.');
    let t24 = input.contains("T24");
    let offset_no_colon = input.contains('T') && {
        let tail = input.rsplit(['+', '-']).next().unwrap_or("");
        (input.rfind('+').is_some() || input.matches('-').count() > 2)
            && !tail.contains(':')
            && !tail.is_empty()
            && tail.chars().all(|c| c.is_ascii_digit())
    };
    let unknown_end = input.starts_with('/') || input.ends_with('/');
    season || significant || bare || fractional || t24 || offset_no_colon || unknown_end
}

#[test]
fn edtf_conformance_corpus_passes_at_least_95_percent() {
    let tsv = include_str!("data/edtf/cases.tsv");
    let (mut total, mut passed, mut impl_total, mut impl_passed) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (input, valid, lower, upper) = (cols[0], cols[1] == "1", cols[2], cols[3]);
        let result = edtf::parse(input);
        let ok = match (&result, valid) {
            (Ok(t), true) => {
                let lo = t
                    .strict_earliest
                    .instant()
                    .map(format_iso_date)
                    .unwrap_or_default();
                let hi = t
                    .strict_latest
                    .instant()
                    .map(format_iso_date)
                    .unwrap_or_default();
                (lower.is_empty() || lo == lower) && (upper.is_empty() || hi == upper)
            }
            (Err(_), false) => true,
            _ => false,
        };
        if implementation_defined(input) {
            impl_total += 1;
            impl_passed += usize::from(ok);
        } else {
            total += 1;
            passed += usize::from(ok);
            if !ok {
                failures.push(format!(
                    "{input:?} valid={valid} expected {lower}..{upper} got {result:?}"
                ));
            }
        }
    }
    let rate = passed as f64 / total as f64 * 100.0;
    println!(
        "EDTF conformance: {passed}/{total} = {rate:.1}% outside implementation-defined; implementation-defined {impl_passed}/{impl_total}"
    );
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert!(rate >= 95.0, "conformance {rate:.1}% < 95%");
}
