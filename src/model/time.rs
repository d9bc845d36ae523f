//! An uncertain time: the text as written, its precision and qualifiers, and the four points
//! (earliest start, latest start, earliest end, latest end) of the SIMILE four-point model.
//!
//! Instants are whole seconds since 1970-01-01T00:00:00Z on the proleptic Gregorian calendar with
//! astronomical years (year 0 exists), held in an `i64` so that geological and far-future years fit.

use compact_str::CompactString;
use std::fmt;
use std::sync::Arc;

/// Seconds since 1970-01-01T00:00:00 UTC.
pub type Instant = i64;

/// Seconds in one day.
pub const DAY: i64 = 86_400;

/// The largest year magnitude we accept; beyond it seconds would no longer fit comfortably in i64.
pub const MAX_YEAR: i64 = 100_000_000_000;

/// One end of a bound: a known instant, open (`..`, runs to ±infinity), or unknown (empty).
/// Eight bytes (an instant, or one of two values no instant takes: years stop at
/// [`MAX_YEAR`]): a time holds six, and a data set hundreds of thousands of times. Match on
/// [`Bound::edge`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bound(i64);

/// What a [`Bound`] is, to match on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    At(Instant),
    /// Written `..`: the interval is open on this side.
    Open,
    /// Written as nothing: the end exists but is not known.
    Unknown,
}

impl Bound {
    /// Written `..`: the interval is open on this side.
    pub const OPEN: Bound = Bound(i64::MIN);
    /// Written as nothing: the end exists but is not known.
    pub const UNKNOWN: Bound = Bound(i64::MIN + 1);

    /// A known instant (instants past ±[`MAX_YEAR`] years do not occur; the two lowest values
    /// of an `i64` are taken by [`Bound::OPEN`] and [`Bound::UNKNOWN`], and read as the next).
    pub const fn at(t: Instant) -> Bound {
        Bound(if t < i64::MIN + 2 { i64::MIN + 2 } else { t })
    }

    /// The instant, if this bound is known.
    pub fn instant(self) -> Option<Instant> {
        match self.edge() {
            Edge::At(t) => Some(t),
            _ => None,
        }
    }

    pub fn edge(self) -> Edge {
        match self {
            Bound::OPEN => Edge::Open,
            Bound::UNKNOWN => Edge::Unknown,
            Bound(t) => Edge::At(t),
        }
    }
}

impl From<Edge> for Bound {
    fn from(e: Edge) -> Bound {
        match e {
            Edge::At(t) => Bound::at(t),
            Edge::Open => Bound::OPEN,
            Edge::Unknown => Bound::UNKNOWN,
        }
    }
}

impl fmt::Debug for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.edge().fmt(f)
    }
}

/// How finely a time was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    /// A season, quarter or other sub-year grouping (EDTF codes 21–41).
    SubYear,
    Year,
    Decade,
    Century,
    /// Coarser than a century: significant digits or exponent years.
    Millennia,
}

impl Precision {
    /// The word used in output and documentation.
    pub fn name(self) -> &'static str {
        match self {
            Precision::Second => "second",
            Precision::Minute => "minute",
            Precision::Hour => "hour",
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::SubYear => "season",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Century => "century",
            Precision::Millennia => "millennia",
        }
    }
}

/// EDTF qualifiers of one component (or of a whole date).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Qualifiers {
    /// `?`: the source is not sure.
    pub uncertain: bool,
    /// `~`: roughly this.
    pub approximate: bool,
}

impl Qualifiers {
    pub fn any(self) -> bool {
        self.uncertain || self.approximate
    }
    pub fn merge(self, other: Qualifiers) -> Qualifiers {
        Qualifiers {
            uncertain: self.uncertain || other.uncertain,
            approximate: self.approximate || other.approximate,
        }
    }
}

/// Which parts of a time carry qualifiers, and whether digits were left unspecified (`X`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TimeQualifiers {
    /// Union over all components of both ends.
    pub overall: Qualifiers,
    pub year: Qualifiers,
    pub month: Qualifiers,
    pub day: Qualifiers,
    /// Some digit was written `X`.
    pub unspecified: bool,
    /// A set `[..]` (one of) or `{..}` (all of) was written.
    pub set: bool,
}

