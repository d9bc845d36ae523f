//! The data set as known on a date: only what had been published by then, with each event dated,
//! placed and given a status by the latest claim published by then that says so. A projection of
//! the model (a new `Dataset` plus a map back to the original events), never a change to it.
//!
//! The rules, also in docs/FORMAT.md ("What was known when"):
//! - "As known on D" is the state at the start of day D (00:00 UTC): a source counts once its
//!   whole publication interval has ended before that instant. A source published on 13 Sep is
//!   known on 14 Sep, not on 13 Sep; one published "Sep 2023" is known from 1 Oct 2023. A source
//!   with no publication date is never known (nothing says when it was), nor are its claims.
//! - A claim is known when its source is. An event with claims none of which is known yet is
//!   left out, or kept as a *ghost* (no claims; its dates as the data set has them) when asked.
//!   An event that has no claims at all is the analyst's own record and is kept as written.
//! - Dates, place and status each come from the latest known claim that gives them: latest by
//!   the end of its source's publication interval; among claims published equally late, the
//!   better-graded one (source reliability, then information credibility, then the later in the
//!   file). Two refinements for dates, both because a vaguer claim that agrees with a more
//!   precise one says nothing new: among equally late claims, one that only names a coarser
//!   period (a month: "within the month") gives way to one written more finely (days) whose
//!   dates lie inside it, whatever their grades; and a later claim whose dates merely contain
//!   the dates already known ("recently" after "24 Aug") does not replace them. Claims of the
//!   same precision, or that contradict each other, are settled by publication and grade.
//! - Where no known claim gives the dates, the event keeps the data set's dates (it has to be
//!   drawn somewhere) and is marked `undated`; where none gives a place, the place is left empty
//!   if some later claim gives one (it was not known yet) and kept if no claim ever does; the
//!   status likewise falls back to the data set's. Titles, summaries, tags and likelihood are the
//!   analyst's and are kept as written.

use super::time::{Civil, DAY};
use super::{Claim, Dataset, Event, Instant, List, Source, UncertainTime};
use std::cmp::Ordering;
use std::sync::Arc;

/// The data set as known on a date, and how it maps back onto the original.
#[derive(Clone, Debug, Default)]
pub struct Projection {
    pub data: Dataset,
    /// For each event of `data`, its index in the original data set.
    pub original: Vec<usize>,
    /// For each event of `data`: no claim of it was known yet (kept only because ghosts were asked for).
    pub ghost: Vec<bool>,
    /// For each event of `data`: no known claim gave its dates, so they are the data set's.
    pub undated: Vec<bool>,
    /// Events left out because none of their claims was known yet.
    pub hidden_events: usize,
    /// Claims left out because their source was not known yet (or has no publication date).
    pub hidden_claims: usize,
    /// Sources left out: published later, or with no publication date.
    pub hidden_sources: usize,
}

/// The start of the day (00:00 UTC) that contains `t`.
pub fn start_of_day(t: Instant) -> Instant {
    t.div_euclid(DAY) * DAY
}

/// The instant by which a source had surely been published: the end of its publication interval
/// (approximate dates widened, so never too early). `None` when it has no usable date.
pub fn published_by(source: &Source) -> Option<Instant> {
    let p = source.published.as_ref()?;
    match p.latest_end {
        super::Bound::OPEN => None,
        _ => p.latest(),
    }
}

/// True when the source had been published before `at` (see the module's rules).
pub fn is_known(source: &Source, at: Instant) -> bool {
    published_by(source).is_some_and(|t| t < at)
}

/// The data set as known at instant `at` (use [`start_of_day`] for "as known on a date"),
/// without ghosts.
pub fn as_known_on(data: &Dataset, at: Instant) -> Dataset {
    project(data, at, false).data
}

