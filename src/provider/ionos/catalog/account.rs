//! Account-wide resources: contracts and their limits, private cross-connects, S3 keys and
//! backup units.

use super::options;
use super::params::{BACKUPUNIT_ID, KEY_ID, PCC_ID, USER_ID};
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// A contract and its resource limits; read-only.
pub static CONTRACT: Resource = Resource {
    name: "Contract",
    api_type: "contract",
    doc: "The contract the account runs under, with its resource limits and usage",
    fields: &[
        Field::new("contractNumber", "contract_number", FieldType::Int, "the contract's number").read_only(),
        Field::new("owner", "owner", FieldType::Str, "the owner's e-mail").read_only(),
        Field::new("status", "status", FieldType::Str, "BILLABLE, ...").read_only(),
        Field::new("regDomain", "reg_domain", FieldType::Str, "registration domain").read_only(),
        Field::new("resourceLimits", "resource_limits", FieldType::Json, "limits and what is provisioned").read_only(),
    ],
    checks: &[],
};

/// A private cross-connect between data centers' LANs.
pub static PCC: Resource = Resource {
    name: "PCC",
    api_type: "pcc",
    doc: "A private network joining LANs of several data centers",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the cross-connect's name"),
        Field::new("description", "description", FieldType::Str, "free text"),
        Field::new("peers", "peers", FieldType::Json, "the LANs connected to it").read_only(),
        Field::new("connectableDatacenters", "connectable_datacenters", FieldType::Json, "data centers that can join")
            .read_only(),
    ],
    checks: &[],
};

/// An S3 access key of a user.
pub static S3KEY: Resource = Resource {
    name: "S3Key",
    api_type: "s3key",
    doc: "An S3 object storage key; its id is the access key (at most five per user)",
    fields: &[
        Field::new("secretKey", "secret_key", FieldType::Str, "the secret half, shown when created").read_only(),
        Field::new("active", "active", FieldType::Bool, "the key may be used"),
    ],
    checks: &[],
};

/// A backup unit.
pub static BACKUPUNIT: Resource = Resource {
    name: "Backupunit",
    api_type: "backupunit",
    doc: "Storage for backups of the account's volumes",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the backup unit's name, unique in the contract")
            .required()
            .create_only(),
        Field::new("password", "password", FieldType::Str, "password of the backup unit (never shown)"),
        Field::new("email", "email", FieldType::Str, "e-mail for notices"),
    ],
    checks: &[],
};

