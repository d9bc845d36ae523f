//! `TIMEBAND_FRAME_STATS=1`: the time each frame of the real window took, printed on exit.
//! Two figures per frame: `frame`, eframe's own stopwatch over the whole frame on the UI thread
//! (input, our UI pass, tessellation and the OpenGL calls that submit the meshes and textures;
//! not the buffer swap, which waits for the display, nor the rasterizing a GPU or Mesa's
//! llvmpipe does after it), and `ui`, our UI pass alone. Only frames with a data set loaded and
//! no load running count, so a script can drive the window and read what the user feels. A
//! number above 1 (`TIMEBAND_FRAME_STATS=300`) closes the window after that many frames, so a
//! script that drives the window (`benches/frames-xvfb.sh`) measures a fixed number of them.

use std::time::Instant;

/// The frame times recorded so far; `None` in the app when the variable is not set.
#[derive(Debug, Default)]
pub struct FrameStats {
    /// eframe's `cpu_usage` of each frame, seconds.
    frames: Vec<f32>,
    /// Our UI pass of each frame, seconds.
    ui: Vec<f32>,
    /// Said "recording" on stderr (once: a script waits for it).
    announced: bool,
    pass_started: Option<Instant>,
    /// Close the window after this many recorded frames.
    pub limit: Option<usize>,
}

impl FrameStats {
    /// On when `TIMEBAND_FRAME_STATS` is set to anything but `0` or empty; a number above 1
    /// is the frame limit.
    pub fn from_env() -> Option<FrameStats> {
        std::env::var("TIMEBAND_FRAME_STATS")
            .ok()
            .filter(|v| !v.is_empty() && v != "0")
            .map(|v| FrameStats {
                limit: v.trim().parse::<usize>().ok().filter(|n| *n > 1),
                ..FrameStats::default()
            })
    }

    /// Before the UI pass.
    pub fn begin(&mut self) {
        self.pass_started = Some(Instant::now());
    }

    /// After the UI pass: `previous` is eframe's time for the frame before this one (eframe
    /// measures a frame after it is painted); `counts` whether this frame is one to record.
    /// True once the limit is reached: time to close the window.
    pub fn end(&mut self, previous: Option<f32>, counts: bool) -> bool {
        let pass = self.pass_started.take().map(|t| t.elapsed().as_secs_f32());
        if !counts {
            return false;
        }
        if !self.announced {
            self.announced = true;
            eprintln!("frame stats: recording");
            // The first counted frame's eframe time belongs to a frame before it.
        } else if let Some(p) = previous {
            self.frames.push(p);
        }
        if let Some(p) = pass {
            self.ui.push(p);
        }
        self.limit.is_some_and(|n| self.frames.len() >= n)
    }

    /// `frames N; frame p50 … p95 … max … ms; ui p50 … p95 … max … ms`.
    pub fn summary(&self) -> String {
        let (f, u) = (percentiles(&self.frames), percentiles(&self.ui));
        format!(
            "frame stats: {} frames; frame p50 {:.2} p95 {:.2} max {:.2} ms; ui pass p50 {:.2} p95 {:.2} max {:.2} ms",
            self.frames.len(),
            f.0,
            f.1,
            f.2,
            u.0,
            u.1,
            u.2
        )
    }
}

/// p50, p95 and max in milliseconds (nearest rank); zeros when empty.
fn percentiles(seconds: &[f32]) -> (f32, f32, f32) {
    let mut v: Vec<f32> = seconds.iter().map(|s| s * 1000.0).collect();
    v.sort_unstable_by(f32::total_cmp);
    let rank = |p: f32| -> f32 {
        if v.is_empty() {
            return 0.0;
        }
        let i = ((p * v.len() as f32).ceil() as usize).clamp(1, v.len()) - 1;
        v.get(i).copied().unwrap_or(0.0)
    };
    (rank(0.50), rank(0.95), v.last().copied().unwrap_or(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank_in_milliseconds() {
        let s: Vec<f32> = (1..=100).map(|i| i as f32 / 1000.0).collect();
        let (p50, p95, max) = percentiles(&s);
        assert!((p50 - 50.0).abs() < 1e-3, "{p50}");
        assert!((p95 - 95.0).abs() < 1e-3, "{p95}");
        assert!((max - 100.0).abs() < 1e-3, "{max}");
        assert_eq!(percentiles(&[]), (0.0, 0.0, 0.0));
    }

    #[test]
    fn frames_before_the_data_set_do_not_count() {
        let mut stats = FrameStats::default();
        for counts in [false, false, true, true, true] {
            stats.begin();
            assert!(!stats.end(Some(0.004), counts));
        }
        // The first counted frame only announces; its eframe time is an earlier frame's.
        assert_eq!(stats.frames.len(), 2);
        assert_eq!(stats.ui.len(), 3);
        assert!(
            stats
                .summary()
                .starts_with("frame stats: 2 frames; frame p50 4.00")
        );
    }

    #[test]
    fn a_limit_ends_the_run_after_that_many_frames() {
        let mut stats = FrameStats {
            limit: Some(3),
            ..FrameStats::default()
        };
        let done: Vec<bool> = (0..5).map(|_| stats.end(Some(0.001), true)).collect();
        assert_eq!(done, [false, false, false, true, true]);
    }
}
