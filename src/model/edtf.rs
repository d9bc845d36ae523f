//! EDTF (ISO 8601-2) text → [`UncertainTime`]. Levels 0 and 1 completely; from level 2, component
//! qualifiers, `X` in any digit, sets `[..]` / `{..}`, sub-year groupings 21–41, exponent and
//! significant-digit years. Pure functions; see docs/FORMAT.md for the implementation-defined choices.

use super::time::{
    Bound, Civil, DAY, Instant, MAX_YEAR, Precision, Qualifiers, TimeQualifiers, UncertainTime,
    add_months, days_in_month,
};
use std::fmt;

/// Why a text is not a valid EDTF date, and where (1-based character column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdtfError {
    pub column: usize,
    pub message: String,
}

impl fmt::Display for EdtfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for EdtfError {}

/// Parses an EDTF expression.
pub fn parse(text: &str) -> Result<UncertainTime, EdtfError> {
    // Most dates have no space around them to trim.
    let bare = matches!(
        (text.as_bytes().first(), text.as_bytes().last()),
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic()
    );
    let (trimmed, lead) = if bare {
        (text, 0)
    } else {
        (text.trim(), text.len() - text.trim_start().len())
    };
    if trimmed.is_empty() {
        return Err(EdtfError {
            column: 1,
            message: "expected a date, found nothing".into(),
        });
    }
    if let Some((i, c)) = trimmed.char_indices().find(|(_, c)| !c.is_ascii()) {
        return Err(EdtfError {
            column: lead + trimmed[..i].chars().count() + 1,
            message: format!(
                "unexpected character `{c}`; EDTF uses only digits, `-`, `/`, `X`, `?`, `~`, `%`, `[`, `{{`, `..`"
            ),
        });
    }
    let mut p = Parser {
        s: trimmed.as_bytes(),
        pos: 0,
        lead,
    };
    let parsed = p.expression()?;
    Ok(parsed.into_time(text))
}

/// The strict interval of one date, with what is needed to widen it.
#[derive(Clone, Copy, Debug)]
struct Span {
    lower: Instant,
    upper: Instant,
    precision: Precision,
    quals: TimeQualifiers,
    /// Months or seconds to widen each side by, when approximate.
    widen: Widen,
    offset: Option<i32>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Widen {
    None,
    Seconds(i64),
    Months(i64),
}

impl Span {
    fn fuzzy(&self) -> (Instant, Instant) {
        match self.widen {
            Widen::None => (self.lower, self.upper),
            Widen::Seconds(s) => (self.lower.saturating_sub(s), self.upper.saturating_add(s)),
            // The upper bound is the last second of a period: widen from the first second after
            // it, so that month lengths do not clip the end (Sep~ runs to the end of October).
            Widen::Months(m) => (
                add_months(self.lower, -m),
                add_months(self.upper.saturating_add(1), m).saturating_sub(1),
            ),
        }
    }
}

/// One end of an interval or set member.
#[derive(Clone, Copy, Debug)]
enum End {
    Date(Span),
    Open,
    Unknown,
}

struct Parsed {
    start: (Bound, Bound),
    end: (Bound, Bound),
    strict: (Bound, Bound),
    precision: Precision,
    quals: TimeQualifiers,
    offset: Option<i32>,
}

impl Parsed {
    fn into_time(self, written: &str) -> UncertainTime {
        UncertainTime {
            written: written.into(),
            edtf: None,
            precision: self.precision,
            qualifiers: self.quals,
            earliest_start: self.start.0,
            latest_start: self.start.1,
            earliest_end: self.end.0,
            latest_end: self.end.1,
            strict_earliest: self.strict.0,
            strict_latest: self.strict.1,
            offset_minutes: self.offset,
        }
    }