/// `list_contracts([options])`.
pub static LIST_CONTRACTS: Operation = Operation {
    name: "list_contracts",
    doc: "Lists the contracts with their resource limits and usage.",
    method: Method::Get,
    path: "/contracts",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `list_pccs([options])`.
pub static LIST_PCCS: Operation = Operation {
    name: "list_pccs",
    doc: "Lists the private cross-connects.",
    method: Method::Get,
    path: "/pccs",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_pcc(pcc)`.
pub static CREATE_PCC: Operation = Operation {
    name: "create_pcc",
    doc: "Creates a private cross-connect; connect LANs to it with update_lan(dc, lan, #{ pcc: id }).",
    method: Method::Post,
    path: "/pccs",
    params: &[Param::Body { name: "pcc", resource: &PCC }],
    options: Options::None,
    creates: true,
};

/// `get_pcc(pcc_id[, options])`.
pub static GET_PCC: Operation = Operation {
    name: "get_pcc",
    doc: "Gets one private cross-connect with its peers and connectable data centers.",
    method: Method::Get,
    path: "/pccs/{pcc_id}",
    params: &[PCC_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `update_pcc(pcc_id, #{ name, description })`.
pub static UPDATE_PCC: Operation = Operation {
    name: "update_pcc",
    doc: "Changes a private cross-connect's name or description.",
    method: Method::Patch,
    path: "/pccs/{pcc_id}",
    params: &[PCC_ID],
    options: Options::Update(&PCC),
    creates: false,
};

/// `delete_pcc(pcc_id)`.
pub static DELETE_PCC: Operation = Operation {
    name: "delete_pcc",
    doc: "Deletes a private cross-connect.",
    method: Method::Delete,
    path: "/pccs/{pcc_id}",
    params: &[PCC_ID],
    options: Options::None,
    creates: false,
};

/// `list_s3keys(user_id[, options])`.
pub static LIST_S3KEYS: Operation = Operation {
    name: "list_s3keys",
    doc: "Lists a user's S3 keys.",
    method: Method::Get,
    path: "/um/users/{user_id}/s3keys",
    params: &[USER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_s3key(user_id)`.
pub static CREATE_S3KEY: Operation = Operation {
    name: "create_s3key",
    doc: "Creates an S3 key for a user; the answer holds the secret key.",
    method: Method::Post,
    path: "/um/users/{user_id}/s3keys",
    params: &[USER_ID],
    options: Options::None,
    creates: true,
};

/// `get_s3key(user_id, key_id[, options])`.
pub static GET_S3KEY: Operation = Operation {
    name: "get_s3key",
    doc: "Gets one S3 key of a user.",
    method: Method::Get,
    path: "/um/users/{user_id}/s3keys/{key_id}",
    params: &[USER_ID, KEY_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `update_s3key(user_id, key_id, #{ active })`.
pub static UPDATE_S3KEY: Operation = Operation {
    name: "update_s3key",
    doc: "Turns an S3 key on or off.",
    method: Method::Put,
    path: "/um/users/{user_id}/s3keys/{key_id}",
    params: &[USER_ID, KEY_ID],
    options: Options::Replace(&S3KEY),
    creates: false,
};

/// `delete_s3key(user_id, key_id)`.
pub static DELETE_S3KEY: Operation = Operation {
    name: "delete_s3key",
    doc: "Deletes an S3 key.",
    method: Method::Delete,
    path: "/um/users/{user_id}/s3keys/{key_id}",
    params: &[USER_ID, KEY_ID],
    options: Options::None,
    creates: false,
};

/// `get_s3ssourl(user_id)`.
pub static GET_S3SSOURL: Operation = Operation {
    name: "get_s3ssourl",
    doc: "Gets the single-sign-on URL of a user's S3 web console.",
    method: Method::Get,
    path: "/um/users/{user_id}/s3ssourl",
    params: &[USER_ID],
    options: Options::None,
    creates: false,
};

/// `list_backupunits([options])`.
pub static LIST_BACKUPUNITS: Operation = Operation {
    name: "list_backupunits",
    doc: "Lists the backup units.",
    method: Method::Get,
    path: "/backupunits",
    params: &[],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_backupunit(backupunit)`.
pub static CREATE_BACKUPUNIT: Operation = Operation {
    name: "create_backupunit",
    doc: "Creates a backup unit.",
    method: Method::Post,
    path: "/backupunits",
    params: &[Param::Body { name: "backupunit", resource: &BACKUPUNIT }],
    options: Options::None,
    creates: true,
};

/// `get_backupunit(backupunit_id[, options])`.
pub static GET_BACKUPUNIT: Operation = Operation {
    name: "get_backupunit",
    doc: "Gets one backup unit.",
    method: Method::Get,
    path: "/backupunits/{backupunit_id}",
    params: &[BACKUPUNIT_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `update_backupunit(backupunit_id, #{ password, email })`.
pub static UPDATE_BACKUPUNIT: Operation = Operation {
    name: "update_backupunit",
    doc: "Changes a backup unit's password or e-mail.",
    method: Method::Patch,
    path: "/backupunits/{backupunit_id}",
    params: &[BACKUPUNIT_ID],
    options: Options::Update(&BACKUPUNIT),
    creates: false,
};

/// `delete_backupunit(backupunit_id)`.
pub static DELETE_BACKUPUNIT: Operation = Operation {
    name: "delete_backupunit",
    doc: "Deletes a backup unit.",
    method: Method::Delete,
    path: "/backupunits/{backupunit_id}",
    params: &[BACKUPUNIT_ID],
    options: Options::None,
    creates: false,
};

/// `get_ssourl(backupunit_id)`.
pub static GET_SSOURL: Operation = Operation {
    name: "get_ssourl",
    doc: "Gets the single-sign-on URL of a backup unit's web console.",
    method: Method::Get,
    path: "/backupunits/{backupunit_id}/ssourl",
    params: &[BACKUPUNIT_ID],
    options: Options::None,
    creates: false,
};

/// `replace_backupunit(backupunit_id, backupunit)`.
pub static REPLACE_BACKUPUNIT: Operation = Operation {
    name: "replace_backupunit",
    doc: "Replaces a backup unit's properties.",
    method: Method::Put,
    path: "/backupunits/{backupunit_id}",
    params: &[BACKUPUNIT_ID, Param::Body { name: "backupunit", resource: &BACKUPUNIT }],
    options: Options::None,
    creates: false,
};
