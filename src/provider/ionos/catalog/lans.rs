//! LANs: the networks of a data center, public (internet-facing) or private.

use super::options;
use super::params::{DATACENTER_ID, LAN_ID, NIC_ID};
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// A LAN.
pub static LAN: Resource = Resource {
    name: "LAN",
    api_type: "lan",
    doc: "A network in a data center; its id is a small number",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the LAN's name"),
        Field::new("public", "public", FieldType::Bool, "whether it faces the internet"),
        Field::new("ipFailover", "ip_failover", FieldType::Maps, "IP failover groups: [#{ ip, nicUuid }]"),
        Field::new("pcc", "pcc", FieldType::Str, "the private cross-connect it joins"),
        Field::new("ipv4CidrBlock", "ipv4_cidr_block", FieldType::Str, "the LAN's private IPv4 range"),
        Field::new("ipv6CidrBlock", "ipv6_cidr_block", FieldType::Str, "the LAN's IPv6 /64 block"),
        Field::new("nics", "nics", FieldType::IdList, "ids of NICs to move onto the LAN").create_only(),
    ],
    checks: &[],
};

/// `list_lans(datacenter_id[, options])`.
pub static LIST_LANS: Operation = Operation {
    name: "list_lans",
    doc: "Lists the LANs of a data center.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/lans",
    params: &[DATACENTER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `create_lan(datacenter_id, lan)`.
pub static CREATE_LAN: Operation = Operation {
    name: "create_lan",
    doc: "Creates a LAN in a data center.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/lans",
    params: &[DATACENTER_ID, Param::Body { name: "lan", resource: &LAN }],
    options: Options::None,
    creates: true,
};

/// `get_lan(datacenter_id, lan_id[, options])`.
pub static GET_LAN: Operation = Operation {
    name: "get_lan",
    doc: "Gets one LAN.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/lans/{lan_id}",
    params: &[DATACENTER_ID, LAN_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `get_lan_members(datacenter_id, lan_id[, options])`.
pub static GET_LAN_MEMBERS: Operation = Operation {
    name: "get_lan_members",
    doc: "Lists the NICs connected to a LAN.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/lans/{lan_id}/nics",
    params: &[DATACENTER_ID, LAN_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `update_lan(datacenter_id, lan_id, #{ name, public, ip_failover })`.
pub static UPDATE_LAN: Operation = Operation {
    name: "update_lan",
    doc: "Changes a LAN's name, public flag, IP failover groups or cross-connect.",
    method: Method::Patch,
    path: "/datacenters/{datacenter_id}/lans/{lan_id}",
    params: &[DATACENTER_ID, LAN_ID],
    options: Options::Update(&LAN),
    creates: false,
};

/// `delete_lan(datacenter_id, lan_id)`.
pub static DELETE_LAN: Operation = Operation {
    name: "delete_lan",
    doc: "Deletes a LAN.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/lans/{lan_id}",
    params: &[DATACENTER_ID, LAN_ID],
    options: Options::None,
    creates: false,
};

/// `replace_lan(datacenter_id, lan_id, lan)`.
pub static REPLACE_LAN: Operation = Operation {
    name: "replace_lan",
    doc: "Replaces a LAN's properties.",
    method: Method::Put,
    path: "/datacenters/{datacenter_id}/lans/{lan_id}",
    params: &[DATACENTER_ID, LAN_ID, Param::Body { name: "lan", resource: &LAN }],
    options: Options::None,
    creates: false,
};

/// `get_lan_member(datacenter_id, lan_id, nic_id)`.
pub static GET_LAN_MEMBER: Operation = Operation {
    name: "get_lan_member",
    doc: "Gets one NIC connected to a LAN.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/lans/{lan_id}/nics/{nic_id}",
    params: &[DATACENTER_ID, LAN_ID, NIC_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `add_lan_member(datacenter_id, lan_id, nic_id)`.
pub static ADD_LAN_MEMBER: Operation = Operation {
    name: "add_lan_member",
    doc: "Moves a NIC of the data center onto a LAN.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/lans/{lan_id}/nics",
    params: &[DATACENTER_ID, LAN_ID, Param::RefBody { name: "nic_id", doc: "the NIC's id" }],
    options: Options::None,
    creates: false,
};
