//! The formats analysts already have (issue 13), on copies of real files (tests/data/real, see
//! its SOURCES.md) and on hand-made files in the exact form each tool writes
//! (tests/data/formats): what loads, how it is dated, which lane and source it gets, and how
//! wrong rows are reported while the rest load.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use timeband::load::{Format, Loaded, detect, load_bytes, load_bytes_as, load_path};
use timeband::model::time::{Civil, format_iso_date, format_iso_datetime};
use timeband::model::{Bound, known};

fn load(rel: &str) -> Loaded {
    load_path(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(rel),
    )
    .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn start(b: Bound) -> String {
    b.instant().map(format_iso_datetime).unwrap_or_default()
}

fn day(b: Bound) -> String {
    b.instant().map(format_iso_date).unwrap_or_default()
}

fn lane_of(l: &Loaded, i: usize) -> &str {
    &l.dataset.lanes[l.dataset.events[i].lane as usize].label
}

#[test]
fn knight_labs_sheet_loads_its_ten_events_in_their_years() {
    let l = load("real/timelinejs/knightlab_my_own_timeline_sheet.csv");
    assert_eq!(l.format, Format::TimelineJsSheet);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let d = &l.dataset;
    assert_eq!(&*d.title, "MY OWN CSV");
    assert!(
        d.description.starts_with("In this sample timeline"),
        "{}",
        d.description
    );
    let years: Vec<i64> = d
        .events
        .iter()
        .map(|e| Civil::from_instant(e.time.earliest_start.instant().unwrap()).year)
        .collect();
    assert_eq!(
        years,
        [1815, 1948, 1943, 1943, 1951, 1952, 1956, 1958, 1972, 1985]
    );
    let ada = &d.events[0];
    assert_eq!(d.title(ada), "Ada Lovelace");
    assert_eq!(day(ada.time.earliest_start), "1815-12-10");
    assert_eq!(day(ada.time.latest_end), "1852-11-27");
    // HTML as text, the link kept.
    let summary = d.summary(ada).unwrap();
    assert!(
        summary.contains("Take Ada Lovelace (https://en.wikipedia.org/wiki/Ada_Lovelace):"),
        "{summary}"
    );
    assert!(!summary.contains("<p>"));
    // Media Credit is a source; a linked credit keeps its link.
    let credit = &d.sources[ada.claims[0].source as usize];
    assert_eq!(credit.name, "Wikimedia Commons");
    let eniac = d
        .events
        .iter()
        .find(|e| d.title(e).starts_with("...And the women"))
        .unwrap();
    let chm = &d.sources[eniac.claims[0].source as usize];
    assert_eq!(chm.name, "Computer History Museum");
    assert_eq!(
        chm.url.as_deref(),
        Some("https://www.youtube.com/channel/UCHDr4RtxwA1KqKGwxgdK4Vg")
    );
    // 1943-07 to 1946: month to year.
    assert_eq!(day(eniac.time.earliest_start), "1943-07-01");
    assert_eq!(day(eniac.time.latest_end), "1946-12-31");
}

#[test]
fn cdil_sheet_reads_markdown_and_a_clock_time() {
    let l = load("real/timelinejs/thecdil_timelinejs_template_demo_sheet.csv");
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let d = &l.dataset;
    assert_eq!(&*d.title, "TimelineJS Template Example");
    assert!(
        d.description
            .starts_with("timelinejs-template (https://github.com/thecdil/timelinejs-template) is")
    );
    assert_eq!(d.events.len(), 4);
    let game = d
        .events
        .iter()
        .find(|e| d.title(e).contains("Football"))
        .unwrap();
    assert_eq!(start(game.time.earliest_start), "1925-10-30T14:30:00Z");
    let s = &d.sources[game.claims[0].source as usize];
    assert_eq!(
        s.name,
        "Vandal Video Collection, Digital Initiatives, University of Idaho Library"
    );
    assert_eq!(
        s.url.as_deref(),
        Some("https://www.lib.uidaho.edu/digital/vandalvideo/")
    );
}

#[test]
fn sheet_clock_times_eras_groups_and_bad_rows() {
    let l = load("formats/sheet_times_eras.csv");
    let d = &l.dataset;
    assert_eq!(&*d.title, "Times and eras");
    assert_eq!(d.eras.len(), 1);
    assert_eq!(d.eras[0].label, "The era");
    let pm = &d.events[0];
    assert_eq!(start(pm.time.earliest_start), "2020-03-14T14:30:00Z");
    assert_eq!(lane_of(&l, 0), "Meetings");
    assert_eq!(
        d.summary(pm).as_deref(),
        Some("See the notes (https://example.org/notes)")
    );
    let range = &d.events[1];
    assert_eq!(&*range.time.written, "Sunday, mid-afternoon");
    assert_eq!(start(range.time.latest_end), "2020-03-15T16:00:59Z");
    // "noon" is not a clock time: the row keeps its day, with a problem.
    assert_eq!(d.title(&d.events[2]), "Bad clock");
    assert_eq!(day(d.events[2].time.latest_start), "2020-03-16");
    let lines: Vec<usize> = l.problems.iter().map(|p| p.location.line).collect();
    assert_eq!(lines, [5, 7, 8], "{:?}", l.problems);
    assert!(l.problems[2].message.contains("day 30 is out of range"));
}

#[test]
fn the_samples_timelinejs_files_still_load_as_before() {
    let houston = load("timelinejs/houston_timeline3.json");
    assert_eq!(houston.format, Format::TimelineJs);
    assert_eq!(houston.dataset.events.len(), 18);
    assert_eq!(load("timelinejs/group_sample.json").dataset.lanes.len(), 4);
    assert_eq!(load("timelinejs/eras.json").dataset.events.len(), 20);
    assert_eq!(load("timelinejs/marktwain.json").dataset.events.len(), 17);
}

#[test]
fn timelinejs2_reads_comma_dates_and_matches_the_timelinejs3_version() {
    let two = load("real/timelinejs/knightlab_houston_timelinejs2_legacy.json");
    assert_eq!(two.format, Format::TimelineJs2);
    assert!(two.problems.is_empty(), "{:?}", two.problems);
    assert_eq!(&*two.dataset.title, "Whitney Houston 1963 - 2012");
    let three = load("timelinejs/houston_timeline3.json");
    assert_eq!(two.dataset.events.len(), three.dataset.events.len());
    let born = &two.dataset.events[0];
    assert_eq!(two.dataset.title(born), "A Musical Heritage");
    assert_eq!(day(born.time.earliest_start), "1963-08-09");
    assert_eq!(day(born.time.latest_end), "1963-08-09");
    for (a, b) in two.dataset.events.iter().zip(&three.dataset.events) {
        assert_eq!(
            a.time.earliest_start,
            b.time.earliest_start,
            "{}",
            two.dataset.title(a)
        );
        assert_eq!(
            a.time.latest_end,
            b.time.latest_end,
            "{}",
            two.dataset.title(a)
        );
    }
}

#[test]
fn timesketch_csv_and_jsonl_give_the_same_events_and_keep_attributes() {
    let csv = load("real/timesketch/timesketch_sigma_events.csv");
    let jsonl = load("real/timesketch/timesketch_sigma_events.jsonl");
    assert_eq!(csv.format, Format::Timesketch);
    assert_eq!(jsonl.format, Format::TimesketchJsonl);
    assert!(csv.problems.is_empty() && jsonl.problems.is_empty());
    assert_eq!(csv.dataset.events.len(), 4);
    for (a, b) in csv.dataset.events.iter().zip(&jsonl.dataset.events) {
        assert_eq!(csv.dataset.title(a), jsonl.dataset.title(b));
        assert_eq!(a.time.earliest_start, b.time.earliest_start);
    }
    let first = &csv.dataset.events[0];
    assert_eq!(csv.dataset.title(first), "A message (Write time)");
    assert_eq!(start(first.time.earliest_start), "2015-07-24T19:01:01Z");
    let summary = attrs(&csv, first);
    assert!(summary.contains("extra_field_1: foo"), "{summary}");
    assert!(summary.contains("timestamp: 123456789"), "{summary}");
    // Lanes by data_type, then the default.
    assert_eq!(lane_of(&csv, 3), "apt:history:line");
    assert_eq!(lane_of(&csv, 0), "Timesketch");
}

#[test]
fn timesketch_microseconds_and_z() {
    let l = load("real/timesketch/timesketch_validate_time_precision.csv");
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(
        start(l.dataset.events[0].time.earliest_start),
        "2024-07-24T10:57:02Z"
    );
    assert_eq!(lane_of(&l, 0), "timestamptest1");
}

#[test]
fn every_invalid_timesketch_row_is_a_problem_with_its_line() {
    let l = load("real/timesketch/timesketch_invalid_datetime.csv");
    assert_eq!(l.format, Format::Timesketch);
    assert!(l.dataset.events.is_empty());
    let lines: Vec<usize> = l.problems.iter().map(|p| p.location.line).collect();
    assert_eq!(lines, [2, 3, 4, 5]);
    assert!(l.problems[0].message.contains("no time zone"));
    assert!(l.problems[2].message.contains("13 digits"));
    assert!(l.problems[3].message.contains("`1234 19:01:01`"));
}

#[test]
fn plaso_l2tcsv_in_the_form_psort_writes() {
    let l = load("formats/plaso_l2tcsv.csv");
    assert_eq!(l.format, Format::PlasoL2t);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 2);
    let e = &d.events[0];
    assert_eq!(start(e.time.earliest_start), "2012-06-27T18:17:01Z");
    assert!(
        d.title(e).ends_with("(Content Modification Time)"),
        "{}",
        d.title(e)
    );
    assert_eq!(lane_of(&l, 0), "FILE");
    assert_eq!(
        e.tags.iter().map(|t| &**t).collect::<Vec<_>>(),
        ["Malware", "Printed"]
    );
    let s = attrs(&l, e);
    assert!(s.contains("MACB: M..."), "{s}");
    assert!(s.contains("parser: test_parser"), "{s}");
    let lines: Vec<usize> = l.problems.iter().map(|p| p.location.line).collect();
    assert_eq!(lines, [4, 5], "{:?}", l.problems);
    assert!(l.problems[1].message.contains("Australia/Sydney"));
    // `short` is the title and `desc` the summary where they differ.
    let e = &d.events[1];
    assert_eq!(d.title(e), "session opened (Metadata Modification Time)");
    assert_eq!(
        d.summary(e).as_deref(),
        Some("session opened for user root by (uid=0)")
    );
    assert_eq!(d.summary(&d.events[0]), None);
}

