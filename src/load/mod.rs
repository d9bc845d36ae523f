//! Bytes → [`Dataset`] + problems. One module per format; the format is chosen by content.

#[cfg(feature = "arrow")]
mod arrow;
mod builder;
mod columnar;
mod csv;
pub mod datecol;
mod gdelt;
mod iso;
mod jsonl;
mod native;
#[cfg(feature = "parquet")]
mod parquet;
mod plaso;
pub mod preview;
mod records;
mod sink;
mod split;
mod text;
mod timelinejs;
mod timesketch;
mod tjs2;
mod tjs_sheet;
mod vis;
mod workbook;

pub use datecol::DateOrder;
pub use text::{strip_html, truncate as truncate_text};

use crate::model::{Dataset, Location, Problem};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

/// The formats timeband reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// timeband's own JSON (`"timeband": 1`).
    Native,
    /// Knight Lab TimelineJS3 JSON.
    TimelineJs,
    /// CSV with timeband's columns.
    Csv,
    /// CSV with ACLED's export columns.
    Acled,
    /// ACLED's aggregated data: events counted per week, month or year.
    AcledAggregated,
    /// The TimelineJS Google-Sheets template saved as CSV.
    TimelineJsSheet,
    /// TimelineJS2 ("verite") JSON: `{"timeline": {...}}`.
    TimelineJs2,
    /// Timesketch's CSV import format.
    Timesketch,
    /// Timesketch's JSON Lines import format.
    TimesketchJsonl,
    /// plaso's `l2tcsv` output.
    PlasoL2t,
    /// plaso's dynamic CSV output.
    PlasoDynamic,
    /// GDELT's raw tab-separated event files (1.0 and 2.0).
    Gdelt,
    /// GDELT events as BigQuery CSV.
    GdeltCsv,
    /// vis-timeline items (and groups) as JSON.
    VisTimeline,
    /// JSON Lines of timeband's own event records.
    JsonLines,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "timeband JSON",
            Format::TimelineJs => "TimelineJS JSON",
            Format::Csv => "CSV",
            Format::Acled => "ACLED CSV",
            Format::AcledAggregated => "ACLED aggregated CSV",
            Format::TimelineJsSheet => "TimelineJS sheet (CSV)",
            Format::TimelineJs2 => "TimelineJS2 JSON",
            Format::Timesketch => "Timesketch CSV",
            Format::TimesketchJsonl => "Timesketch JSON Lines",
            Format::PlasoL2t => "plaso l2tcsv",
            Format::PlasoDynamic => "plaso dynamic CSV",
            Format::Gdelt => "GDELT events (tab-separated)",
            Format::GdeltCsv => "GDELT events (BigQuery CSV)",
            Format::VisTimeline => "vis-timeline JSON",
            Format::JsonLines => "timeband JSON Lines",
        }
    }

    /// Every format, in the order `--format` lists them.
    pub const ALL: [Format; 15] = [
        Format::Native,
        Format::JsonLines,
        Format::Csv,
        Format::Acled,
        Format::AcledAggregated,
        Format::TimelineJs,
        Format::TimelineJsSheet,
        Format::TimelineJs2,
        Format::Timesketch,
        Format::TimesketchJsonl,
        Format::PlasoL2t,
        Format::PlasoDynamic,
        Format::Gdelt,
        Format::GdeltCsv,
        Format::VisTimeline,
    ];

    /// The name `--format` takes.
    pub fn key(self) -> &'static str {
        match self {
            Format::Native => "timeband",
            Format::JsonLines => "jsonl",
            Format::Csv => "csv",
            Format::Acled => "acled",
            Format::AcledAggregated => "acled-aggregated",
            Format::TimelineJs => "timelinejs",
            Format::TimelineJsSheet => "timelinejs-sheet",
            Format::TimelineJs2 => "timelinejs2",
            Format::Timesketch => "timesketch",
            Format::TimesketchJsonl => "timesketch-jsonl",
            Format::PlasoL2t => "l2tcsv",
            Format::PlasoDynamic => "plaso-dynamic",
            Format::Gdelt => "gdelt",
            Format::GdeltCsv => "gdelt-csv",
            Format::VisTimeline => "vis",
        }
    }

    /// The format `--format NAME` names.
    pub fn from_key(key: &str) -> Option<Format> {
        Format::ALL
            .into_iter()
            .find(|f| f.key().eq_ignore_ascii_case(key.trim()))
    }
}

