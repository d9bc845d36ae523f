//! A flat column chunk's values, read a batch of rows at a time into a [`Column`]'s text.
//!
//! The common case is read page by page here ([`Pages`]): values PLAIN or in a dictionary (a
//! PLAIN dictionary page, then `RLE_DICTIONARY` data pages), definition levels RLE, data pages
//! of either version: what pyarrow, DuckDB, Spark, Polars and BigQuery write by default. A
//! dictionary-encoded value stays its entry's number: the dictionary's entries are made text
//! once per column chunk ([`DictText`], shared by every batch of the chunk) and numbered once on
//! the row thread, where the `parquet` crate's column reader hands out every value as its own
//! bytes (a reference-counted `Bytes`, cloned and dropped per value) to be made text per batch.
//! The crate keeps the decoders for these two encodings private (public only with its
//! `experimental` feature, which brings in arrow), so the little they take is written here:
//! [`Hybrid`] (the RLE / bit-packing hybrid of levels and dictionary numbers) and [`Plain`].
//! Any other chunk (booleans; delta, byte-stream-split or bit-packed-level encodings) is read
//! by the crate's column reader ([`Typed`]), into the same text.

use super::{Cells, Column, IN_DICT, Kind, NULL_CELL, SEEN_PER_BATCH};
use crate::load::columnar::timestamp;
use crate::model::time::{DAY, format_iso_date};
use ::parquet::basic::{Encoding, Type as Physical};
use ::parquet::column::page::{Page, PageReader};
use ::parquet::column::reader::ColumnReader;
use ::parquet::data_type::{ByteArray, Int96};
use ::parquet::file::metadata::ColumnChunkMetaData;
use ::parquet::file::reader::RowGroupReader;
use bytes::Bytes;
use rustc_hash::FxHashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A value as decoded, before it is text.
#[derive(Clone, Copy)]
enum Raw<'a> {
    Text(&'a [u8]),
    Bool(bool),
    I32(i32),
    I64(i64),
    Int96([u32; 3]),
    F32(f32),
    F64(f64),
}

impl Raw<'_> {
    /// What tells a value apart from the column's others in a batch, for a number (its bits);
    /// `None` for a text.
    fn key(self) -> Option<(u64, u64)> {
        Some(match self {
            Raw::Text(_) => return None,
            Raw::Bool(b) => (u64::from(b), 2),
            Raw::I32(n) => (u64::from(n as u32), 1),
            Raw::I64(n) => (n as u64, 1),
            Raw::Int96([a, b, c]) => (
                u64::from(a) | (u64::from(b) << 32),
                u64::from(c) | (1 << 32),
            ),
            Raw::F32(n) => (u64::from(n.to_bits()), 1),
            Raw::F64(n) => (n.to_bits(), 1),
        })
    }

    /// Appends the value's text as a CSV file would hold it: strings as written, numbers in
    /// Rust's shortest form, dates as `YYYY-MM-DD`, timestamps as ISO 8601 (`Z` only when the
    /// column says it is UTC).
    fn write(self, kind: Kind, out: &mut String) {
        use std::fmt::Write as _;
        let _ = match (self, kind) {
            (Raw::Text(b), _) => {
                match std::str::from_utf8(b) {
                    Ok(t) => out.push_str(t),
                    Err(_) => out.push_str(&String::from_utf8_lossy(b)),
                }
                Ok(())
            }
            (Raw::Bool(b), _) => write!(out, "{b}"),
            (Raw::I32(d), Kind::Date) => {
                out.push_str(&format_iso_date(i64::from(d) * DAY));
                Ok(())
            }
            (Raw::I32(n), Kind::U32(bits)) => {
                let mut b = itoa::Buffer::new();
                out.push_str(match bits {
                    8 => b.format(n as u8),
                    16 => b.format(n as u16),
                    _ => b.format(n as u32),
                });
                Ok(())
            }
            (Raw::I32(n), _) => {
                out.push_str(itoa::Buffer::new().format(n));
                Ok(())
            }
            (Raw::I64(n), Kind::Timestamp(unit, utc)) => {
                let per_second = 1_000_000_000 / unit;
                timestamp(
                    out,
                    n.div_euclid(per_second),
                    (n.rem_euclid(per_second) * unit) as u32,
                    utc,
                )
            }
            (Raw::I64(n), Kind::U64) => {
                out.push_str(itoa::Buffer::new().format(n as u64));
                Ok(())
            }
            (Raw::I64(n), _) => {
                out.push_str(itoa::Buffer::new().format(n));
                Ok(())
            }
            (Raw::Int96([a, b, c]), _) => {
                let mut t = Int96::new();
                t.set_data(a, b, c);
                let n = t.to_nanos();
                timestamp(
                    out,
                    n.div_euclid(1_000_000_000),
                    n.rem_euclid(1_000_000_000) as u32,
                    false,
                )
            }
            (Raw::F32(n), _) => write!(out, "{n}"),
            (Raw::F64(n), _) => write!(out, "{n}"),
        };
    }
}

