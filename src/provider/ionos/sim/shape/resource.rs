//! What every CloudAPI resource family shares: reading bodies (`properties`, `entities`) and
//! naming the offending attribute the API's way, and the generic handlers of the core
//! ([`crate::sim::crud`]) with the CloudAPI's [`Shape`]: objects with metadata and entities
//! at the call's depth, paged collections on v6, 202 + `Location` for accepted mutations.
//! A family adds only what is its own.

use serde_json::{json, Map, Value};

use crate::catalog::{Effect, FieldError, Method, Mode, Normalized, Resource};
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::render::{Page, Render};
use crate::sim::crud::{self, Update};
use crate::sim::{
    self, Changes, Ending, ErrorReply, Mutation, OnDone, OnFailure, Reply, RequestRecord, Shape, Shared, StoredObject,
    World,
};

pub use crate::provider::ionos::sim::shape::paths::{datacenter_of, datacenter_path};
pub use crate::sim::crud::{child_path, existing, in_field_order, new_id};

/// How the CloudAPI shows what the emulator stores.
#[derive(Debug)]
pub struct CloudApiShape;

impl Shape for CloudApiShape {
    type View = CloudApiCall;

    fn view(&self, call: sim::Call) -> Result<CloudApiCall, ErrorReply> {
        CloudApiCall::new(call)
    }

    fn object(&self, call: &CloudApiCall, world: &World, now: i64, path: &str, entry: &StoredObject) -> Value {
        Render { call, world, now }.object(path, entry, call.depth)
    }

    fn collection(
        &self,
        call: &CloudApiCall,
        world: &World,
        now: i64,
        parent: &str,
        name: &str,
        paged: bool,
    ) -> Result<Option<Value>, ErrorReply> {
        let page = if paged { Some(Page::from_call(call)?) } else { None };
        let (path, id) = match world.store().get(parent) {
            Some(entry) => (format!("{parent}/{name}"), format!("{}/{name}", entry.id)),
            None if !parent.contains('/') => {
                let path = if parent.is_empty() { name.to_string() } else { format!("{parent}/{name}") };
                (path, name.to_string())
            }
            None => return Ok(None),
        };
        Ok(Some(Render { call, world, now }.stored_collection(&path, &id, call.depth, page)))
    }

    /// A create's 202 carries what was sent, and `null` for every property provisioning fills
    /// in (a server's `vmState`, a volume's `bus` when not given, a NIC's `mac`), as the API's
    /// does; a later GET shows them filled.
    fn accepted(&self, call: &CloudApiCall, record: &RequestRecord, body: Option<Value>) -> Reply {
        let body = match (call.effect(), body) {
            (Effect::Create, Some(made)) => Some(as_accepted(made, &record.body)),
            (_, body) => body,
        };
        call.accepted(record, body)
    }

    fn field_error(&self, error: &FieldError) -> ErrorReply {
        invalid("", &error.api, &error.message)
    }

    /// A PATCH carries the bare properties, a PUT `{"properties": {...}}`.
    fn changes(&self, method: Method, body: &Value, resource: &Resource) -> Result<Changes, ErrorReply> {
        let described = match method {
            Method::Patch => patch_of(body, resource)?,
            _ => properties_of(body, "")?,
        };
        Ok(Changes { described: described.clone(), kept: Map::new() })
    }

    /// A `version` property counts the changes, as a data center's does.
    fn updated(&self, old: &StoredObject, properties: &mut Map<String, Value>) {
        if let Some(version) = old.properties.get("version").and_then(Value::as_i64) {
            properties.insert("version".into(), json!(version + 1));
        }
    }

    /// A delete removes its objects when its request is done; a failed request is undone.
    fn ending(&self, effect: Effect) -> Ending {
        let on_done = if effect == Effect::Delete { OnDone::Remove } else { OnDone::Nothing };
        Ending { on_done, on_failure: OnFailure::Revert }
    }
}

/// An object just made, as the create's answer shows it: the properties the request's body
/// did not give are `null` (an answer to a body without properties is left as it is).
fn as_accepted(mut made: Value, sent: &str) -> Value {
    let Ok(sent) = serde_json::from_str::<Value>(sent) else { return made };
    let Some(given) = sent.get("properties").and_then(Value::as_object) else { return made };
    if let Some(properties) = made.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, value) in properties.iter_mut() {
            if !given.contains_key(name) {
                *value = Value::Null;
            }
        }
    }
    made
}

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
pub fn invalid(at: &str, name: &str, message: impl std::fmt::Display) -> ErrorReply {
    ErrorReply::validation(format!("Attribute '{}' {message}", attribute(at, name)))
}

/// 422 for a property a description refuses, worded as the API does.
pub fn refused(error: &FieldError) -> ErrorReply {
    invalid("", &error.api, &error.message)
}

/// The prefix of item `index` of nested collection `name` inside the object at `at`.
pub fn nested(at: &str, name: &str, index: usize) -> String {
    format!("{at}entities.{name}.items[{index}].")
}

