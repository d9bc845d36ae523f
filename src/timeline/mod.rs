//! The timeline widget: lanes of uncertainty bands under a calendar axis, a draggable time cursor
//! and an overview strip. `timeline_ui` interprets input and asks `paint` to draw; the same
//! painting serves the window and exports.

pub mod axis;
pub mod known;
pub mod layout;
pub mod marks;
pub mod paint;
pub mod zone;

use crate::index::Indexed;
use crate::model::time::DAY;
use egui::{Key, Pos2, Rect, Sense, Vec2};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Height of the date axis above the lanes.
pub const AXIS_HEIGHT: f32 = 30.0;
/// Width of the lane labels column.
pub const HEADER_WIDTH: f32 = 150.0;
/// Height of the overview strip under the lanes.
pub const OVERVIEW_HEIGHT: f32 = 44.0;
/// Height of the legend strip between the lanes and the overview.
pub const LEGEND_HEIGHT: f32 = 46.0;

/// What the analyst is looking at: visible range, cursor, selection and toggles. Persists.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct TimelineView {
    /// Visible range, seconds since 1970 UTC.
    pub t0: f64,
    pub t1: f64,
    /// The time cursor.
    pub cursor: f64,
    /// Index of the selected event in the data set.
    #[serde(skip)]
    pub selected: Option<usize>,
    /// Lane ids folded to a thin strip.
    pub collapsed: BTreeSet<String>,
    /// Lane ids not shown at all.
    pub hidden: BTreeSet<String>,
    pub show_legend: bool,
    /// Play speed for Space, in days per second.
    pub speed_days_per_sec: f64,
    #[serde(skip)]
    pub playing: bool,
    #[serde(skip)]
    pub scroll_y: f32,
    /// Faint events, search matches, provenance bands and the "as known on" line, decided by
    /// the app when they change (not per frame).
    #[serde(skip)]
    pub marks: std::sync::Arc<marks::Marks>,
    /// The clock the axis, cursor and detail pane show times in.
    pub zone: zone::Zone,
}

impl Default for TimelineView {
    fn default() -> Self {
        TimelineView {
            t0: 0.0,
            t1: 365.0 * DAY as f64,
            cursor: 0.0,
            selected: None,
            collapsed: BTreeSet::new(),
            hidden: BTreeSet::new(),
            show_legend: true,
            speed_days_per_sec: 2.0,
            playing: false,
            scroll_y: 0.0,
            marks: Default::default(),
            zone: zone::Zone::Utc,
        }
    }
}

/// The smallest visible span: one minute.
const MIN_SPAN: f64 = 60.0;
/// The largest visible span: about a billion years.
const MAX_SPAN: f64 = 3.2e16;

impl TimelineView {
    /// A view that shows where most events are, with the cursor at its start.
    pub fn initial(idx: &Indexed) -> TimelineView {
        let mut v = TimelineView::default();
        v.reset_for(idx);
        v
    }

