//! GDELT event records: the raw tab-separated daily files (no header; 57 fields before April
//! 2013, 58 for GDELT 1.0, 61 for 2.0) and BigQuery CSV downloads (quoted, `NULL` for empty,
//! with or without a header). `SQLDATE` is the event's day; `SOURCEURL` the article it was coded
//! from, a source published at `DATEADDED`, so "as known on" replays what GDELT knew. Lanes by
//! `EventRootCode`, with CAMEO's names.
//!
//! Raw files are read in chunks of whole lines and parsed on several threads; the rows are put
//! together in file order on the calling thread.

use super::builder::{DatasetBuilder, EventDraft, LaneIx, SourceIx};
use super::sink::Sink;
use super::{Format, LoadControl, LoadError, Loaded};
use crate::model::time::{Civil, DAY};
use crate::model::{Claim, Lane, Precision, Source, SourceKind, Status, UncertainTime};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;
use std::io::BufRead;
use std::sync::Arc;

/// CAMEO's twenty root event codes.
pub(super) const CAMEO_ROOTS: [&str; 20] = [
    "Make public statement",
    "Appeal",
    "Express intent to cooperate",
    "Consult",
    "Engage in diplomatic cooperation",
    "Engage in material cooperation",
    "Provide aid",
    "Yield",
    "Investigate",
    "Demand",
    "Disapprove",
    "Reject",
    "Threaten",
    "Protest",
    "Exhibit force posture",
    "Reduce relations",
    "Coerce",
    "Assault",
    "Fight",
    "Use unconventional mass violence",
];

const QUAD: [&str; 4] = [
    "verbal cooperation",
    "material cooperation",
    "verbal conflict",
    "material conflict",
];

/// Where each field is in a row; `NONE` when the row does not have it.
#[derive(Clone, Copy, Debug)]
struct Layout {
    id: usize,
    sqldate: usize,
    a1code: usize,
    a1name: usize,
    a1country: usize,
    a2code: usize,
    a2name: usize,
    a2country: usize,
    isroot: usize,
    code: usize,
    base: usize,
    root: usize,
    quad: usize,
    goldstein: usize,
    mentions: usize,
    sources: usize,
    articles: usize,
    tone: usize,
    a1geo: usize,
    a2geo: usize,
    geo: usize,
    geo_country: usize,
    lat: usize,
    long: usize,
    added: usize,
    url: usize,
}

const NONE: usize = usize::MAX;

const V1: Layout = Layout {
    id: 0,
    sqldate: 1,
    a1code: 5,
    a1name: 6,
    a1country: 7,
    a2code: 15,
    a2name: 16,
    a2country: 17,
    isroot: 25,
    code: 26,
    base: 27,
    root: 28,
    quad: 29,
    goldstein: 30,
    mentions: 31,
    sources: 32,
    articles: 33,
    tone: 34,
    a1geo: 36,
    a2geo: 43,
    geo: 50,
    geo_country: 51,
    lat: 53,
    long: 54,
    added: 56,
    url: 57,
};

/// Files before April 2013: no `SOURCEURL`.
const V1_OLD: Layout = Layout { url: NONE, ..V1 };

/// GDELT 2.0: an `ADM2Code` in each of the three geographies, `DATEADDED` to the second.
const V2: Layout = Layout {
    a1geo: 36,
    a2geo: 44,
    geo: 52,
    geo_country: 53,
    lat: 56,
    long: 57,
    added: 59,
    url: 60,
    ..V1
};

fn layout_for(fields: usize) -> Option<Layout> {
    match fields {
        57 => Some(V1_OLD),
        58 => Some(V1),
        61 => Some(V2),
        _ => None,
    }
}

