//! How the NetFoundry core API shows what the emulator stores: flat objects with their
//! status, controller-side fields once up and HAL links; lists as HAL pages, filtered on the
//! listed kind's fields (a network's objects only with `networkId`, deleted ones only when a
//! `status` filter asks); an accepted change as 202 with the object and its execution's link.
//! Its changes keep the fields no description checks, and end as its workflows do: a failure
//! leaves the object in ERROR, a delete leaves it DELETED.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};
use time::macros::format_description;

use crate::provider::netfoundry::sim::account;
use crate::provider::netfoundry::sim::kinds::{self, Kind, KINDS};

pub(super) mod hal;
pub(super) mod life;

use crate::catalog::{Effect, FieldError, Method, Resource};
use crate::provider::netfoundry::durations;
use crate::sim::{
    Call, Changes, Ending, ErrorReply, OnDone, OnFailure, Reply, RequestRecord, Shape, StoredObject, World,
};
pub use hal::HAL;

/// How the NetFoundry core API shows objects.
#[derive(Debug)]
pub struct NetFoundryShape;

impl Shape for NetFoundryShape {
    type View = Call;

    fn view(&self, call: Call) -> Result<Call, ErrorReply> {
        Ok(call)
    }

    fn object(&self, call: &Call, world: &World, now: i64, path: &str, entry: &StoredObject) -> Value {
        render(call, world, now, path, entry)
    }

    /// Only the asked network's objects are rendered at all (networks have no networkId: the
    /// parameter means nothing to their list).
    fn collection(
        &self,
        call: &Call,
        world: &World,
        now: i64,
        _parent: &str,
        name: &str,
        _paged: bool,
    ) -> Result<Option<Value>, ErrorReply> {
        let Some(kind) = kinds::by_collection(name) else { return Ok(None) };
        let network = call.query_param("networkId").filter(|_| !kind.is_network());
        let inside = |entry: &StoredObject| {
            network.is_none_or(|n| entry.properties.get("networkId").and_then(Value::as_str) == Some(n))
        };
        let with_status = call.query_param("status").is_some();
        let items: Vec<Value> = candidates(call, world, kind, network)
            .into_iter()
            .filter(|(_, entry)| inside(entry))
            .map(|(path, entry)| render(call, world, now, path, entry))
            .filter(|item| with_status || item.get("status") != Some(&json!("DELETED")))
            .filter(|item| !kind.is_network() || named(call, item))
            .collect();
        let fields: Vec<&str> = kind.resource.fields.iter().map(|f| f.api).collect();
        Ok(Some(hal::page(call, kind.list_key, items, &fields)))
    }

    fn accepted(&self, call: &Call, record: &RequestRecord, body: Option<Value>) -> Reply {
        let mut object = body.unwrap_or_else(|| json!({}));
        object["_links"]["execution"] = json!({ "href": execution_href(call, &record.id) });
        call.reply(StatusCode::ACCEPTED, Some(object)).with_json_type(HAL)
    }

    fn field_error(&self, error: &FieldError) -> ErrorReply {
        bad(&error.api, &error.message)
    }

    /// The body's fields its kind describes (checked), and every other field as given: the
    /// API keeps fields it does not check, so the emulator is never stricter than it.
    fn changes(&self, _method: Method, body: &Value, resource: &Resource) -> Result<Changes, ErrorReply> {
        let given = body.as_object().ok_or_else(not_an_object)?;
        let (described, kept) = given
            .iter()
            .filter(|(key, _)| !key.starts_with('_'))
            .map(|(k, v)| (k.clone(), v.clone()))
            .partition(|(k, _)| resource.field(k).is_some());
        Ok(Changes { described, kept })
    }

    fn updated(&self, old: &StoredObject, properties: &mut Map<String, Value>) {
        if old.kind == KINDS[kinds::SERVICE].collection {
            numeric_ports(properties);
        }
    }

    /// A workflow that fails leaves its objects in ERROR (a create's never came up); a delete
    /// leaves them DELETED; a change that succeeds heals an earlier failure.
    fn ending(&self, effect: Effect) -> Ending {
        let on_done = match effect {
            Effect::Create => OnDone::Nothing,
            Effect::Delete => OnDone::Retire,
            Effect::Change | Effect::Action => OnDone::Heal,
        };
        Ending { on_done, on_failure: OnFailure::Mark }
    }

