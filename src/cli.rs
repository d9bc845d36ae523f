//! The command line: `timeband [FILE]...`, `timeband check`, `timeband date`. Parses arguments,
//! calls the library and prints; the logic lives in the library.

use crate::lens::{self, FilterWords, LensKey};
use crate::load::{self, DateOrder, LoadError, LoadOptions, Loaded};
use crate::model::time::{format_human_date, format_iso};
use crate::model::{Bound, Dataset, Edge, Precision, UncertainTime, edtf, known};
use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;

/// timeband: see what happened when, how sure anyone is of each date, and who said so.
#[derive(Parser, Debug)]
#[command(name = "timeband", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Event files to open (timeband JSON or JSON Lines, CSV, ACLED CSV, TimelineJS JSON or
    /// sheet, TimelineJS2, Timesketch, plaso, GDELT, vis-timeline; any sheet also as an Excel or
    /// OpenDocument workbook or as JSON records (ACLED's API); Parquet and Arrow/Feather in
    /// builds with those features). With none, the embedded sample opens.
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub load: LoadArgs,
    /// Read the files in this format instead of the one their content suggests.
    #[arg(long, value_name = "NAME", value_parser = parse_format)]
    pub format: Option<load::Format>,
    /// Open the (first) file in the window's import dialog, to choose its columns, instead of
    /// loading it as its header says.
    #[arg(long)]
    pub import: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// How to read files whose columns or dates need saying (docs/FORMAT.md, "Sheets").
#[derive(clap::Args, Debug, Default, Clone)]
pub struct LoadArgs {
    /// Give a column a role, e.g. `--map title=Name --map time=field_date` (repeatable; roles:
    /// id title time start end display lane source url summary place published; `end=` gives a
    /// role no column).
    #[arg(long = "map", value_name = "ROLE=COLUMN", value_parser = LoadOptions::parse_map)]
    pub map: Vec<(String, String)>,
    /// The day/month order of numeric dates (`03/01/1946`) that no value settles: dmy, mdy or ymd.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub date_order: Option<DateOrderArg>,
    /// Lanes by this field: lane, status, source, kind, tag, place, or any attribute (a column).
    #[arg(long, value_name = "FIELD")]
    pub lanes_by: Option<String>,
    /// The worksheet of an Excel or OpenDocument workbook to read, by name (else the first
    /// visible one with a cell).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
}

/// `--date-order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DateOrderArg {
    Dmy,
    Mdy,
    Ymd,
}

impl LoadArgs {
    pub fn options(&self) -> LoadOptions {
        LoadOptions {
            map: self.map.clone(),
            date_order: self.date_order.map(|o| match o {
                DateOrderArg::Dmy => DateOrder::Dmy,
                DateOrderArg::Mdy => DateOrder::Mdy,
                DateOrderArg::Ymd => DateOrder::Ymd,
            }),
            lanes_by: self.lanes_by.clone(),
            sheet: self.sheet.clone(),
        }
    }
}

