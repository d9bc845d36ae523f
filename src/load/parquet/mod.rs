//! Apache Parquet, as BigQuery, Spark, DuckDB, Polars and pyarrow write it, read as the sheet
//! its rows make (one header row of the schema's column names, each value as text), so a
//! Parquet file follows every column rule a CSV file does (recognised names, `--map`, ACLED's
//! and GDELT's column sets, other columns as attributes, `--lanes-by`) and a problem names the
//! line the row has in that CSV (its row number + 1). A flat file (every column a top-level
//! value: what engines write for a table) is read column by column, a row group at a time,
//! and its rows handed straight to the sheet loader; other files (lists, maps, decimals, times
//! of day) go through the `parquet` crate's record API and are turned into CSV text on a
//! thread of their own. Values: strings as written, numbers in Rust's shortest form, `DATE` as
//! `YYYY-MM-DD`, timestamps (milli-, micro- and nanoseconds, and Spark's INT96) as ISO 8601
//! (with `Z` only when the column says it is UTC), a list as its items separated by `; ` (so a
//! list of tags is the tags), nulls empty. Every column is read: the ones
//! not recognised are kept as attributes.

use super::columnar::{self, Failure, Source, fail, head, position, timestamp, write_rows};
use super::{LoadControl, LoadError, LoadOptions, Loaded, csv};
use crate::model::fields::{TextId, Values as FieldValues};
use crate::model::time::{DAY, format_iso_date};
use ::parquet::basic::LogicalType;
use ::parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use ::parquet::record::Field;
use ::parquet::record::reader::RowIter;
use ::parquet::schema::types::ColumnDescriptor;
use pages::Reader;
use std::io::BufRead;
use std::sync::Arc;

mod pages;

fn open(source: &Source) -> Result<Box<dyn FileReader>, String> {
    fn boxed<R: ChunkReader + 'static>(r: R) -> Result<Box<dyn FileReader>, String> {
        SerializedFileReader::new(r)
            .map(|r| Box::new(r) as Box<dyn FileReader>)
            .map_err(|e| e.to_string())
    }
    match source {
        Source::Path(p) => boxed(std::fs::File::open(p).map_err(|e| e.to_string())?),
        Source::Bytes(b) => boxed(::bytes::Bytes::from_owner(b.clone())),
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
        // A list as its items separated by "; ", as a sheet writes several tags or actors.
        Field::ListInternal(list) => {
            let mut item = String::new();
            for (i, f) in list.elements().iter().enumerate() {
                text(f, utc, &mut item);
                if i > 0 {
                    out.push_str("; ");
                }
                out.push_str(&item);
            }
            Ok(())
        }
        // Decimals, times of day, half floats, maps and groups as parquet writes them.
        other => write!(out, "{other}"),
    };
}

/// How a column's values become text, by its physical and logical type.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Text,
    Bool,
    I32,
    /// Unsigned, of this many bits.
    U32(u8),
    Date,
    I64,
    U64,
    /// A timestamp in units of this many nanoseconds; whether the column says it is UTC.
    Timestamp(i64, bool),
    /// Spark's and Impala's legacy timestamps.
    Int96,
    F32,
    F64,
}

