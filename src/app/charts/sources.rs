//! The Sources panel: every outlet's track record (see `model::track`) in a sortable table, and
//! a bar chart of hits (right) and misses (left) per outlet, best first. Clicking an outlet, in
//! the table or on its bars, asks for the timeline to be filtered to its claims.

use crate::app::detail::reliability_color;
use crate::model::known::as_known_on;
use crate::model::time::format_iso_date;
use crate::model::track::{SourceRecord, track_record};
use crate::model::{Dataset, Instant};
use egui::{Color32, RichText, Sense};
use egui_extras::{Column, TableBuilder};
use egui_plot::{Bar, BarChart, Plot};
use std::collections::BTreeSet;
use std::sync::{Arc, Weak};

/// The table's columns, in order; each sorts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortBy {
    Name,
    Kind,
    Reliability,
    Claims,
    Events,
    First,
    Last,
    #[default]
    Hits,
    Misses,
    Lead,
    Width,
}

impl SortBy {
    const ALL: [SortBy; 11] = [
        SortBy::Name,
        SortBy::Kind,
        SortBy::Reliability,
        SortBy::Claims,
        SortBy::Events,
        SortBy::First,
        SortBy::Last,
        SortBy::Hits,
        SortBy::Misses,
        SortBy::Lead,
        SortBy::Width,
    ];

    fn title(self) -> &'static str {
        match self {
            SortBy::Name => "Source",
            SortBy::Kind => "Kind",
            SortBy::Reliability => "Rel.",
            SortBy::Claims => "Claims",
            SortBy::Events => "Events",
            SortBy::First => "First",
            SortBy::Last => "Last",
            SortBy::Hits => "Hits",
            SortBy::Misses => "Misses",
            SortBy::Lead => "Lead (d)",
            SortBy::Width => "Width (d)",
        }
    }

    /// Numbers read best largest first; text, grades and dates from the start.
    fn descending_first(self) -> bool {
        matches!(
            self,
            SortBy::Claims | SortBy::Events | SortBy::Hits | SortBy::Misses | SortBy::Lead
        )
    }

    fn compare(self, a: &SourceRecord, b: &SourceRecord) -> std::cmp::Ordering {
        let days = |d: Option<f64>| d.unwrap_or(f64::INFINITY);
        match self {
            SortBy::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            SortBy::Kind => a.kind.name().cmp(b.kind.name()),
            // Ungraded last.
            SortBy::Reliability => a
                .reliability
                .map_or(6, |r| r as u8)
                .cmp(&b.reliability.map_or(6, |r| r as u8)),
            SortBy::Claims => a.claims.cmp(&b.claims),
            SortBy::Events => a.events.cmp(&b.events),
            SortBy::First => a.first_published.cmp(&b.first_published),
            SortBy::Last => a.last_published.cmp(&b.last_published),
            SortBy::Hits => a.hits.cmp(&b.hits),
            SortBy::Misses => a.misses.cmp(&b.misses),
            SortBy::Lead => days(a.median_lead_days).total_cmp(&days(b.median_lead_days)),
            SortBy::Width => days(a.median_width_days).total_cmp(&days(b.median_width_days)),
        }
    }
}

/// What a panel's records were computed from: the loaded data set and the "as known on" instant.
type RecordsKey = (Weak<Dataset>, Option<Instant>);

/// The panel's state: the sort, and the records of the data set last shown (computed once per
/// data set and "as known on" date, never per frame).
#[derive(Default)]
pub struct SourcesPanel {
    pub sort: SortBy,
    pub descending: bool,
    sorted_as: Option<(SortBy, bool)>,
    /// Shared, so that a frame takes the table's rows without copying them.
    records: Option<(RecordsKey, Arc<Vec<SourceRecord>>)>,
    /// Records being counted on a thread of their own (a large data set), for this key.
    pending: Option<(RecordsKey, std::sync::mpsc::Receiver<Vec<SourceRecord>>)>,
    /// Count on the caller's thread whatever the size (a headless export, which waits).
    pub wait: bool,
}

