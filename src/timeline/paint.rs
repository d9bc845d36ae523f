//! Painting: grid and axis, lanes, events by the four-point model, the cursor, the overview strip
//! and the legend. Colours come from `Visuals` (and the lanes' own colours), so both themes work;
//! the same functions paint the window and exports.

use super::axis;
use super::layout::{BAND_HEIGHT, COLLAPSED_HEIGHT, GAP, Layout, Placed, label_font};
use super::{Geometry, TimelineView};
use crate::index::{Indexed, span};
use crate::model::{Bound, Event, Status};
use egui::{
    Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2, Visuals,
};

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

/// Opacity of the faded band over all an event may span (SIMILE used 20%).
const BAND_ALPHA: f32 = 0.28;

/// How opaque an event's core is: full for what happened, by likelihood for what may never.
pub fn core_alpha(event: &Event) -> f32 {
    let p = match (event.likelihood, event.status) {
        (Some(l), _) => l.midpoint(),
        (None, Status::Planned) => 0.5,
        (None, Status::Speculated) => 0.3,
        _ => return 0.92,
    };
    0.15 + 0.75 * p
}

/// True for events that may never happen.
pub fn is_hypothetical(event: &Event) -> bool {
    event.status.is_hypothetical() || event.likelihood.is_some()
}

/// What to include when painting.
#[derive(Clone, Copy, Debug)]
pub struct PaintOptions {
    /// The event under the pointer.
    pub hovered: Option<usize>,
    pub overview: bool,
    pub cursor: bool,
}

/// Paints the whole timeline: axis, lanes, events, and optionally the cursor and the overview.
pub fn paint(
    painter: &Painter,
    visuals: &Visuals,
    idx: &Indexed,
    view: &TimelineView,
    geo: &Geometry,
    layout: &Layout,
    options: PaintOptions,
) {
    let hovered = options.hovered;
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
        let (x0, x1) = (geo.x_from_time(a) as f32, geo.x_from_time(b) as f32);
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
            FontId::proportional(11.0),
            weak,
        );
    }

    let zone_offset = view.zone.axis_offset((geo.t0 + geo.t1) / 2.0);
    grid_and_axis(painter, visuals, geo, zone_offset);
    painter.text(
        Pos2::new(geo.rect.left() + 8.0, geo.axis.top() + 3.0),
        Align2::LEFT_TOP,
        view.zone.axis_caption((geo.t0 + geo.t1) / 2.0),
        FontId::proportional(10.0),
        weak,
    );

    // Events.
    let cursor = view.cursor;
    for lane in layout.lanes.iter().filter(|l| in_sight(l)) {
        let color = lane_color(idx, lane.lane);
        if lane.collapsed {
            // A collapsed lane shows its density, like the overview.
            let y = lane.y0 + COLLAPSED_HEIGHT / 2.0;
            let strip = Rect::from_x_y_ranges(geo.lanes.x_range(), y - 4.0..=y + 4.0);
            density_strip(&lanes_painter, idx, lane.lane, geo.t0, geo.t1, strip, color);
            continue;
        }
        if let Some(dense) = &lane.dense {
            paint_dense(&lanes_painter, visuals, geo, lane, dense, color);
            continue;
        }
        for placed in &lane.items {
            let Some(event) = idx.data.events.get(placed.event) else {
                continue;
            };
            let (lo, hi) = span(&event.time);
            let state = EventState {
                selected: view.selected == Some(placed.event),
                hovered: hovered == Some(placed.event),
                under_cursor: lo <= cursor && cursor <= hi,
            };
            paint_event(&lanes_painter, visuals, geo, event, placed, color, state);
            super::marks::paint_event_marks(
                &lanes_painter,
                visuals,
                geo,
                &view.marks,
                event,
                placed,
                color,
            );
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
        let arrow = if lane.collapsed { "⏵" } else { "⏷" };
        headers.text(
            Pos2::new(geo.headers.left() + 6.0, top + 7.0),
            Align2::LEFT_CENTER,
            arrow,
            FontId::proportional(12.0),
            weak,
        );
        headers.rect_filled(
            Rect::from_min_size(
                Pos2::new(geo.headers.left() + 20.0, top + 2.0),
                Vec2::new(4.0, 11.0),
            ),
            1.0,
            color,
        );
        let label = painter.layout(
            l.label.clone(),
            FontId::proportional(13.0),
            text,
            geo.headers.width() - 34.0,
        );
        headers.galley(Pos2::new(geo.headers.left() + 29.0, top), label, text);
        let count = idx.lanes.get(lane.lane).map_or(0, |x| x.len());
        if !lane.collapsed || lane.height > 30.0 {
            headers.text(
                Pos2::new(geo.headers.left() + 29.0, top + 30.0),
                Align2::LEFT_CENTER,
                format!("{count} events"),
                FontId::proportional(11.0),
                weak,
            );
        }
    }
    painter.vline(
        geo.headers.right(),
        geo.headers.y_range(),
        visuals.widgets.noninteractive.bg_stroke,
    );

    if let Some(at) = view.marks.known_on {
        super::known::paint_known_line(painter, visuals, geo, at);
    }
    if options.cursor {
        paint_cursor(painter, visuals, geo, cursor, zone_offset);
    }

    if options.overview {
        overview(painter, visuals, idx, view, geo);
    }
}

