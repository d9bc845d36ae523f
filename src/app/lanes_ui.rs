//! "Lanes by" in the toolbar: which field of the events the lanes are made from (the file's own
//! lanes, `status`, `source`, `kind`, `tag`, `place` or any attribute), with how many lanes each
//! would make. A switch re-derives the lanes ([`crate::model::lanes_by`]) and indexes them on
//! another thread; the view on screen stays usable until the new index arrives, and the app then
//! keeps the selected event (by id) and the visible range.

use crate::index::Indexed;
use crate::model::lanes_by::{FIELDS, distinct, lanes_by};
use crate::model::{Dataset, Lane};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// The lanes a data set was loaded with, to go back to (`lane`).
#[derive(Clone, Debug, Default)]
pub struct OwnLanes {
    pub lanes: Vec<Lane>,
    /// Each event's lane.
    pub of_event: Vec<u32>,
    /// What the file's lanes are by, as the picker names them: `event_type` for ACLED, else
    /// `lane`.
    pub name: String,
}

impl OwnLanes {
    /// The lanes of `d` as loaded; `acled` when every file was an ACLED export.
    pub fn of(d: &Dataset, acled: bool) -> OwnLanes {
        OwnLanes {
            lanes: d.lanes.clone(),
            of_event: d.events.iter().map(|e| e.lane).collect(),
            name: if acled { "event_type" } else { "lane" }.to_string(),
        }
    }

    /// True when `field` names the file's own lanes.
    pub fn is_own(&self, field: &str) -> bool {
        field.eq_ignore_ascii_case("lane") || field.eq_ignore_ascii_case(&self.name)
    }
}

/// Gives `d` the lanes by `field` (`None` or the file's own: the lanes it was loaded with).
pub fn derive(d: &mut Dataset, own: &OwnLanes, field: Option<&str>) -> Result<(), String> {
    match field {
        Some(f) if !own.is_own(f) => lanes_by(d, f),
        _ => {
            if own.of_event.len() == d.events.len() {
                d.lanes = own.lanes.clone();
                for (e, l) in d.events.iter_mut().zip(&own.of_event) {
                    e.lane = *l;
                }
            }
            Ok(())
        }
    }
}

/// The picker's entries: a field and how many lanes it makes (`None` until counted).
type Entries = Vec<(String, Option<usize>)>;

/// A re-derivation under way: the field, and its result (the new index, or why not).
type Switch = (Option<String>, Receiver<Result<Indexed, String>>);

/// The picker's state.
#[derive(Default)]
pub struct LanesBy {
    /// The field the lanes on screen are by; `None` for the file's own.
    pub field: Option<String>,
    pub own: Arc<OwnLanes>,
    /// The picker's entries and how many lanes each makes, counted on another thread after
    /// each load (`None` until then).
    entries: Entries,
    entries_for: usize,
    counting: Option<Receiver<Entries>>,
    pending: Option<Switch>,
    /// Why the last switch failed.
    pub error: Option<String>,
    /// The field the first load makes lanes by (the command line's `--lanes-by`), until a
    /// load has made them.
    pub first_load: Option<String>,
}

impl LanesBy {
    /// The picker's name for the lanes on screen.
    pub fn name(&self) -> &str {
        self.field.as_deref().unwrap_or(&self.own.name)
    }

    /// A new data set was loaded with `own` lanes, shown by `field`: a switch under way was
    /// for the one before, and is dropped.
    pub fn loaded(&mut self, own: OwnLanes, field: Option<String>) {
        self.first_load = None;
        self.field = field.filter(|f| !own.is_own(f));
        self.own = Arc::new(own);
        self.pending = None;
        self.entries_for = 0;
    }

    /// The field a load is to make lanes by: the one on screen, or the command line's before
    /// the first load.
    pub fn for_load(&self) -> Option<String> {
        self.first_load.clone().or_else(|| self.field.clone())
    }

    /// True while lanes are being re-derived.
    pub fn is_deriving(&self) -> bool {
        self.pending.is_some()
    }

