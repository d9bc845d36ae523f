//! What of a date a cell's number format shows. A spreadsheet stores every date as a day and a
//! time of day, whatever was typed: `Mar-20` typed into a cell becomes 1 March 2020, `12-Mar`
//! 12 March of the year it was typed. The format is what tells how much of that the sheet
//! shows, so a date is written only as precisely as its cell's format shows it.

use calamine::ExcelDateTime;
use std::fmt::Write as _;

/// One part of a date format: a run of one letter (`yyyy`, `mmm`, `d`), or text shown as is.
#[derive(Clone, Debug, PartialEq)]
enum Part {
    Year,
    Month(usize),
    Minute(usize),
    /// `d`, `dd`: the day of the month; `ddd`, `dddd`: the weekday's name.
    Day(usize),
    Hour,
    Second,
    Text(String),
}

/// What a date format shows of a date, read from its format code (`mmm-yy`, `d-mmm`,
/// `dd/mm/yyyy hh:mm`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct DateShown {
    parts: Vec<Part>,
    year: bool,
    month: bool,
    day: bool,
    hour: bool,
    second: bool,
    /// Fractions of a second (`ss.000`).
    fraction: bool,
}

impl DateShown {
    /// What the format `code` shows of a date; `None` where it shows no part of the calendar
    /// (a time of day alone, `[h]:mm` elapsed time, or no date format), which is written as
    /// before: the cell's whole value.
    pub(super) fn of(code: &str) -> Option<DateShown> {
        let parts = parts(first_section(code))?;
        let has = |f: fn(&Part) -> bool| parts.iter().any(f);
        let shown = DateShown {
            year: has(|p| *p == Part::Year),
            month: has(|p| matches!(p, Part::Month(_))),
            day: has(|p| matches!(p, Part::Day(n) if *n <= 2)),
            hour: has(|p| *p == Part::Hour),
            second: has(|p| *p == Part::Second),
            fraction: code.contains("s.0") || code.contains("S.0"),
            parts,
        };
        let weekday = shown
            .parts
            .iter()
            .any(|p| matches!(p, Part::Day(n) if *n > 2));
        (shown.year || shown.month || shown.day || weekday).then_some(shown)
    }

    /// Writes `d` as precisely as the format shows it, and no more precisely than the cell
    /// holds it: `YYYY-MM-DD` with a time of day (`THH:MM`, seconds where the format has them)
    /// only where the format shows one; `YYYY-MM`
    /// for a month and year; `YYYY` for a year; and a date shown with no year as the sheet
    /// shows it (`12-Mar`), so that it is read as the day with no year it is, never as the year
    /// the program filled in when it was typed.
    pub(super) fn write(&self, d: &ExcelDateTime, out: &mut String) -> std::fmt::Result {
        self.write_parts(d.to_ymd_hms_milli(), out)
    }

    /// Writes an OpenDocument date and time (`2020-03-01`, `2020-03-01T14:30:00.5`) as
    /// [`write`](Self::write) does; false, writing nothing, where it is no such date.
    pub(super) fn write_iso(&self, iso: &str, out: &mut String) -> bool {
        let Some(parts) = iso_parts(iso) else {
            return false;
        };
        self.write_parts(parts, out).is_ok()
    }

    fn write_parts(&self, parts: Ymdhms, out: &mut String) -> std::fmt::Result {
        let (y, mo, day, h, mi, s, ms) = parts;
        if !self.year {
            return self.render(parts, out);
        }
        write!(out, "{y:04}")?;
        if !self.month {
            return Ok(());
        }
        write!(out, "-{mo:02}")?;
        if !self.day {
            return Ok(());
        }
        write!(out, "-{day:02}")?;
        // A time of day where the format shows one and the cell has one: a midnight is the day
        // alone, and seconds are written where they are not 0, as for a cell of no format, since
        // writers give every date and time one format with seconds (openpyxl, pandas).
        if self.hour && (h, mi, s, ms) != (0, 0, 0, 0) {
            write!(out, "T{h:02}:{mi:02}")?;
            let ms = if self.fraction { ms } else { 0 };
            if self.second && (s, ms) != (0, 0) {
                write!(out, ":{s:02}")?;
                if ms > 0 {
                    write!(out, ".{ms:03}")?;
                }
            }
        }
        Ok(())
    }

