//! timeband's own JSON format (docs/FORMAT.md). Each record is read on its own, so that a wrong
//! record is reported with its line and column and left out while the rest load.

use super::builder::{DatasetBuilder, EventDraft, Interner, LaneIx, SourceIx, TimeCache};
use super::split::{Batch, Pos, SplitError, Splitter};
use super::{Format, LoadControl};
use super::{LoadError, Loaded, Locator, line_col, strip_position};
use crate::model::{
    Claim, Credibility, Lane, Likelihood, Reliability, Source, SourceKind, Status, UncertainTime,
    edtf, parse_color,
};
use arcstr::ArcStr;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// The format version this build reads.
pub const VERSION: u64 = 1;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLane {
    id: String,
    label: Option<String>,
    color: Option<String>,
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    name: String,
    title: Option<String>,
    author: Option<String>,
    published: Option<Value>,
    url: Option<String>,
    reliability: Option<Reliability>,
    kind: Option<SourceKind>,
    notes: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    title: Option<Cow<'a, str>>,
    #[serde(borrow)]
    time: Option<&'a RawValue>,
    #[serde(borrow)]
    lane: Option<Cow<'a, str>>,
    status: Option<Status>,
    likelihood: Option<Likelihood>,
    #[serde(borrow)]
    place: Option<Cow<'a, str>>,
    summary: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default, borrow)]
    claims: Vec<RawClaim<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim<'a> {
    #[serde(borrow)]
    source: Cow<'a, str>,
    #[serde(default, borrow)]
    said: Cow<'a, str>,
    credibility: Option<Credibility>,
    #[serde(borrow)]
    time: Option<&'a RawValue>,
    #[serde(borrow)]
    place: Option<Cow<'a, str>>,
    status: Option<Status>,
}

/// Where in the whole text a record starts, to turn record-relative positions into file positions.
struct Origin {
    line: usize,
    column: usize,
}

impl Origin {
    /// A position inside the record (1-based, relative) as a file position.
    fn at(&self, line: usize, column: usize) -> (usize, usize) {
        if line <= 1 {
            (self.line, self.column + column.saturating_sub(1))
        } else {
            (self.line + line - 1, column)
        }
    }

    /// The position of a top-level key of the record, or the record's start.
    fn key(&self, raw: &RawValue, key: &str) -> (usize, usize) {
        match key_offset(raw.get(), key) {
            Some(off) => {
                let (l, c) = line_col(raw.get().as_bytes(), off);
                self.at(l, c)
            }
            None => (self.line, self.column),
        }
    }
}

/// The byte offset of `"key"` at depth 1 of a JSON object's text.
fn key_offset(json: &str, key: &str) -> Option<usize> {
    let bytes = json.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let start = i;
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    match c {
                        b'\\' => i += 1,
                        b'"' => break,
                        _ => {}
                    }
                    i += 1;
                }
                if depth == 1 && json.get(start + 1..i) == Some(key) {
                    let rest = json.get(i + 1..).unwrap_or("");
                    if rest.trim_start().starts_with(':') {
                        return Some(start);
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Bytes of records per batch handed to a parsing thread.
const BATCH_BYTES: usize = 1 << 18;

/// What reading a `{...}` file as timeband JSON came to.
pub(super) enum Streamed {
    Loaded(Box<Loaded>),
    /// A JSON object without a `"timeband"` key: some other format.
    NotNative,
    /// The structure is broken; the caller reads the whole text for serde_json's exact message.
    Malformed,
}

/// A top-level member kept whole: its key, where its value starts, and the value's text.
struct Member {
    key: String,
    origin: Origin,
    text: String,
}

/// What event records are resolved against: built from the lanes and sources before them.
struct Context {
    file: Arc<str>,
    lane_index: FxHashMap<CompactString, LaneIx>,
    source_index: FxHashMap<CompactString, SourceIx>,
    explicit_lanes: bool,
}

/// An event's lane: known, or to be made (without a `lanes` list, lanes are made in order of
/// first use, which only the in-order merge can do).
enum LaneRef {
    Known(LaneIx),
    New(String),
}

struct RecordProblem {
    line: usize,
    column: usize,
    record: Option<String>,
    message: String,
}

/// One record's outcome, in file order.
enum Item {
    /// The event, its lane, and where its `id` key is (for a duplicate's message).
    Event(EventDraft, LaneRef, (usize, usize)),
    Problem(RecordProblem),
}

/// Strings and parsed times seen before, per parsing thread: repeated places, claim texts and
/// dates share one allocation and are parsed once.
struct Cache {
    strings: Interner,
    times: TimeCache,
}

/// Parsed times kept per thread; beyond this the cache starts afresh.
const TIME_CACHE: usize = 1 << 20;

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            strings: Interner::default(),
            times: TimeCache::new(TIME_CACHE),
        }
    }
}

