//! Apache Parquet, as BigQuery, Spark, DuckDB, Polars and pyarrow write it: the rows are turned
//! into the CSV they would be (one header row of the schema's column names, each value as text)
//! on a thread of their own, row group by row group, and that stream is read by the sheet
//! loaders, so a Parquet file follows every column rule a CSV file does (recognised names,
//! `--map`, ACLED's and GDELT's column sets, other columns as attributes, `--lanes-by`) and a
//! problem names the line the row has in that CSV. Values: strings as written, numbers in
//! Rust's shortest form, `DATE` as `YYYY-MM-DD`, timestamps as ISO 8601 (with `Z` only when the
//! column says it is UTC), nulls empty. Every column is read: the ones not recognised are kept
//! as attributes.

use super::{Format, LoadControl, LoadError, LoadOptions, Loaded, csv, detect, gdelt};
use crate::model::time::{DAY, format_iso_date};
use crate::model::{Location, Problem};
use ::parquet::basic::LogicalType;
use ::parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use ::parquet::record::Field;
use ::parquet::record::reader::RowIter;
use std::io::{BufRead, Read};
use std::sync::{Arc, Mutex};

/// Where the file's bytes are: on disk, or already in memory.
#[derive(Clone)]
pub(super) enum Source {
    Path(std::path::PathBuf),
    Bytes(::bytes::Bytes),
}

/// The first bytes of every Parquet file.

fn open(source: &Source) -> Result<Box<dyn FileReader>, String> {
    fn boxed<R: ChunkReader + 'static>(r: R) -> Result<Box<dyn FileReader>, String> {
        SerializedFileReader::new(r)
            .map(|r| Box::new(r) as Box<dyn FileReader>)
            .map_err(|e| e.to_string())
    }
    match source {
        Source::Path(p) => boxed(std::fs::File::open(p).map_err(|e| e.to_string())?),
        Source::Bytes(b) => boxed(b.clone()),
    }
}

/// Each column's name and whether its timestamps are UTC.
struct Columns {
    names: Vec<String>,
    utc: Vec<bool>,
    /// The rows' size uncompressed: about the size of the CSV they make (for progress).
    bytes: u64,
}

fn columns(reader: &dyn FileReader) -> Columns {
    let meta = reader.metadata();
    let schema = meta.file_metadata().schema_descr().root_schema();
    let fields = schema.get_fields();
    Columns {
        names: fields.iter().map(|f| f.name().to_string()).collect(),
        utc: fields
            .iter()
            .map(|f| {
                matches!(
                    f.get_basic_info().logical_type_ref(),
                    Some(LogicalType::Timestamp(t)) if t.is_adjusted_to_u_t_c
                )
            })
            .collect(),
        bytes: meta
            .row_groups()
            .iter()
            .map(|g| g.total_byte_size().max(0) as u64)
            .sum(),
    }
}

