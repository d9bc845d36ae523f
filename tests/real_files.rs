//! Real files from public repositories (tests/data/real/, see its SOURCES.md) and files derived
//! from them: dates read by one rule per column and said, ACLED's column sets and layouts, any
//! sheet's columns, lanes by any field, and paths that are not files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use timeband::load::{
    DateOrder, LoadControl, LoadOptions, load_bytes_opts, load_path, load_path_opts,
};
use timeband::model::time::{Civil, format_iso_date};
use timeband::model::{Dataset, Event};

const ACLED: [&str; 3] = [
    "tests/data/real/acled/elliottmess_burkina_faso_1997-2020_export_tool.csv",
    "tests/data/real/acled/rpanlilio_global_2020_d-mon-yy.csv",
    "tests/data/real/acled/somalia_2025_api_iso_dates.csv",
];
const COLLECTION: &str =
    "tests/data/real/collections/digbmc_germantown_ywca_collectionbuilder_timeline.csv";

fn by_id<'a>(d: &'a Dataset, id: &str) -> &'a Event {
    d.events.iter().find(|e| d.id(e) == id).unwrap()
}

/// The day an event's time was read as (its EDTF, or its earliest instant).
fn day_read(e: &Event) -> String {
    match e.time.edtf.as_deref() {
        Some(edtf) => edtf.to_string(),
        None => format_iso_date(e.time.earliest().unwrap()),
    }
}

fn opts(map: &[(&str, &str)], order: Option<DateOrder>) -> LoadOptions {
    LoadOptions {
        map: map
            .iter()
            .map(|(r, c)| (r.to_string(), c.to_string()))
            .collect(),
        date_order: order,
        lanes_by: None,
        sheet: None,
    }
}

#[test]
fn d_mon_yy_reads_9_may_20_as_2020() {
    let l = load_path(Path::new(ACLED[1])).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(day_read(by_id(&l.dataset, "ISR1786")), "2020-05-09");
    let dates: Vec<String> = l
        .dates
        .iter()
        .map(|d| format!("{}: {}", d.column, d.rule))
        .collect();
    assert!(
        dates.contains(&"event_date: d-Mon-yy, two-digit years from the year column".to_string()),
        "{dates:?}"
    );
    assert!(
        l.dataset.description.contains("d-Mon-yy"),
        "{}",
        l.dataset.description
    );
}

#[test]
fn dd_mm_yy_takes_its_century_from_the_year_column_and_a_disagreement_is_a_problem() {
    let l = load_path(Path::new("tests/data/acled-excel-dd-mm-yy.csv")).unwrap();
    assert_eq!(day_read(by_id(&l.dataset, "ISR1786")), "2019-12-31");
    assert_eq!(day_read(by_id(&l.dataset, "YEM52360")), "2019-12-01");
    assert!(
        l.dataset
            .events
            .iter()
            .all(|e| l.dataset.id(e) != "YEM52361")
    );
    let all: String = l.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(
        all.contains("YEM52361") && all.contains("`2-12-19`") && all.contains("2018"),
        "{all}"
    );
}

#[test]
fn every_acled_event_has_its_rows_year() {
    for f in ACLED {
        let l = load_path(Path::new(f)).unwrap();
        let d = &l.dataset;
        let year = d.attribute_index("year").unwrap();
        assert!(d.events.len() > 3000, "{f}: {}", d.events.len());
        for e in &d.events {
            let written: i64 = d.attribute(e, year).next().unwrap().parse().unwrap();
            let read: i64 = day_read(e)[..4].parse().unwrap();
            assert_eq!(read, written, "{f}: {}", d.id(e));
            // The day read lies inside the bounds drawn.
            let lo = Civil::from_instant(e.time.earliest().unwrap()).year;
            assert!((lo - written).abs() <= 1, "{f}: {}", d.id(e));
        }
    }
}

#[test]
fn acled_lanes_are_event_types_and_actors_are_a_lanes_by_away() {
    let l = load_path(Path::new(ACLED[2])).unwrap();
    assert_eq!(l.dataset.lanes.len(), 6);
    let mut o = LoadOptions {
        lanes_by: Some("actor1".into()),
        ..LoadOptions::default()
    };
    let by_actor = load_path_opts(Path::new(ACLED[2]), &o, &LoadControl::default()).unwrap();
    let actors: std::collections::BTreeSet<&str> = {
        let a = by_actor.dataset.attribute_index("actor1").unwrap();
        by_actor
            .dataset
            .events
            .iter()
            .filter_map(|e| by_actor.dataset.attribute(e, a).next())
            .collect()
    };
    assert_eq!(by_actor.dataset.lanes.len(), actors.len());
    assert!(actors.len() > 100);
    let summary = timeband::cli::summary("somalia", &by_actor);
    assert!(
        summary.contains(&format!("… and {} more", actors.len() - 12)),
        "{summary}"
    );
    o.lanes_by = Some("no_such_field".into());
    let err = load_path_opts(Path::new(ACLED[2]), &o, &LoadControl::default()).unwrap_err();
    assert!(err.message.contains("actor1"), "{err}");
}