    /// The date as the format shows it, in English month and weekday names.
    fn render(&self, parts: Ymdhms, out: &mut String) -> std::fmt::Result {
        use crate::model::time::{month_name, weekday, weekday_name};
        let (y, mo, day, h, mi, s, _) = parts;
        let month = month_name(u32::from(mo));
        let weekday = weekday_name(weekday(i64::from(y), u32::from(mo), u32::from(day)));
        for p in &self.parts {
            match p {
                Part::Year => {}
                Part::Month(1) => write!(out, "{mo}")?,
                Part::Month(2) => write!(out, "{mo:02}")?,
                Part::Month(3) => out.push_str(month.get(..3).unwrap_or(month)),
                Part::Month(5) => out.push_str(month.get(..1).unwrap_or(month)),
                Part::Month(_) => out.push_str(month),
                Part::Day(1) => write!(out, "{day}")?,
                Part::Day(2) => write!(out, "{day:02}")?,
                Part::Day(3) => out.push_str(weekday.get(..3).unwrap_or(weekday)),
                Part::Day(_) => out.push_str(weekday),
                Part::Hour => write!(out, "{h:02}")?,
                Part::Minute(_) => write!(out, "{mi:02}")?,
                Part::Second => write!(out, "{s:02}")?,
                Part::Text(t) => out.push_str(t),
            }
        }
        Ok(())
    }
}

/// A date and time's year, month, day, hours, minutes, seconds and milliseconds.
type Ymdhms = (u16, u8, u8, u8, u8, u8, u16);

/// An ISO 8601 date and time with no zone as OpenDocument writes a date cell's value.
fn iso_parts(iso: &str) -> Option<Ymdhms> {
    let (date, time) = iso.split_once('T').unwrap_or((iso, ""));
    let mut d = date.splitn(3, '-');
    let y = d.next()?.parse().ok()?;
    let mo = d.next()?.parse().ok()?;
    let day = d.next()?.parse().ok()?;
    if time.is_empty() {
        return Some((y, mo, day, 0, 0, 0, 0));
    }
    let mut t = time.splitn(3, ':');
    let h = t.next()?.parse().ok()?;
    let mi = t.next()?.parse().ok()?;
    let seconds = t.next().unwrap_or("0");
    let (s, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
    let s = s.parse().ok()?;
    let ms = format!("{fraction:0<3}").get(..3)?.parse().unwrap_or(0);
    Some((y, mo, day, h, mi, s, ms))
}

/// The format's first section, the one for a positive number (a date): up to the first `;`
/// outside quotes.
fn first_section(code: &str) -> &str {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in code.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return code.get(..i).unwrap_or(code),
            _ => {}
        }
    }
    code
}

