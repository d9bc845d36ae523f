//! Exporting from the window: File ▸ Export image… (the timeline view as it stands, or the whole
//! window as a screenshot), Copy image, and writing the result.

use super::TimebandApp;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// What File ▸ Export image… makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum ExportWhat {
    #[default]
    Timeline,
    Window,
}

/// The export dialog's choices, and a screenshot on its way.
#[derive(Default)]
pub(super) struct ExportDialog {
    pub open: bool,
    what: ExportWhat,
    /// Pixels per point: 1 or 2; ignored when a width is chosen.
    scale: f32,
    /// A chosen pixel width instead of the on-screen size.
    width: Option<u32>,
    /// A whole-window screenshot on its way, and where it goes.
    screenshot: Option<(PathBuf, Receiver<Arc<egui::ColorImage>>)>,
    /// Where "Save" writes, as typed (empty until the dialog first opens): a machine with no
    /// save dialog (no desktop portal or zenity) still exports by it.
    pub path: String,
    /// The name last looked up, and whether a file of that name was there.
    checked: (String, PathBuf, bool),
    /// Why the last Save or Choose… did nothing, said in the dialog (the window's banner is
    /// under it).
    problem: Option<String>,
}

impl ExportDialog {
    pub fn new() -> ExportDialog {
        ExportDialog {
            scale: 1.0,
            ..ExportDialog::default()
        }
    }
}

/// Where an export goes unless the analyst says otherwise: `STEM-DATE.png` (the data file's
/// name and today) in the pictures folder, else the home folder, else the working one.
fn default_path(stem: &str) -> String {
    let name = format!("{stem}-{}.png", chrono::Utc::now().format("%Y-%m-%d"));
    default_folder().join(name).display().to_string()
}

/// The home folder, if the system names one.
fn home() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)
}

/// Where exports go by default: the pictures folder, else home, else the working folder.
fn default_folder() -> PathBuf {
    let home = home();
    home.as_ref()
        .map(|h| h.join("Pictures"))
        .filter(|p| p.is_dir())
        .or(home)
        .unwrap_or_default()
}

/// The file a typed name means: `~/` is the home folder, and a name with no folder goes in the
/// default one (a desktop app's working folder is no place the analyst chose).
fn resolve(typed: &str) -> PathBuf {
    let typed = typed.trim();
    if let (Some(rest), Some(home)) = (typed.strip_prefix("~/"), home()) {
        return home.join(rest);
    }
    let path = PathBuf::from(typed);
    if path.is_absolute() {
        path
    } else {
        default_folder().join(path)
    }
}

impl TimebandApp {
    /// True while the export dialog is open.
    pub fn is_export_dialog_open(&self) -> bool {
        self.export.open
    }

    /// Export options for the timeline view as it stands.
    pub fn export_options(
        &self,
        dark: bool,
        scale: f32,
        width_px: Option<u32>,
    ) -> crate::export::ExportOptions {
        let width = width_px.map_or(self.timeline_size.x, |w| w as f32 / scale);
        let shown = self.lens.shown(&self.idx);
        crate::export::ExportOptions {
            width,
            // At a width, as tall as the lanes need; else the window's timeline, with the
            // page's own title block and footer (taller with a selected event's sources) around
            // it, so no lane it shows whole is cut.
            height: width_px.is_none().then(|| self.window_page_height()),
            scale,
            dark,
            view: self.view.clone(),
            selected: self.state.selected,
            // At a width the page is as tall as the lanes need: all of them, from the first.
            scroll_y: if width_px.is_some() {
                0.0
            } else {
                self.state.scroll_y
            },
            marks: Arc::clone(&self.lens.marks),
            style: crate::timeline::TimelineStyle::default(),
            cursor: true,
            source_name: self.file_label(),
            as_of: crate::export::today(),
            known: self
                .lens
                .known_on
                .map(|at| crate::export::KnownCaption::new(at, &self.idx.data, &shown.data)),
        }
    }

    /// The height of an export of the window's timeline: the page's title block and footer
    /// around it.
    fn window_page_height(&self) -> f32 {
        crate::export::page_height(
            self.lens.shown(&self.idx),
            self.state.selected,
            self.lens.known_on.is_some(),
            self.timeline_size.y,
        )
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
        // PNG or SVG by the file's extension.
        let shown = self.lens.shown(&self.idx);
        let result = crate::export::render_for_path(shown, &opts, path)
            // The save dialog has already asked before replacing a file.
            .and_then(|(bytes, left_out)| {
                crate::export::write_atomic(path, &bytes, true)?;
                Ok(left_out.map(|cut| cut.describe(shown)))
            });
        match result {
            Ok(None) => self.done(format!("Exported the timeline to {}", path.display())),
            // Written, with a warning: in the warning colour.
            Ok(Some(cut)) => {
                self.notice = Some(format!(
                    "Exported the timeline to {}; {cut}: export a width to fit every lane",
                    path.display()
                ));
            }
            Err(e) => self.notice = Some(format!("Export failed: {e}. Nothing was written.")),
        }
    }

