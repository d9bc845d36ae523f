//! Tests of the layout: rows, labels, "+N".
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]
use super::*;
use crate::model::Dataset;
use crate::model::time::Civil;
use crate::timeline::TimelineStyle;
use crate::timeline::axis::Step;
use crate::timeline::density::bin_name;
use std::sync::Arc;

/// Seven points a character: a stand-in for the font, as exports measure with their own.
fn width(s: &str) -> f32 {
    s.chars().count() as f32 * 7.0
}

fn day(y: i64, m: u32, d: u32) -> f64 {
    Civil::date(y, m, d).to_instant() as f64
}

/// One lane of events `(time, title)`, laid out over `from..to` on a 1200-point widget.
fn lay(
    events: &[(&str, &str)],
    from: f64,
    to: f64,
    style: TimelineStyle,
) -> (Layout, Geometry, Indexed) {
    let list: Vec<String> = events
        .iter()
        .enumerate()
        .map(|(i, (time, title))| {
            format!(r#"{{"id":"e{i}","lane":"a","time":"{time}","title":"{title}"}}"#)
        })
        .collect();
    let json = format!(
        r#"{{"timeband":1,"title":"t","lanes":[{{"id":"a","label":"A"}}],"events":[{}]}}"#,
        list.join(",")
    );
    let loaded = crate::load::load_bytes("t.json", json.as_bytes()).unwrap();
    let idx = Indexed::new(Arc::new(loaded.dataset));
    let view = TimelineView {
        t0: from,
        t1: to,
        ..TimelineView::default()
    };
    let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1200.0, 800.0));
    let geo = Geometry::new(rect, &view, true, &style);
    let l = layout_with(&idx, &view, &Marks::default(), 0.0, &geo, &width);
    (l, geo, idx)
}

fn inside_view(r: Rect, geo: &Geometry) -> bool {
    r.left() >= geo.lanes.left() && r.right() <= geo.lanes.right()
}

#[test]
fn a_bar_crossing_the_left_edge_has_its_label_on_its_visible_part() {
    let (l, geo, _) = lay(
        &[("2023-01-01/2023-12-31", "A long programme of works")],
        day(2023, 6, 1),
        day(2023, 7, 1),
        TimelineStyle::default(),
    );
    let placed = l.placed().next().unwrap();
    assert!(placed.x0 < geo.lanes.left());
    let label = placed.label.as_ref().unwrap();
    assert_eq!(label.text, "A long programme of works");
    assert!(label.inside);
    assert!(inside_view(label.rect, &geo));
    assert!(
        label.rect.left() - geo.lanes.left() < 10.0,
        "{:?}",
        label.rect
    );
}

#[test]
fn a_label_at_the_right_edge_moves_left_or_ends_in_an_ellipsis_inside_the_view() {
    let title = "Putin–Kim summit at the Vostochny Cosmodrome";
    // Alone: room on the left, so it moves there whole.
    let (l, geo, _) = lay(
        &[("2023-09-29", title)],
        day(2023, 9, 1),
        day(2023, 9, 30),
        TimelineStyle::default(),
    );
    let p = l.placed().next().unwrap();
    let label = p.label.as_ref().unwrap();
    assert_eq!(label.text, title);
    assert!(label.rect.right() <= p.x0 && inside_view(label.rect, &geo));
    // With a neighbour just before it in the same row (one row allowed), it is shortened
    // at a word on the side with more room.
    let style = TimelineStyle {
        max_rows: 1,
        ..TimelineStyle::default()
    };
    let (l, geo, _) = lay(
        &[("2023-09-24", "Talks"), ("2023-09-29", title)],
        day(2023, 9, 1),
        day(2023, 9, 30),
        style,
    );
    let items: Vec<&Placed> = l.placed().collect();
    assert_eq!(items.len(), 2);
    for p in &items {
        let label = p.label.as_ref().unwrap();
        assert!(inside_view(label.rect, &geo), "{label:?}");
    }
    let last = items[1].label.as_ref().unwrap();
    assert!(last.text.ends_with('…'), "{last:?}");
    let head = last.text.trim_end_matches('…');
    assert!(title.starts_with(head));
    assert!(
        title[head.len()..].starts_with(' '),
        "cut mid-word: {}",
        last.text
    );
}

