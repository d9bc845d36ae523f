//! Workbooks: Excel (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`) and OpenDocument (`.ods`), read with
//! `calamine`. One worksheet is read, the first visible one with a cell, as the sheet its rows
//! make, through the same loaders as a CSV file (`columnar::load`): its first row is the
//! header, and each cell is the text a CSV export would hold for it, dates in ISO 8601 (an
//! Excel date has no zone, so neither has its text). A problem's line is the row's number in
//! the worksheet. The cells are read on a thread of their own, an `.xlsx` worksheet as a stream
//! (never the whole grid in memory), the others whole.
//!
//! What an analyst sees in the sheet is what is read: an `.xlsx` or OpenDocument date only as
//! precisely as its cell's number format shows it (`shown.rs`, `ods.rs`), every cell of a
//! merged range as its top-left cell, and a formula that was never computed said, not read as
//! a silently empty cell.

mod ods;
mod scan;
mod shown;

use super::columnar::{self, Failure, Source, fail, head};
use super::csv::{self, Records};
use super::{LoadControl, LoadError, LoadOptions, Loaded};
use crate::model::Problem;
use calamine::{Data, DataRef, Dimensions, ExcelDateTime, Reader, SheetType, SheetVisible, Sheets};
use shown::DateShown;
use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

/// The first bytes of a ZIP archive (`.xlsx`, `.xlsm`, `.xlsb`, `.ods`) and of an OLE compound
/// file (`.xls`).
const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `head` starts like a workbook (a ZIP archive or an OLE compound file).
pub(super) fn is_workbook(head: &[u8]) -> bool {
    head.starts_with(ZIP_MAGIC) || head.starts_with(CFB_MAGIC)
}

type Book = Sheets<Cursor<Arc<[u8]>>>;

/// Rows handed over at a time.
const BATCH_ROWS: usize = 1024;

/// What the reading thread found before the rows: the worksheet, the header, and how many
/// rows the worksheet says it has.
struct Head {
    /// The worksheet read, and whether it was chosen by name (`--sheet`).
    sheet: String,
    chosen: bool,
    /// Every visible worksheet, in the workbook's order.
    visible: Vec<String>,
    /// "Excel" or "OpenDocument".
    container: &'static str,
    header: Vec<String>,
    /// Rows below the header, as the worksheet declares them (for progress).
    rows: u64,
}

impl Head {
    /// The other visible worksheets (not read), quoted, when the reader chose this one; none
    /// when it was chosen by name.
    fn others(&self) -> Vec<String> {
        if self.chosen {
            return Vec::new();
        }
        self.visible
            .iter()
            .filter(|s| **s != self.sheet)
            .map(|s| format!("“{s}”"))
            .collect()
    }
}

/// What the reading thread noticed beside the rows, said as problems once the rows are read.
#[derive(Default)]
struct Noticed {
    /// Cells outside the header's columns: how many, and the first one's row and column (from 1).
    outside: usize,
    first_outside: Option<(u32, u32)>,
    /// Cells read as empty that the sheet does not show empty, by the header's column (from 0).
    columns: BTreeMap<u32, Unread>,
    /// What each `.xlsx` worksheet looked through holds (`scan.rs`): looked for once a load,
    /// though the worksheet is read more than once.
    scanned: Vec<(String, scan::Holds)>,
    /// What was read of each OpenDocument worksheet's XML (`ods.rs`), once a load.
    ods: Vec<(String, Arc<ods::OdsSheet>)>,
}

impl Noticed {
    /// Forgets what was said of the rows (when they are read again), not what was scanned.
    fn forget_rows(&mut self) {
        self.outside = 0;
        self.first_outside = None;
        self.columns.clear();
    }

    /// What the worksheet `sheet` holds, looked through once.
    fn holds(noticed: &Mutex<Noticed>, bytes: &Arc<[u8]>, sheet: &str) -> scan::Holds {
        let known = noticed.lock().ok().and_then(|n| {
            n.scanned
                .iter()
                .find(|(s, _)| s == sheet)
                .map(|(_, h)| h.clone())
        });
        known.unwrap_or_else(|| {
            let holds = scan::holds(bytes, sheet);
            if let Ok(mut n) = noticed.lock() {
                n.scanned.push((sheet.to_string(), holds.clone()));
            }
            holds
        })
    }

    /// What calamine does not read of the OpenDocument worksheet `sheet`, read once.
    fn ods(noticed: &Mutex<Noticed>, bytes: &Arc<[u8]>, sheet: &str) -> Arc<ods::OdsSheet> {
        let known = noticed.lock().ok().and_then(|n| {
            n.ods
                .iter()
                .find(|(s, _)| s == sheet)
                .map(|(_, o)| o.clone())
        });
        known.unwrap_or_else(|| {
            let read = Arc::new(ods::read(bytes, sheet));
            if let Ok(mut n) = noticed.lock() {
                n.ods.push((sheet.to_string(), read.clone()));
            }
            read
        })
    }
}

/// A column's cells read as empty for want of a value: how many, and the first one's row and
/// column (from 1) with its formula where known.
#[derive(Default, Clone)]
struct Count {
    cells: usize,
    first: Option<(u32, u32, Option<String>)>,
}

