//! What every stored resource family shares, driven by the family's catalog description:
//! reading bodies (`properties`, `entities`) and naming the offending attribute, getting and
//! listing objects, and the accepted-mutation steps (change the store at once, record one
//! request, answer 202 with the object, or nothing for deletes and actions, and `Location`).
//! A family adds only what is its own.

use serde_json::{json, Map, Value};

use super::call::{ApiError, Call, Reply};
use super::jobs::OnDone;
use super::render::{Page, Render};
use super::state::{Shared, World};
use super::store::Entry;
use super::tx::Tx;
use crate::catalog::{Access, FieldError, Mode, Normalized, Resource};

/// The name of attribute `name` of the object at `at`: the bare name at the top of a body
/// (`'ram'`), the full path inside a nested one (`'entities.servers.items[0].properties.ram'`).
pub fn attribute(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else if name == "id" || name.starts_with("entities.") {
        format!("{at}{name}")
    } else {
        format!("{at}properties.{name}")
    }
}

/// 422 about attribute `name` of the object at `at`; `message` completes "Attribute 'x' ...".
pub fn invalid(at: &str, name: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::validation(format!("Attribute '{}' {message}", attribute(at, name)))
}

/// The prefix of item `index` of nested collection `name` inside the object at `at`.
pub fn nested(at: &str, name: &str, index: usize) -> String {
    format!("{at}entities.{name}.items[{index}].")
}

/// The `properties` object of a create or replace body (`{"properties": {...}}`).
pub fn properties_of<'a>(body: &'a Value, at: &str) -> Result<&'a Map<String, Value>, ApiError> {
    let missing = || {
        let name = if at.is_empty() { "properties".to_string() } else { format!("{at}properties") };
        ApiError::validation(format!("Attribute '{name}' is required"))
    };
    body.get("properties").and_then(Value::as_object).ok_or_else(missing)
}

/// The bare properties object of a PATCH body.
pub fn patch_of<'a>(body: &'a Value, resource: &Resource) -> Result<&'a Map<String, Value>, ApiError> {
    body.as_object().ok_or_else(|| {
        ApiError::validation(format!("The request body must be an object of {} properties", resource.name))
    })
}

/// Checks a create body of `resource` found at `at`: its properties and the items of its
/// `entities` collections (which must be nested collections of `resource`), with the
/// resource's cross-field checks. The items come back unchecked, in `children`, keyed by
/// their API collection name; each family checks them against their own description.
pub fn check_create(resource: &Resource, body: &Value, at: &str) -> Result<Normalized, ApiError> {
    let mut input = properties_of(body, at)?.clone();
    let mut entity_names = Vec::new();
    match body.get("entities") {
        None | Some(Value::Null) => {}
        Some(Value::Object(entities)) => {
            for (name, collection) in entities {
                let attr = format!("entities.{name}");
                if !resource.field(name).is_some_and(|f| f.ty.is_entity() && f.api == name) {
                    return Err(invalid(at, &attr, format!("is not a nested collection of {}", resource.name)));
                }
                let items = match collection.get("items") {
                    None | Some(Value::Null) => continue,
                    Some(Value::Array(items)) => items.clone(),
                    Some(_) => return Err(invalid(at, &format!("{attr}.items"), "must be an array")),
                };
                if input.insert(name.clone(), Value::Array(items)).is_some() {
                    return Err(invalid(at, name, "belongs in entities, not in properties"));
                }
                entity_names.push(name.clone());
            }
        }
        Some(_) => return Err(invalid(at, "entities", "must be an object")),
    }
    resource.normalize(&input, Mode::Create).map_err(|e| field_error(resource, at, &e, &entity_names))
}

/// Checks the changes of an update of `resource` whose current properties are `current`.
pub fn check_update(
    resource: &Resource,
    given: &Map<String, Value>,
    current: &Map<String, Value>,
) -> Result<Map<String, Value>, ApiError> {
    let checked =
        resource.normalize(given, Mode::Update { current }).map_err(|e| field_error(resource, "", &e, &[]))?;
    if let Some((field, _)) = checked.children.first() {
        return Err(invalid("", field.api, "cannot be changed after creation"));
    }
    Ok(checked.properties)
}

fn field_error(resource: &Resource, at: &str, error: &FieldError, entities: &[String]) -> ApiError {
    let in_entities = entities.contains(&error.api) && resource.field(&error.api).is_some_and(|f| f.ty.is_entity());
    let name = if in_entities { format!("entities.{}", error.api) } else { error.api.clone() };
    invalid(at, &name, &error.message)
}

/// The nested items of collection `name` of a checked body, with their attribute prefixes.
pub fn children<'a>(checked: &'a Normalized, name: &str, at: &str) -> Vec<(String, &'a Value)> {
    checked
        .children
        .iter()
        .filter(|(field, _)| field.api == name)
        .flat_map(|(_, items)| items)
        .enumerate()
        .map(|(index, item)| (nested(at, name, index), item))
        .collect()
}

/// A fresh object id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The store path of object `id` in `collection` under `parent` (empty for the top level);
/// ids are matched case-insensitively, as the API does.
pub fn child_path(parent: &str, collection: &str, id: &str) -> String {
    let id = id.to_ascii_lowercase();
    if parent.is_empty() {
        format!("{collection}/{id}")
    } else {
        format!("{parent}/{collection}/{id}")
    }
}

