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
/// accepted: its duration as a log-normal distribution (how long half of them take and how
/// widely they spread), and what one more look is worth.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Expectation {
    /// Half of the changes of this kind are done by then.
    pub median: Duration,
    /// The standard deviation of the duration's logarithm (0.3: most within ×0.55..×1.8).
    pub spread: f64,
    /// Whether these come from this user's own past waits of the same kind (else from what
    /// the kind typically takes).
    pub learned: bool,
    /// How much noticing late one look saves before it is worth making: looks are spaced so
    /// that a wait's expected lateness and its looks, priced at this, add up to little.
    pub look_worth: Duration,
}

/// Polls are never closer than this.
const MIN_GAP: Duration = Duration::from_millis(20);
/// Polls are never further apart than this.
const MAX_GAP: Duration = Duration::from_secs(60);
/// Without a history, a first look this early catches changes much faster than typical.
const PROBE: Duration = Duration::from_secs(1);
/// What one look is worth by default: a second of noticing late (on the real API's clock).
pub const LOOK_WORTH: Duration = Duration::from_secs(1);
/// How widely a kind's durations may spread around what it typically takes, before this
/// user has waited for one: a typical figure may be off by half or twice for this account.
const TYPICAL_SPREAD: f64 = 0.6;
/// Beyond this share of its likely durations, a change is running long: the looks then come
/// a growing share of the time waited apart.
const LIKELY: f64 = 0.999;

impl Expectation {
    /// From what the kind typically takes, before this user has waited for one.
    pub fn typical(typical: Duration) -> Expectation {
        Expectation { median: typical, spread: TYPICAL_SPREAD, learned: false, look_worth: LOOK_WORTH }
    }

    /// A duration known exactly (an API that announces it): one look, right then.
    pub fn exactly(duration: Duration) -> Expectation {
        Expectation { median: duration, spread: 0.0, learned: true, look_worth: LOOK_WORTH }
    }

    /// The same expectation with looks worth `worth` (a time-scaled API's clock).
    pub fn with_look_worth(self, worth: Duration) -> Expectation {
        Expectation { look_worth: worth, ..self }
    }

    /// The time by which a share `p` of such changes are done.
    fn quantile(&self, p: f64) -> Duration {
        let seconds = self.median.as_secs_f64() * (self.spread * super::normal_distribution::quantile(p)).exp();
        Duration::try_from_secs_f64(seconds).unwrap_or(Duration::MAX)
    }

    /// The share of such changes done by `t`.
    fn done_by(&self, t: Duration) -> f64 {
        let median = self.median.as_secs_f64().max(f64::MIN_POSITIVE);
        let spread = self.spread.max(1e-9);
        super::normal_distribution::cdf((t.as_secs_f64().max(f64::MIN_POSITIVE) / median).ln() / spread)
    }

    /// The share of the changes still going that each look passes: the square root of twice
    /// a look's worth over the width of the likely durations (the spacing that makes expected
    /// lateness and looks priced at `look_worth` least), at most all of them.
    /// A wide spread caps it, so that a change is noticed on average within about a sixth of
    /// its duration however little a look is worth.
    fn step(&self) -> f64 {
        let width = 2.5 * self.spread * self.median.as_secs_f64();
        if width <= 0.0 {
            return 1.0;
        }
        (2.0 * self.look_worth.as_secs_f64() / width).sqrt().min(0.19 / self.spread).min(1.0)
    }

    /// The share of such changes done by the first look (when it is not the early probe):
    /// nearly all when each look passes all of them, but never more than are done by a
    /// tenth past the median, so that a first look is not much later than most changes.
    fn first_share(&self) -> f64 {
        let within_a_tenth = super::normal_distribution::cdf(0.1 / self.spread.max(1e-9));
        (0.98 * self.step().powf(1.5)).min(within_a_tenth)
    }

    /// When to poll first, as time since the mutation was accepted: when a share of such
    /// changes are done that grows with [`step`](Self::step) (nearly all of them when they
    /// hardly vary); without a history also once early, at one second.
    pub fn first(&self) -> Duration {
        let first = self.quantile(self.first_share()).max(MIN_GAP);
        if self.learned || first <= PROBE.saturating_mul(2) {
            first
        } else {
            PROBE
        }
    }

    /// When to poll after a poll at `t` found the change still going. Before the first
    /// regular look (after the early probe, or a look timed for other changes) that look;
    /// then when another [`step`](Self::step) of the changes still going at `t` are likely
    /// done. Past nearly all likely durations the change is running long, and the looks come
    /// 6 % of the time waited apart, growing to 20 %. From the first regular look on, never
    /// closer than 2 % of the time waited (20 ms at least), never more than a fifth of it or
    /// a minute apart.
    pub fn after(&self, t: Duration) -> Duration {
        let done = self.done_by(t);
        let first = self.first_share();
        if done < first {
            return self.quantile(first).max(t + MIN_GAP);
        }
        let next = if done < LIKELY {
            self.quantile((done + self.step() * (1.0 - done)).min(LIKELY))
        } else {
            let beyond = (t.as_secs_f64() / self.quantile(LIKELY).as_secs_f64().max(f64::EPSILON) - 1.05).max(0.0);
            t.mul_f64(1.0 + (0.06 + 0.12 * beyond).min(0.2))
        };
        let longest = t.mul_f64(0.2).clamp(MIN_GAP, MAX_GAP);
        next.clamp(t + t.mul_f64(0.02).clamp(MIN_GAP, longest), t + longest)
    }