impl Count {
    fn add(&mut self, row: u32, column: u32, formula: Option<String>) {
        self.cells += 1;
        self.first.get_or_insert((row + 1, column + 1, formula));
    }
}

/// One column's cells that hold no value to read.
#[derive(Default, Clone)]
struct Unread {
    /// Formulas with no saved value (written by a program that computes no formula).
    no_value: Count,
    /// Formulas saved with empty text, which `.xls` and `.ods` files hold both for a formula
    /// never computed (xlwt) and for one whose result is empty text.
    empty_text: Count,
    /// Formulas saved with the value 0 in a date format (xlsxwriter saves 0 for every formula).
    zero_formula: Count,
    /// 0 in a date format typed as a value: Excel shows it as day 0 of January 1900, no date.
    zero_date: Count,
}

/// What a formula cell that was read as no value holds.
#[derive(Clone, Copy, PartialEq)]
enum Held {
    /// No value at all: never computed.
    Nothing,
    /// Empty text: never computed, or computed as empty text (`.xls`, `.ods`).
    EmptyText,
    /// 0, which in a date format is no date (xlsxwriter saves 0 for every formula).
    Zero,
}

enum Message {
    Head(Head),
    Rows(Vec<::csv::StringRecord>),
}

/// A worksheet's rows below its header, read on a thread of their own.
struct WorkbookRows {
    rx: Receiver<Message>,
    batch: std::vec::IntoIter<::csv::StringRecord>,
    width: usize,
    rows: u64,
    read: u64,
    bytes: u64,
}

impl WorkbookRows {
    /// Starts reading `bytes`; the head once the thread has found it.
    fn new(
        bytes: Arc<[u8]>,
        sheet: Option<String>,
        failure: Failure,
        noticed: Arc<Mutex<Noticed>>,
    ) -> Result<(WorkbookRows, Head), String> {
        let size = bytes.len() as u64;
        let (tx, rx) = sync_channel(4);
        std::thread::spawn(move || {
            // A malformed file must not end the load without a word: a panic of the reader
            // becomes the reason the file could not be read.
            let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                read(bytes, sheet.as_deref(), &tx, &failure, &noticed)
            }));
            if caught.is_err() {
                let at = failure.lock().ok().and_then(|f| f.as_ref().map(|f| f.0));
                fail(
                    &failure,
                    at.unwrap_or(0),
                    "its content is malformed (the workbook reader stopped)".into(),
                );
            }
        });
        let head = match rx.recv() {
            Ok(Message::Head(h)) => h,
            // The thread says why it stopped in `failure`; the caller reads it.
            Ok(Message::Rows(_)) | Err(_) => return Err("it has no worksheet to read".into()),
        };
        let rows = WorkbookRows {
            rx,
            batch: Vec::new().into_iter(),
            width: head.header.len(),
            rows: head.rows.max(1),
            read: 0,
            bytes: size,
        };
        Ok((rows, head))
    }
}

impl Records for WorkbookRows {
    fn read_record(&mut self, record: &mut ::csv::StringRecord) -> Result<bool, ::csv::Error> {
        let next = loop {
            if let Some(r) = self.batch.next() {
                break r;
            }
            match self.rx.recv() {
                Ok(Message::Rows(b)) => self.batch = b.into_iter(),
                Ok(Message::Head(_)) | Err(_) => return Ok(false),
            }
        };
        *record = next;
        self.read += 1;
        debug_assert!(record.len() <= self.width);
        Ok(true)
    }

    fn byte(&self) -> u64 {
        (self.bytes as f64 * (self.read as f64 / self.rows as f64).min(1.0)) as u64
    }
}

/// The worksheet to read: the first visible worksheet with a cell. Its name, the other
/// visible worksheets' names.
fn visible_sheets(book: &Book) -> Vec<String> {
    book.sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// A cell's value borrowed as the streaming reader gives it.
fn as_ref(d: &Data) -> DataRef<'_> {
    match d {
        Data::Int(i) => DataRef::Int(*i),
        Data::Float(f) => DataRef::Float(*f),
        Data::String(s) | Data::DurationIso(s) => DataRef::SharedString(s.as_str()),
        Data::DateTimeIso(s) => DataRef::DateTimeIso(s.clone()),
        Data::Bool(b) => DataRef::Bool(*b),
        Data::DateTime(d) => DataRef::DateTime(*d),
        Data::Error(e) => DataRef::Error(e.clone()),
        Data::Empty => DataRef::Empty,
    }
}