    /// Fits the view to where most events are and puts the cursor at the first event.
    pub fn reset_for(&mut self, idx: &Indexed) {
        let (a, b) = idx
            .focus
            .or(idx.extent)
            .unwrap_or((0.0, 365.0 * DAY as f64));
        self.set_range(a, b, 0.08);
        self.cursor = idx
            .first_boundary()
            .map_or(self.t0, |b| b.0 as f64)
            .max(self.t0);
        self.selected = None;
        self.scroll_y = 0.0;
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

    pub fn zoom_to_selection(&mut self, idx: &Indexed) {
        if let Some(e) = self.selected.and_then(|i| idx.data.events.get(i)) {
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

    /// Selects the event and moves the cursor to the next (or previous) boundary.
    pub fn step_cursor(&mut self, idx: &Indexed, forward: bool) {
        let next = if forward {
            idx.next_boundary(self.cursor)
        } else {
            idx.prev_boundary(self.cursor)
        };
        if let Some((t, event)) = next {
            self.cursor = t as f64;
            self.selected = Some(event);
            self.keep_visible(self.cursor);
        }
    }
}

/// Where things are on screen, and the two conversions between time and x.
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    /// The whole widget.
    pub rect: Rect,
    pub axis: Rect,
    pub headers: Rect,
    pub lanes: Rect,
    /// The legend strip (empty when the legend is hidden).
    pub legend: Rect,
    pub overview: Rect,
    pub t0: f64,
    pub t1: f64,
}

impl Geometry {
    pub fn new(rect: Rect, view: &TimelineView, with_overview: bool) -> Geometry {
        let overview_h = if with_overview { OVERVIEW_HEIGHT } else { 0.0 };
        let legend_h = if view.show_legend { LEGEND_HEIGHT } else { 0.0 };
        let body_top = rect.top() + AXIS_HEIGHT;
        let body_bottom = (rect.bottom() - overview_h - legend_h).max(body_top);
        let legend_bottom = (body_bottom + legend_h).min(rect.bottom());
        let left = rect.left() + HEADER_WIDTH.min(rect.width() * 0.4);
        Geometry {
            rect,
            axis: Rect::from_min_max(
                Pos2::new(left, rect.top()),
                Pos2::new(rect.right(), body_top),
            ),
            headers: Rect::from_min_max(
                Pos2::new(rect.left(), body_top),
                Pos2::new(left, body_bottom),
            ),
            lanes: Rect::from_min_max(
                Pos2::new(left, body_top),
                Pos2::new(rect.right(), body_bottom),
            ),
            legend: Rect::from_min_max(
                Pos2::new(rect.left(), body_bottom),
                Pos2::new(rect.right(), legend_bottom),
            ),
            overview: Rect::from_min_max(Pos2::new(rect.left(), legend_bottom), rect.max),
            t0: view.t0,
            t1: view.t1,
        }
    }

    /// Screen x of a time.
    pub fn x_from_time(&self, t: f64) -> f64 {
        f64::from(self.lanes.left())
            + (t - self.t0) / (self.t1 - self.t0) * f64::from(self.lanes.width())
    }

    /// Time at a screen x.
    pub fn time_from_x(&self, x: f32) -> f64 {
        self.t0
            + f64::from(x - self.lanes.left()) / f64::from(self.lanes.width().max(1.0))
                * (self.t1 - self.t0)
    }

    pub fn seconds_per_point(&self) -> f64 {
        (self.t1 - self.t0) / f64::from(self.lanes.width().max(1.0))
    }
}

/// What happened in the timeline this frame, for the app to act on.
#[derive(Default)]
pub struct TimelineOutput {
    pub hovered: Option<usize>,
    /// Where the legend strip is (none when hidden), for controls laid over it.
    pub legend: Option<Rect>,
}

/// Shows the timeline in all the space given and handles its input.
pub fn timeline_ui(ui: &mut egui::Ui, idx: &Indexed, view: &mut TimelineView) -> TimelineOutput {
    let (rect, _) = ui.allocate_exact_size(ui.available_size(), Sense::hover());
    let id = ui.scope_id().with("timeline");
    let geo = Geometry::new(rect, view, true);

    // Background first, so that events and the cursor (added later) win the pointer.
    let lanes_resp = ui.interact(
        geo.lanes.union(geo.headers),
        id.with("lanes"),
        Sense::click_and_drag(),
    );
    let axis_resp = ui.interact(geo.axis, id.with("axis"), Sense::click_and_drag());
    let overview_resp = ui.interact(geo.overview, id.with("overview"), Sense::click_and_drag());
    input_ui(ui, idx, view, &geo, &lanes_resp, &axis_resp, &overview_resp);

    // Input may have moved the view: lay out with the new range.
    let geo = Geometry::new(rect, view, true);
    let layout = layout::layout(ui, idx, view, &geo);
    let max_scroll = (layout.content_height - geo.lanes.height()).max(0.0);
    view.scroll_y = view.scroll_y.clamp(0.0, max_scroll);

    // The cursor handle, above the lanes' background.
    let cursor_x = geo.x_from_time(view.cursor) as f32;
    let handle = Rect::from_x_y_ranges(cursor_x - 5.0..=cursor_x + 5.0, geo.lanes.y_range());
    let cursor_resp = ui.interact(handle, id.with("cursor"), Sense::drag());
    if cursor_resp.dragged()
        && let Some(p) = cursor_resp.interact_pointer_pos()
    {
        view.cursor = geo.time_from_x(p.x);
        view.playing = false;
    }
    if cursor_resp.hovered() || cursor_resp.dragged() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    cursor_resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Slider, true, "Time cursor"));

