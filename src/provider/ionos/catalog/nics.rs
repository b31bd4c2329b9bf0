//! NICs (a server's network interfaces) and the firewall rules on them.

use super::options;
use super::params::{DATACENTER_ID, FIREWALL_RULE_ID, NIC_ID, SERVER_ID};
use super::values::PROTOCOLS;
use crate::catalog::{Field, FieldError, FieldType, Method, Normalized, Operation, Options, Param, Resource, Rule};

/// A NIC.
pub static NIC: Resource = Resource {
    name: "NIC",
    api_type: "nic",
    doc: "A server's network interface on a LAN (the LAN is created if it does not exist)",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the NIC's name"),
        Field::new("lan", "lan", FieldType::NumericId, "the id of the LAN it connects to (or the LAN itself)")
            .required(),
        Field::new("ips", "ips", FieldType::StrList, "IPv4 addresses (reserved ones for public LANs)"),
        Field::new("dhcp", "dhcp", FieldType::Bool, "get addresses by DHCP (true by default)"),
        Field::new("nat", "nat", FieldType::Bool, "v5: network address translation (sent by the classic SDK)"),
        Field::new("vnet", "vnet", FieldType::Str, "the vnet the NIC belongs to"),
        Field::new("firewallActive", "firewall_active", FieldType::Bool, "turn the firewall on"),
        Field::new(
            "firewallType",
            "firewall_type",
            FieldType::Enum(&["INGRESS", "EGRESS", "BIDIRECTIONAL"]),
            "what the firewall filters",
        ),
        Field::new("ipv6Ips", "ipv6_ips", FieldType::StrList, "IPv6 addresses"),
        Field::new("ipv6CidrBlock", "ipv6_cidr_block", FieldType::Str, "the NIC's IPv6 /80 block"),
        Field::new("dhcpv6", "dhcpv6", FieldType::Bool, "get IPv6 addresses by DHCPv6"),
        Field::new("mac", "mac", FieldType::Str, "its MAC address").read_only(),
        Field::new("deviceNumber", "device_number", FieldType::Int, "position on its server").read_only(),
        Field::new("pciSlot", "pci_slot", FieldType::Int, "PCI slot on its server").read_only(),
        Field::new(
            "firewallrules",
            "firewall_rules",
            FieldType::Children("FirewallRule"),
            "firewall rules to create with it",
        )
        .create_only(),
        Field::new("flowlogs", "flowlogs", FieldType::Children("FlowLog"), "its flow logs, shown from depth 1")
            .read_only(),
        Field::new(
            "securitygroups",
            "securitygroups",
            FieldType::Children("SecurityGroup"),
            "its security groups (set_nic_securitygroups), shown from depth 1",
        )
        .read_only(),
    ],
    checks: &[],
};

/// A firewall rule.
pub static FIREWALL_RULE: Resource = Resource {
    name: "FirewallRule",
    api_type: "firewall-rule",
    doc: "Traffic a NIC's firewall lets through",
    fields: &[
        Field::new("name", "name", FieldType::Str, "the rule's name"),
        Field::new("protocol", "protocol", FieldType::Enum(PROTOCOLS), "TCP, UDP, ICMP or ANY; fixed once created")
            .required()
            .create_only(),
        Field::new("sourceMac", "source_mac", FieldType::Str, "only from this MAC address").rule(Rule::Mac),
        Field::new("sourceIp", "source_ip", FieldType::Str, "only from this IPv4 address").rule(Rule::Ipv4),
        Field::new("targetIp", "target_ip", FieldType::Str, "only to this address of the NIC").rule(Rule::Ipv4),
        Field::new("icmpCode", "icmp_code", FieldType::Int, "ICMP code 0..254 (ICMP only)").rule(Rule::Range(0, 254)),
        Field::new("icmpType", "icmp_type", FieldType::Int, "ICMP type 0..254 (ICMP only)").rule(Rule::Range(0, 254)),
        Field::new("portRangeStart", "port_range_start", FieldType::Int, "first port 1..65534 (TCP/UDP only)")
            .rule(Rule::Range(1, 65534)),
        Field::new("portRangeEnd", "port_range_end", FieldType::Int, "last port 1..65534 (TCP/UDP only)")
            .rule(Rule::Range(1, 65534)),
        Field::new("type", "type", FieldType::Enum(&["INGRESS", "EGRESS"]), "direction of the traffic"),
        Field::new("ipVersion", "ip_version", FieldType::Enum(&["IPv4", "IPv6"]), "IP version the rule applies to"),
    ],
    checks: &[ports_fit_the_protocol],
};

/// Ports belong to TCP and UDP, ICMP type and code to ICMP, and a port range runs upwards.
fn ports_fit_the_protocol(resource: &Resource, rule: &Normalized) -> Result<(), FieldError> {
    let protocol = rule.properties.get("protocol").and_then(|v| v.as_str()).unwrap_or_default();
    let int = |api: &str| rule.properties.get(api).and_then(|v| v.as_i64());
    let ports = ["portRangeStart", "portRangeEnd"].into_iter().find(|api| int(api).is_some());
    if let (Some(api), false) = (ports, matches!(protocol, "TCP" | "UDP")) {
        return Err(resource.error(api, format!("applies to TCP and UDP only (protocol is {protocol})")));
    }
    let icmp = ["icmpType", "icmpCode"].into_iter().find(|api| int(api).is_some());
    if let (Some(api), false) = (icmp, protocol == "ICMP") {
        return Err(resource.error(api, format!("applies to ICMP only (protocol is {protocol})")));
    }
    if let (Some(start), Some(end)) = (int("portRangeStart"), int("portRangeEnd")) {
        if start > end {
            return Err(
                resource.error("port_range_end", format!("must not be below port_range_start ({end} < {start})"))
            );
        }
    }
    Ok(())
}

