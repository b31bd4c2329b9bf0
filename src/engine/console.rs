//! Where a script's own output goes: `print` to stdout (or to stderr when stdout carries the
//! run's JSON result, `ionosh run --output json`), `eprint` and `debug` to stderr, each as a
//! plain line; `eprint`'s text is made safe for the terminal.

use rhai::{Dynamic, Engine, EvalAltResult};

use super::{json, registration};
use crate::catalog::Signature;

/// Where `print` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintTo {
    /// stdout: the script's output is the run's data.
    Stdout,
    /// stderr: stdout is kept for the run's JSON result.
    Stderr,
}

/// The console functions' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![Signature::new(
        "eprint",
        &["value: any".into()],
        &[],
        "Prints a line on stderr, as print does on stdout (maps and arrays as pretty JSON): messages that are not the script's data.",
    )]
}

/// Sends `print` to `to`.
pub fn print_to(engine: &mut Engine, to: PrintTo) {
    match to {
        PrintTo::Stdout => engine.on_print(crate::stdout::line),
        PrintTo::Stderr => engine.on_print(|text| eprintln!("{text}")),
    };
}

/// Sends `print` to stdout and `debug` to stderr, and registers `eprint`.
pub fn register(engine: &mut Engine) {
    print_to(engine, PrintTo::Stdout);
    engine.on_debug(|text, _, _| eprintln!("{text}"));
    let [eprint] = <[Signature; 1]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("one signature"));
    registration(&eprint, 1).register_into_engine(engine, |value: Dynamic| -> Result<(), Box<EvalAltResult>> {
        eprintln!("{}", shown(&value)?);
        Ok(())
    });
}

/// A value as `eprint` shows it: maps and arrays as pretty JSON, text with its control
/// characters and bidirectional marks escaped. Messages carry names an API gave, and a name
/// must not rewrite the user's terminal (stdout, the script's data, is printed as it is).
fn shown(value: &Dynamic) -> Result<String, Box<EvalAltResult>> {
    if value.is_map() || value.is_array() {
        json::pretty("eprint", value)
    } else {
        Ok(crate::printable::escape(&value.to_string()).into_owned())
    }
}
