//! CSV: timeband's own columns (one row per event, or per claim), and ACLED's export columns as
//! ACLED writes them. See docs/FORMAT.md for the column set.

use super::builder::{DatasetBuilder, EventDraft, EventIx, SourceIx, TimeCache};
use super::text::slug;
use super::{Format, LoadControl, LoadError, Loaded};
use crate::model::time::{Civil, DAY, add_months};
use crate::model::{
    Claim, Credibility, Likelihood, Precision, Reliability, Source, SourceKind, Status,
    UncertainTime, edtf,
};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Column names are matched case-insensitively, with these aliases.
const ALIASES: &[(&str, &[&str])] = &[
    ("id", &["id", "event_id"]),
    ("title", &["title", "headline", "event"]),
    ("time", &["time", "date", "edtf"]),
    ("start", &["start", "start_date", "begin"]),
    ("end", &["end", "end_date"]),
    ("lane", &["lane", "group", "actor", "theme"]),
    ("status", &["status"]),
    ("likelihood", &["likelihood"]),
    ("place", &["place", "location"]),
    ("summary", &["summary", "description", "notes"]),
    ("tags", &["tags"]),
    ("source", &["source", "outlet", "source_name"]),
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

fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

/// Rows read per batch by the reading thread.
const BATCH_ROWS: usize = 4096;

/// Rows as the reading thread hands them over, in order, with what it worked out for each.
type Row = (Result<csv::StringRecord, csv::Error>, Prepared);

/// What the reading thread works out for a row besides splitting it, so that the thread that
/// builds events has less to do: the row's times, parsed (each distinct text once).
#[derive(Default)]
struct Prepared {
    time: Option<Result<Arc<UncertainTime>, String>>,
    claim_time: Option<Result<Arc<UncertainTime>, String>>,
}

/// A field by its column, trimmed; `None` when absent or empty.
fn field(record: &csv::StringRecord, column: Option<usize>) -> Option<&str> {
    column
        .and_then(|i| record.get(i))
        .map(str::trim)
        .filter(|s| !s.is_empty())
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
    fn next_row(&mut self) -> Option<Result<(&csv::StringRecord, &Prepared), &csv::Error>> {
        if self.pos >= self.batch.len() {
            if self.control.is_cancelled() {
                return None;
            }
            let next = self.rx.recv().ok()?;
            let spent = std::mem::replace(&mut self.batch, next);
            let _ = self.back.try_send(spent);
            self.pos = 0;
        }
        let (row, prepared) = self.batch.get(self.pos)?;
        self.pos += 1;
        match row {
            Err(e) if matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) => {
                self.not_utf8 = true;
                None
            }
            Err(e) => Some(Err(e)),
            Ok(r) => Some(Ok((r, prepared))),
        }
    }
}

