//! What the columnar readers (Parquet, Arrow) share: a timestamp's text, and how a reading
//! thread says where and why it stopped.

use crate::model::time::{Civil, DAY, format_iso_date};
use std::sync::{Arc, Mutex};

/// `YYYY-MM-DDTHH:MM:SS[.fff]`, with `Z` only for a column said to be UTC: a local time stays
/// without a zone, as it was written.
pub(super) fn timestamp(out: &mut String, seconds: i64, nanos: u32, utc: bool) -> std::fmt::Result {
    use std::fmt::Write as _;
    let c = Civil::from_instant(seconds);
    let (h, m, s) = (
        seconds.rem_euclid(DAY) / 3600,
        seconds.rem_euclid(3600) / 60,
        seconds.rem_euclid(60),
    );
    write!(
        out,
        "{}T{h:02}:{m:02}:{s:02}",
        format_iso_date(Civil::date(c.year, c.month, c.day).to_instant())
    )?;
    if nanos > 0 {
        let frac = format!("{:09}", nanos);
        write!(out, ".{}", frac.trim_end_matches('0'))?;
    }
    if utc {
        out.push('Z');
    }
    Ok(())
}

/// What stopped the conversion early: the row it reached and why.
pub(super) type Failure = Arc<Mutex<Option<(usize, String)>>>;

pub(super) fn fail(failure: &Failure, row: usize, e: String) {
    if let Ok(mut f) = failure.lock() {
        *f = Some((row, e));
    }
}