    fn point(span: Span) -> Parsed {
        let (lo, hi) = span.fuzzy();
        Parsed {
            start: (Bound::at(lo), Bound::at(hi)),
            end: (Bound::at(lo), Bound::at(hi)),
            strict: (Bound::at(span.lower), Bound::at(span.upper)),
            precision: span.precision,
            quals: span.quals,
            offset: span.offset,
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    lead: usize,
}

type R<T> = Result<T, EdtfError>;

impl<'a> Parser<'a> {
    fn err<T>(&self, at: usize, message: impl Into<String>) -> R<T> {
        Err(EdtfError {
            column: self.lead + at + 1,
            message: message.into(),
        })
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<u8> {
        self.s.get(self.pos + k).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn at_dots(&self) -> bool {
        self.peek() == Some(b'.') && self.peek_at(1) == Some(b'.')
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.pos += 1;
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(c) => format!("found `{}`", c as char),
            None => "found the end".into(),
        }
    }

    fn expression(&mut self) -> R<Parsed> {
        let parsed = match self.peek() {
            Some(b'[') | Some(b'{') => self.set()?,
            _ => self.interval_or_date()?,
        };
        if self.pos < self.s.len() {
            return self.err(
                self.pos,
                format!("expected the end of the date, {}", self.found()),
            );
        }
        Ok(parsed)
    }

    fn end_part(&mut self) -> R<End> {
        if self.at_dots() {
            self.pos += 2;
            return Ok(End::Open);
        }
        if self.peek().is_none() || self.peek() == Some(b'/') {
            return Ok(End::Unknown);
        }
        Ok(End::Date(self.date()?))
    }

    fn interval_or_date(&mut self) -> R<Parsed> {
        let start_pos = self.pos;
        let first = self.end_part()?;
        if !self.eat(b'/') {
            return match first {
                End::Date(span) => Ok(Parsed::point(span)),
                End::Open => self.err(
                    start_pos,
                    "`..` stands only at one end of an interval, e.g. `2023-09/..`",
                ),
                End::Unknown => self.err(start_pos, "expected a date"),
            };
        }
        let end_pos = self.pos;
        let second = self.end_part()?;
        if let (End::Date(a), End::Date(b)) = (first, second) {
            if b.upper < a.lower {
                return self.err(end_pos, "the end of the interval is before its start");
            }
            if a.precision == Precision::SubYear || b.precision == Precision::SubYear {
                // Seasons have no fixed months across implementations; an interval of them is
                // ambiguous, so we refuse it rather than guess.
                return self.err(
                    start_pos,
                    "an interval cannot run between seasons or quarters; write months instead",
                );
            }
        }
        let side = |e: End| match e {
            End::Date(s) => {
                let (lo, hi) = s.fuzzy();
                (
                    (Bound::at(lo), Bound::at(hi)),
                    (Bound::at(s.lower), Bound::at(s.upper)),
                )
            }
            End::Open => ((Bound::OPEN, Bound::OPEN), (Bound::OPEN, Bound::OPEN)),
            End::Unknown => (
                (Bound::UNKNOWN, Bound::UNKNOWN),
                (Bound::UNKNOWN, Bound::UNKNOWN),
            ),
        };
        let (start, strict_start) = side(first);
        let (end, strict_end) = side(second);
        let spans = [first, second].map(|e| if let End::Date(s) = e { Some(s) } else { None });
        let spans = spans.iter().flatten();
        Ok(Parsed {
            start,
            end,
            strict: (strict_start.0, strict_end.1),
            precision: spans
                .clone()
                .map(|s| s.precision)
                .min()
                .unwrap_or(Precision::Year),
            quals: merge_quals(spans.clone()),
            offset: spans.clone().find_map(|s| s.offset),
        })
    }

    fn set(&mut self) -> R<Parsed> {
        let open_pos = self.pos;
        let one_of = self.peek() == Some(b'[');
        self.pos += 1;
        let close = if one_of { b']' } else { b'}' };
        // Each member: (lower, upper) as bounds, plus its spans for precision and qualifiers.
        let mut members: Vec<(Bound, Bound)> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        loop {
            self.skip_spaces();
            let member_pos = self.pos;
            let (lo, hi) = if self.at_dots() {
                self.pos += 2;
                let s = self.date()?;
                spans.push(s);
                (Bound::OPEN, Bound::at(s.upper))
            } else {
                let a = self.date()?;
                spans.push(a);
                if self.at_dots() {
                    self.pos += 2;
                    if matches!(self.peek(), Some(b',') | Some(b' ')) || self.peek() == Some(close)
                    {
                        (Bound::at(a.lower), Bound::OPEN)
                    } else {
                        let b = self.date()?;
                        spans.push(b);
                        if b.upper < a.lower {
                            return self
                                .err(member_pos, "the range in the set ends before it starts");
                        }
                        (Bound::at(a.lower), Bound::at(b.upper))
                    }
                } else {
                    (Bound::at(a.lower), Bound::at(a.upper))
                }
            };
            members.push((lo, hi));
            self.skip_spaces();
            if self.eat(b',') {
                continue;
            }
            if self.eat(close) {
                break;
            }
            return self.err(
                self.pos,
                format!(
                    "expected `,` or `{}` in the set, {}",
                    close as char,
                    self.found()
                ),
            );
        }
        if members.is_empty() {
            return self.err(open_pos, "a set needs at least one date");
        }
        let lower_key = |b: Bound| b.instant().unwrap_or(i64::MIN);
        let upper_key = |b: Bound| b.instant().unwrap_or(i64::MAX);
        let first = members
            .iter()
            .copied()
            .min_by_key(|m| lower_key(m.0))
            .unwrap_or((Bound::UNKNOWN, Bound::UNKNOWN));
        let last = members
            .iter()
            .copied()
            .max_by_key(|m| upper_key(m.1))
            .unwrap_or((Bound::UNKNOWN, Bound::UNKNOWN));
        let strict = (first.0, last.1);
        let (start, end) = if one_of {
            // Exactly one of the members: a single instant somewhere among them.
            (strict, strict)
        } else {
            // All of them: it starts with the first and ends with the last.
            (first, last)
        };
        let mut quals = merge_quals(spans.iter());
        quals.set = true;
        Ok(Parsed {
            start,
            end,
            strict,
            precision: spans
                .iter()
                .map(|s| s.precision)
                .min()
                .unwrap_or(Precision::Year),
            quals,
            offset: None,
        })
    }

    fn qualifier(&mut self) -> Qualifiers {
        let q = match self.peek() {
            Some(b'?') => Qualifiers {
                uncertain: true,
                approximate: false,
            },
            Some(b'~') => Qualifiers {
                uncertain: false,
                approximate: true,
            },
            Some(b'%') => Qualifiers {
                uncertain: true,
                approximate: true,
            },
            _ => return Qualifiers::default(),
        };
        self.pos += 1;
        q
    }

    /// Reads a run of digits and `X`.
    fn digits_x(&mut self) -> &'a [u8] {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9') | Some(b'X')) {
            self.pos += 1;
        }
        self.s.get(start..self.pos).unwrap_or_default()
    }

