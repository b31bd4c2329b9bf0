//! `/um/users`: the account's users. `email` is required and unique (case-insensitive, 422
//! otherwise), and so are `firstname`, `lastname` and `password`; the password is never
//! stored, so no answer shows it. `s3CanonicalUserId` is given at creation. A PUT changes the
//! properties it names and keeps the others (ionosh's client sends the whole user anyway).
//! Deleting a user removes them from every group and deletes their S3 keys. `/groups` lists
//! the groups a user is in; `/owns` the shareable resources they created (matched by e-mail).
//! The list is paged as on v6 (default and largest `limit` 100).

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::families::shareable;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::render::{collection, reference, Page, Render};
use crate::provider::ionos::sim::shape::resource::{self, check_create, child_path, in_field_order, invalid};
use crate::provider::ionos::USER;
use crate::sim::crud::Unnamed;
use crate::sim::{ErrorReply, Mutation, Reply, Store, StoredObject};

/// What users have of their own; a PUT changes what it names and keeps the rest.
pub static USERS: Family = Family { build: Some(build), adjust: Some(adjust), put: Unnamed::Kept, ..Family::of(&USER) };

/// The store path of user `id`.
pub fn path(id: &str) -> String {
    child_path("um", "users", id)
}

/// Refuses an e-mail address another user (not the one at `own`) already has.
fn check_email(store: Store, own: &str, properties: &Map<String, Value>) -> Result<(), ErrorReply> {
    let Some(email) = properties.get("email").and_then(Value::as_str) else {
        return Ok(());
    };
    let taken = store.children("um/users").into_iter().any(|(p, e)| {
        p != own && e.properties.get("email").and_then(Value::as_str).is_some_and(|m| m.eq_ignore_ascii_case(email))
    });
    if taken {
        return Err(invalid("", "email", format!("must be unique: a user with e-mail {email} already exists")));
    }
    Ok(())
}

/// `GET /um/users`: paged, at most 100 a page.
pub fn list(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let offset = call.int_param("offset", 0, 0, i64::from(u32::MAX))?;
    let limit = call.int_param("limit", 100, 1, 100)?;
    let page = Page { offset: usize::try_from(offset).unwrap_or(0), limit: usize::try_from(limit).unwrap_or(100) };
    let body = request.sim.read(|world, now| {
        Render { call, world, now }.stored_collection("um/users", "users", call.depth, Some(page))
    })?;
    Ok(call.ok(body))
}

/// Checks a user body (an e-mail, when given, unique: it is the login) and creates the user,
/// never keeping the password; returns the user's path. The spec requires no field.
fn build(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&USER, body, "")?.properties;
    let path = path(&resource::new_id());
    check_email(tx.store(), &path, &properties)?;
    properties.remove("password");
    for (name, default) in [("administrator", false), ("forceSecAuth", false), ("secAuthActive", false)] {
        properties.entry(name).or_insert(json!(default));
    }
    properties.entry("active").or_insert(json!(true));
    properties.insert("s3CanonicalUserId".into(), json!(format!("{:064x}", rand::random::<u128>())));
    tx.create(&path, "user", in_field_order(&USER, properties));
    Ok(path)
}

/// A changed password is never kept; the e-mail stays unique.
fn adjust(
    tx: &mut Mutation,
    user: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    properties.remove("password");
    check_email(tx.store(), user, properties)
}

/// `GET /um/users/{user_id}/groups`: the groups the user is in.
pub fn groups(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let user = request.object();
    let body = request.sim.read(|world, now| {
        let entry = world.store().get(&user)?;
        let render = Render { call, world, now };
        let items = world
            .store()
            .links_to(&user)
            .into_iter()
            .filter(|(p, _)| paths::segment(p, "groups").is_some())
            .filter_map(|(p, _)| {
                let group = paths::owner(p);
                let found = world.store().get(group)?;
                Some(if call.depth >= 1 {
                    as_resource(render.object(group, found, call.depth - 1))
                } else {
                    reference(call, group, &found.kind, &found.id)
                })
            })
            .collect();
        Some(collection(call, &format!("{user}/groups"), &format!("{}/groups", entry.id), items))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ErrorReply::not_found)
}

/// `GET /um/users/{user_id}/owns`: the shareable resources the user created.
pub fn owns(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let user = request.object();
    let body = request.sim.read(|world, now| {
        let entry = world.store().get(&user)?;
        let email = entry.properties.get("email").and_then(Value::as_str).unwrap_or_default();
        let owned = shareable::everything(world.store())
            .into_iter()
            .filter(|(_, e)| e.meta.created_by.name.eq_ignore_ascii_case(email));
        Some(shareable::resources(call, world, now, &format!("{user}/owns"), &format!("{}/owns", entry.id), owned))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ErrorReply::not_found)
}

/// A group as a user's group list shows it: the spec's `Resource`, whose properties are the
/// name and `secAuthProtection` (null: groups have none).
fn as_resource(mut group: Value) -> Value {
    let name = group["properties"]["name"].take();
    group["properties"] = json!({ "name": name, "secAuthProtection": null });
    group
}
