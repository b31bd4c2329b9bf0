//! Interruption (Ctrl-C, or a run's time limit): one flag that every wait and every
//! in-flight call watches, and why it was raised.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// A shared interruption flag. Cloning shares it.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    inner: Arc<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    set: AtomicBool,
    /// A [`Stop`] as its discriminant.
    reason: AtomicU8,
    notify: Notify,
}

/// Why the flag was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Stop {
    /// The user pressed Ctrl-C.
    #[error("interrupted")]
    Interrupted,
    /// The run's time limit (`--timeout`) passed.
    #[error("stopped: the run's time limit (--timeout) passed")]
    TimedOut,
}

impl Cancel {
    /// Raises the flag for Ctrl-C and wakes everything waiting on it.
    pub fn cancel(&self) {
        self.raise(Stop::Interrupted);
    }

    /// Raises the flag because the run's time is up.
    pub fn expire(&self) {
        self.raise(Stop::TimedOut);
    }

    fn raise(&self, reason: Stop) {
        self.inner.reason.store(reason as u8, Ordering::SeqCst);
        self.inner.set.store(true, Ordering::SeqCst);
        self.inner.notify.notify_waiters();
    }

    /// Why the flag was raised (interrupted, when it was not).
    pub fn reason(&self) -> Stop {
        if self.inner.reason.load(Ordering::SeqCst) == Stop::TimedOut as u8 {
            Stop::TimedOut
        } else {
            Stop::Interrupted
        }
    }

    /// Lowers the flag, so the next entry in a REPL can run.
    pub fn reset(&self) {
        self.inner.set.store(false, Ordering::SeqCst);
    }

    /// Whether the flag is raised.
    pub fn is_cancelled(&self) -> bool {
        self.inner.set.load(Ordering::SeqCst)
    }

    /// Resolves once the flag is raised.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.inner.notify.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }

    /// Sleeps for `duration`; returns `false` if interrupted first.
    pub async fn sleep(&self, duration: Duration) -> bool {
        tokio::select! {
            _ = tokio::time::sleep(duration) => true,
            _ = self.cancelled() => false,
        }
    }
}
