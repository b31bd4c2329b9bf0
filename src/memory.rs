//! How much memory a script uses, so a limit can end it with an error before the process
//! runs out. The `ionosh` binary's allocator ([`Counting`]) keeps, for each thread, the bytes
//! it allocated minus those it freed: a script runs on its own thread, so that figure is what
//! the script holds, counted in O(1) on every allocation (Rhai's own size limits walk whole
//! values on every operation, which made building collections quadratic). The engine checks
//! it between operations; functions that allocate a size they are given check it first.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The default limit of a script's memory, in MiB.
pub const DEFAULT_LIMIT_MIB: usize = 512;

/// An allocator that counts what each thread holds, around another one.
#[derive(Debug)]
pub struct Counting<A>(pub A);

thread_local! {
    /// Bytes this thread allocated minus bytes it freed (freeing another thread's memory can
    /// make it negative). A constant initialiser without a destructor: safe in an allocator.
    static HELD: Cell<isize> = const { Cell::new(0) };
    /// How many allocations this thread made outside [`Uncounted`] sections: the work of
    /// copying values, which Rhai does not count as operations (a deep copy is one).
    static MADE: Cell<u64> = const { Cell::new(0) };
    /// How many [`Uncounted`] sections this thread is in.
    static UNCOUNTED: Cell<u32> = const { Cell::new(0) };
}

fn count(delta: isize) {
    let _ = HELD.try_with(|held| held.set(held.get().wrapping_add(delta)));
}

fn made_one() {
    if UNCOUNTED.try_with(Cell::get).unwrap_or(0) == 0 {
        let _ = MADE.try_with(|made| made.set(made.get().wrapping_add(1)));
    }
}

/// How many allocations the current thread made outside [`Uncounted`] sections.
pub fn allocations() -> u64 {
    MADE.try_with(Cell::get).unwrap_or(0)
}

/// While alive, the current thread's allocations are not counted by [`allocations`]: the
/// work of an API call (its answer read and turned into script values) is the call's, not
/// copying the script does.
#[derive(Debug)]
pub struct Uncounted(());

impl Uncounted {
    /// Starts a section whose allocations are not counted.
    pub fn start() -> Self {
        let _ = UNCOUNTED.try_with(|n| n.set(n.get().saturating_add(1)));
        Uncounted(())
    }
}

impl Drop for Uncounted {
    fn drop(&mut self) {
        let _ = UNCOUNTED.try_with(|n| n.set(n.get().saturating_sub(1)));
    }
}

fn signed(size: usize) -> isize {
    isize::try_from(size).unwrap_or(isize::MAX)
}

// SAFETY: every method forwards to the inner allocator with the same arguments and only
// adds bookkeeping in thread-local cells, which neither allocates nor unwinds.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Counting<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees about `layout` are passed on unchanged.
        let pointer = unsafe { self.0.alloc(layout) };
        if !pointer.is_null() {
            count(signed(layout.size()));
            made_one();
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let pointer = unsafe { self.0.alloc_zeroed(layout) };
        if !pointer.is_null() {
            count(signed(layout.size()));
            made_one();
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` was allocated by this allocator (so by the inner one) with `layout`.
        unsafe { self.0.dealloc(pointer, layout) };
        count(-signed(layout.size()));
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`, and the caller's guarantees about `new_size` hold.
        let moved = unsafe { self.0.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            count(signed(new_size) - signed(layout.size()));
        }
        moved
    }
}

/// The limit in bytes; 0 until [`set_limit`] (no limit: the library without the binary's
/// allocator counts nothing).
static LIMIT: AtomicUsize = AtomicUsize::new(0);

/// Sets the limit of what a script's thread may hold, in bytes (0: none).
pub fn set_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

/// The limit in bytes (0: none).
pub fn limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// What the current thread holds, in bytes.
pub fn held() -> usize {
    usize::try_from(HELD.try_with(Cell::get).unwrap_or(0)).unwrap_or(0)
}

/// The error when the current thread holds more than the limit, or would with `more` bytes.
pub fn check(more: usize) -> Result<(), String> {
    let limit = limit();
    if limit == 0 || held().saturating_add(more) <= limit {
        return Ok(());
    }
    Err(format!("the script's memory limit of {} MiB is exceeded (raise it with --max-memory)", limit / (1024 * 1024)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_limit_nothing_is_refused() {
        set_limit(0);
        assert_eq!(check(usize::MAX), Ok(()));
    }
}