#[test]
fn acled_timestamp_is_when_acled_published_the_record() {
    let l = load_path(Path::new(ACLED[0])).unwrap();
    let d = &l.dataset;
    let e = by_id(d, "BFO4217");
    let acled = e
        .claims
        .iter()
        .map(|c| &d.sources[c.source as usize])
        .find(|s| s.name == "ACLED")
        .unwrap();
    // 1607374999 is 2020-12-07T21:03:19Z.
    assert_eq!(
        format_iso_date(acled.published.as_ref().unwrap().earliest().unwrap()),
        "2020-12-07"
    );
    // Known on 8 Dec, not on 7 Dec.
    let on = |day: &str| {
        let t = timeband::model::edtf::parse(day).unwrap();
        let at = timeband::model::known::as_of_instant(&t).unwrap();
        let known = timeband::model::known::project(d, at, false).data;
        known.events.iter().any(|x| known.id(x) == "BFO4217")
    };
    assert!(!on("2020-12-07"));
    assert!(on("2020-12-08"));
}

#[test]
fn monadic_acled_rows_are_one_event_with_both_actors() {
    let l = load_path(Path::new("tests/data/acled-monadic.csv")).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 1);
    let actor1 = d.attribute_index("actor1").unwrap();
    assert_eq!(
        d.attribute(&d.events[0], actor1).collect::<Vec<_>>(),
        ["Protesters (Burkina Faso)", "Students (Burkina Faso)"]
    );
}

#[test]
fn acled_without_time_precision_in_lower_or_upper_case_with_an_index_column() {
    let text = ",EVENT_ID_CNTY,EVENT_DATE,YEAR,EVENT_TYPE,ACTOR1,SOURCE\n1,ABC1,2020-05-09,2020,Protests,Protesters,Outlet\n";
    let l = load_bytes_opts("r-export.csv", text.as_bytes(), &LoadOptions::default()).unwrap();
    assert_eq!(l.format, timeband::load::Format::Acled);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let e = by_id(&l.dataset, "ABC1");
    assert_eq!(format_iso_date(e.time.earliest().unwrap()), "2020-05-09");
    assert_eq!(format_iso_date(e.time.latest().unwrap()), "2020-05-09");
    assert!(l.dataset.description.contains("time_precision"));
    // The unnamed index column is not an attribute.
    assert!(l.dataset.attribute_names.iter().all(|n| !n.is_empty()));
}

