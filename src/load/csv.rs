//! CSV: any sheet whose columns name a title and a date (timeband's own columns, one row per
//! event or per claim, and the common names other tools write), and ACLED's export columns as
//! ACLED writes them. Date columns are read by one rule each, chosen from all of their values
//! (`datecol.rs`); columns without a role are kept as the events' attributes. See
//! docs/FORMAT.md for the column names.

use super::builder::{DatasetBuilder, EventDraft, EventIx, SourceIx, TimeCache};
use super::datecol::{self, DateOrder, Decision, Evidence, Rule};
use super::text::{self, slug};
use super::{Format, LoadControl, LoadError, LoadOptions, Loaded};
use crate::model::fields::{TextId, Values};
use crate::model::time::{Civil, DAY, add_months};
use crate::model::{
    Claim, Credibility, Likelihood, Precision, Reliability, Source, SourceKind, Status,
    UncertainTime,
};
use arcstr::ArcStr;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::sync::Arc;

mod aggregated;

/// Column names are matched case-insensitively, with these aliases.
const ALIASES: &[(&str, &[&str])] = &[
    ("id", &["id", "event_id", "objectid", "unique_id"]),
    (
        "title",
        &["title", "headline", "event", "name", "label", "message"],
    ),
    ("time", &["time", "date", "edtf", "event_date", "datetime"]),
    ("start", &["start", "start_date", "begin", "start_time"]),
    ("end", &["end", "end_date", "finish", "end_time"]),
    ("display", &["display_date", "display"]),
    ("lane", &["lane", "group", "actor", "theme", "category"]),
    ("status", &["status"]),
    ("likelihood", &["likelihood"]),
    ("place", &["place", "location"]),
    ("summary", &["summary", "description", "notes"]),
    ("tags", &["tags"]),
    ("source", &["source", "outlet", "source_name", "credit"]),
    ("source_id", &["source_id"]),
    ("source_title", &["source_title"]),
    ("author", &["author", "source_author"]),
    (
        "published",
        &["published", "source_published", "publication_date"],
    ),
    ("url", &["url", "source_url", "link"]),
    ("reliability", &["reliability", "source_reliability"]),
    ("kind", &["kind", "source_kind"]),
    ("said", &["said", "claim", "quote"]),
    ("credibility", &["credibility"]),
    ("claim_time", &["claim_time", "source_time"]),
    ("claim_place", &["claim_place"]),
];

/// The roles `--map ROLE=COLUMN` gives.
pub const MAP_ROLES: &[&str] = &[
    "id",
    "title",
    "time",
    "start",
    "end",
    "display",
    "lane",
    "source",
    "url",
    "summary",
    "place",
    "published",
];

/// The position of a canonical column name in [`ALIASES`]. Only ever called in `const { .. }`
/// blocks: a wrong name or index fails the build, never a run.
#[allow(clippy::indexing_slicing, clippy::panic)]
const fn col(name: &str) -> usize {
    let mut i = 0;
    while i < ALIASES.len() {
        let a = ALIASES[i].0.as_bytes();
        let b = name.as_bytes();
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("not a canonical column name")
}

pub(super) fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

/// Rows read per batch by the reading thread: with the batches waiting in the queue, a few
/// MB of records at most (4,096 rows a batch held 30 MB more at a million ACLED rows).
const BATCH_ROWS: usize = 1024;

/// Rows as the reading thread hands them over, in order, with what it worked out for each.
type Row = (Result<csv::StringRecord, csv::Error>, Prepared);

/// What the reading thread works out for a row besides splitting it, so that the thread that
/// builds events has less to do: the row's times, parsed (each distinct text once).
#[derive(Default)]
struct Prepared {
    time: Option<Time>,
    claim_time: Option<Time>,
    published: Option<Time>,
    /// The row's attributes, numbered on the reading thread (ACLED's rows).
    values: Vec<(u32, TextId)>,
    /// An ACLED row's place (`Some(None)`: it names none) and the number of its title among
    /// those of the rows read, where the reading thread worked them out ([`AcledKeys`]).
    place: Option<Option<ArcStr>>,
    title: Option<u32>,
}

type Time = Result<Arc<UncertainTime>, String>;

/// One date column: its rule, what its values fit, and its times parsed so far.
struct Slot {
    column: Option<usize>,
    rule: Option<Rule>,
    evidence: Evidence,
    cache: TimeCache,
}

/// The date columns of a sheet, read on the reading thread. The rules are first chosen from the
/// first batch of rows; every value is still taken into account, and at the end the rules all
/// values choose are compared with those: in the rare file where a later value changes a rule
/// (a day above 12 on row 5,000), the file is read again by the rules of all its values. Slots
/// are, in timeband's columns, the time (or start), its end, the claim's time and the source's
/// publication; in ACLED's, the event date and the record's publication (`timestamp`).
struct Dates {
    slots: Vec<Slot>,
    /// The line of a HXL hashtag row below the header (HDX's files), passed over, and its first
    /// tags.
    hxl: Option<(usize, String)>,
    /// Slot 1 is the end of slot 0 (timeband's columns).
    with_end: bool,
    year: Option<usize>,
    intervals: TimeCache,
    /// The rules were given (a second reading), not guessed.
    fixed: bool,
    decided: bool,
    option: Option<DateOrder>,
    /// The header's line in the file, where a problem of a whole column is said.
    header_line: usize,
    /// What "Dates read as" adds to how each column was read (what its dates stand for).
    said_after: &'static str,
}

impl Dates {
    fn new(
        columns: &[Option<usize>],
        with_end: bool,
        year: Option<usize>,
        option: Option<DateOrder>,
        fixed: Option<Vec<Option<Rule>>>,
    ) -> Dates {
        let rules = fixed.clone().unwrap_or_default();
        Dates {
            slots: columns
                .iter()
                .enumerate()
                .map(|(i, &column)| Slot {
                    column,
                    rule: rules.get(i).copied().flatten(),
                    evidence: Evidence::default(),
                    cache: TimeCache::new(1 << 18),
                })
                .collect(),
            hxl: None,
            with_end,
            year,
            intervals: TimeCache::new(1 << 16),
            fixed: fixed.is_some(),
            decided: fixed.is_some(),
            option,
            header_line: 1,
            said_after: "",
        }
    }

    /// Reads the columns timeband's own sheets write EDTF in (`time`, `claim_time`) and any whose
    /// name says EDTF (`field_edtf_date`) as strict EDTF: `2018-22` there is summer 2018, never
    /// a span of years. `headers`: the file's header.
    fn strict_edtf(mut self, headers: &[String]) -> Dates {
        for slot in &mut self.slots {
            let name = slot.column.and_then(|c| headers.get(c)).map(|h| bare(h));
            if name.is_some_and(|n| n == "time" || n == "claimtime" || n.contains("edtf")) {
                slot.evidence = Evidence::strict_edtf();
            }
        }
        self
    }

    fn learn(&mut self, record: &csv::StringRecord) {
        for slot in &mut self.slots {
            if let Some(v) = field(record, slot.column) {
                slot.evidence.add(v);
            }
        }
    }

    /// What the values seen so far decide for each slot. Numeric columns that do not settle
    /// their day/month order take the one the file's other date columns settle, if they agree.
    fn decisions(&self) -> Vec<Decision> {
        let orders: Vec<DateOrder> = self
            .slots
            .iter()
            .filter_map(|s| s.evidence.settled_order())
            .collect();
        let file_order = orders
            .first()
            .copied()
            .filter(|o| orders.iter().all(|x| x == o));
        self.slots
            .iter()
            .map(|s| datecol::decide(&s.evidence, file_order, self.option, self.year.is_some()))
            .collect()
    }

    fn rules(&self) -> Vec<Option<Rule>> {
        self.slots.iter().map(|s| s.rule).collect()
    }

    fn guess(&mut self) {
        if !self.fixed {
            let decisions = self.decisions();
            for (slot, d) in self.slots.iter_mut().zip(decisions) {
                slot.rule = d.rule();
            }
        }
        self.decided = true;
    }

    fn read(&mut self, i: usize, record: &csv::StringRecord) -> Option<Time> {
        let year_column = self.year;
        let slot = self.slots.get_mut(i)?;
        let v = field(record, slot.column)?;
        let Slot {
            rule,
            evidence,
            cache,
            ..
        } = slot;
        let Some(rule) = rule else {
            evidence.add(v);
            return Some(Err(format!(
                "`{v}` is not read: no date format fits its column"
            )));
        };
        if rule.year_column {
            // Two-digit years depend on the row: not cached.
            let year = year_column
                .and_then(|c| record.get(c))
                .and_then(|y| y.trim().parse::<i64>().ok());
            evidence.add(v);
            return Some(datecol::time(rule, v, year).map(Arc::new));
        }
        Some(cache.get_or_parse(v, |v| {
            let t = datecol::time(rule, v, None);
            match &t {
                Ok(_) => evidence.add_read(v, rule),
                Err(_) => evidence.add(v),
            }
            t
        }))
    }

    /// The start and end columns as one time: `start/end` in EDTF, written as the file has them.
    fn interval(&mut self, record: &csv::StringRecord) -> Option<Time> {
        let Some(b) = field(record, self.slots.get(1).and_then(|s| s.column)) else {
            return self.read(0, record);
        };
        let a = field(record, self.slots.first()?.column)?;
        let ta = self.read(0, record)?;
        let tb = self.read(1, record)?;
        if a == b {
            return Some(ta);
        }
        let (ta, tb) = match (ta, tb) {
            (Err(e), _) | (_, Err(e)) => return Some(Err(e)),
            (Ok(ta), Ok(tb)) => (ta, tb),
        };
        let key = format!("{a}/{b}");
        Some(self.intervals.get_or_parse(&key, |key| {
            let ea = ta.edtf.as_deref().unwrap_or(&ta.written);
            let eb = tb.edtf.as_deref().unwrap_or(&tb.written);
            if ea.contains('/') || eb.contains('/') {
                return Err(format!(
                    "`{a}` is an interval and cannot take the end `{b}` too"
                ));
            }
            datecol::to_time(key, &format!("{ea}/{eb}"))
        }))
    }

    fn prepare(&mut self, record: &csv::StringRecord) -> Prepared {
        if self.with_end {
            Prepared {
                time: self.interval(record),
                claim_time: self.read(2, record),
                published: self.read(3, record),
                ..Prepared::default()
            }
        } else {
            Prepared {
                time: self.read(0, record),
                claim_time: None,
                published: self.read(1, record),
                ..Prepared::default()
            }
        }
    }

    /// At the end of a reading: `Err` with the rules all values choose when they are not the
    /// ones the rows were read by; otherwise how each column was read, and its problem if any.
    fn outcome(&self, headers: &[String]) -> Result<Vec<ColumnOutcome>, Vec<Option<Rule>>> {
        let decisions = self.decisions();
        let chosen: Vec<Option<Rule>> = decisions.iter().map(Decision::rule).collect();
        if !self.fixed && chosen != self.rules() {
            return Err(chosen);
        }
        let mut out = Vec::new();
        for (slot, d) in self.slots.iter().zip(&decisions) {
            let Some(column) = slot.column else { continue };
            let header = headers.get(column).cloned().unwrap_or_default();
            out.push(ColumnOutcome {
                column,
                problem: d.problem(&header),
                said: slot.rule.map(|rule| {
                    rule.describe(&slot.evidence.example(&rule), slot.evidence.two_digit())
                }),
                header,
            });
        }
        Ok(out)
    }
}

/// How one date column was read, and what is wrong with it as a whole.
struct ColumnOutcome {
    column: usize,
    header: String,
    said: Option<String>,
    problem: Option<String>,
}

/// A field by its column, as [`value_of`] reads it; `None` when absent.
fn field(record: &csv::StringRecord, column: Option<usize>) -> Option<&str> {
    column.and_then(|i| record.get(i)).and_then(value_of)
}

/// What a field's text holds: trimmed, `None` when nothing is left.
pub(super) fn value_of(field: &str) -> Option<&str> {
    Some(text::trim(field)).filter(|s| !s.is_empty())
}

/// The rows of a CSV file, read on another thread while the caller works on the ones before.
/// Spent batches go back to the reader, which reads into the same records again.
struct Rows {
    rx: std::sync::mpsc::Receiver<Vec<Row>>,
    back: std::sync::mpsc::SyncSender<Vec<Row>>,
    batch: Vec<Row>,
    pos: usize,
    control: LoadControl,
    /// A row was not UTF-8 (only when reading a stream; text is decoded before).
    not_utf8: bool,
}

impl Rows {
    /// The next row that could be read (each one before it that could not is a problem in
    /// `b`, left out); its prepared times are the caller's to take (so that the reading thread,
    /// reading into the same slot again, drops nothing the caller shares).
    fn next_row(&mut self, b: &mut DatasetBuilder) -> Option<(&csv::StringRecord, &mut Prepared)> {
        let at = loop {
            if self.pos >= self.batch.len() {
                if self.control.is_cancelled() {
                    return None;
                }
                let next = self.rx.recv().ok()?;
                let spent = std::mem::replace(&mut self.batch, next);
                let _ = self.back.try_send(spent);
                self.pos = 0;
            }
            let at = self.pos;
            self.pos += 1;
            match self.batch.get(at).map(|(row, _)| row)? {
                // A row of empty fields (`,,,` as Excel leaves below a sheet's last row)
                // holds nothing to read or to lose: passed over, as a workbook's empty rows.
                Ok(r) if r.as_slice().bytes().all(|b| b.is_ascii_whitespace()) => {}
                Ok(_) => break at,
                Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                    self.not_utf8 = true;
                    return None;
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    b.problem(line, 0, None, format!("unreadable row: {e}; left out"));
                }
            }
        };
        match self.batch.get_mut(at)? {
            (Ok(r), prepared) => Some((r, prepared)),
            (Err(_), _) => None,
        }
    }
}

