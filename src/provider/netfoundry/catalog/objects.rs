//! The objects inside a network: endpoints, edge routers, the policies between them,
//! services (with the checks of their models), app-wans and posture checks.

use super::{attributes, read, roles, ROUTER_PROVIDERS};
use crate::catalog::{Field, FieldError, FieldType, Normalized, Resource};

/// `Endpoint`: a device or application identity that enrolls with a one-time token.
pub static ENDPOINT: Resource = Resource {
    name: "Endpoint",
    api_type: "endpoint",
    doc: "An endpoint: an identity a device or app enrolls as with its one-time jwt",
    fields: common![
        attributes("attributes", "attributes", "its attributes, each starting with #"),
        Field::new(
            "enrollmentMethod",
            "enrollment_method",
            FieldType::Map,
            "how it enrolls (default #{ott: true}: a one-time token)"
        )
        .create_only(),
        Field::new(
            "sessionIdentityId",
            "session_identity_id",
            FieldType::Str,
            "a user identity whose session it shares"
        ),
        read("typeId", "type_id", FieldType::Str, "Device, or Router for an edge router's tunneler"),
        read("jwt", "jwt", FieldType::Str, "the one-time enrollment token, until it enrolls"),
        read("jwtExpiresAt", "jwt_expires_at", FieldType::Str, "when the enrollment token expires"),
        read(
            "hasEdgeRouterConnection",
            "has_edge_router_connection",
            FieldType::Bool,
            "whether it is connected to an edge router"
        ),
        read("sessionActive", "session_active", FieldType::Bool, "whether it has an active session"),
    ],
    checks: &[],
};

/// `EdgeRouter`: a router endpoints connect through.
pub static EDGE_ROUTER: Resource = Resource {
    name: "EdgeRouter",
    api_type: "edge-router",
    doc: "An edge router: customer-hosted (registered with its key), or hosted by NetFoundry in a provider's region",
    fields: common![
        attributes("attributes", "attributes", "its attributes, each starting with #"),
        Field::new(
            "provider",
            "provider",
            FieldType::Enum(ROUTER_PROVIDERS),
            "the cloud a NetFoundry-hosted router runs in, or CUSTOMER (your own host: the default)"
        )
        .create_only(),
        Field::new(
            "locationCode",
            "location_code",
            FieldType::Str,
            "for a NetFoundry-hosted router: the provider's region"
        )
        .create_only(),
        Field::new(
            "linkListener",
            "link_listener",
            FieldType::Bool,
            "whether other routers may link to it (hosted routers always do)"
        ),
        Field::new(
            "tunnelerEnabled",
            "tunneler_enabled",
            FieldType::Bool,
            "whether it also intercepts traffic as an endpoint"
        ),
        read("region", "region", FieldType::Str, "a hosted router's region"),
        read("online", "online", FieldType::Bool, "whether it is connected to the controller"),
        read("verified", "verified", FieldType::Bool, "whether it has registered"),
        read("jwt", "jwt", FieldType::Str, "its enrollment token, until it registers"),
        read("registration", "registration", FieldType::Json, "its registration key and expiry, until it registers"),
        read("ipAddress", "ip_address", FieldType::Str, "its address, once registered"),
    ],
    checks: &[],
};

/// `EdgeRouterPolicy`: which endpoints may use which edge routers.
pub static EDGE_ROUTER_POLICY: Resource = Resource {
    name: "EdgeRouterPolicy",
    api_type: "edge-router-policy",
    doc: "An edge-router policy: the endpoints (by role) that may connect through the edge routers (by role)",
    fields: common![
        roles("endpointAttributes", "endpoint_attributes", "the endpoints it applies to: #attribute or @name"),
        roles("edgeRouterAttributes", "edge_router_attributes", "the edge routers they may use: #attribute or @name"),
    ],
    checks: &[],
};

/// The service model types the Python module builds.
const MODEL_TYPES: &[&str] =
    &["TunnelerToSdk", "TunnelerToEndpoint", "TunnelerToEdgeRouter", "AdvancedTunnelerToEndpoint"];