/// Reads the rows of `reader` on a scoped thread and gives them to `work`.
fn with_rows<R: std::io::Read + Send, T>(
    reader: csv::Reader<R>,
    control: &LoadControl,
    mut prepare: impl FnMut(&csv::StringRecord) -> Prepared + Send,
    work: impl FnOnce(&mut Rows) -> T,
) -> T {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(4);
    let (back, spent) = std::sync::mpsc::sync_channel::<Vec<Row>>(8);
    std::thread::scope(|s| {
        let reading = control.clone();
        s.spawn(move || {
            let mut reader = reader;
            loop {
                let mut batch = spent.try_recv().unwrap_or_default();
                let mut n = 0;
                let mut end = false;
                while n < BATCH_ROWS {
                    if batch.len() <= n {
                        batch.push((Ok(csv::StringRecord::new()), Prepared::default()));
                    }
                    let Some((slot, prepared)) = batch.get_mut(n) else {
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
                            if let Ok(record) = slot {
                                *prepared = prepare(record);
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
                reading.set_done(reader.position().byte());
                if (!batch.is_empty() && tx.send(batch).is_err()) || end || reading.is_cancelled() {
                    return;
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
        out
    })
}

/// Loads CSV text (already decoded).
pub(super) fn load(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let reader = reader(delimiter(text), text.as_bytes());
    match load_from(name, reader, &LoadControl::default())? {
        Some(loaded) => Ok(loaded),
        None => Err(LoadError::new(name, 0, 0, "the CSV could not be read")),
    }
}

/// Reads CSV from a stream, the rows parsed on another thread; `None` when the file is not
/// UTF-8 and must be read whole (as Latin-1).
pub(super) fn load_stream<R: std::io::BufRead + Send>(
    name: &str,
    mut input: R,
    control: &LoadControl,
) -> Result<Option<Loaded>, LoadError> {
    let prefix = input
        .fill_buf()
        .map_err(|e| LoadError::new(name, 0, 0, format!("cannot read the file: {e}")))?;
    let Ok(head) = std::str::from_utf8(prefix.get(..prefix.len().min(4096)).unwrap_or_default())
    else {
        return Ok(None);
    };
    let delim = delimiter(head);
    load_from(name, reader(delim, input), control)
}

fn reader<R: std::io::Read>(delimiter: u8, input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(input)
}

fn load_from<R: std::io::Read + Send>(
    name: &str,
    mut reader: csv::Reader<R>,
    control: &LoadControl,
) -> Result<Option<Loaded>, LoadError> {
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| LoadError::new(name, 1, 1, format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let has = |h: &str| headers.iter().any(|x| x == h);
    if has("event_date") && has("time_precision") {
        return with_rows(
            reader,
            control,
            |_| Prepared::default(),
            |rows| acled(name, rows, &headers, control),
        );
    }
    let column = |canonical: &str| -> Option<usize> {
        let names = ALIASES
            .iter()
            .find(|(c, _)| *c == canonical)
            .map_or(&[][..], |(_, n)| *n);
        headers.iter().position(|h| names.contains(&h.as_str()))
    };
    if column("title").is_none() || (column("time").is_none() && column("start").is_none()) {
        return Err(LoadError::new(
            name,
            1,
            1,
            format!(
                "expected a CSV header with at least `title` and `time` (or `start`) columns, or ACLED's `event_date` and `time_precision`; found: {}",
                headers.join(", ")
            ),
        ));
    }
    // The file's column for each canonical name, in the order of ALIASES.
    let cols: Vec<Option<usize>> = ALIASES.iter().map(|(c, _)| column(c)).collect();
    let at = |c: usize| cols.get(c).copied().flatten();
    let (c_time, c_start, c_end, c_claim) = (
        at(const { col("time") }),
        at(const { col("start") }),
        at(const { col("end") }),
        at(const { col("claim_time") }),
    );
    let mut times = TimeCache::new(1 << 16);
    let mut time =
        move |text: &str| times.get_or_parse(text, |t| edtf::parse(t).map_err(|e| e.to_string()));
    let prepare = move |record: &csv::StringRecord| {
        let written = match (
            field(record, c_time),
            field(record, c_start),
            field(record, c_end),
        ) {
            (Some(t), _, _) => Some(std::borrow::Cow::Borrowed(t)),
            (None, Some(s), Some(e)) => Some(format!("{s}/{e}").into()),
            (None, Some(s), None) => Some(s.into()),
            (None, None, _) => None,
        };
        Prepared {
            time: written.map(|w| time(&w)),
            claim_time: field(record, c_claim).map(&mut time),
        }
    };
    with_rows(reader, control, prepare, |rows| {
        own(name, rows, &headers, &cols, control)
    })
}

/// Rows in timeband's own columns.
/// Rows in timeband's own columns.
fn own(
    name: &str,
    rows: &mut Rows,
    headers: &[String],
    cols: &[Option<usize>],
    control: &LoadControl,
) -> Result<Option<Loaded>, LoadError> {
    let mut b = DatasetBuilder::new(name, Format::Csv);
    b.set_title(file_stem(name));
    // Rows are rarely under 100 bytes.
    b.reserve_events(usize::try_from(control.bytes().1 / 100).unwrap_or(0));
    // Sources named (without a `source_id`) on rows read so far.
    let mut source_by_name: FxHashMap<String, SourceIx> = FxHashMap::default();
    let mut row = 0usize;
    // The claims read for the event of the latest rows, not yet given to it.
    let mut claims: Vec<Claim> = Vec::new();
    let mut claims_of: Option<EventIx> = None;
    loop {
        let (record, prepared) = match rows.next_row() {
            None => break,
            Some(Ok(r)) => r,
            Some(Err(e)) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                b.problem(line, 0, None, format!("unreadable row: {e}; left out"));
                continue;
            }
        };
        row += 1;
        let line = record.position().map_or(row + 1, |p| p.line() as usize);
        if record.len() != headers.len() {
            b.problem(
                line,
                0,
                None,
                format!(
                    "this row has {} fields, the header {}; read what is there",
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
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let col_of = |c: usize| cols.get(c).copied().flatten().map_or(0, |i| i + 1);
        let id: std::borrow::Cow<str> = match get(const { col("id") }) {
            Some(id) => id.into(),
            None => format!("row-{row}").into(),
        };
        let id = &*id;

        // A repeated id adds a claim to the event already read.
        let event_index = match b.find(id) {
            Some(i) => i,
            None => {
                let Some(title) = get(const { col("title") }) else {
                    b.problem(
                        line,
                        col_of(const { col("title") }),
                        Some(id),
                        "missing `title`; this row is left out",
                    );
                    continue;
                };
                let written = match (
                    get(const { col("time") }),
                    get(const { col("start") }),
                    get(const { col("end") }),
                ) {
                    (Some(t), _, _) => t.to_string(),
                    (None, Some(s), Some(e)) => format!("{s}/{e}"),
                    (None, Some(s), None) => s.to_string(),
                    (None, None, _) => {
                        b.problem(
                            line,
                            col_of(const { col("time") }),
                            Some(id),
                            "missing `time`; this row is left out",
                        );
                        continue;
                    }
                };
                let time = match prepared.time.clone() {
                    Some(Ok(t)) => t,
                    None => continue,
                    Some(Err(e)) => {
                        b.problem(
                            line,
                            col_of(if get(const { col("time") }).is_some() {
                                const { col("time") }
                            } else {
                                const { col("start") }
                            }),
                            Some(id),
                            format!(
                                "`{written}` is not a valid EDTF date ({e}); this row is left out"
                            ),
                        );
                        continue;
                    }
                };
                let status = match get(const { col("status") }).map(|s| (s, Status::from_name(s))) {
                    None => Status::default(),
                    Some((_, Some(s))) => s,
                    Some((s, None)) => {
                        b.problem(line, col_of(const { col("status") }), Some(id), format!("unknown status `{s}`; expected confirmed, reported, planned, speculated or denied; read as confirmed"));
                        Status::default()
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
                let mut event = EventDraft::new(id, title, time, lane, (line, 1));
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
                // Not seen before (`find` said so), so always added.
                let Some(i) = b.event(event, (line, 1)) else {
                    continue;
                };
                i
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
                        source_by_name.insert(source_name.to_string(), i);
                    }
                    i
                }
            },
        };
        let source = match known {
            Some(i) => i,
            None => {
                let source_key = source_id.map_or_else(|| slug(source_name), str::to_string);
                let published = match get(const { col("published") }).map(|p| b.time(p)) {
                    None => None,
                    Some(Ok(t)) => Some((*t).clone()),
                    Some(Err(e)) => {
                        b.problem(line, col_of(const { col("published") }), Some(id), format!("`published` is not a valid EDTF date ({e}); the source is kept without a date"));
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
                    source_by_name.insert(source_name.to_string(), source);
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
        let claim_time = match prepared.claim_time.clone() {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => {
                b.problem(
                    line,
                    col_of(const { col("claim_time") }),
                    Some(id),
                    format!(
                        "`claim_time` is not a valid EDTF date ({e}); the claim is kept without it"
                    ),
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
    finish(name, rows, control, b)
}

/// The end of a CSV load: read whole instead if a row was not UTF-8, an error if cancelled.
fn finish(
    name: &str,
    rows: &Rows,
    control: &LoadControl,
    b: DatasetBuilder,
) -> Result<Option<Loaded>, LoadError> {
    if rows.not_utf8 {
        return Ok(None);
    }
    if control.is_cancelled() {
        return Err(LoadError::new(name, 0, 0, super::CANCELLED));
    }
    Ok(Some(b.finish()))
}

fn file_stem(name: &str) -> String {
    std::path::Path::new(name)
        .file_stem()
        .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned())
}

/// Reads an ACLED date: "15 September 2023", "2023-09-15", "15-September-2023" or "09/15/2023".
fn acled_date(s: &str) -> Option<Civil> {
    use chrono::Datelike;
    let formats = [
        "%d %B %Y", "%Y-%m-%d", "%d-%B-%Y", "%d %b %Y", "%m/%d/%Y", "%d/%m/%Y",
    ];
    formats
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(s.trim(), f).ok())
        .map(|d| Civil::date(i64::from(d.year()), d.month(), d.day()))
}

/// ACLED's export: `event_date` + `time_precision` become bounds, `actor1` the lane, `source`
/// (outlets separated by `;`) the sources, `notes` the summary.
fn acled(
    name: &str,
    rows: &mut Rows,
    headers: &[String],
    control: &LoadControl,
) -> Result<Option<Loaded>, LoadError> {
    let col = |h: &str| headers.iter().position(|x| x == h);
    let c_id = col("event_id_cnty").or(col("data_id"));
    let c_date = col("event_date");
    let c_prec = col("time_precision");
    let c_actor = col("actor1");
    let c_type = col("event_type");
    let c_sub = col("sub_event_type");
    let c_loc = col("location");
    let c_admin = col("admin1");
    let c_country = col("country");
    let c_source = col("source");
    let c_notes = col("notes");
    let c_fatal = col("fatalities");

    let mut b = DatasetBuilder::new(name, Format::Acled);
    b.set_title(file_stem(name));
    b.set_description("ACLED export");
    let mut row = 0usize;
    loop {
        let record = match rows.next_row() {
            None => break,
            Some(Ok((r, _))) => r,
            Some(Err(e)) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                b.problem(line, 0, None, format!("unreadable row: {e}; left out"));
                continue;
            }
        };
        row += 1;
        let line = record.position().map_or(row + 1, |p| p.line() as usize);
        let get = |c: Option<usize>| {
            c.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let id = get(c_id).map_or_else(|| format!("row-{row}"), str::to_string);
        let id_at = (line, c_id.map_or(0, |i| i + 1));
        if b.seen(&id, id_at) {
            continue;
        }
        let date_text = get(c_date).unwrap_or_default();
        let Some(date) = acled_date(date_text) else {
            b.problem(line, c_date.map_or(0, |i| i + 1), Some(&id), format!("`event_date` `{date_text}` is not a date such as `15 September 2023` or `2023-09-15`; this row is left out"));
            continue;
        };
        let precision = get(c_prec).unwrap_or("1");
        let day = date.to_instant();
        let (lower, upper, prec, note) = match precision {
            "1" => (day, day + DAY - 1, Precision::Day, "day"),
            // The middle of the week was coded: the event lies within three days either side.
            "2" => (day - 3 * DAY, day + 4 * DAY - 1, Precision::Day, "week"),
            // The middle of the month was coded: the event lies somewhere in that month.
            "3" => {
                let first = Civil::date(date.year, date.month, 1).to_instant();
                (first, add_months(first, 1) - 1, Precision::Month, "month")
            }
            other => {
                b.problem(
                    line,
                    c_prec.map_or(0, |i| i + 1),
                    Some(&id),
                    format!("`time_precision` `{other}` is not 1, 2 or 3; this row is left out"),
                );
                continue;
            }
        };
        let time = UncertainTime::between(
            format!("{date_text} (ACLED precision {precision}: {note})").into(),
            lower,
            upper,
            prec,
        );
        let actor = get(c_actor).unwrap_or("Unknown actor");
        let lane = b.lane(actor);
        let kind = get(c_sub).or(get(c_type)).unwrap_or("Event");
        let place: Vec<&str> = [get(c_loc), get(c_admin), get(c_country)]
            .into_iter()
            .flatten()
            .collect();
        let title = match get(c_loc) {
            Some(loc) => format!("{kind}: {loc}"),
            None => kind.to_string(),
        };
        let mut summary = get(c_notes).map(str::to_string);
        if let Some(f) = get(c_fatal).filter(|f| *f != "0") {
            summary = Some(
                format!("{} Fatalities: {f}.", summary.unwrap_or_default())
                    .trim()
                    .to_string(),
            );
        }
        let mut claims = Vec::new();
        for outlet in get(c_source)
            .unwrap_or_default()
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let key = slug(outlet);
            let source = b.source(&key.clone(), || Source::named(key, outlet));
            claims.push(Claim::citing(
                source.0,
                b.intern("cited by ACLED for this event"),
            ));
        }
        let mut event = EventDraft::new(id, title, Arc::new(time), lane, (line, 1));
        event.status = Status::Reported;
        event.place = (!place.is_empty()).then(|| b.intern(&place.join(", ")));
        event.summary = summary.map(Into::into);
        event.tags = [get(c_type), get(c_sub)]
            .into_iter()
            .flatten()
            .map(|s| s.to_ascii_lowercase())
            .collect();
        event.claims = claims;
        b.event(event, id_at);
    }
    finish(name, rows, control, b)
}
