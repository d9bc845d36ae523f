//! Calendar-aware ticks: steps of minutes, hours, days, weeks, months, years and decades aligned
//! to calendar boundaries, with labels that read as dates ("Sep 2023", "13 Sep", "14:00").

use crate::model::time::{
    Civil, DAY, add_months, format_human_date, format_human_datetime, month_abbrev, year_text,
};

/// A unit of calendar time for grid steps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    Seconds(i64),
    Days(i64),
    Months(i64),
    Years(i64),
    /// Weeks that start on the day whose number of days since 1970-01-01 is this modulo 7 (0:
    /// Thursday, 2: Saturday, 4: Monday): the data's own weeks, as a dense lane's bins
    /// ([`crate::index::LaneIndex::week_start`]); the axis's ticks are Monday's weeks,
    /// `Days(7)`.
    Weeks(i64),
}

impl Step {
    /// A rough length in seconds, to choose a step for a zoom level.
    pub fn approx_seconds(self) -> f64 {
        match self {
            Step::Seconds(s) => s as f64,
            Step::Days(d) => (d * DAY) as f64,
            Step::Weeks(_) => (7 * DAY) as f64,
            Step::Months(m) => m as f64 * 30.44 * DAY as f64,
            Step::Years(y) => y as f64 * 365.25 * DAY as f64,
        }
    }
}

const STEPS: &[Step] = &[
    Step::Seconds(1),
    Step::Seconds(5),
    Step::Seconds(15),
    Step::Seconds(60),
    Step::Seconds(5 * 60),
    Step::Seconds(15 * 60),
    Step::Seconds(3600),
    Step::Seconds(3 * 3600),
    Step::Seconds(6 * 3600),
    Step::Seconds(12 * 3600),
    Step::Days(1),
    Step::Days(7),
    Step::Months(1),
    Step::Months(3),
    Step::Years(1),
    Step::Years(5),
    Step::Years(10),
    Step::Years(50),
    Step::Years(100),
    Step::Years(500),
    Step::Years(1000),
];

/// The finest step whose ticks are at least `min_seconds` apart.
pub fn step_for(min_seconds: f64) -> Step {
    if let Some(s) = STEPS
        .iter()
        .copied()
        .find(|s| s.approx_seconds() >= min_seconds)
    {
        return s;
    }
    // Beyond millennia: powers of ten of years.
    let years = min_seconds / Step::Years(1).approx_seconds();
    let p = 10f64.powf(years.log10().ceil()).min(1e11) as i64;
    Step::Years(p.max(1000))
}

/// The first tick at or before `t` for a step.
pub(crate) fn floor(t: i64, step: Step) -> i64 {
    let c = Civil::from_instant(t);
    match step {
        Step::Seconds(s) => t.div_euclid(s) * s,
        // The axis's weeks start on Monday (4 days after a Thursday, 1970-01-01).
        Step::Days(7) => floor(t, Step::Weeks(4)),
        Step::Days(d) => t.div_euclid(DAY * d) * DAY * d,
        Step::Weeks(first) => {
            let days = t.div_euclid(DAY);
            (days - (days - first).rem_euclid(7)) * DAY
        }
        Step::Months(m) => {
            let month0 = (i64::from(c.month) - 1).div_euclid(m) * m;
            Civil::date(c.year, (month0 + 1) as u32, 1).to_instant()
        }
        Step::Years(y) => Civil::date(c.year.div_euclid(y) * y, 1, 1).to_instant(),
    }
}

pub(crate) fn advance(t: i64, step: Step) -> i64 {
    match step {
        Step::Seconds(s) => t.saturating_add(s),
        Step::Days(d) => t.saturating_add(d * DAY),
        Step::Weeks(_) => t.saturating_add(7 * DAY),
        Step::Months(m) => add_months(t, m),
        Step::Years(y) => add_months(t, y.saturating_mul(12)),
    }
}

/// Tick instants of a step within `[t0, t1]`, at most `max` of them.
pub fn ticks(t0: f64, t1: f64, step: Step, max: usize) -> Vec<i64> {
    let limit = 1e17;
    let (a, b) = (
        t0.clamp(-limit, limit) as i64,
        t1.clamp(-limit, limit) as i64,
    );
    let mut t = floor(a, step);
    let mut out = Vec::new();
    while t <= b && out.len() < max {
        if t >= a {
            out.push(t);
        }
        let n = advance(t, step);
        if n <= t {
            break;
        }
        t = n;
    }
    out
}

