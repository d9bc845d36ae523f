//! The timeline widget: lanes of uncertainty bands under a calendar axis, a draggable time cursor
//! and an overview strip. [`timeline_ui`] interprets input (`input.rs`), lays out (`layout.rs`)
//! and paints (`paint/`); the same layout and painting serve the window and exports. It returns
//! a [`TimelineOutput`] with the axes and rects it used, so the caller places its own widgets.

pub mod axis;
pub mod density;
pub mod input;
pub mod known;
pub mod label;
pub mod layout;
pub mod marks;
pub mod paint;
pub mod style;
pub mod time_axis;
pub mod zone;

pub use marks::Marks;
pub use style::TimelineStyle;
pub use time_axis::TimeAxis;

use crate::index::Indexed;
use crate::model::time::DAY;
use egui::{Pos2, Rangef, Rect, Sense, Vec2};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What the analyst is looking at and expects back next time: visible range, cursor, folded
/// lanes, the legend, the play speed and the clock. Persists (serde).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineView {
    /// Visible range, seconds since 1970 UTC.
    pub t0: f64,
    pub t1: f64,
    /// The time cursor.
    pub cursor: f64,
    /// Lane ids folded to a thin strip.
    pub collapsed: BTreeSet<String>,
    pub show_legend: bool,
    /// Play speed for Space, in days per second.
    pub speed_days_per_sec: f64,
    /// The clock the axis, cursor and detail pane show times in.
    pub zone: zone::Zone,
}

impl Default for TimelineView {
    fn default() -> Self {
        TimelineView {
            t0: 0.0,
            t1: 365.0 * DAY as f64,
            cursor: 0.0,
            collapsed: BTreeSet::new(),
            show_legend: true,
            speed_days_per_sec: 2.0,
            zone: zone::Zone::Utc,
        }
    }
}

impl TimelineView {
    /// The axis's clock, seconds ahead of UTC: its ticks, the cursor's date (on the axis, in the
    /// detail pane and the status bar) and a dense lane's columns read times in it. A dense
    /// lane's calendar bins stay UTC's: see [`timeline_ui`]'s hover.
    pub fn clock(&self) -> i64 {
        self.zone.axis_offset((self.t0 + self.t1) / 2.0)
    }
}

/// What belongs to this session only: the selection, playing, the lanes' scroll position.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TimelineState {
    /// Index of the selected event in the data set shown.
    pub selected: Option<usize>,
    /// The cursor is playing forward.
    pub playing: bool,
    /// How far the lanes are scrolled down, in points.
    pub scroll_y: f32,
}

/// The smallest visible span: five seconds, so a log's events a second apart (Timesketch,
/// plaso: times are whole seconds) stand apart, with the axis ticking each second.
const MIN_SPAN: f64 = 5.0;
/// The largest visible span: about a billion years.
const MAX_SPAN: f64 = 3.2e16;

impl TimelineView {
    /// The first view of a data set (see [`Indexed::opening`]), with the cursor at its start.
    pub fn initial(idx: &Indexed) -> TimelineView {
        let mut v = TimelineView::default();
        v.reset_for(idx);
        v
    }

    /// Fits the view to the data set's opening range (every event of a small data set, else
    /// where most events are), with a margin so that no event touches the edge, and puts the
    /// cursor at the first event's edge in view.
    pub fn reset_for(&mut self, idx: &Indexed) {
        let (a, b) = idx
            .opening
            .or(idx.extent)
            .unwrap_or((0.0, 365.0 * DAY as f64));
        self.set_range(a, b, 0.08);
        self.speed_days_per_sec = play_speed(self.t1 - self.t0);
        // The first event's edge in view: at the view's left edge the cursor would name a
        // date no event has, and cover the axis's first label.
        let first = idx.first_boundary().map(|b| b.0 as f64);
        self.cursor = match first {
            Some(f) if f >= self.t0 => f,
            _ => idx
                .next_boundary(self.t0)
                .map(|b| b.0 as f64)
                .filter(|&t| t <= self.t1)
                .unwrap_or(self.t0),
        };
    }

