//! NAT gateways, network load balancers and application load balancers of a data center,
//! with their rules; what they share is checked once here.
//!
//! - Public addresses (a NAT gateway's `publicIps`, the `ips` of a load balancer on a public
//!   listener LAN) must be addresses of IP blocks the account reserved in the data center's
//!   location that no other object holds (422); a private balancer's are its own affair. An
//!   address a rule uses cannot be taken from its gateway or balancer (422).
//! - LANs they name (a gateway's `lans[].id`, a balancer's `listenerLan` and `targetLan`)
//!   must be LANs of the data center (422). A gateway's LAN without `gatewayIps` gets one,
//!   and a balancer without `lbPrivateIps` one on its target LAN, as the API generates them.
//! - A NAT rule's `publicIp` must be one of its gateway's public IPs; its `type` is `SNAT`
//!   and its `protocol` `ALL` unless given.
//! - A forwarding rule's `listenerIp` must be one of its balancer's `ips`, its
//!   `listenerPort` a port (1 to 65535, as the spec describes it); a network load balancer's
//!   rule's `targets` each need `ip`, `port` and `weight`; an application load balancer's
//!   rule's `httpRules` each need `name` and `type`, and a `FORWARD` rule a `targetGroup`
//!   naming an existing target group.
//!
//! Deleting a gateway or balancer takes its rules and flow logs along.

use serde_json::{json, Map, Value};

use crate::catalog::Resource;
use crate::provider::ionos::catalog::applicationloadbalancers::{
    APPLICATIONLOADBALANCER, APPLICATIONLOADBALANCER_RULE,
};
use crate::provider::ionos::catalog::natgateways::{NATGATEWAY, NATGATEWAY_RULE};
use crate::provider::ionos::catalog::networkloadbalancers::{NETWORKLOADBALANCER, NETWORKLOADBALANCER_RULE};
use crate::provider::ionos::sim::families::addresses;
use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::families::targetgroups;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, check_items, child_path, in_field_order, invalid, location_of,
};
use crate::sim::{ErrorReply, Mutation, Store, StoredObject};

/// What NAT gateways have of their own.
pub static NATGATEWAYS: Family =
    Family { build: Some(build_gateway), adjust: Some(adjust_gateway), ..Family::of(&NATGATEWAY) };

/// What NAT gateway rules have of their own.
pub static NATGATEWAY_RULES: Family =
    Family { build: Some(build_nat_rule), adjust: Some(adjust_nat_rule), ..Family::of(&NATGATEWAY_RULE) };

/// What network load balancers have of their own.
pub static NETWORKLOADBALANCERS: Family =
    Family { build: Some(build_nlb), adjust: Some(adjust_nlb), ..Family::of(&NETWORKLOADBALANCER) };

/// What network load balancers' forwarding rules have of their own.
pub static NETWORKLOADBALANCER_RULES: Family =
    Family { build: Some(build_nlb_rule), adjust: Some(adjust_nlb_rule), ..Family::of(&NETWORKLOADBALANCER_RULE) };

/// What application load balancers have of their own.
pub static APPLICATIONLOADBALANCERS: Family =
    Family { build: Some(build_alb), adjust: Some(adjust_alb), ..Family::of(&APPLICATIONLOADBALANCER) };

/// What application load balancers' forwarding rules have of their own.
pub static APPLICATIONLOADBALANCER_RULES: Family =
    Family { build: Some(build_alb_rule), adjust: Some(adjust_alb_rule), ..Family::of(&APPLICATIONLOADBALANCER_RULE) };

/// The rules a kind's properties follow, on create (`own` none) and on update (`own` the
/// object's path); they may complete the properties. `owner` is the object it lives in.
type GatewayCheck = fn(&Mutation, &str, Option<&str>, &mut Map<String, Value>, &str) -> Result<(), ErrorReply>;

/// One kind of object this module builds.
struct GatewayKind {
    resource: &'static Resource,
    /// Its collection under its owner.
    collection: &'static str,
    /// The `type` it is stored as.
    api_type: &'static str,
    check: GatewayCheck,
}

