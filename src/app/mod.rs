//! The application: menus, panels (detail, problems, help), opening files (arguments, dialog,
//! drag-and-drop, recent), loading off the UI thread, and persistence.

pub mod dating;
pub mod detail;
pub mod lens;

use crate::index::Indexed;
use crate::load::{self, LoadControl, LoadError};
use crate::model::{Dataset, Problem};
use crate::timeline::{TimelineView, timeline_ui};
use egui::{Key, KeyboardShortcut, Modifiers, RichText};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// The theme choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// What persists between runs.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    pub theme: Theme,
    pub show_problems: bool,
    pub show_detail: bool,
    /// The files last open, and the view over them.
    pub last_files: Vec<PathBuf>,
    pub view: Option<TimelineView>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            recent: Vec::new(),
            theme: Theme::System,
            show_problems: false,
            show_detail: true,
            last_files: Vec::new(),
            view: None,
        }
    }
}

/// The result of loading files off the UI thread, indexed there too, so that the UI thread only
/// swaps it in.
struct Loaded {
    files: Vec<PathBuf>,
    /// The data set with its indexes, and the event each problem names.
    indexed: Option<(Indexed, Vec<Option<usize>>)>,
    problems: Vec<Problem>,
    errors: Vec<LoadError>,
    cancelled: bool,
}

/// A load under way on another thread.
struct LoadJob {
    files: Vec<PathBuf>,
    rx: Receiver<Loaded>,
    control: LoadControl,
    /// Which of the files is being read now.
    current: Arc<std::sync::atomic::AtomicUsize>,
}

/// The timeband window.
pub struct TimebandApp {
    pub idx: Indexed,
    pub problems: Vec<Problem>,
    /// For each problem, the event it names, if that event loaded (resolved once per load).
    problem_targets: Vec<Option<usize>>,
    /// Files shown now; empty for the embedded sample.
    pub files: Vec<PathBuf>,
    pub view: TimelineView,
    pub settings: Settings,
    /// The last load failure, shown until dismissed.
    pub error: Option<String>,
    /// A passing message (e.g. "no file dialog available").
    pub notice: Option<String>,
    loading: Option<LoadJob>,
    /// The load under way is a reload of the files on screen, after they changed on disk.
    reloading: bool,
    show_help: bool,
    title: String,
    export: ExportDialog,
    /// A whole-window screenshot on its way, and where it goes.
    screenshot: Option<(PathBuf, Receiver<Arc<egui::ColorImage>>)>,
    /// The timeline's size on screen last frame, in points: what "the view as it stands" is.
    timeline_size: egui::Vec2,
    watch: Option<Watch>,
    /// "As known on", filters and search, and the data set they leave (see `lens.rs`).
    pub lens: lens::Lens,
}

/// Watching the open files for changes on disk.
struct Watch {
    files: Vec<PathBuf>,
    _watcher: notify::RecommendedWatcher,
    changes: Receiver<()>,
    /// When the last change arrived; reload once the file has been quiet for a moment.
    pending: Option<Instant>,
    /// Reloads that failed in a row; a file caught half written is retried before it is reported.
    failures: u32,
}

/// How long a file must be quiet before it is reloaded.
const RELOAD_QUIET: Duration = Duration::from_millis(250);
/// How often a failing reload is retried before its error is shown.
const RELOAD_RETRIES: u32 = 3;

/// What File ▸ Export image… makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ExportWhat {
    Timeline,
    Window,
}

/// The export dialog's choices.
#[derive(Clone, Debug)]
struct ExportDialog {
    open: bool,
    what: ExportWhat,
    /// Pixels per point: 1 or 2; ignored when a width is chosen.
    scale: f32,
    /// A chosen pixel width instead of the on-screen size.
    width: Option<u32>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        ExportDialog {
            open: false,
            what: ExportWhat::Timeline,
            scale: 1.0,
            width: None,
        }
    }
}

/// When the process started, for the startup-time log (`TIMEBAND_LOG_STARTUP=1`).
static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Notes the process start; call first thing in `main`.
pub fn mark_start() {
    let _ = STARTED.set(Instant::now());
}

const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const COPY_IMAGE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C);
const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const SETTINGS_KEY: &str = "timeband-settings";

