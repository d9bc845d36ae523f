//! Date columns of sheets: each column is read by **one** rule, chosen from all of its values,
//! never value by value (where `9-May-20` would pass for the year 20 and `31-12-19` for the year
//! 31). The rule and how it was settled are said in words ([`Rule::describe`]), for `check` and
//! the data set's description. docs/FORMAT.md, "Dates in sheets", has the rules.
//!
//! The loader feeds every value of a column to an [`Evidence`] (which formats every value fits),
//! [`decide`]s a rule from it, and [`read`]s each value by that rule into EDTF text.

use crate::model::time::{Civil, days_in_month, weekday, weekday_name};
use crate::model::{UncertainTime, edtf};

/// Which field comes first in a numeric date such as `03/01/1946` (`--date-order`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateOrder {
    /// Day, month, year: `31/12/2019`.
    Dmy,
    /// Month, day, year: `12/31/2019`.
    Mdy,
    /// Year, month, day: `2019/12/31`.
    Ymd,
}

impl std::str::FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<DateOrder, String> {
        match s.to_ascii_lowercase().as_str() {
            "dmy" => Ok(DateOrder::Dmy),
            "mdy" => Ok(DateOrder::Mdy),
            "ymd" => Ok(DateOrder::Ymd),
            _ => Err(format!(
                "`{s}` is not a date order; expected dmy, mdy or ymd"
            )),
        }
    }
}

impl DateOrder {
    pub fn name(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
            DateOrder::Ymd => "ymd",
        }
    }
}

/// Two-digit years below this (00–29) are read as 20yy, the others as 19yy: the window
/// 1930–2029 that spreadsheets use.
pub const PIVOT: i64 = 30;

// The formats a value can fit, as bits.
const EDTF: u16 = 1;
const DMY: u16 = 2;
const MDY: u16 = 4;
const YMD: u16 = 8;
const NAMED: u16 = 16;
const EPOCH_S: u16 = 32;
const EPOCH_MS: u16 = 64;
const EPOCH_US: u16 = 128;
const EPOCH_NS: u16 = 256;
const ALL: u16 = 511;
const BITS: [u16; 9] = [
    EDTF, DMY, MDY, YMD, NAMED, EPOCH_S, EPOCH_MS, EPOCH_US, EPOCH_NS,
];

/// Epoch units by the bit, with how many of them make a second and how many digits their
/// whole part has: a value's size names its unit (10 digits are seconds until 2286).
const EPOCHS: [(u16, i64, &str, (usize, usize)); 4] = [
    (EPOCH_S, 1, "seconds", (9, 11)),
    (EPOCH_MS, 1_000, "milliseconds", (12, 14)),
    (EPOCH_US, 1_000_000, "microseconds", (15, 17)),
    (EPOCH_NS, 1_000_000_000, "nanoseconds", (18, 19)),
];

/// How one column's values are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// ISO 8601 / EDTF, with ISO date-times as spreadsheets and pandas write them
    /// (`2012-03-14 04:17:38.276340+00:00`).
    Edtf,
    /// Numbers separated by `/`, `-` or `.`, in this order.
    Numeric(DateOrder),
    /// A month by its English name: `9-May-20`, `01 November 2024`, `November 10th 2016`.
    Named,
    /// Unix time in units of 1/n seconds.
    Epoch(i64),
}

/// Where the day/month order of a numeric column came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OrderFrom {
    /// The column's own values (some day above 12).
    Values,
    /// Another date column of the same file.
    File,
    /// `--date-order`.
    Option,
    /// Nothing settles it: values whose day and month could be either are not read.
    Unsettled,
    /// Not a question for this format.
    None,
}

/// How a month's name with one number of one or two digits and no other is read: `12-Mar`
/// (Excel's `d-mmm`), `March 20` and `Mar-20` (Excel's `mmm-yy`) could each be a day with no
/// year or a two-digit year. All the column's values decide, never one value alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lone {
    /// The column has no such value.
    None,
    /// The number is a two-digit year (`Mar-45`: March 1945): some value's number is no day.
    Year,
    /// The number is the day, and the row's own `year` column gives the year.
    Day,
    /// The number is the day (some value's can be no year: `5-Mar`), and nothing gives the
    /// year: such values are left out.
    DayNoYear,
    /// Nothing settles whether the number is a day or a year, and the rows have no `year`:
    /// such values are left out.
    Unsettled,
}

/// How a span of years written short is read in an ISO 8601 / EDTF column: `1914-18` can only
/// be the years 1914 to 1918, but `1939-40` is also strict EDTF for a sub-year grouping (40: the
/// first half of 1939), and `2011-12` for a month. All the column's values decide, never one
/// value alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Spans {
    /// The column has no span of years (or is not ISO 8601 / EDTF).
    None,
    /// Spans of years: some value's second number is neither a month nor a grouping
    /// (`1914-18`, `1999-00`), or a span is written in full (`1899-1902`) and none could be a
    /// grouping. `1939-40` is then the years 1939 to 1940.
    Years,
    /// Some value could be a grouping or a span of years (`1939-40`, `2020-21`) and no value
    /// settles which: such values are left out.
    Unsettled,
    /// The column is strict EDTF ([`Evidence::strict_edtf`]): `1939-40` is a grouping, and a
    /// span of years written with `-` is no date.
    Strict,
}

/// The rule a column is read by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rule {
    pub format: Format,
    pub order_from: OrderFrom,
    /// The row's own `year` column is read: it decides two-digit years (otherwise [`PIVOT`]
    /// does), and gives the year of a day written without one ([`Lone::Day`]).
    pub year_column: bool,
    /// How a month's name with one short number is read ([`Format::Named`] only).
    pub lone: Lone,
    /// How a span of years written short is read ([`Format::Edtf`] only).
    pub spans: Spans,
}

/// What a column's values came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// No value to read.
    Empty,
    Read(Rule),
    /// No single format fits every value: two values that do not share one, and the rule the
    /// values before the second fitted (the values in it are read, the others are not).
    NoSingle(String, String, Option<Rule>),
    /// Numeric dates whose day/month order no value settles (every day ≤ 12): one of them.
    Unsettled(String, Rule),
    /// A month's name with one number that could be a day or a two-digit year, and nothing
    /// settles which ([`Lone::Unsettled`]): one of them.
    DayOrYear(String, Rule),
    /// Days and months with no year, and no `year` column ([`Lone::DayNoYear`]): one of them.
    NoYear(String, Rule),
    /// A year and a number that could be a sub-year grouping or the end of a span of years
    /// (`1939-40`), and nothing settles which ([`Spans::Unsettled`]): one of them.
    GroupingOrYears(String, Rule),
}

impl Decision {
    /// The rule the column is read by, if any.
    pub fn rule(&self) -> Option<Rule> {
        match self {
            Decision::Empty => None,
            Decision::Read(r)
            | Decision::Unsettled(_, r)
            | Decision::DayOrYear(_, r)
            | Decision::NoYear(_, r)
            | Decision::GroupingOrYears(_, r) => Some(*r),
            Decision::NoSingle(_, _, r) => *r,
        }
    }

    /// The problem to report for the whole column, if any.
    pub fn problem(&self, column: &str) -> Option<String> {
        match self {
            Decision::Empty | Decision::Read(_) => None,
            Decision::NoSingle(a, b, _) => Some(format!(
                "the date column `{column}` has values in no single format, e.g. `{a}` and `{b}`; values in the format most of them have are read, the others left out (use one format for the column)"
            )),
            Decision::Unsettled(v, _) => Some(format!(
                "the date column `{column}` writes numeric dates whose day/month order no value settles (every day is 12 or less, e.g. `{v}`); give --date-order dmy or --date-order mdy; until then such dates are left out"
            )),
            Decision::DayOrYear(v, _) => Some(format!(
                "the date column `{column}` writes a month's name with one two-digit number (e.g. `{v}`), which could be a day with no year or a two-digit year, and no value settles which (a number above 31 is a year, one digit a day); such dates are left out (write the year in full, or give the rows a `year` column: the number is then read as the day)"
            )),
            Decision::NoYear(v, _) => Some(format!(
                "the date column `{column}` writes days and months with no year (e.g. `{v}`); such dates are left out (write the year, or give the rows a `year` column)"
            )),
            Decision::GroupingOrYears(v, _) => {
                let (grouping, years, in_full) = year_span(v)
                    .map(|s| (s.grouping(), s.years(), s.edtf()))
                    .unwrap_or_default();
                Some(format!(
                    "the date column `{column}` writes `{v}`, which could be {grouping} (EDTF's sub-year grouping) or {years} (a span of years), and no value settles which (a second number that is no month or grouping, as in `1914-18`, makes them years); such dates are left out (write a span of years in full, `{in_full}`, or a grouping's months as an interval)"
                ))
            }
        }
    }
}