/// The layout named by a BigQuery header (case-insensitive).
fn layout_from_header(header: &[String]) -> Option<Layout> {
    let at = |n: &str| {
        header
            .iter()
            .position(|h| h.eq_ignore_ascii_case(n))
            .unwrap_or(NONE)
    };
    let l = Layout {
        id: at("GLOBALEVENTID"),
        sqldate: at("SQLDATE"),
        a1code: at("Actor1Code"),
        a1name: at("Actor1Name"),
        a1country: at("Actor1CountryCode"),
        a2code: at("Actor2Code"),
        a2name: at("Actor2Name"),
        a2country: at("Actor2CountryCode"),
        isroot: at("IsRootEvent"),
        code: at("EventCode"),
        base: at("EventBaseCode"),
        root: at("EventRootCode"),
        quad: at("QuadClass"),
        goldstein: at("GoldsteinScale"),
        mentions: at("NumMentions"),
        sources: at("NumSources"),
        articles: at("NumArticles"),
        tone: at("AvgTone"),
        a1geo: at("Actor1Geo_FullName"),
        a2geo: at("Actor2Geo_FullName"),
        geo: at("ActionGeo_FullName"),
        geo_country: at("ActionGeo_CountryCode"),
        lat: at("ActionGeo_Lat"),
        long: at("ActionGeo_Long"),
        added: at("DATEADDED"),
        url: at("SOURCEURL"),
    };
    (l.id != NONE && l.sqldate != NONE).then_some(l)
}

/// True when a header row (any case) is GDELT's.
pub(super) fn is_header(fields: &[String]) -> bool {
    let has = |h: &str| fields.iter().any(|f| f.eq_ignore_ascii_case(h));
    has("GLOBALEVENTID") && has("SQLDATE")
}

/// True when a row's fields look like a raw GDELT row: 57, 58 or 61 of them, a numeric id and
/// an 8-digit day.
pub(super) fn is_row(fields: &[&str]) -> bool {
    let digits = |f: &&str| {
        let f = f.trim().trim_matches('"');
        !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit())
    };
    layout_for(fields.len()).is_some()
        && fields.first().is_some_and(digits)
        && fields
            .get(1)
            .is_some_and(|f| digits(f) && f.trim().trim_matches('"').len() == 8)
}

/// One row, parsed by a worker; lanes, sources and places are shared later, in file order.
struct Parsed {
    line: usize,
    id: u64,
    time: Arc<UncertainTime>,
    /// 1–20, or 0 when not coded.
    root: u8,
    title: String,
    /// The row's other fields, one `name: value` line each (attributes of the event).
    summary: String,
    place: Option<Box<str>>,
    url: Option<Box<str>>,
    /// `DATEADDED` as written (8 or 14 digits).
    added: u64,
}

/// A field; `NULL` (BigQuery) and blanks are absent.
fn field<'a>(fields: &[&'a str], i: usize) -> Option<&'a str> {
    fields
        .get(i)
        .map(|f| f.trim())
        .filter(|f| !f.is_empty() && *f != "NULL")
}

fn parse_digits(s: &str) -> Option<u64> {
    (!s.is_empty() && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.bytes().fold(0u64, |a, b| a * 10 + u64::from(b - b'0')))
}

/// `YYYYMMDD` as a civil date, checked.
fn day(v: u64) -> Option<Civil> {
    let (y, m, d) = (
        (v / 10_000) as i64,
        (v / 100 % 100) as u32,
        (v % 100) as u32,
    );
    ((1..=12).contains(&m) && d >= 1 && d <= crate::model::time::days_in_month(y, m))
        .then(|| Civil::date(y, m, d))
}

/// The instant(s) a `DATEADDED` denotes: a day (1.0) or a second (2.0).
fn added_time(v: u64) -> Option<UncertainTime> {
    let text = v.to_string();
    if text.len() == 14 {
        let c = day(v / 1_000_000)?;
        let (h, mi, s) = (v / 10_000 % 100, v / 100 % 100, v % 100);
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
        let t = c.to_instant() + (h * 3600 + mi * 60 + s) as i64;
        let mut u = UncertainTime::between(text.into(), t, t, Precision::Second);
        u.offset_minutes = Some(0);
        Some(u)
    } else if text.len() == 8 {
        let t = day(v)?.to_instant();
        Some(UncertainTime::between(
            text.into(),
            t,
            t + DAY - 1,
            Precision::Day,
        ))
    } else {
        None
    }
}

/// Each worker parses each distinct `SQLDATE` once.
#[derive(Default)]
struct Days(FxHashMap<u64, Arc<UncertainTime>>);

