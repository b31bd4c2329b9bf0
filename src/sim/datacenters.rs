//! Data centers: list, get, create, replace (PUT `{"properties":{..}}`), patch (bare
//! properties) and delete (which removes everything in the data center once its request is
//! done). Bodies are checked against the catalog's `DATACENTER` description.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::jobs::{OnDone, Target, Undo};
use super::locations;
use super::render::{Page, Render};
use super::state::Shared;
use super::store::{Entry, Meta};
use crate::catalog::{Access, FieldType, Mode, Normalized, Resource};
use crate::cloudapi::DATACENTER;

const COLLECTION: &str = "datacenters";

/// The data center routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/datacenters", get(list).post(create))
        .route(
            "/datacenters/{id}",
            get(one).put(replace).patch(patch).delete(delete),
        )
}

fn target(id: &str) -> Target {
    Target {
        path: format!("{COLLECTION}/{}", id.to_ascii_lowercase()),
        kind: DATACENTER.api_type.into(),
        id: id.to_ascii_lowercase(),
    }
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    let page = Page::from_call(&call)?;
    let body = sim.read(|world, now| {
        Render {
            call: &call,
            world,
            now,
        }
        .stored_collection(COLLECTION, COLLECTION, call.depth, Some(page))
        .0
    })?;
    Ok(call.ok(body))
}

async fn one(
    call: Call,
    State(sim): State<Shared>,
    Path(id): Path<String>,
) -> Result<Reply, ApiError> {
    let path = target(&id).path;
    let body = sim.read(|world, now| {
        world.store.get(&path).map(|entry| {
            Render {
                call: &call,
                world,
                now,
            }
            .object(&path, entry, call.depth)
        })
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    let properties = body
        .value
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::validation("Attribute 'properties' is required"))?;
    if let Some(entities) = body.value.get("entities") {
        refuse_entities(entities)?;
    }
    let checked = checked(properties, Mode::Create)?;
    let location = checked
        .properties
        .get("location")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let location = locations::find(location).ok_or_else(|| {
        ApiError::validation(format!(
            "Attribute 'location' must be one of {} (got '{location}')",
            locations::ids()
        ))
    })?;
    let mut properties = checked.properties;
    properties.insert("version".into(), json!(1));
    properties.insert("features".into(), location.features());
    properties.insert("cpuArchitecture".into(), location.cpu_architecture());
    sim.write(|world, now| {
        let target = target(&uuid::Uuid::new_v4().to_string());
        let entry = Entry {
            kind: target.kind.clone(),
            id: target.id.clone(),
            seq: 0,
            meta: Meta::new(&call.author, now),
            properties: in_field_order(&DATACENTER, properties),
        };
        world.store.insert(&target.path, entry);
        let path = target.path.clone();
        let record = world.submit(
            call.new_request(&body.raw, target, OnDone::Nothing, Undo::Remove),
            now,
            sim.delay_ms(),
        );
        Ok(call.accepted(&record, rendered(&call, world, now, &path)))
    })
}

async fn replace(
    call: Call,
    State(sim): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Reply, ApiError> {
    let properties = body
        .value
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| ApiError::validation("Attribute 'properties' is required"))?;
    if let Some(entities) = body.value.get("entities") {
        refuse_entities(entities)?;
    }
    update(&call, &sim, &id, &body.raw, properties, true)
}

async fn patch(
    call: Call,
    State(sim): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Reply, ApiError> {
    let properties = body.value.as_object().ok_or_else(|| {
        ApiError::validation("The request body must be an object of data center properties")
    })?;
    update(&call, &sim, &id, &body.raw, properties, false)
}

/// Applies an update at once and records its request; `replace` drops the changeable
/// properties the body leaves out (PUT), otherwise they are kept (PATCH).
fn update(
    call: &Call,
    sim: &Shared,
    id: &str,
    raw: &str,
    given: &Map<String, Value>,
    replace: bool,
) -> Result<Reply, ApiError> {
    sim.write(|world, now| {
        let target = target(id);
        let old = world
            .store
            .get(&target.path)
            .cloned()
            .ok_or_else(ApiError::not_found)?;
        let checked = checked(
            given,
            Mode::Update {
                current: &old.properties,
            },
        )?;
        let mut properties: Map<String, Value> = old
            .properties
            .iter()
            .filter(|(key, _)| {
                !replace
                    || DATACENTER
                        .field(key)
                        .is_none_or(|f| f.access != Access::ReadWrite)
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        properties.extend(checked.properties);
        let version = old
            .properties
            .get("version")
            .and_then(Value::as_i64)
            .unwrap_or(0)
            + 1;
        properties.insert("version".into(), json!(version));
        let mut entry = old.clone();
        entry.properties = in_field_order(&DATACENTER, properties);
        entry.meta.touch(&call.author, now);
        world.store.insert(&target.path, entry);
        let path = target.path.clone();
        let undo = Undo::Restore(Box::new(old));
        let record = world.submit(
            call.new_request(raw, target, OnDone::Nothing, undo),
            now,
            sim.delay_ms(),
        );
        Ok(call.accepted(&record, rendered(call, world, now, &path)))
    })
}

async fn delete(
    call: Call,
    State(sim): State<Shared>,
    Path(id): Path<String>,
) -> Result<Reply, ApiError> {
    sim.write(|world, now| {
        let target = target(&id);
        world
            .store
            .get(&target.path)
            .ok_or_else(ApiError::not_found)?;
        let record = world.submit(
            call.new_request("", target, OnDone::Remove, Undo::Nothing),
            now,
            sim.delay_ms(),
        );
        Ok(call.accepted(&record, None))
    })
}

fn rendered(call: &Call, world: &super::state::World, now: i64, path: &str) -> Option<Value> {
    world
        .store
        .get(path)
        .map(|entry| Render { call, world, now }.object(path, entry, call.depth))
}

/// Checks properties against the description; nested resources are refused until their
/// families exist in the emulator.
fn checked(properties: &Map<String, Value>, mode: Mode) -> Result<Normalized, ApiError> {
    let checked = DATACENTER.normalize(properties, mode).map_err(|e| ApiError::field(&e))?;
    if let Some((field, _)) = checked.children.iter().find(|(_, items)| !items.is_empty()) {
        return Err(unsupported(field.api));
    }
    Ok(checked)
}

fn refuse_entities(entities: &Value) -> Result<(), ApiError> {
    let Some(entities) = entities.as_object() else {
        return Err(ApiError::validation(
            "Attribute 'entities' must be an object",
        ));
    };
    for (name, collection) in entities {
        let is_child = DATACENTER
            .field(name)
            .is_some_and(|f| matches!(f.ty, FieldType::Children(_)));
        if !is_child {
            return Err(ApiError::validation(format!(
                "Attribute 'entities.{name}' is not a nested collection of Datacenter"
            )));
        }
        let has_items = collection
            .get("items")
            .and_then(Value::as_array)
            .is_some_and(|items| !items.is_empty());
        if has_items {
            return Err(unsupported(name));
        }
    }
    Ok(())
}

fn unsupported(name: &str) -> ApiError {
    ApiError::validation(format!(
        "Attribute 'entities.{name}': creating nested {name} with a data center is not supported yet by the emulator"
    ))
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
