//! Workbooks read as an analyst sees them: a date only as precisely as its cell's format (or
//! OpenDocument data style) shows it, a formula that was never computed said rather than read as a silently empty cell, and
//! every cell of a merged range read as its top-left cell. The files are written by
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

/// Each event's title, lane, place and time as written.
fn rows(l: &Loaded) -> Vec<String> {
    let d = &l.dataset;
    d.events
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | {}",
                d.title(e),
                d.lanes[e.lane as usize].label,
                e.place.as_deref().unwrap_or("-"),
                e.time.written
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

#[test]
fn formulas_saved_with_no_value_are_said_once_for_their_column() {
    let l = load("formulas-no-value.xlsx");
    let said = problems(&l);
    assert_eq!(
        said,
        [
            "2:3: 4 cells of the column `end` (the first at row 2, column 3 `=B2+7`) hold formulas with no saved value; they are read as empty: the file was written by a program that does not compute formulas; open it in a spreadsheet program and save it there to have their values"
        ],
    );
    // The events are kept, on their start day.
    assert_eq!(times(&l)[0].1, "2020-01-01");
}

#[test]
fn xls_formulas_saved_with_empty_text_are_said_with_both_causes() {
    // xlwt saves empty text for every formula, as Excel saves a formula whose result is empty:
    // the file cannot tell which.
    let l = load("formulas-no-value.xls");
    let said = problems(&l);
    assert_eq!(
        said,
        [
            "2:3: 2 cells of the column `end` (the first at row 2, column 3 `=B2+7`) hold formulas saved with empty text; they are read as empty: a program that does not compute formulas (xlwt) saves every formula so, as a spreadsheet program saves one whose result is empty; if the file was written by such a program, open it in a spreadsheet program and save it there to have their values"
        ],
    );
    assert_eq!(times(&l)[0].1, "2020-01-01");
}

#[test]
fn an_xlsx_formula_computed_as_empty_text_is_read_as_empty_without_a_word() {
    let l = load("formula-empty-text.xlsx");
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    assert_eq!(l.dataset.events.len(), 2);
}

#[test]
fn formulas_saved_as_zero_in_a_date_column_are_said_not_read_as_midnight() {
    // xlsxwriter saves 0 as each formula's value: day 0 of January 1900.
    let l = load("formulas-zero.xlsx");
    let said = problems(&l);
    assert_eq!(
        said,
        [
            "2:3: 3 cells of the column `end` (the first at row 2, column 3 `=B2+7`) hold formulas saved with the value 0, day 0 of January 1900, which is no date; they are read as empty: a program that does not compute formulas (xlsxwriter) saves 0 for each; open the file in a spreadsheet program and save it there to have their values"
        ],
    );
    assert_eq!(
        times(&l).iter().map(|t| t.1.as_str()).collect::<Vec<_>>(),
        ["2020-01-01", "2020-01-04", "2020-01-07"]
    );
}

#[test]
fn every_cell_of_a_merged_range_is_read_as_its_top_left_cell() {
    // Actor merged over A2:A4 and A5:A6, Location over D3:D4, Date over B6:B7.
    for file in ["merged.xlsx", "merged.xls"] {
        let l = load(file);
        assert!(l.problems.is_empty(), "{file}: {:?}", problems(&l));
        assert_eq!(
            rows(&l),
            [
                "Shelling | Army | Kharkiv | 2022-03-01",
                "Advance | Army | Izium | 2022-03-02",
                "Withdrawal | Army | Izium | 2022-03-03",
                "Raid | Militia | Donetsk | 2022-03-04",
                "Ambush | Militia | Donetsk | 2022-03-05",
                "Arrest | Police | Kyiv | 2022-03-05",
            ],
            "{file}"
        );
    }
}

#[test]
fn an_opendocument_date_is_read_as_its_data_style_shows_it_and_a_spanned_cell_in_every_row() {
    // `MMM-YY`, `YYYY`, `YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, and a time of day the style hides;
    // the first actor spans two rows.
    let l = load("dates-merged.ods");
    assert!(l.problems.is_empty(), "{:?}", problems(&l));
    assert_eq!(
        rows(&l),
        [
            "month | Army | - | 2020-03",
            "year | Army | - | 2019",
            "day | Militia | - | 2020-04-03",
            "minute | Militia | - | 2020-04-03T14:30",
            "time hidden | Militia | - | 2020-04-03",
        ]
    );
    let precisions: Vec<Precision> = times(&l).into_iter().map(|t| t.2).collect();
    assert_eq!(
        precisions,
        [
            Precision::Month,
            Precision::Year,
            Precision::Day,
            Precision::Minute,
            Precision::Day
        ]
    );
}