#[test]
fn plaso_dynamic_csv_with_a_multi_line_xml_string() {
    let l = load("formats/plaso_dynamic.csv");
    assert_eq!(l.format, Format::PlasoDynamic);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 2);
    let evtx = &d.events[1];
    assert_eq!(evtx.location.line, 3);
    assert_eq!(start(evtx.time.earliest_start), "2016-06-16T07:51:58Z");
    assert!(attrs(&l, evtx).contains("<EventID>4624</EventID>"));
    assert_eq!(lane_of(&l, 1), "EVT");
    assert_eq!(l.problems.len(), 1);
    assert_eq!(l.problems[0].location.line, 8);
    assert!(l.problems[0].message.contains("no date"));
}

#[test]
fn gdelt_raw_rows_with_sources_published_when_gdelt_added_them() {
    let l = load("real/gdelt/geoutils_gdelt1_daily_20141124_rows.tsv");
    assert_eq!(l.format, Format::Gdelt);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let d = &l.dataset;
    // Row 2 repeats row 1's GLOBALEVENTID without a SOURCEURL (57 fields): a second source.
    assert_eq!(d.events.len(), 3);
    let police = &d.events[0];
    assert_eq!(d.id(police), "324845984");
    assert_eq!(d.title(police), "Make public statement: POLICE");
    assert_eq!(day(police.time.earliest_start), "2004-11-26");
    assert_eq!(
        police.place.as_deref(),
        Some("Washington, District of Columbia, United States")
    );
    assert_eq!(police.claims.len(), 2);
    let article = &d.sources[police.claims[0].source as usize];
    assert_eq!(article.name, "www.news.com.au");
    assert!(
        article
            .url
            .as_deref()
            .unwrap()
            .starts_with("http://www.news.com.au/")
    );
    assert_eq!(
        day(article.published.as_ref().unwrap().latest_end),
        "2014-11-24"
    );
    let s = attrs(&l, police);
    assert!(
        s.contains("Goldstein: 0.0") && s.contains("AvgTone: 2.60770975056689"),
        "{s}"
    );
    assert!(s.contains("QuadClass: 1 (verbal cooperation)"), "{s}");
    let lanes: Vec<&str> = d.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        lanes,
        [
            "01 Make public statement",
            "05 Engage in diplomatic cooperation",
            "08 Yield"
        ]
    );
    // As known on the day GDELT added the rows: nothing; the day after: everything.
    let before = known::as_known_on(d, Civil::date(2014, 11, 24).to_instant());
    assert!(before.events.is_empty());
    let after = known::as_known_on(d, Civil::date(2014, 11, 25).to_instant());
    assert_eq!(after.events.len(), 3);
}

