//! The generic handlers every stored resource family starts from: get one object, list a
//! collection, and the accepted-mutation steps (change the store at once, record one
//! request, answer with the object or nothing), updates checked against the resource's
//! description, and deletes that take effect when their request is done. How objects,
//! collections and acceptances look on the wire, and how changes end, is the provider's
//! [`Shape`]; what a family has of its own it passes in as closures.

use serde_json::{Map, Value};

use super::call::Reply;
use super::error::ErrorReply;
use super::mutation::Mutation;
use super::shape::{Changes, Shape};
use super::state::Shared;
use super::store::StoredObject;
use super::transaction::World;
use crate::catalog::{Access, FieldError, Mode, Normalized, Resource};

/// GET of one object (a link answers as the object it stands for).
pub fn one<S: Shape>(shape: &S, view: &S::View, sim: &Shared, path: &str) -> Result<Reply, ErrorReply> {
    let body = sim.read(|world, now| rendered(shape, view, world, now, path))?;
    body.map(|b| view.as_ref().ok(b).with_json_type(shape.media_type())).ok_or_else(ErrorReply::not_found)
}

/// GET of the collection `name` of the object at `parent` (404 if it does not exist).
pub fn list<S: Shape>(
    shape: &S,
    view: &S::View,
    sim: &Shared,
    parent: &str,
    name: &str,
    paged: bool,
) -> Result<Reply, ErrorReply> {
    let body = sim.read(|world, now| shape.collection(view, world, now, parent, name, paged))??;
    body.map(|b| view.as_ref().ok(b).with_json_type(shape.media_type())).ok_or_else(ErrorReply::not_found)
}

/// Applies a mutation built by `f` and records it as one request, ending as the shape says
/// changes of the call's effect end; `f` returns the path of the object to answer with (none
/// for deletes and actions). A refused body leaves nothing behind. The answer is rendered
/// after the commit, outside the write.
pub fn accept<S: Shape>(
    shape: &S,
    view: &S::View,
    sim: &Shared,
    raw: &str,
    f: impl FnOnce(&mut Mutation) -> Result<Option<String>, ErrorReply>,
) -> Result<Reply, ErrorReply> {
    accept_answering(shape, view, sim, raw, f, |world, now, shown| {
        shown.and_then(|path| rendered(shape, view, world, now, &path))
    })
}

/// [`accept`] for a mutation whose answer is not the object it names: `answer` makes it from
/// what `f` returned, after the commit (a collection, such as the security groups a server
/// now has).
pub fn accept_answering<S: Shape, T>(
    shape: &S,
    view: &S::View,
    sim: &Shared,
    raw: &str,
    f: impl FnOnce(&mut Mutation) -> Result<T, ErrorReply>,
    answer: impl FnOnce(&World, i64, T) -> Option<Value>,
) -> Result<Reply, ErrorReply> {
    let ending = shape.ending(view.as_ref().effect());
    let (record, shown) = sim.write(|world, now| {
        let mut tx = Mutation::new(world, now, view.as_ref());
        let shown = match f(&mut tx) {
            Ok(shown) => shown,
            Err(e) => return Err(tx.refuse(e)),
        };
        Ok((tx.submit(raw, ending, sim)?, shown))
    })?;
    let body = sim.read(|world, now| answer(world, now, shown))?;
    Ok(shape.accepted(view, &record, body))
}

/// How an update treats the changeable properties it does not name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unnamed {
    /// They are kept (a PATCH, and PUTs that merge).
    Kept,
    /// They are dropped (a PUT replacing the object).
    Dropped,
}

/// An update: of which object, with what, and what becomes of what it does not name.
#[derive(Debug)]
pub struct Update<'a> {
    /// The description the changes are checked against.
    pub resource: &'a Resource,
    /// The object's store path.
    pub path: &'a str,
    /// The changes the body carries.
    pub given: Changes,
    /// How the changeable properties it does not name are treated.
    pub unnamed: Unnamed,
}

