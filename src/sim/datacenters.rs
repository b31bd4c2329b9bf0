//! Data centers: list, get, create (with nested LANs, volumes, servers and load balancers,
//! in that order, all in one request whose targets list every created object), replace (PUT
//! `{"properties":{..}}`), patch (bare properties) and delete (which removes everything in
//! the data center once its request is done). What is the data center's own is the location
//! check and the properties it inherits from its location.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::family::Build;
use super::jobs::OnDone;
use super::resource::{self, check_create, children, datacenter_path, in_field_order, invalid, properties_of};
use super::state::Shared;
use super::{lans, loadbalancers, locations, servers, volumes};
use crate::provider::ionos::DATACENTER;

const COLLECTION: &str = "datacenters";

/// The data center routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/datacenters", get(list).post(create))
        .route("/datacenters/{id}", get(one).put(replace).patch(patch).delete(delete))
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, "", COLLECTION, true)
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &datacenter_path(&id))
}

/// The nested collections a data center is created with, in the order they are made: LANs
/// first, so nested NICs naming LAN 1, 2, ... connect to them.
const NESTED: &[(&str, Build)] = &[
    ("lans", lans::build),
    ("volumes", volumes::build),
    ("servers", servers::build),
    ("loadbalancers", loadbalancers::build),
];

async fn create(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    resource::accept(&call, &sim, &body.raw, OnDone::Nothing, |tx| {
        let checked = check_create(&DATACENTER, &body.value, "")?;
        let mut properties = checked.properties.clone();
        let location = properties.get("location").and_then(Value::as_str).unwrap_or_default();
        let location = locations::find(location).ok_or_else(|| {
            invalid("", "location", format!("must be one of {} (got '{location}')", locations::ids()))
        })?;
        properties.insert("version".into(), json!(1));
        properties.insert("features".into(), location.features());
        properties.insert("cpuArchitecture".into(), location.cpu_architecture());
        let path = datacenter_path(&resource::new_id());
        tx.create(&path, "datacenter", in_field_order(&DATACENTER, properties));
        for (name, build) in NESTED {
            for (at, item) in children(&checked, name, "") {
                build(tx, &path, item, &at)?;
            }
        }
        Ok(Some(path))
    })
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = properties_of(&body.value, "")?;
    resource::update(&call, &sim, &body.raw, &DATACENTER, &datacenter_path(&id), given, true, |_, _, _| Ok(()))
}

async fn patch(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::patch_of(&body.value, &DATACENTER)?;
    resource::update(&call, &sim, &body.raw, &DATACENTER, &datacenter_path(&id), given, false, |_, _, _| Ok(()))
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &datacenter_path(&id), |_, _| Ok(Vec::new()))
}