/// What the values of one column fit, gathered value by value.
#[derive(Clone, Debug)]
pub struct Evidence {
    fits: u16,
    /// Per format bit, the first value that fitted it (for messages and descriptions).
    witness: [Option<Box<str>>; 9],
    /// Per format bit, how many values fitted it: where no one format fits them all, the one
    /// most fit is read (an odd first value does not leave the column's other rows out).
    counts: [u64; 9],
    /// The first value that fitted none of the formats the values before fitted, and the value
    /// that fitted one of those.
    clash: Option<(String, String)>,
    /// What every value before the clash fitted.
    before_clash: u16,
    two_digit: bool,
    /// The first value with a month's name and one short number that can only be a year
    /// (`Mar-45`), only a day (`5-Mar`), or either (`12-Mar`); and whether a year came before
    /// a day.
    lone_year: Option<Box<str>>,
    lone_day: Option<Box<str>>,
    lone_either: Option<Box<str>>,
    lone_year_first: bool,
    /// The first value that is a span of years whatever the column (`1914-18`, `1899-1902`),
    /// the first whose second number can only be a span's end (`1914-18`: it settles
    /// [`Spans::Years`]), and the first that could be a grouping (`1939-40`).
    span: Option<Box<str>>,
    span_settles: Option<Box<str>>,
    span_or_grouping: Option<Box<str>>,
    /// The column's name says EDTF: spans of years are not read ([`Spans::Strict`]).
    strict: bool,
    values: u64,
    /// The first value, for when no other fits.
    first: Option<Box<str>>,
    /// Values that fit no format at all (`oops`, `unknown`): they choose no rule, and are
    /// each a problem when read.
    unfit: u64,
}

impl Default for Evidence {
    fn default() -> Evidence {
        Evidence {
            fits: ALL,
            witness: Default::default(),
            counts: [0; 9],
            clash: None,
            before_clash: 0,
            two_digit: false,
            lone_year: None,
            lone_day: None,
            lone_either: None,
            lone_year_first: false,
            span: None,
            span_settles: None,
            span_or_grouping: None,
            strict: false,
            values: 0,
            first: None,
            unfit: 0,
        }
    }
}

impl Evidence {
    /// Evidence for a column whose name says EDTF (`field_edtf_date`): its values are strict
    /// EDTF, where `1939-40` is the first half of 1939, never a span of years.
    pub fn strict_edtf() -> Evidence {
        Evidence {
            strict: true,
            ..Evidence::default()
        }
    }

    /// Takes one (non-empty) value into account.
    pub fn add(&mut self, value: &str) {
        let shape = classify(value);
        self.values += 1;
        match shape.span {
            Some(SpanKind::OrGrouping) if self.span_or_grouping.is_none() => {
                self.span_or_grouping = Some(value.into());
            }
            Some(SpanKind::Settles) if self.span_settles.is_none() => {
                self.span_settles = Some(value.into());
            }
            _ => {}
        }
        if shape.span.is_some_and(|k| k != SpanKind::OrGrouping) && self.span.is_none() {
            self.span = Some(value.into());
        }
        if shape.fits == ALL {
            return;
        }
        if shape.fits == 0 {
            self.unfit += 1;
            return;
        }
        if self.first.is_none() {
            self.first = Some(value.into());
        }
        self.two_digit |= shape.two_digit;
        match shape.lone {
            Some((false, true)) if self.lone_year.is_none() => {
                self.lone_year_first = self.lone_day.is_none();
                self.lone_year = Some(value.into());
            }
            Some((true, false)) if self.lone_day.is_none() => self.lone_day = Some(value.into()),
            Some((true, true)) if self.lone_either.is_none() => {
                self.lone_either = Some(value.into());
            }
            _ => {}
        }
        // A year alone fits nearly every format: it names none of them.
        if !shape.year_alone {
            for ((slot, count), bit) in self.witness.iter_mut().zip(&mut self.counts).zip(BITS) {
                if shape.fits & bit != 0 {
                    *count += 1;
                    if slot.is_none() {
                        *slot = Some(value.into());
                    }
                }
            }
        }
        let left = self.fits & shape.fits;
        if left == 0 && self.fits != 0 && self.clash.is_none() {
            let other = BITS
                .iter()
                .zip(&self.witness)
                .find(|(bit, w)| self.fits & **bit != 0 && w.is_some())
                .and_then(|(_, w)| w.as_deref())
                .or(self.first.as_deref())
                .unwrap_or_default()
                .to_string();
            self.clash = Some((other, value.to_string()));
            self.before_clash = self.fits;
        }
        self.fits = left;
    }

    /// Where no one format fits every value: the formats the most values fit (every format
    /// that many fit), or where the first values' formats are among them, those.
    fn most_fit(&self) -> u16 {
        let most = self.counts.iter().copied().max().unwrap_or(0);
        let top = BITS
            .iter()
            .zip(&self.counts)
            .filter(|(_, n)| **n == most && most > 0)
            .fold(0, |acc, (bit, _)| acc | bit);
        match self.before_clash & top {
            0 if top != 0 => top,
            0 => self.before_clash,
            first => first,
        }
    }

    /// The order this column's values settle on their own, if they settle one.
    pub fn settled_order(&self) -> Option<DateOrder> {
        if self.fits & (EDTF | YMD) != 0 || self.fits == ALL {
            return None;
        }
        match (self.fits & DMY != 0, self.fits & MDY != 0) {
            (true, false) => Some(DateOrder::Dmy),
            (false, true) => Some(DateOrder::Mdy),
            _ => None,
        }
    }

    fn witness(&self, bit: u16) -> String {
        BITS.iter()
            .position(|b| *b == bit)
            .and_then(|i| self.witness.get(i))
            .and_then(|w| w.as_deref())
            .or(self.first.as_deref())
            .unwrap_or_default()
            .to_string()
    }

    /// Takes into account a value that was just read by `rule` without an error: when the
    /// values so far fit nothing but that rule's format (and the format has no two-digit
    /// years to note), the value changes nothing and is only counted, which spares a million
    /// distinct date-times the classification.
    pub fn add_read(&mut self, value: &str, rule: &Rule) {
        let bit = bit_of(rule);
        let plain = matches!(rule.format, Format::Edtf | Format::Epoch(_));
        if plain && self.fits != 0 && self.fits & !bit == 0 && !span_shaped(value) {
            self.values += 1;
            if let Some(count) = BITS
                .iter()
                .position(|b| *b == bit)
                .and_then(|i| self.counts.get_mut(i))
            {
                *count += 1;
            }
        } else {
            self.add(value);
        }
    }

    /// A value of the column in the rule's format (its separators and widths name the pattern).
    pub fn example(&self, rule: &Rule) -> String {
        // A span of years read as such names the reading; one that could be a grouping best.
        if matches!(rule.spans, Spans::Years | Spans::Unsettled)
            && let Some(v) = self.span_or_grouping.as_ref().or(self.span.as_ref())
        {
            return v.to_string();
        }
        // Prefer a value that is not a year alone.
        self.witness(bit_of(rule))
    }

    /// How this column's spans of years are read (see [`Spans`]).
    fn spans(&self) -> Spans {
        if self.strict {
            Spans::Strict
        } else if self.span_settles.is_some() {
            Spans::Years
        } else if self.span_or_grouping.is_some() {
            Spans::Unsettled
        } else if self.span.is_some() {
            Spans::Years
        } else {
            Spans::None
        }
    }

    /// Whether some value had a two-digit year.
    pub fn two_digit(&self) -> bool {
        self.two_digit || self.lone(false) == Lone::Year
    }

    /// How this column's values written as a month's name and one short number are read
    /// (`year_column`: the rows have a `year`). Where some can only be a year and some only a
    /// day, the first of those decides (and the column fits no single format).
    fn lone(&self, year_column: bool) -> Lone {
        let day = if year_column {
            Lone::Day
        } else {
            Lone::DayNoYear
        };
        match (&self.lone_year, &self.lone_day, &self.lone_either) {
            (None, None, None) => Lone::None,
            (Some(_), Some(_), _) if !self.lone_year_first => day,
            (Some(_), _, _) => Lone::Year,
            (None, Some(_), _) => day,
            (None, None, Some(_)) if year_column => Lone::Day,
            (None, None, Some(_)) => Lone::Unsettled,
        }
    }
}

/// The format bit of a rule.
fn bit_of(rule: &Rule) -> u16 {
    {
        match rule.format {
            Format::Edtf => EDTF,
            Format::Numeric(DateOrder::Dmy) => DMY,
            Format::Numeric(DateOrder::Mdy) => MDY,
            Format::Numeric(DateOrder::Ymd) => YMD,
            Format::Named => NAMED,
            Format::Epoch(n) => epoch_unit(n).0,
        }
    }
}

/// The rule for a column. `file_order` is the order another date column of the same file
/// settled; `option` the one the user gave; `year_column` whether rows have a `year` of their own.
pub fn decide(
    ev: &Evidence,
    file_order: Option<DateOrder>,
    option: Option<DateOrder>,
    year_column: bool,
) -> Decision {
    if ev.values == 0 || (ev.fits == ALL && ev.unfit == 0) {
        return Decision::Empty;
    }
    // Only values that are no date at all: read as ISO 8601 / EDTF, each a problem that says
    // what it expected.
    if ev.fits == 0 {
        let (a, b) = ev.clash.clone().unwrap_or_default();
        let fallback = pick(ev, ev.most_fit(), file_order, option, year_column).rule();
        return Decision::NoSingle(a, b, fallback);
    }
    pick(ev, ev.fits, file_order, option, year_column)
}

