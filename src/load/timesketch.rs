//! Timesketch's import formats, CSV and JSON Lines: required `message`, `datetime` (ISO 8601 with
//! a zone) and `timestamp_desc`, usually `timestamp` (epoch microseconds); every other column is
//! an attribute. plaso's CSV outputs (`plaso.rs`) are read by the same rows. Lanes follow
//! `data_type`, then `source_short`/`source`, then `parser`.

use super::iso::{self, Zone};
use super::sink::{Record, Sink};
use super::text::truncate;
use super::{Format, LoadError, Loaded};
use crate::model::{Precision, UncertainTime};
use std::sync::Arc;

/// Columns that are not attributes: shown as the title, the time, or read as tags.
const SHOWN: &[&str] = &[
    "message",
    "message_short",
    "datetime",
    "timestamp_desc",
    "tag",
    "tags",
];

/// Columns that choose the lane, first found wins.
const LANE_FROM: &[&str] = &["data_type", "source_short", "source", "parser"];

/// True when a CSV header (lower case) is Timesketch's.
pub(super) fn is_header(fields: &[String]) -> bool {
    let has = |h: &str| fields.iter().any(|f| f == h);
    has("message") && (has("datetime") || has("timestamp")) && has("timestamp_desc")
}

/// Which columns gave the rows' times, said with the data set (`check`'s "dates").
#[derive(Default)]
struct TimesUsed {
    datetime: bool,
    timestamp: bool,
    plaso: bool,
}

impl TimesUsed {
    /// A row read by [`row_time`]: its `datetime` when it has one, else its `timestamp`.
    fn note(&mut self, datetime: Option<&str>) {
        if datetime.is_some() {
            self.datetime = true;
        } else {
            self.timestamp = true;
        }
    }

    fn say(self, sink: &mut Sink) {
        if self.datetime {
            sink.b
                .date_reading("datetime", "ISO 8601 with its time zone".into());
        }
        if self.timestamp {
            sink.b.date_reading(
                "timestamp",
                "Unix time in microseconds (rows without a `datetime`)".into(),
            );
        }
        if self.plaso {
            sink.b
                .date_reading("date, time", super::plaso::PLASO_DATE_TIME.into());
        }
    }
}

/// The time of a row from its `datetime`, or failing that its `timestamp` (epoch microseconds).
pub(super) fn row_time(
    datetime: Option<&str>,
    timestamp: Option<&str>,
) -> Result<UncertainTime, String> {
    if let Some(d) = datetime {
        if d.starts_with("0000-00-00") {
            return Err(format!(
                "`datetime` `{d}`: plaso wrote no date, the event's time was not known"
            ));
        }
        let parsed = iso::parse(d)?;
        // A clock time without a zone, and the instant in `timestamp` that is that clock time
        // somewhere (within 14 hours of it, by whole quarter hours): the instant is known. A
        // timestamp of another moment (`123456`) says nothing of this one.
        if parsed.zone == Zone::Missing
            && let Some(t) = timestamp
            && let Ok(time) = row_time(None, Some(t))
            && let Some(at) = time.earliest_start.instant()
        {
            let off = parsed.lower - at;
            if off.abs() <= 14 * 3600 && off % 900 == 0 {
                return Ok(time);
            }
        }
        if parsed.zone == Zone::Missing {
            let mut msg = format!(
                "`datetime` `{d}` has no time zone (`Z`, `+00:00` or `+0000`); its instant is not known"
            );
            if let Some(t) = timestamp.filter(|t| t.trim_start_matches('-').len() == 13) {
                msg += &format!(
                    "; `timestamp` {t} has 13 digits, epoch milliseconds rather than microseconds"
                );
            }
            return Err(msg);
        }
        return parsed
            .time(d)
            .ok_or_else(|| format!("`datetime` `{d}` has no time zone"));
    }
    let Some(t) = timestamp else {
        return Err("no `datetime` and no `timestamp`".into());
    };
    // A whole number written as a float (`1619863200000000.0`, JSON's `1.6198632e15` as read).
    let t = t.strip_suffix(".0").unwrap_or(t);
    let digits = t.trim_start_matches('-');
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "`timestamp` `{t}` is not a whole number of microseconds since 1970"
        ));
    }
    // plaso's "no time": 0 ("Not a time"), and a Windows FILETIME of 0 (1 January 1601).
    if digits == "0" || t == "-11644473600000000" {
        return Err(format!(
            "`timestamp` {t} is plaso's mark for no time (a time of 0), not a moment of {}",
            if digits == "0" { "1970" } else { "1601" }
        ));
    }
    // Milliseconds or seconds since 1970 (1973 to 5138) read as microseconds would be a
    // moment of 1 January 1970: refused as what they more likely are.
    let unit = match digits.len() {
        13 => Some("milliseconds"),
        9..=11 => Some("seconds"),
        _ => None,
    };
    if let Some(unit) = unit {
        return Err(format!(
            "`timestamp` {t} has {} digits: epoch {unit}? Timesketch's `timestamp` is microseconds, so its instant is not known",
            digits.len()
        ));
    }
    let micros: i64 = t
        .parse()
        .map_err(|_| format!("`timestamp` `{t}` is out of range"))?;
    let secs = micros.div_euclid(1_000_000);
    let mut time = UncertainTime::between(t.into(), secs, secs, Precision::Second);
    time.offset_minutes = Some(0);
    Ok(time)
}