/// A time whose exact value may not be known.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UncertainTime {
    /// What was written, verbatim, for display; held in place when short (most dates), so a
    /// table of times compares texts without reading another allocation.
    pub written: CompactString,
    /// The EDTF (or other machine form) it was read from, when `written` is free text.
    pub edtf: Option<Arc<str>>,
    pub precision: Precision,
    pub qualifiers: TimeQualifiers,
    /// The four points, including the documented widening for approximate (`~`) components.
    pub earliest_start: Bound,
    pub latest_start: Bound,
    pub earliest_end: Bound,
    pub latest_end: Bound,
    /// The strict interval the text denotes, without widening (what EDTF itself defines).
    pub strict_earliest: Bound,
    pub strict_latest: Bound,
    /// A UTC offset written in the text, in minutes, kept for display.
    pub offset_minutes: Option<i32>,
}

impl UncertainTime {
    /// An instant known only to lie between two instants (inclusive), e.g. bounds exported by
    /// another tool.
    pub fn between(
        written: CompactString,
        lower: Instant,
        upper: Instant,
        precision: Precision,
    ) -> UncertainTime {
        UncertainTime {
            written,
            edtf: None,
            precision,
            qualifiers: TimeQualifiers::default(),
            earliest_start: Bound::at(lower),
            latest_start: Bound::at(upper),
            earliest_end: Bound::at(lower),
            latest_end: Bound::at(upper),
            strict_earliest: Bound::at(lower),
            strict_latest: Bound::at(upper),
            offset_minutes: None,
        }
    }

    /// The outermost known instant on the left, if any.
    pub fn earliest(&self) -> Option<Instant> {
        self.earliest_start
            .instant()
            .or(self.latest_start.instant())
            .or(self.earliest_end.instant())
    }

    /// The outermost known instant on the right, if any.
    pub fn latest(&self) -> Option<Instant> {
        self.latest_end
            .instant()
            .or(self.earliest_end.instant())
            .or(self.latest_start.instant())
    }

    /// The span in which the event surely takes place (`latest_start..earliest_end`), if it has one.
    pub fn core(&self) -> Option<(Instant, Instant)> {
        match (self.latest_start.edge(), self.earliest_end.edge()) {
            (Edge::At(a), Edge::At(b)) if a < b => Some((a, b)),
            _ => None,
        }
    }

    /// True when the start bounds equal the end bounds: an instant, however imprecisely known.
    pub fn is_point(&self) -> bool {
        self.earliest_start == self.earliest_end && self.latest_start == self.latest_end
    }

    /// The bounds in plain words: "13 Sep 2023", "sometime between 1 and 30 Sep 2023",
    /// "from 25 Jul 2023 to 27 Jul 2023".
    pub fn describe(&self) -> String {
        let fine = self.precision <= Precision::Hour;
        let show = |b: Bound, latest: bool| match b.edge() {
            Edge::At(t) if fine => format_human_datetime(t, self.offset_minutes),
            Edge::At(t) => format_human_date(t),
            Edge::Open => {
                if latest {
                    "ongoing".into()
                } else {
                    "the open past".into()
                }
            }
            Edge::Unknown => "an unknown time".into(),
        };
        if self.is_point() {
            let (a, b) = (self.earliest_start, self.latest_start);
            match (a.edge(), b.edge()) {
                (Edge::At(x), Edge::At(y)) if same_display(x, y, fine) => show(a, false),
                (Edge::At(x), Edge::At(y)) => {
                    format!(
                        "sometime between {}",
                        between(x, y, fine, self.offset_minutes)
                    )
                }
                _ => format!("sometime between {} and {}", show(a, false), show(b, true)),
            }
        } else {
            let start = match (self.earliest_start.edge(), self.latest_start.edge()) {
                (Edge::At(x), Edge::At(y)) if !same_display(x, y, fine) => {
                    format!(
                        "sometime between {}",
                        between(x, y, fine, self.offset_minutes)
                    )
                }
                _ => show(self.earliest_start, false),
            };
            let end = match (self.earliest_end.edge(), self.latest_end.edge()) {
                (Edge::At(x), Edge::At(y)) if !same_display(x, y, fine) => {
                    format!(
                        "sometime between {}",
                        between(x, y, fine, self.offset_minutes)
                    )
                }
                _ => show(self.latest_end, true),
            };
            match (self.earliest_start.edge(), self.latest_end.edge()) {
                (Edge::Open, _) => format!("until {end}"),
                (_, Edge::Open) => format!("from {start}, open-ended"),
                (_, Edge::Unknown) => format!("from {start} to an unknown end"),
                (Edge::Unknown, _) => format!("from an unknown start to {end}"),
                _ => format!("from {start} to {end}"),
            }
        }
    }
}

