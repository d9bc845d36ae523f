//! Charts drawn with egui_plot beside the timeline: how an event's dating converged (`dating`)
//! and which places its claims named (`places`), how each source fared (`sources`), how
//! activity runs (`activity`). Both axes that carry time read as calendar dates through
//! [`calendar_grid`] and [`calendar_label`], built on the timeline's own calendar steps.

pub mod activity;
pub mod dating;
pub mod places;
pub mod sources;

use crate::model::Dataset;
use crate::model::time::DAY;
use crate::timeline::axis::{self, Step};
use egui_plot::{GridInput, GridMark};
use std::collections::BTreeSet;
use std::ops::RangeInclusive;
use std::sync::Arc;

/// The app's chart windows and their state: what the app holds and hooks into its menus.
pub struct Charts {
    /// The Sources window is open.
    pub show_sources: bool,
    /// The activity strip under the timeline is shown. Off by default: on a small set the
    /// timeline already shows every event, and the strip would take 90 points of its height.
    pub show_activity: bool,
    pub sources: sources::SourcesPanel,
}

impl Default for Charts {
    fn default() -> Self {
        Charts {
            show_sources: false,
            show_activity: false,
            sources: sources::SourcesPanel::new(),
        }
    }
}

impl Charts {
    /// The View menu's entries.
    pub fn menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.checkbox(&mut self.show_sources, "Sources (track record)");
        ui.checkbox(&mut self.show_activity, "Activity strip");
    }

    /// The chart windows. `data`: the loaded data set; `as_of`: the lens's "as known on"
    /// instant; `filtered`: the source ids the Filters keep now. Returns the source filter to
    /// apply when an outlet was clicked (all its articles; empty to clear when the outlet shown
    /// was clicked again).
    pub fn windows_ui(
        &mut self,
        ctx: &egui::Context,
        data: &Arc<Dataset>,
        as_of: Option<crate::model::Instant>,
        filtered: &BTreeSet<String>,
    ) -> Option<BTreeSet<String>> {
        if !self.show_sources {
            return None;
        }
        let selected = outlet_of(data, filtered);
        let mut open = true;
        let mut request = None;
        egui::Window::new("Sources")
            .open(&mut open)
            .default_size([900.0, 640.0])
            .vscroll(true)
            .show(ctx, |ui| {
                if let Some(name) = self.sources.ui(ui, data, as_of, selected.as_deref()) {
                    request = Some(if selected.as_deref() == Some(name.as_str()) {
                        BTreeSet::new()
                    } else {
                        sources::source_ids_named(data, &name)
                    });
                }
            });
        self.show_sources = open;
        request
    }
}

/// The activity strip in a bottom panel, when shown. Returns a range dragged out on it, for
/// the timeline to zoom to.
pub fn activity_panel_ui(
    ui: &mut egui::Ui,
    show: bool,
    idx: &crate::index::Indexed,
    t0: f64,
    t1: f64,
) -> Option<(f64, f64)> {
    if !show {
        return None;
    }
    egui::Panel::bottom("activity")
        .show(ui, |ui| activity::activity_strip_ui(ui, idx, t0, t1))
        .inner
}

/// The outlet a source filter names, when all its ids are that outlet's articles.
pub fn outlet_of(data: &Dataset, ids: &BTreeSet<String>) -> Option<String> {
    let first = ids.iter().next()?;
    let name = &data.sources.iter().find(|s| &s.id == first)?.name;
    (sources::source_ids_named(data, name) == *ids).then(|| name.clone())
}

/// The detail pane's dating chart for the selected event, in a collapsing section. `original`:
/// the selected event's index in `data` (the loaded data set, not the lens's projection, so every
/// claim shows); `as_of`: the lens's "as known on" date. Returns the claim clicked, as (event,
/// claim) positions in `data`.
pub fn dating_section_ui(
    ui: &mut egui::Ui,
    data: &Dataset,
    original: Option<usize>,
    as_of: Option<crate::model::Instant>,
) -> Option<(usize, usize)> {
    let event = original?;
    let e = data.events.get(event)?;
    if !e.claims.iter().any(|c| c.time.is_some()) {
        return None;
    }
    let has_places = e.claims.iter().any(|c| c.place.is_some());
    egui::CollapsingHeader::new("Dating chart")
        .default_open(true)
        .show(ui, |ui| {
            // Which mode: dates (the default) or places as rows; kept for the session.
            let mode_id = ui.scope_id().with("dating-chart-places");
            let mut places = has_places && ui.data(|d| d.get_temp(mode_id)).unwrap_or(false);
            if has_places {
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut places, false, "Dates");
                    ui.selectable_value(&mut places, true, "Places");
                });
                ui.data_mut(|d| d.insert_temp(mode_id, places));
            }
            if places {
                places::places_chart_ui(ui, data, event)
            } else {
                dating::dating_chart_ui(ui, data, event, as_of)
            }
        })
        .body_returned
        .flatten()
        .map(|claim| (event, claim))
}

