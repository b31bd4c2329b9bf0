//! The emulator's object store: every stored object keyed by its path (`<collection>/<id>`),
//! with the small API the resource handlers need and nothing resource-specific.

use std::collections::BTreeMap;

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
pub struct Entry {
    /// The API's `type`, as the resource description names it.
    pub kind: String,
    /// The object's id (the last segment of its path).
    pub id: String,
    /// Insertion order, so collections list objects in the order they were made.
    #[serde(default)]
    pub seq: u64,
    /// Bookkeeping.
    pub meta: Meta,
    /// The `properties` object, in the API's names.
    pub properties: Map<String, Value>,
    /// For a link (an attached volume or CD-ROM, a balanced NIC, a LAN member): the path of
    /// the object it stands for. A link is listed in its collection as that object, and goes
    /// when that object goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl Entry {
    /// A new object of `kind`.
    pub fn new(kind: &str, id: &str, meta: Meta, properties: Map<String, Value>) -> Self {
        Entry { kind: kind.into(), id: id.into(), seq: 0, meta, properties, link: None }
    }

    /// A link to the object at `target` (of `kind`, with `id`), carrying `properties` of the
    /// link itself (e.g. a volume's device number on its server).
    pub fn link(kind: &str, id: &str, meta: Meta, target: &str, properties: Map<String, Value>) -> Self {
        Entry { kind: kind.into(), id: id.into(), seq: 0, meta, properties, link: Some(target.into()) }
    }
}

/// All stored objects. Paths are `collection/id` segments, so an object's children live under
/// its path and deleting it removes them too.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Store {
    objects: BTreeMap<String, Entry>,
    next_seq: u64,
}

impl Store {
    /// Stores `entry` at `path`, replacing (and keeping the place of) any object already there.
    pub fn insert(&mut self, path: &str, mut entry: Entry) {
        entry.seq = match self.objects.get(path) {
            Some(old) => old.seq,
            None => {
                self.next_seq += 1;
                self.next_seq
            }
        };
        self.objects.insert(path.to_string(), entry);
    }

    /// The object at `path`.
    pub fn get(&self, path: &str) -> Option<&Entry> {
        self.objects.get(path)
    }

    /// The objects directly in the collection at `collection` (a top-level collection, or
    /// `<parent path>/<collection>`), with their paths, oldest first.
    pub fn children(&self, collection: &str) -> Vec<(&str, &Entry)> {
        let prefix = format!("{collection}/");
        let mut found: Vec<(&str, &Entry)> = self
            .objects
            .range(prefix.clone()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .filter(|(path, _)| !path[prefix.len()..].contains('/'))
            .map(|(path, entry)| (path.as_str(), entry))
            .collect();
        found.sort_by_key(|(_, entry)| entry.seq);
        found
    }

    /// The object at `path`, following a link to the object it stands for; returns the
    /// object's own path too.
    pub fn resolve(&self, path: &str) -> Option<(&str, &Entry)> {
        let (path, entry) = self.objects.get_key_value(path)?;
        match &entry.link {
            Some(target) => self.objects.get_key_value(target).map(|(p, e)| (p.as_str(), e)),
            None => Some((path.as_str(), entry)),
        }
    }

    /// Every stored object that is not a link, with its path.
    pub fn objects(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.objects.iter().filter(|(_, e)| e.link.is_none()).map(|(p, e)| (p.as_str(), e))
    }

    /// The stored objects of `kind` (links left out), oldest first.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> Vec<(&'a str, &'a Entry)> {
        let mut found: Vec<(&str, &Entry)> = self.objects().filter(|(_, e)| e.kind == kind).collect();
        found.sort_by_key(|(_, entry)| entry.seq);
        found
    }

    /// The links that stand for the object at `target`, with their paths.
    pub fn links_to<'a>(&'a self, target: &'a str) -> impl Iterator<Item = (&'a str, &'a Entry)> {
        self.objects.iter().filter(move |(_, e)| e.link.as_deref() == Some(target)).map(|(p, e)| (p.as_str(), e))
    }

    /// Removes the object at `path`, everything under it, and every link to any of them;
    /// returns the object.
    pub fn remove(&mut self, path: &str) -> Option<Entry> {
        let prefix = format!("{path}/");
        let inside = |p: &str| p == path || p.starts_with(&prefix);
        self.objects.retain(|p, e| !p.starts_with(&prefix) && !e.link.as_deref().is_some_and(inside));
        self.objects.remove(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Entry {
        let author = Author { name: "u".into(), id: "1".into() };
        Entry::new("thing", id, Meta::new(&author, 0), Map::new())
    }

    #[test]
    fn children_are_direct_and_in_insertion_order_and_removal_cascades() {
        let mut store = Store::default();
        store.insert("a/z", entry("z"));
        store.insert("a/b", entry("b"));
        store.insert("a/b/c/d", entry("d"));
        store.insert("ab/x", entry("x"));
        let ids: Vec<&str> = store.children("a").iter().map(|(_, e)| e.id.as_str()).collect();
        assert_eq!(ids, ["z", "b"]);
        assert!(store.remove("a/b").is_some());
        assert!(store.get("a/b/c/d").is_none());
        assert!(store.get("ab/x").is_some());
    }

    #[test]
    fn links_resolve_to_their_object_and_go_with_it() {
        let mut store = Store::default();
        let author = Author { name: "u".into(), id: "1".into() };
        store.insert("a/x", entry("x"));
        store.insert("b/y/links/x", Entry::link("thing", "x", Meta::new(&author, 0), "a/x", Map::new()));
        assert_eq!(store.resolve("b/y/links/x").map(|(p, _)| p), Some("a/x"));
        assert_eq!(store.links_to("a/x").count(), 1);
        assert_eq!(store.of_kind("thing").len(), 1);
        store.remove("a/x");
        assert!(store.get("b/y/links/x").is_none());
    }
}