fn parse_row(fields: &[&str], l: &Layout, days: &mut Days, line: usize) -> Result<Parsed, String> {
    let get = |i: usize| field(fields, i);
    let id_text = get(l.id).ok_or("no GLOBALEVENTID")?;
    let id = parse_digits(id_text)
        .ok_or_else(|| format!("GLOBALEVENTID `{id_text}` is not a number"))?;
    let date_text = get(l.sqldate).ok_or("no SQLDATE")?;
    let date = parse_digits(date_text)
        .filter(|_| date_text.len() == 8)
        .ok_or_else(|| format!("SQLDATE `{date_text}` is not a day written YYYYMMDD"))?;
    let time = match days.0.get(&date) {
        Some(t) => t.clone(),
        None => {
            let c =
                day(date).ok_or_else(|| format!("SQLDATE `{date_text}` is not a calendar day"))?;
            let lo = c.to_instant();
            let t = Arc::new(UncertainTime::between(
                date_text.into(),
                lo,
                lo + DAY - 1,
                Precision::Day,
            ));
            days.0.insert(date, t.clone());
            t
        }
    };
    let added_text = get(l.added).ok_or("no DATEADDED")?;
    let added = parse_digits(added_text)
        .filter(|_| added_text.len() == 8 || added_text.len() == 14)
        .filter(|v| added_time(*v).is_some())
        .ok_or_else(|| {
            format!("DATEADDED `{added_text}` is not a day (YYYYMMDD) or a time (YYYYMMDDHHMMSS)")
        })?;
    let root_text = get(l.root);
    let root = root_text
        .and_then(|r| r.parse::<u8>().ok())
        .filter(|r| (1..=20).contains(r))
        .unwrap_or(0);
    let actor = |code: usize, name: usize| get(name).or(get(code));
    let a1 = actor(l.a1code, l.a1name);
    let a2 = actor(l.a2code, l.a2name);
    let what = match root {
        0 => "Uncoded event",
        r => CAMEO_ROOTS
            .get(usize::from(r) - 1)
            .copied()
            .unwrap_or("Event"),
    };
    let title = match (a1, a2) {
        (Some(a), Some(b)) => format!("{what}: {a} – {b}"),
        (Some(a), None) | (None, Some(a)) => format!("{what}: {a}"),
        (None, None) => what.to_string(),
    };
    let mut s = String::with_capacity(192);
    let _ = write!(s, "CAMEO: {}", get(l.code).unwrap_or("-"));
    if let Some(b) = get(l.base) {
        let _ = write!(s, " (base {b}, root {})", root_text.unwrap_or("-"));
    }
    if let Some(q) = get(l.quad) {
        let name = q
            .parse::<usize>()
            .ok()
            .and_then(|q| QUAD.get(q.wrapping_sub(1)))
            .copied()
            .unwrap_or("?");
        let _ = write!(s, "\nQuadClass: {q} ({name})");
    }
    for (key, i) in [
        ("Goldstein", l.goldstein),
        ("AvgTone", l.tone),
        ("NumMentions", l.mentions),
        ("NumSources", l.sources),
        ("NumArticles", l.articles),
        ("IsRootEvent", l.isroot),
    ] {
        if let Some(v) = get(i) {
            let _ = write!(s, "\n{key}: {v}");
        }
    }
    for (key, code, name, country, geo) in [
        ("Actor1", l.a1code, l.a1name, l.a1country, l.a1geo),
        ("Actor2", l.a2code, l.a2name, l.a2country, l.a2geo),
    ] {
        if get(code).is_some() || get(name).is_some() {
            let _ = write!(
                s,
                "\n{key}: {} ({})",
                get(name).unwrap_or("-"),
                get(code).unwrap_or("-")
            );
            if let Some(c) = get(country) {
                let _ = write!(s, ", country {c}");
            }
            if let Some(g) = get(geo) {
                let _ = write!(s, ", in {g}");
            }
        }
    }
    if let (Some(lat), Some(long)) = (get(l.lat), get(l.long)) {
        let _ = write!(
            s,
            "\nActionGeo: {lat}, {long} ({})",
            get(l.geo_country).unwrap_or("-")
        );
    }
    let _ = write!(s, "\nDATEADDED: {added_text}");
    Ok(Parsed {
        line,
        id,
        time,
        root,
        title,
        summary: s,
        place: get(l.geo).map(Into::into),
        url: get(l.url).map(Into::into),
        added,
    })
}