/// Pixels between two labelled grid lines on an x axis: above egui_plot's 80 px label spacing,
/// so every label it is given is drawn (none skipped, none faded).
pub const LABEL_SPACING_PX: f64 = 90.0;

/// The same on a y axis, where labels are one line high (egui_plot fades below 30 px).
pub const Y_LABEL_SPACING_PX: f64 = 34.0;

/// egui_plot's default minimum grid spacing in points, which `GridInput::base_step_size` is
/// scaled by.
const PLOT_GRID_MIN_PX: f64 = 8.0;

/// Grid lines on calendar boundaries (days, weeks from Monday, months, years) for an axis whose
/// values are seconds since 1970 UTC. One level only, at a step wide enough for its labels, so
/// labels neither skip nor repeat.
pub fn calendar_grid(input: GridInput) -> Vec<GridMark> {
    calendar_grid_spaced(input, LABEL_SPACING_PX, 0.0)
}

/// [`calendar_grid`] for an axis of dates no finer than a day: never a step under a day (hours
/// on such an axis would show a time of day no date gave).
pub fn calendar_grid_days(input: GridInput) -> Vec<GridMark> {
    calendar_grid_spaced(input, LABEL_SPACING_PX, DAY as f64)
}

/// [`calendar_grid`] for a y axis.
pub fn calendar_grid_y(input: GridInput) -> Vec<GridMark> {
    calendar_grid_spaced(input, Y_LABEL_SPACING_PX, 0.0)
}

/// [`calendar_grid_days`] for a y axis.
pub fn calendar_grid_y_days(input: GridInput) -> Vec<GridMark> {
    calendar_grid_spaced(input, Y_LABEL_SPACING_PX, DAY as f64)
}

fn calendar_grid_spaced(input: GridInput, spacing_px: f64, min_step: f64) -> Vec<GridMark> {
    let seconds_per_px = input.base_step_size / PLOT_GRID_MIN_PX;
    if !(seconds_per_px.is_finite() && seconds_per_px > 0.0) {
        return Vec::new();
    }
    let step = axis::step_for((seconds_per_px * spacing_px).max(min_step));
    let (t0, t1) = input.bounds;
    axis::ticks(t0, t1, step, 200)
        .into_iter()
        .map(|t| GridMark {
            value: t as f64,
            step_size: step.approx_seconds(),
        })
        .collect()
}

/// The step a [`calendar_grid`] mark belongs to (its `step_size` is the step's length).
fn step_of(mark: GridMark) -> Step {
    axis::step_for(mark.step_size * 0.999)
}