    // One widget per drawn event: clickable, hoverable, and visible to screen readers and tests.
    let mut out = TimelineOutput {
        legend: view.show_legend.then_some(geo.legend),
        ..TimelineOutput::default()
    };
    for placed in layout.placed() {
        let Some(event) = idx.data.events.get(placed.event) else {
            continue;
        };
        let r = placed.hit.intersect(geo.lanes);
        if !r.is_positive() {
            continue;
        }
        let resp = ui.interact(r, id.with(("event", placed.event)), Sense::click());
        let selected = view.selected == Some(placed.event);
        resp.widget_info(|| {
            let mut info = egui::WidgetInfo::labeled(egui::Role::Button, true, &event.title);
            info.selected = Some(selected);
            info
        });
        if resp.clicked() {
            view.selected = Some(placed.event);
        }
        if resp.double_clicked() {
            view.selected = Some(placed.event);
            view.zoom_to_selection(idx);
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
                format!("{label}: {} events in view", dense.total),
            )
        });
        let pointer = resp.hover_pos();
        if resp.clicked()
            && let Some(p) = pointer
        {
            view.zoom_around(geo.time_from_x(p.x), 4.0);
        }
        if let Some(p) = pointer
            && let Some((i, n)) = dense.column_at(geo.lanes.left(), p.x)
        {
            let x = geo.lanes.left() + i as f32 * dense.column_width;
            let (a, b) = (geo.time_from_x(x), geo.time_from_x(x + dense.column_width));
            resp.on_hover_ui_at_pointer(|ui| {
                ui.label(egui::RichText::new(label).strong());
                ui.label(format!(
                    "{} events between {} and {}",
                    paint::thousands(n as usize),
                    crate::model::time::format_human_datetime(a as i64, None),
                    crate::model::time::format_human_datetime(b as i64, None)
                ));
                ui.weak("Click or scroll with Ctrl to zoom in and see each event.");
            });
        }
    }
    if lanes_resp.clicked() && out.hovered.is_none() {
        view.selected = None;
    }
    // Collapse toggles in the lane headers.
    for lane in &layout.lanes {
        let r = Rect::from_min_size(
            Pos2::new(geo.headers.left(), lane.y0),
            Vec2::new(geo.headers.width(), 20.0),
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
        if resp.clicked() && !view.collapsed.remove(&l.id) {
            view.collapsed.insert(l.id.clone());
        }
        resp.on_hover_text(if view.collapsed.contains(&l.id) {
            "Click to expand this lane"
        } else {
            "Click to collapse this lane"
        });
    }

    let painter = ui.painter_at(rect);
    let options = paint::PaintOptions {
        hovered: out.hovered,
        overview: true,
        cursor: true,
    };
    paint::paint(&painter, ui.visuals(), idx, view, &geo, &layout, options);
    if view.show_legend {
        // Room at the right of the first row for the provenance toggle the app lays over it.
        paint::legend_with_room(&painter, ui.visuals(), &geo, LEGEND_CONTROLS_WIDTH);
    }
    out
}

/// Width kept free at the right of the legend's first row for controls (the provenance toggle).
pub const LEGEND_CONTROLS_WIDTH: f32 = 190.0;

