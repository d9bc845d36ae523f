//! Painting: lanes, eras, lane names, and the order of it all; events (`event.rs`), the axis and
//! cursor (`axis.rs`), the overview (`overview.rs`) and the legend (`legend.rs`). Colours come
//! from `Visuals` (and the lanes' own colours), so both themes work; sizes from the geometry's
//! [`super::TimelineStyle`]. The same functions paint the window and exports.

pub mod axis;
pub mod event;
pub mod legend;
pub mod overview;

pub use event::{EventState, core_alpha, is_hypothetical, paint_event};

use super::layout::Layout;
use super::{Geometry, Marks, TimeAxis, TimelineView};
use crate::index::{Indexed, span};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rangef, Rect, Stroke, Vec2, Visuals};

/// Lane colours for lanes that name none: distinct, and readable on light and dark.
const PALETTE: [[u8; 3]; 8] = [
    [0x3b, 0x7d, 0xd8],
    [0xd9, 0x6c, 0x2c],
    [0x2e, 0x9e, 0x6a],
    [0xb0, 0x47, 0xc2],
    [0xc8, 0x3e, 0x4d],
    [0x1f, 0x9e, 0xa8],
    [0x9a, 0x7b, 0x1c],
    [0x6a, 0x6f, 0xd8],
];

/// The colour of a lane.
pub fn lane_color(idx: &Indexed, lane: usize) -> Color32 {
    let [r, g, b] = idx
        .data
        .lanes
        .get(lane)
        .and_then(|l| l.color)
        .unwrap_or_else(|| {
            PALETTE
                .get(lane % PALETTE.len())
                .copied()
                .unwrap_or([0x80, 0x80, 0x80])
        });
    Color32::from_rgb(r, g, b)
}

/// The colour of the time cursor.
pub fn cursor_color(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(0xff, 0xb0, 0x30)
    } else {
        Color32::from_rgb(0xd0, 0x60, 0x00)
    }
}

/// What to include when painting.
#[derive(Clone, Copy, Debug)]
pub struct PaintOptions {
    /// The event under the pointer.
    pub hovered: Option<usize>,
    /// The selected event.
    pub selected: Option<usize>,
    pub overview: bool,
    pub cursor: bool,
    /// In the window: an open lane's header shows the arrow that folds it (a picture shows only
    /// the folded lanes' arrows, which say the lane is folded).
    pub interactive: bool,
}

