//! LANs of a data center: ids are small numbers (`"1"`, `"2"`, ...) counted per data center;
//! `public` is false unless asked; members are the NICs connected to it, kept as links under
//! the LAN (`.../lans/{id}/nics/{nicId}`). A NIC naming a LAN that does not exist creates it
//! (private), as the API does. Every `ipFailover` entry `{ip, nicUuid}` must name a member NIC
//! and one of its addresses. A LAN that still has NICs cannot be deleted (422): move or delete
//! them first. A LAN's `pcc` must name an existing private cross-connect (see
//! [`pccs::check_lan`]).

use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::addresses::{self, strings};
use crate::provider::ionos::sim::families::family::{Family, Request};
use crate::provider::ionos::sim::families::pccs;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::derived;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, children, datacenter_of, in_field_order, invalid, location_of,
};
use crate::provider::ionos::LAN;
use crate::sim::{ErrorReply, Mutation, Reply, Store, StoredObject, World};

/// What LANs have of their own.
pub static LANS: Family =
    Family { build: Some(build), adjust: Some(adjust), cascade: Some(cascade), ..Family::of(&LAN) };

fn next_id(store: Store, datacenter: &str) -> i64 {
    let taken = store.children(&format!("{datacenter}/lans"));
    taken.iter().filter_map(|(_, e)| e.id.parse::<i64>().ok()).max().unwrap_or(0) + 1
}

/// The LAN `lan` of the data center, created (private) if it does not exist; its path.
pub fn ensure(tx: &mut Mutation, datacenter: &str, lan: i64) -> String {
    let path = paths::lan_path(datacenter, lan);
    if tx.store().get(&path).is_none() {
        tx.create(&path, "lan", in_field_order(&LAN, defaults(Map::new())));
    }
    path
}

fn defaults(mut properties: Map<String, Value>) -> Map<String, Value> {
    properties.entry("public").or_insert_with(|| json!(false));
    properties.entry("ipFailover").or_insert_with(|| json!([]));
    properties
}

/// Connects the NIC at `nic` to the LAN at `lan`, leaving the LAN it was on.
pub fn join(tx: &mut Mutation, lan: &str, nic: &str) -> Result<(), ErrorReply> {
    let old: Vec<String> = tx
        .store()
        .links_to(nic)
        .into_iter()
        .filter(|(p, _)| paths::segment(p, "lans").is_some())
        .map(|(p, _)| p.to_string())
        .collect();
    for link in old {
        tx.unlink(&link);
    }
    let id = nic.rsplit('/').next().unwrap_or_default();
    tx.link(&format!("{lan}/nics/{id}"), nic, Map::new())
}

/// `POST .../lans/{lan_id}/nics` with `{"id"}`: moves a NIC of the data center onto the LAN
/// (its `lan` changes), answered with the NIC.
pub fn add_member(request: &Request) -> Result<Reply, ErrorReply> {
    let lan = request.object();
    let datacenter = datacenter_of(&lan);
    let id = request.body.value.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let number: i64 = request.param("lan_id").parse().unwrap_or(0);
    resource::accept(request.call, request.sim, &request.body.raw, |tx| {
        resource::existing(tx.world, &lan)?;
        if id.is_empty() {
            return Err(invalid("", "id", "is required: the id of the NIC to move onto the LAN"));
        }
        let nic = paths::find_nic(tx.store(), &datacenter, &id)
            .ok_or_else(|| invalid("", "id", format!("must name a NIC of this data center (got '{id}')")))?;
        tx.change(&nic, |p| {
            p.insert("lan".into(), json!(number));
        })?;
        join(tx, &lan, &nic)?;
        Ok(Some(nic))
    })
}

