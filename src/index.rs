//! What the frame asks of a data set, answered without touching every event: per-lane events
//! sorted by start with a running maximum of ends (so "what is visible" is a binary search), the
//! sorted event boundaries for the cursor keys, and the extent. Built once per data set.

use crate::model::{Bound, Dataset, Instant, UncertainTime};
use std::sync::Arc;

/// The outer span of a time in seconds, with open ends at ±infinity and unknown ends collapsed
/// onto the known side.
pub fn span(t: &UncertainTime) -> (f64, f64) {
    let known_lo = t.earliest().map(|v| v as f64);
    let known_hi = t.latest().map(|v| v as f64);
    let lo = match t.earliest_start {
        Bound::Open => f64::NEG_INFINITY,
        _ => known_lo.or(known_hi).unwrap_or(0.0),
    };
    let hi = match t.latest_end {
        Bound::Open => f64::INFINITY,
        _ => known_hi.or(known_lo).unwrap_or(0.0),
    };
    (lo, hi)
}

/// One lane's events, sorted by start.
#[derive(Clone, Debug, Default)]
pub struct LaneIndex {
    /// Event indices, sorted by span start.
    pub events: Vec<usize>,
    starts: Vec<f64>,
    ends: Vec<f64>,
    /// `max_end[i]` = the largest end among `events[..=i]`; non-decreasing.
    max_end: Vec<f64>,
}

impl LaneIndex {
    /// Events whose span meets `[t0, t1]`, in start order.
    pub fn visible(&self, t0: f64, t1: f64) -> impl Iterator<Item = usize> + '_ {
        let first = self.max_end.partition_point(|&e| e < t0);
        let last = self.starts.partition_point(|&s| s <= t1);
        (first..last.max(first)).filter_map(move |i| {
            let end = *self.ends.get(i)?;
            if end >= t0 {
                self.events.get(i).copied()
            } else {
                None
            }
        })
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

/// How many of a lane's events overlap each bin of `[a, b]` (a difference array: linear in events
/// plus bins, however long the events).
fn density(lane: &LaneIndex, a: f64, b: f64) -> Vec<u32> {
    let n = OVERVIEW_BINS;
    let mut diff = vec![0i64; n + 1];
    let bin = |t: f64| {
        (((t - a) / (b - a)) * n as f64)
            .floor()
            .clamp(0.0, (n - 1) as f64) as usize
    };
    for (&lo, &hi) in lane.starts.iter().zip(&lane.ends) {
        let (i, j) = (bin(lo), bin(hi));
        if let Some(d) = diff.get_mut(i) {
            *d += 1;
        }
        if let Some(d) = diff.get_mut(j + 1) {
            *d -= 1;
        }
    }
    let mut out = Vec::with_capacity(n);
    let mut running = 0i64;
    for d in diff.iter().take(n) {
        running += d;
        out.push(running.max(0) as u32);
    }
    out
}

/// A data set with the indexes the frame needs.
#[derive(Clone, Debug, Default)]
pub struct Indexed {
    pub data: Arc<Dataset>,
    pub lanes: Vec<LaneIndex>,
    /// Every event's first and last known instant, sorted, with the event.
    pub boundaries: Vec<(Instant, usize)>,
    /// Earliest and latest known instants, in seconds.
    pub extent: Option<(f64, f64)>,
    /// Where most events are (the shortest window holding 60% of starts), for the first view.
    pub focus: Option<(f64, f64)>,
    /// The range the overview strip shows: the extent with a margin.
    pub overview_range: Option<(f64, f64)>,
    /// Per lane, how many events overlap each of [`OVERVIEW_BINS`] bins of the overview range.
    pub overview: Vec<Vec<u32>>,
}

/// Resolution of the precomputed overview density.
pub const OVERVIEW_BINS: usize = 800;

impl Indexed {
    pub fn new(data: Arc<Dataset>) -> Indexed {
        let mut lanes: Vec<LaneIndex> = vec![LaneIndex::default(); data.lanes.len()];
        let mut per_lane: Vec<Vec<(f64, f64, usize)>> = vec![Vec::new(); data.lanes.len()];
        let mut boundaries = Vec::with_capacity(data.events.len() * 2);
        let mut starts = Vec::with_capacity(data.events.len());
        for (i, e) in data.events.iter().enumerate() {
            let (lo, hi) = span(&e.time);
            if let Some(l) = per_lane.get_mut(e.lane) {
                l.push((lo, hi, i));
            }
            if let Some(t) = e.time.earliest() {
                boundaries.push((t, i));
                starts.push(t);
            }
            if let Some(t) = e.time.latest()
                && Some(t) != e.time.earliest()
            {
                boundaries.push((t, i));
            }
        }
        boundaries.sort_unstable();
        for (lane, mut items) in lanes.iter_mut().zip(per_lane) {
            items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
            let mut running = f64::NEG_INFINITY;
            for (lo, hi, i) in items {
                running = running.max(hi);
                lane.events.push(i);
                lane.starts.push(lo);
                lane.ends.push(hi);
                lane.max_end.push(running);
            }
        }
        let extent = match (boundaries.first(), boundaries.last()) {
            (Some(a), Some(b)) => Some((a.0 as f64, b.0 as f64)),
            _ => None,
        };
        starts.sort_unstable();
        // The shortest window that holds 60% of the event starts: where the story is.
        let focus = {
            let k = (starts.len() as f64 * 0.6).ceil() as usize;
            let k = k.clamp(1, starts.len().max(1)) - 1;
            (0..starts.len().saturating_sub(k))
                .filter_map(|i| Some((*starts.get(i)?, *starts.get(i + k)?)))
                .min_by_key(|(a, b)| b - a)
                .map(|(a, b)| (a as f64, b as f64))
        };
        let overview_range = extent.map(|(a, b)| {
            let pad = ((b - a) * 0.02).max(86_400.0);
            (a - pad, b + pad)
        });
        let overview = match overview_range {
            Some((a, b)) => lanes.iter().map(|lane| density(lane, a, b)).collect(),
            None => Vec::new(),
        };
        Indexed {
            data,
            lanes,
            boundaries,
            extent,
            focus,
            overview_range,
            overview,
        }
    }

