//! The NetFoundry API described for the catalog: the account (caller, organizations,
//! identities, roles), the read-only lists a network is made from (network groups, regions,
//! versions), networks, and the objects inside a network, each with the same five calls.
//!
//! Reads are nouns (`nf::endpoints(network)` lists, `nf::endpoint(network, "ep1")` gets one by
//! id or name), changes are verbs (`nf::create_endpoint(network, #{…})`). Field names are the
//! API's camelCase on the wire and snake_case in scripts.

use crate::catalog::{
    Catalog, Field, FieldError, FieldType, Filter, Lookup, Method, Normalized, Operation, Options, Param, Pattern,
    Resource, Rule,
};

/// Query parameters every list of the core API sends: the module's page size and order.
const PAGED: &[(&str, &str)] = &[("sort", "name,asc"), ("size", "1000"), ("page", "0")];
/// The same without an order (the identity API and network versions take none).
const UNSORTED: &[(&str, &str)] = &[("size", "1000"), ("page", "0")];

/// An attribute: `#` then a name.
static ATTRIBUTE: Pattern = Pattern {
    shape: "#name",
    described: "an attribute starting with # like #clients",
    example: "#clients",
    matches: |s| s.len() > 1 && s.starts_with('#'),
};

/// A role: an attribute `#name`, or one object by name `@name`.
static ROLE: Pattern = Pattern {
    shape: "#attribute|@name",
    described: "a role: #attribute, or @name for one object by name",
    example: "#all",
    matches: |s| s.len() > 1 && (s.starts_with('#') || s.starts_with('@')),
};

const fn attributes(api: &'static str, rhai: &'static str, doc: &'static str) -> Field {
    Field::new(api, rhai, FieldType::StrList, doc).rule(Rule::Pattern(&ATTRIBUTE))
}

const fn roles(api: &'static str, rhai: &'static str, doc: &'static str) -> Field {
    Field::new(api, rhai, FieldType::StrList, doc).rule(Rule::Pattern(&ROLE))
}

const fn read(api: &'static str, rhai: &'static str, ty: FieldType, doc: &'static str) -> Field {
    Field::new(api, rhai, ty, doc).read_only()
}

/// The cloud providers a network or a NetFoundry-hosted edge router can run in.
const PROVIDERS: &[&str] = &["AWS", "AZURE", "GCP", "OCP", "OCI", "ALICLOUD", "NETFOUNDRY"];

/// Where an edge router runs: a cloud provider (NetFoundry-hosted) or the customer's own host.
const ROUTER_PROVIDERS: &[&str] = &["AWS", "AZURE", "GCP", "OCP", "OCI", "ALICLOUD", "NETFOUNDRY", "CUSTOMER"];

macro_rules! common {
    ($($field:expr),* $(,)?) => {
        &[
            read("id", "id", FieldType::Str, "its id"),
            // Required by the API, but given as a create's first argument: a constructor
            // builds the object without it.
            Field::new("networkId", "network_id", FieldType::Str, "the network it belongs to (a create's first argument)").create_only(),
            Field::new("name", "name", FieldType::Str, "its name, unique in the network (ignoring case)").required(),
            $($field,)*
            read("status", "status", FieldType::Str, "its lifecycle status: NEW, PROVISIONING, PROVISIONED, ERROR, UPDATING, DELETING, DELETED"),
            read("zitiId", "ziti_id", FieldType::Str, "its id in the network's controller, once provisioned"),
            read("ownerIdentityId", "owner_identity_id", FieldType::Str, "the identity that owns it"),
            read("createdBy", "created_by", FieldType::Str, "the identity that created it"),
            read("createdAt", "created_at", FieldType::Str, "when it was created"),
            read("updatedAt", "updated_at", FieldType::Str, "when it was last changed"),
            read("deletedAt", "deleted_at", FieldType::Str, "when it was deleted"),
            read("deletedBy", "deleted_by", FieldType::Str, "who deleted it"),
        ]
    };
}