#[test]
fn an_event_at_the_right_edge_takes_a_row_with_room_for_its_label_before_it() {
    // Knight Lab's sheet: "The Mother of the Internet" (1985) at the right edge, after a row
    // whose label ends just before it. That row has room for its bar, not for its label, which
    // cannot go after it either: it goes to a free row, with its whole label before it.
    let title = "The Mother of the Internet";
    let (l, geo, _) = lay(
        &[
            ("2023-09-20", "Edith Clarke: Bucking the Trend"),
            ("2023-09-29", title),
        ],
        day(2023, 9, 1),
        day(2023, 9, 30),
        TimelineStyle::default(),
    );
    let items: Vec<&Placed> = l.placed().collect();
    assert_eq!(items.len(), 2);
    let last = items[1].label.as_ref().expect("a label");
    assert_eq!(last.text, title);
    assert!(last.rect.right() <= items[1].x0 && inside_view(last.rect, &geo));
    assert!(items[1].y > items[0].y, "on a row of its own");
}

#[test]
fn a_label_ends_in_an_ellipsis_before_the_next_item_of_its_row() {
    let style = TimelineStyle {
        max_rows: 1,
        ..TimelineStyle::default()
    };
    let (l, _, _) = lay(
        &[
            (
                "2023-09-02",
                "Kremlin and KCNA officially confirm the visit",
            ),
            ("2023-09-06", "Next"),
        ],
        day(2023, 9, 1),
        day(2023, 9, 30),
        style,
    );
    let items: Vec<&Placed> = l.placed().collect();
    assert_eq!(items.len(), 2);
    let first = items[0].label.as_ref().unwrap();
    assert!(first.text.ends_with('…'), "{first:?}");
    assert!(
        first.rect.right() < items[1].x0,
        "{first:?} runs over {}",
        items[1].x0
    );
    assert_eq!(items[1].label.as_ref().unwrap().text, "Next");
}

#[test]
fn past_the_row_limit_events_are_counted_and_nothing_overlaps() {
    let style = TimelineStyle {
        max_rows: 3,
        ..TimelineStyle::default()
    };
    let events: Vec<(&str, &str)> = (0..8).map(|_| ("2023-09-10", "Strike")).collect();
    let (l, geo, _) = lay(&events, day(2023, 9, 1), day(2023, 9, 30), style);
    let lane = &l.lanes[0];
    assert_eq!(lane.items.len(), 3);
    let hidden: usize = lane.hidden.iter().map(|h| h.count).sum();
    assert_eq!(hidden, 5, "{:?}", lane.hidden);
    let mut rects: Vec<Rect> = lane.items.iter().map(|p| p.hit).collect();
    rects.extend(lane.hidden.iter().map(|h| h.rect));
    for (i, a) in rects.iter().enumerate() {
        for b in rects.iter().skip(i + 1) {
            assert!(!a.intersects(*b), "{a:?} overlaps {b:?}");
        }
        assert!(a.bottom() <= lane.y0 + lane.height && a.top() >= lane.y0);
    }
    assert!(lane.hidden.iter().all(|h| inside_view(h.rect, &geo)));
    // Every drawn bar has its label.
    assert!(lane.items.iter().all(|p| p.label.is_some()));
}

#[test]
fn labels_never_overlap_another_item_of_their_row() {
    // Crowded: 30 events over a month in one lane of four rows.
    let style = TimelineStyle {
        max_rows: 4,
        ..TimelineStyle::default()
    };
    let days: Vec<String> = (0..30)
        .map(|i| format!("2023-09-{:02}", 1 + (i * 7) % 29))
        .collect();
    let events: Vec<(&str, &str)> = days
        .iter()
        .map(|d| (d.as_str(), "Air/drone strike: Buuraha Cali Miskat"))
        .collect();
    let (l, geo, _) = lay(&events, day(2023, 9, 1), day(2023, 10, 1), style);
    let lane = &l.lanes[0];
    for p in &lane.items {
        let Some(label) = &p.label else { continue };
        assert!(inside_view(label.rect, &geo), "{label:?}");
        for q in lane
            .items
            .iter()
            .filter(|q| q.y == p.y && q.event != p.event)
        {
            let bar = Rect::from_x_y_ranges(q.x0..=q.x1, label.rect.y_range());
            assert!(
                !label.rect.intersects(bar),
                "{label:?} over {:?}",
                (q.x0, q.x1)
            );
            if let Some(other) = &q.label {
                assert!(
                    !label.rect.intersects(other.rect),
                    "{label:?} over {other:?}"
                );
            }
        }
    }
    assert!(lane.items.iter().filter(|p| p.label.is_some()).count() >= lane.items.len() * 3 / 4);
}