/// The subcommands. Parsed once per run, so the size of the largest (`export`) does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load files and report what was read: counts, time span and every problem with its place.
    /// Exit status: 0 clean, 1 loaded with record problems, 2 could not load.
    Check {
        /// Files to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON document instead of a summary.
        #[arg(long)]
        json: bool,
        /// The data set as known on this date (EDTF): only sources published before its start
        /// (00:00 UTC), each event dated by the latest claim published by then.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[command(flatten)]
        load: LoadArgs,
        /// Read the files in this format instead of the one their content suggests.
        #[arg(long, value_name = "NAME", value_parser = parse_format)]
        format: Option<load::Format>,
    },
    /// Export the timeline as a PNG or SVG image, headless (no display or GPU needed).
    Export {
        /// The event file (any format timeband reads: timeband JSON, CSV, a workbook, …).
        file: PathBuf,
        /// Where to write the image: `.svg` for SVG (text as text), anything else PNG.
        #[arg(short, long)]
        output: PathBuf,
        /// A font file (TTF, OTF, TTC) to draw characters the bundled fonts lack, before the
        /// system's fonts; may be given more than once.
        #[arg(long, value_name = "FILE")]
        font: Vec<PathBuf>,
        /// Start of the time range shown (EDTF, e.g. 2023-08 or 2023-09-01).
        #[arg(long)]
        from: Option<String>,
        /// End of the time range shown (EDTF).
        #[arg(long)]
        to: Option<String>,
        /// Image width in pixels.
        #[arg(long, default_value_t = 1600)]
        width: u32,
        /// Image height in pixels; by default as tall as the content.
        #[arg(long)]
        height: Option<u32>,
        /// Pixels per point: 2 draws everything twice as large and sharp (same pixel width).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// Colour theme.
        #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
        theme: ThemeArg,
        /// Highlight this event (by id) and list its sources in the footer.
        #[arg(long)]
        select: Option<String>,
        /// Draw the time cursor at this date (EDTF).
        #[arg(long)]
        cursor: Option<String>,
        /// Show only these lanes (ids or labels, comma-separated).
        #[arg(long, value_delimiter = ',')]
        lanes: Vec<String>,
        /// Show only events of these statuses (comma-separated: confirmed, reported, …).
        #[arg(long = "status", value_delimiter = ',', value_name = "STATUS")]
        statuses: Vec<String>,
        /// Keep only claims graded this or better: a reliability letter, a credibility digit, or
        /// both (`B2`: sources A or B, information 1 or 2). Events left with no claim go.
        #[arg(long, value_name = "GRADE")]
        min_grade: Option<String>,
        /// Keep only claims from these sources (ids or names, comma-separated).
        #[arg(long = "source", value_delimiter = ',', value_name = "SOURCE")]
        sources: Vec<String>,
        /// Keep only claims from these kinds of source (comma-separated: official, media, …).
        #[arg(long = "kind", value_delimiter = ',', value_name = "KIND")]
        kinds: Vec<String>,
        /// Draw the data set as known on this date (EDTF), with a caption saying so.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Under each event, one thin band per dated claim (the provenance spread).
        #[arg(long)]
        provenance: bool,
        /// Replace OUTPUT if it exists.
        #[arg(long)]
        force: bool,
        /// Write a chart instead of the timeline: `dating` (of the event `--select` names),
        /// `places` (its claims' places as rows), `sources` (hits and misses per source) or
        /// `activity` (events per bin, by lane); `.svg` writes an SVG.
        #[arg(long, value_name = "KIND")]
        chart: Option<String>,
        #[command(flatten)]
        load: LoadArgs,
        /// Read the file in this format instead of the one its content suggests.
        #[arg(long, value_name = "NAME", value_parser = parse_format)]
        format: Option<load::Format>,
    },
    /// Write a realistic synthetic data set (many lanes, mixed precisions and qualifiers, sources
    /// and claims) for scale testing; the same seed gives the same file.
    Generate {
        /// How many events.
        #[arg(long, default_value_t = 10_000)]
        events: u64,
        /// Where to write: `.csv` for CSV (one row per claim), otherwise timeband JSON; with
        /// `--profile acled`, `.csv` or `.parquet` (a build with the `parquet` feature).
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// `timeband` (its own model: lanes, sources, claims, every precision) or `acled`
        /// (rows shaped like ACLED's current export, in date order from 1997 to 2024).
        #[arg(long, value_name = "NAME", default_value = "timeband", value_parser = parse_profile)]
        profile: crate::generate::Profile,
        /// Replace OUTPUT if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Each outlet's track record on resolved events (confirmed, dated to the day): claims,
    /// hits, misses, median lead and width. Several files are read as one data set.
    Sources {
        /// Files to read.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON document instead of a table.
        #[arg(long)]
        json: bool,
        /// Judge the data set as known on this date (EDTF).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// Read EDTF date expressions and print, one JSON line each, how they were read.
    /// Exit status 1 if any was invalid.
    Date {
        /// Expressions such as `2023-09-XX`, `2023-07~`, `2023-09-10/2023-09-13`.
        #[arg(required = true, allow_hyphen_values = true)]
        exprs: Vec<String>,
    },
}

/// `--format NAME`: one of [`load::Format::key`].
pub fn parse_format(name: &str) -> Result<load::Format, String> {
    load::Format::from_key(name).ok_or_else(|| {
        let all: Vec<&str> = load::Format::ALL.iter().map(|f| f.key()).collect();
        format!(
            "unknown format `{name}`; the formats are {}",
            all.join(", ")
        )
    })
}

/// `--theme`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ThemeArg {
    Light,
    Dark,
}

/// Instants given on the command line: from, to, cursor.
type GivenTimes = (Option<f64>, Option<f64>, Option<f64>);

/// The arguments of `timeband export`, gathered.
pub struct ExportArgs<'a> {
    pub file: &'a std::path::Path,
    pub output: &'a std::path::Path,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub width: u32,
    pub height: Option<u32>,
    pub scale: f32,
    pub theme: ThemeArg,
    pub select: Option<&'a str>,
    pub cursor: Option<&'a str>,
    pub lanes: &'a [String],
    /// Filters, as in the window's filter window: statuses, minimum grade, sources, kinds.
    pub statuses: &'a [String],
    pub min_grade: Option<&'a str>,
    pub sources: &'a [String],
    pub kinds: &'a [String],
    /// "As known on" this date (EDTF).
    pub as_of: Option<&'a str>,
    pub provenance: bool,
    pub force: bool,
    /// How to read the file.
    pub load: &'a LoadOptions,
    /// `--font` files.
    pub fonts: &'a [PathBuf],
}