/// The parts of a format section; `None` for elapsed time (`[h]`, `[mm]`), which is no date.
fn parts(section: &str) -> Option<Vec<Part>> {
    // The one format code that is a word (its `e`s are no era's years).
    if section.trim().eq_ignore_ascii_case("general") {
        return None;
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut text = String::new();
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        let letter = c.to_ascii_lowercase();
        match letter {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    text.push(q);
                }
            }
            '\\' => text.extend(chars.next()),
            // Padding to a character's width, and a character repeated to fill the cell.
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                let mut inside = String::new();
                for b in chars.by_ref() {
                    if b == ']' {
                        break;
                    }
                    inside.push(b.to_ascii_lowercase());
                }
                if !inside.is_empty() && inside.chars().all(|b| matches!(b, 'h' | 'm' | 's')) {
                    return None;
                }
            }
            'y' | 'm' | 'd' | 'h' | 's' => {
                let mut n = 1;
                while chars.peek().map(char::to_ascii_lowercase) == Some(letter) {
                    chars.next();
                    n += 1;
                }
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(match letter {
                    'y' => Part::Year,
                    'm' => Part::Month(n),
                    'd' => Part::Day(n),
                    'h' => Part::Hour,
                    _ => Part::Second,
                });
            }
            // An era's year (`e`, `ee`: Japanese; `bbbb`: the Buddhist era): the year shown, in
            // another count; the era's name (`g`) is not a part of its own.
            'e' | 'b' => {
                while chars.peek().map(char::to_ascii_lowercase) == Some(letter) {
                    chars.next();
                }
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(Part::Year);
            }
            'g' => {}
            // AM/PM and A/P are shown as the time's half of the day; not a part of the date.
            'a' if matches!(chars.peek(), Some('m' | 'M' | '/')) => {
                while chars
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphabetic() || *b == '/')
                {
                    chars.next();
                }
            }
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    // `m` and `mm` are minutes right after an hour or right before a second, as Excel reads
    // them; `mmm` and longer are always a month.
    let units: Vec<usize> = (0..parts.len())
        .filter(|i| !matches!(parts.get(*i), Some(Part::Text(_))))
        .collect();
    for (k, &i) in units.iter().enumerate() {
        let unit = |j: Option<usize>| j.and_then(|j| units.get(j)).and_then(|j| parts.get(*j));
        let minute =
            unit(k.checked_sub(1)) == Some(&Part::Hour) || unit(Some(k + 1)) == Some(&Part::Second);
        if let Some(p) = parts.get_mut(i)
            && let Part::Month(n @ 1..=2) = *p
            && minute
        {
            *p = Part::Minute(n);
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn written(code: &str, value: f64) -> Option<String> {
        let d = ExcelDateTime::new(value, ExcelDateTimeType::DateTime, false);
        let shown = DateShown::of(code)?;
        let mut s = String::new();
        shown.write(&d, &mut s).ok()?;
        Some(s)
    }

    #[test]
    fn a_date_is_written_as_precisely_as_its_format_shows_it() {
        // 1 March 2020; 12 March 2025; 3 April 2020 17:45:30.
        assert_eq!(written("mmm-yy", 43891.0).as_deref(), Some("2020-03"));
        assert_eq!(written("mmmm yyyy", 43891.0).as_deref(), Some("2020-03"));
        assert_eq!(written("yyyy", 43466.0).as_deref(), Some("2019"));
        assert_eq!(written("d-mmm", 45728.0).as_deref(), Some("12-Mar"));
        assert_eq!(written("dd mmmm", 45728.0).as_deref(), Some("12 March"));
        assert_eq!(written("m/d", 45728.0).as_deref(), Some("3/12"));
        assert_eq!(
            written("dd/mm/yyyy", 43924.74).as_deref(),
            Some("2020-04-03")
        );
        let t = 43924.0 + (17.0 * 3600.0 + 45.0 * 60.0 + 30.0) / 86400.0;
        assert_eq!(
            written("dd/mm/yyyy hh:mm", t).as_deref(),
            Some("2020-04-03T17:45")
        );
        assert_eq!(
            written("yyyy-mm-dd h:mm:ss", 43924.0).as_deref(),
            Some("2020-04-03")
        );
        assert_eq!(
            written("yyyy-mm-dd h:mm:ss AM/PM", t).as_deref(),
            Some("2020-04-03T17:45:30")
        );
        assert_eq!(
            written("[$-409]mmm\\-yy;@", 43891.0).as_deref(),
            Some("2020-03")
        );
        assert_eq!(
            written("dddd, mmmm d, yyyy", 43891.0).as_deref(),
            Some("2020-03-01")
        );
        assert_eq!(written("ddd d mmm", 45728.0).as_deref(), Some("Wed 12 Mar"));
        assert_eq!(
            written("[Red]yyyy\"年\"m\"月\"", 43891.0).as_deref(),
            Some("2020-03")
        );
        // Era years (Japan's, the Buddhist era) show the year, in another count.
        assert_eq!(
            written("[DBNum1][$-411]ggge\"年\"m\"月\"d\"日\"", 43900.0).as_deref(),
            Some("2020-03-10")
        );
        assert_eq!(written("d/m/bbbb", 43900.0).as_deref(), Some("2020-03-10"));
    }

    #[test]
    fn an_opendocument_date_is_written_as_its_style_shows_it() {
        let iso = |code: &str, iso: &str| {
            let mut s = String::new();
            DateShown::of(code)?.write_iso(iso, &mut s).then_some(s)
        };
        assert_eq!(iso("mmm-yy", "2020-03-01").as_deref(), Some("2020-03"));
        assert_eq!(
            iso("yyyy-mm-dd hh:mm", "2020-03-01T14:30:45.5").as_deref(),
            Some("2020-03-01T14:30")
        );
        assert_eq!(
            iso("yyyy-mm-dd hh:mm:ss.000", "2020-03-01T14:30:45.5").as_deref(),
            Some("2020-03-01T14:30:45.500")
        );
        assert_eq!(iso("d-mmm", "2025-03-12").as_deref(), Some("12-Mar"));
        assert_eq!(iso("yyyy", "not a date"), None);
    }

    #[test]
    fn a_format_with_no_part_of_the_calendar_is_no_date_format() {
        assert_eq!(DateShown::of("h:mm"), None);
        assert_eq!(DateShown::of("[h]:mm:ss"), None);
        assert_eq!(DateShown::of("mm:ss"), None);
        assert_eq!(DateShown::of("General"), None);
    }
}
