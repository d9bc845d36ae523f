//! The grid, the date axis and the time cursor.

use super::cursor_color;
use crate::timeline::{Geometry, axis};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rect, Stroke, Vec2, Visuals};

/// The cursor: a line across the lanes and its date on the axis, always readable.
pub fn paint_cursor(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    cursor: f64,
    zone_offset: i64,
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
    let label = axis::cursor_label(
        cursor.round() as i64 + zone_offset,
        geo.time.seconds_per_point(),
    );
    let galley =
        painter.layout_no_wrap(label, FontId::proportional(style.axis_font), Color32::WHITE);
    let w = galley.size().x + 10.0;
    let lx = cx.clamp(
        geo.date_axis.left() + w / 2.0,
        geo.date_axis.right() - w / 2.0,
    );
    let r = Rect::from_center_size(Pos2::new(lx, geo.date_axis.center().y), Vec2::new(w, 18.0));
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

/// The grid and the axis labels, in the clock `zone_offset` seconds ahead of UTC.
pub fn grid_and_axis(painter: &Painter, visuals: &Visuals, geo: &Geometry, zone_offset: i64) {
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
        axis_painter.text(
            Pos2::new(x + 3.0, geo.date_axis.bottom() - 4.0),
            Align2::LEFT_BOTTOM,
            axis::label(t, major),
            FontId::proportional(style.axis_font),
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
