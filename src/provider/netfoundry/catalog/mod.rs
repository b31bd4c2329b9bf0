//! The NetFoundry API described for the catalog: the account (caller, organizations,
//! identities, roles) and the read-only lists a network is made from (network groups,
//! regions, versions) in [`account`], networks and their executions in [`networks`], and the
//! objects inside a network ([`objects`]), each with the same six calls ([`object_calls`]).
//!
//! Reads are nouns (`nf::endpoints(network)` lists, `nf::endpoint(network, "ep1")` gets one by
//! id or name), changes are verbs (`nf::create_endpoint(network, #{…})`). Field names are the
//! API's camelCase on the wire and snake_case in scripts.

use crate::catalog::{Catalog, Field, FieldType, Operation, Pattern, Rule};

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

mod account;
mod networks;
mod object_calls;
mod objects;

pub use account::*;
pub use networks::*;
pub use object_calls::*;
pub use objects::*;

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
