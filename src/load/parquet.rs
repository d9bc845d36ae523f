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
use ::parquet::column::reader::ColumnReader;
use ::parquet::data_type::{ByteArray, Int96};
use ::parquet::file::reader::{ChunkReader, FileReader, SerializedFileReader};
use ::parquet::record::Field;
use ::parquet::record::reader::RowIter;
use ::parquet::schema::types::ColumnDescriptor;
use rustc_hash::FxHashMap;
use std::io::BufRead;
use std::sync::Arc;

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

/// A column's values in one row group.
enum Values {
    Text(Vec<ByteArray>),
    Bool(Vec<bool>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    Int96(Vec<Int96>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

impl Values {
    /// Empties the values and gives back their memory.
    fn free(&mut self) {
        match self {
            Values::Text(v) => *v = Vec::new(),
            Values::Bool(v) => *v = Vec::new(),
            Values::I32(v) => *v = Vec::new(),
            Values::I64(v) => *v = Vec::new(),
            Values::Int96(v) => *v = Vec::new(),
            Values::F32(v) => *v = Vec::new(),
            Values::F64(v) => *v = Vec::new(),
        }
    }
}

/// One column of the row group being read: its values (nulls left out) and, for a column that
/// can be null, each row's definition level; then, on the decoding thread still, each row's
/// text as a CSV file would hold it ([`Cells`]), so the thread that hands out rows only slices
/// text laid out in order (reading the decoded values there, a `Bytes` of 32 bytes per value
/// in thirty columns, missed the cache and took half that thread's time).
struct Column {
    kind: Kind,
    max_def: i16,
    defs: Vec<i16>,
    values: Values,
    cells: Cells,
    /// Cells by the value they were made from (a dictionary-encoded text's bytes, where they
    /// lie; a number's bits), so a value that repeats in a batch is made text once.
    seen: FxHashMap<(u64, u64), u32>,
    /// The cell of the row last pushed (none for a null).
    current: Option<u32>,
    /// Each cell's number, once asked for in this batch.
    numbers: Vec<Option<Option<TextId>>>,
}

/// The rows of a batch of one column as text: each distinct value's text once (while the
/// batch's values repeat), and each row's cell.
#[derive(Default)]
struct Cells {
    text: String,
    ends: Vec<usize>,
    of_row: Vec<u32>,
}

/// A row without a value (null).
const NULL_CELL: u32 = u32::MAX;

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

/// Reads `rows` records of one column into `values` (emptied first), their definition levels
/// appended to `defs`.
fn read_all<T: ::parquet::data_type::DataType>(
    reader: &mut ::parquet::column::reader::ColumnReaderImpl<T>,
    rows: usize,
    defs: &mut Vec<i16>,
    values: &mut Vec<T::T>,
) -> ::parquet::errors::Result<usize> {
    values.clear();
    values.reserve_exact(rows);
    let mut done = 0;
    while done < rows {
        let (n, _, _) = reader.read_records(rows - done, Some(defs), None, values)?;
        if n == 0 {
            break;
        }
        done += n;
    }
    Ok(done)
}

impl Column {
    fn new(descr: &ColumnDescriptor) -> Option<Column> {
        let kind = kind(descr)?;
        let values = match descr.physical_type() {
            ::parquet::basic::Type::BYTE_ARRAY => Values::Text(Vec::new()),
            ::parquet::basic::Type::BOOLEAN => Values::Bool(Vec::new()),
            ::parquet::basic::Type::INT32 => Values::I32(Vec::new()),
            ::parquet::basic::Type::INT64 => Values::I64(Vec::new()),
            ::parquet::basic::Type::INT96 => Values::Int96(Vec::new()),
            ::parquet::basic::Type::FLOAT => Values::F32(Vec::new()),
            ::parquet::basic::Type::DOUBLE => Values::F64(Vec::new()),
            ::parquet::basic::Type::FIXED_LEN_BYTE_ARRAY => return None,
        };
        Some(Column {
            kind,
            max_def: descr.max_def_level(),
            defs: Vec::new(),
            values,
            cells: Cells::default(),
            seen: FxHashMap::default(),
            current: None,
            numbers: Vec::new(),
        })
    }

    /// Reads this column's next `rows` values from its reader in a row group.
    fn read(&mut self, reader: &mut ColumnReader, rows: usize) -> Result<(), String> {
        use ColumnReader as R;
        self.defs.clear();
        let defs = &mut self.defs;
        let read = match (&mut self.values, reader) {
            (Values::Text(v), R::ByteArrayColumnReader(r)) => read_all(r, rows, defs, v),
            (Values::Bool(v), R::BoolColumnReader(r)) => read_all(r, rows, defs, v),
            (Values::I32(v), R::Int32ColumnReader(r)) => read_all(r, rows, defs, v),
            (Values::I64(v), R::Int64ColumnReader(r)) => read_all(r, rows, defs, v),
            (Values::Int96(v), R::Int96ColumnReader(r)) => read_all(r, rows, defs, v),
            (Values::F32(v), R::FloatColumnReader(r)) => read_all(r, rows, defs, v),
            (Values::F64(v), R::DoubleColumnReader(r)) => read_all(r, rows, defs, v),
            _ => return Err("a column's values are not of its type".into()),
        };
        match read {
            Ok(n) if n == rows => {
                self.render(rows);
                Ok(())
            }
            Ok(n) => Err(format!(
                "a column has {n} values where {rows} rows were expected"
            )),
            Err(e) => Err(e.to_string()),
        }
    }

    /// Makes the text of each of the batch's `rows` rows ([`Cells`]), then lets the decoded
    /// values go.
    fn render(&mut self, rows: usize) {
        self.cells.clear();
        self.seen.clear();
        self.current = None;
        let mut looking = true;
        let mut at = 0;
        for i in 0..rows {
            if self.max_def > 0 && self.defs.get(i).is_none_or(|&d| d < self.max_def) {
                self.cells.of_row.push(NULL_CELL);
                continue;
            }
            let key = looking.then(|| self.key(at));
            if let Some(&c) = key.and_then(|k| self.seen.get(&k)) {
                self.cells.of_row.push(c);
                at += 1;
                continue;
            }
            let Ok(cell) = u32::try_from(self.cells.ends.len()) else {
                self.cells.of_row.push(NULL_CELL);
                at += 1;
                continue;
            };
            let mut text = std::mem::take(&mut self.cells.text);
            self.write(at, &mut text);
            self.cells.text = text;
            self.cells.ends.push(self.cells.text.len());
            self.cells.of_row.push(cell);
            if let Some(k) = key {
                self.seen.insert(k, cell);
                looking = self.seen.len() < SEEN_PER_BATCH;
            }
            at += 1;
        }
        self.numbers.clear();
        self.numbers.resize(self.cells.ends.len(), None);
        // Freed, not kept for the next batch: a set of columns waits in the queues several
        // times over, and a text column's decoded values are 32 bytes a row.
        self.values.free();
    }

    /// What tells value `at` apart from the column's other values in this batch: a text's
    /// bytes where they lie (a dictionary's entry's values share them), a number's bits.
    fn key(&self, at: usize) -> (u64, u64) {
        match &self.values {
            Values::Text(v) => v
                .get(at)
                .map_or((0, 0), |b| (b.data().as_ptr() as u64, b.len() as u64)),
            Values::Bool(v) => (v.get(at).map_or(2, |&b| u64::from(b)), 0),
            Values::I32(v) => (v.get(at).map_or(0, |&n| u64::from(n as u32)), 1),
            Values::I64(v) => (v.get(at).map_or(0, |&n| n as u64), 1),
            Values::Int96(v) => v.get(at).map_or((0, 0), |t| {
                let d = t.data();
                let w = |i: usize| u64::from(d.get(i).copied().unwrap_or(0));
                (w(0) | (w(1) << 32), w(2) | (1 << 32))
            }),
            Values::F32(v) => (v.get(at).map_or(0, |n| u64::from(n.to_bits())), 1),
            Values::F64(v) => (v.get(at).map_or(0, |n| n.to_bits()), 1),
        }
    }

    /// Adds the text of row `i` of the batch (empty for a null) to `record`.
    fn push(&mut self, i: usize, record: &mut ::csv::StringRecord) {
        self.current = self
            .cells
            .of_row
            .get(i)
            .copied()
            .filter(|&c| c != NULL_CELL);
        record.push_field(self.current.map_or("", |c| self.cells.get(c)));
    }

    /// The number of the value of the row last pushed, worked out once per cell a batch.
    fn number(&mut self, values: &mut FieldValues) -> Option<TextId> {
        let cell = self.current?;
        let slot = self.numbers.get_mut(cell as usize)?;
        if let Some(id) = *slot {
            return id;
        }
        let id = by_text(self.cells.get(cell), values);
        *slot = Some(id);
        id
    }

    /// Appends the text of value `at` (among the values that are not null) to `out`.
    fn write(&self, at: usize, out: &mut String) {
        use std::fmt::Write as _;
        let _ = match (&self.values, self.kind) {
            (Values::Text(v), _) => {
                if let Some(b) = v.get(at) {
                    match std::str::from_utf8(b.data()) {
                        Ok(t) => out.push_str(t),
                        Err(_) => out.push_str(&String::from_utf8_lossy(b.data())),
                    }
                }
                Ok(())
            }
            (Values::Bool(v), _) => match v.get(at) {
                Some(b) => write!(out, "{b}"),
                None => Ok(()),
            },
            (Values::I32(v), Kind::Date) => {
                if let Some(&d) = v.get(at) {
                    out.push_str(&format_iso_date(i64::from(d) * DAY));
                }
                Ok(())
            }
            (Values::I32(v), Kind::U32(bits)) => {
                if let Some(&n) = v.get(at) {
                    let mut b = itoa::Buffer::new();
                    out.push_str(match bits {
                        8 => b.format(n as u8),
                        16 => b.format(n as u16),
                        _ => b.format(n as u32),
                    });
                }
                Ok(())
            }
            (Values::I32(v), _) => {
                if let Some(&n) = v.get(at) {
                    out.push_str(itoa::Buffer::new().format(n));
                }
                Ok(())
            }
            (Values::I64(v), Kind::Timestamp(unit, utc)) => match v.get(at) {
                Some(&n) => {
                    let per_second = 1_000_000_000 / unit;
                    timestamp(
                        out,
                        n.div_euclid(per_second),
                        (n.rem_euclid(per_second) * unit) as u32,
                        utc,
                    )
                }
                None => Ok(()),
            },
            (Values::I64(v), Kind::U64) => {
                if let Some(&n) = v.get(at) {
                    out.push_str(itoa::Buffer::new().format(n as u64));
                }
                Ok(())
            }
            (Values::I64(v), _) => {
                if let Some(&n) = v.get(at) {
                    out.push_str(itoa::Buffer::new().format(n));
                }
                Ok(())
            }
            (Values::Int96(v), _) => match v.get(at) {
                Some(t) => {
                    let n = t.to_nanos();
                    timestamp(
                        out,
                        n.div_euclid(1_000_000_000),
                        n.rem_euclid(1_000_000_000) as u32,
                        false,
                    )
                }
                None => Ok(()),
            },
            (Values::F32(v), _) => match v.get(at) {
                Some(n) => write!(out, "{n}"),
                None => Ok(()),
            },
            (Values::F64(v), _) => match v.get(at) {
                Some(n) => write!(out, "{n}"),
                None => Ok(()),
            },
        };
    }
}

/// The columns of a flat file (every column a top-level value, none repeated) whose types the
/// columnar reader reads, or `None`.
fn flat_columns(reader: &dyn FileReader) -> Option<Vec<Column>> {
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    if schema.root_schema().get_fields().len() != schema.num_columns() {
        return None;
    }
    schema
        .columns()
        .iter()
        .map(|c| {
            (c.max_rep_level() == 0 && c.path().parts().len() == 1)
                .then(|| Column::new(c))
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
    /// The rows of the batch at hand, and the next of them.
    in_batch: usize,
    at: usize,
    /// Rows handed out, and in the whole file.
    row: usize,
    rows: usize,
    bytes: u64,
    failure: Failure,
}

/// Decodes the rows of `reader` in order, a batch at a time, and sends them, until the end, an
/// error, or the receiver is gone.
fn decode(
    reader: Box<dyn FileReader>,
    tx: std::sync::mpsc::SyncSender<Batch>,
    spent: std::sync::mpsc::Receiver<Vec<Column>>,
) {
    let send = |batch: Batch| {
        let failed = batch.is_err();
        tx.send(batch).is_ok() && !failed
    };
    for group in 0..reader.num_row_groups() {
        let opened = reader.get_row_group(group).and_then(|g| {
            let rows = usize::try_from(g.metadata().num_rows()).unwrap_or(0);
            let readers = (0..g.num_columns())
                .map(|i| g.get_column_reader(i))
                .collect::<Result<Vec<_>, _>>()?;
            Ok((rows, readers))
        });
        let (rows, mut readers) = match opened {
            Ok(o) => o,
            Err(e) => {
                send(Err(e.to_string()));
                return;
            }
        };
        let mut left = rows;
        while left > 0 {
            let n = left.min(BATCH_ROWS);
            left -= n;
            let Some(mut columns) = spent
                .try_recv()
                .ok()
                .or_else(|| flat_columns(reader.as_ref()))
            else {
                return;
            };
            let read = columns
                .iter_mut()
                .zip(&mut readers)
                .try_for_each(|(c, r)| c.read(r, n));
            if !send(read.map(|()| (columns, n))) {
                return;
            }
        }
    }
}

impl ColumnRows {
    fn new(reader: Box<dyn FileReader>, bytes: u64, failure: Failure) -> Option<ColumnRows> {
        let columns = flat_columns(reader.as_ref())?;
        let rows = reader
            .metadata()
            .row_groups()
            .iter()
            .map(|g| usize::try_from(g.num_rows()).unwrap_or(0))
            .sum();
        let (tx, batches) = std::sync::mpsc::sync_channel(1);
        let (spent, back) = std::sync::mpsc::sync_channel(2);
        std::thread::spawn(move || decode(reader, tx, back));
        Some(ColumnRows {
            batches,
            spent,
            columns,
            in_batch: 0,
            at: 0,
            row: 0,
            rows,
            bytes,
            failure,
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
            if let Some(id) = column.number(values) {
                out.push((a, id));
            }
        }
    }

    fn read_record(&mut self, record: &mut ::csv::StringRecord) -> Result<bool, ::csv::Error> {
        if !self.next_batch() {
            return Ok(false);
        }
        record.clear();
        for c in &mut self.columns {
            c.push(self.at, record);
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
        if flat_columns(reader.as_ref()).is_some() {
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
    };
    columnar::load(&sheet, options, control)
}