fn pick(
    ev: &Evidence,
    f: u16,
    file_order: Option<DateOrder>,
    option: Option<DateOrder>,
    year_column: bool,
) -> Decision {
    let rule = |format, order_from| Rule {
        format,
        order_from,
        year_column: year_column && ev.two_digit,
        lone: Lone::None,
        spans: Spans::None,
    };
    let read = |format, order_from| Decision::Read(rule(format, order_from));
    if f & EDTF != 0 {
        let spans = ev.spans();
        let r = Rule {
            spans,
            ..rule(Format::Edtf, OrderFrom::None)
        };
        return match (spans, &ev.span_or_grouping) {
            (Spans::Unsettled, Some(v)) => Decision::GroupingOrYears(v.to_string(), r),
            _ => Decision::Read(r),
        };
    }
    if f & YMD != 0 {
        return read(Format::Numeric(DateOrder::Ymd), OrderFrom::None);
    }
    // `23.09.10` as Korea, China and Sweden write it (year, month, day; two digits each):
    // read so when the user says so (the values fit day-first as well, as the rule says).
    if option == Some(DateOrder::Ymd) && f & (DMY | MDY) != 0 && ev.two_digit {
        return read(Format::Numeric(DateOrder::Ymd), OrderFrom::Option);
    }
    if f & (DMY | MDY) == DMY | MDY {
        return match (option, file_order) {
            (Some(o), _) if o != DateOrder::Ymd => read(Format::Numeric(o), OrderFrom::Option),
            (_, Some(o)) if o != DateOrder::Ymd => read(Format::Numeric(o), OrderFrom::File),
            _ => Decision::Unsettled(
                ev.witness(DMY),
                rule(Format::Numeric(DateOrder::Dmy), OrderFrom::Unsettled),
            ),
        };
    }
    if f & DMY != 0 {
        return read(Format::Numeric(DateOrder::Dmy), OrderFrom::Values);
    }
    if f & MDY != 0 {
        return read(Format::Numeric(DateOrder::Mdy), OrderFrom::Values);
    }
    if f & NAMED != 0 {
        let lone = ev.lone(year_column);
        let r = Rule {
            lone,
            year_column: year_column && (ev.two_digit() || lone == Lone::Day),
            ..rule(Format::Named, OrderFrom::None)
        };
        return match (lone, &ev.lone_year, &ev.lone_day) {
            // Values that can only be a year and values that can only be a day: the first's
            // reading, the others left out.
            (_, Some(y), Some(d)) => {
                let (a, b) = if ev.lone_year_first { (y, d) } else { (d, y) };
                Decision::NoSingle(a.to_string(), b.to_string(), Some(r))
            }
            (Lone::Unsettled, _, _) => {
                Decision::DayOrYear(ev.lone_either.as_deref().unwrap_or_default().to_string(), r)
            }
            (Lone::DayNoYear, _, _) => {
                Decision::NoYear(ev.lone_day.as_deref().unwrap_or_default().to_string(), r)
            }
            _ => Decision::Read(r),
        };
    }
    for (bit, per_second, _, _) in EPOCHS {
        if f & bit != 0 {
            return read(Format::Epoch(per_second), OrderFrom::None);
        }
    }
    Decision::Empty
}

impl Rule {
    /// The rule in words, e.g. `d-Mon-yy, two-digit years from the year column`; `example` is
    /// a value the column holds (its separators and widths name the pattern).
    pub fn describe(&self, example: &str, two_digit: bool) -> String {
        let mut out = match self.format {
            Format::Edtf => "ISO 8601 / EDTF".to_string(),
            Format::Numeric(_) if self.order_from == OrderFrom::Unsettled => {
                "numeric day and month in an order not settled".to_string()
            }
            Format::Numeric(order) => numeric_pattern(example, order),
            Format::Named => named_pattern(example, self.lone == Lone::Year),
            Format::Epoch(n) => {
                format!("Unix time in {}", epoch_unit(n).1)
            }
        };
        match self.order_from {
            OrderFrom::Values | OrderFrom::None => {}
            OrderFrom::Unsettled => out.push_str(" (give --date-order)"),
            OrderFrom::File => out.push_str(", day/month order from the file's other date column"),
            OrderFrom::Option => out.push_str(", day/month order from --date-order"),
        }
        match self.lone {
            Lone::None | Lone::Year => {}
            Lone::Day => out.push_str(", years from the year column"),
            Lone::DayNoYear => out.push_str(", no year (such dates are left out)"),
            Lone::Unsettled => out.push_str(
                ", a day with no year or a two-digit year, not settled (such dates are left out)",
            ),
        }
        if let Some(s) = year_span(example).filter(|_| self.format == Format::Edtf) {
            match self.spans {
                Spans::Years => {
                    out.push_str(&format!("; `{example}` read as {}", s.years()));
                }
                Spans::Unsettled => out.push_str(&format!(
                    "; `{example}` {} or {}, not settled (such dates are left out)",
                    s.grouping(),
                    s.years()
                )),
                Spans::None | Spans::Strict => {}
            }
        }
        // Only formats that write two-digit years have them to read (an odd value in another
        // format, left out, says nothing of an ISO column's years).
        let has_years_in_two = matches!(self.format, Format::Numeric(_) | Format::Named);
        if two_digit && has_years_in_two && !(self.lone == Lone::Day && self.year_column) {
            if self.year_column {
                out.push_str(", two-digit years from the year column");
            } else {
                out.push_str(&format!(
                    ", two-digit years read as {}–{}",
                    1900 + PIVOT,
                    2000 + PIVOT - 1
                ));
            }
        }
        out
    }
}

/// `dd/mm/yyyy` with the example's separator and year width.
fn numeric_pattern(example: &str, order: DateOrder) -> String {
    let sep = example
        .chars()
        .find(|c| matches!(c, '/' | '-' | '.'))
        .unwrap_or('/');
    let two = split_numeric(strip_time(example).0).is_some_and(|[a, _, c]| {
        if order == DateOrder::Ymd {
            a.len() == 2
        } else {
            c.len() == 2
        }
    });
    let y = if two { "yy" } else { "yyyy" };
    match order {
        DateOrder::Dmy => format!("dd{sep}mm{sep}{y}"),
        DateOrder::Mdy => format!("mm{sep}dd{sep}{y}"),
        DateOrder::Ymd => format!("{y}{sep}mm{sep}dd"),
    }
}

/// `d-Mon-yy`, `dd Month yyyy`, `Month d, yyyy` after the example.
/// `lone_year`: a single short number is a two-digit year (`Mon-yy`), not a day.
fn named_pattern(example: &str, lone_year: bool) -> String {
    let mut out = String::new();
    let mut numbers_before = 0;
    let numbers = tokens(example)
        .iter()
        .filter(|t| matches!(t, Token::Number(..)))
        .count();
    for token in tokens(example) {
        match token {
            Token::Sep(s) => out.push_str(s),
            Token::Word(w) => {
                if month_of(w).is_some() {
                    out.push_str(if w.trim_end_matches('.').len() <= 4 {
                        "Mon"
                    } else {
                        "Month"
                    });
                } else if is_weekday(w) {
                    out.push_str("Weekday");
                } else {
                    out.push_str(w);
                }
            }
            Token::Number(n, ordinal) => {
                let is_year = (n.len() == 4 || numbers_before >= 1 || (lone_year && numbers == 1))
                    && !ordinal;
                numbers_before += 1;
                if is_year {
                    out.push_str(if n.len() == 2 { "yy" } else { "yyyy" });
                } else {
                    out.push_str(if n.len() == 1 { "d" } else { "dd" });
                    if ordinal {
                        out.push_str("th");
                    }
                }
            }
        }
    }
    out
}

/// The shape of one value: which formats it fits, and whether its year has two digits.
struct Shape {
    fits: u16,
    two_digit: bool,
    year_alone: bool,
    /// A month's name with one short number: whether it can be a day, and a two-digit year.
    lone: Option<(bool, bool)>,
    /// A span of years (`1914-18`), or what could be one (`1939-40`).
    span: Option<SpanKind>,
}

/// What a value written as a year, a dash and a number (`1914-18`, `1939-40`, `1899-1902`) can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SpanKind {
    /// Only a span of years, and written short: `1914-18`, `1999-00`, `1939–40` (an en dash is
    /// no EDTF). It settles a column's spans.
    Settles,
    /// Only a span of years, written in full: `1899-1902`, `1850 - 1860`.
    Full,
    /// A span of years or EDTF's sub-year grouping: `1939-40`, `2020-21`.
    OrGrouping,
}

/// A span of years as written: `1914-18`, `1999-00`, `1899-1902`, `1850 - 1860`, `1939–40`.
#[derive(Clone, Copy, Debug, Default)]
struct YearSpan {
    from: i64,
    to: i64,
    /// The second number, when it has two digits.
    short: Option<i64>,
    /// Written as EDTF writes a month or grouping: `1939-40` (no space, a hyphen).
    edtf_syntax: bool,
}

impl YearSpan {
    /// What the value can be, or `None` if it is a month (`1943-05`).
    fn kind(&self) -> Option<SpanKind> {
        match self.short {
            None => Some(SpanKind::Full),
            Some(n) if self.edtf_syntax && (1..=12).contains(&n) => None,
            Some(n) if self.edtf_syntax && (21..=41).contains(&n) => Some(SpanKind::OrGrouping),
            Some(_) => Some(SpanKind::Settles),
        }
    }

    /// `the years 1939 to 1940`.
    fn years(&self) -> String {
        format!("the years {} to {}", self.from, self.to)
    }

    /// The month a span written like `2011-12` also is: `December 2011`.
    fn month_name(&self) -> String {
        let name = self
            .short
            .and_then(|m| u32::try_from(m).ok())
            .map_or("", crate::model::time::month_name);
        format!("{name} {}", self.from)
    }

    /// The month a span written like `2011-12` also is, as an interval of days: `2011-12-01/2011-12-31`.
    fn month_days(&self) -> String {
        let m = self.short.unwrap_or(1);
        let last = u32::try_from(m)
            .map(|m| days_in_month(self.from, m))
            .unwrap_or(28);
        format!("{0:04}-{m:02}-01/{0:04}-{m:02}-{last:02}", self.from)
    }

    /// `1939/1940`.
    fn edtf(&self) -> String {
        format!("{:04}/{:04}", self.from, self.to)
    }

