//! The dating chart's second mode, places as rows: for each claim that gave a place, where it
//! was published (x) and which place it named (one row per distinct place text, in the order the
//! places were first published, so a forecast that moved from one place to another reads as a
//! staircase). Marks are coloured and hollow as on the dating chart; on a resolved event, rows
//! whose place names the outcome's (the track record's word rule, `model::track`) lie on a
//! green band, rows that miss it on a red one.

use super::calendar_grid;
use super::calendar_label;
use crate::app::detail::reliability_color;
use crate::model::known::{published_by, start_of_day};
use crate::model::time::{DAY, format_human_date};
use crate::model::track::{PlaceVerdict, is_resolved, place_verdict};
use crate::model::{Dataset, Instant, Reliability};
use egui::{Color32, Sense};
use egui_plot::{MarkerShape, Plot, PlotPoint, Points, Span};

/// One claim's mark on the places chart.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMark {
    /// Position of the claim in its event.
    pub claim: usize,
    /// The day its source was surely published (00:00 UTC).
    pub published: Instant,
    /// Where it is drawn: within its day, claims of the same day and row side by side.
    pub x: f64,
    /// Its row in [`PlaceRows::rows`].
    pub row: usize,
    pub reliability: Option<Reliability>,
    /// Credibility 4–6: drawn hollow.
    pub hollow: bool,
    /// "TASS (B1), 5 Sep 2023: Vladivostok".
    pub label: String,
}

/// The rows and marks of an event's places chart.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PlaceRows {
    /// Distinct place texts (trimmed; equal ignoring case are one row), first published first.
    pub rows: Vec<String>,
    /// Per row, how it fares against the outcome's place; `None` when the event is not
    /// resolved or has no place.
    pub verdicts: Vec<Option<PlaceVerdict>>,
    pub marks: Vec<PlaceMark>,
}

/// The rows and marks: one mark per claim that gave a place and whose source has a publication
/// date. Pure; the widget draws these.
pub fn place_rows(data: &Dataset, event_ix: usize) -> PlaceRows {
    let Some(e) = data.events.get(event_ix) else {
        return PlaceRows::default();
    };
    // Each mark with its place text; rows are given once all are in publication order.
    let mut claims: Vec<(PlaceMark, &str)> = e
        .claims
        .iter()
        .enumerate()
        .filter_map(|(n, c)| {
            let place = c.place.as_deref()?.trim();
            if place.is_empty() {
                return None;
            }
            let source = data.sources.get(c.source as usize)?;
            let published = start_of_day(published_by(source)?);
            let grade = format!(
                "{}{}",
                source.reliability.map_or('–', |r| r.letter()),
                c.credibility.map_or("–".into(), |g| g.value().to_string())
            );
            let label = format!(
                "{} ({grade}), {}: {place}",
                source.name,
                format_human_date(published)
            );
            let mark = PlaceMark {
                claim: n,
                published,
                x: published as f64,
                row: 0,
                reliability: source.reliability,
                hollow: c.credibility.is_some_and(|g| g.value() >= 4),
                label,
            };
            Some((mark, place))
        })
        .collect();
    claims.sort_by_key(|(m, _)| (m.published, m.claim));
    let mut rows: Vec<String> = Vec::new();
    let mut marks = Vec::with_capacity(claims.len());
    for (mut mark, place) in claims {
        mark.row = match rows
            .iter()
            .position(|r| r.to_lowercase() == place.to_lowercase())
        {
            Some(k) => k,
            None => {
                rows.push(place.to_string());
                rows.len() - 1
            }
        };
        marks.push(mark);
    }
    // Marks of one day and row side by side across the middle of the day.
    let mut keys: Vec<(Instant, usize)> = marks.iter().map(|m| (m.published, m.row)).collect();
    keys.sort_unstable();
    keys.dedup();
    for (day, row) in keys {
        let n = marks
            .iter()
            .filter(|m| m.published == day && m.row == row)
            .count() as f64;
        for (k, m) in marks
            .iter_mut()
            .filter(|m| m.published == day && m.row == row)
            .enumerate()
        {
            m.x = day as f64 + DAY as f64 * (0.5 + 0.8 * ((k as f64 + 0.5) / n - 0.5));
        }
    }
    let outcome = e.place.as_deref().filter(|_| is_resolved(e));
    let verdicts = rows
        .iter()
        .map(|r| outcome.map(|o| place_verdict(r, o)))
        .collect();
    PlaceRows {
        rows,
        verdicts,
        marks,
    }
}

/// The most characters a row label keeps (the whole text is on hover), and the fewest it is
/// shortened to in a narrow pane.
const ROW_LABEL_CHARS: usize = 34;
const ROW_LABEL_MIN_CHARS: usize = 12;

/// The label of a row at most `max` characters long, shortened with "…".
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// Row `k` from the top sits at y = rows - 1 - k.
fn y_of(rows: usize, k: usize) -> f64 {
    rows.saturating_sub(1).saturating_sub(k) as f64
}