/// The text of a cell, as a CSV export holds it: numbers as Excel shows them (at most 15
/// significant digits, no trailing zeros), `TRUE` / `FALSE`, errors as written (`#N/A`), a
/// date `YYYY-MM-DD`, a date and time `YYYY-MM-DDTHH:MM[:SS[.fff]]` (no zone: Excel has none;
/// seconds where the cell has them), a time alone `HH:MM[:SS]`; a date of an `.xlsx` cell
/// whose number `format` shows part of the calendar, as precisely as it shows it.
fn text(cell: &DataRef<'_>, format: Option<&DateShown>, out: &mut String) {
    use std::fmt::Write as _;
    out.clear();
    let _ = match cell {
        DataRef::Int(i) => write!(out, "{i}"),
        DataRef::Float(f) => write!(out, "{}", shown(*f)),
        DataRef::DateTimeIso(s) => match format {
            Some(f) if f.write_iso(s, out) => Ok(()),
            _ => write!(out, "{}", iso_shown(s)),
        },
        DataRef::String(s) | DataRef::DurationIso(s) => write!(out, "{s}"),
        DataRef::SharedString(s) => write!(out, "{s}"),
        DataRef::Bool(b) => write!(out, "{}", if *b { "TRUE" } else { "FALSE" }),
        DataRef::DateTime(d) => match format {
            Some(f) if !d.is_duration() && d.as_f64() >= 1.0 => f.write(d, out),
            _ => date_time(d, out),
        },
        DataRef::Error(e) => write!(out, "{e}"),
        DataRef::Empty => Ok(()),
    };
}

/// An OpenDocument date and time (`2023-09-13T00:00:00`) as an Excel one is written: a
/// midnight is the day alone, whole minutes without seconds (`2023-09-12T14:30`).
fn iso_shown(s: &str) -> &str {
    let Some((date, time)) = s.split_once('T') else {
        return s;
    };
    let zeros = |t: &str| t.bytes().all(|b| matches!(b, b'0' | b':' | b'.'));
    if zeros(time) {
        return date;
    }
    match time.len() {
        // `HH:MM:00` or `HH:MM:00.000`.
        8 | 12 if time.get(5..).is_some_and(zeros) => s.get(..date.len() + 6).unwrap_or(s),
        _ => s,
    }
}

/// A number as Excel shows it in a cell of the General format: rounded to 15 significant
/// digits (so `0.1 + 0.2` is `0.3`), then written in the fewest digits that read back the same.
fn shown(f: f64) -> f64 {
    format!("{f:.14e}").parse().unwrap_or(f)
}

fn date_time(d: &ExcelDateTime, out: &mut String) -> std::fmt::Result {
    use std::fmt::Write as _;
    let value = d.as_f64();
    if d.is_duration() {
        // `[h]:mm:ss`: hours past 24 kept.
        let seconds = (value * 86_400.0).round() as i64;
        let sign = if seconds < 0 { "-" } else { "" };
        let s = seconds.abs();
        return write!(out, "{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
    }
    let (y, mo, day, h, mi, s, ms) = d.to_ymd_hms_milli();
    // Seconds only where the cell has them: `14:30` is to the minute.
    let time = |out: &mut String| -> std::fmt::Result {
        write!(out, "{h:02}:{mi:02}")?;
        if (s, ms) != (0, 0) {
            write!(out, ":{s:02}")?;
        }
        if ms > 0 {
            write!(out, ".{ms:03}")?;
        }
        Ok(())
    };
    if (0.0..1.0).contains(&value) {
        // A time of day alone: a time cell holds the day's fraction alone, in either date
        // system.
        return time(out);
    }
    write!(out, "{y:04}-{mo:02}-{day:02}")?;
    if (h, mi, s, ms) != (0, 0, 0, 0) {
        out.push('T');
        time(out)?;
    }
    Ok(())
}

/// A merged range of the worksheet, and the text of its top-left cell once read.
struct Merge {
    range: Dimensions,
    text: Option<String>,
}

/// Collects one worksheet's rows: the header (the first row with a cell) sets the columns; a
/// row without a non-empty cell is left out (Excel keeps formatted empty cells).
struct Rows<'a> {
    tx: &'a SyncSender<Message>,
    failure: &'a Failure,
    noticed: &'a Mutex<Noticed>,
    header_sent: bool,
    sheet: String,
    /// The worksheet was chosen by name (`--sheet`).
    chosen: bool,
    visible: Vec<String>,
    container: &'static str,
    declared: u64,
    /// The header's row, its first column and its width.
    header_row: u32,
    origin: u32,
    width: u32,
    row: Option<u32>,
    /// The row's non-empty cells: column and where its text is in `row_text`.
    cells: Vec<(u32, std::ops::Range<usize>)>,
    row_text: String,
    batch: Vec<::csv::StringRecord>,
    text: String,
    /// What each cell style's number format shows of a date (`.xlsx`), by style id.
    formats: Vec<Option<DateShown>>,
    /// The worksheet's merged ranges by their first row, the next one to reach, and those
    /// that cover the row being read.
    merges: Vec<Dimensions>,
    next_merge: usize,
    merged: Vec<Merge>,
    /// Cells below the header that hold no value (an empty cell, or a formula never
    /// computed), and date cells holding 0, by column: whether formulas are the cause is
    /// looked for once the rows are read.
    empty_cells: usize,
    zero_dates: BTreeMap<u32, Count>,
}

