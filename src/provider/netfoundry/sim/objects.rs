//! Networks and the objects inside them (endpoints, edge routers, policies, services,
//! app-wans, posture checks): created, read, listed, changed and deleted as the API does.
//!
//! A create answers 202 with the object (NEW) and `_links.execution`; its workflow runs for
//! the emulator's delay (see [`lifecycle`](super::lifecycle)). Objects go into a network only
//! once it is PROVISIONED (409 before), with a name unique in the network and kind (ignoring
//! case; 409), attributes `#name` and roles `#name`/`@name` (400). A delete answers 202
//! (DELETING, then DELETED); a deleted object still reads (200, DELETED) but is listed only
//! when a `status` filter asks for it, and its name is free at once. Deleting a network
//! deletes everything in it.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};
use time::macros::format_description;

use super::account;
use super::hal;
use super::lifecycle::{Life, Work};
use crate::catalog::{FieldError, Mode, Resource};
use crate::provider::netfoundry::catalog as nf;
use crate::provider::netfoundry::durations;
use crate::sim::{ApiError, Body, Call, Entry, Meta, Reply, Shared, World};

/// One kind of object the API keeps.
#[derive(Debug)]
pub struct Kind {
    /// Its collection on the wire: `edge-routers`.
    pub collection: &'static str,
    /// The `_embedded` key of its lists.
    list_key: &'static str,
    /// Its description (its name is what an execution's name calls it: `EdgeRouter`).
    resource: &'static Resource,
}

/// Every kind, networks first.
pub static KINDS: &[Kind] = &[
    Kind { collection: "networks", list_key: "networkList", resource: &nf::NETWORK },
    Kind { collection: "endpoints", list_key: "endpointList", resource: &nf::ENDPOINT },
    Kind { collection: "edge-routers", list_key: "edgeRouterList", resource: &nf::EDGE_ROUTER },
    Kind { collection: "edge-router-policies", list_key: "edgeRouterPolicyList", resource: &nf::EDGE_ROUTER_POLICY },
    Kind { collection: "services", list_key: "serviceList", resource: &nf::SERVICE },
    Kind { collection: "service-policies", list_key: "servicePolicyList", resource: &nf::SERVICE_POLICY },
    Kind {
        collection: "service-edge-router-policies",
        list_key: "serviceEdgeRouterPolicyList",
        resource: &nf::SERVICE_EDGE_ROUTER_POLICY,
    },
    Kind { collection: "app-wans", list_key: "appWanList", resource: &nf::APP_WAN },
    Kind { collection: "posture-checks", list_key: "postureCheckList", resource: &nf::POSTURE_CHECK },
];

/// The kind a `/core/v2/<collection>…` path is about.
pub fn kind_of(path: &str) -> Option<&'static Kind> {
    let collection = crate::provider::netfoundry::envelope::collection_in(path)?;
    KINDS.iter().find(|k| k.collection == collection)
}

/// Where an object is stored.
pub fn store_path(collection: &str, id: &str) -> String {
    format!("nf/{collection}/{id}")
}

/// The stored key holding an object's last workflow.
const LIFE: &str = "_life";

/// An object's last workflow.
pub fn life_of(entry: &Entry) -> Option<Life> {
    serde_json::from_value(entry.properties.get(LIFE)?.clone()).ok()
}

fn set_life(entry: &mut Entry, life: &Life) {
    entry.properties.insert(LIFE.into(), serde_json::to_value(life).unwrap_or(Value::Null));
}

/// An instant as the API writes it: `2025-11-14T20:36:41.123Z`.
pub fn iso(ms: i64) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

/// A short id derived from an object's id, as the controller gives one.
fn ziti_id(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).take(10).collect()
}

