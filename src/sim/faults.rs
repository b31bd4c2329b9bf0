//! Fault injection and rate limiting, to prove clients cope with a misbehaving API: a fraction
//! of API answers is replaced by a 429 (with `Retry-After`), a 500/502/503/504, a slow answer,
//! or — for mutations — a connection dropped after the change was made. A token bucket
//! (requests per minute, burst) answers 429 when it is empty and drives the `X-RateLimit-*`
//! headers. Set at start (`ionosh sim --fail-rate ...`) or at run time (`PUT /_sim/faults`);
//! the `/_sim/` controls themselves are never faulted.

use std::sync::{Mutex, MutexGuard};
use std::time::Instant;

use axum::http::StatusCode;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// One kind of injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultKind {
    /// 429 with `Retry-After`; the request is not processed.
    #[serde(rename = "429")]
    TooManyRequests,
    /// 500; the request is not processed.
    #[serde(rename = "500")]
    Internal,
    /// 502; the request is not processed.
    #[serde(rename = "502")]
    BadGateway,
    /// 503; the request is not processed.
    #[serde(rename = "503")]
    Unavailable,
    /// 504; the request is not processed.
    #[serde(rename = "504")]
    GatewayTimeout,
    /// The answer comes after an extra delay (`slowMs`).
    #[serde(rename = "slow")]
    Slow,
    /// Mutations only: the request is processed, then the connection breaks before the answer.
    #[serde(rename = "drop")]
    Drop,
}

impl FaultKind {
    /// Every kind, the default set.
    pub const ALL: [FaultKind; 7] = [
        FaultKind::TooManyRequests,
        FaultKind::Internal,
        FaultKind::BadGateway,
        FaultKind::Unavailable,
        FaultKind::GatewayTimeout,
        FaultKind::Slow,
        FaultKind::Drop,
    ];

    /// Parses a kind as written on the command line (`429`, `503`, `slow`, `drop`, ...).
    pub fn parse(text: &str) -> Result<FaultKind, String> {
        serde_json::from_value(serde_json::Value::String(text.trim().to_string()))
            .map_err(|_| format!("unknown fault kind '{text}' (allowed: 429, 500, 502, 503, 504, slow, drop)"))
    }

    /// The status of an answer replaced by this fault; none for faults that let the request
    /// through.
    pub fn status(self) -> Option<StatusCode> {
        match self {
            FaultKind::TooManyRequests => Some(StatusCode::TOO_MANY_REQUESTS),
            FaultKind::Internal => Some(StatusCode::INTERNAL_SERVER_ERROR),
            FaultKind::BadGateway => Some(StatusCode::BAD_GATEWAY),
            FaultKind::Unavailable => Some(StatusCode::SERVICE_UNAVAILABLE),
            FaultKind::GatewayTimeout => Some(StatusCode::GATEWAY_TIMEOUT),
            FaultKind::Slow | FaultKind::Drop => None,
        }
    }
}

/// A token bucket: `per_minute` requests per minute on average, at most `burst` at once.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RateLimit {
    /// Average requests per minute (`X-RateLimit-Limit`).
    pub per_minute: u32,
    /// Bucket size (`X-RateLimit-Burst`).
    pub burst: u32,
}

/// What the emulator does wrong on purpose; the default does nothing wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultConfig {
    /// Fraction (0..=1) of API answers replaced by a fault.
    #[serde(default)]
    pub rate: f64,
    /// The kinds drawn from, equally likely (`drop` only for mutations).
    #[serde(default = "all_kinds")]
    pub kinds: Vec<FaultKind>,
    /// `Retry-After` seconds of injected and rate-limit 429s.
    #[serde(default = "one", rename = "retryAfter")]
    pub retry_after_s: u64,
    /// Extra delay of a slow answer, in milliseconds.
    #[serde(default = "slow_ms")]
    pub slow_ms: u64,
    /// Seed of the fault draws, for reproducible runs; none means a random seed.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Rate limit; none means unlimited (the headers then show fixed figures).
    #[serde(default)]
    pub rate_limit: Option<RateLimit>,
}

fn all_kinds() -> Vec<FaultKind> {
    FaultKind::ALL.to_vec()
}

fn one() -> u64 {
    1
}

fn slow_ms() -> u64 {
    1000
}

impl Default for FaultConfig {
    fn default() -> Self {
        FaultConfig {
            rate: 0.0,
            kinds: all_kinds(),
            retry_after_s: 1,
            slow_ms: slow_ms(),
            seed: None,
            rate_limit: None,
        }
    }
}

impl FaultConfig {
    fn check(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.rate) {
            return Err(format!("the fault rate must be between 0 and 1 (got {})", self.rate));
        }
        if self.rate > 0.0 && self.kinds.is_empty() {
            return Err("a fault rate needs at least one fault kind".into());
        }
        if let Some(limit) = self.rate_limit {
            if limit.per_minute == 0 || limit.burst == 0 {
                return Err("the rate limit needs at least 1 request per minute and a burst of at least 1".into());
            }
        }
        Ok(())
    }
}

/// Figures shown when no rate limit is set.
const UNLIMITED: (u32, u32, u32) = (120, 119, 50);

/// The live fault settings, draws and token bucket.
#[derive(Debug)]
pub struct Faults {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    config: FaultConfig,
    rng: StdRng,
    tokens: f64,
    refilled: Instant,
    /// Faults the next API requests meet, in order, before any drawn one.
    queued: std::collections::VecDeque<FaultKind>,
}

/// Marks an answer the fault injection made or changed (read by the statistics).
#[derive(Debug, Clone, Copy)]
pub struct Injected(pub FaultKind);

