//! Sources judged by their record: on events whose outcome is known, did the dates (and the
//! place) each source gave turn out right? Pure functions over a [`Dataset`], no egui.
//!
//! The rules, also in docs/FORMAT.md ("Track record"):
//! - An event is **resolved** when its status is `confirmed` and its time is written to the day
//!   or finer, with both ends known.
//! - A claim on a resolved event that gives a time **hits** when its window (the four points'
//!   outer bounds, `~` widening included; an open end reaches indefinitely far) contains the
//!   event's dates, **misses** when the two do not meet, and is **partial** otherwise (it
//!   overlaps without containing them, or has an unknown end): neither a hit nor a miss.
//! - Its **lead** is the whole days from the day its source was surely published (the end of the
//!   publication interval) to the event's first day; negative when reported after the fact.
//!   Claims whose source has no publication date have no lead.
//! - Its **width** is the days its window spans (one day for "13 Sep", 30 for "Sep 2023"),
//!   infinite for an open end.
//! - Sources are counted by **name** (the outlet): all articles of an outlet together.

use super::known::{contradicts, lies_within, published_by};
use super::{Claim, Dataset, Edge, Event, Instant, Precision, Reliability, SourceKind, Status};
use super::{UncertainTime, time::DAY};
use std::collections::{BTreeMap, BTreeSet};

/// How a claim's dates fared against a resolved event's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Verdict {
    /// The claim's window contains the event's dates.
    Hit,
    /// The claim's window and the event's dates do not meet.
    Miss,
    /// They overlap without the window containing the dates (or an end is unknown).
    Partial,
}

/// How a claim's place fared against a resolved event's place (see [`place_verdict`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaceVerdict {
    Hit,
    Miss,
    /// The text rule cannot tell: a broader area, a negation, or no significant word.
    Unknown,
}

/// One outlet's record.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceRecord {
    /// The outlet's name, shared by all its articles.
    pub name: String,
    /// The kind most of its articles carry.
    pub kind: SourceKind,
    /// The grade most of its articles carry (ungraded counts as a grade of its own).
    pub reliability: Option<Reliability>,
    /// Indexes into [`Dataset::sources`] of its articles.
    pub sources: Vec<usize>,
    /// Claims it made, on any event.
    pub claims: usize,
    /// Distinct events it made claims on.
    pub events: usize,
    /// The earliest instant any of its articles may have been published.
    pub first_published: Option<Instant>,
    /// The instant by which its last article had surely been published.
    pub last_published: Option<Instant>,
    pub hits: usize,
    pub misses: usize,
    pub partial: usize,
    /// Median lead in days over its judged claims that have a lead.
    pub median_lead_days: Option<f64>,
    /// Median width in days over its judged claims (infinite when the median window is open).
    pub median_width_days: Option<f64>,
    pub place_hits: usize,
    pub place_misses: usize,
    pub place_unknown: usize,
}

impl SourceRecord {
    /// Claims judged on dates: hits, misses and partial ones.
    pub fn judged(&self) -> usize {
        self.hits + self.misses + self.partial
    }
}

/// True when the event's outcome is known: confirmed, and dated to the day or finer with both
/// ends known.
pub fn is_resolved(e: &Event) -> bool {
    e.status == Status::Confirmed
        && e.time.precision <= Precision::Day
        && e.time.earliest_start.instant().is_some()
        && e.time.latest_end.instant().is_some()
}

/// How a claimed time fares against the resolved event's time.
pub fn judge(claimed: &UncertainTime, outcome: &UncertainTime) -> Verdict {
    if lies_within(outcome, claimed) {
        Verdict::Hit
    } else if contradicts(claimed, outcome) {
        Verdict::Miss
    } else {
        Verdict::Partial
    }
}

