//! The three loaders against real and hand-made files: what loads, how dates are read, and how
//! wrong records are reported while the rest still load.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use timeband::load::{Format, load_bytes, load_path};
use timeband::model::time::format_iso_date;
use timeband::model::{Bound, Status};

fn day(b: Bound) -> String {
    b.instant()
        .map(format_iso_date)
        .unwrap_or_else(|| format!("{b:?}"))
}

#[test]
fn sample_has_twenty_events_in_four_lanes_each_with_a_claim() {
    let loaded = timeband::sample::load().unwrap();
    let d = &loaded.dataset;
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    assert!(d.events.len() >= 20, "{} events", d.events.len());
    assert!(d.lanes.len() >= 4);
    for e in &d.events {
        assert!(!e.claims.is_empty(), "{} has no claim", d.id(e));
    }
    let summit = d
        .events
        .iter()
        .find(|e| d.id(e) == "summit-vostochny")
        .unwrap();
    assert_eq!(day(summit.time.earliest_start), "2023-09-13");
    // The forecasts of the summit are dated claims with the time each source gave.
    let dated: Vec<_> = summit.claims.iter().filter(|c| c.time.is_some()).collect();
    assert!(dated.len() >= 5, "{} dated claims", dated.len());
    assert!(summit.claims.iter().any(|c| {
        c.place
            .as_deref()
            .is_some_and(|p| p.contains("Vladivostok"))
    }));
}

#[test]
fn sample_keeps_the_articles_vague_wording() {
    let d = timeband::sample::load().unwrap().dataset;
    let article = d
        .sources
        .iter()
        .position(|s| s.id == "betancourt-article")
        .unwrap();
    let shoigu = d
        .events
        .iter()
        .find(|e| d.id(e) == "shoigu-pyongyang")
        .unwrap();
    let claim = shoigu
        .claims
        .iter()
        .find(|c| c.source as usize == article)
        .unwrap();
    let time = claim.time.as_ref().unwrap();
    assert_eq!(&*time.written, "in July");
    assert_eq!(day(time.strict_earliest), "2023-07-01");
    assert_eq!(day(time.strict_latest), "2023-07-31");
}

#[test]
fn every_timelinejs_file_loads_every_event() {
    for file in [
        "marktwain.json",
        "houston_timeline3.json",
        "eras.json",
        "group_sample.json",
    ] {
        let path = Path::new("tests/data/timelinejs").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = serde_json::from_str::<serde_json::Value>(&text).unwrap()["events"]
            .as_array()
            .unwrap()
            .len();
        let loaded = load_path(&path).unwrap();
        assert_eq!(loaded.format, Format::TimelineJs);
        assert_eq!(
            loaded.dataset.events.len(),
            expected,
            "{file}: {:?}",
            loaded.problems
        );
    }
}

#[test]
fn timelinejs_groups_become_lanes_and_eras_are_kept() {
    let groups = load_path(Path::new("tests/data/timelinejs/group_sample.json"))
        .unwrap()
        .dataset;
    assert!(groups.lanes.len() > 1, "{:?}", groups.lanes);
    let eras = load_path(Path::new("tests/data/timelinejs/eras.json"))
        .unwrap()
        .dataset;
    assert_eq!(eras.eras.len(), 3);
    assert_eq!(eras.eras[0].label, "Era Test 600-650");
    assert_eq!(day(eras.eras[0].time.strict_earliest), "0600-01-01");
    assert_eq!(day(eras.eras[0].time.strict_latest), "0650-12-31");
}

#[test]
fn timelinejs_media_credit_becomes_a_source() {
    let d = load_path(Path::new("tests/data/timelinejs/marktwain.json"))
        .unwrap()
        .dataset;
    assert!(d.sources.iter().any(|s| s.name == "Vanity Fair"));
    let e = d
        .events
        .iter()
        .find(|e| {
            e.claims
                .iter()
                .any(|c| d.sources[c.source as usize].name == "Vanity Fair")
        })
        .unwrap();
    assert_eq!(day(e.time.earliest_start), "1908-05-13");
}

#[test]
fn acled_precision_becomes_bounds() {
    let loaded = load_path(Path::new("tests/data/acled-sample.csv")).unwrap();
    assert_eq!(loaded.format, Format::Acled);
    let d = &loaded.dataset;
    assert_eq!(d.events.len(), 3, "{:?}", loaded.problems);
    let by_id = |id: &str| d.events.iter().find(|e| d.id(e) == id).unwrap();
    let exact = by_id("XYZ1001");
    assert_eq!(
        (day(exact.time.earliest_start), day(exact.time.latest_end)),
        ("2023-09-15".into(), "2023-09-15".into())
    );
    let week = by_id("XYZ1002");
    assert_eq!(
        (day(week.time.earliest_start), day(week.time.latest_end)),
        ("2023-09-17".into(), "2023-09-23".into())
    );
    let month = by_id("XYZ1003");
    assert_eq!(
        (day(month.time.earliest_start), day(month.time.latest_end)),
        ("2023-10-01".into(), "2023-10-31".into())
    );
    // event_type is the lane (actor1 an attribute); `source` splits on `;` into sources.
    assert_eq!(
        d.lanes[exact.lane as usize].label,
        "Explosions/Remote violence"
    );
    let actor1 = d.attribute_index("actor1").unwrap();
    assert_eq!(
        d.attribute(exact, actor1).collect::<Vec<_>>(),
        ["Military Forces of Country A (2020-)"]
    );
    let names: Vec<_> = exact
        .claims
        .iter()
        .map(|c| d.sources[c.source as usize].name.as_str())
        .collect();
    // The outlets, then ACLED's own record (published at `timestamp`).
    assert_eq!(names, ["Outlet One", "Outlet Two", "ACLED"]);
    assert_eq!(
        d.summary(exact).as_deref(),
        Some("Synthetic test row: shelling reported near Town Alpha.")
    );
}

#[test]
fn csv_rows_with_the_same_id_add_claims() {
    let loaded = load_path(Path::new("tests/data/events-per-claim.csv")).unwrap();
    assert_eq!(loaded.format, Format::Csv);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let d = &loaded.dataset;
    assert_eq!(d.events.len(), 2);
    let summit = &d.events[0];
    assert_eq!(summit.claims.len(), 2);
    assert_eq!(
        summit.claims[1]
            .time
            .as_ref()
            .map(|t| day(t.strict_latest))
            .as_deref(),
        Some("2023-09-13")
    );
    assert_eq!(d.sources.len(), 2, "TASS is one source");
    assert_eq!(d.events[1].status, Status::Planned);
    assert_eq!(d.events[1].time.latest_end, Bound::OPEN);
}

/// A repeated id's row is compared with its event by the whole time it gives: with `time` and
/// `end` columns, the same start and end are the same time (they were once called "another
/// `time`", the start alone against the event's interval), and another start is still said.
#[test]
fn a_repeated_row_with_the_same_start_and_end_is_the_same_event_and_another_start_is_said() {
    let csv = "id,title,time,end,source\n\
               a,Talks,2023-09-12,2023-09-14,Reuters\n\
               a,Talks,2023-09-12,2023-09-14,AP\n\
               b,Visit,2023-09-13,2023-09-15,Reuters\n\
               b,Visit,2023-09-16,2023-09-17,AP\n";
    let loaded = load_bytes("claims.csv", csv.as_bytes()).unwrap();
    let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains(":5:")
            && messages[0].contains("`b` again, with another `time` (`2023-09-16/2023-09-17`)"),
        "{messages:?}"
    );
    let d = &loaded.dataset;
    assert_eq!(d.events.len(), 2);
    assert_eq!(d.events[0].claims.len(), 2);
    assert_eq!(day(d.events[0].time.strict_latest), "2023-09-14");
    // b keeps the time of its first row.
    assert_eq!(day(d.events[1].time.strict_earliest), "2023-09-13");
}