/// Paints the whole timeline: axis, lanes, events with the lens' `marks` over them, and
/// optionally the cursor and the overview.
#[allow(clippy::too_many_arguments)]
pub fn paint(
    painter: &Painter,
    visuals: &Visuals,
    idx: &Indexed,
    view: &TimelineView,
    marks: &Marks,
    geo: &Geometry,
    layout: &Layout,
    options: PaintOptions,
) {
    let hovered = options.hovered;
    let style = &geo.style;
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    painter.rect_filled(geo.rect, 0.0, visuals.panel_fill);
    painter.rect_filled(geo.lanes.union(geo.headers), 0.0, visuals.extreme_bg_color);

    // Alternate lane stripes and separators.
    let body = painter.with_clip_rect(geo.lanes.union(geo.headers));
    let in_sight = |lane: &super::layout::LaneLayout| {
        lane.y0 < geo.lanes.bottom() && lane.y0 + lane.height > geo.lanes.top()
    };
    for (n, lane) in layout.lanes.iter().enumerate() {
        if !in_sight(lane) {
            continue;
        }
        let r = Rect::from_min_max(
            Pos2::new(geo.headers.left(), lane.y0),
            Pos2::new(geo.lanes.right(), lane.y0 + lane.height),
        );
        if n % 2 == 1 {
            body.rect_filled(r, 0.0, visuals.faint_bg_color);
        }
        body.hline(
            r.x_range(),
            r.bottom(),
            Stroke::new(
                1.0,
                visuals
                    .widgets
                    .noninteractive
                    .bg_stroke
                    .color
                    .gamma_multiply(0.6),
            ),
        );
    }

    // Eras behind everything.
    let lanes_painter = painter.with_clip_rect(geo.lanes);
    for era in &idx.data.eras {
        let (a, b) = span(&era.time);
        let (x0, x1) = (
            geo.time.x_from_time(a) as f32,
            geo.time.x_from_time(b) as f32,
        );
        if x1 < geo.lanes.left() || x0 > geo.lanes.right() {
            continue;
        }
        let r = Rect::from_x_y_ranges(
            x0.max(geo.lanes.left() - 1.0)..=x1.min(geo.lanes.right() + 1.0),
            geo.lanes.y_range(),
        );
        lanes_painter.rect_filled(r, 0.0, weak.gamma_multiply(0.08));
        lanes_painter.text(
            Pos2::new(r.left() + 4.0, geo.lanes.bottom() - 4.0),
            Align2::LEFT_BOTTOM,
            &era.label,
            FontId::proportional(style.small_font),
            weak,
        );
    }

    let zone_offset = view.clock();
    let badge = options
        .cursor
        .then(|| axis::axis_cursor_badge(painter, geo, view.cursor, zone_offset));
    axis::grid_and_axis(
        painter,
        visuals,
        geo,
        zone_offset,
        badge.as_ref().map(|b| b.0),
    );
    painter.text(
        Pos2::new(geo.rect.left() + 8.0, geo.date_axis.top() + 3.0),
        Align2::LEFT_TOP,
        view.zone.axis_caption((geo.time.t0 + geo.time.t1) / 2.0),
        FontId::proportional(style.caption_font),
        weak,
    );

    // Events.
    let cursor = view.cursor;
    for lane in layout.lanes.iter().filter(|l| in_sight(l)) {
        let color = lane_color(idx, lane.lane);
        if lane.collapsed {
            // A collapsed lane shows its density, like the overview.
            let y = lane.y0 + style.collapsed_height / 2.0;
            let strip = Rangef::new(y - 4.0, y + 4.0);
            density_strip(&lanes_painter, idx, lane.lane, &geo.time, strip, color);
            continue;
        }
        if let Some(dense) = &lane.dense {
            event::paint_dense(&lanes_painter, visuals, geo, lane, dense, color, &idx.data);
            continue;
        }
        for placed in &lane.items {
            let Some(event) = idx.data.events.get(placed.event) else {
                continue;
            };
            let (lo, hi) = span(&event.time);
            let state = EventState {
                selected: options.selected == Some(placed.event),
                hovered: hovered == Some(placed.event),
                under_cursor: lo <= cursor && cursor <= hi,
            };
            paint_event(&lanes_painter, visuals, geo, event, placed, color, state);
            super::marks::paint_event_marks(
                &lanes_painter,
                visuals,
                geo,
                marks,
                event,
                placed,
                color,
            );
        }
        for hidden in &lane.hidden {
            paint_hidden(&lanes_painter, visuals, geo, hidden);
        }
    }

    // Lane headers.
    let headers = painter.with_clip_rect(geo.headers);
    for lane in layout.lanes.iter().filter(|l| in_sight(l)) {
        let Some(l) = idx.data.lanes.get(lane.lane) else {
            continue;
        };
        let color = lane_color(idx, lane.lane);
        let top = lane.y0 + 4.0;
        if lane.collapsed || options.interactive {
            let arrow = if lane.collapsed { "⏵" } else { "⏷" };
            headers.text(
                Pos2::new(geo.headers.left() + 6.0, top + 7.0),
                Align2::LEFT_CENTER,
                arrow,
                FontId::proportional(style.axis_font),
                weak,
            );
        }
        headers.rect_filled(
            Rect::from_min_size(
                Pos2::new(geo.headers.left() + 20.0, top + 2.0),
                Vec2::new(4.0, 11.0),
            ),
            1.0,
            color,
        );
        // The name on one or two lines (then "…", in full on hover), the count under it.
        // Two lines only where the lane is tall enough for them and the count under them.
        let two = 4.0 + 2.0 * style.lane_font * 1.3 + 4.0 + style.small_font * 1.3 + 4.0;
        let lines = if lane.collapsed || lane.height < two {
            1
        } else {
            super::layout::LANE_NAME_LINES
        };
        let name = lane_name_galley(painter, &l.label, style, text, lines);
        let name_height = name.size().y;
        headers.galley(Pos2::new(geo.headers.left() + 29.0, top), name, text);
        let count = idx.lanes.get(lane.lane).map_or(0, |x| x.len());
        let count_top = top + name_height + 2.0;
        if count_top + style.small_font * 1.2 <= lane.y0 + lane.height {
            headers.text(
                Pos2::new(geo.headers.left() + 29.0, count_top),
                Align2::LEFT_TOP,
                idx.data.counted(count, thousands),
                FontId::proportional(style.small_font),
                weak,
            );
        }
    }
    painter.vline(
        geo.headers.right(),
        geo.headers.y_range(),
        visuals.widgets.noninteractive.bg_stroke,
    );

    if let Some(at) = marks.known_on {
        super::known::paint_known_line(painter, visuals, geo, at);
    }
    if let Some(badge) = badge {
        axis::paint_cursor(painter, visuals, geo, cursor, badge);
    }

    if options.overview {
        overview::paint_overview(painter, visuals, idx, view, geo);
    }
}

