//! IP blocks: public addresses reserved in a seeded location. The addresses are allocated at
//! creation from the location's block range (see [`addresses`](super::addresses)) and the
//! size never changes; `ipConsumers` lists the NICs and load balancers using them. A block
//! whose addresses are in use cannot be deleted (422): free them first.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::addresses;
use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::contracts;
use super::derived;
use super::jobs::OnDone;
use super::locations;
use super::resource::{self, check_create, child_path, in_field_order, invalid};
use super::state::Shared;
use crate::provider::ionos::IPBLOCK;

/// The IP block routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/ipblocks", get(list).post(create))
        .route("/ipblocks/{id}", get(one).put(replace).patch(patch).delete(delete))
}

fn path(id: &str) -> String {
    child_path("", "ipblocks", id)
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, "", "ipblocks", true)
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&id))
}

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx| {
        let mut properties = check_create(&IPBLOCK, &body.value, "")?.properties;
        let location = properties.get("location").and_then(Value::as_str).unwrap_or_default().to_string();
        if locations::find(&location).is_none() {
            return Err(invalid("", "location", format!("must be one of {} (got '{location}')", locations::ids())));
        }
        let size = properties.get("size").and_then(Value::as_u64).and_then(|s| u32::try_from(s).ok()).unwrap_or(1);
        properties.insert("ips".into(), json!(addresses::reserve_block(tx.store(), &location, size)));
        let path = path(&resource::new_id());
        contracts::check(tx.store(), &path, "ipblock", &properties)?;
        tx.create(&path, "ipblock", in_field_order(&IPBLOCK, properties));
        Ok(Some(path))
    })
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::properties_of(&body.value, "")?;
    resource::update(&call, &sim, &body.raw, &IPBLOCK, &path(&id), given, true, |_, _, _| Ok(()))
}

async fn patch(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::patch_of(&body.value, &IPBLOCK)?;
    resource::update(&call, &sim, &body.raw, &IPBLOCK, &path(&id), given, false, |_, _, _| Ok(()))
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    let block = path(&id);
    resource::delete(&call, &sim, &block, |world, entry| {
        let mut properties = entry.properties.clone();
        derived::apply(&world.store, &block, entry, &mut properties);
        let used: Vec<&str> = properties
            .get("ipConsumers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|c| c.get("ip").and_then(Value::as_str))
            .collect();
        if used.is_empty() {
            Ok(Vec::new())
        } else {
            Err(ApiError::validation(format!(
                "IP block {} is in use ({}): remove the addresses from NICs and load balancers first",
                entry.id,
                used.join(", ")
            )))
        }
    })
}
