//! How a request ends, as a request records it when it is accepted: what success does to its
//! targets, what failure does, and how the change is undone. The change engine (`jobs`)
//! stores it; `settle` applies it.

use serde::{Deserialize, Serialize};

use super::store::StoredObject;

/// What happens to the targets once their request has finished successfully.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum OnDone {
    /// Nothing more: the change was made when the request was accepted.
    Nothing,
    /// Every target (and everything under it) is removed: a delete.
    Remove,
    /// Every target stays, read as deleted from then on (an API whose deleted objects still
    /// read, as NetFoundry's do).
    Retire,
    /// The targets are healthy again: a failure of an earlier change is forgotten (unless the
    /// object never came up).
    Heal,
}

/// What failing a request does to its targets.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum OnFailure {
    /// What the request did is undone: the objects it created go, the ones it changed are put
    /// back (the CloudAPI's requests).
    Revert,
    /// What it did stays, and the targets are marked failed; a create's objects never came up
    /// (NetFoundry's workflows leave objects in ERROR).
    Mark,
}

/// How the change is undone if the request fails.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Undo {
    /// Nothing to undo (a delete only happens on success).
    Nothing,
    /// Remove what the request created and put back what it changed.
    Revert {
        /// Paths of the objects and links it created.
        created: Vec<String>,
        /// The objects it changed, as they were before, with their paths.
        changed: Vec<(String, StoredObject)>,
        /// The links it removed, with their paths.
        #[serde(default)]
        removed: Vec<(String, StoredObject)>,
    },
    /// Mark the targets failed (see [`OnFailure::Mark`]); `created` says whether they were
    /// being made.
    Mark {
        /// Whether the request created them.
        created: bool,
    },
}
