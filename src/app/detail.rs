//! The detail pane: the selected event's sourcing (claims grouped by source, in publication
//! order, with Admiralty grades), or with nothing selected, the data set and what is under the
//! cursor.

use crate::index::Indexed;
use crate::model::{Claim, Credibility, Event, Reliability, Source, UncertainTime};
use crate::timeline::paint::lane_color;
use crate::timeline::paint::thousands;
use crate::timeline::{TimelineState, TimelineView};
use egui::{Color32, RichText};

/// True for links we let the system browser open.
pub fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// The colour of a source reliability grade (badges, charts).
pub fn reliability_color(r: Option<Reliability>) -> Color32 {
    match r {
        Some(Reliability::A) | Some(Reliability::B) => Color32::from_rgb(0x2e, 0x8b, 0x57),
        Some(Reliability::C) => Color32::from_rgb(0xb5, 0x8a, 0x10),
        Some(Reliability::D) | Some(Reliability::E) => Color32::from_rgb(0xc0, 0x50, 0x30),
        _ => Color32::from_rgb(0x80, 0x80, 0x80),
    }
}

/// The Admiralty grade as a badge, e.g. `B2`, with the words on hover.
pub fn grade_badge(
    ui: &mut egui::Ui,
    reliability: Option<Reliability>,
    credibility: Option<Credibility>,
) -> egui::Response {
    let text = format!(
        "{}{}",
        reliability.map_or('–', |r| r.letter()),
        credibility.map_or("–".to_string(), |c| c.value().to_string())
    );
    let words = format!(
        "Source: {}\nInformation: {}",
        reliability.map_or("reliability not graded".to_string(), |r| format!(
            "{} — {}",
            r.letter(),
            r.words()
        )),
        credibility.map_or("credibility not graded".to_string(), |c| format!(
            "{} — {}",
            c.value(),
            c.words()
        ))
    );
    egui::Frame::new()
        .fill(reliability_color(reliability))
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(5, 1))
        .show(ui, |ui| {
            ui.label(
                RichText::new(&text)
                    .monospace()
                    .strong()
                    .color(Color32::WHITE),
            )
        })
        .response
        .on_hover_text(words)
        .on_hover_cursor(egui::CursorIcon::Help)
}

fn time_line(ui: &mut egui::Ui, t: &UncertainTime, zone: crate::timeline::zone::Zone) {
    ui.label(RichText::new(format!("“{}”", t.written)).italics());
    ui.label(zone.describe(t));
}

/// A claim picked on the dating chart, highlighted in the sourcing list. Named by ids, not
/// positions, so it is found again in the lens's projection (where sources and claims are
/// renumbered): the event's id, the source's id, and which of that source's claims on the event
/// it is (projections keep or drop a source's claims together, in order).
#[derive(Clone, Debug, PartialEq)]
pub struct PickedClaim {
    pub event_id: String,
    pub source_id: String,
    /// The source's name, to say which claim is meant when it is not listed.
    pub source_name: String,
    pub nth: usize,
    /// The list still has to scroll to it (once, after the click).
    pub scroll: bool,
}

impl PickedClaim {
    /// The claim at position `claim` of event `event` in `data`.
    pub fn new(data: &crate::model::Dataset, event: usize, claim: usize) -> Option<PickedClaim> {
        let e = data.events.get(event)?;
        let c = e.claims.get(claim)?;
        let nth = e
            .claims
            .iter()
            .take(claim)
            .filter(|o| o.source == c.source)
            .count();
        let source = data.sources.get(c.source as usize)?;
        Some(PickedClaim {
            event_id: data.id(e).to_string(),
            source_id: source.id.clone(),
            source_name: source.name.clone(),
            nth,
            scroll: true,
        })
    }

    /// True for the `k`-th claim of `source` on `e`.
    fn is(&self, event_id: &str, source: &Source, k: usize) -> bool {
        event_id == self.event_id && source.id == self.source_id && k == self.nth
    }
}

/// Shows the detail pane. `picked`: the claim picked on the dating chart, highlighted and
/// scrolled to when it belongs to the selected event; `chart` draws the dating chart, under the
/// event's name, dates and summary (what was clicked comes first).
/// `loaded_claims`: how many claims the selected event has as loaded (the shown data set may
/// hold fewer: "as known on" keeps an event none of whose reports was out yet as a ghost).
pub fn detail_ui(
    ui: &mut egui::Ui,
    idx: &Indexed,
    view: &TimelineView,
    state: &mut TimelineState,
    picked: &mut Option<PickedClaim>,
    loaded_claims: usize,
    chart: impl FnOnce(&mut egui::Ui),
) {
    match state.selected.and_then(|i| idx.data.events.get(i)) {
        Some(event) => event_ui(ui, idx, event, view.zone, picked, loaded_claims, chart),
        None => overview_ui(ui, idx, view, state),
    }
}

