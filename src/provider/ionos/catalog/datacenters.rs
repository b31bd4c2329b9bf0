//! Virtual data centers: the containers every other resource lives in.

use super::options;
use super::params::DATACENTER_ID;
use crate::catalog::{Field, FieldType, Method, Operation, Options, Param, Resource};

/// A virtual data center.
pub static DATACENTER: Resource = Resource {
    name: "Datacenter",
    api_type: "datacenter",
    doc:
        "A virtual data center; servers, volumes, LANs and load balancers nested in it are created in the same request",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the data center's name"),
        Field::new("location", "location", FieldType::Str, "where it runs, e.g. de/fra; fixed once created")
            .required()
            .create_only(),
        Field::new("description", "description", FieldType::Str, "free text, e.g. staging"),
        Field::new(
            "secAuthProtection",
            "sec_auth_protection",
            FieldType::Bool,
            "require two-factor authentication for changes",
        ),
        Field::new("ipv6CidrBlock", "ipv6_cidr_block", FieldType::Str, "the data center's IPv6 /56 block").read_only(),
        Field::new(
            "defaultSecurityGroupId",
            "default_security_group_id",
            FieldType::Str,
            "the security group NICs get by default",
        ),
        Field::new("version", "version", FieldType::Int, "incremented with every change").read_only(),
        Field::new("features", "features", FieldType::StrList, "features available in this data center").read_only(),
        Field::new("cpuArchitecture", "cpu_architecture", FieldType::Json, "CPU families available here").read_only(),
        Field::new("servers", "servers", FieldType::Children("Server"), "servers to create with the data center")
            .create_only(),
        Field::new("volumes", "volumes", FieldType::Children("Volume"), "volumes to create with the data center")
            .create_only(),
        Field::new("lans", "lans", FieldType::Children("LAN"), "LANs to create with the data center").create_only(),
        Field::new(
            "loadbalancers",
            "loadbalancers",
            FieldType::Children("LoadBalancer"),
            "load balancers to create with the data center",
        )
        .create_only(),
        Field::new(
            "natgateways",
            "natgateways",
            FieldType::Children("NatGateway"),
            "its NAT gateways, shown from depth 1",
        )
        .read_only(),
        Field::new(
            "networkloadbalancers",
            "networkloadbalancers",
            FieldType::Children("NetworkLoadBalancer"),
            "its network load balancers, shown from depth 1",
        )
        .read_only(),
    ],
    checks: &[],
};

/// `list_datacenters([options])`.
pub static LIST_DATACENTERS: Operation = Operation {
    name: "list_datacenters",
    doc: "Lists the data centers the account can see.",
    method: Method::Get,
    path: "/datacenters",
    params: &[],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_datacenter(datacenter_id[, options])`.
pub static GET_DATACENTER: Operation = Operation {
    name: "get_datacenter",
    doc: "Gets one data center.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}",
    params: &[DATACENTER_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_datacenter(datacenter)`.
pub static CREATE_DATACENTER: Operation = Operation {
    name: "create_datacenter",
    doc: "Creates a data center, with any servers, volumes, LANs and load balancers nested in it, in one request.",
    method: Method::Post,
    path: "/datacenters",
    params: &[Param::Body { name: "datacenter", resource: &DATACENTER }],
    options: Options::None,
    creates: true,
};

/// `update_datacenter(datacenter_id, #{ name, description, ... })`.
pub static UPDATE_DATACENTER: Operation = Operation {
    name: "update_datacenter",
    doc: "Changes a data center's name, description or two-factor protection.",
    method: Method::Patch,
    path: "/datacenters/{datacenter_id}",
    params: &[DATACENTER_ID],
    options: Options::Update(&DATACENTER),
    creates: false,
};

/// `delete_datacenter(datacenter_id)`.
pub static DELETE_DATACENTER: Operation = Operation {
    name: "delete_datacenter",
    doc: "Deletes a data center and everything in it.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}",
    params: &[DATACENTER_ID],
    options: Options::None,
    creates: false,
};

/// `replace_datacenter(datacenter_id, datacenter)`.
pub static REPLACE_DATACENTER: Operation = Operation {
    name: "replace_datacenter",
    doc: "Replaces a data center's properties.",
    method: Method::Put,
    path: "/datacenters/{datacenter_id}",
    params: &[DATACENTER_ID, Param::Body { name: "datacenter", resource: &DATACENTER }],
    options: Options::None,
    creates: false,
};