/// The kind of a flat column the columnar reader reads, or `None` (decimals, times of day,
/// fixed-length bytes, half floats: those files are read through the record API).
fn kind(c: &ColumnDescriptor) -> Option<Kind> {
    use ::parquet::basic::{ConvertedType as C, TimeUnit, Type as P};
    let logical = c.logical_type_ref();
    Some(match (c.physical_type(), logical) {
        (
            _,
            Some(LogicalType::Decimal { .. } | LogicalType::Time { .. } | LogicalType::Float16),
        ) => {
            return None;
        }
        (P::BOOLEAN, _) => Kind::Bool,
        (P::INT32, Some(LogicalType::Date)) => Kind::Date,
        (P::INT32, Some(LogicalType::Integer(t))) if !t.is_signed => {
            Kind::U32(t.bit_width.clamp(8, 32) as u8)
        }
        (P::INT32, Some(LogicalType::Integer(_) | LogicalType::Unknown)) => Kind::I32,
        (P::INT32, None) => match c.converted_type() {
            C::NONE | C::INT_8 | C::INT_16 | C::INT_32 => Kind::I32,
            C::UINT_8 => Kind::U32(8),
            C::UINT_16 => Kind::U32(16),
            C::UINT_32 => Kind::U32(32),
            C::DATE => Kind::Date,
            _ => return None,
        },
        (P::INT64, Some(LogicalType::Timestamp(t))) => Kind::Timestamp(
            match t.unit {
                TimeUnit::MILLIS => 1_000_000,
                TimeUnit::MICROS => 1_000,
                TimeUnit::NANOS => 1,
            },
            t.is_adjusted_to_u_t_c,
        ),
        (P::INT64, Some(LogicalType::Integer(t))) if !t.is_signed => Kind::U64,
        (P::INT64, Some(LogicalType::Integer(_) | LogicalType::Unknown)) => Kind::I64,
        (P::INT64, None) => match c.converted_type() {
            C::NONE | C::INT_64 => Kind::I64,
            C::UINT_64 => Kind::U64,
            C::TIMESTAMP_MILLIS => Kind::Timestamp(1_000_000, false),
            C::TIMESTAMP_MICROS => Kind::Timestamp(1_000, false),
            _ => return None,
        },
        (P::INT96, _) => Kind::Int96,
        (P::FLOAT, _) => Kind::F32,
        (P::DOUBLE, _) => Kind::F64,
        (
            P::BYTE_ARRAY,
            None
            | Some(
                LogicalType::String
                | LogicalType::Enum
                | LogicalType::Json
                | LogicalType::Bson
                | LogicalType::Unknown,
            ),
        ) => match c.converted_type() {
            C::NONE | C::UTF8 | C::ENUM | C::JSON | C::BSON => Kind::Text,
            _ => return None,
        },
        _ => return None,
    })
}

/// A batch of one column's rows as text: the text of its dictionary's entries (shared by the
/// batches of a column chunk) and of its other values (each distinct value once while the
/// batch's values repeat), and each row's cell, so the thread that hands out rows only slices
/// text laid out already (reading the decoded values there, a `Bytes` of 32 bytes per value
/// in thirty columns, missed the cache and took half that thread's time).
#[derive(Default)]
struct Column {
    dict: Option<Arc<pages::DictText>>,
    cells: Cells,
    /// The cell of the row last pushed (none for a null).
    current: Option<u32>,
    /// Each of `cells`' numbers, once asked for in this batch.
    numbers: Vec<Option<Option<TextId>>>,
}

/// Texts, one after another, and each row's cell: a text's number, or [`IN_DICT`] and a
/// dictionary entry's, or [`NULL_CELL`].
#[derive(Default)]
struct Cells {
    text: String,
    ends: Vec<usize>,
    of_row: Vec<u32>,
}

/// A row without a value (null).
const NULL_CELL: u32 = u32::MAX;

/// What a row holds, in place of its text, for a value of a column the loader asks for only
/// by number: not empty, so that a row of such values alone is not taken for a blank row.
const NUMBERED_ONLY: &str = "#";

/// The bit that makes a cell a dictionary entry's.
const IN_DICT: u32 = 1 << 31;

impl Cells {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.of_row.clear();
    }

    fn get(&self, cell: u32) -> &str {
        let c = cell as usize;
        let start = match c.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(c).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }
}

/// Distinct values a batch of a column makes text of one by one before it stops looking for
/// repeats (a column of values that never repeat, a note, a coordinate, would fill the table).
const SEEN_PER_BATCH: usize = 1024;

impl Column {
    fn clear(&mut self) {
        self.dict = None;
        self.cells.clear();
        self.current = None;
        self.numbers.clear();
    }

    /// The text of `cell` (not [`NULL_CELL`]).
    fn text(&self, cell: u32) -> &str {
        if cell & IN_DICT != 0 {
            self.dict
                .as_ref()
                .map_or("", |d| d.cells.get(cell & !IN_DICT))
        } else {
            self.cells.get(cell)
        }
    }

    /// Adds the text of row `i` of the batch (empty for a null) to `record`; for a column
    /// asked for only as numbers, [`NUMBERED_ONLY`] in place of a text that holds something
    /// (one that is empty or blank stays empty: a row of those is still a blank row).
    fn push(&mut self, i: usize, record: &mut ::csv::StringRecord, numbers_only: bool) {
        self.current = self
            .cells
            .of_row
            .get(i)
            .copied()
            .filter(|&c| c != NULL_CELL);
        record.push_field(match self.current {
            None => "",
            Some(c) if numbers_only && csv::value_of(self.text(c)).is_some() => NUMBERED_ONLY,
            Some(_) if numbers_only => "",
            Some(c) => self.text(c),
        });
    }
}

