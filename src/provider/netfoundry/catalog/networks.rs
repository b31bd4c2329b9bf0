//! Networks, how one is found by id or name (and a network group), the scope the objects
//! inside one are called within, and the executions carrying out their changes.

use super::{read, EXECUTION, PAGED, PROVIDERS};
use crate::catalog::{Field, FieldType, Filter, Lookup, Method, Operation, Options, Param, Resource};

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
pub const NETWORK_SCOPE: Param = Param::Scope { name: "network", api: "networkId", lookup: &NETWORKS };

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