const GATEWAY: GatewayKind =
    GatewayKind { resource: &NATGATEWAY, collection: "natgateways", api_type: "natgateway", check: check_gateway };
const NAT_RULE: GatewayKind =
    GatewayKind { resource: &NATGATEWAY_RULE, collection: "rules", api_type: "natgateway-rule", check: check_nat_rule };
const NLB: GatewayKind = GatewayKind {
    resource: &NETWORKLOADBALANCER,
    collection: "networkloadbalancers",
    api_type: "networkloadbalancer",
    check: check_balancer,
};
const NLB_RULE: GatewayKind = GatewayKind {
    resource: &NETWORKLOADBALANCER_RULE,
    collection: "forwardingrules",
    api_type: "forwarding-rule",
    check: check_nlb_rule,
};
const ALB: GatewayKind = GatewayKind {
    resource: &APPLICATIONLOADBALANCER,
    collection: "applicationloadbalancers",
    api_type: "applicationloadbalancer",
    check: check_balancer,
};
const ALB_RULE: GatewayKind = GatewayKind {
    resource: &APPLICATIONLOADBALANCER_RULE,
    collection: "forwardingrules",
    api_type: "forwarding-rule",
    check: check_alb_rule,
};

/// Checks a create body of `kind` found at `at` and creates the object under `owner`.
fn build(kind: &GatewayKind, tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(kind.resource, body, at)?.properties;
    (kind.check)(tx, owner, None, &mut properties, at)?;
    let path = child_path(owner, kind.collection, &resource::new_id());
    tx.create(&path, kind.api_type, in_field_order(kind.resource, properties));
    Ok(path)
}

/// Checks the properties an update of the object at `path` of `kind` leaves.
fn adjust(
    kind: &GatewayKind,
    tx: &Mutation,
    path: &str,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    (kind.check)(tx, &owner_of(path), Some(path), properties, "")
}

fn build_gateway(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    build(&GATEWAY, tx, owner, body, at)
}
fn adjust_gateway(
    tx: &mut Mutation,
    path: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    adjust(&GATEWAY, tx, path, properties)
}
fn build_nat_rule(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    build(&NAT_RULE, tx, owner, body, at)
}
fn adjust_nat_rule(
    tx: &mut Mutation,
    path: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    adjust(&NAT_RULE, tx, path, properties)
}
fn build_nlb(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    build(&NLB, tx, owner, body, at)
}
fn adjust_nlb(
    tx: &mut Mutation,
    path: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    adjust(&NLB, tx, path, properties)
}
fn build_nlb_rule(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    build(&NLB_RULE, tx, owner, body, at)
}
fn adjust_nlb_rule(
    tx: &mut Mutation,
    path: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    adjust(&NLB_RULE, tx, path, properties)
}
fn build_alb(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    build(&ALB, tx, owner, body, at)
}
fn adjust_alb(
    tx: &mut Mutation,
    path: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    adjust(&ALB, tx, path, properties)
}
fn build_alb_rule(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    build(&ALB_RULE, tx, owner, body, at)
}
fn adjust_alb_rule(
    tx: &mut Mutation,
    path: &str,
    _: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    adjust(&ALB_RULE, tx, path, properties)
}

/// The object a gateway, balancer or rule lives in: its path without the last two segments.
fn owner_of(path: &str) -> String {
    path.rsplitn(3, '/').nth(2).unwrap_or_default().to_string()
}

/// The strings of property `name`.
fn strings<'a>(properties: &'a Map<String, Value>, name: &str) -> Vec<&'a str> {
    addresses::strings(properties.get(name)).collect()
}

