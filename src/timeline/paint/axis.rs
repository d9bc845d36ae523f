//! The grid, the date axis and the time cursor.

use super::cursor_color;
use crate::timeline::{Geometry, axis};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, Vec2, Visuals};

/// Where the cursor's date is drawn on the axis, and what it says: centred on the cursor, kept
/// wholly inside the axis when the cursor is off to one side. The tick labels it would cover are
/// left out ([`axis_labels`]), so the two never overlap.
pub fn cursor_badge(
    geo: &Geometry,
    cursor: f64,
    zone_offset: i64,
    text_width: &dyn Fn(&str) -> f32,
) -> (Rect, String) {
    let cx = geo.time.x_from_time(cursor) as f32;
    let label = axis::cursor_label(
        cursor.round() as i64,
        geo.time.seconds_per_point(),
        zone_offset,
    );
    let w = text_width(&label) + 10.0;
    let lx = cx.clamp(
        geo.date_axis.left() + w / 2.0,
        (geo.date_axis.right() - w / 2.0).max(geo.date_axis.left() + w / 2.0),
    );
    let r = Rect::from_center_size(Pos2::new(lx, geo.date_axis.center().y), Vec2::new(w, 18.0));
    (r, label)
}

/// [`cursor_badge`] measured in the axis font of `painter`: worked out once a frame, for the
/// tick labels to leave room for and for [`paint_cursor`] to draw.
pub fn axis_cursor_badge(
    painter: &Painter,
    geo: &Geometry,
    cursor: f64,
    zone_offset: i64,
) -> (Rect, String) {
    let font = FontId::proportional(geo.style.axis_font);
    cursor_badge(geo, cursor, zone_offset, &|s| text_width(painter, s, &font))
}

/// The cursor: a line across the lanes and its date on the axis in `badge` (from
/// [`axis_cursor_badge`]), always readable.
pub fn paint_cursor(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    cursor: f64,
    (r, label): (Rect, String),
) {
    let style = &geo.style;
    let cx = geo.time.x_from_time(cursor) as f32;
    let cc = cursor_color(visuals);
    if geo.lanes.x_range().contains(cx) {
        painter.vline(
            cx,
            geo.date_axis.top()..=geo.lanes.bottom(),
            Stroke::new(1.5, cc),
        );
    }
    let galley =
        painter.layout_no_wrap(label, FontId::proportional(style.axis_font), Color32::WHITE);
    painter.rect_filled(r, 4.0, cc);
    painter.galley(
        r.min + Vec2::new(5.0, (18.0 - galley.size().y) / 2.0),
        galley,
        Color32::WHITE,
    );
    if !geo.lanes.x_range().contains(cx) {
        let arrow = if cx < geo.lanes.left() { "◀" } else { "▶" };
        painter.text(
            Pos2::new(r.center().x, r.bottom() + 6.0),
            Align2::CENTER_TOP,
            arrow,
            FontId::proportional(style.caption_font),
            cc,
        );
    }
}

fn text_width(painter: &Painter, s: &str, font: &FontId) -> f32 {
    painter
        .layout_no_wrap(s.to_string(), font.clone(), Color32::WHITE)
        .size()
        .x
}

/// The date axis' tick labels and where they are drawn, in the clock `zone_offset` seconds
/// ahead of UTC: each right of its tick, and only those that lie wholly inside the axis (a label
/// that would run past the right edge is left out rather than cut: "18 S") and clear of the
/// cursor's badge `cursor` (which says the date where it stands).
pub fn axis_labels(
    geo: &Geometry,
    zone_offset: i64,
    text_width: &dyn Fn(&str) -> f32,
    cursor: Option<Rect>,
) -> Vec<(Rect, String)> {
    let clear = cursor.map(|r| r.expand2(Vec2::new(4.0, 0.0)));
    let off = zone_offset as f64;
    let major = axis::step_for(geo.time.seconds_per_point() * 90.0);
    let bottom = geo.date_axis.bottom() - 4.0;
    let height = geo.style.axis_font * 1.3;
    axis::ticks(geo.time.t0 + off, geo.time.t1 + off, major, 500)
        .into_iter()
        .filter_map(|t| {
            let x = geo.time.x_from_time(t as f64 - off) as f32 + 3.0;
            let label = axis::label(t, major);
            let rect = Rect::from_min_max(
                Pos2::new(x, bottom - height),
                Pos2::new(x + text_width(&label), bottom),
            );
            let inside =
                rect.left() >= geo.date_axis.left() && rect.right() <= geo.date_axis.right();
            let covered = clear.is_some_and(|c| c.x_range().intersects(rect.x_range()));
            (inside && !covered).then_some((rect, label))
        })
        .collect()
}