/// Reads an `--as-of` date (see [`lens::parse_as_of`]); the error names the option.
fn parse_as_of(text: &str) -> Result<crate::model::Instant, String> {
    lens::parse_as_of(text).map_err(|e| format!("--as-of {e}"))
}

/// Says so and returns true when `output` exists and may not be replaced.
fn refuse_to_replace(
    output: &std::path::Path,
    force: bool,
    err: &mut impl std::io::Write,
) -> std::io::Result<bool> {
    if force || !output.exists() {
        return Ok(false);
    }
    writeln!(
        err,
        "error: {} exists; use --force to replace it",
        output.display()
    )?;
    Ok(true)
}

/// `timeband export`: returns the exit status (0 written, 1 bad arguments, 2 could not load or
/// write).
pub fn export_command(a: &ExportArgs<'_>, err: &mut impl std::io::Write) -> std::io::Result<i32> {
    use crate::export::{ExportOptions, Format, frame, today, write_atomic};
    use crate::index::Indexed;
    use crate::timeline::TimelineView;
    if refuse_to_replace(a.output, a.force, err)? {
        return Ok(2);
    }
    let format = match Format::of_path(a.output) {
        Ok(f) => f,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(1);
        }
    };
    let mut fonts = Vec::new();
    for path in a.fonts {
        match crate::fonts::load_font_file(path) {
            Ok(f) => fonts.push(f),
            Err(e) => {
                writeln!(err, "error: --font: {e}")?;
                return Ok(1);
            }
        }
    }
    if !(a.scale.is_finite() && (0.25..=8.0).contains(&a.scale)) {
        writeln!(err, "error: --scale must be between 0.25 and 8")?;
        return Ok(1);
    }
    let loaded = match load::load_path_opts(a.file, a.load, &load::LoadControl::default()) {
        Ok(l) => l,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    for p in &loaded.problems {
        writeln!(err, "warning: {p}")?;
    }
    let as_known_on = match a.as_of.map(parse_as_of).transpose() {
        Ok(t) => t,
        Err(msg) => {
            writeln!(err, "error: {msg}")?;
            return Ok(1);
        }
    };
    let words = FilterWords {
        statuses: a.statuses,
        min_grade: a.min_grade,
        sources: a.sources,
        kinds: a.kinds,
        lanes: a.lanes,
    };
    let filter = match words.to_filter(&loaded.dataset) {
        Ok(f) => f,
        Err(msg) => {
            writeln!(err, "error: {msg}")?;
            return Ok(1);
        }
    };
    // The same derivation as the window's: the filter, then "as known on", and the marks.
    let key = LensKey {
        known_on: as_known_on,
        filter,
        ..LensKey::all(std::sync::Arc::new(loaded.dataset))
    };
    let (derived, _) = lens::derive(&key);
    let marks = lens::marks(derived.as_ref(), &[], a.provenance, as_known_on);
    let idx = derived.map_or_else(|| Indexed::new(std::sync::Arc::clone(&key.data)), |d| d.idx);
    let caption = as_known_on.map(|at| crate::export::KnownCaption::new(at, &key.data, &idx.data));
    let mut view = TimelineView::initial(&idx);
    let date =
        |what: &str, text: &str| edtf::parse(text).map_err(|e| format!("--{what} `{text}`: {e}"));
    let parsed = (|| -> Result<GivenTimes, String> {
        let from = a
            .from
            .map(|t| date("from", t))
            .transpose()?
            .and_then(|t| t.strict_earliest.instant());
        let to =
            a.to.map(|t| date("to", t))
                .transpose()?
                .and_then(|t| t.strict_latest.instant());
        let cursor = a
            .cursor
            .map(|t| date("cursor", t))
            .transpose()?
            .and_then(|t| t.strict_earliest.instant());
        Ok((
            from.map(|t| t as f64),
            to.map(|t| t as f64 + 1.0),
            cursor.map(|t| t as f64),
        ))
    })();
    let (from, to, cursor) = match parsed {
        Ok(b) => b,
        Err(msg) => {
            writeln!(err, "error: {msg}")?;
            return Ok(1);
        }
    };
    if from.is_some() || to.is_some() {
        let (t0, t1) = (from.unwrap_or(view.t0), to.unwrap_or(view.t1));
        if t1 <= t0 {
            writeln!(err, "error: --to must be after --from")?;
            return Ok(1);
        }
        view.t0 = t0;
        view.t1 = t1;
    }
    if let Some(c) = cursor {
        view.cursor = c;
    }
    let mut selected = None;
    if let Some(id) = a.select {
        match idx.data.events.iter().position(|e| idx.data.id(e) == id) {
            Some(i) => selected = Some(i),
            None => {
                writeln!(err, "error: --select: no event has the id `{id}`")?;
                return Ok(1);
            }
        }
    }
    let opts = ExportOptions {
        width: a.width as f32 / a.scale,
        height: a.height.map(|h| h as f32 / a.scale),
        scale: a.scale,
        dark: a.theme == ThemeArg::Dark,
        view,
        selected,
        scroll_y: 0.0,
        marks: std::sync::Arc::new(marks),
        style: crate::timeline::TimelineStyle::default(),
        cursor: cursor.is_some(),
        source_name: a.file.file_name().map_or_else(
            || a.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        as_of: today(),
        known: caption,
    };
    let written = frame(&idx, &opts, &fonts).and_then(|f| {
        let advice = "leave out --height to fit them all, or pick lanes with --lanes";
        let warnings = [
            f.left_out
                .map(|cut| format!("{}: {advice}", cut.describe(&idx))),
            (!f.missing.is_empty()).then(|| f.missing.to_string()),
        ];
        for warning in warnings.iter().flatten() {
            writeln!(err, "warning: {warning}").map_err(|source| {
                crate::export::ExportError::Io {
                    path: "standard error".into(),
                    source,
                }
            })?;
        }
        let bytes = f.encode(format)?;
        write_atomic(a.output, &bytes, a.force)
    });
    match written {
        Ok(()) => Ok(0),
        Err(e) => {
            writeln!(err, "error: {e}")?;
            Ok(2)
        }
    }
}

/// `--profile NAME`: `timeband` or `acled`.
pub fn parse_profile(name: &str) -> Result<crate::generate::Profile, String> {
    crate::generate::Profile::from_key(name)
        .ok_or_else(|| format!("unknown profile `{name}`; use `timeband` or `acled`"))
}

#[cfg(feature = "parquet")]
fn acled_parquet(f: std::fs::File, events: u64, seed: u64) -> std::io::Result<()> {
    crate::generate::parquet::write(f, events, seed)
}

/// `timeband generate`: returns the exit status (0 written, 2 could not write).
pub fn generate_command(
    events: u64,
    output: &std::path::Path,
    seed: u64,
    profile: crate::generate::Profile,
    force: bool,
    err: &mut impl std::io::Write,
) -> std::io::Result<i32> {
    use crate::generate::{GenFormat, Profile, acled, generate};
    if !force && output.exists() {
        writeln!(
            err,
            "error: {} exists; use --force to replace it",
            output.display()
        )?;
        return Ok(2);
    }
    let ext = output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match ext.as_deref() {
        Some("csv") => GenFormat::Csv,
        _ => GenFormat::Json,
    };
    let parquet = ext.as_deref() == Some("parquet");
    if profile == Profile::Acled && parquet {
        #[cfg(feature = "parquet")]
        {
            let written =
                std::fs::File::create(output).and_then(|f| acled_parquet(f, events, seed));
            return match written {
                Ok(()) => Ok(0),
                Err(e) => {
                    writeln!(err, "error: cannot write {}: {e}", output.display())?;
                    Ok(2)
                }
            };
        }
        #[cfg(not(feature = "parquet"))]
        {
            writeln!(
                err,
                "error: {}: this build of timeband writes no Parquet; build it with `--features parquet`, or name the output `.csv`",
                output.display()
            )?;
            return Ok(2);
        }
    }
    if profile == Profile::Acled && format != GenFormat::Csv {
        writeln!(
            err,
            "error: {}: the ACLED profile writes CSV or Parquet; name the output `.csv` or `.parquet`",
            output.display()
        )?;
        return Ok(2);
    }
    let written = std::fs::File::create(output).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        match profile {
            Profile::Timeband => generate(&mut w, events, seed, format)?,
            Profile::Acled => acled::write_csv(&mut w, events, seed)?,
        }
        std::io::Write::flush(&mut w)
    });
    match written {
        Ok(()) => Ok(0),
        Err(e) => {
            writeln!(err, "error: cannot write {}: {e}", output.display())?;
            Ok(2)
        }
    }
}