/// An object as the API shows it at `now`.
pub fn render(call: &Call, kind: &Kind, entry: &Entry, now: i64) -> Value {
    let life = life_of(entry);
    let status = life.as_ref().map_or("PROVISIONED", |l| l.status(now));
    let up = life.as_ref().is_none_or(|l| l.up(now));
    let mut out = Map::new();
    out.insert("id".into(), entry.id.clone().into());
    for (key, value) in &entry.properties {
        if !key.starts_with('_') {
            out.insert(key.clone(), value.clone());
        }
    }
    out.insert("status".into(), status.into());
    out.insert("zitiId".into(), if up { ziti_id(&entry.id).into() } else { Value::Null });
    out.insert("ownerIdentityId".into(), account::CALLER_ID.into());
    out.insert("createdBy".into(), account::CALLER_ID.into());
    out.insert("createdAt".into(), iso(entry.meta.created_ms).into());
    out.insert("updatedAt".into(), iso(entry.meta.modified_ms).into());
    let deleted = (status == "DELETED").then(|| life.as_ref().map(|l| l.end)).flatten();
    out.insert("deletedAt".into(), deleted.map_or(Value::Null, |ms| iso(ms).into()));
    out.insert("deletedBy".into(), deleted.map_or(Value::Null, |_| account::CALLER_ID.into()));
    match kind.collection {
        "networks" => network_fields(&mut out, entry, up),
        "edge-routers" => router_fields(&mut out, entry, up),
        _ => {}
    }
    let self_href = format!("{}/core/v2/{}/{}", call.api, kind.collection, entry.id);
    let mut links = json!({ "self": { "href": self_href } });
    match entry.properties.get("networkId").and_then(Value::as_str) {
        Some(network) => links["network"] = json!({ "href": format!("{}/core/v2/networks/{network}", call.api) }),
        None => {
            for child in KINDS.iter().skip(1) {
                let href = format!("{}/core/v2/{}?networkId={}", call.api, child.collection, entry.id);
                links[child.collection] = json!({ "href": href });
            }
        }
    }
    out.insert("_links".into(), links);
    Value::Object(out)
}

/// A network's controller, once it is up.
fn network_fields(out: &mut Map<String, Value>, entry: &Entry, up: bool) {
    let controller = up.then(|| {
        let octet = entry.id.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b))) % 250 + 2;
        json!({
            "id": format!("{}-c", entry.id.chars().take(34).collect::<String>()),
            "networkId": entry.id,
            "name": format!("{}-controller", entry.properties.get("name").and_then(Value::as_str).unwrap_or("network")),
            "provider": entry.properties.get("provider").cloned().unwrap_or(Value::Null),
            "domainName": format!("{}.production.netfoundry.io", ziti_id(&entry.id)),
            "port": 443,
            "ipAddress": format!("198.51.100.{octet}"),
            "status": "PROVISIONED",
            "hostId": ziti_id(&entry.id),
        })
    });
    out.insert("networkController".into(), controller.unwrap_or(Value::Null));
}

/// A NetFoundry-hosted router comes up registered and online; a customer-hosted one waits
/// for its registration (`/_sim/netfoundry/edge-routers/{id}/enroll`).
fn router_fields(out: &mut Map<String, Value>, entry: &Entry, up: bool) {
    let hosted = durations::hosted(entry.properties.get("provider").and_then(Value::as_str));
    if hosted && up {
        out.insert("online".into(), true.into());
        out.insert("verified".into(), true.into());
        out.insert("jwt".into(), Value::Null);
        out.insert("registration".into(), Value::Null);
        out.insert("ipAddress".into(), "203.0.113.10".into());
        out.insert("hostId".into(), ziti_id(&entry.id).into());
    }
}

/// Answers a call on networks and their objects; `None` for paths that are not theirs.
pub fn answer(call: &Call, body: &Body, sim: &Shared) -> Option<Result<Reply, ApiError>> {
    let segments: Vec<String> = call.path.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect();
    let kind = kind_of(&call.path)?;
    let id = segments.get(3).cloned();
    Some(match (call.method(), id, segments.get(4).map(String::as_str)) {
        ("GET", None, _) => list(call, kind, sim),
        ("GET", Some(id), None) => one(call, kind, &id, sim),
        ("POST", None, _) => create(call, kind, body, sim),
        ("PATCH" | "PUT", Some(id), None) => update(call, kind, &id, body, sim),
        ("DELETE", Some(id), None) => delete(call, kind, &id, sim),
        ("POST", Some(id), Some("registration-key")) => registration_key(call, &id, sim),
        _ => Err(ApiError::method_not_allowed()),
    })
}

