//! Where addresses come from. Each seeded location has two public /16 ranges that never
//! overlap: one for reserved IP blocks (`85.{208+i}.0.0/16`, `i` the location's place in the
//! list) and one for addresses handed out by DHCP on public LANs and to load balancers
//! (`217.{160+i}.0.0/16`). Private LANs hand out `10.7.{lan}.{11..254}` (the LAN number as
//! third octet), unique within a data center. MAC addresses are `02:01:xx:xx:xx:xx`, unique.

use std::collections::HashSet;
use std::net::Ipv4Addr;

use serde_json::Value;

use crate::provider::ionos::sim::seed::location_table::LOCATIONS;
use crate::provider::ionos::sim::shape::paths;
use crate::sim::{Store, StoredObject};

/// Lowest host offset handed out in a range.
const FIRST: u32 = 10;

fn location_index(location: &str) -> u8 {
    LOCATIONS.iter().position(|l| l.id == location).and_then(|i| u8::try_from(i).ok()).unwrap_or(0)
}

fn address(a: u8, b: u8, offset: u32) -> String {
    let [_, _, c, d] = offset.to_be_bytes();
    Ipv4Addr::new(a, b, c, d).to_string()
}

fn usable(offset: u32) -> bool {
    !matches!(offset % 256, 0 | 255)
}

/// The strings of a property holding a list of strings.
pub fn strings(value: Option<&Value>) -> impl Iterator<Item = &str> {
    value.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
}

/// The kinds of object that hold public addresses, the property listing them, and what
/// messages call them.
const HOLDERS: &[(&str, &str, &str)] = &[
    ("nic", "ips", "NIC"),
    ("loadbalancer", "ip", "load balancer"),
    ("natgateway", "publicIps", "NAT gateway"),
    ("networkloadbalancer", "ips", "network load balancer"),
    ("applicationloadbalancer", "ips", "application load balancer"),
];

/// One public address an object holds.
pub struct Holding<'a> {
    /// The holder's store path.
    pub path: &'a str,
    /// The holder.
    pub entry: &'a StoredObject,
    /// What messages call the holder (`NAT gateway`).
    pub what: &'static str,
    /// The address.
    pub ip: &'a str,
}

/// Every public address an object holds: a NIC's `ips`, a load balancer's `ip`, a NAT
/// gateway's `publicIps`, a network or application load balancer's `ips`.
pub fn holders<'a>(store: Store<'a>) -> Vec<Holding<'a>> {
    let mut held = Vec::new();
    for (kind, property, what) in HOLDERS {
        for (path, entry) in store.of_kind(kind).into_iter().filter(|(path, e)| !listens_privately(store, path, e)) {
            let value = entry.properties.get(*property);
            let listed = strings(value).chain(value.and_then(Value::as_str));
            held.extend(listed.map(|ip| Holding { path, entry, what, ip }));
        }
    }
    held
}

/// Whether a balancer listens on a private LAN: its addresses are then private ones, which
/// hold no public address whatever they look like (the API leaves them to the user).
fn listens_privately(store: Store, path: &str, entry: &StoredObject) -> bool {
    let Some(lan) = entry.properties.get("listenerLan").and_then(paths::lan_number) else { return false };
    !paths::is_public(store, &paths::lan_path(&paths::datacenter_of(path), lan))
}

/// Every public address some object holds.
pub fn in_use(store: Store) -> HashSet<String> {
    holders(store).into_iter().map(|h| h.ip.to_string()).collect()
}

/// `size` consecutive addresses for a new IP block in `location`.
pub fn reserve_block(store: Store, location: &str, size: u32) -> Vec<String> {
    let b = 208 + location_index(location);
    let taken: HashSet<String> = store
        .of_kind("ipblock")
        .into_iter()
        .flat_map(|(_, e)| strings(e.properties.get("ips")).map(String::from))
        .collect();
    let mut start = FIRST;
    loop {
        let run: Vec<u32> = (start..start + size).collect();
        match run.iter().find(|n| !usable(**n) || taken.contains(&address(85, b, **n))) {
            Some(blocked) => start = blocked + 1,
            None => return run.into_iter().map(|n| address(85, b, n)).collect(),
        }
    }
}

