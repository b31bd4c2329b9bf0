//! The emulator's control that enrolls an endpoint or a customer-hosted router as its device
//! would with its one-time token (`POST /_sim/netfoundry/{endpoints|edge-routers}/{id}/enroll`).

use axum::extract::{Path, State};
use serde_json::{json, Value};

use crate::provider::netfoundry::sim::families::live;
use crate::provider::netfoundry::sim::kinds::{self, Kind, KINDS};
use crate::provider::netfoundry::sim::shape::render;
use crate::sim::{Call, ErrorReply, Reply, Shared};

/// What enrolling sets on an endpoint.
fn endpoint_enrolled() -> Vec<(&'static str, Value)> {
    vec![
        ("jwt", Value::Null),
        ("jwtExpiresAt", Value::Null),
        ("hasEdgeRouterConnection", json!(true)),
        ("hasApiSession", json!(true)),
        ("sessionActive", json!(true)),
        ("os", json!("Linux")),
        ("osVersion", json!("6.8")),
        ("appVersion", json!("1.2.3")),
    ]
}

/// What registering sets on an edge router.
fn router_registered() -> Vec<(&'static str, Value)> {
    vec![
        ("jwt", Value::Null),
        ("registration", Value::Null),
        ("verified", json!(true)),
        ("online", json!(true)),
        ("ipAddress", json!("192.0.2.20")),
    ]
}

/// `POST /_sim/netfoundry/{endpoints|edge-routers}/{id}/enroll`: answers the object enrolled.
pub async fn enroll(
    call: Call,
    State(sim): State<Shared>,
    Path((collection, id)): Path<(String, String)>,
) -> Result<Reply, ErrorReply> {
    let enrolling = [(kinds::ENDPOINT, endpoint_enrolled as fn() -> _), (kinds::EDGE_ROUTER, router_registered)];
    let (kind, changes) = enrolling
        .iter()
        .map(|(index, changes)| (&KINDS[*index], changes))
        .find(|(kind, _)| kind.collection == collection)
        .ok_or_else(|| ErrorReply::validation(format!("only endpoints and edge routers enroll, not {collection}")))?;
    let changes = changes();
    tokio::task::spawn_blocking(move || enrolled(&call, kind, &id, changes, &sim))
        .await
        .unwrap_or_else(|e| Err(ErrorReply::internal(format!("the emulator failed answering: {e}"))))
}

/// Sets what enrolling sets on the live object `id` of `kind`, and answers it.
fn enrolled(
    call: &Call,
    kind: &'static Kind,
    id: &str,
    changes: Vec<(&str, Value)>,
    sim: &Shared,
) -> Result<Reply, ErrorReply> {
    let object = sim.write(|world, now| {
        let (path, entry) = live(world, now, kind, id).ok_or_else(ErrorReply::not_found)?;
        let mut entry = entry.clone();
        for (key, value) in changes {
            entry.properties.insert(key.into(), value);
        }
        world.insert(&path, entry)?;
        let stored = world.store().get(&path).cloned().ok_or_else(ErrorReply::not_found)?;
        Ok(render(call, world, now, &path, &stored))
    })?;
    Ok(call.ok(object))
}