    /// What a wait whose first look at `seen` found the change done teaches: only that it
    /// took at most that long, so the likely duration below it, the median of the
    /// expected durations that end by then.
    pub fn done_before(&self, seen: Duration) -> Duration {
        self.quantile(self.done_by(seen) / 2.0).min(seen)
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

    /// A learned expectation: half take `median` seconds, spread `spread` in log.
    fn learned(median: f64, spread: f64) -> Expectation {
        Expectation { median: Duration::from_secs_f64(median), spread, learned: true, look_worth: LOOK_WORTH }
    }

    #[test]
    fn an_exactly_known_duration_is_caught_with_one_poll() {
        let one_second = Duration::from_secs(1);
        assert_eq!(simulate(Expectation::exactly(one_second), one_second), (1, one_second));
    }

    #[test]
    fn a_steady_kind_is_caught_with_one_poll_just_after_it_is_done() {
        let steady = learned(1.0, 0.005);
        let (polls, seen) = simulate(steady, Duration::from_secs(1));
        assert_eq!(polls, 1);
        assert!(seen <= Duration::from_millis(1015), "seen at {seen:?}");
    }

    #[test]
    fn learned_jittery_durations_are_noticed_within_ten_percent_and_few_polls() {
        let jittery = learned(50.0, 0.3);
        for actual in [30, 40, 50, 60, 80] {
            let actual = Duration::from_secs(actual);
            let (polls, seen) = simulate(jittery, actual);
            assert!(seen.as_secs_f64() <= actual.as_secs_f64() * 1.2, "{actual:?} seen at {seen:?}");
            assert!(polls <= 12, "{actual:?}: {polls} polls");
        }
    }

    /// Over durations drawn at evenly spaced quantiles of the expected ones: the mean number
    /// of polls and the mean time noticed late, as a share of the median.
    fn average(expectation: Expectation) -> (f64, f64) {
        let draws: Vec<Duration> = (1..200).map(|i| expectation.quantile(f64::from(i) / 200.0)).collect();
        let (mut polls, mut late) = (0.0, 0.0);
        for actual in &draws {
            let (n, seen) = simulate(expectation, *actual);
            polls += f64::from(n);
            late += (seen - *actual).as_secs_f64();
        }
        let count = draws.len() as f64;
        (polls / count, late / count / expectation.median.as_secs_f64())
    }

    #[test]
    fn longer_waits_get_more_looks_and_notice_relatively_sooner() {
        // ±30 % jitter, a look worth a second: a 2 s change takes two or three looks and is
        // noticed about a sixth late (0.3 s); a 30 s one about four looks within 7 %; a 15 min
        // one about eighteen, within 2 %. A steady kind: one look, 1 % late.
        let (short_polls, short_late) = average(learned(2.0, 0.3));
        let (mid_polls, mid_late) = average(learned(30.0, 0.3));
        let (long_polls, long_late) = average(learned(900.0, 0.3));
        let (steady_polls, steady_late) = average(learned(1.0, 0.005));
        assert!(short_polls <= 2.6 && short_late <= 0.17, "2 s: {short_polls} polls, {short_late} late");
        assert!((3.0..=5.0).contains(&mid_polls) && mid_late <= 0.07, "30 s: {mid_polls} polls, {mid_late} late");
        assert!(
            (12.0..=24.0).contains(&long_polls) && long_late <= 0.02,
            "15 min: {long_polls} polls, {long_late} late"
        );
        assert!(steady_polls <= 1.02 && steady_late <= 0.011, "steady: {steady_polls} polls, {steady_late} late");
        // Looks worth less (a time-scaled API's clock, 0.2): the 30 s change gets more of them.
        let (cheap_polls, cheap_late) = average(learned(30.0, 0.3).with_look_worth(Duration::from_millis(200)));
        assert!(
            cheap_polls > mid_polls + 3.0 && cheap_late <= 0.04,
            "cheap looks: {cheap_polls} polls, {cheap_late} late"
        );
    }

    #[test]
    fn a_look_that_finds_it_done_teaches_a_likely_duration_below_it() {
        let jittery = learned(30.0, 0.3);
        let taught = jittery.done_before(Duration::from_secs(20));
        assert!(taught < Duration::from_secs(20) && taught > Duration::from_secs(10), "{taught:?}");
        let steady = learned(1.0, 0.005);
        let taught = steady.done_before(Duration::from_millis(1010));
        assert!(taught > Duration::from_millis(995) && taught <= Duration::from_millis(1010), "{taught:?}");
        assert_eq!(
            Expectation::exactly(Duration::from_secs(1)).done_before(Duration::from_secs(2)),
            Duration::from_secs(1)
        );
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
        for expectation in [1, 15, 45, 900]
            .map(|s| Expectation::typical(Duration::from_secs(s)))
            .into_iter()
            .chain([learned(45.0, 0.3), learned(1.0, 0.005)])
        {
            for actual in [1, 10, 60, 600, 3600, 7200] {
                let actual = Duration::from_secs(actual);
                let (polls, seen) = simulate(expectation, actual);
                let late = seen.saturating_sub(actual);
                let regular = expectation.quantile(expectation.first_share());
                let bound = Duration::from_secs_f64(actual.as_secs_f64() * 0.25).max(regular);
                assert!(late <= bound, "{expectation:?}, actual {actual:?}: seen at {seen:?}");
                // At most one poll a minute in the long run: 2 h take at most ~170 polls.
                assert!(polls <= 200, "{expectation:?}, actual {actual:?}: {polls} polls");
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