/// File name endings the window's Open dialog offers (the drop target takes any file; the
/// content decides the format). Upper case too: GDELT's daily files end `.export.CSV`, and the
/// dialog's patterns are case-sensitive on Linux.
pub const EXTENSIONS: &[&str] = &[
    "json",
    "jsonl",
    "ndjson",
    "csv",
    "tsv",
    "txt",
    "export",
    "JSON",
    "JSONL",
    "CSV",
    "TSV",
    "TXT",
    "xlsx",
    "xlsm",
    "xlsb",
    "xls",
    "ods",
    "XLSX",
    "XLS",
    #[cfg(feature = "parquet")]
    "parquet",
    #[cfg(feature = "parquet")]
    "PARQUET",
    #[cfg(feature = "arrow")]
    "arrow",
    #[cfg(feature = "arrow")]
    "feather",
    #[cfg(feature = "arrow")]
    "ipc",
    #[cfg(feature = "arrow")]
    "arrows",
];

/// The format of a file other than timeband JSON, CSV, ACLED or TimelineJS3, from its first
/// bytes. The content decides; the name's ending only tells JSON Lines with a single line from
/// JSON. `None` leaves the file to the loaders of those four.
pub fn detect(name: &str, head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(head.get(..e.valid_up_to())?).ok()?,
    };
    let body = text.trim_start();
    let lower = name.to_ascii_lowercase();
    let lines_hint = lower.ends_with(".jsonl") || lower.ends_with(".ndjson");
    if body.starts_with('[') {
        // vis-timeline's items have `content` (it requires one) and `start`; a list of records
        // with a `start` (pandas' `orient="records"`) is read as records, every field kept.
        return (body.contains("\"start\"") && body.contains("\"content\""))
            .then_some(Format::VisTimeline);
    }
    let mut lines = body.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next()?;
    if first.starts_with('{') {
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(first).ok()?;
        let more = lines.next().is_some_and(|l| l.starts_with('{'));
        if !more && !lines_hint {
            return None;
        }
        let has = |k: &str| object.contains_key(k);
        if has("message") && (has("datetime") || has("timestamp")) {
            return Some(Format::TimesketchJsonl);
        }
        return jsonl::is_record(first).then_some(Format::JsonLines);
    }
    if first.matches('\t').count() >= 56 {
        let fields: Vec<&str> = first.split('\t').collect();
        return gdelt::is_row(&fields).then_some(Format::Gdelt);
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(first.as_bytes());
    let record = reader.records().next()?.ok()?;
    let fields: Vec<String> = record
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if tjs_sheet::is_header(&fields) {
        Some(Format::TimelineJsSheet)
    } else if plaso::is_l2t_header(&fields) {
        Some(Format::PlasoL2t)
    } else if plaso::is_dynamic_header(&fields) {
        Some(Format::PlasoDynamic)
    } else if timesketch::is_header(&fields) {
        Some(Format::Timesketch)
    } else if gdelt::is_header(&fields) {
        Some(Format::GdeltCsv)
    } else {
        let raw: Vec<&str> = record.iter().collect();
        gdelt::is_row(&raw).then_some(Format::GdeltCsv)
    }
}

/// [`detect`], but a sheet in another tool's columns (TimelineJS, Timesketch, plaso, GDELT) is
/// read as a sheet like any other when `--map` gives columns, as an ACLED export is.
fn detect_unmapped(name: &str, head: &[u8], options: &LoadOptions) -> Option<Format> {
    let sheet = |f: &Format| {
        matches!(
            f,
            Format::TimelineJsSheet
                | Format::Timesketch
                | Format::PlasoL2t
                | Format::PlasoDynamic
                | Format::GdeltCsv
        )
    };
    detect(name, head).filter(|f| options.map.is_empty() || !sheet(f))
}

/// Files named on the command line with `--format`, read in that format wherever they are
/// opened from (the window's loads go through [`load_path_with`]).
static FORCED: std::sync::Mutex<Vec<(std::path::PathBuf, Format)>> =
    std::sync::Mutex::new(Vec::new());

