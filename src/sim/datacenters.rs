//! Data centers: list, get, create, replace (PUT `{"properties":{..}}`), patch (bare
//! properties) and delete (which removes everything in the data center once its request is
//! done). Bodies are checked against the catalog's `DATACENTER` description; what is the
//! data center's own is the location check and the properties it inherits from its location.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::locations;
use super::render::{Page, Render};
use super::resource::{self, checked, properties_of, refuse_entities};
use super::state::Shared;
use crate::catalog::Mode;
use crate::cloudapi::DATACENTER;

const COLLECTION: &str = "datacenters";

/// The data center routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/datacenters", get(list).post(create))
        .route("/datacenters/{id}", get(one).put(replace).patch(patch).delete(delete))
}

fn path(id: &str) -> String {
    format!("{COLLECTION}/{}", id.to_ascii_lowercase())
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    let page = Page::from_call(&call)?;
    let body = sim.read(|world, now| {
        Render { call: &call, world, now }.stored_collection(COLLECTION, COLLECTION, call.depth, Some(page)).0
    })?;
    Ok(call.ok(body))
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    let body = sim.read(|world, now| resource::rendered(&call, world, now, &path(&id)))?;
    body.map(|b| call.ok(b)).ok_or_else(ApiError::not_found)
}

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    let given = properties_of(&body.value)?;
    refuse_entities(&DATACENTER, &body.value)?;
    let mut properties = checked(&DATACENTER, given, Mode::Create)?.properties;
    let location = properties.get("location").and_then(Value::as_str).unwrap_or_default();
    let location = locations::find(location).ok_or_else(|| {
        ApiError::validation(format!("Attribute 'location' must be one of {} (got '{location}')", locations::ids()))
    })?;
    properties.insert("features".into(), location.features());
    properties.insert("cpuArchitecture".into(), location.cpu_architecture());
    resource::create(&call, &sim, &body.raw, &DATACENTER, COLLECTION, properties)
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = properties_of(&body.value)?;
    refuse_entities(&DATACENTER, &body.value)?;
    resource::update(&call, &sim, &body.raw, &DATACENTER, &path(&id), given, true)
}

async fn patch(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = body
        .value
        .as_object()
        .ok_or_else(|| ApiError::validation("The request body must be an object of data center properties"))?;
    resource::update(&call, &sim, &body.raw, &DATACENTER, &path(&id), given, false)
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&id))
}