#[test]
fn format_is_chosen_by_content_not_extension() {
    let csv = std::fs::read("tests/data/events-per-claim.csv").unwrap();
    assert_eq!(
        load_bytes("misnamed.json", &csv).unwrap().format,
        Format::Csv
    );
    let tl = std::fs::read("tests/data/timelinejs/eras.json").unwrap();
    assert_eq!(
        load_bytes("eras.txt", &tl).unwrap().format,
        Format::TimelineJs
    );
}

#[test]
fn truncated_json_names_file_line_and_column() {
    let text = "{\n  \"timeband\": 1,\n  \"events\": [\n    {\"id\": \"a\", \"title\": \"A\"";
    let err = load_bytes("broken.json", text.as_bytes()).unwrap_err();
    assert_eq!(&*err.location.file, "broken.json");
    assert_eq!(err.location.line, 4);
    assert!(err.location.column > 1);
    assert!(err.to_string().contains("ends too early"), "{err}");
}

#[test]
fn syntax_error_says_what_was_expected() {
    let text = "{\n  \"timeband\": 1,\n  \"events\": [ {\"id\": \"a\" \"title\": \"A\"} ]\n}";
    let err = load_bytes("bad.json", text.as_bytes()).unwrap_err();
    assert_eq!((err.location.line, err.location.column), (3, 26));
    assert!(err.message.contains("expected `,` or `}`"), "{err}");
}

#[test]
fn wrong_records_are_reported_and_the_rest_load() {
    let text = r#"{
  "timeband": 1,
  "lanes": [{"id": "a", "label": "A"}],
  "sources": [{"id": "s", "name": "S"}],
  "events": [
    {"id": "good", "title": "Good", "time": "2023-09", "lane": "a", "claims": [{"source": "s", "said": "x"}]},
    {"id": "bad-date", "title": "Bad", "time": "2023-02-30", "lane": "a"},
    {"id": "backwards", "title": "Backwards", "time": "2023-09/2023-08", "lane": "a"},
    {"id": "good", "title": "Duplicate", "time": "2023", "lane": "a"},
    {"id": "no-lane", "title": "No lane", "time": "2023", "lane": "zzz"},
    {"id": "no-title", "time": "2023", "lane": "a"},
    {"id": "bad-source", "title": "Claim with unknown source", "time": "2023", "lane": "a", "claims": [{"source": "nobody", "said": "y"}]},
    {"id": "wrong-type", "title": 5, "time": "2023", "lane": "a"}
  ]
}"#;
    let loaded = load_bytes("records.json", text.as_bytes()).unwrap();
    let ids: Vec<_> = loaded
        .dataset
        .events
        .iter()
        .map(|e| loaded.dataset.id(e))
        .collect();
    assert_eq!(ids, ["good", "bad-source"]);
    let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
    let find = |needle: &str| {
        messages
            .iter()
            .find(|m| m.contains(needle))
            .unwrap_or_else(|| panic!("no problem with {needle:?} in {messages:#?}"))
            .clone()
    };
    assert!(find("bad-date").starts_with("records.json:7:"));
    assert!(find("bad-date").contains("does not exist"));
    assert!(find("backwards").contains("before its start"));
    assert!(find("duplicate event id").starts_with("records.json:9:"));
    assert!(find("unknown lane `zzz`").starts_with("records.json:10:"));
    assert!(find("missing `title`").starts_with("records.json:11:"));
    assert!(find("unknown source `nobody`").starts_with("records.json:12:"));
    assert!(find("invalid type").starts_with("records.json:13:"));
}

#[test]
fn object_time_forms_give_bounds() {
    let text = r#"{"timeband": 1, "events": [
      {"id": "a", "title": "A", "time": {"earliest": "2023-09-04", "latest": "2023-09-05", "text": "about 4–5 Sep"}},
      {"id": "b", "title": "B", "time": {"edtf": "2023-07", "text": "in July"}}
    ]}"#;
    let d = load_bytes("t.json", text.as_bytes()).unwrap().dataset;
    assert_eq!(&*d.events[0].time.written, "about 4–5 Sep");
    assert_eq!(
        (
            day(d.events[0].time.earliest_start),
            day(d.events[0].time.latest_end)
        ),
        ("2023-09-04".into(), "2023-09-05".into())
    );
    assert_eq!(&*d.events[1].time.written, "in July");
    assert_eq!(d.events[1].time.edtf.as_deref(), Some("2023-07"));
}

#[test]
fn empty_and_binary_files_are_errors_not_panics() {
    assert!(
        load_bytes("empty.json", b"")
            .unwrap_err()
            .message
            .contains("empty")
    );
    assert!(load_bytes("bin", &[0u8, 159, 146, 150, 1, 2, 3]).is_err());
    assert!(
        load_bytes("x.json", b"{\"foo\": 1}")
            .unwrap_err()
            .message
            .contains("expected a timeband file")
    );
}

#[test]
fn several_files_become_one_view_with_clashing_lanes_kept_apart() {
    let a = load_bytes("a.json", br#"{"timeband": 1, "lanes": [{"id": "x", "label": "Talks"}], "sources": [{"id": "s", "name": "S"}],
        "events": [{"id": "e1", "title": "One", "time": "2023-01", "lane": "x", "claims": [{"source": "s", "said": "a"}]}]}"#).unwrap();
    let b = load_bytes("b.json", br#"{"timeband": 1, "lanes": [{"id": "x", "label": "Troops"}, {"id": "y", "label": "Same"}], "sources": [{"id": "s", "name": "T"}],
        "events": [{"id": "e2", "title": "Two", "time": "2023-02", "lane": "x", "claims": [{"source": "s", "said": "b"}]},
                   {"id": "e3", "title": "Three", "time": "2023-03", "lane": "y"}]}"#).unwrap();
    let mut d = a.dataset;
    d.merge(b.dataset, "b");
    let labels: Vec<&str> = d.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["Talks", "Troops (b)", "Same"]);
    let two = d.events.iter().find(|e| d.id(e) == "e2").unwrap();
    assert_eq!(d.lanes[two.lane as usize].label, "Troops (b)");
    // Claims keep pointing at their own file's sources.
    assert_eq!(d.sources[two.claims[0].source as usize].name, "T");
    assert_eq!(d.events.len(), 3);
}