/// `GET /core/v2/<collection>`: the objects matching the query, deleted ones only when a
/// `status` filter is given.
fn list(call: &Call, kind: &Kind, sim: &Shared) -> Result<Reply, ApiError> {
    // Only the asked network's objects are rendered at all (networks have no networkId: the
    // parameter means nothing to their list).
    let network = call.query_param("networkId").filter(|_| kind.collection != "networks");
    let inside =
        |entry: &Entry| network.is_none_or(|n| entry.properties.get("networkId").and_then(Value::as_str) == Some(n));
    let items = sim.read(|world, now| {
        world
            .store()
            .of_kind(kind.collection)
            .into_iter()
            .filter(|(_, entry)| inside(entry))
            .map(|(_, entry)| render(call, kind, entry, now))
            .collect::<Vec<Value>>()
    })?;
    let with_status = call.query_param("status").is_some();
    let items: Vec<Value> =
        items.into_iter().filter(|item| with_status || item.get("status") != Some(&json!("DELETED"))).collect();
    // Networks are found by exact name and by group under the names the module sends.
    let exact = |item: &Value, field: &str, param: &str| {
        call.query_param(param).is_none_or(|wanted| {
            item.get(field).and_then(Value::as_str).is_some_and(|v| v.to_lowercase() == wanted.to_lowercase())
        })
    };
    let items: Vec<Value> = if kind.collection == "networks" {
        items
            .into_iter()
            .filter(|item| exact(item, "name", "findByName") && exact(item, "networkGroupId", "findByNetworkGroupId"))
            .collect()
    } else {
        items
    };
    let fields: Vec<&str> = kind.resource.fields.iter().map(|f| f.api).collect();
    Ok(call.ok(hal::page(call, kind.list_key, items, &fields)))
}

/// `GET /core/v2/<collection>/{id}`: the object, deleted or not.
fn one(call: &Call, kind: &Kind, id: &str, sim: &Shared) -> Result<Reply, ApiError> {
    let object = sim.read(|world, now| {
        world.store().get(&store_path(kind.collection, id)).map(|entry| render(call, kind, entry, now))
    })?;
    object.map(|o| call.ok(o)).ok_or_else(ApiError::not_found)
}

/// A 400 naming the field.
fn bad(field: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, format!("{field} {message}"))
}

fn refused(error: FieldError) -> ApiError {
    bad(&error.api, error.message)
}

/// The body's fields this kind describes, checked (`mode`), and every other field as given:
/// the API keeps fields it does not check, so the emulator is never stricter than it.
fn checked(kind: &Kind, body: &Body, mode: Mode) -> Result<Map<String, Value>, ApiError> {
    let Value::Object(given) = &body.value else {
        return Err(ApiError::new(StatusCode::BAD_REQUEST, "The request body must be a JSON object"));
    };
    let (known, other): (Map<String, Value>, Map<String, Value>) =
        given.iter().map(|(k, v)| (k.clone(), v.clone())).partition(|(k, _)| kind.resource.field(k).is_some());
    let mut fields = kind.resource.normalize(&known, mode).map_err(refused)?.properties;
    for (key, value) in other {
        if !key.starts_with('_') {
            fields.entry(key).or_insert(value);
        }
    }
    if kind.collection == "services" {
        if let Some(model) = fields.get_mut("model") {
            numeric_ports(model);
        }
    }
    Ok(fields)
}

/// Ports given as text (`"443"`, as nfctl sends them) become numbers, as the API answers.
fn numeric_ports(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                let port = matches!(key.as_str(), "port" | "low" | "high");
                match item {
                    Value::String(text) if port => {
                        if let Ok(n) = text.trim().parse::<u16>() {
                            *item = json!(n);
                        }
                    }
                    other => numeric_ports(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(numeric_ports),
        _ => {}
    }
}

/// The stored network `id`, if it exists and is not deleted.
fn live<'w>(world: &'w World, collection: &str, id: &str) -> Option<&'w Entry> {
    let entry = world.store().get(&store_path(collection, id))?;
    (!life_of(entry).is_some_and(|l| l.going())).then_some(entry)
}

