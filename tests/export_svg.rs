//! Exports in every script and as SVG: missing glyphs are reported (and not, once a font has them),
//! the SVG parses with a real SVG parser, carries each visible event's title as text, renders
//! (with resvg) close to the PNG export, lists only the legend entries it uses, and is the same
//! bytes every time.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use resvg::{tiny_skia, usvg};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Set (by `.ci/run`, after installing `fonts-noto-cjk`) when the machine has CJK system fonts.
const CJK_VAR: &str = "TIMEBAND_TEST_CJK_FONTS";
const SCRIPTS: &str = "tests/data/scripts.json";
const SAMPLE: &str = "data/kim-putin-2023.json";

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("timeband-svg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    let _ = std::fs::remove_file(&p);
    p
}

/// An empty folder, to stand for a machine without system fonts.
fn no_fonts() -> PathBuf {
    let dir = tmp("no-fonts");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn export_env(args: &[&str], font_dirs: Option<&Path>) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_timeband"));
    cmd.arg("export").args(args);
    if let Some(d) = font_dirs {
        cmd.env("TIMEBAND_FONT_DIRS", d);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

fn export_ok(args: &[&str]) -> String {
    let (code, err) = export_env(args, None);
    assert_eq!(code, 0, "{err}");
    err
}

/// The count in "warning: N characters (…) have no glyph".
fn missing_count(stderr: &str) -> Option<usize> {
    let line = stderr.lines().find(|l| l.contains("have no glyph"))?;
    line.strip_prefix("warning: ")?
        .split(' ')
        .next()?
        .parse()
        .ok()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x11ff | 0x3040..=0x30ff | 0x3130..=0x318f | 0x4e00..=0x9fff | 0xac00..=0xd7a3)
}

#[test]
fn without_system_fonts_a_korean_export_reports_its_missing_glyphs() {
    let out = tmp("scripts-nofonts.png");
    let (code, err) = export_env(
        &[SCRIPTS, "-o", out.to_str().unwrap(), "--width", "1600"],
        Some(&no_fonts()),
    );
    // Written all the same, with a warning that says what is missing and what to do.
    assert_eq!(code, 0, "{err}");
    assert!(out.exists());
    let n = missing_count(&err).unwrap_or_else(|| panic!("no missing-glyph warning: {err}"));
    // At least the title's and the lane labels' CJK characters, which are always drawn.
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCRIPTS).unwrap()).unwrap();
    let mut always: Vec<char> = data["title"].as_str().unwrap().chars().collect();
    for lane in data["lanes"].as_array().unwrap() {
        always.extend(lane["label"].as_str().unwrap().chars());
    }
    always.retain(|&c| is_cjk(c));
    always.sort_unstable();
    always.dedup();
    assert!(n >= always.len(), "{n} < {} in: {err}", always.len());
    assert!(err.contains("Hangul") && err.contains("Han"), "{err}");
    // Cyrillic is in the bundled font: never reported.
    assert!(!err.contains("Cyrillic"), "{err}");
    assert!(err.contains("apt install fonts-noto-cjk"), "{err}");
    assert!(err.contains("--font"), "{err}");
}

#[test]
fn a_latin_export_reports_nothing_missing_even_without_system_fonts() {
    let out = tmp("sample-nofonts.png");
    let (code, err) = export_env(&[SAMPLE, "-o", out.to_str().unwrap()], Some(&no_fonts()));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("no glyph"), "{err}");
}

#[test]
fn a_font_that_cannot_be_read_is_an_error() {
    let out = tmp("badfont.png");
    let not_a_font = tmp("not-a-font.ttf");
    std::fs::write(&not_a_font, b"hello").unwrap();
    for font in [not_a_font.to_str().unwrap(), "/no/such/font.ttf"] {
        let (code, err) = export_env(
            &[SCRIPTS, "-o", out.to_str().unwrap(), "--font", font],
            None,
        );
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("--font") && err.contains(font), "{err}");
        assert!(!out.exists());
    }
}