impl TimebandApp {
    /// The app showing the embedded sample, or `files` once they have loaded.
    pub fn new(files: Vec<PathBuf>, settings: Settings) -> TimebandApp {
        let (dataset, problems, error) = match crate::sample::load() {
            Ok(l) => (l.dataset, l.problems, None),
            Err(e) => (
                Dataset::default(),
                Vec::new(),
                Some(format!("The embedded sample failed to load: {e}")),
            ),
        };
        let idx = Indexed::new(Arc::new(dataset));
        let targets = problem_targets(&problems, &idx);
        let mut view = TimelineView::initial(&idx);
        if files.is_empty()
            && settings.last_files.is_empty()
            && let Some(v) = settings.view.clone()
        {
            view = TimelineView {
                selected: None,
                ..v
            };
        }
        let mut app = TimebandApp {
            idx,
            problem_targets: targets,
            problems,
            files: Vec::new(),
            view,
            settings,
            error,
            notice: None,
            loading: None,
            show_help: false,
            title: String::new(),
            export: ExportDialog::default(),
            screenshot: None,
            timeline_size: egui::vec2(1000.0, 600.0),
            watch: None,
            reloading: false,
            lens: lens::Lens::default(),
        };
        if !files.is_empty() {
            app.open(files);
        }
        app
    }

    /// Creates the app from eframe, restoring settings.
    pub fn from_eframe(cc: &eframe::CreationContext<'_>, files: Vec<PathBuf>) -> TimebandApp {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let app = TimebandApp::new(files, settings);
        app.apply_theme(&cc.egui_ctx);
        app
    }

    fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.settings.theme {
            Theme::System => egui::ThemePreference::System,
            Theme::Light => egui::ThemePreference::Light,
            Theme::Dark => egui::ThemePreference::Dark,
        });
    }

    /// Starts loading files in the background; the current data stays until they are ready.
    pub fn open(&mut self, files: Vec<PathBuf>) {
        self.reloading = false;
        self.start_load(files);
    }

    fn start_load(&mut self, files: Vec<PathBuf>) {
        if let Some(old) = self.loading.take() {
            old.control.cancel();
        }
        let (tx, rx) = channel();
        let job = files.clone();
        let control = LoadControl::default();
        let current = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let (c, n) = (control.clone(), current.clone());
        std::thread::spawn(move || {
            let _ = tx.send(load_files(job, &c, &n));
        });
        self.loading = Some(LoadJob {
            files,
            rx,
            control,
            current,
        });
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

    fn poll_load(&mut self) {
        let Some(job) = &self.loading else { return };
        if let Ok(loaded) = job.rx.try_recv() {
            self.loading = None;
            self.finish_load(loaded);
        }
    }

    fn finish_load(&mut self, loaded: Loaded) {
        if loaded.cancelled {
            self.reloading = false;
            self.notice = Some("Loading cancelled; the data set shown is unchanged.".into());
            return;
        }
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
                let why = loaded
                    .errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n");
                self.error = Some(format!(
                    "{why}\n(changed on disk; the last version that loaded is still shown)"
                ));
                return;
            }
            if let Some(w) = &mut self.watch {
                w.failures = 0;
            }
        }
        self.error = if loaded.errors.is_empty() {
            None
        } else {
            Some(
                loaded
                    .errors
                    .iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        };
        let Some((idx, targets)) = loaded.indexed else {
            return;
        };
        let same_files = loaded.files == self.files;
        let old = std::mem::replace(&mut self.idx, idx);
        // Freeing a million events takes a while: not on the UI thread.
        std::thread::spawn(move || drop(old));
        self.problems = loaded.problems;
        self.problem_targets = targets;
        if !same_files {
            let restore = (loaded.files == self.settings.last_files)
                .then(|| self.settings.view.clone())
                .flatten();
            self.view = match restore {
                Some(v) => TimelineView {
                    selected: None,
                    ..v
                },
                None => TimelineView::initial(&self.idx),
            };
        } else if self
            .view
            .selected
            .is_some_and(|s| s >= self.idx.data.events.len())
        {
            self.view.selected = None;
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

    /// Watches the open files, reloading them when they change on disk.
    fn poll_watch(&mut self, ctx: &egui::Context) {
        if self.watch.as_ref().map(|w| &w.files) != Some(&self.files) {
            self.watch = None;
            if !self.files.is_empty() {
                match watch_files(&self.files, ctx.clone()) {
                    Ok(w) => self.watch = Some(w),
                    Err(e) => {
                        self.notice = Some(format!("Changes on disk will not be noticed: {e}"))
                    }
                }
            }
        }
        let Some(w) = &mut self.watch else { return };
        while w.changes.try_recv().is_ok() {
            w.pending = Some(Instant::now());
        }
        let Some(since) = w.pending else { return };
        let wait = RELOAD_QUIET * (w.failures + 1);
        if since.elapsed() < wait {
            ctx.request_repaint_after(wait - since.elapsed());
            return;
        }
        if self.loading.is_some() {
            return;
        }
        w.pending = None;
        let files = w.files.clone();
        self.reloading = true;
        self.start_load(files);
    }

    fn file_label(&self) -> String {
        if self.files.is_empty() {
            format!("{} (sample)", crate::sample::NAME)
        } else {
            self.files
                .iter()
                .map(|f| {
                    f.file_name().map_or_else(
                        || f.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    }

    fn open_dialog(&mut self) {
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Open event files")
            .add_filter("Event files", crate::load::EXTENSIONS)
            .add_filter("All files", &["*"])
            .pick_files();
        match picked {
            Some(files) if !files.is_empty() => self.open(files),
            // No person cancels a dialog this fast: there was no dialog to show.
            _ if started.elapsed() < Duration::from_millis(250) => {
                self.notice = Some(
                    "No file dialog could be shown (no desktop portal or zenity is available). Drop files on the window, or pass them on the command line: timeband FILE…".into(),
                );
            }
            _ => {}
        }
    }

    /// The whole window's UI.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if self.title.is_empty()
            && std::env::var_os("TIMEBAND_LOG_STARTUP").is_some()
            && let Some(t) = STARTED.get()
        {
            eprintln!(
                "timeband: first frame {:.0} ms after start",
                t.elapsed().as_secs_f64() * 1000.0
            );
        }
        self.poll_load();
        self.poll_watch(&ctx);
        if self.loading.is_some() {
            ctx.request_repaint_after(Duration::from_millis(50));
        }

        // Files dropped on the window.
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if !dropped.is_empty() {
            self.open(dropped);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN)) {
            self.open_dialog();
        }
        if ctx.input_mut(|i| i.consume_shortcut(&EXPORT)) {
            self.export.open = true;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&COPY_IMAGE)) {
            self.copy_image(&ctx);
        }
        self.poll_screenshot();
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::F1)) {
            self.show_help = !self.show_help;
        }

        let title = format!("timeband — {}", self.file_label());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_ui(ui));
        });
        // The lens: keys first (Space replays while "as known on" is set), then its toolbar.
        self.lens.handle_keys(&ctx, &FIND);
        self.lens.tick(&ctx, self.view.speed_days_per_sec);
        self.lens.update(&ctx, &self.idx, &mut self.view);
        egui::Panel::top("lens").show(ui, |ui| {
            self.lens.toolbar_ui(ui, &self.idx, &mut self.view);
        });
        self.lens.update(&ctx, &self.idx, &mut self.view);
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.settings.show_problems && !self.problems.is_empty() {
            egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(140.0)
                .show(ui, |ui| self.problems_ui(ui));
        }
        if self.settings.show_detail {
            egui::Panel::right("detail")
                .resizable(true)
                .default_size(380.0)
                .min_size(260.0)
                .show(ui, |ui| {
                    egui::ScrollArea::vertical()
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                            detail::detail_ui(ui, self.lens.shown(&self.idx), &mut self.view);
                        });
                });
        }
        if self.lens.has_query() {
            egui::Panel::left("search results")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| self.lens.results_ui(ui, &self.idx, &mut self.view));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.banners_ui(ui);
            if crate::timeline::known::publication_strip_ui(
                ui,
                &self.view,
                &self.lens.publications,
                &mut self.lens.known_on,
            ) {
                self.lens.set_known_on(self.lens.known_on);
                self.lens.update(&ctx, &self.idx, &mut self.view);
            }
            self.timeline_size = ui.available_size();
            let out = timeline_ui(ui, self.lens.shown(&self.idx), &mut self.view);
            if let Some(legend) = out.legend {
                let w = crate::timeline::LEGEND_CONTROLS_WIDTH;
                let r = egui::Rect::from_min_size(
                    egui::pos2(legend.right() - w, legend.top() + 3.0),
                    egui::vec2(w - 6.0, 20.0),
                );
                ui.put(
                    r,
                    egui::Checkbox::new(&mut self.lens.provenance, "a band per claim"),
                )
                .on_hover_text(
                    "Under each event, one thin band per dated claim: where each source put it",
                );
            }
        });
        if self.export.open {
            self.export_dialog_ui(&ctx);
        }

        if self.show_help {
            egui::Window::new("Controls")
                .open(&mut self.show_help)
                .resizable(false)
                .collapsible(false)
                .show(&ctx, help_ui);
        }
    }

    fn banners_ui(&mut self, ui: &mut egui::Ui) {
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
                        ui.label(&err);
                        if ui.small_button("✖").on_hover_text("Dismiss").clicked() {
                            dismiss = true;
                        }
                    });
                    ui.weak("The data set shown is unchanged.");
                });
            if dismiss {
                self.error = None;
            }
        }
        if let Some(n) = self.notice.clone() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(n).color(ui.visuals().warn_fg_color));
                if ui.small_button("✖").clicked() {
                    self.notice = None;
                }
            });
        }
        let mut cancel = false;
        if let Some(job) = &self.loading {
            ui.horizontal(|ui| {
                let n = job.current.load(std::sync::atomic::Ordering::Relaxed);
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
                ui.add(
                    egui::ProgressBar::new(fraction)
                        .desired_width(260.0)
                        .show_percentage()
                        .animate(true),
                );
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

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&OPEN)))
                .clicked()
            {
                ui.close();
                self.open_dialog();
            }
            ui.menu_button("Open Recent", |ui| {
                if self.settings.recent.is_empty() {
                    ui.weak("No recent files");
                }
                for f in self.settings.recent.clone() {
                    if ui.button(f.display().to_string()).clicked() {
                        ui.close();
                        self.open(vec![f]);
                    }
                }
            });
            ui.separator();
            if ui
                .add(
                    egui::Button::new("Export image…")
                        .shortcut_text(ui.ctx().format_shortcut(&EXPORT)),
                )
                .clicked()
            {
                ui.close();
                self.export.open = true;
            }
            if ui
                .add(
                    egui::Button::new("Copy image")
                        .shortcut_text(ui.ctx().format_shortcut(&COPY_IMAGE)),
                )
                .clicked()
            {
                ui.close();
                self.copy_image(ui.ctx());
            }
            ui.separator();
            if ui.button("Open the sample").clicked() {
                ui.close();
                self.open_sample();
            }
            ui.separator();
            if ui.button("Quit").clicked() {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
        });
        ui.menu_button("View", |ui| {
            if ui
                .add(egui::Button::new("Fit all").shortcut_text("F"))
                .clicked()
            {
                self.view.fit_all(self.lens.shown(&self.idx));
                ui.close();
            }
            if ui
                .add(egui::Button::new("Zoom to selection").shortcut_text("Z"))
                .clicked()
            {
                self.view.zoom_to_selection(self.lens.shown(&self.idx));
                ui.close();
            }
            ui.separator();
            ui.checkbox(&mut self.view.show_legend, "Legend");
            ui.checkbox(
                &mut self.lens.provenance,
                "Provenance bands (one per claim)",
            );
            ui.checkbox(&mut self.settings.show_detail, "Detail pane");
            ui.checkbox(
                &mut self.settings.show_problems,
                format!("Problems ({})", self.problems.len()),
            );
            ui.separator();
            ui.label("Theme");
            let before = self.settings.theme;
            ui.radio_value(&mut self.settings.theme, Theme::System, "Follow the system");
            ui.radio_value(&mut self.settings.theme, Theme::Light, "Light");
            ui.radio_value(&mut self.settings.theme, Theme::Dark, "Dark");
            if before != self.settings.theme {
                self.apply_theme(ui.ctx());
            }
        });
        ui.menu_button("Help", |ui| {
            if ui
                .add(egui::Button::new("Controls").shortcut_text("F1"))
                .clicked()
            {
                self.show_help = true;
                ui.close();
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button(" ? ").on_hover_text("Controls (F1)").clicked() {
                self.show_help = !self.show_help;
            }
        });
    }

    fn open_sample(&mut self) {
        if let Ok(l) = crate::sample::load() {
            let idx = Indexed::new(Arc::new(l.dataset));
            let targets = problem_targets(&l.problems, &idx);
            self.finish_load(Loaded {
                files: Vec::new(),
                indexed: Some((idx, targets)),
                problems: l.problems,
                errors: Vec::new(),
                cancelled: false,
            });
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(self.file_label()).strong());
            let d = &self.idx.data;
            ui.weak(format!(
                "{} events · {} lanes",
                d.events.len(),
                d.lanes.len()
            ));
            let problems = self.problems.len();
            if problems > 0 {
                let text = RichText::new(format!("⚠ {problems} problems"))
                    .color(ui.visuals().warn_fg_color);
                if ui
                    .link(text)
                    .on_hover_text("Show the records that were left out, and why")
                    .clicked()
                {
                    self.settings.show_problems = !self.settings.show_problems;
                }
            }
            ui.separator();
            let play = if self.view.playing {
                "⏸ Pause"
            } else {
                "▶ Play"
            };
            if ui
                .button(play)
                .on_hover_text("Play the cursor forward (Space)")
                .clicked()
            {
                self.view.playing = !self.view.playing;
            }
            ui.add(
                egui::DragValue::new(&mut self.view.speed_days_per_sec)
                    .range(0.01..=3650.0)
                    .speed(0.1)
                    .suffix(" days/s"),
            )
            .on_hover_text("Play speed");
            ui.separator();
            ui.weak(format!(
                "cursor {}",
                crate::model::time::format_human_date(self.view.cursor as i64)
            ));
        });
    }

    fn problems_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "Problems: {} records left out or read with a warning",
                    self.problems.len()
                ))
                .strong(),
            );
            if ui.small_button("Hide").clicked() {
                self.settings.show_problems = false;
            }
        });
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, 18.0, self.problems.len(), |ui, rows| {
                for n in rows {
                    let Some(p) = self.problems.get(n) else {
                        continue;
                    };
                    let target = self.problem_targets.get(n).copied().flatten();
                    let text = p.to_string();
                    match target {
                        Some(i) => {
                            if ui.link(text).on_hover_text("Select this event").clicked() {
                                // It may be hidden by a filter or the "as known on" date.
                                self.view.selected = self.lens.shown_of(i);
                                self.view.zoom_to_selection(self.lens.shown(&self.idx));
                            }
                        }
                        None => {
                            ui.label(text);
                        }
                    }
                }
            });
    }

    /// Export options for the timeline view as it stands.
    pub fn export_options(
        &self,
        dark: bool,
        scale: f32,
        width_px: Option<u32>,
    ) -> crate::export::ExportOptions {
        let width = width_px.map_or(self.timeline_size.x, |w| w as f32 / scale);
        let height = if width_px.is_some() {
            None
        } else {
            Some(self.timeline_size.y + 90.0)
        };
        let shown = self.lens.shown(&self.idx);
        crate::export::ExportOptions {
            width,
            height,
            scale,
            dark,
            view: self.view.clone(),
            cursor: true,
            source_name: self.file_label(),
            as_of: crate::export::today(),
            known: self
                .lens
                .known_on
                .map(|at| crate::export::KnownCaption::new(at, &self.idx.data, &shown.data)),
        }
    }

    /// Renders the timeline view and writes it; the result is shown in the window.
    pub fn export_timeline_to(
        &mut self,
        path: &std::path::Path,
        dark: bool,
        scale: f32,
        width_px: Option<u32>,
    ) {
        let opts = self.export_options(dark, scale, width_px);
        let result = crate::export::render(self.lens.shown(&self.idx), &opts)
            .and_then(|img| crate::export::encode_png(&img))
            // The save dialog has already asked before replacing a file.
            .and_then(|png| crate::export::write_atomic(path, &png, true));
        self.notice = Some(match result {
            Ok(()) => format!("Exported the timeline to {}", path.display()),
            Err(e) => format!("Export failed: {e}. Nothing was written."),
        });
    }

    fn copy_image(&mut self, ctx: &egui::Context) {
        let opts = self.export_options(ctx.global_style().visuals.dark_mode, 1.0, None);
        match crate::export::render(self.lens.shown(&self.idx), &opts) {
            Ok(img) => {
                let image =
                    egui::ColorImage::from_rgba_unmultiplied([img.width, img.height], &img.rgba);
                ctx.copy_image(image);
                self.notice = Some("Copied the timeline image to the clipboard.".into());
            }
            Err(e) => self.notice = Some(format!("Could not copy the image: {e}")),
        }
    }

    fn poll_screenshot(&mut self) {
        let Some((path, rx)) = &self.screenshot else {
            return;
        };
        let Ok(image) = rx.try_recv() else { return };
        let path = path.clone();
        self.screenshot = None;
        let img = crate::export::Image {
            width: image.size[0],
            height: image.size[1],
            rgba: image
                .pixels
                .iter()
                .flat_map(|c| c.to_srgba_unmultiplied())
                .collect(),
        };
        let result = crate::export::encode_png(&img)
            .and_then(|png| crate::export::write_atomic(&path, &png, true));
        self.notice = Some(match result {
            Ok(()) => format!("Exported the window to {}", path.display()),
            Err(e) => format!("Export failed: {e}. Nothing was written."),
        });
    }

    fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.export.open;
        let mut save = false;
        egui::Window::new("Export image")
            .open(&mut open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.radio_value(
                    &mut self.export.what,
                    ExportWhat::Timeline,
                    "The timeline view, with title, legend and an “as of” footer",
                );
                ui.radio_value(
                    &mut self.export.what,
                    ExportWhat::Window,
                    "The whole window, as on screen",
                );
                if self.export.what == ExportWhat::Timeline {
                    ui.separator();
                    ui.horizontal(|ui| {
                        let mut choice = match self.export.width {
                            Some(_) => 0,
                            None if self.export.scale >= 2.0 => 2,
                            None => 1,
                        };
                        ui.radio_value(&mut choice, 1, "1×");
                        ui.radio_value(&mut choice, 2, "2×");
                        ui.radio_value(&mut choice, 0, "width");
                        match choice {
                            1 => {
                                self.export.scale = 1.0;
                                self.export.width = None;
                            }
                            2 => {
                                self.export.scale = 2.0;
                                self.export.width = None;
                            }
                            _ => {
                                let mut w = self.export.width.unwrap_or(1600);
                                ui.add(
                                    egui::DragValue::new(&mut w)
                                        .range(400..=16000)
                                        .suffix(" px"),
                                );
                                self.export.width = Some(w);
                                self.export.scale = 1.0;
                            }
                        }
                    });
                    let (w, h) = match self.export.width {
                        Some(w) => (w as f32, f32::NAN),
                        None => (
                            self.timeline_size.x * self.export.scale,
                            (self.timeline_size.y + 90.0) * self.export.scale,
                        ),
                    };
                    if h.is_nan() {
                        ui.weak(format!("{w:.0} pixels wide, as tall as the lanes need"));
                    } else {
                        ui.weak(format!("{w:.0} × {h:.0} pixels"));
                    }
                }
                ui.separator();
                if ui.button("Save as PNG…").clicked() {
                    save = true;
                }
            });
        self.export.open = open;
        if !save {
            return;
        }
        self.export.open = false;
        let name = format!("timeband-{}.png", chrono::Utc::now().format("%Y-%m-%d"));
        let started = Instant::now();
        let Some(path) = rfd::FileDialog::new()
            .set_title("Export image")
            .set_file_name(&name)
            .add_filter("PNG image", &["png"])
            .save_file()
        else {
            if started.elapsed() < Duration::from_millis(250) {
                self.notice = Some("No save dialog could be shown (no desktop portal or zenity is available). Use `timeband export FILE -o OUT.png` instead.".into());
            }
            return;
        };
        match self.export.what {
            ExportWhat::Timeline => {
                let dark = ctx.global_style().visuals.dark_mode;
                self.export_timeline_to(&path, dark, self.export.scale, self.export.width);
            }
            ExportWhat::Window => {
                let (tx, rx) = channel();
                ctx.request_screenshot(move |image| {
                    let _ = tx.send(image);
                });
                ctx.request_repaint();
                self.screenshot = Some((path, rx));
            }
        }
    }

    /// Settings to persist, with the current view.
    pub fn settings_to_save(&self) -> Settings {
        Settings {
            last_files: self.files.clone(),
            view: Some(self.view.clone()),
            ..self.settings.clone()
        }
    }
}