/// Every event as text: what it says, when, where, its lane, claims and attributes.
fn events_as_text(d: &timeband::model::Dataset) -> Vec<String> {
    d.events
        .iter()
        .map(|e| {
            let claims: Vec<String> = e
                .claims
                .iter()
                .map(|c| {
                    let s = &d.sources[c.source as usize];
                    format!(
                        "{} ({:?}, {:?}): {} @ {:?} cred {:?}",
                        s.name,
                        s.published.as_ref().map(|p| p.earliest()),
                        s.reliability,
                        c.said,
                        c.time.as_ref().map(|t| (t.earliest(), t.latest())),
                        c.credibility
                    )
                })
                .collect();
            let attributes: Vec<String> = d
                .attributes(e)
                .iter()
                .map(|(n, v)| {
                    // An engine types `45.7980` as a double, which is 45.798: same number.
                    let v = v
                        .parse::<f64>()
                        .map_or_else(|_| v.to_string(), |x| x.to_string());
                    format!("{}={v}", d.attribute_names[*n as usize])
                })
                .collect();
            format!(
                "{} | {} | {} {:?}..{:?} | {} | {:?} | {:?} | {:?} | {:?} | {claims:?} | {attributes:?}",
                d.id(e),
                d.title(e),
                e.time.written,
                e.time.earliest(),
                e.time.latest(),
                d.lanes[e.lane as usize].label,
                e.status,
                e.place,
                d.summary(e).map(|s| s.into_owned()),
                e.tags,
            )
        })
        .collect()
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_written_by_pyarrow_loads_the_events_of_its_csv() {
    let dir = Path::new("tests/data/parquet");
    for (csv, parquet, format) in [
        (
            "acled-somalia-300.csv",
            "acled-somalia-300.parquet",
            Format::Acled,
        ),
        // Data pages of version 2, many to a row group, dictionaries that fill and fall
        // back to plain values, nulls.
        (
            "acled-somalia-300.csv",
            "acled-somalia-300-v2.parquet",
            Format::Acled,
        ),
        // Columns without a dictionary, and in delta and byte-stream-split encodings.
        (
            "acled-somalia-300.csv",
            "acled-somalia-300-mixed.parquet",
            Format::Acled,
        ),
        (
            "events-per-claim.csv",
            "events-per-claim.parquet",
            Format::Csv,
        ),
        // HDX's row of HXL hashtags below the header, and a row of blank texts (not nulls):
        // passed over as its CSV's are, though the loader reads most columns only by number.
        ("acled-hxl.csv", "acled-hxl.parquet", Format::Acled),
    ] {
        let from_csv = load_path(&dir.join(csv)).unwrap();
        let from_parquet = load_path(&dir.join(parquet)).unwrap();
        assert_eq!(from_parquet.format, format, "{parquet}");
        assert!(from_parquet.format_name().contains("Parquet"), "{parquet}");
        if format == Format::Acled {
            let first_line = |l: &timeband::load::Loaded| {
                l.dataset
                    .description
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_string()
            };
            assert_eq!(first_line(&from_csv), "ACLED export");
            assert_eq!(first_line(&from_parquet), "ACLED export (Parquet)");
        }
        let problems = |l: &timeband::load::Loaded| -> Vec<String> {
            l.problems
                .iter()
                .map(|p| format!("{}:{} {}", p.location.line, p.location.column, p.message))
                .collect()
        };
        assert_eq!(problems(&from_parquet), problems(&from_csv), "{parquet}");
        if csv == "acled-hxl.csv" {
            assert_eq!(from_parquet.problems.len(), 1);
            assert!(from_parquet.problems[0].message.contains("HXL hashtags"));
        } else {
            assert!(from_parquet.problems.is_empty(), "{parquet}");
        }
        assert!(!from_csv.dataset.events.is_empty());
        let (a, b) = (
            events_as_text(&from_csv.dataset),
            events_as_text(&from_parquet.dataset),
        );
        assert_eq!(a.len(), b.len(), "{parquet}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{parquet}");
        }
        // The same bytes in memory (a drop, a pasted file) load the same way.
        let bytes = std::fs::read(dir.join(parquet)).unwrap();
        let in_memory = load_bytes(parquet, &bytes).unwrap();
        assert_eq!(events_as_text(&in_memory.dataset), b, "{parquet}");
    }
}

/// Each event's attributes as `name=value`.
#[cfg(any(feature = "parquet", feature = "arrow"))]
fn attributes_of(d: &timeband::model::Dataset) -> Vec<Vec<String>> {
    d.events
        .iter()
        .map(|e| {
            d.attributes(e)
                .iter()
                .map(|(n, v)| format!("{}={v}", d.attribute_names[*n as usize]))
                .collect()
        })
        .collect()
}

#[cfg(feature = "parquet")]
#[test]
fn parquet_values_of_every_flat_type_read_as_their_text() {
    let l = load_path(Path::new("tests/data/parquet/types.parquet")).unwrap();
    assert_eq!(l.format_name(), "Parquet");
    let d = &l.dataset;
    let titles: Vec<&str> = d.events.iter().map(|e| d.title(e)).collect();
    assert_eq!(titles, ["Talks open", "Talks stall"]);
    // The third row has no title: a problem on the line it has in the CSV the rows make.
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.problems[0].location.line, 4);
    assert!(l.problems[0].message.contains("title"), "{:?}", l.problems);
    assert_eq!(
        attributes_of(d),
        [
            vec![
                "seen_utc=2023-09-13T04:05:06.789Z",
                "seen_local=2023-09-13T04:05:06",
                "count=0",
                "big=18446744073709551615",
                "delta=-5",
                "ok=true",
                "score=0.25",
                "ratio=45.798",
            ],
            vec![
                "seen_local=2023-09-14T00:00:00.5",
                "count=200",
                "big=1",
                "delta=0",
                "ok=false",
                "score=1.5",
                "ratio=-0.1",
            ],
        ]
    );
    // Spark's INT96 timestamps; a time without a zone stays without one.
    let l = load_path(Path::new("tests/data/parquet/int96.parquet")).unwrap();
    assert_eq!(
        attributes_of(&l.dataset),
        [vec!["loaded_at=2023-09-13T04:05:06.25"]]
    );
}

#[cfg(feature = "parquet")]
#[test]
fn a_parquet_file_with_a_list_column_is_read_through_the_record_api() {
    let l = load_path(Path::new("tests/data/parquet/nested.parquet")).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 2);
    assert_eq!(d.events[1].time.written.as_str(), "2023-09-14");
    // A list of tags is the event's tags.
    let tags: Vec<&str> = d.events[0].tags.iter().map(|t| &**t).collect();
    assert_eq!(tags, ["a", "b"]);
    assert!(d.events[1].tags.is_empty());
}

