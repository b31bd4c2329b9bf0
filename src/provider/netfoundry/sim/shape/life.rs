//! Where a NetFoundry object's life stands, read from the core's change engine and what its
//! finished changes left (see [`OnDone`](crate::sim::OnDone)): while a change is going, its
//! effect and phase say NEW and PROVISIONING (a create), UPDATING or DELETING; after, a
//! delete leaves it DELETED (it still reads), a failure ERROR, anything else PROVISIONED.
//! Changes to one object are carried out in order, so the one going is the oldest unfinished.

use crate::catalog::Effect;
use crate::sim::{Phase, RequestRecord, StoredObject, World};

/// The object's status at `now`.
pub fn status(world: &World, now: i64, path: &str, entry: &StoredObject) -> &'static str {
    match world.jobs().pending(path, now) {
        Some(going) => going_status(&going, now),
        None if entry.meta.deleted_ms.is_some() => "DELETED",
        None if entry.meta.failure.is_some() => "ERROR",
        None => "PROVISIONED",
    }
}

/// The status an object shows while `change` is carried out on it.
fn going_status(change: &RequestRecord, now: i64) -> &'static str {
    match (change.effect, change.phase(now)) {
        (Effect::Create, Phase::Queued) => "NEW",
        (Effect::Create, _) => "PROVISIONING",
        (Effect::Delete, _) => "DELETING",
        _ => "UPDATING",
    }
}

/// Whether the object is up at `now` (while being changed or deleted too): it came up once
/// its create was done, unless the create failed. What makes its controller-side fields
/// (`zitiId`, a network's controller) show.
pub fn up(world: &World, now: i64, path: &str, entry: &StoredObject) -> bool {
    !entry.meta.stillborn && world.jobs().pending(path, now).is_none_or(|change| change.effect != Effect::Create)
}

/// Whether the object is gone or going: deleted, or a delete that will succeed is under way
/// (a delete that fails leaves it in ERROR, there to delete again).
pub fn going(world: &World, now: i64, path: &str, entry: &StoredObject) -> bool {
    entry.meta.deleted_ms.is_some()
        || world.jobs().newest_pending(path, now).is_some_and(|r| r.effect == Effect::Delete && r.failure.is_none())
}

/// The execution's status at `now`: STARTED, RUNNING, then FINISHED or FAILED.
pub fn execution_status(change: &RequestRecord, now: i64) -> &'static str {
    match change.phase(now) {
        Phase::Queued => "STARTED",
        Phase::Running => "RUNNING",
        Phase::Done => "FINISHED",
        Phase::Failed => "FAILED",
    }
}
