//! ISO 8601 date-times as forensic and web tools write them: `2015-07-24T19:01:01+00:00`,
//! `2024-07-24 10:57:02.877297Z`, `2012-06-27T18:17:01.000000+0000`, vis-timeline's six-digit
//! signed years (`-000400-01-01`). Stricter than "anything chrono accepts" on purpose: a time
//! with a clock but no zone is reported, never guessed as UTC (see [`Zone`]).

use crate::model::time::{Civil, DAY, add_months, days_in_month};
use crate::model::{Instant, Precision, UncertainTime};

/// Whether the text named its UTC offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Zone {
    /// `Z`, `+00:00`, `+0000`, `-05:00`…: the offset in minutes.
    Offset(i32),
    /// A date with a clock time but no offset: local time of an unknown place.
    Missing,
    /// A date without a clock time: no zone is needed.
    NotNeeded,
}

/// An ISO date or date-time read exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Iso {
    /// The first instant the text denotes (in UTC when the zone is known; as written otherwise).
    pub lower: Instant,
    /// The last instant it denotes (the end of the day for a date, the second itself for a time).
    pub upper: Instant,
    pub precision: Precision,
    pub zone: Zone,
}

impl Iso {
    /// As a time, keeping `written` for display. `None` when a clock time had no zone.
    pub fn time(self, written: &str) -> Option<UncertainTime> {
        let offset = match self.zone {
            Zone::Missing => return None,
            Zone::Offset(m) => Some(m),
            Zone::NotNeeded => None,
        };
        let mut t = UncertainTime::between(written.into(), self.lower, self.upper, self.precision);
        t.offset_minutes = offset.filter(|_| self.precision <= Precision::Hour);
        Some(t)
    }
}

fn digits(s: &[u8], at: usize, n: usize) -> Option<i64> {
    let part = s.get(at..at + n)?;
    if !part.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(
        part.iter()
            .fold(0i64, |acc, d| acc * 10 + i64::from(d - b'0')),
    )
}

