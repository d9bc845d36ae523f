//! ACLED's aggregated data: rows that count events per week (Saturday to Friday), admin 1 and
//! sub-event type (`week`, `admin1`, `event_type`, `sub_event_type`, `events`, `fatalities`,
//! …, the weekly file ACLED's site offers), or per month or year and country (`country`,
//! `month`, `year`, `events` or `fatalities`, as HDX offers them). Each row becomes one event
//! dated anywhere in its period, never to the day the `week` column names: that day is only
//! where the week starts. The counts are said to be ACLED's (a source "ACLED" that each row
//! cites) only where ACLED's categories (`event_type`, `sub_event_type`, `disorder_type`) are
//! columns of the sheet.

use super::{Dates, Numbering, Records, Rows, end, field, file_stem, with_rows};
use crate::load::builder::DatasetBuilder;
use crate::load::datecol::{self, Rule};
use crate::load::{Format, LoadControl, LoadError, LoadOptions};
use crate::model::fields::Values;
use crate::model::time::{Civil, DAY};
use crate::model::{Claim, Precision, Source, Status, UncertainTime};
use rustc_hash::FxHashMap;
use std::sync::Arc;

use super::Outcome;

/// The period each row counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Period {
    /// `week`: the Saturday the week starts on.
    Week,
    /// `month` (a name or 1–12) and `year`.
    Month,
    /// `year`.
    Year,
}

impl Period {
    /// What a row is: a count of events in one period, as the window counts them.
    fn record(self) -> &'static str {
        match self {
            Period::Week => "weekly count",
            Period::Month => "monthly count",
            Period::Year => "yearly count",
        }
    }

    fn word(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// The period of a sheet of ACLED's aggregated columns (`headers` in lower case): counts of
/// `events` or `fatalities` per `week` by event type, or per `month`/`year` and `country`;
/// `None` for any other sheet (and for ACLED's events, which have an `event_date`).
pub(super) fn period(headers: &[String]) -> Option<Period> {
    let has = |h: &str| headers.iter().any(|x| x == h);
    let counts = has("events") || has("fatalities");
    if !counts || has("event_date") {
        return None;
    }
    let kind = has("event_type") || has("sub_event_type") || has("disorder_type");
    let area = has("country") || has("admin1") || has("admin 1");
    if has("week") && (kind || area) {
        Some(Period::Week)
    } else if has("country") && has("year") && has("month") {
        Some(Period::Month)
    } else if has("country") && has("year") {
        Some(Period::Year)
    } else {
        None
    }
}

/// Loads a sheet of ACLED's aggregated data (see the module).
pub(super) fn load<R: Records>(
    name: &str,
    period: Period,
    written: &[String],
    reader: R,
    control: &LoadControl,
    options: &LoadOptions,
    rules: Option<Vec<Option<Rule>>>,
) -> Result<Outcome, LoadError> {
    let headers: Vec<String> = written.iter().map(|h| h.to_ascii_lowercase()).collect();
    let headers = headers.as_slice();
    let col = |h: &str| headers.iter().position(|x| x == h);
    let week = if period == Period::Week {
        col("week")
    } else {
        None
    };
    let mut dates = Dates::new(&[week, None], false, None, options.date_order, rules);
    dates.header_line = reader.header_line();
    dates.said_after = "; each the first day of a week (Saturday to Friday): the row's events are somewhere in those seven days";
    let mut b = DatasetBuilder::new(name, Format::AcledAggregated);
    b.set_title(file_stem(name));
    // ACLED's own categories say the counts are ACLED's; a sheet of countries, months and
    // counts alone does not say whose they are.
    let by_acled = ["event_type", "sub_event_type", "disorder_type"]
        .iter()
        .any(|h| col(h).is_some());
    let whose = if by_acled {
        "ACLED aggregated data"
    } else {
        "Counts"
    };
    let description = match period {
        Period::Week => format!("{whose}: events counted per week (Saturday to Friday)"),
        Period::Month => format!("{whose}: events counted per month"),
        Period::Year => format!("{whose}: events counted per year"),
    };
    b.set_record(period.record());
    // Every column stays an attribute, the counts among them.
    let attributes: Vec<(usize, u32)> = written
        .iter()
        .enumerate()
        .filter(|(i, _)| headers.get(*i).is_some_and(|h| !super::is_index(h)))
        .map(|(i, h)| (i, b.attribute(&h.to_ascii_lowercase())))
        .collect();
    let numbering = Numbering {
        columns: attributes.clone(),
        values: Values::default(),
        acled: None,
    };
    let ((mut b, not_utf8), dates, numbering) =
        with_rows(reader, control, dates, Some(numbering), |rows| {
            let b = rows_to_events(b, rows, headers, period, by_acled, &description);
            (b, rows.not_utf8)
        });
    if let Some(n) = numbering {
        b.adopt_values(n.values);
    }
    // How a month's or a year's rows were read (a week's is said with its column's rule).
    let said = |c: Option<usize>| written.get(c?).cloned();
    match period {
        Period::Week => {}
        Period::Month => b.date_reading(
            &[said(col("month")), said(col("year"))]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" and "),
            "a month by its English name or number, in the year: the row's events are somewhere in that month".into(),
        ),
        Period::Year => b.date_reading(
            &said(col("year")).unwrap_or_default(),
            "the year: the row's events are somewhere in that year".into(),
        ),
    }
    end(name, control, b, not_utf8, &dates, written)
}

