//! Apache Arrow IPC, with the `arrow` feature: the file format (Feather version 2, `.arrow`,
//! `.feather`, as pyarrow, Polars, DuckDB and R's arrow write it; uncompressed, LZ4 or zstd) and
//! the stream format. Like Parquet it is read as the sheet its rows make (a header of the
//! schema's column names, then each row's values as text, the same text Parquet's values make),
//! so every column rule of a CSV file applies, and a problem names the line the row has in that
//! CSV (its row number + 1). Record batches are read one after another and their rows handed to
//! the sheet loader; a dictionary-encoded column (pandas' and Polars' categoricals) is read
//! through its dictionary. A column of a type without a text here (structs, maps, unions,
//! durations, intervals, times of day) is left out with one problem naming it; Feather
//! version 1 is refused with a message saying how to write version 2.

use super::columnar::{self, Failure, Source, fail, head, position, timestamp, write_rows};
use super::{LoadControl, LoadError, LoadOptions, Loaded, csv};
use crate::model::time::{DAY, format_iso_date};
use crate::model::{Location, Problem};
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, DecimalType, Float32Type, Float64Type, Int8Type,
    Int16Type, Int32Type, Int64Type, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::{ArrowError, DataType, SchemaRef, TimeUnit};
use std::io::{Read, Seek};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Counts the bytes read through it, for progress.
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

type Batches = Box<dyn Iterator<Item = Result<RecordBatch, ArrowError>> + Send>;

/// Opens `source` as an Arrow IPC file or stream: its schema and its record batches, and a
/// count of the bytes read so far.
fn open(source: &Source) -> Result<(SchemaRef, Batches, Arc<AtomicU64>), String> {
    fn batches<R: Read + Seek + Send + 'static>(
        inner: R,
        file: bool,
    ) -> Result<(SchemaRef, Batches, Arc<AtomicU64>), String> {
        let read = Arc::new(AtomicU64::new(0));
        let r = Counting {
            inner,
            read: read.clone(),
        };
        if file {
            let f = arrow_ipc::reader::FileReader::try_new_buffered(r, None)
                .map_err(|e| e.to_string())?;
            Ok((f.schema(), Box::new(f), read))
        } else {
            let s = arrow_ipc::reader::StreamReader::try_new_buffered(r, None)
                .map_err(|e| e.to_string())?;
            Ok((s.schema(), Box::new(s), read))
        }
    }
    match source {
        Source::Path(p) => {
            let mut f = std::fs::File::open(p).map_err(|e| e.to_string())?;
            let mut magic = [0u8; 6];
            let n = f.read(&mut magic).map_err(|e| e.to_string())?;
            f.rewind().map_err(|e| e.to_string())?;
            batches(f, magic.get(..n).is_some_and(|m| m.starts_with(b"ARROW1")))
        }
        Source::Bytes(b) => batches(std::io::Cursor::new(b.clone()), b.starts_with(b"ARROW1")),
    }
}

/// Whether values of this type have a text here.
fn readable(t: &DataType) -> bool {
    use DataType as D;
    match t {
        D::Null
        | D::Boolean
        | D::Int8
        | D::Int16
        | D::Int32
        | D::Int64
        | D::UInt8
        | D::UInt16
        | D::UInt32
        | D::UInt64
        | D::Float32
        | D::Float64
        | D::Utf8
        | D::LargeUtf8
        | D::Utf8View
        | D::Binary
        | D::LargeBinary
        | D::BinaryView
        | D::Date32
        | D::Date64
        | D::Timestamp(..)
        | D::Decimal128(..) => true,
        D::Dictionary(_, v) => !matches!(**v, D::Dictionary(..)) && readable(v),
        D::List(f) | D::LargeList(f) => {
            // Items of a dictionary would be looked up through all its keys each.
            !matches!(
                f.data_type(),
                D::List(_) | D::LargeList(_) | D::Dictionary(..)
            ) && readable(f.data_type())
        }
        _ => false,
    }
}