/// The cursor: a line across the lanes and its date on the axis, always readable.
fn paint_cursor(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    cursor: f64,
    zone_offset: i64,
) {
    let cx = geo.x_from_time(cursor) as f32;
    let cc = cursor_color(visuals);
    if geo.lanes.x_range().contains(cx) {
        painter.vline(
            cx,
            geo.axis.top()..=geo.lanes.bottom(),
            Stroke::new(1.5, cc),
        );
    }
    let label = axis::cursor_label(cursor.round() as i64 + zone_offset, geo.seconds_per_point());
    let galley = painter.layout_no_wrap(label, FontId::proportional(12.0), Color32::WHITE);
    let w = galley.size().x + 10.0;
    let lx = cx.clamp(geo.axis.left() + w / 2.0, geo.axis.right() - w / 2.0);
    let r = Rect::from_center_size(Pos2::new(lx, geo.axis.center().y), Vec2::new(w, 18.0));
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
            FontId::proportional(10.0),
            cc,
        );
    }
}

/// The grid and the axis labels, in the clock `zone_offset` seconds ahead of UTC.
fn grid_and_axis(painter: &Painter, visuals: &Visuals, geo: &Geometry, zone_offset: i64) {
    let off = zone_offset as f64;
    let text = visuals.text_color();
    let weak = visuals.weak_text_color();
    let spp = geo.seconds_per_point();
    let major = axis::step_for(spp * 90.0);
    let minor = axis::step_for(spp * 14.0);
    let grid = painter.with_clip_rect(geo.lanes);
    let line = visuals.widgets.noninteractive.bg_stroke.color;
    for t in axis::ticks(geo.t0 + off, geo.t1 + off, minor, 2000) {
        let x = geo.x_from_time(t as f64 - off) as f32;
        grid.vline(
            x,
            geo.lanes.y_range(),
            Stroke::new(1.0, line.gamma_multiply(0.35)),
        );
    }
    let axis_painter = painter.with_clip_rect(geo.axis);
    let ticks = axis::ticks(geo.t0 + off, geo.t1 + off, major, 500);
    for &t in &ticks {
        let x = geo.x_from_time(t as f64 - off) as f32;
        grid.vline(
            x,
            geo.lanes.y_range(),
            Stroke::new(1.0, line.gamma_multiply(0.9)),
        );
        axis_painter.vline(
            x,
            geo.axis.bottom() - 6.0..=geo.axis.bottom(),
            Stroke::new(1.0, weak),
        );
        axis_painter.text(
            Pos2::new(x + 3.0, geo.axis.bottom() - 4.0),
            Align2::LEFT_BOTTOM,
            axis::label(t, major),
            FontId::proportional(12.0),
            text,
        );
    }
    // The coarser context at the left, e.g. the year when ticks are months.
    let context = axis::context((geo.t0 + off).round() as i64, major);
    if !context.is_empty() {
        // In the corner above the lane names, where nothing else is drawn.
        painter.text(
            Pos2::new(geo.rect.left() + 8.0, geo.axis.bottom() - 5.0),
            Align2::LEFT_BOTTOM,
            &context,
            FontId::proportional(13.0),
            text,
        );
    }
    painter.hline(
        geo.axis.x_range(),
        geo.axis.bottom(),
        visuals.widgets.noninteractive.bg_stroke,
    );
}

