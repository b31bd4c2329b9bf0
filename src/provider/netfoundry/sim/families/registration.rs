//! A customer-hosted edge router's registration key (`POST
//! /core/v2/edge-routers/{id}/registration-key`): a new one replaces the old, as long as the
//! router has not registered.

use axum::http::StatusCode;
use serde_json::{json, Value};

use super::defaults::registration;
use super::live;
use crate::provider::netfoundry::durations;
use crate::provider::netfoundry::sim::kinds::{self, KINDS};
use crate::provider::netfoundry::sim::shape::HAL;
use crate::sim::{Call, ErrorReply, Reply, Request};

/// `POST /core/v2/edge-routers/{edge_router}/registration-key`: a new key for a
/// customer-hosted router that has not registered yet.
pub fn registration_key(request: &Request<Call>) -> Result<Reply, ErrorReply> {
    let id = request.param("edge_router");
    let key = request.sim.write(|world, now| {
        let (path, entry) = live(world, now, &KINDS[kinds::EDGE_ROUTER], id).ok_or_else(ErrorReply::not_found)?;
        let mut entry = entry.clone();
        let hosted = durations::hosted(entry.properties.get("provider").and_then(Value::as_str));
        if hosted || entry.properties.get("verified") == Some(&json!(true)) {
            return Err(ErrorReply::new(
                StatusCode::CONFLICT,
                "Only a customer-hosted edge router that has not registered yet has a registration key",
            ));
        }
        let key = registration(now);
        entry.properties.insert("registration".into(), key.clone());
        world.insert(&path, entry)?;
        Ok(key)
    })?;
    Ok(request.call.ok(key).with_json_type(HAL))
}