/// Writes the text of value `i` of `a` (nothing for a null) at the end of `out`. A dictionary
/// column is read through [`Col::Dictionary`], its keys resolved once a batch; [`readable`]
/// keeps dictionaries out of lists.
fn write(a: &dyn Array, i: usize, out: &mut String) {
    use DataType as D;
    use std::fmt::Write as _;
    if i >= a.len() || a.is_null(i) {
        return;
    }
    macro_rules! number {
        ($t:ty) => {
            if let Some(v) = a.as_primitive_opt::<$t>() {
                let _ = write!(out, "{}", v.value(i));
            }
        };
    }
    // The same text as `number!`, without `fmt`.
    macro_rules! integer {
        ($t:ty) => {
            if let Some(v) = a.as_primitive_opt::<$t>() {
                out.push_str(itoa::Buffer::new().format(v.value(i)));
            }
        };
    }
    match a.data_type() {
        D::Boolean => {
            if let Some(v) = a.as_boolean_opt() {
                let _ = write!(out, "{}", v.value(i));
            }
        }
        D::Int8 => integer!(Int8Type),
        D::Int16 => integer!(Int16Type),
        D::Int32 => integer!(Int32Type),
        D::Int64 => integer!(Int64Type),
        D::UInt8 => integer!(UInt8Type),
        D::UInt16 => integer!(UInt16Type),
        D::UInt32 => integer!(UInt32Type),
        D::UInt64 => integer!(UInt64Type),
        D::Float32 => number!(Float32Type),
        D::Float64 => number!(Float64Type),
        D::Utf8 => {
            if let Some(v) = a.as_string_opt::<i32>() {
                out.push_str(v.value(i));
            }
        }
        D::LargeUtf8 => {
            if let Some(v) = a.as_string_opt::<i64>() {
                out.push_str(v.value(i));
            }
        }
        D::Utf8View => {
            if let Some(v) = a.as_string_view_opt() {
                out.push_str(v.value(i));
            }
        }
        D::Binary => {
            if let Some(v) = a.as_binary_opt::<i32>() {
                out.push_str(&String::from_utf8_lossy(v.value(i)));
            }
        }
        D::LargeBinary => {
            if let Some(v) = a.as_binary_opt::<i64>() {
                out.push_str(&String::from_utf8_lossy(v.value(i)));
            }
        }
        D::BinaryView => {
            if let Some(v) = a.as_binary_view_opt() {
                out.push_str(&String::from_utf8_lossy(v.value(i)));
            }
        }
        D::Date32 => {
            if let Some(v) = a.as_primitive_opt::<Date32Type>() {
                out.push_str(&format_iso_date(i64::from(v.value(i)) * DAY));
            }
        }
        D::Date64 => {
            if let Some(v) = a.as_primitive_opt::<Date64Type>() {
                out.push_str(&format_iso_date(v.value(i).div_euclid(1000)));
            }
        }
        D::Timestamp(unit, zone) => {
            // With a zone the values are UTC instants (the zone is for display); without one,
            // a wall-clock time, which stays without a zone.
            let (n, per_second) = match unit {
                TimeUnit::Second => (
                    a.as_primitive_opt::<TimestampSecondType>()
                        .map(|v| v.value(i)),
                    1,
                ),
                TimeUnit::Millisecond => (
                    a.as_primitive_opt::<TimestampMillisecondType>()
                        .map(|v| v.value(i)),
                    1_000,
                ),
                TimeUnit::Microsecond => (
                    a.as_primitive_opt::<TimestampMicrosecondType>()
                        .map(|v| v.value(i)),
                    1_000_000,
                ),
                TimeUnit::Nanosecond => (
                    a.as_primitive_opt::<TimestampNanosecondType>()
                        .map(|v| v.value(i)),
                    1_000_000_000,
                ),
            };
            if let Some(n) = n {
                let nanos = n.rem_euclid(per_second) * (1_000_000_000 / per_second);
                let _ = timestamp(
                    out,
                    n.div_euclid(per_second),
                    u32::try_from(nanos).unwrap_or(0),
                    zone.is_some(),
                );
            }
        }
        D::Decimal128(precision, scale) => {
            if let Some(v) = a.as_primitive_opt::<Decimal128Type>() {
                out.push_str(&Decimal128Type::format_decimal(
                    v.value(i),
                    *precision,
                    *scale,
                ));
            }
        }
        D::List(_) => {
            if let Some(v) = a.as_list_opt::<i32>() {
                items(v.value(i).as_ref(), out);
            }
        }
        D::LargeList(_) => {
            if let Some(v) = a.as_list_opt::<i64>() {
                items(v.value(i).as_ref(), out);
            }
        }
        _ => {}
    }
}

/// A list as its items separated by "; ", as a sheet writes several tags or actors.
fn items(list: &dyn Array, out: &mut String) {
    for i in 0..list.len() {
        if i > 0 {
            out.push_str("; ");
        }
        write(list, i, out);
    }
}

/// One column of the batch at hand, ready to give row after row.
enum Col {
    Values(ArrayRef),
    /// A dictionary-encoded column: the column itself (for its nulls), each row's entry, and
    /// the entries.
    Dictionary(ArrayRef, Vec<usize>, ArrayRef),
    /// A column of a type without a text: empty.
    Left,
}

impl Col {
    fn new(a: &ArrayRef, readable: bool) -> Col {
        if !readable {
            return Col::Left;
        }
        match a.as_any_dictionary_opt() {
            Some(d) => Col::Dictionary(a.clone(), d.normalized_keys(), d.values().clone()),
            None => Col::Values(a.clone()),
        }
    }

    fn push(&self, i: usize, record: &mut ::csv::StringRecord, out: &mut String) {
        out.clear();
        match self {
            Col::Values(a) => write(a.as_ref(), i, out),
            // A null row of a dictionary column is a null key (its entry means nothing).
            Col::Dictionary(column, keys, values) => {
                if !column.is_null(i)
                    && let Some(&k) = keys.get(i)
                {
                    write(values.as_ref(), k, out);
                }
            }
            Col::Left => {}
        }
        record.push_field(out);
    }
}

