//! `wait_for_completion(response[, timeout])` and `wait_for(fn_request, fn_check[, options])`:
//! polling with the client's growing interval, visible progress, and clear errors.

use std::sync::Arc;
use std::time::Duration;

use rhai::{Dynamic, Engine, EvalAltResult, FnPtr, Map, NativeCallContext};

use super::host::Host;
use super::{convert, errors, now_is, registration};
use crate::catalog::Signature;
use crate::client::{Schedule, WaitOptions};

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The wait functions' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "wait_for_completion",
            &["response: map".into()],
            &["timeout_s: float".into()],
            "Waits until the request behind a mutation's response is DONE and returns the object it made or changed as it now is (read once more; the response itself after a delete); throws when it FAILED or the timeout (default 3600 s) passes.",
        ),
        Signature::new(
            "wait_for",
            &["fn_request: Fn".into(), "fn_check: Fn".into()],
            &["options: #{timeout, interval, scaleup, console_print}".into()],
            "Calls fn_request until fn_check(its result) is true and returns that result; throws after the timeout (default 3600 s).",
        ),
    ]
}

/// Registers the wait functions.
pub fn register(engine: &mut Engine, host: &Arc<Host>) {
    let [completion, wait_for] =
        <[Signature; 2]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("two signatures"));
    let h = Arc::clone(host);
    registration(&completion, 1).register_into_engine(engine, move |ctx: NativeCallContext, response: Dynamic| {
        wait_for_completion(&h, &response, None, kept(&h, &ctx))
    });
    let h = Arc::clone(host);
    registration(&completion, 2).register_into_engine(
        engine,
        move |ctx: NativeCallContext, response: Dynamic, timeout: Dynamic| {
            let seconds = self::timeout("wait_for_completion", "timeout_s", &timeout)?;
            wait_for_completion(&h, &response, Some(seconds), kept(&h, &ctx))
        },
    );
    let h = Arc::clone(host);
    registration(&wait_for, 2)
        .register_into_engine(engine, move |ctx: NativeCallContext, request: FnPtr, check: FnPtr| {
            poll(&h, &ctx, &request, &check, &Map::new())
        });
    let h = Arc::clone(host);
    registration(&wait_for, 3).register_into_engine(
        engine,
        move |ctx: NativeCallContext, request: FnPtr, check: FnPtr, options: Map| {
            poll(&h, &ctx, &request, &check, &options)
        },
    );
}

/// Whether the script may read the value of the call `ctx` makes: a wait whose value is
/// thrown away returns the response as given, reading nothing more.
pub fn kept(host: &Host, ctx: &NativeCallContext) -> bool {
    !host.is_discarded(ctx.call_source(), ctx.call_position())
}

fn wait_for_completion(host: &Host, response: &Dynamic, timeout: Option<Duration>, kept: bool) -> Result<Dynamic> {
    if !response.is_map() {
        return Err(errors::usage(
            "wait_for_completion",
            format!("expects the response of a mutation ({}), got {}", ticket_hints(host), convert::describe(response)),
        ));
    }
    let (provider, client, ticket) = convert::to_json(response).ok().and_then(|v| host.ticket_in(&v)).ok_or_else(|| {
        errors::usage(
            "wait_for_completion",
            format!(
                "the response has no {}: only the responses of create, update, delete and action calls can be waited for",
                ticket_hints(host).trim_start_matches("a map with ")
            ),
        )
    })?;
    let options = WaitOptions { timeout: timeout.unwrap_or(WaitOptions::default().timeout), ..WaitOptions::default() };
    let label = progress_label(host, provider, &ticket, response);
    let observe = |state: &str, elapsed: Duration| host.show_progress(&label, state, elapsed);
    let result = host.block_on(host.wait(client, &ticket, options, &observe));
    host.end_progress();
    result.map_err(errors::client)?;
    if !kept {
        return Ok(response.clone());
    }
    let Ok(answer) = convert::to_json(response) else { return Ok(response.clone()) };
    convert::to_dynamic(host.block_on(now_is::as_it_now_is(host, provider, client, &ticket, answer)))
}

/// What a wait's progress line names: what is being done to what (`create server 'web-1'`)
/// when the answer says, and the request or execution it follows, shortened.
fn progress_label(
    host: &Host,
    provider: &crate::provider::Provider,
    ticket: &crate::client::Ticket,
    response: &Dynamic,
) -> String {
    let followed = provider.dialect.label(ticket);
    let short =
        followed.split_once(' ').map_or(followed.clone(), |(what, id)| format!("{what} {}", id.get(..8).unwrap_or(id)));
    let Ok(object) = convert::to_json(response) else { return followed };
    // A kind named by its collection (`networks`) is said as its type (`network`).
    let kind = provider
        .envelope
        .kind(&object)
        .map(|kind| provider.catalog.resource_listed_as(kind).map_or(kind, |resource| resource.api_type));
    let name = provider.envelope.name(&object).filter(|n| !n.is_empty());
    match (host.verb_of(&ticket.id), kind) {
        (Some(verb), Some(kind)) => {
            let named = name.map(|n| format!(" '{n}'")).unwrap_or_default();
            crate::printable::escape_line(&format!("{verb} {kind}{named} ({short})")).into_owned()
        }
        _ => followed,
    }
}

