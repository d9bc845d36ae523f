//! Watching the open files for changes on disk (on their folders, since editors often replace a
//! file rather than write it in place) and reloading them once they have been quiet a moment.

use super::TimebandApp;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Watching the open files for changes on disk.
pub(super) struct Watch {
    files: Vec<PathBuf>,
    _watcher: notify::RecommendedWatcher,
    changes: Receiver<()>,
    /// When the last change arrived; reload once the file has been quiet for a moment.
    pub pending: Option<Instant>,
    /// Reloads that failed in a row; a file caught half written is retried before it is reported.
    pub failures: u32,
}

/// How long a file must be quiet before it is reloaded.
const RELOAD_QUIET: Duration = Duration::from_millis(250);
/// How often a failing reload is retried before its error is shown.
pub(super) const RELOAD_RETRIES: u32 = 3;

impl TimebandApp {
    /// Watches the open files, reloading them when they change on disk.
    pub(super) fn poll_watch(&mut self, ctx: &egui::Context) {
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
        self.reload();
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