/// The text of each entry of a column chunk's dictionary, made once for every batch of the
/// chunk; `id` tells it from other chunks' dictionaries (the row thread numbers each entry
/// once per `id`).
pub(super) struct DictText {
    pub(super) id: u64,
    pub(super) cells: Cells,
}

/// Where the next dictionary's `id` comes from.
static NEXT_DICT: AtomicU64 = AtomicU64::new(0);

/// Values in the RLE / bit-packing hybrid encoding (definition levels, dictionary numbers):
/// runs, each a ULEB128 header, then one value repeated (`header >> 1` times, in as many
/// bytes as its width needs) or groups of eight values bit-packed from the lowest bit
/// (`header >> 1` groups).
struct Hybrid {
    data: Bytes,
    /// Where the next run's header starts.
    pos: usize,
    width: usize,
    /// The value the current run repeats, and how many times more.
    repeat: u32,
    repeats: usize,
    /// In a bit-packed run: the bit the next value starts at, and the values left.
    bit: usize,
    packed: usize,
}

impl Hybrid {
    fn new(data: Bytes, width: u8) -> Result<Hybrid, String> {
        if width > 32 {
            return Err(format!("values of {width} bits, more than 32"));
        }
        Ok(Hybrid {
            data,
            pos: 0,
            width: usize::from(width),
            repeat: 0,
            repeats: 0,
            bit: 0,
            packed: 0,
        })
    }

    /// Starts the next run; false at the end of the data.
    fn next_run(&mut self) -> Result<bool, String> {
        let mut header = 0u64;
        let mut shift = 0;
        loop {
            let Some(&b) = self.data.get(self.pos) else {
                return Ok(false);
            };
            self.pos += 1;
            header |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 56 {
                return Err("a run's header is too long".into());
            }
        }
        let count = usize::try_from(header >> 1).map_err(|e| e.to_string())?;
        if header & 1 == 1 {
            // Bit-packed: only the values whose bits all lie in the data (a file cut short
            // reads fewer values, which the caller reports; none is made up).
            let bytes = count.saturating_mul(self.width);
            let here = self.data.len().saturating_sub(self.pos);
            let whole = (here.saturating_mul(8))
                .checked_div(self.width)
                .unwrap_or(usize::MAX);
            self.packed = count.saturating_mul(8).min(whole);
            self.bit = self.pos * 8;
            self.pos = self.pos.saturating_add(bytes);
        } else {
            let n = self.width.div_ceil(8);
            let end = self.pos + n;
            let bytes = self
                .data
                .get(self.pos..end)
                .ok_or("a run ends before its value")?;
            self.repeat = bytes
                .iter()
                .rev()
                .fold(0u32, |v, &b| (v << 8) | u32::from(b));
            self.repeats = count;
            self.pos = end;
        }
        Ok(true)
    }

    /// The value of the bit-packed run at hand that starts at `self.bit`.
    fn unpack(&mut self) -> u32 {
        let byte = self.bit / 8;
        let rest = self.data.get(byte..).unwrap_or_default();
        let mut word = [0u8; 8];
        for (w, b) in word.iter_mut().zip(rest) {
            *w = *b;
        }
        let mask = (1u64 << self.width) - 1;
        let v = (u64::from_le_bytes(word) >> (self.bit % 8)) & mask;
        self.bit += self.width;
        v as u32
    }