/// An Arrow file's rows, batch by batch, for the sheet loaders: each row as the CSV record it
/// would be, with the line it would have there.
struct ArrowRows {
    batches: Batches,
    readable: Vec<bool>,
    columns: Vec<Col>,
    in_batch: usize,
    at: usize,
    row: usize,
    read: Arc<AtomicU64>,
    text: String,
    failure: Failure,
}

impl ArrowRows {
    fn new(source: &Source, failure: Failure) -> Result<ArrowRows, String> {
        let (schema, batches, read) = open(source)?;
        Ok(ArrowRows {
            batches,
            readable: schema
                .fields()
                .iter()
                .map(|f| readable(f.data_type()))
                .collect(),
            columns: Vec::new(),
            in_batch: 0,
            at: 0,
            row: 0,
            read,
            text: String::new(),
            failure,
        })
    }

    /// Takes the next batch when this one is spent; false at the end or when the file cannot
    /// be read on.
    fn next_batch(&mut self) -> bool {
        while self.at >= self.in_batch {
            match self.batches.next() {
                None => return false,
                Some(Ok(batch)) => {
                    self.columns = batch
                        .columns()
                        .iter()
                        .zip(&self.readable)
                        .map(|(a, &ok)| Col::new(a, ok))
                        .collect();
                    self.in_batch = batch.num_rows();
                    self.at = 0;
                }
                Some(Err(e)) => {
                    fail(&self.failure, self.row, e.to_string());
                    return false;
                }
            }
        }
        true
    }
}

impl csv::Records for ArrowRows {
    fn read_record(&mut self, record: &mut ::csv::StringRecord) -> Result<bool, ::csv::Error> {
        if !self.next_batch() {
            return Ok(false);
        }
        record.clear();
        for c in &self.columns {
            c.push(self.at, record, &mut self.text);
        }
        self.at += 1;
        self.row += 1;
        record.set_position(Some(position(self.row, self.byte())));
        Ok(true)
    }

    fn byte(&self) -> u64 {
        self.read.load(Ordering::Relaxed)
    }
}

/// `rows` as CSV text with `names` as the header, written on a thread into the returned pipe.
fn csv_stream(
    names: Vec<String>,
    mut rows: ArrowRows,
) -> Result<std::io::BufReader<std::io::PipeReader>, String> {
    let (rx, tx) = std::io::pipe().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        let mut w = ::csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, tx));
        if w.write_record(&names).is_err() {
            return;
        }
        write_rows(&mut rows, &mut w);
    });
    Ok(std::io::BufReader::with_capacity(1 << 16, rx))
}

/// Loads an Arrow IPC file or stream as the sheet its rows make.
pub(super) fn load(
    name: &str,
    source: Source,
    size: u64,
    options: &LoadOptions,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let not_arrow =
        |e: String| LoadError::new(name, 0, 0, format!("cannot read this Arrow file: {e}"));
    let (schema, _, _) = open(&source).map_err(not_arrow)?;
    let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
    let left: Vec<String> = schema
        .fields()
        .iter()
        .filter(|f| !readable(f.data_type()))
        .map(|f| format!("`{}` ({})", f.name(), f.data_type()))
        .collect();
    control.set_total(size.max(1));
    let failure: Failure = Arc::default();
    let rows = || ArrowRows::new(&source, failure.clone()).map_err(not_arrow);
    let head = ArrowRows::new(&source, Failure::default())
        .and_then(|mut rows| head(&names, &mut rows))
        .map_err(not_arrow)?;
    let text = || csv_stream(names.clone(), rows()?).map_err(not_arrow);
    let read = |rules| csv::load_records(name, &names, rows()?, control, options, rules);
    let sheet = columnar::Sheet {
        name,
        container: "Arrow",
        head: &head,
        text: &text,
        read: &read,
        failure: &failure,
        sheet_rows: false,
    };
    let mut loaded = columnar::load(&sheet, options, control)?;
    if !left.is_empty() {
        loaded.problems.insert(
            0,
            Problem {
                location: Location {
                    file: name.into(),
                    line: 1,
                    column: 0,
                },
                record: None,
                message: format!(
                    "{} {} of a type timeband has no text for, and {} left out; cast {} to text in the engine that wrote the file",
                    if left.len() == 1 { "column" } else { "columns" },
                    left.join(", "),
                    if left.len() == 1 { "is" } else { "are" },
                    if left.len() == 1 { "it" } else { "them" },
                ),
            },
        );
    }
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_lists_and_structs_have_no_text_and_the_rest_do() {
        use arrow_schema::Field;
        let item = |t| Arc::new(Field::new("item", t, true));
        assert!(readable(&DataType::Utf8));
        assert!(readable(&DataType::List(item(DataType::Utf8))));
        assert!(!readable(&DataType::List(item(DataType::List(item(
            DataType::Utf8
        ))))));
        assert!(!readable(&DataType::Struct(Vec::<Field>::new().into())));
        assert!(readable(&DataType::Dictionary(
            Box::new(DataType::Int32),
            Box::new(DataType::Utf8)
        )));
    }
}