impl<'a> Rows<'a> {
    fn new(
        tx: &'a SyncSender<Message>,
        failure: &'a Failure,
        noticed: &'a Mutex<Noticed>,
        sheet: &str,
        chosen: bool,
        visible: &[String],
        container: &'static str,
    ) -> Rows<'a> {
        Rows {
            tx,
            failure,
            noticed,
            header_sent: false,
            sheet: sheet.to_string(),
            chosen,
            visible: visible.to_vec(),
            container,
            declared: 0,
            header_row: 0,
            origin: 0,
            width: 0,
            row: None,
            cells: Vec::new(),
            row_text: String::new(),
            batch: Vec::new(),
            text: String::new(),
            formats: Vec::new(),
            merges: Vec::new(),
            next_merge: 0,
            merged: Vec::new(),
            empty_cells: 0,
            zero_dates: BTreeMap::new(),
        }
    }

    /// Whether (`row`, `column`) is a cell of the table below its header.
    fn in_table(&self, row: u32, column: u32) -> bool {
        self.header_sent
            && row > self.header_row
            && column >= self.origin
            && column < self.origin + self.width
    }

    /// Adds the cell at (`row`, `column`) of the cell style `style` (`.xlsx`; else 0); false
    /// once the reader has stopped listening.
    fn cell(&mut self, row: u32, column: u32, value: &DataRef<'_>, style: usize) -> bool {
        if self.row != Some(row) {
            if !self.end_row() {
                return false;
            }
            self.row = Some(row);
            self.reach_merges(row);
        }
        let format = self.formats.get(style).and_then(Option::as_ref);
        match value {
            // 0 in a date format is day 0 of January 1900, no date: read as empty and said.
            DataRef::DateTime(d)
                if d.as_f64() == 0.0 && format.is_some() && self.in_table(row, column) =>
            {
                self.zero_dates
                    .entry(column - self.origin)
                    .or_default()
                    .add(row, column, None);
                self.text.clear();
            }
            _ => text(value, format, &mut self.text),
        }
        for m in &mut self.merged {
            if m.range.start == (row, column) {
                m.text = Some(self.text.clone());
            }
        }
        if self.text.is_empty() && self.in_table(row, column) {
            self.empty_cells += 1;
        }
        if !self.text.trim().is_empty() {
            let start = self.row_text.len();
            self.row_text.push_str(&self.text);
            self.cells.push((column, start..self.row_text.len()));
        }
        true
    }

    /// The merged ranges that cover `row`: those starting in it or above and ending in it or
    /// below.
    fn reach_merges(&mut self, row: u32) {
        self.merged.retain(|m| m.range.end.0 >= row);
        while let Some(m) = self.merges.get(self.next_merge)
            && m.start.0 <= row
        {
            if m.end.0 >= row {
                self.merged.push(Merge {
                    range: *m,
                    text: None,
                });
            }
            self.next_merge += 1;
        }
    }

    /// Gives the row's cells that a merged range below the header covers its top-left cell's
    /// text, as the sheet shows it in each, when the row has a cell of its own.
    fn fill_merged(&mut self, row: u32) {
        if self.cells.is_empty() || !self.header_sent {
            return;
        }
        let before = self.cells.len();
        for m in &self.merged {
            let Some(text) = m.text.as_deref().filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            if m.range.start.0 <= self.header_row {
                continue;
            }
            for column in m.range.start.1..=m.range.end.1 {
                if (row, column) == m.range.start || self.cells.iter().any(|(c, _)| *c == column) {
                    continue;
                }
                let start = self.row_text.len();
                self.row_text.push_str(text);
                self.cells.push((column, start..self.row_text.len()));
            }
        }
        if self.cells.len() > before {
            self.cells.sort_by_key(|(c, _)| *c);
        }
    }

    /// Ends the row being collected: the header, or a row handed on.
    fn end_row(&mut self) -> bool {
        let Some(row) = self.row else {
            return true;
        };
        self.fill_merged(row);
        let cells = std::mem::take(&mut self.cells);
        let text = std::mem::take(&mut self.row_text);
        let ok = self.row(row, &cells, &text);
        // The buffers kept for the next row.
        self.cells = cells;
        self.cells.clear();
        self.row_text = text;
        self.row_text.clear();
        ok
    }

    fn row(&mut self, row: u32, cells: &[(u32, std::ops::Range<usize>)], text: &str) -> bool {
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            return true;
        };
        if !self.header_sent {
            self.header_row = row;
            self.origin = first.0;
            self.width = last.0 - first.0 + 1;
            let mut header = vec![String::new(); self.width as usize];
            for (c, t) in cells {
                if let Some(h) = header.get_mut((c - self.origin) as usize) {
                    *h = text.get(t.clone()).unwrap_or_default().to_string();
                }
            }
            self.header_sent = true;
            let head = Head {
                sheet: self.sheet.clone(),
                chosen: self.chosen,
                visible: self.visible.clone(),
                container: self.container,
                header,
                rows: self.declared.saturating_sub(u64::from(row) + 1),
            };
            return self.tx.send(Message::Head(head)).is_ok();
        }
        let mut record = ::csv::StringRecord::with_capacity(text.len(), self.width as usize);
        let mut at = self.origin;
        for (c, t) in cells {
            if *c < self.origin || *c >= self.origin + self.width {
                if let Ok(mut o) = self.noticed.lock() {
                    o.outside += 1;
                    o.first_outside.get_or_insert((row + 1, c + 1));
                }
                continue;
            }
            while at < *c {
                record.push_field("");
                at += 1;
            }
            record.push_field(text.get(t.clone()).unwrap_or_default());
            at += 1;
        }
        while at < self.origin + self.width {
            record.push_field("");
            at += 1;
        }
        record.set_position(Some(columnar::position(row as usize, 0)));
        self.batch.push(record);
        if self.batch.len() >= BATCH_ROWS {
            return self.flush();
        }
        true
    }

    fn flush(&mut self) -> bool {
        if self.batch.is_empty() {
            return true;
        }
        let batch = std::mem::take(&mut self.batch);
        self.tx.send(Message::Rows(batch)).is_ok()
    }

    /// The end of the worksheet; whether its rows were all handed on.
    fn finish(&mut self) -> bool {
        if !self.end_row() || !self.flush() {
            return false;
        }
        if !self.header_sent {
            let why = if self.chosen {
                format!("the worksheet “{}” has no cell", self.sheet)
            } else {
                "no visible worksheet has a cell".into()
            };
            fail(self.failure, 0, why);
            return false;
        }
        true
    }

    /// Whether some cell read as empty may be a formula never computed: a cell with no value,
    /// or a date cell holding 0.
    fn may_hold_formulas(&self) -> bool {
        self.empty_cells > 0 || !self.zero_dates.is_empty()
    }

    /// Says what was found of the table's cells that hold no value: `formula` is, for each
    /// cell of the table that is a formula with no value or 0 in a date format, its row and
    /// column (from 0), what it holds, and its formula where known.
    fn say_unread(&self, formulas: impl Iterator<Item = (u32, u32, Held, Option<String>)>) {
        let mut columns: BTreeMap<u32, Unread> = BTreeMap::new();
        for (row, column, held, formula) in formulas {
            if !self.in_table(row, column) {
                continue;
            }
            // A formula's 0 is no date only where the column's format shows a date.
            if held == Held::Zero && !self.zero_dates.contains_key(&(column - self.origin)) {
                continue;
            }
            let unread = columns.entry(column - self.origin).or_default();
            match held {
                Held::Nothing => unread.no_value.add(row, column, formula),
                Held::EmptyText => unread.empty_text.add(row, column, formula),
                Held::Zero => unread.zero_formula.add(row, column, formula),
            }
        }
        for (column, zeros) in &self.zero_dates {
            let unread = columns.entry(*column).or_default();
            let literal = zeros.cells.saturating_sub(unread.zero_formula.cells);
            if literal > 0 {
                unread.zero_date = Count {
                    cells: literal,
                    first: zeros.first.clone(),
                };
            }
        }
        if let Ok(mut n) = self.noticed.lock() {
            n.columns = columns;
        }
    }
}