    /// Fills `out` with the next values; how many it filled (fewer only at the data's end).
    fn read(&mut self, out: &mut [u32]) -> Result<usize, String> {
        let mut done = 0;
        while done < out.len() {
            if self.repeats > 0 {
                let k = self.repeats.min(out.len() - done);
                if let Some(slots) = out.get_mut(done..done + k) {
                    slots.fill(self.repeat);
                }
                self.repeats -= k;
                done += k;
            } else if self.packed > 0 {
                let k = self.packed.min(out.len() - done);
                for slot in out.iter_mut().skip(done).take(k) {
                    *slot = self.unpack();
                }
                self.packed -= k;
                done += k;
            } else if !self.next_run()? {
                break;
            }
        }
        Ok(done)
    }
}

/// Values in the PLAIN encoding: each in its physical type's bytes, little-endian; a string
/// as its length (four bytes) and its bytes.
struct Plain {
    data: Bytes,
    pos: usize,
    physical: Physical,
}

impl Plain {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.pos.saturating_add(n);
        let bytes = self
            .data
            .get(self.pos..end)
            .ok_or("a page ends inside a value")?;
        self.pos = end;
        Ok(bytes)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn next(&mut self) -> Result<Raw<'_>, String> {
        Ok(match self.physical {
            Physical::BYTE_ARRAY => {
                let n = u32::from_le_bytes(self.array()?) as usize;
                Raw::Text(self.take(n)?)
            }
            Physical::INT32 => Raw::I32(i32::from_le_bytes(self.array()?)),
            Physical::INT64 => Raw::I64(i64::from_le_bytes(self.array()?)),
            Physical::FLOAT => Raw::F32(f32::from_le_bytes(self.array()?)),
            Physical::DOUBLE => Raw::F64(f64::from_le_bytes(self.array()?)),
            Physical::INT96 => {
                let a: [u8; 12] = self.array()?;
                let w = |i: usize| {
                    let mut b = [0; 4];
                    b.copy_from_slice(a.get(i * 4..i * 4 + 4).unwrap_or(&[0; 4]));
                    u32::from_le_bytes(b)
                };
                Raw::Int96([w(0), w(1), w(2)])
            }
            other => return Err(format!("PLAIN {other} values are not read here")),
        })
    }
}

/// The cells a batch made, by the value they were made from, so a value that repeats in the
/// batch is made text once; it stops looking once the batch has [`SEEN_PER_BATCH`] distinct
/// values (a column of values that never repeat would fill it).
#[derive(Default)]
struct Seen {
    cells: FxHashMap<(u64, u64), u32>,
    full: bool,
}

impl Seen {
    fn clear(&mut self) {
        self.cells.clear();
        self.full = false;
    }

    /// Adds a row's value to `cells`: the cell of the value of the same `key` made before in
    /// this batch, or a new cell of its text.
    fn push(
        &mut self,
        cells: &mut Cells,
        key: Option<(u64, u64)>,
        raw: Raw<'_>,
        kind: Kind,
    ) -> Result<(), String> {
        let key = key.filter(|_| !self.full);
        if let Some(&c) = key.and_then(|k| self.cells.get(&k)) {
            cells.of_row.push(c);
            return Ok(());
        }
        let Ok(cell) = u32::try_from(cells.ends.len()) else {
            return Err("a batch of too many values".into());
        };
        raw.write(kind, &mut cells.text);
        cells.ends.push(cells.text.len());
        cells.of_row.push(cell);
        if let Some(k) = key {
            self.cells.insert(k, cell);
            self.full = self.cells.len() >= SEEN_PER_BATCH;
        }
        Ok(())
    }
}

/// Where a data page's values are.
enum Values {
    None,
    /// Numbers of the chunk's dictionary's entries.
    Dict(Hybrid),
    Plain(Plain),
}

/// A column chunk read page by page (see the module's note).
pub(super) struct Pages {
    pages: Box<dyn PageReader>,
    physical: Physical,
    kind: Kind,
    max_def: i16,
    dict: Option<Arc<DictText>>,
    /// Rows (levels) of the data page at hand not read yet.
    left: usize,
    /// Its definition levels (none where the column cannot be null).
    levels: Option<Hybrid>,
    values: Values,
    defs: Vec<u32>,
    codes: Vec<u32>,
    seen: Seen,
}

