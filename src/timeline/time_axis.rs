//! The one mapping between time and screen x. Every strip that places time on screen (the
//! lanes and their axis, the overview, the publication strip, anything later) makes a
//! `TimeAxis` for its own x range and converts through it, painting and input alike, so what is
//! drawn under the pointer is what the pointer acts on.

use egui::Rangef;

/// A time range laid over an x range: `[t0, t1]` (f64 seconds since 1970 UTC, so zooming from
/// millennia to minutes stays exact) spread over `x` (screen points).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeAxis {
    pub x: Rangef,
    pub t0: f64,
    pub t1: f64,
}

impl TimeAxis {
    pub fn new(x: Rangef, t0: f64, t1: f64) -> TimeAxis {
        TimeAxis { x, t0, t1 }
    }

    /// Screen x of a time.
    pub fn x_from_time(&self, t: f64) -> f64 {
        f64::from(self.x.min) + (t - self.t0) / (self.t1 - self.t0) * f64::from(self.x.span())
    }

    /// Time at a screen x.
    pub fn time_from_x(&self, x: f32) -> f64 {
        self.t0
            + f64::from(x - self.x.min) / f64::from(self.x.span().max(1.0)) * (self.t1 - self.t0)
    }

    /// How much time one point covers.
    pub fn seconds_per_point(&self) -> f64 {
        (self.t1 - self.t0) / f64::from(self.x.span().max(1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_and_x_convert_both_ways() {
        let a = TimeAxis::new(Rangef::new(100.0, 1100.0), 0.0, 86_400.0);
        assert_eq!(a.x_from_time(0.0), 100.0);
        assert_eq!(a.x_from_time(43_200.0), 600.0);
        assert_eq!(a.time_from_x(600.0), 43_200.0);
        assert_eq!(a.seconds_per_point(), 86.4);
        for x in [100.0f32, 250.5, 1099.0] {
            assert!((a.x_from_time(a.time_from_x(x)) - f64::from(x)).abs() < 1e-9);
        }
    }
}
