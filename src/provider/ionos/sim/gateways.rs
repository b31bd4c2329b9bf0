//! NAT gateways, network load balancers and application load balancers of a data center,
//! with their rules; what they share is checked once here.
//!
//! - Public addresses (a NAT gateway's `publicIps`, the `ips` of a load balancer on a public
//!   listener LAN) must be addresses of IP blocks the account reserved in the data center's
//!   location (422); a private balancer's are its own affair.
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

use super::addresses;
use super::family::Family;
use super::lans;
use super::paths::datacenter_of;
use super::resource::{self, check_create, child_path, in_field_order, invalid, location_of};
use super::targetgroups;
use crate::provider::ionos::catalog::applicationloadbalancers::{
    APPLICATIONLOADBALANCER, APPLICATIONLOADBALANCER_RULE,
};
use crate::provider::ionos::catalog::natgateways::{NATGATEWAY, NATGATEWAY_RULE};
use crate::provider::ionos::catalog::networkloadbalancers::{NETWORKLOADBALANCER, NETWORKLOADBALANCER_RULE};
use crate::sim::{ApiError, Entry, Store, Tx};

/// What NAT gateways have of their own.
pub static NATGATEWAYS: Family =
    Family { build: Some(build_gateway), adjust: Some(adjust_gateway), ..Family::of(&NATGATEWAY) };

/// What NAT gateway rules have of their own.
pub static NATGATEWAY_RULES: Family =
    Family { build: Some(build_nat_rule), adjust: Some(adjust_nat_rule), ..Family::of(&NATGATEWAY_RULE) };

/// What network load balancers have of their own.
pub static NETWORKLOADBALANCERS: Family =
    Family { build: Some(build_nlb), adjust: Some(adjust_balancer), ..Family::of(&NETWORKLOADBALANCER) };

/// What network load balancers' forwarding rules have of their own.
pub static NETWORKLOADBALANCER_RULES: Family =
    Family { build: Some(build_nlb_rule), adjust: Some(adjust_nlb_rule), ..Family::of(&NETWORKLOADBALANCER_RULE) };

/// What application load balancers have of their own.
pub static APPLICATIONLOADBALANCERS: Family =
    Family { build: Some(build_alb), adjust: Some(adjust_balancer), ..Family::of(&APPLICATIONLOADBALANCER) };

/// What application load balancers' forwarding rules have of their own.
pub static APPLICATIONLOADBALANCER_RULES: Family =
    Family { build: Some(build_alb_rule), adjust: Some(adjust_alb_rule), ..Family::of(&APPLICATIONLOADBALANCER_RULE) };

fn strings<'a>(properties: &'a Map<String, Value>, name: &str) -> Vec<&'a str> {
    addresses::strings(properties.get(name)).collect()
}

/// Every address of `name` must be one the account reserved in `location`.
fn check_reserved(
    store: Store,
    location: &str,
    properties: &Map<String, Value>,
    name: &str,
    at: &str,
) -> Result<(), ApiError> {
    for (index, ip) in strings(properties, name).into_iter().enumerate() {
        if addresses::block_holding(store, location, ip).is_none() {
            return Err(invalid(
                at,
                &format!("{name}[{index}]"),
                format!("must be an address of an IP block reserved in {location} (got '{ip}')"),
            ));
        }
    }
    Ok(())
}

/// The LAN id `value` (a number or a string of digits) must name a LAN of the data center.
fn check_lan(store: Store, datacenter: &str, value: Option<&Value>, name: &str, at: &str) -> Result<(), ApiError> {
    let Some(value) = value.filter(|v| !v.is_null()) else { return Ok(()) };
    let id = value.as_i64().or_else(|| value.as_str().and_then(|s| s.parse().ok()));
    match id {
        Some(id) if store.get(&lans::lan_path(datacenter, id)).is_some() => Ok(()),
        _ => Err(invalid(at, name, format!("must name a LAN of this data center (got {value})"))),
    }
}