/// Bits a level up to `max` takes.
fn level_width(max: i16) -> u8 {
    (16 - max.max(0).leading_zeros()) as u8
}

impl Pages {
    /// Whether a chunk's values are all in encodings read here.
    fn reads(chunk: &ColumnChunkMetaData) -> bool {
        let physical = chunk.column_type();
        !matches!(physical, Physical::BOOLEAN | Physical::FIXED_LEN_BYTE_ARRAY)
            && chunk.encodings().all(|e| {
                matches!(
                    e,
                    Encoding::PLAIN
                        | Encoding::PLAIN_DICTIONARY
                        | Encoding::RLE_DICTIONARY
                        | Encoding::RLE
                )
            })
    }

    fn set_dict(&mut self, buf: Bytes, n: u32, encoding: Encoding) -> Result<(), String> {
        if self.dict.is_some() {
            return Err("a column chunk has two dictionaries".into());
        }
        if !matches!(
            encoding,
            Encoding::PLAIN | Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY
        ) {
            return Err(format!("a dictionary in the {encoding} encoding"));
        }
        if n >= IN_DICT - 1 {
            return Err(format!("a dictionary of {n} entries"));
        }
        let mut plain = Plain {
            pos: 0,
            physical: self.physical,
            data: buf,
        };
        let mut cells = Cells::default();
        cells.text.reserve(plain.data.len());
        // No more entries than bytes: a header that claims more is not believed.
        cells.ends.reserve((n as usize).min(plain.data.len()));
        for _ in 0..n {
            plain.next()?.write(self.kind, &mut cells.text);
            cells.ends.push(cells.text.len());
        }
        self.dict = Some(Arc::new(DictText {
            id: NEXT_DICT.fetch_add(1, Ordering::Relaxed),
            cells,
        }));
        Ok(())
    }

    fn set_values(&mut self, encoding: Encoding, data: Bytes) -> Result<(), String> {
        self.values = match encoding {
            Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY => {
                if self.dict.is_none()
                    && let Some(Page::DictionaryPage {
                        buf,
                        num_values,
                        encoding,
                        ..
                    }) = self
                        .pages
                        .take_deferred_dictionary()
                        .map_err(|e| e.to_string())?
                {
                    self.set_dict(buf, num_values, encoding)?;
                }
                if self.dict.is_none() {
                    return Err(
                        "a page's values refer to a dictionary the column does not have".into(),
                    );
                }
                let width = *data
                    .first()
                    .ok_or("a dictionary-encoded page without its numbers' width")?;
                Values::Dict(Hybrid::new(data.slice(1..), width)?)
            }
            Encoding::PLAIN => Values::Plain(Plain {
                data,
                pos: 0,
                physical: self.physical,
            }),
            other => return Err(format!("values in the {other} encoding")),
        };
        Ok(())
    }

    /// Reads the next page and sets its levels and values up; false at the chunk's end.
    fn next_page(&mut self) -> Result<bool, String> {
        while self.left == 0 {
            let Some(page) = self.pages.get_next_page().map_err(|e| e.to_string())? else {
                return Ok(false);
            };
            let width = level_width(self.max_def);
            match page {
                Page::DictionaryPage {
                    buf,
                    num_values,
                    encoding,
                    ..
                } => self.set_dict(buf, num_values, encoding)?,
                Page::DataPage {
                    buf,
                    num_values,
                    encoding,
                    def_level_encoding,
                    ..
                } => {
                    let mut data = buf;
                    self.levels = None;
                    if self.max_def > 0 {
                        if def_level_encoding != Encoding::RLE {
                            return Err(format!("definition levels in {def_level_encoding}"));
                        }
                        let mut len = [0; 4];
                        len.copy_from_slice(data.get(..4).ok_or("a page without its levels")?);
                        let end = (u32::from_le_bytes(len) as usize).saturating_add(4);
                        if end > data.len() {
                            return Err("a page ends inside its levels".into());
                        }
                        self.levels = Some(Hybrid::new(data.slice(4..end), width)?);
                        data = data.slice(end..);
                    }
                    self.set_values(encoding, data)?;
                    self.left = num_values as usize;
                }
                Page::DataPageV2 {
                    buf,
                    num_values,
                    encoding,
                    num_nulls,
                    def_levels_byte_len,
                    rep_levels_byte_len,
                    ..
                } => {
                    if num_nulls > num_values {
                        return Err("a page has more nulls than values".into());
                    }
                    let rep = rep_levels_byte_len as usize;
                    let end = rep.saturating_add(def_levels_byte_len as usize);
                    if end > buf.len() {
                        return Err("a page ends inside its levels".into());
                    }
                    self.levels = None;
                    if self.max_def > 0 {
                        self.levels = Some(Hybrid::new(buf.slice(rep..end), width)?);
                    }
                    self.set_values(encoding, buf.slice(end..))?;
                    self.left = num_values as usize;
                }
            }
        }
        Ok(true)
    }

