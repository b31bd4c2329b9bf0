//! The `ionosh` binary.

/// mimalloc instead of the system allocator: the emulator builds and drops many small JSON
/// values per answer, where glibc's allocator spent a third of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ionosh::cli::main()
}