/// Reads `paths` as `format` whenever they are loaded.
pub fn force_format(paths: &[std::path::PathBuf], format: Format) {
    if let Ok(mut f) = FORCED.lock() {
        f.extend(paths.iter().map(|p| (p.clone(), format)));
    }
}

fn forced(path: &Path) -> Option<Format> {
    FORCED
        .lock()
        .ok()?
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, f)| *f)
}

/// Reads the whole text of a file for the formats read whole: UTF-8, or Windows-1252 with a
/// problem.
fn whole_text<'a>(
    name: &str,
    bytes: &'a [u8],
) -> Result<(std::borrow::Cow<'a, str>, Vec<Problem>), LoadError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok((t.into(), Vec::new())),
        Err(e) => {
            if bytes.iter().any(|b| *b < 0x20 && !b"\t\r\n".contains(b)) {
                return Err(utf8_error(
                    name,
                    bytes,
                    e.valid_up_to(),
                    "this looks like a binary file, not text",
                ));
            }
            let (line, column) = line_col(bytes, e.valid_up_to());
            let problem = Problem::at(name, line, column, text::NOT_UTF8);
            let text = text::windows_1252(bytes);
            Ok((text.into(), vec![problem]))
        }
    }
}

/// Loads bytes in a format named by `--format` or found by [`detect`]; `None` for the formats
/// the older loaders read (timeband JSON, CSV, ACLED, TimelineJS3).
fn load_other(name: &str, bytes: &[u8], format: Format) -> Option<Result<Loaded, LoadError>> {
    let control = LoadControl::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let whole = |read: fn(&str, &str) -> Result<Loaded, LoadError>| {
        let (text, mut problems) = whole_text(name, bytes)?;
        let mut loaded = read(name, &text)?;
        problems.append(&mut loaded.problems);
        loaded.problems = problems;
        Ok(loaded)
    };
    Some(match format {
        Format::Native
        | Format::Csv
        | Format::Acled
        | Format::AcledAggregated
        | Format::TimelineJs => return None,
        Format::Gdelt => gdelt::load_tsv(name, bytes, &control),
        Format::GdeltCsv => gdelt::load_csv(name, bytes, &control),
        Format::JsonLines => jsonl::load_stream(name, bytes, &control),
        Format::TimelineJsSheet => whole(tjs_sheet::load),
        Format::TimelineJs2 => whole(tjs2::load),
        Format::Timesketch => whole(|n, t| timesketch::load_csv(n, t, Format::Timesketch)),
        Format::PlasoDynamic => whole(|n, t| timesketch::load_csv(n, t, Format::PlasoDynamic)),
        Format::TimesketchJsonl => whole(timesketch::load_jsonl),
        Format::PlasoL2t => whole(plaso::load_l2t),
        Format::VisTimeline => whole(vis::load),
    })
}

/// Loads a file's contents in the given format (as `--format` names it), or as found by content.
pub fn load_bytes_as(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Loaded, LoadError> {
    load_bytes_as_opts(name, bytes, format, &LoadOptions::default())
}

/// Loads a file's contents in the given format, or as found by content, as `options` say.
pub fn load_bytes_as_opts(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let mut loaded = load_bytes_as_inner(name, bytes, format, options)?;
    lanes_by(name, &mut loaded, options)?;
    Ok(loaded)
}

fn load_bytes_as_inner(
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    if let Some(loaded) = load_utf16(name, bytes, |b| {
        load_bytes_as_inner(name, b, format, options)
    }) {
        return loaded;
    }
    match format {
        Some(Format::Native) => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            match native::load_stream(name, bytes, &LoadControl::default())? {
                native::Streamed::Loaded(l) => Ok(*l),
                _ => Err(LoadError::new(
                    name,
                    1,
                    1,
                    "expected timeband JSON: one object with `\"timeband\": 1`",
                )),
            }
        }
        Some(Format::Csv) | Some(Format::Acled) | Some(Format::AcledAggregated) => {
            let (text, mut problems) = whole_text(name, bytes)?;
            let mut loaded = csv::load(name, &text, options)?;
            problems.append(&mut loaded.problems);
            loaded.problems = problems;
            Ok(loaded)
        }
        Some(Format::TimelineJs) => {
            let text = utf8(name, bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))?;
            let top = serde_json::from_str(text).map_err(|e| json_error(name, &e, text))?;
            timelinejs::load(name, text, top)
        }
        Some(f) => {
            load_other(name, bytes, f).unwrap_or_else(|| load_bytes_inner(name, bytes, options))
        }
        None => load_bytes_inner(name, bytes, options),
    }
}

