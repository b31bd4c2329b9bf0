//! The `ionosh` binary.

fn main() -> std::process::ExitCode {
    ionosh::cli::main()
}
