//! The dating chart of one event: for each claim that gave a time, where it was published (x)
//! and the window it gave (y: a bar from earliest to latest, a marker where it is a day or less,
//! arrows for open ends), coloured by the source's reliability and hollow when the claim's
//! credibility is 4–6; a band for the event's dating as known on the lens's date (or now) and a
//! line at that date. Shows at a glance how forecasts converged.

use super::{calendar_grid_days, calendar_grid_y, calendar_grid_y_days, calendar_label};
use crate::app::detail::reliability_color;
use crate::model::known::{self, published_by, start_of_day};
use crate::model::time::{DAY, Precision, format_human_date};
use crate::model::{Bound, Dataset, Edge, Instant, Reliability};
use egui::{Sense, Stroke};
use egui_plot::{Arrows, Line, MarkerShape, Plot, PlotPoint, Points, Span, VLine};

/// One claim's mark on the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct DatingMark {
    /// Position of the claim in its event.
    pub claim: usize,
    /// The day its source was surely published (00:00 UTC).
    pub published: Instant,
    /// Where it is drawn: `published`, shifted within its day so that claims published the same
    /// day stand side by side (seconds).
    pub x: f64,
    /// The window's ends; `None` for an open end.
    pub earliest: Option<Instant>,
    pub latest: Option<Instant>,
    /// The window is a day or less: drawn as a marker.
    pub point: bool,
    pub reliability: Option<Reliability>,
    /// Credibility 4–6 (doubtful, improbable, cannot be judged): drawn hollow.
    pub hollow: bool,
    /// "TASS (B1), 5 Sep 2023: mid-September (11–20 Sep)".
    pub label: String,
}

/// The marks of an event's chart: one per claim that gave a time with at least one known end,
/// from a source with a publication date (without one it has no x). Pure; the widget draws these.
pub fn dating_marks(data: &Dataset, event_ix: usize) -> Vec<DatingMark> {
    let Some(e) = data.events.get(event_ix) else {
        return Vec::new();
    };
    let mut marks = e
        .claims
        .iter()
        .enumerate()
        .filter_map(|(n, c)| {
            let t = c.time.as_deref()?;
            let source = data.sources.get(c.source as usize)?;
            let published = start_of_day(published_by(source)?);
            let end = |b: Bound, v: Option<Instant>| match b.edge() {
                Edge::Open => Some(None),
                Edge::Unknown => None,
                Edge::At(_) => v.map(Some),
            };
            let earliest = end(t.earliest_start, t.earliest())?;
            let latest = end(t.latest_end, t.latest())?;
            if earliest.is_none() && latest.is_none() {
                return None;
            }
            let point = matches!((earliest, latest), (Some(a), Some(b)) if b - a < DAY);
            let grade = format!(
                "{}{}",
                source.reliability.map_or('–', |r| r.letter()),
                c.credibility.map_or("–".into(), |g| g.value().to_string())
            );
            Some(DatingMark {
                claim: n,
                published,
                x: published as f64,
                earliest,
                latest,
                point,
                reliability: source.reliability,
                hollow: c.credibility.is_some_and(|g| g.value() >= 4),
                label: format!(
                    "{} ({grade}), {}: {} ({})",
                    source.name,
                    format_human_date(published),
                    t.written,
                    t.describe()
                ),
            })
        })
        .collect::<Vec<_>>();
    spread(&mut marks);
    marks
}

/// How many days a claim was published after the last day it gives (positive), before the
/// first (negative), or within them (0; also where the window is open on that side).
fn lag_days(m: &DatingMark) -> i64 {
    match (m.earliest.map(start_of_day), m.latest.map(start_of_day)) {
        (_, Some(last)) if m.published > last => (m.published - last) / DAY,
        (Some(first), _) if m.published < first => (m.published - first) / DAY,
        _ => 0,
    }
}