/// Every address of `name` must be one the account reserved in `location` and no object but
/// the one at `own` holds.
fn check_reserved(
    store: Store,
    location: &str,
    own: Option<&str>,
    properties: &Map<String, Value>,
    name: &str,
    at: &str,
) -> Result<(), ErrorReply> {
    let held = addresses::holders(store);
    for (index, ip) in strings(properties, name).into_iter().enumerate() {
        let attribute = format!("{name}[{index}]");
        if addresses::block_holding(store, location, ip).is_none() {
            return Err(invalid(
                at,
                &attribute,
                format!("must be an address of an IP block reserved in {location} (got '{ip}')"),
            ));
        }
        if let Some(other) = held.iter().find(|h| h.ip == ip && Some(h.path) != own) {
            return Err(invalid(
                at,
                &attribute,
                format!("holds {ip}, which {} {} already uses", other.what, other.entry.id),
            ));
        }
    }
    Ok(())
}

/// An update must leave the addresses the rules of the object at `own` use (its
/// `collection`'s `field`) among its `name`.
fn check_kept(
    store: Store,
    own: Option<&str>,
    properties: &Map<String, Value>,
    name: &str,
    (collection, field): (&str, &str),
) -> Result<(), ErrorReply> {
    let Some(own) = own else { return Ok(()) };
    let kept = strings(properties, name);
    for (_, rule) in store.children(&format!("{own}/{collection}")) {
        if let Some(ip) = rule.properties.get(field).and_then(Value::as_str).filter(|ip| !kept.contains(ip)) {
            return Err(invalid("", name, format!("must keep {ip}, which rule {} uses as its {field}", rule.id)));
        }
    }
    Ok(())
}

/// The LAN `value` names must be a LAN of the data center.
fn check_lan(store: Store, datacenter: &str, value: Option<&Value>, name: &str, at: &str) -> Result<(), ErrorReply> {
    let Some(value) = value.filter(|v| !v.is_null()) else { return Ok(()) };
    match paths::lan_number(value) {
        Some(id) if store.get(&paths::lan_path(datacenter, id)).is_some() => Ok(()),
        _ => Err(invalid(at, name, format!("must name a LAN of this data center (got {value})"))),
    }
}

/// A gateway: reserved public IPs, LANs of the data center (each given gateway IPs when it
/// has none), and the public IPs its rules use kept.
fn check_gateway(
    tx: &Mutation,
    datacenter: &str,
    own: Option<&str>,
    properties: &mut Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    let store = tx.store();
    check_reserved(store, &location_of(tx.world, datacenter), own, properties, "publicIps", at)?;
    check_kept(store, own, properties, "publicIps", ("rules", "publicIp"))?;
    let Some(Value::Array(items)) = properties.get_mut("lans") else { return Ok(()) };
    for (index, item) in items.iter_mut().enumerate() {
        let Some(lan) = item.as_object_mut() else {
            return Err(invalid(at, &format!("lans[{index}]"), "must be an object #{ id, gatewayIps }"));
        };
        check_lan(store, datacenter, lan.get("id"), &format!("lans[{index}].id"), at)?;
        if !lan.get("gatewayIps").is_some_and(Value::is_array) {
            let number = lan.get("id").and_then(paths::lan_number).unwrap_or(0);
            let address = addresses::private_dhcp(store, datacenter, number);
            lan.insert("gatewayIps".into(), json!([format!("{address}/24")]));
        }
    }
    Ok(())
}

/// A NAT rule: its public IP one of its gateway's; SNAT for all protocols unless told.
fn check_nat_rule(
    tx: &Mutation,
    gateway: &str,
    _: Option<&str>,
    properties: &mut Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    let public = owner_strings(tx.store(), gateway, "publicIps");
    if let Some(ip) = properties.get("publicIp").and_then(Value::as_str) {
        if !public.iter().any(|p| p == ip) {
            return Err(invalid(
                at,
                "publicIp",
                format!("must be one of the gateway's public IPs {public:?} (got '{ip}')"),
            ));
        }
    }
    properties.entry("type").or_insert(json!("SNAT"));
    properties.entry("protocol").or_insert(json!("ALL"));
    Ok(())
}