/// What happens to one API request.
pub enum Verdict {
    /// It goes through untouched.
    Pass,
    /// The rate limit refuses it; try again after this many seconds.
    Limited { retry_after: u64 },
    /// It meets this fault.
    Fault(FaultKind),
}

impl Default for Faults {
    fn default() -> Self {
        Faults::new(FaultConfig::default()).expect("the default fault settings are valid")
    }
}

impl Faults {
    /// Settings checked and a fresh token bucket (full).
    pub fn new(config: FaultConfig) -> Result<Self, String> {
        Ok(Faults { inner: Mutex::new(Inner::new(config)?) })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The current settings.
    pub fn config(&self) -> FaultConfig {
        self.lock().config.clone()
    }

    /// Replaces the settings (reseeding the draws and refilling the bucket).
    pub fn set(&self, config: FaultConfig) -> Result<(), String> {
        *self.lock() = Inner::new(config)?;
        Ok(())
    }

    /// `(X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Burst)` as they stand.
    pub fn headers(&self) -> (u32, u32, u32) {
        let mut inner = self.lock();
        match inner.config.rate_limit {
            None => UNLIMITED,
            Some(limit) => {
                inner.refill();
                (limit.per_minute, inner.tokens.floor() as u32, limit.burst)
            }
        }
    }

    /// Makes the next API requests meet these faults, in order (a `drop` waits for the next
    /// mutation); they come before any drawn fault and the rate limit.
    pub fn queue(&self, kinds: &[FaultKind]) {
        self.lock().queued.extend(kinds.iter().copied());
    }

    /// Draws what happens to the next API request (`mutation`: whether it changes anything).
    pub fn judge(&self, mutation: bool) -> Verdict {
        let mut inner = self.lock();
        if let Some(&kind) = inner.queued.front() {
            if mutation || kind != FaultKind::Drop {
                inner.queued.pop_front();
                return Verdict::Fault(kind);
            }
        }
        if let Some(limit) = inner.config.rate_limit {
            inner.refill();
            if inner.tokens < 1.0 {
                let per_second = f64::from(limit.per_minute) / 60.0;
                let wait = ((1.0 - inner.tokens) / per_second).ceil() as u64;
                return Verdict::Limited { retry_after: wait.max(inner.config.retry_after_s) };
            }
            inner.tokens -= 1.0;
        }
        let rate = inner.config.rate;
        if rate <= 0.0 || !inner.rng.gen_bool(rate) {
            return Verdict::Pass;
        }
        let kinds: Vec<FaultKind> =
            inner.config.kinds.iter().copied().filter(|k| mutation || *k != FaultKind::Drop).collect();
        if kinds.is_empty() {
            return Verdict::Pass;
        }
        let pick = inner.rng.gen_range(0..kinds.len());
        Verdict::Fault(kinds[pick])
    }
}

impl Inner {
    fn new(config: FaultConfig) -> Result<Self, String> {
        config.check()?;
        let rng = match config.seed {
            Some(seed) => StdRng::seed_from_u64(seed),
            None => StdRng::from_entropy(),
        };
        let tokens = config.rate_limit.map_or(0.0, |l| f64::from(l.burst));
        Ok(Inner { config, rng, tokens, refilled: Instant::now(), queued: Default::default() })
    }

    fn refill(&mut self) {
        let Some(limit) = self.config.rate_limit else { return };
        let now = Instant::now();
        let gained = now.duration_since(self.refilled).as_secs_f64() * f64::from(limit.per_minute) / 60.0;
        self.tokens = (self.tokens + gained).min(f64::from(limit.burst));
        self.refilled = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_as_written_on_the_command_line() {
        assert_eq!(FaultKind::parse("503"), Ok(FaultKind::Unavailable));
        assert_eq!(FaultKind::parse("drop"), Ok(FaultKind::Drop));
        assert!(FaultKind::parse("418").is_err());
    }

    #[test]
    fn seeded_draws_repeat_and_respect_the_rate() {
        let config = FaultConfig { rate: 0.2, seed: Some(7), ..FaultConfig::default() };
        let draw = || {
            let faults = Faults::new(config.clone()).expect("valid");
            (0..1000).map(|_| matches!(faults.judge(false), Verdict::Fault(_))).collect::<Vec<_>>()
        };
        let first = draw();
        assert_eq!(first, draw());
        let faulted = first.iter().filter(|f| **f).count();
        assert!((120..280).contains(&faulted), "{faulted} of 1000 faulted");
    }

    #[test]
    fn reads_never_draw_a_dropped_connection() {
        let config = FaultConfig { rate: 1.0, kinds: vec![FaultKind::Drop], ..FaultConfig::default() };
        let faults = Faults::new(config).expect("valid");
        assert!(matches!(faults.judge(false), Verdict::Pass));
        assert!(matches!(faults.judge(true), Verdict::Fault(FaultKind::Drop)));
    }

    #[test]
    fn an_empty_bucket_answers_429_with_a_wait() {
        let config = FaultConfig { rate_limit: Some(RateLimit { per_minute: 60, burst: 2 }), ..FaultConfig::default() };
        let faults = Faults::new(config).expect("valid");
        assert!(matches!(faults.judge(false), Verdict::Pass));
        assert!(matches!(faults.judge(false), Verdict::Pass));
        assert!(matches!(faults.judge(false), Verdict::Limited { retry_after: 1 }));
        assert!(Faults::new(FaultConfig { rate: 1.5, ..FaultConfig::default() }).is_err());
    }
}
