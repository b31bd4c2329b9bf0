//! Networks and the objects inside them (endpoints, edge routers, policies, services,
//! app-wans, posture checks), as the core's default answers create, change and delete them
//! with what each kind has of its own.
//!
//! A create answers 202 with the object (NEW) and `_links.execution`. Objects go into a
//! network only once it is PROVISIONED (409 before), with a name unique in the network and
//! kind (ignoring case; 409), attributes `#name` and roles `#name`/`@name` (400). A delete
//! answers 202 (DELETING, then DELETED); a deleted object still reads (200, DELETED) but is
//! listed only when a `status` filter asks for it, and its name is free at once; it cannot be
//! changed or deleted again (404). Deleting a network deletes everything in it.

use axum::http::StatusCode;
use serde_json::{Map, Value};

use crate::provider::netfoundry::sim::kinds::{self, Kind, KINDS};
use crate::provider::netfoundry::sim::shape::life;
use crate::provider::netfoundry::sim::shape::{bad, not_an_object, numeric_ports};

pub(super) mod defaults;
pub(super) mod executions;
pub(super) mod registration;
use crate::catalog::Mode;
use crate::sim::crud::Unnamed;
use crate::sim::{Call, ErrorReply, Family, Mutation, StoredObject, World};

/// The family of the kind at `K` in [`KINDS`].
const fn family<const K: usize>() -> Family<Call> {
    Family {
        resource: KINDS[K].resource,
        build: Some(build::<K>),
        adjust: Some(adjust::<K>),
        cascade: Some(cascade::<K>),
        put: Unnamed::Kept,
    }
}

/// Every kind's family.
pub static FAMILIES: &[&Family<Call>] = &[
    &family::<{ kinds::NETWORK }>(),
    &family::<{ kinds::ENDPOINT }>(),
    &family::<{ kinds::EDGE_ROUTER }>(),
    &family::<{ kinds::EDGE_ROUTER_POLICY }>(),
    &family::<{ kinds::SERVICE }>(),
    &family::<{ kinds::SERVICE_POLICY }>(),
    &family::<{ kinds::SERVICE_EDGE_ROUTER_POLICY }>(),
    &family::<{ kinds::APP_WAN }>(),
    &family::<{ kinds::POSTURE_CHECK }>(),
];

/// `POST /core/v2/<collection>`: checks the body, fills in what the API defaults (a network
/// its region and version; an object what its kind has, once its network is up) and creates
/// it under a new id.
fn build<const K: usize>(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let kind = &KINDS[K];
    let mut fields = checked(kind, body)?;
    let id = uuid::Uuid::new_v4().to_string();
    if kind.is_network() {
        defaults::network(&mut fields)?;
    } else {
        defaults::object(tx.world, tx.now, K, &id, &mut fields)?;
    }
    unique(tx.world, tx.now, kind, &fields, None)?;
    let path = kind.path(&id);
    let scope = scope_of(kind, &fields);
    tx.create_in(&path, kind.collection, fields, scope);
    Ok(path)
}

/// What an object of `kind` belongs to within its collection: its network (a network: its
/// network group). Its collection lists and checks names by it without reading the others.
pub fn scope_of(kind: &Kind, fields: &Map<String, Value>) -> Option<String> {
    let field = if kind.is_network() { "networkGroupId" } else { "networkId" };
    fields.get(field).and_then(Value::as_str).map(str::to_string)
}

/// The body's fields the kind describes, checked as a create's, and every other field as
/// given (the API keeps what it does not check).
fn checked(kind: &Kind, body: &Value) -> Result<Map<String, Value>, ErrorReply> {
    let given = body.as_object().ok_or_else(not_an_object)?;
    let (known, other): (Map<String, Value>, Map<String, Value>) =
        given.iter().map(|(k, v)| (k.clone(), v.clone())).partition(|(k, _)| kind.resource.field(k).is_some());
    let mut fields = kind.resource.normalize(&known, Mode::Create).map_err(|e| bad(&e.api, e.message))?.properties;
    for (key, value) in other {
        if !key.starts_with('_') {
            fields.entry(key).or_insert(value);
        }
    }
    if std::ptr::eq(kind, &KINDS[kinds::SERVICE]) {
        numeric_ports(&mut fields);
    }
    Ok(fields)
}

/// `PATCH` or `PUT`: the changes apply at once, under an UPDATING workflow; an object deleted
/// or being deleted is not there to change, and a new name must be free.
fn adjust<const K: usize>(
    tx: &mut Mutation,
    path: &str,
    old: &StoredObject,
    fields: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    if life::going(tx.world, tx.now, path, old) {
        return Err(ErrorReply::not_found());
    }
    unique(tx.world, tx.now, &KINDS[K], fields, Some(&old.id))
}

/// `DELETE`: an object deleted or being deleted is not there to delete; a network's live
/// objects go with it.
fn cascade<const K: usize>(
    _: &Call,
    world: &World,
    now: i64,
    path: &str,
    entry: &StoredObject,
) -> Result<Vec<String>, ErrorReply> {
    if life::going(world, now, path, entry) {
        return Err(ErrorReply::not_found());
    }
    if !KINDS[K].is_network() {
        return Ok(Vec::new());
    }
    let mut inside = Vec::new();
    for child in KINDS.iter().skip(1) {
        for (path, object) in world.store().children_in(&child.collection_path(), &entry.id) {
            if !life::going(world, now, path, object) {
                inside.push(path.to_string());
            }
        }
    }
    Ok(inside)
}

/// The live object `id` of `kind`: stored, and neither deleted nor being deleted.
pub fn live<'w>(world: &'w World, now: i64, kind: &Kind, id: &str) -> Option<(String, &'w StoredObject)> {
    let path = kind.path(id);
    let entry = world.store().get(&path)?;
    (!life::going(world, now, &path, entry)).then_some((path, entry))
}

/// Refuses a second live object of the kind named as `fields` name it (ignoring case) in the
/// same network (networks: the same group); `except` is the object being renamed.
fn unique(
    world: &World,
    now: i64,
    kind: &Kind,
    fields: &Map<String, Value>,
    except: Option<&str>,
) -> Result<(), ErrorReply> {
    let given = fields.get("name").and_then(Value::as_str).unwrap_or_default();
    let scope = if kind.is_network() { "networkGroupId" } else { "networkId" };
    let clash = world.store().named(&kind.collection_path(), given).into_iter().any(|(path, entry)| {
        Some(entry.id.as_str()) != except
            && entry.properties.get(scope) == fields.get(scope)
            && !life::going(world, now, path, entry)
    });
    if clash {
        let within = if kind.is_network() { "network group" } else { "network" };
        return Err(ErrorReply::new(
            StatusCode::CONFLICT,
            format!("The name '{given}' is taken by another {} in this {within}", kind.resource.name),
        ));
    }
    Ok(())
}
