//! The one retry policy: which failed attempts are tried again, and after how long.
//!
//! A 429 is always retried after the server's `Retry-After` (capped): the server refused the
//! request without acting on it. 500/502/503/504 and broken connections are retried with capped
//! exponential backoff and jitter for idempotent methods. A POST is re-sent at once only when
//! it provably never left (the connection could not be opened); after an ambiguous failure
//! (a 5xx, or a connection broken after sending) it is first looked up in the API's request
//! log ([`super::recover`]) and re-sent only when it is not there.

use std::time::Duration;

use rand::Rng;

use super::Method;

/// What happened to one attempt.
#[derive(Debug, Clone, Copy)]
pub enum Attempt {
    /// The server answered with this status (and maybe a `Retry-After` in seconds).
    Status { status: u16, retry_after: Option<Duration> },
    /// The connection could not be opened: nothing was sent.
    NotSent,
    /// The connection broke after the request may have been sent.
    MaybeSent,
    /// The server could not be trusted (its TLS certificate failed verification): trying
    /// again cannot help.
    Untrusted,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Send again after this long.
    Retry(Duration),
    /// The request may have been processed: look for it in the API's request log, and send
    /// again after this long only if it is not there.
    LookUp(Duration),
    /// Give up.
    Stop,
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
            max_attempts: 8,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// What to do after attempt number `attempt` (counting from 1) ended with `outcome`.
    pub fn next_step(&self, method: Method, attempt: u32, outcome: Attempt) -> Step {
        if attempt >= self.max_attempts {
            return Step::Stop;
        }
        match outcome {
            Attempt::Status { status: 429, retry_after } => {
                Step::Retry(retry_after.unwrap_or_else(|| self.backoff(attempt)).min(self.max_retry_after))
            }
            Attempt::Status { status: 500 | 502..=504, .. } | Attempt::MaybeSent if method.is_idempotent() => {
                Step::Retry(self.backoff(attempt))
            }
            Attempt::Status { status: 500 | 502..=504, .. } | Attempt::MaybeSent => Step::LookUp(self.backoff(attempt)),
            Attempt::NotSent => Step::Retry(self.backoff(attempt)),
            Attempt::Status { .. } | Attempt::Untrusted => Step::Stop,
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
    fn an_untrusted_server_is_not_tried_again() {
        let p = RetryPolicy::default();
        for m in [Method::Get, Method::Post] {
            assert_eq!(p.next_step(m, 1, Attempt::Untrusted), Step::Stop);
        }
    }

    #[test]
    fn post_is_looked_up_before_it_is_resent_once_it_may_have_arrived() {
        let p = RetryPolicy::default();
        for outcome in [status(500), status(503), Attempt::MaybeSent] {
            assert!(matches!(p.next_step(Method::Post, 1, outcome), Step::LookUp(_)));
        }
        assert!(matches!(p.next_step(Method::Post, 1, Attempt::NotSent), Step::Retry(_)));
        assert_eq!(p.next_step(Method::Post, 1, status(422)), Step::Stop);
        assert_eq!(p.next_step(Method::Post, p.max_attempts, Attempt::MaybeSent), Step::Stop);
    }

    #[test]
    fn idempotent_methods_retry_server_errors_with_capped_backoff() {
        let p = RetryPolicy::default();
        for m in [Method::Get, Method::Put, Method::Patch, Method::Delete] {
            for code in [500, 502, 503, 504] {
                let Step::Retry(d) = p.next_step(m, p.max_attempts - 1, status(code)) else { panic!("retried") };
                assert!(d <= p.max_delay);
            }
        }
        assert_eq!(p.next_step(Method::Get, 1, status(501)), Step::Stop);
        assert_eq!(p.next_step(Method::Get, 1, status(404)), Step::Stop);
    }

    #[test]
    fn rate_limits_honour_retry_after_with_a_cap() {
        let p = RetryPolicy::default();
        let wait = |s| Attempt::Status { status: 429, retry_after: Some(Duration::from_secs(s)) };
        assert_eq!(p.next_step(Method::Post, 1, wait(2)), Step::Retry(Duration::from_secs(2)));
        assert_eq!(p.next_step(Method::Get, 1, wait(3600)), Step::Retry(p.max_retry_after));
        assert_eq!(p.next_step(Method::Get, p.max_attempts, wait(1)), Step::Stop);
    }
}
