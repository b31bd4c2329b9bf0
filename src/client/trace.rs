//! `--trace`: every HTTP exchange on stderr, with credentials and secret fields masked.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::secrets;

/// Writes HTTP exchanges to stderr while switched on.
#[derive(Debug, Default)]
pub struct Tracer {
    on: AtomicBool,
}

impl Tracer {
    /// A tracer, on or off.
    pub fn new(on: bool) -> Self {
        Tracer { on: AtomicBool::new(on) }
    }

    /// Switches tracing on or off (the REPL's `:trace on|off`).
    pub fn set(&self, on: bool) {
        self.on.store(on, Ordering::Relaxed);
    }

    /// Whether tracing is on.
    pub fn is_on(&self) -> bool {
        self.on.load(Ordering::Relaxed)
    }

    /// Traces an outgoing request.
    pub fn request(&self, method: &str, url: &str, authorization: &str, body: Option<&str>) {
        if !self.is_on() {
            return;
        }
        let url = secrets::mask_urls(url);
        let mut out = format!("> {method} {url}\n> Authorization: {}\n", secrets::mask_authorization(authorization));
        if let Some(body) = body {
            out.push_str(&format!("> {}\n", secrets::mask_text(body)));
        }
        eprint!("{out}");
    }

    /// Traces an answer.
    pub fn response(&self, status: u16, elapsed: Duration, body: &str) {
        if !self.is_on() {
            return;
        }
        let mut out = format!("< {status} {} ({} ms)\n", super::error::reason(status), elapsed.as_millis());
        if !body.is_empty() {
            out.push_str(&format!("< {}\n", secrets::mask_text(body)));
        }
        eprint!("{out}");
    }

    /// Traces a failed exchange.
    pub fn failure(&self, elapsed: Duration, detail: &str) {
        if self.is_on() {
            eprintln!("< failed after {} ms: {}", elapsed.as_millis(), secrets::mask_urls(detail));
        }
    }
}
