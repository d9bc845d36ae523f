//! Lanes and rows: which events are drawn where this frame, and their labels. Only visible
//! events are placed; within a lane they are stacked greedily so that no two bands, and no two
//! labels, overlap. A label sits inside its bar when the bar's visible part is wide enough
//! (sticking to that visible part when the bar crosses the left edge), else after the bar; at
//! the right edge it moves before the bar or is shortened, and before the next item of its row
//! it is shortened: at a word, ending in "…", never clipped. Events past a lane's row limit are
//! not drawn over others but counted ("+N") in a strip under the rows. Sizes come from the
//! geometry's [`super::TimelineStyle`].

pub use super::density::Dense;
use super::density::{binned_columns, density_bin};
use super::label::INSIDE_PAD;
pub use super::label::{Label, MIN_LABEL_CHARS, fit_label, label_text};
use super::{Geometry, Marks, TimelineView};
use crate::index::Indexed;
use crate::model::Bound;
use egui::{Pos2, Rect};

/// One event placed on screen.
#[derive(Clone, Debug)]
pub struct Placed {
    pub event: usize,
    /// The band's x range (at least `min_event_width` wide) and the row's vertical centre.
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    /// Its label as drawn; none when not even a few characters fit (the title is then shown
    /// on hover only).
    pub label: Option<Label>,
    /// Where the pointer finds it.
    pub hit: Rect,
}

/// Events past a lane's row limit, counted where they are.
#[derive(Clone, Debug, PartialEq)]
pub struct Hidden {
    /// How many events this count stands for.
    pub count: usize,
    /// Where "+N" is drawn, in the strip under the lane's rows.
    pub rect: Rect,
    /// The middle of their time span, to zoom in around.
    pub t: f64,
}

/// One lane on screen.
#[derive(Clone, Debug)]
pub struct LaneLayout {
    pub lane: usize,
    pub y0: f32,
    pub height: f32,
    pub collapsed: bool,
    pub items: Vec<Placed>,
    /// Events that did not fit in the lane's rows, counted in a strip under them.
    pub hidden: Vec<Hidden>,
    /// Set when the lane has more events in view than can be drawn one by one: it is drawn as
    /// a density histogram instead.
    pub dense: Option<Dense>,
}

/// A lane with more events than this meeting the view is drawn as a density: one by one they
/// would only overlap, and drawing them would cost more than a frame allows.
pub fn dense_limit(geo: &Geometry) -> usize {
    ((geo.lanes.width() / 6.0) as usize).max(40)
}

/// The label width assumed for events of lanes out of sight.
const OFFSCREEN_LABEL: f32 = 160.0;

/// Height of the strip under a lane's rows where events past its row limit are counted.
pub const HIDDEN_STRIP: f32 = 18.0;

#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub lanes: Vec<LaneLayout>,
    /// Height of all lanes together, for scrolling.
    pub content_height: f32,
}

impl Layout {
    pub fn placed(&self) -> impl Iterator<Item = &Placed> {
        self.lanes.iter().flat_map(|l| l.items.iter())
    }
}

/// Lays out the visible events of every lane shown (`marks` may hide lanes), with the lanes
/// scrolled up by `scroll_y`.
pub fn layout(
    ui: &egui::Ui,
    idx: &Indexed,
    view: &TimelineView,
    marks: &Marks,
    scroll_y: f32,
    geo: &Geometry,
) -> Layout {
    let font = geo.style.label_font_id();
    let fonts_width = |text: &str| -> f32 {
        ui.fonts_mut(|f| {
            f.layout_no_wrap(text.to_string(), font.clone(), egui::Color32::WHITE)
                .size()
                .x
        })
    };
    layout_with(idx, view, marks, scroll_y, geo, &fonts_width)
}

