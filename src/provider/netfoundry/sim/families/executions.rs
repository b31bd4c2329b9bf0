//! Executions: the workflows behind accepted changes, as the API shows them. Each is a
//! request of the core's change engine (the same records the CloudAPI lists as `/requests`),
//! named after what it does to what (`CreateEndpoint`), with its network and entity; its
//! status follows the request's phase (STARTED, RUNNING, then FINISHED or FAILED). Waits for
//! many changes learn all their statuses from one page of the list.

use serde_json::{json, Map, Value};

use crate::catalog::Effect;
use crate::provider::netfoundry::sim::kinds::{self, KINDS};
use crate::provider::netfoundry::sim::shape::{execution_href, hal, iso, life, HAL};
use crate::provider::netfoundry::sim::NetFoundryEmulation;
use crate::sim::{Emulation as _, ErrorReply, Reply, Request, RequestRecord, World};

/// The verb an execution's name starts with.
fn verb(effect: Effect) -> &'static str {
    match effect {
        Effect::Create => "Create",
        Effect::Delete => "Delete",
        Effect::Change | Effect::Action => "Update",
    }
}

/// Whether a request is one of this API's changes (the CloudAPI's share the engine).
fn ours(record: &RequestRecord) -> bool {
    NetFoundryEmulation.serves(record.path())
}

/// An execution as the API shows it at `now`.
fn render(request: &Request<crate::sim::Call>, world: &World, record: &RequestRecord, now: i64) -> Value {
    let call = request.call;
    let target = &record.target;
    let kind = kinds::by_collection(&target.kind);
    let network = if kind.is_some_and(|k| std::ptr::eq(k, &KINDS[kinds::NETWORK])) {
        Value::String(target.id.clone())
    } else {
        let entity = world.store().get(&target.path);
        entity.and_then(|e| e.properties.get("networkId").cloned()).unwrap_or(Value::Null)
    };
    let name = format!("{}{}", verb(record.effect), kind.map_or("Object", |k| k.resource.name));
    let mut out = Map::new();
    out.insert("id".into(), record.id.clone().into());
    out.insert("name".into(), name.into());
    out.insert("networkId".into(), network);
    out.insert("entityType".into(), target.kind.clone().into());
    out.insert("entityId".into(), target.id.clone().into());
    out.insert("status".into(), life::execution_status(record, now).into());
    out.insert("description".into(), Value::Null);
    let failure = record.failure.clone().filter(|_| now >= record.end_ms);
    out.insert("errorMessage".into(), failure.map_or(Value::Null, Value::from));
    out.insert("createdAt".into(), iso(record.created_ms).into());
    out.insert("updatedAt".into(), iso(record.end_ms.min(now)).into());
    out.insert("_links".into(), json!({ "self": { "href": execution_href(call, &record.id) } }));
    Value::Object(out)
}

/// `GET /core/v2/executions/{execution_id}`.
pub fn one(request: &Request<crate::sim::Call>) -> Result<Reply, ErrorReply> {
    let id = request.param("execution_id");
    let found = request
        .sim
        .read(|world, now| world.jobs().get(id).filter(ours).map(|record| render(request, world, &record, now)))?;
    found.map(|e| request.call.ok(e).with_json_type(HAL)).ok_or_else(ErrorReply::not_found)
}

/// `GET /core/v2/executions`: the organization's executions (of one network with
/// `networkId`), filtered on their fields, newest first unless sorted otherwise.
pub fn list(request: &Request<crate::sim::Call>) -> Result<Reply, ErrorReply> {
    let items = request.sim.read(|world, now| {
        let records = world.jobs().newest_first();
        records.iter().filter(|r| ours(r)).map(|record| render(request, world, record, now)).collect::<Vec<Value>>()
    })?;
    let fields = ["id", "name", "status", "networkId", "entityId", "entityType"];
    Ok(request.call.ok(hal::page(request.call, "executionList", items, &fields)).with_json_type(HAL))
}
