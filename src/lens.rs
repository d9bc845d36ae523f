//! The lens, as data: what the analyst looks through ("as known on" a date, filters, a search)
//! and what it leaves of the loaded data set. Pure and egui-free, so that the window
//! (`app::lens_ui`), `check --as-of` and `export` derive the same data set the same way.
//!
//! A derivation is keyed by a [`LensKey`]; [`derive`] applies the filter, then the "as known on"
//! date, and indexes the result; [`marks`] turns it, the search matches and the toggles into the
//! [`Marks`] the timeline paints over events; [`find`] searches a data set.

use crate::index::Indexed;
use crate::model::filter::Filter;
use crate::model::{Credibility, Dataset, Instant, Reliability, SourceKind, Status, edtf, known};
use std::sync::Arc;

/// Reads an "as known on" date written in EDTF (`2023-09-05`, `2023-09`): the instant it means,
/// the start of its first day (see [`known::as_of_instant`]). The error names the text.
pub fn parse_as_of(text: &str) -> Result<Instant, String> {
    let t = edtf::parse(text).map_err(|e| format!("`{text}`: {e}"))?;
    known::as_of_instant(&t).ok_or_else(|| format!("`{text}`: the date needs a known start"))
}

/// What a derived data set is made from; two equal keys derive the same data set. Holding the
/// loaded data set's `Arc` keeps its address from being reused by a later one.
#[derive(Clone, Debug)]
pub struct LensKey {
    pub data: Arc<Dataset>,
    /// "As known on": the start of a day (00:00 UTC), or none for everything.
    pub known_on: Option<Instant>,
    /// Keep events not reported yet, as ghosts.
    pub ghosts: bool,
    pub filter: Filter,
}

impl PartialEq for LensKey {
    fn eq(&self, other: &LensKey) -> bool {
        Arc::ptr_eq(&self.data, &other.data)
            && self.known_on == other.known_on
            && self.ghosts == other.ghosts
            && self.filter == other.filter
    }
}

impl LensKey {
    /// The key for the whole of `data`: no date, no filter.
    pub fn all(data: Arc<Dataset>) -> LensKey {
        LensKey {
            data,
            known_on: None,
            ghosts: false,
            filter: Filter::default(),
        }
    }
}

/// The loaded data set after the filter and the "as known on" date.
pub struct Derived {
    pub idx: Indexed,
    /// For each shown event, its index in the loaded data set (sorted: file order is kept).
    pub original: Vec<usize>,
    /// Per shown event: filtered out, kept only to be drawn dimmed.
    pub faint: Vec<bool>,
    /// Per shown event: a ghost, or not dated by any report yet (drawn at the data set's dates).
    pub ghost: Vec<bool>,
    /// Per lane: left out by the lane filter (not laid out at all).
    pub hidden_lanes: Vec<bool>,
}

/// What a derivation left out, for the counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub hidden_by_filter: usize,
    pub claims_hidden_by_filter: usize,
    pub not_yet_reported: usize,
    pub sources_not_yet_published: usize,
}

/// A finished derivation: the data set shown (none: the loaded one, unchanged) and what it left
/// out.
pub type Derivation = (Option<Derived>, Counts);

