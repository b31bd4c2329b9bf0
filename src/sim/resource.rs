//! The create, update and delete steps every stored resource family shares, driven by the
//! family's catalog description: check the properties, change the store at once, record the
//! request, and answer 202 with the object (or nothing, for a delete) and its `Location`.
//! A family adds only what is its own (where it lives, computed properties).

use serde_json::{json, Map, Value};

use super::call::{ApiError, Call, Reply};
use super::jobs::{OnDone, Target, Undo};
use super::render::Render;
use super::state::{Shared, World};
use super::store::{Entry, Meta};
use crate::catalog::{Access, FieldType, Mode, Normalized, Resource};

/// Checks properties against `resource`; nested resources in `properties` are refused until
/// their families exist in the emulator.
pub fn checked(resource: &Resource, properties: &Map<String, Value>, mode: Mode) -> Result<Normalized, ApiError> {
    let checked = resource.normalize(properties, mode).map_err(|e| ApiError::field(&e))?;
    if let Some((field, _)) = checked.children.iter().find(|(_, items)| !items.is_empty()) {
        return Err(unsupported(field.api));
    }
    Ok(checked)
}

/// Refuses a create/replace body's non-empty `entities` (nested resources), which the
/// emulator cannot create yet, and names that are not nested collections of `resource`.
pub fn refuse_entities(resource: &Resource, body: &Value) -> Result<(), ApiError> {
    let Some(entities) = body.get("entities") else {
        return Ok(());
    };
    let Some(entities) = entities.as_object() else {
        return Err(ApiError::validation("Attribute 'entities' must be an object"));
    };
    for (name, collection) in entities {
        let is_child = resource.field(name).is_some_and(|f| matches!(f.ty, FieldType::Children(_)));
        if !is_child {
            return Err(ApiError::validation(format!(
                "Attribute 'entities.{name}' is not a nested collection of {}",
                resource.name
            )));
        }
        if collection.get("items").and_then(Value::as_array).is_some_and(|items| !items.is_empty()) {
            return Err(unsupported(name));
        }
    }
    Ok(())
}

fn unsupported(name: &str) -> ApiError {
    ApiError::validation(format!(
        "Attribute 'entities.{name}': creating nested {name} this way is not supported yet by the emulator"
    ))
}

/// The `properties` object of a create or replace body (`{"properties": {...}}`).
pub fn properties_of(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::validation("Attribute 'properties' is required"))
}

/// Stores a new object of `resource` in `collection` with checked `properties` and records
/// its creation; a failed request removes it again.
pub fn create(
    call: &Call,
    sim: &Shared,
    raw: &str,
    resource: &Resource,
    collection: &str,
    mut properties: Map<String, Value>,
) -> Result<Reply, ApiError> {
    if resource.field("version").is_some() {
        properties.insert("version".into(), json!(1));
    }
    sim.write(|world, now| {
        let id = uuid::Uuid::new_v4().to_string();
        let target = Target { path: format!("{collection}/{id}"), kind: resource.api_type.into(), id };
        let entry = Entry {
            kind: target.kind.clone(),
            id: target.id.clone(),
            seq: 0,
            meta: Meta::new(&call.author, now),
            properties: in_field_order(resource, properties),
        };
        world.store.insert(&target.path, entry);
        let path = target.path.clone();
        let record = world.submit(call.new_request(raw, target, OnDone::Nothing, Undo::Remove), now, sim.delay_ms());
        Ok(call.accepted(&record, rendered(call, world, now, &path)))
    })
}

/// Applies an update to the object at `path` at once and records it; a failed request puts
/// the old properties back. `replace` (PUT) drops the changeable properties `given` leaves
/// out; otherwise (PATCH) they are kept. A `version` property counts the changes.
pub fn update(
    call: &Call,
    sim: &Shared,
    raw: &str,
    resource: &Resource,
    path: &str,
    given: &Map<String, Value>,
    replace: bool,
) -> Result<Reply, ApiError> {
    sim.write(|world, now| {
        let old = world.store.get(path).cloned().ok_or_else(ApiError::not_found)?;
        let checked = checked(resource, given, Mode::Update { current: &old.properties })?;
        let kept = |key: &String| !replace || resource.field(key).is_none_or(|f| f.access != Access::ReadWrite);
        let mut properties: Map<String, Value> =
            old.properties.iter().filter(|(k, _)| kept(k)).map(|(k, v)| (k.clone(), v.clone())).collect();
        properties.extend(checked.properties);
        if let Some(version) = old.properties.get("version").and_then(Value::as_i64) {
            properties.insert("version".into(), json!(version + 1));
        }
        let mut entry = old.clone();
        entry.properties = in_field_order(resource, properties);
        entry.meta.touch(&call.author, now);
        world.store.insert(path, entry);
        let target = Target { path: path.into(), kind: old.kind.clone(), id: old.id.clone() };
        let undo = Undo::Restore(Box::new(old));
        let record = world.submit(call.new_request(raw, target, OnDone::Nothing, undo), now, sim.delay_ms());
        Ok(call.accepted(&record, rendered(call, world, now, path)))
    })
}

/// Records the deletion of the object at `path`; it (and everything in it) goes when the
/// request is done.
pub fn delete(call: &Call, sim: &Shared, path: &str) -> Result<Reply, ApiError> {
    sim.write(|world, now| {
        let entry = world.store.get(path).ok_or_else(ApiError::not_found)?;
        let target = Target { path: path.into(), kind: entry.kind.clone(), id: entry.id.clone() };
        let record = world.submit(call.new_request("", target, OnDone::Remove, Undo::Nothing), now, sim.delay_ms());
        Ok(call.accepted(&record, None))
    })
}

/// The stored object at `path` rendered at the call's depth.
pub fn rendered(call: &Call, world: &World, now: i64, path: &str) -> Option<Value> {
    world.store.get(path).map(|entry| Render { call, world, now }.object(path, entry, call.depth))
}

/// Orders properties as the description lists its fields, so answers read like the API's.
fn in_field_order(resource: &Resource, mut properties: Map<String, Value>) -> Map<String, Value> {
    let mut ordered = Map::new();
    for field in resource.fields {
        if let Some(value) = properties.remove(field.api) {
            ordered.insert(field.api.to_string(), value);
        }
    }
    ordered.extend(properties);
    ordered
}