/// The options of a polling wait (`timeout`, `interval`, `scaleup`; each as the classic SDK
/// takes it) from `options`, which may hold only the `allowed` keys.
pub fn wait_options(function: &str, options: &Map, allowed: &[&str]) -> Result<WaitOptions> {
    if let Some(key) = options.keys().find(|k| !allowed.contains(&k.as_str())) {
        let hint = crate::suggest::did_you_mean(key, allowed.iter().copied());
        return Err(errors::usage(function, format!("unknown option '{key}'{hint} (allowed: {})", allowed.join(", "))));
    }
    let defaults = WaitOptions::default();
    Ok(WaitOptions {
        timeout: match options.get("timeout") {
            None => defaults.timeout,
            Some(v) => timeout(function, "timeout", v)?,
        },
        interval: match options.get("interval") {
            None => defaults.interval,
            Some(v) => Duration::from_secs_f64(seconds_in(function, "interval", v, 0.01, 3600.0)?),
        },
        scaleup: match options.get("scaleup") {
            None => defaults.scaleup,
            Some(v) => number_in(function, "scaleup", v, 0.0, 10_000.0, "")?,
        },
        ..defaults
    })
}

/// The classic `wait_for`: poll `request`, stop when `check` holds.
fn poll(host: &Host, ctx: &NativeCallContext, request: &FnPtr, check: &FnPtr, options: &Map) -> Result<Dynamic> {
    let wait_options = wait_options("wait_for", options, &["timeout", "interval", "scaleup", "console_print"])?;
    let console_print = options.get("console_print").map(|v| v.to_string());
    let mut schedule = Schedule::start(wait_options);
    let result = loop {
        if let Some(text) = &console_print {
            eprint!("{text}");
        }
        let response: Dynamic = request.call_within_context(ctx, ())?;
        let done = check.call_within_context::<Dynamic>(ctx, (response.clone(),))?;
        let done = done.as_bool().map_err(|_| {
            errors::usage("wait_for", format!("fn_check must return true or false, got {}", convert::describe(&done)))
        })?;
        if done {
            break Ok(response);
        }
        // console_print is the classic SDK's own progress (on stderr, as all progress); a
        // spinner on the same terminal line would erase it.
        if console_print.is_none() {
            host.show_progress("condition", "not met yet", schedule.elapsed());
        }
        let Some(sleep) = schedule.next_sleep() else {
            let request_id = convert::to_json(&response).ok().and_then(|v| host.ticket_in(&v)).map(|(_, _, t)| t.id);
            break Err(errors::timeout(
                format!("wait_for: fn_check was still false after {}s", schedule.timeout().as_secs_f64()),
                request_id,
            ));
        };
        if !host.block_on(host.cancel().sleep(sleep)) {
            break Err(errors::cancelled(host.cancel().reason()));
        }
    };
    host.end_progress();
    if console_print.is_some() {
        eprintln!();
    }
    result
}

/// What a value must hold to be waited for, for error messages: `a map with requestId`.
pub(super) fn ticket_hints(host: &Host) -> String {
    let mut hints: Vec<&str> = Vec::new();
    for hint in host.connections().map(|(p, _)| p.dialect.ticket_hint()) {
        if !hints.contains(&hint) {
            hints.push(hint);
        }
    }
    format!("a map with {}", hints.join(" or "))
}

/// The longest a wait may be told to last: a year.
const LONGEST_WAIT_S: f64 = 365.0 * 24.0 * 3600.0;

/// A wait's timeout in seconds (an int or a float), from 0 to a year.
pub(super) fn timeout(function: &str, name: &str, value: &Dynamic) -> Result<Duration> {
    seconds_in(function, name, value, 0.0, LONGEST_WAIT_S).map(Duration::from_secs_f64)
}

/// A number (an int or a float) within `min..=max`, or an error naming the option, its
/// allowed range and what it got.
fn number_in(function: &str, name: &str, value: &Dynamic, min: f64, max: f64, unit: &str) -> Result<f64> {
    let number = value.as_float().or_else(|_| value.as_int().map(|i| i as f64)).ok();
    match number {
        Some(n) if n.is_finite() && (min..=max).contains(&n) => Ok(n),
        _ => Err(errors::usage(
            function,
            format!("'{name}' must be a number{unit} from {min} to {max}, got {}", convert::describe(value)),
        )),
    }
}

fn seconds_in(function: &str, name: &str, value: &Dynamic, min: f64, max: f64) -> Result<f64> {
    number_in(function, name, value, min, max, " of seconds")
}