/// A file that loaded, perhaps with some records left out.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub problems: Vec<Problem>,
    pub format: Format,
    /// How each date column of a sheet was read.
    pub dates: Vec<DateReading>,
    /// The rows came from a columnar file, "Parquet" or "Arrow" (read as the sheet `format`
    /// names).
    pub container: Option<&'static str>,
}

impl Loaded {
    /// The format as the user would name it: "ACLED CSV", or "ACLED (Parquet)" for the same
    /// columns in a Parquet file.
    pub fn format_name(&self) -> String {
        let name = self.format.name();
        let Some(container) = self.container else {
            return name.to_string();
        };
        match self.format {
            Format::Csv if container == "JSON" => "JSON records".into(),
            Format::Csv => container.into(),
            Format::Acled => format!("ACLED ({container})"),
            Format::GdeltCsv => format!("GDELT (BigQuery, {container})"),
            _ => format!(
                "{} ({container})",
                name.trim_end_matches(" (CSV)").trim_end_matches(" CSV")
            ),
        }
    }
}

/// How one date column was read: `event_date`, `d-Mon-yy, two-digit years from the year column`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateReading {
    pub column: String,
    pub rule: String,
}

/// What the user said about how to read a file (`--map`, `--date-order`, `--lanes-by`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// Columns given a role by name: (role, column), e.g. (`title`, `Name`).
    pub map: Vec<(String, String)>,
    /// The day/month order of numeric dates that the values do not settle.
    pub date_order: Option<DateOrder>,
    /// Lanes by this field instead of the file's own (see [`crate::model::lanes_by`]).
    pub lanes_by: Option<String>,
    /// The worksheet of a workbook to read (else the first visible one with a cell).
    pub sheet: Option<String>,
}

impl LoadOptions {
    /// Reads one `--map ROLE=COLUMN`.
    pub fn parse_map(text: &str) -> Result<(String, String), String> {
        let (role, column) = text
            .split_once('=')
            .ok_or_else(|| format!("--map `{text}`: expected ROLE=COLUMN, e.g. title=Name"))?;
        let role = role.trim().to_ascii_lowercase();
        if !csv::MAP_ROLES.contains(&role.as_str()) {
            return Err(format!(
                "--map `{text}`: unknown role `{role}`; expected one of {}",
                csv::MAP_ROLES.join(", ")
            ));
        }
        Ok((role, column.trim().to_string()))
    }
}

/// A file that could not be read at all: where and what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {message}")]
pub struct LoadError {
    pub location: Location,
    pub message: String,
}

impl LoadError {
    pub fn new(file: &str, line: usize, column: usize, message: impl Into<String>) -> LoadError {
        LoadError {
            location: Location {
                file: file.into(),
                line,
                column,
            },
            message: message.into(),
        }
    }
}

/// The message of the error a cancelled load ends with.
pub const CANCELLED: &str = "loading cancelled";

/// Shared between a load on another thread and the window: how far it got, and a way to stop it.
#[derive(Clone, Debug, Default)]
pub struct LoadControl {
    inner: Arc<ControlInner>,
}

#[derive(Debug, Default)]
struct ControlInner {
    done: AtomicU64,
    total: AtomicU64,
    cancel: AtomicBool,
}

impl LoadControl {
    /// The fraction of the file read, once its size is known.
    pub fn progress(&self) -> Option<f32> {
        let total = self.inner.total.load(Ordering::Relaxed);
        (total > 0).then(|| {
            (self.inner.done.load(Ordering::Relaxed) as f64 / total as f64).clamp(0.0, 1.0) as f32
        })
    }

    /// Bytes read so far and the file's size.
    pub fn bytes(&self) -> (u64, u64) {
        (
            self.inner.done.load(Ordering::Relaxed),
            self.inner.total.load(Ordering::Relaxed),
        )
    }

    /// Asks the load to stop; it then ends with an error whose message is [`CANCELLED`].
    pub fn cancel(&self) {
        self.inner.cancel.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancel.load(Ordering::Relaxed)
    }