/// Watches the folders of `files` (editors often replace a file rather than write it in place)
/// and reports changes to those files.
fn watch_files(files: &[PathBuf], ctx: egui::Context) -> notify::Result<Watch> {
    use notify::Watcher;
    let (tx, rx) = channel();
    let wanted: Vec<PathBuf> = files
        .iter()
        .map(|f| std::fs::canonicalize(f).unwrap_or_else(|_| f.clone()))
        .collect();
    let names = wanted.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        if event.paths.iter().any(|p| {
            names
                .iter()
                .any(|n| n == p || n.file_name() == p.file_name() && n.parent() == p.parent())
        }) {
            let _ = tx.send(());
            ctx.request_repaint();
        }
    })?;
    let mut dirs: Vec<PathBuf> = wanted
        .iter()
        .filter_map(|f| f.parent().map(PathBuf::from))
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in &dirs {
        watcher.watch(d, notify::RecursiveMode::NonRecursive)?;
    }
    Ok(Watch {
        files: files.to_vec(),
        _watcher: watcher,
        changes: rx,
        pending: None,
        failures: 0,
    })
}

/// The event each problem names, where that event loaded: one pass over the events, not one per
/// problem per frame.
fn problem_targets(problems: &[Problem], idx: &Indexed) -> Vec<Option<usize>> {
    if problems.iter().all(|p| p.record.is_none()) {
        return vec![None; problems.len()];
    }
    let by_id: std::collections::HashMap<&str, usize> = idx
        .data
        .events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    problems
        .iter()
        .map(|p| p.record.as_deref().and_then(|id| by_id.get(id).copied()))
        .collect()
}

