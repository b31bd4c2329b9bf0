//! `wait_all(responses[, timeout])`: waits for many accepted mutations at once — one status
//! request per poll for all of a client's requests when the API reports many at once —
//! under one combined progress line; the first FAILED one stops the wait and reports where
//! the others stand.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map, NativeCallContext};

use super::host::Host;
use super::{convert, errors, now_is, registration, waits};
use crate::catalog::Signature;
use crate::client::{Client, ClientError, Progress, Ticket, WaitOptions};
use crate::provider::Provider;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The signature of `wait_all`.
pub fn signatures() -> Vec<Signature> {
    vec![Signature::new(
        "wait_all",
        &["responses: array".into()],
        &["timeout_s: float".into()],
        "Waits for the requests behind many mutations' responses at once and, when all are DONE, returns the objects they made or changed as they now are (one read each, at once); throws the first FAILED one (kind \"failed\", with `statuses`: request id → status of every request), or when the timeout (default 3600 s) passes.",
    )]
}

/// Registers `wait_all` with and without its timeout.
pub fn register(engine: &mut Engine, host: &Arc<Host>) {
    let [signature] = <[Signature; 1]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("one signature"));
    let h = Arc::clone(host);
    registration(&signature, 1).register_into_engine(engine, move |ctx: NativeCallContext, responses: Dynamic| {
        wait_all(&h, responses, None, waits::kept(&h, &ctx))
    });
    let h = Arc::clone(host);
    registration(&signature, 2).register_into_engine(
        engine,
        move |ctx: NativeCallContext, responses: Dynamic, timeout: Dynamic| {
            let seconds = waits::timeout("wait_all", "timeout_s", &timeout)?;
            wait_all(&h, responses, Some(seconds), waits::kept(&h, &ctx))
        },
    );
}

/// One mutation to wait for: the provider and client that follow it, and its ticket.
#[derive(Clone)]
struct Pending {
    provider: &'static Provider,
    client: Arc<Client>,
    ticket: Ticket,
    /// The response, as JSON.
    answer: serde_json::Value,
}

fn wait_all(host: &Arc<Host>, responses: Dynamic, timeout: Option<Duration>, kept: bool) -> Result<Dynamic> {
    let pending = requests(host, &responses)?;
    let options = WaitOptions { timeout: timeout.unwrap_or(WaitOptions::default().timeout), ..WaitOptions::default() };
    let first_states: Vec<String> = pending.iter().map(|p| p.provider.dialect.first_state().to_string()).collect();
    let statuses = Arc::new(Mutex::new(first_states));
    let started = Instant::now();
    let show = {
        let (host, statuses, count) = (Arc::clone(host), Arc::clone(&statuses), pending.len());
        move || {
            let summary = summary(&statuses.lock().unwrap_or_else(PoisonError::into_inner));
            host.show_progress(&format!("{count} requests"), &summary, started.elapsed());
        }
    };
    // The requests of each client are waited for together, so one status request per poll
    // can serve all of them.
    let mut groups: Vec<(Arc<Client>, Vec<usize>)> = Vec::new();
    for (index, request) in pending.iter().enumerate() {
        match groups.iter_mut().find(|(client, _)| Arc::ptr_eq(client, &request.client)) {
            Some((_, indices)) => indices.push(index),
            None => groups.push((Arc::clone(&request.client), vec![index])),
        }
    }
    let outcome = host.block_on(async {
        let waits = groups.iter().map(|(client, indices)| {
            let tickets: Vec<Ticket> = indices.iter().map(|&i| pending[i].ticket.clone()).collect();
            let (statuses, show) = (Arc::clone(&statuses), show.clone());
            async move {
                let observe = |index: Option<usize>, state: &str| {
                    // `None` only says time went by.
                    if let Some(&at) = index.and_then(|i| indices.get(i)) {
                        statuses.lock().unwrap_or_else(PoisonError::into_inner)[at] = state.to_string();
                    }
                    show();
                };
                host.wait_many(client, &tickets, options, &observe).await
            }
        });
        futures_util::future::try_join_all(waits).await.map(drop)
    });
    host.end_progress();
    match outcome {
        Ok(()) if kept => now_are(host, &pending),
        Ok(()) => Ok(responses),
        Err(error @ ClientError::RequestFailed { .. }) => Err(failed(host, &pending, &statuses, error)),
        Err(error) => Err(errors::client(error)),
    }
}

/// The objects behind the responses as they now are, read at once (see
/// [`now_is::as_it_now_is`]), in the responses' order.
fn now_are(host: &Host, pending: &[Pending]) -> Result<Dynamic> {
    let reads = pending.iter().map(|p| now_is::as_it_now_is(host, p.provider, &p.client, &p.ticket, p.answer.clone()));
    let current = host.block_on(futures_util::future::join_all(reads));
    convert::to_dynamic(serde_json::Value::Array(current))
}

/// The FAILED error, with where every request stands: those not finished yet are asked once more.
fn failed(host: &Host, pending: &[Pending], statuses: &Mutex<Vec<String>>, error: ClientError) -> Box<EvalAltResult> {
    let known = statuses.lock().unwrap_or_else(PoisonError::into_inner).clone();
    let failed_id = match &error {
        ClientError::RequestFailed { request_id, .. } => request_id.clone(),
        _ => String::new(),
    };
    let mut all = Map::new();
    for (request, status) in pending.iter().zip(known) {
        let status = if request.ticket.id == failed_id {
            "FAILED".to_string()
        } else if status == "DONE" {
            status
        } else {
            match host.block_on(request.client.progress(&request.ticket)) {
                Ok(Progress::Done) => "DONE".into(),
                Ok(Progress::Failed(_)) => "FAILED".into(),
                Ok(Progress::Pending(state)) => state,
                Err(_) => status,
            }
        };
        all.insert(request.ticket.id.as_str().into(), status.into());
    }
    errors::with_detail(errors::client(error), "statuses", all.into())
}

/// The mutations behind the responses, in order.
fn requests(host: &Host, responses: &Dynamic) -> Result<Vec<Pending>> {
    let items = responses.read_lock::<Array>().map(|a| a.clone()).ok_or_else(|| {
        errors::usage(
            "wait_all",
            format!("expects an array of mutation responses, got {}", convert::describe(responses)),
        )
    })?;
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let found = if item.is_map() { convert::to_json(item).ok() } else { None };
            let ticketed = found.and_then(|answer| host.ticket_in(&answer).map(|t| (t, answer.clone())));
            let ((provider, client, ticket), answer) = ticketed.ok_or_else(|| {
                errors::usage(
                    "wait_all",
                    format!(
                        "item {index} is not the response of a mutation ({}), got {}",
                        waits::ticket_hints(host),
                        convert::describe(item)
                    ),
                )
            })?;
            Ok(Pending { provider, client: Arc::clone(client), ticket, answer })
        })
        .collect()
}

/// `2 DONE, 3 RUNNING`: how many requests are in each status, in a stable order.
fn summary(statuses: &[String]) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for status in statuses {
        match counts.iter_mut().find(|(s, _)| s == status) {
            Some((_, n)) => *n += 1,
            None => counts.push((status.clone(), 1)),
        }
    }
    counts.sort();
    counts.iter().map(|(s, n)| format!("{n} {s}")).collect::<Vec<_>>().join(", ")
}