    /// The EDTF sub-year grouping the value also is: `the first half of 1939`.
    fn grouping(&self) -> String {
        let y = self.from;
        let name = match self.short.unwrap_or_default() {
            21 => "spring",
            22 => "summer",
            23 => "autumn",
            24 => "winter",
            25 => "spring (northern hemisphere)",
            26 => "summer (northern hemisphere)",
            27 => "autumn (northern hemisphere)",
            28 => "winter (northern hemisphere)",
            29 => "spring (southern hemisphere)",
            30 => "summer (southern hemisphere)",
            31 => "autumn (southern hemisphere)",
            32 => "winter (southern hemisphere)",
            33 => "the first quarter of",
            34 => "the second quarter of",
            35 => "the third quarter of",
            36 => "the fourth quarter of",
            37 => "the first four months of",
            38 => "the second four months of",
            39 => "the last four months of",
            40 => "the first half of",
            41 => "the second half of",
            _ => "a grouping of",
        };
        format!("{name} {y}")
    }
}

/// `YYYY-YY` or `YYYY-YYYY` (a hyphen, an en or em dash, spaces around it or not) whose end is
/// after its start: a span of years as people write it. Two digits end the span in the start's
/// century, or the next one when they are less than the start's last two and the span is then
/// ten years at most (`1999-00`, `1998-02`; `2023-22` is no span of 99 years, nor `1950-24`).
fn year_span(v: &str) -> Option<YearSpan> {
    let from_text = v.get(..4)?;
    if !is_year(from_text) {
        return None;
    }
    let rest = v.get(4..)?;
    let after = rest
        .trim_start()
        .strip_prefix(['-', '\u{2013}', '\u{2014}'])?;
    let to_text = after.trim_start();
    if !(to_text.len() == 2 || to_text.len() == 4) || !to_text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let from = num(from_text);
    let end = num(to_text);
    let (to, short) = if to_text.len() == 2 {
        let century = from - from.rem_euclid(100);
        let to = if end < from.rem_euclid(100) {
            let to = century + 100 + end;
            if to - from > 10 {
                return None;
            }
            to
        } else {
            century + end
        };
        (to, Some(end))
    } else {
        (end, None)
    };
    (to > from).then_some(YearSpan {
        from,
        to,
        short,
        edtf_syntax: rest.starts_with('-') && after.len() == 2,
    })
}

/// Whether a value, its archive wording aside, is written as a year, a dash and a number.
fn span_shaped(value: &str) -> bool {
    let t = value.trim();
    year_span(t).is_some()
        || ((!t.starts_with(|c: char| c.is_ascii_digit()) || t.ends_with('?'))
            && year_span(unwrap(t).1).is_some())
}

/// What archives write around a date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wrap {
    Plain,
    /// `circa 1984`, `c. 1984`, `ca. 1984`, `about 1984`: approximate (`~`).
    Circa,
    /// `c. 1984?`, `circa 1984?`: approximate and uncertain (`%`).
    CircaUncertain,
    /// `1854?` (when the date itself is not EDTF): uncertain (`?`).
    Uncertain,
    /// `before 1900`: one of the dates up to it (`[..1900]`).
    Before,
    /// `after 1900`: one of the dates from it on (`[1900..]`).
    After,
}

/// Words that say there is no date.
fn is_no_date(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    matches!(
        l.as_str(),
        "unknown"
            | "unknown date"
            | "n.d."
            | "n.d"
            | "nd"
            | "no date"
            | "undated"
            | "?"
            | "n/a"
            | "date unknown"
    )
}

/// Splits off an archive's wording: `circa`, `before`, `after`, a trailing `?`.
fn unwrap(v: &str) -> (Wrap, &str) {
    let t = v.trim();
    let lower = t.to_ascii_lowercase();
    for (prefix, wrap) in [
        ("circa ", Wrap::Circa),
        ("circa", Wrap::Circa),
        ("ca. ", Wrap::Circa),
        ("ca.", Wrap::Circa),
        ("ca ", Wrap::Circa),
        ("c. ", Wrap::Circa),
        ("c.", Wrap::Circa),
        ("about ", Wrap::Circa),
        ("approx. ", Wrap::Circa),
        ("before ", Wrap::Before),
        ("after ", Wrap::After),
    ] {
        if lower.starts_with(prefix)
            && let Some(rest) = t.get(prefix.len()..)
            && rest
                .trim_start()
                .starts_with(|c: char| c.is_ascii_alphanumeric())
        {
            let rest = rest.trim();
            // `c. 1850?`: the `?` is said too, whether or not `1850?` is EDTF.
            return match rest.strip_suffix('?') {
                Some(r) if wrap == Wrap::Circa && !r.trim().is_empty() => {
                    (Wrap::CircaUncertain, r.trim())
                }
                _ => (wrap, rest),
            };
        }
    }
    // `1939-40?` is EDTF (a grouping), but in a column of spans of years it is `1939-40`, uncertain.
    if let Some(rest) = t.strip_suffix('?')
        && (edtf::parse(t).is_err() || year_span(rest.trim()).is_some())
    {
        return (Wrap::Uncertain, rest.trim());
    }
    (Wrap::Plain, t)
}

/// `1920s` or `1920's` → the decade's EDTF (`192X`); `1900s` → the century (`19XX`), the wider
/// reading of an ambiguous phrase.
fn decade(v: &str) -> Option<String> {
    let d = v.strip_suffix("'s").or_else(|| v.strip_suffix('s'))?;
    if d.len() != 4 || !d.bytes().all(|b| b.is_ascii_digit()) || !d.ends_with('0') {
        return None;
    }
    if d.ends_with("00") {
        Some(format!("{}XX", d.get(..2)?))
    } else {
        Some(format!("{}X", d.get(..3)?))
    }
}

/// A value that starts with a number of one to three digits (`31-12-19`, `9-5-20`): never
/// an EDTF year, whatever a lenient parser would make of it.
fn short_year_first(v: &str) -> Option<usize> {
    let n = v.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&n).then_some(n)
}

/// A year alone, four digits (fits every format but Unix time).
fn is_year(v: &str) -> bool {
    v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit())
}

fn classify(value: &str) -> Shape {
    if is_no_date(value) {
        return Shape {
            fits: ALL,
            two_digit: false,
            year_alone: false,
            lone: None,
            span: None,
        };
    }
    let (_, v) = unwrap(value);
    if is_year(v) || decade(v).is_some() {
        return Shape {
            fits: EDTF | DMY | MDY | YMD | NAMED,
            two_digit: false,
            year_alone: true,
            lone: None,
            span: None,
        };
    }
    // A span of years is read in ISO 8601 / EDTF columns (where `1939-40` is also EDTF).
    if let Some(kind) = year_span(v).and_then(|s| s.kind()) {
        return Shape {
            fits: EDTF,
            two_digit: false,
            year_alone: false,
            lone: None,
            span: Some(kind),
        };
    }
    let mut fits = 0;
    let mut two_digit = false;
    if short_year_first(v).is_none() && edtf::parse(&iso(v)).is_ok() {
        fits |= EDTF;
    }
    if let Some(bits) = epoch_bits(v) {
        fits |= bits;
    }
    let (date, time) = strip_time(v);
    if time.is_none_or(|t| clock(t).is_some())
        && let Some([a, b, c]) = split_numeric(date)
    {
        let (na, nb, nc) = (num(a), num(b), num(c));
        if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
            if valid(na, nb, nc) {
                fits |= YMD;
            }
        } else if a.len() <= 2 && b.len() <= 2 && (c.len() == 4 || c.len() == 2) {
            // A two-digit year could be a leap year: check days against 2000.
            let year = if c.len() == 2 { 2000 } else { nc };
            two_digit = c.len() == 2;
            if valid(year, nb, na) {
                fits |= DMY;
            }
            if valid(year, na, nb) {
                fits |= MDY;
            }
        }
    }
    let mut lone = None;
    if let Some(n) = named(v) {
        fits |= NAMED;
        match n.lone {
            Some(l) => lone = Some((l.can_day, l.can_year)),
            None => two_digit |= n.two_digit,
        }
    }
    Shape {
        fits,
        two_digit,
        year_alone: false,
        lone,
        span: None,
    }
}

fn num(s: &str) -> i64 {
    s.parse().unwrap_or(-1)
}

fn valid(year: i64, month: i64, day: i64) -> bool {
    (1..=12).contains(&month)
        && day >= 1
        && u32::try_from(month).is_ok_and(|m| day <= i64::from(days_in_month(year, m)))
}

/// `a/b/c` with one separator (`/`, `-` or `.`) used twice and digits between.
fn split_numeric(v: &str) -> Option<[&str; 3]> {
    let sep = v.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '/' | '-' | '.') {
        return None;
    }
    let mut parts = v.split(sep);
    let (a, b, c) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let digits = |s: &str| !s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit());
    (digits(a) && digits(b) && digits(c)).then_some([a, b, c])
}

/// A date followed by a clock time after a space (`3/1/2020 14:30`).
fn strip_time(v: &str) -> (&str, Option<&str>) {
    match v.split_once(' ') {
        Some((d, t)) if t.contains(':') => (d, Some(t.trim())),
        _ => (v, None),
    }
}

/// `14:30` or `14:30:05` → EDTF `T14:30:00`.
fn clock(t: &str) -> Option<String> {
    let mut parts = t.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let s: u32 = match parts.next() {
        Some(s) => s.split('.').next()?.parse().ok()?,
        None => 0,
    };
    (parts.next().is_none() && h < 24 && m < 60 && s < 60).then(|| format!("T{h:02}:{m:02}:{s:02}"))
}