fn same_display(a: Instant, b: Instant, fine: bool) -> bool {
    if fine {
        // The same minute reads as one ("14:30"): a time written to the minute is not
        // "sometime between 14:30 and 14:30:59".
        a == b || (a.rem_euclid(60) == 0 && b - a == 59)
    } else {
        a.div_euclid(DAY) == b.div_euclid(DAY)
    }
}

/// "1 and 30 Sep 2023", "30 Aug and 2 Sep 2023", "Dec 2022 and Jan 2023" in words.
fn between(a: Instant, b: Instant, fine: bool, offset: Option<i32>) -> String {
    if fine {
        return format!(
            "{} and {}",
            format_human_datetime(a, offset),
            format_human_datetime(b, offset)
        );
    }
    let (ca, cb) = (Civil::from_instant(a), Civil::from_instant(b));
    if ca.year == cb.year && ca.month == cb.month {
        format!(
            "{} and {} {} {}",
            ca.day,
            cb.day,
            month_abbrev(cb.month),
            year_text(cb.year)
        )
    } else if ca.year == cb.year {
        format!(
            "{} {} and {} {} {}",
            ca.day,
            month_abbrev(ca.month),
            cb.day,
            month_abbrev(cb.month),
            year_text(cb.year)
        )
    } else {
        format!("{} and {}", format_human_date(a), format_human_date(b))
    }
}

