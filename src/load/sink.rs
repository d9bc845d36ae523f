//! What the readers of other tools' formats (TimelineJS sheets and TimelineJS2, Timesketch,
//! plaso, GDELT, vis-timeline) hand the [`DatasetBuilder`]: one [`Record`] per event, with the
//! format's other fields as attributes. [`Sink`] is the builder with the few steps these readers
//! share (titles from the file name, numbered ids, attributes).

use super::builder::{DatasetBuilder, EventDraft, LaneIx, SourceIx};
use super::{Format, Loaded};
use crate::model::{Claim, Lane, Source, Status, UncertainTime};
use arcstr::ArcStr;
use std::sync::Arc;

/// One event as a reader found it.
pub(crate) struct Record {
    /// The record's own id; `None` numbers it by its place among the events (`row-N`).
    pub id: Option<String>,
    pub title: String,
    pub time: Arc<UncertainTime>,
    pub lane: LaneIx,
    pub status: Status,
    pub place: Option<ArcStr>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub claims: Vec<Claim>,
    /// The format's other fields, kept as written: the event's attributes.
    pub attributes: Vec<(String, String)>,
    pub line: usize,
    pub column: usize,
}

impl Record {
    pub fn new(title: String, time: Arc<UncertainTime>, lane: LaneIx, line: usize) -> Record {
        Record {
            id: None,
            title,
            time,
            lane,
            // The formats read through records give no status unless they set one.
            status: Status::Unstated,
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

/// A sheet read whole (the forms other tools write): a reader at its first row, and its header
/// trimmed and lower-cased.
pub(crate) fn sheet<'a>(
    name: &str,
    text: &'a str,
) -> Result<(csv::Reader<&'a [u8]>, Vec<String>), super::LoadError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| super::LoadError::new(name, 1, 1, format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    Ok((reader, headers))
}

pub(crate) struct Sink {
    pub b: DatasetBuilder,
    rows: usize,
}

impl Sink {
    /// A data set read as `format`, titled after the file until the reader finds a title.
    pub fn new(name: &str, format: Format) -> Sink {
        let mut b = DatasetBuilder::new(name, format);
        b.set_title(
            std::path::Path::new(name)
                .file_stem()
                .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned()),
        );
        Sink { b, rows: 0 }
    }

    pub fn lane(&mut self, id: &str) -> LaneIx {
        self.b.lane(id)
    }

    /// A lane with a label of its own (vis-timeline groups), unless the id is taken.
    pub fn label_lane(&mut self, id: &str, label: &str) {
        self.b.declare_lane(Lane {
            id: id.to_string(),
            label: label.to_string(),
            color: None,
            description: None,
        });
    }

    pub fn source(&mut self, key: &str, make: impl FnOnce() -> Source) -> SourceIx {
        self.b.source(key, make)
    }

    pub fn problem(
        &mut self,
        line: usize,
        column: usize,
        record: Option<&str>,
        message: impl Into<String>,
    ) {
        self.b.problem(line, column, record, message);
    }

    /// A claim that `source` reports the event.
    pub fn claim(
        &mut self,
        source: SourceIx,
        said: &str,
        time: Option<Arc<UncertainTime>>,
    ) -> Claim {
        let mut c = Claim::citing(source.0, self.b.intern(said));
        c.time = time;
        c
    }

    /// Adds the event unless its id was used before (the builder reports it).
    pub fn push(&mut self, r: Record) {
        self.rows += 1;
        let id: compact_str::CompactString = match r.id {
            Some(id) => id.into(),
            None => compact_str::format_compact!("row-{}", self.rows),
        };
        let at = (r.line, r.column);
        let mut e = EventDraft::new(id, r.title, r.time, r.lane, at);
        e.status = r.status;
        e.place = r.place;
        e.summary = r.summary.filter(|s| !s.is_empty()).map(Into::into);
        e.attributes = r
            .attributes
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| (self.b.attribute(k), self.b.value(v)))
            .collect();
        e.tags = r.tags.into();
        e.claims = r.claims;
        self.b.event(e, at);
    }

    /// The `n`th row of a sheet read whole from `text` and the line it starts on
    /// ([`super::text::record_line`]); `None` for a blank row, and for an unreadable one, which
    /// becomes a problem and is left out.
    pub fn row(
        &mut self,
        n: usize,
        row: csv::Result<csv::StringRecord>,
        text: &str,
    ) -> Option<(csv::StringRecord, usize)> {
        let line_of = |p: &csv::Position| {
            let at = |b: u64| text.as_bytes().get(usize::try_from(b).ok()?).copied();
            super::text::record_line(p, at).unwrap_or(p.line()) as usize
        };
        let record = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(n + 2, line_of);
                self.problem(line, 0, None, format!("unreadable row: {e}; left out"));
                return None;
            }
        };
        let line = record.position().map_or(n + 2, line_of);
        if record.iter().all(|f| f.trim().is_empty()) {
            return None;
        }
        Some((record, line))
    }

    pub fn finish(self) -> Loaded {
        self.b.finish()
    }
}
