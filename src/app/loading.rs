//! Opening files: loads run on another thread (indexed there too), the UI thread only swaps the
//! result in; a reload of the files on screen keeps the selected event by its id, retries a file
//! caught half written, and keeps the last good data when a reload fails. When some files of an
//! open fail, the banner says which loaded and which did not.

use super::TimebandApp;
use super::import::ReadingRules;
use super::lanes_ui::OwnLanes;
use super::watch::RELOAD_RETRIES;
use crate::index::Indexed;
use crate::load::{self, LoadControl, LoadError};
use crate::model::{Dataset, Problem};
use crate::timeline::{TimelineState, TimelineView};
use egui::RichText;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Instant;

/// The result of loading files off the UI thread.
pub(super) struct Loaded {
    /// The files asked for.
    pub requested: Vec<PathBuf>,
    /// Those that loaded, in order.
    pub files: Vec<PathBuf>,
    /// The data set with its indexes, and the event each problem names.
    pub indexed: Option<(Indexed, Vec<Option<usize>>)>,
    pub problems: Vec<Problem>,
    pub errors: Vec<LoadError>,
    /// Sheets whose columns the loader did not recognise, for the import dialog.
    pub needs_columns: Vec<(PathBuf, LoadError)>,
    /// The lanes the files came with, and the field the lanes shown are by.
    pub own: Option<OwnLanes>,
    pub lanes_field: Option<String>,
    /// The lanes could not be made by the field asked for (the file lacks it).
    pub lanes_error: Option<String>,
    pub cancelled: bool,
}

/// A load under way on another thread.
pub(super) struct LoadJob {
    pub files: Vec<PathBuf>,
    rx: Receiver<Loaded>,
    pub control: LoadControl,
    /// Which of the files is being read now.
    pub current: Arc<AtomicUsize>,
}

/// Why files did not open, as the banner shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadFailure {
    /// Each error, naming file, line and column.
    pub errors: String,
    /// What is shown now: unchanged, or which files loaded and which did not.
    pub note: String,
}

impl TimebandApp {
    /// Starts loading files in the background; the current data stays until they are ready.
    pub fn open(&mut self, files: Vec<PathBuf>) {
        self.reloading = false;
        self.start_load(files);
    }

    /// Reloads the files on screen (as when they change on disk), keeping the selected event.
    pub fn reload(&mut self) {
        if self.files.is_empty() {
            return;
        }
        self.reloading = true;
        self.start_load(self.files.clone());
    }

    pub(super) fn start_load(&mut self, files: Vec<PathBuf>) {
        if let Some(old) = self.loading.take() {
            old.control.cancel();
        }
        let (tx, rx) = channel();
        let job = files.clone();
        let control = LoadControl::default();
        let current = Arc::new(AtomicUsize::new(0));
        let (c, n) = (control.clone(), current.clone());
        let rules = self.reading_rules();
        let lanes = self.lanes.for_load();
        std::thread::spawn(move || {
            let _ = tx.send(load_files(job, &rules, lanes, &c, &n));
        });
        self.loading = Some(LoadJob {
            files,
            rx,
            control,
            current,
        });
    }

    /// How files are read now: the import dialog's choices, the command line, remembered
    /// mappings.
    pub(super) fn reading_rules(&self) -> ReadingRules {
        ReadingRules {
            chosen: self.chosen_options.clone(),
            command_line: load_options().clone(),
            remembered: self.settings.imports.clone(),
        }
    }

    /// Stops the load under way; the data set on screen stays.
    pub fn cancel_load(&mut self) {
        if let Some(job) = &self.loading {
            job.control.cancel();
        }
    }

