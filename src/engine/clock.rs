//! `sleep(seconds)`, `now()` and `parse_time(text)`: pausing a script (interrupted by Ctrl-C
//! and the run's time limit, like every wait), the time, and the API's timestamps as numbers,
//! so that scripts (and the stdlib's `ensure_*`) can order objects by when they were made.

use std::sync::Arc;
use std::time::Duration;

use rhai::{Dynamic, Engine, EvalAltResult, FLOAT};
use time::format_description::well_known::Rfc3339;

use super::host::Host;
use super::{errors, registration};
use crate::catalog::Signature;

/// The longest pause `sleep` takes, in seconds (a day).
const LONGEST_SLEEP_S: FLOAT = 86_400.0;

/// The signatures of `sleep`, `now` and `parse_time`.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "sleep",
            &["seconds: float".into()],
            &[],
            "Pauses the script for this many seconds (0 to 86400); Ctrl-C and --timeout end the pause.",
        ),
        Signature::new("now", &[], &[], "Seconds since 1970 (a float), by this machine's clock."),
        Signature::new(
            "parse_time",
            &["text: string".into()],
            &[],
            "Seconds since 1970 (a float) of an RFC 3339 timestamp as the APIs write them (2025-01-31T12:00:00.123Z).",
        ),
    ]
}

/// Registers `sleep`, `now` and `parse_time`.
pub fn register(engine: &mut Engine, host: &Arc<Host>) {
    let [sleep, now, parse_time] = <[Signature; 3]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("three"));
    registration(&now, 0)
        .register_into_engine(engine, || time::OffsetDateTime::now_utc().unix_timestamp_nanos() as FLOAT / 1e9);
    let h = Arc::clone(host);
    registration(&sleep, 1).register_into_engine(engine, move |seconds: Dynamic| pause(&h, &seconds));
    registration(&parse_time, 1).register_into_engine(engine, |text: &str| parse(text));
}

fn pause(host: &Host, seconds: &Dynamic) -> Result<(), Box<EvalAltResult>> {
    let seconds = seconds
        .as_float()
        .or_else(|_| seconds.as_int().map(|i| i as FLOAT))
        .ok()
        .filter(|s| (0.0..=LONGEST_SLEEP_S).contains(s))
        .ok_or_else(|| errors::usage("sleep", format!("seconds must be a number from 0 to 86400, got {seconds}")))?;
    let cancel = host.cancel().clone();
    if host.block_on(cancel.sleep(Duration::from_secs_f64(seconds))) {
        Ok(())
    } else {
        Err(errors::cancelled(cancel.reason()))
    }
}

fn parse(text: &str) -> Result<FLOAT, Box<EvalAltResult>> {
    let time = time::OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|_| {
        errors::usage("parse_time", format!("'{text}' is not an RFC 3339 timestamp such as 2025-01-31T12:00:00Z"))
    })?;
    Ok(time.unix_timestamp_nanos() as FLOAT / 1e9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_to_the_millisecond() {
        assert_eq!(parse("1970-01-01T00:00:01.500Z").expect("parsed"), 1.5);
        assert_eq!(parse("2026-12-07T20:57:41Z").expect("parsed"), 1_796_677_061.0);
        assert!(parse("yesterday").is_err());
    }
}