/// As [`layout`], with a text measure supplied (so that exports can lay out without a `Ui`).
pub fn layout_with(
    idx: &Indexed,
    view: &TimelineView,
    marks: &Marks,
    scroll_y: f32,
    geo: &Geometry,
    text_width: &dyn Fn(&str) -> f32,
) -> Layout {
    let style = &geo.style;
    let (row_height, min_width) = (style.row_height, style.min_event_width);
    let mut out = Layout::default();
    let mut y = geo.lanes.top() - scroll_y;
    // Look a little beyond the edges so that labels of events just off-screen are handled.
    let spp = geo.time.seconds_per_point();
    let (t0, t1) = (
        geo.time.t0 - spp * f64::from(min_width),
        geo.time.t1 + spp * f64::from(min_width),
    );
    for (lane_index, lane) in idx.lanes.iter().enumerate() {
        let Some(l) = idx.data.lanes.get(lane_index) else {
            continue;
        };
        if marks.is_lane_hidden(lane_index) {
            continue;
        }
        let collapsed = view.collapsed.contains(l.id.as_str());
        if collapsed {
            out.lanes.push(LaneLayout {
                lane: lane_index,
                y0: y,
                height: style.collapsed_height,
                collapsed,
                items: Vec::new(),
                hidden: Vec::new(),
                dense: None,
            });
            y += style.collapsed_height;
            continue;
        }
        let in_sight = |height: f32| y < geo.lanes.bottom() && y + height > geo.lanes.top();
        let total = lane.count(t0, t1);
        if total > dense_limit(geo) {
            let dense_height = style
                .dense_height
                .max(lane_header_height(&l.label, style, text_width));
            let (columns, within, bin) = if in_sight(dense_height) {
                let n = (geo.lanes.width() / style.dense_column_width)
                    .ceil()
                    .max(1.0) as usize;
                let t_end = geo
                    .time
                    .time_from_x(geo.lanes.left() + n as f32 * style.dense_column_width);
                let width = (t_end - geo.time.t0) / n as f64;
                let bin = lane
                    .median_span_at_least(t0, t1)
                    .and_then(|span| density_bin(span, width, lane.week_start()));
                match bin {
                    Some(bin) => {
                        let (columns, within) = binned_columns(lane, geo.time.t0, width, n, bin);
                        (columns, within, Some(bin))
                    }
                    None => (lane.column_counts(geo.time.t0, t_end, n), Vec::new(), None),
                }
            } else {
                (Vec::new(), Vec::new(), None)
            };
            let max = columns.iter().copied().max().unwrap_or(0);
            out.lanes.push(LaneLayout {
                lane: lane_index,
                y0: y,
                height: dense_height,
                collapsed,
                items: Vec::new(),
                hidden: Vec::new(),
                dense: Some(Dense {
                    total,
                    columns,
                    column_width: style.dense_column_width,
                    max,
                    bin,
                    max_within: within.iter().copied().max().unwrap_or(0),
                    within,
                    events: lane.weighted_count(t0, t1),
                }),
            });
            y += dense_height;
            continue;
        }
        let header = lane_header_height(&l.label, style, text_width);
        // A lane below the fold is not placed event by event: its height only sets how far
        // the lanes scroll, so it is estimated from its count in view (a row per event up to
        // the row limit), and it is laid out for real once it scrolls into sight. Lanes above
        // the fold are placed (their heights move what is seen), without measuring labels.
        let (items, hidden, rows, cut) = if y >= geo.lanes.bottom() {
            let rows = total.clamp(1, style.max_rows.max(1));
            (Vec::new(), Vec::new(), rows, total > rows)
        } else {
            // Measure labels only where the lane can be seen (its height is at most this).
            let measure = in_sight(
                row_height * style.max_rows as f32 + 2.0 * style.lane_padding + HIDDEN_STRIP,
            );
            let (items, hidden, rows) =
                place_lane(idx, lane, (t0, t1), y, measure, geo, text_width);
            let cut = !hidden.is_empty();
            (items, hidden, rows, cut)
        };
        // Tall enough for the lane's name and count in the header column.
        let strip = if cut { HIDDEN_STRIP } else { 0.0 };
        let height = ((rows.max(1) as f32) * row_height + 2.0 * style.lane_padding + strip)
            .max(style.min_lane_height)
            .max(header);
        out.lanes.push(LaneLayout {
            lane: lane_index,
            y0: y,
            height,
            collapsed,
            items,
            hidden,
            dense: None,
        });
        y += height;
    }
    out.content_height = y + scroll_y - geo.lanes.top();
    out
}