    /// Waits for a background load to finish (tests and headless use).
    pub fn wait_for_load(&mut self) {
        if let Some(job) = self.loading.take()
            && let Ok(loaded) = job.rx.recv()
        {
            self.finish_load(loaded);
        }
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    pub(super) fn poll_load(&mut self) {
        let Some(job) = &self.loading else { return };
        if let Ok(loaded) = job.rx.try_recv() {
            self.loading = None;
            self.finish_load(loaded);
        }
    }

    pub(super) fn finish_load(&mut self, mut loaded: Loaded) {
        if loaded.cancelled {
            self.reloading = false;
            self.notice = Some("Loading cancelled; the data set shown is unchanged.".into());
            return;
        }
        // A sheet whose columns are not recognised opens the import dialog, but on a reload
        // (it changed on disk and lost its columns) it is an error like any other.
        let mut ask = loaded.needs_columns.drain(..);
        if let Some((path, e)) = ask.next() {
            if self.reloading {
                loaded.errors.push(e);
            } else {
                self.open_import(&path, true);
            }
        }
        let rest: Vec<LoadError> = ask.map(|(_, e)| e).collect();
        loaded.errors.extend(rest);
        let errors = loaded
            .errors
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        if self.reloading {
            self.reloading = false;
            if !loaded.errors.is_empty() || loaded.indexed.is_none() {
                let failures = self.watch.as_mut().map_or(RELOAD_RETRIES, |w| {
                    w.failures += 1;
                    w.failures
                });
                if failures < RELOAD_RETRIES {
                    // Perhaps caught half written: try again shortly, show nothing yet.
                    if let Some(w) = &mut self.watch {
                        w.pending = Some(Instant::now());
                    }
                    return;
                }
                // Keep the last good data on screen; say why the new version did not load.
                self.error = Some(LoadFailure {
                    errors: format!(
                        "{errors}\n(changed on disk; the last version that loaded is still shown)"
                    ),
                    note: "The data set shown is unchanged.".into(),
                });
                return;
            }
            if let Some(w) = &mut self.watch {
                w.failures = 0;
            }
        }
        self.error = (!loaded.errors.is_empty()).then(|| LoadFailure {
            errors,
            note: failure_note(&loaded),
        });
        let Some((idx, targets)) = loaded.indexed else {
            return;
        };
        let same_files = loaded.files == self.files;
        // The selection is an index into the data set shown: find its event again by id.
        let selected_id = self.state.selected.and_then(|i| {
            let shown = &self.lens.shown(&self.idx).data;
            shown.events.get(i).map(|e| shown.id(e).to_string())
        });
        let old = std::mem::replace(&mut self.idx, idx);
        // Freeing a million events takes a while: not on the UI thread.
        std::thread::spawn(move || drop(old));
        self.lanes.loaded(
            loaded
                .own
                .unwrap_or_else(|| OwnLanes::of(&self.idx.data, false)),
            loaded.lanes_field,
        );
        if let Some(e) = loaded.lanes_error {
            self.notice = Some(format!("{e}; the file's own lanes are shown"));
        }
        self.problems_file = super::one_file(&loaded.problems);
        self.problems = loaded.problems;
        self.problem_targets = targets;
        if same_files {
            self.reselect = selected_id;
            self.state.selected = None;
        } else {
            let restore = (loaded.files == self.settings.last_files)
                .then(|| self.settings.view.clone())
                .flatten();
            self.view = restore.unwrap_or_else(|| TimelineView::initial(&self.idx));
            self.state = TimelineState::default();
            self.reselect = None;
        }
        if !self.problems.is_empty() {
            self.settings.show_problems = true;
        }
        for f in &loaded.files {
            self.settings.recent.retain(|r| r != f);
            self.settings.recent.insert(0, f.clone());
        }
        self.settings.recent.truncate(10);
        self.files = loaded.files;
    }

    /// After a reload, selects the event that was selected before, by its id, once the lens has
    /// derived the new data set (a few comparisons per frame until then; one pass, once).
    pub(super) fn reselect(&mut self) {
        if self.reselect.is_none() || !self.lens.is_current(&self.idx) {
            return;
        }
        let Some(id) = self.reselect.take() else {
            return;
        };
        let shown = self.lens.shown(&self.idx);
        self.state.selected = shown
            .data
            .events
            .iter()
            .position(|e| shown.data.id(e) == id);
    }

    /// The banners over the timeline: why files did not open, a passing notice, a load
    /// under way with its progress and Cancel.
    pub(super) fn banners_ui(&mut self, ui: &mut egui::Ui) {
        if let Some(err) = self.error.clone() {
            let mut dismiss = false;
            egui::Frame::new()
                .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
                .inner_margin(6.0)
                .corner_radius(4.0)
                .show(ui, |ui| {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new("Could not open")
                                .strong()
                                .color(ui.visuals().error_fg_color),
                        );
                        ui.label(&err.errors);
                        if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                            dismiss = true;
                        }
                    });
                    ui.weak(&err.note);
                });
            if dismiss {
                self.error = None;
            }
        }
        if let Some(n) = self.notice.clone() {
            ui.horizontal(|ui| {
                let color = if self.notice_done.as_ref() == Some(&n) {
                    ui.visuals().text_color()
                } else {
                    ui.visuals().warn_fg_color
                };
                ui.label(RichText::new(n).color(color));
                if ui.small_button("✖").clicked() {
                    self.notice = None;
                }
            });
        }
        let mut cancel = false;
        if let Some(job) = &self.loading {
            ui.horizontal(|ui| {
                let n = job.current.load(Ordering::Relaxed);
                let name = job
                    .files
                    .get(n)
                    .or(job.files.last())
                    .map(|f| f.display().to_string())
                    .unwrap_or_default();
                let of = if job.files.len() > 1 {
                    format!(" ({} of {})", n + 1, job.files.len())
                } else {
                    String::new()
                };
                let (done, total) = job.control.bytes();
                let fraction = job.control.progress().unwrap_or(0.0);
                let text = if job.control.is_cancelled() {
                    "Cancelling…".to_string()
                } else if total > 0 {
                    format!(
                        "Loading {name}{of}: {} of {} MB",
                        done / 1_000_000,
                        total / 1_000_000
                    )
                } else {
                    format!("Loading {name}{of}…")
                };
                // A size not known (a workbook that does not declare its rows): no percentage.
                let bar = egui::ProgressBar::new(fraction).desired_width(260.0);
                let bar = if total > 0 {
                    bar.show_percentage()
                } else {
                    bar
                };
                ui.add(bar.animate(true));
                ui.label(text);
                cancel = ui
                    .button("Cancel")
                    .on_hover_text("Stop loading; the data set shown stays")
                    .clicked();
            });
        }
        if cancel {
            self.cancel_load();
        }
    }

    pub(super) fn open_sample(&mut self) {
        if let Ok(l) = crate::sample::load() {
            let idx = Indexed::new(Arc::new(l.dataset));
            let targets = problem_targets(&l.problems, &idx);
            self.finish_load(Loaded {
                requested: Vec::new(),
                files: Vec::new(),
                indexed: Some((idx, targets)),
                problems: l.problems,
                errors: Vec::new(),
                needs_columns: Vec::new(),
                own: None,
                lanes_field: None,
                lanes_error: None,
                cancelled: false,
            });
        }
    }
}

