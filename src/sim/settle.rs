//! What finishing a request does to the objects it acts on, applied by whichever process
//! next reads or writes once its time is up (phases come from stored times, not timers): a
//! success removes (a delete), retires (a delete of an object that still reads), heals (a
//! change clearing an earlier failure) or leaves them; a failure undoes what the request did
//! or marks them failed. Each provider's shape says which, by the change's effect.

use super::ending::{OnDone, Undo};
use super::jobs::{decode, RequestRecord};
use super::store;
use rusqlite::{Connection, OptionalExtension};

/// Applies the end effects of the requests finished by `now_ms` (deletes, rollbacks of failed
/// requests), in the order they finished.
pub fn settle(conn: &Connection, now_ms: i64) -> rusqlite::Result<()> {
    let due: Vec<(i64, String)> = {
        let mut statement =
            conn.prepare_cached("SELECT seq, record FROM requests WHERE effect = 1 AND end_ms <= ?1 ORDER BY end_ms")?;
        let rows = statement.query_map([now_ms], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (seq, text) in due {
        apply(conn, &decode(&text)?)?;
        conn.prepare_cached("UPDATE requests SET effect = 0 WHERE seq = ?1")?.execute([seq])?;
    }
    Ok(())
}

/// The end effect of one finished request on the objects.
fn apply(conn: &Connection, record: &RequestRecord) -> rusqlite::Result<()> {
    let exists = |path: &str| -> rusqlite::Result<bool> {
        Ok(conn
            .prepare_cached("SELECT 1 FROM objects WHERE path = ?1")?
            .query_row([path], |_| Ok(()))
            .optional()?
            .is_some())
    };
    let Some(failure) = &record.failure else {
        return finish(conn, record);
    };
    match &record.undo {
        Undo::Nothing => {}
        Undo::Revert { created, changed, removed } => {
            for path in created {
                store::remove(conn, path)?;
            }
            for (path, entry) in changed {
                if exists(path)? {
                    store::insert(conn, path, entry.clone())?;
                }
            }
            for (path, entry) in removed {
                if entry.link.as_deref().map(exists).transpose()?.unwrap_or(false) {
                    store::insert(conn, path, entry.clone())?;
                }
            }
        }
        Undo::Mark { created } => {
            for target in record.targets() {
                store::mark(conn, &target.path, |meta| {
                    meta.failure = Some(failure.clone());
                    meta.stillborn |= *created;
                })?;
            }
        }
    }
    Ok(())
}

/// What a request that finished successfully does to its targets.
fn finish(conn: &Connection, record: &RequestRecord) -> rusqlite::Result<()> {
    for target in record.targets() {
        match record.on_done {
            OnDone::Nothing => {}
            OnDone::Remove => store::remove(conn, &target.path)?,
            OnDone::Retire => store::mark(conn, &target.path, |meta| meta.deleted_ms = Some(record.end_ms))?,
            OnDone::Heal => store::mark(conn, &target.path, |meta| {
                if !meta.stillborn {
                    meta.failure = None;
                }
            })?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Effect;
    use crate::sim::db::Db;
    use crate::sim::jobs::{submit, Jobs, NewRequest, RequestTarget, Unfinished};
    use crate::sim::store::StoredObject;
    use crate::sim::store::{Author, Meta, Store};
    use serde_json::Map;

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
    fn finished_deletes_remove_and_failed_creates_roll_back() {
        let db = Db::in_memory().expect("db");
        let conn = db.checkout().expect("conn");
        let author = Author { name: "u".into(), id: "1".into() };
        for id in ["a", "b"] {
            store::insert(
                &conn,
                &format!("things/{id}"),
                StoredObject::new("thing", id, Meta::new(&author, 0), Map::new()),
            )
            .expect("stored");
        }
        submit(&conn, request("things/a", OnDone::Remove, Undo::Nothing), 0, 10, None).expect("ok");
        let created = Undo::Revert { created: vec!["things/b".into()], changed: Vec::new(), removed: Vec::new() };
        submit(&conn, request("things/b", OnDone::Nothing, created), 0, 10, Some("boom".into())).expect("ok");
        assert!(!Jobs::new(&conn, &Unfinished::new()).due(5));
        settle(&conn, 5).expect("settled");
        let present = |path: &str| Store::new(&conn, &elsa::FrozenMap::new()).get(path).is_some();
        assert!(present("things/a"));
        assert!(Jobs::new(&conn, &Unfinished::new()).due(10));
        settle(&conn, 10).expect("settled");
        assert!(!present("things/a") && !present("things/b"));
        assert!(!Jobs::new(&conn, &Unfinished::new()).due(20));
    }

    #[test]
    fn retired_objects_stay_deleted_and_marked_failures_heal_unless_never_up() {
        let db = Db::in_memory().expect("db");
        let conn = db.checkout().expect("conn");
        let author = Author { name: "u".into(), id: "1".into() };
        for id in ["a", "b", "c"] {
            store::insert(
                &conn,
                &format!("things/{id}"),
                StoredObject::new("thing", id, Meta::new(&author, 0), Map::new()),
            )
            .expect("stored");
        }
        submit(&conn, request("things/a", OnDone::Retire, Undo::Nothing), 0, 10, None).expect("ok");
        submit(&conn, request("things/b", OnDone::Nothing, Undo::Mark { created: true }), 0, 10, Some("no".into()))
            .expect("ok");
        submit(&conn, request("things/c", OnDone::Heal, Undo::Mark { created: false }), 0, 10, Some("x".into()))
            .expect("ok");
        submit(&conn, request("things/b", OnDone::Heal, Undo::Mark { created: false }), 20, 10, None).expect("ok");
        submit(&conn, request("things/c", OnDone::Heal, Undo::Mark { created: false }), 20, 10, None).expect("ok");
        settle(&conn, 100).expect("settled");
        let cache = elsa::FrozenMap::new();
        let store = Store::new(&conn, &cache);
        let meta = |id: &str| store.get(&format!("things/{id}")).map(|e| e.meta.clone()).expect("kept");
        assert_eq!(meta("a").deleted_ms, Some(10), "a retired object stays, deleted");
        assert_eq!((meta("b").failure.as_deref(), meta("b").stillborn), (Some("no"), true), "never up: not healed");
        assert_eq!(meta("c").failure, None, "healed by the change after");
    }
}
