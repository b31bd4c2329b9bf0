//! Where an object's workflow stands, worked out from the times stored with it (so every
//! process serving the same state agrees, and nothing needs to run in the background): a
//! create is NEW for its first quarter, then PROVISIONING, then PROVISIONED (or ERROR when
//! `/_sim/fail-next` asked for it); an update UPDATING, a delete DELETING, then DELETED. The
//! execution behind each is STARTED, RUNNING, then FINISHED or FAILED. The changes to one
//! object are carried out in order: a change accepted while the one before is still going
//! begins when that one ends, and until then the object reads as that one says.

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
    /// When it begins, ms since the epoch: when it was accepted, or when the workflow it
    /// waits behind ends.
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
    /// The workflow it waits behind (the object's one before, not ended when this one was
    /// accepted), with whatever that one waits behind in turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Box<Life>>,
}

impl Life {
    /// This workflow, accepted at `now` and timed from `start`, queued behind `before` (the
    /// object's last workflow): when `before` has not ended by `now`, this one begins when it
    /// ends, and the object reads as `before` says until then.
    pub fn after(mut self, before: Option<Life>, now: i64) -> Life {
        let Some(before) = before.filter(|b| !b.ended(now)) else { return self };
        let took = self.end - self.start;
        self.start = self.start.max(before.end);
        self.end = self.start.saturating_add(took);
        self.previous = Some(Box::new(before.pruned(now)));
        self
    }

    /// Without the workflows it waits behind that have ended by `now`.
    fn pruned(mut self, now: i64) -> Life {
        self.previous = self.previous.take().filter(|p| !p.ended(now)).map(|p| Box::new(p.pruned(now)));
        self
    }

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
        if let Some(before) = self.previous.as_deref().filter(|_| now < self.start) {
            return before.status(now);
        }
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
        let failure = failure.map(str::to_string);
        Life { work, start: 0, end: 100, failure, execution: "x".into(), up_at, previous: None }
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

    #[test]
    fn a_change_accepted_while_the_object_is_being_created_waits_for_the_create() {
        // A network created at 0 for 1000 ms, patched at 10 for 100 ms.
        let create = Life { start: 0, end: 1000, up_at: Some(1000), ..life(Work::Create, None) };
        let update = Life { start: 10, end: 110, up_at: create.up_at, ..life(Work::Update, None) };
        let update = update.after(Some(create.clone()), 10);
        assert_eq!((update.start, update.end), (1000, 1100), "it begins when the create ends");
        let seen: Vec<_> = [10, 300, 999, 1000, 1099, 1100].iter().map(|t| update.status(*t)).collect();
        assert_eq!(seen, ["NEW", "PROVISIONING", "PROVISIONING", "UPDATING", "UPDATING", "PROVISIONED"]);
        assert!(!update.up(999) && update.up(1000));
        // A third change waits behind both; what has ended by then is not kept.
        let delete = Life { start: 20, end: 70, ..life(Work::Delete, None) }.after(Some(update.clone()), 20);
        assert_eq!((delete.start, delete.end), (1100, 1150));
        assert_eq!(
            [delete.status(500), delete.status(1050), delete.status(1150)],
            ["PROVISIONING", "UPDATING", "DELETED"]
        );
        let later = Life { start: 1050, end: 1060, ..life(Work::Update, None) }.after(Some(update.clone()), 1050);
        assert_eq!(later.previous.as_deref().map(|p| p.previous.is_none()), Some(true), "the create had ended");
        let idle = Life { start: 2000, end: 2100, ..life(Work::Update, None) }.after(Some(update), 2000);
        assert_eq!((idle.start, idle.previous.is_none()), (2000, true), "nothing to wait behind");
    }
}
