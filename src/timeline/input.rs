//! The timeline's input: pan, zoom, scrub, the overview's window, and keys. The keys are one
//! list, [`KEYS`], which the input code runs through and the help table is made from, so the help
//! can only list keys that work.

use super::{Geometry, MIN_SPAN, TimelineState, TimelineView};
use crate::index::Indexed;
use crate::model::time::DAY;
use egui::{Key, KeyboardShortcut, Modifiers, Vec2};

/// What a timeline key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyAction {
    FitAll,
    ZoomToSelection,
    ZoomIn,
    ZoomOut,
    NextBoundary,
    PreviousBoundary,
    FirstEvent,
    LastEvent,
    Play,
}

/// A key (or keys) and what it does, as the help says it.
#[derive(Clone, Copy, Debug)]
pub struct KeyBinding {
    /// Any of these does it.
    pub keys: &'static [KeyboardShortcut],
    pub action: KeyAction,
    pub help: &'static str,
}

const fn plain(key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(Modifiers::NONE, key)
}

/// Every key the timeline answers to (when no text field has the keyboard).
pub const KEYS: &[KeyBinding] = &[
    KeyBinding {
        keys: &[plain(Key::F)],
        action: KeyAction::FitAll,
        help: "fit all",
    },
    KeyBinding {
        keys: &[plain(Key::Z)],
        action: KeyAction::ZoomToSelection,
        help: "zoom to the selected event",
    },
    KeyBinding {
        keys: &[plain(Key::Plus), plain(Key::Equals)],
        action: KeyAction::ZoomIn,
        help: "zoom in around the pointer",
    },
    KeyBinding {
        keys: &[plain(Key::Minus)],
        action: KeyAction::ZoomOut,
        help: "zoom out around the pointer",
    },
    KeyBinding {
        keys: &[plain(Key::ArrowLeft)],
        action: KeyAction::PreviousBoundary,
        help: "cursor to the previous event boundary, selecting it",
    },
    KeyBinding {
        keys: &[plain(Key::ArrowRight)],
        action: KeyAction::NextBoundary,
        help: "cursor to the next event boundary, selecting it",
    },
    KeyBinding {
        keys: &[plain(Key::Home)],
        action: KeyAction::FirstEvent,
        help: "cursor to the first event",
    },
    KeyBinding {
        keys: &[plain(Key::End)],
        action: KeyAction::LastEvent,
        help: "cursor to the last event",
    },
    KeyBinding {
        keys: &[plain(Key::Space)],
        action: KeyAction::Play,
        help: "play the cursor forward (speed in the status bar); with “as known on” set, replay the reporting day by day",
    },
];

/// The keys bound to an action.
pub fn keys_for(action: KeyAction) -> &'static [KeyboardShortcut] {
    KEYS.iter()
        .find(|b| b.action == action)
        .map_or(&[], |b| b.keys)
}

/// What the pointer does in the timeline, for the help beside [`KEYS`].
pub const POINTER: &[(&str, &str)] = &[
    ("Drag the lanes", "pan in time"),
    ("Scroll", "pan (and move through lanes when they overflow)"),
    ("{command} + scroll, pinch", "zoom around the pointer"),
    ("Double-click", "fit all"),
    ("Click an event", "select it and show its sources"),
    ("Double-click an event", "select and zoom to it"),
    ("Drag the cursor or the date axis", "move the time cursor"),
    (
        "Overview strip",
        "drag the window to move, its edges to zoom; click to jump",
    ),
    ("Lane name", "collapse or expand the lane"),
    (
        "Publication strip (above the axis)",
        "drag or click: show the data as known on that day; double-click: everything",
    ),
];

/// The background responses the input acts on.
pub struct Responses {
    pub lanes: egui::Response,
    pub axis: egui::Response,
    pub overview: egui::Response,
}