#[test]
fn fit_label_cuts_after_a_word_or_keeps_a_few_characters() {
    let t = "Putin–Kim summit at the Vostochny Cosmodrome";
    assert_eq!(fit_label(t, 1000.0, &width).unwrap(), t);
    assert_eq!(fit_label(t, 140.0, &width).unwrap(), "Putin–Kim summit at…");
    assert_eq!(
        fit_label("Air/drone strike", 40.0, &width).unwrap(),
        "Air/…"
    );
    assert_eq!(fit_label("Air/drone strike", 20.0, &width), None);
    // Never ending on a number, which would read as one cut short ("1…": 10? 13?).
    let t = "Armed clash: 1 event in Wajir";
    let room = width("Armed clash: 1…") + 1.0;
    assert_eq!(fit_label(t, room, &width).unwrap(), "Armed clash…");
    assert_eq!(
        fit_label(t, width("Armed clash: 1 event…") + 1.0, &width).unwrap(),
        "Armed clash: 1 event…"
    );
    assert_eq!(fit_label("2023 summit in Vladivostok", 30.0, &width), None);
}

#[test]
fn lanes_below_the_fold_are_placed_once_they_scroll_into_sight() {
    let lanes: Vec<String> = (0..40)
        .map(|i| format!(r#"{{"id":"l{i}","label":"L{i}"}}"#))
        .collect();
    let events: Vec<String> = (0..40)
        .flat_map(|i| {
            [("03", "a"), ("20", "b")].map(|(d, t)| {
                format!(r#"{{"id":"e{i}{t}","lane":"l{i}","time":"2023-06-{d}","title":"{t}"}}"#)
            })
        })
        .collect();
    let json = format!(
        r#"{{"timeband":1,"title":"t","lanes":[{}],"events":[{}]}}"#,
        lanes.join(","),
        events.join(",")
    );
    let loaded = crate::load::load_bytes("t.json", json.as_bytes()).unwrap();
    let idx = Indexed::new(Arc::new(loaded.dataset));
    let view = TimelineView {
        t0: day(2023, 6, 1),
        t1: day(2023, 7, 1),
        ..TimelineView::default()
    };
    let style = TimelineStyle::default();
    let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1200.0, 800.0));
    let geo = Geometry::new(rect, &view, true, &style);
    let top = layout_with(&idx, &view, &Marks::default(), 0.0, &geo, &width);
    let last = top.lanes.last().unwrap();
    assert!(last.y0 >= geo.lanes.bottom());
    assert!(last.items.is_empty());
    assert!(last.height >= style.min_lane_height);
    assert!(top.content_height > geo.lanes.height());
    let first = top.lanes.first().unwrap();
    assert_eq!(first.items.len(), 2);

    let scroll = top.content_height - geo.lanes.height();
    let bottom = layout_with(&idx, &view, &Marks::default(), scroll, &geo, &width);
    let last = bottom.lanes.last().unwrap();
    assert!(last.y0 < geo.lanes.bottom());
    assert_eq!(last.items.len(), 2);
}

/// Many events on each day from 1 to 14 March 2023, more on later days: day `d` has
/// `20 + 10 d` events, dated `time(d, i)`.
fn crowded_days(time: impl Fn(u32, usize) -> String) -> Vec<(String, String)> {
    (1..=14u32)
        .flat_map(|d| (0..20 + 10 * d as usize).map(move |i| (d, i)))
        .map(|(d, i)| (time(d, i), format!("Event {d}-{i}")))
        .collect()
}

fn lay_owned(events: &[(String, String)], from: f64, to: f64) -> (Layout, Geometry, Indexed) {
    let borrowed: Vec<(&str, &str)> = events
        .iter()
        .map(|(t, n)| (t.as_str(), n.as_str()))
        .collect();
    lay(&borrowed, from, to, TimelineStyle::default())
}

#[test]
fn a_dense_lane_of_weekly_counts_adds_up_the_events_its_rows_count() {
    // 200 weeks of ten areas' counts, the row of area `a` counting `a` events.
    let mut text = String::from("WEEK,COUNTRY,ADMIN1,EVENT_TYPE,EVENTS\n");
    let first = Civil::date(2016, 1, 2).to_instant();
    for week in 0..200 {
        let day = crate::model::time::format_iso_date(first + week * 7 * 86_400);
        for a in 0..10 {
            text += &format!("{day},Somalia,Area {a},Battles,{a}\n");
        }
    }
    let loaded = crate::load::load_bytes("weekly.csv", text.as_bytes()).unwrap();
    let weighted = Indexed::new(Arc::new(loaded.dataset.clone()));
    let plain = Indexed::new(Arc::new(Dataset {
        weights: None,
        ..loaded.dataset
    }));
    let (from, to) = weighted.extent.unwrap();
    let view = TimelineView {
        t0: from,
        t1: to,
        ..TimelineView::default()
    };
    let style = TimelineStyle::default();
    let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1200.0, 800.0));
    let geo = Geometry::new(rect, &view, true, &style);
    let lay = |idx: &Indexed| layout_with(idx, &view, &Marks::default(), 0.0, &geo, &width);
    let (w, p) = (lay(&weighted), lay(&plain));
    let (w, p) = (
        w.lanes[0].dense.clone().expect("a dense lane"),
        p.lanes[0].dense.clone().expect("a dense lane"),
    );
    // The same rows in view; what they count, 0 + 1 + … + 9 = 45 a week.
    assert_eq!(w.total, 2000);
    assert_eq!(p.total, 2000);
    assert_eq!(w.events, Some(45 * 200));
    assert_eq!(p.events, None);
    // Every column adds up what its rows count: 4.5 times as many as the rows, on average
    // (each week's ten rows count 45), exactly so where a column meets whole weeks only.
    assert_eq!(w.columns.len(), p.columns.len());
    for (&n, &rows) in w.columns.iter().zip(&p.columns) {
        assert_eq!(rows % 10, 0, "a week's ten rows meet a column together");
        assert_eq!(n, rows / 10 * 45);
    }
    assert_eq!(w.max, p.max / 10 * 45);
    // Counted by the data's own weeks (Saturday to Friday): each column counts one week's
    // ten rows, none counted in two columns, and all dated within their week.
    assert_eq!(w.bin, Some(Step::Weeks(2)));
    assert!(p.columns.iter().all(|&rows| rows == 10), "{:?}", p.columns);
    assert_eq!(w.within, w.columns);
    assert_eq!(w.max, 45);
    // In words: events for the bars, weekly counts for the rows.
    assert_eq!(w.counted(&weighted.data, 45), "45 events");
    assert_eq!(p.counted(&plain.data, 10), "10 weekly counts");
}