/// Data sets with more events than this have their records counted off the UI thread (a
/// million ACLED events take seconds), so the window keeps drawing meanwhile.
const BACKGROUND_ABOVE: usize = 50_000;

/// The records of `data` as known at `as_of`, or as loaded for `None`.
fn count(data: &Dataset, as_of: Option<Instant>) -> Vec<SourceRecord> {
    match as_of {
        Some(at) => track_record(&as_known_on(data, at)),
        None => track_record(data),
    }
}

/// The source ids of every article of an outlet: what the Filters' source filter takes.
pub fn source_ids_named(data: &Dataset, name: &str) -> BTreeSet<String> {
    data.sources
        .iter()
        .filter(|s| s.name == name)
        .map(|s| s.id.clone())
        .collect()
}

fn same_key(key: &RecordsKey, data: &Arc<Dataset>, as_of: Option<Instant>) -> bool {
    Weak::ptr_eq(&key.0, &Arc::downgrade(data)) && key.1 == as_of
}

/// A number of days for a cell: "4", "2.5", "open", "–".
fn days_cell(d: Option<f64>) -> String {
    match d {
        None => "–".into(),
        Some(d) if d.is_infinite() => "open".into(),
        Some(d) if d.fract() == 0.0 => format!("{d:.0}"),
        Some(d) => format!("{d:.1}"),
    }
}

/// How many outlets the bar chart shows (the best by hits, then width).
const BARS: usize = 15;

impl SourcesPanel {
    /// A panel sorted by hits, most first.
    pub fn new() -> SourcesPanel {
        SourcesPanel {
            sort: SortBy::Hits,
            descending: true,
            ..SourcesPanel::default()
        }
    }

    /// The records of `data` as known at `as_of` (only the claims published by then, each event
    /// dated by them, as `timeband sources --as-of` counts), or as loaded for `None`; recomputed
    /// only when either changes.
    pub fn records(&mut self, data: &Arc<Dataset>, as_of: Option<Instant>) -> &[SourceRecord] {
        self.records_for(data, as_of, None)
    }

    /// Whether the records shown are not (yet) those of `data` as known at `as_of`: they are
    /// being counted.
    pub fn counting(&self, data: &Arc<Dataset>, as_of: Option<Instant>) -> bool {
        !self
            .records
            .as_ref()
            .is_some_and(|(key, _)| same_key(key, data, as_of))
    }