    pub(crate) fn set_done(&self, bytes: u64) {
        self.inner.done.store(bytes, Ordering::Relaxed);
    }

    pub(crate) fn set_total(&self, bytes: u64) {
        self.inner.total.store(bytes, Ordering::Relaxed);
    }
}

/// Reads and loads a file from disk.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_path_with(path, &LoadControl::default())
}

/// Reads and loads a file from disk, reporting progress to and obeying `control`.
pub fn load_path_with(path: &Path, control: &LoadControl) -> Result<Loaded, LoadError> {
    load_path_opts(path, &LoadOptions::default(), control)
}

/// Reads and loads a file from disk as `options` say, reporting progress to and obeying
/// `control`. timeband JSON is read in a stream and parsed on all cores, CSV in a stream with
/// its rows split on another thread; other formats are read whole. Only what the file held
/// when the load began is read: a directory, a device, a pipe, or a file that grows while it
/// is read, is an error at once.
pub fn load_path_opts(
    path: &Path,
    options: &LoadOptions,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let name = path.display().to_string();
    let mut loaded = load_path_inner(path, &name, options, control)?;
    lanes_by(&name, &mut loaded, options)?;
    Ok(loaded)
}

fn lanes_by(name: &str, loaded: &mut Loaded, options: &LoadOptions) -> Result<(), LoadError> {
    if let Some(field) = &options.lanes_by {
        crate::model::lanes_by::lanes_by(&mut loaded.dataset, field)
            .map_err(|e| LoadError::new(name, 0, 0, e))?;
    }
    Ok(())
}

fn load_path_inner(
    path: &Path,
    name: &str,
    options: &LoadOptions,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    use std::io::{BufRead, Read};
    let cannot =
        |e: std::io::Error| LoadError::new(name, 0, 0, format!("cannot read the file: {e}"));
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(LoadError::new(
            name,
            0,
            0,
            "this is a folder; expected a file (timeband JSON, CSV, ACLED CSV, TimelineJS JSON)",
        ));
    }
    if !meta.is_file() {
        // Opening a pipe would wait for a writer; a device never ends.
        return Err(LoadError::new(
            name,
            0,
            0,
            "this is not a regular file (a device, pipe or socket); expected a file",
        ));
    }
    let size = meta.len();
    let open = || -> Result<std::io::BufReader<std::io::Take<std::fs::File>>, LoadError> {
        let file = std::fs::File::open(path).map_err(cannot)?;
        Ok(std::io::BufReader::with_capacity(1 << 16, file.take(size)))
    };
    let grew = || {
        let now = std::fs::metadata(path).map(|m| m.len()).unwrap_or(size);
        (now > size).then(|| {
            LoadError::new(
                name,
                0,
                0,
                format!(
                    "the file grew from {size} to {now} bytes while it was read (is it still being written?); open it again when it is complete"
                ),
            )
        })
    };
    control.set_total(size);
    let mut reader = open()?;
    let prefix = reader.fill_buf().map_err(cannot)?;
    if text::utf16(prefix.get(..2).unwrap_or_default()).is_some() {
        // UTF-16 (Excel's "Unicode Text"): read whole as its text.
        let mut bytes = Vec::new();
        open()?.read_to_end(&mut bytes).map_err(cannot)?;
        let loaded = load_bytes_as_inner(name, &bytes, forced(path), options);
        control.set_done(size);
        return loaded;
    }
    if let Some(loaded) = load_columnar(name, prefix, Some(path), size, options, control) {
        return loaded;
    }
    let format = forced(path).or_else(|| detect_unmapped(name, prefix, options));
    if let Some(format) = format {
        let bom = usize::from(prefix.starts_with(b"\xEF\xBB\xBF")) * 3;
        let streamed = match format {
            Format::Gdelt => {
                reader.consume(bom);
                Some(gdelt::load_tsv(name, reader, control))
            }
            Format::GdeltCsv => {
                reader.consume(bom);
                Some(gdelt::load_csv(name, reader, control))
            }
            Format::JsonLines => {
                reader.consume(bom);
                Some(jsonl::load_stream(name, reader, control))
            }
            _ => None,
        };
        if let Some(loaded) = streamed {
            control.set_done(size);
            return loaded;
        }
        // Only what the file held when the load began (see `grew`).
        let mut bytes = Vec::new();
        open()?.read_to_end(&mut bytes).map_err(cannot)?;
        let loaded = load_bytes_as_inner(name, &bytes, Some(format), options);
        control.set_done(size);
        return loaded;
    }
    let bom = prefix.starts_with(b"\xEF\xBB\xBF");
    let first = prefix
        .iter()
        .skip(if bom { 3 } else { 0 })
        .copied()
        .find(|b| !b.is_ascii_whitespace());
    let streamed = if first == Some(b'{') {
        if bom {
            reader.consume(3);
        }
        match native::load_stream(name, reader, control)? {
            native::Streamed::Loaded(loaded) => Some(*loaded),
            _ => None,
        }
    } else if first.is_some() && first != Some(b'[') && !bom {
        match csv::load_stream(name, reader, control, options, None)? {
            csv::Outcome::Loaded(loaded) => Some(*loaded),
            csv::Outcome::NotUtf8 => None,
            csv::Outcome::Again(rules) => {
                match csv::load_stream(name, open()?, control, options, Some(rules))? {
                    csv::Outcome::Loaded(loaded) => Some(*loaded),
                    _ => None,
                }
            }
        }
    } else {
        None
    };
    if let Some(e) = grew() {
        return Err(e);
    }
    if let Some(loaded) = streamed {
        control.set_done(size);
        return Ok(loaded);
    }
    // Another format, or a broken file: read it whole for the exact message.
    let mut bytes = Vec::new();
    open()?.read_to_end(&mut bytes).map_err(cannot)?;
    if let Some(e) = grew() {
        return Err(e);
    }
    let loaded = load_bytes_inner(name, &bytes, options);
    control.set_done(size);
    loaded
}

