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
                .any(|e| e.time.latest_end == timeband::model::Bound::Open)
        );
        assert!(
            d.events
                .iter()
                .any(|e| e.time.latest_end == timeband::model::Bound::Unknown)
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
