//! What the columnar readers (Parquet, Arrow) share: a timestamp's text, how a reading thread
//! says where and why it stopped, the rows as CSV text, and loading by what the rows are.

use super::csv::{self, Records};
use super::datecol::Rule;
use super::{Format, LoadControl, LoadError, LoadOptions, Loaded, detect, gdelt};
#[cfg(any(feature = "parquet", feature = "arrow"))]
use crate::model::time::{Civil, DAY, format_iso_date};
use crate::model::{Location, Problem};
use std::io::Read;
use std::sync::{Arc, Mutex};

/// Where a columnar file's bytes are: on disk, or already in memory.
#[derive(Clone)]
pub(super) enum Source {
    Path(std::path::PathBuf),
    Bytes(Arc<[u8]>),
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]`, with `Z` only for a column said to be UTC: a local time stays
/// without a zone, as it was written.
#[cfg(any(feature = "parquet", feature = "arrow"))]
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

/// The position a row of a columnar file has in the CSV its rows make: row `row` (from 1) on
/// line `row + 1`, below the header.
pub(super) fn position(row: usize, byte: u64) -> ::csv::Position {
    let mut pos = ::csv::Position::new();
    pos.set_line(row as u64 + 1)
        .set_record(row as u64)
        .set_byte(byte);
    pos
}

/// Writes `rows` as CSV into `w` until they end or `w` refuses (its reader stopped: cancelled,
/// or a wrong row ended it).
pub(super) fn write_rows<R: Records, W: std::io::Write>(rows: &mut R, w: &mut ::csv::Writer<W>) {
    let mut record = ::csv::StringRecord::new();
    while let Ok(true) = rows.read_record(&mut record) {
        if w.write_record(&record).is_err() {
            return;
        }
    }
    let _ = w.flush();
}

/// The header and the first rows as CSV text, for detecting the format by content.
pub(super) fn head<R: Records>(names: &[String], rows: &mut R) -> Result<Vec<u8>, String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    w.write_record(names).map_err(|e| e.to_string())?;
    let mut record = ::csv::StringRecord::new();
    for _ in 0..64 {
        match rows.read_record(&mut record) {
            Ok(true) => w.write_record(&record).map_err(|e| e.to_string())?,
            _ => break,
        }
    }
    w.into_inner().map_err(|e| e.to_string())
}

/// A columnar file's rows, as the loaders take them.
pub(super) struct Sheet<'a> {
    pub name: &'a str,
    /// "Parquet" or "Arrow", for `check` and the messages.
    pub container: &'static str,
    /// The header and first rows as CSV text ([`head`]).
    pub head: &'a [u8],
    /// All rows as CSV text, for GDELT and the formats read whole.
    pub text: &'a dyn Fn() -> Result<std::io::BufReader<std::io::PipeReader>, LoadError>,
    /// All rows read by the sheet loader, with these date rules (none: guessed).
    pub read: &'a dyn Fn(Option<Vec<Option<Rule>>>) -> Result<csv::Outcome, LoadError>,
    /// Where the reading thread stopped early, if it did.
    pub failure: &'a Failure,
    /// The failure's row is a worksheet's row (from 0), not the row of data (a workbook).
    pub sheet_rows: bool,
}

/// Loads a columnar file by what its first rows are: GDELT's BigQuery columns, another format
/// read whole, or a sheet. Where the reading stopped early, what was read stays loaded with a
/// problem saying from which row on the file could not be read.
pub(super) fn load(
    sheet: &Sheet,
    options: &LoadOptions,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let name = sheet.name;
    let container = sheet.container;
    let cannot = |e: String| {
        LoadError::new(
            name,
            0,
            0,
            format!("cannot read this {container} file: {e}"),
        )
    };
    let loaded = match detect(name, sheet.head) {
        Some(Format::GdeltCsv) => gdelt::load_csv(name, (sheet.text)()?, control),
        Some(format) => {
            let mut bytes = Vec::new();
            (sheet.text)()?
                .read_to_end(&mut bytes)
                .map_err(|e| cannot(e.to_string()))?;
            super::load_bytes_as_inner(name, &bytes, Some(format), options)
        }
        None => match (sheet.read)(None)? {
            csv::Outcome::Loaded(l) => Ok(*l),
            csv::Outcome::Again(rules) => match (sheet.read)(Some(rules))? {
                csv::Outcome::Loaded(l) => Ok(*l),
                _ => Err(cannot("its rows could not be read".into())),
            },
            csv::Outcome::NotUtf8 => Err(cannot("a text column is not UTF-8".into())),
        },
    };
    let stopped = sheet.failure.lock().ok().and_then(|mut f| f.take());
    let mut loaded = match (loaded, stopped) {
        (Ok(mut loaded), Some((row, e))) => {
            loaded.problems.insert(
                0,
                Problem {
                    location: Location {
                        file: name.into(),
                        line: if sheet.sheet_rows { row + 1 } else { row + 2 },
                        column: 0,
                    },
                    record: None,
                    message: if sheet.sheet_rows {
                        format!(
                            "the {container} file could not be read from row {} of its worksheet on ({e}); the rows before it are loaded",
                            row + 1
                        )
                    } else {
                        format!(
                            "the {container} file could not be read from its row {} on ({e}); the rows before it are loaded",
                            row + 1
                        )
                    },
                },
            );
            loaded
        }
        (Err(_), Some((_, e))) => return Err(cannot(e)),
        (loaded, None) => loaded?,
    };
    loaded.container = Some(container);
    // A sheet loader describes the rows it read ("ACLED export"); say what held them.
    let description = &mut loaded.dataset.description;
    if let Some(rest) = description.strip_prefix("ACLED export") {
        *description = format!("ACLED export ({container}){rest}");
    }
    Ok(loaded)
}