/// The ISO text of a bound at a precision; `None` (JSON null) for open or unknown ends.
fn iso(b: Bound, p: Precision) -> Value {
    match b.instant() {
        Some(t) => Value::String(format_iso(t, p)),
        None => Value::Null,
    }
}

fn end_kind(b: Bound) -> &'static str {
    match b.edge() {
        Edge::At(_) => "known",
        Edge::Open => "open",
        Edge::Unknown => "unknown",
    }
}

/// How a time was read, as JSON.
pub fn time_json(t: &UncertainTime) -> Value {
    let p = t.precision;
    let q = t.qualifiers;
    json!({
        "written": t.written,
        "edtf": t.edtf,
        "earliest": iso(t.strict_earliest, p),
        "latest": iso(t.strict_latest, p),
        "earliest_start": iso(t.earliest_start, p),
        "latest_start": iso(t.latest_start, p),
        "earliest_end": iso(t.earliest_end, p),
        "latest_end": iso(t.latest_end, p),
        "start": end_kind(t.earliest_start),
        "end": end_kind(t.latest_end),
        "precision": p.name(),
        "qualifiers": {
            "uncertain": q.overall.uncertain,
            "approximate": q.overall.approximate,
            "unspecified": q.unspecified,
            "set": q.set,
            "year": {"uncertain": q.year.uncertain, "approximate": q.year.approximate},
            "month": {"uncertain": q.month.uncertain, "approximate": q.month.approximate},
            "day": {"uncertain": q.day.uncertain, "approximate": q.day.approximate},
        },
        "offset": t.offset_minutes.map(crate::model::time::format_offset),
        "in_words": t.describe(),
    })
}

