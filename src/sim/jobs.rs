//! The request machinery, written once for every mutation: each accepted mutation becomes a
//! request record whose phase (queued → running → done or failed) and whose targets' being
//! busy are derived from the times stored in the record, so nothing needs a timer and a
//! restart picks up where it left off. Each provider names the phases its own way (IONOS:
//! QUEUED, RUNNING, DONE, FAILED). A request may act on several objects
//! (a data center created with its servers, volumes and LANs); requests sharing an object run
//! one after the other. Requests live in the database's `requests` table (the record as
//! JSON) with their targets in `targets`, so every emulator process on one database sees
//! and queues behind the others' requests.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ending::{OnDone, Undo};
use super::store::Author;
use crate::catalog::Effect;

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
pub struct RequestTarget {
    /// Store path, `<collection>/<id>` (nested under its parent's path).
    pub path: String,
    /// The API's `type`, as the resource description names it.
    pub kind: String,
    /// The object's id.
    pub id: String,
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
    /// The operation it answers (its Rhai name).
    pub operation: String,
    /// What it does.
    pub effect: Effect,
    /// What it acts on, the main object first; never empty.
    pub targets: Vec<RequestTarget>,
    /// Other objects it waits for (those it links to: an attached volume, a balanced NIC).
    pub after: Vec<String>,
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
    /// The operation it answered (its Rhai name), empty for records of older versions.
    #[serde(default)]
    pub operation: String,
    /// What it does to its main target.
    #[serde(default = "changes")]
    pub effect: Effect,
    /// When it was accepted, ms since the epoch.
    pub created_ms: i64,
    /// When it starts (after the target's earlier requests), ms since the epoch.
    pub start_ms: i64,
    /// When it finishes, ms since the epoch.
    pub end_ms: i64,
    /// What it acts on (the main object).
    pub target: RequestTarget,
    /// The other objects it acts on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<RequestTarget>,
    /// Why it fails, if it was told to (see `/_sim/fail-next`).
    pub failure: Option<String>,
    /// What finishing it does.
    pub on_done: OnDone,
    /// How failing it is undone.
    pub undo: Undo,
    /// Whether nothing is left to apply to the store when it finishes (its end effect, if
    /// it has one, has been applied).
    pub settled: bool,
}

/// What records of older versions, which did not say, are taken to do.
fn changes() -> Effect {
    Effect::Change
}