/// Refuses a second live object of the kind named `name` (ignoring case) in the same
/// network (networks: the same group).
fn unique(world: &World, kind: &Kind, fields: &Map<String, Value>, except: Option<&str>) -> Result<(), ApiError> {
    let given = fields.get("name").and_then(Value::as_str).unwrap_or_default();
    let name = given.to_lowercase();
    let scope = if kind.collection == "networks" { "networkGroupId" } else { "networkId" };
    let clash = world.store().of_kind(kind.collection).into_iter().any(|(_, entry)| {
        Some(entry.id.as_str()) != except
            && !life_of(entry).is_some_and(|l| l.going())
            && entry.properties.get(scope) == fields.get(scope)
            && entry.properties.get("name").and_then(Value::as_str).is_some_and(|n| n.to_lowercase() == name)
    });
    if clash {
        let within = if kind.collection == "networks" { "network group" } else { "network" };
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("The name '{given}' is taken by another {} in this {within}", kind.resource.name),
        ));
    }
    Ok(())
}

/// Checks a network's create body and fills in what the API defaults.
fn network_defaults(fields: &mut Map<String, Value>) -> Result<(), ApiError> {
    // The Python module and ionosh always send the group; the API wants it.
    match fields.get("networkGroupId") {
        None | Some(Value::Null) => return Err(bad("networkGroupId", "is required")),
        Some(group) if group.as_str() != Some(account::NETWORK_GROUP_ID) => {
            return Err(bad("networkGroupId", format!("names no network group of the organization ({group})")));
        }
        Some(_) => {}
    }
    if let Some(code) = fields.remove("locationCode").filter(|_| !fields.contains_key("region")) {
        fields.insert("region".into(), code);
    }
    fields.entry("provider").or_insert_with(|| "OCI".into());
    fields.entry("region").or_insert_with(|| "eu-amsterdam-1".into());
    let provider = fields["provider"].as_str().unwrap_or_default().to_string();
    let region = fields["region"].as_str().unwrap_or_default().to_string();
    if !account::region_exists(&provider, &region) {
        return Err(bad("region", format!("'{region}' is no region of {provider}")));
    }
    fields.insert("locationCode".into(), region.into());
    fields.entry("size").or_insert_with(|| "medium".into());
    let version = fields.entry("productVersion").or_insert_with(|| account::default_version().into());
    let active = account::VERSIONS.iter().any(|(v, active, _)| *active && Some(*v) == version.as_str());
    if !active {
        let versions: Vec<&str> = account::VERSIONS.iter().filter(|(_, a, _)| *a).map(|(v, ..)| *v).collect();
        return Err(bad("productVersion", format!("must be an active version: {}", versions.join(", "))));
    }
    fields.insert("o365BreakoutCategory".into(), "NONE".into());
    Ok(())
}

