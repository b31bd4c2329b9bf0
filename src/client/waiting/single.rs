//! One wait: a ticket's progress read at the moments its [`Expectation`] picks, until it is
//! done, failed or out of time; a brief outage of the API does not end it.

use std::time::Duration;

use super::super::{Client, ClientError, Progress, Ticket};
use super::WaitOptions;

/// How long the status check at a wait's deadline may take: the last look says what the
/// change was doing when the time ran out.
const LAST_LOOK: Duration = Duration::from_secs(2);

impl Client {
    /// GETs an accepted mutation's progress until it is done (returns), failed or out of
    /// time (errors), at the moments its [`Expectation`] picks. `observe` sees each state
    /// and the time waited so far. The time the change took is remembered for the next
    /// wait of its kind.
    pub async fn wait(
        &self,
        ticket: &Ticket,
        options: WaitOptions,
        observe: &(dyn Fn(&str, Duration) + Sync),
    ) -> Result<(), ClientError> {
        if self.is_settled(&ticket.id) {
            return Ok(());
        }
        let (issued, expectation) = self.expectation_of(ticket);
        let started = std::time::Instant::now();
        let mut at = expectation.first();
        let mut polls = 0;
        let mut last_pending = Duration::ZERO;
        // What the status checks said so far (none yet: the first state shown is a guess).
        let mut seen: Option<String> = None;
        let shown = std::sync::Mutex::new(self.dialect.first_state().to_string());
        let tick = || observe(&shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner), started.elapsed());
        loop {
            let remaining = options.timeout.saturating_sub(started.elapsed());
            if !self.sleep_until(issued.at, at.min(issued.at.elapsed() + remaining), &tick).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
            polls += 1;
            // A status check never runs past the wait's deadline, however long its retries,
            // but for the last look at it: what the change was doing is worth saying.
            let remaining = options.timeout.saturating_sub(started.elapsed()).max(LAST_LOOK);
            let Ok(checked) = tokio::time::timeout(remaining, self.progress(ticket)).await else {
                let last_status = match &seen {
                    Some(seen) => format!("{seen}; the last status check was not answered by the deadline"),
                    None => "none seen: the status check was not answered by the deadline (the API may be unreachable)"
                        .to_string(),
                };
                return Err(ClientError::WaitTimeout {
                    request_id: ticket.id.clone(),
                    timeout: options.timeout,
                    last_status,
                });
            };
            let last = match checked {
                Ok(Progress::Done) => {
                    self.learn(&issued.kind, &expectation, polls, last_pending, issued.at.elapsed());
                    return Ok(());
                }
                Ok(Progress::Failed(message)) => {
                    return Err(ClientError::RequestFailed { request_id: ticket.id.clone(), message })
                }
                Ok(Progress::Pending(state)) => state,
                // The API being briefly unreachable or failing says nothing about the change:
                // the wait goes on, to its own deadline.
                Err(ClientError::Api(e)) if e.status >= 500 => format!("status check answered {}", e.status),
                Err(ClientError::Transport { .. }) => "API unreachable, retrying".to_string(),
                Err(e) => return Err(e),
            };
            last_pending = issued.at.elapsed();
            seen = Some(last.clone());
            observe(&last, started.elapsed());
            last.clone_into(&mut shown.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
            if started.elapsed() >= options.timeout {
                return Err(ClientError::WaitTimeout {
                    request_id: ticket.id.clone(),
                    timeout: options.timeout,
                    last_status: last,
                });
            }
            at = expectation.after(last_pending);
        }
    }
}
