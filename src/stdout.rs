//! Writing what the user asked for to stdout. SIGPIPE stays ignored in commands that talk to
//! the network or serve the emulator (a peer hanging up must not kill them), so a closed
//! stdout shows up as a write error instead: the process then ends quietly, with the status a
//! command killed by SIGPIPE would have, as `ionosh run x.rhai | head -1` expects.

use std::io::{ErrorKind, Write};

/// The exit status of a process ended by SIGPIPE (128 + 13).
const BROKEN_PIPE_STATUS: i32 = 141;

/// Writes `text` and a newline.
pub fn line(text: &str) {
    write(&format!("{text}\n"));
}

/// Writes `text` as it is, at once (a progress dot).
pub fn write(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if error.kind() == ErrorKind::BrokenPipe {
            std::process::exit(BROKEN_PIPE_STATUS);
        }
    }
}
