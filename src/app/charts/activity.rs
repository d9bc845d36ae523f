//! The activity strip: how many events meet each calendar bin (hour, day, week, month, year,
//! chosen by zoom) of the visible range, stacked by lane. Counts come from each lane's index (two
//! binary searches per bin and lane, never a scan of the events), so the strip costs the same
//! at a thousand events as at a million. Its x range is the timeline's; dragging on it selects
//! a range to zoom the timeline to.

use crate::index::Indexed;
use crate::timeline::axis::{self, Step};
use crate::timeline::paint::lane_color;
use egui::{Color32, Sense};
use egui_plot::{Bar, BarChart, Plot, Span};

/// Fewest points a bin may take on screen: finer bins would be slivers.
const MIN_BIN_PX: f64 = 6.0;

/// The calendar units bins come in, finest first.
const UNITS: [(Step, &str); 5] = [
    (Step::Seconds(3600), "hour"),
    (Step::Days(1), "day"),
    (Step::Days(7), "week"),
    (Step::Months(1), "month"),
    (Step::Years(1), "year"),
];

/// The bins of a range and each lane's counts in them.
#[derive(Clone, Debug, PartialEq)]
pub struct Activity {
    /// "hour", "day", "week", "month" or "year".
    pub unit: &'static str,
    /// Bin edges, calendar-aligned: bin `k` is `[edges[k], edges[k + 1])`.
    pub edges: Vec<f64>,
    /// Per lane, per bin: events meeting the bin.
    pub counts: Vec<Vec<u32>>,
}

/// Bins `[t0, t1]` at the finest unit whose bins are at least [`MIN_BIN_PX`] wide at
/// `width_px`, and counts each lane's events meeting each bin from the index. Years are the
/// coarsest unit; at wider zooms bins are several years (from the timeline's own steps).
pub fn activity_bins(idx: &Indexed, t0: f64, t1: f64, width_px: f32) -> Activity {
    let seconds_per_px = (t1 - t0) / f64::from(width_px.max(1.0));
    let min_bin = seconds_per_px * MIN_BIN_PX;
    let (step, unit) = UNITS
        .iter()
        .copied()
        .find(|(s, _)| s.approx_seconds() >= min_bin)
        .unwrap_or((axis::step_for(min_bin), "year"));
    // One tick before the range so the first bin covers t0, one after so the last covers t1.
    let pad = step.approx_seconds() * 1.5;
    let edges: Vec<f64> = axis::ticks(t0 - pad, t1 + pad, step, 4096)
        .into_iter()
        .map(|t| t as f64)
        .collect();
    let counts = idx
        .lanes
        .iter()
        .map(|lane| {
            edges
                .windows(2)
                .map(|w| match w {
                    // Events meeting [a, b): the index counts closed windows, so end just before b.
                    [a, b] => u32::try_from(lane.count(*a, *b - 1.0)).unwrap_or(u32::MAX),
                    _ => 0,
                })
                .collect()
        })
        .collect();
    Activity {
        unit,
        edges,
        counts,
    }
}