/// Attribute columns numbered on the reading thread: `(column, attribute index)` and the
/// values so far.
struct Numbering {
    columns: Vec<(usize, u32)>,
    values: Values,
    /// ACLED's rows: their places and titles, by the numbers of their values.
    acled: Option<AcledKeys>,
}

type Id = Option<TextId>;

/// An ACLED row's place and title, told on the reading thread by the numbers of the values
/// they are made of: a place seen before costs no text to make, hash or compare on the thread
/// that builds events, nor a wait on memory for its table and its shared text. Only where
/// every column they are made of is numbered, and numbered once.
struct AcledKeys {
    /// The attributes of `sub_event_type` and `event_type` (the title's kind: the first given),
    /// then `location`, `admin1` and `country`.
    kind: [Option<u32>; 2],
    place: [Option<u32>; 3],
    /// The columns of `location`, `admin1` and `country`, for a new place's text.
    place_columns: [Option<usize>; 3],
    places: FxHashMap<(Id, Id, Id), Option<ArcStr>>,
    /// Each title (kind and location) by its number, in the order first read.
    titles: FxHashMap<(Id, Id), u32>,
    text: String,
}

impl AcledKeys {
    /// The keys of an ACLED sheet of these columns, whose `attributes` are numbered; `None`
    /// where a column they are made of is not numbered, or shares its number with another.
    fn new(headers: &[String], attributes: &[(usize, u32)]) -> Option<AcledKeys> {
        let col = |h: &str| headers.iter().position(|x| x == h);
        let columns = [
            "sub_event_type",
            "event_type",
            "location",
            "admin1",
            "country",
        ]
        .map(col);
        let mut numbers = [None; 5];
        for (number, c) in numbers.iter_mut().zip(columns) {
            let Some(c) = c else { continue };
            let a = attributes.iter().find(|a| a.0 == c)?.1;
            // A column named twice (two `location`s) shares its number with the other: its
            // text is the first column's, its number perhaps the second's.
            if attributes.iter().filter(|x| x.1 == a).count() != 1 {
                return None;
            }
            *number = Some(a);
        }
        let [sub, kind, loc, admin, country] = numbers;
        let [_, _, c_loc, c_admin, c_country] = columns;
        Some(AcledKeys {
            kind: [sub, kind],
            place: [loc, admin, country],
            place_columns: [c_loc, c_admin, c_country],
            places: FxHashMap::default(),
            titles: FxHashMap::default(),
            text: String::new(),
        })
    }

    /// The row's place and title number into `prepared`, from its numbered `values`.
    fn prepare(
        &mut self,
        record: &csv::StringRecord,
        values: &[(u32, TextId)],
        prepared: &mut Prepared,
    ) {
        let n = |a: Option<u32>| numbered(values, a);
        let [loc, admin, country] = self.place.map(n);
        let kind = n(self.kind[0]).or(n(self.kind[1]));
        let next = u32::try_from(self.titles.len()).unwrap_or(u32::MAX);
        prepared.title = Some(*self.titles.entry((kind, loc)).or_insert(next));
        let place = match self.places.get(&(loc, admin, country)) {
            Some(p) => p.clone(),
            None => {
                join_place(self.place_columns.map(|c| field(record, c)), &mut self.text);
                let p = (!self.text.is_empty()).then(|| ArcStr::from(self.text.as_str()));
                self.places.insert((loc, admin, country), p.clone());
                p
            }
        };
        prepared.place = Some(place);
    }
}