/// The store path of data center `id`.
pub fn datacenter_path(id: &str) -> String {
    child_path("", "datacenters", id)
}

/// The path of the data center an object's path lies in.
pub fn datacenter_of(path: &str) -> String {
    datacenter_path(super::derived::segment(path, "datacenters").unwrap_or_default())
}

/// The object at `path`, or 404.
pub fn existing<'a>(world: &'a World, path: &str) -> Result<&'a Entry, ApiError> {
    world.store.get(path).ok_or_else(ApiError::not_found)
}

/// The location of the data center at `datacenter`.
pub fn location_of(world: &World, datacenter: &str) -> String {
    world
        .store
        .get(datacenter)
        .and_then(|d| d.properties.get("location"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .into()
}

/// GET of one object (a link answers as the object it stands for), at the call's depth.
pub fn one(call: &Call, sim: &Shared, path: &str) -> Result<Reply, ApiError> {
    let body = sim.read(|world, now| {
        let (path, entry) = world.store.resolve(path)?;
        Some(Render { call, world, now }.object(path, entry, call.depth))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

/// GET of the collection `name` of the object at `parent` (404 if it does not exist); v6
/// paging fields when `paged`.
pub fn list(call: &Call, sim: &Shared, parent: &str, name: &str, paged: bool) -> Result<Reply, ApiError> {
    let page = if paged { Some(Page::from_call(call)?) } else { None };
    let body = sim.read(|world, now| {
        let (path, id) = match world.store.get(parent) {
            Some(entry) => (format!("{parent}/{name}"), format!("{}/{name}", entry.id)),
            None if parent.is_empty() => (name.to_string(), name.to_string()),
            None => return None,
        };
        Some(Render { call, world, now }.stored_collection(&path, &id, call.depth, page).0)
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

/// Applies a mutation built by `f` and records it as one request; `f` returns the path of
/// the object to answer with (none for deletes and actions). A refused body leaves nothing
/// behind.
pub fn accept(
    call: &Call,
    sim: &Shared,
    raw: &str,
    on_done: OnDone,
    f: impl FnOnce(&mut Tx) -> Result<Option<String>, ApiError>,
) -> Result<Reply, ApiError> {
    sim.write(|world, now| {
        let mut tx = Tx::new(world, now, call);
        let shown = match f(&mut tx) {
            Ok(shown) => shown,
            Err(e) => {
                tx.abort();
                return Err(e);
            }
        };
        let record = tx.submit(raw, on_done, sim.delay_ms())?;
        Ok(call.accepted(&record, shown.and_then(|path| rendered(call, world, now, &path))))
    })
}

/// Checks and applies an update of the object at `path`. `replace` (PUT) drops the
/// changeable properties `given` leaves out; otherwise (PATCH) they are kept. `adjust` then
/// checks the result against the rest of the world and may complete it. A `version`
/// property counts the changes.
#[allow(clippy::too_many_arguments)]
pub fn update(
    call: &Call,
    sim: &Shared,
    raw: &str,
    resource: &Resource,
    path: &str,
    given: &Map<String, Value>,
    replace: bool,
    adjust: impl FnOnce(&mut Tx, &Entry, &mut Map<String, Value>) -> Result<(), ApiError>,
) -> Result<Reply, ApiError> {
    accept(call, sim, raw, OnDone::Nothing, |tx| {
        let old = tx.store().get(path).cloned().ok_or_else(ApiError::not_found)?;
        let changes = check_update(resource, given, &old.properties)?;
        let kept = |key: &String| !replace || resource.field(key).is_none_or(|f| f.access != Access::ReadWrite);
        let mut properties: Map<String, Value> =
            old.properties.iter().filter(|(k, _)| kept(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        properties.extend(changes);
        if let Some(version) = old.properties.get("version").and_then(Value::as_i64) {
            properties.insert("version".into(), json!(version + 1));
        }
        adjust(tx, &old, &mut properties)?;
        let whole = Normalized { properties, children: Vec::new() };
        for check in resource.checks {
            check(resource, &whole).map_err(|e| field_error(resource, "", &e, &[]))?;
        }
        let properties = in_field_order(resource, whole.properties);
        tx.change(path, |p| *p = properties)?;
        Ok(Some(path.to_string()))
    })
}

/// Records the deletion of the object at `path` and of the objects at the paths `more`
/// returns (which may also refuse the deletion); they go when the request is done.
pub fn delete(
    call: &Call,
    sim: &Shared,
    path: &str,
    more: impl FnOnce(&World, &Entry) -> Result<Vec<String>, ApiError>,
) -> Result<Reply, ApiError> {
    accept(call, sim, "", OnDone::Remove, |tx| {
        let entry = tx.store().get(path).cloned().ok_or_else(ApiError::not_found)?;
        let others = more(tx.world, &entry)?;
        tx.target(path)?;
        for other in others {
            tx.target(&other)?;
        }
        Ok(None)
    })
}

/// The stored object at `path` rendered at the call's depth.
pub fn rendered(call: &Call, world: &World, now: i64, path: &str) -> Option<Value> {
    let (path, entry) = world.store.resolve(path)?;
    Some(Render { call, world, now }.object(path, entry, call.depth))
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