/// `Network`: what `create_network` takes.
pub static NETWORK: Resource = Resource {
    name: "Network",
    api_type: "network",
    doc: "A NetFoundry network: a controller and the endpoints, routers, services and policies inside it",
    fields: &[
        read("id", "id", FieldType::Str, "its id"),
        Field::new("name", "name", FieldType::Str, "its name, unique in the network group (ignoring case)").required(),
        Field::new(
            "networkGroupId",
            "network_group_id",
            FieldType::Str,
            "the network group it belongs to (default: the organization's only group)",
        )
        .create_only(),
        Field::new(
            "provider",
            "provider",
            FieldType::Enum(PROVIDERS),
            "the cloud its controller runs in (default OCI)",
        )
        .create_only(),
        Field::new(
            "region",
            "region",
            FieldType::Str,
            "the provider's region for the controller (default eu-amsterdam-1)",
        )
        .create_only(),
        Field::new(
            "size",
            "size",
            FieldType::Enum(&["small", "medium", "large"]),
            "the controller's size (default medium)",
        )
        .create_only(),
        Field::new(
            "productVersion",
            "product_version",
            FieldType::Str,
            "the network version (default: the default version)",
        )
        .create_only(),
        read("status", "status", FieldType::Str, "its lifecycle status"),
        read("locationCode", "location_code", FieldType::Str, "the controller's region"),
        read("networkController", "network_controller", FieldType::Json, "the controller, once provisioned"),
        read("o365BreakoutCategory", "o365_breakout_category", FieldType::Str, "Office 365 breakout category"),
        read("ownerIdentityId", "owner_identity_id", FieldType::Str, "the identity that owns it"),
        read("createdBy", "created_by", FieldType::Str, "the identity that created it"),
        read("createdAt", "created_at", FieldType::Str, "when it was created"),
        read("updatedAt", "updated_at", FieldType::Str, "when it was last changed"),
        read("deletedAt", "deleted_at", FieldType::Str, "when it was deleted"),
    ],
    checks: &[],
};

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
        Field::new("modelType", "model_type", FieldType::Enum(MODEL_TYPES), "the model's kind (see nf.simple_service for the common one)"),
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

/// What a read-only object of the account or catalog shows (`id`, `name`, ...): every field
/// is a filter.
macro_rules! listed {
    ($static:ident, $name:literal, $type:literal, $doc:literal, [$(($api:literal, $rhai:literal, $fdoc:literal)),* $(,)?]) => {
        #[doc = concat!("`", $name, "`: ", $doc, ".")]
        pub static $static: Resource = Resource {
            name: $name,
            api_type: $type,
            doc: $doc,
            fields: &[$(read($api, $rhai, FieldType::Str, $fdoc)),*],
            checks: &[],
        };
    };
}

listed!(
    IDENTITY,
    "Identity",
    "identity",
    "A user or API account of the organization",
    [
        ("id", "id", "its id"),
        ("name", "name", "its name"),
        ("email", "email", "its e-mail address"),
        ("type", "type", "UserIdentity or ApiAccountIdentity"),
        ("organizationId", "organization_id", "its organization"),
    ]
);
listed!(
    ORGANIZATION,
    "Organization",
    "organization",
    "The organization an identity belongs to",
    [("id", "id", "its id"), ("name", "name", "its name"), ("label", "label", "its short label"),]
);
listed!(
    ROLE_OBJECT,
    "Role",
    "role",
    "A role identities can be given",
    [
        ("id", "id", "its id"),
        ("name", "name", "its name"),
        ("description", "description", "what it allows"),
        ("identityId", "identity_id", "as a filter: the roles this identity has"),
    ]
);
listed!(
    NETWORK_GROUP,
    "NetworkGroup",
    "network-group",
    "A group of networks of the organization",
    [
        ("id", "id", "its id"),
        ("name", "name", "its name"),
        ("shortName", "short_name", "its short name"),
        ("organizationId", "organization_id", "its organization"),
    ]
);
listed!(
    REGION,
    "Region",
    "region",
    "A provider's region a controller or hosted router can run in",
    [
        ("provider", "provider", "the cloud provider"),
        ("locationCode", "location_code", "the region's code"),
        ("name", "name", "its name"),
    ]
);
listed!(
    NETWORK_VERSION,
    "NetworkVersion",
    "network-version",
    "A version networks can be created with",
    [
        ("networkVersion", "network_version", "the version"),
        ("active", "active", "whether new networks may use it"),
        ("default", "default", "whether it is the default"),
    ]
);
listed!(
    EXECUTION,
    "Execution",
    "execution",
    "The workflow behind an accepted change",
    [
        ("id", "id", "its id"),
        ("name", "name", "what it does"),
        ("status", "status", "STARTED, RUNNING, FINISHED or FAILED"),
        ("networkId", "network_id", "its network"),
        ("entityId", "entity_id", "the object it changes"),
        ("entityType", "entity_type", "the kind of object it changes (endpoints, edge-routers, ...)"),
    ]
);