/// How an event is being looked at.
#[derive(Clone, Copy, Default)]
pub struct EventState {
    pub selected: bool,
    pub hovered: bool,
    pub under_cursor: bool,
}

/// A horizontal gradient rectangle.
fn gradient(painter: &Painter, rect: Rect, left: Color32, right: Color32) {
    if !rect.is_positive() {
        return;
    }
    let mut mesh = Mesh::default();
    mesh.colored_vertex(rect.left_top(), left);
    mesh.colored_vertex(rect.right_top(), right);
    mesh.colored_vertex(rect.right_bottom(), right);
    mesh.colored_vertex(rect.left_bottom(), left);
    mesh.add_triangle(0, 1, 2);
    mesh.add_triangle(0, 2, 3);
    painter.add(Shape::mesh(mesh));
}

/// One event by the four-point model.
pub fn paint_event(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    event: &Event,
    placed: &Placed,
    color: Color32,
    state: EventState,
) {
    let t = &event.time;
    let y = placed.y;
    let half = BAND_HEIGHT / 2.0;
    let x = |b: Bound| b.instant().map(|v| geo.x_from_time(v as f64) as f32);
    let band_color = color.gamma_multiply(BAND_ALPHA);
    let (x0, x1) = (placed.x0, placed.x1);
    let q = t.qualifiers.overall;

    // The faded band over all it may span; approximate widening feathers the edges, open ends
    // fade out towards the edge of the view.
    let strict_lo = x(t.strict_earliest).unwrap_or(x0).clamp(x0, x1);
    let strict_hi = x(t.strict_latest).unwrap_or(x1).clamp(strict_lo, x1);
    let fade = 60.0f32.min((x1 - x0) / 2.0);
    let (mut solid_lo, mut solid_hi) = (strict_lo, strict_hi);
    if t.earliest_start == Bound::Open {
        solid_lo = x0 + fade;
        gradient(
            painter,
            Rect::from_x_y_ranges(x0..=solid_lo, y - half..=y + half),
            Color32::TRANSPARENT,
            band_color,
        );
    } else if strict_lo > x0 + 0.5 {
        gradient(
            painter,
            Rect::from_x_y_ranges(x0..=strict_lo, y - half..=y + half),
            Color32::TRANSPARENT,
            band_color,
        );
    }
    if t.latest_end == Bound::Open {
        solid_hi = x1 - fade;
        gradient(
            painter,
            Rect::from_x_y_ranges(solid_hi..=x1, y - half..=y + half),
            band_color,
            Color32::TRANSPARENT,
        );
    } else if strict_hi < x1 - 0.5 {
        gradient(
            painter,
            Rect::from_x_y_ranges(strict_hi..=x1, y - half..=y + half),
            band_color,
            Color32::TRANSPARENT,
        );
    }
    let band = Rect::from_x_y_ranges(solid_lo..=solid_hi.max(solid_lo), y - half..=y + half);
    painter.rect_filled(band, 2.0, band_color);

    // The core, where it surely is.
    let alpha = core_alpha(event);
    let hypothetical = is_hypothetical(event);
    let core_color = color.gamma_multiply(alpha);
    let core_rect = match t.core() {
        Some((a, b)) => {
            let (ca, cb) = (
                geo.x_from_time(a as f64) as f32,
                geo.x_from_time(b as f64) as f32,
            );
            let (ca, cb) = (ca.max(x0), cb.min(x1));
            let (ca, cb) = if cb - ca < 3.0 {
                ((ca + cb) / 2.0 - 1.5, (ca + cb) / 2.0 + 1.5)
            } else {
                (ca, cb)
            };
            Some(Rect::from_x_y_ranges(
                ca..=cb,
                y - half + 2.0..=y + half - 2.0,
            ))
        }
        None => None,
    };
    if let Some(r) = core_rect {
        painter.rect_filled(r, 2.0, core_color);
        if hypothetical {
            painter.rect_stroke(r, 2.0, Stroke::new(1.0, color), StrokeKind::Inside);
        }
    } else {
        // An instant, however imprecisely known: a diamond in its band.
        let cx = (x0 + x1) / 2.0;
        let s = 6.0;
        let pts = vec![
            Pos2::new(cx, y - s),
            Pos2::new(cx + s, y),
            Pos2::new(cx, y + s),
            Pos2::new(cx - s, y),
        ];
        painter.add(Shape::convex_polygon(
            pts,
            core_color,
            Stroke::new(if hypothetical { 1.2 } else { 0.0 }, color),
        ));
    }

    // Uncertain (`?`): a dashed outline of the band.
    if q.uncertain {
        let r = Rect::from_x_y_ranges(x0..=x1, y - half..=y + half);
        let pts = [
            r.left_top(),
            r.right_top(),
            r.right_bottom(),
            r.left_bottom(),
            r.left_top(),
        ];
        painter.extend(Shape::dashed_line(&pts, Stroke::new(1.0, color), 4.0, 3.0));
    }
    // Unknown ends: a dotted tail and a question mark.
    let weak = visuals.weak_text_color();
    if t.earliest_start == Bound::Unknown {
        painter.extend(Shape::dashed_line(
            &[Pos2::new(x0 - 16.0, y), Pos2::new(x0, y)],
            Stroke::new(1.5, color),
            2.0,
            2.0,
        ));
        painter.text(
            Pos2::new(x0 - 18.0, y),
            Align2::RIGHT_CENTER,
            "?",
            FontId::proportional(11.0),
            weak,
        );
    }
    if t.latest_end == Bound::Unknown {
        painter.extend(Shape::dashed_line(
            &[Pos2::new(x1, y), Pos2::new(x1 + 16.0, y)],
            Stroke::new(1.5, color),
            2.0,
            2.0,
        ));
        painter.text(
            Pos2::new(x1 + 18.0, y),
            Align2::LEFT_CENTER,
            "?",
            FontId::proportional(11.0),
            weak,
        );
    }

    // Highlights.
    let outline = Rect::from_x_y_ranges(x0 - 2.0..=x1 + 2.0, y - half - 2.0..=y + half + 2.0);
    if state.selected {
        painter.rect_stroke(
            outline,
            3.0,
            Stroke::new(2.0, visuals.selection.stroke.color),
            StrokeKind::Outside,
        );
    } else if state.hovered {
        painter.rect_stroke(
            outline,
            3.0,
            Stroke::new(1.0, visuals.text_color()),
            StrokeKind::Outside,
        );
    } else if state.under_cursor {
        painter.rect_stroke(
            outline,
            3.0,
            Stroke::new(1.0, cursor_color(visuals)),
            StrokeKind::Outside,
        );
    }

    // The label, where it fits.
    let text_color = if state.selected || state.under_cursor {
        visuals.strong_text_color()
    } else {
        visuals.text_color()
    };
    let open_tail = if t.latest_end == Bound::Unknown {
        26.0
    } else {
        0.0
    };
    let lx = x1 + GAP + open_tail;
    if placed.label {
        let label_x = lx
            .max(painter.clip_rect().left() + 2.0)
            .min(x1 + GAP + open_tail);
        let mut title = event.title.clone();
        if q.uncertain {
            title.push_str(" ?");
        }
        let galley = painter.layout_no_wrap(
            title,
            label_font(),
            if hypothetical {
                text_color.gamma_multiply(0.8)
            } else {
                text_color
            },
        );
        let pos = Pos2::new(label_x, y - galley.size().y / 2.0);
        let width = galley.size().x;
        painter.galley(pos, galley, text_color);
        if event.status == Status::Denied {
            painter.hline(label_x..=label_x + width, y, Stroke::new(1.2, text_color));
        }
    }
    // Denied: struck through.
    if event.status == Status::Denied {
        painter.hline(
            x0 - 3.0..=x1 + 3.0,
            y,
            Stroke::new(2.0, visuals.text_color()),
        );
    }
}

