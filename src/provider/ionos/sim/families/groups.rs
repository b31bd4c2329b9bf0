//! `/um/groups`: groups of users with privileges, their members and their shares. A group's
//! name is required and unique (422); privileges left out are false; a PUT changes what it
//! names and keeps the rest. Members are links to users (`POST .../users` with `{"id"}`, the
//! user must exist and not be a member yet, 422 otherwise). A share is a link to a shareable
//! resource (see [`shareable`]) carrying `editPrivilege` and `sharePrivilege`: the resource
//! must exist (404) and not be shared with the group yet (422); a share goes when its
//! resource goes, and `/resources` lists the group's shared resources. Deleting a group
//! removes its memberships and shares; its users stay.

use serde_json::{json, Map, Value};

use crate::catalog::{FieldType, Mode};
use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::families::shareable;
use crate::provider::ionos::sim::families::users;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::render::{collection, reference};
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, child_path, in_field_order, invalid, refused, CloudApiShape,
};
use crate::provider::ionos::{GROUP, SHARE};
use crate::sim::crud::Unnamed;
use crate::sim::{ErrorReply, Mutation, Reply, Shape as _, Shared, Store, StoredObject, World};

/// What groups have of their own; a PUT changes what it names and keeps the rest.
pub static GROUPS: Family =
    Family { build: Some(build), adjust: Some(adjust), put: Unnamed::Kept, ..Family::of(&GROUP) };

fn path(id: &str) -> String {
    child_path("um", "groups", id)
}

/// Refuses a name another group (not the one at `own`) already has.
fn check_name(store: Store, own: &str, properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let Some(name) = properties.get("name").and_then(Value::as_str) else {
        return Ok(());
    };
    let taken = store
        .children("um/groups")
        .into_iter()
        .any(|(p, e)| p != own && e.properties.get("name").and_then(Value::as_str) == Some(name));
    if taken {
        return Err(invalid("", "name", format!("must be unique: a group named '{name}' already exists")));
    }
    Ok(())
}

/// Checks a group body (a name, when given, unique; privileges left out false) and creates
/// the group; returns its path. The spec requires no field.
fn build(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&GROUP, body, "")?.properties;
    let path = path(&resource::new_id());
    check_name(tx.store(), &path, &properties)?;
    for field in GROUP.fields.iter().filter(|f| f.ty == FieldType::Bool) {
        properties.entry(field.api).or_insert(json!(false));
    }
    tx.create(&path, "group", in_field_order(&GROUP, properties));
    Ok(path)
}

/// A renamed group keeps a unique name.
fn adjust(
    tx: &mut Mutation,
    group: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    check_name(tx.store(), group, properties)
}

/// `POST /um/groups/{group_id}/users` with `{"id"}`: a user of the account joins the group.
pub fn add_member(request: &Request) -> Result<Reply, ErrorReply> {
    let group = request.object();
    let body = &request.body;
    resource::accept(request.call, request.sim, &body.raw, |tx| {
        resource::existing(tx.world, &group)?;
        let user_id = body.value.get("id").and_then(Value::as_str).ok_or_else(|| invalid("", "id", "is required"))?;
        let user = users::path(user_id);
        if tx.store().get(&user).is_none() {
            return Err(invalid("", "id", format!("must name a user of the account (got '{user_id}')")));
        }
        let link = format!("{group}/users/{}", user_id.to_ascii_lowercase());
        if tx.store().get(&link).is_some() {
            return Err(invalid("", "id", format!("names user {user_id}, who is already in the group")));
        }
        tx.link(&link, &user, Map::new())?;
        tx.target(&link)?;
        Ok(Some(link))
    })
}