/// Loads a file's contents; `name` is used in messages.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_bytes_opts(name, bytes, &LoadOptions::default())
}

/// Loads a file's contents as `options` say; `name` is used in messages.
pub fn load_bytes_opts(
    name: &str,
    bytes: &[u8],
    options: &LoadOptions,
) -> Result<Loaded, LoadError> {
    let mut loaded = load_bytes_inner(name, bytes, options)?;
    lanes_by(name, &mut loaded, options)?;
    Ok(loaded)
}

/// The first bytes of a Parquet file.
const PARQUET_MAGIC: &[u8] = b"PAR1";

/// The first bytes of an Arrow IPC file, and of an Arrow IPC stream (a message's continuation
/// marker), and of a Feather version 1 file.
const ARROW_FILE_MAGIC: &[u8] = b"ARROW1";
const ARROW_STREAM_MAGIC: &[u8] = &[0xFF, 0xFF, 0xFF, 0xFF];
const FEATHER1_MAGIC: &[u8] = b"FEA1";

/// A Parquet or Arrow file, told by its first bytes (`head`: the whole file when `path` is
/// `None`): loaded, or the error of a build without its feature. `None` for any other file.
#[cfg_attr(
    not(all(feature = "parquet", feature = "arrow")),
    allow(unused_variables)
)]
fn load_columnar(
    name: &str,
    head: &[u8],
    path: Option<&Path>,
    size: u64,
    options: &LoadOptions,
    control: &LoadControl,
) -> Option<Result<Loaded, LoadError>> {
    let error = |message: &str| Some(Err(LoadError::new(name, 1, 1, message)));
    if head.starts_with(FEATHER1_MAGIC) {
        return error(
            "this is a Feather version 1 file, which timeband does not read; write it again as Feather version 2 (pyarrow: `pyarrow.feather.write_feather(table, path)`; R: `arrow::write_feather(df, path)`) or as Parquet",
        );
    }
    let source = || match path {
        Some(p) => columnar::Source::Path(p.to_path_buf()),
        None => columnar::Source::Bytes(head.into()),
    };
    if workbook::is_workbook(head) {
        return Some(workbook::load(name, source(), options, control));
    }
    if head.starts_with(PARQUET_MAGIC) {
        #[cfg(feature = "parquet")]
        return Some(parquet::load(name, source(), options, control));
        #[cfg(not(feature = "parquet"))]
        return error(
            "this is a Parquet file, and this build of timeband reads no Parquet; build it with `--features parquet`, or write CSV from the engine",
        );
    }
    if head.starts_with(ARROW_FILE_MAGIC) || head.starts_with(ARROW_STREAM_MAGIC) {
        #[cfg(feature = "arrow")]
        return Some(arrow::load(name, source(), size, options, control));
        #[cfg(not(feature = "arrow"))]
        return error(
            "this is an Arrow (Feather) file, and this build of timeband reads no Arrow; build it with `--features arrow`, or write CSV or Parquet from the engine",
        );
    }
    None
}

