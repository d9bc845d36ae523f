//! The "as known on" cursor drawn on the timeline: a dashed line at the instant whose knowledge
//! the view shows, with its date. Shared by the window and exports.

use super::{Geometry, TimeAxis, TimelineStyle};
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
    let x = geo.time.x_from_time(at) as f32;
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
    let galley = painter.layout_no_wrap(
        text,
        FontId::proportional(geo.style.known_font),
        Color32::WHITE,
    );
    let w = galley.size().x + 8.0;
    // At the top of the axis, left of the line: what lies left of it was known.
    let left = (x - w).max(geo.date_axis.left());
    let r = Rect::from_min_size(
        Pos2::new(left, geo.date_axis.top() + 1.0),
        Vec2::new(w, 13.0),
    );
    painter.vline(
        x,
        geo.date_axis.top()..=geo.lanes.top(),
        Stroke::new(1.5, c),
    );
    painter.rect_filled(r, 3.0, c);
    painter.galley(
        r.min + Vec2::new(4.0, (13.0 - galley.size().y) / 2.0),
        galley,
        Color32::WHITE,
    );
}

/// The publication strip, laid out to line up with the timeline below it: a tick for every
/// source's publication (when it had surely appeared), the "as known on" handle, and input:
/// click or drag to set the date (whole days), double-click to clear it. `publications` is
/// sorted; only the visible ones are drawn. Returns true when the date changed.
pub fn publication_strip_ui(
    ui: &mut egui::Ui,
    view: &super::TimelineView,
    style: &TimelineStyle,
    publications: &[i64],
    known_on: &mut Option<i64>,
) -> bool {
    use crate::model::known::start_of_day;
    let (rect, resp) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), style.publication_strip_height),
        egui::Sense::click_and_drag(),
    );
    // The timeline below is as wide: its lanes, and so its time axis, line up with this one.
    let axis = TimeAxis::new(super::lanes_x(rect.x_range(), style), view.t0, view.t1);
    let strip = Rect::from_x_y_ranges(axis.x, rect.y_range());
    let mut changed = false;
    if (resp.dragged() || resp.clicked())
        && let Some(p) = resp.interact_pointer_pos()
        && strip.x_range().contains(p.x)
    {
        // The handle snaps to the nearest midnight: "as known on" is the start of a day.
        let t = axis.time_from_x(p.x) as i64 + crate::model::time::DAY / 2;
        let day = start_of_day(t);
        if *known_on != Some(day) {
            *known_on = Some(day);
            changed = true;
        }
    }
    if resp.double_clicked() {
        *known_on = None;
        changed = true;
    }
    let known_text = known_on.map_or("not set".to_string(), |t| {
        crate::model::time::format_human_date(t)
    });
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(
            egui::Role::Slider,
            true,
            format!("Publication strip, as known on {known_text}"),
        )
    });
    let resp = resp.on_hover_text(
        "Each tick is a source's publication. Drag or click to see the data as known on that day; double-click to show everything again.",
    );
    if resp.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }

    let visuals = ui.visuals();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, visuals.faint_bg_color);
    painter.text(
        Pos2::new(rect.left() + 8.0, rect.center().y),
        egui::Align2::LEFT_CENTER,
        "Published",
        FontId::proportional(style.small_font),
        visuals.weak_text_color(),
    );
    let c = known_color(visuals);
    let weak = visuals.weak_text_color();
    // At most one tick per pixel: jump past the rest of each pixel by a search galloping on
    // from the last tick, so a million sources cost as much as the strip is wide. Ticks in
    // neighbouring pixels of one colour are drawn as one rectangle (at the full extent of a
    // large set nearly every pixel has one).
    let ticks_y = rect.top() + 4.0..=rect.bottom() - 4.0;
    let mut run: Option<(f32, f32, Color32)> = None;
    let flush = |run: Option<(f32, f32, Color32)>| {
        if let Some((x0, x1, colour)) = run {
            painter.rect_filled(
                Rect::from_x_y_ranges(x0 - 0.5..=x1 + 0.5, ticks_y.clone()),
                0.0,
                colour,
            );
        }
    };
    let mut i = publications.partition_point(|&t| (t as f64) < axis.t0);
    while let Some(&t) = publications.get(i) {
        if t as f64 > axis.t1 {
            break;
        }
        let x = axis.x_from_time(t as f64) as f32;
        let known = known_on.is_none_or(|k| t < k);
        let colour = if known { c } else { weak.gamma_multiply(0.5) };
        run = match run {
            Some((x0, x1, was)) if was == colour && x - x1 <= 1.5 => Some((x0, x, was)),
            other => {
                flush(other);
                Some((x, x, colour))
            }
        };
        let next_pixel = axis.time_from_x(x + 1.0);
        let rest = publications.get(i..).unwrap_or_default();
        let skip = crate::index::gallop(rest, |u| (u as f64) < next_pixel);
        // Ticks on both sides of the "as known on" instant keep their own colour.
        let skip = match *known_on {
            Some(k) if t < k => skip.min(crate::index::gallop(rest, |u| u < k)),
            _ => skip,
        };
        i += skip.max(1);
    }
    flush(run);
    if let Some(k) = *known_on {
        let x = axis.x_from_time(k as f64) as f32;
        if strip.x_range().contains(x) {
            // Shade what is not yet published.
            painter.rect_filled(
                Rect::from_x_y_ranges(x..=strip.right(), rect.y_range()),
                0.0,
                visuals.extreme_bg_color.gamma_multiply(0.5),
            );
            painter.vline(x, rect.y_range(), Stroke::new(2.0, c));
            let tri = vec![
                Pos2::new(x - 5.0, rect.top()),
                Pos2::new(x + 5.0, rect.top()),
                Pos2::new(x, rect.top() + 6.0),
            ];
            painter.add(Shape::convex_polygon(tri, c, Stroke::NONE));
        }
    }
    painter.hline(
        rect.x_range(),
        rect.bottom(),
        visuals.widgets.noninteractive.bg_stroke,
    );
    changed
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::timeline::TimelineView;

    /// The strip drawn once, 1000 points wide, over `[0, 1000 days]`: its filled rectangles
    /// (the background, the ticks, the shade after "as known on") as (left, right, colour),
    /// and the colour of a published tick.
    fn strip_rects(
        publications: &[i64],
        known_on: Option<i64>,
    ) -> (Vec<(f32, f32, Color32)>, Color32) {
        let ctx = egui::Context::default();
        let view = TimelineView {
            t0: 0.0,
            t1: 1000.0 * 86_400.0,
            ..TimelineView::default()
        };
        let style = TimelineStyle::default();
        let input = egui::RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1200.0, 200.0))),
            ..Default::default()
        };
        let mut known = known_on;
        let mut tick = Color32::TRANSPARENT;
        let mut out = ctx.run_ui(input, |ui| {
            tick = known_color(ui.visuals());
            publication_strip_ui(ui, &view, &style, publications, &mut known);
        });
        // The font atlas is not uploaded anywhere.
        out.textures_delta.clear();
        let rects = out
            .shapes
            .iter()
            .filter_map(|c| match &c.shape {
                Shape::Rect(r) => Some((r.rect.left(), r.rect.right(), r.fill)),
                _ => None,
            })
            .collect();
        (rects, tick)
    }

    #[test]
    fn ticks_in_neighbouring_pixels_are_drawn_as_one_rectangle() {
        // Sparse: ten publications a hundred days apart are ten ticks, one pixel wide each.
        let sparse: Vec<i64> = (0..10).map(|d| d * 100 * 86_400 + 3_600).collect();
        let (rects, tick) = strip_rects(&sparse, None);
        let ticks: Vec<_> = rects.iter().filter(|r| r.2 == tick).collect();
        assert_eq!(ticks.len(), 10, "{rects:?}");
        assert!(ticks.iter().all(|(a, b, _)| (b - a - 1.0).abs() < 1e-3));
        // Dense: a publication every hour for a thousand days fills every pixel: one
        // rectangle across the strip, not one tick per pixel.
        let dense: Vec<i64> = (0..24_000).map(|h| h * 3_600).collect();
        let (rects, _) = strip_rects(&dense, None);
        let ticks: Vec<_> = rects.iter().filter(|r| r.2 == tick).collect();
        assert_eq!(ticks.len(), 1, "{rects:?}");
        assert!(ticks[0].1 - ticks[0].0 > 900.0, "{ticks:?}");
        // "As known on" day 500: what was published before it keeps the tick colour, what came
        // after is a second, fainter run that starts where the first ends.
        let (rects, _) = strip_rects(&dense, Some(500 * 86_400));
        let known: Vec<_> = rects.iter().filter(|r| r.2 == tick).collect();
        assert_eq!(known.len(), 1, "{rects:?}");
        let width = known[0].1 - known[0].0;
        assert!((400.0..600.0).contains(&width), "{known:?}");
        let later = rects
            .iter()
            .find(|r| r.2 != tick && (r.0 - known[0].1).abs() <= 1.5)
            .unwrap();
        assert!(later.1 > known[0].1 + 400.0, "{later:?} after {known:?}");
    }
}
