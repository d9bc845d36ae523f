//! The lens in the window: the "as known on" toolbar (and its replay), the filter window, the
//! search box and its results list. The data set the timeline shows is derived by
//! [`crate::lens`] from the loaded one, once each time one of these changes, never per frame; so
//! are the marks painted over events.

use crate::index::Indexed;
use crate::lens::{Derivation, Derived, Found, LensKey, Marks, Match, derive, field, find};
use crate::model::filter::Filter;
use crate::model::time::DAY;
use crate::model::{Credibility, Instant, Likelihood, Reliability, SourceKind, Status, known};
use crate::timeline::{TimelineState, TimelineView};
use egui::{Key, RichText};
use std::sync::Arc;

/// The search box's state.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub query: String,
    /// The query the matches are for.
    searched: String,
    pub matches: Vec<Match>,
    /// The match Enter last stepped to.
    pub current: Option<usize>,
    /// How many events matched in each field (see [`field::NAMES`]).
    pub counts: [usize; 6],
    focus: bool,
}

/// Data sets with more events than this are derived on a background thread (the previous view
/// stays until the new one is ready); smaller ones at once, which also keeps tests deterministic.
const BACKGROUND_ABOVE: usize = 50_000;

/// The lens state: the knowledge cursor, filters, search, and what they produce.
#[derive(Default)]
pub struct Lens {
    /// "As known on": the start of a day (00:00 UTC), or none for everything.
    pub known_on: Option<Instant>,
    /// Keep events not reported yet, as ghosts.
    pub ghosts: bool,
    /// The toolbar's date field.
    pub known_text: String,
    known_error: Option<String>,
    /// Replaying the reporting day by day.
    pub replaying: bool,
    replay_days: f64,
    pub filter: Filter,
    pub search: Search,
    pub provenance: bool,
    derived: Option<Derived>,
    key: Option<LensKey>,
    /// A derivation running on a background thread, and what it is for.
    pending: Option<(LensKey, std::sync::mpsc::Receiver<Derivation>)>,
    /// A search running on a background thread, and the query it is for.
    search_pending: Option<(String, std::sync::mpsc::Receiver<Found>)>,
    /// What the filter and the date left out, for the counts.
    pub hidden_by_filter: usize,
    pub claims_hidden_by_filter: usize,
    pub not_yet_reported: usize,
    pub sources_not_yet_published: usize,
    /// Sorted publication instants (end of interval) of the loaded sources, for the strip.
    pub publications: Vec<Instant>,
    /// The data set `publications` are of, by a weak pointer: it keeps the address taken, so a
    /// data set loaded later at the old one's address is not taken for it.
    publications_for: std::sync::Weak<crate::model::Dataset>,
    show_filters: bool,
    /// The marks need rebuilding (the derived data set or the matches changed).
    marks_dirty: bool,
    /// What the timeline lays over events, rebuilt only when the lens changes.
    pub marks: Arc<Marks>,
}

impl Lens {
    /// The data set the timeline shows: the loaded one, or what the filter and date left of it.
    pub fn shown<'a>(&'a self, base: &'a Indexed) -> &'a Indexed {
        self.derived.as_ref().map_or(base, |d| &d.idx)
    }

    /// The loaded event behind a shown one.
    pub fn original_of(&self, shown: usize) -> Option<usize> {
        match &self.derived {
            Some(d) => d.original.get(shown).copied(),
            None => Some(shown),
        }
    }

    /// The shown event for a loaded one, if it is shown.
    pub fn shown_of(&self, original: usize) -> Option<usize> {
        match &self.derived {
            // `original` is sorted: the projections keep the file order.
            Some(d) => d.original.binary_search(&original).ok(),
            None => Some(original),
        }
    }

    /// Sets the "as known on" instant (rounded down to the start of its day), or clears it.
    pub fn set_known_on(&mut self, at: Option<Instant>) {
        self.known_on = at.map(known::start_of_day);
        self.known_text = self.known_on.map(known::day_text).unwrap_or_default();
        self.known_error = None;
        if at.is_none() {
            self.replaying = false;
        }
    }

