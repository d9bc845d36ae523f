//! The TimelineJS Google-Sheets template saved as CSV, the form Knight Lab's timelines are made
//! in: `Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline,
//! Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group, Background`.
//! Dates are read by the same rules as TimelineJS3 JSON (`timelinejs.rs`); `Time` is a clock time.

use super::sink::{Record, Sink};
use super::text::{credit, plain_text, truncate};
use super::{Format, LoadError, Loaded};
use crate::model::{Era, Source, SourceKind};
use serde_json::{Map, Value};
use std::sync::Arc;

/// True when a header row is the TimelineJS sheet's: its `Year` and `Headline` and one of its
/// other columns, and no date column of another sheet's (`Date`, `Start`: a media log with a
/// `Year` column is dated by its `Date`, not by the year).
pub(super) fn is_header(fields: &[String]) -> bool {
    let has = |h: &str| fields.iter().any(|f| f == h);
    has("year")
        && has("headline")
        && (has("end year") || has("display date") || has("media"))
        && !super::csv::names_roles(fields, &["time", "start"], &["time"])
}

/// Reads `14:30`, `14:30:15`, `2:30 PM`, `2:30pm`, `12 am` → (hour, minute, second).
pub(super) fn clock(text: &str) -> Result<(u32, Option<u32>, Option<u32>), String> {
    let bad = || format!("`Time` `{text}` is not a clock time such as `14:30` or `2:30 PM`");
    let t = text.trim().to_ascii_lowercase().replace('.', "");
    let (t, half) = if let Some(x) = t.strip_suffix("pm").or_else(|| t.strip_suffix('p')) {
        (x.trim().to_string(), Some(12))
    } else if let Some(x) = t.strip_suffix("am").or_else(|| t.strip_suffix('a')) {
        (x.trim().to_string(), Some(0))
    } else {
        (t, None)
    };
    let parts: Vec<&str> = t.split(':').collect();
    if parts.is_empty() || parts.len() > 3 {
        return Err(bad());
    }
    let num = |s: &str, max: u32| -> Result<u32, String> {
        let s = s.trim();
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        s.parse::<u32>().ok().filter(|n| *n <= max).ok_or_else(bad)
    };
    let mut hour = num(parts.first().copied().unwrap_or(""), 23)?;
    if let Some(half) = half {
        if !(1..=12).contains(&hour) {
            return Err(bad());
        }
        hour = hour % 12 + half;
    }
    let minute = parts.get(1).map(|m| num(m, 59)).transpose()?;
    let second = parts.get(2).map(|s| num(s, 59)).transpose()?;
    Ok((hour, minute, second))
}

