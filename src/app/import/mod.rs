//! The import dialog (File ▸ Import…, and opened by itself for a sheet whose columns the loader
//! does not recognise): a preview of the first rows, a column per role (the roles of `--map`)
//! preselected with what loading would detect, the rule each date column is read by, and how
//! many events would load with what is left out and why, counted by a trial load on another
//! thread. Load reads the file with the chosen columns as `--map` does, and the choice is
//! remembered for files with the same header line (see [`ReadingRules`]).

use crate::load::preview::{MAP_ROLES, Preview};
use crate::load::{self, DateOrder, LoadControl, LoadOptions};
use egui::RichText;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

mod rules;
mod trial;

pub use rules::{ReadingRules, RememberedImport, remember};
use trial::{Trial, sample_trial};

/// Rows the preview shows.
const PREVIEW_ROWS: usize = 12;
/// The roles read as dates.
const DATE_ROLES: &[&str] = &["time", "start", "end", "published"];

/// A trial load running on another thread, for the options it was started with.
struct TrialJob {
    options: LoadOptions,
    control: LoadControl,
    rx: Receiver<Trial>,
}

/// What the dialog asks of the app.
pub enum ImportAction {
    /// Read this file with these options (and remember them for its header).
    Load(PathBuf, LoadOptions, RememberedImport),
    Cancel,
}

/// The import dialog's state, for one file.
pub struct ImportDialog {
    pub path: PathBuf,
    preview: Preview,
    /// Per role of [`MAP_ROLES`], the column the loader detects with no mapping.
    detected: Vec<Option<usize>>,
    /// Per role, the column chosen.
    pub chosen: Vec<Option<usize>>,
    pub date_order: Option<DateOrder>,
    /// Why the file was opened here: the loader did not recognise its columns.
    unrecognised: bool,
    /// The loader finds a title and a date among the columns previewed, with no mapping.
    readable: bool,
    /// The worksheet of a workbook chosen here (`None`: the one a load reads by itself).
    sheet: Option<String>,
    /// Why the worksheet asked for could not be previewed.
    sheet_error: Option<String>,
    /// The mappings remembered by header, for another worksheet's header.
    remembered: Vec<RememberedImport>,
    /// The header of the worksheet a load reads by itself: what a choice of another is
    /// remembered under.
    first_header: String,
    job: Option<TrialJob>,
    /// The latest finished trial and the options it was for.
    trial: Option<(LoadOptions, Trial)>,
}

impl ImportDialog {
    /// The dialog for `path`, its columns preselected as loading would (or as `remembered` says).
    pub fn new(
        path: &Path,
        remembered: &[RememberedImport],
        unrecognised: bool,
    ) -> Result<ImportDialog, load::LoadError> {
        let preview = load::preview::read(path, PREVIEW_ROWS)?;
        let mut dialog = ImportDialog {
            path: path.to_path_buf(),
            preview: Preview::default(),
            detected: Vec::new(),
            chosen: Vec::new(),
            date_order: None,
            unrecognised,
            readable: false,
            sheet: None,
            sheet_error: None,
            remembered: remembered.to_vec(),
            first_header: preview.header_line.clone(),
            job: None,
            trial: None,
        };
        // A worksheet chosen before for this workbook.
        let sheet = remembered
            .iter()
            .find(|r| r.header == preview.header_line)
            .and_then(|r| r.sheet.clone());
        dialog.show(preview)?;
        if let Some(s) = sheet {
            dialog.choose_sheet(&s);
        }
        Ok(dialog)
    }

    /// Shows `preview`: its columns preselected as loading would, or as a mapping remembered
    /// for its header says.
    fn show(&mut self, preview: Preview) -> Result<(), load::LoadError> {
        let (detected, readable) = preview.roles(&[])?;
        self.readable = readable || preview.acled || preview.aggregated || preview.format.is_some();
        let mut chosen = detected.clone();
        let shown = preview.sheet.as_deref();
        if let Some(r) = self.remembered.iter().find(|r| match &r.sheet {
            Some(s) => r.header == self.first_header && shown == Some(s.as_str()),
            None => r.header == preview.header_line,
        }) {
            if let Ok((cols, _)) = preview.roles(&r.map) {
                chosen = cols;
            }
            self.date_order = r.options().date_order;
        }
        self.preview = preview;
        self.detected = detected;
        self.chosen = chosen;
        Ok(())
    }

