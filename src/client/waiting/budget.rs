//! The share of the API's rate limit that status polls may use. Every answer's
//! `X-RateLimit-Limit` (requests a minute), `X-RateLimit-Burst` and `X-RateLimit-Remaining`
//! tell where the account stands; all the waits of a client poll from one token bucket holding
//! half the advertised burst and refilled at half the advertised rate — the other half is the
//! script's own — and every request holds back while fewer than a tenth of the limit remain,
//! so neither waits nor scripts run into a 429.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// What the API advertises before it says otherwise (CloudAPI: 120 a minute).
const DEFAULT_PER_MINUTE: f64 = 120.0;
/// The share of the rate status polls may use.
const SHARE: f64 = 0.5;
/// Polls that may come at once after a quiet spell, before the API says its burst.
const DEFAULT_BURST: f64 = 12.0;

/// The status polls' budget.
#[derive(Debug)]
pub struct Budget(Mutex<Bucket>);

#[derive(Debug)]
struct Bucket {
    per_minute: f64,
    /// The most tokens the bucket holds: the polls' share of the advertised burst.
    burst: f64,
    tokens: f64,
    at: Instant,
    /// No poll before this (the account is nearly out of requests).
    hold_until: Option<Instant>,
}

impl Default for Budget {
    fn default() -> Self {
        Budget(Mutex::new(Bucket {
            per_minute: DEFAULT_PER_MINUTE,
            burst: DEFAULT_BURST,
            tokens: DEFAULT_BURST,
            at: Instant::now(),
            hold_until: None,
        }))
    }
}

impl Budget {
    /// Takes in what an answer's rate-limit headers say (any may be missing).
    pub fn observe(&self, limit: Option<u64>, remaining: Option<u64>, burst: Option<u64>) {
        let mut bucket = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(limit) = limit.filter(|l| *l > 0) {
            bucket.per_minute = limit as f64;
        }
        if let Some(burst) = burst.filter(|b| *b > 0) {
            // A larger allowance than assumed was there all along: its tokens are too.
            let share = (burst as f64 * SHARE).max(1.0);
            bucket.tokens += (share - bucket.burst).max(0.0);
            bucket.burst = share;
        }
        if let Some(remaining) = remaining {
            let reserve = bucket.per_minute / 10.0;
            let short = reserve - remaining as f64;
            // Below the reserve, wait for the account's own rate to bring it back.
            bucket.hold_until =
                (short > 0.0).then(|| Instant::now() + Duration::from_secs_f64(short * 60.0 / bucket.per_minute));
        }
    }

    /// How long any request should hold back: until the account is above its reserve again.
    pub fn hold(&self) -> Duration {
        let bucket = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        bucket.hold_until.map_or(Duration::ZERO, |until| until.saturating_duration_since(Instant::now()))
    }

    /// How long to wait before the next status poll may go; the poll is counted as sent.
    pub fn take(&self) -> Duration {
        let mut bucket = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let rate = bucket.per_minute * SHARE / 60.0;
        let refilled = bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * rate;
        bucket.tokens = refilled.min(bucket.burst) - 1.0;
        bucket.at = now;
        let owed = if bucket.tokens < 0.0 { Duration::from_secs_f64(-bucket.tokens / rate) } else { Duration::ZERO };
        let held = bucket.hold_until.map_or(Duration::ZERO, |until| until.saturating_duration_since(now));
        owed.max(held)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polls_beyond_the_burst_are_spaced_at_half_the_advertised_rate() {
        let budget = Budget::default();
        budget.observe(Some(120), Some(120), None);
        let waits: Vec<Duration> = (0..16).map(|_| budget.take()).collect();
        assert!(waits[..12].iter().all(|w| *w < Duration::from_millis(50)), "{waits:?}");
        // Half of 120 a minute: one a second.
        assert!(waits[15] > Duration::from_millis(3500) && waits[15] < Duration::from_millis(4100), "{waits:?}");
    }

    #[test]
    fn the_polls_burst_is_half_the_advertised_one() {
        let budget = Budget::default();
        budget.observe(Some(120), Some(120), Some(50));
        let waits: Vec<Duration> = (0..26).map(|_| budget.take()).collect();
        assert!(waits[..25].iter().all(|w| *w < Duration::from_millis(50)), "{waits:?}");
        assert!(waits[25] > Duration::from_millis(900), "the 26th waits for a token: {waits:?}");
    }

    #[test]
    fn nearly_exhausted_accounts_hold_polls_back() {
        let budget = Budget::default();
        budget.observe(Some(60), Some(2), None);
        // A reserve of 6, 4 short, at one a second: four seconds.
        let wait = budget.take();
        assert!(wait > Duration::from_millis(3800) && wait <= Duration::from_secs(4), "{wait:?}");
        budget.observe(Some(60), Some(50), None);
        assert!(budget.take() < Duration::from_millis(50));
    }
}