/// When the claims were published against the dates they give, in words: "Published 110 days
/// after the dates given" (ACLED's record of a day in April, published in July), "Published
/// 0–3 days before the dates given", "Published from 6 days before to 1 day after the dates
/// given" (the summit, forecast, then reported). Counted in whole days, from the window's last day
/// to the publication's (or from the publication's to the window's first).
pub fn lag_words(marks: &[DatingMark]) -> Option<String> {
    let lags = marks.iter().map(lag_days);
    let (lo, hi) = lags.fold(None, |acc: Option<(i64, i64)>, d| {
        Some(acc.map_or((d, d), |(a, b)| (a.min(d), b.max(d))))
    })?;
    let days = |n: i64| {
        if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    };
    let span = |a: i64, b: i64| {
        if a == b {
            days(a)
        } else {
            format!("{a}–{}", days(b))
        }
    };
    Some(if lo == 0 && hi == 0 {
        "Published within the dates given".to_string()
    } else if lo >= 0 {
        format!("Published {} after the dates given", span(lo, hi))
    } else if hi <= 0 {
        format!("Published {} before the dates given", span(-hi, -lo))
    } else {
        format!(
            "Published from {} before to {} after the dates given",
            days(-lo),
            days(hi)
        )
    })
}

/// Spreads marks published the same day across the middle of that day (10% to 90% of it).
fn spread(marks: &mut [DatingMark]) {
    let mut days: Vec<Instant> = marks.iter().map(|m| m.published).collect();
    days.sort_unstable();
    days.dedup();
    for day in days {
        let n = marks.iter().filter(|m| m.published == day).count() as f64;
        for (k, m) in marks.iter_mut().filter(|m| m.published == day).enumerate() {
            m.x = day as f64 + DAY as f64 * (0.5 + 0.8 * ((k as f64 + 0.5) / n - 0.5));
        }
    }
}

/// The chart's plot height, and its height when its marks are one (one day, one window).
pub const HEIGHT: f32 = 280.0;
pub const ONE_DAY_HEIGHT: f32 = 120.0;

/// The plot's height for `marks`: marks published on one day that give one window are one
/// mark, and a short chart says all a tall one would (windows apart need the height).
pub fn plot_height(marks: &[DatingMark]) -> f32 {
    let one = marks.windows(2).all(|w| {
        let [a, b] = w else { return true };
        a.published == b.published && (a.earliest, a.latest) == (b.earliest, b.latest)
    });
    if one { ONE_DAY_HEIGHT } else { HEIGHT }
}

