//! Properties the API computes from other objects, filled in when an object is rendered so
//! they can never go stale: a volume's device number and boot server (from the server it is
//! attached to), a balanced NIC's inherited load balancer IP, an IP block's consumers (NICs,
//! load balancers, NAT gateways), a
//! private cross-connect's peers and connectable data centers.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::addresses;
use crate::provider::ionos::sim::shape::paths::{owner, segment};
use crate::sim::{Store, StoredObject};

/// Adds the computed properties of the object at `path` to `properties`.
pub fn apply(store: Store, path: &str, entry: &StoredObject, properties: &mut Map<String, Value>) {
    match entry.kind.as_str() {
        "volume" => volume(store, path, entry, properties),
        "nic" => nic(store, path, properties),
        "ipblock" => ipblock(store, properties),
        "pcc" => pcc(store, entry, properties),
        _ => {}
    }
}

fn volume(store: Store, path: &str, entry: &StoredObject, properties: &mut Map<String, Value>) {
    let attached = store.links_to(path).into_iter().find(|(p, _)| segment(p, "servers").is_some());
    if let Some((link, link_entry)) = attached {
        if let Some(number) = link_entry.properties.get("deviceNumber") {
            properties.insert("deviceNumber".into(), number.clone());
        }
        let server = store.get(owner(link));
        let boots = server.and_then(|s| s.properties.get("bootVolume")).and_then(|b| b.get("id"));
        if boots.and_then(Value::as_str) == Some(entry.id.as_str()) {
            properties.insert("bootServer".into(), json!(server.map(|s| s.id.clone())));
        }
    }
}

/// The load balancer IP a NIC inherits while it is balanced.
pub fn balanced_ip<'a>(store: Store<'a>, nic_path: &str) -> Option<&'a str> {
    store
        .links_to(nic_path)
        .into_iter()
        .filter(|(p, _)| segment(p, "balancednics").is_some())
        .find_map(|(p, _)| store.get(owner(p))?.properties.get("ip")?.as_str())
}

fn nic(store: Store, path: &str, properties: &mut Map<String, Value>) {
    if let Some(ip) = balanced_ip(store, path) {
        let ips = properties.entry("ips").or_insert_with(|| json!([]));
        if let Some(list) = ips.as_array_mut() {
            if !list.iter().any(|v| v.as_str() == Some(ip)) {
                list.push(json!(ip));
            }
        }
    }
}

fn ipblock(store: Store, properties: &mut Map<String, Value>) {
    let ips: Vec<&str> =
        properties.get("ips").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let datacenter = |path: &str| {
        let id = segment(path, "datacenters").unwrap_or_default();
        let name = store.get(&format!("datacenters/{id}")).and_then(|d| d.properties.get("name").cloned());
        (id.to_string(), name.unwrap_or(Value::Null))
    };
    let mut consumers = Vec::new();
    for holding in addresses::holders(store).into_iter().filter(|h| ips.contains(&h.ip)) {
        let (path, holder, ip) = (holding.path, holding.entry, holding.ip);
        let (dc_id, dc_name) = datacenter(path);
        consumers.push(if holder.kind == "nic" {
            let server = store.get(owner(path));
            json!({
                "ip": ip,
                "mac": holder.properties.get("mac"),
                "nicId": holder.id,
                "serverId": segment(path, "servers").unwrap_or_default(),
                "serverName": server.and_then(|s| s.properties.get("name")),
                "datacenterId": dc_id,
                "datacenterName": dc_name,
            })
        } else {
            // Load balancers and NAT gateways: the spec's IpConsumer has nothing more for them.
            json!({"ip": ip, "datacenterId": dc_id, "datacenterName": dc_name})
        });
    }
    properties.insert("ipConsumers".into(), Value::Array(consumers));
}

/// The LANs on a cross-connect and the data centers that could still join it (those with no
/// LAN on it yet).
fn pcc(store: Store, entry: &StoredObject, properties: &mut Map<String, Value>) {
    let on_it = |lan: &StoredObject| lan.properties.get("pcc").and_then(Value::as_str) == Some(entry.id.as_str());
    let datacenter = |path: &str| {
        let id = segment(path, "datacenters").unwrap_or_default().to_string();
        let found = store.get(&format!("datacenters/{id}"));
        let prop = |name: &str| found.and_then(|d| d.properties.get(name).cloned()).unwrap_or(Value::Null);
        (id, prop("name"), prop("location"))
    };
    let mut peers = Vec::new();
    let mut joined = Vec::new();
    for (path, lan) in store.of_kind("lan").into_iter().filter(|(_, lan)| on_it(lan)) {
        let (id, name, location) = datacenter(path);
        peers.push(json!({
            "id": lan.id,
            "name": lan.properties.get("name"),
            "datacenterId": id,
            "datacenterName": name,
            "location": location,
        }));
        joined.push(id);
    }
    let connectable: Vec<Value> = store
        .children("datacenters")
        .into_iter()
        .filter(|(_, d)| !joined.contains(&d.id))
        .map(|(_, d)| json!({"id": d.id, "name": d.properties.get("name"), "location": d.properties.get("location")}))
        .collect();
    properties.insert("peers".into(), Value::Array(peers));
    properties.insert("connectableDatacenters".into(), Value::Array(connectable));
}