/// The property `name` of the object at `owner`, as strings.
fn owner_strings(store: Store, owner: &str, name: &str) -> Vec<String> {
    store.get(owner).map(|o| strings(&o.properties, name).into_iter().map(str::to_string).collect()).unwrap_or_default()
}

/// A balancer: LANs of the data center; on a public listener LAN reserved `ips` (a private
/// balancer's are private ones, which the API leaves open); the listener IPs its rules use
/// kept; `lbPrivateIps` generated on its target LAN (with a /24 mask) when it has none, as
/// the API does.
fn check_balancer(
    tx: &Mutation,
    datacenter: &str,
    own: Option<&str>,
    properties: &mut Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    let store = tx.store();
    for name in ["listenerLan", "targetLan"] {
        check_lan(store, datacenter, properties.get(name), name, at)?;
    }
    let listener = properties.get("listenerLan").and_then(paths::lan_number);
    if listener.is_some_and(|lan| paths::is_public(store, &paths::lan_path(datacenter, lan))) {
        check_reserved(store, &location_of(tx.world, datacenter), own, properties, "ips", at)?;
    }
    check_kept(store, own, properties, "ips", ("forwardingrules", "listenerIp"))?;
    if properties.get("lbPrivateIps").and_then(Value::as_array).is_none_or(|ips| ips.is_empty()) {
        let lan = properties.get("targetLan").and_then(paths::lan_number).unwrap_or(1);
        let address = addresses::private_dhcp(store, datacenter, lan);
        properties.insert("lbPrivateIps".into(), json!([format!("{address}/24")]));
    }
    Ok(())
}

/// What every forwarding rule needs: a listener IP of its balancer and a port.
fn check_listener(store: Store, balancer: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ErrorReply> {
    let ips = owner_strings(store, balancer, "ips");
    if let Some(ip) = properties.get("listenerIp").and_then(Value::as_str) {
        if !ips.iter().any(|i| i == ip) {
            return Err(invalid(
                at,
                "listenerIp",
                format!("must be one of the load balancer's IPs {ips:?} (got '{ip}')"),
            ));
        }
    }
    if let Some(port) = properties.get("listenerPort").and_then(Value::as_i64) {
        if !(1..=65535).contains(&port) {
            return Err(invalid(at, "listenerPort", format!("must be a port from 1 to 65535 (got {port})")));
        }
    }
    Ok(())
}

/// A network load balancer's rule: a listener, and targets with an IP, port and weight.
fn check_nlb_rule(
    tx: &Mutation,
    balancer: &str,
    _: Option<&str>,
    properties: &mut Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    check_listener(tx.store(), balancer, properties, at)?;
    check_items(properties, "targets", &["ip", "port", "weight"], at)
}

/// An application load balancer's rule: a listener, and HTTP rules with a name and a type, a
/// FORWARD one naming an existing target group.
fn check_alb_rule(
    tx: &Mutation,
    balancer: &str,
    _: Option<&str>,
    properties: &mut Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    let store = tx.store();
    check_listener(store, balancer, properties, at)?;
    check_items(properties, "httpRules", &["name", "type"], at)?;
    let rules = properties.get("httpRules").and_then(Value::as_array).into_iter().flatten();
    for (index, rule) in rules.enumerate() {
        let here = |field: &str| format!("httpRules[{index}].{field}");
        let kind = rule.get("type").and_then(Value::as_str).unwrap_or_default();
        if !["FORWARD", "STATIC", "REDIRECT"].contains(&kind) {
            return Err(invalid(at, &here("type"), format!("must be one of FORWARD, STATIC, REDIRECT (got '{kind}')")));
        }
        if kind != "FORWARD" {
            continue;
        }
        let group = rule.get("targetGroup").and_then(Value::as_str).unwrap_or_default();
        if group.is_empty() {
            return Err(invalid(at, &here("targetGroup"), "is required for a FORWARD rule"));
        }
        if store.get(&targetgroups::path(group)).is_none() {
            return Err(invalid(
                at,
                &here("targetGroup"),
                format!("must name a target group of the account (got '{group}')"),
            ));
        }
    }
    Ok(())
}