    fn media_type(&self) -> &'static str {
        HAL
    }

    fn shows_deleted(&self) -> bool {
        true
    }
}

/// Networks are found by exact name and by group under the names the module sends.
/// The stored objects a list of `kind` can answer, read through the narrowest index: those
/// of one name when one name without wildcards is asked for, else those of the network, else
/// all. The list's filters then pick from them as before.
fn candidates<'w>(
    call: &Call,
    world: &'w World<'w>,
    kind: &Kind,
    network: Option<&str>,
) -> Vec<(&'w str, &'w StoredObject)> {
    let collection = kind.collection_path();
    let names: Vec<&str> = ["name", "findByName"]
        .iter()
        .filter(|param| kind.is_network() || **param == "name")
        .flat_map(|param| call.query.iter().filter(move |(k, _)| k == param).map(|(_, v)| v.as_str()))
        .collect();
    match (names.as_slice(), network) {
        ([one], _) if !one.contains(['%', '_']) => world.store().named(&collection, one),
        (_, Some(network)) => world.store().children_in(&collection, network),
        _ => world.store().children(&collection),
    }
}

fn named(call: &Call, item: &Value) -> bool {
    let exact = |field: &str, param: &str| {
        call.query_param(param).is_none_or(|wanted| {
            item.get(field).and_then(Value::as_str).is_some_and(|v| v.to_lowercase() == wanted.to_lowercase())
        })
    };
    exact("name", "findByName") && exact("networkGroupId", "findByNetworkGroupId")
}

/// The link to execution `id`.
pub fn execution_href(call: &Call, id: &str) -> String {
    format!("{}/core/v2/executions/{id}", call.api)
}

/// A 400 naming the field.
pub fn bad(field: &str, message: impl std::fmt::Display) -> ErrorReply {
    ErrorReply::new(StatusCode::BAD_REQUEST, format!("{field} {message}"))
}

/// The 400 for a body that is not an object.
pub fn not_an_object() -> ErrorReply {
    ErrorReply::new(StatusCode::BAD_REQUEST, "The request body must be a JSON object")
}

/// Ports given as text (`"443"`, as nfctl sends them) become numbers, as the API answers.
pub fn numeric_ports(properties: &mut Map<String, Value>) {
    if let Some(model) = properties.get_mut("model") {
        numbers_in(model);
    }
}

fn numbers_in(value: &mut Value) {
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
                    other => numbers_in(other),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(numbers_in),
        _ => {}
    }
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
pub fn ziti_id(id: &str) -> String {
    id.chars().filter(char::is_ascii_alphanumeric).take(10).collect()
}

/// The object stored at `path` as the API shows it at `now`.
pub fn render(call: &Call, world: &World, now: i64, path: &str, entry: &StoredObject) -> Value {
    let status = life::status(world, now, path, entry);
    let up = life::up(world, now, path, entry);
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
    let deleted = entry.meta.deleted_ms.filter(|_| status == "DELETED");
    out.insert("deletedAt".into(), deleted.map_or(Value::Null, |ms| iso(ms).into()));
    out.insert("deletedBy".into(), deleted.map_or(Value::Null, |_| account::CALLER_ID.into()));
    let kind = kinds::by_collection(&entry.kind);
    if kind.is_some_and(Kind::is_network) {
        network_fields(&mut out, entry, up);
    } else if kind.is_some_and(|k| std::ptr::eq(k, &KINDS[kinds::EDGE_ROUTER])) {
        router_fields(&mut out, entry, up);
    }
    out.insert("_links".into(), links(call, entry));
    Value::Object(out)
}

/// An object's links: itself, and its network (a network: the lists of what is in it).
fn links(call: &Call, entry: &StoredObject) -> Value {
    let self_href = format!("{}/core/v2/{}/{}", call.api, entry.kind, entry.id);
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
    links
}

/// A network's controller, once it is up.
fn network_fields(out: &mut Map<String, Value>, entry: &StoredObject, up: bool) {
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
fn router_fields(out: &mut Map<String, Value>, entry: &StoredObject, up: bool) {
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
