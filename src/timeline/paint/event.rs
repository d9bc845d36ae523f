//! One event by the four-point model: the faded band over all it may span, the core where it
//! surely is (or a diamond for an instant), qualifiers, highlights and the label; and lanes too
//! dense to draw event by event. The legend draws its samples with these same functions.

use super::cursor_color;
use crate::model::{Bound, Event, Status};
use crate::timeline::Geometry;
use crate::timeline::layout::{Dense, LaneLayout, Placed};
use egui::{
    Align2, Color32, FontId, Mesh, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Visuals,
};

/// Opacity of the faded band over all an event may span (SIMILE used 20%).
pub const BAND_ALPHA: f32 = 0.28;

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

/// How an event is being looked at.
#[derive(Clone, Copy, Default)]
pub struct EventState {
    pub selected: bool,
    pub hovered: bool,
    pub under_cursor: bool,
}

fn selected_or_cursor(state: EventState) -> bool {
    state.selected || state.under_cursor
}

/// Text that reads on `color` laid at opacity `alpha` over `background`: near-black on light,
/// white on dark (by relative luminance).
pub fn on_colour(background: Color32, color: Color32, alpha: f32) -> Color32 {
    let mix = |b: u8, c: u8| f32::from(b) * (1.0 - alpha) + f32::from(c) * alpha;
    let lin = |v: f32| {
        let v = v / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * lin(mix(background.r(), color.r()))
        + 0.7152 * lin(mix(background.g(), color.g()))
        + 0.0722 * lin(mix(background.b(), color.b()));
    if l > 0.18 {
        Color32::from_gray(20)
    } else {
        Color32::WHITE
    }
}

/// A horizontal gradient rectangle.
pub fn gradient(painter: &Painter, rect: Rect, left: Color32, right: Color32) {
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
    let style = &geo.style;
    let half = style.band_height / 2.0;
    let x = |b: Bound| b.instant().map(|v| geo.time.x_from_time(v as f64) as f32);
    let band_color = color.gamma_multiply(BAND_ALPHA);
    let (x0, x1) = (placed.x0, placed.x1);
    let q = t.qualifiers.overall;

    // The faded band over all it may span; approximate widening feathers the edges, open ends
    // fade out towards the edge of the view.
    let strict_lo = x(t.strict_earliest).unwrap_or(x0).clamp(x0, x1);
    let strict_hi = x(t.strict_latest).unwrap_or(x1).clamp(strict_lo, x1);
    let fade = 60.0f32.min((x1 - x0) / 2.0);
    let (mut solid_lo, mut solid_hi) = (strict_lo, strict_hi);
    if t.earliest_start == Bound::OPEN {
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
    if t.latest_end == Bound::OPEN {
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
                geo.time.x_from_time(a as f64) as f32,
                geo.time.x_from_time(b as f64) as f32,
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
        // An instant, however imprecisely known: a diamond in the middle of its whole band,
        // which stays put as the view pans (the middle of the part in view would move with
        // the view and point at times the band's middle is not); none where that middle is
        // out of view.
        let whole = |b: Option<crate::model::Instant>, or: f32| {
            b.map_or(or, |v| geo.time.x_from_time(v as f64) as f32)
        };
        let cx = (whole(t.earliest(), x0) + whole(t.latest(), x1)) / 2.0;
        let s = 6.0;
        if cx.is_finite() && cx >= x0 - s && cx <= x1 + s {
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
    if t.earliest_start == Bound::UNKNOWN {
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
            FontId::proportional(style.small_font),
            weak,
        );
    }
    if t.latest_end == Bound::UNKNOWN {
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
            FontId::proportional(style.small_font),
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

    // The label, as the layout settled it.
    if let Some(label) = &placed.label {
        let color = if label.inside {
            // Over the bar: dark or light, whichever reads on what is under the text.
            let over_core = core_rect.is_some_and(|r| r.x_range().contains(label.rect.center().x));
            let a = if over_core { alpha } else { BAND_ALPHA };
            on_colour(visuals.extreme_bg_color, color, a)
        } else if selected_or_cursor(state) {
            visuals.strong_text_color()
        } else if hypothetical {
            visuals.text_color().gamma_multiply(0.8)
        } else {
            visuals.text_color()
        };
        let galley = painter.layout_no_wrap(label.text.clone(), style.label_font_id(), color);
        let pos = Pos2::new(label.rect.left(), y - galley.size().y / 2.0);
        painter.galley(pos, galley, color);
        if event.status == Status::Denied {
            painter.hline(label.rect.x_range(), y, Stroke::new(1.2, color));
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
/// Counted by calendar bin, the events dated wholly within a bin are the solid bar and those
/// whose dates only include it (a week's event on each of its days) its faint top, as an
/// event's own bar is solid where it surely is and faint where it may be.
pub fn paint_dense(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    lane: &LaneLayout,
    dense: &Dense,
    color: Color32,
    data: &crate::model::Dataset,
) {
    let style = &geo.style;
    // The note takes the top line; the bars the rest, so that it never hides their tops.
    let note_top = lane.y0 + 3.0;
    let top = lane.y0 + 18.0;
    let bottom = lane.y0 + lane.height - 5.0;
    let full = bottom - top;
    let max = dense.max.max(1) as f32;
    let mut mesh = egui::Mesh::default();
    let left = geo.lanes.left();
    let bars = |mesh: &mut egui::Mesh, counts: &[u32], fill: &dyn Fn(f32) -> Color32| {
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
            mesh.add_colored_rect(rect, fill(share));
        };
        for (i, &n) in counts.iter().enumerate() {
            match run {
                Some((_, m)) if m == n => {}
                Some((from, m)) => {
                    flush(mesh, from, i, m);
                    run = Some((i, n));
                }
                None => run = Some((i, n)),
            }
        }
        if let Some((from, m)) = run {
            flush(mesh, from, counts.len(), m);
        }
    };
    let solid = |share: f32| color.gamma_multiply(0.35 + 0.65 * share);
    // Some events of a column dated only to a longer span that includes its bin.
    let loose = !dense.within.is_empty() && dense.within != dense.columns;
    if loose {
        bars(&mut mesh, &dense.columns, &|_| color.gamma_multiply(0.22));
        bars(&mut mesh, &dense.within, &solid);
    } else {
        bars(&mut mesh, &dense.columns, &solid);
    }
    painter.hline(
        geo.lanes.x_range(),
        bottom + 0.5,
        Stroke::new(1.0, color.gamma_multiply(0.5)),
    );
    painter.add(egui::Shape::mesh(mesh));
    // Say what this is, at the lane's right end.
    let per = match dense.bin {
        Some(bin) => format!("a {}", crate::timeline::density::bin_unit(bin)),
        None => format!("per {}", super::column_span(geo, dense.column_width)),
    };
    let (peak, faint) = if loose {
        (dense.max_within, " · faint: dated more loosely")
    } else {
        (dense.max, "")
    };
    // Where each event counts events, the bars add up what they count.
    let counting = dense.events.map_or_else(String::new, |n| {
        format!(
            " · {}",
            dense.counted(data, usize::try_from(n).unwrap_or(usize::MAX))
        )
    });
    // None dated within a bin (a week's counts, counted by day): no peak of them to give.
    let peak = match (loose, peak, dense.bin) {
        (true, 0, Some(bin)) => format!(
            "none dated within a {} (faint: dated more loosely)",
            crate::timeline::density::bin_unit(bin)
        ),
        _ => format!("peak {} {per}{faint}", dense.counted(data, peak as usize)),
    };
    let note = format!(
        "{} in view{counting} · {peak} · zoom in to see each",
        data.counted(dense.total, super::thousands),
    );
    let galley = painter.layout_no_wrap(
        note,
        FontId::proportional(style.small_font),
        visuals.text_color(),
    );
    let pos = Pos2::new(geo.lanes.right() - galley.size().x - 8.0, note_top);
    painter.rect_filled(
        Rect::from_min_size(pos, galley.size()).expand(2.0),
        3.0,
        visuals.extreme_bg_color.gamma_multiply(0.85),
    );
    painter.galley(pos, galley, visuals.text_color());
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use crate::model::time::Civil;
    use crate::timeline::{TimelineStyle, TimelineView};

    /// The x of the diamond `paint_event` draws for `event` in a view of `[t0, t1]`, if any.
    fn diamond_x(event: &Event, t0: f64, t1: f64) -> Option<f32> {
        let style = TimelineStyle::default();
        let view = TimelineView {
            t0,
            t1,
            ..TimelineView::default()
        };
        let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1200.0, 600.0));
        let geo = crate::timeline::Geometry::new(rect, &view, false, &style);
        let ctx = egui::Context::default();
        let mut shapes = Vec::new();
        let mut out = ctx.run_ui(Default::default(), |ui| {
            let painter = ui.painter().clone();
            let x = |t: Option<i64>| geo.time.x_from_time(t.unwrap() as f64) as f32;
            let (left, right) = (geo.lanes.left() - 40.0, geo.lanes.right() + 40.0);
            let placed = Placed {
                event: 0,
                x0: x(event.time.earliest()).max(left),
                x1: x(event.time.latest()).min(right),
                y: 100.0,
                label: None,
                hit: Rect::NOTHING,
            };
            paint_event(
                &painter,
                ui.visuals(),
                &geo,
                event,
                &placed,
                Color32::RED,
                EventState::default(),
            );
        });
        out.textures_delta.clear();
        for clipped in out.shapes {
            if let Shape::Path(p) = clipped.shape
                && p.closed
                && p.points.len() == 4
            {
                shapes.push((p.points[0].x + p.points[2].x) / 2.0);
            }
        }
        shapes.first().copied()
    }

    #[test]
    fn an_instants_diamond_stays_in_the_middle_of_its_whole_band_as_the_view_pans() {
        // Some day in September 2023.
        let l = crate::load::load_bytes(
            "e.json",
            br#"{"timeband": 1, "events": [{"id": "e", "title": "E", "time": "2023-09"}]}"#,
        )
        .unwrap();
        let e = &l.dataset.events[0];
        let day = |d: u32, m: u32| Civil::date(2023, m, d).to_instant() as f64;
        let middle = (e.time.earliest().unwrap() + e.time.latest().unwrap()) as f64 / 2.0;
        // The whole band in view, and a view of its second half and beyond: the diamond is at
        // the band's middle in both, wherever the view starts.
        for (t0, t1) in [(day(20, 8), day(10, 10)), (day(10, 9), day(30, 10))] {
            let view = TimelineView {
                t0,
                t1,
                ..TimelineView::default()
            };
            let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1200.0, 600.0));
            let geo = crate::timeline::Geometry::new(rect, &view, false, &TimelineStyle::default());
            let expected = geo.time.x_from_time(middle) as f32;
            let x = diamond_x(e, t0, t1).expect("a diamond");
            assert!((x - expected).abs() < 0.5, "{x} {expected}");
        }
        // A view of the band's last days only: its middle is out of view, so no diamond
        // (the middle of the part in view would claim a day the band's middle is not).
        assert_eq!(diamond_x(e, day(25, 9), day(15, 10)), None);
    }
}
