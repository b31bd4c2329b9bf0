//! `exit(code)`: ends the script at once, and the process with that code. Rhai's own `exit`
//! only ends the evaluation (its value becomes the script's result); this one also records
//! the code for `ionosh run`.

use std::sync::Arc;

use rhai::{Dynamic, Engine, EvalAltResult, Position, INT};

use super::host::Host;
use super::{errors, registration};
use crate::catalog::Signature;

/// The signature of `exit`.
pub fn signatures() -> Vec<Signature> {
    vec![Signature::new(
        "exit",
        &[],
        &["code: int".into()],
        "Ends the script at once; `ionosh run` exits with code (0 to 255; 0 when left out).",
    )]
}

/// Registers `exit()` and `exit(code)`, in place of Rhai's own.
pub fn register(engine: &mut Engine, host: &Arc<Host>) {
    let [exit] = <[Signature; 1]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("one signature"));
    let h = Arc::clone(host);
    registration(&exit, 0).register_into_engine(engine, move || end(&h, 0));
    let h = Arc::clone(host);
    registration(&exit, 1).register_into_engine(engine, move |code: Dynamic| {
        let code = code
            .as_int()
            .ok()
            .and_then(|c: INT| u8::try_from(c).ok())
            .ok_or_else(|| errors::usage("exit", format!("the code must be an int from 0 to 255, got {code}")))?;
        end(&h, code)
    });
}

/// Records the code and unwinds the script the way Rhai's `exit` does.
fn end(host: &Host, code: u8) -> Result<(), Box<EvalAltResult>> {
    host.set_exit_code(code);
    Err(EvalAltResult::Exit(Dynamic::from_int(INT::from(code)), Position::NONE).into())
}