/// What each cell style of an `.xlsx` workbook shows of a date, by style id.
fn date_formats(styles: &[calamine::Style]) -> Vec<Option<DateShown>> {
    styles
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .and_then(|f| DateShown::of(&f.format_code))
        })
        .collect()
}

/// The reading thread: opens the workbook, picks the worksheet (`wanted`, by `--sheet`, else
/// the first visible one with a cell), sends its head, then its rows.
fn read(
    bytes: Arc<[u8]>,
    wanted: Option<&str>,
    tx: &SyncSender<Message>,
    failure: &Failure,
    noticed: &Mutex<Noticed>,
) {
    let mut book: Book = match calamine::open_workbook_auto_from_rs(Cursor::new(bytes.clone())) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                failure,
                0,
                format!(
                    "it does not open as a workbook (.xlsx, .xlsm, .xlsb, .xls, .ods): it may be damaged or cut short, or another kind of ZIP or OLE file (a .docx, a zipped CSV) ({e})"
                ),
            );
        }
    };
    let container = match book {
        Sheets::Ods(_) => "OpenDocument",
        _ => "Excel",
    };
    let visible = visible_sheets(&book);
    let sheets = match wanted {
        Some(w) => {
            let names = book.sheet_names();
            match names
                .iter()
                .find(|s| s.trim().eq_ignore_ascii_case(w.trim()))
            {
                Some(s) => vec![s.clone()],
                None => {
                    let named: Vec<String> = names.iter().map(|s| format!("“{s}”")).collect();
                    return fail(
                        failure,
                        0,
                        format!(
                            "it has no worksheet “{w}” (--sheet); its worksheets are {}",
                            named.join(", ")
                        ),
                    );
                }
            }
        }
        None => visible.clone(),
    };
    if sheets.is_empty() {
        return fail(failure, 0, "the workbook has no visible worksheet".into());
    }
    for (i, sheet) in sheets.iter().enumerate() {
        let mut rows = Rows::new(
            tx,
            failure,
            noticed,
            sheet,
            wanted.is_some(),
            &visible,
            container,
        );
        match &mut book {
            Sheets::Xlsx(x) => {
                let holds = Noticed::holds(noticed, &bytes, sheet);
                // The merged ranges are listed after the cells: read first, so that the rows
                // they cover are whole when handed on. An error here is the cells' error too.
                let mut merges = match holds.merges {
                    Some(m) => m,
                    None => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
                };
                merges.sort_by_key(|m| m.start);
                rows.merges = merges;
                let mut cells = match x.worksheet_cells_reader(sheet) {
                    Ok(c) => c,
                    Err(e) => return fail(failure, 0, format!("worksheet “{sheet}”: {e}")),
                };
                rows.formats = date_formats(cells.styles());
                rows.declared = u64::from(cells.dimensions().end.0) + 1;
                loop {
                    match cells.next_cell_with_style_id() {
                        Ok(Some((cell, style))) => {
                            let (r, c) = cell.get_position();
                            if !rows.cell(r, c, cell.get_value(), style) {
                                return;
                            }
                        }
                        Ok(None) => break,
                        Err(e) => {
                            let at = rows.row.unwrap_or(0) as usize;
                            fail(failure, at, format!("worksheet “{sheet}”: {e}"));
                            // The row it stopped in is not whole; the rows before it are.
                            rows.cells.clear();
                            rows.finish();
                            return;
                        }
                    }
                }
                drop(cells);
                let found = rows.header_sent || !rows.cells.is_empty();
                if found || i + 1 == sheets.len() {
                    if rows.finish() && holds.formulas && rows.may_hold_formulas() {
                        xlsx_formulas(x, sheet, &rows);
                    }
                    return;
                }
            }
            other => {
                let range = match other.worksheet_range(sheet) {
                    Ok(range) => range,
                    Err(e) => return fail(failure, 0, format!("worksheet “{sheet}”: {e}")),
                };
                // An `.xls` worksheet's merged ranges are read with its cells; an OpenDocument
                // one's, and its date cells' formats, from its XML (`ods.rs`).
                let opendocument =
                    matches!(other, Sheets::Ods(_)).then(|| Noticed::ods(noticed, &bytes, sheet));
                let mut merges = match (&*other, &opendocument) {
                    (Sheets::Xls(x), _) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
                    (_, Some(read)) => {
                        rows.formats = read.formats.clone();
                        read.merges.clone()
                    }
                    _ => Vec::new(),
                };
                merges.sort_by_key(|m| m.start);
                rows.merges = merges;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                rows.declared = u64::from(r0) + range.height() as u64;
                for (i, row) in range.rows().enumerate() {
                    for (j, value) in row.iter().enumerate() {
                        let at = (r0 + i as u32, c0 + j as u32);
                        if matches!(value, Data::Empty) {
                            if rows.in_table(at.0, at.1) {
                                rows.empty_cells += 1;
                            }
                            continue;
                        }
                        let style = opendocument
                            .as_ref()
                            .and_then(|o| o.dates.get(&at).copied())
                            .unwrap_or(usize::MAX);
                        if !rows.cell(at.0, at.1, &as_ref(value), style) {
                            return;
                        }
                    }
                }
                let found = rows.header_sent || !rows.cells.is_empty();
                if found || i + 1 == sheets.len() {
                    if rows.finish() && rows.may_hold_formulas() {
                        // The formulas of a cell with no value; an error reading them leaves
                        // the cells as read.
                        if let Ok(formulas) = other.worksheet_formula(sheet) {
                            let (f0, g0) = formulas.start().unwrap_or((0, 0));
                            let unread = formulas.used_cells().filter_map(|(r, c, f)| {
                                let at = (f0 + r as u32, g0 + c as u32);
                                let value = range.get_value(at);
                                let held = match value {
                                    None | Some(Data::Empty) => Held::Nothing,
                                    Some(Data::String(s)) if s.is_empty() => Held::EmptyText,
                                    Some(Data::DateTime(d)) if d.as_f64() == 0.0 => Held::Zero,
                                    Some(_) => return None,
                                };
                                (!f.is_empty()).then(|| (at.0, at.1, held, Some(f.clone())))
                            });
                            rows.say_unread(unread);
                        }
                    }
                    return;
                }
            }
        }
    }
}

