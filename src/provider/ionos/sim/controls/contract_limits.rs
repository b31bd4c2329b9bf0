//! `POST /_sim/contract` (emulator-only, no credentials, mounted at the root like the other
//! `/_sim/` controls): overrides the contract's resource limits for tests. The body is an
//! object of `resourceLimits` names and integers, e.g. `{"coresPerContract": 4}`; `null`
//! puts a limit back to its default; unknown names and non-integers are refused (422). The
//! answer is the complete set of limits now in force. Overrides are kept with the state.

use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde_json::{Map, Value};

use crate::provider::ionos::sim::families::contracts::{DEFAULTS, OVERRIDES};
use crate::sim::{Author, Call, ErrorReply, Meta, Reply, RequestBody, Shared, StoredObject};

/// The contract control route (mounted at the root, outside the API prefixes).
pub fn routes() -> Router<Shared> {
    Router::new().route("/_sim/contract", post(set_limits))
}

async fn set_limits(call: Call, State(sim): State<Shared>, body: RequestBody) -> Result<Reply, ErrorReply> {
    let Some(given) = body.value.as_object() else {
        return Err(ErrorReply::validation("The body must be an object of resourceLimits names and integers"));
    };
    let names: Vec<&str> = DEFAULTS.iter().map(|(n, _)| *n).collect();
    for (name, value) in given {
        if !names.contains(&name.as_str()) {
            return Err(ErrorReply::validation(format!(
                "'{name}' is not a settable resource limit (allowed: {})",
                names.join(", ")
            )));
        }
        if !value.is_null() && value.as_i64().is_none_or(|v| v < 0) {
            return Err(ErrorReply::validation(format!("Limit '{name}' must be a non-negative integer or null")));
        }
    }
    let limits = sim.write(|world, now| {
        let mut overrides = world.store().get(OVERRIDES).map(|e| e.properties.clone()).unwrap_or_default();
        for (name, value) in given {
            if value.is_null() {
                overrides.remove(name);
            } else {
                overrides.insert(name.clone(), value.clone());
            }
        }
        let emulator = Author { name: "emulator".into(), id: "00000000-0000-0000-0000-000000000000".into() };
        let id = OVERRIDES.rsplit('/').next().unwrap_or_default();
        world.insert(OVERRIDES, StoredObject::new("contract", id, Meta::new(&emulator, now), overrides.clone()))?;
        let limits: Map<String, Value> = DEFAULTS
            .iter()
            .map(|(name, default)| (name.to_string(), overrides.get(*name).cloned().unwrap_or((*default).into())))
            .collect();
        Ok(limits)
    })?;
    Ok(call.ok(Value::Object(limits)))
}