/// Each item of the list property `name` must be an object with every one of `required`
/// (`targets[0].port`).
pub fn check_items(properties: &Map<String, Value>, name: &str, required: &[&str], at: &str) -> Result<(), ErrorReply> {
    let Some(items) = properties.get(name).and_then(Value::as_array) else { return Ok(()) };
    for (index, item) in items.iter().enumerate() {
        let Some(item) = item.as_object() else {
            return Err(invalid(at, &format!("{name}[{index}]"), "must be an object"));
        };
        if let Some(missing) = required.iter().find(|r| item.get(**r).is_none_or(Value::is_null)) {
            return Err(invalid(at, &format!("{name}[{index}].{missing}"), "is required"));
        }
    }
    Ok(())
}

/// The `properties` object of a create or replace body (`{"properties": {...}}`).
pub fn properties_of<'a>(body: &'a Value, at: &str) -> Result<&'a Map<String, Value>, ErrorReply> {
    let missing = || {
        let name = if at.is_empty() { "properties".to_string() } else { format!("{at}properties") };
        ErrorReply::validation(format!("Attribute '{name}' is required"))
    };
    body.get("properties").and_then(Value::as_object).ok_or_else(missing)
}

/// The bare properties object of a PATCH body.
pub fn patch_of<'a>(body: &'a Value, resource: &Resource) -> Result<&'a Map<String, Value>, ErrorReply> {
    body.as_object().ok_or_else(|| {
        ErrorReply::validation(format!("The request body must be an object of {} properties", resource.name))
    })
}

/// Nested collections the v6 spec allows in create bodies that the emulator does not model
/// (network load balancers, NAT gateways, flow logs) or that only list what exists (a
/// cluster's node pools, a group's users and resources).
const UNMODELLED_ENTITIES: &[&str] =
    &["networkloadbalancers", "natgateways", "flowlogs", "nodepools", "users", "resources"];

/// Checks a create body of `resource` found at `at`: its properties and the items of its
/// `entities` collections (which must be nested collections of `resource`), with the
/// resource's cross-field checks. The items come back unchecked, in `children`, keyed by
/// their API collection name; each family checks them against their own description.
pub fn check_create(resource: &Resource, body: &Value, at: &str) -> Result<Normalized, ErrorReply> {
    let mut input = properties_of(body, at)?.clone();
    let mut entity_names = Vec::new();
    match body.get("entities") {
        None | Some(Value::Null) => {}
        Some(Value::Object(entities)) => {
            for (name, collection) in entities {
                let attr = format!("entities.{name}");
                // Collections the spec defines that the emulator does not model are accepted
                // and left alone.
                if UNMODELLED_ENTITIES.contains(&name.as_str()) {
                    continue;
                }
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
    resource.normalize(&input, Mode::Create).map_err(|e| {
        let in_entities = entity_names.contains(&e.api) && resource.field(&e.api).is_some_and(|f| f.ty.is_entity());
        let name = if in_entities { format!("entities.{}", e.api) } else { e.api.clone() };
        invalid(at, &name, &e.message)
    })
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

/// The location of the data center at `datacenter`.
pub fn location_of(world: &World, datacenter: &str) -> String {
    world
        .store()
        .get(datacenter)
        .and_then(|d| d.properties.get("location"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .into()
}

/// GET of one object, at the call's depth.
pub fn one(call: &CloudApiCall, sim: &Shared, path: &str) -> Result<Reply, ErrorReply> {
    crud::one(&CloudApiShape, call, sim, path)
}

/// Applies a mutation built by `f` and records it as one request, answered with what
/// `answer` makes of `f`'s result (see [`crud::accept_answering`]).
pub fn accept_answering<T>(
    call: &CloudApiCall,
    sim: &Shared,
    raw: &str,
    f: impl FnOnce(&mut Mutation) -> Result<T, ErrorReply>,
    answer: impl FnOnce(&World, i64, T) -> Option<Value>,
) -> Result<Reply, ErrorReply> {
    crud::accept_answering(&CloudApiShape, call, sim, raw, f, answer)
}

/// Applies a mutation built by `f` and records it as one request (see [`crud::accept`]).
pub fn accept(
    call: &CloudApiCall,
    sim: &Shared,
    raw: &str,
    f: impl FnOnce(&mut Mutation) -> Result<Option<String>, ErrorReply>,
) -> Result<Reply, ErrorReply> {
    crud::accept(&CloudApiShape, call, sim, raw, f)
}

/// Checks and applies an update of the object at `path` with the properties `given` (see
/// [`crud::update`]).
pub fn update(
    call: &CloudApiCall,
    sim: &Shared,
    raw: &str,
    update: Update,
    adjust: impl FnOnce(&mut Mutation, &StoredObject, &mut Map<String, Value>) -> Result<(), ErrorReply>,
) -> Result<Reply, ErrorReply> {
    crud::update(&CloudApiShape, call, sim, raw, update, adjust)
}

/// Records the deletion of the object at `path` and of the objects `more` names (see
/// [`crud::delete`]).
pub fn delete(
    call: &CloudApiCall,
    sim: &Shared,
    path: &str,
    more: impl FnOnce(&World, i64, &StoredObject) -> Result<Vec<String>, ErrorReply>,
) -> Result<Reply, ErrorReply> {
    crud::delete(&CloudApiShape, call, sim, path, more)
}