/// `Service`: something clients reach through the network.
pub static SERVICE: Resource = Resource {
    name: "Service",
    api_type: "service",
    doc: "A service: what clients intercept (host and port) and where the network delivers it (an endpoint or edge router's egress)",
    fields: common![
        attributes("attributes", "attributes", "its attributes, each starting with #"),
        Field::new("encryptionRequired", "encryption_required", FieldType::Bool, "whether traffic is end-to-end encrypted (default true)"),
        Field::new("modelType", "model_type", FieldType::Enum(MODEL_TYPES), "the model's kind (netfoundry::simple_service builds the common one)"),
        Field::new("model", "model", FieldType::Map, "the model: clientIngress, serverEgress, bindEndpointAttributes, edgeRouterAttributes, ..."),
        roles("edgeRouterAttributes", "edge_router_attributes", "the edge routers that carry it: #attribute or @name"),
        Field::new("configs", "configs", FieldType::Maps, "for a service built from configs instead of a model: the intercept and host configs"),
    ],
    checks: &[model_is_whole],
};

/// A service's model, when given, as its `model_type` needs it: what clients intercept (`clientIngress`
/// host and port, or addresses and port ranges), where it goes (`serverEgress`, or
/// `edgeRouterHosts`), ports 1–65535 (low ≤ high), protocols tcp or udp.
fn model_is_whole(resource: &Resource, service: &Normalized) -> Result<(), FieldError> {
    let Some(model) = service.properties.get("model").filter(|m| !m.is_null()) else {
        return Ok(());
    };
    let fail = |path: &str, message: String| Err(resource.error("model", format!("{path} {message}")));
    let mut stack = vec![("model".to_string(), model)];
    while let Some((path, value)) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let at = format!("{path}.{key}");
                    if matches!(key.as_str(), "port" | "low" | "high") {
                        let port = item.as_i64().or_else(|| item.as_str().and_then(|t| t.trim().parse().ok()));
                        if !port.is_some_and(|p| (1..=65535).contains(&p)) {
                            return fail(&at, format!("must be a port from 1 to 65535 (got {item})"));
                        }
                    } else if key == "protocol" || key == "protocols" {
                        let protocols: Vec<&serde_json::Value> = match item {
                            serde_json::Value::Array(list) => list.iter().collect(),
                            one => vec![one],
                        };
                        if let Some(bad) = protocols.iter().find(|p| {
                            !p.as_str().is_some_and(|p| p.eq_ignore_ascii_case("tcp") || p.eq_ignore_ascii_case("udp"))
                        }) {
                            return fail(&at, format!("must be tcp or udp (got {bad})"));
                        }
                    } else {
                        stack.push((at, item));
                    }
                }
                let number = |k: &str| map.get(k).and_then(|v| v.as_i64().or_else(|| v.as_str()?.trim().parse().ok()));
                if let (Some(low), Some(high)) = (number("low"), number("high")) {
                    if low > high {
                        return fail(&path, format!("goes from {low} down to {high}: low must not be above high"));
                    }
                }
            }
            serde_json::Value::Array(items) => {
                stack.extend(items.iter().enumerate().map(|(i, item)| (format!("{path}[{i}]"), item)));
            }
            _ => {}
        }
    }
    let has = |pointer: &str| model.pointer(pointer).is_some_and(|v| !v.is_null());
    let needed: &[&str] = match service.properties.get("modelType").and_then(|t| t.as_str()) {
        Some("TunnelerToSdk") => &["/clientIngress/host", "/clientIngress/port"],
        Some("TunnelerToEndpoint") => &[
            "/clientIngress/host",
            "/clientIngress/port",
            "/serverEgress/protocol",
            "/serverEgress/host",
            "/serverEgress/port",
        ],
        Some("TunnelerToEdgeRouter") => {
            &["/clientIngress/host", "/clientIngress/port", "/edgeRouterHosts/0/edgeRouterId"]
        }
        Some("AdvancedTunnelerToEndpoint") => &["/clientIngress/addresses", "/serverEgress"],
        _ => &[],
    };
    match needed.iter().find(|p| !has(p)) {
        Some(missing) => {
            fail(&format!("model{}", missing.replace('/', ".").replace(".0.", "[0].")), "is required".into())
        }
        None => Ok(()),
    }
}