/// An ACLED event's place: its location, region and country, those given, joined with ", ",
/// into `out`.
fn join_place(parts: [Option<&str>; 3], out: &mut String) {
    out.clear();
    for part in parts.into_iter().flatten() {
        if !out.is_empty() {
            out.push_str(", ");
        }
        out.push_str(part);
    }
}

/// A row of HXL hashtags (`#event+code`, `#date+occurred`: the Humanitarian Exchange
/// Language, which HDX's files carry below the header): every non-empty field a hashtag with
/// its attributes. Its first three tags, for the message.
fn hxl_tags(record: &csv::StringRecord) -> Option<String> {
    let tag = |f: &str| {
        let mut parts = f.split('+').map(str::trim);
        let name = parts.next().and_then(|n| n.strip_prefix('#'))?;
        let word = |w: &str| {
            w.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        (word(name) && parts.all(word)).then_some(())
    };
    let tags: Vec<&str> = record
        .iter()
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    if tags.is_empty() || !tags.iter().all(|t| tag(t).is_some()) {
        return None;
    }
    let shown: Vec<String> = tags.iter().take(3).map(|t| format!("`{t}`")).collect();
    Some(if tags.len() > 3 {
        format!("{}, …", shown.join(", "))
    } else {
        shown.join(", ")
    })
}

/// Where a sheet's rows come from: a CSV reader, or (with the `parquet` feature) a Parquet
/// file's columns made into rows. Each row comes with its position (its line in the CSV the
/// rows make, for problems).
pub(super) trait Records: Send {
    /// Reads the next row into `record`; false at the end.
    fn read_record(&mut self, record: &mut csv::StringRecord) -> Result<bool, csv::Error>;
    /// About how many bytes of the input are read (for progress).
    fn byte(&self) -> u64;
    /// The header's line (2 after Excel's `sep=` line).
    fn header_line(&self) -> usize {
        1
    }
    /// Whether [`Records::number`] is asked right after each row is read (a source that knows
    /// two rows' values are the same without reading them, a Parquet dictionary, numbers them
    /// once); otherwise a batch's rows are numbered from their text after the batch is read,
    /// which keeps the CSV parser's and the numbering's memory apart.
    const NUMBERS_AS_READ: bool = false;
    /// Tells the source that the loader reads these columns only through
    /// [`Records::number`], never as text: a source that numbers values without their text
    /// (a Parquet dictionary's) may leave it out of the rows. A CSV file's rows hold it anyway.
    fn numbers_only(&mut self, _columns: &[usize]) {}
    /// Numbers the values of `columns` (`(column, attribute index)`) of the row just read into
    /// `record`, into `out`: each non-empty field, trimmed, as `values` numbers its text.
    fn number(
        &mut self,
        record: &csv::StringRecord,
        columns: &[(usize, u32)],
        values: &mut Values,
        out: &mut Vec<(u32, TextId)>,
    ) {
        number_fields(record, columns, values, out);
    }
}

/// [`Records::number`] from the fields' text.
pub(super) fn number_fields(
    record: &csv::StringRecord,
    columns: &[(usize, u32)],
    values: &mut Values,
    out: &mut Vec<(u32, TextId)>,
) {
    for &(c, a) in columns {
        if let Some(v) = field(record, Some(c)) {
            out.push((a, values.value_in(a, v)));
        }
    }
}

/// A CSV file's rows with the lines they start on in the file ([`super::text::LineTap`]), and
/// `shift` more for an Excel `sep=` line read before the `csv` reader.
struct CsvRows<R> {
    reader: csv::Reader<super::text::LineTap<R>>,
    shift: u64,
}

impl<R: std::io::Read + Send> Records for CsvRows<R> {
    fn read_record(&mut self, record: &mut csv::StringRecord) -> Result<bool, csv::Error> {
        let read = self.reader.read_record(record)?;
        if let Some(p) = record.position() {
            let line = self.reader.get_ref().line(p) + self.shift;
            if line != p.line() {
                let mut p = p.clone();
                p.set_line(line);
                record.set_position(Some(p));
            }
        }
        Ok(read)
    }
    fn byte(&self) -> u64 {
        self.reader.position().byte()
    }
    fn header_line(&self) -> usize {
        1 + self.shift as usize
    }
}

/// How a CSV text starts: Excel's `sep=;` line (the delimiter it names, and its length with
/// the line end), and [`super::text::crlf_shift`] of the header.
fn opening(text: &str) -> (Option<(u8, usize)>, u64) {
    let first = text.split_inclusive('\n').next().unwrap_or_default();
    let sep = first
        .trim_end()
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("sep="))
        .and_then(|_| match first.trim_end().as_bytes() {
            [_, _, _, _, d] => Some((*d, first.len())),
            _ => None,
        });
    let header = text.get(sep.map_or(0, |s| s.1)..).unwrap_or_default();
    (sep, super::text::crlf_shift(header.as_bytes()))
}

/// Reads the rows of `reader` on a scoped thread, their dates read by `dates` (and, with
/// `numbering`, their attributes numbered), and gives them to `work`; `dates` and the
/// numbering come back with what they learnt.
fn with_rows<R: Records, T>(
    reader: R,
    control: &LoadControl,
    mut dates: Dates,
    mut numbering: Option<Numbering>,
    work: impl FnOnce(&mut Rows) -> T,
) -> (T, Dates, Option<Numbering>) {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(4);
    let (back, spent) = std::sync::mpsc::sync_channel::<Vec<Row>>(8);
    std::thread::scope(|s| {
        let reading = control.clone();
        let reading_thread = s.spawn(move || {
            let mut reader = reader;
            // The size of the rows read last: a new batch's records are made that big (the
            // builder often still holds the batch that would have been reused, and a record
            // grown field by field reallocates several times a row).
            let mut shape = (0, 0);
            let mut first = true;
            loop {
                let mut batch = spent.try_recv().unwrap_or_default();
                let mut n = 0;
                let mut end = false;
                while n < BATCH_ROWS {
                    if batch.len() <= n {
                        let record = csv::StringRecord::with_capacity(shape.0, shape.1);
                        batch.push((Ok(record), Prepared::default()));
                    }
                    let Some((slot, _)) = batch.get_mut(n) else {
                        break;
                    };
                    if slot.is_err() {
                        *slot = Ok(csv::StringRecord::new());
                    }
                    let result = match slot {
                        Ok(record) => reader.read_record(record),
                        Err(_) => Ok(false),
                    };
                    match result {
                        Ok(true) => {
                            // The row below the header may be HXL hashtags (HDX's files):
                            // passed over, and said.
                            if std::mem::take(&mut first)
                                && let Some((Ok(record), _)) = batch.get(n)
                                && let Some(tags) = hxl_tags(record)
                            {
                                let line = record.position().map_or(2, |p| p.line() as usize);
                                dates.hxl = Some((line, tags));
                                continue;
                            }
                            // Numbered at once: the reader still knows the row's values.
                            if R::NUMBERS_AS_READ
                                && let (Some(nb), Some((Ok(record), prepared))) =
                                    (&mut numbering, batch.get_mut(n))
                            {
                                prepared.values.clear();
                                reader.number(
                                    record,
                                    &nb.columns,
                                    &mut nb.values,
                                    &mut prepared.values,
                                );
                            }
                            n += 1;
                        }
                        Ok(false) => {
                            end = true;
                            break;
                        }
                        Err(e) => {
                            let utf8 =
                                matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) || e.is_io_error();
                            *slot = Err(e);
                            n += 1;
                            if utf8 {
                                end = true;
                                break;
                            }
                        }
                    }
                }
                batch.truncate(n);
                if let Some((Ok(last), _)) = batch.last() {
                    // Room for a row a little longer than the last, within reason.
                    let bytes = last.as_slice().len();
                    shape = ((bytes + bytes / 2).min(1 << 16), last.len().min(1 << 10));
                }
                if !dates.decided {
                    for (row, _) in &batch {
                        if let Ok(record) = row {
                            dates.learn(record);
                        }
                    }
                    dates.guess();
                }
                for (row, prepared) in &mut batch {
                    if let Ok(record) = row {
                        let mut values = std::mem::take(&mut prepared.values);
                        if !R::NUMBERS_AS_READ
                            && let Some(nb) = &mut numbering
                        {
                            values.clear();
                            number_fields(record, &nb.columns, &mut nb.values, &mut values);
                        }
                        *prepared = dates.prepare(record);
                        if let Some(keys) = numbering.as_mut().and_then(|n| n.acled.as_mut()) {
                            keys.prepare(record, &values, prepared);
                        }
                        prepared.values = values;
                    }
                }
                reading.set_done(reader.byte());
                if (!batch.is_empty() && tx.send(batch).is_err()) || end || reading.is_cancelled() {
                    return (dates, numbering);
                }
            }
        });
        let mut rows = Rows {
            rx,
            back,
            batch: Vec::new(),
            pos: 0,
            control: control.clone(),
            not_utf8: false,
        };
        let out = work(&mut rows);
        // Stop the reader if the work ended early.
        drop(rows);
        let (dates, numbering) = reading_thread
            .join()
            .unwrap_or_else(|_| (Dates::new(&[], false, None, None, None), None));
        (out, dates, numbering)
    })
}