/// `GET /um/groups/{group_id}/resources`: what is shared with the group.
pub fn resources(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let group = request.object();
    let body = request.sim.read(|world, now| {
        let entry = world.store().get(&group)?;
        let shared = world
            .store()
            .children(&format!("{group}/shares"))
            .into_iter()
            .filter_map(|(p, _)| world.store().resolve(p));
        let (path, id) = (format!("{group}/resources"), format!("{}/resources", entry.id));
        Some(shareable::resources(call, world, now, &path, &id, shared))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ErrorReply::not_found)
}

/// A share as the API shows it: the resource's id, type `resource`, and the privileges.
fn share_object(call: &CloudApiCall, world: &World, path: &str, depth: u8) -> Option<Value> {
    let entry = world.store().get(path)?;
    if depth == 0 {
        return Some(reference(call, path, "resource", &entry.id));
    }
    Some(json!({
        "id": entry.id,
        "type": "resource",
        "href": call.href(path),
        "properties": entry.properties,
    }))
}

/// `GET /um/groups/{group_id}/shares`.
pub fn shares(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let group = request.object();
    let body = request.sim.read(|world, _| {
        let entry = world.store().get(&group)?;
        let path = format!("{group}/shares");
        let items = world
            .store()
            .children(&path)
            .into_iter()
            .filter_map(|(p, _)| share_object(call, world, p, call.depth))
            .collect();
        Some(collection(call, &path, &format!("{}/shares", entry.id), items))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ErrorReply::not_found)
}

/// `GET /um/groups/{group_id}/shares/{resource_id}`.
pub fn share(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let share = request.path();
    let body = request.sim.read(|world, _| share_object(call, world, &share, call.depth.max(1)))?;
    body.map(|b| call.ok(b)).ok_or_else(ErrorReply::not_found)
}

/// The privileges of a share body (`{"properties": {...}}`, which may be left out).
fn privileges(body: &Value, current: Option<&Map<String, Value>>) -> Result<Map<String, Value>, ErrorReply> {
    let given = body.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    let mode = match current {
        Some(current) => Mode::Update { current },
        None => Mode::Create,
    };
    let mut properties = SHARE.normalize(&given, mode).map_err(|e| refused(&e))?.properties;
    for name in ["editPrivilege", "sharePrivilege"] {
        let kept = current.and_then(|c| c.get(name)).cloned().unwrap_or(json!(false));
        properties.entry(name).or_insert(kept);
    }
    Ok(in_field_order(&SHARE, properties))
}

/// Accepts a change of the share at `share` made by `f`, answering with the share.
fn accept_share(
    call: &CloudApiCall,
    sim: &Shared,
    raw: &str,
    share: &str,
    f: impl FnOnce(&mut Mutation) -> Result<(), ErrorReply>,
) -> Result<Reply, ErrorReply> {
    let record = sim.write(|world, now| {
        let mut tx = Mutation::new(world, now, call);
        if let Err(e) = f(&mut tx).and_then(|()| tx.target(share)) {
            return Err(tx.refuse(e));
        }
        tx.submit(raw, CloudApiShape.ending(call.effect()), sim)
    })?;
    let shown = sim.read(|world, _| share_object(call, world, share, 1))?;
    Ok(call.accepted(&record, shown))
}

/// `POST /um/groups/{group_id}/shares/{resource_id}`: shares a resource with the group.
pub fn add_share(request: &Request) -> Result<Reply, ErrorReply> {
    let (group, share, body) = (path(request.param("group_id")), request.path(), request.body);
    let resource = request.param("resource_id");
    accept_share(request.call, request.sim, &body.raw, &share, |tx| {
        resource::existing(tx.world, &group)?;
        let target = shareable::find(tx.store(), resource).ok_or_else(ErrorReply::not_found)?;
        if tx.store().get(&share).is_some() {
            return Err(ErrorReply::validation(format!("Resource {resource} is already shared with this group")));
        }
        tx.link(&share, &target, privileges(&body.value, None)?)
    })
}

/// `PUT /um/groups/{group_id}/shares/{resource_id}`: changes a share's privileges.
pub fn change_share(request: &Request) -> Result<Reply, ErrorReply> {
    let (share, body) = (request.path(), request.body);
    accept_share(request.call, request.sim, &body.raw, &share, |tx| {
        let current = tx.store().get(&share).ok_or_else(ErrorReply::not_found)?.properties.clone();
        let properties = privileges(&body.value, Some(&current))?;
        tx.change(&share, |p| *p = properties)
    })
}