fn event_ui(
    ui: &mut egui::Ui,
    idx: &Indexed,
    e: &Event,
    zone: crate::timeline::zone::Zone,
    picked: &mut Option<PickedClaim>,
    loaded_claims: usize,
    chart: impl FnOnce(&mut egui::Ui),
) {
    let lane = idx.data.lanes.get(e.lane as usize);
    ui.horizontal(|ui| {
        let (r, _) = ui.allocate_exact_size(egui::vec2(6.0, 16.0), egui::Sense::hover());
        ui.painter()
            .rect_filled(r, 2.0, lane_color(idx, e.lane as usize));
        ui.weak(lane.map_or("", |l| l.label.as_str()));
    });
    ui.heading(idx.data.title(e));
    ui.horizontal_wrapped(|ui| {
        if e.status == crate::model::Status::Unstated {
            // "not given" alone under the title would not say what is not given.
            ui.weak("status not given");
        } else {
            ui.label(RichText::new(e.status.name()).strong());
        }
        if let Some(l) = e.likelihood {
            let (a, b) = l.range();
            ui.label(format!("· {} ({a}–{b}%)", l.term()));
        }
    });
    ui.add_space(4.0);
    time_line(ui, &e.time, zone);
    if let Some(p) = &e.place {
        ui.label(format!("📍 {p}"));
    }
    if let Some(s) = idx.data.summary(e) {
        ui.add_space(4.0);
        ui.label(s);
    }
    if !e.tags.is_empty() {
        ui.horizontal_wrapped(|ui| {
            for t in e.tags.iter() {
                ui.label(RichText::new(format!("#{t}")).small().weak());
            }
        });
    }
    ui.add_space(4.0);
    chart(ui);
    attributes_ui(ui, idx, e);
    super::dating::dating_ui(ui, idx, e);
    ui.separator();

    // Claims grouped by source, sources in publication order.
    let mut groups: Vec<(usize, Vec<&Claim>)> = Vec::new();
    for c in e.claims.iter() {
        match groups.iter_mut().find(|(s, _)| *s == c.source as usize) {
            Some((_, v)) => v.push(c),
            None => groups.push((c.source as usize, vec![c])),
        }
    }
    let published = |s: usize| {
        idx.data
            .sources
            .get(s)
            .and_then(|s| s.published.as_ref())
            .and_then(|p| p.earliest())
            .unwrap_or(i64::MAX)
    };
    groups.sort_by_key(|(s, _)| published(*s));
    if e.claims.is_empty() {
        // A forensic log's line, an analyst's own note: "0 sources, 0 claims" as a heading
        // would promise a list that is not there.
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Sourcing:").strong());
            if loaded_claims > 0 {
                // A ghost of "as known on": its reports came out later.
                ui.weak(format!(
                    "none published by the \"as known on\" date ({} later)",
                    crate::model::counted(loaded_claims, |n| n.to_string(), "claim")
                ));
            } else {
                ui.weak("no source or claim");
            }
        });
        return;
    }
    ui.label(
        RichText::new(format!(
            "Sourcing: {}, {}",
            crate::model::counted(groups.len(), |n| n.to_string(), "source"),
            crate::model::counted(e.claims.len(), |n| n.to_string(), "claim")
        ))
        .strong(),
    );
    let event_id = idx.data.id(e);
    let mine = picked.as_mut().filter(|p| event_id == p.event_id);
    let shown = mine.as_ref().is_some_and(|p| {
        groups.iter().any(|(s, claims)| {
            idx.data
                .sources
                .get(*s)
                .is_some_and(|s| s.id == p.source_id && p.nth < claims.len())
        })
    });
    if let Some(p) = mine.as_ref().filter(|_| !shown) {
        // Picked on the chart, which shows every claim, but not in this list: say why.
        ui.label(
            RichText::new(format!(
                "The claim picked on the chart ({}) is not listed here: its source was published after the \"as known on\" date, or the Filters hide it.",
                p.source_name
            ))
            .small()
            .color(ui.visuals().warn_fg_color),
        );
    }
    let mut mine = mine;
    for (source_index, claims) in groups {
        let Some(source) = idx.data.sources.get(source_index) else {
            continue;
        };
        ui.add_space(6.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            source_ui(ui, source, e, event_id, &claims, mine.as_deref_mut());
        });
    }
}