    fn number(&mut self) -> Option<u64> {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        digits_value(self.s.get(start..self.pos)?)
    }

    /// One date, possibly with time, qualifiers and unspecified digits.
    fn date(&mut self) -> R<Span> {
        let year_pre = self.qualifier();
        let year_pos = self.pos;
        let year = self.year()?;
        let year_suf = self.qualifier();

        let mut month: Option<(&[u8], usize)> = None;
        let (mut month_pre, mut month_suf) = (Qualifiers::default(), Qualifiers::default());
        let mut day: Option<(&[u8], usize)> = None;
        let (mut day_pre, mut day_suf) = (Qualifiers::default(), Qualifiers::default());

        if self.peek() == Some(b'-') {
            self.pos += 1;
            month_pre = self.qualifier();
            let at = self.pos;
            let m = self.digits_x();
            if m.len() != 2 {
                return self.err(at, "expected a two-digit month (01–12) or season (21–41)");
            }
            month = Some((m, at));
            month_suf = self.qualifier();
            if self.peek() == Some(b'-') {
                self.pos += 1;
                day_pre = self.qualifier();
                let at = self.pos;
                let d = self.digits_x();
                if d.len() != 2 {
                    return self.err(at, "expected a two-digit day (01–31)");
                }
                day = Some((d, at));
                day_suf = self.qualifier();
            }
        }

        // A suffix qualifier applies to its component and every component to its left.
        let q_day = day_pre.merge(day_suf);
        let q_month = month_pre.merge(month_suf).merge(day_suf);
        let q_year = year_pre.merge(year_suf).merge(month_suf).merge(day_suf);
        let mut quals = TimeQualifiers {
            overall: q_year.merge(q_month).merge(q_day),
            year: q_year,
            month: q_month,
            day: q_day,
            unspecified: year.unspecified,
            set: false,
        };

        // Sub-year groupings: seasons, quarters, quadrimesters, semesters.
        if let Some((m, at)) = &month {
            let value = two_digits(m);
            if let Some(v) = value.filter(|v| (21..=41).contains(v)) {
                if day.is_some() {
                    return self.err(*at, "a season or quarter cannot have a day");
                }
                if year.unspecified || year.low != year.high {
                    return self.err(year_pos, "a season or quarter needs a fully specified year");
                }
                let (lo_m, len) = sub_year(v);
                let lower = Civil::date(year.low, 1, 1).to_instant();
                let lower = add_months(lower, lo_m);
                let upper = add_months(lower, len) - 1;
                // One unit of a grouping is its own length (a season is three months).
                let widen = if quals.overall.approximate {
                    Widen::Months(if quals.overall.uncertain {
                        2 * len
                    } else {
                        len
                    })
                } else {
                    Widen::None
                };
                return Ok(Span {
                    lower,
                    upper,
                    precision: Precision::SubYear,
                    quals,
                    widen,
                    offset: None,
                });
            }
        }

        let month_pattern: &[u8] = month.map_or(b"XX", |(m, _)| m);
        let day_pattern: &[u8] = day.map_or(b"XX", |(d, _)| d);
        if month.as_ref().is_some_and(|(m, _)| m.contains(&b'X'))
            || day.as_ref().is_some_and(|(d, _)| d.contains(&b'X'))
        {
            quals.unspecified = true;
        }
        // The months and days the patterns allow, as bit sets (bit `n` for month or day `n`).
        let months = mask(12, month_pattern);
        if months == 0 {
            let at = month.as_ref().map(|(_, a)| *a).unwrap_or(year_pos);
            return self.err(
                at,
                "no such month; expected 01–12, or a season or quarter 21–41",
            );
        }
        let days = mask(31, day_pattern);

        let valid = |y: i64, m: u32, d: u32| d <= days_in_month(y, m);
        let mut earliest = None;
        // A leap year is never more than eight years away, so a few candidates from each end
        // decide validity even when the year spans millions (`Y171010000S3`).
        'outer: for y in year.candidates().take(YEAR_PROBES) {
            for m in Members(months) {
                for d in Members(days) {
                    if valid(y, m, d) {
                        earliest = Some(Civil::date(y, m, d));
                        break 'outer;
                    }
                }
            }
        }
        let Some(earliest) = earliest else {
            let at = day.as_ref().map(|(_, a)| *a).unwrap_or(year_pos);
            return self.err(
                at,
                format!(
                    "no such day: {} does not exist",
                    String::from_utf8_lossy(self.s)
                ),
            );
        };
        let mut latest = earliest;
        'outer2: for y in year.candidates().rev().take(YEAR_PROBES) {
            for m in Members(months).rev() {
                for d in Members(days).rev() {
                    if valid(y, m, d) {
                        latest = Civil::date(y, m, d);
                        break 'outer2;
                    }
                }
            }
        }