/// `timeband date`: one JSON line per expression. Returns the exit status.
pub fn date_command(exprs: &[String], out: &mut impl std::io::Write) -> std::io::Result<i32> {
    let mut status = 0;
    for input in exprs {
        let line = match edtf::parse(input) {
            Ok(t) => {
                let mut obj = serde_json::Map::new();
                obj.insert("input".into(), Value::String(input.clone()));
                if let Value::Object(fields) = time_json(&t) {
                    obj.extend(
                        fields
                            .into_iter()
                            .filter(|(k, _)| k != "written" && k != "edtf"),
                    );
                }
                Value::Object(obj)
            }
            Err(e) => {
                status = 1;
                json!({"input": input, "error": e.to_string()})
            }
        };
        writeln!(out, "{line}")?;
    }
    Ok(status)
}

/// An event as `check --json` writes it.
fn event_json(d: &Dataset, e: &crate::model::Event) -> Value {
    let mut v = time_json(&e.time);
    let time = v.as_object_mut().map(std::mem::take).unwrap_or_default();
    let mut obj = serde_json::Map::new();
    obj.insert("id".into(), json!(d.id(e)));
    obj.insert("title".into(), json!(d.title(e)));
    obj.insert(
        "lane".into(),
        json!(d.lane(e.lane as usize).map(|l| l.id.as_str())),
    );
    obj.insert("status".into(), json!(e.status.name()));
    obj.insert("place".into(), json!(e.place.as_deref()));
    obj.insert("likelihood".into(), json!(e.likelihood.map(|l| l.term())));
    obj.insert("time".into(), Value::Object(time));
    obj.insert(
        "claims".into(),
        json!(
            e.claims
                .iter()
                .filter_map(|c| d.source(c.source as usize).map(|s| s.id.as_str()))
                .collect::<Vec<_>>()
        ),
    );
    Value::Object(obj)
}

/// A data set as `check --json` writes it, but for its events: `"events"` is there, null, in
/// its place, and [`WithEvents`] writes them one at a time (a million events as one JSON
/// value took gigabytes).
fn dataset_json(d: &Dataset) -> Value {
    json!({
        "title": d.title,
        "lanes": d.lanes.iter().map(|l| json!({"id": l.id, "label": l.label})).collect::<Vec<_>>(),
        "sources": d.sources.len(),
        "events": Value::Null,
    })
}

/// A file's document with its data set's events written in place of its `"events"`.
struct WithEvents<'a> {
    doc: &'a Value,
    data: Option<&'a Dataset>,
}

impl serde::Serialize for WithEvents<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        struct Events<'a>(&'a Dataset);
        impl serde::Serialize for Events<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.events.iter().map(|e| event_json(self.0, e)))
            }
        }
        let (Some(obj), Some(data)) = (self.doc.as_object(), self.data) else {
            return self.doc.serialize(s);
        };
        let mut m = s.serialize_map(Some(obj.len()))?;
        for (k, v) in obj {
            if k == "events" {
                m.serialize_entry(k, &Events(data))?;
            } else {
                m.serialize_entry(k, v)?;
            }
        }
        m.end()
    }
}

fn problem_json(p: &crate::model::Problem) -> Value {
    json!({"file": p.location.file, "line": p.location.line, "column": p.location.column, "record": p.record, "message": p.message})
}