/// The record's other fields (a sheet's columns without a role) as a name–value table.
fn attributes_ui(ui: &mut egui::Ui, idx: &Indexed, e: &Event) {
    let attributes = idx.data.attributes(e);
    if attributes.is_empty() {
        return;
    }
    ui.add_space(4.0);
    egui::CollapsingHeader::new(format!("Fields ({})", attributes.len()))
        .id_salt("event-attributes")
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("event-attributes-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for &(name, value) in &attributes {
                        let name = idx
                            .data
                            .attribute_names
                            .get(name as usize)
                            .map_or("?", String::as_str);
                        ui.label(RichText::new(name).weak());
                        ui.add(egui::Label::new(value).wrap());
                        ui.end_row();
                    }
                });
        });
}

fn source_ui(
    ui: &mut egui::Ui,
    s: &Source,
    e: &Event,
    event_id: &str,
    claims: &[&Claim],
    mut picked: Option<&mut PickedClaim>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&s.name).strong());
        ui.weak(format!("({})", s.kind.name()));
    });
    if let Some(t) = &s.title {
        ui.label(RichText::new(t).italics());
    }
    let mut meta = Vec::new();
    if let Some(a) = &s.author {
        meta.push(format!("by {a}"));
    }
    match &s.published {
        Some(p) => meta.push(format!("published {}", short_time(p))),
        None => meta.push("publication date not known".into()),
    }
    ui.weak(meta.join(" · "));
    for (k, c) in claims.iter().enumerate() {
        let this = picked.as_deref().is_some_and(|p| p.is(event_id, s, k));
        let stroke = if this {
            ui.visuals().selection.stroke
        } else {
            egui::Stroke::NONE
        };
        let frame = egui::Frame::new()
            .stroke(stroke)
            .fill(if this {
                ui.visuals().selection.bg_fill.gamma_multiply(0.3)
            } else {
                Color32::TRANSPARENT
            })
            .corner_radius(3.0)
            .inner_margin(2.0)
            .show(ui, |ui| {
                if this {
                    ui.label(
                        RichText::new("▶ picked on the dating chart")
                            .small()
                            .strong(),
                    );
                }
                claim_ui(ui, e, s, c);
            });
        if this && let Some(p) = picked.as_deref_mut().filter(|p| p.scroll) {
            frame.response.scroll_to_me(Some(egui::Align::Center));
            p.scroll = false;
        }
    }
    if let Some(url) = &s.url {
        if is_web_link(url) {
            ui.hyperlink_to(
                RichText::new(format!("🔗 {}", shorten(url, 60))).small(),
                url,
            )
            .on_hover_text(url);
        } else {
            ui.weak(format!("{url} (not a web link; not opened)"));
        }
    }
    if let Some(n) = &s.notes {
        ui.label(RichText::new(n).small().weak());
    }
}

/// One claim: its grade, what it said, and the time, place or status it gave where they differ
/// from the event's.
fn claim_ui(ui: &mut egui::Ui, e: &Event, s: &Source, c: &Claim) {
    ui.horizontal_wrapped(|ui| {
        grade_badge(ui, s.reliability, c.credibility);
        ui.label(&*c.said);
    });
    if let Some(t) = &c.time
        && (t.earliest_start != e.time.earliest_start || t.latest_end != e.time.latest_end)
    {
        ui.label(
            RichText::new(format!(
                "gave the time as “{}”: {}",
                t.written,
                t.describe()
            ))
            .small(),
        );
    }
    if let Some(p) = c.place.as_ref().filter(|p| Some(*p) != e.place.as_ref()) {
        ui.label(RichText::new(format!("gave the place as {p}")).small());
    }
    if let Some(st) = c.status.filter(|st| *st != e.status) {
        ui.label(RichText::new(format!("treated it as {}", st.name())).small());
    }
}

/// "13 Sep 2023" or "between 4 and 5 Sep 2023".
fn short_time(t: &UncertainTime) -> String {
    let d = t.describe();
    d.strip_prefix("sometime ")
        .map_or(d.clone(), str::to_string)
}

fn shorten(s: &str, max: usize) -> String {
    let s = s
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max).collect::<String>())
    }
}