/// Pan, zoom, scrub and keys.
pub fn input_ui(
    ui: &mut egui::Ui,
    idx: &Indexed,
    view: &mut TimelineView,
    state: &mut TimelineState,
    geo: &Geometry,
    r: &Responses,
) {
    let spp = geo.time.seconds_per_point();
    // Drag on the lanes pans; double-click fits all.
    if r.lanes.dragged() {
        let d = r.lanes.drag_delta();
        view.pan_seconds(-f64::from(d.x) * spp);
        state.scroll_y -= d.y;
    }
    if r.lanes.double_clicked() {
        view.fit_all(idx);
    }
    // Drag or click on the axis scrubs the cursor.
    if (r.axis.dragged() || r.axis.clicked())
        && let Some(p) = r.axis.interact_pointer_pos()
    {
        view.cursor = geo.time.time_from_x(p.x);
        state.playing = false;
    }
    if r.axis.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    overview_input(idx, view, geo, &r.overview);

    if r.lanes.hovered() || r.axis.hovered() {
        let (zoom, scroll, pointer) = ui.input(|i| {
            (
                i.zoom_delta(),
                i.smooth_scroll_delta(),
                i.pointer.hover_pos(),
            )
        });
        let at = pointer.map_or((view.t0 + view.t1) / 2.0, |p| geo.time.time_from_x(p.x));
        if zoom != 1.0 {
            view.zoom_around(at, f64::from(zoom));
        }
        if scroll != Vec2::ZERO {
            // Horizontal scroll pans time; vertical scroll moves through lanes when they overflow,
            // otherwise pans time too.
            view.pan_seconds(-f64::from(scroll.x) * spp);
            let before = state.scroll_y;
            state.scroll_y -= scroll.y;
            if before == state.scroll_y.clamp(0.0, f32::MAX)
                && scroll.x == 0.0
                && before == 0.0
                && scroll.y > 0.0
            {
                view.pan_seconds(-f64::from(scroll.y) * spp);
            }
        }
    }

    // Keys, unless a text field has the keyboard.
    if !ui.ctx().egui_wants_keyboard_input() {
        let pointer_time = ui
            .input(|i| i.pointer.hover_pos())
            .filter(|p| geo.lanes.contains(*p))
            .map(|p| geo.time.time_from_x(p.x));
        let centre = pointer_time.unwrap_or((view.t0 + view.t1) / 2.0);
        // Every press counts: a slow frame (a large data set, a busy machine) can hold several
        // presses of `+`, each a step of zoom.
        let pressed: Vec<(KeyAction, usize)> = ui.input_mut(|i| {
            KEYS.iter()
                .map(|b| {
                    let n = b
                        .keys
                        .iter()
                        .map(|k| i.count_and_consume_key(k.modifiers, k.logical_key));
                    (b.action, n.sum())
                })
                .filter(|&(_, n)| n > 0)
                .collect()
        });
        for (action, n) in pressed {
            for _ in 0..n {
                act(action, idx, view, state, centre);
            }
        }
    }

    // Playing: the cursor moves forward and stops at the end.
    if state.playing {
        let dt = f64::from(ui.input(|i| i.stable_dt).min(0.1));
        let end = idx.extent.map_or(view.t1, |e| e.1);
        view.cursor += dt * view.speed_days_per_sec * DAY as f64;
        if view.cursor >= end {
            view.cursor = end;
            state.playing = false;
        }
        view.keep_visible(view.cursor);
        ui.ctx().request_repaint();
    }
}

/// Does what a key says; `centre` is the time zooming keeps in place.
fn act(
    action: KeyAction,
    idx: &Indexed,
    view: &mut TimelineView,
    state: &mut TimelineState,
    centre: f64,
) {
    let select = |state: &mut TimelineState, e: Option<usize>| {
        if e.is_some() {
            state.selected = e;
        }
    };
    match action {
        KeyAction::FitAll => view.fit_all(idx),
        KeyAction::ZoomToSelection => view.zoom_to_event(idx, state.selected),
        KeyAction::ZoomIn => view.zoom_around(centre, 1.5),
        KeyAction::ZoomOut => view.zoom_around(centre, 1.0 / 1.5),
        KeyAction::NextBoundary => select(state, view.step_cursor(idx, true)),
        KeyAction::PreviousBoundary => select(state, view.step_cursor(idx, false)),
        KeyAction::FirstEvent => select(state, view.cursor_to(idx.first_boundary())),
        KeyAction::LastEvent => select(state, view.cursor_to(idx.last_boundary())),
        KeyAction::Play => state.playing = !state.playing,
    }
}

/// What a press on the overview grabbed.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Grab {
    Left,
    Right,
    Move,
}

/// The overview strip: drag the window to move, drag its edges to zoom, click elsewhere to jump.
/// It maps x to time with the same axis the overview is painted with, and follows the pointer
/// from where it was pressed (not by adding up per-frame deltas), so the window stays under the
/// pointer exactly.
fn overview_input(idx: &Indexed, view: &mut TimelineView, geo: &Geometry, resp: &egui::Response) {
    let Some(axis) = geo.overview_axis(idx) else {
        return;
    };
    let Some(p) = resp.interact_pointer_pos() else {
        return;
    };
    let grab_id = resp.id.with("grab");
    if resp.drag_started() || resp.clicked() {
        let origin = resp.ctx.input(|i| i.pointer.press_origin()).unwrap_or(p);
        let (wx0, wx1) = (
            axis.x_from_time(view.t0) as f32,
            axis.x_from_time(view.t1) as f32,
        );
        let grab = if (origin.x - wx0).abs() < 6.0 {
            Grab::Left
        } else if (origin.x - wx1).abs() < 6.0 {
            Grab::Right
        } else {
            if !(wx0..=wx1).contains(&origin.x) {
                // Jump: centre the window on the click.
                let span = view.t1 - view.t0;
                let c = axis.time_from_x(origin.x);
                view.t0 = c - span / 2.0;
                view.t1 = c + span / 2.0;
            }
            Grab::Move
        };
        // The view as grabbed, and where: the drag moves it by the pointer's way since then.
        resp.ctx
            .data_mut(|d| d.insert_temp(grab_id, (grab, origin.x, view.t0, view.t1)));
    }
    if resp.dragged() {
        let Some((grab, x0, t0, t1)) = resp
            .ctx
            .data(|d| d.get_temp::<(Grab, f32, f64, f64)>(grab_id))
        else {
            return;
        };
        let dt = f64::from(p.x - x0) * axis.seconds_per_point();
        match grab {
            Grab::Left => view.t0 = (t0 + dt).min(view.t1 - MIN_SPAN),
            Grab::Right => view.t1 = (t1 + dt).max(view.t0 + MIN_SPAN),
            Grab::Move => {
                view.t0 = t0 + dt;
                view.t1 = t1 + dt;
            }
        }
    }
}
