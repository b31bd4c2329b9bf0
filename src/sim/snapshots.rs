//! Snapshots: made by a volume's `create-snapshot` (see [`volumes`](super::volumes)), listed
//! account-wide, changed (name, description, licence type, hot-plug flags) and deleted here.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::resource::{self, child_path};
use super::state::Shared;
use crate::provider::ionos::SNAPSHOT;

/// The snapshot routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/snapshots", get(list))
        .route("/snapshots/{id}", get(one).put(replace).patch(patch).delete(delete))
}

fn path(id: &str) -> String {
    child_path("", "snapshots", id)
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, "", "snapshots", false)
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&id))
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::properties_of(&body.value, "")?;
    resource::update(&call, &sim, &body.raw, &SNAPSHOT, &path(&id), given, true, |_, _, _| Ok(()))
}

async fn patch(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    let given = resource::patch_of(&body.value, &SNAPSHOT)?;
    resource::update(&call, &sim, &body.raw, &SNAPSHOT, &path(&id), given, false, |_, _, _| Ok(()))
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::delete(&call, &sim, &path(&id), |_, _| Ok(Vec::new()))
}