/// Puts parsed rows into the data set in file order: lanes, sources, places, repeated ids.
struct Merger {
    b: DatasetBuilder,
    lanes: [Option<LaneIx>; 21],
    days_added: FxHashMap<u64, SourceIx>,
    said: Arc<str>,
}

impl Merger {
    fn new(name: &str, format: Format, reserve: usize) -> Merger {
        let mut b = Sink::new(name, format).b;
        b.set_description("GDELT event records");
        b.reserve_events(reserve);
        b.reserve_ids(reserve);
        let said = b.intern("GDELT coded this event from this article");
        Merger {
            b,
            lanes: [None; 21],
            days_added: FxHashMap::default(),
            said,
        }
    }

    fn lane(&mut self, root: u8) -> LaneIx {
        let slot = usize::from(root).min(20);
        if let Some(Some(i)) = self.lanes.get(slot) {
            return *i;
        }
        let id = format!("cameo-{root:02}");
        let label = match root {
            0 => "Uncoded".to_string(),
            r => format!(
                "{r:02} {}",
                CAMEO_ROOTS.get(usize::from(r) - 1).copied().unwrap_or("")
            ),
        };
        let i = self
            .b
            .declare_lane(Lane {
                id: id.clone(),
                label,
                color: None,
                description: None,
            })
            .unwrap_or_else(|| self.b.lane(&id));
        if let Some(s) = self.lanes.get_mut(slot) {
            *s = Some(i);
        }
        i
    }

    fn source(&mut self, p: &Parsed) -> SourceIx {
        match &p.url {
            Some(url) => self.b.source(url, || {
                let host = url
                    .split("://")
                    .nth(1)
                    .and_then(|r| r.split('/').next())
                    .filter(|h| !h.is_empty())
                    .unwrap_or(url);
                let mut s = Source::named(url.to_string(), host);
                s.published = added_time(p.added);
                s.url = Some(url.to_string());
                s
            }),
            None => {
                if let Some(&i) = self.days_added.get(&p.added) {
                    return i;
                }
                let key = format!("gdelt-added-{}", p.added);
                let i = self.b.source(&key, || {
                    let mut s = Source::named(key.clone(), format!("GDELT, added {}", p.added));
                    s.published = added_time(p.added);
                    s.kind = SourceKind::Aggregator;
                    s.notes =
                        Some("a GDELT record without SOURCEURL (files before April 2013)".into());
                    s
                });
                self.days_added.insert(p.added, i);
                i
            }
        }
    }

    fn push(&mut self, p: Parsed) {
        let source = self.source(&p);
        let mut claim = Claim::citing(source.0, self.said.clone());
        claim.time = Some(p.time.clone());
        let id = compact_str::format_compact!("{}", p.id);
        // A repeated GLOBALEVENTID adds its source to the event read first.
        if let Some(e) = self.b.find(&id) {
            self.b.add_claims(e, &mut vec![claim]);
            return;
        }
        let lane = self.lane(p.root);
        let at = (p.line, 1);
        let mut e = EventDraft::new(id, p.title, p.time, lane, at);
        e.status = Status::Reported;
        e.place = p.place.as_deref().map(|pl| self.b.intern(pl));
        // The row's fields, one `name: value` line each, are the event's attributes.
        e.attributes = p
            .summary
            .lines()
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (self.b.attribute(k), self.b.intern(v)))
            .collect();
        e.claims = vec![claim];
        self.b.event(e, at);
    }

    fn problem(&mut self, line: usize, message: String) {
        self.b.problem(line, 0, None, message);
    }

    /// Lanes in CAMEO order, then the events' lane numbers to match.
    fn finish(self) -> Loaded {
        let mut loaded = self.b.finish();
        let d = &mut loaded.dataset;
        let mut order: Vec<usize> = (0..d.lanes.len()).collect();
        order.sort_by(|a, b| {
            let key = |i: &usize| d.lanes.get(*i).map(|l| l.id.clone()).unwrap_or_default();
            key(a).cmp(&key(b))
        });
        let mut new_of = vec![0u32; d.lanes.len()];
        for (new, old) in order.iter().enumerate() {
            if let Some(slot) = new_of.get_mut(*old) {
                *slot = u32::try_from(new).unwrap_or(u32::MAX);
            }
        }
        let lanes = std::mem::take(&mut d.lanes);
        let mut slots: Vec<Option<Lane>> = lanes.into_iter().map(Some).collect();
        d.lanes = order
            .iter()
            .filter_map(|i| slots.get_mut(*i).and_then(Option::take))
            .collect();
        for e in &mut d.events {
            e.lane = new_of.get(e.lane as usize).copied().unwrap_or(e.lane);
        }
        loaded
    }
}