/// The lane of a row, from the first of [`LANE_FROM`] it has.
fn lane_of<'a>(get: &dyn Fn(&str) -> Option<&'a str>, fallback: &'a str) -> &'a str {
    LANE_FROM.iter().find_map(|c| get(c)).unwrap_or(fallback)
}

/// `tag` as plaso and Timesketch write it: `Malware Printed` (plaso's labels, which have no
/// spaces), `a,b`, `[]` or `["a", "b"]`.
fn tags(v: &str) -> Vec<String> {
    v.trim_matches(|c| c == '[' || c == ']')
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|t| {
            t.trim()
                .trim_matches(|c| c == '"' || c == '\'')
                .trim()
                .to_string()
        })
        .filter(|t| !t.is_empty() && t != "-")
        .collect()
}

/// Adds one row, given its fields by (lower-case) column name in file order.
pub(super) fn push_row(
    sink: &mut Sink,
    line: usize,
    fields: &[(&str, &str)],
    time: Result<UncertainTime, String>,
    default_lane: &str,
) {
    let get = |k: &str| -> Option<&str> {
        fields
            .iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty() && *v != "-")
    };
    let time = match time {
        Ok(t) => t,
        Err(msg) => {
            sink.problem(line, 0, None, format!("{msg}; this row is left out"));
            return;
        }
    };
    let message = get("message").unwrap_or("(no message)");
    // plaso's l2tcsv has a short message (`short`) beside the long one (`desc`): the short is
    // the title, the long its summary.
    let short = get("message_short");
    let heading = short.unwrap_or(message);
    let title = match get("timestamp_desc") {
        Some(desc) => format!("{} ({desc})", truncate(heading, 120)),
        None => truncate(heading, 120),
    };
    let lane = sink.lane(lane_of(&get, default_lane));
    let mut r = Record::new(title, Arc::new(time), lane, line);
    if short.is_some_and(|s| s != message) || message.chars().count() > 120 {
        r.summary = Some(message.to_string());
    }
    if let Some(desc) = get("timestamp_desc") {
        r.attributes
            .push(("timestamp_desc".into(), desc.to_string()));
    }
    for (k, v) in fields {
        let v = v.trim();
        if SHOWN.contains(k) || v.is_empty() || v == "-" {
            continue;
        }
        r.attributes.push(((*k).to_string(), v.to_string()));
    }
    r.tags = get("tag").or(get("tags")).map(tags).unwrap_or_default();
    sink.push(r);
}