/// Reads `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, optionally `T` or a space and `hh:mm`, `:ss`,
/// `.fraction`, then `Z`, `±hh:mm`, `±hhmm` or `±hh`. A signed year may have 4 to 6 digits.
pub(crate) fn parse(text: &str) -> Result<Iso, String> {
    let s = text.trim().as_bytes();
    let bad = |what: &str| format!("`{}` is not an ISO 8601 date-time ({what})", text.trim());
    let mut i = 0;
    let sign = match s.first() {
        Some(b'-') => {
            i = 1;
            -1
        }
        Some(b'+') => {
            i = 1;
            1
        }
        _ => 1,
    };
    let year_len = s
        .get(i..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if !(4..=6).contains(&year_len) || (i == 0 && year_len != 4) {
        return Err(bad(
            "expected a four-digit year, or a signed year of up to six digits",
        ));
    }
    let year = sign * digits(s, i, year_len).ok_or_else(|| bad("year"))?;
    i += year_len;
    let mut month = None;
    let mut day = None;
    if s.get(i) == Some(&b'-') {
        month = Some(digits(s, i + 1, 2).ok_or_else(|| bad("expected a two-digit month"))?);
        i += 3;
        if s.get(i) == Some(&b'-') {
            day = Some(digits(s, i + 1, 2).ok_or_else(|| bad("expected a two-digit day"))?);
            i += 3;
        }
    }
    let m = month.unwrap_or(1);
    if !(1..=12).contains(&m) {
        return Err(bad("month out of range"));
    }
    let d = day.unwrap_or(1);
    if d < 1 || d > i64::from(days_in_month(year, m as u32)) {
        return Err(bad("day out of range"));
    }
    let date = Civil::date(year, m as u32, d as u32).to_instant();
    if i == s.len() {
        let (upper, precision) = match (month, day) {
            (None, _) => (add_months(date, 12) - 1, Precision::Year),
            (Some(_), None) => (add_months(date, 1) - 1, Precision::Month),
            (Some(_), Some(_)) => (date + DAY - 1, Precision::Day),
        };
        return Ok(Iso {
            lower: date,
            upper,
            precision,
            zone: Zone::NotNeeded,
        });
    }
    if day.is_none() && matches!(s.get(i), Some(b'T' | b't' | b' ')) {
        // `1234 19:01:01`: a clock time needs a whole date (year, month and day) before it.
        return Err(bad(
            "a clock time needs a whole date before it, written `YYYY-MM-DD`",
        ));
    }
    if day.is_none() || !matches!(s.get(i), Some(b'T' | b't' | b' ')) {
        return Err(bad("expected `T` or a space before the clock time"));
    }
    i += 1;
    let hour = digits(s, i, 2).ok_or_else(|| bad("expected a two-digit hour"))?;
    i += 2;
    if s.get(i) != Some(&b':') {
        return Err(bad("expected `hh:mm`"));
    }
    let minute = digits(s, i + 1, 2).ok_or_else(|| bad("expected two-digit minutes"))?;
    i += 3;
    let mut second = None;
    if s.get(i) == Some(&b':') {
        second = Some(digits(s, i + 1, 2).ok_or_else(|| bad("expected two-digit seconds"))?);
        i += 3;
        if matches!(s.get(i), Some(b'.' | b',')) {
            let n = s
                .get(i + 1..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            if n == 0 {
                return Err(bad("expected digits after the decimal point"));
            }
            i += 1 + n;
        }
    }
    if hour > 23 || minute > 59 || second.unwrap_or(0) > 59 {
        return Err(bad("clock time out of range"));
    }
    let rest = s.get(i..).unwrap_or_default();
    let zone = match rest {
        [] => Zone::Missing,
        [b'Z' | b'z'] => Zone::Offset(0),
        [b' ', b'U', b'T', b'C'] => Zone::Offset(0),
        [sg @ (b'+' | b'-'), ..] => {
            let off = rest.get(1..).unwrap_or_default();
            let (h, mi) = match off.len() {
                2 => (digits(off, 0, 2), Some(0)),
                4 => (digits(off, 0, 2), digits(off, 2, 2)),
                5 if off.get(2) == Some(&b':') => (digits(off, 0, 2), digits(off, 3, 2)),
                _ => (None, None),
            };
            match (h, mi) {
                (Some(h), Some(mi)) if h <= 23 && mi <= 59 => {
                    let m = (h * 60 + mi) as i32;
                    Zone::Offset(if *sg == b'-' { -m } else { m })
                }
                _ => return Err(bad("expected a UTC offset `Z`, `±hh:mm` or `±hhmm`")),
            }
        }
        _ => return Err(bad("unexpected text after the time")),
    };
    let local = date + hour * 3600 + minute * 60 + second.unwrap_or(0);
    let lower = match zone {
        Zone::Offset(m) => local - i64::from(m) * 60,
        _ => local,
    };
    let (upper, precision) = match second {
        Some(_) => (lower, Precision::Second),
        None => (lower + 59, Precision::Minute),
    };
    Ok(Iso {
        lower,
        upper,
        precision,
        zone,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::format_iso_datetime;

    fn utc(s: &str) -> String {
        format_iso_datetime(parse(s).map(|i| i.lower).unwrap_or(i64::MIN))
    }

    #[test]
    fn reads_the_forms_timesketch_accepts() {
        assert_eq!(utc("2015-07-24T19:01:01+00:00"), "2015-07-24T19:01:01Z");
        assert_eq!(utc("2015-07-24 19:01:01+0000"), "2015-07-24T19:01:01Z");
        assert_eq!(utc("2024-07-24T10:57:02.877297Z"), "2024-07-24T10:57:02Z");
        assert_eq!(utc("2015-07-24T21:01:01+02:00"), "2015-07-24T19:01:01Z");
        assert_eq!(utc("2015-07-24T14:01:01-05"), "2015-07-24T19:01:01Z");
    }

    #[test]
    fn a_clock_time_without_a_zone_is_not_guessed() {
        let i = parse("2017-09-24 19:01:01").unwrap();
        assert_eq!(i.zone, Zone::Missing);
        assert!(i.time("2017-09-24 19:01:01").is_none());
        // The message names what is missing: the space is there, the month and day are not.
        let e = parse("1234 19:01:01").unwrap_err();
        assert!(e.contains("needs a whole date before it"), "{e}");
        assert!(!e.contains("expected `T` or a space"), "{e}");
        assert!(
            parse("2017-07-24X19:01:01Z")
                .unwrap_err()
                .contains("expected `T` or a space")
        );
        assert!(parse("2017-02-30").is_err());
        assert!(parse("2017-07-24T25:00:00Z").is_err());
        assert!(parse("2017-07-24T10:00:00+25:00").is_err());
    }

    #[test]
    fn six_digit_signed_years_and_coarse_dates() {
        let i = parse("-000400-01-01").unwrap();
        assert_eq!(Civil::from_instant(i.lower).year, -400);
        assert_eq!(i.precision, Precision::Day);
        let y = parse("+010000-06").unwrap();
        assert_eq!(Civil::from_instant(y.lower).year, 10000);
        assert_eq!(y.precision, Precision::Month);
        assert_eq!(parse("2014").unwrap().precision, Precision::Year);
        assert!(parse("14-04-20").is_err());
    }
}