        let mut precision = if day.is_some() {
            Precision::Day
        } else if month.is_some() {
            Precision::Month
        } else {
            year.precision
        };
        let mut lower = earliest.to_instant();
        let mut upper = latest.to_instant() + DAY - 1;
        let mut offset = None;

        if self.peek() == Some(b'T') {
            let t_pos = self.pos;
            if day.is_none() || quals.unspecified {
                return self.err(
                    t_pos,
                    "a time of day needs a complete date (YYYY-MM-DD) before `T`",
                );
            }
            if quals.overall.any() {
                return self.err(t_pos, "a qualified date cannot carry a time of day");
            }
            self.pos += 1;
            let (secs, prec) = self.time_of_day()?;
            let off = self.offset()?;
            lower += secs;
            upper = lower + if prec == Precision::Minute { 59 } else { 0 };
            if let Some(o) = off {
                lower -= i64::from(o) * 60;
                upper -= i64::from(o) * 60;
                offset = Some(o);
            }
            precision = prec;
        } else {
            // A qualifier may also stand after the whole date.
            let tail = self.qualifier();
            if tail.any() {
                quals.year = quals.year.merge(tail);
                quals.month = quals.month.merge(tail);
                quals.day = quals.day.merge(tail);
                quals.overall = quals.overall.merge(tail);
            }
        }