/// The lower and upper instants of a time's window: open ends as `i64::MIN`/`MAX`, `None` for an
/// unknown end.
pub fn window(t: &UncertainTime) -> Option<(Instant, Instant)> {
    let lo = match t.earliest_start.edge() {
        Edge::Open => i64::MIN,
        Edge::Unknown => return None,
        Edge::At(_) => t.earliest()?,
    };
    let hi = match t.latest_end.edge() {
        Edge::Open => i64::MAX,
        Edge::Unknown => return None,
        Edge::At(_) => t.latest()?,
    };
    Some((lo, hi))
}

/// The days a time's window spans (its last second included); infinite for an open end, `None`
/// for an unknown one.
pub fn width_days(t: &UncertainTime) -> Option<f64> {
    let (lo, hi) = window(t)?;
    if lo == i64::MIN || hi == i64::MAX {
        return Some(f64::INFINITY);
    }
    Some((hi.saturating_sub(lo).saturating_add(1)) as f64 / DAY as f64)
}

/// Whole days from the day `published` falls on to the day `event_start` falls on.
pub fn lead_days(published: Instant, event_start: Instant) -> i64 {
    event_start.div_euclid(DAY) - published.div_euclid(DAY)
}

/// Words the place rule ignores: hedges, negation-free function words and generic geography.
const PLACE_STOPWORDS: &[&str] = &[
    "also", "area", "central", "city", "during", "east", "either", "from", "likely", "maybe",
    "near", "north", "perhaps", "possibly", "probably", "province", "region", "south", "then",
    "there", "west", "with",
];

/// The significant words of a place text: lower-cased runs of letters and digits of at least four
/// characters, less [`PLACE_STOPWORDS`].
fn place_words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4 && !PLACE_STOPWORDS.contains(&w.as_str()))
        .collect()
}

/// Whether a claimed place names the outcome's place. The outcome's most specific part is its
/// text before the first comma ("Vostochny Cosmodrome" of "Vostochny Cosmodrome, Amur Region,
/// Russia"). A claim **hits** when it shares a significant word with that part; it is
/// **unknown** when it shares one only with the broader parts (it names a containing area:
/// "Russia"), when it has no significant word ("Far East") or when it says "not" (a negation the
/// rule cannot read); otherwise it **misses** ("Vladivostok").
pub fn place_verdict(claimed: &str, outcome: &str) -> PlaceVerdict {
    let claim = place_words(claimed);
    let negated = claimed
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.eq_ignore_ascii_case("not"));
    if claim.is_empty() || negated {
        return PlaceVerdict::Unknown;
    }
    let specific = place_words(outcome.split(',').next().unwrap_or(outcome));
    if claim.intersection(&specific).next().is_some() {
        return PlaceVerdict::Hit;
    }
    if claim.intersection(&place_words(outcome)).next().is_some() {
        return PlaceVerdict::Unknown;
    }
    PlaceVerdict::Miss
}

/// Judges one claim, if its event is resolved and it gives a time.
pub fn judge_claim(
    data: &Dataset,
    event: &Event,
    claim: &Claim,
) -> Option<(Verdict, Option<i64>, Option<f64>)> {
    if !is_resolved(event) {
        return None;
    }
    let t = claim.time.as_deref()?;
    let lead = data
        .sources
        .get(claim.source as usize)
        .and_then(published_by)
        .zip(event.time.earliest())
        .map(|(p, e)| lead_days(p, e));
    Some((judge(t, &event.time), lead, width_days(t)))
}

/// The median of some numbers (infinities sort last); `None` for none.
pub fn median(mut xs: Vec<f64>) -> Option<f64> {
    xs.retain(|x| !x.is_nan());
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return None;
    }
    let hi = xs.get(n / 2).copied()?;
    if n % 2 == 1 {
        return Some(hi);
    }
    let lo = xs.get(n / 2 - 1).copied()?;
    Some(if hi.is_infinite() {
        hi
    } else {
        (lo + hi) / 2.0
    })
}

/// The most frequent value, ties going to the first seen.
fn mode<T: Copy + PartialEq>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: Vec<(T, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(k, _)| k)
}

