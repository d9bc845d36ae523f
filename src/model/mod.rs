//! The data model: a data set of lanes, sources and events with uncertain times. Plain Rust, no
//! I/O and no egui; loaders build it, the UI only reads it.

pub mod edtf;
pub mod fields;
pub mod filter;
pub mod grade;
pub mod known;
pub mod lanes_by;
pub mod list;
pub mod packed;
pub mod time;
pub mod track;

pub use grade::{Credibility, Likelihood, Reliability, SourceKind, Status};
pub use list::List;
pub use time::{Bound, Edge, Instant, Precision, UncertainTime};

use arcstr::ArcStr;
use std::fmt;
use std::sync::Arc;

/// A whole data set as loaded from one or more files.
#[derive(Clone, Debug, Default)]
pub struct Dataset {
    pub title: String,
    pub description: String,
    pub lanes: Vec<Lane>,
    pub sources: Vec<Source>,
    pub events: Vec<Event>,
    /// Named periods drawn behind the lanes (TimelineJS eras).
    pub eras: Vec<Era>,
    /// The names of the attributes events carry ([`Dataset::attributes`]): a sheet's columns
    /// that have no role of their own, kept as written.
    pub attribute_names: Vec<String>,
    /// The events' attributes and summaries, by [`Event::row`]; shared by the projections of
    /// this data set.
    pub fields: Arc<fields::Fields>,
    /// What each event stands for where it is not one event, in the words it is counted by:
    /// in ACLED's aggregated data a row counts the events of an area in a week ("weekly
    /// count"), and calling 16,000 such rows "16,000 events" would understate what they count
    /// and misname what is drawn. `None`: each is an event. See [`Dataset::counted`].
    pub record: Option<&'static str>,
    /// Where each event counts events ([`Dataset::record`]), how many, by [`Event::row`]
    /// (shared by the projections, as the rows are): a dense lane's bars add them up.
    pub weights: Option<Arc<[u32]>>,
    /// What "as known on" cannot tell from this data set's publication dates, said beside its
    /// counts, in a few words and in full: ACLED's `timestamp` is when ACLED last changed a
    /// record, not when it first published it, so a record changed since may have been out
    /// before in another version.
    pub known_caveat: Option<(&'static str, &'static str)>,
}

/// One row of the timeline: an actor or a theme.
#[derive(Clone, Debug, PartialEq)]
pub struct Lane {
    pub id: String,
    pub label: String,
    /// sRGB colour, if the file gave one.
    pub color: Option<[u8; 3]>,
    pub description: Option<String>,
}

/// An outlet, official or document that made claims.
#[derive(Clone, Debug, PartialEq)]
pub struct Source {
    pub id: String,
    /// Outlet or person, e.g. "Yonhap" or "John Kirby (NSC)".
    pub name: String,
    pub title: Option<String>,
    pub author: Option<String>,
    /// Shared with other sources (and claims) of the same written date.
    pub published: Option<Arc<UncertainTime>>,
    pub url: Option<String>,
    pub reliability: Option<Reliability>,
    pub kind: SourceKind,
    pub notes: Option<String>,
}

/// Something that happened, or may happen.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    /// Shared between events with the same written time (loaders parse each distinct time once).
    pub time: Arc<UncertainTime>,
    /// Index into [`Dataset::lanes`].
    pub lane: u32,
    pub status: Status,
    pub likelihood: Option<Likelihood>,
    /// Shared between events that name the same place (interned by the loaders).
    pub place: Option<ArcStr>,
    /// Shared between events with the same tags (the list and each tag).
    pub tags: List<ArcStr>,
    /// Shared between events whose sources said the same (ACLED's rows citing the same
    /// outlets the same day).
    pub claims: List<Claim>,
    /// The event's row in [`Dataset::fields`]: its id ([`Dataset::id`]), title
    /// ([`Dataset::title`]), summary and its record's other fields.
    pub row: u32,
    /// Where the record starts in its file.
    pub location: RecordPos,
}

/// What one source said about an event.
#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    /// Index into [`Dataset::sources`].
    pub source: u32,
    /// A paraphrase or short quote.
    pub said: ArcStr,
    pub credibility: Option<Credibility>,
    /// The time this source gave for the event, where it gave one.
    pub time: Option<Arc<UncertainTime>>,
    pub place: Option<ArcStr>,
    pub status: Option<Status>,
}

