//! `/um/resources[/{type}[/{id}]]`: the account's resources that can be shared with groups —
//! data centers, private images, snapshots, IP blocks, cross-connects, backup units and
//! Kubernetes clusters. Public images belong to no account, so they are neither listed nor
//! shareable. Each appears as `{id, type, href, metadata, properties: {name,
//! secAuthProtection}}` with its own type (`datacenter`, ...) and an href under
//! `/um/resources/{type}/{id}`, and from depth 1 `entities.groups`: the groups it is shared
//! with. An unknown type answers 422 naming the known ones; an unknown id 404.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::family::Request;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::render::{collection, reference, Render};
use crate::sim::{ErrorReply, Reply, Store, StoredObject, World};

/// Each shareable type with the top-level store collection its objects live in.
const TYPES: &[(&str, &str)] = &[
    ("datacenter", "datacenters"),
    ("image", "images"),
    ("snapshot", "snapshots"),
    ("ipblock", "ipblocks"),
    ("pcc", "pccs"),
    ("backupunit", "backupunits"),
    ("k8s", "k8s"),
];

fn shareable(entry: &StoredObject) -> bool {
    !(entry.kind == "image" && entry.properties.get("public").and_then(Value::as_bool) == Some(true))
}

/// The shareable objects of type `kind`, with their paths, oldest first.
fn objects<'a>(store: Store<'a>, kind: &str) -> Vec<(&'a str, &'a StoredObject)> {
    let collection = TYPES.iter().find(|(k, _)| *k == kind).map(|(_, c)| *c).unwrap_or_default();
    store.children(collection).into_iter().filter(|(_, e)| e.link.is_none() && shareable(e)).collect()
}

/// Every shareable object of the account, by type.
pub fn everything(store: Store<'_>) -> Vec<(&str, &StoredObject)> {
    TYPES.iter().flat_map(|(kind, _)| objects(store, kind)).collect()
}

/// The store path of the shareable object with this id, of any type.
pub fn find(store: Store, id: &str) -> Option<String> {
    let id = id.to_ascii_lowercase();
    TYPES
        .iter()
        .map(|(_, collection)| format!("{collection}/{id}"))
        .find(|path| store.get(path).is_some_and(|e| e.link.is_none() && shareable(e)))
}

fn checked_type(kind: &str) -> Result<&str, ErrorReply> {
    TYPES.iter().find(|(k, _)| *k == kind).map(|(k, _)| *k).ok_or_else(|| {
        let known: Vec<&str> = TYPES.iter().map(|(k, _)| *k).collect();
        ErrorReply::validation(format!(
            "Resource type '{kind}' is not one of the shareable types: {}",
            known.join(", ")
        ))
    })
}

/// The shareable object at `path` as a Resource: its name and protection flag, and from
/// depth 1 the groups it is shared with.
pub fn resource(call: &CloudApiCall, world: &World, now: i64, path: &str, entry: &StoredObject, depth: u8) -> Value {
    let href = format!("um/resources/{}/{}", entry.kind, entry.id);
    let full = Render { call, world, now }.object(path, entry, 0);
    let mut properties = Map::new();
    for name in ["name", "secAuthProtection"] {
        properties.insert(name.into(), entry.properties.get(name).cloned().unwrap_or(Value::Null));
    }
    let mut object = json!({
        "id": entry.id,
        "type": entry.kind,
        "href": call.href(&href),
        "metadata": full["metadata"],
        "properties": properties,
    });
    if depth >= 1 {
        let groups: Vec<Value> = world
            .store()
            .links_to(path)
            .into_iter()
            .filter(|(p, _)| paths::segment(p, "shares").is_some())
            .filter_map(|(p, _)| {
                let group = paths::owner(p);
                world.store().get(group).map(|g| reference(call, group, &g.kind, &g.id))
            })
            .collect();
        let id = format!("{}/groups", entry.id);
        object["entities"] = json!({"groups": collection(call, &format!("{href}/groups"), &id, groups)});
    }
    object
}

/// A collection of shareable objects as Resources: references at depth 0, the objects one
/// level shallower deeper.
pub fn resources<'a>(
    call: &CloudApiCall,
    world: &World,
    now: i64,
    path: &str,
    id: &str,
    items: impl IntoIterator<Item = (&'a str, &'a StoredObject)>,
) -> Value {
    let items = items
        .into_iter()
        .map(|(p, e)| match call.depth {
            0 => reference(call, &format!("um/resources/{}/{}", e.kind, e.id), &e.kind, &e.id),
            depth => resource(call, world, now, p, e, depth - 1),
        })
        .collect();
    collection(call, path, id, items)
}

/// `GET /um/resources` and `GET /um/resources/{resource_type}`.
pub fn list(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let body = match request.call.param("resource_type") {
        None => request
            .sim
            .read(|world, now| resources(call, world, now, "um/resources", "resources", everything(world.store())))?,
        Some(kind) => {
            let kind = checked_type(kind)?;
            request.sim.read(|world, now| {
                let path = format!("um/resources/{kind}");
                resources(call, world, now, &path, "resources", objects(world.store(), kind))
            })?
        }
    };
    Ok(call.ok(body))
}

/// `GET /um/resources/{resource_type}/{resource_id}`.
pub fn one(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let kind = checked_type(request.param("resource_type"))?;
    let id = request.param("resource_id");
    let body = request.sim.read(|world, now| {
        let path = find(world.store(), id)?;
        let entry = world.store().get(&path).filter(|e| e.kind == kind)?;
        Some(resource(call, world, now, &path, entry, call.depth))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ErrorReply::not_found)
}