/// Timesketch CSV, or plaso's dynamic CSV (the same columns and rules).
pub(super) fn load_csv(name: &str, text: &str, format: Format) -> Result<Loaded, LoadError> {
    let (mut reader, headers) = super::sink::sheet(name, text)?;
    let plaso = format == Format::PlasoDynamic;
    if !(is_header(&headers) || (plaso && super::plaso::is_dynamic_header(&headers))) {
        return Err(LoadError::new(
            name,
            1,
            1,
            format!(
                "expected Timesketch's columns `message`, `datetime` (or `timestamp`) and `timestamp_desc`; found: {}",
                headers.join(", ")
            ),
        ));
    }
    let mut sink = Sink::new(name, format);
    let mut used = TimesUsed::default();
    let default_lane = if plaso { "plaso" } else { "Timesketch" };
    for (n, row) in reader.records().enumerate() {
        let Some((record, line)) = sink.row(n, row, text) else {
            continue;
        };
        let fields: Vec<(&str, &str)> = headers
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .collect();
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty() && *v != "-")
        };
        let time = if plaso && get("datetime").is_none() {
            used.plaso = true;
            super::plaso::date_time(get("date"), get("time"), get("timezone"))
        } else {
            used.note(get("datetime"));
            row_time(get("datetime"), get("timestamp"))
        };
        push_row(&mut sink, line, &fields, time, default_lane);
    }
    used.say(&mut sink);
    Ok(sink.finish())
}

/// Timesketch JSON Lines: one object per line with the same fields as the CSV.
pub(super) fn load_jsonl(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let mut sink = Sink::new(name, Format::TimesketchJsonl);
    let mut used = TimesUsed::default();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let object: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(raw) {
            Ok(o) => o,
            Err(e) => {
                sink.problem(
                    line,
                    e.column(),
                    None,
                    format!(
                        "not a JSON object on one line ({}); left out",
                        super::strip_position(&e.to_string())
                    ),
                );
                continue;
            }
        };
        let texts: Vec<(String, String)> = object
            .iter()
            .map(|(k, v)| {
                let v = match v {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k.to_ascii_lowercase(), v)
            })
            .collect();
        let fields: Vec<(&str, &str)> = texts
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        used.note(get("datetime"));
        let time = row_time(get("datetime"), get("timestamp"));
        push_row(&mut sink, line, &fields, time, "Timesketch");
    }
    used.say(&mut sink);
    Ok(sink.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::format_iso_datetime;

    #[test]
    fn datetime_wins_and_bad_rows_say_why() {
        let t = row_time(Some("2015-07-24T19:01:01+00:00"), Some("123456789")).unwrap();
        assert_eq!(
            t.earliest_start
                .instant()
                .map(format_iso_datetime)
                .as_deref(),
            Some("2015-07-24T19:01:01Z")
        );
        let t = row_time(None, Some("1331698658276340")).unwrap();
        assert_eq!(
            t.earliest_start
                .instant()
                .map(format_iso_datetime)
                .as_deref(),
            Some("2012-03-14T04:17:38Z")
        );
        let e = row_time(Some("2017-10-24 19:01:01"), Some("9999999999999")).unwrap_err();
        assert!(e.contains("no time zone") && e.contains("13 digits"), "{e}");
        assert!(
            row_time(None, Some("1500000000000"))
                .unwrap_err()
                .contains("13 digits")
        );
        assert!(row_time(Some("1234 19:01:01"), None).is_err());
        // Seconds, not 1970-01-01T00:26:59Z.
        let e = row_time(None, Some("1619863200")).unwrap_err();
        assert!(e.contains("10 digits: epoch seconds?"), "{e}");
        assert!(row_time(None, Some("1619863200000000")).is_ok());
        // A clock time without a zone beside a `timestamp`: the timestamp's instant.
        let t = row_time(Some("2021-05-01T10:00:00"), Some("1619863200000000")).unwrap();
        assert_eq!(
            t.earliest_start
                .instant()
                .map(format_iso_datetime)
                .as_deref(),
            Some("2021-05-01T10:00:00Z")
        );
        // A whole number written as a float.
        assert!(row_time(None, Some("1619863200000000.0")).is_ok());
        // plaso's marks for no time.
        for t in ["0", "-11644473600000000"] {
            let e = row_time(None, Some(t)).unwrap_err();
            assert!(e.contains("plaso's mark for no time"), "{e}");
        }
    }

    #[test]
    fn tags_in_plaso_and_timesketch_forms() {
        assert_eq!(tags("[\"a\", \"b\"]"), vec!["a", "b"]);
        assert_eq!(tags("Malware,Printed"), vec!["Malware", "Printed"]);
        assert_eq!(tags("Malware Printed"), vec!["Malware", "Printed"]);
        assert!(tags("[]").is_empty());
    }
}