        let widen = widening(&quals, precision, year.precision);
        Ok(Span {
            lower,
            upper,
            precision,
            quals,
            widen,
            offset,
        })
    }

    /// hh:mm[:ss[.fff]] → seconds into the day and the precision.
    fn time_of_day(&mut self) -> R<(i64, Precision)> {
        let at = self.pos;
        let field = |p: &mut Self, name: &str, max: u64| -> R<u64> {
            let at = p.pos;
            let v = match (p.peek(), p.peek_at(1)) {
                (Some(a @ b'0'..=b'9'), Some(b @ b'0'..=b'9')) => {
                    u64::from((a - b'0') * 10 + (b - b'0'))
                }
                _ => return p.err(at, format!("expected two digits for the {name}")),
            };
            if v > max {
                return p.err(
                    at,
                    format!("the {name} {v:02} is out of range (00–{max:02})"),
                );
            }
            p.pos += 2;
            Ok(v)
        };
        let h = field(self, "hour", 24)?;
        if !self.eat(b':') {
            return self.err(
                self.pos,
                format!("expected `:` after the hour, {}", self.found()),
            );
        }
        let m = field(self, "minute", 59)?;
        let mut prec = Precision::Minute;
        let mut s = 0;
        if self.eat(b':') {
            s = field(self, "second", 59)?;
            prec = Precision::Second;
            if self.eat(b'.') {
                // Fractions of a second are kept in the text; bounds are whole seconds.
                if self.number().is_none() {
                    return self.err(self.pos, "expected digits after the decimal point");
                }
            }
        }
        if h == 24 && (m != 0 || s != 0) {
            return self.err(at, "24:00:00 is the only time with hour 24");
        }
        Ok(((h * 3600 + m * 60 + s) as i64, prec))
    }

    /// `Z`, `±hh`, `±hhmm` or `±hh:mm` → minutes east of UTC.
    fn offset(&mut self) -> R<Option<i32>> {
        let at = self.pos;
        let sign: i32 = match self.peek() {
            Some(b'Z') => {
                self.pos += 1;
                return Ok(Some(0));
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Ok(None),
        };
        self.pos += 1;
        let two = |p: &mut Self| -> Option<i32> {
            match (p.peek(), p.peek_at(1)) {
                (Some(a @ b'0'..=b'9'), Some(b @ b'0'..=b'9')) => {
                    p.pos += 2;
                    Some(i32::from((a - b'0') * 10 + (b - b'0')))
                }
                _ => None,
            }
        };
        let Some(h) = two(self) else {
            return self.err(self.pos, "expected a two-digit hour in the UTC offset");
        };
        let colon = self.eat(b':');
        let m = match two(self) {
            Some(m) => m,
            None if colon => {
                return self.err(self.pos, "expected two-digit minutes in the UTC offset");
            }
            None => 0,
        };
        if m > 59 {
            return self.err(at, "the offset's minutes are out of range");
        }
        let total = sign * (h * 60 + m);
        if sign < 0 && total == 0 {
            return self.err(at, "write a zero offset as `Z` or `+00:00`, not `-00:00`");
        }
        if !(-12 * 60..=14 * 60).contains(&total) {
            return self.err(at, "UTC offsets run from -12:00 to +14:00");
        }
        Ok(Some(total))
    }

    fn year(&mut self) -> R<Year> {
        let at = self.pos;
        if self.eat(b'Y') {
            let negative = self.eat(b'-');
            let digits_at = self.pos;
            let digits = self.digits_x();
            if digits.is_empty() || digits.contains(&b'X') {
                return self.err(digits_at, "expected the digits of the year after `Y`");
            }
            let mut value = digits_value(digits)
                .ok_or(())
                .or_else(|_| self.err(digits_at, "the year is too large"))?;
            if self.eat(b'E') {
                let exp_at = self.pos;
                let Some(e) = self.number() else {
                    return self.err(exp_at, "expected the exponent after `E`");
                };
                value = u32::try_from(e)
                    .ok()
                    .and_then(|e| 10u64.checked_pow(e))
                    .and_then(|p| value.checked_mul(p))
                    .ok_or(())
                    .or_else(|_| self.err(exp_at, "the year is too large"))?;
            } else if digits.len() <= 4 || digits.first() == Some(&b'0') {
                return self.err(digits_at, "a `Y` year needs more than four digits and no leading zero; write shorter years plainly");
            }
            return self.year_value(at, negative, value, Precision::Year);
        }
        let negative = self.eat(b'-');
        let digits_at = self.pos;
        let digits = self.digits_x();
        match digits.len() {
            4 => {}
            2 | 3 if !digits.contains(&b'X') => {
                // Bare centuries (`19`) and decades (`193`): implementation-defined; we read them
                // as the hundred or ten years they name.
                let v = digits_value(digits).unwrap_or(0);
                if negative && v == 0 {
                    return self.err(at, "there is no negative zero century or decade");
                }
                let (scale, precision) = if digits.len() == 2 { (100, Precision::Century) } else { (10, Precision::Decade) };
                let (lo, hi) = if negative {
                    (-((v * scale + scale - 1) as i64), -((v * scale) as i64))
                } else {
                    ((v * scale) as i64, (v * scale + scale - 1) as i64)
                };
                return self.significant(Year { low: lo, high: hi, pattern: None, precision, unspecified: false });
            }
            0 => return self.err(digits_at, format!("expected a four-digit year (e.g. 2023), {}", self.found())),
            _ => return self.err(digits_at, "expected a four-digit year; years beyond 9999 are written `Y` then the digits, e.g. `Y12345`"),
        }
        // Four digits: no overflow.
        let magnitude = |x: u8| {
            digits.iter().fold(0u64, |v, &c| {
                10 * v + u64::from(if c == b'X' { x } else { c.wrapping_sub(b'0') })
            })
        };
        let (low_mag, high_mag) = (magnitude(0), magnitude(9));
        if negative && high_mag == 0 {
            return self.err(at, "there is no year -0000; year 0000 is 1 BCE");
        }
        let trailing_x = digits.iter().rev().take_while(|&&c| c == b'X').count();
        let precision = match trailing_x {
            0 => Precision::Year,
            1 => Precision::Decade,
            2 => Precision::Century,
            _ => Precision::Millennia,
        };
        let unspecified = digits.contains(&b'X');
        let (low, high) = if negative {
            (-(high_mag as i64), -(low_mag as i64))
        } else {
            (low_mag as i64, high_mag as i64)
        };
        self.significant(Year {
            low,
            high,
            pattern: if unspecified {
                Some(digits.to_vec())
            } else {
                None
            },
            precision,
            unspecified,
        })
    }

    /// `S` significant digits after a year: `1950S2` is 1900–1999.
    fn significant(&mut self, year: Year) -> R<Year> {
        if self.peek() != Some(b'S') {
            return Ok(year);
        }
        let at = self.pos;
        self.pos += 1;
        let Some(n) = self.number() else {
            return self.err(
                self.pos,
                "expected the number of significant digits after `S`",
            );
        };
        if year.low != year.high {
            return self.err(at, "significant digits need an exact year");
        }
        Ok(significant_range(year.low, n))
    }

    fn year_value(
        &mut self,
        at: usize,
        negative: bool,
        value: u64,
        precision: Precision,
    ) -> R<Year> {
        let v = i64::try_from(value).ok().filter(|v| *v <= MAX_YEAR);
        let Some(v) = v else {
            return self.err(at, format!("the year is beyond ±{MAX_YEAR}"));
        };
        let v = if negative { -v } else { v };
        self.significant(Year {
            low: v,
            high: v,
            pattern: None,
            precision,
            unspecified: false,
        })
    }
}