#[test]
fn gdelt_1_0_row_of_57_fields_and_bad_rows() {
    let l = load("formats/gdelt1_57_fields.tsv");
    assert_eq!(l.format, Format::Gdelt);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 1);
    let s = &d.sources[d.events[0].claims[0].source as usize];
    assert_eq!(s.name, "GDELT, added 20141124");
    assert!(s.url.is_none());
    let lines: Vec<usize> = l.problems.iter().map(|p| p.location.line).collect();
    assert_eq!(lines, [2, 3]);
    assert!(l.problems[0].message.contains("20041331"));
    assert!(l.problems[1].message.contains("3 tab-separated fields"));
}

#[test]
fn gdelt_2_0_dateadded_is_to_the_second() {
    let l = load("formats/gdelt2_61_fields.tsv");
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let e = &l.dataset.events[0];
    assert_eq!(
        e.place.as_deref(),
        Some("Washington, District of Columbia, United States")
    );
    let s = &l.dataset.sources[e.claims[0].source as usize];
    assert_eq!(
        start(s.published.as_ref().unwrap().earliest_start),
        "2015-02-18T23:15:00Z"
    );
}

#[test]
fn gdelt_bigquery_csv_with_and_without_header() {
    for f in [
        "formats/gdelt_bigquery_header.csv",
        "formats/gdelt_bigquery_no_header.csv",
    ] {
        let l = load(f);
        assert_eq!(l.format, Format::GdeltCsv, "{f}");
        assert!(l.problems.is_empty(), "{f}: {:?}", l.problems);
        let d = &l.dataset;
        assert_eq!(d.events.len(), 2, "{f}");
        assert_eq!(
            d.title(&d.events[1]),
            "Engage in diplomatic cooperation: COMPANIES – EXXON"
        );
        // NULL is empty, not the text "NULL".
        assert!(!attrs(&l, &d.events[0]).contains("NULL"));
    }
    let header_only = load("real/gdelt/dinulsyah_gdelt1_CSV.header.fieldids.csv");
    assert_eq!(header_only.format, Format::GdeltCsv);
    assert_eq!(header_only.problems.len(), 1);
    assert!(header_only.problems[0].message.contains("no event rows"));
}

#[test]
fn vis_timeline_items_array() {
    let l = load("real/vis-timeline/almende_vis_examples_timeline_data_basic.json");
    assert_eq!(l.format, Format::VisTimeline);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 6);
    assert_eq!(d.id(&d.events[0]), "1");
    assert_eq!(d.title(&d.events[3]), "item 4");
    assert_eq!(day(d.events[3].time.earliest_start), "2014-04-16");
    assert_eq!(day(d.events[3].time.latest_end), "2014-04-19");
}

#[test]
fn vis_timeline_groups_signed_years_and_local_times() {
    let l = load("formats/vis_groups.json");
    let d = &l.dataset;
    assert_eq!(d.title(&d.events[0]), "Battle of Thermopylae");
    assert_eq!(
        Civil::from_instant(d.events[0].time.earliest_start.instant().unwrap()).year,
        -479
    );
    assert_eq!(lane_of(&l, 0), "Greece");
    assert_eq!(lane_of(&l, 2), "Rome");
    assert_eq!(
        d.summary(&d.events[2]).as_deref(),
        Some("Traditional date & legend")
    );
    assert_eq!(
        start(d.events[3].time.earliest_start),
        "2014-06-24T09:00:00Z"
    );
    // A clock time without a zone spans what it can mean.
    let meeting = &d.events[4];
    assert_eq!(start(meeting.time.earliest_start), "2014-04-19T20:00:00Z");
    assert_eq!(start(meeting.time.latest_start), "2014-04-20T22:00:59Z");
    assert_eq!(d.eras.len(), 1);
    let lines: Vec<usize> = l.problems.iter().map(|p| p.location.line).collect();
    assert_eq!(lines, [11, 13, 14], "{:?}", l.problems);
}