/// Looks, in an `.xlsx` worksheet read, for the formulas that left a cell with no value (or 0
/// in a date format), and says them.
fn xlsx_formulas(x: &mut calamine::Xlsx<Cursor<Arc<[u8]>>>, sheet: &str, rows: &Rows<'_>) {
    // An error reading them leaves the cells as read.
    let Ok(mut cells) = x.worksheet_cells_reader(sheet) else {
        return;
    };
    let mut found = Vec::new();
    while let Ok(Some(cell)) = cells.next_cell_with_formula_metadata() {
        let Some(formula) = cell.formula else {
            continue;
        };
        // Empty text (`t="str"`) is a computed result; no value at all was never computed.
        let held = match cell.value {
            DataRef::Empty => Held::Nothing,
            DataRef::DateTime(d) if d.as_f64() == 0.0 => Held::Zero,
            _ => continue,
        };
        let text = match formula {
            calamine::XlsxFormulaMetadata::Normal { formula }
            | calamine::XlsxFormulaMetadata::Shared { formula, .. } => Some(formula),
            _ => None,
        };
        found.push((cell.pos.0, cell.pos.1, held, text));
    }
    rows.say_unread(found.into_iter());
}

/// A workbook that cannot be read: why, as the reading thread said (else `e`).
fn cannot(name: &str, failure: &Failure, e: String) -> LoadError {
    let why = failure
        .lock()
        .ok()
        .and_then(|mut f| f.take())
        .map_or(e, |(_, why)| why);
    LoadError::new(name, 1, 1, format!("cannot read this workbook: {why}"))
}

