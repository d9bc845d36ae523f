//! The command line: `timeband [FILE]...`, `timeband check`, `timeband date`. Parses arguments,
//! calls the library and prints; the logic lives in the library.

use crate::load::{self, LoadError, Loaded};
use crate::model::time::{format_human_date, format_iso};
use crate::model::{Bound, Dataset, Precision, UncertainTime, edtf, known};
use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use std::path::PathBuf;

/// timeband: see what happened when, how sure anyone is of each date, and who said so.
#[derive(Parser, Debug)]
#[command(name = "timeband", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// Event files to open (timeband JSON or JSON Lines, CSV, ACLED CSV, TimelineJS JSON or
    /// sheet, TimelineJS2, Timesketch, plaso, GDELT, vis-timeline). With none, the embedded
    /// sample opens.
    pub files: Vec<PathBuf>,
    /// Read the files in this format instead of the one their content suggests.
    #[arg(long, value_name = "NAME", value_parser = parse_format)]
    pub format: Option<load::Format>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

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
        /// Read the files in this format instead of the one their content suggests.
        #[arg(long, value_name = "NAME", value_parser = parse_format)]
        format: Option<load::Format>,
    },
    /// Export the timeline as a PNG image, headless (no display or GPU needed).
    Export {
        /// The event file (timeband JSON, CSV, TimelineJS).
        file: PathBuf,
        /// Where to write the PNG.
        #[arg(short, long)]
        output: PathBuf,
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
        /// Draw the data set as known on this date (EDTF), with a caption saying so.
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        /// Under each event, one thin band per dated claim (the provenance spread).
        #[arg(long)]
        provenance: bool,
        /// Replace OUTPUT if it exists.
        #[arg(long)]
        force: bool,
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
        /// Where to write: `.csv` for CSV (one row per claim), otherwise timeband JSON.
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Replace OUTPUT if it exists.
        #[arg(long)]
        force: bool,
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
    /// "As known on" this date (EDTF).
    pub as_of: Option<&'a str>,
    pub provenance: bool,
    pub force: bool,
}

/// Reads an `--as-of` date: the instant "as known on" it means (see [`known::as_of_instant`]).
pub fn parse_as_of(text: &str) -> Result<crate::model::Instant, String> {
    let t = edtf::parse(text).map_err(|e| format!("--as-of `{text}`: {e}"))?;
    known::as_of_instant(&t)
        .ok_or_else(|| format!("--as-of `{text}`: the date needs a known start"))
}