/// A calendar date and time of day in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl Civil {
    pub fn date(year: i64, month: u32, day: u32) -> Civil {
        Civil {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        }
    }

    /// The instant of this civil time in UTC.
    pub fn to_instant(self) -> Instant {
        days_from_civil(self.year, self.month, self.day) * DAY
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    pub fn from_instant(t: Instant) -> Civil {
        let days = t.div_euclid(DAY);
        let secs = t.rem_euclid(DAY);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: ((secs % 3600) / 60) as u32,
            second: (secs % 60) as u32,
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm, exact for
/// any year in range).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub fn is_leap(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Adds whole months to an instant, clamping the day to the target month's length.
pub fn add_months(t: Instant, months: i64) -> Instant {
    let c = Civil::from_instant(t);
    let total = c.year * 12 + i64::from(c.month) - 1 + months;
    let year = total.div_euclid(12);
    let month = (total.rem_euclid(12) + 1) as u32;
    let day = c.day.min(days_in_month(year, month));
    Civil {
        year,
        month,
        day,
        ..c
    }
    .to_instant()
}

/// A year in words: "2023", or "44 BCE" for astronomical year -43.
pub fn year_text(year: i64) -> String {
    if year <= 0 {
        format!("{} BCE", 1 - year)
    } else {
        year.to_string()
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The day of the week of a day of the proleptic Gregorian calendar, 0 for Sunday.
pub fn weekday(year: i64, month: u32, day: u32) -> usize {
    // 1970-01-01 was a Thursday.
    (days_from_civil(year, month, day) + 4).rem_euclid(7) as usize
}

/// "Sunday" for 0 … "Saturday" for 6; "" for anything else.
pub fn weekday_name(weekday: usize) -> &'static str {
    WEEKDAY_NAMES.get(weekday).copied().unwrap_or("")
}

/// "September" for 9; "" for anything that is not a month.
pub fn month_name(month: u32) -> &'static str {
    MONTH_NAMES
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// "Sep" for 9; "?" for anything that is not a month.
pub fn month_abbrev(month: u32) -> &'static str {
    MONTHS
        .get((month as usize).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// "13 Sep 2023".
pub fn format_human_date(t: Instant) -> String {
    let c = Civil::from_instant(t);
    format!("{} {} {}", c.day, month_abbrev(c.month), year_text(c.year))
}

/// "13 Sep 2023 11:43 (UTC+09:00)" when an offset was written, else "13 Sep 2023 02:43 UTC".
pub fn format_human_datetime(t: Instant, offset_minutes: Option<i32>) -> String {
    let c = Civil::from_instant(t + i64::from(offset_minutes.unwrap_or(0)) * 60);
    // Seconds where there are some: a log's events a second apart read apart.
    let seconds = if c.second == 0 {
        String::new()
    } else {
        format!(":{:02}", c.second)
    };
    let zone = match offset_minutes {
        Some(off) => format!("(UTC{})", format_offset(off)),
        None => "UTC".to_string(),
    };
    format!(
        "{} {} {} {:02}:{:02}{seconds} {zone}",
        c.day,
        month_abbrev(c.month),
        year_text(c.year),
        c.hour,
        c.minute
    )
}

/// "+09:00".
pub fn format_offset(minutes: i32) -> String {
    let sign = if minutes < 0 { '-' } else { '+' };
    let m = minutes.unsigned_abs();
    format!("{sign}{:02}:{:02}", m / 60, m % 60)
}

fn iso_year(year: i64) -> String {
    if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if (-9999..0).contains(&year) {
        format!("-{:04}", -year)
    } else {
        year.to_string()
    }
}

/// ISO 8601 date: "2023-09-13", "-0001-01-01", "170000002-01-01".
pub fn format_iso_date(t: Instant) -> String {
    let c = Civil::from_instant(t);
    format!("{}-{:02}-{:02}", iso_year(c.year), c.month, c.day)
}

/// ISO 8601 date-time in UTC: "2023-09-13T02:43:00Z".
pub fn format_iso_datetime(t: Instant) -> String {
    let c = Civil::from_instant(t);
    format!(
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        iso_year(c.year),
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second
    )
}

/// The ISO form that suits a precision: a date for a day or coarser, a date-time for finer.
pub fn format_iso(t: Instant, precision: Precision) -> String {
    if precision <= Precision::Hour {
        format_iso_datetime(t)
    } else {
        format_iso_date(t)
    }
}

impl fmt::Display for UncertainTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.written)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_time_written_to_the_minute_reads_as_that_minute() {
        let t = super::Civil::date(1925, 10, 30).to_instant() + 14 * 3600 + 30 * 60;
        let time = super::UncertainTime::between(
            "30 Oct 1925 14:30".into(),
            t,
            t + 59,
            super::Precision::Minute,
        );
        assert_eq!(time.describe(), "30 Oct 1925 14:30 UTC");
    }

    #[test]
    fn a_time_of_day_shows_its_seconds_where_it_has_some() {
        let t = super::Civil::date(2015, 7, 24).to_instant() + 19 * 3600 + 60;
        assert_eq!(
            super::format_human_datetime(t, None),
            "24 Jul 2015 19:01 UTC"
        );
        assert_eq!(
            super::format_human_datetime(t + 2, None),
            "24 Jul 2015 19:01:02 UTC"
        );
        assert_eq!(
            super::format_human_datetime(t + 2, Some(120)),
            "24 Jul 2015 21:01:02 (UTC+02:00)"
        );
    }

    use super::*;

    #[test]
    fn civil_round_trips_across_eras() {
        for &(y, m, d) in &[
            (1970, 1, 1),
            (2023, 9, 13),
            (0, 2, 29),
            (-1, 12, 31),
            (170_000_002, 1, 1),
            (-9999, 1, 1),
        ] {
            let days = days_from_civil(y, m, d);
            assert_eq!(civil_from_days(days), (y, m, d));
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
    }

    #[test]
    fn leap_years_follow_gregorian_rules() {
        assert!(is_leap(2000) && is_leap(2016) && is_leap(0) && is_leap(-4));
        assert!(!is_leap(1900) && !is_leap(2017) && !is_leap(-1));
    }

    #[test]
    fn add_months_clamps_day() {
        let t = Civil::date(2023, 1, 31).to_instant();
        assert_eq!(format_iso_date(add_months(t, 1)), "2023-02-28");
        assert_eq!(format_iso_date(add_months(t, -2)), "2022-11-30");
    }

    #[test]
    fn iso_formatting_pads_and_signs_years() {
        assert_eq!(
            format_iso_date(Civil::date(-1, 1, 1).to_instant()),
            "-0001-01-01"
        );
        assert_eq!(
            format_iso_date(Civil::date(170_000_002, 12, 31).to_instant()),
            "170000002-12-31"
        );
        assert_eq!(format_offset(-75), "-01:15");
    }
}