/// Checks the `ipFailover` entries of the LAN at `lan`.
fn check_failover(store: Store, lan: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ErrorReply> {
    let entries = properties.get("ipFailover").and_then(Value::as_array).cloned().unwrap_or_default();
    for entry in entries {
        let (Some(ip), Some(nic)) =
            (entry.get("ip").and_then(Value::as_str), entry.get("nicUuid").and_then(Value::as_str))
        else {
            return Err(invalid(at, "ipFailover", "entries must each have an ip and a nicUuid"));
        };
        let nic = nic.to_ascii_lowercase();
        let Some((nic_path, nic_entry)) = store.resolve(&format!("{lan}/nics/{nic}")) else {
            return Err(invalid(at, "ipFailover", format!("names NIC {nic}, which is not connected to this LAN")));
        };
        let balanced = derived::balanced_ip(store, nic_path);
        if !strings(nic_entry.properties.get("ips")).chain(balanced).any(|i| i == ip) {
            return Err(invalid(at, "ipFailover", format!("names IP {ip}, which NIC {nic} does not have")));
        }
    }
    Ok(())
}

/// Checks a LAN body found at `at` and creates the LAN (with the next free number) in the
/// data center at `datacenter`, moving the NICs it names onto it; returns its path.
pub fn build(tx: &mut Mutation, datacenter: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let checked = check_create(&LAN, body, at)?;
    let path = paths::lan_path(datacenter, next_id(tx.store(), datacenter));
    let properties = defaults(checked.properties.clone());
    pccs::check_lan(tx.store(), &path, &properties, at)?;
    tx.create(&path, "lan", in_field_order(&LAN, properties.clone()));
    let lan = path.rsplit('/').next().and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    for (item_at, item) in children(&checked, "nics", at) {
        let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
        let nic = paths::find_nic(tx.store(), datacenter, id)
            .ok_or_else(|| invalid(&item_at, "id", format!("must name a NIC of this data center (got '{id}')")))?;
        tx.change(&nic, |p| {
            p.insert("lan".into(), json!(lan));
        })?;
        join(tx, &path, &nic)?;
    }
    check_failover(tx.store(), &path, &properties, at)?;
    Ok(path)
}

/// A LAN's cross-connect must exist and its failover groups name its own NICs and addresses;
/// a LAN turned public or private gives its DHCP NICs addresses of that kind, as the API does.
fn adjust(
    tx: &mut Mutation,
    lan: &str,
    old: &StoredObject,
    properties: &mut Map<String, Value>,
) -> Result<(), ErrorReply> {
    pccs::check_lan(tx.store(), lan, properties, "")?;
    check_failover(tx.store(), lan, properties, "")?;
    let public = |p: &Map<String, Value>| p.get("public").and_then(Value::as_bool) == Some(true);
    if public(&old.properties) != public(properties) {
        readdress(tx, lan, public(properties))?;
    }
    Ok(())
}

/// Gives the NICs on the LAN at `lan` that take their addresses by DHCP a new one: public
/// (in the data center's location) or private (in the LAN's range).
fn readdress(tx: &mut Mutation, lan: &str, public: bool) -> Result<(), ErrorReply> {
    let datacenter = datacenter_of(lan);
    let number = lan.rsplit('/').next().and_then(|id| id.parse::<i64>().ok()).unwrap_or(1);
    let members: Vec<String> =
        tx.store().children(&format!("{lan}/nics")).into_iter().filter_map(|(_, link)| link.link.clone()).collect();
    for nic in members {
        let dhcp = tx.store().get(&nic).and_then(|e| e.properties.get("dhcp")).and_then(Value::as_bool) != Some(false);
        if !dhcp {
            continue;
        }
        let address = if public {
            addresses::public_dhcp(tx.store(), &location_of(tx.world, &datacenter))
        } else {
            addresses::private_dhcp(tx.store(), &datacenter, number)
        };
        tx.change(&nic, |properties| {
            properties.insert("ips".into(), json!([address]));
        })?;
    }
    Ok(())
}

/// A LAN that still has NICs stays.
fn cascade(
    _: &CloudApiCall,
    world: &World,
    _: i64,
    lan: &str,
    entry: &StoredObject,
) -> Result<Vec<String>, ErrorReply> {
    let members = world.store().children(&format!("{lan}/nics"));
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&str> = members.iter().map(|(_, e)| e.id.as_str()).collect();
    Err(ErrorReply::validation(format!(
        "LAN {} still has NICs connected ({}): delete them or move them to another LAN first",
        entry.id,
        ids.join(", ")
    )))
}
