//! The import dialog's trial load: the file read with the chosen columns on another thread,
//! exactly as Load will read it, keeping only what the dialog shows (counts, date rules, the
//! first problems). A large file's first MiB is tried first, so the dialog has an answer at once.

use crate::load::{self, LoadControl, LoadOptions};
use std::path::Path;

/// Problems the dialog lists (the count says how many there are).
const FIRST_PROBLEMS: usize = 5;

/// What a trial load found.
#[derive(Clone, Debug, Default)]
pub(super) struct Trial {
    pub events: usize,
    /// What each event is, where not an event ([`crate::model::Dataset::record`]).
    pub record: Option<&'static str>,
    pub problems: usize,
    pub first_problems: Vec<String>,
    /// How each date column was read (column as written, rule in words).
    pub dates: Vec<load::DateReading>,
    /// Problems about a date column as a whole (line 1), to show beside it.
    pub column_problems: Vec<String>,
    /// The file did not load at all.
    pub error: Option<String>,
    /// Counted over the file's first lines only (a large file, while the whole is read).
    pub sample_lines: Option<usize>,
}

/// Files larger than this get a quick trial on their first bytes before the whole is read.
pub(super) const SAMPLE_BYTES: u64 = 1 << 20;

/// A trial load of the first [`SAMPLE_BYTES`] of a large file (cut at a line end), so that the
/// dialog has rules and counts in a moment; `None` for a small file.
pub(super) fn sample_trial(path: &Path, options: &LoadOptions) -> Option<Trial> {
    use std::io::Read;
    let size = std::fs::metadata(path).ok()?.len();
    if size <= SAMPLE_BYTES {
        return None;
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(SAMPLE_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    let end = bytes.iter().rposition(|b| *b == b'\n')?;
    bytes.truncate(end + 1);
    let lines = bytecount(&bytes).saturating_sub(1);
    let name = path.display().to_string();
    let mut t = summarise(path, load::load_bytes_opts(&name, &bytes, options));
    t.sample_lines = Some(lines);
    Some(t)
}

fn bytecount(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count()
}

/// Loads `path` with `options` to see what would come of it, keeping only the counts.
pub(super) fn trial(path: &Path, options: &LoadOptions, control: &LoadControl) -> Trial {
    summarise(path, load::load_path_opts(path, options, control))
}

/// What a trial load came to.
fn summarise(path: &Path, result: Result<load::Loaded, load::LoadError>) -> Trial {
    match result {
        Ok(l) => {
            let file = path.display().to_string();
            let strip = |p: &crate::model::Problem| {
                let s = p.to_string();
                s.strip_prefix(&format!("{file}:"))
                    .map_or(s.clone(), str::to_string)
            };
            let t = Trial {
                events: l.dataset.events.len(),
                record: l.dataset.record,
                problems: l.problems.len(),
                first_problems: l.problems.iter().take(FIRST_PROBLEMS).map(strip).collect(),
                column_problems: l
                    .problems
                    .iter()
                    .filter(|p| p.location.line == 1 && p.message.contains("date column"))
                    .map(|p| p.message.clone())
                    .collect(),
                dates: l.dates,
                error: None,
                sample_lines: None,
            };
            // Freeing a large data set takes a while: here, not on the UI thread.
            drop(l.dataset);
            t
        }
        Err(e) => Trial {
            error: Some(e.message),
            ..Trial::default()
        },
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_is_tried_on_its_first_lines_first() {
        let dir = std::env::temp_dir().join(format!("timeband-sample-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("large.csv");
        let mut text = String::from("Name,field_date\n");
        let mut n = 0;
        while text.len() < (SAMPLE_BYTES as usize) * 2 {
            text.push_str(&format!("Event number {n},2020-01-01\n"));
            n += 1;
        }
        std::fs::write(&f, &text).unwrap();
        let options = LoadOptions {
            map: vec![("time".into(), "field_date".into())],
            ..LoadOptions::default()
        };
        let sample = sample_trial(&f, &options).unwrap();
        let lines = sample.sample_lines.unwrap();
        assert!(lines > 1000 && lines < n, "{lines} of {n}");
        assert_eq!(sample.events, lines);
        let whole = trial(&f, &options, &LoadControl::default());
        assert_eq!(whole.sample_lines, None);
        assert_eq!(whole.events, n);
        // A small file has no sample: its whole is quick.
        let small = dir.join("small.csv");
        std::fs::write(&small, "Name,field_date\nA,2020\n").unwrap();
        assert!(sample_trial(&small, &options).is_none());
    }
}