/// The kinds of the columns of a flat file (every column a top-level value, none repeated)
/// whose types the columnar reader reads, or `None`.
fn flat_kinds(reader: &dyn FileReader) -> Option<Vec<Kind>> {
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    if schema.root_schema().get_fields().len() != schema.num_columns() {
        return None;
    }
    schema
        .columns()
        .iter()
        .map(|c| {
            (c.max_rep_level() == 0
                && c.path().parts().len() == 1
                && c.physical_type() != ::parquet::basic::Type::FIXED_LEN_BYTE_ARRAY)
                .then(|| kind(c))
                .flatten()
        })
        .collect()
}

/// Rows decoded at a time (of every column).
const BATCH_ROWS: usize = 8192;

/// A batch of rows of every column, decoded, and its number of rows.
type Batch = Result<(Vec<Column>, usize), String>;

/// A flat Parquet file's rows, read column by column (only the values, no record per row),
/// for the sheet loaders: each row as the CSV record it would be, with the line it would have
/// there. The columns are decoded on a thread of their own, a batch of rows ahead.
struct ColumnRows {
    batches: std::sync::mpsc::Receiver<Batch>,
    /// Spent columns go back to the decoding thread, which reads into them again.
    spent: std::sync::mpsc::SyncSender<Vec<Column>>,
    columns: Vec<Column>,
    /// Each column's dictionary's entries' numbers, once asked for, and which dictionary.
    dict_numbers: Vec<(u64, Vec<Option<Option<TextId>>>)>,
    /// The rows of the batch at hand, and the next of them.
    in_batch: usize,
    at: usize,
    /// Rows handed out, and in the whole file.
    row: usize,
    rows: usize,
    bytes: u64,
    failure: Failure,
    /// Columns the loader asks for only as numbers ([`csv::Records::numbers_only`]).
    numbers_only: Vec<bool>,
}

/// Decodes the rows of `reader` in order, a batch at a time, and sends them, until the end, an
/// error, or the receiver is gone.
fn decode(
    reader: Box<dyn FileReader>,
    kinds: Vec<Kind>,
    tx: std::sync::mpsc::SyncSender<Batch>,
    spent: std::sync::mpsc::Receiver<Vec<Column>>,
) {
    let send = |batch: Batch| {
        let failed = batch.is_err();
        tx.send(batch).is_ok() && !failed
    };
    for group in 0..reader.num_row_groups() {
        let opened = reader
            .get_row_group(group)
            .map_err(|e| e.to_string())
            .and_then(|g| {
                let rows = usize::try_from(g.metadata().num_rows()).unwrap_or(0);
                let readers = kinds
                    .iter()
                    .enumerate()
                    .map(|(i, &kind)| Reader::open(g.as_ref(), i, kind))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((rows, readers))
            });
        let (rows, mut readers) = match opened {
            Ok(o) => o,
            Err(e) => {
                send(Err(e));
                return;
            }
        };
        let mut left = rows;
        while left > 0 {
            let n = left.min(BATCH_ROWS);
            left -= n;
            let mut columns = spent
                .try_recv()
                .unwrap_or_else(|_| kinds.iter().map(|_| Column::default()).collect());
            let read = columns
                .iter_mut()
                .zip(&mut readers)
                .try_for_each(|(c, r)| r.read(c, n));
            if !send(read.map(|()| (columns, n))) {
                return;
            }
        }
    }
}

impl ColumnRows {
    fn new(reader: Box<dyn FileReader>, bytes: u64, failure: Failure) -> Option<ColumnRows> {
        let kinds = flat_kinds(reader.as_ref())?;
        let columns: Vec<Column> = kinds.iter().map(|_| Column::default()).collect();
        let rows = reader
            .metadata()
            .row_groups()
            .iter()
            .map(|g| usize::try_from(g.num_rows()).unwrap_or(0))
            .sum();
        let (tx, batches) = std::sync::mpsc::sync_channel(1);
        let (spent, back) = std::sync::mpsc::sync_channel(2);
        std::thread::spawn(move || decode(reader, kinds, tx, back));
        Some(ColumnRows {
            batches,
            spent,
            dict_numbers: (0..columns.len()).map(|_| (u64::MAX, Vec::new())).collect(),
            columns,
            in_batch: 0,
            at: 0,
            row: 0,
            rows,
            bytes,
            failure,
            numbers_only: Vec::new(),
        })
    }