#[cfg(feature = "parquet")]
#[test]
fn generated_acled_parquet_loads_the_events_of_the_same_seeds_csv() {
    let dir = std::env::temp_dir().join(format!("timeband-gen-pq-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (csv, pq) = (dir.join("a.csv"), dir.join("a.parquet"));
    let mut w = std::io::BufWriter::new(std::fs::File::create(&csv).unwrap());
    timeband::generate::acled::write_csv(&mut w, 1500, 7).unwrap();
    drop(w);
    timeband::generate::parquet::write(std::fs::File::create(&pq).unwrap(), 1500, 7).unwrap();
    let from_csv = load_path(&csv).unwrap();
    let from_parquet = load_path(&pq).unwrap();
    assert_eq!(from_parquet.format, Format::Acled);
    assert!(
        from_parquet.problems.is_empty(),
        "{:?}",
        from_parquet.problems
    );
    assert_eq!(from_csv.dataset.events.len(), 1500);
    let (a, b) = (
        events_as_text(&from_csv.dataset),
        events_as_text(&from_parquet.dataset),
    );
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    assert_eq!(a.len(), b.len());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(not(feature = "parquet"))]
#[test]
fn a_parquet_file_without_the_feature_says_how_to_read_it() {
    let path = Path::new("tests/data/parquet/events-per-claim.parquet");
    let e = load_path(path).unwrap_err().to_string();
    assert!(e.contains("events-per-claim.parquet"), "{e}");
    assert!(e.contains("--features parquet"), "{e}");
}

#[test]
fn a_broken_parquet_file_is_an_error_naming_it() {
    let mut bytes = std::fs::read("tests/data/parquet/events-per-claim.parquet").unwrap();
    bytes.truncate(bytes.len() / 2);
    let e = load_bytes("half.parquet", &bytes).unwrap_err();
    assert!(e.to_string().contains("half.parquet"), "{e}");
    assert!(e.to_string().contains("Parquet"), "{e}");
}

#[test]
fn two_files_opened_together_keep_each_events_fields_and_summary() {
    let a = load_bytes(
        "a.csv",
        b"title,date,summary,Colour\nOne,2020-01-02,first summary,red\nTwo,2020-01-03,,blue\n",
    )
    .unwrap();
    let b = load_bytes(
        "b.csv",
        b"title,date,summary,Size,Colour\nThree,2021-05-06,third summary,large,green\n",
    )
    .unwrap();
    let mut d = a.dataset;
    d.merge(b.dataset, "b.csv");
    let by_title = |t: &str| d.events.iter().find(|e| d.title(e) == t).unwrap();
    let colour = d.attribute_index("Colour").unwrap();
    let size = d.attribute_index("Size").unwrap();
    let three = by_title("Three");
    assert_eq!(d.attribute(three, colour).collect::<Vec<_>>(), ["green"]);
    assert_eq!(d.attribute(three, size).collect::<Vec<_>>(), ["large"]);
    assert_eq!(d.summary(three).as_deref(), Some("third summary"));
    let two = by_title("Two");
    assert_eq!(d.attribute(two, colour).collect::<Vec<_>>(), ["blue"]);
    assert_eq!(d.attribute(two, size).count(), 0);
    assert_eq!(d.summary(two).as_deref(), None);
    assert_eq!(d.summary(by_title("One")).as_deref(), Some("first summary"));
}

#[test]
fn acled_events_of_one_day_and_precision_share_one_time_and_their_title() {
    let l = load_path(Path::new("tests/data/parquet/acled-somalia-300.csv")).unwrap();
    let d = &l.dataset;
    let mut by_time: std::collections::HashMap<&str, &timeband::model::Event> =
        std::collections::HashMap::new();
    let mut shared = 0;
    for e in &d.events {
        match by_time.get(&*e.time.written) {
            Some(first) => {
                assert!(std::sync::Arc::ptr_eq(&first.time, &e.time), "{}", d.id(e));
                shared += 1;
            }
            None => {
                by_time.insert(&e.time.written, e);
            }
        }
    }
    assert!(shared > 200, "{shared} of {}", d.events.len());
    // Titles ("Protests: Mogadishu") repeat; each is held once.
    let distinct: std::collections::HashSet<&str> = d.events.iter().map(|e| d.title(e)).collect();
    assert!(distinct.len() < d.events.len(), "{} titles", distinct.len());
    assert_eq!(d.fields.titles_held(), distinct.len());
}

/// A sheet of `header` and `rows`, loaded (as ACLED's).
fn acled_rows(header: &str, rows: &[&str]) -> timeband::load::Loaded {
    let text = format!("{header}\n{}\n", rows.join("\n"));
    let l = load_bytes("acled.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::Acled);
    l
}

/// Each event's id, title and place.
fn ids_titles_places(d: &timeband::model::Dataset) -> Vec<(&str, &str, Option<&str>)> {
    d.events
        .iter()
        .map(|e| (d.id(e), d.title(e), e.place.as_deref()))
        .collect()
}

#[test]
fn acled_titles_and_places_are_their_rows_text_also_with_a_column_named_twice() {
    let header = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,location,admin1,country,location";
    let rows = [
        "A1,2024-01-02,1,Protests,Peaceful protest,Baidoa,Bay,Somalia,",
        // The first `location` empty, the second not: the loader reads the first.
        "A2,2024-01-02,1,Protests,Peaceful protest,,Bay,Somalia,Baidoa",
        "A3,2024-01-03,1,Protests,Peaceful protest,Baidoa,Bay,Somalia,Baidoa",
        "A4,2024-01-03,1,Riots,,Kismayo,,Somalia,",
        "A5,2024-01-04,1,Protests,Peaceful protest,Baidoa,Bay,Somalia,",
    ];
    let l = acled_rows(header, &rows);
    let got = ids_titles_places(&l.dataset);
    assert_eq!(
        got,
        [
            (
                "A1",
                "Peaceful protest: Baidoa",
                Some("Baidoa, Bay, Somalia")
            ),
            ("A2", "Peaceful protest", Some("Bay, Somalia")),
            (
                "A3",
                "Peaceful protest: Baidoa",
                Some("Baidoa, Bay, Somalia")
            ),
            ("A4", "Riots: Kismayo", Some("Kismayo, Somalia")),
            (
                "A5",
                "Peaceful protest: Baidoa",
                Some("Baidoa, Bay, Somalia")
            ),
        ]
    );
}

#[test]
fn acled_places_and_titles_told_while_reading_are_each_rows_own_and_shared() {
    let header =
        "event_id_cnty,event_date,time_precision,event_type,sub_event_type,location,admin1,country";
    let rows = [
        // Left out (no date): its title and place are first met here, and made by the next.
        "B0,,1,Protests,Peaceful protest,Baidoa,Bay,Somalia",
        "B1,2024-01-02,1,Protests,Peaceful protest,Baidoa,Bay,Somalia",
        // The same location in another region: another place, the same title.
        "B2,2024-01-02,1,Protests,Peaceful protest,Baidoa,Gedo,Somalia",
        // No sub-type: the type is the title's kind.
        "B3,2024-01-03,1,Riots,,Baidoa,Bay,Somalia",
        "B4,2024-01-03,1,Protests,Peaceful protest,Baidoa,Bay,Somalia",
        // No place at all.
        "B5,2024-01-04,1,Riots,Mob violence,,,",
    ];
    let l = acled_rows(header, &rows);
    let d = &l.dataset;
    let got = ids_titles_places(d);
    assert_eq!(
        got,
        [
            (
                "B1",
                "Peaceful protest: Baidoa",
                Some("Baidoa, Bay, Somalia")
            ),
            (
                "B2",
                "Peaceful protest: Baidoa",
                Some("Baidoa, Gedo, Somalia")
            ),
            ("B3", "Riots: Baidoa", Some("Baidoa, Bay, Somalia")),
            (
                "B4",
                "Peaceful protest: Baidoa",
                Some("Baidoa, Bay, Somalia")
            ),
            ("B5", "Mob violence", None),
        ]
    );
    assert!(l.problems.iter().any(|p| p.message.contains("event_date")));
    // A place met again is the same text, held once.
    let place = |i: usize| d.events.get(i).and_then(|e| e.place.clone()).unwrap();
    assert!(arcstr::ArcStr::ptr_eq(&place(0), &place(2)));
    assert!(arcstr::ArcStr::ptr_eq(&place(0), &place(3)));
    assert_eq!(d.fields.titles_held(), 3);
}

#[cfg(feature = "arrow")]
#[test]
fn arrow_files_and_streams_written_by_pyarrow_load_the_events_of_their_csv() {
    let dir = Path::new("tests/data");
    for (csv, arrow, format) in [
        // Feather version 2, LZ4, with ACLED's categories dictionary-encoded.
        (
            "parquet/acled-somalia-300.csv",
            "arrow/acled-somalia-300.feather",
            Format::Acled,
        ),
        // An IPC stream of batches of three rows.
        (
            "parquet/events-per-claim.csv",
            "arrow/events-per-claim.arrows",
            Format::Csv,
        ),
    ] {
        let from_csv = load_path(&dir.join(csv)).unwrap();
        let from_arrow = load_path(&dir.join(arrow)).unwrap();
        assert_eq!(from_arrow.format, format, "{arrow}");
        assert!(from_arrow.format_name().contains("Arrow"), "{arrow}");
        assert!(
            from_arrow.problems.is_empty(),
            "{arrow}: {:?}",
            from_arrow.problems
        );
        assert!(!from_csv.dataset.events.is_empty());
        let (a, b) = (
            events_as_text(&from_csv.dataset),
            events_as_text(&from_arrow.dataset),
        );
        assert_eq!(a.len(), b.len(), "{arrow}");
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{arrow}");
        }
        let bytes = std::fs::read(dir.join(arrow)).unwrap();
        let in_memory = load_bytes(arrow, &bytes).unwrap();
        assert_eq!(events_as_text(&in_memory.dataset), b, "{arrow}");
    }
}

#[cfg(feature = "arrow")]
#[test]
fn arrow_values_read_as_their_text_and_a_struct_column_is_a_problem() {
    let l = load_path(Path::new("tests/data/arrow/types.arrow")).unwrap();
    assert_eq!(l.format_name(), "Arrow");
    let d = &l.dataset;
    let titles: Vec<&str> = d.events.iter().map(|e| d.title(e)).collect();
    assert_eq!(titles, ["Talks open", "Talks stall"]);
    let messages: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("column `pos` (Struct") && messages[0].contains("left out"),
        "{messages:?}"
    );
    // The third row has no title: a problem on the line it has in the CSV the rows make.
    assert_eq!(l.problems[1].location.line, 4, "{messages:?}");
    assert_eq!(
        attributes_of(d),
        [
            vec![
                // A zone means the values are UTC instants.
                "seen_utc=2023-09-13T04:05:06.789Z",
                "seen_local=2023-09-13T04:05:06",
                "day64=2023-09-13",
                "count=0",
                "delta=-5",
                "ok=true",
                "ratio=45.798",
                "price=12.50",
                "side=north",
            ],
            vec![
                "seen_local=2023-09-14T00:00:00",
                "count=200",
                "delta=0",
                "ok=false",
                "ratio=-0.1",
                "price=-0.07",
                "side=north",
            ],
        ]
    );
    let tags: Vec<&str> = d.events[0].tags.iter().map(|t| &**t).collect();
    assert_eq!(tags, ["a", "b"]);
}

#[test]
fn a_feather_version_1_file_is_an_error_saying_how_to_write_version_2() {
    let err = load_path(Path::new("tests/data/arrow/feather-v1.feather")).unwrap_err();
    assert!(err.message.contains("Feather version 1"), "{err}");
    assert!(err.message.contains("version 2"), "{err}");
}

#[cfg(not(feature = "arrow"))]
#[test]
fn a_build_without_arrow_names_the_feature_for_an_arrow_file() {
    let err = load_path(Path::new("tests/data/arrow/events-per-claim.arrows")).unwrap_err();
    assert!(err.message.contains("--features arrow"), "{err}");
}

#[cfg(feature = "parquet")]
#[test]
fn a_damaged_parquet_value_is_a_problem_naming_its_column() {
    // The mixed file stores `admin2` as PLAIN texts, uncompressed: each a 4-byte length, then
    // the text. The first `Qandala` is given a length past the page's end.
    let mut bytes = std::fs::read("tests/data/parquet/acled-somalia-300-mixed.parquet").unwrap();
    let at = bytes.windows(7).position(|w| w == b"Qandala").unwrap();
    assert_eq!(bytes[at - 4..at], [7, 0, 0, 0]);
    bytes[at - 4..at].copy_from_slice(&1_000_000u32.to_le_bytes());
    let l = load_bytes("damaged.parquet", &bytes).unwrap();
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    let message = &l.problems[0].message;
    assert!(
        message.contains("column `admin2`: a page ends inside a value"),
        "{message}"
    );
    assert!(
        message.contains("the rows before it are loaded"),
        "{message}"
    );
}

#[test]
fn a_workbook_written_by_openpyxl_loads_the_events_of_its_csv() {
    let dir = Path::new("tests/data/workbook");
    let from_csv = load_path(&dir.join("acled-somalia-300.csv")).unwrap();
    let from_xlsx = load_path(&dir.join("acled-somalia-300.xlsx")).unwrap();
    assert_eq!(from_xlsx.format, Format::Acled);
    assert_eq!(from_xlsx.format_name(), "ACLED (Excel)");
    assert!(from_xlsx.problems.is_empty(), "{:?}", from_xlsx.problems);
    assert_eq!(
        from_xlsx.dataset.description.lines().next(),
        Some("ACLED export (Excel)")
    );
    // `event_date` is an Excel date there, `timestamp` and `fatalities` numbers.
    let rules: Vec<String> = from_xlsx
        .dates
        .iter()
        .map(|d| format!("{}: {}", d.column, d.rule))
        .collect();
    assert_eq!(
        rules,
        [
            "event_date: ISO 8601 / EDTF",
            "timestamp: Unix time in seconds"
        ]
    );
    let (a, b) = (
        events_as_text(&from_csv.dataset),
        events_as_text(&from_xlsx.dataset),
    );
    assert_eq!(a.len(), 300);
    assert_eq!(a, b);
    // The same bytes in memory (a drop) load the same way.
    let bytes = std::fs::read(dir.join("acled-somalia-300.xlsx")).unwrap();
    let in_memory = load_bytes("acled-somalia-300.xlsx", &bytes).unwrap();
    assert_eq!(events_as_text(&in_memory.dataset), b);
}

/// Each event's title and its time as written.
fn titles_and_times(l: &timeband::load::Loaded) -> Vec<String> {
    let d = &l.dataset;
    d.events
        .iter()
        .map(|e| format!("{} @ {}", d.title(e), e.time.written))
        .collect()
}

#[test]
fn a_workbook_is_read_from_its_first_visible_worksheet_with_cells_and_says_what_it_left() {
    let l = load_path(Path::new("tests/data/workbook/sheets.xlsx")).unwrap();
    assert_eq!(l.format_name(), "Excel");
    let d = &l.dataset;
    let events = titles_and_times(&l);
    // The hidden sheet "Lists" is passed over; Excel's dates are ISO 8601 without a zone (to
    // the minute where the cell is); a date typed as text is read as it is.
    assert_eq!(
        events,
        [
            "Talks open @ 2023-09-13",
            "Train arrives @ 2023-09-12T14:30",
            "Statement @ 2023-09-14",
            "Side meeting @ 2023-09-13",
        ]
    );
    let fields = |i: usize| -> Vec<String> {
        d.attributes(&d.events[i])
            .iter()
            .map(|(n, v)| format!("{}={v}", d.attribute_names[*n as usize]))
            .collect()
    };
    // A time alone as `hh:mm`; numbers as Excel shows them.
    assert_eq!(fields(2), ["Time=09:15", "Casualties=3"]);
    assert_eq!(fields(3), ["Casualties=0.1"]);
    let problems: Vec<String> = l
        .problems
        .iter()
        .map(|p| format!("{}:{} {}", p.location.line, p.location.column, p.message))
        .collect();
    assert!(
        problems[0].contains("read the worksheet “Events”")
            && problems[0].contains("“Codebook” is not read"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("5:6 1 cell outside the header's columns"),
        "{problems:?}"
    );
    // A wrong row is named by its row in the worksheet.
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("6:2 ") && p.contains("`sometime`")),
        "{problems:?}"
    );
}

