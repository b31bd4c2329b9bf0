//! Many waits at once: one request per poll reports every ticket's progress when the API has
//! such a request, timed for when every pending change is likely done (a change acting on
//! the object of an earlier one is expected after it); else each ticket is waited for on its
//! own, concurrently.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::super::{Client, ClientError, Progress, Ticket};
use super::answered::Issued;
use super::{Expectation, WaitOptions};

impl Client {
    /// Waits for many accepted mutations at once. When the API reports many statuses in
    /// one answer ([`Tickets::batch_progress`](crate::client::Tickets::batch_progress)), one
    /// request per poll serves them all, when every pending one is likely done (the wait ends
    /// with the last anyway; a FAILED one is seen then too); else each is waited for on its
    /// own, concurrently. `observe` sees each ticket's state (by index) as it changes, and
    /// `(None, "")` now and then between polls (to move progress along). The first FAILED one
    /// ends the wait with its error.
    pub async fn wait_many(
        &self,
        tickets: &[Ticket],
        options: WaitOptions,
        observe: &(dyn Fn(Option<usize>, &str) + Sync),
    ) -> Result<(), ClientError> {
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
        let mut batch = Batch::new(self, tickets, issued, options);
        loop {
            // The wait ends when the last one is done: look when every pending ticket wants
            // a look (the latest of their moments), as time since `started`.
            let starts = likely_starts(&batch.issued, &batch.behind, &batch.followed);
            let Some(due) = batch.due(&starts) else { return Ok(()) };
            let started = batch.started;
            let remaining = options.timeout.saturating_sub(started.elapsed());
            if !self.sleep_until(started, due.min(started.elapsed() + remaining), &|| observe(None, "")).await {
                return Err(ClientError::Cancelled(self.cancel.reason()));
            }
            let mut reported = batch.read(&path, &query).await?;
            for index in 0..tickets.len() {
                let Followed::Going { .. } = batch.followed[index] else { continue };
                let progress = match reported.remove(&tickets[index].id.to_ascii_lowercase()) {
                    Some(progress) => progress,
                    // Not in the answer (an older request than the window, a log cut short):
                    // this one is asked on its own.
                    None => self.progress(&tickets[index]).await?,
                };
                batch.seen(index, progress, starts[index], observe)?;
            }
            batch.within_time()?;
        }
    }
}

/// A batch wait under way: what each ticket follows, what it waits behind, where it stands.
struct Batch<'a> {
    client: &'a Client,
    tickets: &'a [Ticket],
    issued: Vec<(Issued, Expectation)>,
    /// What each ticket waits behind: earlier ones in this wait whose object it acts on.
    behind: Vec<Vec<usize>>,
    followed: Vec<Followed>,
    /// The state each pending ticket was last seen in.
    states: Vec<String>,
    /// Whether the API refused the batch read itself: each ticket is then asked on its own.
    refused: bool,
    started: Instant,
    options: WaitOptions,
}

impl<'a> Batch<'a> {
    fn new(
        client: &'a Client,
        tickets: &'a [Ticket],
        issued: Vec<(Issued, Expectation)>,
        options: WaitOptions,
    ) -> Batch<'a> {
        let behind = issued
            .iter()
            .enumerate()
            .map(|(i, (mine, _))| (0..i).filter(|&j| mine.follows(&issued[j].0)).collect())
            .collect();
        let followed = issued
            .iter()
            .map(|(_, e)| Followed::Going { next: e.first(), polls: 0, last_going: Duration::ZERO })
            .collect();
        let states = vec![client.dialect.first_state().to_string(); tickets.len()];
        Batch { client, tickets, issued, behind, followed, states, refused: false, started: Instant::now(), options }
    }

    /// When to look next, as time since the wait started: when every pending ticket wants a
    /// look (the latest of their moments); `None` when none is pending.
    fn due(&self, starts: &[Instant]) -> Option<Duration> {
        self.followed
            .iter()
            .zip(starts)
            .filter_map(|(f, start)| match f {
                Followed::Going { next, .. } => Some((*start + *next).saturating_duration_since(self.started)),
                Followed::Done(_) => None,
            })
            .max()
    }

    /// The progress one batch read reports, by ticket id (lower case). An API that refuses
    /// the batch read is asked about each ticket on its own: for the rest of the wait when it
    /// refused the read itself (a filter it does not take), for this poll when it failed (a
    /// 5xx, unreachable, out of time).
    async fn read(&mut self, path: &str, query: &[(String, String)]) -> Result<HashMap<String, Progress>, ClientError> {
        if self.refused {
            return Ok(HashMap::new());
        }
        let remaining = self.options.timeout.saturating_sub(self.started.elapsed());
        match tokio::time::timeout(remaining, self.client.get(path, query)).await {
            Ok(Ok(response)) => Ok(self
                .client
                .dialect
                .batch_progress_of(&response.body)
                .into_iter()
                .map(|(id, p)| (id.to_ascii_lowercase(), p))
                .collect()),
            Ok(Err(ClientError::Api(e))) => {
                self.refused = e.status < 500;
                Ok(HashMap::new())
            }
            Ok(Err(ClientError::Transport { .. })) | Err(_) => Ok(HashMap::new()),
            Ok(Err(e)) => Err(e),
        }
    }

    /// What a look found of ticket `index`, which likely started at `start`: done (learned,
    /// when the look was timed for it), failed (the wait's error), or still going (its next
    /// look).
    fn seen(
        &mut self,
        index: usize,
        progress: Progress,
        start: Instant,
        observe: &(dyn Fn(Option<usize>, &str) + Sync),
    ) -> Result<(), ClientError> {
        let Followed::Going { next, polls, last_going } = self.followed[index] else { return Ok(()) };
        let (issued, expectation) = &self.issued[index];
        let polls = polls + 1;
        let going_for = start.elapsed();
        match progress {
            Progress::Done => {
                // A look timed for this one tells when it was done; one timed for others, well
                // after this one's own, says only that it was done by then, which would teach
                // a wrong duration: that is not learned.
                if going_for <= next.mul_f64(1.1) + Duration::from_millis(50) {
                    self.client.learn(&issued.kind, expectation, polls, last_going, going_for);
                }
                observe(Some(index), "DONE");
                self.followed[index] = Followed::Done(start + going_for.min(next.max(last_going)));
            }
            Progress::Failed(message) => {
                return Err(ClientError::RequestFailed { request_id: self.tickets[index].id.clone(), message })
            }
            Progress::Pending(state) => {
                observe(Some(index), &state);
                self.followed[index] =
                    Followed::Going { next: expectation.after(going_for), polls, last_going: going_for };
                self.states[index] = state;
            }
        }
        Ok(())
    }

    /// The wait's error once its time is up with a ticket still pending.
    fn within_time(&self) -> Result<(), ClientError> {
        let pending = self.followed.iter().position(|f| matches!(f, Followed::Going { .. }));
        match pending.filter(|_| self.started.elapsed() >= self.options.timeout) {
            Some(pending) => Err(ClientError::WaitTimeout {
                request_id: self.tickets[pending].id.clone(),
                timeout: self.options.timeout,
                last_status: self.states[pending].clone(),
            }),
            None => Ok(()),
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
    Done(Instant),
}

/// When each ticket likely started: when it was accepted, or, when it acts on the object of
/// earlier ones, when the last of those is (likely) done, as the API carries them out one
/// after the other.
fn likely_starts(issued: &[(Issued, Expectation)], behind: &[Vec<usize>], followed: &[Followed]) -> Vec<Instant> {
    let mut starts: Vec<Instant> = Vec::with_capacity(issued.len());
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