/// Checks and applies an update. `adjust` then checks the result against the rest of the
/// world and may complete it; the resource's cross-field checks run last.
pub fn update<S: Shape>(
    shape: &S,
    view: &S::View,
    sim: &Shared,
    raw: &str,
    update: Update,
    adjust: impl FnOnce(&mut Mutation, &StoredObject, &mut Map<String, Value>) -> Result<(), ErrorReply>,
) -> Result<Reply, ErrorReply> {
    let Update { resource, path, given, unnamed } = update;
    accept(shape, view, sim, raw, |tx| {
        let old = tx.store().get(path).cloned().ok_or_else(ErrorReply::not_found)?;
        let checked = resource
            .normalize(&given.described, Mode::Update { current: &old.properties })
            .map_err(|e| shape.field_error(&e))?;
        if let Some((field, _)) = checked.children.first() {
            let error = FieldError {
                api: field.api.into(),
                rhai: field.rhai.into(),
                message: "cannot be changed after creation".into(),
            };
            return Err(shape.field_error(&error));
        }
        let kept = |key: &String| {
            unnamed == Unnamed::Kept || resource.field(key).is_none_or(|f| f.access != Access::ReadWrite)
        };
        let mut properties: Map<String, Value> =
            old.properties.iter().filter(|(k, _)| kept(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        properties.extend(checked.properties);
        properties.extend(given.kept);
        shape.updated(&old, &mut properties);
        adjust(tx, &old, &mut properties)?;
        let whole = Normalized { properties, children: Vec::new() };
        for check in resource.checks {
            check(resource, &whole).map_err(|e| shape.field_error(&e))?;
        }
        let properties = in_field_order(resource, whole.properties);
        tx.change(path, |p| *p = properties)?;
        Ok(Some(path.to_string()))
    })
}

/// Records the deletion of the object at `path` and of the objects at the paths `more`
/// returns (which may also refuse the deletion); they go (or, as the shape says, are retired)
/// when the request is done.
pub fn delete<S: Shape>(
    shape: &S,
    view: &S::View,
    sim: &Shared,
    path: &str,
    more: impl FnOnce(&World, i64, &StoredObject) -> Result<Vec<String>, ErrorReply>,
) -> Result<Reply, ErrorReply> {
    accept(shape, view, sim, "", |tx| {
        let entry = tx.store().get(path).cloned().ok_or_else(ErrorReply::not_found)?;
        let others = more(tx.world, tx.now, &entry)?;
        tx.target(path)?;
        for other in others {
            tx.target(&other)?;
        }
        Ok(shape.shows_deleted().then(|| path.to_string()))
    })
}

/// The stored object at `path` as the API shows it.
pub fn rendered<S: Shape>(shape: &S, view: &S::View, world: &World, now: i64, path: &str) -> Option<Value> {
    let (path, entry) = world.store().resolve(path)?;
    Some(shape.object(view, world, now, path, entry))
}

/// The object at `path`, or 404.
pub fn existing<'a>(world: &'a World, path: &str) -> Result<&'a StoredObject, ErrorReply> {
    world.store().get(path).ok_or_else(ErrorReply::not_found)
}

/// Orders properties as the description lists its fields, so answers read like the API's.
pub fn in_field_order(resource: &Resource, mut properties: Map<String, Value>) -> Map<String, Value> {
    let mut ordered = Map::new();
    for field in resource.fields {
        if let Some(value) = properties.remove(field.api) {
            ordered.insert(field.api.to_string(), value);
        }
    }
    ordered.extend(properties);
    ordered
}

/// A fresh object id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The store path of object `id` in `collection` under `parent` (empty for the top level);
/// ids are matched case-insensitively, as the APIs do.
pub fn child_path(parent: &str, collection: &str, id: &str) -> String {
    let id = id.to_ascii_lowercase();
    if parent.is_empty() {
        format!("{collection}/{id}")
    } else {
        format!("{parent}/{collection}/{id}")
    }
}
