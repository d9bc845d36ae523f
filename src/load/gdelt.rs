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
use arcstr::ArcStr;
use rustc_hash::{FxHashMap, FxHashSet};
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

/// The attributes a row can have, in the order an event lists them.
const KEYS: [&str; 12] = [
    "CAMEO",
    "QuadClass",
    "Goldstein",
    "AvgTone",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "IsRootEvent",
    "Actor1",
    "Actor2",
    "ActionGeo",
    "DATEADDED",
];

/// One row, parsed by a worker; lanes, sources and attribute names are shared later, in file
/// order.
struct Parsed {
    line: usize,
    id: compact_str::CompactString,
    time: Arc<UncertainTime>,
    /// 1–20, or 0 when not coded.
    root: u8,
    title: String,
    /// The row's other fields, by their index in [`KEYS`] (attributes of the event).
    attributes: Vec<(u32, ArcStr)>,
    /// A row with a line break inside a field (a quoted BigQuery field): its fields as
    /// `name: value` lines, read back line by line as such rows always were.
    broken: Option<String>,
    place: Option<ArcStr>,
    url: Option<ArcStr>,
    /// `DATEADDED` as written (8 or 14 digits); none where the file has no such column.
    added: Option<u64>,
}

/// What a parsing thread keeps from row to row: each distinct `SQLDATE` parsed once, repeated
/// texts (actor and CAMEO codes, places, URLs) shared, and its scratch space.
struct Worker {
    days: FxHashMap<u64, Arc<UncertainTime>>,
    strings: FxHashSet<ArcStr>,
    text: String,
    attributes: Vec<(u32, ArcStr)>,
}

/// Distinct texts a worker keeps before it starts afresh (a cache: values that never repeat,
/// like tones, must not pile up).
const STRINGS: usize = 1 << 16;

impl Worker {
    fn new() -> Worker {
        Worker {
            days: FxHashMap::default(),
            strings: FxHashSet::default(),
            text: String::with_capacity(256),
            attributes: Vec::with_capacity(KEYS.len()),
        }
    }

    fn intern(&mut self, s: &str) -> ArcStr {
        if let Some(a) = self.strings.get(s) {
            return a.clone();
        }
        if self.strings.len() >= STRINGS {
            self.strings.clear();
        }
        let a: ArcStr = s.into();
        self.strings.insert(a.clone());
        a
    }

    /// Adds the attribute `key` (an index into [`KEYS`]) with the text in `self.text`.
    fn attribute_from_text(&mut self, key: u32) {
        let v = match self.strings.get(self.text.as_str()) {
            Some(a) => a.clone(),
            None => {
                if self.strings.len() >= STRINGS {
                    self.strings.clear();
                }
                let a: ArcStr = self.text.as_str().into();
                self.strings.insert(a.clone());
                a
            }
        };
        self.attributes.push((key, v));
    }

    fn attribute(&mut self, key: u32, value: &str) {
        let v = self.intern(value);
        self.attributes.push((key, v));
    }
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

/// True when [`added_time`] reads `v`, without making the time.
fn is_added_time(v: u64) -> bool {
    if (10_000_000_000_000..100_000_000_000_000).contains(&v) {
        day(v / 1_000_000).is_some()
            && v / 10_000 % 100 <= 23
            && v / 100 % 100 <= 59
            && v % 100 <= 59
    } else {
        (10_000_000..100_000_000).contains(&v) && day(v).is_some()
    }
}

fn quad_name(q: &str) -> &'static str {
    q.parse::<usize>()
        .ok()
        .and_then(|q| QUAD.get(q.wrapping_sub(1)))
        .copied()
        .unwrap_or("?")
}

