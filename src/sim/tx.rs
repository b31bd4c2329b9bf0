//! One accepted mutation being put together under the world's lock: the objects it creates,
//! links and changes are applied to the store at once and remembered, so a refused body
//! leaves no trace ([`Tx::abort`]) and an accepted one becomes a single request whose targets
//! are every object it touched and whose failure undoes exactly what it did.

use serde_json::{Map, Value};

use super::call::Call;
use super::error::ApiError;
use super::jobs::{OnDone, RequestRecord, Target, Undo};
use super::store::{Entry, Meta, Store};
use super::world::World;

/// A mutation in the making.
pub struct Tx<'a> {
    /// The world being changed.
    pub world: &'a mut World,
    /// The moment of the call, ms since the epoch.
    pub now: i64,
    /// The call being answered.
    pub call: &'a Call,
    targets: Vec<Target>,
    created: Vec<String>,
    changed: Vec<(String, Entry)>,
    removed: Vec<(String, Entry)>,
}

impl<'a> Tx<'a> {
    /// Starts a mutation of `world` for `call`.
    pub fn new(world: &'a mut World, now: i64, call: &'a Call) -> Self {
        Tx { world, now, call, targets: Vec::new(), created: Vec::new(), changed: Vec::new(), removed: Vec::new() }
    }

    /// The objects as they stand, this mutation's changes included.
    pub fn store(&self) -> &Store {
        &self.world.store
    }

    /// Stores a new object at `path` (whose last segment is its id) and makes it a target.
    pub fn create(&mut self, path: &str, kind: &str, properties: Map<String, Value>) {
        let id = path.rsplit('/').next().unwrap_or(path);
        let entry = Entry::new(kind, id, Meta::new(&self.call.author, self.now), properties);
        self.world.store.insert(path, entry);
        self.created.push(path.to_string());
        self.add_target(path, kind, id);
    }

    /// Stores a link at `path` standing for the object at `target` (see [`Entry::link`]). It
    /// is not a target by itself: attaching makes it one with [`Tx::target`].
    pub fn link(&mut self, path: &str, target: &str, properties: Map<String, Value>) -> Result<(), ApiError> {
        let linked = self.world.store.get(target).ok_or_else(ApiError::not_found)?;
        let entry = Entry::link(&linked.kind, &linked.id, Meta::new(&self.call.author, self.now), target, properties);
        self.world.store.insert(path, entry);
        self.created.push(path.to_string());
        Ok(())
    }

    /// Removes the link at `path` at once (a NIC leaving its LAN); undoing puts it back.
    pub fn unlink(&mut self, path: &str) {
        if let Some(entry) = self.world.store.remove(path) {
            match self.created.iter().position(|p| p == path) {
                Some(index) => {
                    self.created.remove(index);
                }
                None => self.removed.push((path.to_string(), entry)),
            }
        }
    }

    /// Changes the properties of the object at `path` and makes it a target; its previous
    /// state is kept for undoing.
    pub fn change(&mut self, path: &str, f: impl FnOnce(&mut Map<String, Value>)) -> Result<(), ApiError> {
        let old = self.world.store.get(path).cloned().ok_or_else(ApiError::not_found)?;
        let mut entry = old.clone();
        f(&mut entry.properties);
        entry.meta.touch(&self.call.author, self.now);
        self.world.store.insert(path, entry);
        let fresh = self.created.iter().any(|p| p == path) || self.changed.iter().any(|(p, _)| p == path);
        if !fresh {
            self.changed.push((path.to_string(), old.clone()));
        }
        if old.link.is_none() {
            self.add_target(path, &old.kind, &old.id);
        }
        Ok(())
    }

    /// Makes the existing object (or link) at `path` a target: what a delete or an action
    /// acts on.
    pub fn target(&mut self, path: &str) -> Result<(), ApiError> {
        let entry = self.world.store.get(path).ok_or_else(ApiError::not_found)?;
        let (kind, id) = (entry.kind.clone(), entry.id.clone());
        self.add_target(path, &kind, &id);
        Ok(())
    }

    fn add_target(&mut self, path: &str, kind: &str, id: &str) {
        if !self.targets.iter().any(|t| t.path == path) {
            self.targets.push(Target { path: path.into(), kind: kind.into(), id: id.into() });
        }
    }

    /// Undoes everything done so far: the body was refused.
    pub fn abort(self) {
        for path in self.created.iter().rev() {
            self.world.store.remove(path);
        }
        for (path, entry) in self.changed.into_iter().chain(self.removed) {
            self.world.store.insert(&path, entry);
        }
    }

    /// Records the mutation as one request (failing it later undoes what was done here).
    pub fn submit(self, raw: &str, on_done: OnDone, delay_ms: i64) -> Result<RequestRecord, ApiError> {
        if self.targets.is_empty() {
            return Err(ApiError::internal("the emulator accepted a change that touches nothing"));
        }
        let undo = Undo::Revert { created: self.created, changed: self.changed, removed: self.removed };
        let new = self.call.new_request(raw, self.targets, on_done, undo);
        Ok(self.world.submit(new, self.now, delay_ms))
    }
}
