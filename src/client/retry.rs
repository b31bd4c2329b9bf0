//! The one retry policy: which failed attempts are tried again, and after how long.
//!
//! A 429 is always retried after the server's `Retry-After` (capped): the server refused the
//! request without acting on it. 502/503/504 and broken connections are retried with capped
//! exponential backoff and jitter only for idempotent methods; a POST is re-sent only when it
//! provably never left (the connection could not be opened).

use std::time::Duration;

use rand::Rng;

use crate::catalog::Method;

/// What happened to one attempt.
#[derive(Debug, Clone, Copy)]
pub enum Attempt {
    /// The server answered with this status (and maybe a `Retry-After` in seconds).
    Status { status: u16, retry_after: Option<Duration> },
    /// The connection could not be opened: nothing was sent.
    NotSent,
    /// The connection broke after the request may have been sent.
    MaybeSent,
}

/// Limits of the retry policy.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// First backoff delay.
    pub base_delay: Duration,
    /// Largest backoff delay.
    pub max_delay: Duration,
    /// Largest `Retry-After` honoured.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before attempt number `attempt + 1`, or `None` to give up.
    /// `attempt` counts from 1.
    pub fn next_delay(&self, method: Method, attempt: u32, outcome: Attempt) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        match outcome {
            Attempt::Status { status: 429, retry_after } => {
                Some(retry_after.unwrap_or_else(|| self.backoff(attempt)).min(self.max_retry_after))
            }
            Attempt::Status { status: 502..=504, .. } | Attempt::MaybeSent if method.is_idempotent() => {
                Some(self.backoff(attempt))
            }
            Attempt::NotSent => Some(self.backoff(attempt)),
            _ => None,
        }
    }

    /// Exponential backoff with full jitter in the upper half: base·2^(attempt-1), capped.
    fn backoff(&self, attempt: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << (attempt.saturating_sub(1)).min(16));
        let capped = exp.min(self.max_delay);
        let jitter = rand::thread_rng().gen_range(0.5..=1.0);
        capped.mul_f64(jitter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16) -> Attempt {
        Attempt::Status { status, retry_after: None }
    }

    #[test]
    fn post_is_never_resent_once_it_may_have_arrived() {
        let p = RetryPolicy::default();
        assert_eq!(p.next_delay(Method::Post, 1, status(503)), None);
        assert_eq!(p.next_delay(Method::Post, 1, Attempt::MaybeSent), None);
        assert!(p.next_delay(Method::Post, 1, Attempt::NotSent).is_some());
    }

    #[test]
    fn idempotent_methods_retry_gateway_errors_with_capped_backoff() {
        let p = RetryPolicy::default();
        for m in [Method::Get, Method::Put, Method::Patch, Method::Delete] {
            let d = p.next_delay(m, 10.min(p.max_attempts - 1), status(502)).expect("retried");
            assert!(d <= p.max_delay);
        }
        assert_eq!(p.next_delay(Method::Get, 1, status(500)), None);
        assert_eq!(p.next_delay(Method::Get, 1, status(404)), None);
    }

    #[test]
    fn rate_limits_honour_retry_after_with_a_cap() {
        let p = RetryPolicy::default();
        let wait = |s| Attempt::Status { status: 429, retry_after: Some(Duration::from_secs(s)) };
        assert_eq!(p.next_delay(Method::Post, 1, wait(2)), Some(Duration::from_secs(2)));
        assert_eq!(p.next_delay(Method::Get, 1, wait(3600)), Some(p.max_retry_after));
        assert_eq!(p.next_delay(Method::Get, p.max_attempts, wait(1)), None);
    }
}