#[test]
fn an_excel_97_workbook_an_opendocument_one_and_a_timelinejs_sheet_saved_as_xlsx_load() {
    let l = load_path(Path::new("tests/data/workbook/events.xls")).unwrap();
    let events = titles_and_times(&l);
    assert_eq!(
        events,
        [
            "Talks open @ 2023-09-13",
            "Train arrives @ 2023-09-12T14:30"
        ]
    );
    // TimelineJS's template from Google Sheets: its columns found in the workbook's rows,
    // numbers typed as numbers, the same events as the CSV.
    let xlsx = load_path(Path::new("tests/data/workbook/timelinejs-template.xlsx")).unwrap();
    assert_eq!(xlsx.format, Format::TimelineJsSheet);
    assert_eq!(xlsx.format_name(), "TimelineJS sheet (Excel)");
    let csv = load_path(Path::new(
        "tests/data/real/timelinejs/knightlab_my_own_timeline_sheet.csv",
    ))
    .unwrap();
    assert_eq!(xlsx.dataset.events.len(), 10);
    assert_eq!(titles_and_times(&xlsx), titles_and_times(&csv));
}

#[test]
fn a_zip_that_is_no_workbook_is_an_error_that_says_so() {
    let e = load_bytes("notes.zip", b"PK\x03\x04 not a spreadsheet at all").unwrap_err();
    assert!(
        e.message
            .starts_with("cannot read this workbook: it does not open as a workbook"),
        "{e}"
    );
}