fn load_files(
    files: Vec<PathBuf>,
    control: &LoadControl,
    current: &std::sync::atomic::AtomicUsize,
) -> Loaded {
    let mut dataset: Option<Dataset> = None;
    let mut problems = Vec::new();
    let mut errors = Vec::new();
    for (n, f) in files.iter().enumerate() {
        current.store(n, std::sync::atomic::Ordering::Relaxed);
        if control.is_cancelled() {
            break;
        }
        match load::load_path_with(f, control) {
            Ok(l) => {
                problems.extend(l.problems);
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
            Err(e) => errors.push(e),
        }
    }
    let loaded_files = if dataset.is_some() {
        files
            .into_iter()
            .filter(|f| {
                !errors
                    .iter()
                    .any(|e| *e.location.file == *f.display().to_string())
            })
            .collect()
    } else {
        files
    };
    if control.is_cancelled() {
        return Loaded {
            files: loaded_files,
            indexed: None,
            problems: Vec::new(),
            errors: Vec::new(),
            cancelled: true,
        };
    }
    let indexed = dataset.map(|d| {
        let idx = Indexed::new(Arc::new(d));
        let targets = problem_targets(&problems, &idx);
        (idx, targets)
    });
    Loaded {
        files: loaded_files,
        indexed,
        problems,
        errors,
        cancelled: false,
    }
}

fn help_ui(ui: &mut egui::Ui) {
    let rows = [
        ("Drag the lanes", "pan in time"),
        ("Scroll", "pan (and move through lanes when they overflow)"),
        ("Ctrl + scroll, pinch, + / −", "zoom around the pointer"),
        ("Double-click, F", "fit all"),
        ("Z", "zoom to the selected event"),
        ("Click an event", "select it and show its sources"),
        ("Double-click an event", "select and zoom to it"),
        ("Drag the cursor or the date axis", "move the time cursor"),
        (
            "⬅ / ➡",
            "cursor to the previous / next event boundary, selecting it",
        ),
        ("Home / End", "first / last event"),
        ("Space", "play the cursor forward (speed in the status bar)"),
        (
            "Overview strip",
            "drag the window to move, its edges to zoom; click to jump",
        ),
        ("Lane name", "collapse or expand the lane"),
        ("Ctrl + O", "open files; or drop them on the window"),
        ("Ctrl + E", "export an image of the timeline or the window"),
        ("Ctrl + Shift + C", "copy an image of the timeline"),
        (
            "Publication strip (above the axis)",
            "drag or click: show the data as known on that day; double-click: everything",
        ),
        (
            "Space (with “as known on” set)",
            "replay the reporting day by day",
        ),
        (
            "Ctrl + F",
            "find; Enter / Shift + Enter step through the matches",
        ),
        ("F1, ?", "this help"),
    ];
    egui::Grid::new("controls").striped(true).show(ui, |ui| {
        for (k, v) in rows {
            ui.label(RichText::new(k).strong());
            ui.label(v);
            ui.end_row();
        }
    });
}

impl eframe::App for TimebandApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TimebandApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings_to_save());
    }
}
