//! One builder per data set, fed by every loader. A loader's job is to turn bytes into records;
//! what every format needs besides — lanes and sources made once per name, repeated texts and
//! times shared, duplicate event ids left out, problems collected with their place — lives here,
//! so that the rules are the same whatever the format and a new format's loader stays short:
//!
//! ```ignore
//! let mut b = DatasetBuilder::new(file, Format::Csv);
//! for record in records {
//!     let at = (record.line, record.column);
//!     let time = match b.time(record.date) {
//!         Ok(t) => t,
//!         Err(e) => {
//!             b.problem(at.0, at.1, Some(record.id), format!("{e}; this row is left out"));
//!             continue;
//!         }
//!     };
//!     let lane = b.lane(record.group);
//!     let source = b.source(record.outlet, || Source::named(slug(record.outlet), record.outlet));
//!     let mut event = EventDraft::new(record.id, record.title, time, lane, at);
//!     event.claims.push(Claim::citing(source.0, b.intern("cited for this event")));
//!     b.event(event, at);
//! }
//! Ok(b.finish())
//! ```
//!
//! Loaders that parse on several threads (timeband JSON, the CSV reading thread) keep a
//! [`TimeCache`] and an [`Interner`] per thread and hand the builder finished records in file
//! order. A time repeated in batches that two threads read is kept once per thread: at most a
//! copy per core, where sharing them took a look-up per time on the one merging thread.

use super::{DateReading, Format, Loaded, MAX_PROBLEMS};
use crate::model::fields::{FieldsBuilder, TextId};
use crate::model::{
    Claim, Dataset, Era, Event, Lane, Likelihood, Location, Problem, RecordPos, Source, Status,
    UncertainTime, edtf,
};
use arcstr::ArcStr;
use compact_str::CompactString;
use hashbrown::HashTable;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// A lane of the data set being built (an index into [`Dataset::lanes`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct LaneIx(pub u32);

/// A source of the data set being built (an index into [`Dataset::sources`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct SourceIx(pub u32);

/// An event of the data set being built (an index into [`Dataset::events`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct EventIx(pub u32);