impl Cache {
    fn intern(&mut self, s: &str) -> ArcStr {
        self.strings.intern(s)
    }

    /// A time value, from the cache when it is an EDTF string seen before.
    fn time(&mut self, raw: &RawValue) -> Option<Result<Arc<UncertainTime>, String>> {
        let text = raw.get();
        if text == "null" {
            return None;
        }
        if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'))
            && !inner.contains('\\')
        {
            // No escapes: the text between the quotes is the string.
            return Some(self.times.get_or_parse(inner, string_time));
        }
        if text.starts_with('"') {
            let s: Cow<str> = match serde_json::from_str::<&str>(text) {
                Ok(s) => s.into(),
                Err(_) => match serde_json::from_str::<String>(text) {
                    Ok(s) => s.into(),
                    Err(e) => return Some(Err(e.to_string())),
                },
            };
            return Some(self.times.get_or_parse(&s, string_time));
        }
        Some(match serde_json::from_str::<Value>(text) {
            Ok(v) => time_value(&v).map(Arc::new),
            Err(e) => Err(e.to_string()),
        })
    }
}

/// A time written as a string: EDTF.
fn string_time(s: &str) -> Result<UncertainTime, String> {
    edtf::parse(s).map_err(|e| format!("`{s}` is not a valid EDTF date ({e})"))
}

