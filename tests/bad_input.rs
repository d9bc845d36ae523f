//! Hostile and broken files: each gives a clear message naming the place and the cause, none
//! panics, none takes more than a few seconds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::{Duration, Instant};
use timeband::load::{LoadError, Loaded, MAX_PROBLEMS, load_bytes};

/// Loads with a time limit, so that a pathological input fails the test instead of hanging.
fn load(name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let started = Instant::now();
    let result = load_bytes(name, bytes);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{name} took {:?}",
        started.elapsed()
    );
    result
}

fn error(name: &str, bytes: &[u8]) -> LoadError {
    match load(name, bytes) {
        Err(e) => e,
        Ok(l) => panic!("{name} loaded with {} events", l.dataset.events.len()),
    }
}

fn event(id: &str, time: &str) -> String {
    format!(r#"{{"id": "{id}", "title": "T {id}", "time": "{time}"}}"#)
}

#[test]
fn empty_file() {
    let e = error("empty.json", b"");
    assert!(e.to_string().starts_with("empty.json:1:1:"), "{e}");
    assert!(e.message.contains("empty"));
    assert!(error("blank.csv", b"  \n\n ").message.contains("empty"));
}

#[test]
fn binary_garbage() {
    let bytes: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    let e = error("garbage.bin", &bytes);
    assert!(
        e.message.contains("binary") || e.message.contains("UTF-8") || e.message.contains("JSON"),
        "{e}"
    );
}

#[test]
fn truncated_json() {
    let e = error(
        "t.json",
        br#"{"timeband": 1, "events": [{"id": "a", "title": "A", "time": "20"#,
    );
    assert!(e.message.contains("ends too early"), "{e}");
    assert_eq!(e.location.line, 1);
}

#[test]
fn wrong_types() {
    let l = load("types.json", br#"{"timeband": 1, "events": [{"id": 5, "title": "A", "time": "2023"}, {"id": "ok", "title": "B", "time": 2023}, {"id": "c", "title": "C", "time": "2023", "tags": "x"}]}"#).unwrap();
    assert!(l.dataset.events.is_empty());
    assert_eq!(l.problems.len(), 3);
    assert!(
        l.problems[0]
            .message
            .contains("invalid type: integer `5`, expected a string"),
        "{}",
        l.problems[0]
    );
    assert!(
        l.problems[1].message.contains("expected an EDTF string"),
        "{}",
        l.problems[1]
    );
    let e = error("top.json", br#"{"timeband": 1, "events": {"a": 1}}"#);
    assert!(e.message.contains("expected a list"), "{e}");
    let e = error("version.json", br#"{"timeband": "one", "events": []}"#);
    assert!(e.message.contains("format version"), "{e}");
}

#[test]
fn utf8_bom_is_skipped() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(
        format!(r#"{{"timeband": 1, "events": [{}]}}"#, event("a", "2023")).as_bytes(),
    );
    let l = load("bom.json", &bytes).unwrap();
    assert_eq!(l.dataset.events.len(), 1);
    assert!(l.problems.is_empty());
}

#[test]
fn invalid_utf8_in_json_names_the_place() {
    let bytes = b"{\"timeband\": 1,\n \"title\": \"caf\xE9\"}";
    let e = error("latin.json", bytes);
    assert!(e.message.contains("UTF-8"), "{e}");
    assert_eq!((e.location.line, e.location.column), (2, 15));
}

#[test]
fn a_csv_excel_saved_on_windows_is_read_as_windows_1252_with_a_warning() {
    // Latin-1's letters, and the curly quotes and dash Windows-1252 puts in 0x80–0x9F (Latin-1
    // has invisible control characters there).
    let bytes = b"title,time,place\nR\xE9union \x93summit\x94 \x96 talks,2023-09-01,Saint-Denis\n";
    let l = load("latin.csv", bytes).unwrap();
    assert_eq!(
        l.dataset.title(&l.dataset.events[0]),
        "Réunion “summit” – talks"
    );
    assert!(
        l.problems
            .iter()
            .any(|p| p.message.contains("Windows-1252")),
        "{:?}",
        l.problems
    );
}

#[test]
fn a_100_mb_string() {
    let mut text = String::from(r#"{"timeband": 1, "events": [{"id": "big", "title": ""#);
    text.push_str(&"x".repeat(100 * 1024 * 1024));
    text.push_str(r#"", "time": "2023"}, "#);
    text.push_str(&event("small", "2024"));
    text.push_str("]}");
    let l = load("big.json", text.as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 2);
}

#[test]
fn nesting_10000_deep() {
    // The deep record is reported and left out; its neighbour loads.
    let text = format!(
        r#"{{"timeband": 1, "events": [{}{}, {}]}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000),
        event("ok", "2023")
    );
    let l = load("deep.json", text.as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 1);
    assert_eq!(l.problems.len(), 1);
    assert!(
        l.problems[0].to_string().starts_with("deep.json:1:28:"),
        "{}",
        l.problems[0]
    );
    assert!(
        l.problems[0].message.contains("recursion limit")
            || l.problems[0].message.contains("invalid type"),
        "{}",
        l.problems[0]
    );
    // As a whole file: an error, not a stack overflow.
    let e = error(
        "deeper.json",
        format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).as_bytes(),
    );
    assert!(e.message.contains("expected an object"), "{e}");
    let e = error(
        "deepest.json",
        format!(r#"{{"a": {}{}}}"#, "[".repeat(10_000), "]".repeat(10_000)).as_bytes(),
    );
    assert!(
        e.message.contains("recursion limit") || e.message.contains("expected a timeband file"),
        "{e}"
    );
}

#[test]
fn a_million_problems_are_capped_and_summarised() {
    let mut text = String::from(r#"{"timeband": 1, "events": ["#);
    for i in 0..1_000_000 {
        if i > 0 {
            text.push(',');
        }
        text.push_str(r#"{"id":"x"}"#);
    }
    text.push_str("]}");
    let l = load("many.json", text.as_bytes()).unwrap();
    assert_eq!(l.problems.len(), MAX_PROBLEMS + 1);
    let last = l.problems.last().unwrap();
    assert!(last.message.contains("more problems not listed"), "{last}");
    assert!(
        last.message
            .contains(&(1_000_000 - MAX_PROBLEMS).to_string()),
        "{last}"
    );
}

#[test]
fn duplicate_ids_unknown_references_and_backwards_times() {
    let text = format!(
        r#"{{"timeband": 1, "lanes": [{{"id": "a"}}], "sources": [{{"id": "s", "name": "S"}}], "events": [{}, {}, {}, {}]}}"#,
        r#"{"id": "d", "title": "D", "time": "2023", "lane": "a"}"#,
        r#"{"id": "d", "title": "D2", "time": "2023", "lane": "a"}"#,
        r#"{"id": "u", "title": "U", "time": "2023", "lane": "a", "claims": [{"source": "nobody"}]}"#,
        r#"{"id": "b", "title": "B", "time": "2023-09-10/2023-09-01", "lane": "a"}"#,
    );
    let l = load("refs.json", text.as_bytes()).unwrap();
    let all: String = l.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(all.contains("d: duplicate event id"), "{all}");
    assert!(all.contains("unknown source `nobody`"), "{all}");
    assert!(
        all.contains("b: `time`: `2023-09-10/2023-09-01` is not a valid EDTF date"),
        "{all}"
    );
    assert!(all.contains("before its start"), "{all}");
}

#[test]
fn a_duplicate_without_a_lanes_list_makes_no_lane_and_is_named_at_its_line() {
    // Lanes are made in order of first use; the duplicate's lane `z` is never used otherwise.
    let text = concat!(
        "{\"timeband\": 1, \"events\": [\n",
        "{\"id\": \"d\", \"title\": \"D\", \"time\": \"2023\", \"lane\": \"a\"},\n",
        "{\"id\": \"d\", \"title\": \"D2\", \"time\": \"2024\", \"lane\": \"z\"},\n",
        "{\"id\": \"e\", \"title\": \"E\", \"time\": \"2023-\\u0030\\u0039\", \"lane\": \"b\"}\n",
        "]}"
    );
    let l = load("dup.json", text.as_bytes()).unwrap();
    let lanes: Vec<_> = l.dataset.lanes.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(lanes, ["a", "b"]);
    let titles: Vec<_> = l
        .dataset
        .events
        .iter()
        .map(|e| l.dataset.title(e))
        .collect();
    assert_eq!(titles, ["D", "E"]);
    // An escaped time string is read as what it spells.
    assert_eq!(&*l.dataset.events[1].time.written, "2023-09");
    let all: String = l.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(
        all.contains("dup.json:3:") && all.contains("d: duplicate event id"),
        "{all}"
    );
}

#[test]
fn year_one_billion_and_impossible_days() {
    let text = format!(
        r#"{{"timeband": 1, "events": [{}, {}, {}]}}"#,
        event("far", "Y1000000000"),
        event("feb", "2023-02-30"),
        event("huge", "Y1E30")
    );
    let l = load("years.json", text.as_bytes()).unwrap();
    let ids: Vec<_> = l.dataset.events.iter().map(|e| l.dataset.id(e)).collect();
    assert_eq!(ids, ["far"]);
    let all: String = l.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(
        all.contains("feb: `time`: `2023-02-30` is not a valid EDTF date (column 9: no such day"),
        "{all}"
    );
    assert!(all.contains("huge") && all.contains("too large"), "{all}");
}

#[test]
fn ragged_csv_rows() {
    let text = "id,title,time,lane\na,First,2023-01,L\nb,Second\nc,Third,2023-03,L,extra,fields\n";
    let l = load("ragged.csv", text.as_bytes()).unwrap();
    let ids: Vec<_> = l.dataset.events.iter().map(|e| l.dataset.id(e)).collect();
    assert_eq!(ids, ["a", "c"]);
    let all: String = l.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(all.contains("ragged.csv:3:"), "{all}");
    assert!(all.contains("missing `time`"), "{all}");
    assert!(
        all.contains("ragged.csv:4:") && all.contains("6 fields, the header 4"),
        "{all}"
    );
}

#[test]
fn timelinejs_with_empty_strings() {
    let text = br#"{"events": [
        {"start_date": {"year": "", "month": ""}, "text": {"headline": ""}},
        {"start_date": {"year": "1999", "month": "", "day": ""}, "text": {"headline": "", "text": ""}, "group": "", "media": {"credit": "", "url": ""}},
        {"start_date": {"year": "2000", "month": "13"}, "text": {"headline": "Bad month"}}
    ]}"#;
    let l = load("empty.tl.json", text).unwrap();
    assert_eq!(l.dataset.events.len(), 1);
    assert_eq!(&*l.dataset.events[0].time.written, "1999");
    let all: String = l.problems.iter().map(|p| format!("{p}\n")).collect();
    assert!(
        all.contains("empty.tl.json:2:") && all.contains("`start_date` has no `year`"),
        "{all}"
    );
    assert!(
        all.contains("empty.tl.json:4:") && all.contains("month 13 is out of range"),
        "{all}"
    );
}

#[test]
fn dependency_tree_has_no_http_client() {
    let lock = include_str!("../Cargo.lock");
    for client in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "attohttpc",
        "surf",
        "minreq",
        "ehttp",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{client}\"")),
            "{client} is in the dependency tree"
        );
    }
}

/// Where each problem is, `line:column`, loaded from memory and from a file (a stream).
fn places(name: &str, bytes: &[u8]) -> [Vec<String>; 2] {
    let at = |l: Loaded| -> Vec<String> {
        l.problems
            .iter()
            .map(|p| format!("{}:{}", p.location.line, p.location.column))
            .collect()
    };
    let dir = std::env::temp_dir().join(format!("timeband-lines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    let from_file = timeband::load::load_path(&path).unwrap();
    [at(load(name, bytes).unwrap()), at(from_file)]
}

#[test]
fn a_wrong_row_is_named_by_its_line_whatever_the_line_ends() {
    // The `csv` crate counts a row after a CRLF line end as on the line before.
    let lf = "title,time\nA,2023-01-01\nB,zzz\n";
    let crlf = lf.replace('\n', "\r\n");
    for text in [lf, crlf.as_str()] {
        let [memory, file] = places("rows.csv", text.as_bytes());
        // The row is named by its line (3); `zzz` is no date at all, so it chose no rule.
        assert_eq!(memory, ["3:2"], "{text:?}");
        assert_eq!(file, memory, "{text:?}");
    }
    // Excel's `sep=;` line before the header: the delimiter it names, lines counted from it.
    let sep = "sep=;\r\ntitle;time\r\nA;2023-01-01\r\nB;zzz\r\n";
    let l = load("sep.csv", sep.as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 1);
    assert_eq!(l.dataset.title(&l.dataset.events[0]), "A");
    let [memory, file] = places("sep.csv", sep.as_bytes());
    assert_eq!(memory.last().map(String::as_str), Some("4:2"));
    assert_eq!(file, memory);
    // Another tool's sheet read whole (Timesketch), in CRLF.
    let ts = "message,datetime,timestamp_desc\r\nok,2023-01-01T00:00:00Z,Event\r\nbad,2023-01-01 10:00,Event\r\n";
    let [memory, _] = places("ts.csv", ts.as_bytes());
    assert_eq!(memory, ["3:0"]);
}

#[test]
fn a_wrong_row_after_blank_lines_is_named_by_its_own_line() {
    // The `csv` crate gives a row the line its reading began on, before the blank lines it
    // passes over (BurntSushi/rust-csv#208): `B` was said to be on line 3, a blank line.
    let lf = "title,time,note\nA,2023-01-01,\n\nB,zzz,\n\n\n\"C\",2023-01-02,\"two\nlines\"\nD,yyy,\n\nE,xxx,";
    let crlf = lf.replace('\n', "\r\n");
    for text in [lf, crlf.as_str()] {
        let [memory, file] = places("blank.csv", text.as_bytes());
        assert_eq!(memory, ["4:2", "9:2", "11:2"], "{text:?}");
        assert_eq!(file, memory, "{text:?}");
    }
    // After a row longer than the bytes the reader keeps (a MiB), and a `sep=` line.
    let long = "x".repeat(3 << 20);
    let text = format!(
        "sep=,\r\ntitle,time,note\r\nA,2023-01-01,\"{long}\"\r\n\r\nB,zzz,\r\nC,2023-01-02,\"{long}\"\r\nD,yyy,\r\n"
    );
    let [memory, file] = places("long.csv", text.as_bytes());
    assert_eq!(memory, ["5:2", "7:2"]);
    assert_eq!(file, memory);
    // A problem of a whole column names the header's line, the second after a `sep=` line.
    let unsettled = "sep=;\r\ntitle;time\r\nA;01/02/2023\r\nB;03/04/2023\r\n";
    let [memory, file] = places("unsettled.csv", unsettled.as_bytes());
    assert_eq!(memory, ["2:2", "3:2", "4:2"]);
    assert_eq!(file, memory);
    // Another tool's sheet read whole (Timesketch).
    let ts = "message,datetime,timestamp_desc\r\n\r\nok,2023-01-01T00:00:00Z,Event\r\n\r\n\r\nbad,2023-01-01 10:00,Event\r\n";
    let [memory, _] = places("ts.csv", ts.as_bytes());
    assert_eq!(memory, ["6:0"]);
}

#[test]
fn hdxs_hxl_hashtag_row_is_passed_over_and_said() {
    let text = "event_id_cnty,event_date,event_type,actor1,fatalities\r\n\
                #event+code,#date+occurred,#event+type,#group+name+first,#affected+killed\r\n\
                X1,2023-01-02,Battles,A,0\r\n\
                X2,2023-01-03,Riots,B,1\r\n";
    let l = load("hdx.csv", text.as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 2);
    let said: Vec<String> = l
        .problems
        .iter()
        .map(|p| format!("{}: {}", p.location.line, p.message))
        .collect();
    assert_eq!(
        said,
        [
            "2: this row is HXL hashtags (`#event+code`, `#date+occurred`, `#event+type`, …), as HDX adds below the header, not an event; left out"
        ]
    );
    // A first row that only starts with `#` is data.
    let not = "title,time\n#1 story,2023-01-02\n";
    let l = load("hash.csv", not.as_bytes()).unwrap();
    assert_eq!(l.dataset.events.len(), 1);
    assert!(l.problems.is_empty(), "{:?}", l.problems);
}

#[test]
fn a_damaged_workbook_is_an_error_or_its_readable_rows_never_a_panic() {
    // Bytes changed, cut short or zeroed in each of the workbook formats: every load ends
    // with an error that says why, or with what could be read.
    for file in ["sheets.xlsx", "events.xls", "events.ods"] {
        let bytes = std::fs::read(format!("tests/data/workbook/{file}")).unwrap();
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..60 {
            let mut damaged = bytes.clone();
            match round % 3 {
                0 => damaged.truncate((next() as usize) % bytes.len()),
                1 => {
                    for _ in 0..4 {
                        let i = (next() as usize) % damaged.len();
                        damaged[i] = next() as u8;
                    }
                }
                _ => {
                    let i = (next() as usize) % damaged.len();
                    let end = (i + 64).min(damaged.len());
                    damaged[i..end].fill(0);
                }
            }
            if let Err(e) = load(file, &damaged) {
                assert!(
                    e.message.len() > "cannot read this workbook: ".len(),
                    "{file} round {round}: {e}"
                );
            }
        }
    }
}
