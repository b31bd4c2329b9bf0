//! The account and what a network is made from: the caller, its organization, identities
//! and roles (the identity and authorization APIs), and the core API's read-only lists of
//! network groups, regions and network versions.

use super::{read, NETWORK_GROUPS, PAGED, UNSORTED};
use crate::catalog::{FieldType, Filter, Method, Operation, Options, Param, Resource};

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