/// Reads timeband JSON from `reader`, splitting the `events` list into batches parsed on all
/// cores while the file is read, and merged in file order as they come back.
pub(super) fn load_stream<R: Read>(
    name: &str,
    reader: R,
    control: &LoadControl,
) -> Result<Streamed, LoadError> {
    let mut sp = Splitter::new(reader);
    let fail = |e: SplitError| -> Option<LoadError> {
        match e {
            SplitError::Malformed => None,
            SplitError::Io(e) => Some(LoadError::new(
                name,
                0,
                0,
                format!("cannot read the file: {e}"),
            )),
        }
    };
    let mut members: Vec<Member> = Vec::new();
    // Records met before the lanes and sources they refer to, kept raw until the end.
    let mut deferred: Vec<Batch> = Vec::new();
    let mut done: Option<(Context, Merger)> = None;
    let result = (|| -> Result<(), Option<LoadError>> {
        sp.begin().map_err(fail)?;
        while let Some(key) = sp.next_key().map_err(fail)? {
            if key == "events" && sp.at_list().map_err(fail)? {
                sp.list_begin().map_err(fail)?;
                let has = |k: &str| members.iter().any(|m| m.key == k);
                if has("timeband") && has("lanes") && has("sources") {
                    let (builder, ctx) = prepare(name, &members)?;
                    // Read: their text (the sources' list can be megabytes) is not kept
                    // through the events.
                    for m in &mut members {
                        m.text = String::new();
                    }
                    let mut merger = Merger::new(builder, control.bytes().1);
                    parse_parallel(&ctx, control, &mut merger, || {
                        control.set_done(sp.offset());
                        sp.next_batch(BATCH_BYTES)
                    })?;
                    done = Some((ctx, merger));
                } else {
                    loop {
                        if control.is_cancelled() {
                            return Err(Some(cancelled(name)));
                        }
                        control.set_done(sp.offset());
                        match sp.next_batch(BATCH_BYTES).map_err(fail)? {
                            Some(b) => deferred.push(b),
                            None => break,
                        }
                    }
                }
            } else {
                let (pos, bytes) = sp.member_value().map_err(fail)?;
                let Ok(text) = String::from_utf8(bytes) else {
                    return Err(None);
                };
                members.push(Member {
                    key,
                    origin: Origin {
                        line: pos.line,
                        column: pos.column,
                    },
                    text,
                });
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => {}
        Err(None) => return Ok(Streamed::Malformed),
        Err(Some(e)) => return Err(e),
    }
    if !members.iter().any(|m| m.key == "timeband") {
        return Ok(Streamed::NotNative);
    }
    let merger = match done {
        Some((_, merger)) => merger,
        None => {
            let (builder, ctx) = prepare(name, &members)
                .map_err(|e| e.unwrap_or_else(|| LoadError::new(name, 1, 1, "invalid JSON")))?;
            let mut merger = Merger::new(builder, 0);
            let mut batches = deferred.into_iter();
            match parse_parallel(&ctx, control, &mut merger, || Ok(batches.next())) {
                Ok(()) => {}
                Err(Some(e)) => return Err(e),
                Err(None) => return Ok(Streamed::Malformed),
            }
            merger
        }
    };
    Ok(Streamed::Loaded(Box::new(merger.finish())))
}

fn cancelled(name: &str) -> LoadError {
    LoadError::new(name, 0, 0, super::CANCELLED)
}

/// Parses batches on all cores and merges them in order. `next` yields the batches (it reads
/// the file); a broken record stops everything with its error.
fn parse_parallel(
    ctx: &Context,
    control: &LoadControl,
    merger: &mut Merger,
    mut next: impl FnMut() -> Result<Option<Batch>, SplitError>,
) -> Result<(), Option<LoadError>> {
    use std::sync::atomic::{AtomicBool, Ordering};
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    let failed: Mutex<Option<LoadError>> = Mutex::new(None);
    let stop = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(workers * 2);
    let rx = Mutex::new(rx);
    let (done_tx, done_rx) = std::sync::mpsc::channel::<(usize, Vec<Item>)>();
    let split_result = std::thread::scope(|s| {
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let (rx, failed, stop) = (&rx, &failed, &stop);
            s.spawn(move || {
                let mut cache = Cache::default();
                loop {
                    let batch = match rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(batch) = batch else { return };
                    if stop.load(Ordering::Relaxed) {
                        continue;
                    }
                    match parse_batch(ctx, &batch, &mut cache) {
                        Ok(items) => {
                            if done_tx.send((batch.seq, items)).is_err() {
                                return;
                            }
                        }
                        Err(e) => {
                            stop.store(true, Ordering::Relaxed);
                            if let Ok(mut f) = failed.lock() {
                                // Keep the earliest broken record's error.
                                let earlier = f.as_ref().is_none_or(|old| {
                                    (e.location.line, e.location.column)
                                        < (old.location.line, old.location.column)
                                });
                                if earlier {
                                    *f = Some(e);
                                }
                            }
                        }
                    }
                }
            });
        }
        drop(done_tx);
        // Owned here, so that it is dropped (and the workers' `recv` ends) before the join.
        let tx = tx;
        let mut waiting: std::collections::BTreeMap<usize, Vec<Item>> = Default::default();
        let mut take = |waiting: &mut std::collections::BTreeMap<usize, Vec<Item>>,
                        (seq, items): (usize, Vec<Item>)| {
            waiting.insert(seq, items);
            while let Some(items) = waiting.remove(&merger.next_seq) {
                merger.push(items);
            }
        };
        let result = loop {
            if control.is_cancelled() || stop.load(Ordering::Relaxed) {
                break Ok(());
            }
            while let Ok(r) = done_rx.try_recv() {
                take(&mut waiting, r);
            }
            match next() {
                Ok(Some(batch)) => {
                    if tx.send(batch).is_err() {
                        break Ok(());
                    }
                }
                Ok(None) => break Ok(()),
                Err(e) => break Err(e),
            }
        };
        drop(tx);
        for r in done_rx.iter() {
            take(&mut waiting, r);
        }
        result
    });
    if control.is_cancelled() {
        return Err(Some(cancelled(&ctx.file)));
    }
    if let Ok(Some(e)) = failed.into_inner() {
        return Err(Some(e));
    }
    match split_result {
        Ok(()) => Ok(()),
        Err(SplitError::Malformed) => Err(None),
        Err(SplitError::Io(e)) => Err(Some(LoadError::new(
            &ctx.file,
            0,
            0,
            format!("cannot read the file: {e}"),
        ))),
    }
}

/// Reads the top-level members: the version, title, description, lanes and sources.
fn prepare(name: &str, members: &[Member]) -> Result<(DatasetBuilder, Context), Option<LoadError>> {
    let mut b = DatasetBuilder::new(name, Format::Native);
    let get = |key: &str| members.iter().find(|m| m.key == key);
    let top_err = |key: &str, message: String| {
        let (l, c) = get(key).map_or((1, 1), |m| (m.origin.line, m.origin.column));
        Some(LoadError::new(name, l, c, message))
    };
    let version: Value = get("timeband")
        .map(|m| serde_json::from_str(&m.text).unwrap_or(Value::Null))
        .unwrap_or(Value::Null);
    match version.as_u64() {
        Some(VERSION) => {}
        Some(v) => {
            return Err(top_err(
                "timeband",
                format!("this file is format version {v}; this build reads version {VERSION}"),
            ));
        }
        None => {
            return Err(top_err(
                "timeband",
                format!("expected the format version number {VERSION} after `\"timeband\":`"),
            ));
        }
    }
    let string = |key: &str| -> Result<String, Option<LoadError>> {
        match get(key) {
            None => Ok(String::new()),
            Some(m) => serde_json::from_str::<String>(&m.text)
                .map_err(|_| top_err(key, format!("expected a string for `{key}`"))),
        }
    };
    let list = |key: &str| -> Result<Vec<(Origin, &RawValue)>, Option<LoadError>> {
        match get(key) {
            None => Ok(Vec::new()),
            Some(m) => {
                let raws = serde_json::from_str::<Vec<&RawValue>>(&m.text)
                    .map_err(|_| top_err(key, format!("expected a list `[...]` for `{key}`")))?;
                let mut loc = Locator::new(&m.text);
                Ok(raws
                    .into_iter()
                    .map(|raw| {
                        let (l, c) = loc.raw(raw);
                        let (line, column) = m.origin.at(l, c);
                        (Origin { line, column }, raw)
                    })
                    .collect())
            }
        }
    };
    b.set_title(string("title")?);
    b.set_description(string("description")?);
    let mut keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
    keys.sort_unstable();
    for key in keys {
        if ![
            "timeband",
            "title",
            "description",
            "lanes",
            "sources",
            "events",
            "$schema",
        ]
        .contains(&key)
        {
            b.problem(1, 1, None, format!("unknown top-level key `{key}` ignored; expected title, description, lanes, sources, events"));
        }
    }

    // Lanes.
    let explicit_lanes = get("lanes").is_some();
    for (origin, raw) in list("lanes")? {
        match serde_json::from_str::<RawLane>(raw.get()) {
            Err(e) => record_error(&mut b, &origin, &e, None, "lane"),
            Ok(l) => {
                if b.lanes().contains_key(l.id.as_str()) {
                    let (line, col) = origin.key(raw, "id");
                    b.problem(
                        line,
                        col,
                        Some(&l.id),
                        "duplicate lane id; this lane is left out",
                    );
                    continue;
                }
                let color = match l.color.as_deref() {
                    None => None,
                    Some(c) => {
                        let parsed = parse_color(c);
                        if parsed.is_none() {
                            let (line, col) = origin.key(raw, "color");
                            b.problem(
                                line,
                                col,
                                Some(&l.id),
                                format!(
                                    "colour `{c}` is not `#rrggbb`; the lane gets a default colour"
                                ),
                            );
                        }
                        parsed
                    }
                };
                b.declare_lane(Lane {
                    label: l.label.unwrap_or_else(|| l.id.clone()),
                    id: l.id,
                    color,
                    description: l.description,
                });
            }
        }
    }

    // Sources.
    let mut published_times = TimeCache::new(1 << 16);
    for (origin, raw) in list("sources")? {
        match serde_json::from_str::<RawSource>(raw.get()) {
            Err(e) => record_error(&mut b, &origin, &e, None, "source"),
            Ok(s) => {
                if b.source_ix(&s.id).is_some() {
                    let (line, col) = origin.key(raw, "id");
                    b.problem(
                        line,
                        col,
                        Some(&s.id),
                        "duplicate source id; this source is left out",
                    );
                    continue;
                }
                let published = match s.published.as_ref() {
                    None | Some(Value::Null) => None,
                    Some(v) => {
                        // Sources published on the same written date share one time.
                        let read = match v.as_str() {
                            Some(text) => published_times.get_or_parse(text, |_| time_value(v)),
                            None => time_value(v).map(Arc::new),
                        };
                        match read {
                            Ok(t) => Some(t),
                            Err(msg) => {
                                let (line, col) = origin.key(raw, "published");
                                b.problem(
                                    line,
                                    col,
                                    Some(&s.id),
                                    format!(
                                        "`published`: {msg}; the source is kept without a date"
                                    ),
                                );
                                None
                            }
                        }
                    }
                };
                b.declare_source(Source {
                    id: s.id,
                    name: s.name,
                    title: s.title,
                    author: s.author,
                    published,
                    url: s.url,
                    reliability: s.reliability,
                    kind: s.kind.unwrap_or_default(),
                    notes: s.notes,
                });
            }
        }
    }
    if let Some(m) = get("events") {
        // `events` was there but not a list.
        return Err(Some(LoadError::new(
            name,
            m.origin.line,
            m.origin.column,
            "expected a list `[...]` for `events`",
        )));
    }
    let ctx = Context {
        file: name.into(),
        lane_index: b.lanes().clone(),
        source_index: b.sources().clone(),
        explicit_lanes,
    };
    Ok((b, ctx))
}

/// Parses one batch of event records. A record that is not JSON at all stops the load (as a
/// broken file does); a record that is JSON but wrong becomes a problem.
fn parse_batch(ctx: &Context, batch: &Batch, cache: &mut Cache) -> Result<Vec<Item>, LoadError> {
    let mut items = Vec::with_capacity(batch.len());
    for (bytes, pos) in batch.iter() {
        parse_event(ctx, bytes, pos, cache, &mut items)?;
    }
    Ok(items)
}

fn parse_event(
    ctx: &Context,
    bytes: &[u8],
    pos: Pos,
    cache: &mut Cache,
    items: &mut Vec<Item>,
) -> Result<(), LoadError> {
    let origin = Origin {
        line: pos.line,
        column: pos.column,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (l, c) = line_col(bytes, e.valid_up_to());
        let (line, column) = origin.at(l, c);
        LoadError::new(
            &ctx.file,
            line,
            column,
            "invalid UTF-8; expected a UTF-8 text file",
        )
    })?;
    let problem =
        |items: &mut Vec<Item>, (line, column): (usize, usize), id: &str, message: String| {
            items.push(Item::Problem(RecordProblem {
                line,
                column,
                record: Some(id.to_string()),
                message,
            }));
        };
    let e = match serde_json::from_str::<RawEvent>(text) {
        Ok(e) => e,
        Err(err) => {
            if err.is_syntax() || err.is_eof() {
                let (line, column) = origin.at(err.line(), err.column());
                let what = if err.is_eof() {
                    "the file ends too early (truncated?)".to_string()
                } else {
                    format!("invalid JSON: {}", strip_position(&err.to_string()))
                };
                return Err(LoadError::new(&ctx.file, line, column, what));
            }
            let id = serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string));
            let (line, column) = origin.at(err.line(), err.column());
            items.push(Item::Problem(RecordProblem {
                line,
                column,
                record: id,
                message: format!(
                    "{}; this event is left out",
                    strip_position(&err.to_string())
                ),
            }));
            return Ok(());
        }
    };
    let key = |k: &str| -> (usize, usize) {
        match key_offset(text, k) {
            Some(off) => {
                let (l, c) = line_col(bytes, off);
                origin.at(l, c)
            }
            None => (origin.line, origin.column),
        }
    };
    let id = e.id;
    let title = match e.title.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => ArcStr::from(t),
        _ => {
            problem(
                items,
                (origin.line, origin.column),
                &id,
                "missing `title`; this event is left out".into(),
            );
            return Ok(());
        }
    };
    let time = match e.time.and_then(|t| cache.time(t)) {
        Some(Ok(t)) => t,
        Some(Err(msg)) => {
            problem(
                items,
                key("time"),
                &id,
                format!("`time`: {msg}; this event is left out"),
            );
            return Ok(());
        }
        None => {
            problem(
                items,
                (origin.line, origin.column),
                &id,
                "missing `time`; this event is left out".into(),
            );
            return Ok(());
        }
    };
    let lane_name = e.lane.unwrap_or_default();
    let lane = match ctx.lane_index.get(&*lane_name) {
        Some(&i) => LaneRef::Known(i),
        None if !ctx.explicit_lanes => LaneRef::New(lane_name.into_owned()),
        None if lane_name.is_empty() => {
            problem(
                items,
                (origin.line, origin.column),
                &id,
                "missing `lane`; expected one of the ids in `lanes`; this event is left out".into(),
            );
            return Ok(());
        }
        None => {
            problem(
                items,
                key("lane"),
                &id,
                format!(
                    "unknown lane `{lane_name}`; expected one of the ids in `lanes`; this event is left out"
                ),
            );
            return Ok(());
        }
    };
    let mut claims = Vec::with_capacity(e.claims.len());
    for (n, c) in e.claims.into_iter().enumerate() {
        let Some(&source) = ctx.source_index.get(&*c.source) else {
            problem(
                items,
                key("claims"),
                &id,
                format!(
                    "claim {}: unknown source `{}`; expected one of the ids in `sources`; the claim is left out",
                    n + 1,
                    c.source
                ),
            );
            continue;
        };
        let time = match c.time.and_then(|t| cache.time(t)) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(msg)) => {
                problem(
                    items,
                    key("claims"),
                    &id,
                    format!(
                        "claim {} (`{}`): `time`: {msg}; the claim is kept without its time",
                        n + 1,
                        c.source
                    ),
                );
                None
            }
        };
        claims.push(Claim {
            source: source.0,
            said: cache.intern(&c.said),
            credibility: c.credibility,
            time,
            place: c.place.map(|p| cache.intern(&p)),
            status: c.status,
        });
    }
    let mut event = EventDraft::new(
        compact_str::CompactString::from(id),
        title,
        time,
        LaneIx(0),
        (origin.line, origin.column),
    );
    event.status = e.status.unwrap_or_default();
    event.likelihood = e.likelihood;
    event.place = e.place.map(|p| cache.intern(&p));
    event.summary = e.summary.map(Into::into);
    // Made into shared lists here, on the parsing thread, not on the one that merges.
    event.tag_list = Some(cache.strings.tags(&e.tags));
    event.claim_list = Some(cache.strings.claims(claims));
    items.push(Item::Event(event, lane, key("id")));
    Ok(())
}