pub(super) fn load(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let (mut reader, headers) = super::sink::sheet(name, text)?;
    if !is_header(&headers) {
        return Err(LoadError::new(
            name,
            1,
            1,
            format!(
                "expected the TimelineJS sheet's header (`Year, Month, Day, Time, …, Headline, Text, Media, …`); found: {}",
                headers.join(", ")
            ),
        ));
    }
    let col = |h: &str| headers.iter().position(|x| x == h);
    let c = |h: &str| col(h);
    let (c_year, c_month, c_day, c_time) = (c("year"), c("month"), c("day"), c("time"));
    let (c_eyear, c_emonth, c_eday, c_etime) =
        (c("end year"), c("end month"), c("end day"), c("end time"));
    let (c_display, c_headline, c_text) = (c("display date"), c("headline"), c("text"));
    let (c_media, c_credit, c_caption, c_thumb) = (
        c("media"),
        c("media credit"),
        c("media caption"),
        c("media thumbnail"),
    );
    let (c_type, c_group, c_background) = (c("type"), c("group"), c("background"));

    let mut sink = Sink::new(name, Format::TimelineJsSheet);
    let mut titled = false;
    for (n, row) in reader.records().enumerate() {
        let Some((record, line)) = sink.row(n, row, text) else {
            continue;
        };
        let get = |c: Option<usize>| {
            c.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let at = |c: Option<usize>| c.map_or(0, |i| i + 1);
        let kind = get(c_type).map(str::to_ascii_lowercase).unwrap_or_default();
        let headline = get(c_headline).map(plain_text).filter(|s| !s.is_empty());
        let body = get(c_text).map(plain_text).filter(|s| !s.is_empty());
        if kind == "title" {
            if titled {
                sink.problem(
                    line,
                    at(c_type),
                    None,
                    "a second `title` row; only the first gives the title, this one is left out",
                );
                continue;
            }
            titled = true;
            if let Some(h) = headline {
                sink.b.set_title(h);
            }
            sink.b.set_description(body.unwrap_or_default());
            continue;
        }
        // The row as a TimelineJS3 event, so both are dated by the same rules.
        let mut date = |y: Option<usize>, m: Option<usize>, d: Option<usize>, t: Option<usize>| {
            let mut o = Map::new();
            for (key, c) in [("year", y), ("month", m), ("day", d)] {
                if let Some(v) = get(c) {
                    o.insert(key.into(), Value::String(v.to_string()));
                }
            }
            if let Some(t) = get(t) {
                match clock(t) {
                    Ok((h, mi, s)) => {
                        o.insert("hour".into(), h.into());
                        if let Some(mi) = mi {
                            o.insert("minute".into(), mi.into());
                        }
                        if let Some(s) = s {
                            o.insert("second".into(), s.into());
                        }
                    }
                    Err(msg) => sink.problem(
                        line,
                        at(t_col(t, c_time, c_etime, &record)),
                        None,
                        format!("{msg}; the row is dated by its day alone"),
                    ),
                }
            }
            Value::Object(o)
        };
        let mut v = Map::new();
        v.insert("start_date".into(), date(c_year, c_month, c_day, c_time));
        if get(c_eyear).is_some() {
            v.insert("end_date".into(), date(c_eyear, c_emonth, c_eday, c_etime));
        } else if get(c_emonth).is_some() || get(c_eday).is_some() {
            sink.problem(
                line,
                at(c_emonth),
                None,
                "`End Month` or `End Day` without `End Year`; the end is left out",
            );
        }
        if let Some(d) = get(c_display) {
            v.insert("display_date".into(), Value::String(d.to_string()));
        }
        let what = headline
            .clone()
            .unwrap_or_else(|| format!("the row at line {line}"));
        if get(c_year).is_none() {
            sink.problem(
                line,
                at(c_year),
                None,
                format!("`{what}` has no `Year`; left out"),
            );
            continue;
        }
        let time = match super::timelinejs::event_time(&Value::Object(v)) {
            Ok(t) => t,
            Err(msg) => {
                let msg = msg
                    .replace("start_date", "Year/Month/Day")
                    .replace("end_date", "End Year/End Month/End Day");
                sink.problem(line, at(c_year), None, format!("`{what}`: {msg}; left out"));
                continue;
            }
        };
        if kind == "era" {
            sink.b.era(Era {
                label: headline.unwrap_or_else(|| "Era".into()),
                time,
            });
            continue;
        }
        if !kind.is_empty() {
            sink.problem(
                line,
                at(c_type),
                None,
                format!("`Type` `{kind}` is not `title` or `era`; read as an event"),
            );
        }
        let caption = get(c_caption).map(plain_text).filter(|s| !s.is_empty());
        let title = headline
            .or_else(|| body.as_deref().map(|t| truncate(t, 80)))
            .or_else(|| caption.clone())
            .unwrap_or_else(|| time.written.to_string());
        let group = get(c_group).map(plain_text).filter(|g| !g.is_empty());
        let lane = sink.lane(group.as_deref().unwrap_or("Timeline"));
        let media = get(c_media);
        let mut r = Record::new(title, Arc::new(time), lane, line);
        r.summary = body;
        if let Some((who, link)) = get(c_credit).map(credit).filter(|(w, _)| !w.is_empty()) {
            // Credits that link to different documents are different sources, though one site
            // names them (two iz.ru articles); a credit with no link of its own is one source.
            let key = super::text::credit_key(&who, link.as_deref());
            let url = link.or_else(|| {
                media
                    .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
                    .map(str::to_string)
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
                notes: Some("credited for the event's media in the TimelineJS sheet".into()),
            });
            // A caption that is only the media's address says nothing of the event.
            let said = caption
                .clone()
                .filter(|c| !super::text::is_web_address(c))
                .unwrap_or_else(|| "media credit".into());
            r.claims.push(sink.claim(source, &said, None));
        }
        for (key, value) in [
            ("Media", media.map(str::to_string)),
            ("Media Caption", caption),
            ("Media Thumbnail", get(c_thumb).map(str::to_string)),
            ("Background", get(c_background).map(str::to_string)),
        ] {
            if let Some(value) = value {
                r.attributes.push((key.into(), value));
            }
        }
        sink.push(r);
    }
    sink.b.date_reading(
        "Year, Month, Day, Time",
        "the sheet's parts, Time as a clock time (hh:mm[:ss]); End Year… likewise".into(),
    );
    Ok(sink.finish())
}

/// The column of a clock time that failed: `Time` or `End Time`, whichever holds it.
fn t_col(
    text: &str,
    time: Option<usize>,
    end: Option<usize>,
    record: &csv::StringRecord,
) -> Option<usize> {
    match time {
        Some(i) if record.get(i).map(str::trim) == Some(text) => Some(i),
        _ => end,
    }
}

#[cfg(test)]
mod tests {
    use super::clock;

    #[test]
    fn clock_times() {
        assert_eq!(clock("14:30"), Ok((14, Some(30), None)));
        assert_eq!(clock("2:30 PM"), Ok((14, Some(30), None)));
        assert_eq!(clock("12:05 a.m."), Ok((0, Some(5), None)));
        assert_eq!(clock("12pm"), Ok((12, None, None)));
        assert_eq!(clock("09:15:07"), Ok((9, Some(15), Some(7))));
        assert!(clock("25:00").is_err());
        assert!(clock("13:00 PM").is_err());
        assert!(clock("noon").is_err());
    }
}