    /// Brings the derived data set, the search and the marks up to date. Cheap when nothing
    /// changed (a few comparisons); otherwise one pass over the data set.
    pub fn update(&mut self, ctx: &egui::Context, base: &Indexed, state: &mut TimelineState) {
        if !std::ptr::eq(self.publications_for.as_ptr(), Arc::as_ptr(&base.data)) {
            let mut p: Vec<Instant> = base
                .data
                .sources
                .iter()
                .filter_map(known::published_by)
                .collect();
            p.sort_unstable();
            self.publications = p;
            self.publications_for = Arc::downgrade(&base.data);
        }
        let key = LensKey {
            data: Arc::clone(&base.data),
            known_on: self.known_on,
            ghosts: self.ghosts,
            filter: self.filter.clone(),
        };
        if let Some((_, rx)) = &self.pending
            && let Ok(result) = rx.try_recv()
            && let Some((done, _)) = self.pending.take()
        {
            self.apply(done, result, state);
        }
        // One background derivation at a time: while one runs, later changes wait for it and
        // then start one for whatever is current (dragging does not pile up threads).
        if self.key.as_ref() != Some(&key) && self.pending.is_none() {
            if base.data.events.len() > BACKGROUND_ABOVE {
                let (tx, rx) = std::sync::mpsc::channel();
                let job = key.clone();
                let ctx = ctx.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(derive(&job));
                    ctx.request_repaint();
                });
                self.pending = Some((key, rx));
            } else {
                let result = derive(&key);
                self.pending = None;
                self.apply(key, result, state);
            }
        }
        if let Some((query, rx)) = &self.search_pending
            && let Ok((matches, counts)) = rx.try_recv()
        {
            if *query == self.search.searched {
                self.search.matches = matches;
                self.search.counts = counts;
            }
            self.search_pending = None;
            self.marks_dirty = true;
        }
        if self.search.searched != self.search.query && self.search_pending.is_none() {
            self.run_search(Some(ctx), base);
            self.marks_dirty = true;
        }
        let m = &self.marks;
        if self.marks_dirty
            || m.provenance != self.provenance
            || m.known_on != self.known_on.map(|t| t as f64)
        {
            self.marks_dirty = false;
            self.marks = Arc::new(crate::lens::marks(
                self.derived.as_ref(),
                &self.search.matches,
                self.provenance,
                self.known_on,
            ));
        }
    }

    /// True when the data set shown is derived from `base` with the lens as it stands (no
    /// derivation for an older data set or setting is on its way).
    pub fn is_current(&self, base: &Indexed) -> bool {
        self.pending.is_none()
            && self
                .key
                .as_ref()
                .is_some_and(|k| Arc::ptr_eq(&k.data, &base.data))
    }

    /// Takes a finished derivation: the selection follows its event, the marks and search are
    /// redone.
    fn apply(&mut self, key: LensKey, (derived, counts): Derivation, state: &mut TimelineState) {
        let data_changed = self
            .key
            .as_ref()
            .is_none_or(|k| !Arc::ptr_eq(&k.data, &key.data));
        let selected = state.selected.and_then(|s| self.original_of(s));
        self.derived = derived;
        self.hidden_by_filter = counts.hidden_by_filter;
        self.claims_hidden_by_filter = counts.claims_hidden_by_filter;
        self.not_yet_reported = counts.not_yet_reported;
        self.sources_not_yet_published = counts.sources_not_yet_published;
        // A new data set: the app finds its selection again by event id (see `loading.rs`).
        if !data_changed {
            state.selected = selected.and_then(|o| self.shown_of(o));
        }
        self.key = Some(key);
        self.marks_dirty = true;
        self.search.searched.clear();
        self.search.searched.push('\u{0}');
    }

    /// True while a large data set is being derived in the background.
    pub fn is_deriving(&self) -> bool {
        self.pending.is_some()
    }

    /// Searches the shown data set for the query: at once for small data sets, on a background
    /// thread (one at a time; the last matches stay until it is done) for large ones, so that
    /// typing never stalls the window.
    fn run_search(&mut self, ctx: Option<&egui::Context>, base: &Indexed) {
        self.search.searched = self.search.query.clone();
        self.search.current = None;
        let query = self.search.query.trim().to_lowercase();
        let data = Arc::clone(&self.shown(base).data);
        match ctx {
            Some(ctx) if data.events.len() > BACKGROUND_ABOVE && !query.is_empty() => {
                let (tx, rx) = std::sync::mpsc::channel();
                let ctx = ctx.clone();
                std::thread::spawn(move || {
                    let _ = tx.send(find(&data, &query));
                    ctx.request_repaint();
                });
                self.search_pending = Some((self.search.searched.clone(), rx));
            }
            _ => {
                (self.search.matches, self.search.counts) = find(&data, &query);
                self.search_pending = None;
            }
        }
    }

    /// Waits for a background search (Enter steps through its matches).
    fn finish_search(&mut self) {
        if let Some((query, rx)) = self.search_pending.take()
            && let Ok((matches, counts)) = rx.recv()
            && query == self.search.searched
        {
            self.search.matches = matches;
            self.search.counts = counts;
            self.marks_dirty = true;
        }
    }

    /// Selects the next (or previous) match and brings it into view.
    pub fn step_match(
        &mut self,
        base: &Indexed,
        view: &mut TimelineView,
        state: &mut TimelineState,
        forward: bool,
    ) {
        let n = self.search.matches.len();
        if n == 0 {
            return;
        }
        let next = match self.search.current {
            None if forward => 0,
            None => n - 1,
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
        };
        self.go_to_match(base, view, state, next);
    }

    /// Selects match `n` and brings it into view.
    pub fn go_to_match(
        &mut self,
        base: &Indexed,
        view: &mut TimelineView,
        state: &mut TimelineState,
        n: usize,
    ) {
        let Some(m) = self.search.matches.get(n).copied() else {
            return;
        };
        self.search.current = Some(n);
        state.selected = Some(m.event);
        if let Some(e) = self.shown(base).data.events.get(m.event) {
            let (a, b) = crate::index::span(&e.time);
            let mid = if a.is_finite() && b.is_finite() {
                (a + b) / 2.0
            } else if a.is_finite() {
                a
            } else {
                b
            };
            if mid.is_finite() && !(view.t0 < a.max(mid) && b.min(mid) < view.t1) {
                let span = view.t1 - view.t0;
                view.t0 = mid - span / 2.0;
                view.t1 = mid + span / 2.0;
            } else if mid.is_finite() {
                view.keep_visible(mid);
            }
        }
    }

    /// Replays the reporting: moves the date on by whole days at the view's play speed, and stops
    /// the day after the last publication.
    pub fn tick(&mut self, ctx: &egui::Context, speed_days_per_sec: f64) {
        if !self.replaying {
            return;
        }
        let Some(at) = self.known_on else {
            self.replaying = false;
            return;
        };
        if self.pending.is_some() {
            // Show each day before moving on.
            ctx.request_repaint();
            return;
        }
        let dt = f64::from(ctx.input(|i| i.stable_dt).min(0.1));
        self.replay_days += dt * speed_days_per_sec.max(0.01);
        let whole = self.replay_days.floor();
        if whole >= 1.0 {
            self.replay_days -= whole;
            let end = self.publications.last().map_or(at, |&t| known::next_day(t));
            let next = (at + whole as i64 * DAY).min(end);
            self.set_known_on(Some(next));
            self.replaying = next < end;
        }
        ctx.request_repaint();
    }

    /// Puts the keyboard in the search box (Find).
    pub fn focus_search(&mut self) {
        self.search.focus = true;
    }

    /// The play key replays while the knowledge cursor is set (the time cursor plays otherwise).
    pub fn handle_keys(&mut self, ctx: &egui::Context) {
        let play = crate::timeline::input::keys_for(crate::timeline::input::KeyAction::Play);
        if self.known_on.is_some()
            && !ctx.egui_wants_keyboard_input()
            && ctx.input_mut(|i| play.iter().any(|k| i.consume_shortcut(k)))
        {
            self.replaying = !self.replaying;
            self.replay_days = 0.0;
        }
    }

    /// The toolbar: "as known on", search and filters, with what they hide.
    pub fn toolbar_ui(
        &mut self,
        ui: &mut egui::Ui,
        base: &Indexed,
        view: &mut TimelineView,
        state: &mut TimelineState,
    ) {
        ui.horizontal_wrapped(|ui| {
            self.known_ui(ui, base);
            ui.separator();
            self.search_ui(ui, base, view, state);
            ui.separator();
            self.filter_menu_ui(ui, base);
            ui.separator();
            zone_ui(ui, view);
        });
    }

    fn known_ui(&mut self, ui: &mut egui::Ui, base: &Indexed) {
        let label = ui.label("As known on");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut self.known_text)
                .hint_text("YYYY-MM-DD")
                .desired_width(86.0),
        );
        let edit = edit.labelled_by(label.id);
        if edit.lost_focus() {
            let text = self.known_text.trim().to_string();
            if text.is_empty() {
                self.set_known_on(None);
            } else {
                match crate::lens::parse_as_of(&text) {
                    Ok(t) => self.set_known_on(Some(t)),
                    Err(e) => self.known_error = Some(e),
                }
            }
        }
        edit.on_hover_text(
            "Show only what had been published by the start of this day (00:00 UTC); each event is dated by the latest report. Drag on the publication strip, or type a date. Space replays day by day.",
        );
        if self.pending.is_some() {
            ui.spinner()
                .on_hover_text("Working out what was known then…");
        }
        if let Some(e) = &self.known_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if self.known_on.is_some() {
            let play = if self.replaying { "⏸" } else { "▶" };
            if ui
                .button(play)
                .on_hover_text("Replay the reporting day by day (Space)")
                .clicked()
            {
                self.replaying = !self.replaying;
            }
            if ui.button("✖").on_hover_text("Show everything").clicked() {
                self.set_known_on(None);
            }
            ui.checkbox(&mut self.ghosts, "ghosts").on_hover_text(
                "Keep events that no report published by then mentions, as faint outlines",
            );
            let n = crate::model::thousands;
            ui.weak(format!(
                "{} {} not yet reported",
                n(self.not_yet_reported),
                base.data.records_word(),
            ))
            .on_hover_text(format!(
                "{} not yet published by then",
                crate::model::counted(self.sources_not_yet_published, n, "source")
            ));
            known_caveat_ui(ui, &base.data);
        }
    }

    fn search_ui(
        &mut self,
        ui: &mut egui::Ui,
        base: &Indexed,
        view: &mut TimelineView,
        state: &mut TimelineState,
    ) {
        let label = ui.label("🔍");
        let edit = ui
            .add(
                egui::TextEdit::singleline(&mut self.search.query)
                    .hint_text(format!(
                        "Find ({})",
                        ui.ctx().format_shortcut(&super::help::FIND)
                    ))
                    .desired_width(150.0),
            )
            .labelled_by(label.id);
        if self.search.focus {
            edit.request_focus();
            self.search.focus = false;
        }
        if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            let back = ui.input(|i| i.modifiers.shift);
            if self.search.searched != self.search.query {
                self.run_search(None, base);
            }
            self.finish_search();
            self.step_match(base, view, state, !back);
            edit.request_focus();
        }
        if !self.search.query.trim().is_empty() {
            let n = self.search.matches.len();
            let at = self
                .search
                .current
                .map_or(String::new(), |c| format!("{} of ", c + 1));
            ui.label(format!("{at}{n} matching events"))
                .on_hover_text(self.counts_text());
        }
    }

    /// "4 in titles, 9 in claims".
    pub fn counts_text(&self) -> String {
        let parts: Vec<String> = self
            .search
            .counts
            .iter()
            .zip(field::NAMES)
            .filter(|(n, _)| **n > 0)
            .map(|(n, name)| format!("{n} in {name}"))
            .collect();
        if parts.is_empty() {
            "no matches".into()
        } else {
            parts.join(", ")
        }
    }

    /// The list of matches, with counts; click to select. Only the visible rows are drawn.
    pub fn results_ui(
        &mut self,
        ui: &mut egui::Ui,
        base: &Indexed,
        view: &mut TimelineView,
        state: &mut TimelineState,
    ) {
        ui.label(RichText::new(format!("{} matching events", self.search.matches.len())).strong());
        ui.weak(self.counts_text());
        ui.separator();
        let data = Arc::clone(&self.shown(base).data);
        let matches = self.search.matches.clone();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, 34.0, matches.len(), |ui, rows| {
                for n in rows {
                    let Some(m) = matches.get(n) else { continue };
                    let Some(e) = data.events.get(m.event) else {
                        continue;
                    };
                    let selected = state.selected == Some(m.event);
                    if ui.selectable_label(selected, data.title(e)).clicked() {
                        self.go_to_match(base, view, state, n);
                    }
                    let wheres: Vec<&str> = field::NAMES
                        .iter()
                        .enumerate()
                        .filter(|(b, _)| m.fields & (1 << b) != 0)
                        .map(|(_, w)| *w)
                        .collect();
                    ui.weak(format!("in {}", wheres.join(", ")));
                }
            });
    }

    /// True when the results list should show.
    pub fn has_query(&self) -> bool {
        !self.search.query.trim().is_empty()
    }

    fn filter_menu_ui(&mut self, ui: &mut egui::Ui, base: &Indexed) {
        let active = !self.filter.is_empty();
        let title = if active { "Filters (on)" } else { "Filters" };
        if ui
            .selectable_label(self.show_filters, title)
            .on_hover_text("Filter by lane, status, likelihood, source and grade")
            .clicked()
        {
            self.show_filters = !self.show_filters;
        }
        let mut open = self.show_filters;
        egui::Window::new("Filters")
            .open(&mut open)
            .resizable(false)
            .default_pos(ui.max_rect().left_bottom() + egui::vec2(300.0, 8.0))
            .show(ui.ctx(), |ui| {
                ui.set_min_width(260.0);
                let f = &mut self.filter;
                ui.checkbox(&mut f.dim, "Dim filtered-out events instead of hiding them");
                ui.separator();
                ui.label(RichText::new("Minimum grade").strong());
                ui.horizontal(|ui| {
                    egui::ComboBox::from_label("Source reliability")
                        .selected_text(
                            f.min_reliability
                                .map_or("any".into(), |r| format!("{} or better", r.letter())),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut f.min_reliability, None, "any");
                            for r in Reliability::ALL {
                                ui.selectable_value(
                                    &mut f.min_reliability,
                                    Some(r),
                                    format!("{} or better — {}", r.letter(), r.words()),
                                );
                            }
                        });
                });
                ui.horizontal(|ui| {
                    egui::ComboBox::from_label("Information credibility")
                        .selected_text(
                            f.min_credibility
                                .map_or("any".into(), |c| format!("{} or better", c.value())),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut f.min_credibility, None, "any");
                            for c in (1..=6).filter_map(Credibility::new) {
                                ui.selectable_value(
                                    &mut f.min_credibility,
                                    Some(c),
                                    format!("{} or better — {}", c.value(), c.words()),
                                );
                            }
                        });
                });
                ui.horizontal(|ui| {
                    egui::ComboBox::from_label("Likelihood")
                        .selected_text(
                            f.min_likelihood
                                .map_or("any".into(), |l| format!("{} or more", l.term())),
                        )
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut f.min_likelihood, None, "any");
                            for l in Likelihood::ALL {
                                ui.selectable_value(
                                    &mut f.min_likelihood,
                                    Some(l),
                                    format!("{} or more", l.term()),
                                );
                            }
                        });
                });
                ui.separator();
                ui.label(RichText::new("Status").strong());
                ui.horizontal_wrapped(|ui| {
                    for s in Status::ALL {
                        toggle_in(ui, &mut f.statuses, s, s.name());
                    }
                });
                ui.label(RichText::new("Kind of source").strong());
                ui.horizontal_wrapped(|ui| {
                    for k in SourceKind::ALL {
                        toggle_in(ui, &mut f.kinds, k, k.name());
                    }
                });
                ui.label(RichText::new("Lanes").strong());
                ui.horizontal_wrapped(|ui| {
                    for l in &base.data.lanes {
                        let mut on = f.lanes.contains(&l.id);
                        if ui.toggle_value(&mut on, &l.label).changed() {
                            if on {
                                f.lanes.insert(l.id.clone());
                            } else {
                                f.lanes.remove(&l.id);
                            }
                        }
                    }
                });
                // One line per source name: ACLED's rows make a source of each outlet and
                // date, and a hundred lines of "– ACLED", each one day's records, could not be
                // told apart.
                let names = super::memo::memo(ui, "filter outlets", &base.data, (), || {
                    Arc::new(outlets(&base.data))
                });
                // Which lines are ticked, worked out again only when the set of sources kept
                // changes: a line of ACLED's may stand for thousands of sources. Known by the
                // set's hash, not its size: the Sources chart swaps one outlet for another.
                let kept = {
                    use std::hash::BuildHasher;
                    rustc_hash::FxBuildHasher.hash_one(&f.sources)
                };
                let ticked = super::memo::memo(
                    ui,
                    "filter outlets ticked",
                    &base.data,
                    kept,
                    || {
                        Arc::new(
                            names
                                .iter()
                                .map(|o| o.ids.iter().all(|id| f.sources.contains(id)))
                                .collect::<Vec<bool>>(),
                        )
                    },
                );
                ui.label(RichText::new("Sources").strong());
                let row = ui.spacing().interact_size.y;
                egui::ScrollArea::vertical()
                    .max_height(160.0)
                    // The window's width, so the bar never covers a name.
                    .auto_shrink([false, true])
                    .id_salt("filter sources")
                    .show_rows(ui, row, names.len(), |ui, rows| {
                        let first = rows.start;
                        for (k, o) in names.get(rows).unwrap_or_default().iter().enumerate() {
                            let mut on = ticked.get(first + k).copied().unwrap_or(false);
                            let r = ui.checkbox(&mut on, &o.label);
                            let r = if o.ids.len() > 1 {
                                r.on_hover_text(format!(
                                    "{} sources of this name (the file gives one for each {}), all kept or left out together",
                                    o.ids.len(),
                                    o.per
                                ))
                            } else {
                                r
                            };
                            if r.changed() {
                                for id in &o.ids {
                                    if on {
                                        f.sources.insert(id.clone());
                                    } else {
                                        f.sources.remove(id);
                                    }
                                }
                            }
                        }
                    });
                ui.separator();
                if ui.button("Clear all filters").clicked() {
                    *f = Filter {
                        dim: f.dim,
                        ..Filter::default()
                    };
                }
            });
        self.show_filters = open;
        if active {
            let verb = if self.filter.dim { "dimmed" } else { "hidden" };
            let n = crate::model::thousands;
            ui.label(format!(
                "{} {} {verb} by filters, {} claims hidden",
                n(self.hidden_by_filter),
                base.data.records_word(),
                n(self.claims_hidden_by_filter)
            ));
        }
    }
}

