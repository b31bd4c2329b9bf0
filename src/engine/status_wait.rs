//! `wait_for_status(object, status[, options])`: polls an object at its own URL until it
//! shows a status (`PROVISIONED`, `AVAILABLE`, `DELETED`), with visible progress. A failed
//! status (`ERROR`) throws at once, an object gone (404) while waiting for DELETED is done,
//! and a timeout throws naming the last status seen. Works for any provider whose objects
//! link themselves (an `href` or a HAL self link) and show a status.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rhai::{Dynamic, EvalAltResult, Map, Module};
use serde_json::Value;

use super::host::Host;
use super::{convert, errors, registration, waits};
use crate::catalog::{Method, Operation, Signature};
use crate::client::{Client, Expectation, Schedule};
use crate::provider::Provider;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The function's signature.
pub fn signature() -> Signature {
    Signature::new(
        "wait_for_status",
        &["object: map".into(), "status: string".into()],
        &["options: #{timeout, interval}".into()],
        "Polls an object until it shows the status (PROVISIONED, DELETED, AVAILABLE) and returns it as last read: when the change is likely done (what its kind typically takes, learned from past waits), or from every `interval` s growing as in wait_for; throws kind \"failed\" on ERROR, \"timeout\" after the timeout (default 3600 s). A dry run does not wait.",
    )
}

/// Registers the function into `module` (a provider's namespace) for both arities.
pub fn register_into(module: &mut Module, host: &Arc<Host>) {
    let signature = signature();
    let h = Arc::clone(host);
    registration(&signature, 2).set_into_module(
        module,
        move |ctx: rhai::NativeCallContext, object: Dynamic, status: Dynamic| {
            errors::placed(&ctx, wait(&h, &object, &status, &Map::new()))
        },
    );
    let h = Arc::clone(host);
    registration(&signature, 3).set_into_module(
        module,
        move |ctx: rhai::NativeCallContext, object: Dynamic, status: Dynamic, options: Map| {
            errors::placed(&ctx, wait(&h, &object, &status, &options))
        },
    );
}

fn wait(host: &Host, object: &Dynamic, status: &Dynamic, options: &Map) -> Result<Dynamic> {
    const NAME: &str = "wait_for_status";
    let wanted = status
        .clone()
        .into_string()
        .ok()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            errors::usage(
                NAME,
                format!("'status' must be a status like PROVISIONED, got {}", convert::describe(status)),
            )
        })?
        .to_uppercase();
    let wait_options = waits::wait_options(NAME, options, &["timeout", "interval"])?;
    let json = convert::to_json(object).ok().filter(Value::is_object).ok_or_else(|| {
        errors::usage(NAME, format!("expects an object the API answered, got {}", convert::describe(object)))
    })?;
    // A dry run sent none of the changes the status would follow: the plan assumes they
    // succeed, so the wait does too, at once.
    if host.is_dry_run() {
        eprintln!("DRY-RUN {NAME} {wanted}: not waited for");
        return Ok(object.clone());
    }
    // Its link: an absolute URL on one API of the session, or a path relative to the API
    // whose catalog reads it (the product APIs' hrefs).
    let (provider, client, path) = host
        .connections()
        .find_map(|(provider, client)| {
            let href = provider.envelope.self_href(&json)?;
            let path = href.strip_prefix(client.api_url().trim_end_matches('/'))?;
            path.starts_with('/').then(|| (provider, client, path.to_string()))
        })
        .or_else(|| {
            host.connections().find_map(|(provider, client)| {
                let href = provider.envelope.self_href(&json).filter(|h| h.starts_with('/') && !h.starts_with("//"))?;
                provider.catalog.operation_at(crate::catalog::Method::Get, href)?;
                Some((provider, client, href.to_string()))
            })
        })
        .ok_or_else(|| errors::usage(NAME, "the object has no link to itself on an API of this session"))?;
    // Looks come when the change is likely done (what the object's kind typically takes to
    // be made, or deleted), unless an interval asks for the classic schedule.
    let mut pace = if options.contains_key("interval") {
        Pace::Classic(Schedule::start(wait_options))
    } else {
        Pace::Expected {
            expectation: client.expectation_for_object(changing(provider, &path, &wanted), &json),
            started: Instant::now(),
            timeout: wait_options.timeout,
            next: None,
        }
    };
    let name = provider.envelope.name(&json).unwrap_or("object").to_string();
    let label = format!("{} '{name}'", singular(provider.envelope.kind(&json).unwrap_or("object")));
    let watched = Watched { host, provider, client, path: &path, json: &json, wanted: &wanted, label: &label };
    let result = watched.until_seen(&mut pace);
    host.end_progress();
    result.and_then(convert::to_dynamic)
}