/// Checks an object's network and fills in what the API sets for its kind.
fn child_defaults(
    world: &World,
    kind: &Kind,
    id: &str,
    fields: &mut Map<String, Value>,
    now: i64,
) -> Result<(), ApiError> {
    let network_id = fields.get("networkId").and_then(Value::as_str).unwrap_or_default().to_string();
    let network = live(world, "networks", &network_id)
        .ok_or_else(|| bad("networkId", format!("names no network of the organization ('{network_id}')")))?;
    let status = life_of(network).map_or("PROVISIONED", |l| l.status(now));
    if status != "PROVISIONED" {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("The network {network_id} is {status}: objects can be added once it is PROVISIONED"),
        ));
    }
    let controller = format!("https://{}.production.netfoundry.io:443", ziti_id(&network_id));
    let expiry = iso(now + 24 * 3600 * 1000);
    match kind.collection {
        "endpoints" => {
            fields.entry("enrollmentMethod").or_insert_with(|| json!({ "ott": true }));
            let claims = json!({ "iss": controller, "sub": ziti_id(id), "em": "ott", "jti": uuid::Uuid::new_v4().to_string(), "exp": now / 1000 + 86_400 });
            for (key, value) in [
                ("typeId", json!("Device")),
                ("jwt", json!(crate::sim::jwt(&claims))),
                ("jwtExpiresAt", json!(expiry)),
                ("sessionIdentityId", Value::Null),
                ("hasEdgeRouterConnection", json!(false)),
                ("hasApiSession", json!(false)),
                ("sessionActive", json!(false)),
                ("mfaEnabled", json!(false)),
                ("os", Value::Null),
                ("osVersion", Value::Null),
                ("appVersion", Value::Null),
            ] {
                fields.entry(key).or_insert(value);
            }
        }
        "edge-routers" => {
            let provider = fields.get("provider").and_then(Value::as_str).map(str::to_string);
            let hosted = durations::hosted(provider.as_deref());
            if hosted {
                let provider = provider.unwrap_or_default();
                let code = fields.get("locationCode").and_then(Value::as_str).unwrap_or_default().to_string();
                if !account::region_exists(&provider, &code) {
                    return Err(bad("locationCode", format!("'{code}' is no region of {provider}")));
                }
                fields.insert("region".into(), code.into());
                fields.insert("linkListener".into(), true.into());
            } else {
                fields.entry("provider").or_insert(Value::Null);
                fields.entry("locationCode").or_insert(Value::Null);
                fields.insert("region".into(), Value::Null);
            }
            let claims = json!({ "iss": controller, "sub": ziti_id(id), "em": "erott", "jti": uuid::Uuid::new_v4().to_string(), "exp": now / 1000 + 86_400 });
            for (key, value) in [
                ("linkListener", json!(false)),
                ("tunnelerEnabled", json!(false)),
                ("online", json!(false)),
                ("verified", json!(false)),
                ("jwt", json!(crate::sim::jwt(&claims))),
                ("registration", json!({ "registrationKey": registration_key_text(), "expiresAt": expiry })),
                ("ipAddress", Value::Null),
                ("hostId", Value::Null),
            ] {
                fields.entry(key).or_insert(value);
            }
        }
        "services" => {
            fields.entry("encryptionRequired").or_insert(json!(true));
            fields.entry("modelType").or_insert(Value::Null);
            fields.entry("model").or_insert(Value::Null);
            let hosts = fields
                .get("model")
                .and_then(|m| m.get("edgeRouterHosts"))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for host in hosts {
                let router = host.get("edgeRouterId").and_then(Value::as_str).unwrap_or_default();
                let inside = live(world, "edge-routers", router)
                    .is_some_and(|r| r.properties.get("networkId").and_then(Value::as_str) == Some(&network_id));
                if !inside {
                    return Err(bad(
                        "model.edgeRouterHosts",
                        format!("names no edge router of this network ('{router}')"),
                    ));
                }
            }
        }
        "service-policies" | "service-edge-router-policies" => {
            fields.entry("semantic").or_insert(json!("AnyOf"));
        }
        _ => {}
    }
    Ok(())
}

/// A registration key as customer-hosted routers are given one.
fn registration_key_text() -> String {
    uuid::Uuid::new_v4().simple().to_string().to_uppercase().chars().take(20).collect()
}

/// Starts a workflow on `entry` (accepted at `now`, for `took` ms, failing when
/// `/_sim/fail-next` asked) and records its execution. The API carries out the changes to
/// one object in order: while the object's last workflow is still going, this one begins
/// when that one ends.
fn start(world: &mut World, kind: &Kind, entry: &mut Entry, work: Work, now: i64, took: i64) -> Result<Life, ApiError> {
    let failure = world.take_fail_next().map_err(crate::sim::failed)?;
    let before = life_of(entry);
    let end = now.saturating_add(took.max(0));
    let up_at = match (work, &before) {
        // A create has nothing before it: it comes up when it ends.
        (Work::Create, _) => failure.is_none().then_some(end),
        (_, Some(before)) => before.up_at,
        (_, None) => Some(0),
    };
    let execution = uuid::Uuid::new_v4().to_string();
    let life =
        Life { work, start: now, end, failure, execution: execution.clone(), up_at, previous: None }.after(before, now);
    set_life(entry, &life);
    let network_id = if kind.collection == "networks" {
        entry.id.clone()
    } else {
        entry.properties.get("networkId").and_then(Value::as_str).unwrap_or_default().to_string()
    };
    let mut record = Map::new();
    record.insert("name".into(), format!("{}{}", work.verb(), kind.resource.name).into());
    record.insert("networkId".into(), network_id.into());
    record.insert("entityType".into(), kind.collection.into());
    record.insert("entityId".into(), entry.id.clone().into());
    // The execution is created when the change is accepted, whenever it begins.
    let meta = Meta { created_ms: now, modified_ms: now, ..entry.meta.clone() };
    let mut execution_entry = Entry::new("executions", &execution, meta, record);
    set_life(&mut execution_entry, &Life { previous: None, ..life.clone() });
    world.insert(&store_path("executions", &execution), execution_entry)?;
    let (over, _) = world.store().page(EXECUTIONS, KEPT_EXECUTIONS + FORGET_EVERY, 1);
    if !over.is_empty() {
        forget_finished_executions(world, now, KEPT_EXECUTIONS)?;
    }
    Ok(life)
}