    /// Shows `[a, b]` with a margin on each side (a fraction of the span).
    pub fn set_range(&mut self, a: f64, b: f64, margin: f64) {
        let (a, b) = if b > a {
            (a, b)
        } else {
            (a - DAY as f64, a + DAY as f64)
        };
        let span = (b - a).clamp(MIN_SPAN, MAX_SPAN);
        let mid = (a + b) / 2.0;
        let half = span * (0.5 + margin);
        self.t0 = mid - half;
        self.t1 = mid + half;
    }

    pub fn fit_all(&mut self, idx: &Indexed) {
        if let Some((a, b)) = idx.extent {
            self.set_range(a, b, 0.04);
        }
    }

    /// Zooms to an event of `idx` (the selection, usually), with room around it.
    pub fn zoom_to_event(&mut self, idx: &Indexed, event: Option<usize>) {
        if let Some(e) = event.and_then(|i| idx.data.events.get(i)) {
            let (a, b) = crate::index::span(&e.time);
            let (a, b) = (
                if a.is_finite() {
                    a
                } else {
                    b - 30.0 * DAY as f64
                },
                if b.is_finite() {
                    b
                } else {
                    a + 30.0 * DAY as f64
                },
            );
            self.set_range(a, b.max(a + DAY as f64), 0.3);
        }
    }

    /// Zooms by `factor` (> 1 zooms in) keeping time `at` under the same pixel.
    pub fn zoom_around(&mut self, at: f64, factor: f64) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let span = ((self.t1 - self.t0) / factor).clamp(MIN_SPAN, MAX_SPAN);
        let frac = ((at - self.t0) / (self.t1 - self.t0)).clamp(0.0, 1.0);
        self.t0 = at - frac * span;
        self.t1 = self.t0 + span;
    }

    pub fn pan_seconds(&mut self, dt: f64) {
        self.t0 += dt;
        self.t1 += dt;
    }

    /// Pans so that `t` is inside the view with room after it for labels (which run rightwards).
    pub fn keep_visible(&mut self, t: f64) {
        let span = self.t1 - self.t0;
        if t < self.t0 + span * 0.05 {
            self.pan_seconds(t - (self.t0 + span * 0.2));
        } else if t > self.t0 + span * 0.8 {
            self.pan_seconds(t - (self.t0 + span * 0.4));
        }
    }

    /// Moves the cursor to the next (or previous) event boundary and returns that boundary's
    /// event, to be selected.
    pub fn step_cursor(&mut self, idx: &Indexed, forward: bool) -> Option<usize> {
        let next = if forward {
            idx.next_boundary(self.cursor)
        } else {
            idx.prev_boundary(self.cursor)
        };
        let (t, event) = next?;
        self.cursor = t as f64;
        self.keep_visible(self.cursor);
        Some(event)
    }

    /// Moves the cursor to a boundary `(instant, event)` and returns its event.
    pub fn cursor_to(&mut self, boundary: Option<(crate::model::Instant, usize)>) -> Option<usize> {
        let (t, event) = boundary?;
        self.cursor = t as f64;
        self.keep_visible(self.cursor);
        Some(event)
    }
}

/// The x range of the lanes inside a timeline spanning `x`: right of the lane names column.
/// The publication strip lines up with the lanes through this.
pub fn lanes_x(x: Rangef, style: &TimelineStyle) -> Rangef {
    Rangef::new(x.min + style.header_width.min(x.span() * 0.4), x.max)
}

/// Where things are on screen, and the time axis of the lanes.
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    /// The whole widget.
    pub rect: Rect,
    /// The date axis above the lanes.
    pub date_axis: Rect,
    pub headers: Rect,
    pub lanes: Rect,
    /// The legend strip (empty when the legend is hidden).
    pub legend: Rect,
    pub overview: Rect,
    /// Time ↔ x over the lanes (and the date axis above them).
    pub time: TimeAxis,
    pub style: TimelineStyle,
}

