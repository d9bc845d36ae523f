//! vis-timeline data: a top-level JSON array of items, or `{"items": [...], "groups": [...]}`.
//! Items have `id, content, start, end, group, type, className, title`; `start`/`end` are ISO
//! dates (six-digit signed years allowed: `-000400-01-01`) or milliseconds since 1970; `content`
//! and `title` are HTML, shown as text. Groups name the lanes; `background` items are eras.

use super::iso::{self, Zone};
use super::sink::{Record, Sink};
use super::text::{plain_text, truncate};
use super::{Format, LoadError, Loaded, Locator};
use crate::model::{Bound, Era, Precision, UncertainTime};
use serde_json::Value;
use serde_json::value::RawValue;
use std::sync::Arc;

/// Seconds either side of a clock time written without a zone: UTC−12:00 to UTC+14:00.
const WEST: i64 = 12 * 3600;
const EAST: i64 = 14 * 3600;

/// A JSON id (string or number) as text.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// One end of an item. A clock time without a zone is the viewer's local time in vis-timeline:
/// placed anywhere in the 26 hours it can mean, with a warning (the bool).
/// One end as read: lower and upper instant, precision, the text, whether it lacked a zone, and
/// the offset it was written with.
type End = (i64, i64, Precision, String, bool, Option<i32>);

fn end_of(v: &Value, key: &str) -> Result<Option<End>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => {
            let i = iso::parse(s).map_err(|e| format!("`{key}`: {e}"))?;
            Ok(Some(match i.zone {
                Zone::Missing => (
                    i.lower - EAST,
                    i.upper + WEST,
                    i.precision,
                    s.trim().to_string(),
                    true,
                    None,
                ),
                Zone::Offset(m) => (
                    i.lower,
                    i.upper,
                    i.precision,
                    s.trim().to_string(),
                    false,
                    Some(m),
                ),
                Zone::NotNeeded => (
                    i.lower,
                    i.upper,
                    i.precision,
                    s.trim().to_string(),
                    false,
                    None,
                ),
            }))
        }
        Some(Value::Number(n)) => {
            let ms = n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.abs() < 8.64e18).map(|f| f as i64))
                .ok_or_else(|| format!("`{key}` {n} is not milliseconds since 1970"))?;
            let t = ms.div_euclid(1000);
            Ok(Some((
                t,
                t,
                Precision::Second,
                n.to_string(),
                false,
                Some(0),
            )))
        }
        Some(other) => Err(format!(
            "`{key}` should be a date text or milliseconds, found {other}"
        )),
    }
}

fn item_time(v: &Value) -> Result<(UncertainTime, bool), String> {
    let (s_lo, s_hi, s_prec, s_text, s_local, s_offset) =
        end_of(v, "start")?.ok_or("no `start`")?;
    let mut t = UncertainTime::between(s_text.clone().into(), s_lo, s_hi, s_prec);
    let mut local = s_local;
    if let Some((e_lo, e_hi, e_prec, e_text, e_local, _)) = end_of(v, "end")? {
        if e_hi < s_lo {
            return Err("`end` is before `start`".into());
        }
        t.written = format!("{s_text} – {e_text}").into();
        t.earliest_end = Bound::at(e_lo);
        t.latest_end = Bound::at(e_hi);
        t.strict_latest = Bound::at(e_hi);
        t.precision = s_prec.min(e_prec);
        local |= e_local;
    }
    // The offset the start was written with (`+02:00`), which the window can show its times
    // in; UTC for milliseconds.
    if !local && t.precision <= Precision::Hour {
        t.offset_minutes = Some(s_offset.unwrap_or(0));
    }
    Ok((t, local))
}