/// Bytes of whole lines per chunk handed to a worker.
const CHUNK: usize = 1 << 20;

/// A chunk's rows parsed, and the problems met, by line within the chunk.
struct Done {
    rows: Vec<Parsed>,
    problems: Vec<(usize, String)>,
    lines: usize,
}

fn parse_chunk(chunk: &[u8]) -> Done {
    let mut days = Days::default();
    let mut done = Done {
        rows: Vec::with_capacity(chunk.len() / 300 + 1),
        problems: Vec::new(),
        lines: 0,
    };
    let mut fields: Vec<&str> = Vec::with_capacity(61);
    for raw in chunk.split(|b| *b == b'\n') {
        done.lines += 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = done.lines;
        let Ok(text) = std::str::from_utf8(raw) else {
            done.problems
                .push((line, "this row is not UTF-8; left out".into()));
            continue;
        };
        fields.clear();
        fields.extend(text.split('\t'));
        let Some(layout) = layout_for(fields.len()) else {
            done.problems.push((
                line,
                format!(
                    "this row has {} tab-separated fields; GDELT rows have 57 (before April 2013), 58 (1.0) or 61 (2.0); left out",
                    fields.len()
                ),
            ));
            continue;
        };
        match parse_row(&fields, &layout, &mut days, line) {
            Ok(p) => done.rows.push(p),
            Err(m) => done
                .problems
                .push((line, format!("{m}; this row is left out"))),
        }
    }
    // The split yields one piece after the chunk's final newline.
    done.lines = done.lines.saturating_sub(1);
    done
}

/// Reads raw tab-separated GDELT rows as they stream in.
pub(super) fn load_tsv<R: BufRead + Send>(
    name: &str,
    mut input: R,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    use std::sync::Mutex;
    use std::sync::mpsc::{Receiver, sync_channel};
    let reserve = usize::try_from(control.bytes().1 / 320).unwrap_or(0);
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    let (chunk_tx, chunk_rx) = sync_channel::<(usize, Vec<u8>)>(workers * 2);
    let chunk_rx = Mutex::new(chunk_rx);
    let (done_tx, done_rx) = sync_channel::<(usize, Done)>(workers * 2);
    let mut merger = Merger::new(name, Format::Gdelt, reserve);
    let mut read_error: Option<std::io::Error> = None;
    std::thread::scope(|s| {
        let reading = control.clone();
        let read_error = &mut read_error;
        s.spawn(move || {
            let mut carry: Vec<u8> = Vec::new();
            let mut seq = 0usize;
            let mut read = 0u64;
            loop {
                if reading.is_cancelled() {
                    return;
                }
                let mut chunk = std::mem::take(&mut carry);
                chunk.reserve(CHUNK + 4096);
                let mut eof = false;
                while chunk.len() < CHUNK {
                    match input.fill_buf() {
                        Ok([]) => {
                            eof = true;
                            break;
                        }
                        Ok(buf) => {
                            let n = buf.len();
                            chunk.extend_from_slice(buf);
                            input.consume(n);
                            read += n as u64;
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            *read_error = Some(e);
                            eof = true;
                            break;
                        }
                    }
                }
                if !eof {
                    // Keep the partial last line for the next chunk.
                    let cut = chunk.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
                    carry = chunk.split_off(cut);
                } else if !chunk.ends_with(b"\n") && !chunk.is_empty() {
                    chunk.push(b'\n');
                }
                reading.set_done(read);
                if !chunk.is_empty() && chunk_tx.send((seq, chunk)).is_err() {
                    return;
                }
                seq += 1;
                if eof {
                    return;
                }
            }
        });
        for _ in 0..workers {
            let rx: &Mutex<Receiver<(usize, Vec<u8>)>> = &chunk_rx;
            let tx = done_tx.clone();
            let working = control.clone();
            s.spawn(move || {
                // Drains the chunks to the end even when stopped, so the reader never waits.
                loop {
                    let next = match rx.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, chunk)) = next else { return };
                    if !working.is_cancelled() {
                        let _ = tx.send((seq, parse_chunk(&chunk)));
                    }
                }
            });
        }
        drop(done_tx);
        let mut waiting: std::collections::BTreeMap<usize, Done> = Default::default();
        let mut next = 0usize;
        let mut line0 = 0usize;
        for (seq, done) in done_rx.iter() {
            waiting.insert(seq, done);
            while let Some(done) = waiting.remove(&next) {
                for (line, msg) in done.problems {
                    merger.problem(line0 + line, msg);
                }
                for mut p in done.rows {
                    p.line += line0;
                    merger.push(p);
                }
                line0 += done.lines;
                next += 1;
            }
            if control.is_cancelled() {
                break;
            }
        }
        drop(done_rx);
    });
    if control.is_cancelled() {
        return Err(LoadError::new(name, 0, 0, super::CANCELLED));
    }
    if let Some(e) = read_error {
        return Err(LoadError::new(
            name,
            0,
            0,
            format!("cannot read the file: {e}"),
        ));
    }
    Ok(merger.finish())
}