impl Source {
    /// A source known only by its id and name (an outlet cited by an export, a credit line),
    /// of kind "other"; loaders fill in what their format gives.
    pub fn named(id: impl Into<String>, name: impl Into<String>) -> Source {
        Source {
            id: id.into(),
            name: name.into(),
            title: None,
            author: None,
            published: None,
            url: None,
            reliability: None,
            kind: SourceKind::Other,
            notes: None,
        }
    }
}

impl Claim {
    /// A claim that only says what the source (an index into [`Dataset::sources`]) said.
    pub fn citing(source: u32, said: ArcStr) -> Claim {
        Claim {
            source,
            said,
            credibility: None,
            time: None,
            place: None,
            status: None,
        }
    }
}

/// A named period (e.g. a TimelineJS era).
#[derive(Clone, Debug, PartialEq)]
pub struct Era {
    pub label: String,
    pub time: UncertainTime,
}

/// Where a record starts in its file: 1-based line and column (0 when not known). Kept per event,
/// so it is small; the file is the data set's.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RecordPos {
    pub line: u32,
    pub column: u32,
}

impl RecordPos {
    pub fn new(line: usize, column: usize) -> RecordPos {
        RecordPos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }
}

/// A place in a file: 1-based line and column where known.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Location {
    /// Shared by every record of the file.
    pub file: Arc<str>,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (l, 0) => write!(f, "{}:{l}", self.file),
            (l, c) => write!(f, "{}:{l}:{c}", self.file),
        }
    }
}

/// A record that was wrong and left out (or kept with a warning), with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub location: Location,
    /// The id of the record, where it had one.
    pub record: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem of no one record, at `line` and `column` of `file`.
    pub fn at(file: &str, line: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            location: Location {
                file: file.into(),
                line,
                column,
            },
            record: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.record {
            Some(id) => write!(f, "{}: {id}: {}", self.location, self.message),
            None => write!(f, "{}: {}", self.location, self.message),
        }
    }
}

impl Dataset {
    /// `n` of this data set's events, named for what each is: "3 events", or "3 weekly
    /// counts" where each counts events ([`Dataset::record`]); `n` as written by `number`.
    pub fn counted(&self, n: usize, number: impl Fn(usize) -> String) -> String {
        counted(n, number, self.record.unwrap_or("event"))
    }

    /// How many events `e` counts, where each event counts some ([`Dataset::weights`]).
    pub fn weight(&self, e: &Event) -> Option<u32> {
        self.weights.as_ref()?.get(e.row as usize).copied()
    }

    /// The plural of what each event is: "events", or "weekly counts".
    pub fn records_word(&self) -> String {
        format!("{}s", self.record.unwrap_or("event"))
    }

    /// The earliest and latest known instants over all events, if any event has one.
    pub fn extent(&self) -> Option<(Instant, Instant)> {
        let lo = self.events.iter().filter_map(|e| e.time.earliest()).min()?;
        let hi = self.events.iter().filter_map(|e| e.time.latest()).max()?;
        Some((lo, hi))
    }

    pub fn lane(&self, index: usize) -> Option<&Lane> {
        self.lanes.get(index)
    }

    pub fn source(&self, index: usize) -> Option<&Source> {
        self.sources.get(index)
    }

