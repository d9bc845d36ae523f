//! Headless PNG export: size, content, the colour of a known band where its dates fall,
//! determinism, and refusing to overwrite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;
use timeband::model::time::Civil;
use timeband::timeline::TimelineStyle;

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("timeband-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

fn export(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_timeband"))
        .arg("export")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

struct Png {
    width: usize,
    height: usize,
    rgba: Vec<u8>,
}

fn read_png(path: &Path) -> Png {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    Png {
        width: info.width as usize,
        height: info.height as usize,
        rgba: buf,
    }
}

impl Png {
    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 4;
        [self.rgba[i], self.rgba[i + 1], self.rgba[i + 2]]
    }
}

#[test]
fn export_has_requested_width_and_is_not_blank() {
    let out = tmp("sample.png");
    let (code, err) = export(&[
        "data/kim-putin-2023.json",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "1600",
    ]);
    assert_eq!(code, 0, "{err}");
    let png = read_png(&out);
    assert_eq!(png.width, 1600);
    assert!(png.height > 400, "height {}", png.height);
    let distinct: std::collections::HashSet<[u8; 3]> = (0..png.height)
        .step_by(3)
        .flat_map(|y| (0..png.width).step_by(3).map(move |x| (x, y)))
        .map(|(x, y)| png.pixel(x, y))
        .collect();
    assert!(
        distinct.len() > 100,
        "only {} colours: blank?",
        distinct.len()
    );
}

#[test]
fn a_known_band_has_its_lane_colour_where_its_dates_fall() {
    // The 8th Eastern Economic Forum, 10–13 Sep 2023: its core runs from the end of 10 Sep to the
    // start of 13 Sep. In a view of September alone, its lane alone, find the lane's colour there.
    let out = tmp("eef.png");
    let (code, err) = export(&[
        "data/kim-putin-2023.json",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "1600",
        "--from",
        "2023-09-01",
        "--to",
        "2023-09-30",
        "--lanes",
        "regional",
    ]);
    assert_eq!(code, 0, "{err}");
    let png = read_png(&out);
    let sample: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("data/kim-putin-2023.json").unwrap())
            .unwrap();
    let color = sample["lanes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "regional")
        .unwrap()["color"]
        .as_str()
        .unwrap()
        .to_string();
    let lane: Vec<u8> = (0..3)
        .map(|i| u8::from_str_radix(&color[1 + 2 * i..3 + 2 * i], 16).unwrap())
        .collect();

    let t0 = Civil::date(2023, 9, 1).to_instant() as f64;
    let t1 = Civil::date(2023, 10, 1).to_instant() as f64;
    let header = f64::from(TimelineStyle::default().header_width);
    let x_of = |t: f64| (header + (t - t0) / (t1 - t0) * (1600.0 - header)).round() as usize;
    let close = |p: [u8; 3]| (0..3).all(|i| (p[i] as i32 - lane[i] as i32).abs() <= 24);
    let rows_with_lane_colour =
        |x: usize| (0..png.height).filter(|&y| close(png.pixel(x, y))).count();

    let inside = x_of(Civil::date(2023, 9, 12).to_instant() as f64);
    assert!(
        rows_with_lane_colour(inside) >= 6,
        "no solid band of {color} at x={inside} (12 Sep)"
    );
    // Two days after the forum ended, nothing in that lane is solid.
    let after = x_of(Civil::date(2023, 9, 16).to_instant() as f64);
    assert_eq!(
        rows_with_lane_colour(after),
        0,
        "unexpected solid band at x={after} (16 Sep)"
    );
}

#[test]
fn two_exports_of_the_same_input_are_identical() {
    let (a, b) = (tmp("a.png"), tmp("b.png"));
    for p in [&a, &b] {
        let (code, err) = export(&[
            "data/kim-putin-2023.json",
            "-o",
            p.to_str().unwrap(),
            "--width",
            "1200",
            "--select",
            "summit-vostochny",
            "--cursor",
            "2023-09-05",
            "--theme",
            "dark",
        ]);
        assert_eq!(code, 0, "{err}");
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn export_refuses_to_overwrite_without_force() {
    let out = tmp("existing.png");
    std::fs::write(&out, b"precious").unwrap();
    let (code, err) = export(&["data/kim-putin-2023.json", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read(&out).unwrap(), b"precious");
    let (code, err) = export(&[
        "data/kim-putin-2023.json",
        "-o",
        out.to_str().unwrap(),
        "--force",
        "--width",
        "800",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(read_png(&out).width, 800);
}

#[test]
fn scale_two_keeps_the_pixel_width() {
    let out = tmp("x2.png");
    let (code, err) = export(&[
        "data/kim-putin-2023.json",
        "-o",
        out.to_str().unwrap(),
        "--width",
        "1000",
        "--scale",
        "2",
        "--height",
        "700",
    ]);
    assert_eq!(code, 0, "{err}");
    let png = read_png(&out);
    assert_eq!((png.width, png.height), (1000, 700));
}

#[test]
fn bad_arguments_are_reported() {
    let out = tmp("bad.png");
    let (code, err) = export(&[
        "data/kim-putin-2023.json",
        "-o",
        out.to_str().unwrap(),
        "--select",
        "no-such-event",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("no-such-event"));
    let (code, err) = export(&[
        "data/kim-putin-2023.json",
        "-o",
        out.to_str().unwrap(),
        "--from",
        "2023-13",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--from"));
    assert!(!out.exists());
}

/// `--status confirmed` draws the confirmed event and leaves out the reported one: in a lane of
/// its own colour, the band's colour is where the confirmed event is and not where the other is
/// (while without the filter, both are drawn).
#[test]
fn export_status_confirmed_draws_only_confirmed_events() {
    let data = tmp("statuses.json");
    std::fs::write(
        &data,
        r##"{"timeband": 1, "lanes": [{"id": "a", "label": "A", "color": "#d02020"}], "events": [
  {"id": "sure", "title": "Confirmed", "time": "2023-09-04/2023-09-07", "lane": "a", "status": "confirmed"},
  {"id": "said", "title": "Reported", "time": "2023-09-19/2023-09-22", "lane": "a", "status": "reported"}
]}"##,
    )
    .unwrap();
    let t0 = Civil::date(2023, 9, 1).to_instant() as f64;
    let t1 = Civil::date(2023, 10, 1).to_instant() as f64;
    let header = f64::from(TimelineStyle::default().header_width);
    let x_of = |t: f64| (header + (t - t0) / (t1 - t0) * (1600.0 - header)).round() as usize;
    let sure = x_of(Civil::date(2023, 9, 5).to_instant() as f64 + 43_200.0);
    let said = x_of(Civil::date(2023, 9, 20).to_instant() as f64 + 43_200.0);
    // Rows of the band's red at x, above the legend and overview.
    let red_rows = |png: &Png, x: usize| {
        (0..png.height - 140)
            .filter(|&y| {
                let [r, g, b] = png.pixel(x, y);
                r > 180 && g < 90 && b < 90
            })
            .count()
    };
    let render = |name: &str, extra: &[&str]| {
        let out = tmp(name);
        let mut args = vec![
            data.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--width",
            "1600",
            "--from",
            "2023-09-01",
            "--to",
            "2023-09-30",
        ];
        args.extend_from_slice(extra);
        let (code, err) = export(&args);
        assert_eq!(code, 0, "{err}");
        read_png(&out)
    };
    let all = render("statuses-all.png", &[]);
    assert!(red_rows(&all, sure) >= 6, "the confirmed event is drawn");
    assert!(red_rows(&all, said) >= 6, "the reported event is drawn");
    let confirmed = render("statuses-confirmed.png", &["--status", "confirmed"]);
    assert!(
        red_rows(&confirmed, sure) >= 6,
        "the confirmed event is drawn"
    );
    assert_eq!(red_rows(&confirmed, said), 0, "the reported event is not");

    let (code, err) = export(&[
        data.to_str().unwrap(),
        "-o",
        tmp("statuses-bad.png").to_str().unwrap(),
        "--status",
        "rumoured",
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("--status") && err.contains("rumoured"),
        "{err}"
    );
}

#[test]
fn the_default_export_of_two_events_shows_both_whole() {
    // 12 Sep (lane A) and 12–17 Sep (lane B): once, the default view was 11–13 Sep and cut the
    // second in half. Now the view holds both with a margin, and both are drawn where they fall.
    let file = "tests/data/two-events.json";
    let out = tmp("two.png");
    let (code, err) = export(&[file, "-o", out.to_str().unwrap(), "--width", "1200"]);
    assert_eq!(code, 0, "{err}");
    let png = read_png(&out);

    let loaded = timeband::load::load_path(Path::new(file)).unwrap();
    let idx = timeband::index::Indexed::new(std::sync::Arc::new(loaded.dataset));
    let view = timeband::timeline::TimelineView::initial(&idx);
    let (start, end) = (
        Civil::date(2023, 9, 12).to_instant() as f64,
        Civil::date(2023, 9, 18).to_instant() as f64,
    );
    let margin = (end - start) * 0.02;
    assert!(
        view.t0 < start - margin && view.t1 > end + margin,
        "view {}..{} does not hold 12–17 Sep with a margin",
        view.t0,
        view.t1
    );

    let header = f64::from(TimelineStyle::default().header_width);
    let x_of = |t: f64| {
        (header + (t - view.t0) / (view.t1 - view.t0) * (1200.0 - header)).round() as usize
    };
    let rgb = |hex: u32| [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8];
    // The first two colours of the lane palette; the core is drawn at 92% opacity.
    let (a, b) = (rgb(0x3b7dd8), rgb(0xd96c2c));
    let close =
        |p: [u8; 3], c: [u8; 3], tol: i32| (0..3).all(|i| (p[i] as i32 - c[i] as i32).abs() <= tol);
    let rows = |x: usize, c: [u8; 3]| {
        (0..png.height)
            .filter(|&y| close(png.pixel(x, y), c, 24))
            .collect::<Vec<_>>()
    };
    let hour = 3600.0;
    // A's diamond at noon on 12 Sep.
    assert!(
        rows(x_of(start + 12.0 * hour), a).len() >= 6,
        "no marker of A on 12 Sep"
    );
    // B's core from 13 to 17 Sep, and its faint band on 12 Sep and late on 17 Sep.
    let core = rows(x_of(start + 3.5 * 24.0 * hour), b);
    assert!(core.len() >= 6, "no core of B on 15 Sep");
    let y = core[core.len() / 2];
    let faint = |x: usize| {
        let p = png.pixel(x, y);
        // Lighter than the core, but tinted towards B's colour (red above blue).
        p[0] > b[0] && p[0] as i32 - p[2] as i32 > 20
    };
    for t in [start + 3.0 * hour, end - 3.0 * hour] {
        assert!(
            faint(x_of(t)),
            "no faint band of B at x={} ({:?})",
            x_of(t),
            png.pixel(x_of(t), y)
        );
    }
}

/// Each of the other tools' formats, from a copy of a real file (or the format's test file):
/// `check` names the format it read, and `export` writes a PNG of the requested width with
/// the events drawn (many colours, not a blank canvas).
#[test]
fn each_format_exports_a_png_and_check_names_it() {
    let files = [
        (
            "tests/data/real/timelinejs/knightlab_my_own_timeline_sheet.csv",
            "TimelineJS sheet (CSV)",
        ),
        (
            "tests/data/real/timelinejs/knightlab_houston_timelinejs2_legacy.json",
            "TimelineJS2 JSON",
        ),
        (
            "tests/data/real/timesketch/timesketch_sigma_events.csv",
            "Timesketch CSV",
        ),
        (
            "tests/data/real/timesketch/timesketch_sigma_events.jsonl",
            "Timesketch JSON Lines",
        ),
        ("tests/data/formats/plaso_l2tcsv.csv", "plaso l2tcsv"),
        ("tests/data/formats/plaso_dynamic.csv", "plaso dynamic CSV"),
        (
            "tests/data/real/gdelt/geoutils_gdelt1_daily_20141124_rows.tsv",
            "GDELT events (tab-separated)",
        ),
        (
            "tests/data/formats/gdelt_bigquery_header.csv",
            "GDELT events (BigQuery CSV)",
        ),
        (
            "tests/data/real/vis-timeline/almende_vis_examples_timeline_data_basic.json",
            "vis-timeline JSON",
        ),
        ("tests/data/formats/timeband.jsonl", "timeband JSON Lines"),
    ];
    for (i, (file, format)) in files.iter().enumerate() {
        let check = Command::new(env!("CARGO_BIN_EXE_timeband"))
            .args(["check", file])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&check.stdout);
        assert!(said.contains(format), "{file}: check says {said}");
        let out = tmp(&format!("format-{i}.png"));
        let (code, err) = export(&[file, "-o", out.to_str().unwrap(), "--width", "900"]);
        assert_eq!(code, 0, "{file}: {err}");
        let png = read_png(&out);
        assert_eq!(png.width, 900, "{file}");
        let distinct: std::collections::HashSet<[u8; 3]> = (0..png.height)
            .step_by(2)
            .flat_map(|y| (0..png.width).step_by(2).map(move |x| (x, y)))
            .map(|(x, y)| png.pixel(x, y))
            .collect();
        assert!(
            distinct.len() > 20,
            "{file}: only {} colours",
            distinct.len()
        );
    }
}

/// An export too short for every lane says so, on the page and to the analyst, with the lanes
/// and events it leaves out; one as tall as the lanes need says nothing.
#[test]
fn an_export_too_short_for_every_lane_says_how_many_it_leaves_out() {
    let file = "data/kim-putin-2023.json";
    let loaded = timeband::load::load_path(Path::new(file)).unwrap();
    // Events per lane, top to bottom (the sample's lanes in its order).
    let sizes: Vec<usize> = loaded
        .dataset
        .lanes
        .iter()
        .enumerate()
        .map(|(i, _)| {
            loaded
                .dataset
                .events
                .iter()
                .filter(|e| e.lane as usize == i)
                .count()
        })
        .collect();
    assert_eq!(sizes.len(), 5);

    let out = tmp("short.svg");
    // All of the sample's events (2015–2023) in the time range: the lanes left out are counted
    // whole.
    let (code, err) = export(&[
        file,
        "-o",
        out.to_str().unwrap(),
        "--height",
        "600",
        "--from",
        "2014",
        "--to",
        "2025",
    ]);
    assert_eq!(code, 0, "{err}");
    // "warning: N of 5 lanes (M events in this time range) do not fit in the picture: …"
    let said = err
        .lines()
        .find(|l| l.contains("do not fit in the picture"))
        .unwrap_or_else(|| panic!("no warning of lanes left out: {err}"));
    let words: Vec<&str> = said.split_whitespace().collect();
    let n: usize = words[1].parse().unwrap();
    assert_eq!(&words[2..5], ["of", "5", "lanes"], "{said}");
    let m: usize = words[5].trim_start_matches('(').parse().unwrap();
    assert!((1..5).contains(&n), "{said}");
    // The lanes left out are the last ones, below the picture's bottom.
    assert_eq!(m, sizes[5 - n..].iter().sum::<usize>(), "{said}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(
        svg.contains(&format!(
            "{n} of 5 lanes ({m} events in this time range) do not fit in the picture"
        )),
        "the page does not say it"
    );

    // A page too narrow to say it beside the range says it on a line of its own, under it.
    let narrow = tmp("narrow.svg");
    let (code, err) = export(&[
        file,
        "-o",
        narrow.to_str().unwrap(),
        "--width",
        "500",
        "--height",
        "600",
    ]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&narrow).unwrap();
    let y_of = |needle: &str| -> (f32, f32) {
        let at = svg
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle} in the page"));
        let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
        let attr = |name: &str| -> f32 {
            let from = tag.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            tag[from..].split('"').next().unwrap().parse().unwrap()
        };
        (attr("x"), attr("y"))
    };
    let (note_x, note_y) = y_of("do not fit in the picture");
    let (_, range_y) = y_of("· showing");
    assert_eq!(note_x, 12.0);
    assert!(note_y > range_y + 10.0, "{note_y} against {range_y}");

    let whole = tmp("whole.svg");
    let (code, err) = export(&[file, "-o", whole.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("do not fit"), "{err}");
    assert!(
        !std::fs::read_to_string(&whole)
            .unwrap()
            .contains("do not fit")
    );
}

/// An export as tall as its lanes need holds every lane at any width (a narrow page's legend
/// takes more rows: the last lane was once cut under it), and a title wider than the page is
/// cut after a word, not at the page's edge.
#[test]
fn a_narrow_export_holds_every_lane_and_shortens_its_title_at_a_word() {
    let file = "data/kim-putin-2023.json";
    for width in ["400", "500", "700", "1000"] {
        let out = tmp(&format!("w{width}.svg"));
        let (code, err) = export(&[file, "-o", out.to_str().unwrap(), "--width", width]);
        assert_eq!(code, 0, "{err}");
        assert!(!err.contains("do not fit"), "{width}: {err}");
        let svg = std::fs::read_to_string(&out).unwrap();
        let at = svg.find("font-size=\"19\"").unwrap();
        let title = svg[at..]
            .split('>')
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        let full = "Kim Jong Un–Putin, 2023: the road to the Vostochny summit";
        if title != full {
            let kept = title
                .strip_suffix('…')
                .unwrap_or_else(|| panic!("{width}: {title}"));
            assert!(full.starts_with(kept), "{width}: {title}");
            assert!(
                full[kept.len()..].starts_with(' '),
                "{width}: cut inside a word: {title}"
            );
        }
        // 400 points hold some forty characters of a 19-point title, not all 56.
        assert_eq!(
            title != full,
            width == "400" || width == "500",
            "{width}: {title}"
        );
    }
}

/// A picture has no controls: an open lane's fold arrow (the window's) is not drawn in it.
#[test]
fn an_export_draws_no_fold_arrows_for_open_lanes() {
    let out = tmp("arrows.svg");
    let (code, err) = export(&["data/kim-putin-2023.json", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("Arms talks"), "no lane header in the page");
    assert!(!svg.contains('⏷'), "an open lane's fold arrow in the page");
}