/// A UTF-16 file (with its byte order mark) loaded as its text, with a problem for code units
/// that were not UTF-16.
fn load_utf16(
    name: &str,
    bytes: &[u8],
    load: impl FnOnce(&[u8]) -> Result<Loaded, LoadError>,
) -> Option<Result<Loaded, LoadError>> {
    let (text, bad) = text::utf16(bytes)?;
    Some(load(text.as_bytes()).map(|mut loaded| {
        if bad > 0 {
            loaded.problems.insert(
                0,
                Problem::at(
                    name,
                    0,
                    0,
                    format!(
                        "the file is UTF-16 with {bad} code {} that {} not; read as �",
                        if bad == 1 { "unit" } else { "units" },
                        if bad == 1 { "is" } else { "are" }
                    ),
                ),
            );
        }
        loaded
    }))
}

fn load_bytes_inner(name: &str, bytes: &[u8], options: &LoadOptions) -> Result<Loaded, LoadError> {
    if let Some(loaded) = load_utf16(name, bytes, |b| load_bytes_inner(name, b, options)) {
        return loaded;
    }
    let control = LoadControl::default();
    let size = bytes.len() as u64;
    if let Some(loaded) = load_columnar(name, bytes, None, size, options, &control) {
        return loaded;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(loaded) = detect_unmapped(
        name,
        bytes.get(..bytes.len().min(1 << 16)).unwrap_or(bytes),
        options,
    )
    .and_then(|f| load_other(name, bytes, f))
    {
        return loaded;
    }
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    if first == Some(b'{')
        && let native::Streamed::Loaded(loaded) =
            native::load_stream(name, bytes, &LoadControl::default())?
    {
        return Ok(*loaded);
    }
    match first {
        None => Err(LoadError::new(
            name,
            1,
            1,
            "the file is empty; expected timeband JSON, TimelineJS JSON or CSV",
        )),
        Some(b'{') | Some(b'[') => {
            let text = utf8(name, bytes)?;
            json(name, text, options)
        }
        Some(_) => {
            let mut problems = Vec::new();
            let text: std::borrow::Cow<str> = match std::str::from_utf8(bytes) {
                Ok(t) => t.into(),
                Err(e) => {
                    if bytes
                        .iter()
                        .filter(|b| **b < 0x20 && !b"\t\r\n".contains(b))
                        .count()
                        > 0
                    {
                        return Err(utf8_error(
                            name,
                            bytes,
                            e.valid_up_to(),
                            "this looks like a binary file; expected timeband JSON, TimelineJS JSON or CSV",
                        ));
                    }
                    let (line, column) = line_col(bytes, e.valid_up_to());
                    problems.push(Problem::at(name, line, column, text::NOT_UTF8));
                    text::windows_1252(bytes).into()
                }
            };
            let mut loaded = csv::load(name, &text, options)?;
            problems.append(&mut loaded.problems);
            loaded.problems = problems;
            Ok(loaded)
        }
    }
}

fn utf8<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, LoadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        utf8_error(
            name,
            bytes,
            e.valid_up_to(),
            "invalid UTF-8; expected a UTF-8 text file",
        )
    })
}

fn utf8_error(name: &str, bytes: &[u8], at: usize, message: &str) -> LoadError {
    let (line, column) = line_col(bytes, at);
    LoadError::new(name, line, column, message)
}

