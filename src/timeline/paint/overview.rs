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
    // Labels at the ends, as fine as the strip's span needs.
    let weak = visuals.weak_text_color();
    let span = axis.t1 - axis.t0;
    // In the axis's clock, as the cursor and the ticks are.
    let clock = view.clock();
    let label = |t: f64| end_label((t as i64).saturating_add(clock), span);
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

/// The overview's end label at `t` for a strip spanning `span` seconds: the year over years, the
/// month over months, the day over days, the time of day under two days.
fn end_label(t: i64, span: f64) -> String {
    use crate::model::time::{Civil, DAY, format_human_date, month_abbrev, year_text};
    let c = Civil::from_instant(t);
    let day = DAY as f64;
    if span >= 3.0 * 365.0 * day {
        year_text(c.year)
    } else if span >= 60.0 * day {
        format!("{} {}", month_abbrev(c.month), year_text(c.year))
    } else if span >= 2.0 * day {
        format_human_date(t)
    } else if span >= 600.0 {
        format!("{} {:02}:{:02}", format_human_date(t), c.hour, c.minute)
    } else {
        format!(
            "{} {:02}:{:02}:{:02}",
            format_human_date(t),
            c.hour,
            c.minute,
            c.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::end_label;
    use crate::model::time::{Civil, DAY};

    #[test]
    fn the_overview_says_its_ends_as_finely_as_its_span_needs() {
        let t = Civil::date(2015, 7, 24).to_instant() + 19 * 3600 + 61;
        let d = DAY as f64;
        assert_eq!(end_label(t, 20.0 * 365.0 * d), "2015");
        assert_eq!(end_label(t, 200.0 * d), "Jul 2015");
        assert_eq!(end_label(t, 10.0 * d), "24 Jul 2015");
        assert_eq!(end_label(t, 2.0), "24 Jul 2015 19:01:01");
        assert_eq!(end_label(t, 3600.0), "24 Jul 2015 19:01");
    }
}
