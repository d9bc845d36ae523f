//! The legend strip, explaining every encoding on screen. Each sample is a made-up event drawn by
//! [`super::event::paint_event`], the function that draws real events, on its own little time
//! axis, so the legend cannot drift from what it explains. Painted, so exports carry it too.

use super::event::{EventState, paint_event};
use crate::model::{Event, Likelihood, RecordPos, Status, edtf};
use crate::timeline::layout::Placed;
use crate::timeline::{Geometry, TimeAxis, TimelineStyle};
use egui::{Align2, Color32, FontId, Painter, Pos2, Rangef, Rect, Stroke, Vec2, Visuals};
use std::sync::{Arc, OnceLock};

/// Width and height of a sample.
const SAMPLE: Vec2 = Vec2::new(40.0, 10.0);

/// What a legend entry shows.
#[derive(Clone, Copy)]
enum Sample {
    /// One made-up event drawn across the sample, as by the layout.
    Event(usize),
    /// Made-up events of rising likelihood, side by side.
    Likelihoods,
    /// The time cursor beside a selected event.
    CursorAndSelection,
}

/// The entries: what is drawn, and what it means.
const ENTRIES: [(Sample, &str); 9] = [
    (Sample::Event(0), "surely happening; faint: may span"),
    (Sample::Event(1), "an instant, known only within its band"),
    (Sample::Event(2), "~ approximate"),
    (Sample::Event(3), "? uncertain"),
    (Sample::Event(4), "open end (..)"),
    (Sample::Event(5), "unknown end"),
    (
        Sample::Likelihoods,
        "may never happen: filled by likelihood",
    ),
    (Sample::Event(6), "denied"),
    (Sample::CursorAndSelection, "time cursor, selection"),
];

/// A made-up event and the time range its sample spans (`None`: its own dates).
struct Made {
    event: Event,
    range: Option<(f64, f64)>,
    /// Room kept at the right of the sample (for an unknown end's tail and `?`).
    tail: f32,
}

fn made(time: &str, status: Status, likelihood: Option<Likelihood>) -> Option<Event> {
    let time = edtf::parse(time).ok()?;
    Some(Event {
        time: Arc::new(time),
        lane: 0,
        status,
        likelihood,
        place: None,
        tags: Default::default(),
        claims: Default::default(),
        row: u32::MAX,
        location: RecordPos::default(),
    })
}

/// The made-up events, read once.
fn samples() -> &'static [Made] {
    static SAMPLES: OnceLock<Vec<Made>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let day = crate::model::time::DAY as f64;
        let jan1 = crate::model::time::Civil::date(2000, 1, 1).to_instant() as f64;
        let plain = |t: &str| made(t, Status::Confirmed, None);
        let list = [
            (plain("2000-01/2000-03"), None, 0.0),
            (plain("2000-02"), None, 0.0),
            (plain("2000-02~"), None, 0.0),
            (plain("2000-02?"), None, 0.0),
            (plain("2000-01/.."), Some((jan1, jan1 + 60.0 * day)), 0.0),
            (plain("2000-01/"), Some((jan1, jan1 + 31.0 * day)), 26.0),
            (made("2000-01/2000-03", Status::Denied, None), None, 0.0),
        ];
        list.into_iter()
            .filter_map(|(e, range, tail)| e.map(|event| Made { event, range, tail }))
            .collect()
    })
}

/// Made-up events of rising likelihood.
fn likelihoods() -> &'static [Event] {
    static LIKELY: OnceLock<Vec<Event>> = OnceLock::new();
    LIKELY.get_or_init(|| {
        [
            Likelihood::VeryUnlikely,
            Likelihood::RoughlyEven,
            Likelihood::Likely,
            Likelihood::AlmostCertain,
        ]
        .into_iter()
        .filter_map(|l| made("2000-01-05/2000-01-25", Status::Reported, Some(l)))
        .collect()
    })
}

/// Draws `event` across `x` (its time range `range`, or its own dates) at height `y`.
#[allow(clippy::too_many_arguments)]
fn sample(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    event: &Event,
    range: Option<(f64, f64)>,
    x: Rangef,
    y: f32,
    color: Color32,
    state: EventState,
) {
    let (a, b) = range.unwrap_or_else(|| crate::index::span(&event.time));
    let geo = Geometry {
        time: TimeAxis::new(x, a, b),
        style: TimelineStyle {
            band_height: SAMPLE.y,
            ..geo.style
        },
        ..*geo
    };
    let placed = Placed {
        event: 0,
        x0: x.min,
        x1: x.max,
        y,
        label: None,
        hit: Rect::NOTHING,
    };
    paint_event(painter, visuals, &geo, event, &placed, color, state);
}

/// The kinds of encoding each entry explains (as `export::legend::used_kinds` names them): an
/// entry is kept when any of its kinds is.
const ENTRY_KINDS: [&[&str]; 9] = [
    &["core", "band"],
    &["point"],
    &["approx"],
    &["uncertain"],
    &["open"],
    &["unknown"],
    &["likely"],
    &["denied"],
    &["cursor"],
];

