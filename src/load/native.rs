//! timeband's own JSON format (docs/FORMAT.md). Each record is read on its own, so that a wrong
//! record is reported with its line and column and left out while the rest load.

use super::{LoadError, Loaded, Locator, Problems, line_col, strip_position};
use crate::model::{
    Claim, Credibility, Dataset, Event, Lane, Likelihood, Location, Reliability, Source,
    SourceKind, Status, UncertainTime, edtf, parse_color,
};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::{BTreeMap, HashMap};

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
struct RawEvent {
    id: String,
    title: Option<String>,
    time: Option<Value>,
    lane: Option<String>,
    status: Option<Status>,
    likelihood: Option<Likelihood>,
    place: Option<String>,
    summary: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    claims: Vec<RawClaim>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClaim {
    source: String,
    #[serde(default)]
    said: String,
    credibility: Option<Credibility>,
    time: Option<Value>,
    place: Option<String>,
    status: Option<Status>,
}

/// Where in the whole text a record starts, to turn record-relative positions into file positions.
struct Origin {
    line: usize,
    column: usize,
}

impl Origin {
    fn of(loc: &mut Locator<'_>, raw: &RawValue) -> Origin {
        let (line, column) = loc.raw(raw);
        Origin { line, column }
    }

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

pub(super) fn load(
    name: &str,
    text: &str,
    top: BTreeMap<String, &RawValue>,
) -> Result<Loaded, LoadError> {
    let mut problems = Problems::new(name);
    let top_origin = Origin { line: 1, column: 1 };
    let top_err = |key: &str, message: String| {
        let (l, c) = match top.get(key) {
            Some(raw) => {
                let o = Origin::of(&mut Locator::new(text), raw);
                (o.line, o.column)
            }
            None => (1, 1),
        };
        LoadError::new(name, l, c, message)
    };
    let version: Value = top
        .get("timeband")
        .map(|r| serde_json::from_str(r.get()).unwrap_or(Value::Null))
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
    let string = |key: &str| -> Result<String, LoadError> {
        match top.get(key) {
            None => Ok(String::new()),
            Some(raw) => serde_json::from_str::<String>(raw.get())
                .map_err(|_| top_err(key, format!("expected a string for `{key}`"))),
        }
    };
    let list = |key: &str| -> Result<Vec<&RawValue>, LoadError> {
        match top.get(key) {
            None => Ok(Vec::new()),
            Some(raw) => serde_json::from_str::<Vec<&RawValue>>(raw.get())
                .map_err(|_| top_err(key, format!("expected a list `[...]` for `{key}`"))),
        }
    };
    let mut dataset = Dataset {
        title: string("title")?,
        description: string("description")?,
        ..Dataset::default()
    };
    for key in top.keys() {
        if ![
            "timeband",
            "title",
            "description",
            "lanes",
            "sources",
            "events",
            "$schema",
        ]
        .contains(&key.as_str())
        {
            let (l, c) = top_origin.at(1, 1);
            problems.push(l, c, None, format!("unknown top-level key `{key}` ignored; expected title, description, lanes, sources, events"));
        }
    }

    let mut loc = Locator::new(text);

    // Lanes.
    let mut lane_index: HashMap<String, usize> = HashMap::new();
    let explicit_lanes = top.contains_key("lanes");
    for raw in list("lanes")? {
        let origin = Origin::of(&mut loc, raw);
        match serde_json::from_str::<RawLane>(raw.get()) {
            Err(e) => record_error(&mut problems, &origin, &e, None, "lane"),
            Ok(l) => {
                if lane_index.contains_key(&l.id) {
                    let (line, col) = origin.key(raw, "id");
                    problems.push(
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
                            problems.push(
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
                lane_index.insert(l.id.clone(), dataset.lanes.len());
                dataset.lanes.push(Lane {
                    label: l.label.unwrap_or_else(|| l.id.clone()),
                    id: l.id,
                    color,
                    description: l.description,
                });
            }
        }
    }

    // Sources.
    let mut source_index: HashMap<String, usize> = HashMap::new();
    for raw in list("sources")? {
        let origin = Origin::of(&mut loc, raw);
        match serde_json::from_str::<RawSource>(raw.get()) {
            Err(e) => record_error(&mut problems, &origin, &e, None, "source"),
            Ok(s) => {
                if source_index.contains_key(&s.id) {
                    let (line, col) = origin.key(raw, "id");
                    problems.push(
                        line,
                        col,
                        Some(&s.id),
                        "duplicate source id; this source is left out",
                    );
                    continue;
                }
                let published = match s.published.as_ref() {
                    None | Some(Value::Null) => None,
                    Some(v) => match time_value(v) {
                        Ok(t) => Some(t),
                        Err(msg) => {
                            let (line, col) = origin.key(raw, "published");
                            problems.push(
                                line,
                                col,
                                Some(&s.id),
                                format!("`published`: {msg}; the source is kept without a date"),
                            );
                            None
                        }
                    },
                };
                source_index.insert(s.id.clone(), dataset.sources.len());
                dataset.sources.push(Source {
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

    // Events.
    let mut seen: HashMap<String, ()> = HashMap::new();
    let events = list("events")?;
    dataset.events.reserve(events.len());
    for raw in events {
        let origin = Origin::of(&mut loc, raw);
        let e = match serde_json::from_str::<RawEvent>(raw.get()) {
            Ok(e) => e,
            Err(err) => {
                let id = serde_json::from_str::<Value>(raw.get())
                    .ok()
                    .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string));
                record_error(&mut problems, &origin, &err, id.as_deref(), "event");
                continue;
            }
        };
        let id = e.id;
        if seen.contains_key(&id) {
            let (line, col) = origin.key(raw, "id");
            problems.push(
                line,
                col,
                Some(&id),
                "duplicate event id; this event is left out",
            );
            continue;
        }
        let title = match e.title.map(|t| t.trim().to_string()) {
            Some(t) if !t.is_empty() => t,
            _ => {
                problems.push(
                    origin.line,
                    origin.column,
                    Some(&id),
                    "missing `title`; this event is left out",
                );
                continue;
            }
        };
        let time = match e.time.as_ref().map(time_value) {
            Some(Ok(t)) => t,
            Some(Err(msg)) => {
                let (line, col) = origin.key(raw, "time");
                problems.push(
                    line,
                    col,
                    Some(&id),
                    format!("`time`: {msg}; this event is left out"),
                );
                continue;
            }
            None => {
                problems.push(
                    origin.line,
                    origin.column,
                    Some(&id),
                    "missing `time`; this event is left out",
                );
                continue;
            }
        };
        let lane_name = e.lane.unwrap_or_default();
        let lane = match lane_index.get(&lane_name) {
            Some(&i) => i,
            None if !explicit_lanes => {
                // Without a `lanes` list, lanes are made in order of first use.
                let i = dataset.lanes.len();
                let label = if lane_name.is_empty() {
                    "Events".to_string()
                } else {
                    lane_name.clone()
                };
                dataset.lanes.push(Lane {
                    id: lane_name.clone(),
                    label,
                    color: None,
                    description: None,
                });
                lane_index.insert(lane_name, i);
                i
            }
            None if lane_name.is_empty() => {
                problems.push(
                    origin.line,
                    origin.column,
                    Some(&id),
                    "missing `lane`; expected one of the ids in `lanes`; this event is left out",
                );
                continue;
            }
            None => {
                let (line, col) = origin.key(raw, "lane");
                problems.push(line, col, Some(&id), format!("unknown lane `{lane_name}`; expected one of the ids in `lanes`; this event is left out"));
                continue;
            }
        };
        let mut claims = Vec::with_capacity(e.claims.len());
        for (n, c) in e.claims.into_iter().enumerate() {
            let Some(&source) = source_index.get(&c.source) else {
                let (line, col) = origin.key(raw, "claims");
                problems.push(line, col, Some(&id), format!("claim {}: unknown source `{}`; expected one of the ids in `sources`; the claim is left out", n + 1, c.source));
                continue;
            };
            let time = match c.time.as_ref().map(time_value) {
                None => None,
                Some(Ok(t)) => Some(t),
                Some(Err(msg)) => {
                    let (line, col) = origin.key(raw, "claims");
                    problems.push(
                        line,
                        col,
                        Some(&id),
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
                source,
                said: c.said.into(),
                credibility: c.credibility,
                time: time.map(Box::new),
                place: c.place.map(Into::into),
                status: c.status,
            });
        }
        seen.insert(id.clone(), ());
        dataset.events.push(Event {
            id,
            title,
            time,
            lane,
            status: e.status.unwrap_or_default(),
            likelihood: e.likelihood,
            place: e.place.map(Into::into),
            summary: e.summary,
            tags: e.tags,
            claims,
            location: Location {
                file: name.into(),
                line: origin.line,
                column: origin.column,
            },
        });
    }
    Ok(Loaded {
        dataset,
        problems: problems.finish(),
        format: super::Format::Native,
    })
}

fn record_error(
    problems: &mut Problems,
    origin: &Origin,
    e: &serde_json::Error,
    id: Option<&str>,
    what: &str,
) {
    let (line, col) = origin.at(e.line(), e.column());
    problems.push(
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
        Value::String(s) => edtf::parse(s).map_err(|e| format!("`{s}` is not a valid EDTF date ({e})")),
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
                let edtf = t.written.clone();
                return Ok(UncertainTime { written: text.map_or_else(|| edtf.clone(), Into::into), edtf: Some(edtf), ..t });
            }
            let four = ["earliest_start", "latest_start", "earliest_end", "latest_end"];
            if four.iter().any(|k| map.contains_key(*k)) {
                let es = field("earliest_start")?;
                let ls = field("latest_start")?;
                let ee = field("earliest_end")?;
                let le = field("latest_end")?;
                let lo = |t: &Option<UncertainTime>| t.as_ref().map_or(crate::model::Bound::Unknown, |t| t.strict_earliest);
                let hi = |t: &Option<UncertainTime>| t.as_ref().map_or(crate::model::Bound::Unknown, |t| t.strict_latest);
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
                    let lower = lo.as_ref().map_or(crate::model::Bound::Unknown, |t| t.strict_earliest);
                    let upper = hi.as_ref().map_or(crate::model::Bound::Unknown, |t| t.strict_latest);
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
