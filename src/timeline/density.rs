//! Dense lanes: a lane with more events in view than can be drawn one by one is counted per
//! column of pixels, or per calendar bin (hour, day, week, month, year) where its columns are finer
//! than most of its events' dates, so that a day's events are never spread over 20-minute
//! columns (which would claim a time of day no date gave).

use super::axis::{Step, advance, floor};
use crate::index::LaneIndex;

/// A lane's events counted per column of pixels.
#[derive(Clone, Debug, Default)]
pub struct Dense {
    /// Events meeting the view.
    pub total: usize,
    /// Events meeting each column (empty when the lane is scrolled out of sight).
    pub columns: Vec<u32>,
    /// Width of a column in points; column `i` starts at `geo.lanes.left() + i * width`.
    pub column_width: f32,
    pub max: u32,
    /// Set when the columns are narrower than most events' dates are precise: each column
    /// then counts the events meeting the calendar bin (hour, day, week, month or year) its middle
    /// lies in, since counting a day's events per 20 minutes would claim a time of day that
    /// no date gave.
    pub bin: Option<Step>,
    /// With calendar bins, the events of each column dated wholly within its bin (`columns`
    /// also counts those whose dates only include it: a week's event in each of its days),
    /// drawn solid over the faint whole; empty without bins.
    pub within: Vec<u32>,
    /// The most of `within`.
    pub max_within: u32,
    /// Where the lane's events count events ([`crate::model::Dataset::weights`]: ACLED's
    /// weekly counts), what those meeting the view count; the columns then add up what their
    /// events count, not how many they are.
    pub events: Option<u64>,
}

/// The calendar bins a lane's density is counted in when its events are dated no finer than
/// one: the largest of hour, day, week, month and year that the middle event by length spans
/// (a span of a whole day is 86,399 seconds), if it is wider than a column (`column` seconds).
/// Weeks only where the lane's weeks start on one day (`week_start`, as
/// [`Step::Weeks`]): weeks counted in Monday's weeks would each lie across two.
pub fn density_bin(median_span: f64, column: f64, week_start: Option<i64>) -> Option<Step> {
    // The shortest year and month.
    let least = |s: Step| match s {
        Step::Years(_) => 365.0 * 86_400.0,
        Step::Months(_) => 28.0 * 86_400.0,
        other => other.approx_seconds(),
    };
    if !median_span.is_finite() {
        return None;
    }
    [
        Some(Step::Years(1)),
        Some(Step::Months(1)),
        week_start.map(Step::Weeks),
        Some(Step::Days(1)),
        Some(Step::Seconds(3600)),
    ]
    .into_iter()
    .flatten()
    .find(|&s| median_span + 1.0 >= least(s))
    .filter(|&s| s.approx_seconds() > column)
}

/// A density bin's calendar unit, as in "peak 240 a day".
pub fn bin_unit(bin: Step) -> &'static str {
    match bin {
        Step::Years(_) => "year",
        Step::Months(_) => "month",
        Step::Weeks(_) => "week",
        Step::Days(_) => "day",
        Step::Seconds(_) => "hour",
    }
}

/// The calendar bin that starts at `start`, named: "2014", "Nov 2014", "the week of 22 Nov
/// 2014 (Sat–Fri)", "21 Nov 2014", "21 Nov 2014 14:00–15:00 UTC".
pub fn bin_name(start: f64, bin: Step) -> String {
    use crate::model::time::{Civil, format_human_date, month_abbrev, year_text};
    let t = start as i64;
    let c = Civil::from_instant(t);
    match bin {
        Step::Years(_) => year_text(c.year),
        Step::Months(_) => format!("{} {}", month_abbrev(c.month), year_text(c.year)),
        Step::Weeks(_) => {
            format!(
                "the week of {} ({}–{})",
                format_human_date(t),
                weekday_abbrev(t),
                weekday_abbrev(t.saturating_add(6 * 86_400))
            )
        }
        Step::Days(_) => format_human_date(t),
        Step::Seconds(_) => format!(
            "{} {:02}:00–{:02}:00 UTC",
            format_human_date(t),
            c.hour,
            (c.hour + 1) % 24
        ),
    }
}