    /// Takes the next decoded batch when this one is spent; false at the end or when the file
    /// cannot be read on.
    fn next_batch(&mut self) -> bool {
        while self.at >= self.in_batch {
            match self.batches.recv() {
                Err(_) => return false,
                Ok(Ok((columns, rows))) => {
                    let spent = std::mem::replace(&mut self.columns, columns);
                    let _ = self.spent.try_send(spent);
                    self.in_batch = rows;
                    self.at = 0;
                }
                Ok(Err(e)) => {
                    fail(&self.failure, self.row, e);
                    return false;
                }
            }
        }
        true
    }
}

/// A field's number as [`csv::number_fields`] gives it.
fn by_text(field: &str, values: &mut FieldValues) -> Option<TextId> {
    csv::value_of(field).map(|v| values.value(v))
}

impl csv::Records for ColumnRows {
    const NUMBERS_AS_READ: bool = true;

    fn numbers_only(&mut self, columns: &[usize]) {
        self.numbers_only = vec![false; self.columns.len()];
        for &c in columns {
            if let Some(only) = self.numbers_only.get_mut(c) {
                *only = true;
            }
        }
    }

    fn number(
        &mut self,
        _record: &::csv::StringRecord,
        columns: &[(usize, u32)],
        values: &mut FieldValues,
        out: &mut Vec<(u32, TextId)>,
    ) {
        for &(c, a) in columns {
            let Some(column) = self.columns.get_mut(c) else {
                continue;
            };
            let Some(cell) = column.current else {
                continue;
            };
            // Worked out once per dictionary entry of a column chunk, or per cell of a batch.
            let slot = match (&column.dict, cell & IN_DICT != 0) {
                (Some(dict), true) => self.dict_numbers.get_mut(c).and_then(|(id, numbers)| {
                    if *id != dict.id {
                        *id = dict.id;
                        numbers.clear();
                        numbers.resize(dict.cells.ends.len(), None);
                    }
                    numbers.get_mut((cell & !IN_DICT) as usize)
                }),
                _ => column.numbers.get_mut(cell as usize),
            };
            let Some(slot) = slot else {
                continue;
            };
            let id = match *slot {
                Some(id) => id,
                None => {
                    let text = match (&column.dict, cell & IN_DICT != 0) {
                        (Some(dict), true) => dict.cells.get(cell & !IN_DICT),
                        _ => column.cells.get(cell),
                    };
                    let id = by_text(text, values);
                    *slot = Some(id);
                    id
                }
            };
            if let Some(id) = id {
                out.push((a, id));
            }
        }
    }

    fn read_record(&mut self, record: &mut ::csv::StringRecord) -> Result<bool, ::csv::Error> {
        if !self.next_batch() {
            return Ok(false);
        }
        record.clear();
        for (i, c) in self.columns.iter_mut().enumerate() {
            // The first row whole: it may be a row of HXL hashtags, which the loader reads.
            let only = self.row > 0 && self.numbers_only.get(i).copied().unwrap_or(false);
            c.push(self.at, record, only);
        }
        self.at += 1;
        self.row += 1;
        record.set_position(Some(position(self.row, self.byte())));
        Ok(true)
    }

    fn byte(&self) -> u64 {
        (self.bytes as f64 * self.row as f64 / self.rows.max(1) as f64) as u64
    }
}

/// Starts turning `source` into CSV on a thread (column by column where the file is flat,
/// else through the record API); the CSV is read from the returned pipe.
fn csv_stream(
    source: Source,
    cols: &Columns,
    failure: &Failure,
) -> Result<std::io::BufReader<std::io::PipeReader>, String> {
    let (rx, tx) = std::io::pipe().map_err(|e| e.to_string())?;
    let names = cols.names.clone();
    let utc = cols.utc.clone();
    let bytes = cols.bytes;
    let failure = failure.clone();
    std::thread::spawn(move || {
        let reader = match open(&source) {
            Ok(r) => r,
            Err(e) => return fail(&failure, 0, e),
        };
        let mut w = ::csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, tx));
        if w.write_record(&names).is_err() {
            return;
        }
        if flat_kinds(reader.as_ref()).is_some() {
            if let Some(mut rows) = ColumnRows::new(reader, bytes, failure.clone()) {
                write_rows(&mut rows, &mut w);
            }
            return;
        }
        let mut values: Vec<String> = vec![String::new(); names.len()];
        for (i, row) in RowIter::from_file_into(reader).enumerate() {
            let row = match row {
                Ok(r) => r,
                Err(e) => return fail(&failure, i, e.to_string()),
            };
            for (slot, (c, (_, field))) in values.iter_mut().zip(row.get_column_iter().enumerate())
            {
                text(field, utc.get(c).copied().unwrap_or(false), slot);
            }
            if w.write_record(&values).is_err() {
                return;
            }
        }
        let _ = w.flush();
    });
    Ok(std::io::BufReader::with_capacity(1 << 16, rx))
}