/// A tick label for a step: "2023", "Sep 2023", "13 Sep", "14:00".
pub fn label(t: i64, step: Step) -> String {
    let c = Civil::from_instant(t);
    match step {
        Step::Years(_) => year_text(c.year),
        Step::Months(_) if c.month == 1 => {
            format!("{} {}", month_abbrev(c.month), year_text(c.year))
        }
        Step::Months(_) => month_abbrev(c.month).to_string(),
        Step::Days(_) | Step::Weeks(_) if c.day == 1 && c.month == 1 => {
            format!("1 Jan {}", year_text(c.year))
        }
        Step::Days(_) | Step::Weeks(_) => format!("{} {}", c.day, month_abbrev(c.month)),
        Step::Seconds(s) if s < 60 => format!("{:02}:{:02}:{:02}", c.hour, c.minute, c.second),
        Step::Seconds(_) if c.hour == 0 && c.minute == 0 => {
            format!("{} {}", c.day, month_abbrev(c.month))
        }
        Step::Seconds(_) => format!("{:02}:{:02}", c.hour, c.minute),
    }
}

/// The coarser context for the axis's first label, e.g. the year when ticks are months.
pub fn context(t: i64, step: Step) -> String {
    let c = Civil::from_instant(t);
    match step {
        Step::Years(_) => String::new(),
        Step::Months(_) => year_text(c.year),
        Step::Days(_) | Step::Weeks(_) => {
            format!("{} {}", month_abbrev(c.month), year_text(c.year))
        }
        Step::Seconds(_) => format!("{} {} {}", c.day, month_abbrev(c.month), year_text(c.year)),
    }
}

/// The label of the cursor at UTC instant `t` at a zoom level, in the clock `clock` seconds
/// ahead of UTC: a date, or a date and time (saying the clock) when zoomed into hours.
pub fn cursor_label(t: i64, seconds_per_point: f64, clock: i64) -> String {
    let offset = i32::try_from(clock / 60).ok().filter(|&m| m != 0);
    if seconds_per_point < 600.0 {
        format_human_datetime(t, offset)
    } else {
        format_human_date(t.saturating_add(clock))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time::format_iso_date;

    #[test]
    fn the_cursor_is_labelled_in_the_clock_of_the_axis() {
        let t = Civil::date(2023, 9, 12).to_instant() + 22 * 3600 + 30 * 60;
        assert_eq!(cursor_label(t, 60.0, 0), "12 Sep 2023 22:30 UTC");
        assert_eq!(cursor_label(t, 3600.0, 0), "12 Sep 2023");
        assert_eq!(
            cursor_label(t, 60.0, 3 * 3600),
            "13 Sep 2023 01:30 (UTC+03:00)"
        );
        assert_eq!(cursor_label(t, 3600.0, 3 * 3600), "13 Sep 2023");
        assert_eq!(cursor_label(t, 3600.0, -5 * 3600), "12 Sep 2023");
    }

    #[test]
    fn month_ticks_fall_on_first_of_month_without_skips() {
        let t0 = Civil::date(2023, 7, 15).to_instant() as f64;
        let t1 = Civil::date(2023, 12, 15).to_instant() as f64;
        let ticks: Vec<String> = ticks(t0, t1, Step::Months(1), 100)
            .into_iter()
            .map(format_iso_date)
            .collect();
        assert_eq!(
            ticks,
            [
                "2023-08-01",
                "2023-09-01",
                "2023-10-01",
                "2023-11-01",
                "2023-12-01"
            ]
        );
    }

    #[test]
    fn day_ticks_neither_skip_nor_repeat() {
        let t0 = Civil::date(2023, 9, 10).to_instant() as f64;
        let ticks = ticks(t0, t0 + 4.0 * DAY as f64, Step::Days(1), 100);
        let labels: Vec<String> = ticks.iter().map(|&t| label(t, Step::Days(1))).collect();
        assert_eq!(labels, ["10 Sep", "11 Sep", "12 Sep", "13 Sep", "14 Sep"]);
    }

    #[test]
    fn step_adapts_to_zoom() {
        assert_eq!(step_for(3.0 * DAY as f64), Step::Days(7));
        assert_eq!(step_for(20.0 * DAY as f64), Step::Months(1));
        assert_eq!(step_for(2.0 * 365.0 * DAY as f64), Step::Years(5));
        assert_eq!(
            label(Civil::date(2023, 9, 1).to_instant(), Step::Months(1)),
            "Sep"
        );
        assert_eq!(
            label(Civil::date(2024, 1, 1).to_instant(), Step::Months(1)),
            "Jan 2024"
        );
    }
}