/// A gateway's `lans`: each a LAN of the data center; those without `gatewayIps` get one.
fn gateway_lans(store: Store, datacenter: &str, properties: &mut Map<String, Value>, at: &str) -> Result<(), ApiError> {
    let Some(Value::Array(items)) = properties.get_mut("lans") else { return Ok(()) };
    for (index, item) in items.iter_mut().enumerate() {
        let Some(lan) = item.as_object_mut() else {
            return Err(invalid(at, &format!("lans[{index}]"), "must be an object #{ id, gatewayIps }"));
        };
        check_lan(store, datacenter, lan.get("id"), &format!("lans[{index}].id"), at)?;
        let id = lan.get("id").and_then(|v| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())));
        if !lan.get("gatewayIps").is_some_and(Value::is_array) {
            let address = addresses::private_dhcp(store, datacenter, id.unwrap_or(0));
            lan.insert("gatewayIps".into(), json!([format!("{address}/24")]));
        }
    }
    Ok(())
}

fn build_gateway(tx: &mut Tx, datacenter: &str, body: &Value, at: &str) -> Result<String, ApiError> {
    let mut properties = check_create(&NATGATEWAY, body, at)?.properties;
    check_gateway(tx, datacenter, &mut properties, at)?;
    let path = child_path(datacenter, "natgateways", &resource::new_id());
    tx.create(&path, "natgateway", in_field_order(&NATGATEWAY, properties));
    Ok(path)
}

fn check_gateway(tx: &Tx, datacenter: &str, properties: &mut Map<String, Value>, at: &str) -> Result<(), ApiError> {
    let location = location_of(tx.world, datacenter);
    check_reserved(tx.store(), &location, properties, "publicIps", at)?;
    gateway_lans(tx.store(), datacenter, properties, at)
}

fn adjust_gateway(tx: &mut Tx, path: &str, _: &Entry, properties: &mut Map<String, Value>) -> Result<(), ApiError> {
    check_gateway(tx, &datacenter_of(path), properties, "")
}

/// The owner's property `name` as strings (a gateway's public IPs, a balancer's IPs).
fn owner_strings(store: Store, owner: &str, name: &str) -> Vec<String> {
    store.get(owner).map(|o| strings(&o.properties, name).into_iter().map(str::to_string).collect()).unwrap_or_default()
}

fn check_nat_rule(store: Store, gateway: &str, properties: &mut Map<String, Value>, at: &str) -> Result<(), ApiError> {
    let public = owner_strings(store, gateway, "publicIps");
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

fn build_nat_rule(tx: &mut Tx, gateway: &str, body: &Value, at: &str) -> Result<String, ApiError> {
    let mut properties = check_create(&NATGATEWAY_RULE, body, at)?.properties;
    check_nat_rule(tx.store(), gateway, &mut properties, at)?;
    let path = child_path(gateway, "rules", &resource::new_id());
    tx.create(&path, "natgateway-rule", in_field_order(&NATGATEWAY_RULE, properties));
    Ok(path)
}

fn adjust_nat_rule(tx: &mut Tx, path: &str, _: &Entry, properties: &mut Map<String, Value>) -> Result<(), ApiError> {
    let gateway = owner_of(path);
    check_nat_rule(tx.store(), &gateway, properties, "")
}

/// The object a rule or flow log belongs to: its path without the last two segments.
fn owner_of(path: &str) -> String {
    path.rsplitn(3, '/').nth(2).unwrap_or_default().to_string()
}

/// A balancer's LANs are LANs of the data center; on a public listener LAN its `ips` are
/// reserved addresses (a private balancer's are private ones, which the API leaves open).
fn check_balancer(tx: &Tx, datacenter: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ApiError> {
    for name in ["listenerLan", "targetLan"] {
        check_lan(tx.store(), datacenter, properties.get(name), name, at)?;
    }
    let listener = properties.get("listenerLan").and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()));
    if listener.is_some_and(|lan| lans::is_public(tx.store(), &lans::lan_path(datacenter, lan))) {
        let location = location_of(tx.world, datacenter);
        check_reserved(tx.store(), &location, properties, "ips", at)?;
    }
    Ok(())
}

fn build_nlb(tx: &mut Tx, datacenter: &str, body: &Value, at: &str) -> Result<String, ApiError> {
    let mut properties = check_create(&NETWORKLOADBALANCER, body, at)?.properties;
    check_balancer(tx, datacenter, &properties, at)?;
    private_address(tx.store(), datacenter, &mut properties);
    let path = child_path(datacenter, "networkloadbalancers", &resource::new_id());
    tx.create(&path, "networkloadbalancer", in_field_order(&NETWORKLOADBALANCER, properties));
    Ok(path)
}

