//! plaso's (log2timeline's) CSV outputs, in the form `psort` writes them
//! (`plaso/output/l2t_csv.py`, `dynamic.py`): `l2tcsv`, 17 fixed columns `date,time,timezone,
//! MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra`
//! with `date` as MM/DD/YYYY; and the dynamic CSV, by default `datetime,timestamp_desc,source,
//! source_long,message,parser,display_name,tag` with `datetime` as
//! `2012-06-27T18:17:01.000000+00:00`. plaso writes `-` for an empty field.

use super::sink::Sink;
use super::{Format, LoadError, Loaded};
use crate::model::time::Civil;
use crate::model::{Precision, UncertainTime};

/// The l2tcsv header, in its order.
pub(super) const L2T: [&str; 17] = [
    "date",
    "time",
    "timezone",
    "macb",
    "source",
    "sourcetype",
    "type",
    "user",
    "host",
    "short",
    "desc",
    "version",
    "filename",
    "inode",
    "notes",
    "format",
    "extra",
];

pub(super) fn is_l2t_header(fields: &[String]) -> bool {
    fields.len() >= 11 && fields.iter().zip(L2T).all(|(f, l)| f == l)
}

/// plaso's dynamic output: `timestamp_desc` (or `type`), a time (`datetime`, or `date`, `time`
/// and `timezone`) and plaso's `source_long`, which Timesketch's own files lack.
pub(super) fn is_dynamic_header(fields: &[String]) -> bool {
    let has = |h: &str| fields.iter().any(|f| f == h);
    (has("datetime") || (has("date") && has("time") && has("timezone")))
        && has("source_long")
        && (has("timestamp_desc") || has("type"))
}

/// How [`date_time`] reads, as `check` says it.
pub(super) const PLASO_DATE_TIME: &str =
    "MM/DD/YYYY (or YYYY-MM-DD) and hh:mm:ss, in UTC (the `timezone` column; other zones refused)";

/// A `date`, `time` and `timezone` as plaso writes them: `06/27/2012` (l2tcsv) or `2012-06-27`
/// (dynamic), `18:17:01`, `UTC`. A zone other than UTC (or a written offset) is refused, since
/// timeband has no time-zone database to turn `Europe/Amsterdam` into an offset.
pub(super) fn date_time(
    date: Option<&str>,
    time: Option<&str>,
    zone: Option<&str>,
) -> Result<UncertainTime, String> {
    let date = date.ok_or("no `date`")?;
    let bad_date =
        || format!("`date` `{date}` is not a date as plaso writes it (MM/DD/YYYY or YYYY-MM-DD)");
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (y, m, d) = if let [m, d, y] = date.split('/').collect::<Vec<_>>()[..] {
        (num(y), num(m), num(d))
    } else if let [y, m, d] = date.split('-').collect::<Vec<_>>()[..] {
        (num(y), num(m), num(d))
    } else {
        return Err(bad_date());
    };
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(bad_date());
    };
    if y == 0 && m == 0 && d == 0 {
        return Err("plaso wrote no date (`00/00/0000`): the event's time was not known".into());
    }
    if !(1..=12).contains(&m) || d < 1 || d > crate::model::time::days_in_month(i64::from(y), m) {
        return Err(bad_date());
    }
    let offset = match zone.map(str::trim) {
        // psort always writes the zone; without one the clock time is no instant.
        None => {
            return Err(
                "no `timezone` (empty or `-`): the clock time's instant is not known".into(),
            );
        }
        // UTC by any of its names (`Etc/UTC` as Linux's zone database calls it).
        Some(z)
            if [
                "UTC", "Z", "GMT", "Etc/UTC", "Etc/GMT", "UCT", "Etc/UCT", "Zulu", "Etc/Zulu",
            ]
            .iter()
            .any(|u| u.eq_ignore_ascii_case(z)) =>
        {
            0
        }
        Some(z) => match super::iso::parse(&format!("2000-01-01T00:00{z}")) {
            Ok(i) => match i.zone {
                super::iso::Zone::Offset(m) => m,
                _ => return Err(zone_error(z)),
            },
            Err(_) => return Err(zone_error(z)),
        },
    };
    let time = time.ok_or("no `time`")?;
    let parts: Vec<Option<u32>> = time.split(':').map(num).collect();
    let [Some(h), Some(mi), Some(s)] = parts[..] else {
        return Err(format!("`time` `{time}` is not `hh:mm:ss`"));
    };
    if h > 23 || mi > 59 || s > 59 {
        return Err(format!("`time` `{time}` is out of range"));
    }
    let local = Civil {
        year: i64::from(y),
        month: m,
        day: d,
        hour: h,
        minute: mi,
        second: s,
    }
    .to_instant();
    let at = local - i64::from(offset) * 60;
    let written = match zone {
        Some(z) => format!("{date} {time} {z}"),
        None => format!("{date} {time}"),
    };
    let mut t = UncertainTime::between(written.into(), at, at, Precision::Second);
    t.offset_minutes = Some(offset);
    Ok(t)
}