/// The data set as known at `at`, with the map back to the original events; `ghosts` keeps
/// events none of whose claims was known yet, claimless, marked in [`Projection::ghost`].
pub fn project(data: &Dataset, at: Instant, ghosts: bool) -> Projection {
    let mut out = Projection::default();
    // Sources known by then, and where each lands in the new list.
    let mut source_map: Vec<Option<usize>> = Vec::with_capacity(data.sources.len());
    let mut sources = Vec::new();
    for s in &data.sources {
        if is_known(s, at) {
            source_map.push(Some(sources.len()));
            sources.push(s.clone());
        } else {
            source_map.push(None);
            out.hidden_sources += 1;
        }
    }
    let published: Vec<Option<Instant>> = data.sources.iter().map(published_by).collect();
    let mut events = Vec::with_capacity(data.events.len());
    for (i, e) in data.events.iter().enumerate() {
        let known: Vec<(usize, &Claim)> = e
            .claims
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                source_map
                    .get(c.source as usize)
                    .copied()
                    .flatten()
                    .is_some()
            })
            .collect();
        out.hidden_claims += e.claims.len() - known.len();
        if !e.claims.is_empty() && known.is_empty() {
            if ghosts {
                let mut ghost = e.clone();
                ghost.claims = List::default();
                events.push(ghost);
                out.original.push(i);
                out.ghost.push(true);
                out.undated.push(true);
            } else {
                out.hidden_events += 1;
            }
            continue;
        }
        let rank = |(n, c): (usize, &Claim)| ClaimRank::of(n, c, data, &published);
        let time = latest_time(&known, &rank);
        let place = latest_by(&known, &rank, |c| c.place.is_some());
        let status = latest_by(&known, &rank, |c| c.status.is_some());
        let mut event = Event {
            claims: known
                .iter()
                .map(|(_, c)| Claim {
                    source: source_map
                        .get(c.source as usize)
                        .copied()
                        .flatten()
                        .and_then(|i| u32::try_from(i).ok())
                        .unwrap_or(0),
                    ..(*c).clone()
                })
                .collect(),
            ..e.clone()
        };
        if let Some(t) = time.and_then(|(_, c)| c.time.as_ref()) {
            event.time = t.clone();
        }
        event.place = match place.and_then(|(_, c)| c.place.clone()) {
            Some(p) => Some(p),
            None if e.claims.iter().any(|c| c.place.is_some()) => None,
            None => e.place.clone(),
        };
        if let Some(s) = status.and_then(|(_, c)| c.status) {
            event.status = s;
        }
        out.undated
            .push(time.is_none() && e.claims.iter().any(|c| c.time.is_some()));
        events.push(event);
        out.original.push(i);
        out.ghost.push(false);
    }
    out.data = Dataset {
        title: data.title.clone(),
        description: data.description.clone(),
        lanes: data.lanes.clone(),
        sources,
        events,
        eras: data.eras.clone(),
        attribute_names: data.attribute_names.clone(),
        fields: data.fields.clone(),
        record: data.record,
        weights: data.weights.clone(),
        known_caveat: data.known_caveat,
    };
    out
}

/// The dates one event had as known at `at`, by the same rule as [`project`]; `None` when no
/// claim giving dates was known yet. Costs only the event's claims, so a chart may ask per frame.
pub fn event_time_known(data: &Dataset, e: &Event, at: Instant) -> Option<Arc<UncertainTime>> {
    let known: Vec<(usize, &Claim)> = e
        .claims
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            data.sources
                .get(c.source as usize)
                .is_some_and(|s| is_known(s, at))
        })
        .collect();
    let rank = |(position, c): (usize, &Claim)| {
        let source = data.sources.get(c.source as usize);
        ClaimRank {
            published: source.and_then(published_by).unwrap_or(i64::MIN),
            reliability: source.and_then(|s| s.reliability).map_or(6, |r| r as u8),
            credibility: c.credibility.map_or(7, |c| c.value()),
            position,
        }
    };
    latest_time(&known, &rank).and_then(|(_, c)| c.time.clone())
}

/// How a claim ranks for "the latest claim published by then": later publication first, then
/// the better source reliability, the better credibility, the later position in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ClaimRank {
    published: Instant,
    /// 0 = A … 5 = F, 6 = not graded; lower is better.
    reliability: u8,
    /// 1 … 6, 7 = not graded; lower is better.
    credibility: u8,
    position: usize,
}

