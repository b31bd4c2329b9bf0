//! `/um/groups`: groups of users with privileges, their members and their shares. A group's
//! name is required and unique (422); privileges left out are false; a PUT changes what it
//! names and keeps the rest. Members are links to users (`POST .../users` with `{"id"}`, the
//! user must exist and not be a member yet, 422 otherwise). A share is a link to a shareable
//! resource (see [`shareable`]) carrying `editPrivilege` and `sharePrivilege`: the resource
//! must exist (404) and not be shared with the group yet (422); a share goes when its
//! resource goes, and `/resources` lists the group's shared resources. Deleting a group
//! removes its memberships and shares; its users stay.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::jobs::OnDone;
use super::render::{collection, reference};
use super::resource::{self, check_create, child_path, in_field_order, invalid};
use super::shareable;
use super::state::{Shared, World};
use super::store::Store;
use super::tx::Tx;
use super::users;
use crate::catalog::{FieldType, Mode};
use crate::provider::ionos::{GROUP, SHARE};

/// The group routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/um/groups", get(list).post(create))
        .route("/um/groups/{id}", get(one).put(replace).delete(delete))
        .route("/um/groups/{id}/resources", get(resources))
        .route("/um/groups/{id}/users", get(members).post(add_member))
        .route("/um/groups/{id}/users/{user}", axum::routing::delete(remove_member))
        .route("/um/groups/{id}/shares", get(shares))
        .route("/um/groups/{id}/shares/{resource}", get(share).post(add_share).put(change_share).delete(remove_share))
}

fn path(id: &str) -> String {
    child_path("um", "groups", id)
}

/// Refuses a name another group (not the one at `own`) already has.
fn check_name(store: &Store, own: &str, properties: &Map<String, Value>) -> Result<(), ApiError> {
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

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, "", "um/groups", false)
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&id))
}

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx: &mut Tx| {
        let mut properties = check_create(&GROUP, &body.value, "")?.properties;
        if !properties.contains_key("name") {
            return Err(invalid("", "name", "is required"));
        }
        let path = path(&resource::new_id());
        check_name(tx.store(), &path, &properties)?;
        for field in GROUP.fields.iter().filter(|f| f.ty == FieldType::Bool) {
            properties.entry(field.api).or_insert(json!(false));
        }
        tx.create(&path, "group", in_field_order(&GROUP, properties));
        Ok(Some(path))
    })
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::properties_of(&body.value, "")?;
    let group = path(&id);
    resource::update(&call, &sim, &body.raw, &GROUP, &group, given, false, |tx, _, properties| {
        check_name(tx.store(), &group, properties)
    })
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&id), |_, _| Ok(Vec::new()))
}

async fn members(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, &path(&id), "users", false)
}

async fn add_member(
    call: Call,
    State(sim): State<Shared>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Reply, ApiError> {
    let group = path(&id);
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx| {
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

async fn remove_member(
    call: Call,
    State(sim): State<Shared>,
    Path((id, user)): Path<(String, String)>,
) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &child_path(&path(&id), "users", &user), |_, _| Ok(Vec::new()))
}

async fn resources(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    let group = path(&id);
    let body = sim.read(|world, now| {
        let entry = world.store.get(&group)?;
        let shared =
            world.store.children(&format!("{group}/shares")).into_iter().filter_map(|(p, _)| world.store.resolve(p));
        let (path, id) = (format!("{group}/resources"), format!("{}/resources", entry.id));
        Some(shareable::resources(&call, world, now, &path, &id, shared))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

/// A share as the API shows it: the resource's id, type `resource`, and the privileges.
fn share_object(call: &Call, world: &World, path: &str, depth: u8) -> Option<Value> {
    let entry = world.store.get(path)?;
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

async fn shares(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    let group = path(&id);
    let body = sim.read(|world, _| {
        let entry = world.store.get(&group)?;
        let path = format!("{group}/shares");
        let items = world
            .store
            .children(&path)
            .into_iter()
            .filter_map(|(p, _)| share_object(&call, world, p, call.depth))
            .collect();
        Some(collection(&call, &path, &format!("{}/shares", entry.id), items))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

async fn share(
    call: Call,
    State(sim): State<Shared>,
    Path((id, resource)): Path<(String, String)>,
) -> Result<Reply, ApiError> {
    let share = child_path(&path(&id), "shares", &resource);
    let body = sim.read(|world, _| share_object(&call, world, &share, call.depth.max(1)))?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

/// The privileges of a share body (`{"properties": {...}}`, which may be left out).
fn privileges(body: &Value, current: Option<&Map<String, Value>>) -> Result<Map<String, Value>, ApiError> {
    let given = body.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
    let mode = match current {
        Some(current) => Mode::Update { current },
        None => Mode::Create,
    };
    let mut properties = SHARE.normalize(&given, mode).map_err(|e| ApiError::field(&e))?.properties;
    for name in ["editPrivilege", "sharePrivilege"] {
        let kept = current.and_then(|c| c.get(name)).cloned().unwrap_or(json!(false));
        properties.entry(name).or_insert(kept);
    }
    Ok(in_field_order(&SHARE, properties))
}

/// Accepts a change of the share at `share` made by `f`, answering with the share.
fn accept_share(
    call: &Call,
    sim: &Shared,
    raw: &str,
    share: &str,
    f: impl FnOnce(&mut Tx) -> Result<(), ApiError>,
) -> Result<Reply, ApiError> {
    sim.write(|world, now| {
        let mut tx = Tx::new(world, now, call);
        if let Err(e) = f(&mut tx).and_then(|()| tx.target(share)) {
            tx.abort();
            return Err(e);
        }
        let record = tx.submit(raw, OnDone::Nothing, sim.delay_ms())?;
        Ok(call.accepted(&record, share_object(call, world, share, 1)))
    })
}

async fn add_share(
    call: Call,
    State(sim): State<Shared>,
    Path((id, resource)): Path<(String, String)>,
    body: Body,
) -> Result<Reply, ApiError> {
    let group = path(&id);
    let share = child_path(&group, "shares", &resource);
    accept_share(&call, &sim, &body.raw, &share, |tx| {
        resource::existing(tx.world, &group)?;
        let target = shareable::find(tx.store(), &resource).ok_or_else(ApiError::not_found)?;
        if tx.store().get(&share).is_some() {
            return Err(ApiError::validation(format!("Resource {resource} is already shared with this group")));
        }
        tx.link(&share, &target, privileges(&body.value, None)?)
    })
}

async fn change_share(
    call: Call,
    State(sim): State<Shared>,
    Path((id, resource)): Path<(String, String)>,
    body: Body,
) -> Result<Reply, ApiError> {
    let share = child_path(&path(&id), "shares", &resource);
    accept_share(&call, &sim, &body.raw, &share, |tx| {
        let current = tx.store().get(&share).ok_or_else(ApiError::not_found)?.properties.clone();
        let properties = privileges(&body.value, Some(&current))?;
        tx.change(&share, |p| *p = properties)
    })
}

async fn remove_share(
    call: Call,
    State(sim): State<Shared>,
    Path((id, resource)): Path<(String, String)>,
) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &child_path(&path(&id), "shares", &resource), |_, _| Ok(Vec::new()))
}
