//! CSV: timeband's own columns (one row per event, or per claim), and ACLED's export columns as
//! ACLED writes them. See docs/FORMAT.md for the column set.

use std::sync::Arc;
use super::text::slug;
use super::{Format, LoadError, Loaded, Problems};
use crate::model::time::{Civil, DAY, add_months};
use crate::model::{
    Claim, Credibility, Dataset, Event, Lane, Likelihood, Location, Precision, Reliability, Source,
    SourceKind, Status, UncertainTime, edtf,
};
use std::collections::HashMap;

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

fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    [(b',', count(',')), (b';', count(';')), (b'\t', count('\t'))]
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| d)
}

pub(super) fn load(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| LoadError::new(name, 1, 1, format!("cannot read the CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let has = |h: &str| headers.iter().any(|x| x == h);
    if has("event_date") && has("time_precision") {
        return acled(name, reader, &headers);
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
    let cols: HashMap<&str, usize> = ALIASES
        .iter()
        .filter_map(|(c, _)| column(c).map(|i| (*c, i)))
        .collect();

    let mut problems = Problems::new(name);
    let mut dataset = Dataset {
        title: file_stem(name),
        ..Dataset::default()
    };
    let mut lanes: HashMap<String, usize> = HashMap::new();
    let mut sources: HashMap<String, usize> = HashMap::new();
    let mut events: HashMap<String, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut row = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(line, 0, None, format!("unreadable row: {e}; left out"));
                continue;
            }
        }
        row += 1;
        let line = record.position().map_or(row + 1, |p| p.line() as usize);
        if record.len() != headers.len() {
            problems.push(
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
        let get = |c: &str| -> Option<&str> {
            cols.get(c)
                .and_then(|&i| record.get(i))
                .filter(|s| !s.is_empty())
        };
        let col_of = |c: &str| cols.get(c).map_or(0, |i| i + 1);
        let id = get("id").map_or_else(|| format!("row-{row}"), str::to_string);

        // A repeated id adds a claim to the event already read.
        let existing = events.get(&id).copied();
        let event_index = match existing {
            Some(i) => i,
            None => {
                let Some(title) = get("title") else {
                    problems.push(
                        line,
                        col_of("title"),
                        Some(&id),
                        "missing `title`; this row is left out",
                    );
                    continue;
                };
                let written = match (get("time"), get("start"), get("end")) {
                    (Some(t), _, _) => t.to_string(),
                    (None, Some(s), Some(e)) => format!("{s}/{e}"),
                    (None, Some(s), None) => s.to_string(),
                    (None, None, _) => {
                        problems.push(
                            line,
                            col_of("time"),
                            Some(&id),
                            "missing `time`; this row is left out",
                        );
                        continue;
                    }
                };
                let time = match edtf::parse(&written) {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push(
                            line,
                            col_of(if get("time").is_some() {
                                "time"
                            } else {
                                "start"
                            }),
                            Some(&id),
                            format!(
                                "`{written}` is not a valid EDTF date ({e}); this row is left out"
                            ),
                        );
                        continue;
                    }
                };
                let status = match get("status").map(|s| (s, Status::from_name(s))) {
                    None => Status::default(),
                    Some((_, Some(s))) => s,
                    Some((s, None)) => {
                        problems.push(line, col_of("status"), Some(&id), format!("unknown status `{s}`; expected confirmed, reported, planned, speculated or denied; read as confirmed"));
                        Status::default()
                    }
                };
                let likelihood = match get("likelihood") {
                    None => None,
                    Some(l) => {
                        let parsed = Likelihood::from_term(l);
                        if parsed.is_none() {
                            problems.push(line, col_of("likelihood"), Some(&id), format!("unknown likelihood `{l}`; expected an ICD 203 term such as `likely`"));
                        }
                        parsed
                    }
                };
                let lane_name = get("lane").unwrap_or("Events").to_string();
                let lane = intern_lane(&mut dataset, &mut lanes, &lane_name);
                events.insert(id.clone(), dataset.events.len());
                dataset.events.push(Event {
                    id: id.clone(),
                    title: title.to_string(),
                    time: Arc::new(time),
                    lane,
                    status,
                    likelihood,
                    place: get("place").map(Into::into),
                    summary: get("summary").map(str::to_string),
                    tags: get("tags")
                        .map(|t| {
                            t.split([';', '|'])
                                .map(|s| s.trim().to_string())
                                .filter(|s| !s.is_empty())
                                .collect()
                        })
                        .unwrap_or_default(),
                    claims: Vec::new(),
                    location: Location {
                        file: name.into(),
                        line,
                        column: 1,
                    },
                });
                dataset.events.len() - 1
            }
        };

        // The claim on this row, if it names a source.
        let Some(source_name) = get("source").or(get("source_id")) else {
            continue;
        };
        let source_key = get("source_id").map_or_else(|| slug(source_name), str::to_string);
        let source = match sources.get(&source_key) {
            Some(&i) => i,
            None => {
                let published = match get("published").map(edtf::parse) {
                    None => None,
                    Some(Ok(t)) => Some(t),
                    Some(Err(e)) => {
                        problems.push(line, col_of("published"), Some(&id), format!("`published` is not a valid EDTF date ({e}); the source is kept without a date"));
                        None
                    }
                };
                let reliability = match get("reliability") {
                    None => None,
                    Some(r) => {
                        let parsed = Reliability::from_letter(r);
                        if parsed.is_none() {
                            problems.push(
                                line,
                                col_of("reliability"),
                                Some(&id),
                                format!("reliability `{r}` is not a letter A–F"),
                            );
                        }
                        parsed
                    }
                };
                let kind = get("kind")
                    .and_then(|k| {
                        serde_json::from_value::<SourceKind>(serde_json::Value::String(
                            k.to_ascii_lowercase(),
                        ))
                        .ok()
                    })
                    .unwrap_or_default();
                sources.insert(source_key.clone(), dataset.sources.len());
                dataset.sources.push(Source {
                    id: source_key,
                    name: source_name.to_string(),
                    title: get("source_title").map(str::to_string),
                    author: get("author").map(str::to_string),
                    published,
                    url: get("url").map(str::to_string),
                    reliability,
                    kind,
                    notes: None,
                });
                dataset.sources.len() - 1
            }
        };
        let credibility = match get("credibility") {
            None => None,
            Some(c) => {
                let parsed = c.parse::<u8>().ok().and_then(Credibility::new);
                if parsed.is_none() {
                    problems.push(
                        line,
                        col_of("credibility"),
                        Some(&id),
                        format!("credibility `{c}` is not a number 1–6"),
                    );
                }
                parsed
            }
        };
        let claim_time = match get("claim_time").map(edtf::parse) {
            None => None,
            Some(Ok(t)) => Some(t),
            Some(Err(e)) => {
                problems.push(
                    line,
                    col_of("claim_time"),
                    Some(&id),
                    format!(
                        "`claim_time` is not a valid EDTF date ({e}); the claim is kept without it"
                    ),
                );
                None
            }
        };
        if let Some(event) = dataset.events.get_mut(event_index) {
            event.claims.push(Claim {
                source,
                said: get("said").unwrap_or_default().into(),
                credibility,
                time: claim_time.map(Arc::new),
                place: get("claim_place").map(Into::into),
                status: None,
            });
        }
    }
    Ok(Loaded {
        dataset,
        problems: problems.finish(),
        format: Format::Csv,
    })
}

fn intern_lane(dataset: &mut Dataset, lanes: &mut HashMap<String, usize>, name: &str) -> usize {
    if let Some(&i) = lanes.get(name) {
        return i;
    }
    let i = dataset.lanes.len();
    dataset.lanes.push(Lane {
        id: name.to_string(),
        label: name.to_string(),
        color: None,
        description: None,
    });
    lanes.insert(name.to_string(), i);
    i
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
    mut reader: csv::Reader<&[u8]>,
    headers: &[String],
) -> Result<Loaded, LoadError> {
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

    let mut problems = Problems::new(name);
    let mut dataset = Dataset {
        title: file_stem(name),
        description: "ACLED export".into(),
        ..Dataset::default()
    };
    let mut lanes = HashMap::new();
    let mut sources: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, ()> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut row = 0usize;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                problems.push(line, 0, None, format!("unreadable row: {e}; left out"));
                continue;
            }
        }
        row += 1;
        let line = record.position().map_or(row + 1, |p| p.line() as usize);
        let get = |c: Option<usize>| c.and_then(|i| record.get(i)).filter(|s| !s.is_empty());
        let id = get(c_id).map_or_else(|| format!("row-{row}"), str::to_string);
        if ids.contains_key(&id) {
            problems.push(
                line,
                c_id.map_or(0, |i| i + 1),
                Some(&id),
                "duplicate event id; this row is left out",
            );
            continue;
        }
        let date_text = get(c_date).unwrap_or_default();
        let Some(date) = acled_date(date_text) else {
            problems.push(line, c_date.map_or(0, |i| i + 1), Some(&id), format!("`event_date` `{date_text}` is not a date such as `15 September 2023` or `2023-09-15`; this row is left out"));
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
                problems.push(
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
        let lane = intern_lane(&mut dataset, &mut lanes, actor);
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
            let source = match sources.get(&key) {
                Some(&i) => i,
                None => {
                    sources.insert(key.clone(), dataset.sources.len());
                    dataset.sources.push(Source {
                        id: key,
                        name: outlet.to_string(),
                        title: None,
                        author: None,
                        published: None,
                        url: None,
                        reliability: None,
                        kind: SourceKind::Other,
                        notes: None,
                    });
                    dataset.sources.len() - 1
                }
            };
            claims.push(Claim {
                source,
                said: "cited by ACLED for this event".into(),
                credibility: None,
                time: None,
                place: None,
                status: None,
            });
        }
        ids.insert(id.clone(), ());
        dataset.events.push(Event {
            id,
            title,
            time: Arc::new(time),
            lane,
            status: Status::Reported,
            likelihood: None,
            place: if place.is_empty() {
                None
            } else {
                Some(place.join(", ").into())
            },
            summary,
            tags: [get(c_type), get(c_sub)]
                .into_iter()
                .flatten()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            claims,
            location: Location {
                file: name.into(),
                line,
                column: 1,
            },
        });
    }
    Ok(Loaded {
        dataset,
        problems: problems.finish(),
        format: Format::Acled,
    })
}

/// Reads CSV from a stream; `None` when it must be read whole.
pub(super) fn load_stream<R: std::io::Read>(
    _name: &str,
    _reader: R,
    _control: &super::LoadControl,
) -> Result<Option<Loaded>, LoadError> {
    Ok(None)
}