/// A lane too dense to draw event by event: a histogram of how many events meet each column,
/// heights on a square-root scale so that both quiet and busy stretches read, one mesh per lane.
fn paint_dense(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    lane: &super::layout::LaneLayout,
    dense: &super::layout::Dense,
    color: Color32,
) {
    // The note takes the top line; the bars the rest, so that it never hides their tops.
    let note_top = lane.y0 + 3.0;
    let top = lane.y0 + 18.0;
    let bottom = lane.y0 + lane.height - 5.0;
    let full = bottom - top;
    let max = dense.max.max(1) as f32;
    let mut mesh = egui::Mesh::default();
    let left = geo.lanes.left();
    // Neighbouring columns of equal height become one quad.
    let mut run: Option<(usize, u32)> = None;
    let flush = |mesh: &mut egui::Mesh, from: usize, to: usize, n: u32| {
        if n == 0 {
            return;
        }
        let share = (n as f32 / max).sqrt();
        let h = (full * share).max(2.0);
        let rect = Rect::from_min_max(
            Pos2::new(left + from as f32 * dense.column_width, bottom - h),
            Pos2::new(left + to as f32 * dense.column_width, bottom),
        );
        mesh.add_colored_rect(rect, color.gamma_multiply(0.35 + 0.65 * share));
    };
    for (i, &n) in dense.columns.iter().enumerate() {
        match run {
            Some((_, m)) if m == n => {}
            Some((from, m)) => {
                flush(&mut mesh, from, i, m);
                run = Some((i, n));
            }
            None => run = Some((i, n)),
        }
    }
    if let Some((from, m)) = run {
        flush(&mut mesh, from, dense.columns.len(), m);
    }
    painter.hline(
        geo.lanes.x_range(),
        bottom + 0.5,
        Stroke::new(1.0, color.gamma_multiply(0.5)),
    );
    painter.add(egui::Shape::mesh(mesh));
    // Say what this is, at the lane's right end.
    let note = format!(
        "{} events in view · peak {} per {} · zoom in to see each",
        thousands(dense.total),
        thousands(dense.max as usize),
        column_span(geo, dense.column_width)
    );
    let galley = painter.layout_no_wrap(note, FontId::proportional(11.0), visuals.text_color());
    let pos = Pos2::new(geo.lanes.right() - galley.size().x - 8.0, note_top);
    painter.rect_filled(
        Rect::from_min_size(pos, galley.size()).expand(2.0),
        3.0,
        visuals.extreme_bg_color.gamma_multiply(0.85),
    );
    painter.galley(pos, galley, visuals.text_color());
}

