//! Labels: the text an event's label says, and how it is shortened to fit its room (at a word,
//! ending in "…", never clipped). Where a label goes is decided in [`super::layout`].

use crate::model::{Dataset, Event};
use egui::Rect;

/// An event's label: the title (or its beginning, ending in "…") and where it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub text: String,
    /// Inside the lanes' rect, clear of every other item of its row.
    pub rect: Rect,
    /// Drawn over the bar itself (in a colour that reads on the lane's colour).
    pub inside: bool,
}

/// A shortened label keeps at least this many characters before its "…"; with less room the
/// title is shown on hover only.
pub const MIN_LABEL_CHARS: usize = 3;

/// Room between a label and the edges of the bar it sits in.
pub(super) const INSIDE_PAD: f32 = 4.0;

/// The text an event's label says in full: its title, with " ?" when its date is uncertain.
pub fn label_text(data: &Dataset, event: &Event) -> String {
    let mut title = data.title(event).to_string();
    if event.time.qualifiers.overall.uncertain {
        title.push_str(" ?");
    }
    title
}

/// `text` as it fits in `room` points: whole, or cut after a word and ended with "…" (trailing
/// punctuation dropped), or, when not even the first word fits, its first characters and "…"
/// (at least [`MIN_LABEL_CHARS`]); none when not even that fits.
pub fn fit_label(text: &str, room: f32, text_width: &dyn Fn(&str) -> f32) -> Option<String> {
    if room <= 0.0 {
        return None;
    }
    if text_width(text) <= room {
        return Some(text.to_string());
    }
    let shortened = |end: usize| -> Option<String> {
        let head = text.get(..end)?.trim_end_matches(|c: char| {
            c.is_whitespace() || matches!(c, ',' | ';' | ':' | '–' | '—' | '-' | '(' | '“' | '"')
        });
        (head.chars().count() >= MIN_LABEL_CHARS).then(|| format!("{head}…"))
    };
    let fits = |s: &Option<String>| s.as_deref().is_some_and(|s| text_width(s) <= room);
    // Word ends, longest first fitting by binary search (widths grow with the prefix).
    let cuts: Vec<usize> = text
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .map(|(i, _)| i)
        .collect();
    let fitting = cuts.partition_point(|&end| fits(&shortened(end)));
    // Never end on a number: "Armed clash: 1…" reads as a number cut short ("1…": 10? 13?),
    // where "Armed clash…" says only less.
    let ends_in_number = |end: usize| {
        text.get(..end)
            .and_then(|h| h.split_whitespace().next_back())
            .is_some_and(|w| {
                let w = w.trim_end_matches(|c: char| !c.is_alphanumeric());
                !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
            })
    };
    if let Some(&end) = cuts
        .iter()
        .take(fitting)
        .rev()
        .find(|&&end| !ends_in_number(end))
    {
        return shortened(end);
    }
    // Not even the first word: its first characters (never a number's: "20…" of 2023).
    let first_word_end = cuts.first().copied().unwrap_or(text.len());
    if ends_in_number(first_word_end) {
        return None;
    }
    let ends: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i <= first_word_end)
        .skip(MIN_LABEL_CHARS)
        .collect();
    let fitting = ends.partition_point(|&end| fits(&shortened(end)));
    fitting
        .checked_sub(1)
        .and_then(|i| ends.get(i))
        .and_then(|&end| shortened(end))
}
