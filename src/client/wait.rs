//! Polling schedules. A wait for an accepted mutation follows an [`Expectation`]: what this
//! kind of operation took before (or typically takes, before there is a history), so it
//! polls when the change is likely done and then often enough that the time it notices late
//! stays a small fraction of the time waited. `wait_for` keeps the classic SDK's schedule
//! ([`Schedule`]): a short first interval that doubles as time goes on (`initial_wait` and
//! `scaleup`), capped, with a deadline.

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

/// What a wait expects of the mutation it follows, measured from when the mutation was
/// accepted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expectation {
    /// The shortest it is likely to take.
    pub low: Duration,
    /// The longest it is likely to take.
    pub high: Duration,
    /// Whether these come from this user's own past waits of the same kind (else from what
    /// the kind typically takes).
    pub learned: bool,
}

/// Polls are never closer than this.
const MIN_GAP: Duration = Duration::from_millis(20);
/// Polls are never further apart than this.
const MAX_GAP: Duration = Duration::from_secs(60);
/// Without a history, a first look this early catches changes much faster than typical.
const PROBE: Duration = Duration::from_secs(1);

impl Expectation {
    /// From what the kind typically takes, before this user has waited for one: likely
    /// between half and twice `typical`.
    pub fn typical(typical: Duration) -> Expectation {
        Expectation { low: typical / 2, high: typical.saturating_mul(2), learned: false }
    }

    /// When to poll first, as time since the mutation was accepted: when it is likely done
    /// (its shortest past duration); without a history also once early, at one second.
    pub fn first(&self) -> Duration {
        if self.learned || self.low <= PROBE.saturating_mul(2) {
            self.low.max(MIN_GAP)
        } else {
            PROBE
        }
    }

    /// When to poll after a poll at `t` found the change still going. Before the likely range
    /// (a look timed for other changes) the next poll is at its start; within the likely
    /// range the next poll comes 6 % of the time waited later (20 % without a history);
    /// beyond it the step grows to 25 %, as the change is running long; never closer than
    /// 20 ms, never more than a minute apart.
    pub fn after(&self, t: Duration) -> Duration {
        if t < self.low {
            return self.low.max(t + MIN_GAP);
        }
        let base = if self.learned { 0.06 } else { 0.2 };
        let high = self.high.as_secs_f64().max(f64::EPSILON);
        let beyond = (t.as_secs_f64() / high - 1.05).max(0.0);
        let step = (base + 0.12 * beyond).min(0.25);
        let gap = Duration::try_from_secs_f64(t.as_secs_f64() * step).unwrap_or(MAX_GAP).clamp(MIN_GAP, MAX_GAP);
        t + gap
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The polls a wait makes for a change that takes `actual`: how many, and when the last
    /// one (the one that sees it done) comes.
    fn simulate(expectation: Expectation, actual: Duration) -> (u32, Duration) {
        let mut t = expectation.first();
        let mut polls = 1;
        while t < actual {
            t = expectation.after(t);
            polls += 1;
        }
        (polls, t)
    }

    #[test]
    fn a_learned_duration_is_caught_with_one_poll() {
        let one_second = Duration::from_secs(1);
        let learned = Expectation { low: one_second, high: one_second, learned: true };
        assert_eq!(simulate(learned, one_second), (1, one_second));
    }

    #[test]
    fn learned_jittery_durations_are_noticed_within_ten_percent_and_few_polls() {
        let learned = Expectation { low: Duration::from_secs(30), high: Duration::from_secs(80), learned: true };
        for actual in [30, 40, 50, 60, 80] {
            let actual = Duration::from_secs(actual);
            let (polls, seen) = simulate(learned, actual);
            assert!(seen.as_secs_f64() <= actual.as_secs_f64() * 1.1, "{actual:?} seen at {seen:?}");
            assert!(polls <= 20, "{actual:?}: {polls} polls");
        }
    }

    #[test]
    fn a_thirty_second_wait_without_history_takes_at_most_ten_polls() {
        // A data center typically takes 15 s; this one takes 30 s.
        let (polls, seen) = simulate(Expectation::typical(Duration::from_secs(15)), Duration::from_secs(30));
        assert!(polls <= 10, "{polls} polls");
        assert!(seen <= Duration::from_secs(33), "seen at {seen:?}");
    }

    #[test]
    fn a_fast_change_is_caught_by_the_early_look() {
        let (polls, seen) = simulate(Expectation::typical(Duration::from_secs(45)), Duration::from_millis(900));
        assert_eq!((polls, seen), (1, Duration::from_secs(1)));
    }

    #[test]
    fn detection_delay_stays_a_fraction_of_the_time_waited_from_one_second_to_two_hours() {
        for typical in [1, 15, 45, 900] {
            let expectation = Expectation::typical(Duration::from_secs(typical));
            for actual in [1, 10, 60, 600, 3600, 7200] {
                let actual = Duration::from_secs(actual);
                let (polls, seen) = simulate(expectation, actual);
                let late = seen.saturating_sub(actual);
                let bound = Duration::from_secs_f64(actual.as_secs_f64() * 0.25).max(expectation.low).max(PROBE);
                assert!(late <= bound, "typical {typical}s, actual {actual:?}: seen at {seen:?}");
                // At most one poll a minute in the long run: 2 h take at most ~170 polls.
                assert!(polls <= 200, "typical {typical}s, actual {actual:?}: {polls} polls");
            }
        }
    }

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