/// A value as the text a CSV file would hold.
fn text(field: &Field, utc: bool, out: &mut String) {
    use std::fmt::Write as _;
    out.clear();
    let _ = match field {
        Field::Null => Ok(()),
        Field::Str(s) => {
            out.push_str(s);
            Ok(())
        }
        Field::Bytes(b) => {
            out.push_str(&String::from_utf8_lossy(b.data()));
            Ok(())
        }
        Field::Bool(v) => write!(out, "{v}"),
        Field::Byte(v) => write!(out, "{v}"),
        Field::Short(v) => write!(out, "{v}"),
        Field::Int(v) => write!(out, "{v}"),
        Field::Long(v) => write!(out, "{v}"),
        Field::UByte(v) => write!(out, "{v}"),
        Field::UShort(v) => write!(out, "{v}"),
        Field::UInt(v) => write!(out, "{v}"),
        Field::ULong(v) => write!(out, "{v}"),
        Field::Float(v) => write!(out, "{v}"),
        Field::Double(v) => write!(out, "{v}"),
        Field::Date(days) => {
            out.push_str(&format_iso_date(i64::from(*days) * DAY));
            Ok(())
        }
        Field::TimestampMillis(ms) => timestamp(
            out,
            ms.div_euclid(1000),
            ms.rem_euclid(1000) as u32 * 1_000_000,
            utc,
        ),
        Field::TimestampMicros(us) => timestamp(
            out,
            us.div_euclid(1_000_000),
            us.rem_euclid(1_000_000) as u32 * 1000,
            utc,
        ),
        // Decimals, times of day, half floats, lists, maps and groups as parquet writes them.
        other => write!(out, "{other}"),
    };
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]`, with `Z` only for a column said to be UTC: a local time stays
/// without a zone, as it was written.
fn timestamp(out: &mut String, seconds: i64, nanos: u32, utc: bool) -> std::fmt::Result {
    use std::fmt::Write as _;
    let c = crate::model::time::Civil::from_instant(seconds);
    let (h, m, s) = (
        seconds.rem_euclid(DAY) / 3600,
        seconds.rem_euclid(3600) / 60,
        seconds.rem_euclid(60),
    );
    write!(
        out,
        "{}T{h:02}:{m:02}:{s:02}",
        format_iso_date(crate::model::time::Civil::date(c.year, c.month, c.day).to_instant())
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
type Failure = Arc<Mutex<Option<(usize, String)>>>;

/// Starts turning `source` into CSV on a thread; the CSV is read from the returned pipe.
fn csv_stream(
    source: Source,
    cols: &Columns,
    failure: &Failure,
) -> Result<std::io::BufReader<std::io::PipeReader>, String> {
    let (rx, tx) = std::io::pipe().map_err(|e| e.to_string())?;
    let names = cols.names.clone();
    let utc = cols.utc.clone();
    let failure = failure.clone();
    std::thread::spawn(move || {
        let fail = |row: usize, e: String| {
            if let Ok(mut f) = failure.lock() {
                *f = Some((row, e));
            }
        };
        let reader = match open(&source) {
            Ok(r) => r,
            Err(e) => return fail(0, e),
        };
        let mut w = ::csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, tx));
        if w.write_record(&names).is_err() {
            return;
        }
        let mut values: Vec<String> = vec![String::new(); names.len()];
        for (i, row) in RowIter::from_file_into(reader).enumerate() {
            let row = match row {
                Ok(r) => r,
                Err(e) => return fail(i, e.to_string()),
            };
            for (slot, (c, (_, field))) in values.iter_mut().zip(row.get_column_iter().enumerate())
            {
                text(field, utc.get(c).copied().unwrap_or(false), slot);
            }
            // A write fails when the reader stopped (cancelled, or a wrong row ended it).
            if w.write_record(&values).is_err() {
                return;
            }
        }
        let _ = w.flush();
    });
    Ok(std::io::BufReader::with_capacity(1 << 16, rx))
}

/// Loads a Parquet file as the sheet its rows make.
pub(super) fn load(
    name: &str,
    source: Source,
    options: &LoadOptions,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let not_parquet =
        |e: String| LoadError::new(name, 0, 0, format!("cannot read this Parquet file: {e}"));
    let cols = columns(open(&source).map_err(not_parquet)?.as_ref());
    control.set_total(cols.bytes.max(1));
    let failure: Failure = Arc::default();
    let stream = || csv_stream(source.clone(), &cols, &failure).map_err(not_parquet);
    let mut input = stream()?;
    let head = input
        .fill_buf()
        .map_err(|e| not_parquet(e.to_string()))?
        .to_vec();
    let loaded = match detect(name, &head) {
        Some(Format::GdeltCsv) => gdelt::load_csv(name, input, control),
        Some(format) => {
            // The formats read whole.
            let mut bytes = Vec::new();
            input
                .read_to_end(&mut bytes)
                .map_err(|e| not_parquet(e.to_string()))?;
            super::load_bytes_as_inner(name, &bytes, Some(format), options)
        }
        None => match csv::load_stream(name, input, control, options, None)? {
            csv::Outcome::Loaded(l) => Ok(*l),
            csv::Outcome::Again(rules) => {
                match csv::load_stream(name, stream()?, control, options, Some(rules))? {
                    csv::Outcome::Loaded(l) => Ok(*l),
                    _ => Err(LoadError::new(
                        name,
                        0,
                        0,
                        "the Parquet file could not be read",
                    )),
                }
            }
            csv::Outcome::NotUtf8 => Err(LoadError::new(
                name,
                0,
                0,
                "a text column of the Parquet file is not UTF-8",
            )),
        },
    };
    let stopped = failure.lock().ok().and_then(|mut f| f.take());
    match (loaded, stopped) {
        (Ok(mut loaded), Some((row, e))) => {
            // What was read before stays loaded; the user is told where it ends.
            loaded.problems.insert(
                0,
                Problem {
                    location: Location {
                        file: name.into(),
                        line: row + 2,
                        column: 0,
                    },
                    record: None,
                    message: format!(
                        "the Parquet file could not be read from its row {} on ({e}); the rows before it are loaded",
                        row + 1
                    ),
                },
            );
            Ok(loaded)
        }
        (Err(_), Some((_, e))) => Err(not_parquet(e)),
        (loaded, None) => loaded,
    }
}