/// How reading a CSV file came out.
pub(super) enum Outcome {
    Loaded(Box<Loaded>),
    /// A row was not UTF-8 (when reading a stream): read the file whole instead, as Windows-1252.
    NotUtf8,
    /// A value late in the file changed a date column's rule: read the file again with these.
    Again(Vec<Option<Rule>>),
}

/// Loads CSV text (already decoded).
pub(super) fn load(name: &str, text: &str, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let mut rules = None;
    let (sep, crlf) = opening(text);
    let body = text.get(sep.map_or(0, |s| s.1)..).unwrap_or(text);
    let delim = sep.map_or_else(|| delimiter(body), |s| s.0);
    for _ in 0..2 {
        let reader = CsvRows {
            reader: reader(delim, super::text::LineTap::new(body.as_bytes(), crlf)),
            shift: u64::from(sep.is_some()),
        };
        match load_from(name, reader, &LoadControl::default(), options, rules.take())? {
            Outcome::Loaded(loaded) => return Ok(*loaded),
            Outcome::Again(r) => rules = Some(r),
            Outcome::NotUtf8 => break,
        }
    }
    Err(LoadError::new(name, 0, 0, "the CSV could not be read"))
}

/// Reads CSV from a stream, the rows parsed on another thread; `rules` are the date rules of a
/// second reading.
pub(super) fn load_stream<R: std::io::BufRead + Send>(
    name: &str,
    mut input: R,
    control: &LoadControl,
    options: &LoadOptions,
    rules: Option<Vec<Option<Rule>>>,
) -> Result<Outcome, LoadError> {
    let prefix = input
        .fill_buf()
        .map_err(|e| LoadError::new(name, 0, 0, format!("cannot read the file: {e}")))?;
    let head = prefix.get(..prefix.len().min(4096)).unwrap_or_default();
    let head = match std::str::from_utf8(head) {
        Ok(h) => h,
        // A character cut at the end of the 4,096 bytes is still UTF-8.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or("")
        }
        Err(_) => return Ok(Outcome::NotUtf8),
    };
    let (sep, crlf) = opening(head);
    let body = head.get(sep.map_or(0, |s| s.1)..).unwrap_or(head);
    let delim = sep.map_or_else(|| delimiter(body), |s| s.0);
    if let Some((_, len)) = sep {
        input.consume(len);
    }
    let rows = CsvRows {
        reader: reader(delim, super::text::LineTap::new(input, crlf)),
        shift: u64::from(sep.is_some()),
    };
    load_from(name, rows, control, options, rules)
}

fn reader<R: std::io::Read>(delimiter: u8, input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(input)
}

/// A column that only numbers the rows: pandas' and R's unnamed index.
fn is_index(header: &str) -> bool {
    header.is_empty() || header.starts_with("unnamed:") || header == "..1"
}

/// True for a sheet with ACLED's columns (`event_date` and ACLED's id, precision, or actor and
/// event type): read as ACLED unless `--map` gives columns. `headers` in lower case.
pub fn is_acled(headers: &[String]) -> bool {
    let has = |h: &str| headers.iter().any(|x| x == h);
    has("event_date")
        && (has("time_precision") || has("event_id_cnty") || (has("actor1") && has("event_type")))
}

/// True for a sheet of ACLED's aggregated data (counts per week, month or year): read so
/// unless `--map` gives columns. `headers` in lower case.
pub fn is_aggregated(headers: &[String]) -> bool {
    aggregated(headers).is_some()
}

/// The period of ACLED's aggregated data a sheet's header (in lower case) has, where it has no
/// column a sheet of events is dated or named by: an incident log with `country`, `year` and
/// `fatalities` beside its `date` and `title` is a sheet of events, not yearly counts.
fn aggregated(headers: &[String]) -> Option<aggregated::Period> {
    aggregated::period(headers).filter(|_| !names_roles(headers, &["time", "start", "title"], &[]))
}

/// Whether one of `headers` is one of the names (as [`bare`] writes them) of `roles` in
/// [`ALIASES`], other than `except`.
pub(super) fn names_roles(headers: &[String], roles: &[&str], except: &[&str]) -> bool {
    let names: Vec<String> = ALIASES
        .iter()
        .filter(|(role, _)| roles.contains(role))
        .flat_map(|(_, names)| names.iter())
        .filter(|n| !except.contains(n))
        .map(|n| bare(n))
        .collect();
    headers.iter().any(|h| names.contains(&bare(h)))
}