/// How many rows the legend takes in `width` points with `room_right` kept free on its first
/// row, its words measured at a generous `char_width` (the layout has no fonts): the window's
/// legend is made this tall, so a narrow window's third row is not cut off.
pub fn rows_needed(width: f32, room_right: f32, char_width: f32) -> usize {
    let (left, right) = (8.0 + 54.0, width);
    let mut x = left;
    let mut rows = 1;
    for (_, words) in ENTRIES {
        let item_w = SAMPLE.x + 6.0 + words.chars().count() as f32 * char_width + 18.0;
        let limit = if rows == 1 { right - room_right } else { right };
        if x + item_w > limit && x > 70.0 {
            x = 62.0;
            rows += 1;
        }
        x += item_w;
    }
    rows
}

/// The legend, leaving `room_right` points free at the right of its first row; returns that
/// room (for the caller's controls), if any was asked for.
pub fn paint_legend(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    room_right: f32,
) -> Option<Rect> {
    paint_legend_of(painter, visuals, geo, room_right, &|_| true)
}

/// The legend with only the entries whose kinds `keep` accepts (`"core"`, `"band"`, `"point"`,
/// …, `"cursor"`): an export lists only what its picture uses.
pub fn paint_legend_of(
    painter: &Painter,
    visuals: &Visuals,
    geo: &Geometry,
    room_right: f32,
    keep: &dyn Fn(&str) -> bool,
) -> Option<Rect> {
    let r = geo.legend;
    if r.height() < 10.0 {
        return None;
    }
    let p = painter.with_clip_rect(r);
    p.rect_filled(r, 0.0, visuals.panel_fill);
    p.hline(
        r.x_range(),
        r.top(),
        visuals.widgets.noninteractive.bg_stroke,
    );
    let font = FontId::proportional(geo.style.legend_font);
    let c = visuals.text_color();
    let swatch_c = visuals.text_color().gamma_multiply(0.85);
    let (mut x, mut y) = (r.left() + 8.0, r.top() + 13.0);
    p.text(
        Pos2::new(x, y),
        Align2::LEFT_CENTER,
        "Legend",
        font.clone(),
        visuals.strong_text_color(),
    );
    x += 54.0;
    for ((what, words), kinds) in ENTRIES.into_iter().zip(ENTRY_KINDS) {
        if !kinds.iter().any(|k| keep(k)) {
            continue;
        }
        // The first entry explains two encodings; say only the one a picture uses.
        let words = match (what, keep("core"), keep("band")) {
            (Sample::Event(0), true, false) => "surely happening",
            (Sample::Event(0), false, true) => "may span",
            _ => words,
        };
        let galley = p.layout_no_wrap(words.to_string(), font.clone(), c);
        let item_w = SAMPLE.x + 6.0 + galley.size().x + 18.0;
        let right = if y < r.top() + 20.0 {
            r.right() - room_right
        } else {
            r.right()
        };
        if x + item_w > right && x > r.left() + 70.0 {
            x = r.left() + 62.0;
            y += 20.0;
        }
        let s = Rect::from_min_size(Pos2::new(x, y - SAMPLE.y / 2.0), SAMPLE);
        let plain = EventState::default();
        match what {
            Sample::Event(n) => {
                if let Some(m) = samples().get(n) {
                    let xs = Rangef::new(s.left(), s.right() - m.tail);
                    sample(&p, visuals, geo, &m.event, m.range, xs, y, swatch_c, plain);
                }
            }
            Sample::Likelihoods => {
                for (k, e) in likelihoods().iter().enumerate() {
                    let left = s.left() + k as f32 * 10.0;
                    let xs = Rangef::new(left, left + 8.0);
                    sample(&p, visuals, geo, e, None, xs, y, swatch_c, plain);
                }
            }
            Sample::CursorAndSelection => {
                p.vline(
                    s.left() + 8.0,
                    s.top() - 3.0..=s.bottom() + 3.0,
                    Stroke::new(1.5, super::cursor_color(visuals)),
                );
                if let Some(m) = samples().first() {
                    let xs = Rangef::new(s.left() + 20.0, s.right() - 2.0);
                    let selected = EventState {
                        selected: true,
                        ..plain
                    };
                    sample(
                        &p, visuals, geo, &m.event, m.range, xs, y, swatch_c, selected,
                    );
                }
            }
        }
        p.galley(
            Pos2::new(s.right() + 6.0, y - galley.size().y / 2.0),
            galley,
            c,
        );
        x += item_w;
    }
    (room_right > 0.0).then(|| {
        Rect::from_min_size(
            Pos2::new(r.right() - room_right, r.top() + 3.0),
            Vec2::new(room_right - 6.0, 20.0),
        )
    })
}

#[cfg(test)]
mod rows_tests {
    #[test]
    fn a_narrow_legend_needs_more_rows() {
        let at = |w: f32| super::rows_needed(w, 190.0, 11.5 * 0.47);
        assert_eq!(at(1400.0), 2);
        assert!(at(900.0) >= 3, "{}", at(900.0));
        assert!(at(600.0) > at(900.0));
    }
}
