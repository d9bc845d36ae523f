//! Texts that name columns and values in backticks (problems: "`event_date` `2023-13-01` is
//! not a date"), shown with each quoted part in the monospace font on the code background, the
//! backticks gone, as the command line's plain text cannot.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, TextStyle};

/// The parts of `text` in order, each with whether it was quoted in backticks; `None` where the
/// backticks do not pair cleanly (an odd number, an empty quote, two quotes touching), so that a
/// value holding a backtick itself is shown as written, never cut at it.
pub fn code_spans(text: &str) -> Option<Vec<(&str, bool)>> {
    if !text.contains('`') {
        return None;
    }
    let parts: Vec<&str> = text.split('`').collect();
    // Plain, quoted, plain, …, plain: an odd number of parts.
    if parts.len().is_multiple_of(2) {
        return None;
    }
    let last = parts.len() - 1;
    let mut spans = Vec::with_capacity(parts.len());
    for (i, part) in parts.into_iter().enumerate() {
        let quoted = i % 2 == 1;
        if part.is_empty() && (quoted || (i > 0 && i < last)) {
            return None;
        }
        if !part.is_empty() {
            spans.push((part, quoted));
        }
    }
    Some(spans)
}

/// `text` laid out in `style`'s body font, its quoted parts monospace on the code background,
/// in `color` ([`Color32::PLACEHOLDER`]: the widget's own, a link's or a label's).
pub fn job(style: &egui::Style, text: &str, color: Color32) -> LayoutJob {
    let body = TextStyle::Body.resolve(style);
    let mono = FontId::monospace(TextStyle::Monospace.resolve(style).size.min(body.size));
    let plain = TextFormat::simple(body, color);
    let code = TextFormat {
        font_id: mono,
        background: style.visuals.code_bg_color,
        ..TextFormat::simple(FontId::default(), color)
    };
    let mut job = LayoutJob::default();
    match code_spans(text) {
        Some(spans) => {
            for (part, quoted) in spans {
                let format = if quoted { code.clone() } else { plain.clone() };
                job.append(part, 0.0, format);
            }
        }
        None => job.append(text, 0.0, plain),
    }
    job
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_parts_are_found_and_unpaired_backticks_left_as_written() {
        assert_eq!(
            code_spans("`datetime` `2017-09-24 19:01:01` has no time zone (`Z`)"),
            Some(vec![
                ("datetime", true),
                (" ", false),
                ("2017-09-24 19:01:01", true),
                (" has no time zone (", false),
                ("Z", true),
                (")", false),
            ])
        );
        assert_eq!(code_spans("no quotes"), None);
        // A value with a backtick of its own: shown as written.
        assert_eq!(code_spans("`a`b` is not a date"), None);
        assert_eq!(code_spans("`a``b` is not a date"), None);
        assert_eq!(code_spans("an empty `` quote"), None);
    }
}