/// Networks, found by id or by name.
pub static NETWORKS: Lookup = Lookup {
    noun: "network",
    collection: "/core/v2/networks",
    by_name: Some("findByName"),
    names: &["name"],
    fixed: PAGED,
};

/// Network groups, found by id, name or short name.
pub static NETWORK_GROUPS: Lookup = Lookup {
    noun: "network group",
    collection: "/core/v2/network-groups",
    by_name: None,
    names: &["name", "shortName"],
    fixed: PAGED,
};

/// The network a call works within.
const NETWORK_SCOPE: Param = Param::Scope { name: "network", api: "networkId", lookup: &NETWORKS };

macro_rules! get {
    ($static:ident, $name:literal, $doc:literal, $path:literal, [$($param:expr),*]) => {
        #[doc = concat!("`nf::", $name, "`.")]
        pub static $static: Operation = Operation {
            name: $name,
            doc: $doc,
            method: Method::Get,
            path: $path,
            params: &[$($param),*],
            options: Options::None,
            creates: false,
        };
    };
}

macro_rules! list {
    ($static:ident, $name:literal, $doc:literal, $path:literal, [$($param:expr),*], $resource:expr, $renamed:expr, $fixed:expr) => {
        #[doc = concat!("`nf::", $name, "`.")]
        pub static $static: Operation = Operation {
            name: $name,
            doc: $doc,
            method: Method::Get,
            path: $path,
            params: &[$($param),*],
            options: Options::Filter(&Filter { resource: &$resource, renamed: $renamed, fixed: $fixed }),
            creates: false,
        };
    };
}

get!(
    CALLER,
    "caller",
    "The identity the credentials belong to (its organizationId, name, email, type).",
    "/identity/v1/identities/self",
    []
);
list!(
    ORGANIZATIONS,
    "organizations",
    "Lists the organizations the caller can see.",
    "/identity/v1/organizations",
    [],
    ORGANIZATION,
    &[],
    UNSORTED
);
get!(
    GET_ORGANIZATION,
    "organization",
    "Gets one organization by id.",
    "/identity/v1/organizations/{organization_id}",
    [Param::Path { name: "organization_id", doc: "the organization's id" }]
);
list!(IDENTITIES, "identities", "Lists the organization's identities; filter with #{type: \"UserIdentity\"} or \"ApiAccountIdentity\", #{name}, #{email}.",
    "/identity/v1/identities", [], IDENTITY, &[], UNSORTED);
get!(
    GET_IDENTITY,
    "identity",
    "Gets one identity of the organization by id.",
    "/identity/v1/identities/{identity_id}",
    [Param::Path { name: "identity_id", doc: "the identity's id" }]
);
list!(
    ROLES,
    "roles",
    "Lists the roles; #{name} and #{description} match parts (nameLike), #{identity_id} those an identity has.",
    "/auth/v1/roles",
    [],
    ROLE_OBJECT,
    &[("name", "nameLike"), ("description", "descriptionLike")],
    &[("sort", "name,asc"), ("size", "3000"), ("page", "0")]
);
get!(
    GET_ROLE,
    "role",
    "Gets one role by id.",
    "/auth/v1/roles/{role_id}",
    [Param::Path { name: "role_id", doc: "the role's id" }]
);
list!(
    NETWORK_GROUP_LIST,
    "network_groups",
    "Lists the organization's network groups.",
    "/core/v2/network-groups",
    [],
    NETWORK_GROUP,
    &[],
    PAGED
);
get!(
    GET_NETWORK_GROUP,
    "network_group",
    "Gets a network group by id, name or short name (ignoring case).",
    "/core/v2/network-groups/{network_group}",
    [Param::Named { name: "network_group", lookup: &NETWORK_GROUPS }]
);
list!(
    REGIONS,
    "regions",
    "Lists the regions networks and hosted routers can run in; #{provider: \"AWS\"} keeps one provider's.",
    "/core/v2/regions",
    [],
    REGION,
    &[],
    PAGED
);
get!(
    GET_REGION,
    "region",
    "Gets one region of a provider by its location code (nf::region(\"AWS\", \"us-east-1\")).",
    "/core/v2/regions/{provider}/{location_code}",
    [
        Param::Path { name: "provider", doc: "the cloud provider (AWS, AZURE, GCP, OCI, ...)" },
        Param::Path { name: "location_code", doc: "the region's code" }
    ]
);
list!(
    NETWORK_VERSIONS,
    "network_versions",
    "Lists the versions networks can be created with; #{active: true} keeps the usable ones.",
    "/core/v2/network-versions",
    [],
    NETWORK_VERSION,
    &[],
    UNSORTED
);
list!(
    NETWORK_LIST,
    "networks",
    "Lists the networks; #{name} (exact, ignoring case), #{network_group_id}, #{status}.",
    "/core/v2/networks",
    [],
    NETWORK,
    &[("name", "findByName"), ("networkGroupId", "findByNetworkGroupId")],
    PAGED
);
get!(
    GET_NETWORK,
    "network",
    "Gets a network by id or name.",
    "/core/v2/networks/{network}",
    [Param::Named { name: "network", lookup: &NETWORKS }]
);

