//! The charts (egui_plot) as the analyst uses them, driven headless with egui_kittest: the
//! dating chart's marks, and the Sources panel filtering the timeline.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use timeband::app::charts::dating::{dating_chart_ui, dating_marks};
use timeband::app::{Settings, TimebandApp};
use timeband::model::Dataset;

fn sample() -> Arc<Dataset> {
    Arc::new(timeband::sample::load().unwrap().dataset)
}

fn summit(data: &Dataset) -> usize {
    data.events
        .iter()
        .position(|e| e.id == "summit-vostochny")
        .unwrap()
}

struct Chart {
    data: Arc<Dataset>,
    event: usize,
    clicked: Option<usize>,
}

fn chart_harness() -> Harness<'static, Chart> {
    let data = sample();
    let event = summit(&data);
    let mut h = Harness::builder()
        .with_size(Vec2::new(700.0, 420.0))
        .build_ui_state(
            |ui, s: &mut Chart| {
                if let Some(c) = dating_chart_ui(ui, &s.data, s.event, None) {
                    s.clicked = Some(c);
                }
            },
            Chart {
                data,
                event,
                clicked: None,
            },
        );
    h.run_steps(2);
    h
}

#[test]
fn summit_chart_draws_one_mark_per_claim_that_gives_a_time() {
    let h = chart_harness();
    let data = &h.state().data;
    let e = &data.events[summit(data)];
    let timed = e.claims.iter().filter(|c| c.time.is_some()).count();
    assert_eq!(dating_marks(data, summit(data)).len(), timed);
    assert_eq!(h.query_all_by_label_contains("Claim: ").count(), timed);
    // Hover names the source and what it said.
    assert!(
        h.query_by_label_contains(
            "Claim: The Independent (B2), 12 Sep 2023: after the Vladivostok forum"
        )
        .is_some()
    );
}

#[test]
fn clicking_a_mark_returns_its_claim() {
    let mut h = chart_harness();
    h.get_by_label_contains("Claim: KSL (AP)").click();
    h.run_steps(2);
    let data = h.state().data.clone();
    let e = &data.events[summit(&data)];
    let clicked = h.state().clicked.unwrap();
    let source = &data.sources[e.claims[clicked].source as usize];
    assert_eq!(source.name, "KSL (AP)");
}

fn app_harness() -> Harness<'static, TimebandApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 880.0))
        .build_ui_state(
            |ui, app: &mut TimebandApp| app.ui(ui),
            TimebandApp::new(Vec::new(), Settings::default()),
        );
    h.run_steps(3);
    h
}

#[test]
fn clicking_a_source_in_the_sources_panel_filters_the_timeline_to_its_claims() {
    let mut h = app_harness();
    let all = h.state().idx.data.events.len();
    h.state_mut().charts.show_sources = true;
    h.run_steps(3);
    h.query_all_by_label("TASS").next().unwrap().click();
    let mut shown = all;
    for _ in 0..50 {
        h.run_steps(1);
        shown = h.state().lens.shown(&h.state().idx).data.events.len();
        if shown < all {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let app = h.state();
    let mut tass: Vec<&str> = app
        .idx
        .data
        .sources
        .iter()
        .filter(|s| s.name == "TASS")
        .map(|s| s.id.as_str())
        .collect();
    tass.sort();
    assert_eq!(
        app.lens
            .filter
            .sources
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        tass
    );
    assert!(shown < all, "the timeline shows only events TASS reported");
    let data = &app.lens.shown(&app.idx).data;
    assert!(data.events.iter().all(|e| {
        !e.claims.is_empty()
            && e.claims
                .iter()
                .all(|c| data.sources[c.source as usize].name == "TASS")
    }));
}

#[test]
fn the_summit_dating_chart_exports_with_the_reliability_colours() {
    use timeband::export::chart::{Chart, render_chart};
    let idx = timeband::index::Indexed::new(sample());
    let event = summit(&idx.data);
    let img = render_chart(
        &idx,
        &Chart::Dating { event, as_of: None },
        700.0,
        1.0,
        false,
        "Putin–Kim summit",
        "as known now",
    )
    .unwrap();
    assert_eq!((img.width, img.height), (700, 440));
    // The B-graded claims are drawn in the badge green, the C-graded in amber.
    let has = |rgb: [u8; 3]| {
        img.rgba.chunks(4).any(|p| {
            p[0].abs_diff(rgb[0]) < 8 && p[1].abs_diff(rgb[1]) < 8 && p[2].abs_diff(rgb[2]) < 8
        })
    };
    assert!(has([0x2e, 0x8b, 0x57]));
    assert!(has([0xb5, 0x8a, 0x10]));
}

#[test]
fn export_chart_writes_the_summit_dating_chart_as_png() {
    use timeband::cli::{ChartArgs, ThemeArg, export_chart_command};
    let dir = std::env::temp_dir().join(format!("timeband-chart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut err = Vec::new();
    for chart in ["dating", "sources", "activity"] {
        let out = dir.join(format!("{chart}.png"));
        let args = ChartArgs {
            file: std::path::Path::new("data/kim-putin-2023.json"),
            output: &out,
            chart,
            select: Some("summit-vostochny"),
            as_of: None,
            width: 800,
            scale: 1.0,
            theme: ThemeArg::Light,
            force: true,
            load: &Default::default(),
        };
        assert_eq!(
            export_chart_command(&args, &mut err).unwrap(),
            0,
            "{}",
            String::from_utf8_lossy(&err)
        );
        let png = std::fs::read(&out).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        // Width in the IHDR chunk.
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 800);
    }
    let args = ChartArgs {
        file: std::path::Path::new("data/kim-putin-2023.json"),
        output: &dir.join("none.png"),
        chart: "dating",
        select: None,
        as_of: None,
        width: 800,
        scale: 1.0,
        theme: ThemeArg::Light,
        force: true,
        load: &Default::default(),
    };
    assert_eq!(export_chart_command(&args, &mut err).unwrap(), 1);
    assert!(String::from_utf8_lossy(&err).contains("needs --select"));
}
