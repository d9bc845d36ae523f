//! The import dialog (File ▸ Import…, and opened by itself for a sheet whose columns the loader
//! does not recognise): a preview of the first rows, a column per role (the roles of `--map`)
//! preselected with what loading would detect, the rule each date column is read by, and how
//! many events would load with what is left out and why, counted by a trial load on another
//! thread. Load reads the file with the chosen columns as `--map` does, and the choice is
//! remembered for files with the same header line (see [`ReadingRules`]).

use crate::load::preview::{MAP_ROLES, Preview};
use crate::load::{self, DateOrder, LoadControl, LoadOptions};
use egui::RichText;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// Rows the preview shows.
const PREVIEW_ROWS: usize = 12;
/// Problems the dialog lists (the count says how many there are).
const FIRST_PROBLEMS: usize = 5;
/// Mappings remembered at most; the oldest go first.
const REMEMBERED: usize = 50;
/// The roles read as dates.
const DATE_ROLES: &[&str] = &["time", "start", "end", "published"];

/// A choice of columns made in the import dialog, remembered for files with the same header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedImport {
    /// The header line as written ([`Preview::header_line`]).
    pub header: String,
    /// `(role, column)` as `--map` takes them; an empty column gives the role none.
    pub map: Vec<(String, String)>,
    /// `dmy`, `mdy` or `ymd`, as `--date-order` takes it.
    pub date_order: Option<String>,
}

impl RememberedImport {
    fn options(&self) -> LoadOptions {
        LoadOptions {
            map: self.map.clone(),
            date_order: self.date_order.as_deref().and_then(|o| o.parse().ok()),
            lanes_by: None,
        }
    }
}

/// How the window reads each file: the columns chosen in the import dialog this session (by
/// path), then the command line's `--map` and `--date-order`, then a mapping remembered for the
/// file's header line, then what the loader detects. Lanes are the window's own business
/// (`lanes_ui.rs`), so `lanes_by` is never set here.
#[derive(Clone, Debug, Default)]
pub struct ReadingRules {
    pub chosen: Vec<(PathBuf, LoadOptions)>,
    pub command_line: LoadOptions,
    pub remembered: Vec<RememberedImport>,
}

impl ReadingRules {
    /// The options `path` is read with.
    pub fn options_for(&self, path: &Path) -> LoadOptions {
        if let Some((_, o)) = self.chosen.iter().find(|(p, _)| p == path) {
            return o.clone();
        }
        let command_line = LoadOptions {
            lanes_by: None,
            ..self.command_line.clone()
        };
        if !command_line.map.is_empty() || self.remembered.is_empty() {
            return command_line;
        }
        let Some(header) = load::preview::header_line(path) else {
            return command_line;
        };
        match self.remembered.iter().find(|r| r.header == header) {
            Some(r) => LoadOptions {
                date_order: command_line.date_order.or(r.options().date_order),
                ..r.options()
            },
            None => command_line,
        }
    }
}