/// Unix time: an integer of 9 or more digits (or with a fraction), the unit by its size.
fn epoch_bits(v: &str) -> Option<u16> {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let int = int.strip_prefix('-').unwrap_or(int);
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    EPOCHS
        .iter()
        .find(|(_, _, _, (lo, hi))| (*lo..=*hi).contains(&int.len()))
        .map(|(bit, _, _, _)| *bit)
}

/// The unit of Unix time in 1/n seconds: its bit, its name and its digits.
fn epoch_unit(per_second: i64) -> (u16, &'static str, (usize, usize)) {
    EPOCHS
        .iter()
        .find(|(_, p, _, _)| *p == per_second)
        .map_or((EPOCH_S, "seconds", (9, 11)), |(b, _, u, d)| (*b, *u, *d))
}

/// ISO date-times as spreadsheets and pandas write them, made EDTF: a space for `T`, a
/// fraction of a second dropped, `+0000` as `+00:00`, ` UTC` as `Z`.
fn iso(v: &str) -> std::borrow::Cow<'_, str> {
    let b = v.as_bytes();
    let looks = b.len() > 10
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && matches!(b.get(10), Some(b' ') | Some(b'T'));
    if !looks {
        return v.into();
    }
    let (date, rest) = (v.get(..10).unwrap_or(v), v.get(11..).unwrap_or(""));
    let rest = rest.trim();
    let (rest, zone) = match rest
        .strip_suffix(" UTC")
        .or_else(|| rest.strip_suffix("UTC"))
    {
        Some(r) => (r.trim(), "Z".to_string()),
        None => match rest.rfind(['+', '-', 'Z']) {
            Some(i) if i >= 5 => {
                let z = rest.get(i..).unwrap_or("");
                let z = if z.len() == 5 && !z.contains(':') {
                    format!("{}:{}", z.get(..3).unwrap_or(""), z.get(3..).unwrap_or(""))
                } else {
                    z.to_string()
                };
                (rest.get(..i).unwrap_or(rest), z)
            }
            _ => (rest, String::new()),
        },
    };
    let time = rest.split('.').next().unwrap_or(rest);
    let time = if time.len() == 5 {
        format!("{time}:00")
    } else {
        time.to_string()
    };
    format!("{date}T{time}{zone}").into()
}

struct Named {
    year: i64,
    month: u32,
    day: Option<u32>,
    two_digit: bool,
    /// The month's name came with one number of one or two digits and no other: a day or a
    /// two-digit year, as the column's rule says ([`read_lone`]); `day` is then `None`.
    lone: Option<LoneNumber>,
    /// The weekday written in front (`Monday, March 2, 2020`), 0 for Sunday: the date must
    /// fall on it.
    weekday: Option<usize>,
}

/// The one short number beside a month's name (`12-Mar`, `March 20th`, `Mar-45`).
#[derive(Clone, Copy)]
struct LoneNumber {
    n: u32,
    /// It is a day the month has (in a leap year).
    can_day: bool,
    /// It has two digits and no ordinal suffix.
    can_year: bool,
}

