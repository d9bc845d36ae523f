//! Lanes and rows: which events are drawn where this frame. Only visible events are placed;
//! within a lane they are stacked greedily so that no two bands, and no two labels, overlap.
//! Sizes come from the geometry's [`super::TimelineStyle`].

use super::{Geometry, Marks, TimelineView};
use crate::index::Indexed;
use egui::{Pos2, Rect};

/// One event placed on screen.
#[derive(Clone, Debug)]
pub struct Placed {
    pub event: usize,
    /// The band's x range (at least `min_event_width` wide) and the row's vertical centre.
    pub x0: f32,
    pub x1: f32,
    pub y: f32,
    /// Whether its label fits beside it.
    pub label: bool,
    /// Where the pointer finds it.
    pub hit: Rect,
}

/// One lane on screen.
#[derive(Clone, Debug)]
pub struct LaneLayout {
    pub lane: usize,
    pub y0: f32,
    pub height: f32,
    pub collapsed: bool,
    pub items: Vec<Placed>,
    /// Set when the lane has more events in view than can be drawn one by one: it is drawn as
    /// a density histogram instead.
    pub dense: Option<Dense>,
}

/// A lane's events counted per column of pixels.
#[derive(Clone, Debug, Default)]
pub struct Dense {
    /// Events meeting the view.
    pub total: usize,
    /// Events meeting each column (empty when the lane is scrolled out of sight).
    pub columns: Vec<u32>,
    /// Width of a column in points; column `i` starts at `geo.lanes.left() + i * width`.
    pub column_width: f32,
    pub max: u32,
}

impl Dense {
    /// The column under screen x, with its count.
    pub fn column_at(&self, left: f32, x: f32) -> Option<(usize, u32)> {
        let i = ((x - left) / self.column_width).floor();
        if i < 0.0 {
            return None;
        }
        let i = i as usize;
        self.columns.get(i).map(|&n| (i, n))
    }
}

/// A lane with more events than this meeting the view is drawn as a density: one by one they
/// would only overlap, and drawing them would cost more than a frame allows.
pub fn dense_limit(geo: &Geometry) -> usize {
    ((geo.lanes.width() / 6.0) as usize).max(40)
}

/// The label width assumed for events of lanes out of sight.
const OFFSCREEN_LABEL: f32 = 160.0;

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
    let (row_height, min_width, gap) = (style.row_height, style.min_event_width, style.gap);
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
                dense: None,
            });
            y += style.collapsed_height;
            continue;
        }
        let in_sight = |height: f32| y < geo.lanes.bottom() && y + height > geo.lanes.top();
        let total = lane.count(t0, t1);
        if total > dense_limit(geo) {
            let columns = if in_sight(style.dense_height) {
                let n = (geo.lanes.width() / style.dense_column_width)
                    .ceil()
                    .max(1.0) as usize;
                let t_end = geo
                    .time
                    .time_from_x(geo.lanes.left() + n as f32 * style.dense_column_width);
                lane.column_counts(geo.time.t0, t_end, n)
            } else {
                Vec::new()
            };
            let max = columns.iter().copied().max().unwrap_or(0);
            out.lanes.push(LaneLayout {
                lane: lane_index,
                y0: y,
                height: style.dense_height,
                collapsed,
                items: Vec::new(),
                dense: Some(Dense {
                    total,
                    columns,
                    column_width: style.dense_column_width,
                    max,
                }),
            });
            y += style.dense_height;
            continue;
        }
        // Measure labels only where the lane can be seen (its height is at most this).
        let measure = in_sight(row_height * style.max_rows as f32 + 2.0 * style.lane_padding);
        // Right edge of what is already placed in each row.
        let mut rows: Vec<f32> = Vec::new();
        let mut items = Vec::new();
        for (event_index, lo, hi) in lane.visible_spans(t0, t1) {
            let left_edge = geo.lanes.left() - 40.0;
            let right_edge = geo.lanes.right() + 40.0;
            let mut x0 = (geo.time.x_from_time(lo) as f32).max(left_edge);
            let mut x1 = (geo.time.x_from_time(hi) as f32).min(right_edge);
            if x1 - x0 < min_width {
                let mid = (x0 + x1) / 2.0;
                x0 = mid - min_width / 2.0;
                x1 = mid + min_width / 2.0;
            }
            let label_width = if measure {
                idx.data
                    .events
                    .get(event_index)
                    .map_or(0.0, |e| text_width(&e.title))
            } else {
                // Out of sight the events themselves are not read (each would be a cache miss):
                // a typical label width stands in, which only sets the lane's height.
                OFFSCREEN_LABEL
            };
            let with_label = x1 + gap + label_width;
            let row = rows.iter().position(|&end| end + gap < x0);
            let (row, label) = match row {
                Some(r) => (r, true),
                None if rows.len() < style.max_rows => {
                    rows.push(f32::NEG_INFINITY);
                    (rows.len() - 1, true)
                }
                None => {
                    // Too crowded: share the row that frees first, without a label.
                    let r = rows
                        .iter()
                        .enumerate()
                        .min_by(|a, b| a.1.total_cmp(b.1))
                        .map_or(0, |(i, _)| i);
                    (r, false)
                }
            };
            if let Some(end) = rows.get_mut(row) {
                *end = if label { with_label } else { end.max(x1) };
            }
            let y_mid = y + style.lane_padding + row_height * (row as f32 + 0.5);
            let hit_right = if label { x1 + gap + label_width } else { x1 };
            let hit = Rect::from_min_max(
                Pos2::new(x0, y_mid - row_height / 2.0 + 2.0),
                Pos2::new(hit_right, y_mid + row_height / 2.0 - 2.0),
            );
            items.push(Placed {
                event: event_index,
                x0,
                x1,
                y: y_mid,
                label,
                hit,
            });
        }
        // Tall enough for the lane's name and count in the header column.
        let height = ((rows.len().max(1) as f32) * row_height + 2.0 * style.lane_padding)
            .max(style.min_lane_height);
        out.lanes.push(LaneLayout {
            lane: lane_index,
            y0: y,
            height,
            collapsed,
            items,
            dense: None,
        });
        y += height;
    }
    out.content_height = y + scroll_y - geo.lanes.top();
    out
}
