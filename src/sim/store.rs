//! The emulator's object store: every stored object keyed by its path (`<collection>/<id>`),
//! with the small API the resource handlers need and nothing resource-specific. Objects live
//! in the database's `objects` table; a [`Store`] reads them within one transaction and keeps
//! what it read, so handlers can hold references to objects while they look at others.

use elsa::FrozenMap;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Who made or last changed an object, as the API records it in `metadata`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Author {
    /// The user's name (an e-mail address on the real API).
    pub name: String,
    /// The user's id.
    pub id: String,
}

/// The bookkeeping the API keeps for every object; `state` is not stored but derived from the
/// object's pending requests when it is rendered.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    /// Changes on every modification.
    pub etag: String,
    /// Creation time, milliseconds since the Unix epoch.
    pub created_ms: i64,
    /// Who created it.
    pub created_by: Author,
    /// Last modification time, milliseconds since the Unix epoch.
    pub modified_ms: i64,
    /// Who changed it last.
    pub modified_by: Author,
    /// Why the last change to it failed, when it failed and no change healed it since (an API
    /// whose failed changes leave objects in an error state).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// Whether it never came up: its create failed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stillborn: bool,
    /// When it was deleted, for an object that stays and reads as deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_ms: Option<i64>,
}

impl Meta {
    /// Metadata of an object created now by `author`.
    pub fn new(author: &Author, now_ms: i64) -> Self {
        Meta {
            etag: new_etag(),
            created_ms: now_ms,
            created_by: author.clone(),
            modified_ms: now_ms,
            modified_by: author.clone(),
            failure: None,
            stillborn: false,
            deleted_ms: None,
        }
    }

    /// Records a modification by `author`.
    pub fn touch(&mut self, author: &Author, now_ms: i64) {
        self.etag = new_etag();
        self.modified_ms = now_ms;
        self.modified_by = author.clone();
    }
}

fn new_etag() -> String {
    format!("{:032x}", rand::random::<u128>())
}

/// One stored object.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredObject {
    /// The API's `type`, as the resource description names it.
    pub kind: String,
    /// The object's id (the last segment of its path).
    pub id: String,
    /// Insertion order, so collections list objects in the order they were made.
    #[serde(default)]
    pub seq: i64,
    /// Bookkeeping.
    pub meta: Meta,
    /// The `properties` object, in the API's names.
    pub properties: Map<String, Value>,
    /// For a link (an attached volume or CD-ROM, a balanced NIC, a LAN member): the path of
    /// the object it stands for. A link is listed in its collection as that object, and goes
    /// when that object goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// What owns the object within its collection, when objects of many owners share one
    /// collection (a NetFoundry network's endpoints): its collection lists by it at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl StoredObject {
    /// A new object of `kind`.
    pub fn new(kind: &str, id: &str, meta: Meta, properties: Map<String, Value>) -> Self {
        StoredObject { kind: kind.into(), id: id.into(), seq: 0, meta, properties, link: None, scope: None }
    }

    /// A link to the object at `target` (of `kind`, with `id`), carrying `properties` of the
    /// link itself (e.g. a volume's device number on its server).
    pub fn link(kind: &str, id: &str, meta: Meta, target: &str, properties: Map<String, Value>) -> Self {
        let link = Some(target.into());
        StoredObject { kind: kind.into(), id: id.into(), seq: 0, meta, properties, link, scope: None }
    }

    /// The name it is found by: its `name` property, in lower case.
    fn name_key(&self) -> Option<String> {
        self.properties.get("name").and_then(Value::as_str).map(str::to_lowercase)
    }
}

/// The objects as one transaction sees them. Reads are cached for the transaction's life, so
/// each object is parsed once and references to it stay valid.
#[derive(Clone, Copy)]
pub struct Store<'w> {
    conn: &'w Connection,
    cache: &'w FrozenMap<String, Box<(String, StoredObject)>>,
}

/// The columns an object is read from, in order.
const COLUMNS: &str = "path, kind, id, seq, meta, properties, link, scope";

/// The parent path of a store path: everything before its last segment (`a/b/c` → `a/b`).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(parent, _)| parent)
}

impl<'w> Store<'w> {
    /// A view of the objects through `conn`, caching in `cache`.
    pub fn new(conn: &'w Connection, cache: &'w FrozenMap<String, Box<(String, StoredObject)>>) -> Self {
        Store { conn, cache }
    }