/// Where the executions are stored.
const EXECUTIONS: &str = "nf/executions";

/// How many finished executions are kept (the newest): older ones are forgotten, as the
/// emulator forgets its oldest finished CloudAPI requests, so that a poll of the list does
/// not read every change ever made.
const KEPT_EXECUTIONS: usize = 10_000;

/// How many executions past [`KEPT_EXECUTIONS`] make the oldest finished ones go.
const FORGET_EVERY: usize = 100;

/// Forgets the executions finished by `now` but the newest `keep` of them.
fn forget_finished_executions(world: &mut World, now: i64, keep: usize) -> Result<(), ApiError> {
    let finished: Vec<String> = world
        .store()
        .of_kind("executions")
        .into_iter()
        .filter(|(_, entry)| life_of(entry).is_none_or(|l| l.ended(now)))
        .map(|(path, _)| path.to_string())
        .collect();
    for path in finished.iter().rev().skip(keep) {
        world.remove(path)?;
    }
    Ok(())
}

/// The answer to an accepted change: 202, the object, and its execution's link.
fn accepted(call: &Call, kind: &Kind, entry: &Entry, life: &Life, now: i64) -> Reply {
    let mut object = render(call, kind, entry, now);
    object["_links"]["execution"] = json!({ "href": format!("{}/core/v2/executions/{}", call.api, life.execution) });
    call.reply(StatusCode::ACCEPTED, Some(object))
}

/// One accepted change of an object of `kind`: inside one write, `change` readies its entry
/// (checks, fields), its workflow starts (after any change still going), `then` does what
/// goes with it to other objects, and the object is stored and answered with its execution
/// (202); its provisioning is counted.
fn workflow(
    call: &Call,
    kind: &Kind,
    work: Work,
    took: i64,
    sim: &Shared,
    change: impl FnOnce(&mut World, i64) -> Result<Entry, ApiError>,
    then: impl FnOnce(&mut World, &Life, i64) -> Result<(), ApiError>,
) -> Result<Reply, ApiError> {
    let (reply, life) = sim.write(|world, now| {
        let mut entry = change(world, now)?;
        let life = start(world, kind, &mut entry, work, now, took)?;
        then(world, &life, now)?;
        let reply = accepted(call, kind, &entry, &life, now);
        world.insert(&store_path(kind.collection, &entry.id.clone()), entry)?;
        Ok((reply, life))
    })?;
    sim.stats.provisioning(life.start, life.end);
    Ok(reply)
}

/// Nothing goes with the change.
fn alone(_: &mut World, _: &Life, _: i64) -> Result<(), ApiError> {
    Ok(())
}

/// `POST /core/v2/<collection>`.
fn create(call: &Call, kind: &Kind, body: &Body, sim: &Shared) -> Result<Reply, ApiError> {
    let mut fields = checked(kind, body, Mode::Create)?;
    let took = sim.provisioning_ms("POST", &call.path, &body.raw);
    let author = call.author.clone();
    let change = |world: &mut World, now| {
        let id = uuid::Uuid::new_v4().to_string();
        if kind.collection == "networks" {
            network_defaults(&mut fields)?;
        } else {
            child_defaults(world, kind, &id, &mut fields, now)?;
        }
        unique(world, kind, &fields, None)?;
        Ok(Entry::new(kind.collection, &id, Meta::new(&author, now), fields))
    };
    workflow(call, kind, Work::Create, took, sim, change, alone)
}

/// `PATCH` or `PUT /core/v2/<collection>/{id}`: the changes apply at once, under an
/// UPDATING workflow.
fn update(call: &Call, kind: &Kind, id: &str, body: &Body, sim: &Shared) -> Result<Reply, ApiError> {
    let took = sim.provisioning_ms(call.method(), &call.path, &body.raw);
    let author = call.author.clone();
    let change = |world: &mut World, now| {
        let mut entry = live(world, kind.collection, id).cloned().ok_or_else(ApiError::not_found)?;
        let current = entry.properties.clone();
        let changes = checked(kind, body, Mode::Update { current: &current })?;
        let mut fields = current;
        fields.extend(changes);
        unique(world, kind, &fields, Some(id))?;
        entry.properties = fields;
        entry.meta.touch(&author, now);
        Ok(entry)
    };
    workflow(call, kind, Work::Update, took, sim, change, alone)
}