/// The first rows as CSV text, for detecting the format by content.
fn first_rows(source: &Source, cols: &Columns) -> Result<Vec<u8>, String> {
    let unused: Failure = Arc::default();
    if let Some(mut rows) = ColumnRows::new(open(source)?, cols.bytes, unused.clone()) {
        return head(&cols.names, &mut rows);
    }
    let mut input = csv_stream(source.clone(), cols, &unused)?;
    Ok(input.fill_buf().map_err(|e| e.to_string())?.to_vec())
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
    let head = first_rows(&source, &cols).map_err(not_parquet)?;
    let text = || csv_stream(source.clone(), &cols, &failure).map_err(not_parquet);
    // A sheet: its rows straight from the columns where the file is flat.
    let read = |rules| {
        let rows = ColumnRows::new(
            open(&source).map_err(not_parquet)?,
            cols.bytes,
            failure.clone(),
        );
        match rows {
            Some(rows) => csv::load_records(name, &cols.names, rows, control, options, rules),
            None => csv::load_stream(name, text()?, control, options, rules),
        }
    };
    let sheet = columnar::Sheet {
        name,
        container: "Parquet",
        head: &head,
        text: &text,
        read: &read,
        failure: &failure,
        sheet_rows: false,
    };
    columnar::load(&sheet, options, control)
}

#[cfg(test)]
mod tests {
    use super::csv::Records as _;
    use super::*;
    use ::parquet::basic::Compression;
    use ::parquet::column::writer::ColumnWriter;
    use ::parquet::file::properties::{WriterProperties, WriterVersion};
    use ::parquet::file::writer::SerializedFileWriter;
    use ::parquet::schema::parser::parse_message_type;
    use proptest::prelude::*;

    /// A row: a text from a small vocabulary (so dictionaries repeat) or null, a whole number
    /// or null, a float or null, and a text that is always there.
    type Row = (Option<u16>, Option<i64>, Option<f64>, u16);

    fn word(n: u16) -> String {
        // Lengths vary, so values straddle pages and dictionary limits differently.
        format!("w{n}-{}", "é".repeat(usize::from(n % 7)))
    }

    fn write(rows: &[Row], props: WriterProperties) -> Vec<u8> {
        let schema = parse_message_type(
            "message m { optional binary s (UTF8); optional int64 n; optional double f; required binary r (UTF8); }",
        )
        .unwrap();
        let mut out = Vec::new();
        let mut w = SerializedFileWriter::new(&mut out, Arc::new(schema), Arc::new(props)).unwrap();
        for group in rows.chunks(700) {
            let mut rg = w.next_row_group().unwrap();
            let mut c = 0;
            while let Some(mut col) = rg.next_column().unwrap() {
                let defs = |present: &dyn Fn(&Row) -> bool| -> Vec<i16> {
                    group.iter().map(|r| i16::from(present(r))).collect()
                };
                match col.untyped() {
                    ColumnWriter::ByteArrayColumnWriter(cw) if c == 0 => {
                        let v: Vec<ByteArray> = group
                            .iter()
                            .filter_map(|r| r.0.map(|n| word(n).as_bytes().to_vec().into()))
                            .collect();
                        cw.write_batch(&v, Some(&defs(&|r| r.0.is_some())), None)
                            .unwrap();
                    }
                    ColumnWriter::Int64ColumnWriter(cw) => {
                        let v: Vec<i64> = group.iter().filter_map(|r| r.1).collect();
                        cw.write_batch(&v, Some(&defs(&|r| r.1.is_some())), None)
                            .unwrap();
                    }
                    ColumnWriter::DoubleColumnWriter(cw) => {
                        let v: Vec<f64> = group.iter().filter_map(|r| r.2).collect();
                        cw.write_batch(&v, Some(&defs(&|r| r.2.is_some())), None)
                            .unwrap();
                    }
                    ColumnWriter::ByteArrayColumnWriter(cw) => {
                        let v: Vec<ByteArray> = group
                            .iter()
                            .map(|r| word(r.3).as_bytes().to_vec().into())
                            .collect();
                        cw.write_batch(&v, None, None).unwrap();
                    }
                    _ => panic!("a column of another type"),
                }
                col.close().unwrap();
                c += 1;
            }
            rg.close().unwrap();
        }
        w.close().unwrap();
        out
    }

