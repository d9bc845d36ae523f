//! What the frame asks of a data set, answered without touching every event: per lane, events
//! grouped by span length and sorted by start (so "what is visible" is a few binary searches),
//! and sorted starts and ends (so "how many" is two); the sorted event boundaries for the cursor
//! keys, and the extent. Built once per data set.

use crate::model::{Bound, Dataset, Instant, UncertainTime};
use std::sync::Arc;

/// The outer span of a time in seconds, with open ends at ±infinity and unknown ends collapsed
/// onto the known side.
pub fn span(t: &UncertainTime) -> (f64, f64) {
    let known_lo = t.earliest().map(|v| v as f64);
    let known_hi = t.latest().map(|v| v as f64);
    let lo = match t.earliest_start {
        Bound::OPEN => f64::NEG_INFINITY,
        _ => known_lo.or(known_hi).unwrap_or(0.0),
    };
    let hi = match t.latest_end {
        Bound::OPEN => f64::INFINITY,
        _ => known_hi.or(known_lo).unwrap_or(0.0),
    };
    (lo, hi)
}

/// Events of one lane whose spans are of similar length (at most `max_len` seconds), sorted by
/// start: an event that meets `[t0, t1]` starts in `[t0 - max_len, t1]`, two binary searches.
#[derive(Clone, Debug, Default)]
struct LengthClass {
    max_len: f64,
    /// The shortest span in the class.
    min_len: f64,
    events: Vec<u32>,
    starts: Vec<f64>,
    ends: Vec<f64>,
    /// What each event counts ([`Weights`]), as `events`; empty without weights.
    weights: Vec<u32>,
}

/// Where each event counts events (a row of ACLED's aggregated data counts an area's events of
/// a week, [`crate::model::Dataset::weights`]): running totals of what they count, over the
/// sorted starts and over the sorted ends (one more than those, from 0), so that the events
/// counted by those meeting `[t0, t1]` are two subtractions away, as their number is.
#[derive(Clone, Debug, Default)]
struct Weights {
    starts: Vec<u64>,
    ends: Vec<u64>,
}

/// One lane's events, indexed for "what is visible" and "how many are there" in logarithmic time
/// whatever their lengths (a few open-ended events do not make every query a scan).
#[derive(Clone, Debug, Default)]
pub struct LaneIndex {
    /// Starts and ends of all the lane's spans, each sorted on its own: the number of events
    /// meeting `[t0, t1]` is `#(start <= t1) - #(end < t0)`.
    sorted_starts: Vec<f64>,
    sorted_ends: Vec<f64>,
    /// Spans grouped by length (powers of two of seconds, then unbounded).
    classes: Vec<LengthClass>,
    weights: Option<Weights>,
    /// The day weeks start on in this lane's events dated to a week (days since 1970-01-01,
    /// modulo 7: [`Step::Weeks`](crate::timeline::axis::Step::Weeks)), where nine in ten of
    /// them start on one day at midnight UTC: ACLED's weekly counts start on Saturdays.
    week_start: Option<i64>,
    /// The last [`LaneIndex::column_counts`] and its answer: a still frame (hovering,
    /// reading) asks the same again.
    last_counts: LastCounts,
}

/// A question to [`LaneIndex::column_counts`]: `t0` and `t1` (as bits) and `n`.
type CountsAsked = (u64, u64, usize);

/// A remembered question and its answer; a clone starts empty.
#[derive(Debug, Default)]
struct LastCounts(std::sync::Mutex<Option<(CountsAsked, Vec<u32>)>>);

impl Clone for LastCounts {
    fn clone(&self) -> LastCounts {
        LastCounts::default()
    }
}

/// Spans up to `2^k` seconds go in class `k`; longer or open-ended ones in the last class.
const LENGTH_CLASSES: usize = 48;

/// A day and a week, in seconds.
const DAY: f64 = crate::model::time::DAY as f64;
const WEEK: f64 = 7.0 * DAY;