/// An object a wait reads until it shows the status wanted.
struct Watched<'a> {
    host: &'a Host,
    provider: &'static Provider,
    client: &'a Client,
    /// Its path relative to the API base.
    path: &'a str,
    /// It, as handed to the wait.
    json: &'a Value,
    wanted: &'a str,
    /// What progress lines call it.
    label: &'a str,
}

impl Watched<'_> {
    /// Reads the object at the moments `pace` picks until it shows the status wanted (its
    /// value), or fails, goes, shows none, runs out of time or the run is interrupted.
    fn until_seen(&self, pace: &mut Pace) -> Result<Value> {
        const NAME: &str = "wait_for_status";
        let (host, provider, wanted, label) = (self.host, self.provider, self.wanted, self.label);
        loop {
            let (current, seen) = match host.block_on(self.client.get(self.path, &[])) {
                Ok(answer) => {
                    let seen = provider.envelope.status_of(&answer.body).unwrap_or_default().to_uppercase();
                    (answer.body, seen)
                }
                // Gone is what a deletion waits for.
                Err(e) if e.status() == 404 && wanted == "DELETED" => return Ok(self.json.clone()),
                Err(e) => return Err(errors::client(e)),
            };
            if seen == wanted {
                return Ok(current);
            }
            // A failed object, and one gone or going, never reaches another status by itself;
            // an object that shows none never shows the one waited for.
            let gone = seen == "DELETED" || (provider.envelope.going_status(&seen) && wanted != "DELETED");
            if provider.envelope.failed_status(&seen) || gone {
                let why = provider.envelope.failure_of(&current).map(|m| format!(": {m}")).unwrap_or_default();
                return Err(errors::failed(format!("{NAME}: {label} is {seen}, not {wanted}{why}"), &seen));
            }
            if seen.is_empty() {
                return Err(errors::usage(NAME, format!("{label} shows no status to wait for")));
            }
            host.show_progress(label, &seen, pace.elapsed());
            let Some(sleep) = pace.next_sleep() else {
                let message =
                    format!("{NAME}: {label} was still {seen} after {}s, not {wanted}", pace.timeout().as_secs_f64());
                return Err(errors::timeout(message, None));
            };
            if !host.block_on(sleep_showing(host, sleep, label, &seen, pace)) {
                return Err(errors::cancelled(host.cancel().reason()));
            }
        }
    }
}

/// A type named by its collection in the singular (`edge-routers` → `edge-router`,
/// `service-policies` → `service-policy`); other names stay as they are.
fn singular(kind: &str) -> String {
    match kind.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => kind.strip_suffix('s').unwrap_or(kind).to_string(),
    }
}

/// When a status wait looks again: the classic schedule (an `interval` given), or when the
/// change is likely done.
enum Pace {
    Classic(Schedule),
    Expected { expectation: Expectation, started: Instant, timeout: Duration, next: Option<Duration> },
}

impl Pace {
    fn elapsed(&self) -> Duration {
        match self {
            Pace::Classic(schedule) => schedule.elapsed(),
            Pace::Expected { started, .. } => started.elapsed(),
        }
    }

    fn timeout(&self) -> Duration {
        match self {
            Pace::Classic(schedule) => schedule.timeout(),
            Pace::Expected { timeout, .. } => *timeout,
        }
    }

    /// How long to sleep before the next look, or `None` once the timeout has passed.
    fn next_sleep(&mut self) -> Option<Duration> {
        match self {
            Pace::Classic(schedule) => schedule.next_sleep(),
            Pace::Expected { expectation, started, timeout, next } => {
                let elapsed = started.elapsed();
                let remaining = timeout.saturating_sub(elapsed);
                if remaining.is_zero() {
                    return None;
                }
                let at = match *next {
                    None => expectation.first(),
                    Some(_) => expectation.after(elapsed),
                };
                *next = Some(at);
                Some(at.saturating_sub(elapsed).min(remaining))
            }
        }
    }
}

/// Sleeps `sleep` (false when interrupted), moving the progress shown along every quarter
/// second, however far apart the looks are.
async fn sleep_showing(host: &Host, sleep: Duration, label: &str, seen: &str, pace: &Pace) -> bool {
    const TICK: Duration = Duration::from_millis(250);
    let until = Instant::now() + sleep;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return true;
        }
        if !host.cancel().sleep(left.min(TICK)).await {
            return false;
        }
        host.show_progress(label, seen, pace.elapsed());
    }
}

/// The change a wait for `wanted` on the object at `path` follows: the delete that removes it
/// when it waits for DELETED, else the create that makes one like it.
fn changing(provider: &Provider, path: &str, wanted: &str) -> Option<&'static Operation> {
    if wanted == "DELETED" {
        return provider.catalog.operation_at(Method::Delete, path);
    }
    let collection = path.rsplit_once('/').map_or("", |(collection, _)| collection);
    provider.catalog.operation_at(Method::Post, collection)
}