/// `ServicePolicy`: who may dial or bind which services.
pub static SERVICE_POLICY: Resource = Resource {
    name: "ServicePolicy",
    api_type: "service-policy",
    doc: "A service policy: endpoints (by role) that may dial or bind services (by role)",
    fields: common![
        Field::new("type", "type", FieldType::Enum(&["Dial", "Bind"]), "Dial (use the services) or Bind (host them)")
            .required(),
        Field::new(
            "semantic",
            "semantic",
            FieldType::Enum(&["AnyOf", "AllOf"]),
            "whether roles match any or all (default AnyOf)"
        ),
        roles("serviceAttributes", "service_attributes", "the services: #attribute or @name"),
        roles("endpointAttributes", "endpoint_attributes", "the endpoints: #attribute or @name"),
        roles("postureCheckAttributes", "posture_check_attributes", "the posture checks they must pass"),
    ],
    checks: &[],
};

/// `ServiceEdgeRouterPolicy`: which edge routers carry which services.
pub static SERVICE_EDGE_ROUTER_POLICY: Resource = Resource {
    name: "ServiceEdgeRouterPolicy",
    api_type: "service-edge-router-policy",
    doc: "A service edge-router policy: the edge routers (by role) that may carry services (by role)",
    fields: common![
        Field::new(
            "semantic",
            "semantic",
            FieldType::Enum(&["AnyOf", "AllOf"]),
            "whether roles match any or all (default AnyOf)"
        ),
        roles("serviceAttributes", "service_attributes", "the services: #attribute or @name"),
        roles("edgeRouterAttributes", "edge_router_attributes", "the edge routers: #attribute or @name"),
    ],
    checks: &[],
};

/// `AppWan`: endpoints and the services they may use.
pub static APP_WAN: Resource = Resource {
    name: "AppWan",
    api_type: "app-wan",
    doc: "An app-wan: endpoints (by role) that may use services (by role); a dial policy",
    fields: common![
        roles("endpointAttributes", "endpoint_attributes", "the endpoints: #attribute or @name"),
        roles("serviceAttributes", "service_attributes", "the services: #attribute or @name"),
        roles("postureCheckAttributes", "posture_check_attributes", "the posture checks they must pass"),
    ],
    checks: &[],
};

/// What a posture check can check.
const CHECKS: &[&str] = &["OS", "MAC", "DOMAIN", "PROCESS", "PROCESS_MULTI", "MFA"];

/// `PostureCheck`: a condition an endpoint's device must meet.
pub static POSTURE_CHECK: Resource = Resource {
    name: "PostureCheck",
    api_type: "posture-check",
    doc: "A posture check: a condition (OS, MAC, domain, process, MFA) an endpoint's device must meet",
    fields: common![
        Field::new("type", "type", FieldType::Enum(CHECKS), "what it checks").required(),
        attributes("attributes", "attributes", "its attributes, each starting with #"),
        Field::new(
            "operatingSystems",
            "operating_systems",
            FieldType::Maps,
            "OS: the allowed systems, each #{type, versions}"
        ),
        Field::new("macAddresses", "mac_addresses", FieldType::StrList, "MAC: the allowed addresses"),
        Field::new("domains", "domains", FieldType::StrList, "DOMAIN: the allowed Windows domains"),
        Field::new("process", "process", FieldType::Map, "PROCESS: the process that must run, #{osType, path, hashes}"),
        Field::new("processes", "processes", FieldType::Maps, "PROCESS_MULTI: the processes"),
        Field::new("timeoutSeconds", "timeout_seconds", FieldType::Int, "MFA: how long a check holds"),
    ],
    checks: &[],
};
