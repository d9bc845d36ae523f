//! The activity strip: how many events meet each calendar bin (hour, day, week, month, year,
//! chosen by zoom) of the visible range, stacked by lane. Counts come from each lane's index (two
//! binary searches per bin and lane, never a scan of the events), so the strip costs the same
//! at a thousand events as at a million; the lanes with the most events in view are stacked one
//! by one, the others together. Its x range is the timeline's; dragging on it selects a range to
//! zoom the timeline to.

use crate::index::Indexed;
use crate::timeline::axis::{self, Step};
use crate::timeline::paint::{lane_color, thousands};
use egui::{Color32, Sense};
use egui_plot::{Bar, BarChart, Plot, Span};
use std::sync::Arc;

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
/// `width_px` and no finer than the events in view are dated, and counts each lane's events meeting each bin from the index. Years are the
/// coarsest unit; at wider zooms bins are several years (from the timeline's own steps).
pub fn activity_bins(idx: &Indexed, t0: f64, t1: f64, width_px: f32) -> Activity {
    let seconds_per_px = (t1 - t0) / f64::from(width_px.max(1.0));
    let min_bin = seconds_per_px * MIN_BIN_PX;
    // No finer than the events in view are dated (the finest lane's middle event): counted
    // by hour, a day's events would meet 24 bins and stack up 24 times; counted by day, a
    // week's seven.
    let dated = idx
        .lanes
        .iter()
        .filter_map(|l| l.median_span_at_least(t0, t1))
        .fold(f64::INFINITY, f64::min);
    // Weeks are the data's own where its lanes' weeks start on one day (ACLED's weekly counts
    // on Saturdays), else Monday's.
    let mut starts = idx.lanes.iter().filter_map(|l| l.week_start());
    let week = starts.next().filter(|&first| starts.all(|s| s == first));
    let coarsest = crate::timeline::density::density_bin(dated, 0.0, week);
    let (step, unit) = UNITS
        .iter()
        .map(|&(s, unit)| match (s, week) {
            (Step::Days(7), Some(first)) => (Step::Weeks(first), unit),
            _ => (s, unit),
        })
        .find(|(s, _)| {
            s.approx_seconds() >= min_bin
                && coarsest.is_none_or(|c| s.approx_seconds() >= c.approx_seconds())
        })
        .unwrap_or((axis::step_for(min_bin), "year"));
    // One tick before the range so the first bin covers t0, one after so the last covers t1.
    let pad = step.approx_seconds() * 1.5;
    let edges: Vec<f64> = axis::ticks(t0 - pad, t1 + pad, step, 4096)
        .into_iter()
        .map(|t| t as f64)
        .collect();
    // Events meeting [a, b): the index counts closed windows, so each ends just before the next
    // edge. Where events count events (weekly counts), what they count.
    let bins: Vec<(f64, f64)> = edges
        .windows(2)
        .filter_map(|w| match w {
            [a, b] => Some((*a, *b - 1.0)),
            _ => None,
        })
        .collect();
    let counts = idx
        .lanes
        .iter()
        .map(|lane| lane.bin_counts(&bins))
        .collect();
    Activity {
        unit,
        edges,
        counts,
    }
}

/// Most lanes stacked one by one; the rest are summed into one grey "other lanes" series, so
/// that 120 lanes do not become 120 hair-thin stripes no one can tell apart.
pub const STACKED_LANES: usize = 7;

/// One stacked series: a lane, or all the lanes past [`STACKED_LANES`].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    /// The lane (for its colour); `None` for the other lanes together.
    pub lane: Option<usize>,
    pub counts: Vec<u32>,
}

/// The lanes with the most events in the range, most first (ties by lane order), at most
/// [`STACKED_LANES`] of them, then one series of all the others with their number in its name.
/// Lanes with no event in the range are left out.
pub fn stacked_series(idx: &Indexed, a: &Activity) -> Vec<Series> {
    let mut lanes: Vec<(usize, u64)> = a
        .counts
        .iter()
        .enumerate()
        .map(|(lane, c)| (lane, c.iter().map(|&n| u64::from(n)).sum::<u64>()))
        .filter(|(_, total)| *total > 0)
        .collect();
    lanes.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    // A single lane past the limit is shown as itself, not as "1 other lane".
    let shown = if lanes.len() <= STACKED_LANES + 1 {
        lanes.len()
    } else {
        STACKED_LANES
    };
    let name = |lane: usize| {
        idx.data
            .lanes
            .get(lane)
            .map_or_else(|| format!("lane {lane}"), |l| l.label.clone())
    };
    let mut out: Vec<Series> = lanes
        .iter()
        .take(shown)
        .filter_map(|&(lane, _)| {
            Some(Series {
                name: name(lane),
                lane: Some(lane),
                counts: a.counts.get(lane)?.clone(),
            })
        })
        .collect();
    let rest: Vec<usize> = lanes.iter().skip(shown).map(|&(lane, _)| lane).collect();
    if !rest.is_empty() {
        let bins = a.edges.len().saturating_sub(1);
        let mut counts = vec![0u32; bins];
        for lane in &rest {
            for (sum, n) in counts
                .iter_mut()
                .zip(a.counts.get(*lane).into_iter().flatten())
            {
                *sum = sum.saturating_add(*n);
            }
        }
        out.push(Series {
            name: format!("{} other lanes", rest.len()),
            lane: None,
            counts,
        });
    }
    out
}

