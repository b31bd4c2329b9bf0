//! The `ionosh` binary.

/// mimalloc instead of the system allocator (the emulator builds and drops many small JSON
/// values per answer, where glibc's allocator spent a third of the time), counting what each
/// thread holds so a script's memory limit can be checked in O(1).
#[global_allocator]
static ALLOCATOR: ionosh::memory::Counting<mimalloc::MiMalloc> = ionosh::memory::Counting(mimalloc::MiMalloc);

fn main() -> std::process::ExitCode {
    ionosh::cli::main()
}
