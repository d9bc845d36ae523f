//! TimelineJS2 ("verite") JSON, still shipped by Knight Lab and written by PHP and JavaScript
//! generators: `{"timeline": {"headline", "type", "startDate", "text", "asset", "date": [...],
//! "era": [...]}}`, dates written `"1963,8,9"` (year, month, day, hour, minute, second).

use super::sink::{Record, Sink};
use super::text::{credit, plain_text, truncate};
use super::{Format, LoadError, Loaded, Locator};
use crate::model::{Era, Source, SourceKind, UncertainTime};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A TimelineJS2 date (`"1963,8,9"`, `"1963"`, `"2011-12-31"`) as a TimelineJS3 date object.
fn date_object(text: &str, key: &str) -> Result<Value, String> {
    let t = text.trim();
    let parts: Vec<&str> = if t.contains(',') {
        t.split(',').map(str::trim).collect()
    } else if let Ok(iso) = super::iso::parse(t) {
        let c = crate::model::time::Civil::from_instant(iso.lower);
        let mut o = Map::new();
        o.insert("year".into(), c.year.into());
        if iso.precision <= crate::model::Precision::Month {
            o.insert("month".into(), c.month.into());
        }
        if iso.precision <= crate::model::Precision::Day {
            o.insert("day".into(), c.day.into());
        }
        if iso.precision <= crate::model::Precision::Minute {
            o.insert("hour".into(), c.hour.into());
            o.insert("minute".into(), c.minute.into());
        }
        return Ok(Value::Object(o));
    } else {
        vec![t]
    };
    if parts.len() > 6 || parts.iter().any(|p| p.parse::<i64>().is_err()) {
        return Err(format!(
            "`{key}` `{text}` is not a TimelineJS2 date such as `1963,8,9` or `1978`"
        ));
    }
    let mut o = Map::new();
    for (name, p) in ["year", "month", "day", "hour", "minute", "second"]
        .iter()
        .zip(parts)
    {
        o.insert((*name).into(), Value::String(p.to_string()));
    }
    Ok(Value::Object(o))
}