/// A human summary of one loaded file.
pub fn summary(name: &str, loaded: &Loaded) -> String {
    let d = &loaded.dataset;
    let mut s = format!("{name}: {}\n", loaded.format_name());
    if !d.title.is_empty() {
        s += &format!("  title: {}\n", d.title);
    }
    let claims: usize = d.events.iter().map(|e| e.claims.len()).sum();
    let n = |n: usize| n.to_string();
    s += &format!(
        "  {}, {}, {}, {}\n",
        d.counted(d.events.len(), n),
        crate::model::counted(d.sources.len(), n, "source"),
        crate::model::counted(claims, n, "claim"),
        crate::model::counted(d.lanes.len(), n, "lane")
    );
    if let Some((lo, hi)) = d.extent() {
        s += &format!(
            "  time span: {} – {}\n",
            format_human_date(lo),
            format_human_date(hi)
        );
    }
    let mut counts = vec![0usize; d.lanes.len()];
    for e in &d.events {
        if let Some(c) = counts.get_mut(e.lane as usize) {
            *c += 1;
        }
    }
    // A global file has hundreds of actors: the first few lanes say enough.
    const SHOWN_LANES: usize = 12;
    let mut lanes: Vec<String> = d
        .lanes
        .iter()
        .zip(&counts)
        .take(SHOWN_LANES)
        .map(|(l, n)| format!("{} ({n})", l.label))
        .collect();
    if d.lanes.len() > SHOWN_LANES {
        lanes.push(format!("… and {} more", d.lanes.len() - SHOWN_LANES));
    }
    if !lanes.is_empty() {
        s += &format!("  lanes: {}\n", lanes.join(", "));
    }
    for r in &loaded.dates {
        s += &format!("  dates: {}: {}\n", r.column, r.rule);
    }
    if !d.eras.is_empty() {
        s += &format!("  eras: {}\n", d.eras.len());
    }
    if loaded.problems.is_empty() {
        s += "  no problems\n";
    } else {
        s += &format!(
            "  {}:\n",
            crate::model::counted(loaded.problems.len(), |n| n.to_string(), "problem")
        );
        for p in &loaded.problems {
            s += &format!("    {p}\n");
        }
    }
    s
}

/// `timeband check`: returns the exit status (0 clean, 1 record problems, 2 could not load).
pub fn check_command(
    files: &[PathBuf],
    as_json: bool,
    as_of: Option<&str>,
    options: &LoadOptions,
    out: &mut impl std::io::Write,
    err: &mut impl std::io::Write,
) -> std::io::Result<i32> {
    let at = match as_of.map(parse_as_of).transpose() {
        Ok(t) => t,
        Err(msg) => {
            writeln!(err, "error: {msg}")?;
            return Ok(2);
        }
    };
    let mut status = 0;
    let mut docs = Vec::new();
    for path in files {
        let name = path.display().to_string();
        match load::load_path_opts(path, options, &load::LoadControl::default()) {
            Ok(mut loaded) => {
                let mut hidden = None;
                if let Some(at) = at {
                    let p = known::project(&loaded.dataset, at, false);
                    let undated: Vec<String> = p
                        .data
                        .events
                        .iter()
                        .zip(&p.undated)
                        .filter(|(_, u)| **u)
                        .map(|(e, _)| p.data.id(e).to_string())
                        .collect();
                    hidden = Some((p.hidden_events, p.hidden_sources, p.hidden_claims, undated));
                    loaded.dataset = p.data;
                }
                if !loaded.problems.is_empty() {
                    status = status.max(1);
                }
                if as_json {
                    let mut v = dataset_json(&loaded.dataset);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("file".into(), json!(name));
                        o.insert("format".into(), json!(loaded.format_name()));
                        o.insert(
                            "dates".into(),
                            json!(
                                loaded
                                    .dates
                                    .iter()
                                    .map(|r| json!({"column": r.column, "read_as": r.rule}))
                                    .collect::<Vec<_>>()
                            ),
                        );
                        o.insert(
                            "problems".into(),
                            json!(loaded.problems.iter().map(problem_json).collect::<Vec<_>>()),
                        );
                        o.insert("error".into(), Value::Null);
                        if let (Some(at), Some((events, sources, claims, undated))) = (at, &hidden)
                        {
                            o.insert(
                                "as_known_on".into(),
                                json!({
                                    "at": crate::model::time::format_iso_datetime(at),
                                    "hidden_events": events,
                                    "hidden_sources": sources,
                                    "hidden_claims": claims,
                                    "undated_events": undated,
                                }),
                            );
                        }
                    }
                    docs.push((v, Some(loaded.dataset)));
                } else {
                    if let (Some(at), Some((events, sources, claims, _))) = (at, &hidden) {
                        writeln!(
                            out,
                            "as known on {} (00:00 UTC): {events} events, {sources} sources and {claims} claims not yet published are left out",
                            known::day_text(at)
                        )?;
                    }
                    write!(out, "{}", summary(&name, &loaded))?;
                    // The process ends soon; freeing a million records one by one costs 0.3 s.
                    std::mem::forget(loaded);
                }
            }
            Err(LoadError { location, message }) => {
                status = 2;
                if as_json {
                    docs.push((json!({"file": name, "error": {"file": location.file, "line": location.line, "column": location.column, "message": message}}), None));
                } else {
                    writeln!(err, "error: {location}: {message}")?;
                }
            }
        }
    }
    if as_json {
        let files: Vec<WithEvents> = docs
            .iter()
            .map(|(doc, data)| WithEvents {
                doc,
                data: data.as_ref(),
            })
            .collect();
        let mut w = std::io::BufWriter::new(&mut *out);
        #[derive(serde::Serialize)]
        struct Files<'a> {
            files: &'a [WithEvents<'a>],
        }
        serde_json::to_writer_pretty(&mut w, &Files { files: &files })
            .map_err(std::io::Error::from)?;
        std::io::Write::write_all(&mut w, b"\n")?;
        std::io::Write::flush(&mut w)?;
    }
    Ok(status)
}