/// `timeband export`: returns the exit status (0 written, 1 bad arguments, 2 could not load or
/// write).
pub fn export_command(a: &ExportArgs<'_>, err: &mut impl std::io::Write) -> std::io::Result<i32> {
    use crate::export::{ExportOptions, encode_png, render, today, write_atomic};
    use crate::index::Indexed;
    use crate::timeline::TimelineView;
    if !a.force && a.output.exists() {
        writeln!(
            err,
            "error: {} exists; use --force to replace it",
            a.output.display()
        )?;
        return Ok(2);
    }
    if !(a.scale.is_finite() && (0.25..=8.0).contains(&a.scale)) {
        writeln!(err, "error: --scale must be between 0.25 and 8")?;
        return Ok(1);
    }
    let loaded = match load::load_path(a.file) {
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
    let projected = as_known_on.map(|at| {
        let p = known::project(&loaded.dataset, at, false);
        let caption = crate::export::KnownCaption::new(at, &loaded.dataset, &p.data);
        (p.data, p.undated, caption)
    });
    let (dataset, undated, caption) = match projected {
        Some((d, u, c)) => (d, u, Some(c)),
        None => (loaded.dataset, Vec::new(), None),
    };
    let idx = Indexed::new(std::sync::Arc::new(dataset));
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
    view.marks = std::sync::Arc::new(crate::timeline::marks::Marks {
        known_on: caption.as_ref().map(|k| k.at as f64),
        // Not dated by any report yet: drawn faint at the data set's dates.
        ghost: undated,
        provenance: a.provenance,
        ..Default::default()
    });
    if let Some(id) = a.select {
        match idx.data.events.iter().position(|e| e.id == id) {
            Some(i) => view.selected = Some(i),
            None => {
                writeln!(err, "error: --select: no event has the id `{id}`")?;
                return Ok(1);
            }
        }
    }
    if !a.lanes.is_empty() {
        let wanted: Vec<&str> = a.lanes.iter().map(|s| s.trim()).collect();
        for w in &wanted {
            if !idx.data.lanes.iter().any(|l| l.id == *w || l.label == *w) {
                let known: Vec<&str> = idx.data.lanes.iter().map(|l| l.id.as_str()).collect();
                writeln!(
                    err,
                    "error: --lanes: no lane `{w}`; the lanes are {}",
                    known.join(", ")
                )?;
                return Ok(1);
            }
        }
        view.hidden = idx
            .data
            .lanes
            .iter()
            .filter(|l| !wanted.contains(&l.id.as_str()) && !wanted.contains(&l.label.as_str()))
            .map(|l| l.id.clone())
            .collect();
    }
    let opts = ExportOptions {
        width: a.width as f32 / a.scale,
        height: a.height.map(|h| h as f32 / a.scale),
        scale: a.scale,
        dark: a.theme == ThemeArg::Dark,
        view,
        cursor: cursor.is_some(),
        source_name: a.file.file_name().map_or_else(
            || a.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        as_of: today(),
        known: caption,
    };
    let written = render(&idx, &opts)
        .and_then(|img| encode_png(&img))
        .and_then(|png| write_atomic(a.output, &png, a.force));
    match written {
        Ok(()) => Ok(0),
        Err(e) => {
            writeln!(err, "error: {e}")?;
            Ok(2)
        }
    }
}

/// `timeband generate`: returns the exit status (0 written, 2 could not write).
pub fn generate_command(
    events: u64,
    output: &std::path::Path,
    seed: u64,
    force: bool,
    err: &mut impl std::io::Write,
) -> std::io::Result<i32> {
    use crate::generate::{GenFormat, generate};
    if !force && output.exists() {
        writeln!(
            err,
            "error: {} exists; use --force to replace it",
            output.display()
        )?;
        return Ok(2);
    }
    let format = match output.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("csv") => GenFormat::Csv,
        _ => GenFormat::Json,
    };
    let written = std::fs::File::create(output).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        generate(&mut w, events, seed, format)?;
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
    match b {
        Bound::At(t) => Value::String(format_iso(t, p)),
        _ => Value::Null,
    }
}

fn end_kind(b: Bound) -> &'static str {
    match b {
        Bound::At(_) => "known",
        Bound::Open => "open",
        Bound::Unknown => "unknown",
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

fn dataset_json(d: &Dataset) -> Value {
    let events: Vec<Value> = d
        .events
        .iter()
        .map(|e| {
            let mut v = time_json(&e.time);
            let time = v.as_object_mut().map(std::mem::take).unwrap_or_default();
            let mut obj = serde_json::Map::new();
            obj.insert("id".into(), json!(e.id));
            obj.insert("title".into(), json!(e.title));
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
        })
        .collect();
    json!({
        "title": d.title,
        "lanes": d.lanes.iter().map(|l| json!({"id": l.id, "label": l.label})).collect::<Vec<_>>(),
        "sources": d.sources.len(),
        "events": events,
    })
}

fn problem_json(p: &crate::model::Problem) -> Value {
    json!({"file": p.location.file, "line": p.location.line, "column": p.location.column, "record": p.record, "message": p.message})
}

/// A human summary of one loaded file.
pub fn summary(name: &str, loaded: &Loaded) -> String {
    let d = &loaded.dataset;
    let mut s = format!("{name}: {}\n", loaded.format.name());
    if !d.title.is_empty() {
        s += &format!("  title: {}\n", d.title);
    }
    let claims: usize = d.events.iter().map(|e| e.claims.len()).sum();
    s += &format!(
        "  {} events, {} sources, {} claims, {} lanes\n",
        d.events.len(),
        d.sources.len(),
        claims,
        d.lanes.len()
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
    let lanes: Vec<String> = d
        .lanes
        .iter()
        .zip(&counts)
        .map(|(l, n)| format!("{} ({n})", l.label))
        .collect();
    if !lanes.is_empty() {
        s += &format!("  lanes: {}\n", lanes.join(", "));
    }
    if !d.eras.is_empty() {
        s += &format!("  eras: {}\n", d.eras.len());
    }
    if loaded.problems.is_empty() {
        s += "  no problems\n";
    } else {
        s += &format!("  {} problems:\n", loaded.problems.len());
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
        match load::load_path(path) {
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
                        .map(|(e, _)| e.id.to_string())
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
                        o.insert("format".into(), json!(loaded.format.name()));
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
                    docs.push(v);
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
                    docs.push(json!({"file": name, "error": {"file": location.file, "line": location.line, "column": location.column, "message": message}}));
                } else {
                    writeln!(err, "error: {location}: {message}")?;
                }
            }
        }
    }
    if as_json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({"files": docs})).unwrap_or_default()
        )?;
    }
    Ok(status)
}