/// What the rows of a sheet count in all.
#[derive(Default)]
struct Totals {
    rows: usize,
    events: u64,
    fatalities: u64,
    /// Counts (of events or fatalities) that are not a whole number, not added.
    unread: usize,
}

impl Totals {
    /// Adds a row's counts (`None`: no such column; `Some(None)`: an empty field); the
    /// events it counts, 0 where that is no whole number.
    fn add(&mut self, events: Option<Option<&str>>, fatalities: Option<Option<&str>>) -> u32 {
        self.rows += 1;
        let mut counted = 0;
        for (i, (value, total)) in [
            (events, &mut self.events),
            (fatalities, &mut self.fatalities),
        ]
        .into_iter()
        .enumerate()
        {
            match value.map(|v| v.and_then(whole)) {
                Some(Some(n)) => {
                    *total = total.saturating_add(n);
                    if i == 0 {
                        counted = u32::try_from(n).unwrap_or(u32::MAX);
                    }
                }
                Some(None) => self.unread += 1,
                None => {}
            }
        }
        counted
    }

    /// The data set's description: what its rows are, and what they count in all.
    fn describe(&self, what: &str, period: Period, has: (bool, bool)) -> String {
        let rows = crate::model::counted(self.rows, crate::model::thousands, period.record());
        let big = |n: u64| crate::model::thousands(usize::try_from(n).unwrap_or(usize::MAX));
        let mut counts = Vec::new();
        if has.0 {
            counts.push(format!("{} events", big(self.events)));
        }
        if has.1 && (self.fatalities > 0 || !has.0) {
            counts.push(format!("{} fatalities", big(self.fatalities)));
        }
        if counts.is_empty() {
            return format!("{what}. {rows}.");
        }
        let mut out = format!("{what}. {rows} of {} in all", counts.join(" and "));
        if self.unread > 0 {
            out.push_str(&format!(
                " (and {} empty or not a whole number, not added)",
                crate::model::counted(self.unread, crate::model::thousands, "count")
            ));
        }
        out.push('.');
        out
    }
}

/// A count as a whole number: `12`, or `12.0` as pandas writes a number column that had a gap.
fn whole(text: &str) -> Option<u64> {
    let t = text.trim();
    let t = t.strip_suffix(".0").unwrap_or(t);
    t.parse().ok()
}

/// The columns [`rows_to_events`] reads.
struct Columns {
    week: Option<usize>,
    month: Option<usize>,
    year: Option<usize>,
    country: Option<usize>,
    admin1: Option<usize>,
    admin2: Option<usize>,
    event_type: Option<usize>,
    sub_event_type: Option<usize>,
    disorder_type: Option<usize>,
    events: Option<usize>,
    fatalities: Option<usize>,
}

