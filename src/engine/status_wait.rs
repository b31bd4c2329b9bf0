//! `wait_for_status(object, status[, options])`: polls an object at its own URL until it
//! shows a status (`PROVISIONED`, `AVAILABLE`, `DELETED`), with visible progress. A failed
//! status (`ERROR`) throws at once, an object gone (404) while waiting for DELETED is done,
//! and a timeout throws naming the last status seen. Works for any provider whose objects
//! link themselves (an `href` or a HAL self link) and show a status.

use std::sync::Arc;
use std::time::Duration;

use rhai::{Dynamic, EvalAltResult, Map, Module};
use serde_json::Value;

use super::host::Host;
use super::{convert, errors, registration, waits};
use crate::catalog::Signature;
use crate::client::{Method, Schedule, WaitOptions};

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// How long a status wait lasts unless told: an hour.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3600);

/// The function's signature.
pub fn signature() -> Signature {
    Signature::new(
        "wait_for_status",
        &["object: map".into(), "status: string".into()],
        &["options: #{timeout, interval}".into()],
        "Polls an object until it shows the status (PROVISIONED, DELETED, AVAILABLE) and returns it as last read; throws kind \"failed\" on ERROR, \"timeout\" after the timeout (default 3600 s).",
    )
}

/// Registers the function into `module` (a provider's namespace) for both arities.
pub fn register_into(module: &mut Module, host: &Arc<Host>) {
    let signature = signature();
    let h = Arc::clone(host);
    registration(&signature, 2)
        .set_into_module(module, move |object: Dynamic, status: Dynamic| wait(&h, &object, &status, &Map::new()));
    let h = Arc::clone(host);
    registration(&signature, 3).set_into_module(module, move |object: Dynamic, status: Dynamic, options: Map| {
        wait(&h, &object, &status, &options)
    });
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
    let allowed = ["timeout", "interval"];
    if let Some(key) = options.keys().find(|k| !allowed.contains(&k.as_str())) {
        let hint = crate::suggest::did_you_mean(key, allowed);
        return Err(errors::usage(NAME, format!("unknown option '{key}'{hint} (allowed: {})", allowed.join(", "))));
    }
    let json = convert::to_json(object).ok().filter(Value::is_object).ok_or_else(|| {
        errors::usage(NAME, format!("expects an object the API answered, got {}", convert::describe(object)))
    })?;
    let (provider, client, path) = host
        .connections()
        .find_map(|(provider, client)| {
            let href = provider.dialect.self_href(&json)?;
            let path = href.strip_prefix(client.api_url().trim_end_matches('/'))?;
            path.starts_with('/').then(|| (provider, client, path.to_string()))
        })
        .ok_or_else(|| errors::usage(NAME, "the object has no link to itself on an API of this session"))?;
    let defaults = WaitOptions::default();
    let mut schedule = Schedule::start(WaitOptions {
        timeout: match options.get("timeout") {
            Some(v) => waits::timeout(NAME, "timeout", v)?,
            None => DEFAULT_TIMEOUT,
        },
        interval: match options.get("interval") {
            Some(v) => waits::timeout(NAME, "interval", v)?.max(Duration::from_millis(10)),
            None => defaults.interval,
        },
        ..defaults
    });
    let name = provider.envelope.name(&json).unwrap_or("object").to_string();
    let label = format!("{} '{name}'", singular(provider.envelope.kind(&json).unwrap_or("object")));
    let result = loop {
        let read = host.block_on(client.call(Method::Get, &path, &[], None));
        let (current, seen) = match read {
            Ok(answer) => {
                let seen = provider.dialect.status_of(&answer.body).unwrap_or_default().to_uppercase();
                (answer.body, seen)
            }
            // Gone is what a deletion waits for.
            Err(e) if e.status() == 404 && wanted == "DELETED" => break Ok(json.clone()),
            Err(e) => break Err(errors::client(e)),
        };
        if seen == wanted {
            break Ok(current);
        }
        // A failed object, and one gone or going, never reaches another status by itself; an
        // object that shows none never shows the one waited for.
        let gone = seen == "DELETED" || (seen == "DELETING" && wanted != "DELETED");
        if provider.dialect.failed_status(&seen) || gone {
            break Err(errors::failed(format!("{NAME}: {label} is {seen}, not {wanted}"), &seen));
        }
        if seen.is_empty() {
            break Err(errors::usage(NAME, format!("{label} shows no status to wait for")));
        }
        host.show_progress(&label, &seen, schedule.elapsed());
        let Some(sleep) = schedule.next_sleep() else {
            let message =
                format!("{NAME}: {label} was still {seen} after {}s, not {wanted}", schedule.timeout().as_secs_f64());
            break Err(errors::timeout(message, None));
        };
        if !host.block_on(host.cancel().sleep(sleep)) {
            break Err(errors::cancelled(host.cancel().reason()));
        }
    };
    host.end_progress();
    result.and_then(|value| convert::to_dynamic(&value))
}

/// A type named by its collection in the singular (`edge-routers` → `edge-router`,
/// `service-policies` → `service-policy`); other names stay as they are.
fn singular(kind: &str) -> String {
    match kind.strip_suffix("ies") {
        Some(stem) => format!("{stem}y"),
        None => kind.strip_suffix('s').unwrap_or(kind).to_string(),
    }
}