fn zone_error(z: &str) -> String {
    format!(
        "`timezone` `{z}` is not UTC and timeband has no time-zone database to convert it; export with `psort --output_time_zone UTC`"
    )
}

/// Names of l2tcsv columns as the attributes show them (plaso's own names).
fn l2t_name(column: &str) -> &str {
    match column {
        "type" => "timestamp_desc",
        "short" => "message_short",
        "desc" => "message",
        "source" => "source_short",
        "sourcetype" => "source_long",
        "format" => "parser",
        "notes" => "tag",
        "macb" => "MACB",
        other => other,
    }
}

pub(super) fn load_l2t(name: &str, text: &str) -> Result<Loaded, LoadError> {
    let (mut reader, headers) = super::sink::sheet(name, text)?;
    if !is_l2t_header(&headers) {
        return Err(LoadError::new(
            name,
            1,
            1,
            format!(
                "expected plaso's l2tcsv header `{}`; found: {}",
                L2T.join(","),
                headers.join(",")
            ),
        ));
    }
    let names: Vec<&str> = headers.iter().map(|h| l2t_name(h)).collect();
    let mut sink = Sink::new(name, Format::PlasoL2t);
    for (n, row) in reader.records().enumerate() {
        let Some((record, line)) = sink.row(n, row, text) else {
            continue;
        };
        let mut fields: Vec<(&str, &str)> = names.iter().copied().zip(record.iter()).collect();
        let get = |k: &str| {
            fields
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty() && *v != "-")
        };
        let time = date_time(get("date"), get("time"), get("timezone"));
        // The short message is the title unless the long one says the same.
        let short = get("message_short");
        let long = get("message");
        if short.is_some() && short == long {
            fields.retain(|(k, _)| *k != "message_short");
        }
        let keep: Vec<(&str, &str)> = fields
            .into_iter()
            .filter(|(k, _)| !matches!(*k, "date" | "time" | "timezone"))
            .collect();
        super::timesketch::push_row(&mut sink, line, &keep, time, "plaso");
    }
    sink.b.date_reading("date, time", PLASO_DATE_TIME.into());
    Ok(sink.finish())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::format_iso_datetime;

    #[test]
    fn dates_as_plaso_writes_them() {
        let t = date_time(Some("06/27/2012"), Some("18:17:01"), Some("UTC")).unwrap();
        assert_eq!(
            t.earliest_start
                .instant()
                .map(format_iso_datetime)
                .as_deref(),
            Some("2012-06-27T18:17:01Z")
        );
        let t = date_time(Some("2012-06-27"), Some("18:17:01"), Some("+02:00")).unwrap();
        assert_eq!(
            t.earliest_start
                .instant()
                .map(format_iso_datetime)
                .as_deref(),
            Some("2012-06-27T16:17:01Z")
        );
        assert!(
            date_time(Some("00/00/0000"), Some("00:00:00"), Some("UTC"))
                .unwrap_err()
                .contains("no date")
        );
        assert!(
            date_time(
                Some("06/27/2012"),
                Some("18:17:01"),
                Some("Australia/Sydney")
            )
            .unwrap_err()
            .contains("time-zone database")
        );
        assert!(date_time(Some("13/27/2012"), Some("18:17:01"), Some("UTC")).is_err());
        // UTC by another name.
        assert!(date_time(Some("06/27/2012"), Some("18:17:01"), Some("Etc/UTC")).is_ok());
        // No zone: no instant.
        let e = date_time(Some("06/27/2012"), Some("18:17:01"), None).unwrap_err();
        assert!(e.contains("no `timezone`"), "{e}");
    }
}