/// How many candidate years are tried from each end of a year range.
const YEAR_PROBES: usize = 1000;

fn significant_range(year: i64, n: u64) -> Year {
    let mag = year.unsigned_abs();
    let digits = mag.checked_ilog10().map_or(1, |d| u64::from(d) + 1);
    if n == 0 || n >= digits {
        return Year {
            low: year,
            high: year,
            pattern: None,
            precision: Precision::Year,
            unspecified: false,
        };
    }
    let unit = 10u64.saturating_pow((digits - n) as u32);
    let lo = mag / unit * unit;
    let hi = lo.saturating_add(unit - 1);
    let (low, high) = if year < 0 {
        (-(hi as i64), -(lo as i64))
    } else {
        (lo as i64, hi as i64)
    };
    let precision = match unit {
        10 => Precision::Decade,
        100 => Precision::Century,
        _ => Precision::Millennia,
    };
    Year {
        low,
        high,
        pattern: None,
        precision,
        unspecified: false,
    }
}

#[derive(Clone, Debug)]
struct Year {
    low: i64,
    high: i64,
    /// The digits with `X`, when some were unspecified.
    pattern: Option<Vec<u8>>,
    precision: Precision,
    unspecified: bool,
}

impl Year {
    /// Every year this could be, in ascending order.
    fn candidates(&self) -> impl DoubleEndedIterator<Item = i64> + '_ {
        (self.low..=self.high).filter(move |y| match &self.pattern {
            None => true,
            Some(p) => matches_pattern(y.unsigned_abs(), p),
        })
    }
}

/// The number ASCII digits write; `None` when empty, not all digits, or beyond `u64`.
fn digits_value(d: &[u8]) -> Option<u64> {
    if d.is_empty() {
        return None;
    }
    d.iter().try_fold(0u64, |v, &c| {
        let digit = c.checked_sub(b'0').filter(|x| *x <= 9)?;
        v.checked_mul(10)?.checked_add(u64::from(digit))
    })
}

/// The numbers from 1 to `n` (at most 31) that `pattern` (digits and `X`) matches, as bits.
fn mask(n: u32, pattern: &[u8]) -> u32 {
    if !pattern.contains(&b'X') {
        // One number at most (most dates).
        return two_digits(pattern)
            .filter(|v| (1..=n).contains(v))
            .map_or(0, |v| 1 << v);
    }
    (1..=n)
        .filter(|v| matches_pattern(u64::from(*v), pattern))
        .fold(0, |m, v| m | 1 << v)
}

/// The numbers in a [`mask`], in order either way.
struct Members(u32);

impl Iterator for Members {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.0 == 0 {
            return None;
        }
        let low = self.0.trailing_zeros();
        self.0 &= !(1 << low);
        Some(low)
    }
}

impl DoubleEndedIterator for Members {
    fn next_back(&mut self) -> Option<u32> {
        let high = self.0.checked_ilog2()?;
        self.0 &= !(1 << high);
        Some(high)
    }
}