impl ClaimRank {
    fn of(position: usize, c: &Claim, data: &Dataset, published: &[Option<Instant>]) -> ClaimRank {
        let reliability = data
            .sources
            .get(c.source as usize)
            .and_then(|s| s.reliability)
            .map_or(6, |r| r as u8);
        ClaimRank {
            published: published
                .get(c.source as usize)
                .copied()
                .flatten()
                .unwrap_or(i64::MIN),
            reliability,
            credibility: c.credibility.map_or(7, |c| c.value()),
            position,
        }
    }

    /// Greater is preferred.
    fn cmp_preference(&self, other: &ClaimRank) -> Ordering {
        self.published
            .cmp(&other.published)
            .then(other.reliability.cmp(&self.reliability))
            .then(other.credibility.cmp(&self.credibility))
            .then(self.position.cmp(&other.position))
    }
}

/// One event's claims with their positions in it.
type Numbered<'a> = [(usize, &'a Claim)];

/// The preferred claim among those for which `gives` holds.
fn latest_by<'a>(
    claims: &Numbered<'a>,
    rank: &dyn Fn((usize, &Claim)) -> ClaimRank,
    gives: impl Fn(&Claim) -> bool,
) -> Option<(usize, &'a Claim)> {
    claims
        .iter()
        .copied()
        .filter(|(_, c)| gives(c))
        .max_by(|&a, &b| rank(a).cmp_preference(&rank(b)))
}

