//! The command line as a user runs it: output and exit status.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::process::Command;

fn timeband(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_timeband"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn date_of_unspecified_day_spans_the_month() {
    let (code, out, _) = timeband(&["date", "2023-09-XX"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["input"], "2023-09-XX");
    assert_eq!(v["earliest"], "2023-09-01");
    assert_eq!(v["latest"], "2023-09-30");
}

#[test]
fn date_reports_invalid_expressions_and_exits_1() {
    let (code, out, _) = timeband(&["date", "2023-09-13", "2023-02-30", "../2023"]);
    assert_eq!(code, 1);
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert!(
        lines[1]["error"]
            .as_str()
            .unwrap()
            .contains("does not exist")
    );
    assert!(lines[2]["earliest"].is_null());
    assert_eq!(lines[2]["start"], "open");
}

#[test]
fn check_sample_exits_0_with_counts() {
    let (code, out, _) = timeband(&["check", "data/kim-putin-2023.json"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("no problems"));
}

#[test]
fn check_json_lists_events_with_four_points_and_claims() {
    let (code, out, _) = timeband(&["check", "--json", "data/kim-putin-2023.json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let events = v["files"][0]["events"].as_array().unwrap();
    let summit = events
        .iter()
        .find(|e| e["id"] == "summit-vostochny")
        .unwrap();
    assert_eq!(summit["lane"], "summit");
    assert_eq!(summit["time"]["earliest_start"], "2023-09-13");
    assert!(summit["claims"].as_array().unwrap().len() >= 5);
}

#[test]
fn check_exit_status_distinguishes_problems_from_failure() {
    let dir = std::env::temp_dir().join(format!("timeband-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let problems = dir.join("problems.json");
    std::fs::write(
        &problems,
        r#"{"timeband": 1, "events": [{"id": "a", "title": "A", "time": "2023-13"}]}"#,
    )
    .unwrap();
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"timeband\": 1,\n \"events\": [").unwrap();
    let (code, out, _) = timeband(&["check", problems.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(out.contains("no such month"), "{out}");
    let (code, _, err) = timeband(&["check", broken.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("broken.json:2:"), "{err}");
}

#[test]
fn generate_writes_deterministic_data_that_loads_cleanly() {
    let dir = std::env::temp_dir().join(format!("timeband-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for ext in ["json", "csv"] {
        let (a, b, c) = (
            dir.join(format!("a.{ext}")),
            dir.join(format!("b.{ext}")),
            dir.join(format!("c.{ext}")),
        );
        for (path, seed) in [(&a, "7"), (&b, "7"), (&c, "8")] {
            let _ = std::fs::remove_file(path);
            let (code, _, err) = timeband(&[
                "generate",
                "--events",
                "3000",
                "--seed",
                seed,
                "-o",
                path.to_str().unwrap(),
            ]);
            assert_eq!(code, 0, "{err}");
        }
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "same seed, same bytes"
        );
        assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
        let loaded = timeband::load::load_path(&a).unwrap();
        assert!(
            loaded.problems.is_empty(),
            "{ext}: {:?}",
            loaded.problems.iter().take(3).collect::<Vec<_>>()
        );
        let d = &loaded.dataset;
        assert_eq!(d.events.len(), 3000, "{ext}");
        assert!(d.lanes.len() >= 6);
        assert!(d.events.iter().all(|e| !e.claims.is_empty()));
        // A real mix: points and ranges, open and unknown ends, qualifiers.
        assert!(
            d.events
                .iter()
                .any(|e| e.time.latest_end == timeband::model::Bound::OPEN)
        );
        assert!(
            d.events
                .iter()
                .any(|e| e.time.latest_end == timeband::model::Bound::UNKNOWN)
        );
        assert!(
            d.events
                .iter()
                .any(|e| e.time.qualifiers.overall.approximate)
        );
        assert!(d.events.iter().any(|e| !e.time.is_point()));
        // And it refuses to overwrite.
        let (code, _, err) = timeband(&["generate", "--events", "10", "-o", a.to_str().unwrap()]);
        assert_eq!(code, 2);
        assert!(err.contains("--force"));
    }
}

fn summit_as_of(date: &str) -> (serde_json::Value, serde_json::Value) {
    let (code, out, err) = timeband(&[
        "check",
        "--json",
        "--as-of",
        date,
        "data/kim-putin-2023.json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let file = v["files"][0].clone();
    let summit = file["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "summit-vostochny")
        .unwrap()
        .clone();
    (file, summit)
}

#[test]
fn check_as_of_replays_the_forecast_converging() {
    let (file, summit) = summit_as_of("2023-09-05");
    assert_eq!(file["as_known_on"]["at"], "2023-09-05T00:00:00Z");
    assert_eq!(summit["time"]["earliest"], "2023-09-10");
    assert_eq!(summit["time"]["latest"], "2023-09-13");
    assert!(summit["place"].as_str().unwrap().starts_with("Vladivostok"));
    assert_eq!(summit["status"], "planned");
    // Sources published on 5 Sep or later are not among its claims yet.
    let claims = summit["claims"].as_array().unwrap();
    assert!(!claims.iter().any(|c| c == "tass-1670025"));
    assert!(claims.iter().any(|c| c == "ksl-583950"));

    let (_, summit) = summit_as_of("2023-09-12");
    assert_eq!(summit["time"]["written"], "in the coming days");

    let (_, summit) = summit_as_of("2023-09-14");
    assert_eq!(summit["time"]["earliest"], "2023-09-13");
    assert_eq!(summit["time"]["latest"], "2023-09-13");
    assert!(summit["place"].as_str().unwrap().starts_with("Vostochny"));
    assert_eq!(summit["status"], "confirmed");
}

#[test]
fn check_as_of_has_the_same_fields_and_fewer_events() {
    let (code, out, _) = timeband(&["check", "--json", "data/kim-putin-2023.json"]);
    assert_eq!(code, 0);
    let all: serde_json::Value = serde_json::from_str(&out).unwrap();
    let (file, summit) = summit_as_of("2023-09-05");
    let full = all["files"][0]["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "summit-vostochny")
        .unwrap()
        .clone();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&summit), keys(&full));
    let n = file["events"].as_array().unwrap().len();
    let hidden = file["as_known_on"]["hidden_events"].as_u64().unwrap() as usize;
    assert_eq!(
        n + hidden,
        all["files"][0]["events"].as_array().unwrap().len()
    );
}

#[test]
fn check_as_of_refuses_a_bad_date() {
    let (code, _, err) = timeband(&["check", "--as-of", "2023-13", "data/kim-putin-2023.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("--as-of `2023-13`"), "{err}");
}

#[test]
fn export_as_of_writes_an_image_and_refuses_a_bad_date() {
    let dir = std::env::temp_dir().join(format!("timeband-cli-asof-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("known.png");
    let _ = std::fs::remove_file(&out);
    let o = out.to_str().unwrap();
    let (code, _, err) = timeband(&[
        "export",
        "data/kim-putin-2023.json",
        "-o",
        o,
        "--as-of",
        "2023-09-05",
        "--from",
        "2023-08-10",
        "--to",
        "2023-09-30",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::metadata(&out).unwrap().len() > 10_000);
    let (code, _, err) = timeband(&[
        "export",
        "data/kim-putin-2023.json",
        "-o",
        o,
        "--force",
        "--as-of",
        "someday",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--as-of `someday`"), "{err}");
}

fn sources_json(args: &[&str]) -> Vec<serde_json::Value> {
    let (code, out, err) = timeband(args);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["sources"].as_array().unwrap().clone()
}

fn outlet<'a>(sources: &'a [serde_json::Value], name: &str) -> &'a serde_json::Value {
    sources.iter().find(|s| s["name"] == name).unwrap()
}

/// The counts worked out by hand in tests/data/track.md.
#[test]
fn sources_json_on_the_track_file_gives_the_known_hits_and_misses() {
    let s = sources_json(&["sources", "--json", "tests/data/track.json"]);
    assert_eq!(s.len(), 3, "one entry per outlet, not per article");
    let names: Vec<&str> = s.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        ["Alpha Wire", "Beta Daily", "Gamma Blog"],
        "by hits, then width"
    );
    let alpha = outlet(&s, "Alpha Wire");
    assert_eq!(
        (&alpha["kind"], &alpha["reliability"], &alpha["claims"]),
        (&"wire".into(), &"A".into(), &3.into())
    );
    assert_eq!(
        (&alpha["hits"], &alpha["misses"], &alpha["partial"]),
        (&1.into(), &0.into(), &1.into())
    );
    assert_eq!(alpha["median_lead_days"], 11.5);
    assert_eq!(alpha["median_width_days"], 16.0);
    assert_eq!(alpha["place_hits"], 1);
    let beta = outlet(&s, "Beta Daily");
    assert_eq!(
        (&beta["hits"], &beta["misses"], &beta["claims"]),
        (&1.into(), &1.into(), &3.into())
    );
    assert_eq!(beta["median_lead_days"], 20.0);
    assert_eq!(beta["median_width_days"], 16.5);
    assert_eq!(beta["place_unknown"], 1);
    let gamma = outlet(&s, "Gamma Blog");
    assert_eq!(
        (&gamma["hits"], &gamma["misses"], &gamma["claims"]),
        (&1.into(), &1.into(), &2.into())
    );
    assert_eq!(gamma["median_lead_days"], 32.0);
    assert_eq!(gamma["place_misses"], 1);
}

#[test]
fn sources_as_of_judges_the_dates_known_then() {
    let s = sources_json(&[
        "sources",
        "--json",
        "--as-of",
        "2024-05-05",
        "tests/data/track.json",
    ]);
    let counts = |n: &str| {
        let o = outlet(&s, n);
        (
            o["hits"].as_u64().unwrap(),
            o["misses"].as_u64().unwrap(),
            o["claims"].as_u64().unwrap(),
        )
    };
    assert_eq!(counts("Beta Daily"), (1, 0, 3));
    assert_eq!(counts("Alpha Wire"), (1, 0, 1));
    assert_eq!(counts("Gamma Blog"), (0, 1, 2));
    assert_eq!(outlet(&s, "Beta Daily")["median_lead_days"], 10.0);
}

#[test]
fn sources_json_on_the_sample_counts_outlets_across_articles() {
    let s = sources_json(&["sources", "--json", "data/kim-putin-2023.json"]);
    // TASS: 8 claims from several articles; on resolved events 6 windows held the dates and its
    // 18 Aug "2023-08-18" for the Chinese delegation (8 Sep) did not.
    let tass = outlet(&s, "TASS");
    assert_eq!(
        (&tass["claims"], &tass["hits"], &tass["misses"]),
        (&8.into(), &6.into(), &1.into())
    );
    assert_eq!(s.iter().filter(|r| r["name"] == "TASS").count(), 1);
    let blog = outlet(&s, "Nick Betancourt (PR blog article)");
    assert_eq!((&blog["hits"], &blog["misses"]), (&8.into(), &1.into()));
    // "after the Vladivostok forum" (12 Sep/..) holds 13 Sep, but its width is open: null.
    let independent = outlet(&s, "The Independent");
    assert_eq!(independent["hits"], 1);
    assert!(independent["median_width_days"].is_null());
}

#[test]
fn sources_table_prints_one_row_per_outlet() {
    let (code, out, _) = timeband(&["sources", "tests/data/track.json"]);
    assert_eq!(code, 0);
    let alpha: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("Alpha Wire"))
        .collect();
    assert_eq!(alpha.len(), 1);
    let cells: Vec<&str> = alpha[0].split_whitespace().collect();
    assert!(cells.contains(&"11.5") && cells.contains(&"16"), "{out}");
}

#[test]
fn export_chart_writes_each_chart_as_a_png() {
    let dir = std::env::temp_dir().join(format!("timeband-cli-chart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (chart, select) in [
        ("dating", Some("summit-vostochny")),
        ("sources", None),
        ("activity", None),
    ] {
        let out = dir.join(format!("{chart}.png"));
        let _ = std::fs::remove_file(&out);
        let o = out.to_str().unwrap();
        let mut args = vec![
            "export",
            "data/kim-putin-2023.json",
            "-o",
            o,
            "--chart",
            chart,
        ];
        if let Some(id) = select {
            args.extend(["--select", id]);
        }
        let (code, _, err) = timeband(&args);
        assert_eq!(code, 0, "{chart}: {err}");
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"), "{chart}");
        assert!(bytes.len() > 5_000, "{chart}: {} bytes", bytes.len());
    }
    // The dating chart is of one event: without --select it is refused.
    let out = dir.join("none.png");
    let (code, _, err) = timeband(&[
        "export",
        "data/kim-putin-2023.json",
        "-o",
        out.to_str().unwrap(),
        "--chart",
        "dating",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(!out.exists());
}

#[test]
fn generate_acled_profile_is_deterministic_and_loads_as_acled() {
    use timeband::model::time::Civil;
    let dir = std::env::temp_dir().join(format!("timeband-gen-acled-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b, c) = (dir.join("a.csv"), dir.join("b.csv"), dir.join("c.csv"));
    for (path, seed) in [(&a, "7"), (&b, "7"), (&c, "8")] {
        let (code, _, err) = timeband(&[
            "generate",
            "--profile",
            "acled",
            "--events",
            "5000",
            "--seed",
            seed,
            "--force",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(code, 0, "{err}");
    }
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "same seed, same bytes");
    assert_ne!(bytes, std::fs::read(&c).unwrap());
    let header = String::from_utf8_lossy(&bytes)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(header, timeband::generate::acled::COLUMNS.join(","));

    let loaded = timeband::load::load_path(&a).unwrap();
    assert_eq!(loaded.format, timeband::load::Format::Acled);
    assert!(
        loaded.problems.is_empty(),
        "{:?}",
        loaded.problems.iter().take(3).collect::<Vec<_>>()
    );
    let d = &loaded.dataset;
    assert_eq!(d.events.len(), 5000);
    // Lanes by event type: ACLED's six.
    let mut lanes: Vec<&str> = d.lanes.iter().map(|l| l.label.as_str()).collect();
    lanes.sort_unstable();
    assert_eq!(
        lanes,
        [
            "Battles",
            "Explosions/Remote violence",
            "Protests",
            "Riots",
            "Strategic developments",
            "Violence against civilians"
        ]
    );
    let year = d.attribute_index("year").unwrap();
    let mut by_precision = [0usize; 3];
    for e in &d.events {
        let (lo, hi) = (e.time.earliest().unwrap(), e.time.latest().unwrap());
        // The middle of the window ACLED's precision gives lies in the row's year.
        let mid = Civil::from_instant(lo + (hi - lo) / 2);
        let row_year: i64 = d.attribute(e, year).next().unwrap().parse().unwrap();
        assert_eq!(mid.year, row_year, "{}", d.id(e));
        let days = (hi - lo + 1) / 86_400;
        let p = match days {
            1 => 0,
            7 => 1,
            28..=31 => 2,
            _ => panic!("{}: a window of {days} days", d.id(e)),
        };
        by_precision[p] += 1;
        assert!(!e.claims.is_empty(), "{}: cited outlets and ACLED", d.id(e));
    }
    // ACLED's proportions, roughly: mostly days, some weeks, a few months.
    assert!(by_precision[0] > 4400, "{by_precision:?}");
    assert!((200..500).contains(&by_precision[1]), "{by_precision:?}");
    assert!(by_precision[2] >= 3, "{by_precision:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read;
    // `timeband check --json FILE | head -c 10`: the pipe closes while timeband still writes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_timeband"))
        .args([
            "check",
            "--json",
            "tests/data/parquet/acled-somalia-300.csv",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 10];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(&first[..1], b"{");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(!stderr.contains("backtrace"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");
}