/// What "as known on" cannot tell from `data`'s publication dates ([`Dataset::known_caveat`]),
/// as a warning with the reason on hover; nothing where there is nothing to say.
///
/// [`Dataset::known_caveat`]: crate::model::Dataset::known_caveat
pub(crate) fn known_caveat_ui(ui: &mut egui::Ui, data: &crate::model::Dataset) {
    if let Some((short, full)) = data.known_caveat {
        ui.colored_label(ui.visuals().warn_fg_color, format!("⚠ {short}"))
            .on_hover_text(full);
    }
}

/// A line of the filter's source list: every source of one name.
struct Outlet {
    /// The grades of its sources and the name: "B Reuters", "B/C Reuters", "– ACLED".
    label: String,
    ids: Vec<String>,
    /// What its sources differ by, for the hover text.
    per: &'static str,
}

/// The data set's sources by name, sorted by name (case aside).
fn outlets(d: &crate::model::Dataset) -> Vec<Outlet> {
    let mut by_name: std::collections::BTreeMap<(String, &str), Vec<&crate::model::Source>> =
        std::collections::BTreeMap::new();
    for s in &d.sources {
        by_name
            .entry((s.name.to_lowercase(), s.name.as_str()))
            .or_default()
            .push(s);
    }
    by_name
        .into_iter()
        .map(|((_, name), sources)| {
            let mut grades: Vec<char> = sources
                .iter()
                .map(|s| s.reliability.map_or('–', |r| r.letter()))
                .collect();
            grades.sort_unstable();
            grades.dedup();
            let grades: Vec<String> = grades.iter().map(char::to_string).collect();
            let dated = sources.iter().filter(|s| s.published.is_some()).count();
            // Grades where the file gives them; an ungraded source is its name alone.
            let graded: Vec<String> = grades.into_iter().filter(|g| g != "–").collect();
            Outlet {
                label: if graded.is_empty() {
                    name.to_string()
                } else {
                    format!("{} {name}", graded.join("/"))
                },
                ids: sources.iter().map(|s| s.id.clone()).collect(),
                per: if dated == sources.len() {
                    "date it gives for it"
                } else {
                    "record"
                },
            }
        })
        .collect()
}