/// `nf::network_exists(name)`.
pub static NETWORK_EXISTS: Operation = Operation {
    name: "network_exists",
    doc: "Whether a network by this name (ignoring case) or id exists.",
    method: Method::Get,
    path: "/core/v2/networks/{network}",
    params: &[Param::Named { name: "network", lookup: &NETWORKS }],
    options: Options::Probe,
    creates: false,
};

/// `nf::create_network(#{…})`.
pub static CREATE_NETWORK: Operation = Operation {
    name: "create_network",
    doc: "Creates a network (NEW, then PROVISIONING, then PROVISIONED); wait with wait_for_completion or nf::wait_for_status.",
    method: Method::Post,
    path: "/core/v2/networks",
    params: &[],
    options: Options::Fields(&NETWORK),
    creates: true,
};

/// `nf::update_network(network, #{name})`.
pub static UPDATE_NETWORK: Operation = Operation {
    name: "update_network",
    doc: "Renames a network.",
    method: Method::Patch,
    path: "/core/v2/networks/{network}",
    params: &[Param::Named { name: "network", lookup: &NETWORKS }],
    options: Options::Patch(&NETWORK),
    creates: false,
};

/// `nf::delete_network(network)`.
pub static DELETE_NETWORK: Operation = Operation {
    name: "delete_network",
    doc: "Deletes a network and everything in it (DELETING, then DELETED).",
    method: Method::Delete,
    path: "/core/v2/networks/{network}",
    params: &[Param::Named { name: "network", lookup: &NETWORKS }],
    options: Options::None,
    creates: false,
};

list!(
    EXECUTION_LIST,
    "executions",
    "Lists a network's executions (the workflows of its changes), newest first; filter on status, entity_id, name.",
    "/core/v2/executions",
    [NETWORK_SCOPE],
    EXECUTION,
    &[],
    &[("sort", "createdAt,desc"), ("size", "1000"), ("page", "0")]
);
get!(
    GET_EXECUTION,
    "execution",
    "Gets the workflow behind an accepted change by id.",
    "/core/v2/executions/{execution_id}",
    [Param::Path { name: "execution_id", doc: "the execution's id" }]
);

