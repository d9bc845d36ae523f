//! Filters over a data set: by lane, status and likelihood (whole events), and by source, kind of
//! source and minimum Admiralty grade (single claims). A projection like [`super::known`]: a new
//! `Dataset` and the map back to the original events.
//!
//! Claim filters leave out the claims that fail them; an event left with no claim fails too, and
//! while a claim filter is on, an event that never had a claim fails (nothing sources it). An
//! event with no likelihood passes a likelihood filter: it was not hedged. Ungraded sources and
//! claims fail a grade filter.

use super::{Claim, Credibility, Dataset, Likelihood, Reliability, SourceKind, Status};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What to show. Empty sets and `None` mean "no filter on this".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Lane ids to show.
    pub lanes: BTreeSet<String>,
    pub statuses: Vec<Status>,
    /// Events at least this likely (events with no likelihood pass).
    pub min_likelihood: Option<Likelihood>,
    /// Source ids whose claims to keep.
    pub sources: BTreeSet<String>,
    pub kinds: Vec<SourceKind>,
    /// Keep claims from sources graded this or better (`B`: A and B).
    pub min_reliability: Option<Reliability>,
    /// Keep claims graded this or better (`3`: 1, 2 and 3).
    pub min_credibility: Option<Credibility>,
    /// Show filtered-out events dimmed instead of hiding them.
    pub dim: bool,
}

/// A filtered data set and how it maps back onto the original.
#[derive(Clone, Debug, Default)]
pub struct Filtered {
    pub data: Dataset,
    /// For each event of `data`, its index in the original.
    pub original: Vec<usize>,
    /// For each event of `data`: it failed the filter and is kept only to be drawn dimmed.
    pub dimmed: Vec<bool>,
    /// Events that failed the filter (hidden, or dimmed when `dim` is on).
    pub failed_events: usize,
    /// Claims left out of events that passed.
    pub hidden_claims: usize,
}

impl Filter {
    /// True when nothing is filtered.
    pub fn is_empty(&self) -> bool {
        Filter {
            dim: self.dim,
            ..Filter::default()
        } == *self
    }

    fn filters_claims(&self) -> bool {
        !self.sources.is_empty()
            || !self.kinds.is_empty()
            || self.min_reliability.is_some()
            || self.min_credibility.is_some()
    }

    /// True when a claim passes the source, kind and grade filters.
    pub fn keeps_claim(&self, data: &Dataset, c: &Claim) -> bool {
        let Some(s) = data.sources.get(c.source as usize) else {
            return false;
        };
        (self.sources.is_empty() || self.sources.contains(&s.id))
            && (self.kinds.is_empty() || self.kinds.contains(&s.kind))
            && self
                .min_reliability
                .is_none_or(|min| s.reliability.is_some_and(|r| r <= min))
            && self
                .min_credibility
                .is_none_or(|min| c.credibility.is_some_and(|g| g <= min))
    }

