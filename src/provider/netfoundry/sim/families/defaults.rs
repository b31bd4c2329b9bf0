//! What the NetFoundry API fills in and checks when an object is created: a network's group,
//! provider, region and version; for an object inside a network, that the network is there
//! and PROVISIONED, then what its kind has (an endpoint's one-time token, a router's
//! registration, a service's model defaults and hosting routers, a policy's semantic).

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use super::live;
use crate::provider::netfoundry::durations;
use crate::provider::netfoundry::sim::account;
use crate::provider::netfoundry::sim::kinds::{self, KINDS};
use crate::provider::netfoundry::sim::shape::life;
use crate::provider::netfoundry::sim::shape::{bad, iso, ziti_id};
use crate::sim::{ErrorReply, World};

/// How long enrollment tokens and registration keys last: a day, in ms.
const A_DAY_MS: i64 = 24 * 3600 * 1000;

/// Checks a network's create body and fills in what the API defaults.
pub fn network(fields: &mut Map<String, Value>) -> Result<(), ErrorReply> {
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

/// What a kind fills in and checks for a new object of its own.
type Fill = fn(&Born, &mut Map<String, Value>) -> Result<(), ErrorReply>;

/// The kinds (indexes into [`KINDS`]) that fill in or check more than their network.
static FILLED: &[(usize, Fill)] = &[
    (kinds::ENDPOINT, endpoint),
    (kinds::EDGE_ROUTER, edge_router),
    (kinds::SERVICE, service),
    (kinds::SERVICE_POLICY, semantic),
    (kinds::SERVICE_EDGE_ROUTER_POLICY, semantic),
];

/// Checks the network an object `id` of the kind at `kind` in [`KINDS`] is created in (it
/// must be PROVISIONED) and fills in what the API sets for its kind.
pub fn object(
    world: &World,
    now: i64,
    kind: usize,
    id: &str,
    fields: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    let network_id = fields.get("networkId").and_then(Value::as_str).unwrap_or_default().to_string();
    let (path, network) = live(world, now, &KINDS[kinds::NETWORK], &network_id)
        .ok_or_else(|| bad("networkId", format!("names no network of the organization ('{network_id}')")))?;
    let status = life::status(world, now, &path, network);
    if status != "PROVISIONED" {
        return Err(ErrorReply::new(
            StatusCode::CONFLICT,
            format!("The network {network_id} is {status}: objects can be added once it is PROVISIONED"),
        ));
    }
    let controller = format!("https://{}.production.netfoundry.io:443", ziti_id(&network_id));
    let born = Born { world, now, id, network_id: &network_id, controller };
    match FILLED.iter().find(|(filled, _)| *filled == kind) {
        Some((_, fill)) => fill(&born, fields),
        None => Ok(()),
    }
}

/// A new object inside a network: when, its id, its network and the network's controller.
struct Born<'a> {
    world: &'a World<'a>,
    now: i64,
    id: &'a str,
    network_id: &'a str,
    controller: String,
}

impl Born<'_> {
    /// The one-time token a device enrolls with (`em`: its enrollment method).
    fn token(&self, method: &str) -> Value {
        let claims = json!({
            "iss": self.controller,
            "sub": ziti_id(self.id),
            "em": method,
            "jti": uuid::Uuid::new_v4().to_string(),
            "exp": self.now / 1000 + 86_400,
        });
        json!(crate::sim::jwt(&claims))
    }
}

/// Fills in every `(key, value)` the fields do not have.
fn unless_given(fields: &mut Map<String, Value>, defaults: Vec<(&str, Value)>) {
    for (key, value) in defaults {
        fields.entry(key).or_insert(value);
    }
}

/// An endpoint enrolls with a one-time token, valid a day.
fn endpoint(born: &Born, fields: &mut Map<String, Value>) -> Result<(), ErrorReply> {
    fields.entry("enrollmentMethod").or_insert_with(|| json!({ "ott": true }));
    let defaults = vec![
        ("typeId", json!("Device")),
        ("jwt", born.token("ott")),
        ("jwtExpiresAt", json!(iso(born.now + A_DAY_MS))),
        ("sessionIdentityId", Value::Null),
        ("hasEdgeRouterConnection", json!(false)),
        ("hasApiSession", json!(false)),
        ("sessionActive", json!(false)),
        ("mfaEnabled", json!(false)),
        ("os", Value::Null),
        ("osVersion", Value::Null),
        ("appVersion", Value::Null),
    ];
    unless_given(fields, defaults);
    Ok(())
}

/// A NetFoundry-hosted router runs in a provider's region; a customer-hosted one has none.
/// Both start unregistered, with a registration key.
fn edge_router(born: &Born, fields: &mut Map<String, Value>) -> Result<(), ErrorReply> {
    let provider = fields.get("provider").and_then(Value::as_str).map(str::to_string);
    if durations::hosted(provider.as_deref()) {
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
    let defaults = vec![
        ("linkListener", json!(false)),
        ("tunnelerEnabled", json!(false)),
        ("online", json!(false)),
        ("verified", json!(false)),
        ("jwt", born.token("erott")),
        ("registration", registration(born.now)),
        ("ipAddress", Value::Null),
        ("hostId", Value::Null),
    ];
    unless_given(fields, defaults);
    Ok(())
}

/// A new registration key for a customer-hosted router, valid a day.
pub fn registration(now: i64) -> Value {
    let key: String = uuid::Uuid::new_v4().simple().to_string().to_uppercase().chars().take(20).collect();
    json!({ "registrationKey": key, "expiresAt": iso(now + A_DAY_MS) })
}

/// A service is encrypted by default; the routers that host it must be live ones of its
/// network.
fn service(born: &Born, fields: &mut Map<String, Value>) -> Result<(), ErrorReply> {
    unless_given(fields, vec![("encryptionRequired", json!(true)), ("modelType", Value::Null), ("model", Value::Null)]);
    let hosts = fields.get("model").and_then(|m| m.get("edgeRouterHosts")).and_then(Value::as_array);
    for host in hosts.into_iter().flatten() {
        let router = host.get("edgeRouterId").and_then(Value::as_str).unwrap_or_default();
        let inside = live(born.world, born.now, &KINDS[kinds::EDGE_ROUTER], router)
            .is_some_and(|(_, r)| r.properties.get("networkId").and_then(Value::as_str) == Some(born.network_id));
        if !inside {
            return Err(bad("model.edgeRouterHosts", format!("names no edge router of this network ('{router}')")));
        }
    }
    Ok(())
}

/// A policy matches any of its roles by default.
fn semantic(_: &Born, fields: &mut Map<String, Value>) -> Result<(), ErrorReply> {
    fields.entry("semantic").or_insert(json!("AnyOf"));
    Ok(())
}