/// A CJK font file of the machine's, when `.ci/run` has installed fonts-noto-cjk.
fn noto_cjk() -> Option<PathBuf> {
    std::env::var_os(CJK_VAR)?;
    let candidates = [
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    ];
    let found = candidates.iter().map(PathBuf::from).find(|p| p.exists());
    assert!(
        found.is_some(),
        "{CJK_VAR} is set but no Noto Sans CJK file is installed"
    );
    found
}

#[test]
fn with_noto_cjk_installed_a_korean_export_has_no_missing_glyph() {
    if noto_cjk().is_none() {
        eprintln!("skipped: set {CJK_VAR}=1 on a machine with fonts-noto-cjk");
        return;
    }
    let out = tmp("scripts-cjk.svg");
    let err = export_ok(&[SCRIPTS, "-o", out.to_str().unwrap(), "--select", "train"]);
    assert!(!err.contains("no glyph"), "{err}");
    // The SVG names the face that was found for Korean.
    let svg = std::fs::read_to_string(&out).unwrap();
    assert!(svg.contains("Noto Sans CJK KR"), "{}", &svg[..600]);
    assert!(svg.contains("조선중앙통신"));
}

#[test]
fn a_font_named_with_font_fills_in_without_system_fonts() {
    let Some(font) = noto_cjk() else {
        eprintln!("skipped: set {CJK_VAR}=1 on a machine with fonts-noto-cjk");
        return;
    };
    let out = tmp("scripts-font.png");
    let (code, err) = export_env(
        &[
            SCRIPTS,
            "-o",
            out.to_str().unwrap(),
            "--font",
            font.to_str().unwrap(),
        ],
        Some(&no_fonts()),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("no glyph"), "{err}");
}

/// usvg with the bundled font egui draws with, plus the system's fonts for other scripts.
fn usvg_options() -> usvg::Options<'static> {
    let mut opt = usvg::Options::default();
    let defs = egui::FontDefinitions::default();
    let db = opt.fontdb_mut();
    for name in [
        "Ubuntu-Light",
        "Hack",
        "NotoEmoji-Regular",
        "emoji-icon-font",
    ] {
        db.load_font_data(defs.font_data[name].bytes().to_vec());
    }
    if std::env::var_os(CJK_VAR).is_some() {
        db.load_system_fonts();
    }
    db.set_sans_serif_family("Ubuntu");
    opt
}

fn texts(group: &usvg::Group, out: &mut Vec<String>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(g) => texts(g, out),
            usvg::Node::Text(t) => out.push(t.chunks().iter().map(|c| c.text()).collect()),
            _ => {}
        }
    }
}

fn parse(svg: &[u8]) -> (usvg::Tree, Vec<String>) {
    let tree = usvg::Tree::from_data(svg, &usvg_options()).expect("the SVG parses");
    let mut t = Vec::new();
    texts(tree.root(), &mut t);
    (tree, t)
}

#[test]
fn svg_parses_and_has_every_event_title_as_text() {
    let out = tmp("scripts.svg");
    export_ok(&[
        SCRIPTS,
        "-o",
        out.to_str().unwrap(),
        "--from",
        "2023-09-11",
        "--to",
        "2023-09-16",
    ]);
    let bytes = std::fs::read(&out).unwrap();
    let (tree, texts) = parse(&bytes);
    assert_eq!(tree.size().width(), 1600.0);
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SCRIPTS).unwrap()).unwrap();
    for e in data["events"].as_array().unwrap() {
        let title = e["title"].as_str().unwrap();
        let found = texts.iter().any(|t| {
            t == title
                || t.strip_suffix('…')
                    .is_some_and(|p| !p.is_empty() && title.starts_with(p.trim_end()))
        });
        assert!(found, "no text for “{title}” among {texts:?}");
    }
    for lane in data["lanes"].as_array().unwrap() {
        let label = lane["label"].as_str().unwrap();
        assert!(texts.iter().any(|t| t.contains(label)), "{label}");
    }
}

