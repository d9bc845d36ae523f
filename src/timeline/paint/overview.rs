//! The overview strip: every lane's density over the whole data set, the visible window and
//! the cursor, on the same [`crate::timeline::TimeAxis`] that its input uses.

use super::{bins_strip, cursor_color, density_strip, lane_color};
use crate::index::Indexed;
use crate::timeline::{Geometry, TimelineView};
use egui::{Align2, FontId, Painter, Pos2, Rangef, Rect, Stroke, StrokeKind, Visuals};

/// The overview strip: every lane's density over the whole data set, and the visible window.
pub fn paint_overview(
    painter: &Painter,
    visuals: &Visuals,
    idx: &Indexed,
    view: &TimelineView,
    geo: &Geometry,
) {
    let r = geo.overview;
    painter.rect_filled(r, 0.0, visuals.faint_bg_color);
    painter.hline(
        r.x_range(),
        r.top(),
        visuals.widgets.noninteractive.bg_stroke,
    );
    let Some(axis) = geo.overview_axis(idx) else {
        return;
    };
    let inner = geo.overview_inner();
    let n = idx.lanes.len().max(1) as f32;
    let h = (inner.height() / n).min(8.0);
    let top = inner.center().y - h * n / 2.0;
    let p = painter.with_clip_rect(r);
    if h >= 3.0 {
        for lane in 0..idx.lanes.len() {
            let y = Rangef::new(top + h * lane as f32, top + h * (lane as f32 + 1.0) - 1.0);
            density_strip(&p, idx, lane, &axis, y, lane_color(idx, lane));
        }
    } else {
        // Too many lanes for a strip each: all of them together.
        bins_strip(
            &p,
            idx,
            &idx.overview_total,
            &axis,
            inner.y_range(),
            visuals.text_color().gamma_multiply(0.6),
        );
    }
    let x = |t: f64| axis.x_from_time(t) as f32;
    let (wx0, wx1) = (x(view.t0).max(r.left()), x(view.t1).min(r.right()));
    let window = Rect::from_x_y_ranges(wx0..=wx1.max(wx0 + 2.0), r.top() + 2.0..=r.bottom() - 2.0);
    p.rect_filled(window, 2.0, visuals.selection.bg_fill.gamma_multiply(0.25));
    p.rect_stroke(
        window,
        2.0,
        Stroke::new(1.5, visuals.selection.stroke.color),
        StrokeKind::Inside,
    );
    let cx = x(view.cursor);
    p.vline(
        cx,
        r.top()..=r.bottom(),
        Stroke::new(1.0, cursor_color(visuals)),
    );
    // Year labels at the ends.
    let weak = visuals.weak_text_color();
    let label = |t: f64| {
        crate::model::time::Civil::from_instant(t as i64)
            .year
            .to_string()
    };
    p.text(
        Pos2::new(r.left() + 4.0, r.bottom() - 1.0),
        Align2::LEFT_BOTTOM,
        label(axis.t0),
        FontId::proportional(geo.style.overview_font),
        weak,
    );
    p.text(
        Pos2::new(r.right() - 4.0, r.bottom() - 1.0),
        Align2::RIGHT_BOTTOM,
        label(axis.t1),
        FontId::proportional(geo.style.overview_font),
        weak,
    );
}
