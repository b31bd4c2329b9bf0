//! User management: users, groups, group members, shares (a group's rights on a resource),
//! and the resources the account can share.

use super::options;
use super::params::{GROUP_ID, RESOURCE_ID, USER_ID};
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// A user of the account.
pub static USER: Resource = Resource {
    name: "User",
    api_type: "user",
    doc: "A person who can log in to the account",
    fields: &[
        Field::new("firstname", "firstname", FieldType::Str, "first name"),
        Field::new("lastname", "lastname", FieldType::Str, "last name"),
        Field::new("email", "email", FieldType::Str, "e-mail address, used to log in"),
        Field::new("password", "password", FieldType::Str, "initial password (never shown again)"),
        Field::new("administrator", "administrator", FieldType::Bool, "full rights on the account"),
        Field::new("forceSecAuth", "force_sec_auth", FieldType::Bool, "require two-factor authentication"),
        Field::new("secAuthActive", "sec_auth_active", FieldType::Bool, "two-factor authentication is set up"),
        Field::new("active", "active", FieldType::Bool, "the user may log in"),
        Field::new("s3CanonicalUserId", "s3_canonical_user_id", FieldType::Str, "the user's id in S3").read_only(),
    ],
    checks: &[],
};

/// A group of users and the privileges they share.
pub static GROUP: Resource = Resource {
    name: "Group",
    api_type: "group",
    doc: "A set of users with privileges and shared resources",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the group's name"),
        Field::new("createDataCenter", "create_datacenter", FieldType::Bool, "may create data centers"),
        Field::new("createSnapshot", "create_snapshot", FieldType::Bool, "may create snapshots"),
        Field::new("reserveIp", "reserve_ip", FieldType::Bool, "may reserve IP blocks"),
        Field::new("accessActivityLog", "access_activity_log", FieldType::Bool, "may read the activity log"),
        Field::new("createPcc", "create_pcc", FieldType::Bool, "may create private cross-connects"),
        Field::new("s3Privilege", "s3_privilege", FieldType::Bool, "may use S3 object storage"),
        Field::new("createBackupUnit", "create_backup_unit", FieldType::Bool, "may create backup units"),
        Field::new("createInternetAccess", "create_internet_access", FieldType::Bool, "may create internet access"),
        Field::new("createK8sCluster", "create_k8s_cluster", FieldType::Bool, "may create Kubernetes clusters"),
        Field::new("createFlowLog", "create_flow_log", FieldType::Bool, "may create flow logs"),
        Field::new("accessAndManageMonitoring", "access_and_manage_monitoring", FieldType::Bool, "may use monitoring"),
        Field::new(
            "accessAndManageCertificates",
            "access_and_manage_certificates",
            FieldType::Bool,
            "may manage certificates",
        ),
        Field::new("manageDBaaS", "manage_dbaas", FieldType::Bool, "may manage databases"),
        Field::new("accessAndManageDns", "access_and_manage_dns", FieldType::Bool, "may manage DNS"),
        Field::new("manageRegistry", "manage_registry", FieldType::Bool, "may manage container registries"),
        Field::new("manageDataplatform", "manage_dataplatform", FieldType::Bool, "may manage data platforms"),
        Field::new("accessAndManageLogging", "access_and_manage_logging", FieldType::Bool, "may manage logging"),
        Field::new("accessAndManageCdn", "access_and_manage_cdn", FieldType::Bool, "may manage CDNs"),
        Field::new("accessAndManageVpn", "access_and_manage_vpn", FieldType::Bool, "may manage VPNs"),
        Field::new(
            "accessAndManageApiGateway",
            "access_and_manage_api_gateway",
            FieldType::Bool,
            "may manage API gateways",
        ),
        Field::new(
            "accessAndManageKaas",
            "access_and_manage_kaas",
            FieldType::Bool,
            "may manage Kubernetes as a service",
        ),
        Field::new(
            "accessAndManageNetworkFileStorage",
            "access_and_manage_network_file_storage",
            FieldType::Bool,
            "may manage network file storage",
        ),
        Field::new(
            "accessAndManageAiModelHub",
            "access_and_manage_ai_model_hub",
            FieldType::Bool,
            "may use the AI model hub",
        ),
        Field::new(
            "accessAndManageIamResources",
            "access_and_manage_iam_resources",
            FieldType::Bool,
            "may manage IAM resources",
        ),
        Field::new(
            "createNetworkSecurityGroups",
            "create_network_security_groups",
            FieldType::Bool,
            "may create network security groups",
        ),
    ],
    checks: &[],
};