    /// Reads the workbook's worksheet `sheet` instead: its rows previewed, its columns chosen
    /// afresh, a load reading it.
    pub fn choose_sheet(&mut self, sheet: &str) {
        match load::preview::read_sheet(&self.path, PREVIEW_ROWS, Some(sheet))
            .and_then(|p| self.show(p))
        {
            Ok(()) => {
                self.sheet = Some(sheet.to_string());
                self.sheet_error = None;
            }
            Err(e) => self.sheet_error = Some(e.message),
        }
    }

    /// The options the choice gives, as `--map` and `--date-order` would: no mapping when the
    /// columns are those the loader detects (so ACLED and other formats stay read as they are),
    /// otherwise every role's column (an empty one for none), so nothing is left to detection.
    pub fn options(&self) -> LoadOptions {
        let map = if self.chosen == self.detected {
            Vec::new()
        } else {
            MAP_ROLES
                .iter()
                .zip(&self.chosen)
                .map(|(role, c)| {
                    let column = c
                        .and_then(|i| self.preview.headers.get(i))
                        .cloned()
                        .unwrap_or_default();
                    (role.to_string(), column)
                })
                .collect()
        };
        LoadOptions {
            map,
            date_order: self.date_order,
            lanes_by: None,
            sheet: self.sheet.clone(),
        }
    }

    fn remembered(&self, options: &LoadOptions) -> RememberedImport {
        RememberedImport {
            header: match options.sheet {
                Some(_) => self.first_header.clone(),
                None => self.preview.header_line.clone(),
            },
            map: options.map.clone(),
            date_order: options.date_order.map(|o| o.name().to_string()),
            sheet: options.sheet.clone(),
        }
    }

    /// Starts a trial load for the options as they stand, if none is for them; takes a
    /// finished one.
    fn update_trial(&mut self, ctx: &egui::Context) {
        // A large file's sample comes first, then the whole file.
        let received: Vec<Trial> = self
            .job
            .as_ref()
            .map(|j| j.rx.try_iter().collect())
            .unwrap_or_default();
        for t in received {
            let whole = t.sample_lines.is_none();
            if let Some(job) = &self.job {
                self.trial = Some((job.options.clone(), t));
            }
            if whole {
                self.job = None;
            }
        }
        let options = self.options();
        let current = |o: &LoadOptions| *o == options;
        if self.job.as_ref().is_some_and(|j| !current(&j.options))
            && let Some(old) = self.job.take()
        {
            old.control.cancel();
        }
        if self.job.is_none() && !self.trial.as_ref().is_some_and(|(o, _)| current(o)) {
            let (tx, rx) = channel();
            let control = LoadControl::default();
            let (path, o, c, ctx) = (
                self.path.clone(),
                options.clone(),
                control.clone(),
                ctx.clone(),
            );
            std::thread::spawn(move || {
                if let Some(t) = sample_trial(&path, &o)
                    && !c.is_cancelled()
                {
                    let _ = tx.send(t);
                    ctx.request_repaint();
                }
                let t = trial::trial(&path, &o, &c);
                if !c.is_cancelled() {
                    let _ = tx.send(t);
                    ctx.request_repaint();
                }
            });
            self.job = Some(TrialJob {
                options,
                control,
                rx,
            });
        }
    }

    /// Waits for the trial load under way (tests and headless use).
    pub fn wait_for_trial(&mut self) {
        let Some(job) = self.job.take() else { return };
        while let Ok(t) = job.rx.recv() {
            let whole = t.sample_lines.is_none();
            self.trial = Some((job.options.clone(), t));
            if whole {
                break;
            }
        }
    }

    /// The trial for the options as they stand, if it is done.
    fn current_trial(&self) -> Option<&Trial> {
        let options = self.options();
        self.trial
            .as_ref()
            .filter(|(o, _)| *o == options)
            .map(|(_, t)| t)
    }