    /// Applies the filter.
    pub fn apply(&self, data: &Dataset) -> Filtered {
        let mut out = Filtered::default();
        let mut events = Vec::with_capacity(data.events.len());
        let claims_filtered = self.filters_claims();
        for (i, e) in data.events.iter().enumerate() {
            let lane_ok = self.lanes.is_empty()
                || data
                    .lanes
                    .get(e.lane as usize)
                    .is_some_and(|l| self.lanes.contains(&l.id));
            let status_ok = self.statuses.is_empty() || self.statuses.contains(&e.status);
            let likely_ok = self
                .min_likelihood
                .is_none_or(|min| e.likelihood.is_none_or(|l| l >= min));
            let claims: Vec<Claim> = if claims_filtered {
                e.claims
                    .iter()
                    .filter(|c| self.keeps_claim(data, c))
                    .cloned()
                    .collect()
            } else {
                e.claims.to_vec()
            };
            let sourced = !claims_filtered || !claims.is_empty();
            if lane_ok && status_ok && likely_ok && sourced {
                out.hidden_claims += e.claims.len() - claims.len();
                let mut kept = e.clone();
                kept.claims = claims.into();
                events.push(kept);
                out.original.push(i);
                out.dimmed.push(false);
            } else {
                out.failed_events += 1;
                if self.dim {
                    events.push(e.clone());
                    out.original.push(i);
                    out.dimmed.push(true);
                }
            }
        }
        out.data = Dataset {
            title: data.title.clone(),
            description: data.description.clone(),
            lanes: data.lanes.clone(),
            sources: data.sources.clone(),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Dataset {
        match crate::sample::load() {
            Ok(l) => l.dataset,
            Err(e) => unreachable!("the sample loads: {e}"),
        }
    }

    fn claims(d: &Dataset) -> usize {
        d.events.iter().map(|e| e.claims.len()).sum()
    }

    #[test]
    fn no_filter_keeps_everything() {
        let data = sample();
        let f = Filter::default().apply(&data);
        assert!(Filter::default().is_empty());
        assert_eq!(f.data.events.len(), data.events.len());
        assert_eq!(claims(&f.data), claims(&data));
        assert_eq!(f.failed_events, 0);
    }

    #[test]
    fn reliability_b_or_better_hides_c_graded_claims() {
        let data = sample();
        let filter = Filter {
            min_reliability: Some(Reliability::B),
            ..Filter::default()
        };
        let f = filter.apply(&data);
        for e in &f.data.events {
            assert!(!e.claims.is_empty());
            for c in e.claims.iter() {
                let r = f
                    .data
                    .sources
                    .get(c.source as usize)
                    .and_then(|s| s.reliability);
                assert!(r.is_some_and(|r| r <= Reliability::B), "{r:?}");
            }
        }
        let below: usize = data
            .events
            .iter()
            .flat_map(|e| e.claims.iter())
            .filter(|c| {
                data.sources
                    .get(c.source as usize)
                    .and_then(|s| s.reliability)
                    .is_none_or(|r| r > Reliability::B)
            })
            .count();
        assert!(below > 0);
        // Every claim below B is gone: hidden from kept events, or with its whole event.
        assert_eq!(claims(&f.data), claims(&data) - below);
    }

    #[test]
    fn events_left_with_no_claim_are_hidden_or_dimmed() {
        let data = sample();
        // Only the blog: most events have no claim from it.
        let filter = Filter {
            kinds: vec![SourceKind::Blog],
            ..Filter::default()
        };
        let f = filter.apply(&data);
        assert!(f.failed_events > 0);
        assert_eq!(f.data.events.len() + f.failed_events, data.events.len());
        let dim = Filter {
            dim: true,
            ..filter
        }
        .apply(&data);
        assert_eq!(dim.data.events.len(), data.events.len());
        assert_eq!(dim.dimmed.iter().filter(|d| **d).count(), f.failed_events);
    }

    #[test]
    fn lane_and_status_filters_keep_only_those() {
        let data = sample();
        let filter = Filter {
            lanes: ["summit".to_string()].into(),
            statuses: vec![Status::Confirmed],
            ..Filter::default()
        };
        let f = filter.apply(&data);
        assert!(!f.data.events.is_empty());
        for (n, e) in f.data.events.iter().enumerate() {
            assert_eq!(
                data.lanes.get(e.lane as usize).map(|l| l.id.as_str()),
                Some("summit")
            );
            assert_eq!(e.status, Status::Confirmed);
            let o = f.original.get(n).and_then(|&o| data.events.get(o));
            assert_eq!(o.map(|o| data.id(o)), Some(f.data.id(e)));
        }
    }

    #[test]
    fn credibility_filter_keeps_claims_graded_that_or_better() {
        let data = sample();
        let min = Credibility::new(2);
        let f = Filter {
            min_credibility: min,
            ..Filter::default()
        }
        .apply(&data);
        assert!(
            f.data
                .events
                .iter()
                .flat_map(|e| e.claims.iter())
                .all(|c| c.credibility.is_some_and(|g| Some(g) <= min))
        );
    }
}
