//! The application: the window's struct and its frame (`ui`), menus, the status bar and the
//! problems panel. Its other jobs each have a file: opening and reloading files (`loading.rs`),
//! watching them (`watch.rs`), exporting (`export_ui.rs`), the lens' toolbar and windows
//! (`lens_ui.rs`), keys and help (`help.rs`), the detail pane (`detail.rs`, `dating.rs`), the
//! import dialog (`import/`) and the toolbar's "Lanes by" (`lanes_ui.rs`).

pub mod charts;
pub mod code_spans;
pub mod dating;
pub mod detail;
pub mod export_ui;
pub mod frame_stats;
pub mod help;
pub mod import;
pub mod lanes_ui;
pub mod lens_ui;
pub mod loading;
pub mod memo;
pub mod watch;

pub use loading::{LoadFailure, set_load_options};

use crate::index::Indexed;
use crate::model::{Dataset, Problem};
use crate::timeline::{TimelineOutput, TimelineState, TimelineStyle, TimelineView, timeline_ui};
use egui::RichText;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;
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
    /// Columns chosen in the import dialog, by header line.
    pub imports: Vec<import::RememberedImport>,
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
            imports: Vec::new(),
        }
    }
}

/// The timeband window.
pub struct TimebandApp {
    pub idx: Indexed,
    pub problems: Vec<Problem>,
    /// For each problem, the event it names, if that event loaded (resolved once per load).
    problem_targets: Vec<Option<usize>>,
    /// The name of the one file every problem is in, if they are all in one (worked out once
    /// per load: the panel names it over its list).
    problems_file: Option<String>,
    /// Files shown now; empty for the embedded sample.
    pub files: Vec<PathBuf>,
    /// Where dialogs go: the window below its menu bar (as of the last frame).
    dialog_area: egui::Rect,
    /// What persists of the view: range, cursor, folded lanes, the clock.
    pub view: TimelineView,
    /// This session's selection, playing and scroll.
    pub state: TimelineState,
    pub style: TimelineStyle,
    pub settings: Settings,
    /// The last load failure, shown until dismissed.
    pub error: Option<LoadFailure>,
    /// A passing message (e.g. "no file dialog available").
    pub notice: Option<String>,
    /// The notice when it says something was done (drawn as a plain message, not a warning).
    notice_done: Option<String>,
    loading: Option<loading::LoadJob>,
    /// The load under way is a reload of the files on screen, after they changed on disk.
    reloading: bool,
    /// After a reload: the id of the event to select again once the new data set is shown.
    reselect: Option<String>,
    pub show_help: bool,
    title: String,
    export: export_ui::ExportDialog,
    /// The timeline's size on screen last frame, in points: what "the view as it stands" is.
    timeline_size: egui::Vec2,
    /// What the timeline returned last frame: its axes and rects.
    pub timeline: Option<TimelineOutput>,
    watch: Option<watch::Watch>,
    /// "As known on", filters and search, and the data set they leave (see `lens_ui.rs`).
    pub lens: lens_ui::Lens,
    /// The chart windows (Sources) and their state.
    pub charts: charts::Charts,
    /// "Lanes by" in the toolbar.
    pub lanes: lanes_ui::LanesBy,
    /// The import dialog, while it is open.
    pub import: Option<import::ImportDialog>,
    /// The options chosen in the import dialog this session, by file.
    chosen_options: Vec<(PathBuf, crate::load::LoadOptions)>,
    /// The claim last picked on the dating chart, highlighted in the detail pane.
    pub picked: Option<detail::PickedClaim>,
    /// `TIMEBAND_FRAME_STATS=1`: each frame's time, printed on exit.
    frame_stats: Option<frame_stats::FrameStats>,
}

/// When the process started, for the startup-time log (`TIMEBAND_LOG_STARTUP=1`).
static STARTED: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Notes the process start; call first thing in `main`.
pub fn mark_start() {
    let _ = STARTED.set(Instant::now());
}