/// Puts parsed records into the data set in file order, batch by batch as they come back:
/// duplicates left out (the first one stays), lanes made in order of first use, problems listed
/// in order.
struct Merger {
    builder: DatasetBuilder,
    /// The batch expected next (batches count from 1).
    next_seq: usize,
    file_bytes: u64,
}

impl Merger {
    /// `file_bytes` (0 if not known) sizes the event list and id table from the first batch.
    fn new(builder: DatasetBuilder, file_bytes: u64) -> Merger {
        Merger {
            builder,
            next_seq: 1,
            file_bytes,
        }
    }

    fn push(&mut self, items: Vec<Item>) {
        let b = &mut self.builder;
        if self.next_seq == 1 && self.file_bytes > 0 {
            // Size the event list and id table once from the first batch (about BATCH_BYTES
            // of records).
            let batches = self.file_bytes as f64 / BATCH_BYTES as f64;
            let events = (batches * items.len() as f64 * 1.05).min(1e9) as usize;
            b.reserve_events(events);
            b.reserve_ids(events);
        }
        self.next_seq += 1;
        for item in items {
            match item {
                Item::Problem(p) => b.problem(p.line, p.column, p.record.as_deref(), p.message),
                Item::Event(event, lane, id_at) => {
                    // One look-up of the id; the lane is made only for an event that is added.
                    let id = event.id.clone();
                    let added = b.event_unless_seen(id.clone(), |b, id| EventDraft {
                        id,
                        lane: match lane {
                            LaneRef::Known(l) => l,
                            LaneRef::New(name) => b.lane(&name),
                        },
                        ..event
                    });
                    if added.is_err() {
                        b.duplicate(&id, id_at);
                    }
                }
            }
        }
    }