    use ::parquet::data_type::ByteArray;

    proptest! {
        // No regressions file: the top level of the repository is fixed (a failure prints its
        // case, which can be made a test of its own).
        #![proptest_config(ProptestConfig {
            cases: 48,
            failure_persistence: None,
            ..ProptestConfig::default()
        })]

        /// Whatever pages, dictionaries and nulls the `parquet` crate's writer makes, every
        /// row reads back as the text of what was written.
        #[test]
        fn rows_read_back_as_written(
            rows in prop::collection::vec(
                (
                    prop::option::of(0u16..40),
                    prop::option::of(prop_oneof![-3i64..3, any::<i64>()]),
                    prop::option::of(prop_oneof![Just(0.5f64), -1e9f64..1e9]),
                    0u16..3000,
                ),
                1..2500,
            ),
            dictionary in any::<bool>(),
            v2 in any::<bool>(),
            page in 64usize..4096,
            dictionary_page in 16usize..2048,
            batch in 1usize..300,
        ) {
            let props = WriterProperties::builder()
                .set_writer_version(if v2 { WriterVersion::PARQUET_2_0 } else { WriterVersion::PARQUET_1_0 })
                .set_dictionary_enabled(dictionary)
                .set_data_page_size_limit(page)
                .set_dictionary_page_size_limit(dictionary_page)
                .set_write_batch_size(batch)
                .set_compression(Compression::SNAPPY)
                .build();
            let bytes = write(&rows, props);
            let reader = SerializedFileReader::new(::bytes::Bytes::from(bytes)).unwrap();
            let mut read =
                ColumnRows::new(Box::new(reader), 0, Failure::default()).expect("a flat file");
            let mut record = ::csv::StringRecord::new();
            for (i, r) in rows.iter().enumerate() {
                prop_assert!(read.read_record(&mut record).unwrap(), "row {i} is missing");
                let expected = [
                    r.0.map(word).unwrap_or_default(),
                    r.1.map(|n| n.to_string()).unwrap_or_default(),
                    r.2.map(|f| f.to_string()).unwrap_or_default(),
                    word(r.3),
                ];
                let got: Vec<&str> = record.iter().collect();
                prop_assert_eq!(got, expected.iter().map(String::as_str).collect::<Vec<_>>(), "row {}", i);
            }
            prop_assert!(!read.read_record(&mut record).unwrap(), "a row too many");
        }

        /// A file with bytes changed anywhere (page headers, levels, dictionary numbers,
        /// values) reads as far as it can and stops with an error or ends; it never panics,
        /// and a row it gives has every column.
        #[test]
        fn a_damaged_file_never_panics(
            changes in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
            dictionary in any::<bool>(),
            v2 in any::<bool>(),
        ) {
            let rows: Vec<Row> = (0..300u16)
                .map(|i| {
                    (
                        (i % 5 != 0).then_some(i % 23),
                        (i % 7 != 0).then_some(i64::from(i) * 1_000_003),
                        (i % 3 != 0).then_some(f64::from(i) / 8.0),
                        i % 41,
                    )
                })
                .collect();
            let props = WriterProperties::builder()
                .set_writer_version(if v2 { WriterVersion::PARQUET_2_0 } else { WriterVersion::PARQUET_1_0 })
                .set_dictionary_enabled(dictionary)
                .set_data_page_size_limit(256)
                .set_compression(Compression::UNCOMPRESSED)
                .build();
            let mut bytes = write(&rows, props);
            // The footer (its last 8 bytes and the metadata before them) is left as written:
            // a damaged footer is the `parquet` crate's to refuse, before any page is read.
            let pages = bytes.len().saturating_sub(600).max(4);
            for (at, value) in changes {
                let i = 4 + at.index(pages - 4);
                if let Some(b) = bytes.get_mut(i) {
                    *b = value;
                }
            }
            let Ok(reader) = SerializedFileReader::new(::bytes::Bytes::from(bytes)) else {
                return Ok(());
            };
            let Some(mut read) = ColumnRows::new(Box::new(reader), 0, Failure::default()) else {
                return Ok(());
            };
            let mut record = ::csv::StringRecord::new();
            let mut n = 0;
            while let Ok(true) = read.read_record(&mut record) {
                prop_assert_eq!(record.len(), 4);
                n += 1;
                prop_assert!(n <= rows.len());
            }
        }
    }
}