/// `DELETE /core/v2/<collection>/{id}`; a network's objects go with it.
fn delete(call: &Call, kind: &Kind, id: &str, sim: &Shared) -> Result<Reply, ApiError> {
    let took = sim.provisioning_ms("DELETE", &call.path, "");
    let change = |world: &mut World, _| live(world, kind.collection, id).cloned().ok_or_else(ApiError::not_found);
    let cascade = |world: &mut World, life: &Life, now| {
        if kind.collection != "networks" {
            return Ok(());
        }
        for child in KINDS.iter().skip(1) {
            let inside: Vec<Entry> = world
                .store()
                .of_kind(child.collection)
                .into_iter()
                .filter(|(_, e)| e.properties.get("networkId").and_then(Value::as_str) == Some(id))
                .filter(|(_, e)| !life_of(e).is_some_and(|l| l.going()))
                .map(|(_, e)| e.clone())
                .collect();
            // The objects go with the network, whatever becomes of it.
            for mut object in inside {
                // Each goes when the network does, after its own change still going.
                let own = life_of(&object);
                let up_at = own.as_ref().map_or(Some(0), |l| l.up_at);
                let gone = Life { work: Work::Delete, failure: None, up_at, previous: None, ..life.clone() };
                set_life(&mut object, &gone.after(own, now));
                world.insert(&store_path(child.collection, &object.id.clone()), object)?;
            }
        }
        Ok(())
    };
    workflow(call, kind, Work::Delete, took, sim, change, cascade)
}

/// `POST /core/v2/edge-routers/{id}/registration-key`: a new key for a customer-hosted
/// router that has not registered yet.
fn registration_key(call: &Call, id: &str, sim: &Shared) -> Result<Reply, ApiError> {
    let registration = sim.write(|world, now| {
        let mut entry = live(world, "edge-routers", id).cloned().ok_or_else(ApiError::not_found)?;
        let hosted = durations::hosted(entry.properties.get("provider").and_then(Value::as_str));
        if hosted || entry.properties.get("verified") == Some(&json!(true)) {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "Only a customer-hosted edge router that has not registered yet has a registration key",
            ));
        }
        let registration =
            json!({ "registrationKey": registration_key_text(), "expiresAt": iso(now + 24 * 3600 * 1000) });
        entry.properties.insert("registration".into(), registration.clone());
        world.insert(&store_path("edge-routers", id), entry)?;
        Ok(registration)
    })?;
    Ok(call.ok(registration))
}

/// An execution as the API shows it at `now`.
fn render_execution(call: &Call, entry: &Entry, now: i64) -> Option<Value> {
    let life = life_of(entry)?;
    let mut out = Map::new();
    out.insert("id".into(), entry.id.clone().into());
    for (key, value) in &entry.properties {
        if !key.starts_with('_') {
            out.insert(key.clone(), value.clone());
        }
    }
    out.insert("status".into(), life.execution_status(now).into());
    out.insert("description".into(), Value::Null);
    let failure = life.failure.clone().filter(|_| life.ended(now));
    out.insert("errorMessage".into(), failure.map_or(Value::Null, Value::from));
    out.insert("createdAt".into(), iso(entry.meta.created_ms).into());
    out.insert("updatedAt".into(), iso(life.end.min(now)).into());
    let href = format!("{}/core/v2/executions/{}", call.api, entry.id);
    out.insert("_links".into(), json!({ "self": { "href": href } }));
    Some(Value::Object(out))
}

/// `GET /core/v2/executions/{id}`.
pub fn execution(call: &Call, id: &str, sim: &Shared) -> Result<Reply, ApiError> {
    let found = sim.read(|world, now| {
        world.store().get(&store_path("executions", id)).and_then(|entry| render_execution(call, entry, now))
    })?;
    found.map(|e| call.ok(e)).ok_or_else(ApiError::not_found)
}