/// Turns byte offsets into 1-based lines and columns (in characters), in time linear in the text
/// when asked in increasing order, as loaders do record by record.
pub(crate) struct Locator<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Locator<'a> {
        Locator {
            text,
            pos: 0,
            line: 1,
            column: 1,
        }
    }

    pub fn locate(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.pos {
            (self.pos, self.line, self.column) = (0, 1, 1);
        }
        for &b in self
            .text
            .as_bytes()
            .get(self.pos..offset)
            .unwrap_or_default()
        {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        self.pos = offset;
        (self.line, self.column)
    }

    /// Where a raw JSON value borrowed from this text starts.
    pub fn raw(&mut self, raw: &serde_json::value::RawValue) -> (usize, usize) {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        self.locate(offset)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
        .chars()
        .count()
        + 1;
    (line, column)
}

fn json(name: &str, text: &str, options: &LoadOptions) -> Result<Loaded, LoadError> {
    use serde_json::value::RawValue;
    use std::collections::BTreeMap;
    if text.trim_start().starts_with('[') {
        if text.contains("\"start\"") && text.contains("\"content\"") {
            return vis::load(name, text);
        }
        if let Some(loaded) = records::load(name, text, options) {
            return loaded;
        }
        return Err(LoadError::new(
            name,
            1,
            1,
            "the file is a JSON list but not of records (objects of values); expected an object `{...}` (a timeband or TimelineJS file) or a list of records",
        ));
    }
    // JSON Lines of records (pandas' `to_json(orient="records", lines=True)`, an API's answer
    // one record a line): read as the list they are, each record on its own line still.
    if let Some(list) = lines_as_list(text)
        && let Some(loaded) = records::load(name, &list, options)
    {
        return loaded;
    }
    let top: BTreeMap<String, &RawValue> =
        serde_json::from_str(text).map_err(|e| json_error(name, &e, text))?;
    if top.contains_key("timeband") {
        // The streaming reader found the structure broken where serde_json did not.
        Err(LoadError::new(
            name,
            1,
            1,
            "the file's structure could not be read; expected one JSON object",
        ))
    } else if looks_like_timelinejs(&top) {
        timelinejs::load(name, text, top)
    } else if top.contains_key("timeline") {
        tjs2::load(name, text)
    } else if top.contains_key("items") {
        vis::load(name, text)
    } else if let Some(loaded) = records::load(name, text, options) {
        loaded
    } else {
        Err(LoadError::new(
            name,
            1,
            1,
            "expected a timeband file (a `\"timeband\": 1` key), a TimelineJS file (an `events` list) or a list of records (under `data`, as ACLED's API answers)",
        ))
    }
}

/// A text of JSON objects one per line (two at least) as one JSON list, each object on the line
/// it was on (a comma at the end of each line but the last; the first object one column on).
fn lines_as_list(text: &str) -> Option<String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next()?.trim();
    let second = lines.next()?.trim();
    let whole = |l: &str| {
        l.starts_with('{')
            && l.ends_with('}')
            && serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(l).is_ok()
    };
    if !whole(first) || !whole(second) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 64 + 2);
    out.push('[');
    let mut pending = false;
    for line in text.lines() {
        if line.trim().is_empty() {
            out.push('\n');
            continue;
        }
        if pending {
            // The comma goes where the last record ended, before the blank lines after it.
            let at = out.trim_end_matches('\n').len();
            out.insert(at, ',');
        }
        out.push_str(line);
        out.push('\n');
        pending = true;
    }
    out.push(']');
    Some(out)
}

/// TimelineJS files have `start_date` objects in their events (or only eras).
fn looks_like_timelinejs(
    top: &std::collections::BTreeMap<String, &serde_json::value::RawValue>,
) -> bool {
    match top.get("events") {
        Some(events) => {
            let events: Vec<serde_json::Value> =
                serde_json::from_str(events.get()).unwrap_or_default();
            events.is_empty() || events.iter().any(|e| e.get("start_date").is_some())
        }
        None => top.contains_key("eras"),
    }
}

/// A serde_json error as a load error with its line and column.
pub(crate) fn json_error(name: &str, e: &serde_json::Error, text: &str) -> LoadError {
    let what = match e.classify() {
        serde_json::error::Category::Eof => "the file ends too early (truncated?)".to_string(),
        serde_json::error::Category::Syntax => {
            format!("invalid JSON: {}", strip_position(&e.to_string()))
        }
        _ => strip_position(&e.to_string()),
    };
    let (line, column) = if e.line() == 0 {
        line_col(text.as_bytes(), text.len())
    } else {
        (e.line(), e.column())
    };
    LoadError::new(name, line, column, what)
}

/// serde_json appends " at line L column C"; we put the place first instead.
pub(crate) fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// Problems beyond this many are counted, not listed one by one.
pub const MAX_PROBLEMS: usize = 1000;
