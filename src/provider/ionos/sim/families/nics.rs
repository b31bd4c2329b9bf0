//! NICs of a server: create (with nested firewall rules, in one request), get, list, replace,
//! patch, delete. A NIC gets a unique MAC address and, with DHCP (the default) and no `ips`
//! given, one address: a private one on a private LAN, a public one on a public LAN (see
//! [`addresses`](crate::provider::ionos::sim::families::addresses)). Addresses given for a public LAN must belong to an IP
//! block reserved in the data center's location, and must not be used by another NIC. The
//! NIC's LAN is created if it does not exist; the NIC is listed among its members.

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::addresses::{self, strings};
use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::families::firewallrules;
use crate::provider::ionos::sim::families::lans;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, child_path, children, datacenter_of, in_field_order, invalid, location_of,
};
use crate::provider::ionos::NIC;
use crate::sim::{ErrorReply, Mutation, Store, StoredObject};

/// What NICs have of their own.
pub static NICS: Family = Family { build: Some(build), adjust: Some(adjust), ..Family::of(&NIC) };

/// Checks addresses given for a NIC (the one at `nic`, if it exists) on a LAN that is
/// `public` or not.
fn check_ips(
    store: Store,
    datacenter: &str,
    public: bool,
    ips: &[String],
    nic: Option<&str>,
    at: &str,
) -> Result<(), ErrorReply> {
    let location =
        store.get(datacenter).and_then(|d| d.properties.get("location")).and_then(Value::as_str).unwrap_or_default();
    let prefix = format!("{datacenter}/");
    for ip in ips {
        if public && addresses::block_holding(store, location, ip).is_none() {
            return Err(invalid(
                at,
                "ips",
                format!(
                    "must be addresses of an IP block reserved in {location} for a NIC on a public LAN (got '{ip}')"
                ),
            ));
        }
        // A public address is held by one object of the account (a NIC, a NAT gateway, a
        // network or application load balancer; a classic load balancer shares its IP with the
        // NICs it balances); a private one by one NIC of the data center.
        let other = addresses::holders(store).into_iter().find(|h| {
            h.ip == ip
                && Some(h.path) != nic
                && h.entry.kind != "loadbalancer"
                && (public || (h.entry.kind == "nic" && h.path.starts_with(&prefix)))
        });
        if let Some(other) = other {
            return Err(invalid(
                at,
                "ips",
                format!("holds {ip}, which {} {} already uses", other.what, other.entry.id),
            ));
        }
    }
    Ok(())
}

/// Checks a NIC body found at `at` and creates the NIC on the server at `server`, with its
/// firewall rules; returns its path.
pub fn build(tx: &mut Mutation, server: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let checked = check_create(&NIC, body, at)?;
    let mut properties = checked.properties.clone();
    let datacenter = datacenter_of(server);
    let lan = properties.get("lan").and_then(Value::as_i64).unwrap_or(1);
    let lan_path = lans::ensure(tx, &datacenter, lan);
    let public = paths::is_public(tx.store(), &lan_path);
    let dhcp = properties.get("dhcp").and_then(Value::as_bool).unwrap_or(true);
    properties.insert("dhcp".into(), json!(dhcp));
    let ips: Vec<String> = strings(properties.get("ips")).map(String::from).collect();
    check_ips(tx.store(), &datacenter, public, &ips, None, at)?;
    if ips.is_empty() {
        let assigned = match (dhcp, public) {
            (false, _) => Vec::new(),
            (true, true) => vec![addresses::public_dhcp(tx.store(), &location_of(tx.world, &datacenter))],
            (true, false) => vec![addresses::private_dhcp(tx.store(), &datacenter, lan)],
        };
        properties.insert("ips".into(), json!(assigned));
    }
    properties.insert("mac".into(), json!(addresses::mac(tx.store())));
    properties.entry("firewallActive").or_insert_with(|| json!(false));
    // v5's NAT switch is off unless asked for (the classic SDK leaves `nat: False` out).
    properties.entry("nat").or_insert_with(|| json!(false));
    properties.entry("firewallType").or_insert_with(|| json!("INGRESS"));
    let count = i64::try_from(tx.store().children(&format!("{server}/nics")).len()).unwrap_or(0);
    properties.insert("deviceNumber".into(), json!(count + 1));
    properties.insert("pciSlot".into(), json!(count + 6));
    let path = child_path(server, "nics", &resource::new_id());
    tx.create(&path, "nic", in_field_order(&NIC, properties));
    lans::join(tx, &lan_path, &path)?;
    for (item_at, item) in children(&checked, "firewallrules", at) {
        firewallrules::build(tx, &path, item, &item_at)?;
    }
    Ok(path)
}

/// Moving to another LAN creates it if needed; new addresses are checked like at creation.
fn adjust(
    tx: &mut Mutation,
    nic: &str,
    old: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    let datacenter = datacenter_of(nic);
    let lan = properties.get("lan").and_then(Value::as_i64).unwrap_or(1);
    let lan_path = lans::ensure(tx, &datacenter, lan);
    if old.properties.get("lan") != properties.get("lan") {
        lans::join(tx, &lan_path, nic)?;
    }
    if old.properties.get("ips") != properties.get("ips") {
        let ips: Vec<String> = strings(properties.get("ips")).map(String::from).collect();
        check_ips(tx.store(), &datacenter, paths::is_public(tx.store(), &lan_path), &ips, Some(nic), "")?;
    }
    for computed in ["mac", "deviceNumber", "pciSlot"] {
        if let Some(value) = old.properties.get(computed) {
            properties.insert(computed.into(), value.clone());
        }
    }
    Ok(())
}