/// What a trial load found.
#[derive(Clone, Debug, Default)]
struct Trial {
    events: usize,
    problems: usize,
    first_problems: Vec<String>,
    /// How each date column was read (column as written, rule in words).
    dates: Vec<load::DateReading>,
    /// Problems about a date column as a whole (line 1), to show beside it.
    column_problems: Vec<String>,
    /// The file did not load at all.
    error: Option<String>,
    /// Counted over the file's first lines only (a large file, while the whole is read).
    sample_lines: Option<usize>,
}

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
        let detected = preview.roles(&[])?.0;
        let mut chosen = detected.clone();
        let mut date_order = None;
        if let Some(r) = remembered.iter().find(|r| r.header == preview.header_line) {
            if let Ok((cols, _)) = preview.roles(&r.map) {
                chosen = cols;
            }
            date_order = r.options().date_order;
        }
        Ok(ImportDialog {
            path: path.to_path_buf(),
            preview,
            detected,
            chosen,
            date_order,
            unrecognised,
            job: None,
            trial: None,
        })
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
        }
    }

    fn remembered(&self, options: &LoadOptions) -> RememberedImport {
        RememberedImport {
            header: self.preview.header_line.clone(),
            map: options.map.clone(),
            date_order: options.date_order.map(|o| o.name().to_string()),
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
                let t = trial(&path, &o, &c);
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
    pub fn window_ui(&mut self, ctx: &egui::Context) -> Option<ImportAction> {
        self.update_trial(ctx);
        let mut action = None;
        let mut open = true;
        let name = super::loading::file_name(&self.path);
        egui::Window::new(format!("Import {name}"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_width(880.0)
            .max_height(ctx.content_rect().height() - 60.0)
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
        if self.unrecognised {
            ui.label(
                RichText::new(
                    "timeband found no title or no date among this file's columns. Say which column is which; the data set shown stays until you press Load.",
                )
                .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some(f) = self.preview.format {
            ui.weak(format!("Read as {} unless you change a column.", f.name()));
        } else if self.preview.acled {
            ui.weak("Read as an ACLED export unless you change a column.");
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
            ui.weak("The choice is remembered for files with the same header.");
        });
        action
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
                    crate::model::counted(t.events, plain, "event")
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
            ui.add(egui::Label::new(format!("• {p}")).wrap());
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
        ui.add(egui::Label::new(RichText::new(p).color(ui.visuals().warn_fg_color)).wrap());
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

/// Files larger than this get a quick trial on their first bytes before the whole is read.
const SAMPLE_BYTES: u64 = 1 << 20;

/// A trial load of the first [`SAMPLE_BYTES`] of a large file (cut at a line end), so that the
/// dialog has rules and counts in a moment; `None` for a small file.
fn sample_trial(path: &Path, options: &LoadOptions) -> Option<Trial> {
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
fn trial(path: &Path, options: &LoadOptions, control: &LoadControl) -> Trial {
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

/// Keeps `r` as the mapping for its header (replacing an older one), or forgets the header's
/// mapping when `r` maps nothing (the loader's own choice).
pub fn remember(list: &mut Vec<RememberedImport>, r: RememberedImport) {
    list.retain(|x| x.header != r.header);
    if !r.map.is_empty() || r.date_order.is_some() {
        list.insert(0, r);
        list.truncate(REMEMBERED);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn remembered(header: &str, column: &str) -> RememberedImport {
        RememberedImport {
            header: header.into(),
            map: vec![("time".into(), column.into())],
            date_order: Some("mdy".into()),
        }
    }

    #[test]
    fn a_remembered_mapping_applies_to_files_with_its_header_only() {
        let dir = std::env::temp_dir().join(format!("timeband-rules-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let same = dir.join("same.csv");
        std::fs::write(&same, "Name,field_date\r\nA,1990\n").unwrap();
        let other = dir.join("other.csv");
        std::fs::write(&other, "Name,field_date,extra\nA,1990,x\n").unwrap();
        let rules = ReadingRules {
            remembered: vec![remembered("Name,field_date", "field_date")],
            ..ReadingRules::default()
        };
        let o = rules.options_for(&same);
        assert_eq!(o.map, vec![("time".to_string(), "field_date".to_string())]);
        assert_eq!(o.date_order, Some(DateOrder::Mdy));
        assert_eq!(rules.options_for(&other), LoadOptions::default());
        // The command line's --map wins over a remembered one; the dialog's choice over both.
        let cli = ReadingRules {
            command_line: LoadOptions {
                map: vec![("title".into(), "Name".into())],
                lanes_by: Some("status".into()),
                ..LoadOptions::default()
            },
            ..rules.clone()
        };
        let o = cli.options_for(&same);
        assert_eq!(o.map, vec![("title".to_string(), "Name".to_string())]);
        assert_eq!(o.lanes_by, None, "lanes are the window's, not the load's");
        let chosen = ReadingRules {
            chosen: vec![(same.clone(), LoadOptions::default())],
            ..cli
        };
        assert_eq!(chosen.options_for(&same), LoadOptions::default());
    }

    #[test]
    fn remembering_replaces_the_headers_mapping_and_an_empty_one_forgets_it() {
        let mut list = vec![remembered("a,b", "a"), remembered("c,d", "c")];
        remember(&mut list, remembered("a,b", "b"));
        assert_eq!(list.len(), 2);
        assert_eq!(list.first().unwrap().map.first().unwrap().1, "b");
        remember(
            &mut list,
            RememberedImport {
                header: "c,d".into(),
                map: Vec::new(),
                date_order: None,
            },
        );
        assert_eq!(list.len(), 1);
    }

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