impl Geometry {
    pub fn new(
        rect: Rect,
        view: &TimelineView,
        with_overview: bool,
        style: &TimelineStyle,
    ) -> Geometry {
        let overview_h = if with_overview {
            style.overview_height
        } else {
            0.0
        };
        let legend_h = if view.show_legend {
            // Two rows in a wide window, more in a narrow one (none cut off).
            let rows = crate::timeline::paint::legend::rows_needed(
                rect.width(),
                style.legend_controls_width,
                style.legend_font * 0.47,
            );
            style.legend_height.max(20.0 * rows as f32 + 6.0)
        } else {
            0.0
        };
        let body_top = rect.top() + style.axis_height;
        let body_bottom = (rect.bottom() - overview_h - legend_h).max(body_top);
        let legend_bottom = (body_bottom + legend_h).min(rect.bottom());
        let left = lanes_x(rect.x_range(), style).min;
        let lanes = Rect::from_min_max(
            Pos2::new(left, body_top),
            Pos2::new(rect.right(), body_bottom),
        );
        Geometry {
            rect,
            date_axis: Rect::from_min_max(
                Pos2::new(left, rect.top()),
                Pos2::new(rect.right(), body_top),
            ),
            headers: Rect::from_min_max(
                Pos2::new(rect.left(), body_top),
                Pos2::new(left, body_bottom),
            ),
            lanes,
            legend: Rect::from_min_max(
                Pos2::new(rect.left(), body_bottom),
                Pos2::new(rect.right(), legend_bottom),
            ),
            overview: Rect::from_min_max(Pos2::new(rect.left(), legend_bottom), rect.max),
            time: TimeAxis::new(lanes.x_range(), view.t0, view.t1),
            style: *style,
        }
    }

    /// Where the overview draws its lanes: inside its strip, clear of the edges.
    pub fn overview_inner(&self) -> Rect {
        self.overview.shrink2(Vec2::new(4.0, 6.0))
    }

    /// Time ↔ x over the overview strip, which spans the whole data set (`idx.overview_range`).
    pub fn overview_axis(&self, idx: &Indexed) -> Option<TimeAxis> {
        let (a, b) = idx.overview_range?;
        Some(TimeAxis::new(self.overview_inner().x_range(), a, b))
    }
}

/// What the timeline did and where, this frame: for the caller to act on and to place its own
/// widgets by.
#[derive(Clone, Debug)]
pub struct TimelineOutput {
    /// The event under the pointer.
    pub hovered: Option<usize>,
    /// The whole widget.
    pub rect: Rect,
    /// Time ↔ x over the lanes.
    pub axis: TimeAxis,
    /// Time ↔ x over the overview strip (none for an empty data set).
    pub overview_axis: Option<TimeAxis>,
    /// The legend strip, when shown.
    pub legend_rect: Option<Rect>,
    /// The room left free in the legend for the caller's controls
    /// ([`TimelineStyle::legend_controls_width`]), when there is some.
    pub legend_controls: Option<Rect>,
}