/// Lines a lane's name may take in its header; a longer name ends in "…" (full on hover).
pub const LANE_NAME_LINES: usize = 2;

/// The width lane names wrap at in a header column `header_width` wide.
pub fn lane_name_width(header_width: f32) -> f32 {
    (header_width - 34.0).max(20.0)
}

/// How tall a lane's header must be for its name (one or two lines) and its event count.
pub fn lane_header_height(
    name: &str,
    style: &super::TimelineStyle,
    text_width: &dyn Fn(&str) -> f32,
) -> f32 {
    let lines = if text_width(name) * style.lane_font / style.label_font
        <= lane_name_width(style.header_width)
    {
        1.0
    } else {
        LANE_NAME_LINES as f32
    };
    4.0 + lines * style.lane_font * 1.3 + 4.0 + style.small_font * 1.3 + 4.0
}

/// One item of a lane before its label is settled.
struct Item {
    event: usize,
    x0: f32,
    x1: f32,
    /// Where a label inside the bar must end (before an instant's diamond).
    inside_right: f32,
    /// Full label text and width.
    text: String,
    width: f32,
    /// Extra room the bar's drawing takes after it (the dotted tail of an unknown end) and
    /// before it (that of an unknown start).
    tail: f32,
    head: f32,
    row: usize,
}