#[test]
fn excel_unicode_text_utf16_with_tabs_loads_as_its_text() {
    let dir = Path::new("tests/data/workbook");
    let txt = load_path(&dir.join("acled-unicode-text.txt")).unwrap();
    assert_eq!(txt.format, Format::Acled);
    assert!(txt.problems.is_empty(), "{:?}", txt.problems);
    let csv_text = std::fs::read_to_string(dir.join("acled-somalia-300.csv")).unwrap();
    let head: String = csv_text.split_inclusive('\n').take(21).collect();
    let csv = load_bytes("acled-somalia-300.csv", head.as_bytes()).unwrap();
    assert_eq!(csv.dataset.events.len(), 20);
    assert_eq!(events_as_text(&txt.dataset), events_as_text(&csv.dataset));
    // Dropped (in memory) the same.
    let bytes = std::fs::read(dir.join("acled-unicode-text.txt")).unwrap();
    let dropped = load_bytes("acled-unicode-text.txt", &bytes).unwrap();
    assert_eq!(
        events_as_text(&dropped.dataset),
        events_as_text(&csv.dataset)
    );
}

#[test]
fn acleds_api_answer_and_a_list_of_records_load_as_the_sheet_they_make() {
    let dir = Path::new("tests/data/records");
    let api = load_path(&dir.join("acled-api-20.json")).unwrap();
    assert_eq!(api.format, Format::Acled);
    assert_eq!(api.format_name(), "ACLED (JSON)");
    assert!(api.problems.is_empty(), "{:?}", api.problems);
    assert_eq!(
        api.dataset.description.lines().next(),
        Some("ACLED export (JSON)")
    );
    let csv_text = std::fs::read_to_string("tests/data/workbook/acled-somalia-300.csv").unwrap();
    let head: String = csv_text.split_inclusive('\n').take(21).collect();
    let csv = load_bytes("acled-somalia-300.csv", head.as_bytes()).unwrap();
    assert_eq!(events_as_text(&api.dataset), events_as_text(&csv.dataset));

    // pandas' records: numbers typed, nulls, and one date that is none, named by its record's
    // line (the file is one line) and left out while the rest load.
    let list = load_path(&dir.join("acled-records-5.json")).unwrap();
    assert_eq!(list.dataset.events.len(), 4);
    let wrong: Vec<String> = list
        .problems
        .iter()
        .filter(|p| p.record.is_some())
        .map(|p| format!("{}:{} {}", p.location.line, p.location.column, p.message))
        .collect();
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(wrong[0].contains("`in May`"), "{wrong:?}");
    assert_eq!(
        events_as_text(&list.dataset)[0],
        events_as_text(&csv.dataset)[0]
    );
}

#[test]
fn an_answer_that_may_be_one_page_of_more_says_so() {
    let text = std::fs::read_to_string("tests/data/records/acled-api-20.json").unwrap();
    let mut top: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = top["data"][0].clone();
    let data: Vec<serde_json::Value> = (0..5000)
        .map(|i| {
            let mut r = first.clone();
            r["event_id_cnty"] = format!("X{i}").into();
            r
        })
        .collect();
    top["data"] = data.into();
    top["count"] = 5001.into();
    let l = load_bytes("page.json", top.to_string().as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 5000);
    let said: Vec<&str> = l.problems.iter().map(|p| p.message.as_str()).collect();
    assert!(
        said.iter().any(|m| m.contains("a page of ACLED's API")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.contains("`count` says 5001 records, and it holds 5000")),
        "{said:?}"
    );
}

#[test]
fn a_workbook_damaged_halfway_loads_the_rows_before_and_says_where_it_stopped() {
    let l = load_path(Path::new("tests/data/workbook/acled-damaged.xlsx")).unwrap();
    let n = l.dataset.events.len();
    assert!((50..300).contains(&n), "{n} events");
    let stop = &l.problems[0];
    // The rows before the damage are the first n of the worksheet (rows 2 to n + 1), and the
    // problem names the row it stopped in.
    assert_eq!(stop.location.line, n + 2, "{stop}");
    assert!(
        stop.message.starts_with(&format!(
            "the Excel file could not be read from row {} of its worksheet on",
            n + 2
        )),
        "{stop}"
    );
    let csv = load_path(Path::new("tests/data/workbook/acled-somalia-300.csv")).unwrap();
    assert_eq!(
        events_as_text(&l.dataset)[..],
        events_as_text(&csv.dataset)[..n]
    );
}

#[test]
fn sheet_names_the_worksheet_to_read_and_a_wrong_name_lists_them() {
    let path = Path::new("tests/data/workbook/sheets.xlsx");
    let read = |sheet: &str| {
        let options = timeband::load::LoadOptions {
            sheet: Some(sheet.into()),
            ..Default::default()
        };
        timeband::load::load_path_opts(path, &options, &Default::default())
    };
    // The hidden "Lists" by name (any case): no date there, so the error names its header.
    let e = read("lists").unwrap_err();
    assert!(e.message.contains("kept out of sight"), "{e}");
    let e = read("Nope").unwrap_err();
    assert_eq!(
        e.message,
        "cannot read this workbook: it has no worksheet “Nope” (--sheet); its worksheets are “Lists”, “Events”, “Codebook”"
    );
    // "Events" chosen: read, and no word about the others.
    let options = timeband::load::LoadOptions {
        sheet: Some("Events".into()),
        ..Default::default()
    };
    let l = timeband::load::load_path_opts(path, &options, &Default::default()).unwrap();
    assert_eq!(l.dataset.events.len(), 4);
    assert!(
        l.problems.iter().all(|p| !p.message.contains("Codebook")),
        "{:?}",
        l.problems
    );
}