impl LaneIndex {
    /// The index of a lane's events `(start, end, event)`; `weight` says what each event
    /// counts, where events count some.
    fn new(mut items: Vec<(f64, f64, u32)>, weight: Option<&dyn Fn(u32) -> u32>) -> LaneIndex {
        items.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.2.cmp(&b.2)));
        let weights = weight.map(|w| {
            let running = |mut v: Vec<(f64, u32)>| -> Vec<u64> {
                v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
                let mut sum = 0u64;
                std::iter::once(0)
                    .chain(v.into_iter().map(|(_, n)| {
                        sum += u64::from(n);
                        sum
                    }))
                    .collect()
            };
            Weights {
                starts: running(items.iter().map(|x| (x.0, w(x.2))).collect()),
                ends: running(items.iter().map(|x| (x.1, w(x.2))).collect()),
            }
        });
        let mut sorted_starts: Vec<f64> = items.iter().map(|x| x.0).collect();
        let mut sorted_ends: Vec<f64> = items.iter().map(|x| x.1).collect();
        sorted_starts.sort_unstable_by(f64::total_cmp);
        sorted_ends.sort_unstable_by(f64::total_cmp);
        let mut classes: Vec<LengthClass> = (0..=LENGTH_CLASSES)
            .map(|k| LengthClass {
                max_len: if k == LENGTH_CLASSES {
                    f64::INFINITY
                } else {
                    (k as f64).exp2()
                },
                min_len: f64::INFINITY,
                ..LengthClass::default()
            })
            .collect();
        // Events of seven whole days, by the day of the week they start on.
        let mut weeks = [0usize; 7];
        for (lo, hi, i) in items {
            let len = hi - lo;
            if len == WEEK - 1.0 && lo.rem_euclid(DAY) == 0.0 {
                let day = (lo / DAY).rem_euclid(7.0) as usize;
                if let Some(n) = weeks.get_mut(day) {
                    *n += 1;
                }
            }
            let k = if len.is_finite() && len <= 1.0 {
                0
            } else if len.is_finite() {
                (len.log2().ceil() as usize).min(LENGTH_CLASSES)
            } else {
                LENGTH_CLASSES
            };
            if let Some(c) = classes.get_mut(k) {
                c.min_len = c.min_len.min(len);
                c.events.push(i);
                c.starts.push(lo);
                c.ends.push(hi);
                if let Some(w) = weight {
                    c.weights.push(w(i));
                }
            }
        }
        classes.retain(|c| !c.events.is_empty());
        let all_weeks: usize = weeks.iter().sum();
        let week_start = (0i64..)
            .zip(weeks)
            .max_by_key(|&(_, n)| n)
            .filter(|&(_, n)| n > 0 && n * 10 >= all_weeks * 9)
            .map(|(day, _)| day);
        LaneIndex {
            sorted_starts,
            sorted_ends,
            classes,
            weights,
            week_start,
            last_counts: LastCounts::default(),
        }
    }

    /// Events whose span meets `[t0, t1]`, in start order. Time is logarithmic in the lane's
    /// events plus linear in what is returned (and in the few that start just before `t0`).
    pub fn visible(&self, t0: f64, t1: f64) -> impl Iterator<Item = usize> + '_ {
        self.visible_spans(t0, t1).map(|(i, _, _)| i)
    }

    /// As [`LaneIndex::visible`], with each event's span `(start, end)` (as [`span`] gives it),
    /// so that callers need not touch the events themselves.
    pub fn visible_spans(&self, t0: f64, t1: f64) -> impl Iterator<Item = (usize, f64, f64)> + '_ {
        let mut found: Vec<(f64, u32, f64)> = Vec::new();
        for c in &self.classes {
            let first = c.starts.partition_point(|&s| s < t0 - c.max_len);
            let last = c.starts.partition_point(|&s| s <= t1);
            for j in first..last.max(first) {
                if let (Some(&s), Some(&e), Some(&i)) =
                    (c.starts.get(j), c.ends.get(j), c.events.get(j))
                    && e >= t0
                {
                    found.push((s, i, e));
                }
            }
        }
        found.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        found.into_iter().map(|(s, i, e)| (i as usize, s, e))
    }

    /// How many events meet `[t0, t1]`, in logarithmic time.
    pub fn count(&self, t0: f64, t1: f64) -> usize {
        let started = self.sorted_starts.partition_point(|&s| s <= t1);
        let ended = self.sorted_ends.partition_point(|&e| e < t0);
        started.saturating_sub(ended)
    }

    /// What the events meeting `[t0, t1]` count in all, where events count some.
    pub fn weighted_count(&self, t0: f64, t1: f64) -> Option<u64> {
        let w = self.weights.as_ref()?;
        let started = self.sorted_starts.partition_point(|&s| s <= t1);
        let ended = self.sorted_ends.partition_point(|&e| e < t0);
        Some(weighed(w, started, ended))
    }

    /// Whether the lane's events count events ([`LaneIndex::weighted_count`]).
    pub fn is_weighted(&self) -> bool {
        self.weights.is_some()
    }

    /// How many events meet each of the `n` equal columns of `[t0, t1]`: two searches per
    /// column, each galloping on from where the one before ended, so that it reads memory near
    /// what it read last (a plain binary search over the rest jumped across the whole array
    /// and missed the cache at every step: half the frame at a million events).
    pub fn column_counts(&self, t0: f64, t1: f64, n: usize) -> Vec<u32> {
        let key = (t0.to_bits(), t1.to_bits(), n);
        if let Ok(last) = self.last_counts.0.lock()
            && let Some((k, counts)) = last.as_ref()
            && *k == key
        {
            return counts.clone();
        }
        let out = self.count_columns(t0, t1, n);
        if let Ok(mut last) = self.last_counts.0.lock() {
            *last = Some((key, out.clone()));
        }
        out
    }

    fn count_columns(&self, t0: f64, t1: f64, n: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(n);
        let width = (t1 - t0) / n.max(1) as f64;
        let (mut started, mut ended) = (0usize, 0usize);
        for c in 0..n {
            let a = t0 + width * c as f64;
            let b = a + width;
            started += gallop(self.sorted_starts.get(started..).unwrap_or_default(), |s| {
                s <= b
            });
            ended += gallop(self.sorted_ends.get(ended..).unwrap_or_default(), |e| e < a);
            out.push(self.between(started, ended));
        }
        out
    }

    /// The events started and not yet ended, counted: how many, or what they count where
    /// events count some.
    fn between(&self, started: usize, ended: usize) -> u32 {
        let n = match &self.weights {
            Some(w) => weighed(w, started, ended),
            None => started.saturating_sub(ended) as u64,
        };
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// The day this lane's weeks start on, where its events dated to a week mostly share one
    /// (see the field): a dense lane counted by week counts in these.
    pub fn week_start(&self) -> Option<i64> {
        self.week_start
    }

    /// How long the events meeting `[t0, t1]` at least are, for the middle one of them by
    /// length: the shortest span of the length class that holds the median (so at most the
    /// median span). `None` when none meets the view. Logarithmic in the lane's events.
    pub fn median_span_at_least(&self, t0: f64, t1: f64) -> Option<f64> {
        // Events starting where one of the class could meet the view (a few more than meet it).
        let counts: Vec<usize> = self
            .classes
            .iter()
            .map(|c| {
                let first = c.starts.partition_point(|&s| s < t0 - c.max_len);
                c.starts.partition_point(|&s| s <= t1).saturating_sub(first)
            })
            .collect();
        let half = counts.iter().sum::<usize>().div_ceil(2);
        let mut seen = 0;
        for (c, n) in self.classes.iter().zip(counts) {
            seen += n;
            if n > 0 && seen >= half {
                return Some(c.min_len);
            }
        }
        None
    }

    /// How many events meet each of `bins` (inclusive `(from, to)` in seconds, in time order,
    /// not overlapping), galloping on from one to the next as [`LaneIndex::column_counts`].
    pub fn bin_counts(&self, bins: &[(f64, f64)]) -> Vec<u32> {
        let (mut started, mut ended) = (0usize, 0usize);
        bins.iter()
            .map(|&(a, b)| {
                started += gallop(self.sorted_starts.get(started..).unwrap_or_default(), |s| {
                    s <= b
                });
                ended += gallop(self.sorted_ends.get(ended..).unwrap_or_default(), |e| e < a);
                self.between(started, ended)
            })
            .collect()
    }

    /// How many events lie wholly within each of `bins` (inclusive `(from, to)` in seconds, in
    /// time order, not overlapping): those dated no more loosely than their bin, where
    /// [`LaneIndex::bin_counts`] also counts an event of a week in each day it meets. Reads the
    /// ends of the events that start in the bins, in the length classes short enough to fit
    /// one: it costs what is in view, not the lane.
    pub fn bin_within_counts(&self, bins: &[(f64, f64)]) -> Vec<u32> {
        let widest = bins.iter().map(|&(a, b)| b - a).fold(0.0, f64::max);
        let mut out = vec![0u32; bins.len()];
        for class in self.classes.iter().filter(|c| c.min_len <= widest) {
            let mut at = 0usize;
            for (&(a, b), count) in bins.iter().zip(out.iter_mut()) {
                at += gallop(class.starts.get(at..).unwrap_or_default(), |s| s < a);
                let end = at + gallop(class.starts.get(at..).unwrap_or_default(), |s| s <= b);
                let ends = class.ends.get(at..end).unwrap_or_default();
                let within = if self.weights.is_some() {
                    let weights = class.weights.get(at..end).unwrap_or_default();
                    ends.iter()
                        .zip(weights)
                        .filter(|&(&e, _)| e <= b)
                        .map(|(_, &n)| u64::from(n))
                        .sum()
                } else {
                    ends.iter().filter(|&&e| e <= b).count() as u64
                };
                *count = count.saturating_add(u32::try_from(within).unwrap_or(u32::MAX));
                at = end;
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.sorted_starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted_starts.is_empty()
    }
}

/// `slice.partition_point(pred)`, found by looking at 1, 2, 4, … elements from the start and
/// then searching the last step: quick when the point is near the start, and reading memory
/// near the start, where a search over the whole slice misses the cache at every step.
pub fn gallop<T: Copy>(slice: &[T], pred: impl Fn(T) -> bool) -> usize {
    let mut lo = 0usize;
    let mut step = 1usize;
    loop {
        let probe = lo + step;
        match slice.get(probe - 1) {
            Some(&v) if pred(v) => {
                lo = probe;
                step *= 2;
            }
            _ => break,
        }
    }
    let hi = (lo + step).min(slice.len());
    lo + slice
        .get(lo..hi)
        .unwrap_or_default()
        .partition_point(|&v| pred(v))
}

/// How many of a lane's events overlap each bin of `[a, b]`, or what they count where they count
/// events ([`Weights`]) (a difference array: linear in events plus bins, however long the
/// events).
fn density(lane: &LaneIndex, a: f64, b: f64) -> Vec<u32> {
    let n = OVERVIEW_BINS;
    let mut diff = vec![0i64; n + 1];
    let bin = |t: f64| {
        (((t - a) / (b - a)) * n as f64)
            .floor()
            .clamp(0.0, (n - 1) as f64) as usize
    };
    let weighted = lane.is_weighted();
    for c in &lane.classes {
        for (k, (&lo, &hi)) in c.starts.iter().zip(&c.ends).enumerate() {
            let w = if weighted {
                c.weights.get(k).map_or(0, |&w| i64::from(w))
            } else {
                1
            };
            let (i, j) = (bin(lo), bin(hi));
            if let Some(d) = diff.get_mut(i) {
                *d += w;
            }
            if let Some(d) = diff.get_mut(j + 1) {
                *d -= w;
            }
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

/// What the events started (the first `started` by start) and not ended (the first `ended`
/// by end) count.
fn weighed(w: &Weights, started: usize, ended: usize) -> u64 {
    let at = |v: &[u64], i: usize| v.get(i).or(v.last()).copied().unwrap_or(0);
    at(&w.starts, started).saturating_sub(at(&w.ends, ended))
}

/// A data set with the indexes the frame needs.
#[derive(Clone, Debug, Default)]
pub struct Indexed {
    pub data: Arc<Dataset>,
    pub lanes: Vec<LaneIndex>,
    /// Every event's first and last known instant, sorted, with the event.
    boundary_times: Vec<Instant>,
    /// The event of each boundary (kept apart from the times: 12 bytes a boundary, not 16).
    boundary_events: Vec<u32>,
    /// Earliest and latest known instants, in seconds.
    pub extent: Option<(f64, f64)>,
    /// Where most events are: the shortest window holding [`FOCUS_SHARE`] of the starts.
    pub focus: Option<(f64, f64)>,
    /// What the first view (and the default export) shows: the whole extent when the data set
    /// is small and reads at that zoom (see [`reads_whole`]), else the focus.
    pub opening: Option<(f64, f64)>,
    /// The range the overview strip shows: the extent with a margin.
    pub overview_range: Option<(f64, f64)>,
    /// Per lane, how many events overlap each of [`OVERVIEW_BINS`] bins of the overview range.
    pub overview: Vec<Vec<u32>>,
    /// All lanes' overview bins added up, for when there are too many lanes for a strip each.
    pub overview_total: Vec<u32>,
    /// Claims over all events.
    pub claims: usize,
}

/// Share of the event starts the focus holds. Three quarters: with 60% the sample opened on
/// 30 Aug – 18 Sep 2023 and cut off Shoigu's 26 Jul visit, where its story starts; with 80% and
/// more, one far-off cluster of a few events (October, November) doubles the span.
pub const FOCUS_SHARE: f64 = 0.75;

/// Data sets of at most this many events may open on their whole extent (a few hundred events
/// can each be read at once; more cannot, whatever the zoom).
pub const SMALL_SET: usize = 300;

/// How the first view judges whether the whole extent reads: laid out on a lanes strip this
/// wide (points, a laptop window), each event followed by a label of about this many points
/// per character (at most [`NOMINAL_LABEL_MAX`]), no lane may need more than
/// [`READABLE_ROWS`] rows. A cheap stand-in for the window's own layout, which needs fonts.
const NOMINAL_WIDTH: f64 = 1200.0;
const NOMINAL_CHAR: f64 = 6.5;
const NOMINAL_LABEL_MAX: f64 = 240.0;
const READABLE_ROWS: usize = 4;

/// Whether every event of a small data set can be read with the whole extent `(a, b)` in view:
/// `lanes` holds each lane's spans `(lo, hi, event)`, `title_chars` an event's label length.
pub fn reads_whole(
    lanes: &[Vec<(f64, f64, u32)>],
    (a, b): (f64, f64),
    title_chars: &dyn Fn(u32) -> usize,
) -> bool {
    let span = (b - a).max(1.0);
    let x = |t: f64| ((t - a) / span * NOMINAL_WIDTH).clamp(0.0, NOMINAL_WIDTH);
    for lane in lanes {
        let mut items: Vec<(f64, f64, u32)> = lane.clone();
        items.sort_unstable_by(|p, q| p.0.total_cmp(&q.0));
        // Right end of what each row holds so far.
        let mut rows: Vec<f64> = Vec::new();
        for (lo, hi, event) in items {
            let (x0, x1) = (x(lo), x(hi).max(x(lo) + 7.0));
            let label = (title_chars(event) as f64 * NOMINAL_CHAR).min(NOMINAL_LABEL_MAX);
            let end = x1 + 5.0 + label;
            if let Some(r) = rows.iter_mut().find(|r| **r + 5.0 < x0) {
                *r = end;
            } else if rows.len() < READABLE_ROWS {
                rows.push(end);
            } else {
                return false;
            }
        }
    }
    true
}

/// Resolution of the precomputed overview density.
pub const OVERVIEW_BINS: usize = 800;

impl Indexed {
    pub fn new(data: Arc<Dataset>) -> Indexed {
        // Lanes first: each lane's working list is freed as its index is built, before the
        // boundaries' is made (the peak is one of them, not both).
        let mut per_lane: Vec<Vec<(f64, f64, u32)>> = vec![Vec::new(); data.lanes.len()];
        for (i, e) in data.events.iter().enumerate() {
            let (lo, hi) = span(&e.time);
            if let Some(l) = per_lane.get_mut(e.lane as usize)
                && let Ok(i) = u32::try_from(i)
            {
                l.push((lo, hi, i));
            }
        }
        // Kept for the opening view only when the data set is small.
        let small = (data.events.len() <= SMALL_SET).then(|| per_lane.clone());
        let weight = |i: u32| {
            data.events
                .get(i as usize)
                .and_then(|e| data.weight(e))
                .unwrap_or(0)
        };
        let weight: Option<&dyn Fn(u32) -> u32> = data.weights.is_some().then_some(&weight);
        let lanes: Vec<LaneIndex> = per_lane
            .into_iter()
            .map(|items| LaneIndex::new(items, weight))
            .collect();
        let mut boundaries: Vec<(Instant, u32)> = Vec::with_capacity(data.events.len() * 2);
        let mut starts = Vec::with_capacity(data.events.len());
        for (i, e) in data.events.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(u32::MAX);
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
        let extent = match (boundaries.first(), boundaries.last()) {
            (Some(a), Some(b)) => Some((a.0 as f64, b.0 as f64)),
            _ => None,
        };
        let (boundary_times, boundary_events): (Vec<Instant>, Vec<u32>) =
            boundaries.into_iter().unzip();
        starts.sort_unstable();
        // The shortest window that holds most event starts: where the story is.
        let focus = {
            let k = (starts.len() as f64 * FOCUS_SHARE).ceil() as usize;
            let k = k.clamp(1, starts.len().max(1)) - 1;
            (0..starts.len().saturating_sub(k))
                .filter_map(|i| Some((*starts.get(i)?, *starts.get(i + k)?)))
                .min_by_key(|(a, b)| b - a)
                .map(|(a, b)| (a as f64, b as f64))
        };
        let title_chars = |i: u32| {
            data.events
                .get(i as usize)
                .map_or(0, |e| data.title(e).chars().count())
        };
        let opening = match (&small, extent) {
            (Some(lanes), Some(whole)) if reads_whole(lanes, whole, &title_chars) => extent,
            _ => focus,
        };
        drop(small);
        let overview_range = extent.map(|(a, b)| {
            // A margin of 2 %, at least a second: a log of a few seconds is spread over
            // the strip, not one pixel of a day.
            let pad = ((b - a) * 0.02).max(1.0);
            (a - pad, b + pad)
        });
        let overview = match overview_range {
            Some((a, b)) => lanes.iter().map(|lane| density(lane, a, b)).collect(),
            None => Vec::new(),
        };
        let claims = data.events.iter().map(|e| e.claims.len()).sum();
        let mut overview_total = vec![0u32; overview.first().map_or(0, Vec::len)];
        for lane in &overview {
            for (t, &c) in overview_total.iter_mut().zip(lane) {
                *t = t.saturating_add(c);
            }
        }
        Indexed {
            overview_total,
            claims,
            data,
            lanes,
            boundary_times,
            boundary_events,
            extent,
            focus,
            opening,
            overview_range,
            overview,
        }
    }

    /// The `i`th boundary in time order, with its event.
    pub fn boundary(&self, i: usize) -> Option<(Instant, usize)> {
        Some((
            *self.boundary_times.get(i)?,
            *self.boundary_events.get(i)? as usize,
        ))
    }

    /// The first and last boundaries.
    pub fn first_boundary(&self) -> Option<(Instant, usize)> {
        self.boundary(0)
    }

    pub fn last_boundary(&self) -> Option<(Instant, usize)> {
        self.boundary(self.boundary_times.len().checked_sub(1)?)
    }

    /// The first boundary strictly after `t`.
    pub fn next_boundary(&self, t: f64) -> Option<(Instant, usize)> {
        let i = self.boundary_times.partition_point(|&b| (b as f64) <= t);
        self.boundary(i)
    }

    /// The last boundary strictly before `t`.
    pub fn prev_boundary(&self, t: f64) -> Option<(Instant, usize)> {
        let i = self.boundary_times.partition_point(|&b| (b as f64) < t);
        i.checked_sub(1).and_then(|i| self.boundary(i))
    }
}

#[cfg(test)]
mod gallop_tests {
    use super::gallop;

    #[test]
    fn gallop_finds_the_partition_point_anywhere() {
        let v: Vec<f64> = (0..1000).map(|i| f64::from(i / 3)).collect();
        for t in [-1.0, 0.0, 0.5, 1.0, 7.0, 100.0, 332.0, 333.0, 5000.0] {
            assert_eq!(
                gallop(&v, |x| x <= t),
                v.partition_point(|&x| x <= t),
                "{t}"
            );
            assert_eq!(gallop(&v, |x| x < t), v.partition_point(|&x| x < t), "{t}");
        }
        assert_eq!(gallop(&[], |x: f64| x < 1.0), 0);
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
            .find(|e| idx.data.id(e) == "iran-supplies")
            .unwrap();
        let (lo, hi) = span(&iran.time);
        assert!(hi - lo > 100.0 * 86_400.0);
        let t0 = (lo + hi) / 2.0;
        let seen: Vec<_> = idx.lanes[regional].visible(t0, t0 + 86_400.0).collect();
        let mut brute: Vec<_> = (0..idx.data.events.len())
            .filter(|&i| {
                let e = &idx.data.events[i];
                let (lo, hi) = span(&e.time);
                e.lane as usize == regional && lo <= t0 + 86_400.0 && hi >= t0
            })
            .collect();
        brute.sort_by(|&a, &b| {
            span(&idx.data.events[a].time)
                .0
                .total_cmp(&span(&idx.data.events[b].time).0)
                .then(a.cmp(&b))
        });
        assert_eq!(seen, brute);
        assert!(!seen.is_empty());
        assert_eq!(idx.lanes[regional].count(t0, t0 + 86_400.0), seen.len());
    }

    #[test]
    fn weighted_counts_add_up_what_the_events_meeting_each_window_count() {
        let mut x: u64 = 11;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        // Weeks and days, as ACLED's weekly counts and their neighbours; weights 0 to 12.
        let items: Vec<(f64, f64, u32)> = (0..2000u32)
            .map(|i| {
                let lo = next(1_000_000) as f64;
                let len = if next(2) == 0 { 604_799.0 } else { 86_399.0 };
                (lo, lo + len, i)
            })
            .collect();
        let weight_of = |i: u32| (i * 7 + 3) % 13;
        let w: &dyn Fn(u32) -> u32 = &weight_of;
        let lane = LaneIndex::new(items.clone(), Some(w));
        let plain = LaneIndex::new(items.clone(), None);
        assert!(lane.is_weighted() && !plain.is_weighted());
        let brute = |a: f64, b: f64, within: bool| -> u64 {
            items
                .iter()
                .filter(|(lo, hi, _)| {
                    if within {
                        *lo >= a && *hi <= b
                    } else {
                        *lo <= b && *hi >= a
                    }
                })
                .map(|&(_, _, i)| u64::from(weight_of(i)))
                .sum()
        };
        // The overview's shades add them up too: each bin, what the events meeting it count.
        let (a, b) = (-10_000.0, 1_700_000.0);
        let shades = density(&lane, a, b);
        let step = (b - a) / OVERVIEW_BINS as f64;
        for (k, &n) in shades.iter().enumerate().step_by(37) {
            let lo = a + step * k as f64;
            let bin = |t: f64| ((t - a) / step).floor() as usize;
            let brute: u64 = items
                .iter()
                .filter(|(s, e, _)| bin(*s) <= k && bin(*e) >= k)
                .map(|&(_, _, i)| u64::from(weight_of(i)))
                .sum();
            assert_eq!(u64::from(n), brute, "bin {k} from {lo}");
        }
        for _ in 0..100 {
            let t0 = next(1_100_000) as f64 - 50_000.0;
            let t1 = t0 + next(900_000) as f64;
            assert_eq!(lane.weighted_count(t0, t1), Some(brute(t0, t1, false)));
            assert_eq!(plain.weighted_count(t0, t1), None);
            // How many still counts the events, not what they count.
            assert_eq!(lane.count(t0, t1), plain.count(t0, t1));
            let cols = lane.column_counts(t0, t1, 5);
            let width = (t1 - t0) / 5.0;
            for (c, &n) in cols.iter().enumerate() {
                let a = t0 + width * c as f64;
                assert_eq!(u64::from(n), brute(a, a + width, false));
            }
            let bins: Vec<(f64, f64)> = (0..4)
                .map(|k| {
                    let a = t0 + k as f64 * 700_000.0;
                    (a, a + 650_000.0)
                })
                .collect();
            for ((&(a, b), &n), &within) in bins
                .iter()
                .zip(&lane.bin_counts(&bins))
                .zip(&lane.bin_within_counts(&bins))
            {
                assert_eq!(u64::from(n), brute(a, b, false));
                assert_eq!(u64::from(within), brute(a, b, true));
            }
        }
    }

    #[test]
    fn visible_count_and_columns_agree_with_brute_force() {
        // Spans of every length, some open-ended, from a fixed pseudo-random sequence.
        let mut x: u64 = 7;
        let mut next = move |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        let items: Vec<(f64, f64, u32)> = (0..3000u32)
            .map(|i| {
                let lo = next(1_000_000) as f64;
                let hi = match next(20) {
                    0 => f64::INFINITY,
                    1 => lo,
                    k => lo + next(10u64.pow((k % 7) as u32)) as f64,
                };
                let lo = if next(50) == 0 { f64::NEG_INFINITY } else { lo };
                (lo, hi, i)
            })
            .collect();
        let lane = LaneIndex::new(items.clone(), None);
        for _ in 0..200 {
            let t0 = next(1_100_000) as f64 - 50_000.0;
            let t1 = t0 + next(200_000) as f64;
            let mut brute: Vec<(f64, u32)> = items
                .iter()
                .filter(|(lo, hi, _)| *lo <= t1 && *hi >= t0)
                .map(|(lo, _, i)| (*lo, *i))
                .collect();
            brute.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let brute: Vec<usize> = brute.into_iter().map(|(_, i)| i as usize).collect();
            assert_eq!(lane.visible(t0, t1).collect::<Vec<_>>(), brute);
            assert_eq!(lane.count(t0, t1), brute.len());
            let cols = lane.column_counts(t0, t1, 7);
            // Asked again (a still frame), the remembered answer; asked anew, a new one.
            assert_eq!(lane.column_counts(t0, t1, 7), cols);
            assert_eq!(lane.column_counts(t0, t1, 3), lane.count_columns(t0, t1, 3));
            assert_eq!(lane.column_counts(t0, t1, 7), cols);
            for (c, &n) in cols.iter().enumerate() {
                let w = (t1 - t0) / 7.0;
                let (a, b) = (t0 + w * c as f64, t0 + w * (c + 1) as f64);
                assert_eq!(n as usize, lane.count(a, b));
            }
            // Bins of uneven widths with gaps between them, counted in one pass.
            let bins: Vec<(f64, f64)> = (0..5)
                .map(|k| (t0 + k as f64 * 40_000.0, t0 + k as f64 * 40_000.0 + 9_999.0))
                .collect();
            let counts = lane.bin_counts(&bins);
            let within = lane.bin_within_counts(&bins);
            for ((&(a, b), &n), &w) in bins.iter().zip(&counts).zip(&within) {
                let brute = items
                    .iter()
                    .filter(|(lo, hi, _)| *lo <= b && *hi >= a)
                    .count();
                assert_eq!(n as usize, brute);
                let brute = items
                    .iter()
                    .filter(|(lo, hi, _)| *lo >= a && *hi <= b)
                    .count();
                assert_eq!(w as usize, brute, "within ({a}, {b})");
            }
        }
    }

    #[test]
    fn a_lane_knows_the_day_its_weeks_start_on_where_nine_in_ten_share_one() {
        // 2016-01-02 was a Saturday: 16,802 days after 1970-01-01, a Thursday (2 modulo 7).
        let saturday = 16_802.0 * DAY;
        let weeks = |n: u32, first: f64| -> Vec<(f64, f64, u32)> {
            (0..n)
                .map(|i| {
                    let lo = first + f64::from(i) * WEEK;
                    (lo, lo + WEEK - 1.0, i)
                })
                .collect()
        };
        assert_eq!(
            LaneIndex::new(weeks(100, saturday), None).week_start(),
            Some(2)
        );
        // Nine Saturdays' weeks in ten, one a Monday's: still Saturday's.
        let mut items = weeks(90, saturday);
        items.extend(weeks(10, saturday + 2.0 * DAY));
        assert_eq!(LaneIndex::new(items.clone(), None).week_start(), Some(2));
        // Fewer: weeks that start on no one day.
        items.extend(weeks(5, saturday + 3.0 * DAY));
        assert_eq!(LaneIndex::new(items, None).week_start(), None);
        // Seven days from noon, or days and months: no weeks.
        assert_eq!(
            LaneIndex::new(weeks(100, saturday + 43_200.0), None).week_start(),
            None
        );
        let days: Vec<(f64, f64, u32)> = (0..100u32)
            .map(|i| {
                let lo = saturday + f64::from(i) * DAY;
                (lo, lo + DAY - 1.0, i)
            })
            .collect();
        assert_eq!(LaneIndex::new(days, None).week_start(), None);
    }

    #[test]
    fn the_median_span_in_view_is_that_of_the_middle_event_by_length() {
        // 30 instants, 50 day-long events, 10 month-long ones, all in the first month.
        let day = 86_399.0;
        let items: Vec<(f64, f64, u32)> = (0..90u32)
            .map(|i| {
                let lo = f64::from(i) * 3_600.0;
                let len = match i {
                    0..30 => 0.0,
                    30..80 => day,
                    _ => 30.0 * 86_400.0 - 1.0,
                };
                (lo, lo + len, i)
            })
            .collect();
        let lane = LaneIndex::new(items, None);
        assert_eq!(lane.median_span_at_least(0.0, 400_000.0), Some(day));
        assert_eq!(lane.median_span_at_least(-10.0 * 86_400.0, -86_400.0), None);
        // Only the instants and the first day-long events meet a view of the first day hours.
        assert_eq!(lane.median_span_at_least(0.0, 3_600.0 * 20.0), Some(0.0));
    }

    #[test]
    fn boundaries_step_forward_and_back() {
        let idx = Indexed::new(Arc::new(crate::sample::load().unwrap().dataset));
        let (first, _) = idx.first_boundary().unwrap();
        let (next, _) = idx.next_boundary(first as f64).unwrap();
        assert!(next > first);
        assert_eq!(idx.prev_boundary(next as f64).unwrap().0, first);
    }

    fn day(y: i64, m: u32, d: u32) -> f64 {
        crate::model::time::Civil::date(y, m, d).to_instant() as f64
    }

    #[test]
    fn the_sample_opens_on_july_to_mid_september_2023() {
        // 40 events from 2015 to November 2023, most in August and September 2023: the whole
        // extent would squeeze them into a sliver, so the first view is where most of them are,
        // from Shoigu's Pyongyang visit (25–27 Jul) to the summit (13 Sep) and its aftermath.
        let idx = Indexed::new(Arc::new(crate::sample::load().unwrap().dataset));
        let (a, b) = idx.opening.unwrap();
        assert_ne!(idx.opening, idx.extent);
        assert!(a <= day(2023, 7, 26) && b >= day(2023, 9, 14), "{a} {b}");
        assert!(a >= day(2023, 7, 1) && b <= day(2023, 9, 30), "{a} {b}");
    }

    #[test]
    fn a_small_spread_out_set_opens_on_all_of_it() {
        let loaded = crate::load::load_bytes(
            "two.json",
            &std::fs::read("tests/data/two-events.json").unwrap(),
        )
        .unwrap();
        let idx = Indexed::new(Arc::new(loaded.dataset));
        // 12 Sep and 12–17 Sep: both whole, to the end of 17 Sep.
        assert_eq!(
            idx.opening,
            Some((day(2023, 9, 12), day(2023, 9, 18) - 1.0))
        );
    }

    #[test]
    fn a_crowded_lane_does_not_read_whole() {
        // Five events on one day in one lane need five rows: more than a lane reads with.
        let lane: Vec<(f64, f64, u32)> = (0..5).map(|i| (0.0, 0.0, i)).collect();
        assert!(!reads_whole(
            std::slice::from_ref(&lane),
            (0.0, 86_400.0),
            &|_| 10
        ));
        assert!(reads_whole(&[lane[..4].to_vec()], (0.0, 86_400.0), &|_| 10));
        // Spread over the width they fit in one row.
        let spread: Vec<(f64, f64, u32)> = (0..5)
            .map(|i| (f64::from(i) * 1000.0, f64::from(i) * 1000.0, i))
            .collect();
        assert!(reads_whole(&[spread], (0.0, 5000.0), &|_| 10));
    }
}