impl RequestRecord {
    /// Every object the request acts on, the main one first.
    pub fn targets(&self) -> impl Iterator<Item = &RequestTarget> {
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

/// The object at `path` (`<collection>/<id>` pairs) and every object it lives in:
/// `datacenters/d/servers/s/nics/n`, `datacenters/d/servers/s`, `datacenters/d`.
fn with_holders(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/')
        .map(|(at, _)| at)
        .skip(1)
        .step_by(2)
        .map(move |end| &path[..end])
        .chain(std::iter::once(path))
}

/// How many finished requests the log keeps: plenty for `/requests` and for a client looking
/// up a lost answer, while the log stays bounded.
const KEPT_FINISHED: i64 = 10_000;

/// How often (in requests) the oldest finished ones are forgotten.
const FORGET_EVERY: i64 = 500;

pub(super) fn decode(text: &str) -> rusqlite::Result<RequestRecord> {
    serde_json::from_str(text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

impl RequestRecord {
    /// Whether finishing changes the store: anything but a success that leaves all as it is.
    pub fn has_effect(&self) -> bool {
        self.failure.is_some() || self.on_done != OnDone::Nothing
    }

    /// The path the request was sent to, without the emulator's address or a query.
    pub fn path(&self) -> &str {
        let url =
            self.url.split_once("://").map_or(self.url.as_str(), |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
        url.split('?').next().unwrap_or_default()
    }
}

/// The objects unfinished requests act on, as one transaction saw them at one moment: each
/// path with the oldest such request's number. Loaded once per transaction (which asks at one
/// moment only), since every object rendered asks whether it is busy.
pub type Unfinished = std::cell::OnceCell<(i64, HashMap<String, i64>)>;

/// The requests as one transaction sees them.
pub struct Jobs<'w> {
    conn: &'w Connection,
    unfinished: &'w Unfinished,
}

impl<'w> Jobs<'w> {
    /// A view of the requests through `conn`, keeping what it learns in `unfinished`.
    pub fn new(conn: &'w Connection, unfinished: &'w Unfinished) -> Self {
        Jobs { conn, unfinished }
    }

    /// The targets of the requests unfinished at `now_ms`, with the oldest one on each.
    fn unfinished(&self, now_ms: i64) -> &'w HashMap<String, i64> {
        let (_, targets) = self.unfinished.get_or_init(|| {
            let mut oldest: HashMap<String, i64> = HashMap::new();
            let found = self.conn.prepare_cached("SELECT path, request FROM targets WHERE end_ms > ?1").and_then(
                |mut statement| {
                    let rows =
                        statement.query_map([now_ms], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?;
                    for row in rows {
                        let (path, request) = row?;
                        let seq = oldest.entry(path).or_insert(request);
                        *seq = (*seq).min(request);
                    }
                    Ok(())
                },
            );
            if found.is_err() {
                oldest.clear();
            }
            (now_ms, oldest)
        });
        targets
    }

    /// Records read by `sql`, which selects `record, effect`.
    fn records(&self, sql: &str, params: impl rusqlite::Params) -> Vec<RequestRecord> {
        let found = self.conn.prepare_cached(sql).and_then(|mut statement| {
            let rows = statement.query_map(params, |row| {
                let mut record = decode(&row.get::<_, String>(0)?)?;
                record.settled = row.get::<_, i64>(1)? == 0;
                Ok(record)
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
        });
        found.unwrap_or_default()
    }

    /// The request with this id (case-insensitive).
    pub fn get(&self, id: &str) -> Option<RequestRecord> {
        self.records("SELECT record, effect FROM requests WHERE id = ?1", [id.to_ascii_lowercase()]).pop()
    }

    /// All requests, newest first.
    pub fn newest_first(&self) -> Vec<RequestRecord> {
        self.records("SELECT record, effect FROM requests ORDER BY seq DESC", [])
    }

    /// Whether the object at `path` has a request that has not finished, its own or one on
    /// an object it lives in.
    pub fn busy(&self, path: &str, now_ms: i64) -> bool {
        let unfinished = self.unfinished(now_ms);
        if unfinished.is_empty() {
            return false;
        }
        let mut rest = path;
        loop {
            if unfinished.contains_key(rest) {
                return true;
            }
            match rest.rsplit_once('/') {
                Some((up, _)) => rest = up,
                None => return false,
            }
        }
    }

    /// The oldest unfinished request acting on the object at `path` itself, if any.
    pub fn pending(&self, path: &str, now_ms: i64) -> Option<RequestRecord> {
        let seq = self.unfinished(now_ms).get(path)?;
        self.records("SELECT record, effect FROM requests WHERE seq = ?1", [seq]).pop()
    }

    /// The newest unfinished request acting on the object at `path` itself, if any: a change
    /// queued behind others (a delete after an update) is the one that tells where the object
    /// is going.
    pub fn newest_pending(&self, path: &str, now_ms: i64) -> Option<RequestRecord> {
        self.unfinished(now_ms).get(path)?;
        let newest = self.conn.prepare_cached("SELECT MAX(request) FROM targets WHERE path = ?1 AND end_ms > ?2");
        let seq: Option<i64> = newest.and_then(|mut s| s.query_row(params![path, now_ms], |row| row.get(0))).ok()?;
        self.records("SELECT record, effect FROM requests WHERE seq = ?1", [seq?]).pop()
    }

    /// Whether a finished request's end effect is still to be applied.
    pub fn due(&self, now_ms: i64) -> bool {
        let found = self.conn.prepare_cached("SELECT 1 FROM requests WHERE effect = 1 AND end_ms <= ?1 LIMIT 1");
        found.and_then(|mut s| s.query_row([now_ms], |_| Ok(())).optional()).ok().flatten().is_some()
    }
}

/// Records a mutation accepted at `now_ms` that takes `delay_ms` once started; it starts when
/// the earlier requests on any of its targets, on any object they live in and on the objects
/// it waits for have finished (the API carries out the changes to one object in order, and a
/// NIC is not made before its server). `failure` makes it end FAILED.
pub fn submit(
    conn: &Connection,
    new: NewRequest,
    now_ms: i64,
    delay_ms: i64,
    failure: Option<String>,
) -> rusqlite::Result<RequestRecord> {
    let mut start_ms = now_ms;
    {
        let mut latest = conn.prepare_cached("SELECT MAX(end_ms) FROM targets WHERE path = ?1")?;
        let objects =
            new.targets.iter().flat_map(|t| with_holders(&t.path)).chain(new.after.iter().map(String::as_str));
        for path in objects {
            let end: Option<i64> = latest.query_row([path], |row| row.get(0))?;
            start_ms = start_ms.max(end.unwrap_or(now_ms));
        }
    }
    let mut targets = new.targets.into_iter();
    let target = targets.next().ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    let record = RequestRecord {
        id: uuid::Uuid::new_v4().to_string(),
        method: new.method,
        url: new.url,
        body: new.body,
        headers: new.headers,
        author: new.author,
        operation: new.operation,
        effect: new.effect,
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
    };
    let text = serde_json::to_string(&record).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
    let seq: i64 = conn
        .prepare_cached("INSERT INTO requests (id, end_ms, effect, record) VALUES (?1, ?2, ?3, ?4) RETURNING seq")?
        .query_row(params![record.id, record.end_ms, record.has_effect(), text], |row| row.get(0))?;
    let mut add = conn.prepare_cached("INSERT INTO targets (request, path, end_ms) VALUES (?1, ?2, ?3)")?;
    for target in record.targets() {
        add.execute(params![seq, target.path, record.end_ms])?;
    }
    if seq % FORGET_EVERY == 0 {
        forget_oldest_finished(conn, now_ms, KEPT_FINISHED)?;
    }
    Ok(record)
}

/// Drops the oldest requests finished by `now_ms` (and settled) beyond the newest `keep`.
fn forget_oldest_finished(conn: &Connection, now_ms: i64, keep: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "DELETE FROM requests WHERE effect = 0 AND end_ms <= ?1 AND seq <= (
             SELECT seq FROM requests WHERE effect = 0 AND end_ms <= ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2)",
    )?
    .execute(params![now_ms, keep])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::db::Db;

    fn request(path: &str, on_done: OnDone, undo: Undo) -> NewRequest {
        let author = Author { name: "u".into(), id: "1".into() };
        NewRequest {
            method: "POST".into(),
            url: String::new(),
            body: String::new(),
            headers: Map::new(),
            author,
            operation: "create_thing".into(),
            effect: Effect::Create,
            targets: vec![RequestTarget { path: path.into(), kind: "thing".into(), id: "x".into() }],
            after: Vec::new(),
            on_done,
            undo,
        }
    }

    #[test]
    fn an_object_lives_in_its_holders() {
        let all: Vec<&str> = with_holders("datacenters/d/servers/s/nics/n").collect();
        assert_eq!(all, ["datacenters/d", "datacenters/d/servers/s", "datacenters/d/servers/s/nics/n"]);
        assert_eq!(with_holders("snapshots/x").collect::<Vec<_>>(), ["snapshots/x"]);
    }

    #[test]
    fn a_child_starts_after_its_holder_and_a_link_after_what_it_links() {
        let db = Db::in_memory().expect("db");
        let conn = db.checkout().expect("conn");
        let server = submit(&conn, request("datacenters/d/servers/s", OnDone::Nothing, Undo::Nothing), 0, 100, None);
        let nic =
            submit(&conn, request("datacenters/d/servers/s/nics/n", OnDone::Nothing, Undo::Nothing), 10, 100, None);
        let mut attach = request("datacenters/d/servers/s2/volumes/v", OnDone::Nothing, Undo::Nothing);
        let volume = submit(&conn, request("datacenters/d/volumes/v", OnDone::Nothing, Undo::Nothing), 0, 300, None);
        attach.after.push("datacenters/d/volumes/v".into());
        let attach = submit(&conn, attach, 20, 100, None);
        let other = submit(&conn, request("datacenters/d/servers/t", OnDone::Nothing, Undo::Nothing), 30, 100, None);
        let (server, nic, volume, attach, other) =
            (server.expect("s"), nic.expect("n"), volume.expect("v"), attach.expect("a"), other.expect("t"));
        assert_eq!((nic.start_ms, nic.end_ms), (server.end_ms, server.end_ms + 100));
        assert_eq!(attach.start_ms, volume.end_ms);
        assert_eq!(other.start_ms, 30, "a sibling does not wait");
    }

    #[test]
    fn only_the_oldest_finished_requests_are_forgotten() {
        let db = Db::in_memory().expect("db");
        let conn = db.checkout().expect("conn");
        for at in [0, 10, 20] {
            submit(&conn, request(&format!("things/{at}"), OnDone::Nothing, Undo::Nothing), at, 5, None).expect("ok");
        }
        submit(&conn, request("things/late", OnDone::Nothing, Undo::Nothing), 30, 1000, None).expect("ok");
        forget_oldest_finished(&conn, 100, 1).expect("forgot");
        let kept: Vec<i64> = Jobs::new(&conn, &Unfinished::new()).newest_first().iter().map(|r| r.created_ms).collect();
        assert_eq!(kept, [30, 20], "the unfinished one stays, with the newest finished one");
    }

    #[test]
    fn requests_on_one_target_run_one_after_the_other() {
        let db = Db::in_memory().expect("db");
        let conn = db.checkout().expect("conn");
        let add = |path: &str, at| submit(&conn, request(path, OnDone::Nothing, Undo::Nothing), at, 100, None);
        let first = add("things/x", 1000).expect("ok");
        let second = add("things/x", 1010).expect("ok");
        let other = add("things/y", 1010).expect("ok");
        assert_eq!((first.start_ms, first.end_ms), (1000, 1100));
        assert_eq!((second.start_ms, second.end_ms), (1100, 1200));
        assert_eq!((other.start_ms, other.end_ms), (1010, 1110));
        assert_eq!(first.phase(1000), Phase::Queued);
        assert_eq!(first.phase(1060), Phase::Running);
        assert_eq!(first.phase(1100), Phase::Done);
        assert_eq!(second.phase(1100), Phase::Queued);
        let at = |moment: i64| {
            let unfinished = Unfinished::new();
            let jobs = Jobs::new(&conn, &unfinished);
            let pending = jobs.pending("things/x", moment).map(|r| r.id);
            (jobs.busy("things/x/parts/p", moment), jobs.busy("things/xy", moment), pending)
        };
        let (below, other, pending) = at(1150);
        assert!(below && !other);
        assert_eq!(pending, Some(second.id));
        assert_eq!(at(1200), (false, false, None));
    }
}