/// The header and first rows of a workbook's worksheet (`sheet`, else the one [`load`] reads)
/// as CSV text, for the import dialog.
pub(super) fn head_text(
    name: &str,
    bytes: Arc<[u8]>,
    sheet: Option<String>,
) -> Result<WorkbookHead, LoadError> {
    let failure: Failure = Arc::default();
    let cannot = |e: String| cannot(name, &failure, e);
    let (mut rows, found) =
        WorkbookRows::new(bytes, sheet, failure.clone(), Arc::default()).map_err(cannot)?;
    let csv = head(&found.header, &mut rows).map_err(cannot)?;
    Ok(WorkbookHead {
        text: String::from_utf8_lossy(&csv).into_owned(),
        sheet: found.sheet,
        visible: found.visible,
    })
}

/// A worksheet's first rows as CSV text ([`head_text`]), which worksheet they are, and the
/// workbook's visible worksheets.
pub(super) struct WorkbookHead {
    pub text: String,
    pub sheet: String,
    pub visible: Vec<String>,
}

/// Loads a workbook (`source`) as the sheet its first visible worksheet with a cell makes.
pub(super) fn load(
    name: &str,
    source: Source,
    options: &LoadOptions,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let bytes: Arc<[u8]> = match source {
        Source::Bytes(b) => b,
        Source::Path(p) => std::fs::read(&p)
            .map_err(|e| LoadError::new(name, 0, 0, format!("cannot read the file: {e}")))?
            .into(),
    };
    control.set_total((bytes.len() as u64).max(1));
    let failure: Failure = Arc::default();
    let noticed: Arc<Mutex<Noticed>> = Arc::default();
    let cannot = |failure: &Failure, e: String| cannot(name, failure, e);
    let (mut first, found) = WorkbookRows::new(
        bytes.clone(),
        options.sheet.clone(),
        failure.clone(),
        noticed.clone(),
    )
    .map_err(|e| cannot(&failure, e))?;
    let names = found.header.clone();
    if found.rows == 0 {
        // The worksheet does not say how many rows it has (openpyxl's write-only mode writes no
        // dimension): no fraction to show.
        control.set_total(0);
    }
    let head = head(&names, &mut first).map_err(|e| cannot(&failure, e))?;
    drop(first);
    // The thread that read the head is done with it (or stopped: its rows were not asked for).
    if let Ok(mut n) = noticed.lock() {
        n.forget_rows();
    }
    let rows = || {
        WorkbookRows::new(
            bytes.clone(),
            options.sheet.clone(),
            failure.clone(),
            noticed.clone(),
        )
        .map(|(rows, _)| rows)
        .map_err(|e| cannot(&failure, e))
    };
    let text = || {
        let (rx, tx) = std::io::pipe().map_err(|e| cannot(&failure, e.to_string()))?;
        let mut rows = rows()?;
        let names = names.clone();
        std::thread::spawn(move || {
            let mut w = ::csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 16, tx));
            if w.write_record(&names).is_ok() {
                columnar::write_rows(&mut rows, &mut w);
            }
        });
        Ok(std::io::BufReader::with_capacity(1 << 16, rx))
    };
    let read = |rules| csv::load_records(name, &names, rows()?, control, options, rules);
    let sheet = columnar::Sheet {
        name,
        container: found.container,
        head: &head,
        text: &text,
        read: &read,
        failure: &failure,
        sheet_rows: true,
    };
    let mut loaded = columnar::load(&sheet, options, control).map_err(|mut e| {
        // The worksheet read may not be the one with the events (a cover page first).
        let others = found.others();
        if !others.is_empty() {
            e.message.push_str(&format!(
                " (in the worksheet “{}”; the workbook's other {}: {}; choose one in File > Import… or with --sheet NAME)",
                found.sheet,
                if others.len() == 1 { "worksheet" } else { "worksheets" },
                others.join(", ")
            ));
        }
        e
    })?;
    let problem =
        |line: usize, column: usize, message: String| Problem::at(name, line, column, message);
    if let Ok(n) = noticed.lock() {
        let unread = unread_problems(&n.columns, &names);
        for (i, (row, column, message)) in unread.into_iter().enumerate() {
            loaded
                .problems
                .insert(i, problem(row as usize, column as usize, message));
        }
        if let Some((row, column)) = n.first_outside {
            let cells = n.outside;
            loaded.problems.insert(
                0,
                problem(
                    row as usize,
                    column as usize,
                    format!(
                        "{cells} {} outside the header's columns (from row {row}, column {column}) {} not read: give {} a header cell",
                        if cells == 1 { "cell" } else { "cells" },
                        if cells == 1 { "is" } else { "are" },
                        if cells == 1 { "its column" } else { "their columns" },
                    ),
                ),
            );
        }
    }
    let others = found.others();
    if !others.is_empty() {
        loaded.problems.insert(
            0,
            problem(
                0,
                0,
                format!(
                    "read the worksheet “{}”; the workbook's other {} {} not read: choose one in File > Import… (or with --sheet NAME)",
                    found.sheet,
                    if others.len() == 1 { "worksheet" } else { "worksheets" },
                    others.join(", ") + if others.len() == 1 { " is" } else { " are" },
                ),
            ),
        );
    }
    Ok(loaded)
}