#[test]
fn a_later_value_settles_day_and_month() {
    let text = "title,date\nA,03/01/1946\nB,03/31/1946\n";
    let l = load_bytes_opts("m.csv", text.as_bytes(), &LoadOptions::default()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(day_read(by_id(&l.dataset, "row-1")), "1946-03-01");
}

#[test]
fn an_unsettled_order_asks_for_date_order() {
    let text = "title,date\nA,03/01/1946\n";
    let l = load_bytes_opts("m.csv", text.as_bytes(), &LoadOptions::default()).unwrap();
    assert!(l.dataset.events.is_empty());
    let all: String = l.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(
        all.contains("`date`") && all.contains("--date-order"),
        "{all}"
    );
    let l = load_bytes_opts("m.csv", text.as_bytes(), &opts(&[], Some(DateOrder::Dmy))).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(day_read(&l.dataset.events[0]), "1946-01-03");
}

#[test]
fn a_late_value_that_changes_the_rule_rereads_the_file() {
    // 5,000 ambiguous rows, then one that settles month/day.
    let mut text = String::from("title,date\n");
    for i in 0..5000 {
        text += &format!("E{i},03/01/1946\n");
    }
    text += "Last,03/31/1946\n";
    let path = std::env::temp_dir().join("timeband-late-settle.csv");
    std::fs::write(&path, &text).unwrap();
    let l = load_path(&path).unwrap();
    assert!(
        l.problems.is_empty(),
        "{:?}",
        &l.problems[..1.min(l.problems.len())]
    );
    assert_eq!(l.dataset.events.len(), 5001);
    assert_eq!(day_read(&l.dataset.events[0]), "1946-03-01");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn the_collection_sheet_reads_its_end_dates_and_keeps_its_other_columns() {
    let l = load_path(Path::new(COLLECTION)).unwrap();
    // `arc_001` names two items, 1915 and 2015: two events, and the user is told.
    let problems: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains(":9:1: arc_001: `arc_001` again, with another title; read as its own event `arc_001 (line 9)`"),
        "{problems:?}"
    );
    let d = &l.dataset;
    assert_eq!(d.events.len(), 12);
    let first = by_id(d, "arc_001");
    assert_eq!(
        format_iso_date(first.time.earliest().unwrap()),
        "1915-01-01"
    );
    assert_eq!(first.claims.len(), 1);
    let again = by_id(d, "arc_001 (line 9)");
    assert_eq!(
        format_iso_date(again.time.earliest().unwrap()),
        "2015-01-01"
    );
    let branch = by_id(d, "arc_067");
    assert_eq!(
        format_iso_date(branch.time.earliest().unwrap()),
        "1917-01-01"
    );
    assert_eq!(format_iso_date(branch.time.latest().unwrap()), "1952-12-31");
    let charter = by_id(d, "arc_019");
    assert_eq!(
        format_iso_date(charter.time.earliest().unwrap()),
        "1946-03-01"
    );
    assert_eq!(
        format_iso_date(charter.time.latest().unwrap()),
        "1946-03-31"
    );
    assert_eq!(&*charter.time.written, "March 1946");
    // `11-10-2016`, "November 10th 2016": the file's month/day order.
    let kbk = by_id(d, "arc_002");
    assert_eq!(format_iso_date(kbk.time.earliest().unwrap()), "2016-11-10");
    let caption = d.attribute_index("caption").unwrap();
    assert_eq!(
        d.attribute(charter, caption).collect::<Vec<_>>(),
        ["An event at the Germantown YWCA"]
    );
    let said: Vec<String> = l
        .dates
        .iter()
        .map(|r| format!("{}: {}", r.column, r.rule))
        .collect();
    assert_eq!(
        said,
        [
            "date: mm/dd/yyyy, day/month order from the file's other date column",
            "end_date: mm/dd/yyyy"
        ]
    );
}

#[test]
fn map_gives_columns_their_roles() {
    let text = "Name,field_date,Remark\nOpening,2020-01-02,kept\n";
    let err = load_bytes_opts("m.csv", text.as_bytes(), &LoadOptions::default()).unwrap_err();
    assert!(err.message.contains("--map"), "{err}");
    let l = load_bytes_opts(
        "m.csv",
        text.as_bytes(),
        &opts(&[("title", "Name"), ("time", "field_date")], None),
    )
    .unwrap();
    let e = &l.dataset.events[0];
    assert_eq!(l.dataset.title(e), "Opening");
    assert_eq!(format_iso_date(e.time.earliest().unwrap()), "2020-01-02");
    let notes = l.dataset.attribute_index("Remark").unwrap();
    assert_eq!(l.dataset.attribute(e, notes).collect::<Vec<_>>(), ["kept"]);
    let err =
        load_bytes_opts("m.csv", text.as_bytes(), &opts(&[("title", "Nope")], None)).unwrap_err();
    assert!(err.message.contains("no column `Nope`"), "{err}");
}

#[test]
fn archive_forms_and_no_dates() {
    let text = "title,date\nA,1920s\nB,circa 1984\nC,1854?\nD,before 1900\nE,Unknown\n";
    let l = load_bytes_opts("a.csv", text.as_bytes(), &LoadOptions::default()).unwrap();
    let got: Vec<(String, String)> = l
        .dataset
        .events
        .iter()
        .map(|e| {
            let read = e.time.edtf.as_deref().unwrap_or(&e.time.written);
            (l.dataset.title(e).to_string(), read.to_string())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("A".into(), "192X".into()),
            ("B".into(), "1984~".into()),
            ("C".into(), "1854?".into()),
            ("D".into(), "[..1900]".into())
        ]
    );
    assert!(
        l.problems
            .iter()
            .any(|p| p.message.contains("`Unknown` gives no date"))
    );
}

#[test]
fn paths_that_are_not_files_fail_at_once() {
    let started = std::time::Instant::now();
    let err = load_path(Path::new("/dev/zero")).unwrap_err();
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert!(err.message.contains("not a regular file"), "{err}");
    let err = load_path(Path::new("tests/data")).unwrap_err();
    assert!(err.message.contains("folder"), "{err}");
}

#[test]
fn a_file_starting_with_a_bracket_is_read_as_json() {
    let path = std::env::temp_dir().join("timeband-list.txt");
    std::fs::write(
        &path,
        r#"[{"id": 1, "content": "a", "start": "2014-04-20"}]"#,
    )
    .unwrap();
    // A list of vis-timeline items, whatever the file's name.
    let loaded = load_path(&path).unwrap();
    assert_eq!(loaded.format, timeband::load::Format::VisTimeline);
    assert_eq!(loaded.dataset.events.len(), 1);
    // Any other list is still read as JSON, never handed to the CSV reader.
    std::fs::write(&path, "[1, 2, 3]").unwrap();
    let err = load_path(&path).unwrap_err();
    assert!(err.message.contains("JSON"), "{err}");
    assert!(!err.message.contains("CSV header"), "{err}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn a_repeated_id_with_the_same_title_adds_a_claim_and_another_time_is_said() {
    let path = std::env::temp_dir().join("timeband-repeated-id.csv");
    std::fs::write(
        &path,
        "id,title,time,source\n\
         a,Summit,2023-09-13,KCNA\n\
         a,Summit,2023-09-13,Yonhap\n\
         a,Summit,2023-09-14,TASS\n",
    )
    .unwrap();
    let l = load_path(&path).unwrap();
    assert_eq!(l.dataset.events.len(), 1);
    assert_eq!(l.dataset.events[0].claims.len(), 3);
    let problems: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].ends_with(":4:3: a: `a` again, with another `time` (`2023-09-14`); the row's claim is added to the event, its time is not used"),
        "{problems:?}"
    );
    let _ = std::fs::remove_file(&path);
}