    /// Starts re-deriving the lanes of `base` by `field` on another thread.
    pub fn switch(&mut self, ctx: &egui::Context, base: &Indexed, field: Option<String>) {
        let field = field.filter(|f| !self.own.is_own(f));
        let (tx, rx) = channel();
        let data = Arc::clone(&base.data);
        let own = Arc::clone(&self.own);
        let (f, ctx) = (field.clone(), ctx.clone());
        std::thread::spawn(move || {
            let mut d = (*data).clone();
            drop(data);
            let result = derive(&mut d, &own, f.as_deref()).map(|()| Indexed::new(Arc::new(d)));
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        self.error = None;
        self.pending = Some((field, rx));
    }

    /// A finished re-derivation: the new index, to be shown in place of the old one.
    pub fn poll(&mut self) -> Option<Indexed> {
        let (_, rx) = self.pending.as_ref()?;
        let result = rx.try_recv().ok()?;
        let (field, _) = self.pending.take()?;
        match result {
            Ok(idx) => {
                self.field = field;
                Some(idx)
            }
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// Waits for the re-derivation under way (tests and headless use).
    pub fn wait(&mut self) -> Option<Indexed> {
        let (field, rx) = self.pending.take()?;
        match rx.recv().ok()? {
            Ok(idx) => {
                self.field = field;
                Some(idx)
            }
            Err(e) => {
                self.error = Some(e);
                None
            }
        }
    }

    /// Lists the fields of a newly shown data set and counts their lanes on another thread.
    fn refresh_entries(&mut self, ctx: &egui::Context, base: &Indexed) {
        let for_data = Arc::as_ptr(&base.data) as usize;
        if let Some(rx) = &self.counting
            && let Ok(entries) = rx.try_recv()
        {
            self.entries = entries;
            self.counting = None;
        }
        if self.entries_for == for_data {
            return;
        }
        self.entries_for = for_data;
        let names = fields_of(&base.data, &self.own.name);
        // Counts are kept from the data set before when the fields are the same (a switch
        // changes the lanes, not the values).
        if self.entries.iter().map(|(n, _)| n).ne(names.iter()) {
            self.entries = names.iter().map(|n| (n.clone(), None)).collect();
            let (tx, rx) = channel();
            let data = Arc::clone(&base.data);
            let ctx = ctx.clone();
            let own_lanes = self.own.lanes.len();
            std::thread::spawn(move || {
                let counted = names
                    .into_iter()
                    .map(|n| {
                        let count = if n == "lane" {
                            Some(own_lanes)
                        } else {
                            distinct(&data, &n).ok()
                        };
                        (n, count)
                    })
                    .collect();
                let _ = tx.send(counted);
                ctx.request_repaint();
            });
            self.counting = Some(rx);
        }
    }

    /// The picker; a new choice starts a re-derivation.
    pub fn picker_ui(&mut self, ui: &mut egui::Ui, base: &Indexed) {
        self.refresh_entries(ui.ctx(), base);
        let label = ui.label("Lanes by");
        let current = self.pending.as_ref().map_or_else(
            || self.name().to_string(),
            |(f, _)| f.clone().unwrap_or_else(|| self.own.name.clone()),
        );
        let mut picked = None;
        let combo = egui::ComboBox::from_id_salt("lanes by")
            .selected_text(shown_name(&current))
            .height(480.0)
            .show_ui(ui, |ui| {
                for (name, count) in &self.entries {
                    let shown = shown_name(name);
                    let text = match count {
                        Some(n) if *n >= crate::model::lanes_by::DISTINCT_LIMIT => {
                            format!("{shown}  ({n}+ lanes)")
                        }
                        Some(n) => format!("{shown}  ({n})"),
                        None => shown.to_string(),
                    };
                    if ui.selectable_label(*name == current, text).clicked() {
                        picked = Some(name.clone());
                    }
                }
            });
        combo
            .response
            .labelled_by(label.id)
            .on_hover_text("Make the lanes from this field of the events (the number of lanes it makes in brackets)");
        if let Some(p) = picked
            && p != current
        {
            self.switch(ui.ctx(), base, Some(p));
        }
        if self.pending.is_some() {
            ui.spinner().on_hover_text("Making the lanes…");
        }
        if let Some(e) = &self.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
    }
}

/// A field as the picker names it: the file's own `lane` is "the file's lanes" ("Lanes by
/// lane" said nothing); every other field by its name, as `--lanes-by` takes it.
fn shown_name(field: &str) -> &str {
    if field == "lane" {
        "the file's lanes"
    } else {
        field
    }
}

/// The picker's entries: the file's own lanes first, the other fields, then the attributes.
fn fields_of(d: &Dataset, own: &str) -> Vec<String> {
    let mut names: Vec<String> = vec![own.to_string()];
    for f in FIELDS {
        if (*f != "lane" || own == "lane") && !names.iter().any(|n| n == f) {
            names.push(f.to_string());
        }
    }
    for a in &d.attribute_names {
        if !names.iter().any(|n| n.eq_ignore_ascii_case(a)) {
            names.push(a.clone());
        }
    }
    names
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lanes_go_back_to_the_files_own_after_another_field() {
        let mut d = crate::load::load_bytes(
            "t.csv",
            b"title,date,lane,region\nA,2020,x,North\nB,2021,y,South\nC,2022,y,North\n",
        )
        .unwrap()
        .dataset;
        let own = OwnLanes::of(&d, false);
        derive(&mut d, &own, Some("region")).unwrap();
        let labels = |d: &Dataset| d.lanes.iter().map(|l| l.label.clone()).collect::<Vec<_>>();
        assert_eq!(labels(&d), vec!["North", "South"]);
        derive(&mut d, &own, Some("lane")).unwrap();
        assert_eq!(labels(&d), vec!["x", "y"]);
        assert_eq!(
            d.events.iter().map(|e| e.lane).collect::<Vec<_>>(),
            vec![0, 1, 1]
        );
        assert!(derive(&mut d, &own, Some("nothing")).is_err());
    }

    #[test]
    fn acled_lanes_are_named_by_event_type_and_the_list_has_it_once() {
        let d = crate::load::load_bytes(
            "a.csv",
            b"event_id_cnty,event_date,year,time_precision,event_type,admin1\nX1,2020-01-01,2020,1,Battles,North\n",
        )
        .unwrap()
        .dataset;
        let own = OwnLanes::of(&d, true);
        assert!(own.is_own("event_type"));
        let names = fields_of(&d, &own.name);
        assert_eq!(names.first().map(String::as_str), Some("event_type"));
        assert_eq!(names.iter().filter(|n| *n == "event_type").count(), 1);
        assert!(!names.iter().any(|n| n == "lane"));
        assert!(names.iter().any(|n| n == "admin1"));
    }
}