/// A lane's name as its header shows it: wrapped at the header's width on at most `lines`
/// lines, the rest replaced by "…".
pub fn lane_name_galley(
    painter: &Painter,
    name: &str,
    style: &super::TimelineStyle,
    color: Color32,
    lines: usize,
) -> std::sync::Arc<egui::Galley> {
    let mut job = egui::text::LayoutJob::single_section(
        name.to_string(),
        egui::TextFormat::simple(FontId::proportional(style.lane_font), color),
    );
    job.wrap = egui::text::TextWrapping {
        max_width: super::layout::lane_name_width(style.header_width),
        max_rows: lines,
        break_anywhere: false,
        overflow_character: Some('…'),
    };
    painter.layout_job(job)
}

/// "+N" for events past a lane's row limit, in the strip under its rows.
fn paint_hidden(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    hidden: &super::layout::Hidden,
) {
    painter.rect_filled(hidden.rect, 4.0, visuals.widgets.inactive.weak_bg_fill);
    painter.rect_stroke(
        hidden.rect,
        4.0,
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
        egui::StrokeKind::Inside,
    );
    painter.text(
        hidden.rect.center(),
        Align2::CENTER_CENTER,
        format!("+{}", hidden.count),
        FontId::proportional(geo.style.small_font),
        visuals.text_color(),
    );
}

pub use crate::model::thousands;

/// How much time one density column covers, in words: "2 h", "3 days", "5 weeks".
pub fn column_span(geo: &Geometry, width: f32) -> String {
    let secs = geo.time.seconds_per_point() * f64::from(width);
    let (n, unit) = if secs < 3600.0 {
        (secs / 60.0, "min")
    } else if secs < 86_400.0 {
        (secs / 3600.0, "h")
    } else if secs < 14.0 * 86_400.0 {
        (secs / 86_400.0, "days")
    } else if secs < 120.0 * 86_400.0 {
        (secs / (7.0 * 86_400.0), "weeks")
    } else {
        (secs / (30.44 * 86_400.0), "months")
    };
    let n = if n < 10.0 {
        (n * 10.0).round() / 10.0
    } else {
        n.round()
    };
    format!("{n} {unit}")
}

/// A lane's events as a density strip on `axis` (over the rows `y`), from the precomputed
/// overview bins.
pub(crate) fn density_strip(
    painter: &Painter,
    idx: &Indexed,
    lane: usize,
    axis: &TimeAxis,
    y: Rangef,
    color: Color32,
) {
    if let Some(bins) = idx.overview.get(lane) {
        bins_strip(painter, idx, bins, axis, y, color);
    }
}