/// Each event as `title | lane | place | earliest – latest | written`.
fn aggregated_events(l: &timeband::load::Loaded) -> Vec<String> {
    let d = &l.dataset;
    d.events
        .iter()
        .map(|e| {
            format!(
                "{} | {} | {} | {} – {} | {}",
                d.title(e),
                d.lanes[e.lane as usize].label,
                e.place.as_deref().unwrap_or("-"),
                day(e.time.strict_earliest),
                day(e.time.strict_latest),
                e.time.written
            )
        })
        .collect()
}

#[test]
fn acleds_weekly_aggregated_data_dates_each_row_to_its_week_not_its_saturday() {
    let l = load_path(Path::new("tests/data/acled-aggregated/weekly.csv")).unwrap();
    assert_eq!(l.format, Format::AcledAggregated);
    assert_eq!(
        aggregated_events(&l),
        [
            "Armed clash: 3 events in Banadir | Battles | Banadir, Somalia | 2024-01-06 – 2024-01-12 | 2024-01-06",
            "Remote explosive/landmine/IED: 1 event in Bay | Explosions/Remote violence | Bay, Somalia | 2024-01-06 – 2024-01-12 | 2024-01-06",
            "Peaceful protest: 2 events in Banadir | Protests | Banadir, Somalia | 2024-01-13 – 2024-01-19 | 2024-01-13",
            "Mob violence: 1 event in Nairobi | Riots | Nairobi, Kenya | 2024-01-13 – 2024-01-19 | 2024-01-13",
            "Attack: 1 event in Banadir | Violence against civilians | Banadir, Somalia | 2024-01-14 – 2024-01-20 | 2024-01-14",
        ]
    );
    let d = &l.dataset;
    let first = &d.events[0];
    // One instant somewhere in the week, never the Saturday itself.
    assert!(first.time.strict_earliest.instant() < first.time.strict_latest.instant());
    assert_eq!(first.time.edtf.as_deref(), Some("[2024-01-06..2024-01-12]"));
    assert_eq!(
        d.summary(first).as_deref(),
        Some(
            "Counted by ACLED for the week (Saturday to Friday) in Banadir, Somalia: 3 events, 5 fatalities."
        )
    );
    // The counts stay attributes, and ACLED is the source each row cites.
    let names = &d.attribute_names;
    let of = |name: &str| {
        let a = names.iter().position(|n| n == name).unwrap() as u32;
        d.attribute(first, a).collect::<Vec<_>>()
    };
    assert_eq!(of("fatalities"), ["5"]);
    assert_eq!(of("population_exposure"), ["120000"]);
    assert_eq!(d.sources[first.claims[0].source as usize].name, "ACLED");
    let problems: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "tests/data/acled-aggregated/weekly.csv:6:1: `week` `2024-01-14` is not a Saturday, where ACLED's weeks start; each such row is read as the seven days from its `week`",
            "tests/data/acled-aggregated/weekly.csv:7:1: row-6: `week` `2024-01` is not a day; this row is left out",
        ]
    );
    assert!(
        d.description
            .contains("WEEK: ISO 8601 / EDTF; each the first day of a week (Saturday to Friday)"),
        "{}",
        d.description
    );
    // Each row counts events, and is counted as what it is; what the rows kept count in all
    // (the row left out, 2 events, is not among them).
    assert_eq!(d.record, Some("weekly count"));
    assert_eq!(d.counted(5, |n| n.to_string()), "5 weekly counts");
    assert!(
        d.description.contains(
            "events counted per week (Saturday to Friday). 5 weekly counts of 8 events and 8 fatalities in all."
        ),
        "{}",
        d.description
    );
    // Opened with a file of events, the rows are neither all events nor all counts: records.
    let mut both = l.dataset.clone();
    both.merge(
        load_path(Path::new("data/example.json")).unwrap().dataset,
        "example",
    );
    assert_eq!(both.counted(2, |n| n.to_string()), "2 records");
    let mut alone = timeband::model::Dataset::default();
    alone.merge(l.dataset.clone(), "weekly");
    assert_eq!(alone.record, Some("weekly count"));
    // ACLED's workbook of the same rows, `WEEK` as Excel dates: the same events.
    let x = load_path(Path::new("tests/data/acled-aggregated/weekly.xlsx")).unwrap();
    assert_eq!(x.format_name(), "ACLED aggregated (Excel)");
    assert_eq!(aggregated_events(&x), aggregated_events(&l));
    // `--format acled-aggregated` names it.
    assert_eq!(
        Format::from_key("acled-aggregated"),
        Some(Format::AcledAggregated)
    );
}

#[test]
fn counts_per_month_or_year_are_dated_to_the_whole_month_or_year() {
    let l = load_path(Path::new("tests/data/acled-aggregated/monthly.csv")).unwrap();
    assert_eq!(l.format, Format::AcledAggregated);
    assert_eq!(
        aggregated_events(&l),
        [
            "120 events in Somalia | Somalia | Somalia | 2024-01-01 – 2024-01-31 | January 2024",
            "98 events in Somalia | Somalia | Somalia | 2024-02-01 – 2024-02-29 | February 2024",
            "12 events in Kenya | Kenya | Kenya | 2024-03-01 – 2024-03-31 | 2024-03",
        ]
    );
    let problems: Vec<String> = l.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(
        problems,
        [
            "tests/data/acled-aggregated/monthly.csv:5:2: row-4: `month` `Febr` is not a month (a name or 1 to 12); this row is left out"
        ]
    );
    assert_eq!(l.dates[0].column, "Month and Year");
    assert_eq!(l.dataset.record, Some("monthly count"));
    assert!(
        l.dataset
            .description
            .contains("events counted per month. 3 monthly counts of 230 events in all."),
        "{}",
        l.dataset.description
    );
    let y = load_path(Path::new("tests/data/acled-aggregated/yearly.csv")).unwrap();
    assert_eq!(
        aggregated_events(&y),
        [
            "6701 fatalities in Somalia | Somalia | Somalia | 2023-01-01 – 2023-12-31 | 2023",
            "1 fatality in Kenya | Kenya | Kenya | 2023-01-01 – 2023-12-31 | 2023",
        ]
    );
    assert_eq!(y.problems.len(), 1);
    assert_eq!(y.problems[0].location.line, 4);
    // Fatalities counted, no events column: what they count is the fatalities.
    assert_eq!(y.dataset.record, Some("yearly count"));
    assert!(
        y.dataset.description.contains(
            "Counts: events counted per year. 2 yearly counts of 6,702 fatalities in all."
        ),
        "{}",
        y.dataset.description
    );
}

/// Each problem as `check` says it.
fn problems_as_text(l: &timeband::load::Loaded) -> Vec<String> {
    l.problems.iter().map(|p| p.to_string()).collect()
}