/// The six calls on one kind of object inside a network, each its own static.
/// `$noun`/`$plural` name the functions; `$one`, `$word` and `$many` are what docs and
/// messages call the objects ("an edge router", "edge router", "edge routers").
macro_rules! network_objects {
    ($group:ident, $lookup:ident, $resource:ident,
     [$list:ident, $get:ident, $create:ident, $update:ident, $replace:ident, $delete:ident],
     $noun:literal, $plural:literal, $path:literal, $one:literal, $word:literal, $many:literal) => {
        #[doc = concat!("How ", $many, " are found by name.")]
        pub static $lookup: Lookup =
            Lookup { noun: $word, collection: $path, by_name: Some("name"), names: &["name"], fixed: PAGED };

        #[doc = concat!("`nf::", $plural, "(network)`.")]
        pub static $list: Operation = Operation {
            name: $plural,
            doc: concat!("Lists a network's ", $many, "; filter on any field (#{name: \"web%\"}: % is a wildcard)."),
            method: Method::Get,
            path: $path,
            params: &[NETWORK_SCOPE],
            options: Options::Filter(&Filter { resource: &$resource, renamed: &[], fixed: PAGED }),
            creates: false,
        };

        #[doc = concat!("`nf::", $noun, "(network, id or name)`.")]
        pub static $get: Operation = Operation {
            name: $noun,
            doc: concat!("Gets one of a network's ", $many, " by id or name."),
            method: Method::Get,
            path: concat!($path, "/{", $noun, "}"),
            params: &[NETWORK_SCOPE, Param::Named { name: $noun, lookup: &$lookup }],
            options: Options::None,
            creates: false,
        };

        #[doc = concat!("`nf::create_", $noun, "(network, #{…})`.")]
        pub static $create: Operation = Operation {
            name: concat!("create_", $noun),
            doc: concat!("Creates ", $one, " in a network (NEW, then PROVISIONED); wait with wait_for_completion."),
            method: Method::Post,
            path: $path,
            params: &[NETWORK_SCOPE],
            options: Options::Fields(&$resource),
            creates: true,
        };

        #[doc = concat!("`nf::update_", $noun, "(network, id or name, #{…})`.")]
        pub static $update: Operation = Operation {
            name: concat!("update_", $noun),
            doc: concat!("Changes ", $one, ", sending only the fields whose values differ."),
            method: Method::Patch,
            path: concat!($path, "/{", $noun, "}"),
            params: &[NETWORK_SCOPE, Param::Named { name: $noun, lookup: &$lookup }],
            options: Options::Patch(&$resource),
            creates: false,
        };

        #[doc = concat!("`nf::replace_", $noun, "(network, id or name, #{…})`.")]
        pub static $replace: Operation = Operation {
            name: concat!("replace_", $noun),
            doc: concat!("Replaces ", $one, " with a PUT of its changeable fields: the given ones over those it has."),
            method: Method::Put,
            path: concat!($path, "/{", $noun, "}"),
            params: &[NETWORK_SCOPE, Param::Named { name: $noun, lookup: &$lookup }],
            options: Options::Replace(&$resource),
            creates: false,
        };

        #[doc = concat!("`nf::delete_", $noun, "(network, id or name)`.")]
        pub static $delete: Operation = Operation {
            name: concat!("delete_", $noun),
            doc: concat!("Deletes ", $one, " (DELETING, then DELETED)."),
            method: Method::Delete,
            path: concat!($path, "/{", $noun, "}"),
            params: &[NETWORK_SCOPE, Param::Named { name: $noun, lookup: &$lookup }],
            options: Options::None,
            creates: false,
        };

        #[doc = concat!("The calls on ", $many, ": list, get, create, update (a PATCH of what differs), replace (a PUT), delete.")]
        pub static $group: &[&Operation] = &[&$list, &$get, &$create, &$update, &$replace, &$delete];
    };
}

network_objects!(
    ENDPOINT_CALLS,
    ENDPOINTS,
    ENDPOINT,
    [LIST_ENDPOINTS, GET_ENDPOINT, CREATE_ENDPOINT, UPDATE_ENDPOINT, REPLACE_ENDPOINT, DELETE_ENDPOINT],
    "endpoint",
    "endpoints",
    "/core/v2/endpoints",
    "an endpoint",
    "endpoint",
    "endpoints"
);
network_objects!(
    EDGE_ROUTER_CALLS,
    EDGE_ROUTERS,
    EDGE_ROUTER,
    [
        LIST_EDGE_ROUTERS,
        GET_EDGE_ROUTER,
        CREATE_EDGE_ROUTER,
        UPDATE_EDGE_ROUTER,
        REPLACE_EDGE_ROUTER,
        DELETE_EDGE_ROUTER
    ],
    "edge_router",
    "edge_routers",
    "/core/v2/edge-routers",
    "an edge router",
    "edge router",
    "edge routers"
);
network_objects!(
    EDGE_ROUTER_POLICY_CALLS,
    EDGE_ROUTER_POLICIES,
    EDGE_ROUTER_POLICY,
    [
        LIST_EDGE_ROUTER_POLICIES,
        GET_EDGE_ROUTER_POLICY,
        CREATE_EDGE_ROUTER_POLICY,
        UPDATE_EDGE_ROUTER_POLICY,
        REPLACE_EDGE_ROUTER_POLICY,
        DELETE_EDGE_ROUTER_POLICY
    ],
    "edge_router_policy",
    "edge_router_policies",
    "/core/v2/edge-router-policies",
    "an edge-router policy",
    "edge-router policy",
    "edge-router policies"
);
network_objects!(
    SERVICE_CALLS,
    SERVICES,
    SERVICE,
    [LIST_SERVICES, GET_SERVICE, CREATE_SERVICE, UPDATE_SERVICE, REPLACE_SERVICE, DELETE_SERVICE],
    "service",
    "services",
    "/core/v2/services",
    "a service",
    "service",
    "services"
);
network_objects!(
    SERVICE_POLICY_CALLS,
    SERVICE_POLICIES,
    SERVICE_POLICY,
    [
        LIST_SERVICE_POLICIES,
        GET_SERVICE_POLICY,
        CREATE_SERVICE_POLICY,
        UPDATE_SERVICE_POLICY,
        REPLACE_SERVICE_POLICY,
        DELETE_SERVICE_POLICY
    ],
    "service_policy",
    "service_policies",
    "/core/v2/service-policies",
    "a service policy",
    "service policy",
    "service policies"
);
network_objects!(
    SERVICE_EDGE_ROUTER_POLICY_CALLS,
    SERVICE_EDGE_ROUTER_POLICIES,
    SERVICE_EDGE_ROUTER_POLICY,
    [
        LIST_SERVICE_EDGE_ROUTER_POLICIES,
        GET_SERVICE_EDGE_ROUTER_POLICY,
        CREATE_SERVICE_EDGE_ROUTER_POLICY,
        UPDATE_SERVICE_EDGE_ROUTER_POLICY,
        REPLACE_SERVICE_EDGE_ROUTER_POLICY,
        DELETE_SERVICE_EDGE_ROUTER_POLICY
    ],
    "service_edge_router_policy",
    "service_edge_router_policies",
    "/core/v2/service-edge-router-policies",
    "a service edge-router policy",
    "service edge-router policy",
    "service edge-router policies"
);
network_objects!(
    APP_WAN_CALLS,
    APP_WANS,
    APP_WAN,
    [LIST_APP_WANS, GET_APP_WAN, CREATE_APP_WAN, UPDATE_APP_WAN, REPLACE_APP_WAN, DELETE_APP_WAN],
    "app_wan",
    "app_wans",
    "/core/v2/app-wans",
    "an app-wan",
    "app-wan",
    "app-wans"
);
network_objects!(
    POSTURE_CHECK_CALLS,
    POSTURE_CHECKS,
    POSTURE_CHECK,
    [
        LIST_POSTURE_CHECKS,
        GET_POSTURE_CHECK,
        CREATE_POSTURE_CHECK,
        UPDATE_POSTURE_CHECK,
        REPLACE_POSTURE_CHECK,
        DELETE_POSTURE_CHECK
    ],
    "posture_check",
    "posture_checks",
    "/core/v2/posture-checks",
    "a posture check",
    "posture check",
    "posture checks"
);