/// The claim whose dates count. Dated claims are taken in publication order, a group of equally
/// late ones at a time; each group's own choice (see [`group_choice`]) replaces the dates known
/// so far unless it only widens them (it contains them and says no more: "recently" after "24
/// Aug" leaves 24 Aug).
fn latest_time<'a>(
    claims: &Numbered<'a>,
    rank: &dyn Fn((usize, &Claim)) -> ClaimRank,
) -> Option<(usize, &'a Claim)> {
    let mut dated: Vec<(usize, &'a Claim)> = claims
        .iter()
        .copied()
        .filter(|(_, c)| c.time.is_some())
        .collect();
    dated.sort_by_key(|&c| rank(c).published);
    let mut current: Option<(usize, &'a Claim)> = None;
    for group in dated.chunk_by(|&a, &b| rank(a).published == rank(b).published) {
        let Some(choice) = group_choice(group, rank) else {
            continue;
        };
        let widens = match (
            current.and_then(|c| c.1.time.as_deref()),
            choice.1.time.as_deref(),
        ) {
            (Some(known), Some(new)) => lies_within(known, new) && !lies_within(new, known),
            _ => false,
        };
        if !widens {
            current = Some(choice);
        }
    }
    current
}

/// Among equally late dated claims: the better-graded, refined by a claim written more finely
/// (days within a month) whose dates lie inside it.
fn group_choice<'a>(
    group: &Numbered<'a>,
    rank: &dyn Fn((usize, &Claim)) -> ClaimRank,
) -> Option<(usize, &'a Claim)> {
    let mut chosen = latest_by(group, rank, |c| c.time.is_some())?;
    loop {
        let Some(outer) = chosen.1.time.as_deref() else {
            return Some(chosen);
        };
        let finer = latest_by(group, rank, |c| {
            c.time
                .as_deref()
                .is_some_and(|t| t.precision < outer.precision && lies_within(t, outer))
        });
        match finer {
            Some(f) => chosen = f,
            None => return Some(chosen),
        }
    }
}

/// True when every instant `inner` may denote is one `outer` may denote.
pub fn lies_within(inner: &UncertainTime, outer: &UncertainTime) -> bool {
    // An open end reaches indefinitely far; an unknown one could be anywhere.
    let lo = |t: &UncertainTime| match t.earliest_start {
        super::Bound::OPEN => Some(i64::MIN),
        super::Bound::UNKNOWN => None,
        _ => t.earliest(),
    };
    let hi = |t: &UncertainTime| match t.latest_end {
        super::Bound::OPEN => Some(i64::MAX),
        super::Bound::UNKNOWN => None,
        _ => t.latest(),
    };
    match (lo(inner), hi(inner), lo(outer), hi(outer)) {
        (Some(a), Some(b), Some(c), Some(d)) => c <= a && b <= d,
        _ => false,
    }
}

/// True when two times cannot both be right: their spans do not meet.
/// Open ends reach indefinitely far, so an open-ended time never contradicts a later one.
pub fn contradicts(a: &UncertainTime, b: &UncertainTime) -> bool {
    let lo = |t: &UncertainTime| match t.earliest_start {
        super::Bound::OPEN => None,
        _ => t.earliest(),
    };
    let hi = |t: &UncertainTime| match t.latest_end {
        super::Bound::OPEN => None,
        _ => t.latest(),
    };
    let before = |x: &UncertainTime, y: &UncertainTime| match (hi(x), lo(y)) {
        (Some(h), Some(l)) => h < l,
        _ => false,
    };
    before(a, b) || before(b, a)
}

/// The instant "as known on" a written date means: the start (00:00 UTC) of its first day, or
/// for a date-time (hours or finer) that instant itself. `None` for an open or unknown start.
pub fn as_of_instant(t: &UncertainTime) -> Option<Instant> {
    let at = t.strict_earliest.instant()?;
    Some(if t.precision <= super::Precision::Hour {
        at
    } else {
        start_of_day(at)
    })
}

/// The start of the day after `t`'s day: what "as known on" the next day means; used to step.
pub fn next_day(t: Instant) -> Instant {
    start_of_day(t) + DAY
}

/// "as known on 5 Sep 2023" as ISO: the date of a start-of-day instant.
pub fn day_text(t: Instant) -> String {
    let c = Civil::from_instant(t);
    format!("{}-{:02}-{:02}", c.year, c.month, c.day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn sample() -> Dataset {
        match crate::sample::load() {
            Ok(l) => l.dataset,
            Err(e) => unreachable!("the sample loads: {e}"),
        }
    }

    fn day(y: i64, m: u32, d: u32) -> Instant {
        Civil::date(y, m, d).to_instant()
    }

    fn summit(d: &Dataset) -> Option<&Event> {
        d.events.iter().find(|e| d.id(e) == "summit-vostochny")
    }

    fn iso(t: Option<Instant>) -> String {
        t.map(crate::model::time::format_iso_date)
            .unwrap_or_default()
    }

    #[test]
    fn on_5_september_the_summit_spans_the_forum_in_vladivostok() {
        let known = as_known_on(&sample(), day(2023, 9, 5));
        let s = summit(&known);
        assert_eq!(iso(s.and_then(|e| e.time.earliest())), "2023-09-10");
        assert_eq!(iso(s.and_then(|e| e.time.latest())), "2023-09-13");
        assert!(
            s.and_then(|e| e.place.as_deref())
                .is_some_and(|p| p.starts_with("Vladivostok"))
        );
        assert_eq!(s.map(|e| e.status), Some(Status::Planned));
    }

    #[test]
    fn on_12_september_the_summit_is_in_the_coming_days() {
        let known = as_known_on(&sample(), day(2023, 9, 12));
        let s = summit(&known);
        assert_eq!(s.map(|e| &*e.time.written), Some("in the coming days"));
        assert_eq!(iso(s.and_then(|e| e.time.earliest())), "2023-09-11");
        assert_eq!(iso(s.and_then(|e| e.time.latest())), "2023-09-17");
    }

    #[test]
    fn on_14_september_the_summit_is_on_13_september_at_vostochny() {
        let known = as_known_on(&sample(), day(2023, 9, 14));
        let s = summit(&known);
        assert_eq!(iso(s.and_then(|e| e.time.earliest())), "2023-09-13");
        assert_eq!(iso(s.and_then(|e| e.time.latest())), "2023-09-13");
        assert!(
            s.and_then(|e| e.place.as_deref())
                .is_some_and(|p| p.starts_with("Vostochny"))
        );
        assert_eq!(s.map(|e| e.status), Some(Status::Confirmed));
    }

    #[test]
    fn a_source_counts_from_the_day_after_its_publication() {
        let data = sample();
        let on_13 = as_known_on(&data, day(2023, 9, 13));
        let on_14 = as_known_on(&data, day(2023, 9, 14));
        let has = |d: &Dataset, id: &str| d.sources.iter().any(|s| s.id == id);
        // TASS published on 13 Sep: not known at the start of 13 Sep, known at the start of 14 Sep.
        assert!(!has(&on_13, "tass-1673965"));
        assert!(has(&on_14, "tass-1673965"));
        // The undated-by-a-day article (4–5 Sep) is not yet known on 5 Sep.
        assert!(!has(
            &as_known_on(&data, day(2023, 9, 5)),
            "betancourt-article"
        ));
        assert!(has(
            &as_known_on(&data, day(2023, 9, 6)),
            "betancourt-article"
        ));
        // A source with no publication date is never known.
        assert!(!has(&on_14, "scmp-3233537"));
    }

    #[test]
    fn claims_point_at_their_sources_after_projection() {
        let data = sample();
        let known = as_known_on(&data, day(2023, 9, 8));
        for e in &known.events {
            for c in e.claims.iter() {
                let s = known.sources.get(c.source as usize);
                assert!(s.is_some_and(|s| is_known(s, day(2023, 9, 8))));
            }
        }
    }

    #[test]
    fn events_with_no_known_claim_are_left_out_or_ghosts() {
        let data = sample();
        let p = project(&data, day(2023, 9, 5), false);
        assert!(
            p.data
                .events
                .iter()
                .all(|e| p.data.id(e) != "kim-knaaz-plant")
        );
        assert!(p.hidden_events > 0);
        let g = project(&data, day(2023, 9, 5), true);
        assert_eq!(g.data.events.len(), data.events.len());
        let i = g
            .data
            .events
            .iter()
            .position(|e| g.data.id(e) == "kim-knaaz-plant");
        assert_eq!(i.and_then(|i| g.ghost.get(i)).copied(), Some(true));
        // The map leads back to the same event.
        for (n, e) in g.data.events.iter().enumerate() {
            let o = g.original.get(n).and_then(|&o| data.events.get(o));
            assert_eq!(o.map(|o| data.id(o)), Some(g.data.id(e)));
        }
    }

    #[test]
    fn events_without_claims_are_kept_as_written() {
        let mut data = sample();
        if let Some(e) = data.events.first_mut() {
            e.claims = List::default();
        }
        let first = data.events.first().map(|e| data.id(e).to_string());
        let known = as_known_on(&data, day(2000, 1, 1));
        assert_eq!(known.events.len(), 1);
        assert_eq!(known.events.first().map(|e| known.id(e).to_string()), first);
    }

    #[test]
    fn ties_go_to_the_better_graded_source() {
        // On 12 Sep three claims published on 11 Sep give dates: two from B sources ("in the
        // coming days") and one from a C source ("13 Sep"). The B claims win.
        let known = as_known_on(&sample(), day(2023, 9, 12));
        assert_ne!(summit(&known).map(|e| &*e.time.written), Some("13 Sep"));
    }

    #[test]
    fn a_finer_same_day_claim_refines_a_month() {
        // On 5 Sep: "within the month" (B, 4 Sep) and "during the EEF (10–13 Sep)" (C, 4 Sep).
        let known = as_known_on(&sample(), day(2023, 9, 5));
        assert_eq!(
            summit(&known).map(|e| &*e.time.written),
            Some("this month, during the EEF (10–13 Sep)")
        );
    }

    #[test]
    fn a_vaguer_later_claim_does_not_undo_a_precise_one() {
        // The seed article (about 4–5 Sep) says the second satellite launch failed "recently"
        // (Aug to 5 Sep); AP had already dated it 24 Aug.
        let known = as_known_on(&sample(), day(2023, 9, 14));
        let e = known
            .events
            .iter()
            .find(|e| known.id(e) == "sat-launch-failure-2");
        assert_eq!(iso(e.and_then(|e| e.time.earliest())), "2023-08-24");
        assert_eq!(iso(e.and_then(|e| e.time.latest())), "2023-08-24");
    }

    #[test]
    fn contradiction_is_disjoint_spans() {
        let a = crate::model::edtf::parse("2023-09-10/2023-09-13");
        let b = crate::model::edtf::parse("2023-09-14");
        let c = crate::model::edtf::parse("2023-09");
        if let (Ok(a), Ok(b), Ok(c)) = (a, b, c) {
            assert!(contradicts(&a, &b));
            assert!(!contradicts(&a, &c));
        } else {
            unreachable!("valid EDTF");
        }
    }
}
