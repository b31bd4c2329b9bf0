//! Load balancers: one IP shared by the NICs balanced behind it.

use super::options;
use super::params::{DATACENTER_ID, LOADBALANCER_ID};
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource, Rule};

/// A load balancer.
pub static LOADBALANCER: Resource = Resource {
    name: "LoadBalancer",
    api_type: "loadbalancer",
    doc: "Spreads traffic to one IP over the balanced NICs, which inherit that IP",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the load balancer's name"),
        Field::new("ip", "ip", FieldType::Str, "its IPv4 address, inherited by the balanced NICs").rule(Rule::Ipv4),
        Field::new("dhcp", "dhcp", FieldType::Bool, "get its address by DHCP"),
        Field::new("balancednics", "balancednics", FieldType::IdList, "ids of NICs to balance").create_only(),
    ],
    checks: &[],
};

/// `list_loadbalancers(datacenter_id[, options])`.
pub static LIST_LOADBALANCERS: Operation = Operation {
    name: "list_loadbalancers",
    doc: "Lists the load balancers of a data center.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/loadbalancers",
    params: &[DATACENTER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_loadbalancer(datacenter_id, loadbalancer_id[, options])`.
pub static GET_LOADBALANCER: Operation = Operation {
    name: "get_loadbalancer",
    doc: "Gets one load balancer.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}",
    params: &[DATACENTER_ID, LOADBALANCER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_loadbalancer(datacenter_id, loadbalancer)`.
pub static CREATE_LOADBALANCER: Operation = Operation {
    name: "create_loadbalancer",
    doc: "Creates a load balancer in a data center.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/loadbalancers",
    params: &[DATACENTER_ID, Param::Body { name: "loadbalancer", resource: &LOADBALANCER }],
    options: Options::None,
    creates: true,
};

/// `update_loadbalancer(datacenter_id, loadbalancer_id, #{ name, ip, dhcp })`.
pub static UPDATE_LOADBALANCER: Operation = Operation {
    name: "update_loadbalancer",
    doc: "Changes a load balancer's name, IP or DHCP setting.",
    method: Method::Patch,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}",
    params: &[DATACENTER_ID, LOADBALANCER_ID],
    options: Options::Update(&LOADBALANCER),
    creates: false,
};

/// `delete_loadbalancer(datacenter_id, loadbalancer_id)`.
pub static DELETE_LOADBALANCER: Operation = Operation {
    name: "delete_loadbalancer",
    doc: "Deletes a load balancer.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}",
    params: &[DATACENTER_ID, LOADBALANCER_ID],
    options: Options::None,
    creates: false,
};

/// `get_loadbalancer_members(datacenter_id, loadbalancer_id[, options])`.
pub static GET_LOADBALANCER_MEMBERS: Operation = Operation {
    name: "get_loadbalancer_members",
    doc: "Lists the NICs a load balancer balances.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}/balancednics",
    params: &[DATACENTER_ID, LOADBALANCER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_loadbalanced_nic(datacenter_id, loadbalancer_id, nic_id[, options])`.
pub static GET_LOADBALANCED_NIC: Operation = Operation {
    name: "get_loadbalanced_nic",
    doc: "Gets one NIC a load balancer balances.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}/balancednics/{nic_id}",
    params: &[DATACENTER_ID, LOADBALANCER_ID, Param::Path { name: "nic_id", doc: "the NIC's id" }],
    options: Options::Query(options::GET),
    creates: false,
};

/// `add_loadbalanced_nics(datacenter_id, loadbalancer_id, nic_id)`.
pub static ADD_LOADBALANCED_NICS: Operation = Operation {
    name: "add_loadbalanced_nics",
    doc: "Puts a NIC behind a load balancer; it inherits the balancer's IP.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}/balancednics",
    params: &[DATACENTER_ID, LOADBALANCER_ID, Param::RefBody { name: "nic_id", doc: "the NIC to balance" }],
    options: Options::None,
    creates: false,
};

/// `remove_loadbalanced_nic(datacenter_id, loadbalancer_id, nic_id)`.
pub static REMOVE_LOADBALANCED_NIC: Operation = Operation {
    name: "remove_loadbalanced_nic",
    doc: "Takes a NIC out of a load balancer.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}/balancednics/{nic_id}",
    params: &[DATACENTER_ID, LOADBALANCER_ID, Param::Path { name: "nic_id", doc: "the NIC's id" }],
    options: Options::None,
    creates: false,
};

/// `replace_loadbalancer(datacenter_id, loadbalancer_id, loadbalancer)`.
pub static REPLACE_LOADBALANCER: Operation = Operation {
    name: "replace_loadbalancer",
    doc: "Replaces a load balancer's properties.",
    method: Method::Put,
    path: "/datacenters/{datacenter_id}/loadbalancers/{loadbalancer_id}",
    params: &[DATACENTER_ID, LOADBALANCER_ID, Param::Body { name: "loadbalancer", resource: &LOADBALANCER }],
    options: Options::None,
    creates: false,
};