/// Pan, zoom, scrub and keys.
fn input_ui(
    ui: &mut egui::Ui,
    idx: &Indexed,
    view: &mut TimelineView,
    geo: &Geometry,
    lanes: &egui::Response,
    axis: &egui::Response,
    overview: &egui::Response,
) {
    // Drag on the lanes pans; double-click fits all.
    if lanes.dragged() {
        let d = lanes.drag_delta();
        view.pan_seconds(-f64::from(d.x) * geo.seconds_per_point());
        view.scroll_y -= d.y;
    }
    if lanes.double_clicked() {
        view.fit_all(idx);
    }
    // Drag or click on the axis scrubs the cursor.
    if (axis.dragged() || axis.clicked())
        && let Some(p) = axis.interact_pointer_pos()
    {
        view.cursor = geo.time_from_x(p.x);
        view.playing = false;
    }
    if axis.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    overview_input(idx, view, geo, overview);

    let hovered = lanes.hovered() || axis.hovered();
    if hovered {
        let (zoom, scroll, pointer) = ui.input(|i| {
            (
                i.zoom_delta(),
                i.smooth_scroll_delta(),
                i.pointer.hover_pos(),
            )
        });
        let at = pointer.map_or((view.t0 + view.t1) / 2.0, |p| geo.time_from_x(p.x));
        if zoom != 1.0 {
            view.zoom_around(at, f64::from(zoom));
        }
        if scroll != Vec2::ZERO {
            // Horizontal scroll pans time; vertical scroll moves through lanes when they overflow,
            // otherwise pans time too.
            view.pan_seconds(-f64::from(scroll.x) * geo.seconds_per_point());
            let before = view.scroll_y;
            view.scroll_y -= scroll.y;
            if before == view.scroll_y.clamp(0.0, f32::MAX)
                && scroll.x == 0.0
                && before == 0.0
                && scroll.y > 0.0
            {
                view.pan_seconds(-f64::from(scroll.y) * geo.seconds_per_point());
            }
        }
    }

    // Keys, unless a text field has the keyboard.
    if ui.ctx().egui_wants_keyboard_input() {
        return;
    }
    let pointer_time = ui
        .input(|i| i.pointer.hover_pos())
        .filter(|p| geo.lanes.contains(*p))
        .map(|p| geo.time_from_x(p.x));
    let centre = pointer_time.unwrap_or((view.t0 + view.t1) / 2.0);
    ui.input_mut(|i| {
        if i.consume_key(egui::Modifiers::NONE, Key::F) {
            view.fit_all(idx);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Z) {
            view.zoom_to_selection(idx);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Plus)
            || i.consume_key(egui::Modifiers::NONE, Key::Equals)
        {
            view.zoom_around(centre, 1.5);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Minus) {
            view.zoom_around(centre, 1.0 / 1.5);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::ArrowRight) {
            view.step_cursor(idx, true);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::ArrowLeft) {
            view.step_cursor(idx, false);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Home)
            && let Some((t, e)) = idx.first_boundary()
        {
            view.cursor = t as f64;
            view.selected = Some(e);
            view.keep_visible(view.cursor);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::End)
            && let Some((t, e)) = idx.last_boundary()
        {
            view.cursor = t as f64;
            view.selected = Some(e);
            view.keep_visible(view.cursor);
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Space) {
            view.playing = !view.playing;
        }
    });

    // Playing: the cursor moves forward and stops at the end.
    if view.playing {
        let dt = f64::from(ui.input(|i| i.stable_dt).min(0.1));
        let end = idx.extent.map_or(view.t1, |e| e.1);
        view.cursor += dt * view.speed_days_per_sec * DAY as f64;
        if view.cursor >= end {
            view.cursor = end;
            view.playing = false;
        }
        view.keep_visible(view.cursor);
        ui.ctx().request_repaint();
    }
}

/// The overview strip: drag the window to move, drag its edges to zoom, click elsewhere to jump.
fn overview_input(idx: &Indexed, view: &mut TimelineView, geo: &Geometry, resp: &egui::Response) {
    let Some((e0, e1)) = idx.overview_range else {
        return;
    };
    let w = f64::from(geo.overview.width().max(1.0));
    let x_of = |t: f64| f64::from(geo.overview.left()) + (t - e0) / (e1 - e0) * w;
    let t_of = |x: f32| e0 + f64::from(x - geo.overview.left()) / w * (e1 - e0);
    let Some(p) = resp.interact_pointer_pos() else {
        return;
    };
    let (wx0, wx1) = (x_of(view.t0) as f32, x_of(view.t1) as f32);
    #[derive(Clone, Copy, PartialEq)]
    enum Grab {
        Left,
        Right,
        Move,
    }
    let grab_id = resp.id.with("grab");
    if resp.drag_started() || resp.clicked() {
        let grab = if (p.x - wx0).abs() < 6.0 {
            Grab::Left
        } else if (p.x - wx1).abs() < 6.0 {
            Grab::Right
        } else {
            if !(wx0..=wx1).contains(&p.x) {
                // Jump: centre the window on the click.
                let span = view.t1 - view.t0;
                let c = t_of(p.x);
                view.t0 = c - span / 2.0;
                view.t1 = c + span / 2.0;
            }
            Grab::Move
        };
        resp.ctx.data_mut(|d| d.insert_temp(grab_id, grab as u8));
    }
    if resp.dragged() {
        let grab = resp
            .ctx
            .data(|d| d.get_temp::<u8>(grab_id))
            .unwrap_or(Grab::Move as u8);
        let dt = f64::from(resp.drag_delta().x) / w * (e1 - e0);
        match grab {
            g if g == Grab::Left as u8 => view.t0 = (view.t0 + dt).min(view.t1 - MIN_SPAN),
            g if g == Grab::Right as u8 => view.t1 = (view.t1 + dt).max(view.t0 + MIN_SPAN),
            _ => view.pan_seconds(dt),
        }
    }
}