    /// The dialog window; returns what the user asked for.
    /// `area`: where it may go (below the window's menu bar).
    pub fn window_ui(&mut self, ctx: &egui::Context, area: egui::Rect) -> Option<ImportAction> {
        self.update_trial(ctx);
        let mut action = None;
        let mut open = true;
        let name = super::loading::file_name(&self.path);
        egui::Window::new(format!("Import {name}"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(880.0)
            .constrain_to(area)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(area.center_top() + egui::vec2(0.0, 8.0))
            .max_height(area.height().min(ctx.content_rect().height()) - 40.0)
            .show(ctx, |ui| action = self.contents_ui(ui));
        if !open {
            action = Some(ImportAction::Cancel);
        }
        if matches!(action, Some(ImportAction::Cancel))
            && let Some(job) = self.job.take()
        {
            job.control.cancel();
        }
        action
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui) -> Option<ImportAction> {
        if self.unrecognised && !self.readable {
            let said = match &self.preview.sheet {
                Some(sheet) if self.preview.sheets.len() > 1 => format!(
                    "timeband found no title or no date among the columns of the worksheet “{sheet}”. Choose another worksheet, or say which column is which; the data set shown stays until you press Load."
                ),
                _ => "timeband found no title or no date among this file's columns. Say which column is which; the data set shown stays until you press Load.".to_string(),
            };
            ui.label(RichText::new(said).color(ui.visuals().warn_fg_color));
        }
        self.sheet_ui(ui);
        if let Some(f) = self.preview.format {
            ui.weak(format!("Read as {} unless you change a column.", f.name()));
        } else if self.preview.acled {
            ui.weak("Read as an ACLED export unless you change a column.");
        } else if self.preview.aggregated {
            ui.weak(
                "Read as ACLED's aggregated data (each row the events counted in a week, month or year) unless you change a column.",
            );
        }
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("The first {} rows", self.preview.rows.len())).strong());
            ui.weak(format!(
                "{} columns; scroll sideways, hover a cell for all of it",
                self.preview.headers.len()
            ));
        });
        self.preview_ui(ui);
        ui.add_space(6.0);
        ui.label(RichText::new("Columns").strong());
        self.roles_ui(ui);
        ui.add_space(6.0);
        self.outcome_ui(ui);
        ui.separator();
        let mut action = None;
        ui.horizontal(|ui| {
            let loadable = self.current_trial().is_some_and(|t| t.error.is_none());
            let load = ui
                .add_enabled(loadable, egui::Button::new("Load"))
                .on_disabled_hover_text("Choose a title (or summary) and a date column first");
            if load.clicked() {
                let options = self.options();
                let remembered = self.remembered(&options);
                action = Some(ImportAction::Load(self.path.clone(), options, remembered));
            }
            if ui.button("Cancel").clicked() {
                action = Some(ImportAction::Cancel);
            }
            ui.weak("The choice (and the worksheet) is remembered for files with the same header.");
        });
        action
    }

    /// A workbook of several worksheets: which one to read.
    fn sheet_ui(&mut self, ui: &mut egui::Ui) {
        if self.preview.sheets.len() < 2 {
            return;
        }
        let shown = self.preview.sheet.clone().unwrap_or_default();
        let mut picked = None;
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new("Worksheet").strong());
            egui::ComboBox::from_id_salt("import worksheet")
                .selected_text(&shown)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for s in &self.preview.sheets {
                        if ui.selectable_label(*s == shown, s).clicked() && *s != shown {
                            picked = Some(s.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
            ui.weak(format!(
                "one of the workbook's {} worksheets",
                self.preview.sheets.len()
            ));
        });
        if let Some(e) = &self.sheet_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        if let Some(s) = picked {
            self.choose_sheet(&s);
        }
    }

    /// The first rows in a table that scrolls sideways; long cells end in "…", whole on hover.
    fn preview_ui(&self, ui: &mut egui::Ui) {
        use egui_extras::{Column, TableBuilder};
        let columns = self.preview.headers.len().max(1);
        egui::ScrollArea::horizontal()
            .id_salt("import preview")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("import preview table")
                    .striped(true)
                    .vscroll(false)
                    .columns(
                        Column::initial(130.0)
                            .at_least(40.0)
                            .clip(true)
                            .resizable(true),
                        columns,
                    )
                    .header(20.0, |mut header| {
                        for h in &self.preview.headers {
                            header.col(|ui| {
                                ui.add(egui::Label::new(RichText::new(h).strong()).truncate());
                            });
                        }
                    })
                    .body(|mut body| {
                        for row in &self.preview.rows {
                            body.row(18.0, |mut r| {
                                for i in 0..columns {
                                    let cell = row.get(i).map_or("", String::as_str);
                                    r.col(|ui| {
                                        let l = ui.add(egui::Label::new(cell).truncate());
                                        if cell.chars().count() > 16 {
                                            l.on_hover_text(cell);
                                        }
                                    });
                                }
                            });
                        }
                    });
            });
    }

    /// A column picker per role, with the rule each date column is read by.
    fn roles_ui(&mut self, ui: &mut egui::Ui) {
        let headers = self.preview.headers.clone();
        let trial = self.current_trial().cloned();
        let reading = self.job.is_some();
        egui::Grid::new("import roles")
            .num_columns(3)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                for (i, role) in MAP_ROLES.iter().enumerate() {
                    let label = ui.label(*role);
                    let Some(chosen) = self.chosen.get_mut(i) else {
                        continue;
                    };
                    let text = chosen
                        .and_then(|c| headers.get(c))
                        .map_or("(none)", String::as_str);
                    let combo = egui::ComboBox::from_id_salt(("import role", *role))
                        .selected_text(text)
                        .width(200.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(chosen, None, "(none)");
                            for (c, h) in headers.iter().enumerate() {
                                ui.selectable_value(chosen, Some(c), h);
                            }
                        });
                    combo.response.labelled_by(label.id);
                    let column = chosen.and_then(|c| headers.get(c));
                    match (DATE_ROLES.contains(role), column) {
                        (true, Some(h)) => date_rule_ui(ui, h, trial.as_ref(), reading),
                        _ => {
                            ui.label("");
                        }
                    }
                    ui.end_row();
                }
                ui.label("day/month order");
                let text = self.date_order.map_or("from the values", |o| match o {
                    DateOrder::Dmy => "day first (dmy)",
                    DateOrder::Mdy => "month first (mdy)",
                    DateOrder::Ymd => "year first (ymd)",
                });
                egui::ComboBox::from_id_salt("import date order")
                    .selected_text(text)
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.date_order, None, "from the values");
                        ui.selectable_value(
                            &mut self.date_order,
                            Some(DateOrder::Dmy),
                            "day first (dmy)",
                        );
                        ui.selectable_value(
                            &mut self.date_order,
                            Some(DateOrder::Mdy),
                            "month first (mdy)",
                        );
                        ui.selectable_value(
                            &mut self.date_order,
                            Some(DateOrder::Ymd),
                            "year first (ymd)",
                        );
                    });
                ui.weak("for numeric dates such as 03/01/1946 that no value settles");
                ui.end_row();
            });
    }

    /// How many events would load, and what would be left out and why.
    fn outcome_ui(&self, ui: &mut egui::Ui) {
        let Some(t) = self.current_trial() else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label("Reading the whole file with these columns, on another thread…");
                if let Some(f) = self.job.as_ref().and_then(|j| j.control.progress()) {
                    ui.add(
                        egui::ProgressBar::new(f)
                            .desired_width(200.0)
                            .show_percentage(),
                    );
                }
            });
            return;
        };
        if let Some(e) = &t.error {
            ui.colored_label(ui.visuals().error_fg_color, format!("Would not load: {e}"));
            return;
        }
        let plain = |n: usize| n.to_string();
        let over = match t.sample_lines {
            Some(n) => format!("from the first {n} lines; the whole file is being read"),
            None => "read over the whole file".to_string(),
        };
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} would load ({over})",
                    crate::model::counted(t.events, plain, t.record.unwrap_or("event"))
                ))
                .strong(),
            );
            if t.sample_lines.is_some() {
                ui.spinner();
                if let Some(f) = self.job.as_ref().and_then(|j| j.control.progress()) {
                    ui.add(
                        egui::ProgressBar::new(f)
                            .desired_width(160.0)
                            .show_percentage(),
                    );
                }
            }
        });
        if t.problems == 0 {
            ui.weak("Nothing would be left out.");
            return;
        }
        ui.label(
            RichText::new(format!(
                "{} (rows left out or read with a warning); the first:",
                crate::model::counted(t.problems, plain, "problem")
            ))
            .color(ui.visuals().warn_fg_color),
        );
        for p in &t.first_problems {
            let line = crate::app::code_spans::job(
                ui.style(),
                &format!("• {p}"),
                egui::Color32::PLACEHOLDER,
            );
            ui.add(egui::Label::new(line).wrap());
        }
    }
}

/// Beside a date role: how its column is read, or what is wrong with it.
fn date_rule_ui(ui: &mut egui::Ui, column: &str, trial: Option<&Trial>, reading: bool) {
    let Some(t) = trial else {
        if reading {
            ui.weak("reading…");
        } else {
            ui.label("");
        }
        return;
    };
    if t.error.is_some() {
        ui.label("");
        return;
    }
    let quoted = format!("`{column}`");
    if let Some(p) = t.column_problems.iter().find(|p| p.contains(&quoted)) {
        let warn = ui.visuals().warn_fg_color;
        ui.add(egui::Label::new(crate::app::code_spans::job(ui.style(), p, warn)).wrap());
    } else if let Some(d) = t
        .dates
        .iter()
        .find(|d| d.column.eq_ignore_ascii_case(column))
    {
        ui.label(&d.rule);
    } else {
        ui.weak("no dates read");
    }
}
