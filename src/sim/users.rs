//! `/um/users`: the account's users. `email` is required and unique (case-insensitive, 422
//! otherwise), and so are `firstname`, `lastname` and `password`; the password is never
//! stored, so no answer shows it. `s3CanonicalUserId` is given at creation. A PUT changes the
//! properties it names and keeps the others (ionosh's client sends the whole user anyway).
//! Deleting a user removes them from every group and deletes their S3 keys. `/groups` lists
//! the groups a user is in; `/owns` the shareable resources they created (matched by e-mail).
//! The list is paged as on v6 (default and largest `limit` 100).

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::derived;
use super::jobs::OnDone;
use super::render::{collection, reference, Page, Render};
use super::resource::{self, check_create, child_path, in_field_order, invalid};
use super::shareable;
use super::state::Shared;
use super::store::Store;
use super::tx::Tx;
use crate::provider::ionos::USER;

/// The user routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/um/users", get(list).post(create))
        .route("/um/users/{id}", get(one).put(replace).delete(delete))
        .route("/um/users/{id}/groups", get(groups))
        .route("/um/users/{id}/owns", get(owns))
}

/// The store path of user `id`.
pub fn path(id: &str) -> String {
    child_path("um", "users", id)
}

/// Refuses an e-mail address another user (not the one at `own`) already has.
fn check_email(store: &Store, own: &str, properties: &Map<String, Value>) -> Result<(), ApiError> {
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

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    let offset = call.int_param("offset", 0, 0, i64::from(u32::MAX))?;
    let limit = call.int_param("limit", 100, 1, 100)?;
    let page = Page { offset: usize::try_from(offset).unwrap_or(0), limit: usize::try_from(limit).unwrap_or(100) };
    let body = sim.read(|world, now| {
        Render { call: &call, world, now }.stored_collection("um/users", "users", call.depth, Some(page)).0
    })?;
    Ok(call.ok(body))
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&id))
}

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx: &mut Tx| {
        let mut properties = check_create(&USER, &body.value, "")?.properties;
        for name in ["firstname", "lastname", "email", "password"] {
            if !properties.contains_key(name) {
                return Err(invalid("", name, "is required"));
            }
        }
        let path = path(&resource::new_id());
        check_email(tx.store(), &path, &properties)?;
        properties.remove("password");
        for (name, default) in [("administrator", false), ("forceSecAuth", false), ("secAuthActive", false)] {
            properties.entry(name).or_insert(json!(default));
        }
        properties.entry("active").or_insert(json!(true));
        properties.insert("s3CanonicalUserId".into(), json!(format!("{:064x}", rand::random::<u128>())));
        tx.create(&path, "user", in_field_order(&USER, properties));
        Ok(Some(path))
    })
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::properties_of(&body.value, "")?;
    let user = path(&id);
    resource::update(&call, &sim, &body.raw, &USER, &user, given, false, |tx, _, properties| {
        properties.remove("password");
        check_email(tx.store(), &user, properties)
    })
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&id), |_, _| Ok(Vec::new()))
}

async fn groups(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    let user = path(&id);
    let body = sim.read(|world, now| {
        let entry = world.store.get(&user)?;
        let render = Render { call: &call, world, now };
        let items = world
            .store
            .links_to(&user)
            .filter(|(p, _)| derived::segment(p, "groups").is_some())
            .filter_map(|(p, _)| {
                let group = derived::owner(p);
                let found = world.store.get(group)?;
                Some(if call.depth >= 1 {
                    render.object(group, found, call.depth - 1)
                } else {
                    reference(&call, group, &found.kind, &found.id)
                })
            })
            .collect();
        Some(collection(&call, &format!("{user}/groups"), &format!("{}/groups", entry.id), items))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

async fn owns(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    let user = path(&id);
    let body = sim.read(|world, now| {
        let entry = world.store.get(&user)?;
        let email = entry.properties.get("email").and_then(Value::as_str).unwrap_or_default();
        let owned = shareable::everything(&world.store)
            .into_iter()
            .filter(|(_, e)| e.meta.created_by.name.eq_ignore_ascii_case(email));
        Some(shareable::resources(&call, world, now, &format!("{user}/owns"), &format!("{}/owns", entry.id), owned))
    })?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}
