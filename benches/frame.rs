//! One frame of the real window's UI (UI pass and tessellation, headless, 1600×900) with 10k,
//! 100k and 1M events loaded: at the full extent, at a one-day window, while hovering, and with
//! the activity strip on; and
//! the sample's first frame from a cold start. `cargo bench --bench frame`
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui::{Pos2, Rect, Vec2};
use std::hint::black_box;
use std::time::Duration;
use timeband::app::{Settings, TimebandApp};

/// Frames so far, for the clock egui sees (60 per second).
static FRAMES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn input(pointer: Option<Pos2>) -> egui::RawInput {
    let n = FRAMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    egui::RawInput {
        time: Some(n as f64 / 60.0),
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 900.0))),
        max_texture_side: Some(8192),
        events: pointer.map(egui::Event::PointerMoved).into_iter().collect(),
        ..Default::default()
    }
}

/// One frame; returns how many shapes it drew.
fn frame(ctx: &egui::Context, app: &mut TimebandApp, pointer: Option<Pos2>) -> usize {
    let out = ctx.run_ui(input(pointer), |ui| app.ui(ui));
    let shapes = out.shapes.len();
    black_box(ctx.tessellate(out.shapes, out.pixels_per_point));
    shapes
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(4));
    for n in [10_000u64, 100_000, 1_000_000] {
        let mut app = TimebandApp::new(vec![common::data(n, false)], Settings::default());
        app.wait_for_load();
        let idx = app.idx.clone();
        let ctx = egui::Context::default();
        // Tooltips at once, so that "hover" frames include the hover card or density count.
        ctx.all_styles_mut(|s| s.interaction.tooltip_delay = 0.0);
        let (a, b) = idx.extent.unwrap();
        let mid = (a + b) / 2.0;
        // Over the lanes, in the middle of the timeline.
        let over = Some(Pos2::new(900.0, 330.0));
        // The last two with the activity strip under the timeline.
        let scenes: [(&str, (f64, f64), Option<Pos2>); 6] = [
            ("full", (a, b), None),
            ("full-hover", (a, b), over),
            ("day", (mid, mid + 86_400.0), None),
            ("day-hover", (mid, mid + 86_400.0), over),
            ("full-strip", (a, b), None),
            ("day-strip", (mid, mid + 86_400.0), None),
        ];
        for (scene, (t0, t1), pointer) in scenes {
            app.charts.show_activity = scene.ends_with("-strip");
            app.view.set_range(t0, t1, 0.0);
            // The pointer moves there once, then rests (as when reading a tooltip).
            frame(&ctx, &mut app, pointer.or(Some(Pos2::new(-10.0, -10.0))));
            let mut shapes = 0;
            for _ in 0..30 {
                shapes = frame(&ctx, &mut app, None);
            }
            eprintln!("{scene}/{n}: {shapes} shapes");
            g.bench_function(BenchmarkId::new(scene, n), |bench| {
                bench.iter(|| frame(&ctx, &mut app, None))
            });
        }
    }
    g.finish();

    let mut g = c.benchmark_group("startup");
    g.sample_size(20);
    g.bench_function("sample-first-frame", |bench| {
        bench.iter(|| {
            let mut app = TimebandApp::new(Vec::new(), Settings::default());
            let ctx = egui::Context::default();
            frame(&ctx, &mut app, None);
        })
    });
    g.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