/// A column name without case, spaces, underscores, hyphens and dots, as [`columns`] matches it.
fn bare(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The file's column for each canonical name, in the order of [`ALIASES`]: the column `map`
/// gives the role (an empty column name gives it none), else the first column with one of the
/// role's names (as [`bare`] writes both) that no mapped role took (and for `time`, a name containing `edtf`). A mapped
/// column the file lacks is an error naming the file's columns. `written`: the header as written.
fn columns(
    name: &str,
    written: &[String],
    map: &[(String, String)],
) -> Result<Vec<Option<usize>>, LoadError> {
    let headers: Vec<String> = written.iter().map(|h| h.to_ascii_lowercase()).collect();
    let mut mapped: Vec<(&str, Option<usize>)> = Vec::new();
    for (role, column) in map {
        let column = column.trim();
        if column.is_empty() {
            mapped.push((role.as_str(), None));
            continue;
        }
        match headers.iter().position(|h| h.eq_ignore_ascii_case(column)) {
            Some(i) => mapped.push((role.as_str(), Some(i))),
            None => {
                return Err(LoadError::new(
                    name,
                    1,
                    1,
                    format!(
                        "--map {role}={column}: the file has no column `{column}`; its columns are: {}",
                        written.join(", ")
                    ),
                ));
            }
        }
    }
    // Names as people write them: `End Date`, `end-date`, `EndDate` are `end_date`.
    let keys: Vec<String> = headers.iter().map(|h| bare(h)).collect();
    let column = |canonical: &str| -> Option<usize> {
        if let Some((_, i)) = mapped.iter().find(|(r, _)| *r == canonical) {
            return *i;
        }
        let names = ALIASES
            .iter()
            .find(|(c, _)| *c == canonical)
            .map_or(&[][..], |(_, n)| *n);
        let taken = |i: usize| mapped.iter().any(|(_, m)| *m == Some(i));
        let named =
            |i: usize, h: &String, names: &[&str]| names.iter().any(|n| bare(n) == *h) && !taken(i);
        // A `time` beside a `date` is the date's clock time (`date,time` logs): the date is
        // the date column, wherever the two stand.
        let dates: Vec<&str> = names.iter().copied().filter(|n| *n != "time").collect();
        let names = match canonical {
            "time" if keys.iter().enumerate().any(|(i, h)| named(i, h, &dates)) => &dates,
            _ => names,
        };
        keys.iter()
            .enumerate()
            .position(|(i, h)| named(i, h, names))
            .or_else(|| {
                // Archives name EDTF columns freely (`field_edtf_date_created`).
                (canonical == "time")
                    .then(|| {
                        headers
                            .iter()
                            .enumerate()
                            .position(|(i, h)| h.contains("edtf") && !taken(i))
                    })
                    .flatten()
            })
    };
    Ok(ALIASES.iter().map(|(c, _)| column(c)).collect())
}

/// What the loader makes of a sheet's header with `map`: the column of each of [`MAP_ROLES`]
/// (as [`columns`] finds them), and whether the sheet can be read (a title or summary, and a
/// date). `written`: the header as written. ACLED's columns (see [`is_acled`]) are read as ACLED
/// when `map` is empty, whatever this says.
pub fn roles(
    name: &str,
    written: &[String],
    map: &[(String, String)],
) -> Result<(Vec<Option<usize>>, bool), LoadError> {
    let cols = columns(name, written, map)?;
    let at = |role: &str| {
        ALIASES
            .iter()
            .position(|(c, _)| *c == role)
            .and_then(|i| cols.get(i).copied().flatten())
    };
    let readable = (at("title").is_some() || at("summary").is_some())
        && (at("time").is_some() || at("start").is_some());
    Ok((MAP_ROLES.iter().map(|r| at(r)).collect(), readable))
}

fn load_from<R: std::io::Read + Send>(
    name: &str,
    mut reader: CsvRows<R>,
    control: &LoadControl,
    options: &LoadOptions,
    rules: Option<Vec<Option<Rule>>>,
) -> Result<Outcome, LoadError> {
    let written: Vec<String> = reader
        .reader
        .headers()
        .map_err(|e| LoadError::new(name, 1, 1, format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.to_string())
        .collect();
    load_records(name, &written, reader, control, options, rules)
}

/// Reads a sheet of these column names from `reader`'s rows; `rules` are the date rules of a
/// second reading.
pub(super) fn load_records<R: Records>(
    name: &str,
    header: &[String],
    mut reader: R,
    control: &LoadControl,
    options: &LoadOptions,
    rules: Option<Vec<Option<Rule>>>,
) -> Result<Outcome, LoadError> {
    let written: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
        .collect();
    let headers: Vec<String> = written.iter().map(|h| h.to_ascii_lowercase()).collect();
    if let Some(period) = aggregated(&headers).filter(|_| options.map.is_empty()) {
        return aggregated::load(name, period, &written, reader, control, options, rules);
    }
    if is_acled(&headers) && options.map.is_empty() {
        let col = |h: &str| headers.iter().position(|x| x == h);
        let mut dates = Dates::new(
            &[col("event_date"), col("timestamp")],
            false,
            col("year"),
            options.date_order,
            rules,
        );
        dates.header_line = reader.header_line();
        let (b, attributes) = acled_builder(name, &headers, &written);
        // The attribute columns `acled` never reads as text.
        let as_text: Vec<Option<usize>> = ACLED_AS_TEXT.iter().map(|h| col(h)).collect();
        let numbered: Vec<usize> = attributes
            .iter()
            .map(|a| a.0)
            .filter(|c| !as_text.contains(&Some(*c)))
            .collect();
        reader.numbers_only(&numbered);
        let numbering = Numbering {
            columns: attributes.clone(),
            values: Values::default(),
            acled: AcledKeys::new(&headers, &attributes),
        };
        let ((mut b, not_utf8), dates, numbering) =
            with_rows(reader, control, dates, Some(numbering), |rows| {
                let b = acled(b, rows, &headers);
                (b, rows.not_utf8)
            });
        if let Some(n) = numbering {
            b.adopt_values(n.values);
        }
        return end(name, control, b, not_utf8, &dates, &written);
    }
    let cols = columns(name, &written, &options.map)?;
    let at = |c: usize| cols.get(c).copied().flatten();
    let (c_title, c_time, c_start) = (
        at(const { col("title") }),
        at(const { col("time") }),
        at(const { col("start") }),
    );
    if (c_title.is_none() && at(const { col("summary") }).is_none())
        || (c_time.is_none() && c_start.is_none())
    {
        return Err(LoadError::new(
            name,
            1,
            1,
            format!(
                "expected a CSV header with a title column (title, headline, name, label, message) and a date column (time, date, start, start_date, begin, event_date, or a name with `edtf`), or ACLED's `event_date`; name others with --map ROLE=COLUMN; found: {}",
                written.join(", ")
            ),
        ));
    }
    let attributes: Vec<(usize, String)> = written
        .iter()
        .enumerate()
        .filter(|(i, h)| !cols.contains(&Some(*i)) && !is_index(&h.to_ascii_lowercase()))
        .map(|(i, h)| (i, h.clone()))
        .collect();
    let mut dates = Dates::new(
        &[
            c_time.or(c_start),
            at(const { col("end") }),
            at(const { col("claim_time") }),
            at(const { col("published") }),
        ],
        true,
        headers.iter().position(|h| h == "year"),
        options.date_order,
        rules,
    )
    .strict_edtf(&written);
    dates.header_line = reader.header_line();
    let header_line = dates.header_line;
    let ((mut b, not_utf8), dates, _) = with_rows(reader, control, dates, None, |rows| {
        let b = own(name, rows, &headers, &cols, &attributes, control);
        (b, rows.not_utf8)
    });
    // A clock time in a column of its own beside the date (see `columns`): said, since the
    // events are dated by their day alone.
    if let Some((i, clock)) = written
        .iter()
        .enumerate()
        .find(|(i, h)| bare(h) == "time" && c_time.is_some_and(|t| t != *i))
    {
        let date = c_time
            .and_then(|t| written.get(t))
            .map_or("", String::as_str);
        b.problem(
            header_line,
            i + 1,
            None,
            format!(
                "`{clock}` beside `{date}` is kept as a field, not read into the dates: each event is dated by `{date}` alone"
            ),
        );
    }
    end(name, control, b, not_utf8, &dates, &written)
}

/// The end of a CSV load: read whole instead if a row was not UTF-8, an error if cancelled,
/// read again if a late value changed a date rule; otherwise the data set, with how its dates
/// were read and what is wrong with a date column as a whole (first among the problems).
fn end(
    name: &str,
    control: &LoadControl,
    mut b: DatasetBuilder,
    not_utf8: bool,
    dates: &Dates,
    headers: &[String],
) -> Result<Outcome, LoadError> {
    if not_utf8 {
        return Ok(Outcome::NotUtf8);
    }
    if control.is_cancelled() {
        return Err(LoadError::new(name, 0, 0, super::CANCELLED));
    }
    match dates.outcome(headers) {
        Err(rules) => Ok(Outcome::Again(rules)),
        Ok(columns) => {
            if let Some((line, tags)) = &dates.hxl {
                b.problem_first(
                    *line,
                    1,
                    &format!(
                        "this row is HXL hashtags ({tags}), as HDX adds below the header, not an event; left out"
                    ),
                );
            }
            for c in columns.iter().rev() {
                if let Some(p) = &c.problem {
                    b.problem_first(dates.header_line, c.column + 1, p);
                }
            }
            for c in &columns {
                if let Some(s) = &c.said {
                    b.date_reading(&c.header, format!("{s}{}", dates.said_after));
                }
            }
            Ok(Outcome::Loaded(Box::new(b.finish())))
        }
    }
}
/// Rows in timeband's own columns (or columns of those names): one row per event, or per claim
/// (rows with the same id add claims to the event). `attributes` are the other columns.
fn own(
    name: &str,
    rows: &mut Rows,
    headers: &[String],
    cols: &[Option<usize>],
    attributes: &[(usize, String)],
    control: &LoadControl,
) -> DatasetBuilder {
    let mut b = DatasetBuilder::new(name, Format::Csv);
    b.set_title(file_stem(name));
    let attributes: Vec<(usize, u32)> = attributes
        .iter()
        .map(|(c, n)| (*c, b.attribute(n)))
        .collect();
    // Rows are rarely under 100 bytes.
    b.reserve_events(usize::try_from(control.bytes().1 / 100).unwrap_or(0));
    // Sources named (without a `source_id`) on rows read so far.
    let mut source_by_name: FxHashMap<CompactString, SourceIx> = FxHashMap::default();
    let mut row = 0usize;
    // The claims read for the event of the latest rows, not yet given to it.
    let mut claims: Vec<Claim> = Vec::new();
    let mut claims_of: Option<EventIx> = None;
    while let Some((record, prepared)) = rows.next_row(&mut b) {
        row += 1;
        if row == ESTIMATE_AFTER
            && let Some(expected) = in_whole_file(record, b.event_count(), control.bytes().1)
        {
            // The id table made once, at its size (growing it reads every id again, from
            // every event).
            b.reserve_ids(expected.saturating_sub(b.event_count()));
        }
        let line = record.position().map_or(row + 1, |p| p.line() as usize);
        if record.len() != headers.len() {
            // Fewer fields, one running over lines: a quote opened and not closed until
            // then (or the end of the file), so the rows on those lines are inside it.
            // (The file's last line end, taken in at its end, starts no line.)
            let swallowed = record
                .iter()
                .map(|f| f.matches('\n').count())
                .sum::<usize>()
                .saturating_sub(usize::from(
                    record.iter().next_back().is_some_and(|f| f.ends_with('\n')),
                ));
            let over = if record.len() < headers.len() && swallowed > 0 {
                format!(
                    "; a quote `\"` opened in it runs on to line {}, so lines {line}–{} are read as this one row and the rows on them are not read: close the quote",
                    line + swallowed,
                    line + swallowed
                )
            } else {
                String::new()
            };
            b.problem(
                line,
                0,
                None,
                format!(
                    "this row has {} fields, the header {}; read what is there{over}",
                    record.len(),
                    headers.len()
                ),
            );
        }
        let get = |c: usize| -> Option<&str> {
            cols.get(c)
                .copied()
                .flatten()
                .and_then(|i| record.get(i))
                .and_then(value_of)
        };
        let col_of = |c: usize| cols.get(c).copied().flatten().map_or(0, |i| i + 1);
        let id: std::borrow::Cow<str> = match get(const { col("id") }) {
            Some(id) => id.into(),
            None => format!("row-{row}").into(),
        };
        let id = &*id;

        // A repeated id adds a claim to the event already read, unless the row names another
        // event: archives reuse an object's id for items of other dates, and reading those as
        // claims on one event would date it twice in silence.
        let renamed: String;
        // Whether `find` has looked for `id` (not for a renamed one).
        let mut checked = true;
        let (id, existing) = match b.find(id) {
            Some(i) => {
                match repeated_row(
                    &b,
                    i,
                    get(const { col("title") }),
                    get(const { col("summary") }),
                    get(const { col("time") }),
                    prepared.time.as_ref().and_then(|t| t.as_ref().ok()),
                ) {
                    Repeat::Same => (id, Some(i)),
                    Repeat::OtherTime(t) => {
                        b.problem(
                        line,
                        col_of(const { col("time") }),
                        Some(id),
                        format!("`{id}` again, with another `time` (`{t}`); the row's claim is added to the event, its time is not used"),
                    );
                        (id, Some(i))
                    }
                    Repeat::OtherEvent => {
                        renamed = format!("{id} (line {line})");
                        checked = false;
                        b.problem(
                        line,
                        col_of(const { col("id") }),
                        Some(id),
                        format!("`{id}` again, with another title; read as its own event `{renamed}`"),
                    );
                        (renamed.as_str(), None)
                    }
                }
            }
            None => (id, None),
        };
        let event_index = match existing {
            Some(i) => i,
            None => {
                // Sheets typed by hand leave titles out: the summary's start stands in.
                let title: std::borrow::Cow<str> = match get(const { col("title") }) {
                    Some(t) => t.into(),
                    None => match get(const { col("summary") }) {
                        Some(s) => super::truncate_text(s, 80).into(),
                        None => {
                            b.problem(
                                line,
                                col_of(const { col("title") }),
                                Some(id),
                                "missing `title`; this row is left out",
                            );
                            continue;
                        }
                    },
                };
                if get(const { col("time") })
                    .or(get(const { col("start") }))
                    .is_none()
                {
                    b.problem(
                        line,
                        col_of(const { col("time") }),
                        Some(id),
                        "missing `time`; this row is left out",
                    );
                    continue;
                }
                let time = match prepared.time.take() {
                    Some(Ok(t)) => t,
                    None => continue,
                    Some(Err(e)) => {
                        let start = if get(const { col("time") }).is_some() {
                            const { col("time") }
                        } else {
                            const { col("start") }
                        };
                        // The error quotes the value it could not read: the end's, where it
                        // is the end that is wrong.
                        let quoted =
                            |c: usize| get(c).is_some_and(|v| e.contains(&format!("`{v}`")));
                        let end = const { col("end") };
                        let (column, which) = if quoted(end) && !quoted(start) {
                            (end, "the end: ")
                        } else {
                            (start, "")
                        };
                        b.problem(
                            line,
                            col_of(column),
                            Some(id),
                            format!("{which}{e}; this row is left out"),
                        );
                        continue;
                    }
                };
                // `display_date`: the words to show; the date read stays beside them.
                let time = match get(const { col("display") }) {
                    Some(d) if *d != *time.written => Arc::new(UncertainTime {
                        written: d.into(),
                        edtf: Some(
                            time.edtf
                                .clone()
                                .unwrap_or_else(|| time.written.as_str().into()),
                        ),
                        ..(*time).clone()
                    }),
                    _ => time,
                };
                let status = match get(const { col("status") }).map(|s| (s, Status::from_name(s))) {
                    // A sheet that gives no status says nothing of whether the event happened.
                    None => Status::Unstated,
                    Some((_, Some(s))) => s,
                    Some((s, None)) => {
                        b.problem(line, col_of(const { col("status") }), Some(id), format!("unknown status `{s}`; expected confirmed, reported, planned, speculated or denied; read as not given"));
                        Status::Unstated
                    }
                };
                let likelihood = match get(const { col("likelihood") }) {
                    None => None,
                    Some(l) => {
                        let parsed = Likelihood::from_term(l);
                        if parsed.is_none() {
                            b.problem(line, col_of(const { col("likelihood") }), Some(id), format!("unknown likelihood `{l}`; expected an ICD 203 term such as `likely`"));
                        }
                        parsed
                    }
                };
                let lane = b.lane(get(const { col("lane") }).unwrap_or("Events"));
                // The title straight into the data set's titles (no copy of its own first).
                let mut event = EventDraft::new(id, "", time, lane, (line, 1));
                event.title_kept = Some(b.title_number(&title));
                for &(c, a) in &attributes {
                    if let Some(v) = field(record, Some(c)) {
                        event.attributes.push((a, b.value(v)));
                    }
                }
                event.status = status;
                event.likelihood = likelihood;
                event.place = get(const { col("place") }).map(|p| b.intern(p));
                event.summary = get(const { col("summary") }).map(Into::into);
                event.tags = get(const { col("tags") })
                    .map(|t| {
                        t.split([';', '|'])
                            .map(|s| s.trim().to_string())
                            .filter(|s| !s.is_empty())
                            .collect()
                    })
                    .unwrap_or_default();
                if checked {
                    // Not seen before (`find` said so), so always added.
                    b.event_new(event)
                } else {
                    let Some(i) = b.event(event, (line, 1)) else {
                        continue;
                    };
                    i
                }
            }
        };

        // The claim on this row, if it names a source.
        let Some(source_name) = get(const { col("source") }).or(get(const { col("source_id") }))
        else {
            continue;
        };
        let source_id = get(const { col("source_id") });
        let known = match source_id {
            Some(k) => b.source_ix(k),
            None => match source_by_name.get(source_name) {
                Some(&i) => Some(i),
                None => {
                    // Names that differ only in case or punctuation are one source.
                    let i = b.source_ix(&slug(source_name));
                    if let Some(i) = i {
                        source_by_name.insert(source_name.into(), i);
                    }
                    i
                }
            },
        };
        let source = match known {
            Some(i) => i,
            None => {
                let source_key = source_id.map_or_else(|| slug(source_name), str::to_string);
                let published = match prepared.published.take() {
                    None => None,
                    Some(Ok(t)) => Some(t),
                    Some(Err(e)) => {
                        b.problem(
                            line,
                            col_of(const { col("published") }),
                            Some(id),
                            format!("`published`: {e}; the source is kept without a date"),
                        );
                        None
                    }
                };
                let reliability = match get(const { col("reliability") }) {
                    None => None,
                    Some(r) => {
                        let parsed = Reliability::from_letter(r);
                        if parsed.is_none() {
                            b.problem(
                                line,
                                col_of(const { col("reliability") }),
                                Some(id),
                                format!("reliability `{r}` is not a letter A–F"),
                            );
                        }
                        parsed
                    }
                };
                let kind = get(const { col("kind") })
                    .and_then(|k| {
                        serde_json::from_value::<SourceKind>(serde_json::Value::String(
                            k.to_ascii_lowercase(),
                        ))
                        .ok()
                    })
                    .unwrap_or_default();
                let source = b.source(&source_key.clone(), || Source {
                    title: get(const { col("source_title") }).map(str::to_string),
                    author: get(const { col("author") }).map(str::to_string),
                    published,
                    url: get(const { col("url") }).map(str::to_string),
                    reliability,
                    kind,
                    ..Source::named(source_key, source_name)
                });
                if source_id.is_none() {
                    source_by_name.insert(source_name.into(), source);
                }
                source
            }
        };
        let credibility = match get(const { col("credibility") }) {
            None => None,
            Some(c) => {
                let parsed = c.parse::<u8>().ok().and_then(Credibility::new);
                if parsed.is_none() {
                    b.problem(
                        line,
                        col_of(const { col("credibility") }),
                        Some(id),
                        format!("credibility `{c}` is not a number 1–6"),
                    );
                }
                parsed
            }
        };
        let claim_time = match prepared.claim_time.take() {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => {
                b.problem(
                    line,
                    col_of(const { col("claim_time") }),
                    Some(id),
                    format!("`claim_time`: {e}; the claim is kept without it"),
                );
                None
            }
        };
        let claim = Claim {
            credibility,
            time: claim_time,
            place: get(const { col("claim_place") }).map(|p| b.intern(p)),
            ..Claim::citing(
                source.0,
                b.intern(get(const { col("said") }).unwrap_or_default()),
            )
        };
        // An event's rows usually follow each other: gather its claims, then give it exactly
        // the room they take.
        if claims_of != Some(event_index) {
            if let Some(e) = claims_of {
                b.add_claims(e, &mut claims);
            }
            claims_of = Some(event_index);
        }
        claims.push(claim);
    }
    if let Some(e) = claims_of {
        b.add_claims(e, &mut claims);
    }
    b
}

/// What a row whose id was read before stands for.
enum Repeat<'a> {
    /// The same event (no title nor summary, or the same title): the row adds its claim.
    Same,
    /// The same title with another time (as the row writes it), which is not used.
    OtherTime(&'a str),
    /// Another title: another event that reuses the id.
    OtherEvent,
}

fn repeated_row<'a>(
    b: &DatasetBuilder,
    event: EventIx,
    title: Option<&str>,
    summary: Option<&str>,
    time: Option<&'a str>,
    read: Option<&'a Arc<UncertainTime>>,
) -> Repeat<'a> {
    let Some(e) = b.event_ref(event) else {
        return Repeat::Same;
    };
    let e_title = b.title_of(e);
    // As for a new event, the summary's start stands in for a missing title.
    let other = match (title, summary) {
        (Some(t), _) => !t.eq_ignore_ascii_case(e_title.trim()),
        (None, Some(s)) => *super::truncate_text(s, 80) != *e_title,
        (None, None) => false,
    };
    if other {
        return Repeat::OtherEvent;
    }
    // The event's time as written, and as read where a `display` text stands in for it.
    let is_events = |t: &str| t == &*e.time.written || Some(t) == e.time.edtf.as_deref();
    match read {
        // The row's time as read: from its `time`, or its start and end (`a/b`) together.
        // The same time shared is the same text, not read again.
        Some(r) if Arc::ptr_eq(r, &e.time) || is_events(&r.written) => Repeat::Same,
        Some(r) => Repeat::OtherTime(&r.written),
        None => match time {
            Some(t) if !is_events(t) => Repeat::OtherTime(t),
            _ => Repeat::Same,
        },
    }
}

