//! Knight Lab TimelineJS3 JSON: date objects with numbers or strings, `group` as lane,
//! `media.credit` as a source, `display_date` kept for display, eras kept.

use super::builder::{DatasetBuilder, EventDraft};
use super::text::{strip_html, truncate};
use super::{Format, LoadError, Loaded, Locator};
use crate::model::time::{Civil, DAY, add_months, days_in_month};
use crate::model::{Bound, Claim, Era, Precision, Source, Status, UncertainTime};
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::BTreeMap;

pub(super) fn load(
    name: &str,
    text: &str,
    top: BTreeMap<String, &RawValue>,
) -> Result<Loaded, LoadError> {
    let mut b = DatasetBuilder::new(name, Format::TimelineJs);
    let origin = |raw: &RawValue| Locator::new(text).raw(raw);
    let mut loc = Locator::new(text);
    if let Some(raw) = top.get("title") {
        let title: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        b.set_title(
            title
                .pointer("/text/headline")
                .and_then(Value::as_str)
                .map(strip_html)
                .unwrap_or_default(),
        );
        b.set_description(
            title
                .pointer("/text/text")
                .and_then(Value::as_str)
                .map(strip_html)
                .unwrap_or_default(),
        );
    }
    if b.title().is_empty() {
        b.set_title(std::path::Path::new(name).file_stem().map_or_else(
            || "TimelineJS timeline".into(),
            |s| s.to_string_lossy().into_owned(),
        ));
    }
    let list = |key: &str| -> Result<Vec<&RawValue>, LoadError> {
        match top.get(key) {
            None => Ok(Vec::new()),
            Some(raw) => serde_json::from_str(raw.get()).map_err(|_| {
                let (l, c) = origin(raw);
                LoadError::new(name, l, c, format!("expected a list `[...]` for `{key}`"))
            }),
        }
    };

    for raw in list("eras")? {
        let (line, column) = loc.raw(raw);
        let v: Value = serde_json::from_str(raw.get()).unwrap_or(Value::Null);
        let label = v
            .pointer("/text/headline")
            .and_then(Value::as_str)
            .map(strip_html)
            .unwrap_or_else(|| "Era".into());
        match event_time(&v) {
            Ok(time) => b.era(Era { label, time }),
            Err(msg) => b.problem(
                line,
                column,
                None,
                format!("era `{label}`: {msg}; left out"),
            ),
        }
    }

    for (n, raw) in list("events")?.into_iter().enumerate() {
        let (line, column) = loc.raw(raw);
        let v: Value = match serde_json::from_str(raw.get()) {
            Ok(v @ Value::Object(_)) => v,
            _ => {
                b.problem(
                    line,
                    column,
                    None,
                    "expected an event object `{...}`; left out",
                );
                continue;
            }
        };
        let id = match str_field(&v, "/unique_id") {
            Some(id) => id,
            None => format!("event-{}", n + 1),
        };
        if b.seen(&id, (line, column)) {
            continue;
        }
        let time = match event_time(&v) {
            Ok(t) => t,
            Err(msg) => {
                b.problem(
                    line,
                    column,
                    Some(&id),
                    format!("{msg}; this event is left out"),
                );
                continue;
            }
        };
        let text = str_field(&v, "/text/text")
            .map(|t| strip_html(&t))
            .filter(|t| !t.is_empty());
        let caption = str_field(&v, "/media/caption")
            .map(|t| strip_html(&t))
            .filter(|t| !t.is_empty());
        let title = str_field(&v, "/text/headline")
            .map(|t| strip_html(&t))
            .filter(|t| !t.is_empty())
            .or_else(|| text.as_deref().map(|t| truncate(t, 80)))
            .or_else(|| caption.clone())
            .unwrap_or_else(|| time.written.to_string());
        let group = str_field(&v, "/group")
            .map(|g| strip_html(&g))
            .filter(|g| !g.is_empty())
            .unwrap_or_else(|| "Timeline".into());
        let lane = b.lane(&group);
        let mut claims = Vec::new();
        if let Some((who, link)) = str_field(&v, "/media/credit")
            .map(|c| super::text::credit(&c))
            .map(|(who, link)| (strip_html(&who), link))
            .filter(|(who, _)| !who.is_empty())
        {
            let credits = b.sources().len();
            // Credits that link to different documents are different sources, though one site
            // names them (two iz.ru articles); a credit with no link of its own is one source.
            let key = super::text::credit_key(&who, link.as_deref());
            let url = link.or_else(|| {
                str_field(&v, "/media/url")
                    .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
            });
            let source = b.source(&key, || Source {
                url,
                notes: Some("credited for the event's media in TimelineJS".into()),
                ..Source::named(format!("credit-{}", credits + 1), who.clone())
            });
            // A caption that is only the media's address says nothing of the event.
            let said = caption
                .as_deref()
                .filter(|c| !super::text::is_web_address(c))
                .unwrap_or("media credit");
            claims.push(Claim::citing(source.0, said.into()));
        }
        let mut event = EventDraft::new(id, title, std::sync::Arc::new(time), lane, (line, column));
        // TimelineJS says nothing of whether an event happened.
        event.status = Status::Unstated;
        event.summary = text.map(Into::into);
        event.claims = claims;
        b.event(event, (line, column));
    }
    b.date_reading(
        "start_date, end_date",
        "TimelineJS's `year`, `month`, `day`, `hour`… parts".into(),
    );
    Ok(b.finish())
}

