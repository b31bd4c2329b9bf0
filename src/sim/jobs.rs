//! The request machinery, written once for every mutation: each accepted mutation becomes a
//! request record whose phase (queued → running → done or failed) and whose targets' being
//! busy are derived from the times stored in the record, so nothing needs a timer and a
//! restart picks up where it left off. Each provider names the phases its own way (IONOS:
//! QUEUED, RUNNING, DONE, FAILED). A request may act on several objects
//! (a data center created with its servers, volumes and LANs); requests sharing an object run
//! one after the other.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::store::{Author, Entry, Store};

/// Where an accepted request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Accepted, not started.
    Queued,
    /// Being carried out.
    Running,
    /// Finished successfully.
    Done,
    /// Finished with an error.
    Failed,
}

/// The object a request acts on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Target {
    /// Store path, `<collection>/<id>` (nested under its parent's path).
    pub path: String,
    /// The API's `type`, as the resource description names it.
    pub kind: String,
    /// The object's id.
    pub id: String,
}

/// What happens to the targets once their request has finished successfully.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub enum OnDone {
    /// Nothing more: the change was made when the request was accepted.
    Nothing,
    /// Every target (and everything under it) is removed: a delete.
    Remove,
}

/// How the change is undone if the request fails.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Undo {
    /// Nothing to undo (a delete only happens on success).
    Nothing,
    /// Remove every target: a failed create (as recorded by earlier versions).
    Remove,
    /// Put the first target back as it was: a failed update (as recorded by earlier versions).
    Restore(Box<Entry>),
    /// Remove what the request created and put back what it changed.
    Revert {
        /// Paths of the objects and links it created.
        created: Vec<String>,
        /// The objects it changed, as they were before, with their paths.
        changed: Vec<(String, Entry)>,
        /// The links it removed, with their paths.
        #[serde(default)]
        removed: Vec<(String, Entry)>,
    },
}

/// A mutation about to be recorded.
#[derive(Debug)]
pub struct NewRequest {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// The full URL the client called.
    pub url: String,
    /// The raw request body.
    pub body: String,
    /// The request headers, credentials left out.
    pub headers: Map<String, Value>,
    /// Who asked.
    pub author: Author,
    /// What it acts on, the main object first; never empty.
    pub targets: Vec<Target>,
    /// What finishing it does.
    pub on_done: OnDone,
    /// How failing it is undone.
    pub undo: Undo,
}

/// One accepted mutation, as kept for `/requests`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RequestRecord {
    /// Lower-case UUID.
    pub id: String,
    /// HTTP method.
    pub method: String,
    /// The full URL the client called.
    pub url: String,
    /// The raw request body.
    pub body: String,
    /// The request headers, credentials left out.
    pub headers: Map<String, Value>,
    /// Who asked.
    pub author: Author,
    /// The record's etag.
    pub etag: String,
    /// When it was accepted, ms since the epoch.
    pub created_ms: i64,
    /// When it starts (after the target's earlier requests), ms since the epoch.
    pub start_ms: i64,
    /// When it finishes, ms since the epoch.
    pub end_ms: i64,
    /// What it acts on (the main object).
    pub target: Target,
    /// The other objects it acts on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<Target>,
    /// Why it fails, if it was told to (see `/_sim/fail-next`).
    pub failure: Option<String>,
    /// What finishing it does.
    pub on_done: OnDone,
    /// How failing it is undone.
    pub undo: Undo,
    /// Whether its end effect has been applied to the store.
    pub settled: bool,
}

impl RequestRecord {
    /// Every object the request acts on, the main one first.
    pub fn targets(&self) -> impl Iterator<Item = &Target> {
        std::iter::once(&self.target).chain(&self.more)
    }

    /// Where the request stands at `now_ms`. It is queued for the first half of its slot,
    /// running for the second, then final.
    pub fn phase(&self, now_ms: i64) -> Phase {
        if now_ms >= self.end_ms {
            if self.failure.is_some() {
                Phase::Failed
            } else {
                Phase::Done
            }
        } else if now_ms < self.start_ms + (self.end_ms - self.start_ms) / 2 {
            Phase::Queued
        } else {
            Phase::Running
        }
    }
}