fn file_stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned())
}

/// The attribute columns of an ACLED file whose text [`acled`] (or the reading thread, for it)
/// reads; the other attribute columns are read only as numbers ([`Records::numbers_only`]).
/// (The columns of [`ACLED_READ`] and the id are no attributes.)
const ACLED_AS_TEXT: &[&str] = &[
    "event_id_no_cnty",
    "year",
    "event_type",
    "sub_event_type",
    "location",
    "admin1",
    "country",
    "iso3",
    "fatalities",
];

/// Columns of ACLED's exports that are read into the event itself rather than kept as
/// attributes.
const ACLED_READ: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "time_precision",
    "source",
    "notes",
    "timestamp",
];

/// What "as known on" cannot tell from ACLED's `timestamp`.
const ACLED_TIMESTAMP: (&str, &str) = (
    "records dated by their last change",
    "ACLED's timestamp is when ACLED last changed each record (a change overwrites it), not when it first published it: an event whose record changed after this date may have been out before, in an earlier version",
);

// ACLED's export, old and current column sets: `event_date` (+ `time_precision`, else the
// day) becomes bounds, `event_type` the lane, `source` (outlets separated by `;`) the sources,
// `notes` the summary, `timestamp` the publication of ACLED's own record as it stands (a
// source "ACLED", per publication time, whose claim dates the event). Every other column is
// an attribute.

