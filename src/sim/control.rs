//! Emulator-only endpoints under `/_sim/`, a prefix the real API never uses, for tests:
//! `GET /_sim/health`, `POST /_sim/fail-next`, and the fault ([`super::faults`]) and statistics
//! ([`super::stats`]) controls. They need no credentials.

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::body::Body;
use super::call::{ApiError, Call, Reply};
use super::state::Shared;

/// The control routes (mounted at the root, outside the API prefixes).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_sim/health", get(health))
        .route("/_sim/fail-next", post(fail_next))
        .merge(super::faults::routes())
        .merge(super::stats::routes())
}

async fn health(call: Call) -> Reply {
    call.ok(json!({"status": "ok"}))
}

/// Makes the next accepted mutation's request end FAILED with `message` instead of DONE.
/// Its change is then undone when the request finishes: a failed create removes the created
/// resource, a failed update restores the previous properties, a failed delete keeps the
/// resource.
async fn fail_next(call: Call, State(sim): State<Shared>, body: Body) -> Result<Reply, ApiError> {
    let message = match body.value.get("message") {
        None | Some(Value::Null) => "Request failed (injected by the emulator)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(ApiError::validation("Attribute 'message' must be a string")),
    };
    sim.write(|world, _| {
        world.fail_next = Some(message.clone());
        Ok(())
    })?;
    Ok(call.ok(json!({"failNext": message})))
}
