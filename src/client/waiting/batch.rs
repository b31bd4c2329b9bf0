//! Many waits at once: one request per poll reports every ticket's progress when the API has
//! such a request, timed for when every pending change is likely done (a change acting on
//! the object of an earlier one is expected after it); else each ticket is waited for on its
//! own, concurrently.

use std::time::Duration;

use super::super::{Client, ClientError, Progress, Ticket};
use super::answered::Issued;
use super::{Expectation, WaitOptions};

impl Client {
    /// Waits for many accepted mutations at once. When the API reports many statuses in
    /// one answer ([`Dialect::batch_progress`]), one request per poll serves them all, when
    /// every pending one is likely done (the wait ends with the last anyway; a FAILED one
    /// is seen then too); else each is waited for on its own, concurrently. `observe` sees each ticket's state (by index) as it changes, and
    /// `(None, "")` now and then between polls (to move progress along). The first
    /// FAILED one ends the wait with its error.
    pub async fn wait_many(
        &self,
        tickets: &[Ticket],
        options: WaitOptions,
        observe: &(dyn Fn(Option<usize>, &str) + Sync),
    ) -> Result<(), ClientError> {
        let started = std::time::Instant::now();
        let issued: Vec<(Issued, Expectation)> = tickets.iter().map(|t| self.expectation_of(t)).collect();
        let Some(since) = issued.iter().map(|(i, _)| i.server_at).min() else { return Ok(()) };
        let batch = if self.dry_run.is_none() { self.dialect.batch_progress(since) } else { None };
        let Some((path, query)) = batch.filter(|_| tickets.len() > 1) else {
            let waits = tickets.iter().enumerate().map(|(index, ticket)| async move {
                let seen = |state: &str, _: Duration| observe(Some(index), state);
                self.wait(ticket, options, &seen).await.map(|()| observe(Some(index), "DONE"))
            });
            return futures_util::future::try_join_all(waits).await.map(drop);
        };
        // What each ticket waits behind: earlier ones in this wait whose object it acts on.
        let behind: Vec<Vec<usize>> = issued
            .iter()
            .enumerate()
            .map(|(i, (mine, _))| (0..i).filter(|&j| mine.follows(&issued[j].0)).collect())
            .collect();
        let mut followed: Vec<Followed> = issued
            .iter()
            .map(|(_, e)| Followed::Going { next: e.first(), polls: 0, last_going: Duration::ZERO })
            .collect();
        // The state each pending ticket was last seen in.
        let mut states: Vec<String> = vec![self.dialect.first_state().to_string(); tickets.len()];
        let mut batch_refused = false;
        loop {
            // The wait ends when the last one is done: look when every pending ticket wants
            // a look (the latest of their moments), as time since `started`.
            let starts = likely_starts(&issued, &behind, &followed);
            let due = followed
                .iter()
                .zip(&starts)
                .filter_map(|(f, start)| match f {
                    Followed::Going { next, .. } => Some((*start + *next).saturating_duration_since(started)),
                    Followed::Done(_) => None,
                })
                .max();
            let Some(due) = due else { return Ok(()) };
            let remaining = options.timeout.saturating_sub(started.elapsed());
            if !self.sleep_until(started, due.min(started.elapsed() + remaining), &|| observe(None, "")).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
            let remaining = options.timeout.saturating_sub(started.elapsed());
            let answer =
                if batch_refused { None } else { Some(tokio::time::timeout(remaining, self.get(&path, &query)).await) };
            let mut reported: std::collections::HashMap<String, Progress> = match answer {
                Some(Ok(Ok(response))) => self
                    .dialect
                    .batch_progress_of(&response.body)
                    .into_iter()
                    .map(|(id, p)| (id.to_ascii_lowercase(), p))
                    .collect(),
                // An API that refuses the batch read is asked about each ticket on its own:
                // for the rest of the wait when it refused the read itself (a filter it does
                // not take), for this poll when it failed (a 5xx, unreachable, out of time).
                Some(Ok(Err(ClientError::Api(e)))) => {
                    batch_refused = e.status < 500;
                    Default::default()
                }
                Some(Ok(Err(ClientError::Transport { .. }))) | Some(Err(_)) | None => Default::default(),
                Some(Ok(Err(e))) => return Err(e),
            };
            for (index, ticket) in tickets.iter().enumerate() {
                let Followed::Going { next, polls, last_going } = followed[index] else { continue };
                let (issued, expectation) = &issued[index];
                let polls = polls + 1;
                let progress = match reported.remove(&ticket.id.to_ascii_lowercase()) {
                    Some(progress) => progress,
                    // Not in the answer (an older request than the window, a log cut short):
                    // this one is asked on its own.
                    None => self.progress(ticket).await?,
                };
                // Time since it likely started (after what it waits behind).
                let going_for = starts[index].elapsed();
                match progress {
                    Progress::Done => {
                        // A look timed for this one tells when it was done; one timed for
                        // others, well after this one's own, says only that it was done by
                        // then, which would teach a wrong duration: that is not learned.
                        if going_for <= next.mul_f64(1.1) + Duration::from_millis(50) {
                            self.learn(&issued.kind, expectation, polls, last_going, going_for);
                        }
                        observe(Some(index), "DONE");
                        followed[index] = Followed::Done(starts[index] + going_for.min(next.max(last_going)));
                    }
                    Progress::Failed(message) => {
                        return Err(ClientError::RequestFailed { request_id: ticket.id.clone(), message })
                    }
                    Progress::Pending(state) => {
                        observe(Some(index), &state);
                        followed[index] =
                            Followed::Going { next: expectation.after(going_for), polls, last_going: going_for };
                        states[index] = state;
                    }
                }
            }
            if let Some(pending) = followed
                .iter()
                .position(|f| matches!(f, Followed::Going { .. }))
                .filter(|_| started.elapsed() >= options.timeout)
            {
                return Err(ClientError::WaitTimeout {
                    request_id: tickets[pending].id.clone(),
                    timeout: options.timeout,
                    last_status: states[pending].clone(),
                });
            }
        }
    }
}

/// Where one ticket of a batch wait stands.
#[derive(Debug, Clone, Copy)]
enum Followed {
    /// Not seen done yet: the next look and the last one that saw it going, as time since
    /// it likely started; the looks so far.
    Going { next: Duration, polls: u32, last_going: Duration },
    /// Done, likely by this moment.
    Done(std::time::Instant),
}

/// When each ticket likely started: when it was accepted, or, when it acts on the object of
/// earlier ones, when the last of those is (likely) done, as the API carries them out one
/// after the other.
fn likely_starts(
    issued: &[(Issued, Expectation)],
    behind: &[Vec<usize>],
    followed: &[Followed],
) -> Vec<std::time::Instant> {
    let mut starts: Vec<std::time::Instant> = Vec::with_capacity(issued.len());
    for (index, (mine, _)) in issued.iter().enumerate() {
        let start = behind[index]
            .iter()
            .map(|&j| match followed[j] {
                Followed::Done(at) => at,
                Followed::Going { next, .. } => starts[j] + next,
            })
            .fold(mine.at, std::cmp::Ord::max);
        starts.push(start);
    }
    starts
}