    /// The cached copy of a row, parsed once.
    fn cached(&self, row: &Row) -> rusqlite::Result<(&'w str, &'w StoredObject)> {
        let path: String = row.get(0)?;
        if let Some(found) = self.cache.get(&path) {
            return Ok((&found.0, &found.1));
        }
        let parse_error = |i: usize, e: serde_json::Error| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        };
        let meta: Meta = serde_json::from_str(row.get_ref(4)?.as_str()?).map_err(|e| parse_error(4, e))?;
        let properties: Map<String, Value> =
            serde_json::from_str(row.get_ref(5)?.as_str()?).map_err(|e| parse_error(5, e))?;
        let entry = StoredObject {
            kind: row.get(1)?,
            id: row.get(2)?,
            seq: row.get(3)?,
            meta,
            properties,
            link: row.get(6)?,
            scope: row.get(7)?,
        };
        let stored = self.cache.insert(path.clone(), Box::new((path, entry)));
        Ok((&stored.0, &stored.1))
    }

    fn query(&self, sql: &str, params: impl rusqlite::Params) -> Vec<(&'w str, &'w StoredObject)> {
        let found = self.conn.prepare_cached(sql).and_then(|mut statement| {
            let rows = statement.query_map(params, |row| self.cached(row))?;
            rows.collect::<rusqlite::Result<Vec<_>>>()
        });
        found.unwrap_or_default()
    }

    /// The object at `path`.
    pub fn get(&self, path: &str) -> Option<&'w StoredObject> {
        if let Some(found) = self.cache.get(path) {
            return Some(&found.1);
        }
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE path = ?1");
        let found =
            self.conn.prepare_cached(&sql).and_then(|mut s| s.query_row([path], |row| self.cached(row)).optional());
        found.ok().flatten().map(|(_, entry)| entry)
    }

    /// The objects directly in the collection at `collection` (a top-level collection, or
    /// `<parent path>/<collection>`), with their paths, oldest first.
    pub fn children(&self, collection: &str) -> Vec<(&'w str, &'w StoredObject)> {
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE parent = ?1 ORDER BY seq");
        self.query(&sql, [collection])
    }

    /// The objects of the collection at `collection` that belong to `scope`, oldest first.
    pub fn children_in(&self, collection: &str, scope: &str) -> Vec<(&'w str, &'w StoredObject)> {
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE parent = ?1 AND scope = ?2 ORDER BY seq");
        self.query(&sql, [collection, scope])
    }

    /// The objects of the collection at `collection` that belong to no scope (ones stored
    /// before scopes were kept), oldest first.
    pub fn unscoped(&self, collection: &str) -> Vec<(&'w str, &'w StoredObject)> {
        let sql =
            format!("SELECT {COLUMNS} FROM objects WHERE parent = ?1 AND scope IS NULL AND link IS NULL ORDER BY seq");
        self.query(&sql, [collection])
    }

    /// The objects of the collection at `collection` named `name` (ignoring case), oldest
    /// first.
    pub fn named(&self, collection: &str, name: &str) -> Vec<(&'w str, &'w StoredObject)> {
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE parent = ?1 AND name = ?2 ORDER BY seq");
        self.query(&sql, [collection, name.to_lowercase().as_str()])
    }

    /// The objects directly in each of the `collections`, by collection, in one query.
    pub fn children_of(
        &self,
        collections: &[String],
    ) -> std::collections::HashMap<&'w str, Vec<(&'w str, &'w StoredObject)>> {
        let mut found: std::collections::HashMap<&'w str, Vec<(&'w str, &'w StoredObject)>> = Default::default();
        if collections.is_empty() {
            return found;
        }
        let marks = vec!["?"; collections.len()].join(", ");
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE parent IN ({marks}) ORDER BY seq");
        for (path, entry) in self.query(&sql, rusqlite::params_from_iter(collections)) {
            found.entry(parent(path)).or_default().push((path, entry));
        }
        found
    }

    /// At most `limit` objects of the collection at `collection`, from the `offset`th on, and
    /// whether more follow.
    pub fn page(&self, collection: &str, offset: usize, limit: usize) -> (Vec<(&'w str, &'w StoredObject)>, bool) {
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE parent = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3");
        let wanted = i64::try_from(limit).unwrap_or(i64::MAX - 1);
        let mut found = self.query(&sql, params![collection, wanted.saturating_add(1), offset as i64]);
        let more = found.len() > limit;
        found.truncate(limit);
        (found, more)
    }

    /// The object at `path`, following a link to the object it stands for; returns the
    /// object's own path too.
    pub fn resolve(&self, path: &str) -> Option<(&'w str, &'w StoredObject)> {
        let entry = self.get(path)?;
        match &entry.link {
            Some(target) => {
                let found = self.get(target)?;
                self.cache.get(target.as_str()).map(|stored| (stored.0.as_str(), found))
            }
            None => self.cache.get(path).map(|stored| (stored.0.as_str(), entry)),
        }
    }

    /// The stored objects of `kind` (links left out), oldest first.
    pub fn of_kind(&self, kind: &str) -> Vec<(&'w str, &'w StoredObject)> {
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE kind = ?1 AND link IS NULL ORDER BY seq");
        self.query(&sql, [kind])
    }

    /// The links that stand for the object at `target`, with their paths.
    pub fn links_to(&self, target: &str) -> Vec<(&'w str, &'w StoredObject)> {
        let sql = format!("SELECT {COLUMNS} FROM objects WHERE link = ?1 ORDER BY seq");
        self.query(&sql, [target])
    }

    /// Every stored object, links included, oldest first (for an export).
    pub fn all(&self) -> Vec<(&'w str, &'w StoredObject)> {
        self.query(&format!("SELECT {COLUMNS} FROM objects ORDER BY seq"), [])
    }
}