#[derive(Default)]
struct Tally {
    claims: usize,
    events: BTreeSet<usize>,
    hits: usize,
    misses: usize,
    partial: usize,
    leads: Vec<f64>,
    widths: Vec<f64>,
    place: [usize; 3],
}

/// The record of every outlet in the data set, best first: by hits (more first), then median
/// width (narrower first), then name.
pub fn track_record(data: &Dataset) -> Vec<SourceRecord> {
    // Outlets by name, in order of first appearance.
    let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
    let mut outlets: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut outlet_of = Vec::with_capacity(data.sources.len());
    for (i, s) in data.sources.iter().enumerate() {
        let o = *by_name.entry(s.name.as_str()).or_insert_with(|| {
            outlets.push((s.name.as_str(), Vec::new()));
            outlets.len() - 1
        });
        if let Some((_, v)) = outlets.get_mut(o) {
            v.push(i);
        }
        outlet_of.push(o);
    }
    let mut tallies: Vec<Tally> = outlets.iter().map(|_| Tally::default()).collect();
    for (ei, e) in data.events.iter().enumerate() {
        let resolved = is_resolved(e);
        for c in e.claims.iter() {
            let Some(t) = outlet_of
                .get(c.source as usize)
                .and_then(|&o| tallies.get_mut(o))
            else {
                continue;
            };
            t.claims += 1;
            t.events.insert(ei);
            if !resolved {
                continue;
            }
            if let Some((verdict, lead, width)) = judge_claim(data, e, c) {
                match verdict {
                    Verdict::Hit => t.hits += 1,
                    Verdict::Miss => t.misses += 1,
                    Verdict::Partial => t.partial += 1,
                }
                t.leads.extend(lead.map(|l| l as f64));
                t.widths.extend(width);
            }
            if let (Some(claimed), Some(outcome)) = (c.place.as_deref(), e.place.as_deref()) {
                let slot = match place_verdict(claimed, outcome) {
                    PlaceVerdict::Hit => 0,
                    PlaceVerdict::Miss => 1,
                    PlaceVerdict::Unknown => 2,
                };
                if let Some(n) = t.place.get_mut(slot) {
                    *n += 1;
                }
            }
        }
    }
    let mut records: Vec<SourceRecord> = outlets
        .into_iter()
        .zip(tallies)
        .map(|((name, sources), t)| {
            let articles = || sources.iter().filter_map(|&i| data.sources.get(i));
            SourceRecord {
                name: name.to_string(),
                kind: mode(articles().map(|s| s.kind)).unwrap_or_default(),
                reliability: mode(articles().map(|s| s.reliability)).flatten(),
                first_published: articles()
                    .filter_map(|s| s.published.as_ref().and_then(|p| p.earliest()))
                    .min(),
                last_published: articles().filter_map(published_by).max(),
                sources,
                claims: t.claims,
                events: t.events.len(),
                hits: t.hits,
                misses: t.misses,
                partial: t.partial,
                median_lead_days: median(t.leads),
                median_width_days: median(t.widths),
                place_hits: t.place[0],
                place_misses: t.place[1],
                place_unknown: t.place[2],
            }
        })
        .collect();
    records.sort_by(|a, b| {
        b.hits
            .cmp(&a.hits)
            .then(
                a.median_width_days
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.median_width_days.unwrap_or(f64::INFINITY)),
            )
            .then(a.name.cmp(&b.name))
    });
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edtf;

    fn t(s: &str) -> UncertainTime {
        match edtf::parse(s) {
            Ok(t) => t,
            Err(e) => unreachable!("{s}: {e}"),
        }
    }

    fn sample() -> Dataset {
        match crate::sample::load() {
            Ok(l) => l.dataset,
            Err(e) => unreachable!("the sample loads: {e}"),
        }
    }

    #[test]
    fn window_containing_the_day_hits() {
        let day = t("2023-09-13");
        assert_eq!(judge(&t("2023-09-11/2023-09-17"), &day), Verdict::Hit);
        assert_eq!(judge(&t("2023-09"), &day), Verdict::Hit);
        assert_eq!(judge(&t("2023-09-13"), &day), Verdict::Hit);
        assert_eq!(judge(&t("2023-09-12/.."), &day), Verdict::Hit);
    }

    #[test]
    fn window_apart_from_the_day_misses() {
        let day = t("2023-09-13");
        assert_eq!(judge(&t("2023-09-14/2023-09-20"), &day), Verdict::Miss);
        assert_eq!(judge(&t("2023-08"), &day), Verdict::Miss);
    }

    #[test]
    fn overlapping_without_containing_is_partial() {
        let days = t("2023-07-25/2023-07-27");
        assert_eq!(judge(&t("2023-07-26"), &days), Verdict::Partial);
        assert_eq!(judge(&t("2023-07-27/2023-07-30"), &days), Verdict::Partial);
    }

    #[test]
    fn widths_count_days_and_open_ends_are_infinite() {
        assert_eq!(width_days(&t("2023-09-13")), Some(1.0));
        assert_eq!(width_days(&t("2023-09")), Some(30.0));
        assert_eq!(width_days(&t("2023-09-10/2023-09-13")), Some(4.0));
        assert_eq!(width_days(&t("2023-09-12/..")), Some(f64::INFINITY));
    }

    #[test]
    fn lead_counts_whole_days_and_is_negative_after_the_fact() {
        let day = |s: &str| t(s).earliest().unwrap_or_default();
        assert_eq!(lead_days(day("2023-09-04"), day("2023-09-13")), 9);
        assert_eq!(lead_days(day("2023-09-14"), day("2023-09-13")), -1);
    }

    #[test]
    fn resolved_needs_confirmed_and_a_day() {
        let data = sample();
        let resolved = |id: &str| {
            data.events
                .iter()
                .find(|e| data.id(e) == id)
                .is_some_and(is_resolved)
        };
        assert!(resolved("summit-vostochny"));
        assert!(resolved("shoigu-pyongyang"));
        assert!(!resolved("arms-deal")); // denied
        assert!(!resolved("wagner-delivery")); // reported, month
        assert!(!resolved("eef-founded")); // confirmed, but a year
    }

    #[test]
    fn place_rule_reads_the_most_specific_part() {
        let outcome = "Vostochny Cosmodrome, Amur Region, Russia";
        assert_eq!(
            place_verdict("Vostochny Cosmodrome", outcome),
            PlaceVerdict::Hit
        );
        assert_eq!(
            place_verdict(
                "Vladivostok, then possibly the Vostochny Cosmodrome",
                outcome
            ),
            PlaceVerdict::Hit
        );
        assert_eq!(
            place_verdict("Vladivostok (likely)", outcome),
            PlaceVerdict::Miss
        );
        assert_eq!(place_verdict("Russia", outcome), PlaceVerdict::Unknown);
        assert_eq!(place_verdict("Far East", outcome), PlaceVerdict::Unknown);
        assert_eq!(
            place_verdict("not the Vladivostok forum; otherwise unspecified", outcome),
            PlaceVerdict::Unknown
        );
    }

    #[test]
    fn median_of_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(vec![1.0, f64::INFINITY]), Some(f64::INFINITY));
        assert_eq!(median(Vec::new()), None);
    }

    #[test]
    fn articles_of_one_outlet_count_together() {
        let data = sample();
        let records = track_record(&data);
        let tass: Vec<&SourceRecord> = records.iter().filter(|r| r.name == "TASS").collect();
        assert_eq!(tass.len(), 1);
        let articles = data.sources.iter().filter(|s| s.name == "TASS").count();
        let tass = tass.first().copied();
        assert_eq!(tass.map(|r| r.sources.len()), Some(articles));
        assert!(articles > 1);
        // Each claim is counted once, under exactly one outlet.
        let claims: usize = data.events.iter().map(|e| e.claims.len()).sum();
        assert_eq!(records.iter().map(|r| r.claims).sum::<usize>(), claims);
    }
}