/// The colour of the "other lanes" series.
const OTHER_LANES: Color32 = Color32::from_rgb(0x8a, 0x8a, 0x8a);

/// The activity of `[t0, t1]` at `width` points, computed once per range, width and data set
/// (kept in egui's memory), so a frame that does not move the view does not count again.
fn cached_activity(ui: &egui::Ui, idx: &Indexed, t0: f64, t1: f64, width: f32) -> Arc<Activity> {
    let key = (t0.to_bits(), t1.to_bits(), width.to_bits());
    crate::app::memo::memo(ui, "activity-bins", &idx.data, key, || {
        Arc::new(activity_bins(idx, t0, t1, width))
    })
}

/// The strip for the timeline's range `[t0, t1]`: stacked bars, and under them a line naming
/// what is stacked. Returns a range dragged out on it, for the timeline to zoom to.
pub fn activity_strip_ui(ui: &mut egui::Ui, idx: &Indexed, t0: f64, t1: f64) -> Option<(f64, f64)> {
    let width = ui.available_width();
    let activity = cached_activity(ui, idx, t0, t1, width);
    let series = stacked_series(idx, &activity);
    let bins = activity.edges.len().saturating_sub(1);
    let mut base = vec![0f64; bins];
    let mut charts = Vec::with_capacity(series.len());
    let mut legend: Vec<(String, Color32)> = Vec::with_capacity(series.len());
    for s in &series {
        let color = s.lane.map_or(OTHER_LANES, |l| lane_color(idx, l));
        legend.push((s.name.clone(), color));
        let name = &s.name;
        let bars: Vec<Bar> = s
            .counts
            .iter()
            .zip(activity.edges.windows(2))
            .zip(base.iter_mut())
            .filter(|((c, _), _)| **c > 0)
            .filter_map(|((&c, w), b)| {
                let [a, e] = w else { return None };
                // Solid, without an outline: egui_plot's default (a faint fill inside a
                // stroke) turns a hundred thin bars into a comb of outlines.
                let bar = Bar::new((a + e) / 2.0, f64::from(c))
                    .width((e - a) * 0.9)
                    .base_offset(*b)
                    .fill(color)
                    .stroke(egui::Stroke::NONE);
                *b += f64::from(c);
                Some(bar)
            })
            .collect();
        // The hovered bar's text is made when it is hovered, not a string for every bar of
        // every frame.
        let label = name.clone();
        charts.push(
            BarChart::new(name.clone(), bars)
                .color(color)
                .element_formatter(Box::new(move |bar, _| {
                    format!("{label}: {}", thousands(bar.value.max(0.0) as usize))
                })),
        );
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
        .y_axis_formatter(|mark, _| {
            if mark.value >= 0.0 && mark.value.fract() == 0.0 {
                thousands(mark.value as usize)
            } else {
                String::new()
            }
        })
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
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        // "Events", added up where events count them (`weighted_count`), or what each event is
        // where it counts events but no number says how many ("Yearly counts").
        let what = if !idx.lanes.is_empty() && idx.data.weights.is_some() {
            "events".to_string()
        } else {
            idx.data.records_word()
        };
        let mut what = what.chars();
        let first = what.next().map(|c| c.to_uppercase().to_string());
        ui.weak(format!(
            "{}{} per {unit}, stacked:",
            first.unwrap_or_default(),
            what.as_str()
        ));
        for (name, color) in &legend {
            let (r, _) = ui.allocate_exact_size(egui::vec2(9.0, 9.0), Sense::hover());
            ui.painter().rect_filled(r, 1.0, *color);
            ui.weak(name);
            ui.add_space(6.0);
        }
        ui.weak("· drag to zoom the timeline");
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
    fn weekly_counts_add_up_the_events_they_count() {
        // Four weeks of two areas' counts: 1 and 10 events a week.
        let mut text = String::from("WEEK,COUNTRY,ADMIN1,EVENT_TYPE,EVENTS\n");
        for day in ["2024-01-06", "2024-01-13", "2024-01-20", "2024-01-27"] {
            text += &format!("{day},Somalia,Bay,Battles,1\n{day},Somalia,Gedo,Battles,10\n");
        }
        let l = crate::load::load_bytes("weekly.csv", text.as_bytes()).unwrap();
        let idx = Indexed::new(Arc::new(l.dataset));
        let t0 = Civil::date(2024, 1, 1).to_instant() as f64;
        let t1 = Civil::date(2024, 3, 1).to_instant() as f64;
        let a = activity_bins(&idx, t0, t1, 60.0);
        let mut all = 0;
        for (k, w) in a.edges.windows(2).enumerate() {
            let (lo, hi) = (w[0], w[1]);
            let counted: u32 = idx
                .data
                .events
                .iter()
                .filter(|e| {
                    let (s, f) = span(&e.time);
                    s <= hi - 1.0 && f >= lo
                })
                .map(|e| idx.data.weight(e).unwrap())
                .sum();
            assert_eq!(a.counts[0][k], counted, "bin {k}");
            all += a.counts[0][k];
        }
        // Counted by the data's own weeks (Saturday to Friday), however narrow a week is on
        // screen: each week's 11 events once, in the bin of its week.
        assert_eq!(a.unit, "week");
        let saturday = Civil::date(2024, 1, 6).to_instant() as f64;
        assert!(a.edges.contains(&saturday), "{:?}", a.edges);
        assert_eq!(all, 44);
        assert!(
            a.counts[0].iter().all(|&n| n == 0 || n == 11),
            "{:?}",
            a.counts
        );
        // Wide enough for months: by month, each week in the months it meets.
        let wide = activity_bins(&idx, t0, t1, 20.0);
        assert_eq!(wide.unit, "month");
    }

    /// Indexes a sheet of `id,title,date` rows, one for each date.
    fn dated(dates: impl Iterator<Item = String>) -> Indexed {
        let mut text = String::from("id,title,date\n");
        for (i, d) in dates.enumerate() {
            text += &format!("e{i},Event {i},{d}\n");
        }
        match crate::load::load_bytes("dated.csv", text.as_bytes()) {
            Ok(l) => Indexed::new(Arc::new(l.dataset)),
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn days_are_not_counted_by_the_hour() {
        // Three events a day through September 2023, dated to the day: two days at 800 px
        // would be bins of an hour, each counting its day's events again.
        let days = dated((1..=30).flat_map(|d| (0..3).map(move |_| format!("2023-09-{d:02}"))));
        let t0 = Civil::date(2023, 9, 13).to_instant() as f64;
        let a = activity_bins(&days, t0, t0 + 2.0 * DAY as f64, 800.0);
        assert_eq!(a.unit, "day");
        assert!(
            a.counts[0].iter().all(|&n| n == 0 || n == 3),
            "{:?}",
            a.counts
        );
        // Events with a time of day are counted by the hour still.
        let timed = dated(
            (1..=30)
                .flat_map(|d| (0..3).map(move |h| format!("2023-09-{d:02}T{:02}:00:00Z", 8 * h))),
        );
        assert_eq!(
            activity_bins(&timed, t0, t0 + 2.0 * DAY as f64, 800.0).unit,
            "hour"
        );
    }

    #[test]
    fn bins_follow_the_zoom_and_the_calendar() {
        // An event every seven hours for 25 years: no date coarser than the bins.
        let start = Civil::date(2023, 1, 1).to_instant();
        let idx = dated(
            (0..31_300i64).map(|k| crate::model::time::format_iso_datetime(start + k * 7 * 3600)),
        );
        let t0 = start as f64;
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

    #[test]
    fn many_lanes_stack_the_busiest_and_sum_the_rest_exactly() {
        let mut json = Vec::new();
        crate::generate::generate(&mut json, 24_000, 7, crate::generate::GenFormat::Json)
            .unwrap_or_else(|e| unreachable!("{e}"));
        let loaded =
            crate::load::load_bytes("gen.json", &json).unwrap_or_else(|e| unreachable!("{e}"));
        let idx = Indexed::new(Arc::new(loaded.dataset));
        assert!(idx.lanes.len() > STACKED_LANES + 1, "{}", idx.lanes.len());
        let (t0, t1) = idx.extent.unwrap_or_else(|| unreachable!());
        let a = activity_bins(&idx, t0, t1, 1000.0);
        let series = stacked_series(&idx, &a);
        assert_eq!(series.len(), STACKED_LANES + 1);
        let totals: Vec<u64> = series
            .iter()
            .map(|s| s.counts.iter().map(|&n| u64::from(n)).sum())
            .collect();
        // Busiest first; the last is all the others, by name and by count.
        assert!(totals[..STACKED_LANES].windows(2).all(|w| w[0] >= w[1]));
        let last = &series[STACKED_LANES];
        assert_eq!(last.lane, None);
        let busy = a.counts.iter().filter(|c| c.iter().any(|&n| n > 0)).count();
        assert_eq!(last.name, format!("{} other lanes", busy - STACKED_LANES));
        // Per bin, the stack adds up to every lane's count.
        for k in 0..a.edges.len() - 1 {
            let all: u32 = a.counts.iter().map(|c| c[k]).sum();
            let stacked: u32 = series.iter().map(|s| s.counts[k]).sum();
            assert_eq!(stacked, all, "bin {k}");
        }
    }
}