#[test]
fn timeband_json_lines_with_header_and_a_line_being_written() {
    let l = load("formats/timeband.jsonl");
    assert_eq!(l.format, Format::JsonLines);
    let d = &l.dataset;
    assert_eq!(&*d.title, "Appended by a collector");
    let ids: Vec<&str> = d.events.iter().map(|e| d.id(e)).collect();
    assert_eq!(ids, ["e1", "e2"]);
    assert_eq!(d.events[1].location.line, 4);
    assert_eq!(d.events[0].claims.len(), 1);
    let lines: Vec<usize> = l.problems.iter().map(|p| p.location.line).collect();
    assert_eq!(lines, [5, 6], "{:?}", l.problems);
}

#[test]
fn json_lines_without_a_header() {
    let text = b"{\"id\": \"a\", \"title\": \"A\", \"time\": \"2020-01-01\"}\n{\"id\": \"b\", \"title\": \"B\", \"time\": \"2020-01-02\"}\n";
    let l = load_bytes("x.jsonl", text).unwrap();
    assert_eq!(l.format, Format::JsonLines);
    assert_eq!(l.dataset.events.len(), 2);
    assert_eq!(l.dataset.events[1].location.line, 2);
}

#[test]
fn detection_by_content_and_the_override() {
    let sheet = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/real/timelinejs/knightlab_my_own_timeline_sheet.csv"),
    )
    .unwrap();
    // The content decides, whatever the name says.
    assert_eq!(detect("export.txt", &sheet), Some(Format::TimelineJsSheet));
    assert_eq!(detect("a.csv", b"title,time\nx,2020\n"), None);
    // Forced as plain CSV, the sheet's `Headline` and `Time` are read as timeband's columns.
    let forced = load_bytes_as("s.csv", &sheet, Some(Format::Csv)).unwrap();
    assert_eq!(forced.format, Format::Csv);
    assert!(forced.dataset.events.is_empty());
    assert!(forced.problems[0].message.contains("missing `time`"));
    let chosen = load_bytes_as("s.csv", &sheet, None).unwrap();
    assert_eq!(chosen.format, Format::TimelineJsSheet);
    assert_eq!(chosen.dataset.events.len(), 10);
    for f in Format::ALL {
        assert_eq!(Format::from_key(f.key()), Some(f));
    }
    assert_eq!(Format::from_key("nonsense"), None);
}

/// Every loader on mutated copies of its test files (flipped bytes, cut files, inserted
/// delimiters and quotes): never a panic, whatever the format forced or detected.
#[test]
fn mutated_inputs_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut files = Vec::new();
    for sub in [
        "real/timelinejs",
        "real/timesketch",
        "real/gdelt",
        "real/vis-timeline",
        "formats",
        "acled-aggregated",
    ] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let p = entry.unwrap().path();
            if p.extension().is_some_and(|e| e != "md") {
                files.push(std::fs::read(&p).unwrap());
            }
        }
    }
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut rand = move |n: usize| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % n.max(1) as u64) as usize
    };
    let pieces: [&[u8]; 8] = [b"\t", b",", b"\"", b"\n", b"{", b"]", b"\xff", b"-000400-"];
    for bytes in &files {
        for _ in 0..6 {
            let mut m = bytes.clone();
            for _ in 0..1 + rand(4) {
                let at = rand(m.len());
                match rand(3) {
                    0 => {
                        if let Some(b) = m.get_mut(at) {
                            *b ^= 1 << rand(8);
                        }
                    }
                    1 => m.truncate(at),
                    _ => {
                        let piece = pieces[rand(pieces.len())];
                        m.splice(at..at, piece.iter().copied());
                    }
                }
            }
            let _ = load_bytes("m.csv", &m);
            for f in Format::ALL {
                let _ = load_bytes_as("m", &m, Some(f));
            }
        }
    }
}