/// The strip for the timeline's range `[t0, t1]`. Returns a range dragged out on it, for the
/// timeline to zoom to.
pub fn activity_strip_ui(ui: &mut egui::Ui, idx: &Indexed, t0: f64, t1: f64) -> Option<(f64, f64)> {
    let width = ui.available_width();
    let activity = activity_bins(idx, t0, t1, width);
    let bins = activity.edges.len().saturating_sub(1);
    let mut base = vec![0f64; bins];
    let mut charts = Vec::with_capacity(idx.lanes.len());
    for (lane, counts) in activity.counts.iter().enumerate() {
        if counts.iter().all(|&c| c == 0) {
            continue;
        }
        let name = idx
            .data
            .lanes
            .get(lane)
            .map_or("", |l| l.label.as_str())
            .to_string();
        let bars: Vec<Bar> = counts
            .iter()
            .zip(activity.edges.windows(2))
            .zip(base.iter_mut())
            .filter(|((c, _), _)| **c > 0)
            .filter_map(|((&c, w), b)| {
                let [a, e] = w else { return None };
                let bar = Bar::new((a + e) / 2.0, f64::from(c))
                    .width((e - a) * 0.9)
                    .base_offset(*b)
                    .name(format!("{name}: {c}"));
                *b += f64::from(c);
                Some(bar)
            })
            .collect();
        charts.push(BarChart::new(name, bars).color(lane_color(idx, lane)));
    }
    let top = base.iter().copied().fold(1.0, f64::max);
    let drag_id = ui.scope_id().with("activity-drag");
    let dragging: Option<f64> = ui.data(|d| d.get_temp(drag_id));
    let unit = activity.unit;
    let out = Plot::new("activity-strip")
        .height(90.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .sense(Sense::click_and_drag())
        .x_grid_spacer(super::calendar_grid)
        .x_axis_formatter(super::calendar_label)
        .y_axis_label(format!("per {unit}"))
        // The timeline's lane headers are this wide: the strip's dates then sit under its dates.
        .y_axis_min_width(
            crate::timeline::TimelineStyle::default()
                .header_width
                .min(width * 0.4),
        )
        .show(ui, |plot| {
            plot.set_plot_bounds_x(t0..=t1);
            plot.set_plot_bounds_y(0.0..=top * 1.1);
            for c in charts {
                plot.bar_chart(c);
            }
            let pointer = plot.pointer_coordinate().map(|p| p.x);
            if let (Some(a), Some(b)) = (dragging, pointer) {
                plot.add(
                    Span::new("selection", a.min(b)..=a.max(b))
                        .fill(Color32::from_rgba_unmultiplied(120, 160, 255, 50)),
                );
            }
            pointer
        });
    let r = &out.response;
    let pointer = out.inner;
    if r.drag_started()
        && let Some(x) = pointer
    {
        ui.data_mut(|d| d.insert_temp(drag_id, x));
    }
    if r.drag_stopped() {
        ui.data_mut(|d| d.remove::<f64>(drag_id));
        if let (Some(a), Some(b)) = (dragging, pointer) {
            let (a, b) = (a.min(b), a.max(b));
            // A click or a sliver is not a range.
            if b - a > (t1 - t0) / 200.0 {
                return Some((a, b));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::span;
    use crate::model::time::{Civil, DAY};
    use std::sync::Arc;

    fn sample() -> Indexed {
        match crate::sample::load() {
            Ok(l) => Indexed::new(Arc::new(l.dataset)),
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn counts_from_the_index_match_a_scan_of_the_events() {
        let idx = sample();
        let t0 = Civil::date(2023, 8, 20).to_instant() as f64;
        let t1 = Civil::date(2023, 9, 30).to_instant() as f64;
        let a = activity_bins(&idx, t0, t1, 800.0);
        assert_eq!(a.unit, "day");
        for (lane, counts) in a.counts.iter().enumerate() {
            for (k, w) in a.edges.windows(2).enumerate() {
                let (lo, hi) = (w[0], w[1]);
                let scanned = idx
                    .data
                    .events
                    .iter()
                    .filter(|e| e.lane as usize == lane)
                    .filter(|e| {
                        let (s, f) = span(&e.time);
                        s <= hi - 1.0 && f >= lo
                    })
                    .count();
                assert_eq!(counts[k] as usize, scanned, "lane {lane} bin {k}");
            }
        }
        // The summit lane has events on 13 Sep.
        let total: u32 = a.counts.iter().flatten().sum();
        assert!(total > 0);
    }

    #[test]
    fn bins_follow_the_zoom_and_the_calendar() {
        let idx = sample();
        let t0 = Civil::date(2023, 1, 1).to_instant() as f64;
        assert_eq!(
            activity_bins(&idx, t0, t0 + 2.0 * DAY as f64, 800.0).unit,
            "hour"
        );
        assert_eq!(
            activity_bins(&idx, t0, t0 + 200.0 * DAY as f64, 800.0).unit,
            "week"
        );
        let months = activity_bins(&idx, t0, t0 + 2000.0 * DAY as f64, 800.0);
        assert_eq!(months.unit, "month");
        for e in &months.edges {
            assert_eq!(Civil::from_instant(*e as i64).day, 1);
        }
        assert_eq!(
            activity_bins(&idx, t0, t0 + 9000.0 * DAY as f64, 800.0).unit,
            "year"
        );
    }
}