/// The loaded data set after the filter, then the "as known on" date; `None` when neither is set.
pub fn derive(key: &LensKey) -> Derivation {
    let mut counts = Counts::default();
    let data: &Dataset = &key.data;
    if key.known_on.is_none() && key.filter.is_empty() {
        return (None, counts);
    }
    let filtered = (!key.filter.is_empty()).then(|| key.filter.apply(data));
    if let Some(f) = &filtered {
        counts.hidden_by_filter = f.failed_events;
        counts.claims_hidden_by_filter = f.hidden_claims;
    }
    // Lanes the lane filter leaves out are not laid out; dimmed, they stay to show what is dim.
    let hidden_lanes: Vec<bool> = if key.filter.lanes.is_empty() || key.filter.dim {
        Vec::new()
    } else {
        data.lanes
            .iter()
            .map(|l| !key.filter.lanes.contains(l.id.as_str()))
            .collect()
    };
    let (data, original, faint): (&Dataset, Vec<usize>, Vec<bool>) = match &filtered {
        Some(f) => (&f.data, f.original.clone(), f.dimmed.clone()),
        None => (data, (0..data.events.len()).collect(), Vec::new()),
    };
    let derived = match key.known_on {
        Some(at) => {
            let p = known::project(data, at, key.ghosts);
            counts.not_yet_reported = p.hidden_events + p.ghost.iter().filter(|g| **g).count();
            counts.sources_not_yet_published = p.hidden_sources;
            Derived {
                original: p
                    .original
                    .iter()
                    .filter_map(|&i| original.get(i).copied())
                    .collect(),
                faint: p
                    .original
                    .iter()
                    .map(|&i| faint.get(i).copied().unwrap_or(false))
                    .collect(),
                // Ghosts, and events no report has dated yet (drawn at the data set's dates).
                ghost: p.undated,
                hidden_lanes,
                idx: Indexed::new(Arc::new(p.data)),
            }
        }
        None => Derived {
            idx: Indexed::new(Arc::new(data.clone())),
            original,
            faint,
            ghost: Vec::new(),
            hidden_lanes,
        },
    };
    (Some(derived), counts)
}

/// What to lay over events when painting, decided when the lens changes (never per frame).
/// Indices are into the data set the timeline shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marks {
    /// Per event: drawn faint (filtered out but dimmed). Empty: none.
    pub faint: Vec<bool>,
    /// Per event: a ghost, not reported yet as of the "as known on" date. Empty: none.
    pub ghost: Vec<bool>,
    /// Events matching the search, sorted.
    pub matches: Vec<usize>,
    /// Draw one thin band per dated claim under each event.
    pub provenance: bool,
    /// The "as known on" instant, drawn as a dashed line.
    pub known_on: Option<f64>,
    /// Per lane: not laid out (left out by the lane filter). Empty: every lane is shown.
    pub hidden_lanes: Vec<bool>,
}

impl Marks {
    fn flag(v: &[bool], i: usize) -> bool {
        v.get(i).copied().unwrap_or(false)
    }

    pub fn is_faint(&self, i: usize) -> bool {
        Self::flag(&self.faint, i) || Self::flag(&self.ghost, i)
    }

    pub fn is_ghost(&self, i: usize) -> bool {
        Self::flag(&self.ghost, i)
    }

    pub fn is_match(&self, i: usize) -> bool {
        self.matches.binary_search(&i).is_ok()
    }

    pub fn is_lane_hidden(&self, lane: usize) -> bool {
        Self::flag(&self.hidden_lanes, lane)
    }
}

/// The marks for a derivation (none: the loaded data set as it is), the search's matches and
/// the toggles.
pub fn marks(
    derived: Option<&Derived>,
    matches: &[Match],
    provenance: bool,
    known_on: Option<Instant>,
) -> Marks {
    Marks {
        faint: derived.map(|d| d.faint.clone()).unwrap_or_default(),
        ghost: derived.map(|d| d.ghost.clone()).unwrap_or_default(),
        matches: matches.iter().map(|m| m.event).collect(),
        provenance,
        known_on: known_on.map(|t| t as f64),
        hidden_lanes: derived.map(|d| d.hidden_lanes.clone()).unwrap_or_default(),
    }
}

/// Where a search matched, as bits.
pub mod field {
    pub const TITLE: u8 = 1;
    pub const SUMMARY: u8 = 2;
    pub const PLACE: u8 = 4;
    pub const TAG: u8 = 8;
    pub const CLAIM: u8 = 16;
    pub const SOURCE: u8 = 32;
    /// Names in the order of the bits.
    pub const NAMES: [&str; 6] = ["titles", "summaries", "places", "tags", "claims", "sources"];
}

/// One event that matches the search, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    /// Index into the data set searched.
    pub event: usize,
    pub fields: u8,
}

/// Matching events and how many matched in each field (see [`field::NAMES`]).
pub type Found = (Vec<Match>, [usize; 6]);