enum Token<'a> {
    Word(&'a str),
    /// Digits, and whether an ordinal suffix (`st`, `nd`, `rd`, `th`) followed.
    Number(&'a str, bool),
    Sep(&'a str),
}

fn tokens(v: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = v;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_digit() {
            rest.find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len())
        } else if c.is_alphabetic() {
            rest.find(|c: char| !c.is_alphabetic() && c != '.')
                .unwrap_or(rest.len())
        } else {
            rest.find(|c: char| c.is_alphanumeric())
                .unwrap_or(rest.len())
        };
        // At least the first character, whole: `¼` is alphanumeric but neither digit nor letter.
        let (t, r) = rest.split_at(len.max(c.len_utf8()).min(rest.len()));
        rest = r;
        if c.is_ascii_digit() {
            let lower = rest.get(..2).map(str::to_ascii_lowercase);
            let ordinal = matches!(lower.as_deref(), Some("st" | "nd" | "rd" | "th"));
            if ordinal {
                rest = rest.get(2..).unwrap_or("");
            }
            out.push(Token::Number(t, ordinal));
        } else if c.is_alphabetic() {
            out.push(Token::Word(t));
        } else {
            out.push(Token::Sep(t));
        }
    }
    out
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A month's number from its English name, its first three letters or `Sept` (a final `.`
/// allowed), any case.
pub(crate) fn month_of(w: &str) -> Option<u32> {
    let l = w.trim_end_matches('.').to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            *m == l || (l.len() <= 4 && m.starts_with(&l) && (l.len() == 3 || l == "sept"))
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

const WEEKDAYS: [&str; 7] = [
    "sunday",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
];

fn is_weekday(w: &str) -> bool {
    weekday_of(w).is_some()
}

/// The weekday a word names (`Mon`, `Monday`, `Tues.`), 0 for Sunday.
fn weekday_of(w: &str) -> Option<usize> {
    let l = w.trim_end_matches('.').to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    WEEKDAYS.iter().position(|d| d.starts_with(&l))
}

/// `9-May-20`, `01 November 2024`, `01-January-2015`, `November 10th 2016`, `Nov. 3, 2020`,
/// `May 2020`, with a weekday in front or not. The year is the last number; the day the other.
fn named(v: &str) -> Option<Named> {
    let mut month = None;
    let mut weekday = None;
    let mut numbers: Vec<(&str, bool)> = Vec::new();
    for t in tokens(v) {
        match t {
            Token::Word(w) => match month_of(w) {
                Some(m) if month.is_none() => month = Some(m),
                _ if is_weekday(w) && month.is_none() && numbers.is_empty() => {
                    weekday = weekday_of(w);
                }
                _ => return None,
            },
            Token::Number(n, ordinal) => numbers.push((n, ordinal)),
            Token::Sep(s) => {
                if !s.chars().all(|c| matches!(c, ' ' | '-' | ',' | '/' | '.')) {
                    return None;
                }
            }
        }
    }
    let month = month?;
    if let [(n, ordinal)] = numbers.as_slice()
        && n.len() <= 2
    {
        let number: u32 = n.parse().ok()?;
        let lone = LoneNumber {
            n: number,
            can_day: valid(2000, i64::from(month), i64::from(number)),
            can_year: n.len() == 2 && !ordinal,
        };
        if !lone.can_day && !lone.can_year {
            return None;
        }
        return Some(Named {
            year: i64::from(number),
            month,
            day: None,
            two_digit: false,
            lone: Some(lone),
            weekday,
        });
    }
    let ((y, y_ord), day) = match numbers.as_slice() {
        [y] => (*y, None),
        [d, y] => (*y, Some(*d)),
        _ => return None,
    };
    if y_ord || !(y.len() == 2 || y.len() == 4) {
        return None;
    }
    let day = match day {
        None => None,
        Some((d, _)) if d.len() <= 2 => Some(d.parse::<u32>().ok()?),
        Some(_) => return None,
    };
    let two_digit = y.len() == 2;
    let year: i64 = y.parse().ok()?;
    let check_year = if two_digit { 2000 } else { year };
    if let Some(d) = day
        && !valid(check_year, i64::from(month), i64::from(d))
    {
        return None;
    }
    Some(Named {
        year,
        month,
        day,
        two_digit,
        lone: None,
        weekday,
    })
}

/// A two-digit year made whole: by the row's own year where it has one (a disagreement is an
/// error), otherwise by [`PIVOT`].
fn whole_year(yy: i64, row_year: Option<i64>, value: &str) -> Result<i64, String> {
    match row_year {
        Some(y) if y.rem_euclid(100) == yy => Ok(y),
        Some(y) => Err(format!(
            "`{value}` has the two-digit year {yy:02}, but the row's `year` is {y}"
        )),
        None if yy < PIVOT => Ok(2000 + yy),
        None => Ok(1900 + yy),
    }
}

fn ymd(year: i64, month: i64, day: i64) -> String {
    if (0..=9999).contains(&year) {
        format!("{year:04}-{month:02}-{day:02}")
    } else {
        format!("Y{year}-{month:02}-{day:02}")
    }
}

/// Reads one value by its column's rule into EDTF text. `row_year` is the row's own year
/// column, for two-digit years. The error says why, in words for a problem.
pub fn read(rule: &Rule, value: &str, row_year: Option<i64>) -> Result<String, String> {
    if is_no_date(value) {
        return Err(format!("`{value}` gives no date"));
    }
    let (wrap, v) = unwrap(value);
    let inner = if let Some(d) = decade(v) {
        d
    } else if is_year(v) && !matches!(rule.format, Format::Epoch(_)) {
        v.to_string()
    } else if let Some(years) = read_span(rule, v)? {
        years
    } else {
        read_plain(rule, v, row_year)?
    };
    let qualified = |q: char| {
        // An interval's ends each take the qualifier: `c. 1850 - 1860` is `1850~/1860~`.
        match inner.split_once('/') {
            Some((a, b))
                if !inner.contains(['[', '{', '~', '?', '%', '.'])
                    && !a.is_empty()
                    && !b.is_empty() =>
            {
                Some(format!("{a}{q}/{b}{q}"))
            }
            _ if !inner.contains(['/', '[', '{', '~', '?', '%']) => Some(format!("{inner}{q}")),
            _ => None,
        }
    };
    Ok(match wrap {
        Wrap::Plain => inner,
        Wrap::Circa => qualified('~').unwrap_or(inner),
        Wrap::CircaUncertain => qualified('%').unwrap_or(inner),
        Wrap::Uncertain => qualified('?').unwrap_or(inner),
        Wrap::Before => format!("[..{inner}]"),
        Wrap::After => format!("[{inner}..]"),
    })
}

/// A span of years in an ISO 8601 / EDTF column, as its rule reads it (see [`Spans`]): its
/// EDTF interval, or `None` for a value that is not one (`1943-05` is a month).
fn read_span(rule: &Rule, v: &str) -> Result<Option<String>, String> {
    if rule.format != Format::Edtf || rule.spans == Spans::Strict {
        return Ok(None);
    }
    let Some(s) = year_span(v) else {
        return Ok(None);
    };
    match s.kind() {
        // A month whose number is also the year after (`2011-12`), in a column of spans.
        None if rule.spans == Spans::Years && s.to == s.from + 1 => Err(format!(
            "`{v}` could be the month {} or {}, and the column writes spans of years; write `{}` or `{}`",
            s.month_name(),
            s.years(),
            s.edtf(),
            s.month_days()
        )),
        None => Ok(None),
        Some(SpanKind::OrGrouping) if rule.spans != Spans::Years => Err(format!(
            "`{v}` could be {} (EDTF's sub-year grouping) or {}; nothing in the column settles which",
            s.grouping(),
            s.years()
        )),
        Some(_) => Ok(Some(s.edtf())),
    }
}

fn read_plain(rule: &Rule, v: &str, row_year: Option<i64>) -> Result<String, String> {
    let expected = |what: &str| format!("`{v}` is not a date in the column's format ({what})");
    match rule.format {
        Format::Edtf => {
            if short_year_first(v).is_some() {
                return Err(format!(
                    "`{v}` is not an ISO/EDTF date (a year has four digits)"
                ));
            }
            let e = iso(v);
            match edtf::parse(&e) {
                Ok(_) => Ok(e.into_owned()),
                Err(err) => Err(format!("`{v}` is not a valid EDTF date ({err})")),
            }
        }
        Format::Numeric(order) => {
            let (date, time) = strip_time(v);
            let clock = match time {
                None => String::new(),
                Some(t) => clock(t).ok_or_else(|| expected("a clock time as hh:mm"))?,
            };
            let [a, b, c] = split_numeric(date).ok_or_else(|| expected(order.name()))?;
            let (y, m, d) = match order {
                DateOrder::Dmy => (c, b, a),
                DateOrder::Mdy => (c, a, b),
                DateOrder::Ymd => (a, b, c),
            };
            let year = match y.len() {
                4 => num(y),
                2 => whole_year(num(y), row_year, v)?,
                _ => return Err(expected(order.name())),
            };
            if d.len() > 2 || m.len() > 2 || !valid(year, num(m), num(d)) {
                return Err(expected(order.name()));
            }
            if rule.order_from == OrderFrom::Unsettled && num(d) != num(m) && num(d) <= 12 {
                return Err(format!(
                    "`{v}` could be day/month or month/day and nothing in the file settles which; give --date-order dmy or mdy"
                ));
            }
            Ok(format!("{}{clock}", ymd(year, num(m), num(d))))
        }
        Format::Named => {
            let n = named(v).ok_or_else(|| expected("a day, a month's name and a year"))?;
            if let Some(l) = n.lone {
                return read_lone(rule, v, n.month, l, row_year);
            }
            let year = if n.two_digit {
                whole_year(n.year, row_year, v)?
            } else {
                n.year
            };
            match n.day {
                Some(d) if valid(year, i64::from(n.month), i64::from(d)) => {
                    // A weekday that is not the date's: one of the two is wrong, and which
                    // is not known.
                    let is = weekday(year, n.month, d);
                    if let Some(w) = n.weekday.filter(|&w| w != is) {
                        return Err(format!(
                            "`{v}` names a {}, but {} was a {}: the weekday or the date is wrong",
                            weekday_name(w),
                            ymd(year, i64::from(n.month), i64::from(d)),
                            weekday_name(is)
                        ));
                    }
                    Ok(ymd(year, i64::from(n.month), i64::from(d)))
                }
                Some(_) => Err(expected("a day that the month has")),
                None => Ok(ymd(year, i64::from(n.month), 1)
                    .get(..7)
                    .unwrap_or_default()
                    .to_string()),
            }
        }
        Format::Epoch(per_second) => {
            let (int, frac) = v.split_once('.').unwrap_or((v, ""));
            let n: i64 = int.parse().map_err(|_| expected("Unix time"))?;
            let Some(bit) = epoch_bits(v).filter(|_| frac.bytes().all(|b| b.is_ascii_digit()))
            else {
                return Err(expected("Unix time"));
            };
            // The column's unit was chosen from all its values; a value of another size is in
            // another unit, and read in the column's it would land centuries away.
            let (want, unit, (lo, hi)) = epoch_unit(per_second);
            if bit != want {
                let digits = int.trim_start_matches('-').len();
                let its = EPOCHS
                    .iter()
                    .find(|(b, _, _, _)| *b == bit)
                    .map_or("another unit", |(_, _, u, _)| u);
                return Err(format!(
                    "`{v}` has {digits} digits, Unix time in {its}, but the column is Unix time in {unit} ({lo} to {hi} digits)"
                ));
            }
            let t = n.div_euclid(per_second);
            let c = Civil::from_instant(t);
            Ok(format!(
                "{}T{:02}:{:02}:{:02}Z",
                ymd(c.year, i64::from(c.month), i64::from(c.day)),
                c.hour,
                c.minute,
                c.second
            ))
        }
    }
}

/// A month's name with one short number, read as the column's rule says (see [`Lone`]).
fn read_lone(
    rule: &Rule,
    v: &str,
    month: u32,
    l: LoneNumber,
    row_year: Option<i64>,
) -> Result<String, String> {
    // The month's name as it is written in a sentence: `March`.
    let name = crate::model::time::month_name(month);
    let n = l.n;
    let as_year = if i64::from(n) < PIVOT {
        2000 + n
    } else {
        1900 + n
    };
    match rule.lone {
        Lone::Year | Lone::None if l.can_year => {
            let year = whole_year(i64::from(n), row_year, v)?;
            Ok(ymd(year, i64::from(month), 1)
                .get(..7)
                .unwrap_or_default()
                .to_string())
        }
        Lone::Year | Lone::None => Err(format!(
            "`{v}` is not a date in the column's format (a month's name and a two-digit year, as in its other values)"
        )),
        Lone::Day | Lone::DayNoYear if !l.can_day => Err(format!(
            "`{v}` is not a date in the column's format (a day and a month's name, as in its other values)"
        )),
        Lone::Day => match row_year {
            Some(y) if valid(y, i64::from(month), i64::from(n)) => {
                Ok(ymd(y, i64::from(month), i64::from(n)))
            }
            Some(y) => Err(format!("`{v}`: {name} {y} has no day {n}")),
            None => Err(format!(
                "`{v}` gives a day and a month but no year, and the row's `year` is empty"
            )),
        },
        Lone::DayNoYear => Err(format!(
            "`{v}` gives a day and a month ({n} {name}) but no year"
        )),
        Lone::Unsettled => Err(format!(
            "`{v}` could be {n} {name} of a year not given, or {name} {as_year}; nothing in the column settles which"
        )),
    }
}

/// A value read by its rule, as a time: the text as written kept for display, the EDTF it was
/// read as beside it.
pub fn time(rule: &Rule, value: &str, row_year: Option<i64>) -> Result<UncertainTime, String> {
    // Most values of an EDTF column are EDTF as written: parsed once, as before there were rules.
    if rule.format == Format::Edtf
        && short_year_first(value).is_none()
        && (rule.spans == Spans::Strict || !span_shaped(value))
        && let Ok(t) = edtf::parse(value.trim())
    {
        return Ok(t);
    }
    let e = read(rule, value, row_year)?;
    to_time(value.trim(), &e)
}

/// The time `edtf` denotes, shown as `written`.
pub fn to_time(written: &str, e: &str) -> Result<UncertainTime, String> {
    let t = edtf::parse(e)
        .map_err(|err| format!("`{written}` read as `{e}` is not a valid date ({err})"))?;
    if *t.written == *written {
        return Ok(t);
    }
    let edtf: std::sync::Arc<str> = e.into();
    Ok(UncertainTime {
        written: written.into(),
        edtf: Some(edtf),
        ..t
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::format_iso_date;

    #[test]
    fn a_value_that_is_no_date_at_all_chooses_no_rule() {
        // HDX's hashtag row, a typo, "unknown": first or later, the dates choose the rule.
        for values in [
            ["#date+timestamp", "1759790065", "1753956296"],
            ["1759790065", "unknown", "1753956296"],
        ] {
            let mut ev = Evidence::default();
            for v in values {
                ev.add(v);
            }
            let rule = decide(&ev, None, None, false);
            assert_eq!(
                rule.rule().map(|r| r.format),
                Some(Format::Epoch(1)),
                "{values:?}"
            );
            assert!(rule.problem("t").is_none(), "{values:?}");
        }
        // Only such values: read as ISO 8601 / EDTF, each then a problem.
        let mut ev = Evidence::default();
        ev.add("oops");
        assert_eq!(
            decide(&ev, None, None, false).rule().map(|r| r.format),
            Some(Format::Edtf)
        );
    }

    #[test]
    fn characters_that_are_neither_digits_nor_letters_are_whole_tokens() {
        // Found by the `vis` and `tjs_sheet` fuzzers: `¼` is alphanumeric, so no separator
        // ends before it, and the token was cut inside it.
        for v in ["¼00:00.000000+00:00", "¾¾¾¾012", "٣/٤/٢٠٢٠", "12 ²"] {
            let t = tokens(v);
            assert!(!t.is_empty(), "{v}");
            let _ = classify(v);
            let _ = evidence(&[v]);
        }
        assert!(matches!(tokens("¼0").first(), Some(Token::Sep("¼"))));
    }

    fn evidence(values: &[&str]) -> Evidence {
        let mut ev = Evidence::default();
        for v in values {
            ev.add(v);
        }
        ev
    }

    fn rule(values: &[&str]) -> Rule {
        match decide(&evidence(values), None, None, false) {
            Decision::Read(r) => r,
            other => panic!("{values:?}: {other:?}"),
        }
    }

    fn read_all(values: &[&str]) -> Vec<String> {
        let r = rule(values);
        values
            .iter()
            .map(|v| read(&r, v, None).unwrap_or_else(|e| e))
            .collect()
    }

    #[test]
    fn d_mon_yy_reads_two_digit_years_by_the_pivot() {
        assert_eq!(
            read_all(&["9-May-20", "27-Apr-20"]),
            ["2020-05-09", "2020-04-27"]
        );
        assert_eq!(read_all(&["1-Jan-45"]), ["1945-01-01"]);
        let r = rule(&["9-May-20"]);
        assert_eq!(r.format, Format::Named);
        assert_eq!(
            r.describe("9-May-20", true),
            "d-Mon-yy, two-digit years read as 1930–2029"
        );
    }

    #[test]
    fn the_row_year_decides_two_digit_years_and_a_disagreement_is_an_error() {
        let r = match decide(&evidence(&["31-12-19"]), None, None, true) {
            Decision::Read(r) => r,
            other => panic!("{other:?}"),
        };
        assert_eq!(r.format, Format::Numeric(DateOrder::Dmy));
        assert_eq!(
            read(&r, "31-12-19", Some(2019)).as_deref(),
            Ok("2019-12-31")
        );
        assert_eq!(
            read(&r, "31-12-19", Some(1919)).as_deref(),
            Ok("1919-12-31")
        );
        let err = read(&r, "31-12-19", Some(2018)).unwrap_err();
        assert!(err.contains("2018"), "{err}");
        assert_eq!(
            r.describe("31-12-19", true),
            "dd-mm-yy, two-digit years from the year column"
        );
    }

    #[test]
    fn a_later_value_settles_the_day_month_order() {
        assert_eq!(
            read_all(&["03/01/1946", "03/31/1946"]),
            ["1946-03-01", "1946-03-31"]
        );
        assert_eq!(
            read_all(&["03/01/1946", "31/03/1946"]),
            ["1946-01-03", "1946-03-31"]
        );
    }

    #[test]
    fn an_unsettled_order_is_not_guessed() {
        let d = decide(&evidence(&["03/01/1946", "01/01/1946"]), None, None, false);
        assert!(
            matches!(d, Decision::Unsettled(ref v, _) if v == "03/01/1946"),
            "{d:?}"
        );
        assert!(d.problem("date").unwrap().contains("--date-order"));
        let r = d.rule().unwrap();
        assert!(
            read(&r, "03/01/1946", None)
                .unwrap_err()
                .contains("--date-order")
        );
        // The same day and month read the same either way.
        assert_eq!(read(&r, "01/01/1946", None).as_deref(), Ok("1946-01-01"));
        let Decision::Read(r) = decide(
            &evidence(&["03/01/1946"]),
            None,
            Some(DateOrder::Dmy),
            false,
        ) else {
            panic!()
        };
        assert_eq!(read(&r, "03/01/1946", None).as_deref(), Ok("1946-01-03"));
        let Decision::Read(r) = decide(
            &evidence(&["03/01/1946"]),
            Some(DateOrder::Mdy),
            None,
            false,
        ) else {
            panic!()
        };
        assert_eq!(read(&r, "03/01/1946", None).as_deref(), Ok("1946-03-01"));
        assert_eq!(r.order_from, OrderFrom::File);
    }

    #[test]
    fn years_alone_mix_with_any_format() {
        assert_eq!(
            read_all(&["1915", "03/31/1946", "11-10-2016"]),
            ["1915", "1946-03-31", "2016-11-10"]
        );
        assert_eq!(rule(&["1915", "2001"]).format, Format::Edtf);
    }

    #[test]
    fn a_column_in_no_single_format_names_two_values() {
        let d = decide(&evidence(&["2020-05-09", "9-May-20"]), None, None, false);
        assert!(
            matches!(d, Decision::NoSingle(ref a, ref b, Some(r)) if a == "2020-05-09" && b == "9-May-20" && r.format == Format::Edtf),
            "{d:?}"
        );
        assert!(d.problem("event_date").unwrap().contains("`event_date`"));
        assert!(matches!(
            decide(&evidence(&["31/12/2019", "12/31/2019"]), None, None, false),
            Decision::NoSingle(..)
        ));
    }

    #[test]
    fn month_names_in_many_spellings() {
        assert_eq!(
            read_all(&[
                "01 November 2024",
                "01-January-2015",
                "November 10th 2016",
                "Nov. 3, 2020",
                "May 2020"
            ]),
            [
                "2024-11-01",
                "2015-01-01",
                "2016-11-10",
                "2020-11-03",
                "2020-05"
            ]
        );
        assert_eq!(
            rule(&["03 December 2020"]).describe("03 December 2020", false),
            "dd Month yyyy"
        );
    }

    #[test]
    fn iso_date_times_as_pandas_writes_them() {
        assert_eq!(
            read_all(&[
                "2012-03-14 04:17:38.276340+00:00",
                "2012-03-14 04:17:38+0000"
            ]),
            ["2012-03-14T04:17:38+00:00", "2012-03-14T04:17:38+00:00"]
        );
    }

    #[test]
    fn unix_time_by_its_size() {
        assert_eq!(
            read_all(&["1607374999", "1589220519"]),
            ["2020-12-07T21:03:19Z", "2020-05-11T18:08:39Z"]
        );
        assert_eq!(read_all(&["1607374999000"]), ["2020-12-07T21:03:19Z"]);
        assert_eq!(read_all(&["1607374999000000"]), ["2020-12-07T21:03:19Z"]);
        assert_eq!(
            rule(&["1607374999000"]).describe("", false),
            "Unix time in milliseconds"
        );
    }

    #[test]
    fn unix_time_of_another_unit_than_the_column_is_refused_not_read_centuries_away() {
        // Seconds first: the column is read in seconds, as its problem says; milliseconds and
        // microseconds are refused, not read as the years 52133 and 50,165,902.
        let values = ["1583020800", "1583020800000", "1583020800000000"];
        let d = decide(&evidence(&values), None, None, false);
        let r = d.rule().unwrap();
        assert_eq!(r.format, Format::Epoch(1));
        assert!(
            d.problem("date")
                .unwrap()
                .contains("values in the format most of them have are read, the others left out")
        );
        assert_eq!(
            read(&r, "1583020800", None).as_deref(),
            Ok("2020-03-01T00:00:00Z")
        );
        assert_eq!(
            read(&r, "1583020800000", None).unwrap_err(),
            "`1583020800000` has 13 digits, Unix time in milliseconds, but the column is Unix time in seconds (9 to 11 digits)"
        );
        assert_eq!(
            read(&r, "1583020800000000", None).unwrap_err(),
            "`1583020800000000` has 16 digits, Unix time in microseconds, but the column is Unix time in seconds (9 to 11 digits)"
        );
        // Milliseconds first: seconds are refused, not read as 19 January 1970.
        let values = ["1583020800000", "1583020800"];
        let r = decide(&evidence(&values), None, None, false)
            .rule()
            .unwrap();
        assert_eq!(r.format, Format::Epoch(1_000));
        assert_eq!(
            read(&r, "1583020800000", None).as_deref(),
            Ok("2020-03-01T00:00:00Z")
        );
        assert_eq!(
            read(&r, "1583020800", None).unwrap_err(),
            "`1583020800` has 10 digits, Unix time in seconds, but the column is Unix time in milliseconds (12 to 14 digits)"
        );
        // Negative times before 1970 are of the same size.
        assert_eq!(
            read(&r, "-1583020800000", None).as_deref(),
            Ok("1919-11-03T00:00:00Z")
        );
    }

    fn decide_with(values: &[&str], year_column: bool) -> Decision {
        decide(&evidence(values), None, None, year_column)
    }

    #[test]
    fn a_day_and_month_without_a_year_is_not_read_as_a_two_digit_year() {
        // Excel's `d-mmm`: every number could be a day or a year; nothing settles which.
        let values = ["12-Mar", "15-Mar", "28-Mar", "30-Apr"];
        let d = decide_with(&values, false);
        assert!(
            matches!(d, Decision::DayOrYear(ref v, _) if v == "12-Mar"),
            "{d:?}"
        );
        let problem = d.problem("date").unwrap();
        assert!(
            problem.contains("could be a day with no year or a two-digit year"),
            "{problem}"
        );
        let r = d.rule().unwrap();
        assert_eq!(r.lone, Lone::Unsettled);
        assert_eq!(
            read(&r, "12-Mar", None).unwrap_err(),
            "`12-Mar` could be 12 March of a year not given, or March 2012; nothing in the column settles which"
        );
        assert_eq!(
            read(&r, "30-Apr", None).unwrap_err(),
            "`30-Apr` could be 30 April of a year not given, or April 1930; nothing in the column settles which"
        );
        assert_eq!(
            r.describe("12-Mar", false),
            "dd-Mon, a day with no year or a two-digit year, not settled (such dates are left out)"
        );
        // The same written month first.
        let r = decide_with(&["March 20", "May 12"], false).rule().unwrap();
        assert_eq!(
            read(&r, "March 20", None).unwrap_err(),
            "`March 20` could be 20 March of a year not given, or March 2020; nothing in the column settles which"
        );
        // Full dates in the same column are still read.
        assert_eq!(read(&r, "9-May-20", None).as_deref(), Ok("2020-05-09"));
    }

    #[test]
    fn one_digit_settles_a_day_and_a_day_without_a_year_is_left_out() {
        let d = decide_with(&["20-Jan", "3-Feb", "15-Mar"], false);
        assert!(
            matches!(d, Decision::NoYear(ref v, _) if v == "3-Feb"),
            "{d:?}"
        );
        assert!(
            d.problem("date")
                .unwrap()
                .contains("days and months with no year")
        );
        let r = d.rule().unwrap();
        assert_eq!(
            read(&r, "20-Jan", None).unwrap_err(),
            "`20-Jan` gives a day and a month (20 January) but no year"
        );
        assert_eq!(
            r.describe("20-Jan", false),
            "dd-Mon, no year (such dates are left out)"
        );
    }

    #[test]
    fn the_row_year_makes_the_number_a_day() {
        let d = decide_with(&["12-Mar", "29-Feb", "30-Apr"], true);
        let Decision::Read(r) = d else {
            panic!("{d:?}")
        };
        assert_eq!(r.lone, Lone::Day);
        assert!(r.year_column);
        assert_eq!(read(&r, "12-Mar", Some(2020)).as_deref(), Ok("2020-03-12"));
        assert_eq!(read(&r, "30-Apr", Some(1930)).as_deref(), Ok("1930-04-30"));
        assert_eq!(
            read(&r, "29-Feb", Some(2021)).unwrap_err(),
            "`29-Feb`: February 2021 has no day 29"
        );
        assert!(read(&r, "12-Mar", None).unwrap_err().contains("no year"));
        assert_eq!(
            r.describe("12-Mar", false),
            "dd-Mon, years from the year column"
        );
    }

    #[test]
    fn a_number_that_is_no_day_settles_two_digit_years() {
        // `Mar-45` is no day: the column is Excel's `mmm-yy`, and `Apr-20` is April 2020.
        let r = rule(&["Mar-45", "Apr-20"]);
        assert_eq!(r.lone, Lone::Year);
        assert_eq!(read(&r, "Mar-45", None).as_deref(), Ok("1945-03"));
        assert_eq!(read(&r, "Apr-20", None).as_deref(), Ok("2020-04"));
        let ev = evidence(&["Mar-45", "Apr-20"]);
        assert!(ev.two_digit());
        assert_eq!(
            r.describe("Mar-45", ev.two_digit()),
            "Mon-yy, two-digit years read as 1930–2029"
        );
        // `31-Feb` cannot be a day either.
        assert_eq!(rule(&["31-Feb", "12-Mar"]).lone, Lone::Year);
        // A value that can only be a day beside one that can only be a year: no single format.
        let d = decide_with(&["Mar-45", "5-Mar"], false);
        assert!(
            matches!(d, Decision::NoSingle(ref a, ref b, Some(_)) if a == "Mar-45" && b == "5-Mar"),
            "{d:?}"
        );
        let r = d.rule().unwrap();
        assert!(
            read(&r, "5-Mar", None)
                .unwrap_err()
                .contains("two-digit year")
        );
    }

    #[test]
    fn archive_forms() {
        assert_eq!(
            read_all(&[
                "1920s",
                "circa 1984",
                "c. 1984",
                "ca. 1984",
                "1854?",
                "before 1900",
                "1900s"
            ]),
            [
                "192X", "1984~", "1984~", "1984~", "1854?", "[..1900]", "19XX"
            ]
        );
        let r = rule(&["1920s"]);
        assert!(read(&r, "Unknown", None).unwrap_err().contains("no date"));
        assert!(read(&r, "n.d.", None).unwrap_err().contains("no date"));
        let t = time(&r, "circa 1984", None).unwrap();
        assert_eq!(&*t.written, "circa 1984");
        assert_eq!(t.edtf.as_deref(), Some("1984~"));
        assert!(t.qualifiers.overall.approximate);
    }

    #[test]
    fn no_year_below_100_comes_from_two_digits() {
        for v in ["9-May-20", "31-12-19", "01/02/03"] {
            let mut ev = Evidence::default();
            ev.add(v);
            if let Decision::Read(r) = decide(&ev, None, Some(DateOrder::Dmy), false) {
                let t = time(&r, v, None).unwrap();
                let year = Civil::from_instant(t.earliest().unwrap()).year;
                assert!(year >= 1930, "{v}: {year}");
                assert!(format_iso_date(t.earliest().unwrap()).len() == 10);
            }
        }
    }

    #[test]
    fn a_year_and_a_number_that_is_no_month_settles_spans_of_years() {
        let values = [
            "1939-40",
            "1914-18",
            "1999-00",
            "1899-1902",
            "1850 - 1860",
            "1939\u{2013}40",
            "1943-05",
            "1850",
        ];
        let r = rule(&values);
        assert_eq!(r.spans, Spans::Years);
        assert_eq!(
            read_all(&values),
            [
                "1939/1940",
                "1914/1918",
                "1999/2000",
                "1899/1902",
                "1850/1860",
                "1939/1940",
                "1943-05",
                "1850"
            ]
        );
        let ev = evidence(&values);
        assert_eq!(
            r.describe(&ev.example(&r), ev.two_digit()),
            "ISO 8601 / EDTF; `1939-40` read as the years 1939 to 1940"
        );
        let t = time(&r, "1939-40", None).unwrap();
        assert_eq!(&*t.written, "1939-40");
        assert_eq!(format_iso_date(t.earliest().unwrap()), "1939-01-01");
        assert_eq!(format_iso_date(t.latest().unwrap()), "1940-12-31");
        // A month that is also the year after, in a column of spans: both readings, not read.
        assert_eq!(
            read(&r, "2011-12", None).unwrap_err(),
            "`2011-12` could be the month December 2011 or the years 2011 to 2012, and the column writes spans of years; write `2011/2012` or `2011-12-01/2011-12-31`"
        );
        // Uncertain and approximate spans qualify both ends.
        assert_eq!(read(&r, "1914-18?", None).unwrap(), "1914?/1918?");
        assert_eq!(read(&r, "c. 1914-18", None).unwrap(), "1914~/1918~");
    }

    #[test]
    fn a_span_of_years_or_an_edtf_grouping_is_not_settled_and_left_out() {
        let d = decide_with(&["1939-40", "2020-21", "1943-05", "1899-1902"], false);
        let Decision::GroupingOrYears(v, r) = &d else {
            panic!("{d:?}")
        };
        assert_eq!(v, "1939-40");
        assert_eq!(r.spans, Spans::Unsettled);
        assert_eq!(
            d.problem("date").unwrap(),
            "the date column `date` writes `1939-40`, which could be the first half of 1939 (EDTF's sub-year grouping) or the years 1939 to 1940 (a span of years), and no value settles which (a second number that is no month or grouping, as in `1914-18`, makes them years); such dates are left out (write a span of years in full, `1939/1940`, or a grouping's months as an interval)"
        );
        assert_eq!(
            r.describe("1939-40", false),
            "ISO 8601 / EDTF; `1939-40` the first half of 1939 or the years 1939 to 1940, not settled (such dates are left out)"
        );
        assert_eq!(
            time(r, "2020-21", None).unwrap_err(),
            "`2020-21` could be spring 2020 (EDTF's sub-year grouping) or the years 2020 to 2021; nothing in the column settles which"
        );
        // What is no grouping is read: a month, a span written in full.
        assert_eq!(read(r, "1943-05", None).unwrap(), "1943-05");
        assert_eq!(read(r, "1899-1902", None).unwrap(), "1899/1902");
    }

    #[test]
    fn months_and_edtf_columns_are_read_as_before() {
        let r = rule(&["2023-09", "1943-05", "2011-12"]);
        assert_eq!(r.spans, Spans::None);
        assert_eq!(read_all(&["2023-09", "2011-12"]), ["2023-09", "2011-12"]);
        // A column whose name says EDTF is strict: `1939-40` is the first half of 1939.
        let mut ev = Evidence::strict_edtf();
        for v in ["1939-40", "1914-18"] {
            ev.add(v);
        }
        let r = decide(&ev, None, None, false).rule().unwrap();
        assert_eq!(r.spans, Spans::Strict);
        let t = time(&r, "1939-40", None).unwrap();
        assert_eq!(format_iso_date(t.latest().unwrap()), "1939-06-30");
        assert!(time(&r, "1914-18", None).is_err());
    }

    #[test]
    fn circa_with_a_question_mark_is_approximate_and_uncertain() {
        assert_eq!(
            read_all(&[
                "c. 1850?",
                "circa 1850?",
                "about 1850?",
                "ca. 1920s?",
                "c. 1850"
            ]),
            ["1850%", "1850%", "1850%", "192X%", "1850~"]
        );
        let r = rule(&["c. 1850?"]);
        let t = time(&r, "c. 1850?", None).unwrap();
        assert_eq!(t.edtf.as_deref(), Some("1850%"));
        assert!(t.qualifiers.overall.approximate && t.qualifiers.overall.uncertain);
        // Twice the width of `c. 1850` (1849–1851).
        assert_eq!(format_iso_date(t.earliest().unwrap()), "1848-01-01");
        assert_eq!(format_iso_date(t.latest().unwrap()), "1852-12-31");
    }
}