fn toggle_in<T: PartialEq + Copy>(ui: &mut egui::Ui, set: &mut Vec<T>, v: T, name: &str) {
    let mut on = set.contains(&v);
    if ui.toggle_value(&mut on, name).changed() {
        if on {
            set.push(v);
        } else {
            set.retain(|x| *x != v);
        }
    }
}

fn zone_ui(ui: &mut egui::Ui, view: &mut TimelineView) {
    use crate::timeline::zone::Zone;
    // The label before its box, as the toolbar's other boxes have theirs.
    let label = ui.label("Times");
    egui::ComboBox::from_id_salt("times")
        .selected_text(view.zone.name())
        .show_ui(ui, |ui| {
            for z in Zone::ALL {
                ui.selectable_value(&mut view.zone, z, z.name());
            }
        })
        .response
        .labelled_by(label.id)
        .on_hover_text("Times on the axis, the cursor and in the detail pane: UTC, this computer's zone, or each event's own written offset (the axis then stays UTC)");
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn indexed(published: &[&str]) -> Indexed {
        let sources: Vec<String> = published
            .iter()
            .enumerate()
            .map(|(i, p)| format!(r#"{{"id":"s{i}","name":"S{i}","published":"{p}"}}"#))
            .collect();
        let json = format!(
            r#"{{"timeband":1,"sources":[{}],"events":[{{"id":"e","title":"E","time":"2023-09-13"}}]}}"#,
            sources.join(",")
        );
        let loaded = crate::load::load_bytes("t.json", json.as_bytes()).unwrap();
        Indexed::new(Arc::new(loaded.dataset))
    }

    #[test]
    fn the_publication_strip_follows_each_new_data_set() {
        let ctx = egui::Context::default();
        let mut lens = Lens::default();
        let mut state = TimelineState::default();
        // Data sets loaded one after another, each dropped before the next: one may well be
        // given the address of the one before.
        for (i, day) in ["2023-09-01", "2023-09-02", "2023-09-03"]
            .iter()
            .enumerate()
        {
            let idx = indexed(&vec![*day; i + 1]);
            lens.update(&ctx, &idx, &mut state);
            assert_eq!(lens.publications.len(), i + 1, "data set {i}");
        }
    }
}
