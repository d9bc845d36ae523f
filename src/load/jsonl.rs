//! JSON Lines of timeband's own event records: one event object per line (the keys of
//! docs/FORMAT.md, "Event"), optionally after one header line with the data set's own keys
//! (`timeband`, `title`, `description`, `lanes`, `sources`). Streaming tools can append a line at
//! a time; a line that is not whole JSON (one being written) is a problem, and the rest load.
//!
//! The lines are turned, as they stream in, into one timeband JSON document with the same line
//! numbers and columns, and read by the native loader.

use super::{LoadControl, LoadError, Loaded};
use std::io::{BufRead, Read};

/// Keys of a header line; an object with none of `id`, `time` and with one of these is one.
const HEADER_KEYS: &[&str] = &["timeband", "title", "description", "lanes", "sources"];

/// True when the object on a line is a header rather than an event.
fn is_header(line: &str) -> bool {
    let Ok(map) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line) else {
        return false;
    };
    // Only the header's keys: a record of another tool's with a `title` (pandas' lines) is no
    // header of timeband's.
    !map.is_empty() && map.keys().all(|k| HEADER_KEYS.contains(&k.as_str()))
}

/// True when a line is an event record of timeband's (for detection).
pub(super) fn is_record(line: &str) -> bool {
    let Ok(map) = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(line) else {
        return false;
    };
    is_header(line) || (map.contains_key("id") && map.contains_key("time"))
}

/// The lines of a JSON Lines file as one timeband JSON document.
struct Wrap<R> {
    input: R,
    line: usize,
    out: Vec<u8>,
    pos: usize,
    started: bool,
    events: usize,
    ended: bool,
    /// Lines left out: their number and what was wrong.
    bad: Vec<(usize, String)>,
    /// The columns of line 1 shifted by this many characters (no header line).
    shift: usize,
}

const OPEN: &str = "{\"timeband\":1,\"events\":[";

impl<R: BufRead> Wrap<R> {
    fn fill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.pos = 0;
        let mut raw = Vec::new();
        while self.out.is_empty() && !self.ended {
            raw.clear();
            let n = self.input.read_until(b'\n', &mut raw)?;
            if n == 0 {
                self.ended = true;
                if !self.started {
                    self.out.extend_from_slice(OPEN.as_bytes());
                }
                self.out.extend_from_slice(b"\n]}");
                return Ok(());
            }
            self.line += 1;
            // Each line's break is written before the next line, so a comma can go first.
            let sep = self.line > 1;
            let text = String::from_utf8_lossy(&raw);
            let body = text.trim_end_matches(['\n', '\r']);
            let body = if self.line == 1 {
                body.trim_start_matches('\u{feff}')
            } else {
                body
            };
            let bad = if body.trim().is_empty() {
                None
            } else {
                serde_json::from_str::<serde::de::IgnoredAny>(body).err()
            };
            if body.trim().is_empty() || bad.is_some() {
                if let Some(e) = bad {
                    self.bad.push((
                        self.line,
                        format!(
                            "not one whole JSON value ({}); this line is left out",
                            super::strip_position(&e.to_string())
                        ),
                    ));
                }
                if sep {
                    self.out.push(b'\n');
                }
                if !self.started {
                    self.out.extend_from_slice(OPEN.as_bytes());
                    self.started = true;
                    self.shift = OPEN.len();
                }
                continue;
            }
            if !self.started {
                self.started = true;
                if is_header(body) {
                    let inner = body.trim_end();
                    let inner = inner.strip_suffix('}').unwrap_or(inner).trim_end();
                    let versioned =
                        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(body)
                            .is_ok_and(|m| m.contains_key("timeband"));
                    if versioned {
                        self.out.extend_from_slice(inner.as_bytes());
                    } else {
                        let rest = inner.trim_start().strip_prefix('{').unwrap_or(inner);
                        self.out.extend_from_slice(b"{\"timeband\":1,");
                        self.out.extend_from_slice(rest.as_bytes());
                        self.shift = "\"timeband\":1,".len();
                    }
                    self.out.extend_from_slice(b",\"events\":[");
                    continue;
                }
                self.out.extend_from_slice(OPEN.as_bytes());
                self.shift = OPEN.len();
            }
            if self.events > 0 {
                self.out.push(b',');
            }
            if sep {
                self.out.push(b'\n');
            }
            self.events += 1;
            self.out.extend_from_slice(body.as_bytes());
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Wrap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.out.len() {
            if self.ended {
                return Ok(0);
            }
            self.fill()?;
        }
        let rest = self.out.get(self.pos..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), rest.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.pos += n;
        Ok(n)
    }
}

/// Loads timeband JSON Lines from a stream.
pub(super) fn load_stream<R: BufRead>(
    name: &str,
    input: R,
    control: &LoadControl,
) -> Result<Loaded, LoadError> {
    let mut wrap = Wrap {
        input,
        line: 0,
        out: Vec::new(),
        pos: 0,
        started: false,
        events: 0,
        ended: false,
        bad: Vec::new(),
        shift: 0,
    };
    let streamed = super::native::load_stream(name, std::io::BufReader::new(&mut wrap), control);
    let shift = wrap.shift;
    let bad = std::mem::take(&mut wrap.bad);
    let mut loaded = match streamed? {
        super::native::Streamed::Loaded(l) => *l,
        _ => {
            return Err(LoadError::new(
                name,
                1,
                1,
                "the lines could not be read as timeband event records",
            ));
        }
    };
    // Line 1's columns are the file's, not the wrapped document's.
    for p in &mut loaded.problems {
        if p.location.line == 1 {
            p.location.column = p.location.column.saturating_sub(shift).max(1);
        }
    }
    for e in &mut loaded.dataset.events {
        if e.location.line == 1 {
            e.location.column = e.location.column.saturating_sub(shift as u32).max(1);
        }
    }
    let mut problems: Vec<crate::model::Problem> = bad
        .into_iter()
        .map(|(line, message)| crate::model::Problem {
            location: crate::model::Location {
                file: name.into(),
                line,
                column: 1,
            },
            record: None,
            message,
        })
        .collect();
    problems.append(&mut loaded.problems);
    problems.sort_by_key(|p| p.location.line);
    loaded.problems = problems;
    loaded.format = super::Format::JsonLines;
    Ok(loaded)
}
