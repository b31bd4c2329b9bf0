//! The emulator's own endpoints under `/_sim/`, a prefix no real API uses, for tests and
//! benchmarks: `GET /_sim/health`, `POST /_sim/fail-next`, the fault settings
//! (`GET`/`PUT /_sim/faults`, see [`super::faults`]) and the statistics (`GET`/`DELETE
//! /_sim/stats`, `GET /_sim/stats/log`, see [`super::stats`]). They need no credentials.

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::call::{Call, Reply};
use super::error::ErrorReply;
use super::faults::{FaultConfig, FaultKind};
use super::request_body::RequestBody;
use super::state::Shared;

/// The control routes (mounted at the root, outside the API prefixes).
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_sim/health", get(health))
        .route("/_sim/fail-next", post(fail_next))
        .route("/_sim/faults", get(faults).put(set_faults))
        .route("/_sim/faults/next", post(queue_faults))
        .route("/_sim/storage", axum::routing::put(set_storage))
        .route("/_sim/stats", get(stats).delete(reset_stats))
        .route("/_sim/stats/log", get(stats_log))
}

async fn health(call: Call) -> Reply {
    call.ok(json!({"status": "ok"}))
}

/// Makes the next accepted mutation's request end FAILED with `message` instead of DONE.
/// Its change is then undone when the request finishes: a failed create removes the created
/// resource, a failed update restores the previous properties, a failed delete keeps the
/// resource.
async fn fail_next(call: Call, State(sim): State<Shared>, body: RequestBody) -> Result<Reply, ErrorReply> {
    let message = match body.value.get("message") {
        None | Some(Value::Null) => "Request failed (injected by the emulator)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(_) => return Err(ErrorReply::validation("Attribute 'message' must be a string")),
    };
    sim.write(|world, _| world.set_fail_next(&message))?;
    Ok(call.ok(json!({"failNext": message})))
}

async fn faults(call: Call, State(sim): State<Shared>) -> Reply {
    call.ok(serde_json::to_value(sim.faults.config()).unwrap_or_default())
}

/// Replaces the fault settings with the body (missing fields take their defaults).
async fn set_faults(call: Call, State(sim): State<Shared>, body: RequestBody) -> Result<Reply, ErrorReply> {
    let value = if body.value.is_null() { json!({}) } else { body.value };
    let config: FaultConfig = serde_json::from_value(value).map_err(|e| ErrorReply::validation(e.to_string()))?;
    sim.faults.set(config).map_err(ErrorReply::validation)?;
    Ok(call.ok(serde_json::to_value(sim.faults.config()).unwrap_or_default()))
}

/// Makes the next API requests meet the faults `{"kinds": ["500", "drop", ...]}`, in order:
/// one-shot faults for tests that need a particular request to fail.
async fn queue_faults(call: Call, State(sim): State<Shared>, body: RequestBody) -> Result<Reply, ErrorReply> {
    let kinds = body.value.get("kinds").cloned().unwrap_or(Value::Null);
    let kinds: Vec<FaultKind> = serde_json::from_value(kinds)
        .map_err(|_| ErrorReply::validation("'kinds' must be a list of 429, 500, 502, 503, 504, slow or drop"))?;
    sim.faults.queue(&kinds);
    Ok(call.ok(json!({"queued": kinds})))
}

/// Limits how large the state may grow (`{"maxBytes": N}`; `null` lifts the limit): writes
/// needing more room fail as on a full disk, and are answered with an error.
async fn set_storage(call: Call, State(sim): State<Shared>, body: RequestBody) -> Result<Reply, ErrorReply> {
    let max = match body.value.get("maxBytes") {
        None | Some(Value::Null) => None,
        Some(value) => {
            Some(value.as_u64().ok_or_else(|| ErrorReply::validation("'maxBytes' must be a number of bytes or null"))?)
        }
    };
    sim.db().set_max_bytes(max).map_err(|e| ErrorReply::internal(e.to_string()))?;
    Ok(call.ok(json!({"maxBytes": max})))
}

async fn stats(call: Call, State(sim): State<Shared>) -> Reply {
    call.ok(sim.stats.summary())
}

async fn reset_stats(call: Call, State(sim): State<Shared>) -> Reply {
    sim.stats.reset();
    call.ok(json!({"reset": true}))
}

async fn stats_log(call: Call, State(sim): State<Shared>) -> Reply {
    call.ok(json!({"items": sim.stats.log()}))
}