/// An event's attributes as `name: value` lines.
fn attrs(l: &Loaded, e: &timeband::model::Event) -> String {
    l.dataset
        .attributes(e)
        .iter()
        .map(|(n, v)| {
            let name = l
                .dataset
                .attribute_names
                .get(*n as usize)
                .map_or("?", String::as_str);
            format!("{name}: {v}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The window's Open dialog offers the files each format comes in, GDELT's daily
/// `.export.CSV` included (its patterns are case-sensitive on Linux).
#[test]
fn the_open_dialog_offers_each_formats_files() {
    for name in [
        "my_timeline - Sheet1.csv",
        "houston.json",
        "sigma_events.jsonl",
        "events.ndjson",
        "20141124.export.CSV",
        "20150218230000.export.CSV",
        "rows.tsv",
        "bq-results-20240101.csv",
        "plaso.l2tcsv.csv",
    ] {
        let ext = Path::new(name).extension().unwrap().to_str().unwrap();
        assert!(timeband::load::EXTENSIONS.contains(&ext), "{name}");
    }
}

#[test]
fn column_names_are_matched_as_people_write_them() {
    // `End Date`, `Start Date`, `end-date`, `EndDate`: the end and start columns.
    for (header, start_col) in [
        ("Event,Date,End Date,Location", "Date"),
        ("Event,Start Date,End Date,Location", "Start Date"),
        ("Event,date,end-date,Location", "date"),
        ("Event,StartDate,EndDate,Location", "StartDate"),
    ] {
        let text = format!("{header}\nSiege of Mariupol,2022-02-24,2022-05-20,Mariupol\n");
        let l = load_bytes("sheet.csv", text.as_bytes()).unwrap();
        assert!(l.problems.is_empty(), "{header}: {:?}", l.problems);
        let e = &l.dataset.events[0];
        assert_eq!(l.dataset.title(e), "Siege of Mariupol", "{header}");
        assert_eq!(day(e.time.earliest_start), "2022-02-24", "{header}");
        assert_eq!(day(e.time.latest_end), "2022-05-20", "{header}");
        assert_eq!(e.place.as_deref(), Some("Mariupol"));
        assert!(
            l.dates.iter().any(|d| d.column == start_col),
            "{header}: {:?}",
            l.dates
        );
    }
}

#[test]
fn acled_precisions_written_by_pandas_as_floats_are_read_and_an_empty_one_is_said() {
    // pandas writes a number column with a gap as floats: `1.0`, `2.0`, `3.0`.
    let text = ",event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,country,location,source,fatalities,timestamp
0,MLI1,2019-03-15 00:00:00,2019,1.0,Battles,Armed clash,JNIM,Mali,Mopti,AFP,4.0,1553000000.0
1,MLI2,2019-03-16 00:00:00,2019,2.0,Protests,Peaceful protest,Protesters,Mali,Bamako,RFI,,1553100000.0
2,MLI3,2019-03-31 00:00:00,2019,3.0,Riots,Mob violence,Rioters,Mali,Gao,RFI,0.0,1553200000.0
3,MLI4,2019-04-01 00:00:00,2019,,Riots,Mob violence,Rioters,Mali,Gao,RFI,0.0,
";
    let l = load_bytes("acled.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::Acled);
    assert_eq!(l.dataset.events.len(), 4);
    let span = |i: usize| {
        let t = &l.dataset.events[i].time;
        (day(t.earliest_start), day(t.latest_end))
    };
    assert_eq!(span(0), ("2019-03-15".into(), "2019-03-15".into()));
    assert_eq!(span(1), ("2019-03-13".into(), "2019-03-19".into()));
    assert_eq!(span(2), ("2019-03-01".into(), "2019-03-31".into()));
    assert_eq!(span(3), ("2019-04-01".into(), "2019-04-01".into()));
    // Each is written as the file has it: the precision is in its span, not in its words.
    assert_eq!(&*l.dataset.events[1].time.written, "2019-03-16 00:00:00");
    // The empty one is read as the day written, and said; it claims no ACLED precision.
    assert_eq!(&*l.dataset.events[3].time.written, "2019-04-01 00:00:00");
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.problems[0].location.line, 5);
    assert!(
        l.problems[0].message.contains("`time_precision` is empty"),
        "{}",
        l.problems[0].message
    );
}

#[test]
fn a_sheet_of_events_with_country_year_and_fatalities_is_not_read_as_acled_counts() {
    // An incident log: `country`, `year` and `fatalities` as ACLED's yearly counts have them,
    // but dated and named by its own `date` and `title`.
    let text = "date,title,country,year,fatalities,source
2021-03-14,Car bomb at checkpoint,Somalia,2021,12,Reuters
2021-06-02,Ambush on convoy,Somalia,2021,7,AFP
";
    let l = load_bytes("log.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::Csv);
    assert_eq!(l.dataset.record, None);
    let e = &l.dataset.events[0];
    assert_eq!(l.dataset.title(e), "Car bomb at checkpoint");
    assert_eq!(day(e.time.earliest_start), "2021-03-14");
    assert_eq!(day(e.time.latest_end), "2021-03-14");
    assert_eq!(e.claims.len(), 1);
    // With a month too: still the log's own dates, not whole months.
    let text = "Date,Event,Country,Month,Year,Fatalities\n2021-03-14,Car bomb,Somalia,3,2021,12\n";
    let l = load_bytes("log.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::Csv);
    assert_eq!(day(l.dataset.events[0].time.latest_end), "2021-03-14");
    // ACLED's own yearly counts still are.
    let text = "COUNTRY,YEAR,EVENTS,FATALITIES\nSomalia,2021,120,300\n";
    let l = load_bytes("yearly.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::AcledAggregated);
}

#[test]
fn a_media_log_with_a_year_and_a_headline_is_not_read_as_a_timelinejs_sheet() {
    // `Year`, `Headline` and `Media` as in TimelineJS's template, but dated by `Date`.
    let text = "Date,Year,Media,Headline,URL
2023-09-04,2023,Yonhap,Kim expected to visit Russia,https://example.org/1
2023-09-12,2023,TASS,Kim arrives in Vladivostok region,https://example.org/2
";
    let l = load_bytes("media.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::Csv);
    let e = &l.dataset.events[1];
    assert_eq!(l.dataset.title(e), "Kim arrives in Vladivostok region");
    assert_eq!(day(e.time.earliest_start), "2023-09-12");
    assert_eq!(day(e.time.latest_end), "2023-09-12");
    // The template itself still is.
    let l = load("real/timelinejs/knightlab_my_own_timeline_sheet.csv");
    assert_eq!(l.format, Format::TimelineJsSheet);
}

#[test]
fn rows_of_empty_fields_are_passed_over_without_a_problem() {
    // Excel leaves `,,` rows below a sheet's last row, and sometimes between.
    let text = "title,date,place\r\nA,2020-01-01,X\r\n,,\r\nB,2020-01-02,Y\r\n, ,\r\n,,\r\n";
    let l = load_bytes("sheet.csv", text.as_bytes()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(l.dataset.events.len(), 2);
    // B keeps its own line.
    assert_eq!(l.dataset.events[1].location.line, 4);
    // A row with a field is still read, and a wrong one still said.
    let text = "title,date,place\nA,2020-01-01,X\n,,Z\n";
    let l = load_bytes("sheet.csv", text.as_bytes()).unwrap();
    assert_eq!(l.problems.len(), 1);
    assert_eq!(l.problems[0].location.line, 3);
}

#[test]
fn records_with_a_start_but_no_content_are_records_not_vis_timeline_items() {
    // pandas' `to_json(orient="records")` of a sheet with `start` and `end`.
    let text = r#"[{"title":"Siege","start":"2020-03-01","end":"2020-03-15","location":"Mariupol","actor":"Army"},
 {"title":"Talks","start":"2020-04-01","end":null,"location":"Doha","actor":"Govt"}]"#;
    assert_eq!(detect("records.json", text.as_bytes()), None);
    let l = load_bytes("records.json", text.as_bytes()).unwrap();
    assert_ne!(l.format, Format::VisTimeline);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 2);
    // Its place and lane, which vis-timeline's reader had no room for.
    assert_eq!(d.events[0].place.as_deref(), Some("Mariupol"));
    assert_eq!(lane_of(&l, 1), "Govt");
    assert_eq!(day(d.events[0].time.latest_end), "2020-03-15");
}

#[test]
fn a_quote_left_open_says_which_lines_it_swallowed() {
    let text = "title,date,place
\"Storm\" operation begins,2020-01-01,Idlib
Shelling,2020-01-02,Aleppo
\"Quote: \"\"we will win,2020-01-03,Damascus
Talks,2020-01-04,Geneva
Ceasefire,2020-01-05,Moscow
Withdrawal,2020-01-06,Idlib
";
    let l = load_bytes("quotes.csv", text.as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 2);
    let p = l
        .problems
        .iter()
        .find(|p| p.message.contains("fields, the header"))
        .expect("the short row is said");
    assert_eq!(p.location.line, 4);
    assert!(
        p.message
            .contains("runs on to line 7, so lines 4–7 are read as this one row"),
        "{}",
        p.message
    );
    // A field that holds a line end on purpose, in a whole row, is no such problem.
    let text = "title,date,place\n\"Two\nlines\",2020-01-01,Idlib\nB,2020-01-02,X\n";
    let l = load_bytes("quotes.csv", text.as_bytes()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(l.dataset.events.len(), 2);
}

#[test]
fn a_gdelt_bigquery_selection_without_dateadded_loads_its_events_and_says_what_is_missing() {
    let text = "GLOBALEVENTID,SQLDATE,Actor1Name,Actor2Name,EventCode,EventRootCode,GoldsteinScale,ActionGeo_FullName,SOURCEURL
900000001,20200304,POLICE,PROTESTER,0431,04,-2.0,\"Mogadishu, Banaadir, Somalia\",https://example.com/a
900000002,20200305,MILITARY,REBEL,190,19,-2.0,\"Kismayo, Jubbada Hoose, Somalia\",
";
    let l = load_bytes("bq.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::GdeltCsv);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 2);
    assert_eq!(day(d.events[1].time.earliest_start), "2020-03-05");
    assert_eq!(
        d.events[0].place.as_deref(),
        Some("Mogadishu, Banaadir, Somalia")
    );
    // Sources without a publication date: the site's, and GDELT's where there is no URL.
    let names: Vec<&str> = d.sources.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["example.com", "GDELT"]);
    assert!(d.sources.iter().all(|s| s.published.is_none()));
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.problems[0].location.line, 1);
    assert!(l.problems[0].message.contains("no DATEADDED column"));
}

#[test]
fn a_time_column_beside_a_date_column_is_not_taken_for_the_date() {
    // A log with its clock time in a column of its own, before or after the date.
    for text in [
        "Time,Date,Title\n14:30,04/03/2020,Explosion reported\n08:00,15/03/2020,Curfew announced\n",
        "date,time,title\n2020-03-04,14:30,Explosion reported\n2020-03-15,08:00,Curfew announced\n",
    ] {
        let l = load_bytes("log.csv", text.as_bytes()).unwrap();
        let d = &l.dataset;
        assert_eq!(d.events.len(), 2, "{text}");
        assert_eq!(day(d.events[0].time.earliest_start), "2020-03-04");
        assert_eq!(day(d.events[1].time.latest_end), "2020-03-15");
        // The clock time kept, and said not to be read.
        let a = attrs(&l, &d.events[0]);
        assert!(a.to_ascii_lowercase().contains("time: 14:30"), "{a}");
        assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
        assert!(
            l.problems[0]
                .message
                .contains("is kept as a field, not read into the dates")
        );
    }
    // A `time` column alone is the date column, as before.
    let l = load_bytes("t.csv", b"title,time\nA,2020-03-04\n").unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(day(l.dataset.events[0].time.earliest_start), "2020-03-04");
}

#[test]
fn timebands_own_time_column_is_strict_edtf_and_no_span_runs_a_century() {
    // timeband's sheets write EDTF in `time` and `claim_time`: `2018-22` is summer 2018 there,
    // beside a span of years that would settle a people's column as spans.
    let text = "id,title,time,claim_time\na,A,2018-22,2019-20\nb,B,1914-18,\n";
    let l = load_bytes("timeband.csv", text.as_bytes()).unwrap();
    let d = &l.dataset;
    let a = d.events.iter().find(|e| d.id(e) == "a").expect("a is read");
    assert_eq!(&*a.time.written, "2018-22");
    assert_eq!(
        a.time
            .earliest_start
            .instant()
            .map(|t| Civil::from_instant(t).year),
        Some(2018)
    );
    assert_eq!(
        a.time
            .latest_end
            .instant()
            .map(|t| Civil::from_instant(t).year),
        Some(2018)
    );
    // `1914-18` is no EDTF: said, not read as years there.
    assert!(d.events.iter().all(|e| d.id(e) != "b"));
    assert!(
        l.problems.iter().any(|p| p.message.contains("1914-18")),
        "{:?}",
        l.problems
    );
    // In a people's `date` column, `2023-22` is no span of 99 years (2023 to 2122): it
    // settles nothing, and `1914-18` beside it is the years 1914 to 1918.
    let text = "title,date\nA,1914-18\nB,1999-00\n";
    let l = load_bytes("sheet.csv", text.as_bytes()).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    let years = |i: usize| {
        let t = &l.dataset.events[i].time;
        (
            t.earliest_start
                .instant()
                .map(|t| Civil::from_instant(t).year),
            t.latest_end.instant().map(|t| Civil::from_instant(t).year),
        )
    };
    assert_eq!(years(0), (Some(1914), Some(1918)));
    assert_eq!(years(1), (Some(1999), Some(2000)));
    let text = "title,date\nA,1914-18\nB,2023-22\n";
    let l = load_bytes("sheet.csv", text.as_bytes()).unwrap();
    assert!(
        !l.dataset.events.iter().any(|e| e
            .time
            .latest_end
            .instant()
            .is_some_and(|t| Civil::from_instant(t).year > 2100)),
        "no span to 2122"
    );
}

#[test]
fn two_digit_year_first_dates_are_read_so_when_the_user_says_ymd() {
    // Korea's `yy.mm.dd`: every value also fits `dd.mm.yy`, so it is read day-first and says
    // so, and `--date-order ymd` reads it year-first.
    let text = "title,date\nKim departs Pyongyang,23.09.10\nKim returns,23.09.17\n";
    let l = load_bytes("dates.csv", text.as_bytes()).unwrap();
    assert!(l.dates[0].rule.starts_with("dd.mm.yy"), "{:?}", l.dates);
    let options = timeband::load::LoadOptions {
        date_order: Some(timeband::load::DateOrder::Ymd),
        ..Default::default()
    };
    let l =
        timeband::load::load_bytes_as_opts("dates.csv", text.as_bytes(), None, &options).unwrap();
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert!(l.dates[0].rule.starts_with("yy.mm.dd"), "{:?}", l.dates);
    assert_eq!(day(l.dataset.events[0].time.earliest_start), "2023-09-10");
    assert_eq!(day(l.dataset.events[1].time.latest_end), "2023-09-17");
}

#[test]
fn a_weekday_that_is_not_the_dates_is_said_not_passed_over() {
    let text = "title,date\nA,\"Monday, March 3, 2020\"\nB,\"Friday, 13 March 2020\"\nC,\"Tue 3 March 2020\"\n";
    let l = load_bytes("days.csv", text.as_bytes()).unwrap();
    // Friday 13 March 2020 and Tuesday 3 March 2020 are right; Monday 3 March is not.
    assert_eq!(l.dataset.events.len(), 2);
    assert_eq!(day(l.dataset.events[0].time.earliest_start), "2020-03-13");
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.problems[0].location.line, 2);
    assert!(
        l.problems[0]
            .message
            .contains("names a Monday, but 2020-03-03 was a Tuesday"),
        "{}",
        l.problems[0].message
    );
}

#[test]
fn json_lines_of_records_are_read_as_records_not_as_timeband_lines() {
    // pandas' `to_json(orient="records", lines=True)`: a `title` on the first line made it
    // timeband's header line, and every record was left out.
    let text = r#"{"title":"Strike on depot","date":"2022-03-01","end_date":"2022-03-02","location":"Mykolaiv","fatalities":3.0}
{"title":"Ceasefire talks","date":"2022-03-05","end_date":null,"location":null,"fatalities":0.0}

{"title":"Port reopened","date":null,"end_date":null,"location":"Odesa","fatalities":0.0}
"#;
    let l = load_bytes("records.jsonl", text.as_bytes()).unwrap();
    assert_eq!(l.format_name(), "JSON records", "{:?}", l.problems);
    let d = &l.dataset;
    assert_eq!(d.events.len(), 2);
    assert_eq!(d.title(&d.events[0]), "Strike on depot");
    assert_eq!(d.events[0].place.as_deref(), Some("Mykolaiv"));
    assert_eq!(day(d.events[0].time.latest_end), "2022-03-02");
    assert_eq!(d.events[1].location.line, 2);
    // The record without a date is said, on its own line.
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert_eq!(l.problems[0].location.line, 4);
    // timeband's own lines, with their header line, are still timeband's.
    let text = "{\"timeband\":1,\"title\":\"Mine\"}\n{\"id\":\"a\",\"title\":\"A\",\"time\":\"2020-01-01\"}\n";
    let l = load_bytes("mine.jsonl", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::JsonLines);
    assert_eq!(l.dataset.title, "Mine");
    assert_eq!(l.dataset.events.len(), 1);
}

#[test]
fn a_wrong_end_is_reported_at_the_end_column() {
    let text = "title,start,end\na,2020-01-01,00:00\nb,2020-01-0x,2020-01-05\n";
    let l = load_bytes("ends.csv", text.as_bytes()).unwrap();
    assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
    let (end, start) = (&l.problems[0], &l.problems[1]);
    assert_eq!((end.location.line, end.location.column), (2, 3));
    assert!(
        end.message.starts_with("the end: `00:00`"),
        "{}",
        end.message
    );
    assert_eq!((start.location.line, start.location.column), (3, 2));
    assert!(
        start.message.starts_with("`2020-01-0x`"),
        "{}",
        start.message
    );
}

#[test]
fn vis_timeline_groups_are_lanes_in_their_order() {
    let text = r#"{"groups": [{"id": 1, "content": "Army", "order": 2}, {"id": "2", "content": "<b>Militia</b>", "order": 1}, {"id": 3, "content": "Police"}],
 "items": [
  {"id": 1, "content": "Offensive begins", "start": "2022-02-24", "group": 1},
  {"id": 2, "content": "Point event", "start": "2022-03-15T10:00:00Z", "group": 2},
  {"id": 3, "content": "Patrol", "start": "2022-03-16", "group": 3}
 ]}"#;
    let l = load_bytes("vis.json", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::VisTimeline);
    let lanes: Vec<&str> = l.dataset.lanes.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(lanes, ["Militia", "Army", "Police"]);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
    assert_eq!(lane_of(&l, 0), "Army");
    assert_eq!(lane_of(&l, 1), "Militia");
    // An item of a group `groups` does not declare is kept, and said once.
    let text = r#"{"groups": [{"id": 1, "content": "Army"}], "items": [
  {"id": 1, "content": "a", "start": "2022-02-24", "group": 99},
  {"id": 2, "content": "b", "start": "2022-02-25", "group": 99}
 ]}"#;
    let l = load_bytes("vis.json", text.as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 2);
    assert_eq!(l.problems.len(), 1, "{:?}", l.problems);
    assert!(
        l.problems[0]
            .message
            .contains("group `99` is not among `groups`")
    );
}

#[test]
fn acled_rows_of_one_event_merge_by_event_id_no_cnty_where_there_is_no_event_id_cnty() {
    let text = "event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,country,location,source,fatalities
101,2019-03-15,2019,1,Battles,Armed clash,Military Forces of Mali,JNIM,Mali,Mopti,AFP,4
101,2019-03-15,2019,1,Battles,Armed clash,JNIM,Military Forces of Mali,Mali,Mopti,AFP,4
101,2019-03-16,2019,1,Protests,Peaceful protest,Protesters,,Niger,Niamey,RFI,0
";
    let l = load_bytes("acled.csv", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::Acled);
    let d = &l.dataset;
    // Mali's 101 once, with both actors; Niger's 101 is another event.
    assert_eq!(d.events.len(), 2, "{:?}", l.problems);
    assert_eq!(d.id(&d.events[0]), "Mali101");
    assert_eq!(d.id(&d.events[1]), "Niger101");
    let a = attrs(&l, &d.events[0]);
    assert!(
        a.contains("JNIM") && a.contains("Military Forces of Mali"),
        "{a}"
    );
    assert!(l.problems.is_empty(), "{:?}", l.problems);
}

#[test]
fn a_file_that_gives_no_status_leaves_it_not_given_never_confirmed() {
    use timeband::model::Status;
    // A TimelineJS sheet, a sheet without a `status` column, an empty or unknown status.
    let l = load("real/timelinejs/knightlab_my_own_timeline_sheet.csv");
    assert!(
        l.dataset
            .events
            .iter()
            .all(|e| e.status == Status::Unstated)
    );
    let text = "title,date,status\nA,2020-01-01,\nB,2020-01-02,reported\nC,2020-01-03,rumoured\n";
    let l = load_bytes("s.csv", text.as_bytes()).unwrap();
    let statuses: Vec<Status> = l.dataset.events.iter().map(|e| e.status).collect();
    assert_eq!(
        statuses,
        [Status::Unstated, Status::Reported, Status::Unstated]
    );
    assert!(
        l.problems[0].message.ends_with("read as not given"),
        "{:?}",
        l.problems
    );
    assert_eq!(Status::Unstated.name(), "not given");
    assert_eq!(Status::from_name("unstated"), Some(Status::Unstated));
    // timeband's own format keeps its documented default.
    let l = load_bytes(
        "e.json",
        br#"{"timeband": 1, "events": [{"id": "e", "title": "E", "time": "2020-01-01"}]}"#,
    )
    .unwrap();
    assert_eq!(l.dataset.events[0].status, Status::Confirmed);
}

#[test]
fn a_column_in_no_single_format_reads_the_format_most_values_have() {
    // An odd first value (`9-May-20`) before five ISO dates: the ISO dates are read and the odd
    // one is left out, not the other way round.
    let text = "title,date\nA,9-May-20\nB,2020-05-10\nC,2020-05-11\nD,2020-05-12\nE,2020-05-13\nF,2020-05-14\n";
    let l = load_bytes("mixed.csv", text.as_bytes()).unwrap();
    let d = &l.dataset;
    let titles: Vec<&str> = d.events.iter().map(|e| d.title(e)).collect();
    assert_eq!(titles, ["B", "C", "D", "E", "F"]);
    assert_eq!(l.dates[0].rule, "ISO 8601 / EDTF");
    assert!(
        l.problems[0]
            .message
            .contains("the format most of them have"),
        "{:?}",
        l.problems
    );
    assert_eq!(l.problems.len(), 2, "{:?}", l.problems);
    assert_eq!(l.problems[1].location.line, 2);
}

#[test]
fn a_vis_timeline_item_keeps_the_offset_its_start_was_written_with() {
    let text = r#"[{"id":1,"content":"a","start":"2022-03-17T10:00:00.000+02:00"},{"id":2,"content":"b","start":1647338400000}]"#;
    let l = load_bytes("vis.json", text.as_bytes()).unwrap();
    assert_eq!(l.format, Format::VisTimeline);
    let d = &l.dataset;
    assert_eq!(d.events[0].time.offset_minutes, Some(120));
    assert_eq!(
        start(d.events[0].time.earliest_start),
        "2022-03-17T08:00:00Z"
    );
    assert_eq!(d.events[0].time.describe(), "17 Mar 2022 10:00 (UTC+02:00)");
    // Milliseconds are UTC's.
    assert_eq!(d.events[1].time.offset_minutes, Some(0));
}

#[test]
fn a_timelinejs_credit_of_addresses_names_the_site_and_links_the_article() {
    // Source: ../shared/data/real/timelinejs (SOURCES.md): an event whose media credit is an
    // Interfax article and a RIA image, and whose caption is the image's address.
    let l = timeband::load::load_path(std::path::Path::new(
        "tests/data/real/timelinejs/sobach_msk_bomb_hoax_ru.json",
    ))
    .unwrap();
    let d = &l.dataset;
    let s = d
        .sources
        .iter()
        .position(|s| s.name.starts_with("interfax.ru"))
        .unwrap();
    assert_eq!(d.sources[s].name, "interfax.ru");
    assert_eq!(
        d.sources[s].url.as_deref(),
        Some("http://www.interfax.ru/moscow/578976")
    );
    let claim = d
        .events
        .iter()
        .flat_map(|e| e.claims.iter())
        .find(|c| c.source as usize == s)
        .unwrap();
    assert_eq!(&*claim.said, "media credit");
    assert!(d.sources.iter().all(|s| !s.name.contains("http")));
    // Each iz.ru article is its own source, with its own link.
    let iz: Vec<&str> = d
        .sources
        .iter()
        .filter(|s| s.name == "iz.ru")
        .filter_map(|s| s.url.as_deref())
        .collect();
    assert!(iz.len() > 1, "{iz:?}");
    let mut distinct = iz.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), iz.len(), "{iz:?}");
}