    /// The first boundary strictly after `t`.
    pub fn next_boundary(&self, t: f64) -> Option<(Instant, usize)> {
        let i = self.boundaries.partition_point(|(b, _)| (*b as f64) <= t);
        self.boundaries.get(i).copied()
    }

    /// The last boundary strictly before `t`.
    pub fn prev_boundary(&self, t: f64) -> Option<(Instant, usize)> {
        let i = self.boundaries.partition_point(|(b, _)| (*b as f64) < t);
        i.checked_sub(1)
            .and_then(|i| self.boundaries.get(i).copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_finds_long_events_that_started_earlier() {
        let loaded = crate::sample::load().unwrap();
        let idx = Indexed::new(Arc::new(loaded.dataset));
        let regional = idx
            .data
            .lanes
            .iter()
            .position(|l| l.id == "regional")
            .unwrap();
        // A one-day window inside a long event that started months before it.
        let iran = idx
            .data
            .events
            .iter()
            .find(|e| e.id == "iran-supplies")
            .unwrap();
        let (lo, hi) = span(&iran.time);
        assert!(hi - lo > 100.0 * 86_400.0);
        let t0 = (lo + hi) / 2.0;
        let seen: Vec<_> = idx.lanes[regional].visible(t0, t0 + 86_400.0).collect();
        let brute: Vec<_> = idx.lanes[regional]
            .events
            .iter()
            .copied()
            .filter(|&i| {
                let (lo, hi) = span(&idx.data.events[i].time);
                lo <= t0 + 86_400.0 && hi >= t0
            })
            .collect();
        assert_eq!(seen, brute);
        assert!(!seen.is_empty());
    }

    #[test]
    fn boundaries_step_forward_and_back() {
        let idx = Indexed::new(Arc::new(crate::sample::load().unwrap().dataset));
        let (first, _) = idx.boundaries[0];
        let (next, _) = idx.next_boundary(first as f64).unwrap();
        assert!(next > first);
        assert_eq!(idx.prev_boundary(next as f64).unwrap().0, first);
    }
}