/// Reads a BigQuery CSV download: quoted, `NULL` for empty, with or without a header.
pub(super) fn load_csv<R: BufRead>(
    name: &str,
    input: R,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(input);
    let reserve = usize::try_from(control.bytes().1 / 350).unwrap_or(0);
    let mut merger = Merger::new(name, Format::GdeltCsv, reserve);
    let mut header: Option<Layout> = None;
    let mut days = Days::default();
    let mut record = csv::StringRecord::new();
    let mut n = 0usize;
    loop {
        n += 1;
        if n.is_multiple_of(4096) {
            control.set_done(reader.position().byte());
            if control.is_cancelled() {
                return Err(LoadError::new(name, 0, 0, super::CANCELLED));
            }
        }
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(n, |p| p.line() as usize);
                merger.problem(line, format!("unreadable row: {e}; left out"));
                if e.is_io_error() || matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(n, |p| p.line() as usize);
        let fields: Vec<&str> = record.iter().collect();
        if n == 1 {
            let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
            if is_header(&names) {
                header = layout_from_header(&names);
                continue;
            }
        }
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let layout = match header {
            Some(h) => h,
            None => match layout_for(fields.len()) {
                Some(l) => l,
                None => {
                    merger.problem(line, format!(
                        "this row has {} fields; GDELT rows have 57, 58 or 61 (or give a header naming them); left out",
                        fields.len()
                    ));
                    continue;
                }
            },
        };
        match parse_row(&fields, &layout, &mut days, line) {
            Ok(p) => merger.push(p),
            Err(m) => merger.problem(line, format!("{m}; this row is left out")),
        }
    }
    let mut loaded = merger.finish();
    if loaded.dataset.events.is_empty() && loaded.problems.is_empty() {
        loaded.problems.push(crate::model::Problem {
            location: crate::model::Location {
                file: name.into(),
                line: 1,
                column: 1,
            },
            record: None,
            message: "GDELT's columns but no event rows".into(),
        });
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_end_with_dateadded_and_sourceurl() {
        assert_eq!(V1.added, 56);
        assert_eq!(V1.url, 57);
        assert_eq!(V1_OLD.added, 56);
        assert_eq!(V1_OLD.url, NONE);
        assert_eq!(V2.added, 59);
        assert_eq!(V2.url, 60);
    }

    #[test]
    fn dateadded_is_a_day_in_1_0_and_a_second_in_2_0() {
        let d = added_time(20141124).unwrap();
        assert_eq!(d.precision, Precision::Day);
        let s = added_time(20150218231500).unwrap();
        assert_eq!(s.precision, Precision::Second);
        assert!(added_time(20141324).is_none());
        assert!(added_time(2014112).is_none());
    }
}