    /// As [`SourcesPanel::records`]; with `ctx`, a large data set's records are counted on a
    /// thread (one at a time), and until they come the ones before are kept (none at first).
    fn records_for(
        &mut self,
        data: &Arc<Dataset>,
        as_of: Option<Instant>,
        ctx: Option<&egui::Context>,
    ) -> &[SourceRecord] {
        if let Some((key, rx)) = &self.pending
            && let Ok(records) = rx.try_recv()
        {
            self.records = Some((key.clone(), Arc::new(records)));
            self.pending = None;
            self.sorted_as = None;
        }
        let stale = self
            .records
            .as_ref()
            .is_none_or(|(key, _)| !same_key(key, data, as_of));
        let background = ctx.filter(|_| !self.wait && data.events.len() > BACKGROUND_ABOVE);
        match background {
            _ if !stale => {}
            Some(ctx) => {
                if self.pending.is_none() {
                    let (tx, rx) = std::sync::mpsc::channel();
                    let (job, ctx) = (Arc::clone(data), ctx.clone());
                    std::thread::spawn(move || {
                        let _ = tx.send(count(&job, as_of));
                        ctx.request_repaint();
                    });
                    self.pending = Some(((Arc::downgrade(data), as_of), rx));
                }
                // Asked again once the one running ends, if it was for another key.
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
            None => {
                self.records = Some(((Arc::downgrade(data), as_of), Arc::new(count(data, as_of))));
                self.sorted_as = None;
            }
        }
        if self.sorted_as != Some((self.sort, self.descending)) {
            let (sort, descending) = (self.sort, self.descending);
            if let Some((_, r)) = &mut self.records {
                let r = Arc::make_mut(r);
                // From the best-first order, so ties keep it.
                r.sort_by(|a, b| {
                    b.hits.cmp(&a.hits).then(
                        a.median_width_days
                            .unwrap_or(f64::INFINITY)
                            .total_cmp(&b.median_width_days.unwrap_or(f64::INFINITY)),
                    )
                });
                r.sort_by(|a, b| {
                    let o = sort.compare(a, b);
                    if descending { o.reverse() } else { o }
                });
            }
            self.sorted_as = Some((sort, descending));
        }
        self.records.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }

    /// Shows the panel; returns the outlet name clicked (row or bar). `data`: the loaded data
    /// set; `as_of`: the lens's "as known on" instant; `selected`: the outlet the timeline is
    /// filtered to now, highlighted.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        data: &Arc<Dataset>,
        as_of: Option<Instant>,
        selected: Option<&str>,
    ) -> Option<String> {
        self.records_for(data, as_of, Some(ui.ctx()));
        let records: Arc<Vec<SourceRecord>> = self
            .records
            .as_ref()
            .map_or_else(Arc::default, |(_, r)| Arc::clone(r));
        if self.counting(data, as_of) {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "Counting each outlet's record over {} events…",
                    crate::timeline::paint::thousands(data.events.len())
                ));
            });
            // Nothing counted yet: no chart to claim "no claim gave a time", and no empty table
            // (its columns would keep the width of its header alone).
            self.records.as_ref()?;
        }
        if let Some(at) = as_of {
            ui.label(
                RichText::new(format!(
                    "As known on {}: only claims published by then, each event dated by them.",
                    crate::model::known::day_text(at)
                ))
                .strong(),
            );
        }
        ui.weak(
            "Hits and misses: claims on resolved events (confirmed, dated to the day) whose \
             window contains or excludes the dates; lead and width are medians in days. \
             Click an outlet to filter the timeline to its claims.",
        );
        let mut clicked = self.bars_ui(ui);
        ui.separator();
        let mut sort_clicked = None;
        TableBuilder::new(ui)
            .id_salt("sources-table")
            .striped(true)
            .column(
                Column::initial(200.0)
                    .at_least(120.0)
                    .clip(true)
                    .resizable(true),
            )
            .columns(Column::auto(), SortBy::ALL.len() - 1)
            .header(22.0, |mut header| {
                for col in SortBy::ALL {
                    header.col(|ui| {
                        let arrow = match (self.sort == col, self.descending) {
                            (true, true) => " 🔽",
                            (true, false) => " 🔼",
                            _ => "",
                        };
                        let r = ui.add(
                            egui::Button::new(
                                RichText::new(format!("{}{arrow}", col.title())).strong(),
                            )
                            .frame(false),
                        );
                        if r.on_hover_text("Sort by this column; again to reverse")
                            .clicked()
                        {
                            sort_clicked = Some(col);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(20.0, records.len(), |mut row| {
                    let Some(r) = records.get(row.index()) else {
                        return;
                    };
                    let is_selected = selected == Some(r.name.as_str());
                    row.set_selected(is_selected);
                    row.col(|ui| {
                        if ui.selectable_label(is_selected, &r.name).clicked() {
                            clicked = Some(r.name.clone());
                        }
                    });
                    row.col(|ui| {
                        ui.label(r.kind.name());
                    });
                    row.col(|ui| {
                        ui.label(
                            RichText::new(
                                r.reliability.map_or("–".into(), |g| g.letter().to_string()),
                            )
                            .color(reliability_color(r.reliability))
                            .strong(),
                        );
                    });
                    let date = |t: Option<i64>| t.map_or("–".into(), format_iso_date);
                    for text in [
                        r.claims.to_string(),
                        r.events.to_string(),
                        date(r.first_published),
                        date(r.last_published),
                        r.hits.to_string(),
                        r.misses.to_string(),
                        days_cell(r.median_lead_days),
                        days_cell(r.median_width_days),
                    ] {
                        row.col(|ui| {
                            ui.label(text);
                        });
                    }
                });
            });
        if let Some(col) = sort_clicked {
            if self.sort == col {
                self.descending = !self.descending;
            } else {
                self.sort = col;
                self.descending = col.descending_first();
            }
        }
        clicked
    }

    /// Hits to the right, misses to the left, one row per outlet, best (by hits, then width) at
    /// the top. Returns the outlet whose bars were clicked.
    fn bars_ui(&self, ui: &mut egui::Ui) -> Option<String> {
        let records = self.records.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
        let mut best: Vec<&SourceRecord> =
            records.iter().filter(|r| r.hits + r.misses > 0).collect();
        best.sort_by(|a, b| {
            b.hits.cmp(&a.hits).then(
                a.median_width_days
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.median_width_days.unwrap_or(f64::INFINITY)),
            )
        });
        best.truncate(BARS);
        if best.is_empty() {
            ui.weak("No claim on a resolved event gave a time.");
            return None;
        }
        let names: Vec<String> = best.iter().map(|r| r.name.clone()).collect();
        let n = best.len();
        // Row k from the top sits at y = n - 1 - k.
        let y_of = |k: usize| (n - 1 - k) as f64;
        let hits: Vec<Bar> = best
            .iter()
            .enumerate()
            .map(|(k, r)| {
                Bar::new(y_of(k), r.hits as f64).name(format!("{}: {} hits", r.name, r.hits))
            })
            .collect();
        let misses: Vec<Bar> = best
            .iter()
            .enumerate()
            .map(|(k, r)| {
                Bar::new(y_of(k), -(r.misses as f64))
                    .name(format!("{}: {} misses", r.name, r.misses))
            })
            .collect();
        let label_names = names.clone();
        let response = Plot::new("sources-bars")
            .height(24.0 * n as f32 + 40.0)
            .allow_drag(false)
            .allow_zoom(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_x(false)
            .show_y(false)
            .show_grid([true, false])
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
                label_names.get(k as usize).cloned().unwrap_or_default()
            })
            .x_axis_formatter(|mark, _| {
                if mark.value.fract() == 0.0 {
                    format!("{:.0}", mark.value.abs())
                } else {
                    String::new()
                }
            })
            .x_axis_label("misses (left) · hits (right)")
            .y_axis_min_width(180.0)
            .sense(Sense::click())
            .show(ui, |plot| {
                plot.bar_chart(
                    BarChart::new("hits", hits)
                        .horizontal()
                        .width(0.7)
                        .color(Color32::from_rgb(0x2e, 0x8b, 0x57)),
                );
                plot.bar_chart(
                    BarChart::new("misses", misses)
                        .horizontal()
                        .width(0.7)
                        .color(Color32::from_rgb(0xc0, 0x50, 0x30)),
                );
                plot.pointer_coordinate()
            });
        if response.response.clicked() {
            let y = response.inner?.y.round();
            let k = n as f64 - 1.0 - y;
            if k >= 0.0 {
                return names.get(k as usize).cloned();
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Arc<Dataset> {
        match crate::sample::load() {
            Ok(l) => Arc::new(l.dataset),
            Err(e) => unreachable!("{e}"),
        }
    }

    #[test]
    fn sorting_by_hits_puts_the_most_hits_first() {
        let data = sample();
        let mut panel = SourcesPanel::new();
        let r = panel.records(&data, None);
        assert!(r.windows(2).all(|w| w[0].hits >= w[1].hits));
        panel.sort = SortBy::Name;
        panel.descending = false;
        let r = panel.records(&data, None);
        assert!(
            r.windows(2)
                .all(|w| w[0].name.to_lowercase() <= w[1].name.to_lowercase())
        );
    }

    #[test]
    fn an_outlet_filters_to_all_its_articles() {
        let data = sample();
        let ids = source_ids_named(&data, "TASS");
        assert_eq!(
            ids.len(),
            data.sources.iter().filter(|s| s.name == "TASS").count()
        );
        assert!(ids.len() > 1);
    }
}