/// Places one lane's visible events in rows and settles their labels: the items, the counts
/// of those past the row limit, and the number of rows used.
fn place_lane(
    idx: &Indexed,
    lane: &crate::index::LaneIndex,
    (t0, t1): (f64, f64),
    y: f32,
    measure: bool,
    geo: &Geometry,
    text_width: &dyn Fn(&str) -> f32,
) -> (Vec<Placed>, Vec<Hidden>, usize) {
    let style = &geo.style;
    let (row_height, min_width, gap) = (style.row_height, style.min_event_width, style.gap);
    let (view_left, view_right) = (geo.lanes.left(), geo.lanes.right());
    // Per row: the bar's right end, the end with its full label, and with its shortest label.
    struct Row {
        full: f32,
        least: f32,
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut items: Vec<Item> = Vec::new();
    let mut overflow: Vec<(f32, f32, f64)> = Vec::new();
    let least_label = text_width("Abc…").max(1.0);
    let useful_label = text_width("Abcdefghijklmnop…").max(1.0);
    for (event_index, lo, hi) in lane.visible_spans(t0, t1) {
        let left_edge = view_left - 40.0;
        let right_edge = view_right + 40.0;
        let mut x0 = (geo.time.x_from_time(lo) as f32).max(left_edge);
        let mut x1 = (geo.time.x_from_time(hi) as f32).min(right_edge);
        if x1 - x0 < min_width {
            let mid = (x0 + x1) / 2.0;
            x0 = mid - min_width / 2.0;
            x1 = mid + min_width / 2.0;
        }
        // Every row taken and none free even at the bar's own start (an unknown start's
        // dotted lead only moves it left): counted, without reading the event (a cache miss
        // each, and most events of a crowded lane end here).
        if rows.len() >= style.max_rows && !rows.iter().any(|r| r.least + gap < x0) {
            overflow.push((x0, x1, (lo.max(geo.time.t0) + hi.min(geo.time.t1)) / 2.0));
            continue;
        }
        // Out of sight the events themselves are not read (each would be a cache miss).
        let event = if measure {
            idx.data.events.get(event_index)
        } else {
            None
        };
        let (text, width) = match (measure, event) {
            (true, Some(e)) => {
                let text = label_text(&idx.data, e);
                let width = text_width(&text);
                (text, width)
            }
            // Out of sight a typical label width stands in, which only sets the lane's height.
            _ => (String::new(), OFFSCREEN_LABEL),
        };
        let unknown = |b: Option<Bound>| b == Some(Bound::UNKNOWN);
        let tail = if unknown(event.map(|e| e.time.latest_end)) {
            26.0
        } else {
            0.0
        };
        let head = if unknown(event.map(|e| e.time.earliest_start)) {
            26.0
        } else {
            0.0
        };
        // An instant is a diamond in the middle of its band: a label inside keeps left of it.
        let diamond = event.is_some_and(|e| e.time.core().is_none());
        let inside_right = if diamond { (x0 + x1) / 2.0 - 8.0 } else { x1 };
        let visible = inside_right.min(view_right) - x0.max(view_left);
        let inside = visible >= width + 2.0 * INSIDE_PAD;
        let (full, least) = if inside {
            (x1, x1)
        } else {
            (
                x1 + gap + tail + width,
                x1 + gap + tail + least_label.min(width),
            )
        };
        let start = x0 - head;
        // A label that would run past the view's right edge goes before its bar: the row must
        // have room there for enough of it to read (a few words, or all of a short one), or
        // the event is drawn with "The…" or no label at all beside free rows.
        let before = if !inside && full > view_right && measure {
            useful_label.min(width) + gap
        } else {
            0.0
        };
        // A row where it fits with its whole label; else a new row; else a row where the
        // label before it can still keep a few characters; else it is counted, not drawn.
        let row = match rows.iter().position(|r| r.full + gap < start - before) {
            Some(r) => Some(r),
            None if rows.len() < style.max_rows => {
                rows.push(Row {
                    full: f32::NEG_INFINITY,
                    least: f32::NEG_INFINITY,
                });
                Some(rows.len() - 1)
            }
            None => rows.iter().position(|r| r.least + gap < start),
        };
        let Some(row) = row else {
            overflow.push((x0, x1, (lo.max(geo.time.t0) + hi.min(geo.time.t1)) / 2.0));
            continue;
        };
        if let Some(r) = rows.get_mut(row) {
            *r = Row { full, least };
        }
        items.push(Item {
            event: event_index,
            x0,
            x1,
            inside_right,
            text,
            width,
            tail,
            head,
            row,
        });
    }

    // Labels, row by row, each item knowing its neighbours in the row.
    let mut placed = Vec::with_capacity(items.len());
    let mut prev_end: Vec<f32> = vec![f32::NEG_INFINITY; rows.len()];
    for (i, item) in items.iter().enumerate() {
        let y_mid = y + style.lane_padding + row_height * (item.row as f32 + 0.5);
        let next_x0 = items
            .get(i + 1..)
            .and_then(|rest| rest.iter().find(|n| n.row == item.row))
            .map(|n| n.x0 - n.head);
        let prev = prev_end.get(item.row).copied().unwrap_or(f32::NEG_INFINITY);
        // Only what can be seen has a label: an instant's diamond is at the middle of its band.
        let mark = if item.inside_right < item.x1 {
            let mid = (item.x0 + item.x1) / 2.0;
            (mid, mid)
        } else {
            (item.x0, item.x1)
        };
        let seen = mark.1 >= view_left + 1.0 && mark.0 <= view_right - 1.0;
        let label = if measure && seen {
            settle_label(item, y_mid, prev, next_x0, geo, text_width)
        } else {
            None
        };
        let (mut left, mut right) = (item.x0, item.x1);
        if let Some(l) = &label {
            left = left.min(l.rect.left());
            right = right.max(l.rect.right());
        }
        if let Some(p) = prev_end.get_mut(item.row) {
            *p = right + item.tail;
        }
        let hit = Rect::from_min_max(
            Pos2::new(left, y_mid - row_height / 2.0 + 2.0),
            Pos2::new(right, y_mid + row_height / 2.0 - 2.0),
        );
        placed.push(Placed {
            event: item.event,
            x0: item.x0,
            x1: item.x1,
            y: y_mid,
            label,
            hit,
        });
    }

    // Counts of what did not fit, one "+N" per cluster, side by side in the strip.
    let mut hidden: Vec<Hidden> = Vec::new();
    let strip_y = y + style.lane_padding + row_height * rows.len() as f32 + HIDDEN_STRIP / 2.0;
    let badge = |count: usize| text_width(&format!("+{count}")) + 8.0;
    let mut ts: Vec<f64> = Vec::new();
    for (x0, _x1, t) in overflow {
        let x = x0.clamp(view_left, view_right);
        match hidden.last_mut() {
            Some(h) if x <= h.rect.right() + gap => {
                h.count += 1;
                ts.push(t);
                let w = badge(h.count);
                h.rect.set_width(w);
            }
            _ => {
                if let (Some(h), false) = (hidden.last_mut(), ts.is_empty()) {
                    h.t = ts.iter().sum::<f64>() / ts.len() as f64;
                }
                ts.clear();
                ts.push(t);
                let after = hidden.last().map_or(view_left, |h| h.rect.right() + gap);
                let left = x.max(after);
                hidden.push(Hidden {
                    count: 1,
                    rect: Rect::from_min_size(
                        Pos2::new(left, strip_y - HIDDEN_STRIP / 2.0 + 1.0),
                        egui::vec2(badge(1), HIDDEN_STRIP - 2.0),
                    ),
                    t,
                });
            }
        }
    }
    if let (Some(h), false) = (hidden.last_mut(), ts.is_empty()) {
        h.t = ts.iter().sum::<f64>() / ts.len() as f64;
    }
    // Keep the counts inside the view: those pushed past the right edge move back left.
    let mut limit = view_right;
    for h in hidden.iter_mut().rev() {
        if h.rect.right() > limit {
            h.rect = h.rect.translate(egui::vec2(limit - h.rect.right(), 0.0));
        }
        limit = h.rect.left() - gap;
    }
    (placed, hidden, rows.len())
}

/// Where an item's label goes and what it says, given the right end of what comes before it in
/// its row (`prev`) and the start of what comes after (`next_x0`).
fn settle_label(
    item: &Item,
    y: f32,
    prev: f32,
    next_x0: Option<f32>,
    geo: &Geometry,
    text_width: &dyn Fn(&str) -> f32,
) -> Option<Label> {
    let gap = geo.style.gap;
    let (view_left, view_right) = (geo.lanes.left() + 2.0, geo.lanes.right() - 2.0);
    let height = geo.style.label_font * 1.3;
    let rect = |left: f32, text: &str| {
        Rect::from_min_size(
            Pos2::new(left, y - height / 2.0),
            egui::vec2(text_width(text), height),
        )
    };
    // Inside the visible part of the bar.
    let (vx0, vx1) = (item.x0.max(view_left), item.inside_right.min(view_right));
    if vx1 - vx0 >= item.width + 2.0 * INSIDE_PAD {
        return Some(Label {
            rect: rect(vx0 + INSIDE_PAD, &item.text),
            text: item.text.clone(),
            inside: true,
        });
    }
    // After the bar, up to the next item or the edge.
    let after = (item.x1 + gap + item.tail).max(view_left);
    let limit_next = next_x0.map_or(f32::INFINITY, |x| x - gap);
    let right_room = limit_next.min(view_right) - after;
    if item.width <= right_room {
        return Some(Label {
            rect: rect(after, &item.text),
            text: item.text.clone(),
            inside: false,
        });
    }
    // At the right edge: before the bar, if there is room there.
    let before = item.x0 - item.head - gap;
    let left_room = before - (prev + gap).max(view_left);
    let edge_limits = view_right < limit_next;
    if edge_limits && item.width <= left_room {
        return Some(Label {
            rect: rect(before - item.width, &item.text),
            text: item.text.clone(),
            inside: false,
        });
    }
    // Shortened, on the side with more room.
    if edge_limits && left_room > right_room {
        let text = fit_label(&item.text, left_room, text_width)?;
        let w = text_width(&text);
        return Some(Label {
            rect: rect(before - w, &text),
            text,
            inside: false,
        });
    }
    let text = fit_label(&item.text, right_room, text_width)?;
    Some(Label {
        rect: rect(after, &text),
        text,
        inside: false,
    })
}

#[cfg(test)]
mod tests;