pub(super) fn load(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let (items, groups): (Vec<&RawValue>, Vec<&RawValue>) = if text.trim_start().starts_with('[') {
        let items: Vec<&RawValue> =
            serde_json::from_str(text).map_err(|e| super::json_error(name, &e, text))?;
        (items, Vec::new())
    } else {
        #[derive(serde::Deserialize)]
        struct Top<'a> {
            #[serde(borrow)]
            items: Vec<&'a RawValue>,
            #[serde(borrow, default)]
            groups: Vec<&'a RawValue>,
        }
        let top: Top = serde_json::from_str(text).map_err(|e| super::json_error(name, &e, text))?;
        (top.items, top.groups)
    };
    let mut sink = Sink::new(name, Format::VisTimeline);
    let mut loc = Locator::new(text);
    let mut groups: Vec<((usize, usize), Value)> = groups
        .into_iter()
        .map(|raw| {
            let at = loc.raw(raw);
            (at, serde_json::from_str(raw.get()).unwrap_or(Value::Null))
        })
        .collect();
    // vis-timeline orders groups by their `order` (its `groupOrder` default), those without
    // one after, as they come.
    groups.sort_by(|(_, a), (_, b)| {
        let order = |v: &Value| v.get("order").and_then(Value::as_f64);
        match (order(a), order(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
    });
    let mut declared: std::collections::HashSet<String> = std::collections::HashSet::new();
    // Groups items name that `groups` does not declare, said once each.
    let mut undeclared: std::collections::HashSet<String> = std::collections::HashSet::new();
    for ((line, column), v) in groups {
        let Some(id) = v.get("id").and_then(id_text) else {
            sink.problem(line, column, None, "a group without an `id`; left out");
            continue;
        };
        let label = v
            .get("content")
            .and_then(Value::as_str)
            .map(plain_text)
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| id.clone());
        sink.label_lane(&id, &label);
        declared.insert(id);
    }
    let mut loc = Locator::new(text);
    for raw in items {
        let (line, column) = loc.raw(raw);
        let v: Value = match serde_json::from_str(raw.get()) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                sink.problem(
                    line,
                    column,
                    None,
                    "expected an item object `{...}`; left out",
                );
                continue;
            }
        };
        let id = v.get("id").and_then(id_text);
        let content = v
            .get("content")
            .and_then(Value::as_str)
            .map(plain_text)
            .filter(|c| !c.is_empty());
        let (time, local) = match item_time(&v) {
            Ok(t) => t,
            Err(m) => {
                sink.problem(line, column, id.as_deref(), format!("{m}; left out"));
                continue;
            }
        };
        if local {
            sink.problem(
                line,
                column,
                id.as_deref(),
                "a clock time without a time zone (vis-timeline shows it in the viewer's local time): placed anywhere in the 26 hours from UTC−12:00 to UTC+14:00",
            );
        }
        let kind = v.get("type").and_then(Value::as_str).unwrap_or_default();
        if kind == "background" {
            sink.b.era(Era {
                label: content.unwrap_or_else(|| "Period".into()),
                time,
            });
            continue;
        }
        let title_html = v.get("title").and_then(Value::as_str).map(plain_text);
        let title = content
            .clone()
            .or_else(|| title_html.as_deref().map(|t| truncate(t, 80)))
            .unwrap_or_else(|| time.written.to_string());
        let lane = match v.get("group").and_then(id_text) {
            Some(g) => {
                if !declared.is_empty() && !declared.contains(&g) && undeclared.insert(g.clone()) {
                    sink.problem(
                        line,
                        column,
                        None,
                        format!(
                            "group `{g}` is not among `groups`; its items are kept in a lane of their own"
                        ),
                    );
                }
                sink.lane(&g)
            }
            None => sink.lane("Items"),
        };
        let mut r = Record::new(title, Arc::new(time), lane, line);
        r.column = column;
        r.id = id;
        r.summary = title_html.filter(|t| Some(t) != content.as_ref() && !t.is_empty());
        for key in ["type", "className", "subgroup", "style"] {
            if let Some(val) = v.get(key).and_then(id_text) {
                r.attributes.push((key.into(), val));
            }
        }
        sink.push(r);
    }
    sink.b.date_reading(
        "start, end",
        "ISO 8601 (six-digit signed years allowed) or milliseconds since 1970".into(),
    );
    Ok(sink.finish())
}