/// The events of `data` matching `query` (already lowercased), with how many matched in each
/// field.
pub fn find(data: &Dataset, query: &str) -> Found {
    let mut counts = [0usize; 6];
    if query.is_empty() {
        return (Vec::new(), counts);
    }
    let has = |s: &str| s.to_lowercase().contains(query);
    // Sources are matched once each, not once per claim.
    let source_hit: Vec<bool> = data.sources.iter().map(|s| has(&s.name)).collect();
    let mut matches = Vec::new();
    let mut summaries = data.summaries();
    for (i, e) in data.events.iter().enumerate() {
        let mut f = 0u8;
        if has(data.title(e)) {
            f |= field::TITLE;
        }
        if summaries.get(e.row).is_some_and(has) {
            f |= field::SUMMARY;
        }
        if e.place.as_deref().is_some_and(has)
            || e.claims.iter().any(|c| c.place.as_deref().is_some_and(has))
        {
            f |= field::PLACE;
        }
        if e.tags.iter().any(|t| has(t)) {
            f |= field::TAG;
        }
        if e.claims.iter().any(|c| has(&c.said)) {
            f |= field::CLAIM;
        }
        if e.claims
            .iter()
            .any(|c| source_hit.get(c.source as usize).copied().unwrap_or(false))
        {
            f |= field::SOURCE;
        }
        if f != 0 {
            for (bit, count) in counts.iter_mut().enumerate() {
                if f & (1 << bit) != 0 {
                    *count += 1;
                }
            }
            matches.push(Match {
                event: i,
                fields: f,
            });
        }
    }
    (matches, counts)
}

/// A filter written in words, as on the command line; [`FilterWords::to_filter`] checks each
/// word against the data set and says which one it does not know.
#[derive(Clone, Debug, Default)]
pub struct FilterWords<'a> {
    /// Status names (`confirmed`, `reported`, …).
    pub statuses: &'a [String],
    /// A minimum Admiralty grade: a letter (`B`), a digit (`2`) or both (`B2`).
    pub min_grade: Option<&'a str>,
    /// Source ids or names.
    pub sources: &'a [String],
    /// Kinds of source (`official`, `media`, …).
    pub kinds: &'a [String],
    /// Lane ids or labels.
    pub lanes: &'a [String],
}