/// What is said of each column's cells read as empty for want of a value (`columns`, by the
/// header's column, named by `names`): their row and column (from 1) and the message.
fn unread_problems(columns: &BTreeMap<u32, Unread>, names: &[String]) -> Vec<(u32, u32, String)> {
    const UNCOMPUTED: [&str; 2] = [
        "the file was written by a program that does not compute formulas; open it in a spreadsheet program and save it there to have its value",
        "the file was written by a program that does not compute formulas; open it in a spreadsheet program and save it there to have their values",
    ];
    let mut said = Vec::new();
    for (column, unread) in columns {
        let name = names.get(*column as usize).map_or("", String::as_str);
        let kinds = [
            (
                &unread.no_value,
                "a formula with no saved value",
                "formulas with no saved value",
                UNCOMPUTED,
            ),
            (
                &unread.empty_text,
                "a formula saved with empty text",
                "formulas saved with empty text",
                [
                    "a program that does not compute formulas (xlwt) saves a formula so, as a spreadsheet program saves one whose result is empty; if the file was written by such a program, open it in a spreadsheet program and save it there to have its value",
                    "a program that does not compute formulas (xlwt) saves every formula so, as a spreadsheet program saves one whose result is empty; if the file was written by such a program, open it in a spreadsheet program and save it there to have their values",
                ],
            ),
            (
                &unread.zero_formula,
                "a formula saved with the value 0, day 0 of January 1900, which is no date",
                "formulas saved with the value 0, day 0 of January 1900, which is no date",
                [
                    "a program that does not compute formulas (xlsxwriter) saves 0 for it; open the file in a spreadsheet program and save it there to have its value",
                    "a program that does not compute formulas (xlsxwriter) saves 0 for each; open the file in a spreadsheet program and save it there to have their values",
                ],
            ),
            (
                &unread.zero_date,
                "0 in a date format, day 0 of January 1900, which is no date",
                "0 in a date format, day 0 of January 1900, which is no date",
                [
                    "give the date or leave the cell empty",
                    "give the dates or leave the cells empty",
                ],
            ),
        ];
        for (count, one, many, why) in kinds {
            let Some((row, col, formula)) = &count.first else {
                continue;
            };
            let formula = formula
                .as_deref()
                .map(|f| format!(" `={f}`"))
                .unwrap_or_default();
            let message = if count.cells == 1 {
                format!(
                    "the cell at row {row}, column {col} (`{name}`) holds {one}{formula}; it is read as empty: {}",
                    why[0]
                )
            } else {
                format!(
                    "{} cells of the column `{name}` (the first at row {row}, column {col}{formula}) hold {many}; they are read as empty: {}",
                    count.cells, why[1]
                )
            };
            said.push((*row, *col, message));
        }
    }
    said
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    fn shown_text(cell: DataRef<'_>) -> String {
        let mut s = String::new();
        text(&cell, None, &mut s);
        s
    }

    #[test]
    fn cells_are_the_text_a_csv_export_holds() {
        let date = |v| DataRef::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        assert_eq!(shown_text(date(45943.0)), "2025-10-13");
        assert_eq!(shown_text(date(45943.5)), "2025-10-13T12:00");
        assert_eq!(shown_text(date(45943.541)), "2025-10-13T12:59:02.400");
        assert_eq!(shown_text(date(0.6041666666666666)), "14:30");
        // A workbook of the 1904 date system (old Excel for the Mac) counts from 1 Jan 1904.
        let d1904 = ExcelDateTime::new(1.0, ExcelDateTimeType::DateTime, true);
        assert_eq!(shown_text(DataRef::DateTime(d1904)), "1904-01-02");
        let long = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(shown_text(DataRef::DateTime(long)), "36:00:00");
        assert_eq!(shown_text(DataRef::Float(0.1 + 0.2)), "0.3");
        assert_eq!(shown_text(DataRef::Float(2020.0)), "2020");
        assert_eq!(shown_text(DataRef::Float(12.3456)), "12.3456");
        assert_eq!(shown_text(DataRef::Int(1588012345)), "1588012345");
        assert_eq!(shown_text(DataRef::Bool(true)), "TRUE");
        assert_eq!(
            shown_text(DataRef::Error(calamine::CellErrorType::NA)),
            "#N/A"
        );
        assert_eq!(shown_text(DataRef::Empty), "");
        let iso = |s: &str| shown_text(DataRef::DateTimeIso(s.into()));
        assert_eq!(iso("2023-09-13T00:00:00"), "2023-09-13");
        assert_eq!(iso("2023-09-12T14:30:00"), "2023-09-12T14:30");
        assert_eq!(iso("2023-09-12T14:30:05"), "2023-09-12T14:30:05");
        assert_eq!(iso("2023-09-12T14:30:00.500"), "2023-09-12T14:30:00.500");
        assert_eq!(iso("2023-09-12"), "2023-09-12");
    }
}