fn build_alb(tx: &mut Tx, datacenter: &str, body: &Value, at: &str) -> Result<String, ApiError> {
    let mut properties = check_create(&APPLICATIONLOADBALANCER, body, at)?.properties;
    check_balancer(tx, datacenter, &properties, at)?;
    private_address(tx.store(), datacenter, &mut properties);
    let path = child_path(datacenter, "applicationloadbalancers", &resource::new_id());
    tx.create(&path, "applicationloadbalancer", in_field_order(&APPLICATIONLOADBALANCER, properties));
    Ok(path)
}

/// A balancer without `lbPrivateIps` gets one on its target LAN, with a /24 mask, as the
/// API generates it.
fn private_address(store: Store, datacenter: &str, properties: &mut Map<String, Value>) {
    if properties.get("lbPrivateIps").and_then(Value::as_array).is_some_and(|ips| !ips.is_empty()) {
        return;
    }
    let lan = properties.get("targetLan").and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok())).unwrap_or(1);
    let address = addresses::private_dhcp(store, datacenter, lan);
    properties.insert("lbPrivateIps".into(), json!([format!("{address}/24")]));
}

fn adjust_balancer(tx: &mut Tx, path: &str, _: &Entry, properties: &mut Map<String, Value>) -> Result<(), ApiError> {
    check_balancer(tx, &datacenter_of(path), properties, "")
}

/// What every forwarding rule needs: a listener IP of its balancer and a port.
fn check_listener(store: Store, balancer: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ApiError> {
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

/// Each item of the list `name` must be an object with every one of `required`.
fn check_items(properties: &Map<String, Value>, name: &str, required: &[&str], at: &str) -> Result<(), ApiError> {
    let Some(items) = properties.get(name).and_then(Value::as_array) else { return Ok(()) };
    for (index, item) in items.iter().enumerate() {
        let Some(item) = item.as_object() else {
            return Err(invalid(at, &format!("{name}[{index}]"), "must be an object"));
        };
        if let Some(missing) = required.iter().find(|r| item.get(**r).is_none_or(Value::is_null)) {
            return Err(invalid(at, &format!("{name}[{index}].{missing}"), "is required"));
        }
    }
    Ok(())
}

fn check_nlb_rule(store: Store, balancer: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ApiError> {
    check_listener(store, balancer, properties, at)?;
    check_items(properties, "targets", &["ip", "port", "weight"], at)
}

fn build_nlb_rule(tx: &mut Tx, balancer: &str, body: &Value, at: &str) -> Result<String, ApiError> {
    let properties = check_create(&NETWORKLOADBALANCER_RULE, body, at)?.properties;
    check_nlb_rule(tx.store(), balancer, &properties, at)?;
    let path = child_path(balancer, "forwardingrules", &resource::new_id());
    tx.create(&path, "forwarding-rule", in_field_order(&NETWORKLOADBALANCER_RULE, properties));
    Ok(path)
}

fn adjust_nlb_rule(tx: &mut Tx, path: &str, _: &Entry, properties: &mut Map<String, Value>) -> Result<(), ApiError> {
    check_nlb_rule(tx.store(), &owner_of(path), properties, "")
}

fn check_alb_rule(store: Store, balancer: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ApiError> {
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

fn build_alb_rule(tx: &mut Tx, balancer: &str, body: &Value, at: &str) -> Result<String, ApiError> {
    let properties = check_create(&APPLICATIONLOADBALANCER_RULE, body, at)?.properties;
    check_alb_rule(tx.store(), balancer, &properties, at)?;
    let path = child_path(balancer, "forwardingrules", &resource::new_id());
    tx.create(&path, "forwarding-rule", in_field_order(&APPLICATIONLOADBALANCER_RULE, properties));
    Ok(path)
}

fn adjust_alb_rule(tx: &mut Tx, path: &str, _: &Entry, properties: &mut Map<String, Value>) -> Result<(), ApiError> {
    check_alb_rule(tx.store(), &owner_of(path), properties, "")
}
