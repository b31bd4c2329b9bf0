//! Everything the emulator remembers, as saved to its state file: the stored objects, the
//! accepted requests, and a failure asked for the next one.

use serde::{Deserialize, Serialize};

use super::jobs::{Jobs, NewRequest, RequestRecord};
use super::store::Store;

/// The emulator's memory.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct World {
    /// The stored objects.
    pub store: Store,
    /// The requests accepted so far.
    pub jobs: Jobs,
    /// The failure message the next accepted mutation's request ends with.
    #[serde(default)]
    pub fail_next: Option<String>,
}

impl World {
    /// Records an accepted mutation (ending FAILED if `/_sim/fail-next` asked for it) and
    /// returns its record.
    pub fn submit(&mut self, new: NewRequest, now_ms: i64, delay_ms: i64) -> RequestRecord {
        let failure = self.fail_next.take();
        self.jobs.submit(new, now_ms, delay_ms, failure).clone()
    }

    /// Applies the effects of the requests finished by `now`. Settling depends only on what
    /// is stored (the requests' times and undo records), so it is not saved on its own: after
    /// a restart the same requests settle the same way, and only accepted mutations write
    /// the file.
    pub fn settle(&mut self, now: i64) {
        let World { store, jobs, .. } = self;
        jobs.settle(store, now);
    }
}