fn ix(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An event as a loader read it, before the builder checks its id and adds it.
pub(crate) struct EventDraft {
    pub id: compact_str::CompactString,
    pub title: ArcStr,
    /// The title kept already ([`DatasetBuilder::keep_title`] for a title the loader shares
    /// by its own map, [`DatasetBuilder::title_number`] for one read straight from a row);
    /// then `title` is not read.
    pub title_kept: Option<TextId>,
    pub time: Arc<UncertainTime>,
    pub lane: LaneIx,
    pub status: Status,
    pub likelihood: Option<Likelihood>,
    pub place: Option<ArcStr>,
    pub summary: Option<Box<str>>,
    pub tags: Box<[String]>,
    /// The tags as one shared list already ([`DatasetBuilder::tag_list`]); then `tags` is not
    /// read.
    pub tag_list: Option<crate::model::List<ArcStr>>,
    pub claims: Vec<Claim>,
    /// The claims as one list already (made on a parsing thread); then `claims` is not read.
    pub claim_list: Option<crate::model::List<Claim>>,
    /// Other fields, by [`DatasetBuilder::attribute`] index, each value a
    /// [`DatasetBuilder::value`].
    pub attributes: Vec<(u32, TextId)>,
    /// Where the record starts in its file.
    pub location: RecordPos,
}

impl EventDraft {
    /// An event with what every event has; the rest is confirmed, without likelihood, place,
    /// summary, tags or claims until the loader says otherwise.
    pub fn new(
        id: impl Into<compact_str::CompactString>,
        title: impl Into<ArcStr>,
        time: Arc<UncertainTime>,
        lane: LaneIx,
        (line, column): (usize, usize),
    ) -> EventDraft {
        EventDraft {
            id: id.into(),
            title: title.into(),
            title_kept: None,
            time,
            lane,
            status: Status::default(),
            likelihood: None,
            place: None,
            summary: None,
            tags: Box::default(),
            tag_list: None,
            claims: Vec::new(),
            claim_list: None,
            attributes: Vec::new(),
            location: RecordPos::new(line, column),
        }
    }

    fn into_event(self, fields: &mut FieldsBuilder, strings: &mut Interner) -> Event {
        let title = match self.title_kept {
            Some(t) => t,
            None => fields.title_number(&self.title),
        };
        let row = fields.row(&self.id, title, &self.attributes, self.summary.as_deref());
        Event {
            time: self.time,
            lane: self.lane.0,
            status: self.status,
            likelihood: self.likelihood,
            place: self.place,
            tags: match self.tag_list {
                Some(list) => list,
                None => strings.tags(&self.tags),
            },
            claims: match self.claim_list {
                Some(list) => list,
                None => strings.claims(self.claims),
            },
            row,
            location: self.location,
        }
    }
}

/// Builds one [`Dataset`] from the records of one file; see the module documentation.
pub(crate) struct DatasetBuilder {
    dataset: Dataset,
    problems: Problems,
    format: Format,
    /// How a duplicate is reported: the id's name and the record's ("event id", "row").
    duplicate: &'static str,
    /// Keys inline (up to 24 bytes) in the table's slots: looked up once a row, a key in a
    /// heap allocation of its own cost a cache miss each time by a million rows.
    lanes: FxHashMap<CompactString, LaneIx>,
    sources: FxHashMap<CompactString, SourceIx>,
    /// [`Dataset::attribute_names`] by name.
    attributes: FxHashMap<String, u32>,
    ids: Ids,
    strings: Interner,
    fields: FieldsBuilder,
    times: TimeCache,
    dates: Vec<DateReading>,
}

impl DatasetBuilder {
    /// A builder for the data set in `file` (named in every problem), read as `format`.
    pub fn new(file: &str, format: Format) -> DatasetBuilder {
        let duplicate = match format {
            Format::Native => "duplicate event id; this event is left out",
            Format::Csv | Format::Acled | Format::AcledAggregated => {
                "duplicate event id; this row is left out"
            }
            Format::TimelineJs => "duplicate `unique_id`; this event is left out",
            Format::VisTimeline | Format::JsonLines => "duplicate id; this item is left out",
            Format::TimelineJsSheet
            | Format::TimelineJs2
            | Format::Timesketch
            | Format::TimesketchJsonl
            | Format::PlasoL2t
            | Format::PlasoDynamic
            | Format::Gdelt
            | Format::GdeltCsv => "duplicate id; this row is left out",
        };
        DatasetBuilder {
            dataset: Dataset::default(),
            problems: Problems::new(file),
            format,
            duplicate,
            lanes: FxHashMap::default(),
            sources: FxHashMap::default(),
            attributes: FxHashMap::default(),
            ids: Ids::default(),
            strings: Interner::default(),
            fields: FieldsBuilder::default(),
            times: TimeCache::new(1 << 16),
            dates: Vec::new(),
        }
    }

    pub fn set_title(&mut self, title: impl Into<String>) {
        self.dataset.title = title.into();
    }

    pub fn set_description(&mut self, description: impl Into<String>) {
        self.dataset.description = description.into();
    }

    /// What "as known on" cannot tell from the publication dates ([`Dataset::known_caveat`]).
    pub fn set_known_caveat(&mut self, caveat: (&'static str, &'static str)) {
        self.dataset.known_caveat = Some(caveat);
    }

    /// What each event stands for where it is not one event ([`Dataset::record`]).
    pub fn set_record(&mut self, record: &'static str) {
        self.dataset.record = Some(record);
    }

    /// How many events each event counts, by row ([`Dataset::weights`]).
    pub fn set_weights(&mut self, weights: Vec<u32>) {
        self.dataset.weights = Some(weights.into());
    }

    pub fn title(&self) -> &str {
        &self.dataset.title
    }

    /// A named period drawn behind the lanes.
    pub fn era(&mut self, era: Era) {
        self.dataset.eras.push(era);
    }

    /// Room for about `events` events up front: capacity not touched costs address space, not
    /// memory, and is given back by [`finish`](Self::finish).
    pub fn reserve_events(&mut self, events: usize) {
        self.dataset.events.reserve(events);
        self.fields.reserve_rows(events);
    }

    /// Room for about `events` ids in the duplicate check, so that its table never grows while
    /// loading (growing holds the old and the new table at once).
    pub fn reserve_ids(&mut self, events: usize) {
        self.ids.reserve(events, &self.fields);
    }

    /// The lane with this id, made (labelled with the id, or "Events" when empty) on first use.
    pub fn lane(&mut self, id: &str) -> LaneIx {
        if let Some(&l) = self.lanes.get(id) {
            return l;
        }
        let l = LaneIx(ix(self.dataset.lanes.len()));
        self.dataset.lanes.push(Lane {
            id: id.to_string(),
            label: if id.is_empty() {
                "Events".to_string()
            } else {
                id.to_string()
            },
            color: None,
            description: None,
        });
        self.lanes.insert(id.into(), l);
        l
    }

    /// Adds a lane the file declares; `None` (and nothing added) when its id is taken.
    pub fn declare_lane(&mut self, lane: Lane) -> Option<LaneIx> {
        if self.lanes.contains_key(lane.id.as_str()) {
            return None;
        }
        let l = LaneIx(ix(self.dataset.lanes.len()));
        self.lanes.insert(lane.id.as_str().into(), l);
        self.dataset.lanes.push(lane);
        Some(l)
    }

    /// The lanes so far by id.
    pub fn lanes(&self) -> &FxHashMap<CompactString, LaneIx> {
        &self.lanes
    }

    /// The source known by `key`, made by `make` on first use. The key is what the file uses
    /// to say "the same source" (an id, a slug of the name, a credit line).
    pub fn source(&mut self, key: &str, make: impl FnOnce() -> Source) -> SourceIx {
        if let Some(&s) = self.sources.get(key) {
            return s;
        }
        let s = SourceIx(ix(self.dataset.sources.len()));
        self.dataset.sources.push(make());
        self.sources.insert(key.into(), s);
        s
    }

    /// The source known by `key`, if it was made.
    pub fn source_ix(&self, key: &str) -> Option<SourceIx> {
        self.sources.get(key).copied()
    }

    /// Adds a source the file declares, known by its id; `None` (and nothing added) when the id
    /// is taken.
    pub fn declare_source(&mut self, source: Source) -> Option<SourceIx> {
        if self.sources.contains_key(source.id.as_str()) {
            return None;
        }
        let s = SourceIx(ix(self.dataset.sources.len()));
        self.sources.insert(source.id.as_str().into(), s);
        self.dataset.sources.push(source);
        Some(s)
    }

    /// The sources so far by key.
    pub fn sources(&self) -> &FxHashMap<CompactString, SourceIx> {
        &self.sources
    }

    /// The index of an attribute name, made on first use.
    pub fn attribute(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.attributes.get(name) {
            return i;
        }
        let i = ix(self.dataset.attribute_names.len());
        self.dataset.attribute_names.push(name.to_string());
        self.attributes.insert(name.to_string(), i);
        i
    }

    /// Adds to an event already added the attributes it does not have yet (the same name with
    /// another value is kept beside the first: an event's several actors).
    pub fn add_attributes(&mut self, event: EventIx, attributes: &[(u32, TextId)]) {
        if let Some(e) = self.dataset.events.get(event.0 as usize) {
            self.fields.add(e.row, attributes);
        }
    }

    /// Takes the attribute values a reading thread numbered for the rows given to this
    /// builder. The loader that does so numbers no value itself; if one ever did, the numbers
    /// would clash, and the file's problems say so rather than show wrong values.
    pub fn adopt_values(&mut self, values: crate::model::fields::Values) {
        if !self.fields.adopt(values) {
            self.problem_first(
                0,
                0,
                "internal error: attribute values numbered in two places; the Fields shown may be wrong, please report this",
            );
        }
    }

    /// An attribute's value, stored once for the data set however many events have it.
    pub fn value(&mut self, s: &str) -> TextId {
        self.fields.value(s)
    }

    /// An event already added.
    pub fn event_ref(&self, event: EventIx) -> Option<&Event> {
        self.dataset.events.get(event.0 as usize)
    }

    /// Keeps a title for events to share ([`EventDraft::title_kept`]): for a loader that
    /// knows which of its events have the same title.
    pub fn keep_title(&mut self, title: &str) -> TextId {
        self.fields.keep_title(title)
    }

    /// The number of a title: the one it had if it came lately, else a new one
    /// ([`EventDraft::title_kept`]).
    pub fn title_number(&mut self, title: &str) -> TextId {
        self.fields.title_number(title)
    }

    /// The title of an event added ([`Dataset::title`]).
    pub fn title_of(&self, e: &Event) -> &str {
        self.fields.title(e.row)
    }

    /// How many events are added so far.
    pub fn event_count(&self) -> usize {
        self.dataset.events.len()
    }

    /// The claims of an event already added.
    pub fn claims_of(&self, event: EventIx) -> &[Claim] {
        self.dataset
            .events
            .get(event.0 as usize)
            .map_or(&[], |e| &e.claims)
    }

    /// One shared copy of a text that repeats (places, what claims said).
    pub fn intern(&mut self, s: &str) -> ArcStr {
        self.strings.intern(s)
    }

    /// One shared copy of this list of tags, for a loader that gives many events the same.
    pub fn tag_list(&mut self, tags: &[String]) -> crate::model::List<ArcStr> {
        self.strings.tags(tags)
    }

    /// An EDTF time, parsed once per distinct text.
    // For loaders that read EDTF text on one thread; today's read theirs on other threads.
    #[allow(dead_code)]
    pub fn time(&mut self, text: &str) -> Result<Arc<UncertainTime>, String> {
        self.times
            .get_or_parse(text, |t| edtf::parse(t).map_err(|e| e.to_string()))
    }

    /// The event read before with this id, if any.
    pub fn find(&self, id: &str) -> Option<EventIx> {
        self.ids.find(id, &self.fields)
    }

    /// True when an event with this id was added before; the duplicate is then a problem at
    /// `id_at`. For loaders that check before they read the rest of the record.
    pub fn seen(&mut self, id: &str, (line, column): (usize, usize)) -> bool {
        let seen = self.find(id).is_some();
        if seen {
            self.problems.push(line, column, Some(id), self.duplicate);
        }
        seen
    }

    /// The problem of a duplicate id at `(line, column)`, for loaders that add with
    /// [`event_unless_seen`](Self::event_unless_seen).
    pub fn duplicate(&mut self, id: &str, (line, column): (usize, usize)) {
        self.problems.push(line, column, Some(id), self.duplicate);
    }

    /// Adds an event, unless an event with its id was added before: then the duplicate is a
    /// problem at `id_at` (where the record writes its id) and is left out.
    pub fn event(&mut self, event: EventDraft, (line, column): (usize, usize)) -> Option<EventIx> {
        let next = EventIx(ix(self.dataset.events.len()));
        if !self.ids.insert(&event.id, next, &self.fields) {
            self.problems
                .push(line, column, Some(&event.id), self.duplicate);
            return None;
        }
        self.push(event);
        Some(next)
    }

    /// Puts an event whose id is recorded at the end of the data set.
    fn push(&mut self, event: EventDraft) {
        let e = event.into_event(&mut self.fields, &mut self.strings);
        self.dataset.events.push(e);
    }

    /// Adds an event whose id [`find`](Self::find) has just not found (so without looking
    /// for it again).
    pub fn event_new(&mut self, event: EventDraft) -> EventIx {
        let next = EventIx(ix(self.dataset.events.len()));
        self.ids.insert_new(&event.id, next, &self.fields);
        self.push(event);
        next
    }

    /// Adds the event `make` makes for `id`, unless an event with this id was added before:
    /// then that event (and `make` is not called). One look-up for both. `make` keeps the id
    /// it is given and adds no event itself.
    pub fn event_unless_seen(
        &mut self,
        id: compact_str::CompactString,
        make: impl FnOnce(&mut Self, compact_str::CompactString) -> EventDraft,
    ) -> Result<EventIx, EventIx> {
        let next = EventIx(ix(self.dataset.events.len()));
        self.ids.insert_or_first(&id, next, &self.fields)?;
        let event = make(self, id);
        self.push(event);
        Ok(next)
    }

    /// Gives more claims to an event already added, with exactly the room they need.
    pub fn add_claims(&mut self, event: EventIx, claims: &mut Vec<Claim>) {
        if let Some(e) = self.dataset.events.get_mut(event.0 as usize) {
            let mut all = Vec::with_capacity(e.claims.len() + claims.len());
            all.extend_from_slice(&e.claims);
            all.append(claims);
            e.claims = all.into();
        }
        claims.clear();
    }

    /// A record that was wrong (left out, or kept with a warning), where and why.
    pub fn problem(
        &mut self,
        line: usize,
        column: usize,
        record: Option<&str>,
        message: impl Into<String>,
    ) {
        self.problems.push(line, column, record, message);
    }

    /// A problem with the file as a whole (a column), listed before the records' problems.
    pub fn problem_first(&mut self, line: usize, column: usize, message: &str) {
        self.problems.list.insert(
            0,
            Problem {
                location: Location {
                    file: self.problems.file.clone(),
                    line,
                    column,
                },
                record: None,
                message: message.to_string(),
            },
        );
    }

    /// The data set, its problems (beyond [`MAX_PROBLEMS`] counted) and its format.
    /// Says how a date column was read (for `check` and the data set's description).
    pub fn date_reading(&mut self, column: &str, rule: String) {
        self.dates.push(DateReading {
            column: column.to_string(),
            rule,
        });
    }

    /// The data set, its problems (beyond [`MAX_PROBLEMS`] counted) and its format. How the
    /// dates were read is added to the description.
    pub fn finish(mut self) -> Loaded {
        self.dataset.events.shrink_to_fit();
        self.dataset.sources.shrink_to_fit();
        self.dataset.fields = Arc::new(self.fields.finish());
        if !self.dates.is_empty() {
            let said: Vec<String> = self
                .dates
                .iter()
                .map(|d| format!("{}: {}", d.column, d.rule))
                .collect();
            let d = &mut self.dataset.description;
            if !d.is_empty() {
                d.push('\n');
            }
            d.push_str(&format!("Dates read as: {}.", said.join("; ")));
        }
        Loaded {
            dataset: self.dataset,
            problems: self.problems.finish(),
            format: self.format,
            container: None,
            dates: self.dates,
        }
    }
}

/// Event ids seen. Ids written as a number (decimal digits, no leading zero) after one prefix
/// (`1`, `2`, …; `ev-1`, `ev-2`, …: the prefix of the first such id) that come in increasing
/// order — GDELT's, and many exports' — are kept in order with their event, so adding one is a
/// comparison and finding one a binary search (a table of a million ids misses the cache at
/// each look-up); the others in a table of event numbers hashed by their event's id, so that
/// ids are not copied and a slot is 4 bytes (3M ids in 21 MB, where a table of hashes and
/// numbers took 71).
#[derive(Default)]
struct Ids {
    /// The numbers of the ids kept in order, and their events (apart: 12 bytes an id, not 16).
    ascending: Vec<u64>,
    ascending_events: Vec<EventIx>,
    /// The prefix of the ids in `ascending` (set with the first of them).
    prefix: Option<Box<str>>,
    hashed: HashTable<EventIx>,
}

impl Ids {
    fn hash(id: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(id)
    }

    /// The hash of event `i`'s id. The builder makes event `i`'s row `i` (a row is made
    /// only as its event is added), so the fields are where its id is read.
    fn hash_of(events: &FieldsBuilder, i: EventIx) -> u64 {
        Self::hash(events.id(i.0))
    }

    /// An id's prefix and the number its trailing digits write, when they write it the one
    /// way that number is.
    fn split(id: &str) -> Option<(&str, u64)> {
        let digits = id.bytes().rev().take_while(u8::is_ascii_digit).count();
        let at = id.len().checked_sub(digits)?;
        let (prefix, b) = (id.get(..at)?, id.get(at..)?.as_bytes());
        let canonical =
            !b.is_empty() && b.len() <= 19 && (b.len() == 1 || b.first() != Some(&b'0'));
        canonical.then(|| {
            (
                prefix,
                b.iter().fold(0u64, |a, d| a * 10 + u64::from(d - b'0')),
            )
        })
    }

    /// The number of an id that is (or would be, were it the next in order) kept in order:
    /// written with the prefix of those, or any before there is one.
    fn number(&self, id: &str) -> Option<u64> {
        let (prefix, n) = Self::split(id)?;
        self.prefix
            .as_deref()
            .is_none_or(|p| p == prefix)
            .then_some(n)
    }

    /// Keeps `id`, numbered `n`, in order as event `next`.
    fn push_in_order(&mut self, id: &str, n: u64, next: EventIx) {
        if self.prefix.is_none() {
            self.prefix = Self::split(id).map(|(p, _)| p.into());
        }
        self.ascending.push(n);
        self.ascending_events.push(next);
    }

    fn in_order(&self, n: u64) -> Option<EventIx> {
        // The last most often (the rows of one event come together).
        if self.ascending.last() == Some(&n) {
            return self.ascending_events.last().copied();
        }
        self.ascending
            .binary_search(&n)
            .ok()
            .and_then(|i| self.ascending_events.get(i))
            .copied()
    }

    fn in_table(&self, id: &str, events: &FieldsBuilder) -> Option<EventIx> {
        self.hashed
            .find(Self::hash(id), |&i| events.id(i.0) == id)
            .copied()
    }

    fn find(&self, id: &str, events: &FieldsBuilder) -> Option<EventIx> {
        if let Some(n) = self.number(id) {
            // Ids that came out of order are all below the last in order (and a new id in
            // order is above it: no search).
            if self.ascending.last().is_none_or(|&last| n > last) {
                return None;
            }
            if let Some(e) = self.in_order(n) {
                return Some(e);
            }
        }
        self.in_table(id, events)
    }

    /// Records `id` as event `next` (the one about to be added after `events`); the event
    /// that had it when the id was seen before.
    fn insert_or_first(
        &mut self,
        id: &str,
        next: EventIx,
        events: &FieldsBuilder,
    ) -> Result<(), EventIx> {
        if let Some(n) = self.number(id) {
            if self.ascending.last().is_none_or(|&last| n > last) {
                self.push_in_order(id, n, next);
                return Ok(());
            }
            if let Some(e) = self.in_order(n) {
                return Err(e);
            }
        }
        let same = |&i: &EventIx| events.id(i.0) == id;
        match self
            .hashed
            .entry(Self::hash(id), same, |&i| Self::hash_of(events, i))
        {
            hashbrown::hash_table::Entry::Occupied(o) => Err(*o.get()),
            hashbrown::hash_table::Entry::Vacant(v) => {
                v.insert(next);
                Ok(())
            }
        }
    }

    /// Records `id`, which [`find`](Self::find) did not find, as event `next`: no look-up.
    fn insert_new(&mut self, id: &str, next: EventIx, events: &FieldsBuilder) {
        if let Some(n) = self.number(id)
            && self.ascending.last().is_none_or(|&last| n > last)
        {
            self.push_in_order(id, n, next);
            return;
        }
        self.hashed
            .insert_unique(Self::hash(id), next, |&i| Self::hash_of(events, i));
    }

    /// Room for `events` more ids in the table.
    fn reserve(&mut self, events: usize, all: &FieldsBuilder) {
        self.hashed.reserve(events, |&i| Self::hash_of(all, i));
        self.ascending.reserve(events);
        self.ascending_events.reserve(events);
    }

    /// Records `id` as event `next`; false when the id was seen before.
    fn insert(&mut self, id: &str, next: EventIx, events: &FieldsBuilder) -> bool {
        self.insert_or_first(id, next, events).is_ok()
    }
}

/// Parsed times by their text, each distinct text parsed once. Kept per thread by loaders that
/// parse on several. A cache, not a store: beyond its capacity the times it holds become the
/// older generation and a new one starts; a time found there moves to the new one, so the
/// texts that keep coming (the days of a file's events) stay, and those that came once go
/// with the next turn (starting afresh instead parsed every day again after each turn, and a
/// million rows held 100,000 copies of times they already had).
pub(crate) struct TimeCache {
    /// By the time's own `written` text, which is the text it was read from nearly always (a
    /// slot is one pointer: the text is the time's).
    times: HashTable<Arc<UncertainTime>>,
    /// The generation before `times`.
    older: HashTable<Arc<UncertainTime>>,
    /// Times read from a text other than their `written` (the two generations in one), by it.
    renamed: FxHashMap<Box<str>, Arc<UncertainTime>>,
    /// Texts that are not times, with why.
    bad: FxHashMap<Box<str>, String>,
    capacity: usize,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
}

impl TimeCache {
    pub fn new(capacity: usize) -> TimeCache {
        TimeCache {
            times: HashTable::new(),
            older: HashTable::new(),
            renamed: FxHashMap::default(),
            bad: FxHashMap::default(),
            capacity,
        }
    }

    /// The time `text` denotes, from the cache or by `parse`.
    #[inline]
    pub fn get_or_parse(
        &mut self,
        text: &str,
        parse: impl FnOnce(&str) -> Result<UncertainTime, String>,
    ) -> Result<Arc<UncertainTime>, String> {
        let h = text_hash(text);
        let is_text = |t: &Arc<UncertainTime>| *t.written == *text;
        if let Some(t) = self.times.find(h, is_text) {
            return Ok(t.clone());
        }
        if !self.older.is_empty()
            && let Ok(entry) = self.older.find_entry(h, is_text)
        {
            let (t, _) = entry.remove();
            self.keep(h, t.clone());
            return Ok(t);
        }
        if let Some(t) = self.renamed.get(text) {
            return Ok(t.clone());
        }
        if let Some(e) = self.bad.get(text) {
            return Err(e.clone());
        }
        let parsed = parse(text).map(Arc::new);
        match &parsed {
            Ok(t) if *t.written == *text => self.keep(h, t.clone()),
            Ok(t) => {
                if self.renamed.len() >= self.capacity {
                    self.renamed.clear();
                }
                self.renamed.insert(text.into(), t.clone());
            }
            Err(e) => {
                if self.bad.len() >= self.capacity {
                    self.bad.clear();
                }
                self.bad.insert(text.into(), e.clone());
            }
        }
        parsed
    }

    /// Keeps `t` (whose `written` hashes to `h`) in the newer generation.
    fn keep(&mut self, h: u64, t: Arc<UncertainTime>) {
        if self.times.len() >= self.capacity {
            self.older = std::mem::take(&mut self.times);
        }
        self.times.insert_unique(h, t, |t| text_hash(&t.written));
    }
}

/// One shared copy of each text seen (places, what claims said): exports repeat them a lot;
/// of each list of tags; and of each list of claims, while lists repeat (ACLED's rows of one
/// day citing the same outlets).
#[derive(Default)]
pub(crate) struct Interner {
    texts: FxHashSet<ArcStr>,
    tags: FxHashSet<crate::model::List<ArcStr>>,
    claims: ClaimLists,
}

impl Interner {
    #[inline]
    pub fn intern(&mut self, s: &str) -> ArcStr {
        if let Some(a) = self.texts.get(s) {
            return a.clone();
        }
        let a: ArcStr = s.into();
        self.texts.insert(a.clone());
        a
    }

    /// One shared copy of this list of tags (events of a kind have the same ones).
    pub fn tags(&mut self, tags: &[String]) -> crate::model::List<ArcStr> {
        let list: Vec<ArcStr> = tags.iter().map(|t| self.intern(t)).collect();
        if let Some(a) = self.tags.get(list.as_slice()) {
            return a.clone();
        }
        let a: crate::model::List<ArcStr> = list.into();
        self.tags.insert(a.clone());
        a
    }

    /// One shared copy of this list of claims, if the same list was seen before.
    pub fn claims(&mut self, claims: Vec<Claim>) -> crate::model::List<Claim> {
        self.claims.share(claims)
    }
}

/// Lists of claims by a hash of what they hold; a list is shared only with one equal to it in
/// every part (a claim's time the same shared time). Where lists do not repeat (every claim
/// its own quote) the table would only cost memory, so it is dropped after [`ClaimLists::TRIAL`]
/// lists if fewer than a quarter of them were found in it.
#[derive(Default)]
struct ClaimLists {
    by_hash: FxHashMap<u64, crate::model::List<Claim>>,
    seen: usize,
    found: usize,
    off: bool,
}

impl ClaimLists {
    const TRIAL: usize = 8192;

    fn share(&mut self, claims: Vec<Claim>) -> crate::model::List<Claim> {
        if self.off || claims.is_empty() {
            return claims.into();
        }
        let h = claims_hash(&claims);
        self.seen += 1;
        if let Some(a) = self.by_hash.get(&h)
            && same_claims(a, &claims)
        {
            self.found += 1;
            return a.clone();
        }
        if self.seen == Self::TRIAL && self.found * 4 < self.seen {
            self.off = true;
            self.by_hash = FxHashMap::default();
            return claims.into();
        }
        let a: crate::model::List<Claim> = claims.into();
        self.by_hash.insert(h, a.clone());
        a
    }
}

fn claims_hash(claims: &[Claim]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    for c in claims {
        h.write_u32(c.source);
        h.write(c.said.as_bytes());
        h.write_u8(c.credibility.map_or(0, |c| c.value()));
        h.write_usize(c.time.as_ref().map_or(0, |t| Arc::as_ptr(t) as usize));
        h.write(c.place.as_deref().unwrap_or_default().as_bytes());
        h.write_u8(c.place.is_some().into());
        h.write_u8(c.status.map_or(0, |s| s as u8 + 1));
    }
    h.finish()
}

fn same_claims(a: &[Claim], b: &[Claim]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            a.source == b.source
                && a.said == b.said
                && a.credibility == b.credibility
                && match (&a.time, &b.time) {
                    (Some(x), Some(y)) => Arc::ptr_eq(x, y),
                    (None, None) => true,
                    _ => false,
                }
                && a.place == b.place
                && a.status == b.status
        })
}