/// A file's name for messages: its last component.
pub(super) fn file_name(f: &Path) -> String {
    f.file_name().map_or_else(
        || f.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// What the screen shows after a load with errors: nothing new, or the files that loaded.
fn failure_note(loaded: &Loaded) -> String {
    if loaded.indexed.is_none() || loaded.files.is_empty() {
        return "The data set shown is unchanged.".into();
    }
    let names = |files: &[PathBuf]| {
        files
            .iter()
            .map(|f| file_name(f))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let failed: Vec<PathBuf> = loaded
        .requested
        .iter()
        .filter(|f| !loaded.files.contains(f))
        .cloned()
        .collect();
    format!(
        "Now showing {}, which loaded; not loaded: {}.",
        names(&loaded.files),
        names(&failed)
    )
}

/// The event each problem names, where that event loaded: one pass over the events, not one per
/// problem per frame.
pub(super) fn problem_targets(problems: &[Problem], idx: &Indexed) -> Vec<Option<usize>> {
    if problems.iter().all(|p| p.record.is_none()) {
        return vec![None; problems.len()];
    }
    // The events of each id (a repeated id, kept apart, shares it with the first), with the
    // line each starts on.
    let mut by_id: std::collections::HashMap<&str, Vec<(usize, u32)>> =
        std::collections::HashMap::new();
    for (i, e) in idx.data.events.iter().enumerate() {
        by_id
            .entry(idx.data.id(e))
            .or_default()
            .push((i, e.location.line));
    }
    problems
        .iter()
        .map(|p| {
            let id = p.record.as_deref()?;
            let line = u32::try_from(p.location.line).unwrap_or(u32::MAX);
            // A repeated id read as its own event (`arc_001 (line 9)`): the problem is that
            // event's. Else the event of the id on the problem's line, else the first.
            let own = format!("{id} (line {line})");
            let events = by_id.get(own.as_str()).or_else(|| by_id.get(id))?;
            events
                .iter()
                .find(|(_, l)| *l == line)
                .or(events.first())
                .map(|(i, _)| *i)
        })
        .collect()
}

/// How the window reads files (`timeband FILE --map … --lanes-by …`), set once at start.
static LOAD_OPTIONS: std::sync::OnceLock<load::LoadOptions> = std::sync::OnceLock::new();

/// Sets how the window reads files; only the first call counts.
pub fn set_load_options(options: load::LoadOptions) {
    let _ = LOAD_OPTIONS.set(options);
}

/// The command line's `--lanes-by`, which the window starts with.
pub(super) fn command_line_lanes() -> Option<String> {
    load_options().lanes_by.clone()
}

fn load_options() -> &'static load::LoadOptions {
    static DEFAULT: std::sync::OnceLock<load::LoadOptions> = std::sync::OnceLock::new();
    LOAD_OPTIONS
        .get()
        .unwrap_or_else(|| DEFAULT.get_or_init(load::LoadOptions::default))
}

/// Loads `files` as `rules` say, one after another, into one data set with lanes by
/// `lanes_field` (the files' own for `None`); indexed here, off the UI thread.
fn load_files(
    files: Vec<PathBuf>,
    rules: &ReadingRules,
    lanes_field: Option<String>,
    control: &LoadControl,
    current: &AtomicUsize,
) -> Loaded {
    let mut dataset: Option<Dataset> = None;
    let mut problems = Vec::new();
    let mut errors = Vec::new();
    let mut needs_columns = Vec::new();
    let mut loaded_files = Vec::new();
    let mut all_acled = true;
    for (n, f) in files.iter().enumerate() {
        current.store(n, Ordering::Relaxed);
        if control.is_cancelled() {
            break;
        }
        let options = rules.options_for(f);
        match load::load_path_opts(f, &options, control) {
            Ok(l) => {
                all_acled &= l.format == load::Format::Acled;
                problems.extend(l.problems);
                loaded_files.push(f.clone());
                match &mut dataset {
                    None => dataset = Some(l.dataset),
                    Some(d) => {
                        let name = f.file_stem().map_or_else(
                            || f.display().to_string(),
                            |s| s.to_string_lossy().into_owned(),
                        );
                        d.merge(l.dataset, &name);
                    }
                }
            }
            Err(e) if load::preview::needs_columns(f, &options) => {
                needs_columns.push((f.clone(), e))
            }
            Err(e) => errors.push(e),
        }
    }
    if control.is_cancelled() {
        return Loaded {
            requested: files,
            files: loaded_files,
            indexed: None,
            problems: Vec::new(),
            errors: Vec::new(),
            needs_columns: Vec::new(),
            own: None,
            lanes_field: None,
            lanes_error: None,
            cancelled: true,
        };
    }
    let mut own = None;
    let mut lanes_error = None;
    let mut lanes_field = lanes_field;
    if let Some(d) = &mut dataset {
        let lanes = OwnLanes::of(d, all_acled);
        if let Err(e) = super::lanes_ui::derive(d, &lanes, lanes_field.as_deref()) {
            lanes_error = Some(e);
            lanes_field = None;
        }
        own = Some(lanes);
    }
    let indexed = dataset.map(|d| {
        let idx = Indexed::new(Arc::new(d));
        let targets = problem_targets(&problems, &idx);
        (idx, targets)
    });
    // Nothing loaded: the files asked for stay the subject (the banner names them).
    let files_shown = if indexed.is_some() {
        loaded_files
    } else {
        files.clone()
    };
    Loaded {
        requested: files,
        files: files_shown,
        indexed,
        problems,
        errors,
        needs_columns,
        own,
        lanes_field,
        lanes_error,
        cancelled: false,
    }
}