fn rows_to_events(
    mut b: DatasetBuilder,
    rows: &mut Rows,
    headers: &[String],
    period: Period,
    by_acled: bool,
    description: &str,
) -> DatasetBuilder {
    let col = |h: &str| headers.iter().position(|x| x == h);
    let c = Columns {
        week: col("week"),
        month: col("month"),
        year: col("year"),
        country: col("country"),
        admin1: col("admin1").or(col("admin 1")),
        admin2: col("admin2").or(col("admin 2")),
        event_type: col("event_type"),
        sub_event_type: col("sub_event_type"),
        disorder_type: col("disorder_type"),
        events: col("events"),
        fatalities: col("fatalities"),
    };
    // ACLED, cited by each row, when the counts are ACLED's.
    let acled = by_acled.then(|| {
        b.source("acled-aggregated", || Source {
            notes: Some("ACLED's aggregated data: events counted per period and area".into()),
            ..Source::named("acled-aggregated", "ACLED")
        })
    });
    let said = b.intern("counted in ACLED's aggregated data");
    // Each period's time by the text it was read from.
    let mut times: FxHashMap<String, Arc<UncertainTime>> = FxHashMap::default();
    // The first `week` that is not a Saturday (its line and text), and how many are not.
    let mut not_saturday: Option<(usize, String)> = None;
    let mut not_saturdays = 0usize;
    let mut row = 0usize;
    let mut summary = String::new();
    // What the rows kept count in all, and how many counts were not a number.
    let mut totals = Totals::default();
    // The events each row kept counts, by row.
    let mut weights = Vec::new();
    while let Some((record, prepared)) = rows.next_row(&mut b) {
        row += 1;
        let line = record.position().map_or(row + 1, |p| p.line() as usize);
        let get = |i: Option<usize>| field(record, i);
        let at = |i: Option<usize>| i.map_or(0, |i| i + 1);
        // ACLED's `ID` names the admin 1 area, not the row: every row is an event of its own.
        let id = compact_str::format_compact!("row-{row}");
        let time = match period {
            Period::Week => {
                let text = get(c.week).unwrap_or_default();
                match prepared.time.take() {
                    Some(Ok(day)) => match week_of(&day, text, &mut times) {
                        Ok((t, saturday)) => {
                            if !saturday {
                                not_saturdays += 1;
                                not_saturday.get_or_insert_with(|| (line, text.to_string()));
                            }
                            Ok(t)
                        }
                        Err(e) => Err(e),
                    },
                    Some(Err(e)) => Err(format!("`week`: {e}")),
                    None => Err("missing `week`".to_string()),
                }
                .map_err(|e| (e, at(c.week)))
            }
            Period::Month | Period::Year => {
                let month = if period == Period::Month {
                    get(c.month)
                } else {
                    None
                };
                period_time(get(c.year), month, &mut times).map_err(|e| {
                    let column = if e.starts_with("`month`") {
                        c.month
                    } else {
                        c.year
                    };
                    (e, at(column))
                })
            }
        };
        let time = match time {
            Ok(t) => t,
            Err((e, column)) => {
                b.problem(
                    line,
                    column,
                    Some(&id),
                    format!("{e}; this row is left out"),
                );
                continue;
            }
        };
        let kind = get(c.sub_event_type)
            .or(get(c.event_type))
            .or(get(c.disorder_type));
        let area = get(c.admin2).or(get(c.admin1)).or(get(c.country));
        let place = place(&[get(c.admin2), get(c.admin1), get(c.country)]);
        let events = get(c.events);
        let fatalities = get(c.fatalities);
        let title = title(kind, area, events, fatalities);
        summary.clear();
        summary.push_str(&format!(
            "Counted {}for the {}",
            if by_acled { "by ACLED " } else { "" },
            period.word()
        ));
        if period == Period::Week {
            summary.push_str(" (Saturday to Friday)");
        }
        if let Some(place) = &place {
            summary.push_str(&format!(" in {place}"));
        }
        summary.push(':');
        if let Some(n) = events {
            summary.push_str(&format!(" {n} {}", plural(n, "event", "events")));
        }
        if let Some(f) = fatalities {
            if events.is_some() {
                summary.push(',');
            }
            summary.push_str(&format!(" {f} {}", plural(f, "fatality", "fatalities")));
        }
        summary.push('.');
        let lane = b.lane(
            get(c.event_type)
                .or(get(c.disorder_type))
                .or(get(c.country))
                .unwrap_or("Events"),
        );
        let mut event = crate::load::builder::EventDraft::new(id, title, time, lane, (line, 1));
        event.status = Status::Reported;
        event.place = place.map(|p| b.intern(&p));
        event.summary = Some(summary.as_str().into());
        let tags: Vec<String> = [get(c.event_type), get(c.sub_event_type)]
            .into_iter()
            .flatten()
            .map(str::to_ascii_lowercase)
            .collect();
        event.tag_list = Some(b.tag_list(&tags));
        event.claims = acled
            .map(|a| vec![Claim::citing(a.0, said.clone())])
            .unwrap_or_default();
        event.attributes = prepared.values.clone();
        b.event_new(event);
        weights.push(totals.add(c.events.map(|_| events), c.fatalities.map(|_| fatalities)));
    }
    if c.events.is_some() {
        b.set_weights(weights);
    }
    b.set_description(totals.describe(
        description,
        period,
        (c.events.is_some(), c.fatalities.is_some()),
    ));
    if let Some((line, text)) = not_saturday {
        let others = match not_saturdays {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        b.problem_first(
            line,
            c.week.map_or(0, |i| i + 1),
            &format!(
                "`week` `{text}`{others} is not a Saturday, where ACLED's weeks start; each such row is read as the seven days from its `week`"
            ),
        );
    }
    b
}

/// The week from `day` (the text `text`, read by the column's rule): its seven days, and
/// whether `day` is a Saturday.
fn week_of(
    day: &UncertainTime,
    text: &str,
    times: &mut FxHashMap<String, Arc<UncertainTime>>,
) -> Result<(Arc<UncertainTime>, bool), String> {
    // A day, or a time on it (`2024-01-06 00:00:00`, as pandas writes a date): its day, as
    // written (in its own offset, if it gives one).
    let fine = matches!(
        day.precision,
        Precision::Day | Precision::Hour | Precision::Minute | Precision::Second
    );
    let at = day
        .strict_earliest
        .instant()
        .filter(|_| fine)
        .ok_or_else(|| format!("`week` `{text}` is not a day"))?;
    let offset = i64::from(day.offset_minutes.unwrap_or(0)) * 60;
    let start = (at + offset).div_euclid(DAY) * DAY;
    // 1 January 1970 was a Thursday.
    let saturday = (start.div_euclid(DAY) + 4).rem_euclid(7) == 6;
    if let Some(t) = times.get(text) {
        return Ok((t.clone(), saturday));
    }
    let first = Civil::from_instant(start);
    let last = Civil::from_instant(start + 6 * DAY);
    let day_text = |c: &Civil| format!("{:04}-{:02}-{:02}", c.year, c.month, c.day);
    // The file's own text: what is shown in quotes as written. The week it stands for is the
    // time's seven days, said in words beside it and in the data set's description.
    let t = Arc::new(UncertainTime {
        edtf: Some(format!("[{}..{}]", day_text(&first), day_text(&last)).into()),
        ..UncertainTime::between(text.into(), start, start + 7 * DAY - 1, Precision::Day)
    });
    times.insert(text.to_string(), t.clone());
    Ok((t, saturday))
}

/// A month's number from its English name (or its short form, `Jan`, `Sept.`) or its number.
fn month_number(text: &str) -> Option<u32> {
    match text.parse::<u32>() {
        Ok(n) => (1..=12).contains(&n).then_some(n),
        Err(_) => datecol::month_of(text),
    }
}

/// The month or year a row counts (`year`, and `month` for a month's row).
fn period_time(
    year: Option<&str>,
    month: Option<&str>,
    times: &mut FxHashMap<String, Arc<UncertainTime>>,
) -> Result<Arc<UncertainTime>, String> {
    let year_text = year.ok_or("missing `year`")?;
    let y = year_text
        .parse::<i64>()
        .ok()
        .filter(|y| (1..=9999).contains(y))
        .ok_or_else(|| format!("`year` `{year_text}` is not a year"))?;
    let (edtf, written) = match month {
        None => (format!("{y:04}"), year_text.to_string()),
        Some(m) => {
            let n = month_number(m)
                .ok_or_else(|| format!("`month` `{m}` is not a month (a name or 1 to 12)"))?;
            // A month by name as written (`January 2024`), by number as ISO 8601 (`2024-03`).
            let written = if m.parse::<u32>().is_ok() {
                format!("{y:04}-{n:02}")
            } else {
                format!("{m} {year_text}")
            };
            (format!("{y:04}-{n:02}"), written)
        }
    };
    if let Some(t) = times.get(&written) {
        return Ok(t.clone());
    }
    let t = Arc::new(datecol::to_time(&written, &edtf)?);
    times.insert(written, t.clone());
    Ok(t)
}

/// Where a row's events were: its areas from the smallest (admin 2, admin 1, country), each
/// once.
fn place(areas: &[Option<&str>]) -> Option<String> {
    let mut named: Vec<&str> = Vec::new();
    for a in areas.iter().flatten() {
        if !named.contains(a) {
            named.push(a);
        }
    }
    (!named.is_empty()).then(|| named.join(", "))
}

fn plural<'a>(n: &str, one: &'a str, more: &'a str) -> &'a str {
    if n == "1" { one } else { more }
}

/// A row's title: what was counted and where, `Armed clash: 3 events in Banadir`.
fn title(
    kind: Option<&str>,
    area: Option<&str>,
    events: Option<&str>,
    fatalities: Option<&str>,
) -> String {
    let count = match (events, fatalities) {
        (Some(n), _) => format!("{n} {}", plural(n, "event", "events")),
        (None, Some(f)) => format!("{f} {}", plural(f, "fatality", "fatalities")),
        (None, None) => "events".to_string(),
    };
    let mut title = match kind {
        Some(k) => format!("{k}: {count}"),
        None => count,
    };
    if let Some(a) = area {
        title.push_str(" in ");
        title.push_str(a);
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_its_areas_each_once() {
        assert_eq!(
            place(&[Some("Mogadishu"), Some("Banadir"), Some("Somalia")]).as_deref(),
            Some("Mogadishu, Banadir, Somalia")
        );
        assert_eq!(
            place(&[None, Some("Lebanon"), Some("Lebanon")]).as_deref(),
            Some("Lebanon")
        );
        assert_eq!(place(&[None, None, None]), None);
    }

    #[test]
    fn months_by_name_or_number() {
        assert_eq!(month_number("January"), Some(1));
        assert_eq!(month_number("sep"), Some(9));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Febr"), None);
        assert_eq!(month_number("12"), Some(12));
        assert_eq!(month_number("13"), None);
        assert_eq!(month_number("Ma"), None);
    }

    #[test]
    fn titles_say_what_was_counted_and_where() {
        assert_eq!(
            title(Some("Armed clash"), Some("Banadir"), Some("3"), Some("5")),
            "Armed clash: 3 events in Banadir"
        );
        assert_eq!(
            title(None, Some("Somalia"), None, Some("1")),
            "1 fatality in Somalia"
        );
    }

    #[test]
    fn a_week_is_its_seven_days_from_the_saturday() {
        let mut times = FxHashMap::default();
        let day = datecol::to_time("2024-01-06", "2024-01-06").unwrap();
        let (t, saturday) = week_of(&day, "2024-01-06", &mut times).unwrap();
        assert!(saturday);
        let jan6 = Civil::date(2024, 1, 6).to_instant();
        assert_eq!(t.strict_earliest.instant(), Some(jan6));
        assert_eq!(t.strict_latest.instant(), Some(jan6 + 7 * DAY - 1));
        assert_eq!(&*t.written, "2024-01-06");
        let sunday = datecol::to_time("2024-01-07", "2024-01-07").unwrap();
        assert!(!week_of(&sunday, "2024-01-07", &mut times).unwrap().1);
        let month = datecol::to_time("2024-01", "2024-01").unwrap();
        assert!(week_of(&month, "2024-01", &mut times).is_err());
        // A date with a time, as pandas writes one, and one in its own offset: their day.
        for text in ["2024-01-13 00:00:00", "2024-01-13T00:00:00+03:00"] {
            let t = datecol::to_time(text, &text.replace(' ', "T")).unwrap();
            let (week, saturday) = week_of(&t, text, &mut times).unwrap();
            assert!(saturday, "{text}");
            assert_eq!(
                week.strict_earliest.instant(),
                Some(jan6 + 7 * DAY),
                "{text}"
            );
        }
    }

    #[test]
    fn the_sheets_it_reads() {
        let h = |s: &str| -> Vec<String> { s.split(',').map(str::to_string).collect() };
        assert_eq!(
            period(&h(
                "week,region,country,admin1,event_type,sub_event_type,events,fatalities"
            )),
            Some(Period::Week)
        );
        assert_eq!(period(&h("country,month,year,events")), Some(Period::Month));
        assert_eq!(period(&h("country,year,fatalities")), Some(Period::Year));
        assert_eq!(period(&h("event_date,event_type,country,events")), None);
        assert_eq!(period(&h("title,date,events")), None);
    }

    #[test]
    fn the_totals_add_whole_counts_and_say_the_others() {
        assert_eq!(whole("12"), Some(12));
        assert_eq!(whole(" 12.0 "), Some(12));
        assert_eq!(whole("12.5"), None);
        assert_eq!(whole("-3"), None);
        let mut t = Totals::default();
        assert_eq!(t.add(Some(Some("1200")), Some(Some("3"))), 1200);
        assert_eq!(t.add(Some(Some("1.0")), None), 1);
        assert_eq!(t.add(Some(Some("many")), Some(Some("0"))), 0);
        assert_eq!(t.add(Some(None), Some(Some("2"))), 0);
        assert_eq!(
            t.describe("Counts per week", Period::Week, (true, true)),
            "Counts per week. 4 weekly counts of 1,201 events and 5 fatalities in all (and 2 counts empty or not a whole number, not added)."
        );
        let mut one = Totals::default();
        one.add(Some(Some("4")), Some(Some("0")));
        assert_eq!(
            one.describe("Counts", Period::Month, (true, true)),
            "Counts. 1 monthly count of 4 events in all."
        );
        assert_eq!(
            one.describe("Counts", Period::Year, (false, false)),
            "Counts. 1 yearly count."
        );
    }
}