fn two_digits(d: &[u8]) -> Option<u32> {
    if d.contains(&b'X') {
        None
    } else {
        digits_value(d).and_then(|v| u32::try_from(v).ok())
    }
}

/// Does `value`, written with `pattern.len()` digits, match a pattern of digits and `X`?
fn matches_pattern(value: u64, pattern: &[u8]) -> bool {
    let mut v = value;
    for &c in pattern.iter().rev() {
        let digit = (v % 10) as u8;
        v /= 10;
        if c != b'X' && c != b'0' + digit {
            return false;
        }
    }
    v == 0
}

/// Sub-year groupings as (first month offset from January, length in months). Seasons follow the
/// meteorological convention (spring = March–May); 25–32 name the hemisphere explicitly.
fn sub_year(code: u32) -> (i64, i64) {
    match code {
        21 | 25 | 31 => (2, 3),  // spring (north), autumn (south): Mar–May
        22 | 26 | 32 => (5, 3),  // summer (north), winter (south): Jun–Aug
        23 | 27 | 29 => (8, 3),  // autumn (north), spring (south): Sep–Nov
        24 | 28 | 30 => (11, 3), // winter (north), summer (south): Dec–Feb of the next year
        33..=36 => (i64::from(code - 33) * 3, 3), // quarters
        37..=39 => (i64::from(code - 37) * 4, 4), // quadrimesters
        40 | 41 => (i64::from(code - 40) * 6, 6), // semesters
        _ => (0, 12),
    }
}

/// The documented widening for `~`: one unit of the finest approximate component on each side,
/// doubled for `%` (approximate and uncertain).
fn widening(q: &TimeQualifiers, precision: Precision, year_precision: Precision) -> Widen {
    let double = |q: Qualifiers| if q.uncertain { 2 } else { 1 };
    if q.day.approximate && precision == Precision::Day {
        return Widen::Seconds(DAY * double(q.day));
    }
    if q.month.approximate && precision <= Precision::Month {
        return Widen::Months(double(q.month));
    }
    if q.year.approximate {
        let years = match year_precision {
            Precision::Decade => 10,
            Precision::Century => 100,
            Precision::Millennia => 1000,
            _ => 1,
        };
        return Widen::Months(12 * years * double(q.year));
    }
    Widen::None
}