/// The event's dating chart. `as_of`: the lens's "as known on" instant, or `None` for now.
/// Returns the claim (its position in the event) that was clicked.
pub fn dating_chart_ui(
    ui: &mut egui::Ui,
    data: &Dataset,
    event_ix: usize,
    as_of: Option<Instant>,
) -> Option<usize> {
    let e = data.events.get(event_ix)?;
    let marks = dating_marks(data, event_ix);
    if marks.is_empty() {
        ui.weak("No claim with a publication date gave a time for this event.");
        return None;
    }
    let at = as_of.unwrap_or_else(|| chrono::Utc::now().timestamp());
    let known = known::event_time_known(data, e, at);
    let band = known.as_deref().unwrap_or(&e.time);
    // The data's extent, to size open ends and decide whether the date line fits.
    let xs = marks.iter().map(|m| m.x);
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let ys = marks
        .iter()
        .flat_map(|m| [m.earliest, m.latest])
        .flatten()
        .map(|t| t as f64)
        .chain(band.earliest().map(|t| t as f64))
        .chain(band.latest().map(|t| t as f64));
    let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    let x_pad = ((x1 - x0) * 0.08).max(DAY as f64);
    let y_span = (y1 - y0).max(DAY as f64);
    let arrow = y_span * 0.12;
    let at_in_view = (at as f64) >= x0 - 2.0 * x_pad && (at as f64) <= x1 + 2.0 * x_pad;
    // Publication days are days; the dates given are hours only where some time says so.
    let finer_than_days = std::iter::once(&*e.time)
        .chain(e.claims.iter().filter_map(|c| c.time.as_deref()))
        .any(|t| t.precision < Precision::Day);
    let y_grid = if finer_than_days {
        calendar_grid_y
    } else {
        calendar_grid_y_days
    };
    let visuals = ui.visuals().clone();
    let caption = match (as_of, known.is_some()) {
        (Some(_), true) => format!("band: the dating as known on {}", known::day_text(at)),
        (Some(_), false) => format!(
            "band: the data set's dating (no dated claim was known on {})",
            known::day_text(at)
        ),
        (None, _) => "band: the dating as known now".to_string(),
    };
    ui.weak(format!(
        "{} giving a time · x published, y the dates given · {caption}",
        crate::model::counted(marks.len(), |n| n.to_string(), "claim")
    ));
    if let Some(lag) = lag_words(&marks) {
        ui.label(lag);
    }
    // Where "published" is a record's last change (ACLED's `timestamp`), the chart says so.
    crate::app::lens_ui::known_caveat_ui(ui, data);
    let response = Plot::new(("dating-chart", event_ix))
        .height(plot_height(&marks))
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .sense(Sense::hover())
        .x_grid_spacer(calendar_grid_days)
        .y_grid_spacer(y_grid)
        .x_axis_formatter(calendar_label)
        .y_axis_formatter(calendar_label)
        .x_axis_label("published")
        .y_axis_label("dates given")
        .y_axis_min_width(48.0)
        .include_x(x0 - x_pad)
        .include_x(x1 + x_pad)
        .include_y(y0 - arrow * 1.2)
        .include_y(y1 + arrow * 1.2)
        .show(ui, |plot| {
            if let (Some(a), Some(b)) = (band.earliest(), band.latest()) {
                plot.add(
                    Span::new("event", a as f64..=(b + 1) as f64)
                        .axis(egui_plot::Axis::Y)
                        .fill(visuals.selection.bg_fill.gamma_multiply(0.25))
                        .border_width(0.0),
                );
            }
            if at_in_view {
                plot.add(
                    VLine::new("as known on", at as f64)
                        .color(crate::timeline::paint::cursor_color(&visuals))
                        .width(1.5),
                );
            }
            for m in &marks {
                let color = reliability_color(m.reliability);
                let x = m.x;
                let lo = m.earliest.map_or(y0 - arrow, |t| t as f64);
                let hi = m.latest.map_or(y1 + arrow, |t| t as f64);
                let name = format!("claim {}", m.claim);
                if m.point {
                    plot.add(
                        Points::new(name.clone(), vec![[x, (lo + hi) / 2.0]])
                            .shape(MarkerShape::Circle)
                            .radius(4.5)
                            .filled(!m.hollow)
                            .color(color)
                            .allow_hover(false),
                    );
                } else {
                    let stroke = if m.hollow { 1.5 } else { 4.0 };
                    plot.add(
                        Line::new(name.clone(), vec![[x, lo], [x, hi]])
                            .stroke(Stroke::new(stroke, color))
                            .allow_hover(false),
                    );
                }
                let ends = [
                    (m.earliest.is_none(), lo + arrow, lo),
                    (m.latest.is_none(), hi - arrow, hi),
                ];
                for (open, from, to) in ends {
                    if open {
                        plot.add(
                            Arrows::new(name.clone(), vec![[x, from]], vec![[x, to]])
                                .color(color)
                                .tip_length(8.0)
                                .allow_hover(false),
                        );
                    }
                }
            }
        });
    // Hover and click: one small widget per mark over its bar, which also gives it an accessible
    // label (how screen readers and tests find the marks).
    let transform = response.transform;
    let mut clicked = None;
    for m in &marks {
        let x = m.x;
        let lo = m.earliest.map_or(y0 - arrow, |t| t as f64);
        let hi = m.latest.map_or(y1 + arrow, |t| t as f64);
        let a = transform.position_from_point(&PlotPoint::new(x, lo));
        let b = transform.position_from_point(&PlotPoint::new(x, hi));
        let rect = egui::Rect::from_two_pos(a, b)
            .expand2(egui::vec2(5.0, 5.0))
            .intersect(*transform.frame());
        if !rect.is_positive() {
            continue;
        }
        let id = ui.scope_id().with(("dating-mark", event_ix, m.claim));
        let r = ui.interact(rect, id, Sense::click());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, true, format!("Claim: {}", m.label))
        });
        if mark_hovered_or_clicked(ui, r, rect, &visuals, e, m.claim, &m.label) {
            clicked = Some(m.claim);
        }
    }
    ui.weak(
        "colour: source reliability (green A–B, amber C, red D–E, grey F or ungraded); \
         hollow: credibility 4–6; arrows: open ends",
    );
    clicked
}

