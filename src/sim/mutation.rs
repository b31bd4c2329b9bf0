//! One accepted mutation being put together inside the world's transaction: the objects it
//! creates, links and changes are applied to the store at once and remembered, so an accepted
//! one becomes a single request whose targets are every object it touched and whose failure
//! undoes exactly what it did. A refused body leaves no trace: the handler's error rolls the
//! transaction back.

use serde_json::{Map, Value};

use super::call::Call;
use super::ending::{OnFailure, Undo};
use super::error::ErrorReply;
use super::jobs::{RequestRecord, RequestTarget};
use super::shape::Ending;
use super::state::Sim;
use super::store::{Meta, Store, StoredObject};
use super::transaction::World;

/// A mutation in the making.
pub struct Mutation<'a, 'db> {
    /// The world being changed.
    pub world: &'a mut World<'db>,
    /// The moment of the call, ms since the epoch.
    pub now: i64,
    /// The call being answered.
    pub call: &'a Call,
    targets: Vec<RequestTarget>,
    linked: Vec<String>,
    created: Vec<String>,
    changed: Vec<(String, StoredObject)>,
    removed: Vec<(String, StoredObject)>,
    failure: Option<ErrorReply>,
}

impl<'a, 'db> Mutation<'a, 'db> {
    /// Starts a mutation of `world` for `call`.
    pub fn new(world: &'a mut World<'db>, now: i64, call: &'a Call) -> Self {
        Mutation {
            world,
            now,
            call,
            targets: Vec::new(),
            linked: Vec::new(),
            created: Vec::new(),
            changed: Vec::new(),
            removed: Vec::new(),
            failure: None,
        }
    }

    /// The objects as they stand, this mutation's changes included.
    pub fn store(&self) -> Store<'_> {
        self.world.store()
    }

    /// Stores an object; a storage failure is kept and ends the mutation at [`Mutation::submit`].
    fn put(&mut self, path: &str, entry: StoredObject) {
        if let Err(e) = self.world.insert(path, entry) {
            self.failure.get_or_insert(e);
        }
    }

    /// Stores a new object at `path` (whose last segment is its id) and makes it a target.
    pub fn create(&mut self, path: &str, kind: &str, properties: Map<String, Value>) {
        self.create_in(path, kind, properties, None);
    }

    /// Stores a new object at `path` belonging to `scope` within its collection (see
    /// [`StoredObject::scope`]) and makes it a target.
    pub fn create_in(&mut self, path: &str, kind: &str, properties: Map<String, Value>, scope: Option<String>) {
        let id = path.rsplit('/').next().unwrap_or(path);
        let mut entry = StoredObject::new(kind, id, Meta::new(&self.call.author, self.now), properties);
        entry.scope = scope;
        self.put(path, entry);
        self.created.push(path.to_string());
        self.add_target(path, kind, id);
    }

    /// Stores a link at `path` standing for the object at `target` (see [`StoredObject::link`]). It
    /// is not a target by itself: attaching makes it one with [`Mutation::target`].
    pub fn link(&mut self, path: &str, target: &str, properties: Map<String, Value>) -> Result<(), ErrorReply> {
        let linked = self.store().get(target).cloned().ok_or_else(ErrorReply::not_found)?;
        let entry =
            StoredObject::link(&linked.kind, &linked.id, Meta::new(&self.call.author, self.now), target, properties);
        self.put(path, entry);
        self.created.push(path.to_string());
        self.linked.push(target.to_string());
        Ok(())
    }

    /// Removes the link at `path` at once (a NIC leaving its LAN); undoing puts it back.
    pub fn unlink(&mut self, path: &str) {
        match self.world.remove(path) {
            Ok(Some(entry)) => match self.created.iter().position(|p| p == path) {
                Some(index) => {
                    self.created.remove(index);
                }
                None => self.removed.push((path.to_string(), entry)),
            },
            Ok(None) => {}
            Err(e) => {
                self.failure.get_or_insert(e);
            }
        }
    }

    /// Changes the properties of the object at `path` and makes it a target; its previous
    /// state is kept for undoing.
    pub fn change(&mut self, path: &str, f: impl FnOnce(&mut Map<String, Value>)) -> Result<(), ErrorReply> {
        let old = self.store().get(path).cloned().ok_or_else(ErrorReply::not_found)?;
        let mut entry = old.clone();
        f(&mut entry.properties);
        entry.meta.touch(&self.call.author, self.now);
        self.put(path, entry);
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
    pub fn target(&mut self, path: &str) -> Result<(), ErrorReply> {
        let entry = self.store().get(path).cloned().ok_or_else(ErrorReply::not_found)?;
        self.add_target(path, &entry.kind, &entry.id);
        Ok(())
    }

    fn add_target(&mut self, path: &str, kind: &str, id: &str) {
        if !self.targets.iter().any(|t| t.path == path) {
            self.targets.push(RequestTarget { path: path.into(), kind: kind.into(), id: id.into() });
        }
    }

    /// The error to answer a refused mutation with: a storage failure met on the way wins
    /// over `error`, which may only be its consequence.
    pub fn refuse(self, error: ErrorReply) -> ErrorReply {
        self.failure.unwrap_or(error)
    }

    /// Records the mutation as one request that ends as `ending` says (failing it later undoes
    /// what was done here, or marks its targets failed), taking as long as that kind of
    /// mutation takes (see [`Sim::provisioning_ms`]).
    pub fn submit(self, raw: &str, ending: Ending, sim: &Sim) -> Result<RequestRecord, ErrorReply> {
        if let Some(failure) = self.failure {
            return Err(failure);
        }
        if self.targets.is_empty() {
            return Err(ErrorReply::internal("the emulator accepted a change that touches nothing"));
        }
        let undo = match ending.on_failure {
            OnFailure::Revert => Undo::Revert { created: self.created, changed: self.changed, removed: self.removed },
            OnFailure::Mark => Undo::Mark { created: !self.created.is_empty() },
        };
        let mut new = self.call.new_request(raw, self.targets, ending.on_done, undo);
        new.after = self.linked;
        let delay_ms = sim.provisioning_ms(self.call.typical);
        let record = self.world.submit(new, self.now, delay_ms)?;
        sim.stats.provisioning(record.start_ms, record.end_ms);
        Ok(record)
    }
}
