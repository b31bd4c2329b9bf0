//! Where an object's workflow stands, worked out from the times stored with it (so every
//! process serving the same state agrees, and nothing needs to run in the background): a
//! create is NEW for its first quarter, then PROVISIONING, then PROVISIONED (or ERROR when
//! `/_sim/fail-next` asked for it); an update UPDATING, a delete DELETING, then DELETED. The
//! execution behind each is STARTED, RUNNING, then FINISHED or FAILED.

use serde::{Deserialize, Serialize};

/// What a workflow does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Work {
    /// Brings a new object up.
    Create,
    /// Applies a change.
    Update,
    /// Takes the object down.
    Delete,
}

impl Work {
    /// The verb an execution's name starts with.
    pub fn verb(self) -> &'static str {
        match self {
            Work::Create => "Create",
            Work::Update => "Update",
            Work::Delete => "Delete",
        }
    }
}

/// The last workflow of an object, stored with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Life {
    /// What it does.
    pub work: Work,
    /// When it was accepted, ms since the epoch.
    pub start: i64,
    /// When it ends.
    pub end: i64,
    /// The message it fails with, if it fails.
    pub failure: Option<String>,
    /// Its execution's id.
    pub execution: String,
    /// When the object is (or was) first up: a create's end when it succeeds; carried over
    /// by later workflows; `None` for an object that never came up (a create that failed).
    #[serde(default)]
    pub up_at: Option<i64>,
}

impl Life {
    /// Whether the workflow has ended by `now`.
    pub fn ended(&self, now: i64) -> bool {
        now >= self.end
    }

    /// Whether the workflow is in its first quarter (NEW, STARTED).
    fn early(&self, now: i64) -> bool {
        now < self.start + (self.end - self.start) / 4
    }

    /// The object's status at `now`: an update of an object that never came up leaves it in
    /// ERROR.
    pub fn status(&self, now: i64) -> &'static str {
        match (self.work, self.ended(now), &self.failure) {
            (Work::Delete, true, None) => "DELETED",
            (_, true, Some(_)) => "ERROR",
            (Work::Update, true, None) if self.up_at.is_none() => "ERROR",
            (_, true, None) => "PROVISIONED",
            (Work::Create, false, _) if self.early(now) => "NEW",
            (Work::Create, false, _) => "PROVISIONING",
            (Work::Update, false, _) => "UPDATING",
            (Work::Delete, false, _) => "DELETING",
        }
    }

    /// The execution's status at `now`.
    pub fn execution_status(&self, now: i64) -> &'static str {
        match (self.ended(now), &self.failure) {
            (true, None) => "FINISHED",
            (true, Some(_)) => "FAILED",
            (false, _) if self.early(now) => "STARTED",
            (false, _) => "RUNNING",
        }
    }

    /// Whether the object is up at `now` (while being changed or deleted too): what makes its
    /// controller-side fields (`zitiId`, a network's controller) show.
    pub fn up(&self, now: i64) -> bool {
        self.up_at.is_some_and(|at| now >= at)
    }

    /// Whether the object is gone or going: deleted, or being deleted (a delete that failed
    /// leaves it in ERROR, still there to delete again).
    pub fn going(&self) -> bool {
        self.work == Work::Delete && self.failure.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn life(work: Work, failure: Option<&str>) -> Life {
        let up_at = match (work, failure) {
            (Work::Create, None) => Some(100),
            (Work::Create, Some(_)) => None,
            _ => Some(0),
        };
        Life { work, start: 0, end: 100, failure: failure.map(str::to_string), execution: "x".into(), up_at }
    }

    #[test]
    fn a_create_goes_new_provisioning_provisioned() {
        let create = life(Work::Create, None);
        let seen: Vec<_> = [0, 30, 99, 100].iter().map(|t| create.status(*t)).collect();
        assert_eq!(seen, ["NEW", "PROVISIONING", "PROVISIONING", "PROVISIONED"]);
        let executions: Vec<_> = [0, 30, 100].iter().map(|t| create.execution_status(*t)).collect();
        assert_eq!(executions, ["STARTED", "RUNNING", "FINISHED"]);
        assert!(!create.up(99) && create.up(100));
    }

    #[test]
    fn a_failed_workflow_ends_in_error_and_a_delete_in_deleted() {
        assert_eq!(life(Work::Create, Some("boom")).status(100), "ERROR");
        assert_eq!(life(Work::Create, Some("boom")).execution_status(100), "FAILED");
        assert_eq!(life(Work::Delete, None).status(50), "DELETING");
        assert_eq!(life(Work::Delete, None).status(100), "DELETED");
        assert_eq!(life(Work::Update, None).status(50), "UPDATING");
        assert!(!life(Work::Delete, Some("no")).going(), "a failed delete leaves the object to delete again");
        let never_up = Life { up_at: None, ..life(Work::Update, None) };
        assert_eq!(never_up.status(100), "ERROR", "an update does not heal what never came up");
    }
}