/// A public address handed out by DHCP in `location`.
pub fn public_dhcp(store: Store, location: &str) -> String {
    let b = 160 + location_index(location);
    let used = in_use(store);
    (FIRST..).filter(|n| usable(*n)).map(|n| address(217, b, n)).find(|ip| !used.contains(ip)).unwrap_or_default()
}

/// A private address on LAN `lan` of the data center at `datacenter`, one no NIC, NAT
/// gateway (`lans[].gatewayIps`) or load balancer (`lbPrivateIps`) there has.
pub fn private_dhcp(store: Store, datacenter: &str, lan: i64) -> String {
    let prefix = format!("{datacenter}/");
    let here = |kind: &str| store.of_kind(kind).into_iter().filter(|(p, _)| p.starts_with(&prefix)).map(|(_, e)| e);
    let nics = here("nic").flat_map(|e| strings(e.properties.get("ips")));
    let gateways = here("natgateway").flat_map(|e| {
        let lans = e.properties.get("lans").and_then(Value::as_array).into_iter().flatten();
        lans.flat_map(|l| strings(l.get("gatewayIps")))
    });
    let balancers = here("networkloadbalancer")
        .chain(here("applicationloadbalancer"))
        .flat_map(|e| strings(e.properties.get("lbPrivateIps")));
    // Gateway and balancer addresses carry their mask (`10.7.1.11/24`).
    let used: HashSet<&str> =
        nics.chain(gateways).chain(balancers).map(|ip| ip.split('/').next().unwrap_or(ip)).collect();
    let lan = u32::try_from(lan).unwrap_or(0);
    let (a, b) = (7 + lan / 256, lan % 256);
    (11..255).map(|d| format!("10.{a}.{b}.{d}")).find(|ip| !used.contains(ip.as_str())).unwrap_or_default()
}

/// The path of the IP block in `location` that holds `ip`.
pub fn block_holding<'a>(store: Store<'a>, location: &str, ip: &str) -> Option<&'a str> {
    store
        .of_kind("ipblock")
        .into_iter()
        .find(|(_, e)| {
            e.properties.get("location").and_then(Value::as_str) == Some(location)
                && strings(e.properties.get("ips")).any(|i| i == ip)
        })
        .map(|(p, _)| p)
}

/// A MAC address no NIC has yet.
pub fn mac(store: Store) -> String {
    let taken: HashSet<&str> =
        store.of_kind("nic").into_iter().filter_map(|(_, e)| e.properties.get("mac").and_then(Value::as_str)).collect();
    loop {
        let [a, b, c, d] = rand::random::<u32>().to_be_bytes();
        let mac = format!("02:01:{a:02x}:{b:02x}:{c:02x}:{d:02x}");
        if !taken.contains(mac.as_str()) {
            return mac;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_per_location_and_skip_network_and_broadcast() {
        let db = crate::sim::Db::in_memory().expect("a database");
        let conn = db.checkout().expect("a connection");
        let cache = elsa::FrozenMap::new();
        let store = Store::new(&conn, &cache);
        assert_eq!(reserve_block(store, "de/fra", 2), ["85.208.0.10", "85.208.0.11"]);
        assert_eq!(reserve_block(store, "us/las", 1), ["85.212.0.10"]);
        assert_eq!(public_dhcp(store, "de/fra"), "217.160.0.10");
        assert_eq!(private_dhcp(store, "datacenters/x", 2), "10.7.2.11");
        assert!(mac(store).starts_with("02:01:"));
        assert!(!usable(255) && !usable(256) && usable(257));
    }
}
