//! The polling schedule shared by every wait: a short first interval that doubles as time
//! goes on (the classic SDK's `initial_wait`/`scaleup` algorithm), capped, with a deadline.

use std::time::{Duration, Instant};

/// Parameters of a wait.
#[derive(Debug, Clone, Copy)]
pub struct WaitOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// First interval between polls.
    pub interval: Duration,
    /// The interval doubles once `interval × scaleup` has passed, and `scaleup` doubles too.
    pub scaleup: f64,
    /// Largest interval between polls.
    pub max_interval: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(3600),
            interval: Duration::from_millis(100),
            scaleup: 10.0,
            max_interval: Duration::from_secs(10),
        }
    }
}

/// The state of one wait: when to poll next and when to give up.
#[derive(Debug)]
pub struct Schedule {
    options: WaitOptions,
    start: Instant,
    interval: Duration,
    scaleup: f64,
    next_increase: Instant,
}

impl Schedule {
    /// Starts a wait now.
    pub fn start(options: WaitOptions) -> Self {
        let start = Instant::now();
        Schedule {
            options,
            start,
            interval: options.interval,
            scaleup: options.scaleup,
            next_increase: later(start, scaled(options.interval, options.scaleup)),
        }
    }

    /// Time left before the deadline (zero once it has passed).
    pub fn remaining(&self) -> Duration {
        self.options.timeout.saturating_sub(self.start.elapsed())
    }

    /// Time since the wait began.
    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// The wait's timeout.
    pub fn timeout(&self) -> Duration {
        self.options.timeout
    }

    /// How long to sleep before the next poll, or `None` when the deadline has passed.
    /// The sleep never runs past the deadline.
    pub fn next_sleep(&mut self) -> Option<Duration> {
        let remaining = self.remaining();
        if remaining.is_zero() {
            return None;
        }
        let now = Instant::now();
        if now > self.next_increase {
            self.interval = self.interval.saturating_mul(2).min(self.options.max_interval);
            self.next_increase = later(now, scaled(self.interval, self.scaleup));
            self.scaleup = (self.scaleup * 2.0).min(f64::MAX);
        }
        Some(self.interval.min(remaining))
    }
}

/// `interval × factor`, as long as time lasts when that is beyond what a duration holds.
fn scaled(interval: Duration, factor: f64) -> Duration {
    Duration::try_from_secs_f64(interval.as_secs_f64() * factor).unwrap_or(Duration::MAX)
}

/// `from + by`, or a far future when that is beyond what the clock holds.
fn later(from: Instant, by: Duration) -> Instant {
    from.checked_add(by).unwrap_or_else(|| from + Duration::from_secs(100 * 365 * 24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleeps_never_pass_the_deadline() {
        let mut s = Schedule::start(WaitOptions {
            timeout: Duration::from_millis(30),
            interval: Duration::from_secs(5),
            ..Default::default()
        });
        let first = s.next_sleep().expect("before the deadline");
        assert!(first <= Duration::from_millis(30));
    }

    #[test]
    fn interval_grows_and_is_capped() {
        let options = WaitOptions {
            interval: Duration::from_millis(1),
            scaleup: 0.0,
            max_interval: Duration::from_millis(3),
            ..Default::default()
        };
        let mut s = Schedule::start(options);
        std::thread::sleep(Duration::from_millis(2));
        let sleeps: Vec<_> = (0..4).filter_map(|_| s.next_sleep()).collect();
        assert_eq!(sleeps.last().copied(), Some(Duration::from_millis(3)));
        assert!(sleeps[0] >= Duration::from_millis(2));
    }
}