/// `GET /core/v2/executions`: the executions of the organization (of one network with
/// `networkId`), filtered on their fields, newest first unless sorted otherwise. Waits for
/// many changes learn all their statuses from one page of it.
pub fn executions(call: &Call, sim: &Shared) -> Result<Reply, ApiError> {
    let mut items = sim.read(|world, now| {
        world
            .store()
            .of_kind("executions")
            .into_iter()
            .filter_map(|(_, entry)| render_execution(call, entry, now))
            .collect::<Vec<Value>>()
    })?;
    items.reverse();
    let fields = ["id", "name", "status", "networkId", "entityId", "entityType"];
    Ok(call.ok(hal::page(call, "executionList", items, &fields)))
}

/// `/_sim/netfoundry/<collection>/{id}/enroll`: the endpoint or customer-hosted edge router
/// enrolls, as its device would with its one-time token; answers the object.
pub fn enroll(call: &Call, kind: &Kind, id: &str, sim: &Shared) -> Result<Reply, ApiError> {
    let endpoint = kind.collection == "endpoints";
    let changes: Vec<(&str, Value)> = if endpoint {
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
    } else {
        vec![
            ("jwt", Value::Null),
            ("registration", Value::Null),
            ("verified", json!(true)),
            ("online", json!(true)),
            ("ipAddress", json!("192.0.2.20")),
        ]
    };
    let object = sim.write(|world, now| {
        let mut entry = live(world, kind.collection, id).cloned().ok_or_else(ApiError::not_found)?;
        for (key, value) in changes {
            entry.properties.insert(key.into(), value);
        }
        let object = render(call, kind, &entry, now);
        world.insert(&store_path(kind.collection, id), entry)?;
        Ok(object)
    })?;
    Ok(call.ok(object))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{Author, Db};

    /// Starts a workflow of `took` ms at `now` on the endpoint `id`, stored back.
    fn change(world: &mut World, id: &str, work: Work, now: i64, took: i64) -> Life {
        let kind = kind_of("/core/v2/endpoints").expect("endpoints");
        let author = Author { name: "me".into(), id: "1".into() };
        let path = store_path(kind.collection, id);
        let mut entry = world
            .store()
            .get(&path)
            .cloned()
            .unwrap_or_else(|| Entry::new(kind.collection, id, Meta::new(&author, now), Map::new()));
        let life = start(world, kind, &mut entry, work, now, took).expect("started");
        world.insert(&path, entry).expect("stored");
        life
    }

    #[test]
    fn a_change_to_an_object_still_changing_begins_when_the_last_one_ends() {
        let db = Db::in_memory().expect("db");
        let mut world = World::new(db.checkout().expect("conn"));
        let create = change(&mut world, "e", Work::Create, 0, 1000);
        let update = change(&mut world, "e", Work::Update, 10, 100);
        assert_eq!((update.start, update.end, update.up_at), (1000, 1100, Some(1000)));
        let entry = world.store().get(&store_path("endpoints", "e")).cloned().expect("stored");
        assert_eq!(life_of(&entry).map(|l| l.status(500)), Some("PROVISIONING"), "the create's, not the update's");
        let execution = world.store().get(&store_path("executions", &update.execution)).cloned().expect("recorded");
        assert_eq!(execution.meta.created_ms, 10, "its execution is created when the change is accepted");
        assert!(life_of(&execution).is_some_and(|l| l.previous.is_none()), "an execution keeps no chain");
        assert_eq!(create.end, update.start);
    }

    #[test]
    fn only_the_newest_finished_executions_are_kept() {
        let db = Db::in_memory().expect("db");
        let mut world = World::new(db.checkout().expect("conn"));
        let lives: Vec<Life> = (0..5).map(|n| change(&mut world, &format!("e{n}"), Work::Create, n * 10, 5)).collect();
        let going = change(&mut world, "late", Work::Create, 50, 1000);
        forget_finished_executions(&mut world, 100, 2).expect("forgot");
        let kept: Vec<String> = world.store().of_kind("executions").iter().map(|(_, e)| e.id.clone()).collect();
        let newest = [&lives[3].execution, &lives[4].execution, &going.execution];
        assert_eq!(kept.iter().collect::<Vec<_>>(), newest, "the two newest finished ones and the one still going");
    }
}