    /// The values of attribute `name` (an index into [`Dataset::attribute_names`]) on an event
    /// of this data set; a name can have several (an ACLED event's actors).
    pub fn attribute<'a>(&'a self, e: &Event, name: u32) -> impl Iterator<Item = &'a str> {
        self.fields.values(e.row, name)
    }

    /// An event's id (kept with its row's fields, one text among all the ids: "" for a
    /// made-up event without a row).
    pub fn id(&self, e: &Event) -> &str {
        self.fields.id(e.row)
    }

    /// An event's title (kept with its row's fields: "" for a made-up event without a row).
    pub fn title(&self, e: &Event) -> &str {
        self.fields.title(e.row)
    }

    /// Every attribute of an event as `(index into attribute_names, value)`.
    pub fn attributes(&self, e: &Event) -> Vec<(u32, &str)> {
        self.fields.of(e.row)
    }

    /// An event's summary, if it has one (decompressed; [`Dataset::summaries`] reads many).
    pub fn summary(&self, e: &Event) -> Option<std::borrow::Cow<'_, str>> {
        self.fields.summary(e.row)
    }

    /// A reader of events' summaries ([`fields::Summaries::get`] by [`Event::row`]), fastest
    /// over events in the order they were loaded.
    pub fn summaries(&self) -> fields::Summaries<'_> {
        self.fields.summaries()
    }

    /// The index of an attribute by its name (case-insensitive).
    pub fn attribute_index(&self, name: &str) -> Option<u32> {
        self.attribute_names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name))
            .and_then(|i| u32::try_from(i).ok())
    }

    /// Appends another data set, keeping lanes apart where their ids clash with a different
    /// label, and sharing lanes that are the same.
    pub fn merge(&mut self, other: Dataset, other_name: &str) {
        // Counts and events together are records: neither word fits them all.
        let first = self.events.is_empty();
        if first || self.record == other.record {
            self.record = other.record;
        } else {
            self.record = Some("record");
        }
        self.known_caveat = self.known_caveat.or(other.known_caveat);
        let mut lane_map = Vec::with_capacity(other.lanes.len());
        for lane in other.lanes {
            let existing = self
                .lanes
                .iter()
                .position(|l| l.id == lane.id && l.label == lane.label);
            let index = match existing {
                Some(i) => i,
                None => {
                    let mut lane = lane;
                    if self.lanes.iter().any(|l| l.id == lane.id) {
                        lane.id = format!("{}:{}", other_name, lane.id);
                        lane.label = format!("{} ({other_name})", lane.label);
                    }
                    self.lanes.push(lane);
                    self.lanes.len() - 1
                }
            };
            lane_map.push(index);
        }
        let attribute_map: Vec<u32> = other
            .attribute_names
            .iter()
            .map(
                |name| match self.attribute_names.iter().position(|n| n == name) {
                    Some(i) => u32::try_from(i).unwrap_or(u32::MAX),
                    None => {
                        self.attribute_names.push(name.clone());
                        u32::try_from(self.attribute_names.len() - 1).unwrap_or(u32::MAX)
                    }
                },
            )
            .collect();
        let row_offset = Arc::make_mut(&mut self.fields).append(&other.fields, &attribute_map);
        // Both sets' weights, one after the other as their rows; else none (the bars count rows).
        self.weights = match (&self.weights, &other.weights) {
            (_, Some(b)) if first && row_offset == 0 => Some(b.clone()),
            (Some(a), Some(b)) if a.len() == row_offset as usize => {
                Some(a.iter().chain(b.iter()).copied().collect())
            }
            _ => None,
        };
        let source_offset = self.sources.len();
        self.sources.extend(other.sources);
        let source_offset = u32::try_from(source_offset).unwrap_or(u32::MAX);
        // Lists shared in `other` stay shared: each is renumbered once.
        let mut renumbered: std::collections::HashMap<*const Claim, List<Claim>> =
            std::collections::HashMap::new();
        for mut event in other.events {
            event.lane = lane_map
                .get(event.lane as usize)
                .and_then(|&l| u32::try_from(l).ok())
                .unwrap_or(0);
            if !event.claims.is_empty() {
                let list = renumbered.entry(event.claims.as_ptr()).or_insert_with(|| {
                    event
                        .claims
                        .iter()
                        .map(|c| Claim {
                            source: c.source.saturating_add(source_offset),
                            ..c.clone()
                        })
                        .collect()
                });
                event.claims = list.clone();
            }
            event.row = event.row.saturating_add(row_offset);
            self.events.push(event);
        }
        self.eras.extend(other.eras);
        if self.title.is_empty() {
            self.title = other.title;
        } else if !other.title.is_empty() {
            self.title = format!("{} + {}", self.title, other.title);
        }
        if self.description.is_empty() {
            self.description = other.description;
        }
    }
}

/// Parses a `#rrggbb` colour.
pub fn parse_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// 1234567 → "1,234,567".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` and a noun, plural unless `n` is 1 ("1 lane", "6 lanes"); `n` as written by `number`.
pub fn counted(n: usize, number: impl Fn(usize) -> String, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", number(n))
    }
}
