//! The axis in the computer's local time, under a clock three hours ahead of UTC (`TZ`, set
//! before anything asks for the local zone; a file of its own, so no other test shares the
//! variable): every date said of the cursor is the axis's, and a dense lane's days stay the
//! days the data gives.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use egui::{Pos2, Rect, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::sync::Arc;
use timeband::index::Indexed;
use timeband::model::time::Civil;
use timeband::timeline::axis::Step;
use timeband::timeline::layout::layout_with;
use timeband::timeline::zone::{Zone, local_offset_minutes};
use timeband::timeline::{Geometry, Marks, TimelineStyle, TimelineView};

fn day(y: i64, m: u32, d: u32) -> f64 {
    Civil::date(y, m, d).to_instant() as f64
}

#[test]
fn a_local_axis_dates_the_cursor_in_its_clock_and_counts_the_data_s_days() {
    // POSIX: a zone called TBX three hours ahead of UTC (the sign is west-positive), read
    // without a time-zone database.
    // SAFETY: this test is the only one in its binary, and sets the variable before any
    // thread reads it.
    unsafe { std::env::set_var("TZ", "TBX-3") };
    assert_eq!(local_offset_minutes(day(2023, 3, 5)), Some(180));

    // Day `d` of March 2023 holds 20 + 10 d events dated to that (UTC) day.
    let events: Vec<String> = (1..=14u32)
        .flat_map(|d| (0..20 + 10 * d as usize).map(move |i| (d, i)))
        .map(|(d, i)| {
            format!(r#"{{"id":"e{d}-{i}","lane":"a","time":"2023-03-{d:02}","title":"E"}}"#)
        })
        .collect();
    let json = format!(
        r#"{{"timeband":1,"title":"t","lanes":[{{"id":"a","label":"A"}}],"events":[{}]}}"#,
        events.join(",")
    );
    let loaded = timeband::load::load_bytes("t.json", json.as_bytes()).unwrap();
    let idx = Indexed::new(Arc::new(loaded.dataset));
    let style = TimelineStyle::default();
    let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1200.0, 800.0));
    let count = |zone: Zone| {
        let view = TimelineView {
            t0: day(2023, 3, 3),
            t1: day(2023, 3, 10),
            zone,
            ..TimelineView::default()
        };
        let geo = Geometry::new(rect, &view, true, &style);
        let l = layout_with(&idx, &view, &Marks::default(), 0.0, &geo, &|s| {
            s.len() as f32 * 7.0
        });
        let dense = l.lanes[0].dense.clone().expect("a dense lane");
        assert_eq!(dense.bin, Some(Step::Days(1)));
        // Each column's UTC day, and its count.
        dense
            .columns
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let x = geo.lanes.left() + (i as f32 + 0.5) * dense.column_width;
                let t = geo.time.time_from_x(x) as i64;
                (i64::from(Civil::from_instant(t).day), n)
            })
            .collect::<Vec<_>>()
    };
    // A date without an offset is a UTC day, drawn there; on a local axis it lies across two
    // of the axis's days, so counting by those would count every event twice ("peak 125 a
    // day" for 63). The lane is counted by the data's days on either axis.
    let per_day = |d: i64| 20 + 10 * d as u32;
    let utc = count(Zone::Utc);
    assert!(utc.iter().all(|&(d, n)| n == per_day(d)), "{utc:?}");
    assert_eq!(count(Zone::Local), utc);

    // The window: the cursor at 22:30 UTC on 12 September is 01:30 on the 13th on a local
    // axis; the detail pane and the status bar say the axis's date, as the cursor's badge does.
    let mut h = Harness::builder()
        .with_size(Vec2::new(1440.0, 880.0))
        .build_ui_state(
            |ui, app: &mut timeband::app::TimebandApp| app.ui(ui),
            timeband::app::TimebandApp::new(Vec::new(), timeband::app::Settings::default()),
        );
    let cursor = day(2023, 9, 12) + 22.5 * 3600.0;
    {
        let v = &mut h.state_mut().view;
        v.set_range(cursor - 20.0 * 86_400.0, cursor + 20.0 * 86_400.0, 0.0);
        v.cursor = cursor;
        v.zone = Zone::Utc;
    }
    h.run_steps(3);
    assert!(h.query_by_label("Under the cursor (12 Sep 2023)").is_some());
    assert!(h.query_by_label("cursor 12 Sep 2023").is_some());
    h.state_mut().view.zone = Zone::Local;
    h.run_steps(3);
    assert!(h.query_by_label("Under the cursor (13 Sep 2023)").is_some());
    assert!(h.query_by_label("cursor 13 Sep 2023").is_some());
}
