//! IP blocks: public IPv4 addresses reserved in a location, for NICs and load balancers.

use super::options;
use super::params::IPBLOCK_ID;
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// An IP block.
pub static IPBLOCK: Resource = Resource {
    name: "IPBlock",
    api_type: "ipblock",
    doc: "Reserved public IPv4 addresses in one location; its size is fixed",
    fields: &[
        Field::new("location", "location", FieldType::Str, "where the addresses are, e.g. de/fra")
            .required()
            .create_only(),
        Field::new("size", "size", FieldType::Int, "how many addresses").required().create_only(),
        Field::new("name", "name", FieldType::Str, "the block's name"),
        Field::new("ips", "ips", FieldType::StrList, "the reserved addresses").read_only(),
        Field::new("ipConsumers", "ip_consumers", FieldType::Json, "which NICs and load balancers use them")
            .read_only(),
    ],
    checks: &[],
};

/// `list_ipblocks([options])`.
pub static LIST_IPBLOCKS: Operation = Operation {
    name: "list_ipblocks",
    doc: "Lists the account's reserved IP blocks.",
    method: Method::Get,
    path: "/ipblocks",
    params: &[],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_ipblock(ipblock_id[, options])`.
pub static GET_IPBLOCK: Operation = Operation {
    name: "get_ipblock",
    doc: "Gets one IP block, with its addresses.",
    method: Method::Get,
    path: "/ipblocks/{ipblock_id}",
    params: &[IPBLOCK_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `reserve_ipblock(ipblock)`.
pub static RESERVE_IPBLOCK: Operation = Operation {
    name: "reserve_ipblock",
    doc: "Reserves a block of public IP addresses in a location.",
    method: Method::Post,
    path: "/ipblocks",
    params: &[Param::Body { name: "ipblock", resource: &IPBLOCK }],
    options: Options::None,
    creates: true,
};

/// `delete_ipblock(ipblock_id)`.
pub static DELETE_IPBLOCK: Operation = Operation {
    name: "delete_ipblock",
    doc: "Releases an IP block.",
    method: Method::Delete,
    path: "/ipblocks/{ipblock_id}",
    params: &[IPBLOCK_ID],
    options: Options::None,
    creates: false,
};

/// `update_ipblock(ipblock_id)`.
pub static UPDATE_IPBLOCK: Operation = Operation {
    name: "update_ipblock",
    doc: "Changes an IP block's name.",
    method: Method::Patch,
    path: "/ipblocks/{ipblock_id}",
    params: &[IPBLOCK_ID],
    options: Options::Update(&IPBLOCK),
    creates: false,
};

/// `replace_ipblock(ipblock_id, ipblock)`.
pub static REPLACE_IPBLOCK: Operation = Operation {
    name: "replace_ipblock",
    doc: "Replaces an IP block's properties.",
    method: Method::Put,
    path: "/ipblocks/{ipblock_id}",
    params: &[IPBLOCK_ID, Param::Body { name: "ipblock", resource: &IPBLOCK }],
    options: Options::None,
    creates: false,
};