/// Stores `entry` at `path`, replacing (and keeping the place of) any object already there.
pub fn insert(conn: &Connection, path: &str, mut entry: StoredObject) -> rusqlite::Result<()> {
    let kept: Option<i64> = conn
        .prepare_cached("SELECT seq FROM objects WHERE path = ?1")?
        .query_row([path], |row| row.get(0))
        .optional()?;
    entry.seq = match kept {
        Some(seq) => seq,
        None => next_seq(conn)?,
    };
    let meta = serde_json::to_string(&entry.meta).unwrap_or_default();
    let name = entry.name_key();
    let properties = Value::Object(entry.properties).to_string();
    conn.prepare_cached(
        "INSERT OR REPLACE INTO objects (path, parent, kind, id, seq, meta, properties, link, scope, name)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        path,
        parent(path),
        entry.kind,
        entry.id,
        entry.seq,
        meta,
        properties,
        entry.link,
        entry.scope,
        name
    ])?;
    Ok(())
}

/// Changes the bookkeeping of the object at `path` with `f`, if it exists: what finishing a
/// request records about its targets.
pub fn mark(conn: &Connection, path: &str, f: impl FnOnce(&mut Meta)) -> rusqlite::Result<()> {
    let stored: Option<String> = conn
        .prepare_cached("SELECT meta FROM objects WHERE path = ?1")?
        .query_row([path], |row| row.get(0))
        .optional()?;
    let Some(text) = stored else { return Ok(()) };
    let mut meta: Meta = serde_json::from_str(&text)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
    f(&mut meta);
    let text = serde_json::to_string(&meta).unwrap_or_default();
    conn.prepare_cached("UPDATE objects SET meta = ?2 WHERE path = ?1")?.execute(params![path, text])?;
    Ok(())
}

/// The next insertion number, counted in the database so that every process shares it.
fn next_seq(conn: &Connection) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO settings (key, value) VALUES ('next_seq', '1')
         ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1
         RETURNING CAST(value AS INTEGER)",
    )?
    .query_row([], |row| row.get(0))
}

/// Removes the object at `path`, everything under it, and every link to any of them.
pub fn remove(conn: &Connection, path: &str) -> rusqlite::Result<()> {
    let below = format!("{path}/");
    let end = format!("{path}0");
    conn.prepare_cached("DELETE FROM objects WHERE link = ?1 OR (link >= ?2 AND link < ?3)")?
        .execute(params![path, below, end])?;
    conn.prepare_cached("DELETE FROM objects WHERE path = ?1 OR (path >= ?2 AND path < ?3)")?
        .execute(params![path, below, end])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::db::Db;

    fn entry(id: &str) -> StoredObject {
        let author = Author { name: "u".into(), id: "1".into() };
        StoredObject::new("thing", id, Meta::new(&author, 0), Map::new())
    }

    #[test]
    fn children_are_direct_and_in_insertion_order_and_removal_cascades() {
        let db = Db::in_memory().expect("db");
        let conn = db.checkout().expect("conn");
        for (path, id) in [("a/z", "z"), ("a/b", "b"), ("a/b/c/d", "d"), ("ab/x", "x")] {
            insert(&conn, path, entry(id)).expect("stored");
        }
        let cache = FrozenMap::new();
        let store = Store::new(&conn, &cache);
        let ids: Vec<&str> = store.children("a").iter().map(|(_, e)| e.id.as_str()).collect();
        assert_eq!(ids, ["z", "b"]);
        assert_eq!(store.page("a", 1, 5).0.len(), 1);
        assert!(store.page("a", 0, 1).1, "a second page follows");
        remove(&conn, "a/b").expect("removed");
        let cache = FrozenMap::new();
        let store = Store::new(&conn, &cache);
        assert!(store.get("a/b/c/d").is_none());
        assert!(store.get("ab/x").is_some());
    }

    #[test]
    fn links_resolve_to_their_object_and_go_with_it() {
        let db = Db::in_memory().expect("db");
        let conn = db.checkout().expect("conn");
        let author = Author { name: "u".into(), id: "1".into() };
        insert(&conn, "a/x", entry("x")).expect("stored");
        insert(&conn, "b/y/links/x", StoredObject::link("thing", "x", Meta::new(&author, 0), "a/x", Map::new()))
            .expect("stored");
        let cache = FrozenMap::new();
        let store = Store::new(&conn, &cache);
        assert_eq!(store.resolve("b/y/links/x").map(|(p, _)| p), Some("a/x"));
        assert_eq!(store.links_to("a/x").len(), 1);
        assert_eq!(store.of_kind("thing").len(), 1);
        remove(&conn, "a/x").expect("removed");
        let cache = FrozenMap::new();
        assert!(Store::new(&conn, &cache).get("b/y/links/x").is_none());
    }
}
