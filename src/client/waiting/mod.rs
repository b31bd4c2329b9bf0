//! Waiting for accepted mutations: when to look (a [`Schedule`] of looks fitted to what the
//! kind of change took before — its [`History`] — or typically takes), the status polls'
//! share of the rate limit ([`budget`]), the loops following one ticket ([`single`]) or many
//! at once ([`batch`]), and what each ticket follows ([`answered`]). The transport is the
//! [`Client`]'s; this is everything a wait adds to it.

pub(super) mod answered;
mod batch;
pub(super) mod budget;
pub(super) mod history;
mod normal_distribution;
mod schedule;
mod single;

pub use history::History;
pub use schedule::{Expectation, Schedule, WaitOptions, LOOK_WORTH};

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::Value;

use super::{Client, ClientError, Progress, Ticket};
use crate::catalog::Operation;
use answered::kind_of;

impl Client {
    /// The API this client's history files waits under: loopback emulators share one.
    fn history_key(&self) -> String {
        let url = self.api_url();
        match url::Url::parse(url) {
            Ok(parsed) if parsed.host_str().is_some_and(|h| h == "127.0.0.1" || h == "localhost" || h == "[::1]") => {
                format!("{}://loopback{}", parsed.scheme(), parsed.path())
            }
            _ => url.to_string(),
        }
    }

    /// When a ticket was accepted, what kind it is and what its wait expects. Tickets this
    /// client did not issue (handed in from elsewhere) are taken as accepted now.
    fn expectation_of(&self, ticket: &Ticket) -> (answered::Issued, Expectation) {
        let issued = self.answered.get(&ticket.id).unwrap_or_else(|| answered::Issued {
            kind: String::from("unknown"),
            typical: Duration::from_secs(10),
            at: std::time::Instant::now(),
            server_at: self.server_now(),
            made: None,
            refers_to: String::new(),
        });
        let expectation = self.expectation(&issued.kind, issued.typical);
        (issued, expectation)
    }

    /// What a wait for a change of `kind`, typically taking `typical` on the real API,
    /// expects: exactly the delay the API announces, else this user's history of the kind
    /// or the typical figure, on the API's announced clock (a time-scaled API runs faster:
    /// what a kind takes, and what a look is worth, run with it).
    fn expectation(&self, kind: &str, typical: Duration) -> Expectation {
        match self.announced_delay_ms.load(Ordering::Relaxed) {
            u64::MAX => {
                let scale = f64::from_bits(self.announced_scale.load(Ordering::Relaxed));
                self.history
                    .expectation(&self.history_key(), kind, typical.mul_f64(scale))
                    .with_look_worth(LOOK_WORTH.mul_f64(scale))
            }
            ms => Expectation::exactly(Duration::from_millis(ms)),
        }
    }

    /// What a wait for an object to reach a status expects, from now: as long as `op` (the
    /// create that makes one like `object`, or the delete that removes it) takes; ten seconds
    /// when no operation is known to make or remove it.
    pub fn expectation_for_object(&self, op: Option<&Operation>, object: &Value) -> Expectation {
        let Some(op) = op else { return self.expectation("unknown", Duration::from_secs(10)) };
        let (typical, variant) = self.dialect.typical(op, object);
        self.expectation(&kind_of(op, variant), typical.median)
    }

    /// Files a finished wait in the history: when its first poll found it done, the likely
    /// duration below that (it says only that the change took at most so long), else halfway
    /// between the last poll that saw it going and the one that saw it done.
    fn learn(&self, kind: &str, expected: &Expectation, polls: u32, last_pending: Duration, done: Duration) {
        let took = if polls == 1 { expected.done_before(done) } else { (last_pending + done) / 2 };
        self.history.record(&self.history_key(), kind, took);
    }

    /// Sleeps until `at` (time since `since`), then for the status polls' budget; false
    /// when interrupted. `tick` runs every quarter second meanwhile, so progress shown on a
    /// terminal moves between polls however far apart they are.
    async fn sleep_until(&self, since: std::time::Instant, at: Duration, tick: &(dyn Fn() + Sync)) -> bool {
        const TICK: Duration = Duration::from_millis(250);
        loop {
            let due = at.saturating_sub(since.elapsed());
            if due.is_zero() {
                break;
            }
            if !self.cancel.sleep(due.min(TICK)).await {
                return false;
            }
            tick();
        }
        let held = self.budget.take();
        held.is_zero() || self.cancel.sleep(held).await
    }

    /// Asks once where an accepted mutation stands.
    pub async fn progress(&self, ticket: &Ticket) -> Result<Progress, ClientError> {
        if self.is_settled(&ticket.id) {
            return Ok(Progress::Done);
        }
        if crate::catalog::segment(&ticket.id).is_none() {
            return Err(ClientError::NotWaitable(format!(
                "'{}' is no {}",
                ticket.id.escape_debug(),
                self.dialect.ticket_hint()
            )));
        }
        let path = self.progress_path(ticket);
        let response = match self.get(&path, &[]).await {
            Err(e) if e.status() == 404 => return self.dialect.gone(ticket).ok_or(e),
            answer => answer?,
        };
        self.dialect.progress(&response.body).ok_or_else(|| ClientError::Decode {
            method: "GET",
            path,
            detail: "no request status in the answer".into(),
        })
    }

    /// The progress path of a ticket: its URL when it points at this API (so credentials
    /// never go elsewhere), else the dialect's path.
    fn progress_path(&self, ticket: &Ticket) -> String {
        match ticket.url.as_deref().and_then(|url| url.strip_prefix(self.config.api_url.trim_end_matches('/'))) {
            Some(path) if path.starts_with('/') && !path.split(['/', '?']).any(is_dot_segment) => path.to_string(),
            _ => self.dialect.progress_path(ticket),
        }
    }
}

/// Whether a path segment is one a URL reads as a way up or as this place (`..`, `%2e.`).
fn is_dot_segment(segment: &str) -> bool {
    let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
    decoded == "." || decoded == ".."
}