/// A group's rights on one shared resource.
pub static SHARE: Resource = Resource {
    name: "Share",
    api_type: "resource",
    doc: "What a group may do with a resource shared with it",
    fields: &[
        Field::new("editPrivilege", "edit_privilege", FieldType::Bool, "the group may change the resource"),
        Field::new("sharePrivilege", "share_privilege", FieldType::Bool, "the group may share it further"),
    ],
    checks: &[],
};

/// The kinds of resources `list_resources` and `get_resource` take.
pub const RESOURCE_TYPES: &str = "datacenter, image, snapshot, ipblock, pcc, backupunit, k8s";

/// `list_groups([options])`.
pub static LIST_GROUPS: Operation = Operation {
    name: "list_groups",
    doc: "Lists the account's groups.",
    method: Method::Get,
    path: "/um/groups",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_group(group_id[, options])`.
pub static GET_GROUP: Operation = Operation {
    name: "get_group",
    doc: "Gets one group with its privileges.",
    method: Method::Get,
    path: "/um/groups/{group_id}",
    params: &[GROUP_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_group(group)`.
pub static CREATE_GROUP: Operation = Operation {
    name: "create_group",
    doc: "Creates a group with privileges.",
    method: Method::Post,
    path: "/um/groups",
    params: &[Param::Body { name: "group", resource: &GROUP }],
    options: Options::None,
    creates: true,
};

/// `update_group(group_id, #{ ... })`.
pub static UPDATE_GROUP: Operation = Operation {
    name: "update_group",
    doc: "Changes a group's name or privileges (the others stay as they are).",
    method: Method::Put,
    path: "/um/groups/{group_id}",
    params: &[GROUP_ID],
    options: Options::Replace(&GROUP),
    creates: false,
};

/// `delete_group(group_id)`.
pub static DELETE_GROUP: Operation = Operation {
    name: "delete_group",
    doc: "Deletes a group; its users stay.",
    method: Method::Delete,
    path: "/um/groups/{group_id}",
    params: &[GROUP_ID],
    options: Options::None,
    creates: false,
};

/// `list_shares(group_id[, options])`.
pub static LIST_SHARES: Operation = Operation {
    name: "list_shares",
    doc: "Lists the resources shared with a group.",
    method: Method::Get,
    path: "/um/groups/{group_id}/shares",
    params: &[GROUP_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_share(group_id, resource_id[, options])`.
pub static GET_SHARE: Operation = Operation {
    name: "get_share",
    doc: "Gets a group's rights on one shared resource.",
    method: Method::Get,
    path: "/um/groups/{group_id}/shares/{resource_id}",
    params: &[GROUP_ID, RESOURCE_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `add_share(group_id, resource_id[, #{ edit_privilege, share_privilege }])`.
pub static ADD_SHARE: Operation = Operation {
    name: "add_share",
    doc: "Shares a resource with a group.",
    method: Method::Post,
    path: "/um/groups/{group_id}/shares/{resource_id}",
    params: &[GROUP_ID, RESOURCE_ID],
    options: Options::Fields(&SHARE),
    creates: false,
};

/// `update_share(group_id, resource_id, #{ edit_privilege, share_privilege })`.
pub static UPDATE_SHARE: Operation = Operation {
    name: "update_share",
    doc: "Changes a group's rights on a shared resource.",
    method: Method::Put,
    path: "/um/groups/{group_id}/shares/{resource_id}",
    params: &[GROUP_ID, RESOURCE_ID],
    options: Options::Replace(&SHARE),
    creates: false,
};

/// `delete_share(group_id, resource_id)`.
pub static DELETE_SHARE: Operation = Operation {
    name: "delete_share",
    doc: "Stops sharing a resource with a group.",
    method: Method::Delete,
    path: "/um/groups/{group_id}/shares/{resource_id}",
    params: &[GROUP_ID, RESOURCE_ID],
    options: Options::None,
    creates: false,
};

/// `list_users([options])`.
pub static LIST_USERS: Operation = Operation {
    name: "list_users",
    doc: "Lists the account's users.",
    method: Method::Get,
    path: "/um/users",
    params: &[],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_user(user_id[, options])`.
pub static GET_USER: Operation = Operation {
    name: "get_user",
    doc: "Gets one user.",
    method: Method::Get,
    path: "/um/users/{user_id}",
    params: &[USER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_user(user)`.
pub static CREATE_USER: Operation = Operation {
    name: "create_user",
    doc: "Creates a user.",
    method: Method::Post,
    path: "/um/users",
    params: &[Param::Body { name: "user", resource: &USER }],
    options: Options::None,
    creates: true,
};

/// `update_user(user_id, #{ ... })`.
pub static UPDATE_USER: Operation = Operation {
    name: "update_user",
    doc: "Changes a user's names, e-mail, password or flags (the others stay as they are).",
    method: Method::Put,
    path: "/um/users/{user_id}",
    params: &[USER_ID],
    options: Options::Replace(&USER),
    creates: false,
};

/// `delete_user(user_id)`.
pub static DELETE_USER: Operation = Operation {
    name: "delete_user",
    doc: "Deletes a user, removing them from every group.",
    method: Method::Delete,
    path: "/um/users/{user_id}",
    params: &[USER_ID],
    options: Options::None,
    creates: false,
};

/// `list_group_users(group_id[, options])`.
pub static LIST_GROUP_USERS: Operation = Operation {
    name: "list_group_users",
    doc: "Lists the members of a group.",
    method: Method::Get,
    path: "/um/groups/{group_id}/users",
    params: &[GROUP_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `add_group_user(group_id, user_id)`.
pub static ADD_GROUP_USER: Operation = Operation {
    name: "add_group_user",
    doc: "Adds a user to a group.",
    method: Method::Post,
    path: "/um/groups/{group_id}/users",
    params: &[GROUP_ID, Param::RefBody { name: "user_id", doc: "the user to add" }],
    options: Options::None,
    creates: false,
};

/// `remove_group_user(group_id, user_id)`.
pub static REMOVE_GROUP_USER: Operation = Operation {
    name: "remove_group_user",
    doc: "Removes a user from a group.",
    method: Method::Delete,
    path: "/um/groups/{group_id}/users/{user_id}",
    params: &[GROUP_ID, USER_ID],
    options: Options::None,
    creates: false,
};

/// `list_resources([resource_type][, options])`.
pub static LIST_RESOURCES: Operation = Operation {
    name: "list_resources",
    doc: "Lists the resources the account can share, all or of one type (datacenter, image, snapshot, ipblock, pcc, backupunit, k8s).",
    method: Method::Get,
    path: "/um/resources/{resource_type}",
    params: &[Param::OptionalSegment { name: "resource_type", doc: RESOURCE_TYPES }],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_resource(resource_type, resource_id[, options])`.
pub static GET_RESOURCE: Operation = Operation {
    name: "get_resource",
    doc: "Gets one resource of a type.",
    method: Method::Get,
    path: "/um/resources/{resource_type}/{resource_id}",
    params: &[
        Param::Path { name: "resource_type", doc: RESOURCE_TYPES },
        Param::Path { name: "resource_id", doc: "the resource's id" },
    ],
    options: Options::Query(options::GET),
    creates: false,
};

/// `list_user_groups(user_id)`.
pub static LIST_USER_GROUPS: Operation = Operation {
    name: "list_user_groups",
    doc: "Lists the groups a user is in.",
    method: Method::Get,
    path: "/um/users/{user_id}/groups",
    params: &[USER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `list_user_owns(user_id)`.
pub static LIST_USER_OWNS: Operation = Operation {
    name: "list_user_owns",
    doc: "Lists the shareable resources a user created.",
    method: Method::Get,
    path: "/um/users/{user_id}/owns",
    params: &[USER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `list_group_resources(group_id)`.
pub static LIST_GROUP_RESOURCES: Operation = Operation {
    name: "list_group_resources",
    doc: "Lists the resources shared with a group.",
    method: Method::Get,
    path: "/um/groups/{group_id}/resources",
    params: &[GROUP_ID],
    options: Options::Query(options::GET),
    creates: false,
};
