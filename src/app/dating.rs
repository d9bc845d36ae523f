//! The detail pane's "how the dating changed": the selected event's claims that give a time,
//! place or status, in publication order, with what each said, marking claims whose dates
//! cannot both be right and places that differ.

use super::detail::grade_badge;
use crate::index::Indexed;
use crate::model::known::{contradicts, published_by};
use crate::model::time::format_human_date;
use crate::model::{Claim, Event};
use egui::RichText;

/// A place reduced to what it names first: "Vladivostok (likely)" and "Vladivostok, FEFU
/// campus" both name "vladivostok".
fn place_key(p: &str) -> String {
    p.split([',', '(', ';'])
        .next()
        .unwrap_or(p)
        .trim()
        .to_lowercase()
}

/// True when two places name different things (neither is a part of the other's name).
pub fn places_differ(a: &str, b: &str) -> bool {
    let (a, b) = (place_key(a), place_key(b));
    !(a.contains(&b) || b.contains(&a))
}

/// One dated (or placed) claim with what it conflicts with.
struct Row<'a> {
    claim: &'a Claim,
    published: Option<i64>,
    /// Indices (into the rows) of claims whose dates cannot both be right with this one's.
    contradicts: Vec<usize>,
    /// Indices of claims naming a different place.
    other_place: Vec<usize>,
}

/// Shows how the event's dating changed, claim by claim.
pub fn dating_ui(ui: &mut egui::Ui, idx: &Indexed, e: &Event) {
    let mut rows: Vec<Row<'_>> = e
        .claims
        .iter()
        .filter(|c| c.time.is_some() || c.place.is_some() || c.status.is_some())
        .map(|c| Row {
            claim: c,
            published: idx
                .data
                .sources
                .get(c.source as usize)
                .and_then(published_by),
            contradicts: Vec::new(),
            other_place: Vec::new(),
        })
        .collect();
    if rows.len() < 2 {
        return;
    }
    rows.sort_by_key(|r| r.published.unwrap_or(i64::MAX));
    let n = rows.len();
    for i in 0..n {
        for j in 0..n {
            let (Some(a), Some(b)) = (rows.get(i), rows.get(j)) else {
                continue;
            };
            if i == j {
                continue;
            }
            let dates =
                matches!((&a.claim.time, &b.claim.time), (Some(x), Some(y)) if contradicts(x, y));
            let places = matches!((&a.claim.place, &b.claim.place), (Some(x), Some(y)) if places_differ(x, y));
            if let Some(r) = rows.get_mut(i) {
                if dates {
                    r.contradicts.push(j);
                }
                if places {
                    r.other_place.push(j);
                }
            }
        }
    }
    let conflicts = rows.iter().filter(|r| !r.contradicts.is_empty()).count();
    ui.separator();
    // A collapsing header's text does not wrap, and a long one widened the pane (and narrowed
    // the timeline) each time such an event was selected: the counts go in the body.
    egui::CollapsingHeader::new(RichText::new("How the dating changed").strong())
        .id_salt("dating history")
        .default_open(true)
        .show(ui, |ui| {
            ui.weak(format!(
                "{n} claims in publication order{}",
                if conflicts > 0 {
                    format!(", {conflicts} with dates that contradict another's")
                } else {
                    String::new()
                }
            ));
            for (k, r) in rows.iter().enumerate() {
                let source = idx.data.sources.get(r.claim.source as usize);
                ui.horizontal_wrapped(|ui| {
                    ui.label(
                        RichText::new(r.published.map_or("undated".into(), format_human_date))
                            .monospace()
                            .small(),
                    );
                    grade_badge(ui, source.and_then(|s| s.reliability), r.claim.credibility);
                    ui.label(RichText::new(source.map_or("?", |s| s.name.as_str())).strong());
                });
                let mut said = Vec::new();
                if let Some(t) = &r.claim.time {
                    said.push(format!("“{}” ({})", t.written, t.describe()));
                }
                if let Some(p) = &r.claim.place {
                    said.push(format!("at {p}"));
                }
                if let Some(s) = r.claim.status {
                    said.push(s.name().to_string());
                }
                let in_use = r.claim.time.as_deref() == Some(&e.time);
                let mut line = said.join(" · ");
                if in_use {
                    line.push_str("  ⬅ the dates shown");
                }
                ui.label(line);
                let names = |v: &[usize]| {
                    v.iter()
                        .filter_map(|&j| rows.get(j))
                        .filter_map(|o| idx.data.sources.get(o.claim.source as usize))
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                if !r.contradicts.is_empty() {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!("⚠ dates contradict: {}", names(&r.contradicts)),
                    );
                }
                if !r.other_place.is_empty() {
                    ui.label(
                        RichText::new(format!("place differs from: {}", names(&r.other_place)))
                            .small()
                            .color(ui.visuals().warn_fg_color),
                    );
                }
                if k + 1 < n {
                    ui.add_space(3.0);
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::places_differ;

    #[test]
    fn places_differ_by_what_they_name_first() {
        assert!(!places_differ(
            "Vladivostok (likely)",
            "Vladivostok, FEFU campus, during the EEF"
        ));
        assert!(places_differ(
            "Vladivostok",
            "Vostochny Cosmodrome, Amur Region"
        ));
        assert!(!places_differ(
            "Vostochny Cosmodrome",
            "Vostochny Cosmodrome, Amur Region"
        ));
    }
}