/// How many finished requests the log keeps: plenty for `/requests` and for a client looking
/// up a lost answer, while the state file every mutation rewrites stays bounded.
const KEPT_FINISHED: usize = 10_000;

/// The requests accepted so far (the newest finished ones and every unfinished one), oldest
/// first.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Jobs {
    requests: Vec<RequestRecord>,
}

impl Jobs {
    /// Drops the oldest finished requests beyond the newest `keep`.
    fn forget_oldest_finished(&mut self, keep: usize) {
        let mut excess = self.requests.iter().filter(|r| r.settled).count().saturating_sub(keep);
        self.requests.retain(|r| {
            let drop = excess > 0 && r.settled;
            excess -= usize::from(drop);
            !drop
        });
    }

    /// Records a mutation accepted at `now_ms` that takes `delay_ms` once started; it starts
    /// when the earlier requests on any of its targets have finished. `failure` makes it end
    /// FAILED.
    pub fn submit(&mut self, new: NewRequest, now_ms: i64, delay_ms: i64, failure: Option<String>) -> &RequestRecord {
        let shares = |r: &RequestRecord| r.targets().any(|t| new.targets.iter().any(|n| n.path == t.path));
        let start_ms = self.requests.iter().filter(|r| shares(r)).map(|r| r.end_ms).fold(now_ms, i64::max);
        self.forget_oldest_finished(KEPT_FINISHED);
        let mut targets = new.targets.into_iter();
        let target = targets.next().expect("a request has a target");
        self.requests.push(RequestRecord {
            id: uuid::Uuid::new_v4().to_string(),
            method: new.method,
            url: new.url,
            body: new.body,
            headers: new.headers,
            author: new.author,
            etag: format!("{:032x}", rand::random::<u128>()),
            created_ms: now_ms,
            start_ms,
            end_ms: start_ms + delay_ms,
            target,
            more: targets.collect(),
            failure,
            on_done: new.on_done,
            undo: new.undo,
            settled: false,
        });
        let last = self.requests.len() - 1;
        &self.requests[last]
    }

    /// The request with this id (case-insensitive).
    pub fn get(&self, id: &str) -> Option<&RequestRecord> {
        self.requests.iter().find(|r| r.id.eq_ignore_ascii_case(id))
    }

