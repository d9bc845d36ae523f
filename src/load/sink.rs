//! Where the readers of other tools' formats (TimelineJS sheets and TimelineJS2, Timesketch,
//! plaso, GDELT, vis-timeline) put what they read: lanes and sources by name, one shared copy of
//! each repeated text, duplicate ids refused, problems gathered. Each reader only turns its
//! format's fields into [`Record`]s.

use super::{Format, Interner, Loaded, Problems};
use crate::model::{Claim, Dataset, Event, Lane, RecordPos, Source, Status, UncertainTime};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// One event as a reader found it.
pub(crate) struct Record {
    /// The record's own id; `None` numbers it by its place in the file (`row-N`).
    pub id: Option<String>,
    pub title: String,
    pub time: Arc<UncertainTime>,
    pub lane: u32,
    pub status: Status,
    pub place: Option<Arc<str>>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub claims: Vec<Claim>,
    /// The format's other fields, kept as written (shown with the summary).
    pub attributes: Vec<(String, String)>,
    pub line: usize,
    pub column: usize,
}

impl Record {
    pub fn new(title: String, time: Arc<UncertainTime>, lane: u32, line: usize) -> Record {
        Record {
            id: None,
            title,
            time,
            lane,
            status: Status::Confirmed,
            place: None,
            summary: None,
            tags: Vec::new(),
            claims: Vec::new(),
            attributes: Vec::new(),
            line,
            column: 1,
        }
    }
}

pub(crate) struct Sink {
    pub dataset: Dataset,
    pub problems: Problems,
    lanes: FxHashMap<String, u32>,
    sources: FxHashMap<String, u32>,
    ids: FxHashSet<compact_str::CompactString>,
    strings: Interner,
    rows: usize,
}

impl Sink {
    /// A data set titled after the file until the reader finds a title.
    pub fn new(name: &str) -> Sink {
        let title = std::path::Path::new(name)
            .file_stem()
            .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
        Sink {
            dataset: Dataset {
                title,
                ..Dataset::default()
            },
            problems: Problems::new(name),
            lanes: FxHashMap::default(),
            sources: FxHashMap::default(),
            ids: FxHashSet::default(),
            strings: Interner::default(),
            rows: 0,
        }
    }

    /// The lane labelled `label`, made on first use.
    pub fn lane(&mut self, label: &str) -> u32 {
        if let Some(&i) = self.lanes.get(label) {
            return i;
        }
        let i = u32::try_from(self.dataset.lanes.len()).unwrap_or(u32::MAX);
        self.dataset.lanes.push(Lane {
            id: label.to_string(),
            label: label.to_string(),
            color: None,
            description: None,
        });
        self.lanes.insert(label.to_string(), i);
        i
    }

    /// Labels a lane made with [`Sink::lane`] (vis-timeline groups give their names apart).
    pub fn label_lane(&mut self, id: &str, label: &str) {
        let i = self.lane(id);
        if let Some(l) = self.dataset.lanes.get_mut(i as usize) {
            l.label = label.to_string();
        }
    }

    /// The source known by `key`, made by `make` on first use.
    pub fn source(&mut self, key: &str, make: impl FnOnce() -> Source) -> u32 {
        if let Some(&i) = self.sources.get(key) {
            return i;
        }
        let i = u32::try_from(self.dataset.sources.len()).unwrap_or(u32::MAX);
        self.dataset.sources.push(make());
        self.sources.insert(key.to_string(), i);
        i
    }

    pub fn intern(&mut self, s: &str) -> Arc<str> {
        self.strings.intern(s)
    }

    pub fn problem(
        &mut self,
        line: usize,
        column: usize,
        record: Option<&str>,
        message: impl Into<String>,
    ) {
        self.problems.push(line, column, record, message);
    }

    /// A claim that `source` reports the event.
    pub fn claim(&mut self, source: u32, said: &str, time: Option<Arc<UncertainTime>>) -> Claim {
        Claim {
            source,
            said: self.intern(said),
            credibility: None,
            time,
            place: None,
            status: None,
        }
    }

    /// Adds the event, unless its id was already used (then a problem says so). Counts rows
    /// for the ids of records without one.
    pub fn push(&mut self, r: Record) -> bool {
        self.rows += 1;
        let id: compact_str::CompactString = match r.id {
            Some(id) => id.into(),
            None => compact_str::format_compact!("row-{}", self.rows),
        };
        if !self.ids.insert(id.clone()) {
            self.problems.push(
                r.line,
                r.column,
                Some(&id),
                "this id was used by an earlier record; this one is left out",
            );
            return false;
        }
        let mut summary = r.summary.filter(|s| !s.is_empty());
        if !r.attributes.is_empty() {
            let mut text = summary.map(|s| s + "\n\n").unwrap_or_default();
            for (i, (k, v)) in r.attributes.iter().enumerate() {
                if i > 0 {
                    text.push('\n');
                }
                text.push_str(k);
                text.push_str(": ");
                text.push_str(v);
            }
            summary = Some(text);
        }
        self.dataset.events.push(Event {
            id,
            title: r.title,
            time: r.time,
            lane: r.lane,
            status: r.status,
            likelihood: None,
            place: r.place,
            summary: summary.map(Into::into),
            tags: r.tags.into(),
            claims: r.claims.into(),
            location: RecordPos::new(r.line, r.column),
        });
        true
    }

    pub fn finish(self, format: Format) -> Loaded {
        let mut dataset = self.dataset;
        dataset.events.shrink_to_fit();
        Loaded {
            dataset,
            problems: self.problems.finish(),
            format,
        }
    }
}