#[test]
fn a_dense_lane_of_events_dated_to_the_day_is_counted_by_day_not_by_column() {
    let events = crowded_days(|d, _| format!("2023-03-{d:02}"));
    let (l, geo, _) = lay_owned(&events, day(2023, 3, 3), day(2023, 3, 10));
    let lane = &l.lanes[0];
    let dense = lane.dense.as_ref().expect("a dense lane");
    assert_eq!(dense.bin, Some(Step::Days(1)));
    assert!(!dense.columns.is_empty());
    let left = geo.lanes.left();
    for (i, &n) in dense.columns.iter().enumerate() {
        let middle = left + (i as f32 + 0.5) * dense.column_width;
        let t = geo.time.time_from_x(middle);
        let d = Civil::from_instant(t as i64).day;
        // Every column of a day counts that day's events, however narrow the column.
        assert_eq!(n as usize, 20 + 10 * d as usize, "column {i} on day {d}");
    }
    // The busiest day in view (10 March, whose first moments the view ends on, or the 9th).
    assert!(dense.max as usize >= 20 + 10 * 9, "{}", dense.max);
}

#[test]
fn a_dense_lane_counts_apart_the_events_dated_within_a_day_and_those_dated_to_its_week() {
    // Each day of 1–14 March its own 20 + 10 d events, and 50 events dated only to each week.
    let mut events = crowded_days(|d, _| format!("2023-03-{d:02}"));
    for (week, span) in [(1, "2023-03-01/2023-03-07"), (2, "2023-03-08/2023-03-14")] {
        events.extend((0..50).map(|i| (span.to_string(), format!("Week {week}-{i}"))));
    }
    let (l, geo, _) = lay_owned(&events, day(2023, 3, 3), day(2023, 3, 10));
    let dense = l.lanes[0].dense.as_ref().expect("a dense lane");
    assert_eq!(dense.bin, Some(Step::Days(1)));
    assert_eq!(dense.within.len(), dense.columns.len());
    for (i, (&n, &w)) in dense.columns.iter().zip(&dense.within).enumerate() {
        let middle = geo.lanes.left() + (i as f32 + 0.5) * dense.column_width;
        let d = Civil::from_instant(geo.time.time_from_x(middle) as i64).day as usize;
        // The day's own events within it; its week's 50 only across it.
        assert_eq!(w as usize, 20 + 10 * d, "column {i} on day {d}");
        assert_eq!(n as usize, 20 + 10 * d + 50, "column {i} on day {d}");
    }
    assert!(dense.max_within as usize >= 20 + 10 * 9);
    assert_eq!(dense.max, dense.max_within + 50);

    // Events dated only to the day: the two counts are one.
    let (l, _, _) = lay_owned(
        &crowded_days(|d, _| format!("2023-03-{d:02}")),
        day(2023, 3, 3),
        day(2023, 3, 10),
    );
    let dense = l.lanes[0].dense.as_ref().expect("a dense lane");
    assert_eq!(dense.within, dense.columns);
}