#[test]
fn svg_of_the_sample_has_the_titles_of_events_wholly_in_view() {
    let out = tmp("sample-view.svg");
    export_ok(&[
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--from",
        "2023-09-01",
        "--to",
        "2023-09-30",
    ]);
    let (_, texts) = parse(&std::fs::read(&out).unwrap());
    let data: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(SAMPLE).unwrap()).unwrap();
    let mut seen = 0;
    for e in data["events"].as_array().unwrap() {
        let title = e["title"].as_str().unwrap();
        if texts.iter().any(|t| {
            t == title
                || t.strip_suffix('…')
                    .is_some_and(|p| !p.is_empty() && title.starts_with(p.trim_end()))
        }) {
            seen += 1;
        }
    }
    // Every label the PNG draws is text in the SVG: count them against the shapes' text.
    assert!(seen >= 10, "only {seen} titles as text: {texts:?}");
    assert!(texts.iter().any(|t| t.contains("Legend")));
}

/// Straight RGBA of a PNG file.
fn read_png(path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn render_svg(svg: &[u8]) -> (u32, u32, Vec<u8>) {
    let (tree, _) = parse(svg);
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    // tiny-skia keeps premultiplied RGBA; the page is opaque, so it is straight too.
    (size.width(), size.height(), pixmap.data().to_vec())
}

/// The threshold for the mean absolute difference per channel, on 0–255. Measured: the sample's
/// export at 1600 px differs from resvg's rendering of its SVG by 2.5 (text anti-aliasing and
/// hinting differ, band edges differ by a faint rim); leaving out one lane's bands and labels
/// costs several times more.
const MAX_MEAN_DIFF: f64 = 3.0;

#[test]
fn svg_rendered_by_resvg_matches_the_png_export() {
    let (png_path, svg_path) = (tmp("match.png"), tmp("match.svg"));
    for p in [&png_path, &svg_path] {
        export_ok(&[
            SAMPLE,
            "-o",
            p.to_str().unwrap(),
            "--width",
            "1600",
            "--select",
            "summit-vostochny",
        ]);
    }
    let (w, h, png) = read_png(&png_path);
    let (sw, sh, svg) = render_svg(&std::fs::read(&svg_path).unwrap());
    assert_eq!((sw, sh), (w, h));
    let total: u64 = png
        .iter()
        .zip(&svg)
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    let mean = total as f64 / png.len() as f64;
    eprintln!("mean absolute difference per channel: {mean:.3}");
    assert!(mean < MAX_MEAN_DIFF, "mean difference {mean:.3}");
    // Most pixels agree closely (a difference confined to edges, not a shifted picture).
    let close = png
        .chunks_exact(4)
        .zip(svg.chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(*b).all(|(x, y)| x.abs_diff(*y) <= 16))
        .count();
    let share = close as f64 / (w * h) as f64;
    // Measured: 92% (our rasterizer's feathered edges leave a faint rim round each band that
    // resvg, like the window, does not draw; text anti-aliasing differs).
    assert!(
        share > 0.85,
        "only {:.1}% of pixels within 16",
        share * 100.0
    );
}

#[test]
fn two_svg_exports_are_the_same_bytes() {
    let (a, b) = (tmp("a.svg"), tmp("b.svg"));
    for p in [&a, &b] {
        export_ok(&[
            SAMPLE,
            "-o",
            p.to_str().unwrap(),
            "--select",
            "summit-vostochny",
            "--cursor",
            "2023-09-05",
            "--theme",
            "dark",
        ]);
    }
    let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(x.len() > 10_000);
    assert_eq!(x, y);
}

#[test]
fn the_legend_lists_only_what_the_picture_uses() {
    // The scripts file: day-precision instants only, nothing approximate, uncertain, open,
    // denied or hypothetical, no cursor.
    let out = tmp("legend.svg");
    export_ok(&[SCRIPTS, "-o", out.to_str().unwrap()]);
    let (_, texts) = parse(&std::fs::read(&out).unwrap());
    let has = |s: &str| texts.iter().any(|t| t == s);
    assert!(has("an instant, known only within its band"), "{texts:?}");
    assert!(has("may span"));
    for absent in [
        "~ approximate",
        "? uncertain",
        "open end (..)",
        "unknown end",
        "denied",
        "time cursor, selection",
        "surely happening",
    ] {
        assert!(!has(absent), "legend lists “{absent}”");
    }
    // The sample uses them all but "denied"? Whatever it uses, a selection brings the cursor entry.
    let out = tmp("legend-sel.svg");
    export_ok(&[
        SAMPLE,
        "-o",
        out.to_str().unwrap(),
        "--select",
        "summit-vostochny",
    ]);
    let (_, texts) = parse(&std::fs::read(&out).unwrap());
    assert!(texts.iter().any(|t| t == "time cursor, selection"));
    // The sample has cores and faint bands both: the first entry explains both.
    assert!(
        texts
            .iter()
            .any(|t| t == "surely happening; faint: may span")
    );
}

#[test]
fn pdf_is_refused_with_advice_rather_than_written_as_png() {
    let out = tmp("x.pdf");
    let (code, err) = export_env(&[SAMPLE, "-o", out.to_str().unwrap()], None);
    assert_eq!(code, 1);
    assert!(err.contains("SVG"), "{err}");
    assert!(!out.exists());
}

/// One path or two (ARCHITECTURE.md, Decisions): the time of our rasterizer against resvg's
/// rendering of the SVG of the same frame. Run with `cargo test --test export_svg -- --ignored
/// --nocapture`; resvg is a dependency and so optimised in the dev profile too, our crate is not,
/// so quote the PNG time from a release build of `timeband export`.
#[test]
#[ignore = "a measurement, not a check"]
fn compare_rasterizers() {
    use timeband::export::{ExportOptions, frame};
    let loaded = timeband::load::load_path(Path::new(SAMPLE)).unwrap();
    let idx = timeband::index::Indexed::new(std::sync::Arc::new(loaded.dataset));
    let opts = ExportOptions {
        width: 1600.0,
        height: None,
        scale: 1.0,
        dark: false,
        view: timeband::timeline::TimelineView::initial(&idx),
        selected: None,
        scroll_y: 0.0,
        marks: Default::default(),
        style: Default::default(),
        cursor: false,
        source_name: "sample".into(),
        as_of: "today".into(),
        known: None,
    };
    let t = std::time::Instant::now();
    let f = frame(&idx, &opts, &[]).unwrap();
    let pass = t.elapsed();
    let t = std::time::Instant::now();
    let image = f.to_image();
    let ours = t.elapsed();
    let t = std::time::Instant::now();
    let svg = f.to_svg();
    let write_svg = t.elapsed();
    let opt = usvg_options();
    let t = std::time::Instant::now();
    let tree = usvg::Tree::from_str(&svg, &opt).unwrap();
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let theirs = t.elapsed();
    let diff: u64 = image
        .rgba
        .iter()
        .zip(pixmap.data())
        .map(|(a, b)| u64::from(a.abs_diff(*b)))
        .sum();
    eprintln!(
        "{}x{}: egui pass {pass:?}; our rasterizer {ours:?}; SVG written in {write_svg:?} ({} bytes); usvg+resvg {theirs:?}; mean diff {:.3}",
        image.width,
        image.height,
        svg.len(),
        diff as f64 / image.rgba.len() as f64
    );
    std::fs::write(
        tmp("ours.png"),
        timeband::export::encode_png(&image).unwrap(),
    )
    .unwrap();
    let theirs_image = timeband::export::Image {
        width: image.width,
        height: image.height,
        rgba: pixmap.data().to_vec(),
    };
    std::fs::write(
        tmp("resvg.png"),
        timeband::export::encode_png(&theirs_image).unwrap(),
    )
    .unwrap();
    eprintln!("pictures in {}", tmp("").display());
}

#[test]
fn the_selections_sources_are_counted_in_the_singular_where_there_is_one() {
    // A weekly count of ACLED's aggregated data cites one source once.
    let out = tmp("weekly-sel.svg");
    export_ok(&[
        "tests/data/acled-aggregated/weekly.csv",
        "-o",
        out.to_str().unwrap(),
        "--select",
        "row-1",
    ]);
    let (_, texts) = parse(&std::fs::read(&out).unwrap());
    assert!(texts.iter().any(|t| t == "1 source, 1 claim:"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.contains("1 sources")));
}
