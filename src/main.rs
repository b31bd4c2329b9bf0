//! The `ionosh` binary.

fn main() -> std::process::ExitCode {
    restore_default_sigpipe();
    ionosh::cli::main()
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`ionosh functions | head`) would
/// panic; like other command-line tools, end quietly instead.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: resetting a signal's disposition to its default at start-up, before any thread
    // exists, has no preconditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