    /// Reads the chunk's next `rows` rows into `col`'s text.
    fn read(&mut self, col: &mut Column, rows: usize) -> Result<(), String> {
        self.seen.clear();
        let max = u32::from(self.max_def.max(0).unsigned_abs());
        let mut done = 0;
        let mut coded = false;
        while done < rows {
            if self.left == 0 && !self.next_page()? {
                break;
            }
            let k = (rows - done).min(self.left);
            let present = match &mut self.levels {
                Some(levels) => {
                    self.defs.clear();
                    self.defs.resize(k, 0);
                    if levels.read(&mut self.defs)? != k {
                        return Err("a page has fewer definition levels than values".into());
                    }
                    self.defs.iter().filter(|&&d| d == max).count()
                }
                None => k,
            };
            let nullable = self.levels.is_some();
            let is_null = |i: usize| nullable && self.defs.get(i) != Some(&max);
            match &mut self.values {
                Values::Dict(numbers) => {
                    self.codes.clear();
                    self.codes.resize(present, 0);
                    if numbers.read(&mut self.codes)? != present {
                        return Err("a page has fewer values than its levels say".into());
                    }
                    let entries = self.dict.as_ref().map_or(0, |d| d.cells.ends.len());
                    if self.codes.iter().any(|&c| c as usize >= entries) {
                        return Err("a value refers past its dictionary's end".into());
                    }
                    coded = true;
                    let mut codes = self.codes.iter();
                    for i in 0..k {
                        let cell = match is_null(i) {
                            true => NULL_CELL,
                            false => codes.next().map_or(NULL_CELL, |&c| IN_DICT | c),
                        };
                        col.cells.of_row.push(cell);
                    }
                }
                Values::Plain(plain) => {
                    for i in 0..k {
                        if is_null(i) {
                            col.cells.of_row.push(NULL_CELL);
                            continue;
                        }
                        let raw = plain.next()?;
                        self.seen.push(&mut col.cells, raw.key(), raw, self.kind)?;
                    }
                }
                Values::None => return Err("a page without values".into()),
            }
            self.left -= k;
            done += k;
        }
        if done != rows {
            return Err(format!(
                "a column has {done} values where {rows} rows were expected"
            ));
        }
        if coded {
            col.dict = self.dict.clone();
        }
        Ok(())
    }
}