    pub(super) fn copy_image(&mut self, ctx: &egui::Context) {
        let opts = self.export_options(ctx.global_style().visuals.dark_mode, 1.0, None);
        match crate::export::render(self.lens.shown(&self.idx), &opts) {
            Ok(img) => {
                let image =
                    egui::ColorImage::from_rgba_unmultiplied([img.width, img.height], &img.rgba);
                ctx.copy_image(image);
                self.done("Copied the timeline image to the clipboard.".into());
            }
            Err(e) => self.notice = Some(format!("Could not copy the image: {e}")),
        }
    }

    pub(super) fn poll_screenshot(&mut self) {
        let Some((path, rx)) = &self.export.screenshot else {
            return;
        };
        let Ok(image) = rx.try_recv() else { return };
        let path = path.clone();
        self.export.screenshot = None;
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
        match result {
            Ok(()) => self.done(format!("Exported the window to {}", path.display())),
            Err(e) => self.notice = Some(format!("Export failed: {e}. Nothing was written.")),
        }
    }

    pub(super) fn export_dialog_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.export.open;
        // `Some(Some(path))`: write there; `Some(None)`: ask where in a save dialog.
        let mut save: Option<Option<PathBuf>> = None;
        egui::Window::new("Export image")
            .constrain_to(self.dialog_area)
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
                            self.window_page_height() * self.export.scale,
                        ),
                    };
                    if h.is_nan() {
                        ui.weak(format!("{w:.0} pixels wide, as tall as the lanes need"));
                    } else {
                        ui.weak(format!("{w:.0} × {h:.0} pixels"));
                    }
                }
                ui.separator();
                if self.export.path.is_empty() {
                    let stem = self
                        .files
                        .first()
                        .and_then(|f| f.file_stem())
                        .and_then(|s| s.to_str())
                        .unwrap_or("sample")
                        .to_string();
                    self.export.path = default_path(&stem);
                }
                ui.horizontal(|ui| {
                    let label = ui.label("File");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.export.path)
                            .desired_width(360.0)
                            .hint_text(if self.export.what == ExportWhat::Window {
                                "where to write: .png"
                            } else {
                                "where to write: .png or .svg"
                            }),
                    )
                    .labelled_by(label.id);
                });
                // The file it means, and whether it is there: looked up when the name changes,
                // not every frame.
                if self.export.checked.0 != self.export.path {
                    let file = resolve(&self.export.path);
                    let exists = file.exists();
                    self.export.checked = (self.export.path.clone(), file, exists);
                }
                let (typed, exists) = (self.export.checked.1.clone(), self.export.checked.2);
                if exists {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        "A file of that name is there: Replace writes over it.",
                    );
                }
                if let Some(p) = &self.export.problem {
                    ui.colored_label(ui.visuals().warn_fg_color, p);
                }
                ui.horizontal(|ui| {
                    let write = if exists { "Replace" } else { "Save" };
                    if ui
                        .add_enabled(
                            !self.export.path.trim().is_empty(),
                            egui::Button::new(write),
                        )
                        .on_hover_text(
                            "Write the image to the file above (PNG, or SVG by its name)",
                        )
                        .clicked()
                    {
                        save = Some(Some(typed));
                    }
                    if ui
                        .button("Choose…")
                        .on_hover_text("Pick where to write in a save dialog")
                        .clicked()
                    {
                        save = Some(None);
                    }
                });
            });
        self.export.open = open;
        let Some(target) = save else {
            return;
        };
        // A file may be there now: looked up again.
        self.export.checked = (String::new(), PathBuf::new(), false);
        let path = match target {
            Some(path) => path,
            None => {
                let name = PathBuf::from(&self.export.path);
                let name = name
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("timeband.png")
                    .to_string();
                let started = Instant::now();
                let Some(path) = rfd::FileDialog::new()
                    .set_title("Export image")
                    .set_file_name(&name)
                    .add_filter("PNG image", &["png"])
                    .add_filter("SVG vector image (text stays text)", &["svg"])
                    .save_file()
                else {
                    if started.elapsed() < Duration::from_millis(250) {
                        self.export.problem = Some("No save dialog could be shown (no desktop portal or zenity is available): type where to write in the File box above.".into());
                    }
                    return;
                };
                self.export.path = path.display().to_string();
                path
            }
        };
        let png = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("png"));
        if self.export.what == ExportWhat::Window && !png {
            // A screenshot is pixels: written as PNG, under a name that says so.
            self.export.problem = Some(format!(
                "The whole window is saved as PNG: name the file .png ({} was not written).",
                path.display()
            ));
            return;
        }
        self.export.problem = None;
        self.export.open = false;
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
                self.export.screenshot = Some((path, rx));
            }
        }
    }
}