impl FilterWords<'_> {
    /// The filter these words mean for `data`; the error names the option and the word.
    pub fn to_filter(&self, data: &Dataset) -> Result<Filter, String> {
        let mut f = Filter::default();
        for w in self.statuses.iter().map(|s| s.trim()) {
            let s = Status::from_name(w).ok_or_else(|| {
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
                format!(
                    "--status: no status `{w}`; the statuses are {}",
                    names.join(", ")
                )
            })?;
            if !f.statuses.contains(&s) {
                f.statuses.push(s);
            }
        }
        if let Some(g) = self.min_grade.map(str::trim) {
            let bad =
                || format!("--min-grade `{g}`: expected a letter A–F, a digit 1–6, or both (B2)");
            let (letter, digit) = match g.char_indices().find(|(_, c)| c.is_ascii_digit()) {
                Some((i, _)) => (g.get(..i).unwrap_or(""), g.get(i..).unwrap_or("")),
                None => (g, ""),
            };
            if letter.is_empty() && digit.is_empty() {
                return Err(bad());
            }
            if !letter.is_empty() {
                f.min_reliability = Some(Reliability::from_letter(letter).ok_or_else(bad)?);
            }
            if !digit.is_empty() {
                let n: u8 = digit.parse().map_err(|_| bad())?;
                f.min_credibility = Some(Credibility::new(n).ok_or_else(bad)?);
            }
        }
        for w in self.sources.iter().map(|s| s.trim()) {
            let s = data
                .sources
                .iter()
                .find(|s| s.id == w || s.name == w)
                .ok_or_else(|| format!("--source: no source `{w}` (by id or name)"))?;
            f.sources.insert(s.id.to_string());
        }
        for w in self.kinds.iter().map(|s| s.trim()) {
            let k = SourceKind::ALL
                .into_iter()
                .find(|k| k.name().eq_ignore_ascii_case(w))
                .ok_or_else(|| {
                    let names: Vec<&str> = SourceKind::ALL.iter().map(|k| k.name()).collect();
                    format!("--kind: no kind `{w}`; the kinds are {}", names.join(", "))
                })?;
            if !f.kinds.contains(&k) {
                f.kinds.push(k);
            }
        }
        for w in self.lanes.iter().map(|s| s.trim()) {
            let l = data
                .lanes
                .iter()
                .find(|l| l.id == w || l.label == w)
                .ok_or_else(|| {
                    let ids: Vec<&str> = data.lanes.iter().map(|l| l.id.as_str()).collect();
                    format!("--lanes: no lane `{w}`; the lanes are {}", ids.join(", "))
                })?;
            f.lanes.insert(l.id.to_string());
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Arc<Dataset> {
        match crate::sample::load() {
            Ok(l) => Arc::new(l.dataset),
            Err(e) => unreachable!("the sample loads: {e}"),
        }
    }

    #[test]
    fn as_of_is_the_start_of_the_first_day() {
        let t = parse_as_of("2023-09-05");
        assert_eq!(
            t,
            Ok(crate::model::time::Civil::date(2023, 9, 5).to_instant())
        );
        assert!(parse_as_of("2023-13").is_err_and(|e| e.contains("`2023-13`")));
    }

    #[test]
    fn nothing_set_derives_nothing() {
        let (d, counts) = derive(&LensKey::all(sample()));
        assert!(d.is_none());
        assert_eq!(counts, Counts::default());
    }

    #[test]
    fn status_words_filter_to_those_statuses() {
        let data = sample();
        let words = [String::from("confirmed")];
        let filter = FilterWords {
            statuses: &words,
            ..Default::default()
        }
        .to_filter(&data);
        let Ok(filter) = filter else {
            unreachable!("`confirmed` is a status: {filter:?}")
        };
        let (Some(d), counts) = derive(&LensKey {
            filter,
            ..LensKey::all(Arc::clone(&data))
        }) else {
            unreachable!("a filter derives a data set")
        };
        assert!(counts.hidden_by_filter > 0);
        assert!(
            d.idx
                .data
                .events
                .iter()
                .all(|e| e.status == Status::Confirmed)
        );
        assert_eq!(
            d.idx.data.events.len() + counts.hidden_by_filter,
            data.events.len()
        );
    }

    #[test]
    fn unknown_words_are_named() {
        let data = sample();
        let bad = [String::from("rumoured")];
        let e = FilterWords {
            statuses: &bad,
            ..Default::default()
        }
        .to_filter(&data);
        assert!(e.is_err_and(|e| e.contains("`rumoured`")));
        let e = FilterWords {
            min_grade: Some("Z9"),
            ..Default::default()
        }
        .to_filter(&data);
        assert!(e.is_err_and(|e| e.contains("Z9")));
        let Ok(f) = (FilterWords {
            min_grade: Some("B2"),
            ..Default::default()
        })
        .to_filter(&data) else {
            unreachable!("B2 is a grade")
        };
        assert_eq!(f.min_reliability, Reliability::from_letter("B"));
        assert_eq!(f.min_credibility, Credibility::new(2));
    }

    #[test]
    fn a_lane_filter_hides_the_other_lanes_unless_dimming() {
        let data = sample();
        let Some(first) = data.lanes.first() else {
            unreachable!("the sample has lanes")
        };
        let mut filter = Filter::default();
        filter.lanes.insert(first.id.to_string());
        let (Some(d), _) = derive(&LensKey {
            filter: filter.clone(),
            ..LensKey::all(Arc::clone(&data))
        }) else {
            unreachable!("a filter derives a data set")
        };
        let m = marks(Some(&d), &[], false, None);
        assert!(!m.is_lane_hidden(0));
        assert!((1..data.lanes.len()).all(|l| m.is_lane_hidden(l)));
        filter.dim = true;
        let (Some(d), _) = derive(&LensKey {
            filter,
            ..LensKey::all(data)
        }) else {
            unreachable!("a filter derives a data set")
        };
        assert!(d.hidden_lanes.is_empty());
    }
}