/// A string or number field as text; empty strings count as absent.
pub(super) fn str_field(v: &Value, pointer: &str) -> Option<String> {
    match v.pointer(pointer)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A TimelineJS number that may be written as a number or a string.
fn number(v: &Value, key: &str) -> Result<Option<i64>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => s
            .trim()
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("`{key}` is `{s}`, not a whole number")),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 1e15)
                    .map(|f| f as i64)
            })
            .map(Some)
            .ok_or_else(|| format!("`{key}` is {n}, not a whole number")),
        Some(other) => Err(format!("`{key}` should be a number, found {other}")),
    }
}

/// A TimelineJS date object → (lower, upper, precision, words).
fn date_object(v: &Value, which: &str) -> Result<(i64, i64, Precision, String), String> {
    let Some(year) = number(v, "year")? else {
        return Err(format!("`{which}` has no `year`"));
    };
    if year.abs() > crate::model::time::MAX_YEAR {
        return Err(format!("`{which}`: year {year} is out of range"));
    }
    let month = number(v, "month")?;
    let day = number(v, "day")?;
    let hour = number(v, "hour")?;
    let minute = number(v, "minute")?;
    let second = number(v, "second")?;
    let check = |what: &str, value: Option<i64>, lo: i64, hi: i64| match value {
        Some(x) if !(lo..=hi).contains(&x) => {
            Err(format!("`{which}`: {what} {x} is out of range ({lo}–{hi})"))
        }
        _ => Ok(()),
    };
    check("month", month, 1, 12)?;
    let m = month.unwrap_or(1) as u32;
    check("day", day, 1, i64::from(days_in_month(year, m)))?;
    check("hour", hour, 0, 23)?;
    check("minute", minute, 0, 59)?;
    check("second", second, 0, 59)?;
    let year_text = if year <= 0 {
        format!("{} BCE", 1 - year)
    } else {
        year.to_string()
    };
    Ok(match (month, day, hour) {
        (None, _, _) => {
            let lo = Civil::date(year, 1, 1).to_instant();
            (lo, add_months(lo, 12) - 1, Precision::Year, year_text)
        }
        (Some(m), None, _) => {
            let lo = Civil::date(year, m as u32, 1).to_instant();
            (
                lo,
                add_months(lo, 1) - 1,
                Precision::Month,
                format!("{} {year_text}", crate::model::time::month_abbrev(m as u32)),
            )
        }
        (Some(m), Some(d), None) => {
            let lo = Civil::date(year, m as u32, d as u32).to_instant();
            (
                lo,
                lo + DAY - 1,
                Precision::Day,
                format!(
                    "{d} {} {year_text}",
                    crate::model::time::month_abbrev(m as u32)
                ),
            )
        }
        (Some(m), Some(d), Some(h)) => {
            let c = Civil {
                year,
                month: m as u32,
                day: d as u32,
                hour: h as u32,
                minute: minute.unwrap_or(0) as u32,
                second: second.unwrap_or(0) as u32,
            };
            let lo = c.to_instant();
            let (upper, prec) = if second.is_some() {
                (lo, Precision::Second)
            } else if minute.is_some() {
                (lo + 59, Precision::Minute)
            } else {
                (lo + 3599, Precision::Hour)
            };
            (
                lo,
                upper,
                prec,
                format!(
                    "{d} {} {year_text} {h:02}:{:02}",
                    crate::model::time::month_abbrev(m as u32),
                    minute.unwrap_or(0)
                ),
            )
        }
    })
}

/// The event's start (and end) dates as one uncertain time.
pub(super) fn event_time(v: &Value) -> Result<UncertainTime, String> {
    let Some(start) = v.get("start_date").filter(|s| s.is_object()) else {
        return Err("no `start_date` object".into());
    };
    let (s_lo, s_hi, s_prec, s_words) = date_object(start, "start_date")?;
    let display = str_field(v, "/display_date").or_else(|| str_field(start, "/display_date"));
    let end = v.get("end_date").filter(|e| {
        e.as_object().is_some_and(|o| {
            o.get("year")
                .is_some_and(|y| !y.is_null() && y.as_str() != Some(""))
        })
    });
    let mut time = UncertainTime::between(
        display.clone().unwrap_or(s_words.clone()).into(),
        s_lo,
        s_hi,
        s_prec,
    );
    if let Some(end) = end {
        let (e_lo, e_hi, e_prec, e_words) = date_object(end, "end_date")?;
        if e_hi < s_lo {
            return Err("`end_date` is before `start_date`".into());
        }
        time.written = display.unwrap_or(format!("{s_words} – {e_words}")).into();
        time.earliest_end = Bound::at(e_lo);
        time.latest_end = Bound::at(e_hi);
        time.strict_latest = Bound::at(e_hi);
        time.precision = s_prec.min(e_prec);
    }
    Ok(time)
}