/// Rows read before a file's rows or events are estimated from their bytes.
const ESTIMATE_AFTER: usize = 4096;

/// How many of the `so_far` things the rows up to `record` made the whole file of `total`
/// bytes will make, from the bytes those rows took (2 % over, so that the room made suffices).
fn in_whole_file(record: &csv::StringRecord, so_far: usize, total: u64) -> Option<usize> {
    let at = record
        .position()
        .map(csv::Position::byte)
        .filter(|&b| b > 0)?;
    Some((total as f64 / at as f64 * so_far as f64 * 1.02) as usize)
}

/// The builder for an ACLED file and its attribute columns: `(column, attribute index)`.
fn acled_builder(
    name: &str,
    headers: &[String],
    written: &[String],
) -> (DatasetBuilder, Vec<(usize, u32)>) {
    let col = |h: &str| headers.iter().position(|x| x == h);
    let c_id = acled_id_column(headers);
    let mut b = DatasetBuilder::new(name, Format::Acled);
    b.set_title(file_stem(name));
    b.set_description(if col("time_precision").is_some() {
        "ACLED export"
    } else {
        "ACLED export without a `time_precision` column: every date is read as the day written"
    });
    if col("timestamp").is_some() {
        b.set_known_caveat(ACLED_TIMESTAMP);
    }
    let attributes: Vec<(usize, u32)> = written
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            let h = headers.get(*i).map_or("", String::as_str);
            !ACLED_READ.contains(&h) && !is_index(h) && Some(*i) != c_id
        })
        .map(|(i, h)| (i, b.attribute(&h.to_ascii_lowercase())))
        .collect();
    (b, attributes)
}

fn acled_id_column(headers: &[String]) -> Option<usize> {
    let col = |h: &str| headers.iter().position(|x| x == h);
    col("event_id_cnty").or(col("event_id")).or(col("data_id"))
}

/// An ACLED event's time from its `event_date` (`day`, starting at `start`) and its
/// `time_precision` (`slot` 1, 2 or 3; 0 without the column). Written as the file has it (what
/// the window shows in quotes); what the precision makes of it is the time's span, said in words
/// beside it.
fn acled_time(day: &UncertainTime, start: i64, date_text: &str, slot: usize) -> UncertainTime {
    let (lower, upper, prec) = match slot {
        // The middle of the week was coded: the event lies within three days either side.
        2 => (start - 3 * DAY, start + 4 * DAY - 1, Precision::Day),
        // The middle of the month was coded: the event lies somewhere in that month.
        3 => {
            let c = Civil::from_instant(start);
            let first = Civil::date(c.year, c.month, 1).to_instant();
            (first, add_months(first, 1) - 1, Precision::Month)
        }
        _ => (start, start + DAY - 1, Precision::Day),
    };
    let written = date_text.to_string();
    UncertainTime {
        edtf: Some(
            day.edtf
                .clone()
                .unwrap_or_else(|| day.written.as_str().into()),
        ),
        ..UncertainTime::between(written.into(), lower, upper, prec)
    }
}

/// The value of attribute `attribute` among a row's numbered values.
fn numbered(values: &[(u32, TextId)], attribute: Option<u32>) -> Option<TextId> {
    attribute
        .and_then(|a| values.iter().find(|v| v.0 == a))
        .map(|v| v.1)
}