/// A number of days for the sources table: "4", "2.5", "open"; "–" for none.
fn days_text(d: Option<f64>) -> String {
    match d {
        None => "–".into(),
        Some(d) if d.is_infinite() => "open".into(),
        Some(d) if d.fract() == 0.0 => format!("{d:.0}"),
        Some(d) if d.abs() >= 1.0 || d < 0.0 => format!("{d:.1}"),
        Some(d) if d >= 1.0 / 24.0 => format!("{:.0} h", d * 24.0),
        Some(d) => format!("{:.0} min", d * 1440.0),
    }
}

/// A finite number of days as JSON; null for none or an open window.
fn days_json(d: Option<f64>) -> Value {
    d.filter(|d| d.is_finite())
        .map_or(Value::Null, |d| json!(d))
}

/// One outlet's record as JSON.
pub fn source_record_json(r: &crate::model::track::SourceRecord) -> Value {
    let date = |t: Option<crate::model::Instant>| t.map(crate::model::time::format_iso_date);
    json!({
        "name": r.name,
        "kind": serde_json::to_value(r.kind).unwrap_or(Value::Null),
        "reliability": r.reliability.map(|g| g.letter().to_string()),
        "claims": r.claims,
        "hits": r.hits,
        "misses": r.misses,
        "median_lead_days": days_json(r.median_lead_days),
        "median_width_days": days_json(r.median_width_days),
        "partial": r.partial,
        "events": r.events,
        "first_published": date(r.first_published),
        "last_published": date(r.last_published),
        "place_hits": r.place_hits,
        "place_misses": r.place_misses,
        "place_unknown": r.place_unknown,
    })
}

