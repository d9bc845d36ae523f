//! The window's own keys ([`APP_KEYS`]) and the help table. The table is made from the same key
//! lists the input code runs through (these and [`crate::timeline::input::KEYS`]), with the
//! platform's modifier names (⌘ on macOS), so it lists exactly the keys that work.

use crate::timeline::input::{KEYS, POINTER};
use egui::{Key, KeyboardShortcut, Modifiers, RichText};

/// What one of the window's keys does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppAction {
    Open,
    Import,
    Export,
    CopyImage,
    Find,
    Help,
}

/// A key (or keys) of the window and what it does, as the help says it.
#[derive(Clone, Copy, Debug)]
pub struct AppKey {
    pub keys: &'static [KeyboardShortcut],
    pub action: AppAction,
    pub help: &'static str,
    /// Also while a text field has the keyboard (only for keys no text is typed with).
    pub while_typing: bool,
}

pub const OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
pub const IMPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::I);
pub const EXPORT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
pub const COPY_IMAGE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C);
pub const FIND: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
pub const HELP: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F1);
const HELP_MARK: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Questionmark);

/// Every key the window itself answers to. Copy image (⌘⇧C) comes before anything on C alone,
/// as egui matches shortcuts ignoring an extra Shift.
pub const APP_KEYS: &[AppKey] = &[
    AppKey {
        keys: &[OPEN],
        action: AppAction::Open,
        help: "open files; or drop them on the window",
        while_typing: true,
    },
    AppKey {
        keys: &[IMPORT],
        action: AppAction::Import,
        help: "import a CSV or TSV file, choosing which column is the title, the date, …; a sheet whose columns are not recognised opens the same dialog",
        while_typing: true,
    },
    AppKey {
        keys: &[EXPORT],
        action: AppAction::Export,
        help: "export an image of the timeline or the window",
        while_typing: true,
    },
    AppKey {
        keys: &[COPY_IMAGE],
        action: AppAction::CopyImage,
        help: "copy an image of the timeline",
        while_typing: true,
    },
    AppKey {
        keys: &[FIND],
        action: AppAction::Find,
        help: "find; Enter / Shift + Enter step through the matches",
        while_typing: true,
    },
    AppKey {
        keys: &[HELP, HELP_MARK],
        action: AppAction::Help,
        help: "this help",
        while_typing: false,
    },
];

/// The window's keys pressed this frame, consumed.
pub fn pressed(ctx: &egui::Context) -> Vec<AppAction> {
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|i| {
        APP_KEYS
            .iter()
            .filter(|k| k.while_typing || !typing)
            .filter(|k| k.keys.iter().any(|s| i.consume_shortcut(s)))
            .map(|k| k.action)
            .collect()
    })
}

/// How the keys read on this platform: "Ctrl + O" or "⌘O"; alternatives joined by commas.
fn keys_text(ctx: &egui::Context, keys: &[KeyboardShortcut]) -> String {
    keys.iter()
        .map(|k| ctx.format_shortcut(k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of the help table: what the pointer does, then every key, as the platform names it.
pub fn help_rows(ctx: &egui::Context) -> Vec<(String, String)> {
    let command = ctx.format_modifiers(Modifiers::COMMAND);
    let mut rows: Vec<(String, String)> = POINTER
        .iter()
        .map(|(what, does)| (what.replace("{command}", &command), does.to_string()))
        .collect();
    rows.extend(
        KEYS.iter()
            .map(|k| (keys_text(ctx, k.keys), k.help.to_string())),
    );
    rows.extend(
        APP_KEYS
            .iter()
            .map(|k| (keys_text(ctx, k.keys), k.help.to_string())),
    );
    rows
}

/// The help window's table.
pub fn help_ui(ui: &mut egui::Ui) {
    let rows = help_rows(ui.ctx());
    egui::Grid::new("controls").striped(true).show(ui, |ui| {
        for (k, v) in rows {
            ui.label(RichText::new(k).strong());
            ui.label(v);
            ui.end_row();
        }
    });
}