/// The label of a [`calendar_grid`] mark: "13 Sep", "Sep", "Jan 2024", "2023". The first label
/// in `range` (the axis's visible range) carries its year ("24 Nov 2014", "Nov 2014",
/// "24 Nov 2014 14:30"), as the timeline's axis says its context: a chart of days gives no
/// other sign of the year, and two axes of "24 Nov" and "26 Nov" may be ten years apart.
pub fn calendar_label(mark: GridMark, range: &RangeInclusive<f64>) -> String {
    let t = mark.value.round() as i64;
    let step = step_of(mark);
    let text = axis::label(t, step);
    // First: no tick of its step between the range's start and it (steps of months and years
    // are not all one length, so this asks the calendar, not the step size).
    let first = axis::ticks(*range.start(), mark.value - 1.0, step, 1).is_empty();
    let year = crate::model::time::year_text(crate::model::time::Civil::from_instant(t).year);
    if !first || text.contains(&year) {
        return text;
    }
    match step {
        Step::Years(_) => text,
        Step::Seconds(_) if text.contains(':') => format!("{} {text}", axis::context(t, step)),
        _ => format!("{text} {year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::Civil;

    fn labels(t0: f64, t1: f64, width_px: f64) -> Vec<String> {
        let input = GridInput {
            bounds: (t0, t1),
            base_step_size: (t1 - t0) / width_px * PLOT_GRID_MIN_PX,
        };
        calendar_grid(input)
            .into_iter()
            .map(|m| calendar_label(m, &(t0..=t1)))
            .collect()
    }

    #[test]
    fn two_weeks_over_1000_px_label_every_day_once() {
        let t0 = Civil::date(2023, 9, 1).to_instant() as f64;
        let l = labels(t0, t0 + 13.5 * DAY as f64, 1400.0);
        let mut days: Vec<String> = (1..=14).map(|d| format!("{d} Sep")).collect();
        days[0] = "1 Sep 2023".into();
        assert_eq!(l, days);
    }

    #[test]
    fn an_axis_of_days_never_steps_in_hours() {
        // Two and a half days over 600 px: hours fit, but the dates are days.
        let t0 = Civil::date(2023, 9, 12).to_instant() as f64;
        let t1 = t0 + 2.5 * DAY as f64;
        let input = || GridInput {
            bounds: (t0, t1),
            base_step_size: (t1 - t0) / 600.0 * PLOT_GRID_MIN_PX,
        };
        assert!(
            calendar_grid(input())
                .iter()
                .any(|m| m.step_size < DAY as f64)
        );
        let days = calendar_grid_days(input());
        let labels: Vec<String> = days
            .iter()
            .map(|&m| calendar_label(m, &(t0..=t1)))
            .collect();
        assert_eq!(labels, ["12 Sep 2023", "13 Sep", "14 Sep"]);
        assert!(
            calendar_grid_y_days(input())
                .iter()
                .all(|m| m.step_size >= DAY as f64)
        );
    }

    #[test]
    fn the_first_label_of_an_axis_says_its_year() {
        // GDELT's dating chart: published 24–25 Nov 2014 (x), events given 26–27 Nov 2004 (y).
        let x0 = Civil::date(2014, 11, 24).to_instant() as f64;
        let y0 = Civil::date(2004, 11, 26).to_instant() as f64;
        assert_eq!(
            labels(x0, x0 + 1.5 * DAY as f64, 150.0),
            ["24 Nov 2014", "25 Nov"]
        );
        assert_eq!(
            labels(y0, y0 + 1.5 * DAY as f64, 150.0),
            ["26 Nov 2004", "27 Nov"]
        );
        // Months, and hours: the year, and the day with it.
        let m0 = Civil::date(2014, 3, 1).to_instant() as f64;
        assert_eq!(labels(m0, m0 + 80.0 * DAY as f64, 300.0)[0], "Mar 2014");
        let h0 = m0 + 14.0 * 3600.0;
        assert_eq!(labels(h0, h0 + 3.0 * 3600.0, 600.0)[0], "1 Mar 2014 14:00");
        // A range starting on 31 January: February is the first label, March is not.
        let jan31 = Civil::date(2014, 1, 31).to_instant() as f64;
        let l = labels(jan31, jan31 + 120.0 * DAY as f64, 400.0);
        assert_eq!(l[..2], ["Feb 2014", "Mar"], "{l:?}");
        // A label that has its year already keeps it once.
        let j0 = Civil::date(2015, 1, 1).to_instant() as f64;
        assert_eq!(labels(j0, j0 + 1.5 * DAY as f64, 150.0)[0], "1 Jan 2015");
    }

    #[test]
    fn a_year_over_900_px_labels_months_in_order() {
        let t0 = Civil::date(2023, 1, 1).to_instant() as f64;
        let t1 = Civil::date(2023, 12, 31).to_instant() as f64;
        let l = labels(t0, t1, 1200.0);
        assert_eq!(
            l,
            [
                "Jan 2023", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                "Dec"
            ]
        );
    }

    #[test]
    fn label_steps_stay_wide_enough_for_the_text() {
        let t0 = Civil::date(2000, 1, 1).to_instant() as f64;
        for width in [200.0, 600.0, 1600.0] {
            for span_days in [3.0, 40.0, 400.0, 4000.0] {
                let t1 = t0 + span_days * DAY as f64;
                let marks = calendar_grid(GridInput {
                    bounds: (t0, t1),
                    base_step_size: (t1 - t0) / width * PLOT_GRID_MIN_PX,
                });
                for m in &marks {
                    let px = m.step_size / ((t1 - t0) / width);
                    assert!(
                        px >= LABEL_SPACING_PX * 0.99,
                        "{span_days} d in {width} px: {px}"
                    );
                }
            }
        }
    }
}