/// `list_nics(datacenter_id, server_id[, options])`.
pub static LIST_NICS: Operation = Operation {
    name: "list_nics",
    doc: "Lists the NICs of a server.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics",
    params: &[DATACENTER_ID, SERVER_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_nic(datacenter_id, server_id, nic_id[, options])`.
pub static GET_NIC: Operation = Operation {
    name: "get_nic",
    doc: "Gets one NIC.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_nic(datacenter_id, server_id, nic)`.
pub static CREATE_NIC: Operation = Operation {
    name: "create_nic",
    doc: "Adds a NIC to a server, with any firewall rules nested in it.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics",
    params: &[DATACENTER_ID, SERVER_ID, Param::Body { name: "nic", resource: &NIC }],
    options: Options::None,
    creates: true,
};

/// `update_nic(datacenter_id, server_id, nic_id, #{ ... })`.
pub static UPDATE_NIC: Operation = Operation {
    name: "update_nic",
    doc: "Changes a NIC's name, addresses, DHCP, LAN or firewall settings.",
    method: Method::Patch,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID],
    options: Options::Update(&NIC),
    creates: false,
};

/// `delete_nic(datacenter_id, server_id, nic_id)`.
pub static DELETE_NIC: Operation = Operation {
    name: "delete_nic",
    doc: "Removes a NIC from a server.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID],
    options: Options::None,
    creates: false,
};

/// `get_firewall_rules(datacenter_id, server_id, nic_id[, options])`.
pub static GET_FIREWALL_RULES: Operation = Operation {
    name: "get_firewall_rules",
    doc: "Lists the firewall rules of a NIC.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}/firewallrules",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID],
    options: Options::Query(options::LIST),
    creates: false,
};

/// `get_firewall_rule(datacenter_id, server_id, nic_id, firewall_rule_id[, options])`.
pub static GET_FIREWALL_RULE: Operation = Operation {
    name: "get_firewall_rule",
    doc: "Gets one firewall rule.",
    method: Method::Get,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}/firewallrules/{firewall_rule_id}",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID, FIREWALL_RULE_ID],
    options: Options::Query(options::GET),
    creates: false,
};

/// `create_firewall_rule(datacenter_id, server_id, nic_id, firewall_rule)`.
pub static CREATE_FIREWALL_RULE: Operation = Operation {
    name: "create_firewall_rule",
    doc: "Adds a firewall rule to a NIC.",
    method: Method::Post,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}/firewallrules",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID, Param::Body { name: "firewall_rule", resource: &FIREWALL_RULE }],
    options: Options::None,
    creates: true,
};

/// `update_firewall_rule(datacenter_id, server_id, nic_id, firewall_rule_id, #{ ... })`.
pub static UPDATE_FIREWALL_RULE: Operation = Operation {
    name: "update_firewall_rule",
    doc: "Changes a firewall rule (its protocol is fixed).",
    method: Method::Patch,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}/firewallrules/{firewall_rule_id}",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID, FIREWALL_RULE_ID],
    options: Options::Update(&FIREWALL_RULE),
    creates: false,
};

/// `delete_firewall_rule(datacenter_id, server_id, nic_id, firewall_rule_id)`.
pub static DELETE_FIREWALL_RULE: Operation = Operation {
    name: "delete_firewall_rule",
    doc: "Removes a firewall rule.",
    method: Method::Delete,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}/firewallrules/{firewall_rule_id}",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID, FIREWALL_RULE_ID],
    options: Options::None,
    creates: false,
};

/// `replace_nic(datacenter_id, server_id, nic_id, nic)`.
pub static REPLACE_NIC: Operation = Operation {
    name: "replace_nic",
    doc: "Replaces a NIC's properties.",
    method: Method::Put,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}",
    params: &[DATACENTER_ID, SERVER_ID, NIC_ID, Param::Body { name: "nic", resource: &NIC }],
    options: Options::None,
    creates: false,
};

/// `replace_firewall_rule(datacenter_id, server_id, nic_id, firewall_rule_id, firewall_rule)`.
pub static REPLACE_FIREWALL_RULE: Operation = Operation {
    name: "replace_firewall_rule",
    doc: "Replaces a firewall rule's properties.",
    method: Method::Put,
    path: "/datacenters/{datacenter_id}/servers/{server_id}/nics/{nic_id}/firewallrules/{firewall_rule_id}",
    params: &[
        DATACENTER_ID,
        SERVER_ID,
        NIC_ID,
        FIREWALL_RULE_ID,
        Param::Body { name: "firewall_rule", resource: &FIREWALL_RULE },
    ],
    options: Options::None,
    creates: false,
};
