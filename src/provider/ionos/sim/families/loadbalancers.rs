//! Load balancers of a data center: create, get, list, replace, patch, delete, and their
//! balanced NICs (links under `.../loadbalancers/{id}/balancednics/{nicId}`; POST `{"id"}` of
//! a NIC of the same data center, DELETE to take it out). The IP is the one given, else
//! handed out by DHCP; balanced NICs show it among their `ips` while they are balanced.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::addresses;
use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, child_path, children, datacenter_of, in_field_order, invalid, location_of,
};
use crate::provider::ionos::LOADBALANCER;
use crate::sim::{ErrorReply, Mutation, Reply, StoredObject};

/// What load balancers have of their own.
pub static LOADBALANCERS: Family = Family { build: Some(build), adjust: Some(adjust), ..Family::of(&LOADBALANCER) };

/// A given IP must not be another load balancer's (it may be private: the spec asks for no
/// reserved block, unlike a NIC's public addresses).
fn check_ip(
    tx: &Mutation,
    balancer: Option<&str>,
    properties: &Map<String, Value>,
    at: &str,
) -> Result<(), ErrorReply> {
    let Some(ip) = properties.get("ip").and_then(Value::as_str) else {
        return Ok(());
    };
    let taken = tx
        .store()
        .of_kind("loadbalancer")
        .into_iter()
        .find(|(p, e)| Some(*p) != balancer && e.properties.get("ip").and_then(Value::as_str) == Some(ip));
    if let Some((_, other)) = taken {
        return Err(invalid(at, "ip", format!("holds {ip}, which load balancer {} already uses", other.id)));
    }
    Ok(())
}

/// Puts the NIC `id` of the data center behind the load balancer at `balancer`; returns the
/// link's path.
fn balance(tx: &mut Mutation, datacenter: &str, balancer: &str, id: &str, at: &str) -> Result<String, ErrorReply> {
    let nic = paths::find_nic(tx.store(), datacenter, id)
        .ok_or_else(|| invalid(at, "id", format!("must name a NIC of this data center (got '{id}')")))?;
    let link = child_path(balancer, "balancednics", id);
    if tx.store().get(&link).is_some() {
        return Err(invalid(at, "id", format!("names NIC {id}, which is already balanced here")));
    }
    tx.link(&link, &nic, Map::new())?;
    Ok(link)
}

/// Checks a load balancer body found at `at` and creates it in the data center at
/// `datacenter` with the NICs it names; returns its path.
pub fn build(tx: &mut Mutation, datacenter: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let checked = check_create(&LOADBALANCER, body, at)?;
    let mut properties = checked.properties.clone();
    check_ip(tx, None, &properties, at)?;
    let dhcp = properties.get("dhcp").and_then(Value::as_bool).unwrap_or(true);
    properties.insert("dhcp".into(), json!(dhcp));
    if !properties.contains_key("ip") {
        let location = location_of(tx.world, datacenter);
        properties.insert("ip".into(), json!(addresses::public_dhcp(tx.store(), &location)));
    }
    let path = child_path(datacenter, "loadbalancers", &resource::new_id());
    tx.create(&path, "loadbalancer", in_field_order(&LOADBALANCER, properties));
    for (item_at, item) in children(&checked, "balancednics", at) {
        let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
        balance(tx, datacenter, &path, id, &item_at)?;
    }
    Ok(path)
}

/// A changed IP must be one the load balancer may use.
fn adjust(
    tx: &mut Mutation,
    balancer: &str,
    old: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    if old.properties.get("ip") != properties.get("ip") {
        check_ip(tx, Some(balancer), properties, "")?;
    }
    Ok(())
}

/// `POST .../balancednics` with `{"id"}`: puts a NIC of the data center behind the balancer.
pub fn add(request: &Request) -> Result<Reply, ErrorReply> {
    let balancer = request.object();
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        resource::existing(tx.world, &balancer)?;
        let nic = request
            .body
            .value
            .get("id")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
            .ok_or_else(|| invalid("", "id", "is required"))?;
        let link = balance(tx, &datacenter_of(&balancer), &balancer, &nic, "")?;
        tx.target(&link)?;
        Ok(Some(link))
    })
}