/// The fields that become attributes: `(KEYS index, value)`, in [`KEYS`] order, each value
/// written by `put` into `w.text` (cleared before each).
fn attributes(
    fields: &[&str],
    l: &Layout,
    root_text: Option<&str>,
    added_text: Option<&str>,
    w: &mut Worker,
) {
    let get = |i: usize| field(fields, i);
    w.attributes.clear();
    w.text.clear();
    w.text.push_str(get(l.code).unwrap_or("-"));
    if let Some(b) = get(l.base) {
        for part in [" (base ", b, ", root ", root_text.unwrap_or("-"), ")"] {
            w.text.push_str(part);
        }
    }
    w.attribute_from_text(0);
    if let Some(q) = get(l.quad) {
        w.text.clear();
        for part in [q, " (", quad_name(q), ")"] {
            w.text.push_str(part);
        }
        w.attribute_from_text(1);
    }
    for (key, i) in [
        (2, l.goldstein),
        (3, l.tone),
        (4, l.mentions),
        (5, l.sources),
        (6, l.articles),
        (7, l.isroot),
    ] {
        if let Some(v) = get(i) {
            w.attribute(key, v);
        }
    }
    for (key, code, name, country, geo) in [
        (8, l.a1code, l.a1name, l.a1country, l.a1geo),
        (9, l.a2code, l.a2name, l.a2country, l.a2geo),
    ] {
        let (code, name) = (get(code), get(name));
        if code.is_some() || name.is_some() {
            w.text.clear();
            w.text.push_str(name.unwrap_or("-"));
            w.text.push_str(" (");
            w.text.push_str(code.unwrap_or("-"));
            w.text.push(')');
            if let Some(c) = get(country) {
                w.text.push_str(", country ");
                w.text.push_str(c);
            }
            if let Some(g) = get(geo) {
                w.text.push_str(", in ");
                w.text.push_str(g);
            }
            w.attribute_from_text(key);
        }
    }
    if let (Some(lat), Some(long)) = (get(l.lat), get(l.long)) {
        w.text.clear();
        for part in [
            lat,
            ", ",
            long,
            " (",
            get(l.geo_country).unwrap_or("-"),
            ")",
        ] {
            w.text.push_str(part);
        }
        w.attribute_from_text(10);
    }
    if let Some(a) = added_text {
        w.attribute(11, a);
    }
}

/// The attributes as `name: value` lines, for a row whose fields break lines (see
/// [`Parsed::broken`]).
fn attribute_lines(attributes: &[(u32, ArcStr)]) -> String {
    let mut s = String::new();
    for (k, v) in attributes {
        if !s.is_empty() {
            s.push('\n');
        }
        s.push_str(KEYS.get(*k as usize).copied().unwrap_or("?"));
        s.push_str(": ");
        s.push_str(v);
    }
    s
}

fn parse_row(fields: &[&str], l: &Layout, w: &mut Worker, line: usize) -> Result<Parsed, String> {
    let get = |i: usize| field(fields, i);
    let id_text = get(l.id).ok_or("no GLOBALEVENTID")?;
    let id = parse_digits(id_text)
        .ok_or_else(|| format!("GLOBALEVENTID `{id_text}` is not a number"))?;
    let date_text = get(l.sqldate).ok_or("no SQLDATE")?;
    let date = parse_digits(date_text)
        .filter(|_| date_text.len() == 8)
        .ok_or_else(|| format!("SQLDATE `{date_text}` is not a day written YYYYMMDD"))?;
    let time = match w.days.get(&date) {
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
            w.days.insert(date, t.clone());
            t
        }
    };
    // A BigQuery selection without the column: when GDELT added the event is not known (the
    // file says so once); a row of a file with the column that lacks it is broken.
    let added_text = match get(l.added) {
        None if l.added == NONE => None,
        None => return Err("no DATEADDED".into()),
        Some(t) => Some(t),
    };
    let added = added_text
        .map(|a| {
            parse_digits(a)
                .filter(|_| a.len() == 8 || a.len() == 14)
                .filter(|v| is_added_time(*v))
                .ok_or_else(|| {
                    format!("DATEADDED `{a}` is not a day (YYYYMMDD) or a time (YYYYMMDDHHMMSS)")
                })
        })
        .transpose()?;
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
        (Some(a), Some(b)) => {
            let mut t = String::with_capacity(what.len() + a.len() + b.len() + 7);
            t.push_str(what);
            t.push_str(": ");
            t.push_str(a);
            t.push_str(" – ");
            t.push_str(b);
            t
        }
        (Some(a), None) | (None, Some(a)) => {
            let mut t = String::with_capacity(what.len() + a.len() + 2);
            t.push_str(what);
            t.push_str(": ");
            t.push_str(a);
            t
        }
        (None, None) => what.to_string(),
    };
    attributes(fields, l, root_text, added_text, w);
    let broken = w
        .attributes
        .iter()
        .any(|(_, v)| v.contains('\n'))
        .then(|| attribute_lines(&w.attributes));
    let attributes = if broken.is_some() {
        Vec::new()
    } else {
        w.attributes.drain(..).collect()
    };
    let place = get(l.geo).map(|p| w.intern(p));
    let url = get(l.url).map(|u| w.intern(u));
    Ok(Parsed {
        line,
        // As a number: without leading zeros.
        id: if id_text.len() > 1 && id_text.starts_with('0') {
            compact_str::format_compact!("{id}")
        } else {
            id_text.into()
        },
        time,
        root,
        title,
        attributes,
        broken,
        place,
        url,
        added,
    })
}