/// A column's values in one batch, as the `parquet` crate's column reader decodes them.
enum TypedValues {
    Text(Vec<ByteArray>),
    Bool(Vec<bool>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    Int96(Vec<Int96>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

impl TypedValues {
    fn raw(&self, at: usize) -> Option<Raw<'_>> {
        Some(match self {
            TypedValues::Text(v) => Raw::Text(v.get(at)?.data()),
            TypedValues::Bool(v) => Raw::Bool(*v.get(at)?),
            TypedValues::I32(v) => Raw::I32(*v.get(at)?),
            TypedValues::I64(v) => Raw::I64(*v.get(at)?),
            TypedValues::Int96(v) => {
                let d = v.get(at)?.data();
                let w = |i: usize| d.get(i).copied().unwrap_or(0);
                Raw::Int96([w(0), w(1), w(2)])
            }
            TypedValues::F32(v) => Raw::F32(*v.get(at)?),
            TypedValues::F64(v) => Raw::F64(*v.get(at)?),
        })
    }

    /// Empties the values and gives back their memory (a text column's are 32 bytes a row).
    fn free(&mut self) {
        match self {
            TypedValues::Text(v) => *v = Vec::new(),
            TypedValues::Bool(v) => *v = Vec::new(),
            TypedValues::I32(v) => *v = Vec::new(),
            TypedValues::I64(v) => *v = Vec::new(),
            TypedValues::Int96(v) => *v = Vec::new(),
            TypedValues::F32(v) => *v = Vec::new(),
            TypedValues::F64(v) => *v = Vec::new(),
        }
    }
}

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

/// A column chunk read by the `parquet` crate's column reader.
pub(super) struct Typed {
    reader: ColumnReader,
    kind: Kind,
    max_def: i16,
    defs: Vec<i16>,
    values: TypedValues,
    /// Cells by the value they were made from (a dictionary-encoded text's bytes, where they
    /// lie; a number's bits).
    seen: Seen,
}

impl Typed {
    fn read(&mut self, col: &mut Column, rows: usize) -> Result<(), String> {
        use ColumnReader as R;
        self.defs.clear();
        let defs = &mut self.defs;
        let read = match (&mut self.values, &mut self.reader) {
            (TypedValues::Text(v), R::ByteArrayColumnReader(r)) => read_all(r, rows, defs, v),
            (TypedValues::Bool(v), R::BoolColumnReader(r)) => read_all(r, rows, defs, v),
            (TypedValues::I32(v), R::Int32ColumnReader(r)) => read_all(r, rows, defs, v),
            (TypedValues::I64(v), R::Int64ColumnReader(r)) => read_all(r, rows, defs, v),
            (TypedValues::Int96(v), R::Int96ColumnReader(r)) => read_all(r, rows, defs, v),
            (TypedValues::F32(v), R::FloatColumnReader(r)) => read_all(r, rows, defs, v),
            (TypedValues::F64(v), R::DoubleColumnReader(r)) => read_all(r, rows, defs, v),
            _ => return Err("a column's values are not of its type".into()),
        };
        match read {
            Ok(n) if n == rows => {}
            Ok(n) => {
                return Err(format!(
                    "a column has {n} values where {rows} rows were expected"
                ));
            }
            Err(e) => return Err(e.to_string()),
        }
        self.seen.clear();
        let mut at = 0;
        for i in 0..rows {
            if self.max_def > 0 && self.defs.get(i).is_none_or(|&d| d < self.max_def) {
                col.cells.of_row.push(NULL_CELL);
                continue;
            }
            let Some(raw) = self.values.raw(at) else {
                col.cells.of_row.push(NULL_CELL);
                continue;
            };
            at += 1;
            // A text's bytes where they lie: a dictionary's entry's values share them.
            let key = match raw {
                Raw::Text(b) => Some((b.as_ptr() as u64, b.len() as u64)),
                other => other.key(),
            };
            self.seen.push(&mut col.cells, key, raw, self.kind)?;
        }
        // Freed, not kept for the next batch: a text column's decoded values are 32 bytes a
        // row.
        self.values.free();
        Ok(())
    }
}

/// One column chunk's reader.
pub(super) struct Reader {
    /// The column's name, for errors.
    name: String,
    how: How,
}

/// How a column chunk is read.
enum How {
    Pages(Box<Pages>),
    Typed(Box<Typed>),
}

impl Reader {
    /// The reader of column `i` of row group `group`, whose values are of `kind`.
    pub(super) fn open(group: &dyn RowGroupReader, i: usize, kind: Kind) -> Result<Reader, String> {
        let chunk = group.metadata().column(i);
        let descr = chunk.column_descr();
        let name = descr.name().to_string();
        let max_def = descr.max_def_level();
        let fail = |e: ::parquet::errors::ParquetError| format!("column `{name}`: {e}");
        if Pages::reads(chunk) {
            let pages = group.get_column_page_reader(i).map_err(fail)?;
            return Ok(Reader {
                how: How::Pages(Box::new(Pages {
                    pages,
                    physical: chunk.column_type(),
                    kind,
                    max_def,
                    dict: None,
                    left: 0,
                    levels: None,
                    values: Values::None,
                    defs: Vec::new(),
                    codes: Vec::new(),
                    seen: Seen::default(),
                })),
                name,
            });
        }
        let values = match chunk.column_type() {
            Physical::BYTE_ARRAY => TypedValues::Text(Vec::new()),
            Physical::BOOLEAN => TypedValues::Bool(Vec::new()),
            Physical::INT32 => TypedValues::I32(Vec::new()),
            Physical::INT64 => TypedValues::I64(Vec::new()),
            Physical::INT96 => TypedValues::Int96(Vec::new()),
            Physical::FLOAT => TypedValues::F32(Vec::new()),
            Physical::DOUBLE => TypedValues::F64(Vec::new()),
            Physical::FIXED_LEN_BYTE_ARRAY => {
                return Err(format!("column `{name}`: fixed-length bytes"));
            }
        };
        let reader = group.get_column_reader(i).map_err(fail)?;
        Ok(Reader {
            how: How::Typed(Box::new(Typed {
                reader,
                kind,
                max_def,
                defs: Vec::new(),
                values,
                seen: Seen::default(),
            })),
            name,
        })
    }

    /// Reads the chunk's next `rows` rows into `col` (emptied first).
    pub(super) fn read(&mut self, col: &mut Column, rows: usize) -> Result<(), String> {
        col.clear();
        let read = match &mut self.how {
            How::Pages(p) => p.read(col, rows),
            How::Typed(t) => t.read(col, rows),
        };
        read.map_err(|e| format!("column `{}`: {e}", self.name))?;
        col.numbers.resize(col.cells.ends.len(), None);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hybrid(bytes: &'static [u8], width: u8, n: usize) -> (usize, Vec<u32>) {
        let mut h = Hybrid::new(Bytes::from_static(bytes), width).unwrap();
        let mut out = vec![u32::MAX; n];
        let got = h.read(&mut out).unwrap();
        out.truncate(got);
        (got, out)
    }

    #[test]
    fn the_hybrid_encoding_reads_packed_and_repeated_runs() {
        // The Parquet spec's example (0 to 7 packed in three bits), then 7 repeated 5 times.
        let (n, v) = hybrid(&[0x03, 0x88, 0xC6, 0xFA, 0x0A, 0x07], 3, 20);
        assert_eq!(n, 13);
        assert_eq!(v, [0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7]);
        // Read a few at a time, across the runs.
        let mut h =
            Hybrid::new(Bytes::from_static(&[0x03, 0x88, 0xC6, 0xFA, 0x0A, 0x07]), 3).unwrap();
        let mut three = [0; 3];
        let mut all = Vec::new();
        while h.read(&mut three).unwrap() == 3 {
            all.extend(three);
        }
        assert_eq!(all, [0, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7]);
        // A repeated value of 17 bits takes three bytes, little-endian.
        assert_eq!(hybrid(&[0x04, 0x01, 0x00, 0x01], 17, 2).1, [65537, 65537]);
        // Width 0: every value is 0.
        assert_eq!(hybrid(&[0x08], 0, 4).1, [0, 0, 0, 0]);
    }

    #[test]
    fn the_hybrid_encoding_never_makes_values_up_past_its_data() {
        // A packed run of eight values whose bytes are cut after the first: two whole values.
        assert_eq!(hybrid(&[0x03, 0x88], 3, 8), (2, vec![0, 1]));
        // A repeated run without its value is an error.
        let mut h = Hybrid::new(Bytes::from_static(&[0x0A]), 3).unwrap();
        assert!(h.read(&mut [0; 4]).is_err());
        assert!(Hybrid::new(Bytes::new(), 33).is_err());
    }

    #[test]
    fn plain_values_are_read_as_written_and_a_cut_value_is_an_error() {
        let mut p = Plain {
            data: Bytes::from_static(&[3, 0, 0, 0, b'a', b'b', b'c', 9, 0, 0, 0, b'x']),
            pos: 0,
            physical: Physical::BYTE_ARRAY,
        };
        assert!(matches!(p.next(), Ok(Raw::Text(b"abc"))));
        assert!(p.next().is_err());
        let mut p = Plain {
            data: Bytes::from_static(&[0xff, 0xff, 0xff, 0xff, 7, 0, 0, 0]),
            pos: 0,
            physical: Physical::INT32,
        };
        assert!(matches!(p.next(), Ok(Raw::I32(-1))));
        assert!(matches!(p.next(), Ok(Raw::I32(7))));
        assert!(p.next().is_err());
    }
}