#[test]
fn a_dense_lane_of_events_with_a_time_of_day_is_counted_by_column() {
    let events = crowded_days(|d, i| format!("2023-03-{d:02}T{:02}:{:02}:00Z", i % 24, i % 60));
    let (l, _, _) = lay_owned(&events, day(2023, 3, 3), day(2023, 3, 10));
    let dense = l.lanes[0].dense.as_ref().expect("a dense lane");
    assert_eq!(dense.bin, None);
}

#[test]
fn density_bins_are_the_widest_calendar_unit_the_events_span_when_wider_than_a_column() {
    let day = 86_399.0;
    assert_eq!(density_bin(day, 1_200.0, None), Some(Step::Days(1)));
    // Columns of two days: the days' own counts are as fine as a column already.
    assert_eq!(density_bin(day, 2.0 * 86_400.0, None), None);
    assert_eq!(
        density_bin(28.0 * 86_400.0 - 1.0, 86_400.0, None),
        Some(Step::Months(1))
    );
    assert_eq!(
        density_bin(365.0 * 86_400.0 - 1.0, 86_400.0, None),
        Some(Step::Years(1))
    );
    assert_eq!(density_bin(3_599.0, 60.0, None), Some(Step::Seconds(3600)));
    // Instants and minutes: by column.
    assert_eq!(density_bin(0.0, 60.0, None), None);
    assert_eq!(density_bin(59.0, 1.0, None), None);
    assert_eq!(density_bin(f64::INFINITY, 60.0, None), None);
    assert_eq!(bin_name(day_start(), Step::Days(1)), "21 Nov 2014");
    // Weeks, where the lane's weeks start on one day (2: Saturday), else their days.
    let week = 7.0 * 86_400.0 - 1.0;
    assert_eq!(density_bin(week, 86_400.0, Some(2)), Some(Step::Weeks(2)));
    assert_eq!(density_bin(week, 20_000.0, None), Some(Step::Days(1)));
    assert_eq!(density_bin(week, 7.0 * 86_400.0, Some(2)), None);
    assert_eq!(density_bin(day, 1_200.0, Some(2)), Some(Step::Days(1)));
    assert_eq!(
        density_bin(28.0 * 86_400.0 - 1.0, 86_400.0, Some(2)),
        Some(Step::Months(1))
    );
    // 22 Nov 2014 was a Saturday.
    let saturday = day_start() + 86_400.0;
    let (start, end) =
        crate::timeline::density::bin_around(saturday + 3.0 * 86_400.0, Step::Weeks(2));
    assert_eq!((start, end), (saturday, saturday + 7.0 * 86_400.0 - 1.0));
    assert_eq!(
        bin_name(start, Step::Weeks(2)),
        "the week of 22 Nov 2014 (Sat–Fri)"
    );
}

#[test]
fn an_hour_is_named_in_the_axis_clock_when_it_is_the_same_hour_there() {
    use crate::timeline::density::bin_name_in;
    let two_pm = day_start() + 14.0 * 3600.0;
    let hour = Step::Seconds(3600);
    assert_eq!(bin_name_in(two_pm, hour, 0), "21 Nov 2014 14:00–15:00 UTC");
    assert_eq!(
        bin_name_in(two_pm, hour, 3 * 3600),
        "21 Nov 2014 17:00–18:00 (UTC+03:00)"
    );
    assert_eq!(
        bin_name_in(two_pm, hour, -10 * 3600),
        "21 Nov 2014 04:00–05:00 (UTC-10:00)"
    );
    // Half an hour off, an hour of UTC is two of the clock's halves: named as UTC's.
    assert_eq!(
        bin_name_in(two_pm, hour, 5 * 3600 + 1800),
        "21 Nov 2014 14:00–15:00 UTC"
    );
    // Days stay UTC's (the data's own).
    assert_eq!(
        bin_name_in(day_start(), Step::Days(1), 3 * 3600),
        "21 Nov 2014"
    );
}

fn day_start() -> f64 {
    day(2014, 11, 21)
}