fn merge_quals<'s>(spans: impl Iterator<Item = &'s Span>) -> TimeQualifiers {
    spans.fold(TimeQualifiers::default(), |acc, s| TimeQualifiers {
        overall: acc.overall.merge(s.quals.overall),
        year: acc.year.merge(s.quals.year),
        month: acc.month.merge(s.quals.month),
        day: acc.day.merge(s.quals.day),
        unspecified: acc.unspecified || s.quals.unspecified,
        set: acc.set || s.quals.set,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::{format_iso_date, format_iso_datetime};

    fn bounds(s: &str) -> (String, String) {
        let t = parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        let f = |b: Bound| b.instant().map(format_iso_date).unwrap_or_default();
        (f(t.strict_earliest), f(t.strict_latest))
    }

    #[test]
    fn masks_hold_the_numbers_a_pattern_allows_in_order() {
        assert_eq!(
            Members(mask(31, b"1X")).collect::<Vec<_>>(),
            (10..=19).collect::<Vec<_>>()
        );
        assert_eq!(
            Members(mask(12, b"1X")).rev().collect::<Vec<_>>(),
            [12, 11, 10]
        );
        assert_eq!(Members(mask(31, b"XX")).count(), 31);
        assert_eq!(Members(mask(12, b"07")).collect::<Vec<_>>(), [7]);
        assert_eq!(mask(12, b"13"), 0);
        assert_eq!(mask(31, b"00"), 0);
        assert_eq!(digits_value(b"18446744073709551616"), None);
        assert_eq!(digits_value(b""), None);
        assert_eq!(digits_value(b"0042"), Some(42));
    }

    #[test]
    fn month_precision_spans_whole_month() {
        assert_eq!(
            bounds("2023-09"),
            ("2023-09-01".into(), "2023-09-30".into())
        );
        assert_eq!(
            bounds("2016-02"),
            ("2016-02-01".into(), "2016-02-29".into())
        );
    }

    #[test]
    fn unspecified_day_spans_the_month() {
        assert_eq!(
            bounds("2023-09-XX"),
            ("2023-09-01".into(), "2023-09-30".into())
        );
        assert_eq!(
            bounds("2017-02-X9"),
            ("2017-02-09".into(), "2017-02-19".into())
        );
        assert_eq!(bounds("201X"), ("2010-01-01".into(), "2019-12-31".into()));
        assert_eq!(bounds("-1XXX").0, "-1999-01-01");
    }

    #[test]
    fn impossible_days_are_rejected() {
        for bad in [
            "2023-02-30",
            "156X-09-31",
            "15XX-02-3X",
            "2016-13",
            "2016-00",
            "2016-05-00",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be invalid");
        }
    }

    #[test]
    fn approximate_widens_by_one_unit_and_uncertain_does_not() {
        let t = parse("2023-09-10~").unwrap();
        assert_eq!(
            t.earliest_start.instant().map(format_iso_date).as_deref(),
            Some("2023-09-09")
        );
        assert_eq!(
            t.latest_end.instant().map(format_iso_date).as_deref(),
            Some("2023-09-11")
        );
        let u = parse("2023-09-10?").unwrap();
        assert_eq!(u.earliest_start, u.strict_earliest);
        assert!(u.qualifiers.overall.uncertain && !u.qualifiers.overall.approximate);
        let both = parse("2023-09%").unwrap();
        assert_eq!(
            both.earliest_start
                .instant()
                .map(format_iso_date)
                .as_deref(),
            Some("2023-07-01")
        );
    }

    #[test]
    fn component_qualifier_applies_leftwards() {
        let t = parse("2004-06~-11").unwrap();
        assert!(t.qualifiers.year.approximate && t.qualifiers.month.approximate);
        assert!(!t.qualifiers.day.approximate);
        let d = parse("2004?-06-~11").unwrap();
        assert!(
            d.qualifiers.year.uncertain
                && !d.qualifiers.month.uncertain
                && d.qualifiers.day.approximate
        );
    }

    #[test]
    fn open_and_unknown_ends_stay_distinct() {
        let open = parse("2023-09/..").unwrap();
        assert_eq!(open.latest_end, Bound::OPEN);
        let unknown = parse("2023-09/").unwrap();
        assert_eq!(unknown.latest_end, Bound::UNKNOWN);
        assert!(parse("/").is_ok() && parse("../..").is_ok());
    }

    #[test]
    fn interval_runs_from_first_day_to_last_day() {
        assert_eq!(
            bounds("2004-02-01/2005-02"),
            ("2004-02-01".into(), "2005-02-28".into())
        );
        let t = parse("2023-07-25/2023-07-27").unwrap();
        let core = t.core().unwrap();
        assert_eq!(format_iso_datetime(core.0), "2023-07-25T23:59:59Z");
        assert!(!t.is_point());
        assert!(parse("2023-09/2023-08").is_err());
    }

    #[test]
    fn offsets_are_converted_to_utc_and_kept() {
        let t = parse("2023-09-13T11:43:00+09:00").unwrap();
        assert_eq!(
            t.earliest_start
                .instant()
                .map(format_iso_datetime)
                .as_deref(),
            Some("2023-09-13T02:43:00Z")
        );
        assert_eq!(t.offset_minutes, Some(540));
        assert!(parse("2016-05-02T12:00:00-00:00").is_err());
        assert!(parse("2016-05-02T12:00:00+14:01").is_err());
    }

    #[test]
    fn sets_cover_their_members() {
        assert_eq!(
            bounds("[1667,1668, 1670..1672]"),
            ("1667-01-01".into(), "1672-12-31".into())
        );
        let t = parse("[..1760-12-03]").unwrap();
        assert_eq!(t.strict_earliest, Bound::OPEN);
        assert!(parse("[1999}").is_err());
    }

    #[test]
    fn seasons_are_meteorological() {
        assert_eq!(
            bounds("2001-21"),
            ("2001-03-01".into(), "2001-05-31".into())
        );
        assert_eq!(
            bounds("2001-24"),
            ("2001-12-01".into(), "2002-02-28".into())
        );
        assert_eq!(
            bounds("2016-34"),
            ("2016-04-01".into(), "2016-06-30".into())
        );
    }

    #[test]
    fn long_years_and_significant_digits() {
        assert_eq!(
            bounds("Y170000002"),
            ("170000002-01-01".into(), "170000002-12-31".into())
        );
        assert_eq!(bounds("1950S2"), ("1900-01-01".into(), "1999-12-31".into()));
        assert!(parse("Y9999").is_err() && parse("Y1E999").is_err());
    }

    #[test]
    fn huge_year_ranges_are_decided_quickly() {
        let started = std::time::Instant::now();
        assert!(parse("Y1E11S1-02-30").is_err());
        assert!(parse("Y1E10S1-02-29").is_ok());
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn errors_name_the_column() {
        let e = parse("2023-13-01").unwrap_err();
        assert_eq!(e.column, 6);
        let e = parse("  2023-09-1x").unwrap_err();
        assert!(e.column >= 11, "{e}");
    }
}