/// 1234567 → "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How much time one density column covers, in words: "2 h", "3 days", "5 weeks".
pub fn column_span(geo: &Geometry, width: f32) -> String {
    let secs = geo.seconds_per_point() * f64::from(width);
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

/// A lane's events as a density strip over `[t0, t1]`, from the precomputed overview bins.
fn density_strip(
    painter: &Painter,
    idx: &Indexed,
    lane: usize,
    t0: f64,
    t1: f64,
    rect: Rect,
    color: Color32,
) {
    if let Some(bins) = idx.overview.get(lane) {
        bins_strip(painter, idx, bins, t0, t1, rect, color);
    }
}

/// Overview bins over `[t0, t1]` as one mesh: opacity by the square root of the count, equal
/// neighbours merged.
fn bins_strip(
    painter: &Painter,
    idx: &Indexed,
    bins: &[u32],
    t0: f64,
    t1: f64,
    rect: Rect,
    color: Color32,
) {
    let Some((a, b)) = idx.overview_range else {
        return;
    };
    let n = bins.len().max(1) as f64;
    let max = bins.iter().copied().max().unwrap_or(0).max(1) as f32;
    let x = |t: f64| rect.left() + ((t - t0) / (t1 - t0)) as f32 * rect.width();
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
        let (xa, xb) = (x(ba).max(rect.left() - 1.0), x(bb).min(rect.right() + 1.0));
        let alpha = 0.25 + 0.75 * (c as f32 / max).sqrt();
        mesh.add_colored_rect(
            Rect::from_x_y_ranges(xa..=xb.max(xa + 1.0), rect.y_range()),
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

/// The overview strip: every lane's density over the whole data set, and the visible window.
fn overview(
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
    let Some((a, b)) = idx.overview_range else {
        return;
    };
    let inner = r.shrink2(Vec2::new(4.0, 6.0));
    let n = idx.lanes.len().max(1) as f32;
    let h = (inner.height() / n).min(8.0);
    let top = inner.center().y - h * n / 2.0;
    let p = painter.with_clip_rect(r);
    if h >= 3.0 {
        for lane in 0..idx.lanes.len() {
            let strip = Rect::from_x_y_ranges(
                inner.x_range(),
                top + h * lane as f32..=top + h * (lane as f32 + 1.0) - 1.0,
            );
            density_strip(&p, idx, lane, a, b, strip, lane_color(idx, lane));
        }
    } else {
        // Too many lanes for a strip each: all of them together.
        bins_strip(
            &p,
            idx,
            &idx.overview_total,
            a,
            b,
            inner,
            visuals.text_color().gamma_multiply(0.6),
        );
    }
    let x = |t: f64| inner.left() + ((t - a) / (b - a)) as f32 * inner.width();
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
        label(a),
        FontId::proportional(9.5),
        weak,
    );
    p.text(
        Pos2::new(r.right() - 4.0, r.bottom() - 1.0),
        Align2::RIGHT_BOTTOM,
        label(b),
        FontId::proportional(9.5),
        weak,
    );
}

/// The legend strip, explaining every encoding on screen; painted so that exports carry it too.
pub fn legend(painter: &Painter, visuals: &Visuals, geo: &Geometry) {
    legend_with_room(painter, visuals, geo, 0.0);
}

/// The legend, leaving `room_right` points free at the right of its first row (for controls the
/// window lays over it).
pub fn legend_with_room(painter: &Painter, visuals: &Visuals, geo: &Geometry, room_right: f32) {
    legend_of(painter, visuals, geo, room_right, &|_| true);
}

/// The legend with only the entries `keep` accepts, by kind (`"core"`, `"band"`, …, `"cursor"`):
/// an export lists only what its picture uses.
pub fn legend_of(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    room_right: f32,
    keep: &dyn Fn(&str) -> bool,
) {
    let r = geo.legend;
    if r.height() < 10.0 {
        return;
    }
    let rows: [(&str, &str); 10] = [
        ("core", "surely happening"),
        ("band", "may span"),
        ("point", "an instant, known only within its band"),
        ("approx", "~ approximate"),
        ("uncertain", "? uncertain"),
        ("open", "open end (..)"),
        ("unknown", "unknown end"),
        ("likely", "may never happen: filled by likelihood"),
        ("denied", "denied"),
        ("cursor", "time cursor, selection"),
    ];
    let p = painter.with_clip_rect(r);
    p.rect_filled(r, 0.0, visuals.panel_fill);
    p.hline(
        r.x_range(),
        r.top(),
        visuals.widgets.noninteractive.bg_stroke,
    );
    let font = FontId::proportional(11.5);
    let c = visuals.text_color();
    let swatch_c = visuals.text_color().gamma_multiply(0.85);
    let (mut x, mut y) = (r.left() + 8.0, r.top() + 13.0);
    p.text(
        Pos2::new(x, y),
        Align2::LEFT_CENTER,
        "Legend",
        FontId::proportional(11.5),
        visuals.strong_text_color(),
    );
    x += 54.0;
    for (kind, words) in rows.into_iter().filter(|(k, _)| keep(k)) {
        let galley = p.layout_no_wrap(words.to_string(), font.clone(), c);
        let item_w = 40.0 + 6.0 + galley.size().x + 18.0;
        let right = if y < r.top() + 20.0 {
            r.right() - room_right
        } else {
            r.right()
        };
        if x + item_w > right && x > r.left() + 70.0 {
            x = r.left() + 62.0;
            y += 20.0;
        }
        let s = Rect::from_min_size(Pos2::new(x, y - 5.0), Vec2::new(40.0, 10.0));
        legend_swatch(&p, visuals, kind, s, swatch_c);
        p.galley(
            Pos2::new(s.right() + 6.0, y - galley.size().y / 2.0),
            galley,
            c,
        );
        x += item_w;
    }
}

fn legend_swatch(painter: &Painter, visuals: &Visuals, kind: &str, s: Rect, swatch_c: Color32) {
    let c = visuals.text_color();
    let band = swatch_c.gamma_multiply(BAND_ALPHA);
    match kind {
        "core" => {
            painter.rect_filled(s, 2.0, band);
            painter.rect_filled(
                s.shrink2(Vec2::new(10.0, 2.0)),
                2.0,
                swatch_c.gamma_multiply(0.92),
            );
        }
        "band" => {
            painter.rect_filled(s, 2.0, band);
        }
        "point" => {
            painter.rect_filled(s, 2.0, band);
            let cx = s.center();
            let pts = vec![
                cx + Vec2::new(0.0, -5.0),
                cx + Vec2::new(5.0, 0.0),
                cx + Vec2::new(0.0, 5.0),
                cx + Vec2::new(-5.0, 0.0),
            ];
            painter.add(Shape::convex_polygon(pts, swatch_c, Stroke::NONE));
        }
        "approx" => {
            gradient(
                painter,
                Rect::from_x_y_ranges(s.left()..=s.left() + 12.0, s.y_range()),
                Color32::TRANSPARENT,
                band,
            );
            painter.rect_filled(
                Rect::from_x_y_ranges(s.left() + 12.0..=s.right() - 12.0, s.y_range()),
                0.0,
                band,
            );
            gradient(
                painter,
                Rect::from_x_y_ranges(s.right() - 12.0..=s.right(), s.y_range()),
                band,
                Color32::TRANSPARENT,
            );
        }
        "uncertain" => {
            painter.rect_filled(s, 2.0, band);
            let pts = [
                s.left_top(),
                s.right_top(),
                s.right_bottom(),
                s.left_bottom(),
                s.left_top(),
            ];
            painter.extend(Shape::dashed_line(
                &pts,
                Stroke::new(1.0, swatch_c),
                4.0,
                3.0,
            ));
        }
        "open" => {
            painter.rect_filled(
                Rect::from_x_y_ranges(s.left()..=s.center().x, s.y_range()),
                0.0,
                band,
            );
            gradient(
                painter,
                Rect::from_x_y_ranges(s.center().x..=s.right(), s.y_range()),
                band,
                Color32::TRANSPARENT,
            );
        }
        "unknown" => {
            painter.rect_filled(
                Rect::from_x_y_ranges(s.left()..=s.left() + 20.0, s.y_range()),
                2.0,
                band,
            );
            painter.extend(Shape::dashed_line(
                &[
                    Pos2::new(s.left() + 20.0, s.center().y),
                    Pos2::new(s.right() - 8.0, s.center().y),
                ],
                Stroke::new(1.5, swatch_c),
                2.0,
                2.0,
            ));
            painter.text(
                Pos2::new(s.right(), s.center().y),
                Align2::RIGHT_CENTER,
                "?",
                FontId::proportional(10.0),
                c,
            );
        }
        "likely" => {
            for k in 0..4 {
                let a = 0.15 + 0.75 * (k as f32 + 0.5) / 4.0;
                let q = Rect::from_min_size(
                    Pos2::new(s.left() + k as f32 * 10.0, s.top()),
                    Vec2::new(9.0, 10.0),
                );
                painter.rect_filled(q, 1.0, swatch_c.gamma_multiply(a));
                painter.rect_stroke(q, 1.0, Stroke::new(1.0, swatch_c), StrokeKind::Inside);
            }
        }
        "denied" => {
            painter.rect_filled(s, 2.0, swatch_c.gamma_multiply(0.5));
            painter.hline(
                s.left() - 2.0..=s.right() + 2.0,
                s.center().y,
                Stroke::new(2.0, c),
            );
        }
        _ => {
            painter.vline(
                s.left() + 8.0,
                s.top() - 3.0..=s.bottom() + 3.0,
                Stroke::new(1.5, cursor_color(visuals)),
            );
            painter.rect_stroke(
                Rect::from_x_y_ranges(s.left() + 18.0..=s.right(), s.y_range()),
                2.0,
                Stroke::new(2.0, visuals.selection.stroke.color),
                StrokeKind::Outside,
            );
        }
    }
}

/// The hover card of an event: title, time as written and in words, status, likelihood, sources.
pub fn tooltip_ui(ui: &mut egui::Ui, idx: &Indexed, event_index: usize) {
    let Some(e) = idx.data.events.get(event_index) else {
        return;
    };
    ui.set_max_width(360.0);
    ui.strong(&e.title);
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
    ui.weak(format!(
        "{} sources, {} claims",
        sources.len(),
        e.claims.len()
    ));
}
