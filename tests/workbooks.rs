//! Workbooks read as an analyst sees them: a date only as precisely as its cell's format shows
//! it. The files are written by
//! `tests/data/workbooks/make.py` (see the README there).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use timeband::load::{Loaded, load_path};
use timeband::model::time::Precision;

fn load(file: &str) -> Loaded {
    load_path(&Path::new("tests/data/workbooks").join(file)).unwrap()
}

/// Each event's title, its time as written, and its precision.
fn times(l: &Loaded) -> Vec<(String, String, Precision)> {
    let d = &l.dataset;
    d.events
        .iter()
        .map(|e| {
            (
                d.title(e).to_string(),
                e.time.written.to_string(),
                e.time.precision,
            )
        })
        .collect()
}

fn problems(l: &Loaded) -> Vec<String> {
    l.problems
        .iter()
        .map(|p| format!("{}:{}: {}", p.location.line, p.location.column, p.message))
        .collect()
}

#[test]
fn a_date_is_read_as_precisely_as_its_cells_format_shows_it() {
    let l = load("dates.xlsx");
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    let t = |title: &str, written: &str, p: Precision| (title.into(), written.into(), p);
    assert_eq!(
        times(&l),
        [
            // Typed as a month (`Mar-20`): Excel stores 1 March 2020; the sheet shows March.
            t("month mmm-yy", "2020-03", Precision::Month),
            t("month mmmm yyyy", "2021-07", Precision::Month),
            t("year yyyy", "2019", Precision::Year),
            t("day dd/mm/yyyy", "2020-04-03", Precision::Day),
            t("day and minute", "2020-04-03T14:30", Precision::Minute),
            t("day and second", "2020-04-03T23:59:59", Precision::Second),
            // The cell holds 17:45; its format shows the day alone.
            t("time hidden", "2020-04-03", Precision::Day),
            t("built-in day", "2021-07-09", Precision::Day),
            t("month in Excel's own code", "2022-11", Precision::Month),
        ]
    );
}

#[test]
fn a_day_shown_with_no_year_is_left_out_never_given_the_year_it_was_typed_in() {
    // `12-Mar` typed in 2025 holds 12 March 2025; the sheet shows no year.
    let l = load("no-year.xlsx");
    assert!(l.dataset.events.is_empty(), "{:?}", times(&l));
    let said = problems(&l);
    assert!(
        said.iter()
            .any(|p| p.starts_with("2:2: ") && p.contains("`12-Mar`") && p.contains("no year")),
        "{said:#?}"
    );
    assert!(said.iter().all(|p| !p.contains("2025")), "{said:#?}");
}