/// Shows the timeline in all the space given and handles its input. `marks` are what the lens
/// lays over events; `view` persists, `state` is this session's.
pub fn timeline_ui(
    ui: &mut egui::Ui,
    idx: &Indexed,
    marks: &Marks,
    view: &mut TimelineView,
    state: &mut TimelineState,
    style: &TimelineStyle,
) -> TimelineOutput {
    let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
    let id = ui.scope_id().with("timeline");
    let geo = Geometry::new(rect, view, true, style);

    // Background first, so that events and the cursor (added later) win the pointer.
    let responses = input::Responses {
        lanes: ui.interact(
            geo.lanes.union(geo.headers),
            id.with("lanes"),
            Sense::click_and_drag(),
        ),
        axis: ui.interact(geo.date_axis, id.with("axis"), Sense::click_and_drag()),
        overview: ui.interact(geo.overview, id.with("overview"), Sense::click_and_drag()),
    };
    responses.overview.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Slider, true, "Overview of the whole data set")
    });
    input::input_ui(ui, idx, view, state, &geo, &responses);

    // Input may have moved the view: lay out with the new range.
    let geo = Geometry::new(rect, view, true, style);
    let layout = layout::layout(ui, idx, view, marks, state.scroll_y, &geo);
    let max_scroll = (layout.content_height - geo.lanes.height()).max(0.0);
    state.scroll_y = state.scroll_y.clamp(0.0, max_scroll);

    // The cursor handle, above the lanes' background.
    let cursor_x = geo.time.x_from_time(view.cursor) as f32;
    let handle = Rect::from_x_y_ranges(cursor_x - 5.0..=cursor_x + 5.0, geo.lanes.y_range());
    let cursor_resp = ui.interact(handle, id.with("cursor"), Sense::drag());
    if cursor_resp.dragged()
        && let Some(p) = cursor_resp.interact_pointer_pos()
    {
        view.cursor = geo.time.time_from_x(p.x);
        state.playing = false;
    }
    if cursor_resp.hovered() || cursor_resp.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    cursor_resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Time cursor"));

    let mut out = TimelineOutput {
        hovered: None,
        rect,
        axis: geo.time,
        overview_axis: geo.overview_axis(idx),
        legend_rect: view.show_legend.then_some(geo.legend),
        legend_controls: None,
    };
    // One widget per drawn event: clickable, hoverable, and visible to screen readers and tests.
    for placed in layout.placed() {
        let Some(event) = idx.data.events.get(placed.event) else {
            continue;
        };
        let r = placed.hit.intersect(geo.lanes);
        if !r.is_positive() {
            continue;
        }
        let resp = ui.interact(r, id.with(("event", placed.event)), Sense::click());
        let selected = state.selected == Some(placed.event);
        resp.widget_info(|| {
            let mut info =
                egui::WidgetInfo::labeled(egui::Role::Button, true, idx.data.title(event));
            info.selected = Some(selected);
            info
        });
        if resp.clicked() {
            state.selected = Some(placed.event);
        }
        if resp.double_clicked() {
            state.selected = Some(placed.event);
            view.zoom_to_event(idx, state.selected);
        }
        if resp.hovered() {
            out.hovered = Some(placed.event);
        }
        resp.on_hover_ui(|ui| paint::tooltip_ui(ui, idx, placed.event));
    }
    // Dense lanes: the count under the pointer, and a click zooms in there.
    for lane in &layout.lanes {
        let Some(dense) = &lane.dense else { continue };
        let r = Rect::from_min_max(
            Pos2::new(geo.lanes.left(), lane.y0),
            Pos2::new(geo.lanes.right(), lane.y0 + lane.height),
        )
        .intersect(geo.lanes);
        if !r.is_positive() {
            continue;
        }
        let label = idx
            .data
            .lanes
            .get(lane.lane)
            .map_or("", |l| l.label.as_str());
        let resp = ui.interact(r, id.with(("dense", lane.lane)), Sense::click());
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!(
                    "{label}: {} in view",
                    idx.data.counted(dense.total, |n| n.to_string())
                ),
            )
        });
        let pointer = resp.hover_pos();
        if resp.clicked()
            && let Some(p) = pointer
        {
            view.zoom_around(geo.time.time_from_x(p.x), 4.0);
        }
        if let Some(p) = pointer
            && let Some((i, n)) = dense.column_at(geo.lanes.left(), p.x)
        {
            let x = geo.lanes.left() + i as f32 * dense.column_width;
            let (a, b) = (
                geo.time.time_from_x(x),
                geo.time.time_from_x(x + dense.column_width),
            );
            resp.on_hover_ui_at_pointer(|ui| {
                ui.label(egui::RichText::new(label).strong());
                match dense.bin {
                    Some(bin) => {
                        let (start, _) = density::bin_around((a + b) / 2.0, bin);
                        let unit = density::bin_unit(bin);
                        let name = density::bin_name_in(start, bin, view.clock());
                        let within = dense.within.get(i).copied().unwrap_or(n).min(n);
                        ui.label(format!(
                            "{} dated within {name}",
                            dense.counted(&idx.data, within as usize),
                        ));
                        if within < n {
                            ui.label(format!(
                                "{} more dated to a longer span that includes it (faint)",
                                paint::thousands((n - within) as usize)
                            ));
                        }
                        ui.weak(format!(
                            "Most events here are dated no finer than the {unit}: counted by {unit}, not by the width of a column."
                        ));
                        // Days as the data gives them: a date without an offset is a UTC day,
                        // and drawn there; counted by the days of a clock three hours ahead,
                        // each such event would lie across two and be counted twice.
                        if view.clock() != 0 && !matches!(bin, axis::Step::Seconds(_)) {
                            ui.weak(format!(
                                "The {unit}s are UTC's, as the data dates its events (and draws them), not the axis's local {unit}s."
                            ));
                        }
                    }
                    None => {
                        // In the axis's clock, as its ticks.
                        let offset = i32::try_from(view.clock() / 60).ok().filter(|&m| m != 0);
                        ui.label(format!(
                            "{} between {} and {}",
                            dense.counted(&idx.data, n as usize),
                            crate::model::time::format_human_datetime(a as i64, offset),
                            crate::model::time::format_human_datetime(b as i64, offset)
                        ));
                    }
                }
                ui.weak("Click or scroll with Ctrl to zoom in and see each event.");
            });
        }
    }
    // Counts of events past a lane's row limit: what they stand for, and a click zooms in.
    for lane in &layout.lanes {
        for (n, hidden) in lane.hidden.iter().enumerate() {
            let r = hidden.rect.intersect(geo.lanes);
            if !r.is_positive() {
                continue;
            }
            let resp = ui.interact(r, id.with(("hidden", lane.lane, n)), Sense::click());
            let text = format!("+{} more events", hidden.count);
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &text));
            if resp.clicked() {
                view.zoom_around(hidden.t, 4.0);
            }
            resp.on_hover_text(format!(
                "{} more events here than the lane has rows for: click or scroll with Ctrl to zoom in",
                hidden.count
            ));
        }
    }
    if responses.lanes.clicked() && out.hovered.is_none() {
        state.selected = None;
    }
    // Collapse toggles in the lane headers.
    for lane in &layout.lanes {
        let r = Rect::from_min_size(
            Pos2::new(geo.headers.left(), lane.y0),
            Vec2::new(geo.headers.width(), lane.height),
        )
        .intersect(geo.headers);
        if !r.is_positive() {
            continue;
        }
        let Some(l) = idx.data.lanes.get(lane.lane) else {
            continue;
        };
        let resp = ui.interact(r, id.with(("lane", lane.lane)), Sense::click());
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Lane {}", l.label))
        });
        if resp.clicked() && !view.collapsed.remove(l.id.as_str()) {
            view.collapsed.insert(l.id.to_string());
        }
        let count = idx.lanes.get(lane.lane).map_or(0, |x| x.len());
        resp.on_hover_text(format!(
            "{}\n{}\n{}",
            l.label,
            idx.data.counted(count, paint::thousands),
            if view.collapsed.contains(l.id.as_str()) {
                "Click to expand this lane"
            } else {
                "Click to collapse this lane"
            }
        ));
    }

    // Lanes below (or above) the view: a scroll bar at the lanes' right edge says so, and
    // drags them (the wheel scrolls them too).
    let scroll_thumb = (max_scroll > 0.0).then(|| {
        let (top, height) = (geo.lanes.top(), geo.lanes.height());
        let content = layout.content_height.max(height);
        let thumb_h = (height * height / content).max(24.0).min(height);
        let travel = (height - thumb_h).max(0.0);
        let y = top + travel * (state.scroll_y / max_scroll).clamp(0.0, 1.0);
        let thumb = Rect::from_x_y_ranges(
            geo.lanes.right() - 7.0..=geo.lanes.right() - 1.0,
            y..=y + thumb_h,
        );
        let resp = ui.interact(
            thumb.expand2(egui::vec2(3.0, 0.0)),
            id.with("lanes scroll"),
            Sense::drag(),
        );
        if resp.dragged() && travel > 0.0 {
            state.scroll_y =
                (state.scroll_y + resp.drag_delta().y * max_scroll / travel).clamp(0.0, max_scroll);
        }
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::ScrollBar, true, "Scroll the lanes")
        });
        (thumb, resp.hovered() || resp.dragged())
    });

    let painter = ui.painter_at(rect);
    let options = paint::PaintOptions {
        hovered: out.hovered,
        selected: state.selected,
        overview: true,
        cursor: true,
        interactive: true,
    };
    paint::paint(
        &painter,
        ui.visuals(),
        idx,
        view,
        marks,
        &geo,
        &layout,
        options,
    );
    if let Some((thumb, active)) = scroll_thumb {
        let color = if active {
            ui.visuals().widgets.active.bg_fill
        } else {
            ui.visuals().widgets.inactive.bg_fill
        };
        painter.rect_filled(thumb, 3.0, color);
    }
    if view.show_legend {
        out.legend_controls =
            paint::legend::paint_legend(&painter, ui.visuals(), &geo, style.legend_controls_width);
    }
    out
}