/// The lane of CAMEO root code `root` (0 for none), made on first use.
fn lane_of(b: &mut DatasetBuilder, lanes: &mut [Option<LaneIx>; 21], root: u8) -> LaneIx {
    let slot = usize::from(root).min(20);
    if let Some(Some(i)) = lanes.get(slot) {
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
    let i = b
        .declare_lane(Lane {
            id: id.clone(),
            label,
            color: None,
            description: None,
        })
        .unwrap_or_else(|| b.lane(&id));
    if let Some(s) = lanes.get_mut(slot) {
        *s = Some(i);
    }
    i
}

/// The data set's attribute index of `KEYS[key]`, made on first use.
fn key_of(b: &mut DatasetBuilder, keys: &mut [Option<u32>; KEYS.len()], key: u32) -> u32 {
    if let Some(Some(i)) = keys.get(key as usize) {
        return *i;
    }
    let i = b.attribute(KEYS.get(key as usize).copied().unwrap_or("?"));
    if let Some(s) = keys.get_mut(key as usize) {
        *s = Some(i);
    }
    i
}

/// Puts parsed rows into the data set in file order: lanes, sources, places, repeated ids.
struct Merger {
    b: DatasetBuilder,
    lanes: [Option<LaneIx>; 21],
    days_added: FxHashMap<u64, SourceIx>,
    said: ArcStr,
    /// The data set's attribute index of each of [`KEYS`], made when first used.
    keys: [Option<u32>; KEYS.len()],
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
            keys: [None; KEYS.len()],
        }
    }

    fn source(&mut self, p: &Parsed) -> SourceIx {
        match &p.url {
            Some(url) => self.b.source(url, || {
                let url: &str = url;
                let host = url
                    .split("://")
                    .nth(1)
                    .and_then(|r| r.split('/').next())
                    .filter(|h| !h.is_empty())
                    .unwrap_or(url);
                let mut s = Source::named(url.to_string(), host);
                s.published = p.added.and_then(added_time).map(Arc::new);
                s.url = Some(url.to_string());
                s
            }),
            None => {
                let day = p.added.unwrap_or(0);
                if let Some(&i) = self.days_added.get(&day) {
                    return i;
                }
                let (key, name) = match p.added {
                    Some(a) => (format!("gdelt-added-{a}"), format!("GDELT, added {a}")),
                    None => ("gdelt".to_string(), "GDELT".to_string()),
                };
                let i = self.b.source(&key, || {
                    let mut s = Source::named(key.clone(), name);
                    s.published = p.added.and_then(added_time).map(Arc::new);
                    s.kind = SourceKind::Aggregator;
                    s.notes =
                        Some("a GDELT record without SOURCEURL (files before April 2013)".into());
                    s
                });
                self.days_added.insert(day, i);
                i
            }
        }
    }

    fn push(&mut self, p: Parsed) {
        let source = self.source(&p);
        let mut claim = Claim::citing(source.0, self.said.clone());
        claim.time = Some(p.time.clone());
        let Parsed {
            line,
            id,
            time,
            root,
            title,
            mut attributes,
            broken,
            place,
            ..
        } = p;
        // A repeated GLOBALEVENTID adds its source to the event read first.
        let (lanes, keys) = (&mut self.lanes, &mut self.keys);
        let mut claim = Some(claim);
        let added = self.b.event_unless_seen(id, |b, id| {
            let lane = lane_of(b, lanes, root);
            let mut e = EventDraft::new(id, title, time, lane, (line, 1));
            e.status = Status::Reported;
            e.place = place;
            e.attributes = match &broken {
                // One `name: value` line each, read back as lines.
                Some(lines) => lines
                    .lines()
                    .filter_map(|l| l.split_once(": "))
                    .map(|(k, v)| (b.attribute(k), b.value(v)))
                    .collect(),
                None => attributes
                    .drain(..)
                    .map(|(k, v)| (key_of(b, keys, k), b.value(&v)))
                    .collect(),
            };
            e.claims = claim.take().into_iter().collect();
            e
        });
        if let (Err(first), Some(claim)) = (added, claim) {
            self.b.add_claims(first, &mut vec![claim]);
        }
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

fn parse_chunk(chunk: &[u8], w: &mut Worker) -> Done {
    let mut done = Done {
        rows: Vec::with_capacity(chunk.len() / 300 + 1),
        problems: Vec::new(),
        lines: 0,
    };
    let mut fields: Vec<&str> = Vec::with_capacity(61);
    match std::str::from_utf8(chunk) {
        Ok(text) => {
            let mut start = 0;
            for end in memchr::memchr_iter(b'\n', chunk).chain([chunk.len()]) {
                done.lines += 1;
                parse_line(
                    text.get(start..end).unwrap_or(""),
                    &mut fields,
                    w,
                    &mut done,
                );
                start = end + 1;
            }
        }
        Err(_) => {
            for raw in chunk.split(|b| *b == b'\n') {
                done.lines += 1;
                match std::str::from_utf8(raw) {
                    Ok(text) => parse_line(text, &mut fields, w, &mut done),
                    Err(_) => done
                        .problems
                        .push((done.lines, "this row is not UTF-8; left out".into())),
                }
            }
        }
    }
    // The split yields one piece after the chunk's final newline.
    done.lines = done.lines.saturating_sub(1);
    done
}

/// Line `done.lines` of a chunk.
fn parse_line<'a>(raw: &'a str, fields: &mut Vec<&'a str>, w: &mut Worker, done: &mut Done) {
    let text = raw.strip_suffix('\r').unwrap_or(raw);
    if text.bytes().all(|b| b.is_ascii_whitespace()) {
        return;
    }
    let line = done.lines;
    fields.clear();
    // Fields are a few bytes apart: a plain loop beats a search per field.
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\t' {
            fields.push(text.get(start..i).unwrap_or(""));
            start = i + 1;
        }
    }
    fields.push(text.get(start..).unwrap_or(""));
    let Some(layout) = layout_for(fields.len()) else {
        done.problems.push((
            line,
            format!(
                "this row has {} tab-separated fields; GDELT rows have 57 (before April 2013), 58 (1.0) or 61 (2.0); left out",
                fields.len()
            ),
        ));
        return;
    };
    match parse_row(fields, &layout, w, line) {
        Ok(p) => done.rows.push(p),
        Err(m) => done
            .problems
            .push((line, format!("{m}; this row is left out"))),
    }
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
                let mut w = Worker::new();
                loop {
                    let next = match rx.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    let Ok((seq, chunk)) = next else { return };
                    if !working.is_cancelled() {
                        let _ = tx.send((seq, parse_chunk(&chunk, &mut w)));
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
    mut input: R,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let shift = input.fill_buf().map_or(0, super::text::crlf_shift);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(super::text::LineTap::new(input, shift));
    let reserve = usize::try_from(control.bytes().1 / 350).unwrap_or(0);
    let mut merger = Merger::new(name, Format::GdeltCsv, reserve);
    let mut header: Option<Layout> = None;
    let mut w = Worker::new();
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
                let line = e
                    .position()
                    .map_or(n, |p| reader.get_ref().line(p) as usize);
                merger.problem(line, format!("unreadable row: {e}; left out"));
                if e.is_io_error() || matches!(e.kind(), csv::ErrorKind::Utf8 { .. }) {
                    break;
                }
                continue;
            }
        }
        let line = record
            .position()
            .map_or(n, |p| reader.get_ref().line(p) as usize);
        let fields: Vec<&str> = record.iter().collect();
        if n == 1 {
            let names: Vec<String> = fields.iter().map(|f| f.trim().to_string()).collect();
            if is_header(&names) {
                header = layout_from_header(&names);
                if header.as_ref().is_some_and(|l| l.added == NONE) {
                    merger.problem(
                        line,
                        "the file has no DATEADDED column: when GDELT added each event is not known, so \"as known on\" never counts them as known".into(),
                    );
                }
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
        match parse_row(&fields, &layout, &mut w, line) {
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
        for v in [
            20141124,
            20141324,
            2014112,
            20150218231500,
            20150218241500,
            20150218236000,
            20150218231560,
            2015021823150,
            0,
        ] {
            assert_eq!(is_added_time(v), added_time(v).is_some(), "{v}");
        }
    }
}