fn text_of(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The start and end of a `date` or `era` entry.
fn entry_time(v: &Value) -> Result<UncertainTime, String> {
    let start = text_of(v, "startDate").ok_or("no `startDate`")?;
    let mut e = Map::new();
    e.insert("start_date".into(), date_object(&start, "startDate")?);
    if let Some(end) = text_of(v, "endDate").filter(|e| *e != start) {
        e.insert("end_date".into(), date_object(&end, "endDate")?);
    }
    if let Some(d) = text_of(v, "displayDate") {
        e.insert("display_date".into(), Value::String(d));
    }
    super::timelinejs::event_time(&Value::Object(e)).map_err(|m| {
        m.replace("start_date", "startDate")
            .replace("end_date", "endDate")
    })
}

pub(super) fn load(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let top: BTreeMap<String, &RawValue> =
        serde_json::from_str(text).map_err(|e| super::json_error(name, &e, text))?;
    let Some(timeline) = top.get("timeline") else {
        return Err(LoadError::new(
            name,
            1,
            1,
            "expected a TimelineJS2 file: `{\"timeline\": {...}}`",
        ));
    };
    let mut loc = Locator::new(text);
    let fields: BTreeMap<String, &RawValue> =
        serde_json::from_str(timeline.get()).map_err(|_| {
            let (l, c) = Locator::new(text).raw(timeline);
            LoadError::new(name, l, c, "expected an object `{...}` for `timeline`")
        })?;
    let mut sink = Sink::new(name, Format::TimelineJs2);
    let value = |k: &str| -> Value {
        fields
            .get(k)
            .and_then(|r| serde_json::from_str(r.get()).ok())
            .unwrap_or(Value::Null)
    };
    if let Some(h) = value("headline")
        .as_str()
        .map(plain_text)
        .filter(|h| !h.is_empty())
    {
        sink.b.set_title(h);
    }
    sink.b
        .set_description(value("text").as_str().map(plain_text).unwrap_or_default());
    let list = |k: &str| -> Result<Vec<&RawValue>, LoadError> {
        match fields.get(k) {
            None => Ok(Vec::new()),
            Some(raw) => serde_json::from_str(raw.get()).map_err(|_| {
                let (l, c) = Locator::new(text).raw(raw);
                LoadError::new(name, l, c, format!("expected a list `[...]` for `{k}`"))
            }),
        }
    };
    for raw in list("era")? {
        let (line, column) = loc.raw(raw);
        let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let label = text_of(&v, "headline")
            .map(|h| plain_text(&h))
            .unwrap_or_else(|| "Era".into());
        match entry_time(&v) {
            Ok(time) => sink.b.era(Era { label, time }),
            Err(m) => sink.problem(line, column, None, format!("era `{label}`: {m}; left out")),
        }
    }
    for raw in list("date")? {
        let (line, column) = loc.raw(raw);
        let v: Value = match serde_json::from_str(raw.get()) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                sink.problem(
                    line,
                    column,
                    None,
                    "expected a date object `{...}`; left out",
                );
                continue;
            }
        };
        let headline = text_of(&v, "headline")
            .map(|h| plain_text(&h))
            .filter(|h| !h.is_empty());
        let time = match entry_time(&v) {
            Ok(t) => t,
            Err(m) => {
                let what = headline.as_deref().unwrap_or("this date");
                sink.problem(line, column, None, format!("`{what}`: {m}; left out"));
                continue;
            }
        };
        let body = text_of(&v, "text")
            .map(|t| plain_text(&t))
            .filter(|t| !t.is_empty());
        let asset = v.get("asset").cloned().unwrap_or(Value::Null);
        let caption = text_of(&asset, "caption")
            .map(|c| plain_text(&c))
            .filter(|c| !c.is_empty());
        let title = headline
            .or_else(|| body.as_deref().map(|t| truncate(t, 80)))
            .or_else(|| caption.clone())
            .unwrap_or_else(|| time.written.to_string());
        let lane = sink.lane(
            text_of(&v, "tag")
                .map(|t| plain_text(&t))
                .filter(|t| !t.is_empty())
                .as_deref()
                .unwrap_or("Timeline"),
        );
        let mut r = Record::new(title, Arc::new(time), lane, line);
        r.column = column;
        r.summary = body;
        let media = text_of(&asset, "media");
        if let Some((who, link)) = text_of(&asset, "credit")
            .map(|c| credit(&c))
            .filter(|(w, _)| !w.is_empty())
        {
            // Credits that link to different documents are different sources, though one site
            // names them (two iz.ru articles); a credit with no link of its own is one source.
            let key = super::text::credit_key(&who, link.as_deref());
            let url = link.or_else(|| {
                media
                    .clone()
                    .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            });
            let n = sink.b.sources().len() + 1;
            let source = sink.source(&key, || Source {
                id: format!("credit-{n}"),
                name: who.clone(),
                title: None,
                author: None,
                published: None,
                url,
                reliability: None,
                kind: SourceKind::Other,
                notes: Some("credited for the event's media in TimelineJS2".into()),
            });
            // A caption that is only the media's address says nothing of the event.
            let said = caption
                .clone()
                .filter(|c| !super::text::is_web_address(c))
                .unwrap_or_else(|| "media credit".into());
            r.claims.push(sink.claim(source, &said, None));
        }
        for (k, val) in [("Media", media), ("Media Caption", caption)] {
            if let Some(val) = val {
                r.attributes.push((k.into(), val));
            }
        }
        sink.push(r);
    }
    sink.b.date_reading(
        "startDate, endDate",
        "TimelineJS2's `year,month,day[,hour,minute,second]`".into(),
    );
    Ok(sink.finish())
}