/// The places chart of an event; returns the claim clicked.
pub fn places_chart_ui(ui: &mut egui::Ui, data: &Dataset, event_ix: usize) -> Option<usize> {
    let e = data.events.get(event_ix)?;
    let p = place_rows(data, event_ix);
    if p.marks.is_empty() {
        ui.weak("No claim with a publication date gave a place for this event.");
        return None;
    }
    let n = p.rows.len();
    let (x0, x1) = p
        .marks
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), m| (a.min(m.x), b.max(m.x)));
    let x_pad = ((x1 - x0) * 0.08).max(DAY as f64);
    let outcome = e.place.as_deref().filter(|_| is_resolved(e));
    ui.weak(match outcome {
        Some(o) => format!(
            "{} claims giving a place, {n} places · x published · green: names the outcome's \
             place ({o}), red: does not, none: cannot tell",
            p.marks.len()
        ),
        None => format!(
            "{} claims giving a place, {n} places · x published · the event is not resolved: \
             no place is judged",
            p.marks.len()
        ),
    });
    // The labels take at most two fifths of the width (egui_plot widens its axis to fit them),
    // at about 6.5 points a character.
    let max_chars =
        ((ui.available_width() * 0.4 / 6.5) as usize).clamp(ROW_LABEL_MIN_CHARS, ROW_LABEL_CHARS);
    let labels: Vec<String> = p.rows.iter().map(|r| short(r, max_chars)).collect();
    let visuals = ui.visuals().clone();
    let response = Plot::new(("places-chart", event_ix))
        .height(22.0 * n as f32 + 60.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .sense(Sense::hover())
        .show_grid([true, false])
        .x_grid_spacer(calendar_grid)
        .x_axis_formatter(calendar_label)
        .x_axis_label("published")
        .y_grid_spacer(move |input| {
            let (lo, hi) = input.bounds;
            (lo.ceil().max(0.0) as usize..=hi.floor().max(0.0) as usize)
                .map(|v| egui_plot::GridMark {
                    value: v as f64,
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| {
            let k = n as f64 - 1.0 - mark.value;
            if k < 0.0 || k.fract() != 0.0 {
                return String::new();
            }
            labels.get(k as usize).cloned().unwrap_or_default()
        })
        .y_axis_min_width(80.0)
        .include_x(x0 - x_pad)
        .include_x(x1 + x_pad)
        .include_y(-0.6)
        .include_y(n as f64 - 0.4)
        .show(ui, |plot| {
            for (k, v) in p.verdicts.iter().enumerate() {
                let fill = match v {
                    Some(PlaceVerdict::Hit) => Color32::from_rgb(0x2e, 0x8b, 0x57),
                    Some(PlaceVerdict::Miss) => Color32::from_rgb(0xc0, 0x50, 0x30),
                    _ => continue,
                };
                let y = y_of(n, k);
                plot.add(
                    Span::new(format!("row {k}"), y - 0.45..=y + 0.45)
                        .axis(egui_plot::Axis::Y)
                        .fill(fill.gamma_multiply(0.18))
                        .border_width(0.0),
                );
            }
            for m in &p.marks {
                plot.add(
                    Points::new(format!("claim {}", m.claim), vec![[m.x, y_of(n, m.row)]])
                        .shape(MarkerShape::Circle)
                        .radius(5.0)
                        .filled(!m.hollow)
                        .color(reliability_color(m.reliability))
                        .allow_hover(false),
                );
            }
        });
    // Hover and click, as on the dating chart: one small widget per mark.
    let transform = response.transform;
    let mut clicked = None;
    for m in &p.marks {
        let c = transform.position_from_point(&PlotPoint::new(m.x, y_of(n, m.row)));
        let rect = egui::Rect::from_center_size(c, egui::vec2(12.0, 12.0));
        if !transform.frame().intersects(rect) {
            continue;
        }
        let id = ui.scope_id().with(("place-mark", event_ix, m.claim));
        let r = ui.interact(rect, id, Sense::click());
        r.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Button,
                true,
                format!("Place claim: {}", m.label),
            )
        });
        if super::dating::mark_hovered_or_clicked(ui, r, rect, &visuals, e, m.claim, &m.label) {
            clicked = Some(m.claim);
        }
    }
    ui.weak(
        "colour: source reliability (green A–B, amber C, red D–E, grey F or ungraded); \
         hollow: credibility 4–6; rows: each place as written, first published at the top",
    );
    clicked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summit_places_run_from_vladivostok_to_the_cosmodrome() {
        let data = match crate::sample::load() {
            Ok(l) => l.dataset,
            Err(e) => unreachable!("{e}"),
        };
        let ix = data
            .events
            .iter()
            .position(|e| data.id(e) == "summit-vostochny")
            .unwrap_or_else(|| unreachable!());
        let p = place_rows(&data, ix);
        let e = &data.events[ix];
        let placed = e
            .claims
            .iter()
            .filter(|c| c.place.as_deref().is_some_and(|p| !p.trim().is_empty()))
            .count();
        assert_eq!(p.marks.len(), placed);
        // The first place published is Vladivostok's, the last ones the cosmodrome's.
        assert!(p.rows[0].starts_with("Vladivostok"), "{:?}", p.rows);
        let cosmodrome = p
            .rows
            .iter()
            .position(|r| r == "Vostochny Cosmodrome")
            .unwrap_or_else(|| unreachable!());
        assert_eq!(p.verdicts[cosmodrome], Some(PlaceVerdict::Hit));
        assert_eq!(p.verdicts[0], Some(PlaceVerdict::Miss));
        // Rows are distinct.
        let mut r = p.rows.clone();
        r.sort();
        r.dedup();
        assert_eq!(r.len(), p.rows.len());
        // Every mark sits on its day.
        for m in &p.marks {
            assert!(m.x > m.published as f64 && m.x < (m.published + DAY) as f64);
        }
    }
}