fn overview_ui(ui: &mut egui::Ui, idx: &Indexed, view: &TimelineView, state: &mut TimelineState) {
    let d = &idx.data;
    ui.heading(if d.title.is_empty() {
        "Untitled data set"
    } else {
        &d.title
    });
    if !d.description.is_empty() {
        ui.label(&d.description);
    }
    ui.weak(format!(
        "{} · {} · {} · {}",
        d.counted(d.events.len(), thousands),
        crate::model::counted(d.sources.len(), thousands, "source"),
        crate::model::counted(idx.claims, thousands, "claim"),
        crate::model::counted(d.lanes.len(), thousands, "lane")
    ));
    if let Some((a, b)) = idx.extent {
        ui.weak(format!(
            "{} – {}",
            crate::model::time::format_human_date(a as i64),
            crate::model::time::format_human_date(b as i64)
        ));
    }
    ui.separator();
    if d.events.is_empty() {
        // No event to be under a cursor, or to step to; the timeline says why it is empty.
        return;
    }
    let cursor = view.cursor;
    // The cursor stays where it was put while the view moves on: say so, or its list reads as
    // the view's.
    let whereabouts = if cursor < view.t0 {
        ", left of the view"
    } else if cursor > view.t1 {
        ", right of the view"
    } else {
        ""
    };
    ui.label(
        RichText::new(format!(
            "Under the cursor ({}{whereabouts})",
            // With its time of day where the view is zoomed to hours, as the cursor's own
            // label says it (about a thousand points of lanes).
            crate::timeline::axis::cursor_label(
                cursor as i64,
                (view.t1 - view.t0) / 1000.0,
                view.clock()
            )
        ))
        .strong(),
    );
    let found = under_cursor(ui, idx, cursor);
    let any = !found.listed.is_empty();
    let (listed, under) = (found.listed.len(), found.under);
    for &(lane_index, i) in &found.listed {
        let Some(e) = d.events.get(i) else { continue };
        ui.horizontal(|ui| {
            let (r, _) = ui.allocate_exact_size(egui::vec2(6.0, 14.0), egui::Sense::hover());
            ui.painter()
                .rect_filled(r, 2.0, lane_color(idx, lane_index));
            // A long title is shortened to the pane, never widens it (the timeline would
            // lose what the pane gains).
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            if ui.link(d.title(e)).on_hover_text(d.title(e)).clicked() {
                state.selected = Some(i);
            }
        });
    }
    if under > listed {
        ui.weak(format!(
            "… and {} more. Zoom in and move the cursor to narrow it down.",
            thousands(under - listed)
        ));
    }
    if !any {
        ui.weak(
            "Nothing. Drag the cursor, or press ➡ (the right arrow key) to step to the next event.",
        );
    }
    ui.add_space(8.0);
    ui.weak("Click an event to see who said what, and when.");
}

/// The events under the cursor that the pane lists (lane, event), at most [`LISTED`], and how
/// many there are in all (counted from the index, not by a scan).
#[derive(Clone)]
struct UnderCursor {
    listed: Vec<(usize, usize)>,
    under: usize,
}

/// At most this many events under the cursor are listed; the rest are counted.
const LISTED: usize = 40;

/// What is under the cursor, worked out again only when the cursor or the data set changed (it
/// asks every lane's index: at a million events, a tenth of a frame).
fn under_cursor(ui: &egui::Ui, idx: &Indexed, cursor: f64) -> UnderCursor {
    super::memo::memo(
        ui,
        "detail-under-cursor",
        &idx.data,
        cursor.to_bits(),
        || {
            let mut listed = Vec::new();
            let mut under = 0;
            for (lane_index, lane) in idx.lanes.iter().enumerate() {
                let here = lane.count(cursor, cursor);
                under += here;
                if listed.len() >= LISTED || here == 0 {
                    continue;
                }
                let room = LISTED - listed.len();
                listed.extend(
                    lane.visible(cursor, cursor)
                        .filter(|&i| i < idx.data.events.len())
                        .take(room)
                        .map(|i| (lane_index, i)),
                );
            }
            UnderCursor { listed, under }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::is_web_link;

    #[test]
    fn only_http_and_https_links_open() {
        assert!(is_web_link("https://tass.com/politics/1674163"));
        assert!(is_web_link("HTTP://example.org"));
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "mailto:x@y",
            "ftp://host/f",
            "/usr/bin/xterm",
            "httpx://a",
            " ",
        ] {
            assert!(!is_web_link(bad), "{bad}");
        }
    }
}