/// Slowest and fastest play speeds, in days a second: a tenth of a second a second, ten years.
pub const PLAY_SPEEDS: std::ops::RangeInclusive<f64> = 1.0 / 864_000.0..=3650.0;

/// The play speed that crosses a view `span` seconds wide in about half a minute, rounded to 1,
/// 2 or 5 of its unit: the sample's two months play at 2 days a second, a log of seconds at a
/// tenth of a second a second, not at two days (which ended it at once).
pub fn play_speed(span: f64) -> f64 {
    // Seconds a second, rounded in the unit it is said in.
    let s = span / 30.0;
    if !(s.is_finite() && s > 0.0) {
        return 2.0;
    }
    let unit = [DAY as f64, 3600.0, 60.0, 1.0]
        .into_iter()
        .find(|&u| s >= u)
        .unwrap_or(1.0);
    let n = s / unit;
    let decade = 10f64.powf(n.log10().floor());
    let nice = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * decade)
        .min_by(|x, y| (x / n).ln().abs().total_cmp(&(y / n).ln().abs()))
        .unwrap_or(n);
    (nice * unit / DAY as f64).clamp(*PLAY_SPEEDS.start(), *PLAY_SPEEDS.end())
}

/// A play speed as the status bar says it, in the unit that suits it: "2 days/s", "6 h/s",
/// "30 min/s", "1 s/s".
pub fn speed_text(days_per_sec: f64) -> String {
    let s = days_per_sec * DAY as f64;
    let (n, unit) = if s >= DAY as f64 {
        (days_per_sec, "days")
    } else if s >= 3600.0 {
        (s / 3600.0, "h")
    } else if s >= 60.0 {
        (s / 60.0, "min")
    } else {
        (s, "s")
    };
    let n = if n >= 10.0 {
        format!("{n:.0}")
    } else {
        let t = format!("{n:.2}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{n} {unit}/s")
}

/// The play speed `text` names ("30 min/s", "2 days/s", or a bare number of days a second).
pub fn parse_speed(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches("/s").trim();
    let (n, unit) = match t.split_once(char::is_whitespace) {
        Some((n, u)) => (n, u.trim()),
        None => (t, "days"),
    };
    let n: f64 = n.parse().ok()?;
    let seconds = match unit {
        "s" | "sec" | "second" | "seconds" => 1.0,
        "min" | "minute" | "minutes" => 60.0,
        "h" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => DAY as f64,
        _ => return None,
    };
    Some(n * seconds / DAY as f64)
}

#[cfg(test)]
mod speed_tests {
    use super::*;

    #[test]
    fn play_speeds_suit_the_view_and_read_in_their_unit() {
        let day = DAY as f64;
        // The sample's opening, about two months: two days a second.
        assert_eq!(play_speed(60.0 * day), 2.0);
        // A log of a few seconds: a tenth of a second a second, at the slowest.
        assert_eq!(speed_text(play_speed(4.0)), "0.1 s/s");
        assert_eq!(speed_text(play_speed(1.0)), "0.1 s/s");
        // Three hours: five minutes a second.
        assert_eq!(speed_text(play_speed(3.0 * 3600.0)), "5 min/s");
        assert_eq!(play_speed(f64::NAN), 2.0);
        assert_eq!(speed_text(2.0), "2 days/s");
        assert_eq!(speed_text(0.25), "6 h/s");
        assert_eq!(speed_text(30.0 * 60.0 / day), "30 min/s");
        assert_eq!(speed_text(*PLAY_SPEEDS.start()), "0.1 s/s");
        for v in [2.0, 0.25, 30.0 * 60.0 / day, 1.0 / day] {
            let back = parse_speed(&speed_text(v)).unwrap();
            assert!((back - v).abs() < v * 1e-9, "{v} → {back}");
        }
        assert_eq!(parse_speed("3"), Some(3.0));
        assert_eq!(parse_speed("fast"), None);
    }
}
