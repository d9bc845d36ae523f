//! ACLED-shaped rows as Apache Parquet (the `parquet` feature), typed as an engine types ACLED's
//! export when it reads the CSV (pyarrow, DuckDB): `event_date` a `DATE`, counts, codes and
//! Unix times `INT64`, coordinates `DOUBLE`, the rest UTF-8 text, empty text as null; row
//! groups of 65,536 rows, zstd. The same seed gives the same rows as the CSV.

use super::acled::{COLUMNS, Rows};
use crate::model::time::DAY;
use parquet::basic::{Compression, ZstdLevel};
use parquet::column::writer::ColumnWriter;
use parquet::data_type::ByteArray;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use std::sync::Arc;

/// Rows per row group.
const GROUP: usize = 1 << 16;

/// How a column is written.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    Date,
    Int,
    Double,
}

fn kind(column: &str) -> Kind {
    match column {
        "event_date" => Kind::Date,
        "year" | "time_precision" | "iso" | "geo_precision" | "fatalities" | "timestamp" => {
            Kind::Int
        }
        "latitude" | "longitude" => Kind::Double,
        _ => Kind::Text,
    }
}

fn schema() -> String {
    let fields: Vec<String> = COLUMNS
        .iter()
        .map(|c| match kind(c) {
            Kind::Text => format!("OPTIONAL BYTE_ARRAY {c} (UTF8);"),
            Kind::Date => format!("OPTIONAL INT32 {c} (DATE);"),
            Kind::Int => format!("OPTIONAL INT64 {c};"),
            Kind::Double => format!("OPTIONAL DOUBLE {c};"),
        })
        .collect();
    format!("message acled {{ {} }}", fields.join(" "))
}

/// Field `c` of a row.
fn field(r: &[String; 31], c: usize) -> &str {
    r.get(c).map_or("", String::as_str)
}

/// Column `c`'s values where `read` makes one, and the definition level of each row (1 where it
/// has a value, 0 for a null).
fn present<T>(
    group: &[[String; 31]],
    c: usize,
    read: impl Fn(&str) -> Option<T>,
) -> (Vec<T>, Vec<i16>) {
    let mut defs = Vec::with_capacity(group.len());
    let vals = group
        .iter()
        .filter_map(|r| {
            let v = read(field(r, c));
            defs.push(i16::from(v.is_some()));
            v
        })
        .collect();
    (vals, defs)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date.
fn days(iso: &str) -> Option<i32> {
    let t = crate::model::edtf::parse(iso).ok()?.earliest()?;
    i32::try_from(t.div_euclid(DAY)).ok()
}

/// Writes `events` ACLED-shaped rows as Parquet; the same seed gives the same bytes.
pub fn write(out: std::fs::File, events: u64, seed: u64) -> std::io::Result<()> {
    write_rows(out, events, seed).map_err(std::io::Error::other)
}

fn write_rows(out: std::fs::File, events: u64, seed: u64) -> Result<(), ParquetError> {
    let schema = Arc::new(parse_message_type(&schema())?);
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_created_by("timeband generate --profile acled".into())
        .build();
    let mut writer = SerializedFileWriter::new(out, schema, Arc::new(props))?;
    let mut rows = Rows::new(events, seed);
    let mut group: Vec<[String; 31]> = Vec::with_capacity(GROUP);
    loop {
        group.clear();
        while group.len() < GROUP {
            match rows.next_row() {
                Some(r) => group.push(r),
                None => break,
            }
        }
        if group.is_empty() {
            break;
        }
        let mut rg = writer.next_row_group()?;
        let mut c = 0usize;
        while let Some(mut col) = rg.next_column()? {
            let name = COLUMNS.get(c).copied().unwrap_or("");
            let g = &group;
            match (kind(name), col.untyped()) {
                (Kind::Text, ColumnWriter::ByteArrayColumnWriter(w)) => {
                    let (vals, defs) = present(g, c, |v| {
                        (!v.is_empty()).then(|| ByteArray::from(v.as_bytes().to_vec()))
                    });
                    w.write_batch(&vals, Some(&defs), None)?;
                }
                (Kind::Date, ColumnWriter::Int32ColumnWriter(w)) => {
                    let (vals, defs) = present(g, c, days);
                    w.write_batch(&vals, Some(&defs), None)?;
                }
                (Kind::Int, ColumnWriter::Int64ColumnWriter(w)) => {
                    let (vals, defs) = present(g, c, |v| v.parse::<i64>().ok());
                    w.write_batch(&vals, Some(&defs), None)?;
                }
                (Kind::Double, ColumnWriter::DoubleColumnWriter(w)) => {
                    let (vals, defs) = present(g, c, |v| v.parse::<f64>().ok());
                    w.write_batch(&vals, Some(&defs), None)?;
                }
                _ => {
                    return Err(ParquetError::General(format!(
                        "column {name}: the writer's type is not the schema's"
                    )));
                }
            }
            col.close()?;
            c += 1;
        }
        rg.close()?;
    }
    writer.close()?;
    Ok(())
}
