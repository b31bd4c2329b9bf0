//! Images: the public catalogue (see [`catalogue`](super::catalogue)) and nothing else, since
//! images are uploaded, never created through the API. They can be read; changing or
//! deleting a public image is refused with 403.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Router;
use serde_json::Value;

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::resource::{self, child_path};
use super::state::Shared;
use crate::provider::ionos::IMAGE;

/// The image routes.
pub fn routes() -> Router<Shared> {
    Router::new().route("/images", get(list)).route("/images/{id}", get(one).put(replace).patch(patch).delete(delete))
}

fn path(id: &str) -> String {
    child_path("", "images", id)
}

async fn list(call: Call, State(sim): State<Shared>) -> Result<Reply, ApiError> {
    resource::list(&call, &sim, "", "images", false)
}

async fn one(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    resource::one(&call, &sim, &path(&id))
}

/// 404 for an unknown image, 403 for a public one.
fn refuse_public(sim: &Shared, id: &str) -> Result<(), ApiError> {
    let public = sim.read(|world, _| {
        world.store.get(&path(id)).map(|e| e.properties.get("public").and_then(Value::as_bool) == Some(true))
    })?;
    match public {
        None => Err(ApiError::not_found()),
        Some(true) => {
            Err(ApiError::forbidden(format!("Image {id} is a public image: it cannot be changed or deleted")))
        }
        Some(false) => Ok(()),
    }
}

async fn replace(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    refuse_public(&sim, &id)?;
    let given = resource::properties_of(&body.value, "")?;
    resource::update(&call, &sim, &body.raw, &IMAGE, &path(&id), given, true, |_, _, _| Ok(()))
}

async fn patch(call: Call, State(sim): State<Shared>, Path(id): Path<String>, body: Body) -> Result<Reply, ApiError> {
    refuse_public(&sim, &id)?;
    let given = resource::patch_of(&body.value, &IMAGE)?;
    resource::update(&call, &sim, &body.raw, &IMAGE, &path(&id), given, false, |_, _, _| Ok(()))
}

async fn delete(call: Call, State(sim): State<Shared>, Path(id): Path<String>) -> Result<Reply, ApiError> {
    refuse_public(&sim, &id)?;
    resource::delete(&call, &sim, &path(&id), |_, _| Ok(Vec::new()))
}