/// Overview bins on `axis` (over the rows `y`) as one mesh: opacity by the square root of the
/// count, equal neighbours merged.
pub(crate) fn bins_strip(
    painter: &Painter,
    idx: &Indexed,
    bins: &[u32],
    axis: &TimeAxis,
    y: Rangef,
    color: Color32,
) {
    let Some((a, b)) = idx.overview_range else {
        return;
    };
    let (t0, t1) = (axis.t0, axis.t1);
    let n = bins.len().max(1) as f64;
    let max = bins.iter().copied().max().unwrap_or(0).max(1) as f32;
    let x = |t: f64| axis.x_from_time(t) as f32;
    let mut mesh = egui::Mesh::default();
    let mut run: Option<(usize, u32)> = None;
    let flush = |mesh: &mut egui::Mesh, from: usize, to: usize, c: u32| {
        if c == 0 {
            return;
        }
        let (ba, bb) = (a + (b - a) * from as f64 / n, a + (b - a) * to as f64 / n);
        if bb < t0 || ba > t1 {
            return;
        }
        let (xa, xb) = (x(ba).max(axis.x.min - 1.0), x(bb).min(axis.x.max + 1.0));
        let alpha = 0.25 + 0.75 * (c as f32 / max).sqrt();
        mesh.add_colored_rect(
            Rect::from_x_y_ranges(xa..=xb.max(xa + 1.0), y),
            color.gamma_multiply(alpha),
        );
    };
    for (i, &c) in bins.iter().enumerate() {
        match run {
            Some((_, m)) if m == c => {}
            Some((from, m)) => {
                flush(&mut mesh, from, i, m);
                run = Some((i, c));
            }
            None => run = Some((i, c)),
        }
    }
    if let Some((from, m)) = run {
        flush(&mut mesh, from, bins.len(), m);
    }
    painter.add(egui::Shape::mesh(mesh));
}

/// The hover card of an event: title, time as written and in words, status, likelihood, sources.
pub fn tooltip_ui(ui: &mut egui::Ui, idx: &Indexed, event_index: usize) {
    let Some(e) = idx.data.events.get(event_index) else {
        return;
    };
    ui.set_max_width(360.0);
    ui.strong(idx.data.title(e));
    ui.label(format!("“{}”", e.time.written));
    ui.label(e.time.describe());
    let mut status = format!("Status: {}", e.status.name());
    if let Some(l) = e.likelihood {
        let (a, b) = l.range();
        status += &format!(" · {} ({a}–{b}%)", l.term());
    }
    ui.label(status);
    let sources: std::collections::BTreeSet<usize> =
        e.claims.iter().map(|c| c.source as usize).collect();
    let n = |n: usize| n.to_string();
    ui.weak(format!(
        "{}, {}",
        crate::model::counted(sources.len(), n, "source"),
        crate::model::counted(e.claims.len(), n, "claim")
    ));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::timeline::TimelineStyle;

    #[test]
    fn a_long_lane_name_takes_two_lines_ends_in_an_ellipsis_and_leaves_room_for_the_count() {
        let style = TimelineStyle::default();
        let name = "Military Forces of the United States of America (2025-), Special Operations";
        let ctx = egui::Context::default();
        let mut seen = None;
        let mut out = ctx.run_ui(Default::default(), |ui| {
            let painter = ui.painter().clone();
            let galley = lane_name_galley(&painter, name, &style, Color32::WHITE, 2);
            let width = |s: &str| {
                painter
                    .layout_no_wrap(s.to_string(), style.label_font_id(), Color32::WHITE)
                    .size()
                    .x
            };
            let needed = crate::timeline::layout::lane_header_height(name, &style, &width);
            seen = Some((galley.rows.len(), galley.elided, galley.size(), needed));
        });
        out.textures_delta.clear();
        let (rows, elided, size, needed) = seen.unwrap();
        assert_eq!(rows, 2);
        assert!(elided);
        assert!(size.x <= crate::timeline::layout::lane_name_width(style.header_width) + 1.0);
        // Name, then the count under it, inside the lane's height.
        assert!(
            4.0 + size.y + 2.0 + style.small_font * 1.2 <= needed,
            "{size:?} {needed}"
        );
    }
}