/// Builds the events of an ACLED file's rows (their attributes numbered, and their places and
/// titles told ([`AcledKeys`]), on the reading thread). Rows with the same `event_id_cnty` (ACLED's monadic
/// layout, one row per actor) are one event with the attributes of all of them.
fn acled(mut b: DatasetBuilder, rows: &mut Rows, headers: &[String]) -> DatasetBuilder {
    let col = |h: &str| headers.iter().position(|x| x == h);
    let c_id = acled_id_column(headers);
    let c_date = col("event_date");
    let c_prec = col("time_precision");
    let c_type = col("event_type");
    let c_sub = col("sub_event_type");
    let c_loc = col("location");
    let c_admin = col("admin1");
    let c_country = col("country");
    let c_source = col("source");
    let c_notes = col("notes");
    let c_fatal = col("fatalities");
    let c_no_cnty = col("event_id_no_cnty").filter(|_| c_id.is_none());
    let c_area = col("iso3").or(col("country"));

    let total = rows.control.bytes().1;
    let cited = b.intern("cited by ACLED for this event");
    // Each outlet's source by the text written, so that a known outlet costs one look-up.
    let mut outlets: FxHashMap<CompactString, SourceIx> = FxHashMap::default();
    // Each event's time by its date as written and its precision (`1`, `2`, `3`, or none):
    // a day's events share one parsed time.
    let mut times: FxHashMap<Box<str>, [Option<Arc<UncertainTime>>; 4]> = FxHashMap::default();
    // ACLED's own record's source by its `timestamp`.
    let mut records: FxHashMap<Box<str>, SourceIx> = FxHashMap::default();
    let (mut place, mut title) = (String::new(), String::new());
    // Each title by its number from the reading thread ([`AcledKeys`]), once made.
    let mut titles: Vec<Option<TextId>> = Vec::new();
    let record_said = b.intern("ACLED's record of the event");
    // Each event type and sub-type's tags, made once.
    let mut tag_lists: FxHashMap<Box<str>, crate::model::List<ArcStr>> = FxHashMap::default();
    let mut tag_key = String::new();
    let c_timestamp = col("timestamp");
    let mut row = 0usize;
    while let Some((record, prepared)) = rows.next_row(&mut b) {
        row += 1;
        if row == ESTIMATE_AFTER {
            // Rows in the whole file: room made once for all of them.
            if let Some(expected) = in_whole_file(record, row, total) {
                b.reserve_events(expected.saturating_sub(row));
                b.reserve_ids(expected.saturating_sub(row));
            }
        }
        let line = record.position().map_or(row + 1, |p| p.line() as usize);
        let get = |c: Option<usize>| field(record, c);
        // Without `event_id_cnty`, `event_id_no_cnty` names the event within its country (as
        // ACLED's own id does, `MLI101`): a monadic file's rows of one event still merge.
        let id = match (get(c_id), get(c_no_cnty)) {
            (Some(id), _) => compact_str::CompactString::new(id),
            (None, Some(n)) => {
                compact_str::format_compact!("{}{n}", get(c_area).unwrap_or_default())
            }
            (None, None) => compact_str::format_compact!("row-{row}"),
        };
        let id_column = c_id.or(c_no_cnty).map_or(0, |i| i + 1);
        let date_at = c_date.map_or(0, |i| i + 1);
        let date_text = get(c_date).unwrap_or_default();
        let day = match prepared.time.take() {
            Some(Ok(t)) => t,
            Some(Err(e)) => {
                b.problem(
                    line,
                    date_at,
                    Some(&id),
                    format!("`event_date`: {e}; this row is left out"),
                );
                continue;
            }
            None => {
                b.problem(
                    line,
                    date_at,
                    Some(&id),
                    "missing `event_date`; this row is left out",
                );
                continue;
            }
        };
        let Some(start) = day.strict_earliest.instant() else {
            b.problem(
                line,
                date_at,
                Some(&id),
                format!("`event_date` `{date_text}` has no known day; this row is left out"),
            );
            continue;
        };
        let attrs = &prepared.values;
        let mut claims = Vec::with_capacity(4);
        for outlet in get(c_source)
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let source = match outlets.get(outlet) {
                Some(&s) => s,
                None => {
                    let key = slug(outlet);
                    let s = b.source(&key.clone(), || Source::named(key, outlet));
                    outlets.insert(outlet.into(), s);
                    s
                }
            };
            claims.push(Claim::citing(source.0, cited.clone()));
        }
        if let Some(existing) = b.find(&id) {
            // The monadic layout: the same event again, for its other actor.
            let same_day = b
                .event_ref(existing)
                .is_some_and(|e| e.time.written.starts_with(date_text));
            if !same_day {
                b.problem(
                    line,
                    id_column,
                    Some(&id),
                    format!(
                        "duplicate event id with another date (`{date_text}`); this row is left out"
                    ),
                );
                continue;
            }
            b.add_attributes(existing, attrs);
            let known: Vec<u32> = b.claims_of(existing).iter().map(|c| c.source).collect();
            let mut new: Vec<Claim> = claims
                .into_iter()
                .filter(|c| !known.contains(&c.source))
                .collect();
            b.add_claims(existing, &mut new);
            continue;
        }
        // `1.0` as pandas writes a number column with a gap.
        let precision = get(c_prec).map(|p| p.strip_suffix(".0").unwrap_or(p));
        if c_prec.is_some() && precision.is_none() {
            b.problem(
                line,
                c_prec.map_or(0, |i| i + 1),
                Some(&id),
                "`time_precision` is empty; the event is read as dated to the day written",
            );
        }
        let slot = match (c_prec, precision.unwrap_or("")) {
            (None, _) | (_, "") => 0,
            (_, "1") => 1,
            (_, "2") => 2,
            (_, "3") => 3,
            (_, other) => {
                b.problem(
                    line,
                    c_prec.map_or(0, |i| i + 1),
                    Some(&id),
                    format!("`time_precision` `{other}` is not 1, 2 or 3; this row is left out"),
                );
                continue;
            }
        };
        let shared = times
            .get(date_text)
            .and_then(|t| t.get(slot))
            .and_then(Option::clone);
        let time = match shared {
            Some(t) => t,
            None => {
                let t = Arc::new(acled_time(&day, start, date_text, slot));
                if let Some(cell) = times.entry(date_text.into()).or_default().get_mut(slot) {
                    *cell = Some(t.clone());
                }
                t
            }
        };
        // ACLED's own record, published at `timestamp`: what "as known on" goes by.
        match &prepared.published {
            Some(Ok(at)) => {
                let stamp = get(c_timestamp).unwrap_or_default();
                let source = match records.get(stamp) {
                    Some(&s) => s,
                    None => {
                        let key = format!("acled@{stamp}");
                        let s = b.source(&key.clone(), || Source {
                            published: Some(at.clone()),
                            notes: Some(
                                "ACLED's record of the event as it stands, published (or last changed) at its `timestamp`; ACLED overwrites a record when it changes it, so an earlier version may have been out before"
                                    .into(),
                            ),
                            ..Source::named(key, "ACLED")
                        });
                        records.insert(stamp.into(), s);
                        s
                    }
                };
                claims.push(Claim {
                    time: Some(time.clone()),
                    ..Claim::citing(source.0, record_said.clone())
                });
            }
            Some(Err(e)) => b.problem(
                line,
                c_timestamp.map_or(0, |i| i + 1),
                Some(&id),
                format!("`timestamp`: {e}; when ACLED published the record is not known"),
            ),
            None => {}
        }
        let event_place = match prepared.place.take() {
            Some(p) => p,
            None => {
                join_place([get(c_loc), get(c_admin), get(c_country)], &mut place);
                (!place.is_empty()).then(|| b.intern(&place))
            }
        };
        // A kind of event at a place: the same title for many events, shared.
        let known_title = prepared
            .title
            .and_then(|k| titles.get(k as usize).copied().flatten());
        let event_title = match known_title {
            Some(t) => t,
            None => {
                title.clear();
                title.push_str(get(c_sub).or(get(c_type)).unwrap_or("Event"));
                if let Some(loc) = get(c_loc) {
                    title.push_str(": ");
                    title.push_str(loc);
                }
                match prepared.title {
                    Some(k) => {
                        let t = b.keep_title(&title);
                        let k = k as usize;
                        if titles.len() <= k {
                            titles.resize(k + 1, None);
                        }
                        if let Some(slot) = titles.get_mut(k) {
                            *slot = Some(t);
                        }
                        t
                    }
                    None => b.title_number(&title),
                }
            }
        };
        let mut summary = get(c_notes).map(str::to_string);
        if let Some(f) = get(c_fatal).filter(|f| *f != "0") {
            summary = Some(
                format!("{} Fatalities: {f}.", summary.unwrap_or_default())
                    .trim()
                    .to_string(),
            );
        }
        // Event types give a readable number of lanes; actors and places stay a
        // `--lanes-by` away.
        let lane = b.lane(get(c_type).unwrap_or("Event"));
        let mut event = EventDraft::new(id, "", time, lane, (line, 1));
        event.title_kept = Some(event_title);
        event.status = Status::Reported;
        event.place = event_place;
        event.summary = summary.map(Into::into);
        // The type, a unit separator, the sub-type (both non-empty where given).
        tag_key.clear();
        tag_key.push_str(get(c_type).unwrap_or_default());
        tag_key.push('\u{1f}');
        tag_key.push_str(get(c_sub).unwrap_or_default());
        let tags = match tag_lists.get(tag_key.as_str()) {
            Some(list) => list.clone(),
            None => {
                let tags: Vec<String> = [get(c_type), get(c_sub)]
                    .into_iter()
                    .flatten()
                    .map(|s| s.to_ascii_lowercase())
                    .collect();
                let list = b.tag_list(&tags);
                tag_lists.insert(tag_key.as_str().into(), list.clone());
                list
            }
        };
        event.tag_list = Some(tags);
        event.claims = claims;
        event.attributes = attrs.clone();
        // `find` found no event of this id above.
        b.event_new(event);
    }
    b
}