/// The grid and the axis labels, in the clock `zone_offset` seconds ahead of UTC; the labels
/// leave room for the cursor's badge where it is drawn (`badge`).
pub fn grid_and_axis(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    zone_offset: i64,
    badge: Option<Rect>,
) {
    let style = &geo.style;
    let off = zone_offset as f64;
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let spp = geo.time.seconds_per_point();
    let major = axis::step_for(spp * 90.0);
    let minor = axis::step_for(spp * 14.0);
    let grid = painter.with_clip_rect(geo.lanes);
    let line = visuals.widgets.noninteractive.bg_stroke.color;
    for t in axis::ticks(geo.time.t0 + off, geo.time.t1 + off, minor, 2000) {
        let x = geo.time.x_from_time(t as f64 - off) as f32;
        grid.vline(
            x,
            geo.lanes.y_range(),
            Stroke::new(1.0, line.gamma_multiply(0.35)),
        );
    }
    let axis_painter = painter.with_clip_rect(geo.date_axis);
    let ticks = axis::ticks(geo.time.t0 + off, geo.time.t1 + off, major, 500);
    for &t in &ticks {
        let x = geo.time.x_from_time(t as f64 - off) as f32;
        grid.vline(
            x,
            geo.lanes.y_range(),
            Stroke::new(1.0, line.gamma_multiply(0.9)),
        );
        axis_painter.vline(
            x,
            geo.date_axis.bottom() - 6.0..=geo.date_axis.bottom(),
            Stroke::new(1.0, weak),
        );
    }
    let font = FontId::proportional(style.axis_font);
    let measure = |s: &str| text_width(painter, s, &font);
    for (rect, label) in axis_labels(geo, zone_offset, &measure, badge) {
        axis_painter.text(
            rect.left_bottom(),
            Align2::LEFT_BOTTOM,
            label,
            font.clone(),
            text,
        );
    }
    // The coarser context at the left, e.g. the year when ticks are months.
    let context = axis::context((geo.time.t0 + off).round() as i64, major);
    if !context.is_empty() {
        // In the corner above the lane names, where nothing else is drawn.
        painter.text(
            Pos2::new(geo.rect.left() + 8.0, geo.date_axis.bottom() - 5.0),
            Align2::LEFT_BOTTOM,
            &context,
            FontId::proportional(style.axis_context_font),
            text,
        );
    }
    painter.hline(
        geo.date_axis.x_range(),
        geo.date_axis.bottom(),
        visuals.widgets.noninteractive.bg_stroke,
    );
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::time::Civil;
    use crate::timeline::{TimelineStyle, TimelineView};

    #[test]
    fn axis_labels_lie_inside_the_picture() {
        // The sample's old opening view, whose last tick (18 Sep) sat a few points from the
        // right edge and was drawn as "18 S".
        let day = |d: u32| Civil::date(2023, 9, d).to_instant() as f64;
        let width = |s: &str| s.chars().count() as f32 * 7.0;
        for (t0, t1, w) in [
            (day(1) - 86_400.0, day(18) + 20_000.0, 1200.0),
            (day(1), day(30), 900.0),
        ] {
            let view = TimelineView {
                t0,
                t1,
                ..TimelineView::default()
            };
            let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(w, 600.0));
            let geo = Geometry::new(rect, &view, true, &TimelineStyle::default());
            let labels = axis_labels(&geo, 0, &width, None);
            assert!(labels.len() >= 2, "{labels:?}");
            for (r, text) in &labels {
                assert!(
                    geo.date_axis.contains_rect(*r),
                    "{text} at {r:?} outside {:?}",
                    geo.date_axis
                );
            }
        }
        // The tick of 18 Sep is in view but its label would not fit: it is left out.
        let view = TimelineView {
            t0: day(1),
            t1: day(18) + 20_000.0,
            ..TimelineView::default()
        };
        let geo = Geometry::new(
            Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 600.0)),
            &view,
            true,
            &TimelineStyle::default(),
        );
        let labels = axis_labels(&geo, 0, &width, None);
        assert!(
            labels.iter().all(|(_, t)| !t.starts_with("18")),
            "{labels:?}"
        );
    }

    #[test]
    fn the_cursor_badge_hides_the_tick_labels_it_would_cover() {
        // The sample's opening: the cursor on 20 Jul, its badge "20 Jul 2023" wider than the
        // gap to the tick of 24 Jul, whose label was drawn under it.
        let day = |m: u32, d: u32| Civil::date(2023, m, d).to_instant() as f64;
        let width = |s: &str| s.chars().count() as f32 * 7.0;
        let view = TimelineView {
            t0: day(7, 17),
            t1: day(9, 20),
            ..TimelineView::default()
        };
        let rect = Rect::from_min_size(Pos2::ZERO, Vec2::new(1000.0, 600.0));
        let geo = Geometry::new(rect, &view, true, &TimelineStyle::default());
        let all = axis_labels(&geo, 0, &width, None);
        for cursor in [day(7, 20), day(8, 14) + 3_600.0, day(7, 1), day(9, 30)] {
            let (badge, said) = cursor_badge(&geo, cursor, 0, &width);
            assert!(geo.date_axis.contains_rect(badge), "{said} at {badge:?}");
            let shown = axis_labels(&geo, 0, &width, Some(badge));
            for (r, text) in &shown {
                assert!(
                    !r.x_range().intersects(badge.x_range()),
                    "{text} at {r:?} under the badge {said} at {badge:?}"
                );
            }
            // Only the covered labels go; one or two at most.
            let gone = all.len() - shown.len();
            assert!(
                (1..=2).contains(&gone),
                "{said}: {gone} labels left out of {all:?}"
            );
        }
    }
}