/// A chart mark's hover and click, shared by the dating chart and its places mode: an outline
/// while hovered, the source and what it said on hover; true when clicked.
pub(super) fn mark_hovered_or_clicked(
    ui: &egui::Ui,
    r: egui::Response,
    rect: egui::Rect,
    visuals: &egui::Visuals,
    e: &crate::model::Event,
    claim: usize,
    label: &str,
) -> bool {
    if r.hovered() {
        ui.painter().rect_stroke(
            rect,
            2.0,
            visuals.widgets.hovered.fg_stroke,
            egui::StrokeKind::Outside,
        );
    }
    let said = e.claims.get(claim).map(|c| c.said.to_string());
    let r = r.on_hover_ui(|ui| {
        ui.label(label);
        if let Some(said) = &said {
            ui.weak(format!("“{said}”"));
        }
    });
    r.clicked()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summit_has_one_mark_per_claim_that_gives_a_time() {
        let data = match crate::sample::load() {
            Ok(l) => l.dataset,
            Err(e) => unreachable!("{e}"),
        };
        let (ix, summit) = data
            .events
            .iter()
            .enumerate()
            .find(|(_, e)| data.id(e) == "summit-vostochny")
            .unwrap_or_else(|| unreachable!());
        let timed = summit.claims.iter().filter(|c| c.time.is_some()).count();
        let marks = dating_marks(&data, ix);
        assert_eq!(marks.len(), timed);
        assert_eq!(marks.len(), 17);
        // "after the Vladivostok forum" (The Independent): open towards the future.
        let open: Vec<&DatingMark> = marks.iter().filter(|m| m.latest.is_none()).collect();
        assert_eq!(open.len(), 1);
        assert!(open.iter().all(|m| m.label.starts_with("The Independent")));
        // "13 Sep" is a day: a marker; "this month" is a bar.
        assert!(marks.iter().any(|m| m.point));
        assert!(marks.iter().any(|m| !m.point && m.latest.is_some()));
        assert_eq!(
            lag_words(&marks).as_deref(),
            Some("Published from 6 days before to 1 day after the dates given")
        );
    }

    fn mark(published: Instant, earliest: Option<Instant>, latest: Option<Instant>) -> DatingMark {
        DatingMark {
            claim: 0,
            published,
            x: published as f64,
            earliest,
            latest,
            point: false,
            reliability: None,
            hollow: false,
            label: String::new(),
        }
    }

    #[test]
    fn the_lag_counts_days_from_the_dates_given_to_the_publication() {
        let d = |n: i64| n * DAY;
        // A day in April, published 110 days later (the last second of the day counts as it).
        let april = mark(d(110), Some(d(0)), Some(d(1) - 1));
        assert_eq!(
            lag_words(std::slice::from_ref(&april)).as_deref(),
            Some("Published 110 days after the dates given")
        );
        // The next day: 1 day. On the day: within.
        assert_eq!(
            lag_words(&[mark(d(1), Some(d(0)), Some(d(1) - 1))]).as_deref(),
            Some("Published 1 day after the dates given")
        );
        let same_day = mark(d(0), Some(d(0)), Some(d(1) - 1));
        assert_eq!(
            lag_words(std::slice::from_ref(&same_day)).as_deref(),
            Some("Published within the dates given")
        );
        assert_eq!(
            lag_words(&[same_day, april.clone()]).as_deref(),
            Some("Published 0–110 days after the dates given")
        );
        // Forecasts: published before the window's first day.
        let forecast = mark(d(-3), Some(d(0)), Some(d(10)));
        assert_eq!(
            lag_words(std::slice::from_ref(&forecast)).as_deref(),
            Some("Published 3 days before the dates given")
        );
        assert_eq!(
            lag_words(&[forecast.clone(), mark(d(-12), Some(d(0)), None)]).as_deref(),
            Some("Published 3–12 days before the dates given")
        );
        assert_eq!(
            lag_words(&[forecast, april]).as_deref(),
            Some("Published from 3 days before to 110 days after the dates given")
        );
        // An open end on the side it was published: within, however far.
        assert_eq!(
            lag_words(&[mark(d(400), Some(d(0)), None)]).as_deref(),
            Some("Published within the dates given")
        );
        assert_eq!(lag_words(&[]), None);
    }
}
