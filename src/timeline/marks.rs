//! Painting the marks laid over drawn events ([`Marks`], which the lens decides outside the
//! frame loop, when a filter, the "as known on" date or the search changes): faint events
//! (filtered out but dimmed, or ghosts not yet reported), search matches, and the provenance
//! spread (one thin band per dated claim). Painting them looks up only the events already
//! placed on screen.

use super::Geometry;
use super::layout::Placed;
use crate::model::{Bound, Event};
use egui::{Color32, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Visuals};

pub use crate::lens::Marks;

/// The colour of search matches.
pub fn match_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xff, 0xd8, 0x40)
    } else {
        Color32::from_rgb(0xe0, 0xa0, 0x00)
    }
}

/// Lays the marks over one event (`placed.event`) already painted at `placed`.
pub fn paint_event_marks(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    marks: &Marks,
    event: &Event,
    placed: &Placed,
    color: Color32,
) {
    let index = placed.event;
    if marks.provenance {
        paint_provenance(painter, geo, event, placed, color);
    }
    if marks.is_faint(index) {
        // Veil the band and its label with the lanes' background.
        painter.rect_filled(
            placed.hit.expand(1.0),
            2.0,
            visuals.extreme_bg_color.gamma_multiply(0.72),
        );
    }
    if marks.is_ghost(index) {
        let r = Rect::from_x_y_ranges(
            placed.x0..=placed.x1,
            placed.y - geo.style.band_height / 2.0..=placed.y + geo.style.band_height / 2.0,
        );
        let pts = [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
            r.left_top(),
        ];
        painter.extend(Shape::dashed_line(
            &pts,
            Stroke::new(1.0, visuals.weak_text_color()),
            3.0,
            3.0,
        ));
    }
    if marks.is_match(index) {
        painter.rect_stroke(
            placed.hit.expand(2.0),
            4.0,
            Stroke::new(2.0, match_color(visuals)),
            StrokeKind::Outside,
        );
    }
}

/// One thin band per dated claim, just under the event's band: where each source put it. Bands
/// that agree overlap and darken; a claim that contradicts the event's dating stands apart.
fn paint_provenance(
    painter: &Painter,
    geo: &Geometry,
    event: &Event,
    placed: &Placed,
    color: Color32,
) {
    let top = placed.y + geo.style.band_height / 2.0 + 1.0;
    let mut drawn: Vec<(i64, i64)> = Vec::new();
    for t in event.claims.iter().filter_map(|c| c.time.as_deref()) {
        let (Some(lo), Some(hi)) = (t.earliest(), t.latest()) else {
            continue;
        };
        let hi = if t.latest_end == Bound::OPEN {
            i64::MAX / 4
        } else {
            hi
        };
        // One band per distinct span: repeated claims darken it instead of adding rows.
        let y = match drawn.iter().position(|&d| d == (lo, hi)) {
            Some(n) => top + 2.5 * (n % 3) as f32,
            None => {
                drawn.push((lo, hi));
                top + 2.5 * ((drawn.len() - 1) % 3) as f32
            }
        };
        let x0 = (geo.time.x_from_time(lo as f64) as f32).max(geo.lanes.left() - 2.0);
        let x1 = (geo.time.x_from_time((hi + 1) as f64) as f32)
            .min(geo.lanes.right() + 2.0)
            .max(x0 + 2.0);
        painter.line_segment(
            [Pos2::new(x0, y), Pos2::new(x1, y)],
            Stroke::new(2.0, color.gamma_multiply(0.7)),
        );
        // Ends as ticks, so that nested spans stay distinct.
        for x in [x0, x1] {
            painter.line_segment(
                [Pos2::new(x, y - 1.5), Pos2::new(x, y + 1.5)],
                Stroke::new(1.0, color.gamma_multiply(0.9)),
            );
        }
    }
}
