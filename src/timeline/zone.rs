//! Which clock times are shown in: UTC, the computer's local zone, or each event's own written
//! offset (`UncertainTime::offset_minutes`). Instants stay UTC everywhere; only display shifts.

use crate::model::UncertainTime;
use serde::{Deserialize, Serialize};

/// The time zone of the axis, the cursor and the times in the detail pane.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Zone {
    #[default]
    Utc,
    /// The computer's zone; its offset at the middle of the view is used for the whole axis.
    Local,
    /// Each event's own written offset in its times; the axis stays in UTC.
    Event,
}

impl Zone {
    pub const ALL: [Zone; 3] = [Zone::Utc, Zone::Local, Zone::Event];

    /// The choice in words.
    pub fn name(self) -> &'static str {
        match self {
            Zone::Utc => "UTC",
            Zone::Local => "local time",
            Zone::Event => "each event's own offset",
        }
    }

    /// Seconds to add to a UTC instant to read the axis's clock at about instant `at`.
    pub fn axis_offset(self, at: f64) -> i64 {
        match self {
            Zone::Local => local_offset_minutes(at).map_or(0, |m| i64::from(m) * 60),
            Zone::Utc | Zone::Event => 0,
        }
    }

    /// What the axis says about its clock: "UTC", "UTC+02:00 (local)".
    pub fn axis_caption(self, at: f64) -> String {
        match self {
            Zone::Utc => "UTC".into(),
            Zone::Event => "UTC axis".into(),
            Zone::Local => match local_offset_minutes(at) {
                Some(m) => format!("UTC{} local", crate::model::time::format_offset(m)),
                None => "UTC (local unknown)".into(),
            },
        }
    }

    /// A time as this zone shows it: fine times in UTC, local time, or the written offset.
    pub fn describe(self, t: &UncertainTime) -> String {
        let mid = t.earliest().unwrap_or(0) as f64;
        let offset = match self {
            Zone::Utc => None,
            Zone::Local => local_offset_minutes(mid),
            Zone::Event => t.offset_minutes,
        };
        if offset == t.offset_minutes {
            return t.describe();
        }
        UncertainTime {
            offset_minutes: offset,
            ..t.clone()
        }
        .describe()
    }
}

/// The computer's UTC offset at instant `at`, in minutes.
pub fn local_offset_minutes(at: f64) -> Option<i32> {
    use chrono::{Offset, TimeZone};
    if !at.is_finite() {
        return None;
    }
    let dt = chrono::Local.timestamp_opt(at as i64, 0).single()?;
    Some(dt.offset().fix().local_minus_utc() / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_shows_utc_and_event_shows_the_written_offset() {
        let t = crate::model::edtf::parse("2023-09-13T11:43:00+09:00");
        let Ok(t) = t else { unreachable!() };
        assert_eq!(Zone::Utc.describe(&t), "13 Sep 2023 02:43 UTC");
        assert_eq!(Zone::Event.describe(&t), "13 Sep 2023 11:43 (UTC+09:00)");
        assert_eq!(Zone::Utc.axis_offset(0.0), 0);
        assert_eq!(Zone::Event.axis_caption(0.0), "UTC axis");
    }
}