/// `timeband sources`: returns the exit status (0 printed, 1 bad `--as-of`, 2 a file could not
/// be loaded).
pub fn sources_command(
    files: &[PathBuf],
    as_json: bool,
    as_of: Option<&str>,
    out: &mut impl std::io::Write,
    err: &mut impl std::io::Write,
) -> std::io::Result<i32> {
    use crate::model::track::track_record;
    let at = match as_of.map(parse_as_of).transpose() {
        Ok(t) => t,
        Err(msg) => {
            writeln!(err, "error: {msg}")?;
            return Ok(1);
        }
    };
    let mut data = Dataset::default();
    for path in files {
        match load::load_path(path) {
            Ok(loaded) => {
                for p in &loaded.problems {
                    writeln!(err, "warning: {p}")?;
                }
                let name = path.display().to_string();
                data.merge(loaded.dataset, &name);
            }
            Err(e) => {
                writeln!(err, "error: {e}")?;
                return Ok(2);
            }
        }
    }
    if let Some(at) = at {
        data = known::as_known_on(&data, at);
    }
    let records = track_record(&data);
    if as_json {
        let v = json!({"sources": records.iter().map(source_record_json).collect::<Vec<_>>()});
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        )?;
        return Ok(0);
    }
    if let Some(at) = at {
        writeln!(out, "as known on {} (00:00 UTC)", known::day_text(at))?;
    }
    let header = [
        "source",
        "kind",
        "rel",
        "claims",
        "events",
        "first",
        "last",
        "hits",
        "misses",
        "partial",
        "lead",
        "width",
        "place +/-/?",
    ];
    let date = |t: Option<crate::model::Instant>| {
        t.map_or_else(|| "–".to_string(), crate::model::time::format_iso_date)
    };
    let rows: Vec<[String; 13]> = records
        .iter()
        .map(|r| {
            [
                r.name.clone(),
                r.kind.name().to_string(),
                r.reliability.map_or("–".into(), |g| g.letter().to_string()),
                r.claims.to_string(),
                r.events.to_string(),
                date(r.first_published),
                date(r.last_published),
                r.hits.to_string(),
                r.misses.to_string(),
                r.partial.to_string(),
                days_text(r.median_lead_days),
                days_text(r.median_width_days),
                format!("{}/{}/{}", r.place_hits, r.place_misses, r.place_unknown),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let pad = w.saturating_sub(c.chars().count());
                // Text columns to the left, numbers to the right.
                if i < 3 || (5..7).contains(&i) {
                    format!("{c}{}", " ".repeat(pad))
                } else {
                    format!("{}{c}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(header.to_vec()))?;
    for row in &rows {
        writeln!(out, "{}", line(row.iter().map(String::as_str).collect()))?;
    }
    writeln!(
        out,
        "hits, misses, partial: claims on resolved events (confirmed, dated to the day) whose window contains, excludes or only overlaps the event's dates; lead and width: medians in days"
    )?;
    Ok(0)
}

/// What `export --chart` draws: `dating` or `places` (need `select`), `sources` or `activity`.
pub struct ChartArgs<'a> {
    pub file: &'a std::path::Path,
    pub output: &'a std::path::Path,
    pub chart: &'a str,
    pub select: Option<&'a str>,
    pub as_of: Option<&'a str>,
    pub width: u32,
    pub scale: f32,
    pub theme: ThemeArg,
    pub force: bool,
    /// How to read the file (`--map`, `--date-order`, `--lanes-by`).
    pub load: &'a LoadOptions,
}

/// `timeband export --chart KIND`: writes the chart as a PNG, or an SVG when the output ends in
/// `.svg`. Returns the exit status (0 written,
/// 1 bad arguments, 2 could not load or write).
pub fn export_chart_command(
    a: &ChartArgs<'_>,
    err: &mut impl std::io::Write,
) -> std::io::Result<i32> {
    use crate::export::chart::{Chart, chart_frame};
    use crate::export::{Format, write_atomic};
    if refuse_to_replace(a.output, a.force, err)? {
        return Ok(2);
    }
    // The format first: a PDF is refused before the file is read.
    let format = match Format::of_path(a.output) {
        Ok(f) => f,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(1);
        }
    };
    let loaded = match load::load_path_opts(a.file, a.load, &load::LoadControl::default()) {
        Ok(l) => l,
        Err(e) => {
            writeln!(err, "error: {e}")?;
            return Ok(2);
        }
    };
    let at = match a.as_of.map(parse_as_of).transpose() {
        Ok(t) => t,
        Err(msg) => {
            writeln!(err, "error: {msg}")?;
            return Ok(1);
        }
    };
    let caption = at.map_or_else(
        || format!("as known now · {}", crate::export::today()),
        |t| format!("as known on {}", known::day_text(t)),
    );
    let title = loaded.dataset.title.clone();
    // Sources and activity show the data set as known then; the dating chart shows every claim
    // and marks the date.
    let data = match (a.chart, at) {
        ("dating" | "places", _) | (_, None) => loaded.dataset,
        (_, Some(t)) => known::as_known_on(&loaded.dataset, t),
    };
    let idx = crate::index::Indexed::new(std::sync::Arc::new(data));
    let (chart, title) = match a.chart {
        "dating" => {
            let Some(id) = a.select else {
                writeln!(err, "error: --chart dating needs --select EVENT-ID")?;
                return Ok(1);
            };
            let Some(event) = idx.data.events.iter().position(|e| idx.data.id(e) == id) else {
                writeln!(err, "error: --select: no event has the id `{id}`")?;
                return Ok(1);
            };
            let name = idx.data.events.get(event).map_or("", |e| idx.data.title(e));
            (
                Chart::Dating { event, as_of: at },
                format!("How the dating changed: {name}"),
            )
        }
        "places" => {
            let Some(id) = a.select else {
                writeln!(err, "error: --chart places needs --select EVENT-ID")?;
                return Ok(1);
            };
            let Some(event) = idx.data.events.iter().position(|e| idx.data.id(e) == id) else {
                writeln!(err, "error: --select: no event has the id `{id}`")?;
                return Ok(1);
            };
            let name = idx.data.events.get(event).map_or("", |e| idx.data.title(e));
            (
                Chart::Places { event },
                format!("Where the claims placed it: {name}"),
            )
        }
        "sources" => (Chart::Sources, format!("Sources' track record: {title}")),
        "activity" => {
            let Some((t0, t1)) = idx.extent else {
                writeln!(err, "error: no event has a date")?;
                return Ok(1);
            };
            (Chart::Activity { t0, t1 }, format!("Activity: {title}"))
        }
        other => {
            writeln!(
                err,
                "error: --chart `{other}`: expected dating, places, sources or activity"
            )?;
            return Ok(1);
        }
    };
    let written = chart_frame(
        &idx,
        &chart,
        a.width as f32 / a.scale,
        a.scale,
        a.theme == ThemeArg::Dark,
        &title,
        &caption,
    )
    .and_then(|frame| frame.encode(format))
    .and_then(|bytes| write_atomic(a.output, &bytes, a.force));
    match written {
        Ok(()) => Ok(0),
        Err(e) => {
            writeln!(err, "error: {e}")?;
            Ok(2)
        }
    }
}