    fn finish(self) -> Loaded {
        self.builder.finish()
    }
}

fn record_error(
    problems: &mut DatasetBuilder,
    origin: &Origin,
    e: &serde_json::Error,
    id: Option<&str>,
    what: &str,
) {
    let (line, col) = origin.at(e.line(), e.column());
    problems.problem(
        line,
        col,
        id,
        format!(
            "{}; this {what} is left out",
            strip_position(&e.to_string())
        ),
    );
}

/// A time written as an EDTF string, `{"edtf": .., "text": ..}`, `{"earliest": .., "latest": ..}`
/// or the four points `{"earliest_start", "latest_start", "earliest_end", "latest_end"}`.
pub fn time_value(v: &Value) -> Result<UncertainTime, String> {
    match v {
        Value::String(s) => string_time(s),
        Value::Object(map) => {
            let text = map.get("text").and_then(Value::as_str).map(str::to_string);
            for key in map.keys() {
                if !["edtf", "text", "earliest", "latest", "earliest_start", "latest_start", "earliest_end", "latest_end"].contains(&key.as_str()) {
                    return Err(format!("unknown key `{key}` in a time; expected edtf, text, earliest, latest"));
                }
            }
            let field = |k: &str| -> Result<Option<UncertainTime>, String> {
                match map.get(k) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => edtf::parse(s).map(Some).map_err(|e| format!("`{k}`: `{s}` is not a valid EDTF date ({e})")),
                    Some(_) => Err(format!("`{k}` must be an EDTF string")),
                }
            };
            if let Some(t) = field("edtf")? {
                let edtf: Arc<str> = t.written.as_str().into();
                return Ok(UncertainTime { written: text.map_or_else(|| t.written.clone(), Into::into), edtf: Some(edtf), ..t });
            }
            let four = ["earliest_start", "latest_start", "earliest_end", "latest_end"];
            if four.iter().any(|k| map.contains_key(*k)) {
                let es = field("earliest_start")?;
                let ls = field("latest_start")?;
                let ee = field("earliest_end")?;
                let le = field("latest_end")?;
                let lo = |t: &Option<UncertainTime>| t.as_ref().map_or(crate::model::Bound::UNKNOWN, |t| t.strict_earliest);
                let hi = |t: &Option<UncertainTime>| t.as_ref().map_or(crate::model::Bound::UNKNOWN, |t| t.strict_latest);
                let points = [lo(&es), hi(&ls), lo(&ee), hi(&le)];
                let known: Vec<i64> = points.iter().filter_map(|b| b.instant()).collect();
                if known.windows(2).any(|w| matches!(w, [a, b] if b < a)) {
                    return Err("the four points must not decrease (earliest_start ≤ latest_start ≤ earliest_end ≤ latest_end)".into());
                }
                let precision = [&es, &ls, &ee, &le].iter().filter_map(|t| t.as_ref().map(|t| t.precision)).min().unwrap_or(crate::model::Precision::Day);
                let written = text.unwrap_or_else(|| serde_json::to_string(v).unwrap_or_default());
                let [a, b, c, d] = points;
                return Ok(UncertainTime {
                    written: written.into(),
                    edtf: None,
                    precision,
                    qualifiers: Default::default(),
                    earliest_start: a,
                    latest_start: b,
                    earliest_end: c,
                    latest_end: d,
                    strict_earliest: a,
                    strict_latest: d,
                    offset_minutes: None,
                });
            }
            let earliest = field("earliest")?;
            let latest = field("latest")?;
            match (earliest, latest) {
                (None, None) => Err("a time object needs `edtf`, or `earliest` and `latest`".into()),
                (lo, hi) => {
                    let lower = lo.as_ref().map_or(crate::model::Bound::UNKNOWN, |t| t.strict_earliest);
                    let upper = hi.as_ref().map_or(crate::model::Bound::UNKNOWN, |t| t.strict_latest);
                    if let (Some(a), Some(b)) = (lower.instant(), upper.instant())
                        && b < a
                    {
                        return Err("`latest` is before `earliest`".into());
                    }
                    let precision = [&lo, &hi].iter().filter_map(|t| t.as_ref().map(|t| t.precision)).min().unwrap_or(crate::model::Precision::Day);
                    let written = text.unwrap_or_else(|| {
                        format!(
                            "between {} and {}",
                            lo.as_ref().map_or("?", |t| &*t.written),
                            hi.as_ref().map_or("?", |t| &*t.written)
                        )
                    });
                    Ok(UncertainTime {
                        written: written.into(),
                        edtf: None,
                        precision,
                        qualifiers: Default::default(),
                        earliest_start: lower,
                        latest_start: upper,
                        earliest_end: lower,
                        latest_end: upper,
                        strict_earliest: lower,
                        strict_latest: upper,
                        offset_minutes: None,
                    })
                }
            }
        }
        _ => Err("expected an EDTF string such as \"2023-09-13\" or an object {\"earliest\": .., \"latest\": ..}".into()),
    }
}