/// Collects problems, keeping the first [`MAX_PROBLEMS`] and counting the rest.
#[derive(Default)]
pub(crate) struct Problems {
    pub list: Vec<Problem>,
    pub dropped: usize,
    file: Arc<str>,
}

impl Problems {
    pub fn new(file: &str) -> Problems {
        Problems {
            list: Vec::new(),
            dropped: 0,
            file: file.into(),
        }
    }

    pub fn push(
        &mut self,
        line: usize,
        column: usize,
        record: Option<&str>,
        message: impl Into<String>,
    ) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(Problem {
                location: Location {
                    file: self.file.clone(),
                    line,
                    column,
                },
                record: record.map(str::to_string),
                message: message.into(),
            });
        } else {
            self.dropped += 1;
        }
    }

    pub fn finish(mut self) -> Vec<Problem> {
        if self.dropped > 0 {
            self.list.push(Problem {
                location: Location {
                    file: self.file.clone(),
                    line: 0,
                    column: 0,
                },
                record: None,
                message: format!("… and {} more problems not listed", self.dropped),
            });
        }
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(b: &mut DatasetBuilder, text: &str) -> Arc<UncertainTime> {
        match b.time(text) {
            Ok(t) => t,
            Err(e) => panic!("{text}: {e}"),
        }
    }

    #[test]
    fn a_time_that_keeps_coming_stays_shared_past_the_caches_capacity() {
        let mut cache = TimeCache::new(4);
        let parsed = std::cell::Cell::new(0);
        let mut get = |text: &str| match cache.get_or_parse(text, |t| {
            parsed.set(parsed.get() + 1);
            edtf::parse(t).map_err(|e| e.to_string())
        }) {
            Ok(t) => t,
            Err(e) => panic!("{text}: {e}"),
        };
        let day = get("2023-09-13");
        // Ten other days, the first day again after every second one: it is never parsed
        // again, though the cache holds four.
        for d in 1..=10 {
            get(&format!("2020-01-{d:02}"));
            if d % 2 == 0 {
                assert!(Arc::ptr_eq(&day, &get("2023-09-13")), "day {d}");
            }
        }
        // A day that came once, long ago, is parsed again: the cache holds no more than two
        // generations of four.
        let once = get("2020-01-01");
        assert_eq!(&*once.written, "2020-01-01");
        assert_eq!(parsed.get(), 12);
        // A time read from another text than the one it keeps as written (a trimmed or
        // spelled-out date) is found again by the text it was read from.
        let mut read = 0;
        let mut spelled = |cache: &mut TimeCache| {
            cache.get_or_parse(" 13 September 2023 ", |_| {
                read += 1;
                edtf::parse("2023-09-13").map_err(|e| e.to_string())
            })
        };
        let (a, b) = (spelled(&mut cache), spelled(&mut cache));
        assert!(matches!((&a, &b), (Ok(a), Ok(b)) if Arc::ptr_eq(a, b)));
        assert_eq!(read, 1);
    }

    #[test]
    fn events_whose_sources_said_the_same_share_one_list_of_claims() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        let lane = b.lane("Army");
        let t = time(&mut b, "2023-09-13");
        let ap = b.source("ap", || Source::named("ap", "AP"));
        let said = b.intern("cited");
        for (id, text) in [("a", "cited"), ("b", "cited"), ("c", "other")] {
            let mut e = EventDraft::new(id, "x", t.clone(), lane, (1, 1));
            e.claims = vec![Claim::citing(ap.0, text.into())];
            b.event(e, (1, 1));
        }
        // The same text, the same source, but another time: not the same claim.
        let mut e = EventDraft::new("d", "x", time(&mut b, "2023-09-14"), lane, (1, 1));
        e.claims = vec![Claim {
            time: Some(time(&mut b, "2023-09-14")),
            ..Claim::citing(ap.0, said.clone())
        }];
        b.event(e, (1, 1));
        let ev = b.finish().dataset.events;
        let claims = |i: usize| ev[i].claims.clone();
        assert!(crate::model::List::ptr_eq(&claims(0), &claims(1)));
        assert!(!crate::model::List::ptr_eq(&claims(0), &claims(2)));
        assert_eq!(&*claims(2)[0].said, "other");
        assert!(!crate::model::List::ptr_eq(&claims(0), &claims(3)));
        assert!(claims(3)[0].time.is_some());
    }

    #[test]
    fn claim_lists_that_do_not_repeat_stop_being_looked_up() {
        let mut lists = ClaimLists::default();
        for i in 0..ClaimLists::TRIAL + 10 {
            let said: ArcStr = format!("quote {i}").into();
            let a = lists.share(vec![Claim::citing(0, said.clone())]);
            assert_eq!(a[0].said, said);
        }
        assert!(lists.off);
        assert!(lists.by_hash.is_empty());
    }

    #[test]
    fn lanes_and_sources_are_made_once_per_key() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        let a = b.lane("Army");
        let n = b.lane("Navy");
        assert_eq!(b.lane("Army"), a);
        assert_ne!(a, n);
        let s = b.source("ap", || Source::named("ap", "AP"));
        assert_eq!(b.source("ap", || Source::named("other", "Other")), s);
        let loaded = b.finish();
        assert_eq!(loaded.dataset.lanes.len(), 2);
        assert_eq!(loaded.dataset.sources.len(), 1);
        assert_eq!(loaded.dataset.sources[0].name, "AP");
    }

    #[test]
    fn an_empty_lane_id_is_labelled_events() {
        let mut b = DatasetBuilder::new("f.json", Format::Native);
        b.lane("");
        assert_eq!(b.finish().dataset.lanes[0].label, "Events");
    }

    #[test]
    fn a_duplicate_id_is_a_problem_and_the_first_event_stays() {
        let mut b = DatasetBuilder::new("f.json", Format::Native);
        let lane = b.lane("l");
        let t = time(&mut b, "2024-05-01");
        assert!(
            b.event(
                EventDraft::new("e", "first", t.clone(), lane, (2, 1)),
                (2, 3)
            )
            .is_some()
        );
        assert!(
            b.event(EventDraft::new("e", "second", t, lane, (5, 1)), (5, 3))
                .is_none()
        );
        let loaded = b.finish();
        assert_eq!(loaded.dataset.events.len(), 1);
        assert_eq!(loaded.dataset.title(&loaded.dataset.events[0]), "first");
        assert_eq!(loaded.problems.len(), 1);
        assert_eq!(
            loaded.problems[0].to_string(),
            "f.json:5:3: e: duplicate event id; this event is left out"
        );
    }

    #[test]
    fn find_sees_events_added_before() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        let lane = b.lane("l");
        let t = time(&mut b, "2024");
        let first = b.event(EventDraft::new("a", "A", t, lane, (2, 1)), (2, 1));
        assert_eq!(b.find("a"), first);
        assert_eq!(b.find("b"), None);
    }

    /// Adds an event with this id (and title), the same time and lane each time.
    fn adder(
        b: &mut DatasetBuilder,
    ) -> impl Fn(&mut DatasetBuilder, &str) -> Option<EventIx> + use<> {
        let lane = b.lane("l");
        let t = time(b, "2024");
        move |b, id| b.event(EventDraft::new(id, id, t.clone(), lane, (2, 1)), (2, 1))
    }

    #[test]
    fn numeric_ids_in_any_order_are_told_apart_and_duplicates_found() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        let add = adder(&mut b);
        for id in ["10", "20", "15", "010", "0", "30", "x", "5"] {
            assert!(add(&mut b, id).is_some(), "{id} is new");
        }
        for id in ["10", "20", "15", "010", "0", "30", "x", "5"] {
            assert!(add(&mut b, id).is_none(), "{id} was seen");
            assert_eq!(
                b.find(id)
                    .and_then(|e| b.event_ref(e))
                    .map(|e| b.fields.id(e.row)),
                Some(id)
            );
        }
        for id in ["11", "31", "00", "05", "y"] {
            assert_eq!(b.find(id), None, "{id}");
        }
        let first = b.find("15");
        let again = b.event_unless_seen("15".into(), |_, _| panic!("not made"));
        assert_eq!(again.err(), first);
        assert_eq!(b.finish().problems.len(), 8);
    }

    #[test]
    fn ids_after_a_prefix_are_kept_in_order_and_others_in_the_table() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        let add = adder(&mut b);
        let ids = [
            "ev-3", "ev-7", "ev-7x", "ev-12", "ev-4", "ev-012", "x-1", "x-3", "5", "é9", "ev-",
            "ev-13",
        ];
        for id in ids {
            assert!(add(&mut b, id).is_some(), "{id} is new");
        }
        assert_eq!(b.ids.prefix.as_deref(), Some("ev-"));
        assert_eq!(b.ids.ascending.len(), 4, "ev-3, ev-7, ev-12, ev-13");
        for id in ids {
            assert!(add(&mut b, id).is_none(), "{id} was seen");
            assert_eq!(b.find(id).map(|e| b.fields.id(e.0)), Some(id));
        }
        for id in ["ev-5", "ev-14", "ev-03", "x-2", "é1", "e9", "3", "ev"] {
            assert_eq!(b.find(id), None, "{id}");
        }
        assert_eq!(b.finish().problems.len(), ids.len());
    }

    #[test]
    fn each_distinct_time_is_parsed_once_and_shared() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        let t1 = time(&mut b, "2024-05-01");
        let t2 = time(&mut b, "2024-05-01");
        assert!(Arc::ptr_eq(&t1, &t2));
        assert!(b.time("not a date").is_err());
    }

    #[test]
    fn claims_added_later_join_their_event() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        let lane = b.lane("l");
        let t = time(&mut b, "2024");
        let s = b.source("ap", || Source::named("ap", "AP"));
        let Some(e) = b.event(EventDraft::new("a", "A", t, lane, (2, 1)), (2, 1)) else {
            panic!("not added")
        };
        let said = b.intern("it happened");
        let mut claims = vec![Claim::citing(s.0, said.clone()), Claim::citing(s.0, said)];
        b.add_claims(e, &mut claims);
        assert!(claims.is_empty());
        assert_eq!(b.finish().dataset.events[0].claims.len(), 2);
    }

    #[test]
    fn problems_beyond_the_limit_are_counted() {
        let mut b = DatasetBuilder::new("f.csv", Format::Csv);
        for i in 0..MAX_PROBLEMS + 5 {
            b.problem(i + 2, 1, None, "bad");
        }
        let problems = b.finish().problems;
        assert_eq!(problems.len(), MAX_PROBLEMS + 1);
        assert_eq!(
            problems[MAX_PROBLEMS].message,
            "… and 5 more problems not listed"
        );
    }
}