#[test]
fn unix_time_in_another_unit_than_its_column_is_left_out_as_the_problem_says() {
    let text = "title,date\na,1583020800\nb,1583020800000\nc,1583020800000000\n";
    let l = load_bytes("units.csv", text.as_bytes()).unwrap();
    assert_eq!(titles_and_times(&l), ["a @ 1583020800"]);
    assert_eq!(
        format_iso_date(l.dataset.events[0].time.earliest().unwrap()),
        "2020-03-01"
    );
    assert_eq!(l.dates[0].rule, "Unix time in seconds");
    assert_eq!(
        problems_as_text(&l),
        [
            "units.csv:1:2: the date column `date` has values in no single format, e.g. `1583020800` and `1583020800000`; values in the format most of them have are read, the others left out (use one format for the column)",
            "units.csv:3:2: row-2: `1583020800000` has 13 digits, Unix time in milliseconds, but the column is Unix time in seconds (9 to 11 digits); this row is left out",
            "units.csv:4:2: row-3: `1583020800000000` has 16 digits, Unix time in microseconds, but the column is Unix time in seconds (9 to 11 digits); this row is left out",
        ]
    );
    // Milliseconds first: the seconds are left out, not read as 19 January 1970.
    let text = "title,date\na,1583020800000\nb,1583020800\n";
    let l = load_bytes("units.csv", text.as_bytes()).unwrap();
    assert_eq!(titles_and_times(&l), ["a @ 1583020800000"]);
    assert_eq!(l.dates[0].rule, "Unix time in milliseconds");
    assert!(
        problems_as_text(&l).contains(&"units.csv:3:2: row-2: `1583020800` has 10 digits, Unix time in seconds, but the column is Unix time in milliseconds (12 to 14 digits); this row is left out".to_string()),
        "{:?}",
        l.problems
    );
}

#[test]
fn excels_day_and_month_without_a_year_is_left_out_naming_both_readings() {
    // Excel's default `d-mmm`: not March 2012, 2015, 2028 and April 1930.
    let text = "title,date\nRiot,12-Mar\nCurfew,15-Mar\nTalks,28-Mar\nElection,30-Apr\n";
    let l = load_bytes("dmmm.csv", text.as_bytes()).unwrap();
    assert!(
        titles_and_times(&l).is_empty(),
        "{:?}",
        titles_and_times(&l)
    );
    assert_eq!(
        l.dates[0].rule,
        "dd-Mon, a day with no year or a two-digit year, not settled (such dates are left out)"
    );
    let problems = problems_as_text(&l);
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert!(
        problems[0].starts_with("dmmm.csv:1:2: the date column `date` writes a month's name with one two-digit number (e.g. `12-Mar`), which could be a day with no year or a two-digit year"),
        "{problems:?}"
    );
    assert_eq!(
        problems[4],
        "dmmm.csv:5:2: row-4: `30-Apr` could be 30 April of a year not given, or April 1930; nothing in the column settles which; this row is left out"
    );
}

#[test]
fn a_year_column_gives_the_year_of_a_day_and_month() {
    let text = "title,date,year\nRiot,12-Mar,2020\nVote,30-Apr,1930\n";
    let l = load_bytes("dmmm.csv", text.as_bytes()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let days: Vec<String> = l
        .dataset
        .events
        .iter()
        .map(|e| format_iso_date(e.time.earliest().unwrap()))
        .collect();
    assert_eq!(days, ["2020-03-12", "1930-04-30"]);
    assert_eq!(l.dates[0].rule, "dd-Mon, years from the year column");
}

#[test]
fn excels_month_and_two_digit_year_is_read_when_a_number_is_no_day() {
    let text = "title,date\nA,Mar-45\nB,Apr-20\n";
    let l = load_bytes("mmmyy.csv", text.as_bytes()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let spans: Vec<String> = l
        .dataset
        .events
        .iter()
        .map(|e| {
            format!(
                "{} – {}",
                format_iso_date(e.time.earliest().unwrap()),
                format_iso_date(e.time.latest().unwrap())
            )
        })
        .collect();
    assert_eq!(
        spans,
        ["1945-03-01 – 1945-03-31", "2020-04-01 – 2020-04-30"]
    );
    assert_eq!(l.dates[0].rule, "Mon-yy, two-digit years read as 1930–2029");
}

/// Each event's dates as `written = edtf: earliest – latest`.
fn read_as(l: &timeband::load::Loaded) -> Vec<String> {
    l.dataset
        .events
        .iter()
        .map(|e| {
            format!(
                "{} = {}: {} – {}",
                e.time.written,
                e.time.edtf.as_deref().unwrap_or(&e.time.written),
                format_iso_date(e.time.earliest().unwrap()),
                format_iso_date(e.time.latest().unwrap())
            )
        })
        .collect()
}

#[test]
fn short_spans_of_years_are_years_when_a_value_is_no_month_and_the_rule_says_so() {
    let text = "title,date\nev1,1939-40\nev2,1919-21\nev3,1914-18\nev4,1950-53\nev5,1899-1902\nev6,1999-00\nev7,1943-05\n";
    let l = load_bytes("spans.csv", text.as_bytes()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", problems_as_text(&l));
    assert_eq!(
        read_as(&l),
        [
            "1939-40 = 1939/1940: 1939-01-01 – 1940-12-31",
            "1919-21 = 1919/1921: 1919-01-01 – 1921-12-31",
            "1914-18 = 1914/1918: 1914-01-01 – 1918-12-31",
            "1950-53 = 1950/1953: 1950-01-01 – 1953-12-31",
            "1899-1902 = 1899/1902: 1899-01-01 – 1902-12-31",
            "1999-00 = 1999/2000: 1999-01-01 – 2000-12-31",
            "1943-05 = 1943-05: 1943-05-01 – 1943-05-31",
        ]
    );
    assert_eq!(
        l.dates[0].rule,
        "ISO 8601 / EDTF; `1939-40` read as the years 1939 to 1940"
    );
}

#[test]
fn a_year_and_a_grouping_number_that_nothing_settles_is_left_out_naming_both_readings() {
    // Not the first half of 1939 and spring 2020 without a word, nor spans of years.
    let text = "title,date\nWar,1939-40\nTerm,2020-21\nMonth,2023-09\n";
    let l = load_bytes("terms.csv", text.as_bytes()).unwrap();
    assert_eq!(read_as(&l), ["2023-09 = 2023-09: 2023-09-01 – 2023-09-30"]);
    assert_eq!(
        l.dates[0].rule,
        "ISO 8601 / EDTF; `1939-40` the first half of 1939 or the years 1939 to 1940, not settled (such dates are left out)"
    );
    assert_eq!(
        problems_as_text(&l),
        [
            "terms.csv:1:2: the date column `date` writes `1939-40`, which could be the first half of 1939 (EDTF's sub-year grouping) or the years 1939 to 1940 (a span of years), and no value settles which (a second number that is no month or grouping, as in `1914-18`, makes them years); such dates are left out (write a span of years in full, `1939/1940`, or a grouping's months as an interval)",
            "terms.csv:2:2: row-1: `1939-40` could be the first half of 1939 (EDTF's sub-year grouping) or the years 1939 to 1940; nothing in the column settles which; this row is left out",
            "terms.csv:3:2: row-2: `2020-21` could be spring 2020 (EDTF's sub-year grouping) or the years 2020 to 2021; nothing in the column settles which; this row is left out",
        ]
    );
}

#[test]
fn circa_with_a_question_mark_is_approximate_and_uncertain() {
    let text =
        "title,date\nev1,c. 1850?\nev2,circa 1850?\nev3,ca. 1920s?\nev4,c. 1850\nev5,about 1850?\n";
    let l = load_bytes("circa.csv", text.as_bytes()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", problems_as_text(&l));
    assert_eq!(
        read_as(&l),
        [
            "c. 1850? = 1850%: 1848-01-01 – 1852-12-31",
            "circa 1850? = 1850%: 1848-01-01 – 1852-12-31",
            "ca. 1920s? = 192X%: 1900-01-01 – 1949-12-31",
            "c. 1850 = 1850~: 1849-01-01 – 1851-12-31",
            "about 1850? = 1850%: 1848-01-01 – 1852-12-31",
        ]
    );
}