const SETTINGS_KEY: &str = "timeband-settings";

impl TimebandApp {
    /// The app showing the embedded sample, or `files` once they have loaded.
    pub fn new(files: Vec<PathBuf>, settings: Settings) -> TimebandApp {
        let (dataset, problems, error) = match crate::sample::load() {
            Ok(l) => (l.dataset, l.problems, None),
            Err(e) => (
                Dataset::default(),
                Vec::new(),
                Some(LoadFailure {
                    errors: format!("The embedded sample failed to load: {e}"),
                    note: "Open a file to begin.".into(),
                }),
            ),
        };
        let own = lanes_ui::OwnLanes::of(&dataset, false);
        let idx = Indexed::new(Arc::new(dataset));
        let targets = loading::problem_targets(&problems, &idx);
        let mut view = TimelineView::initial(&idx);
        if files.is_empty()
            && settings.last_files.is_empty()
            && let Some(v) = settings.view.clone()
        {
            view = v;
        }
        let mut app = TimebandApp {
            idx,
            problem_targets: targets,
            problems_file: one_file(&problems),
            problems,
            files: Vec::new(),
            dialog_area: egui::Rect::EVERYTHING,
            view,
            state: TimelineState::default(),
            style: TimelineStyle::window(),
            settings,
            error,
            notice: None,
            notice_done: None,
            loading: None,
            reloading: false,
            reselect: None,
            show_help: false,
            title: String::new(),
            export: export_ui::ExportDialog::new(),
            timeline_size: egui::vec2(1000.0, 600.0),
            timeline: None,
            frame_stats: frame_stats::FrameStats::from_env(),
            watch: None,
            lens: lens_ui::Lens::default(),
            charts: charts::Charts::default(),
            lanes: lanes_ui::LanesBy::default(),
            import: None,
            chosen_options: Vec::new(),
            picked: None,
        };
        // The sample keeps its own lanes; the command line's --lanes-by is for the files.
        app.lanes.loaded(own, None);
        app.lanes.first_load = loading::command_line_lanes();
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

    fn file_label(&self) -> String {
        if self.files.is_empty() {
            format!("{} (sample)", crate::sample::NAME)
        } else {
            self.files
                .iter()
                .map(|f| loading::file_name(f))
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

    /// File ▸ Import…: asks for a sheet and opens the import dialog on it.
    fn import_file_dialog(&mut self) {
        let started = Instant::now();
        let picked = rfd::FileDialog::new()
            .set_title("Import a CSV or TSV file")
            .add_filter("Sheets", &["csv", "tsv", "txt"])
            .add_filter("All files", &["*"])
            .pick_file();
        match picked {
            Some(f) => self.open_import(&f, false),
            _ if started.elapsed() < Duration::from_millis(250) => {
                self.notice = Some(
                    "No file dialog could be shown (no desktop portal or zenity is available). Pass the file on the command line with its columns: timeband FILE --map title=COLUMN --map time=COLUMN".into(),
                );
            }
            _ => {}
        }
    }

    /// Opens the import dialog on `path`; `unrecognised` when loading found no title or date.
    pub fn open_import(&mut self, path: &std::path::Path, unrecognised: bool) {
        match import::ImportDialog::new(path, &self.settings.imports, unrecognised) {
            Ok(d) => self.import = Some(d),
            Err(e) => {
                self.error = Some(LoadFailure {
                    errors: e.to_string(),
                    note: "The data set shown is unchanged.".into(),
                });
            }
        }
    }

    fn import_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = &mut self.import else {
            return;
        };
        match dialog.window_ui(ctx, self.dialog_area) {
            Some(import::ImportAction::Load(path, options, remembered)) => {
                import::remember(&mut self.settings.imports, remembered);
                self.chosen_options.retain(|(p, _)| *p != path);
                self.chosen_options.push((path.clone(), options));
                self.import = None;
                self.open(vec![path]);
            }
            Some(import::ImportAction::Cancel) => self.import = None,
            None => {}
        }
    }

    /// Shows the lanes re-derived by "Lanes by": the same events (the selected one stays
    /// selected, by id, once the lens has derived the new data set) over the same time range.
    fn show_lanes(&mut self, idx: Indexed) {
        let selected_id = self.state.selected.and_then(|i| {
            let shown = &self.lens.shown(&self.idx).data;
            shown.events.get(i).map(|e| shown.id(e).to_string())
        });
        let old = std::mem::replace(&mut self.idx, idx);
        std::thread::spawn(move || drop(old));
        // Lane ids are the new field's values now.
        self.lens.filter.lanes.clear();
        self.view.collapsed.clear();
        self.reselect = selected_id.or(self.reselect.take());
        self.state.selected = None;
    }

    /// Waits for "Lanes by" to finish re-deriving the lanes, and shows them (tests).
    pub fn wait_for_lanes(&mut self) {
        if let Some(idx) = self.lanes.wait() {
            self.show_lanes(idx);
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
        if let Some(idx) = self.lanes.poll() {
            self.show_lanes(idx);
        }
        if self.loading.is_some() || self.lanes.is_deriving() {
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
        for action in help::pressed(&ctx) {
            match action {
                help::AppAction::Open => self.open_dialog(),
                help::AppAction::Import => self.import_file_dialog(),
                help::AppAction::Export => self.export.open = true,
                help::AppAction::CopyImage => self.copy_image(&ctx),
                help::AppAction::Find => self.lens.focus_search(),
                help::AppAction::Help => self.show_help = !self.show_help,
            }
        }
        self.poll_screenshot();

        let title = format!("timeband — {}", self.file_label());
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }

        let menu = egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_ui(ui));
        });
        // Dialogs open below the menu bar, never over it.
        self.dialog_area = ctx.content_rect().with_min_y(menu.response.rect.bottom());
        // The lens: keys first (Space replays while "as known on" is set), then its toolbar,
        // then the one update of the frame, so every panel below shows the same derivation.
        self.lens.handle_keys(&ctx);
        self.lens.tick(&ctx, self.view.speed_days_per_sec);
        egui::Panel::top("lens").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                self.lanes.picker_ui(ui, &self.idx);
                ui.separator();
                self.lens
                    .toolbar_ui(ui, &self.idx, &mut self.view, &mut self.state);
            });
        });
        self.lens.update(&ctx, &self.idx, &mut self.state);
        self.reselect();
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.settings.show_problems && !self.problems.is_empty() {
            // As tall as a few problems need, up to seven lines: one problem is one line, not
            // a box of empty ones. Each size has its own panel id, so a height the analyst set
            // for a long list is not kept for a short one.
            let lines = self.problems.len().min(7);
            egui::Panel::bottom(("problems", lines))
                .resizable(true)
                .default_size(34.0 + 18.0 * lines as f32)
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
                            let original =
                                self.state.selected.and_then(|i| self.lens.original_of(i));
                            let mut clicked = None;
                            let data = &self.idx.data;
                            let known_on = self.lens.known_on;
                            let loaded_claims = original
                                .and_then(|i| data.events.get(i))
                                .map_or(0, |e| e.claims.len());
                            detail::detail_ui(
                                ui,
                                self.lens.shown(&self.idx),
                                &self.view,
                                &mut self.state,
                                &mut self.picked,
                                loaded_claims,
                                |ui| {
                                    clicked =
                                        charts::dating_section_ui(ui, data, original, known_on);
                                },
                            );
                            if let Some((event, claim)) = clicked {
                                // Highlighted in the list from the next frame on.
                                self.picked = detail::PickedClaim::new(data, event, claim);
                                ui.ctx().request_repaint();
                            }
                        });
                });
        }
        if let Some(ids) = self.charts.windows_ui(
            &ctx,
            &self.idx.data,
            self.lens.known_on,
            &self.lens.filter.sources,
        ) {
            self.lens.filter.sources = ids;
        }
        if self.lens.has_query() {
            egui::Panel::left("search results")
                .resizable(true)
                .default_size(240.0)
                .show(ui, |ui| {
                    self.lens
                        .results_ui(ui, &self.idx, &mut self.view, &mut self.state)
                });
        }
        let (t0, t1) = (self.view.t0, self.view.t1);
        let shown = self.lens.shown(&self.idx);
        if let Some((a, b)) =
            charts::activity_panel_ui(ui, self.charts.show_activity, shown, t0, t1)
        {
            self.view.set_range(a, b, 0.0);
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.banners_ui(ui);
            let mut known_on = self.lens.known_on;
            if crate::timeline::known::publication_strip_ui(
                ui,
                &self.view,
                &self.style,
                &self.lens.publications,
                &mut known_on,
            ) {
                // Derived at the next frame's update, asked for now.
                self.lens.set_known_on(known_on);
                ctx.request_repaint();
            }
            self.timeline_size = ui.available_size();
            let out = timeline_ui(
                ui,
                self.lens.shown(&self.idx),
                &self.lens.marks,
                &mut self.view,
                &mut self.state,
                &self.style,
            );
            // A data set with no events has no time to show: no axis around 1970, no cursor,
            // legend or overview under the message that says why.
            let nothing = self.idx.data.events.is_empty() && self.loading.is_none();
            if nothing {
                ui.painter()
                    .rect_filled(out.rect, 0.0, ui.visuals().panel_fill);
            }
            self.empty_state_ui(ui, out.rect);
            if let Some(r) = out.legend_controls.filter(|_| !nothing) {
                ui.put(
                    r,
                    egui::Checkbox::new(&mut self.lens.provenance, "a band per claim"),
                )
                .on_hover_text(
                    "Under each event, one thin band per dated claim: where each source put it",
                );
            }
            self.timeline = Some(out);
        });
        if self.export.open {
            self.export_dialog_ui(&ctx);
        }
        self.import_ui(&ctx);

        if self.show_help {
            egui::Window::new("Controls")
                .constrain_to(self.dialog_area)
                .open(&mut self.show_help)
                .resizable(false)
                .collapsible(false)
                .show(&ctx, help::help_ui);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("File", |ui| {
            if ui
                .add(
                    egui::Button::new("Open…").shortcut_text(ui.ctx().format_shortcut(&help::OPEN)),
                )
                .clicked()
            {
                ui.close();
                self.open_dialog();
            }
            if ui
                .add(
                    egui::Button::new("Import…")
                        .shortcut_text(ui.ctx().format_shortcut(&help::IMPORT)),
                )
                .on_hover_text("Open a CSV or TSV file choosing which column is which")
                .clicked()
            {
                ui.close();
                self.import_file_dialog();
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
                        .shortcut_text(ui.ctx().format_shortcut(&help::EXPORT)),
                )
                .clicked()
            {
                ui.close();
                self.export.open = true;
            }
            if ui
                .add(
                    egui::Button::new("Copy image")
                        .shortcut_text(ui.ctx().format_shortcut(&help::COPY_IMAGE)),
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
                self.view
                    .zoom_to_event(self.lens.shown(&self.idx), self.state.selected);
                ui.close();
            }
            ui.separator();
            ui.checkbox(&mut self.view.show_legend, "Legend");
            ui.checkbox(
                &mut self.lens.provenance,
                "Provenance bands (one per claim)",
            );
            ui.checkbox(&mut self.settings.show_detail, "Detail pane");
            self.charts.menu_ui(ui);
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
                .add(
                    egui::Button::new("Controls")
                        .shortcut_text(ui.ctx().format_shortcut(&help::HELP)),
                )
                .clicked()
            {
                self.show_help = true;
                ui.close();
            }
        });
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let keys = format!("Controls ({})", ui.ctx().format_shortcut(&help::HELP));
            if ui.button(" ? ").on_hover_text(keys).clicked() {
                self.show_help = !self.show_help;
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.label(RichText::new(self.file_label()).strong());
            let d = &self.idx.data;
            let plain = crate::timeline::paint::thousands;
            // The file's own lanes need no saying; any other field does.
            let by = match self.lanes.name() {
                "lane" => String::new(),
                field => format!(" by {field}"),
            };
            // Filters and "as known on" show part of what is loaded: say how much.
            let shown = self.lens.shown(&self.idx).data.events.len();
            let events = if shown == d.events.len() {
                d.counted(d.events.len(), plain)
            } else {
                format!(
                    "{} of {} shown",
                    plain(shown),
                    d.counted(d.events.len(), plain)
                )
            };
            ui.weak(format!(
                "{events} · {}{by}",
                crate::model::counted(d.lanes.len(), plain, "lane"),
            ));
            // A view that leaves events out says how many it holds (the first view of a
            // small set may be its busiest part): from the lane indexes, a few searches each.
            let shown_idx = self.lens.shown(&self.idx);
            if let Some((a, b)) = shown_idx.extent
                && (a < self.view.t0 || b > self.view.t1)
            {
                let in_view: usize = shown_idx
                    .lanes
                    .iter()
                    .map(|l| l.count(self.view.t0, self.view.t1))
                    .sum();
                ui.weak(format!("· {} in view", plain(in_view)));
                if ui
                    .small_button("Show all")
                    .on_hover_text("Fit the whole time span in view (F)")
                    .clicked()
                {
                    self.view.fit_all(shown_idx);
                }
            }
            let problems = self.problems.len();
            if problems > 0 {
                let text = RichText::new(format!(
                    "⚠ {}",
                    crate::model::counted(problems, plain, "problem")
                ))
                .color(ui.visuals().warn_fg_color);
                if ui
                    .link(text)
                    .on_hover_text("Show the records that were left out, and why")
                    .clicked()
                {
                    self.settings.show_problems = !self.settings.show_problems;
                }
            }
            // Nothing to play through, and no cursor to say, in a data set with no events.
            if d.events.is_empty() {
                return;
            }
            ui.separator();
            let play = if self.state.playing {
                "⏸ Pause"
            } else {
                "▶ Play"
            };
            if ui
                .button(play)
                .on_hover_text("Play the cursor forward (Space)")
                .clicked()
            {
                self.state.playing = !self.state.playing;
            }
            // A drag changes the speed by a share of itself, whatever its size.
            let step = self.view.speed_days_per_sec * 0.02;
            ui.add(
                egui::DragValue::new(&mut self.view.speed_days_per_sec)
                    .range(crate::timeline::PLAY_SPEEDS)
                    .speed(step)
                    .custom_formatter(|v, _| crate::timeline::speed_text(v))
                    .custom_parser(crate::timeline::parse_speed),
            )
            .on_hover_text("Play speed: how much time the cursor crosses a second (type \"30 min/s\", \"2 days/s\")");
            ui.separator();
            ui.weak(format!(
                "cursor {}",
                crate::model::time::format_human_date(
                    (self.view.cursor as i64).saturating_add(self.view.clock())
                )
            ));
        });
    }

    /// Over an empty timeline, why it is empty: the file gave no events (and where its rows
    /// went), or the filters and "as known on" hide them all. Without it the lanes' area is a
    /// blank axis around 1970 that says nothing.
    fn empty_state_ui(&self, ui: &mut egui::Ui, rect: egui::Rect) {
        let loaded = self.idx.data.events.len();
        if self.loading.is_some() || !self.lens.shown(&self.idx).data.events.is_empty() {
            return;
        }
        let n = crate::model::thousands;
        let text = if loaded > 0 {
            format!(
                "No events shown: the filters or \"as known on\" hide all {}.",
                self.idx.data.counted(loaded, n)
            )
        } else if self.problems.is_empty() {
            "No events: the file holds none.".to_string()
        } else {
            format!(
                "No events: the {} below {} why.",
                crate::model::counted(self.problems.len(), n, "problem"),
                if self.problems.len() == 1 {
                    "says"
                } else {
                    "say"
                }
            )
        };
        let at = egui::Rect::from_center_size(
            rect.center_top() + egui::vec2(0.0, rect.height() * 0.35),
            egui::vec2(rect.width().min(640.0), 40.0),
        );
        ui.put(
            at,
            egui::Label::new(
                RichText::new(text)
                    .size(16.0)
                    .color(ui.visuals().text_color()),
            ),
        );
    }

    fn problems_ui(&mut self, ui: &mut egui::Ui) {
        // The file is named once, over the list, when every problem is in it (the list is
        // capped per file, so this looks at a few thousand names at most).
        let one_file = self.problems_file.as_deref();
        ui.horizontal(|ui| {
            // Counted as problems: one may be of no record (a file with no rows).
            let counted = crate::model::counted(self.problems.len(), |n| n.to_string(), "problem");
            let heading = match one_file {
                Some(f) => format!("{counted} in {f}: what was left out or read with a warning"),
                None => format!("{counted}: what was left out or read with a warning"),
            };
            ui.label(RichText::new(heading).strong());
            if ui.small_button("Hide").clicked() {
                self.settings.show_problems = false;
            }
        });
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .min_scrolled_height(18.0)
            .show_rows(ui, 18.0, self.problems.len(), |ui, rows| {
                for n in rows {
                    let Some(p) = self.problems.get(n) else {
                        continue;
                    };
                    let target = self.problem_targets.get(n).copied().flatten();
                    let line = problem_line(p, one_file.is_none());
                    let text = code_spans::job(ui.style(), &line, egui::Color32::PLACEHOLDER);
                    match target {
                        Some(i) => {
                            if ui.link(text).on_hover_text("Select this event").clicked() {
                                // It may be hidden by a filter or the "as known on" date.
                                self.state.selected = self.lens.shown_of(i);
                                self.view
                                    .zoom_to_event(self.lens.shown(&self.idx), self.state.selected);
                            }
                        }
                        None => {
                            ui.label(text);
                        }
                    }
                }
            });
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

impl TimebandApp {
    /// Says that something was done (an export written): a notice in the text's colour, where
    /// warnings are in the warning colour.
    pub(crate) fn done(&mut self, text: String) {
        self.notice_done = Some(text.clone());
        self.notice = Some(text);
    }
}

/// The name of the one file all `problems` are in, if they are all in one.
fn one_file(problems: &[Problem]) -> Option<String> {
    let file = &problems.first()?.location.file;
    problems
        .iter()
        .all(|p| p.location.file == *file)
        .then(|| file_name(file).to_string())
}

/// A path's file name, for saying which file (the whole path where it has none).
fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// A problem as the panel lists it: "line 12, column 3 · ev-4: what is wrong", with the file's
/// name first where the list is of several files.
fn problem_line(p: &Problem, with_file: bool) -> String {
    let l = &p.location;
    let mut at = Vec::with_capacity(3);
    if with_file {
        at.push(file_name(&l.file).to_string());
    }
    if l.line > 0 {
        at.push(format!("line {}", l.line));
        if l.column > 0 {
            at.push(format!("column {}", l.column));
        }
    }
    let at = at.join(", ");
    let sep = if at.is_empty() { "" } else { " · " };
    match &p.record {
        Some(id) => format!("{at}{sep}{id}: {}", p.message),
        None => format!("{at}{sep}{}", p.message),
    }
}

impl eframe::App for TimebandApp {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        if let Some(stats) = &mut self.frame_stats {
            stats.begin();
        }
        TimebandApp::ui(self, ui);
        let loaded = self.loading.is_none();
        if let Some(stats) = &mut self.frame_stats
            && stats.end(frame.info().cpu_usage, loaded)
        {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(stats) = &self.frame_stats {
            eprintln!("{}", stats.summary());
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings_to_save());
    }
}