    /// All requests, newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &RequestRecord> {
        self.requests.iter().rev()
    }

    /// Whether the object at `path` has a request that has not finished, its own or one on
    /// an object it lives in.
    pub fn busy(&self, path: &str, now_ms: i64) -> bool {
        self.requests
            .iter()
            .filter(|r| now_ms < r.end_ms)
            .flat_map(RequestRecord::targets)
            .any(|t| t.path == path || path.strip_prefix(&t.path).is_some_and(|rest| rest.starts_with('/')))
    }

    /// The oldest unfinished request acting on the object at `path` itself, if any: what a
    /// Kubernetes cluster's or node pool's lifecycle state is read from.
    pub fn pending(&self, path: &str, now_ms: i64) -> Option<&RequestRecord> {
        self.requests.iter().find(|r| now_ms < r.end_ms && r.targets().any(|t| t.path == path))
    }

    /// Applies the end effects of the requests finished by `now_ms` (deletes, rollbacks of
    /// failed requests), in the order they finished; returns whether the store changed.
    pub fn settle(&mut self, store: &mut Store, now_ms: i64) -> bool {
        let mut due: Vec<&mut RequestRecord> =
            self.requests.iter_mut().filter(|r| !r.settled && r.end_ms <= now_ms).collect();
        due.sort_by_key(|r| r.end_ms);
        let changed = !due.is_empty();
        for record in due {
            record.settled = true;
            let restore = |store: &mut Store, path: &str, entry: &Entry| {
                if store.get(path).is_some() {
                    store.insert(path, entry.clone());
                }
            };
            if record.failure.is_some() {
                match &record.undo {
                    Undo::Nothing => {}
                    Undo::Remove => record.targets().for_each(|t| {
                        store.remove(&t.path);
                    }),
                    Undo::Restore(entry) => restore(store, &record.target.path, entry),
                    Undo::Revert { created, changed, removed } => {
                        for path in created {
                            store.remove(path);
                        }
                        for (path, entry) in changed {
                            restore(store, path, entry);
                        }
                        for (path, entry) in removed {
                            if entry.link.as_ref().is_some_and(|target| store.get(target).is_some()) {
                                store.insert(path, entry.clone());
                            }
                        }
                    }
                }
            } else if record.on_done == OnDone::Remove {
                record.targets().for_each(|t| {
                    store.remove(&t.path);
                });
            }
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::store::Meta;

    fn request(path: &str, on_done: OnDone, undo: Undo) -> NewRequest {
        let author = Author { name: "u".into(), id: "1".into() };
        NewRequest {
            method: "POST".into(),
            url: String::new(),
            body: String::new(),
            headers: Map::new(),
            author,
            targets: vec![Target { path: path.into(), kind: "thing".into(), id: "x".into() }],
            on_done,
            undo,
        }
    }

    #[test]
    fn only_the_oldest_finished_requests_are_forgotten() {
        let mut jobs = Jobs::default();
        let mut store = Store::default();
        for at in [0, 10, 20] {
            jobs.submit(request(&format!("things/{at}"), OnDone::Nothing, Undo::Nothing), at, 5, None);
        }
        jobs.submit(request("things/late", OnDone::Nothing, Undo::Nothing), 30, 1000, None);
        jobs.settle(&mut store, 100);
        jobs.forget_oldest_finished(1);
        let kept: Vec<i64> = jobs.newest_first().map(|r| r.created_ms).collect();
        assert_eq!(kept, [30, 20], "the unfinished one stays, with the newest finished one");
    }

    #[test]
    fn requests_on_one_target_run_one_after_the_other() {
        let mut jobs = Jobs::default();
        let first = jobs.submit(request("things/x", OnDone::Nothing, Undo::Nothing), 1000, 100, None).clone();
        let second = jobs.submit(request("things/x", OnDone::Nothing, Undo::Nothing), 1010, 100, None).clone();
        let other = jobs.submit(request("things/y", OnDone::Nothing, Undo::Nothing), 1010, 100, None).clone();
        assert_eq!((first.start_ms, first.end_ms), (1000, 1100));
        assert_eq!((second.start_ms, second.end_ms), (1100, 1200));
        assert_eq!((other.start_ms, other.end_ms), (1010, 1110));
        assert_eq!(first.phase(1000), Phase::Queued);
        assert_eq!(first.phase(1060), Phase::Running);
        assert_eq!(first.phase(1100), Phase::Done);
        assert_eq!(second.phase(1100), Phase::Queued);
        assert!(jobs.busy("things/x/parts/p", 1150));
        assert!(!jobs.busy("things/xy", 1150));
        assert!(!jobs.busy("things/x", 1200));
    }

    #[test]
    fn finished_deletes_remove_and_failed_creates_roll_back() {
        let author = Author { name: "u".into(), id: "1".into() };
        let entry = |id: &str| Entry::new("thing", id, Meta::new(&author, 0), Map::new());
        let mut store = Store::default();
        store.insert("things/a", entry("a"));
        store.insert("things/b", entry("b"));
        let mut jobs = Jobs::default();
        jobs.submit(request("things/a", OnDone::Remove, Undo::Nothing), 0, 10, None);
        jobs.submit(request("things/b", OnDone::Nothing, Undo::Remove), 0, 10, Some("boom".into()));
        assert!(!jobs.settle(&mut store, 5));
        assert!(store.get("things/a").is_some());
        assert!(jobs.settle(&mut store, 10));
        assert!(store.get("things/a").is_none() && store.get("things/b").is_none());
        assert!(!jobs.settle(&mut store, 20));
    }
}