/// `nf::edge_router_registration(network, edge_router)`.
pub static EDGE_ROUTER_REGISTRATION: Operation = Operation {
    name: "edge_router_registration",
    doc: "Makes a new registration key for a customer-hosted edge router (the old one stops working): #{registrationKey, expiresAt}.",
    method: Method::Post,
    path: "/core/v2/edge-routers/{edge_router}/registration-key",
    params: &[NETWORK_SCOPE, Param::Named { name: "edge_router", lookup: &EDGE_ROUTERS }],
    options: Options::None,
    creates: false,
};

/// The account's, the catalog's and the networks' calls.
static ACCOUNT_AND_NETWORKS: &[&Operation] = &[
    &CALLER,
    &ORGANIZATIONS,
    &GET_ORGANIZATION,
    &IDENTITIES,
    &ROLES,
    &GET_IDENTITY,
    &GET_ROLE,
    &GET_REGION,
    &NETWORK_GROUP_LIST,
    &GET_NETWORK_GROUP,
    &REGIONS,
    &NETWORK_VERSIONS,
    &NETWORK_LIST,
    &GET_NETWORK,
    &NETWORK_EXISTS,
    &CREATE_NETWORK,
    &UPDATE_NETWORK,
    &DELETE_NETWORK,
    &EXECUTION_LIST,
    &GET_EXECUTION,
    &EDGE_ROUTER_REGISTRATION,
];

/// Everything ionosh knows of the NetFoundry API.
pub static CATALOG: Catalog = Catalog {
    resources: &[&[
        &NETWORK,
        &ENDPOINT,
        &EDGE_ROUTER,
        &EDGE_ROUTER_POLICY,
        &SERVICE,
        &SERVICE_POLICY,
        &SERVICE_EDGE_ROUTER_POLICY,
        &APP_WAN,
        &POSTURE_CHECK,
    ]],
    operations: &[
        ACCOUNT_AND_NETWORKS,
        ENDPOINT_CALLS,
        EDGE_ROUTER_CALLS,
        EDGE_ROUTER_POLICY_CALLS,
        SERVICE_CALLS,
        SERVICE_POLICY_CALLS,
        SERVICE_EDGE_ROUTER_POLICY_CALLS,
        APP_WAN_CALLS,
        POSTURE_CHECK_CALLS,
    ],
};