/// The day of the week of UTC instant `t`, abbreviated.
fn weekday_abbrev(t: i64) -> &'static str {
    use crate::model::time::{Civil, weekday, weekday_name};
    let c = Civil::from_instant(t);
    let name = weekday_name(weekday(c.year, c.month, c.day));
    name.get(..3).unwrap_or(name)
}

/// The calendar bin that starts at `start` named as the axis reads it, in the clock `clock`
/// seconds ahead of UTC: an hour is the same hour in any clock a whole number of hours off UTC,
/// so it is named in the axis's ("21 Nov 2014 17:00–18:00 (UTC+03:00)"); days, months and years
/// stay UTC's (see the hover), and so does an hour under a clock a half hour off, whose hours
/// are not UTC's.
pub fn bin_name_in(start: f64, bin: Step, clock: i64) -> String {
    use crate::model::time::{Civil, format_human_date, format_offset};
    match (bin, i32::try_from(clock / 60)) {
        (Step::Seconds(_), Ok(minutes)) if clock != 0 && clock % 3600 == 0 => {
            let t = (start as i64).saturating_add(clock);
            let c = Civil::from_instant(t);
            format!(
                "{} {:02}:00–{:02}:00 (UTC{})",
                format_human_date(t),
                c.hour,
                (c.hour + 1) % 24,
                format_offset(minutes)
            )
        }
        _ => bin_name(start, bin),
    }
}

/// The calendar bin `bin` that holds `t`, as inclusive seconds.
pub fn bin_around(t: f64, bin: Step) -> (f64, f64) {
    let start = floor(t as i64, bin);
    (start as f64, (advance(start, bin) - 1) as f64)
}

/// Each of `n` columns of `width` seconds from `t0` counted over the calendar bin its middle
/// lies in (see [`Dense::bin`]): one count per bin, shared by its columns; the events meeting
/// the bin, and those dated wholly within it.
pub(super) fn binned_columns(
    lane: &LaneIndex,
    t0: f64,
    width: f64,
    n: usize,
    bin: Step,
) -> (Vec<u32>, Vec<u32>) {
    // The bins in view, and for each column the bin it belongs to.
    let mut bins: Vec<(f64, f64)> = Vec::new();
    let mut of_column = Vec::with_capacity(n);
    for i in 0..n {
        let middle = t0 + width * (i as f64 + 0.5);
        // A middle in a bin's last second, past its whole end, is still in that bin: pushed
        // again, the bin would be counted twice and found empty of events within it.
        let around = bin_around(middle, bin);
        if bins.last() != Some(&around) {
            bins.push(around);
        }
        of_column.push(bins.len() - 1);
    }
    let per_column = |counts: Vec<u32>| -> Vec<u32> {
        of_column
            .iter()
            .map(|&b| counts.get(b).copied().unwrap_or(0))
            .collect()
    };
    (
        per_column(lane.bin_counts(&bins)),
        per_column(lane.bin_within_counts(&bins)),
    )
}

impl Dense {
    /// `n` of what the columns count, in words: "3 events", or "3 weekly counts" where the
    /// columns count the data set's rows and each is a count ([`Dense::events`]).
    pub fn counted(&self, data: &crate::model::Dataset, n: usize) -> String {
        if self.events.is_some() {
            crate::model::counted(n, crate::model::thousands, "event")
        } else {
            data.counted(n, crate::model::thousands)
        }
    }

    /// The column under screen x, with its count.
    pub fn column_at(&self, left: f32, x: f32) -> Option<(usize, u32)> {
        let i = ((x - left) / self.column_width).floor();
        if i < 0.0 {
            return None;
        }
        let i = i as usize;
        self.columns.get(i).map(|&n| (i, n))
    }
}
