//! The "as known on" cursor drawn on the timeline: a dashed line at the instant whose knowledge
//! the view shows, with its date. Shared by the window and exports.

use super::Geometry;
use egui::{Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, Vec2, Visuals};

/// The colour of everything about "as known on": distinct from the time cursor's orange.
pub fn known_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0x5c, 0xc8, 0xd8)
    } else {
        Color32::from_rgb(0x0a, 0x7d, 0x96)
    }
}

/// A dashed line over the lanes at `at`, labelled "known on 5 Sep 2023" at the top of the lanes.
pub fn paint_known_line(painter: &Painter, visuals: &Visuals, geo: &Geometry, at: f64) {
    let x = geo.x_from_time(at) as f32;
    if !geo.lanes.x_range().contains(x) {
        return;
    }
    let c = known_color(visuals);
    painter.extend(Shape::dashed_line(
        &[
            Pos2::new(x, geo.lanes.top()),
            Pos2::new(x, geo.lanes.bottom()),
        ],
        Stroke::new(1.5, c),
        6.0,
        4.0,
    ));
    let text = format!(
        "known on {}",
        crate::model::time::format_human_date(at.round() as i64)
    );
    let galley = painter.layout_no_wrap(text, FontId::proportional(11.0), Color32::WHITE);
    let w = galley.size().x + 8.0;
    // Left of the line: what lies left of it was known.
    let left = (x - w).max(geo.lanes.left());
    let r = Rect::from_min_size(Pos2::new(left, geo.lanes.top() + 1.0), Vec2::new(w, 15.0));
    painter.rect_filled(r, 3.0, c);
    painter.galley(
        r.min + Vec2::new(4.0, (15.0 - galley.size().y) / 2.0),
        galley,
        Color32::WHITE,
    );
}
