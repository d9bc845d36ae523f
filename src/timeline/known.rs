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
    // At most one tick per pixel: jump past the rest of each pixel by binary search, so a
    // million sources cost as much as the strip is wide.
    let mut i = publications.partition_point(|&t| (t as f64) < axis.t0);
    while let Some(&t) = publications.get(i) {
        if t as f64 > axis.t1 {
            break;
        }
        let x = axis.x_from_time(t as f64) as f32;
        let known = known_on.is_none_or(|k| t < k);
        painter.vline(
            x,
            rect.top() + 4.0..=rect.bottom() - 4.0,
            Stroke::new(1.0, if known { c } else { weak.gamma_multiply(0.5) }),
        );
        let next_pixel = axis.time_from_x(x + 1.0);
        let skip = publications
            .get(i..)
            .map_or(1, |rest| rest.partition_point(|&u| (u as f64) < next_pixel));
        // Ticks on both sides of the "as known on" instant keep their own colour.
        let skip = match *known_on {
            Some(k) if t < k => skip.min(
                publications
                    .get(i..)
                    .map_or(1, |rest| rest.partition_point(|&u| u < k)),
            ),
            _ => skip,
        };
        i += skip.max(1);
    }
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
