//! `/pccs`: private cross-connects joining LANs of several data centers. A LAN joins one by
//! setting its `pcc` property (`PATCH .../lans/{id}` with `{"pcc": id}`), which must name an
//! existing cross-connect, at most one LAN per data center (422 otherwise, see [`check_lan`]).
//! `peers` (the connected LANs) and `connectableDatacenters` are computed when shown (see
//! [`derived`](crate::provider::ionos::sim::shape::derived)): the connectable data centers are the account's data centers
//! that have no LAN on the cross-connect yet. A cross-connect with peers cannot be deleted
//! (422): disconnect the LANs first (`{"pcc": ""}`) or delete them.

use serde_json::{Map, Value};

use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::resource::{self, check_create, child_path, in_field_order, invalid};
use crate::provider::ionos::PCC;
use crate::sim::{ErrorReply, Mutation, Store, StoredObject, World};

/// What cross-connects have of their own.
pub static PCCS: Family = Family { build: Some(build), cascade: Some(cascade), ..Family::of(&PCC) };

fn path(id: &str) -> String {
    child_path("", "pccs", id)
}

/// The LANs connected to cross-connect `id`, with their paths.
pub fn peers<'a>(store: Store<'a>, id: &str) -> Vec<(&'a str, &'a StoredObject)> {
    store
        .of_kind("lan")
        .into_iter()
        .filter(|(_, lan)| {
            lan.properties.get("pcc").and_then(Value::as_str).is_some_and(|p| p.eq_ignore_ascii_case(id))
        })
        .collect()
}

/// Checks the `pcc` of the LAN at `lan` (found at `at` in the body): it must name an
/// existing cross-connect that no other LAN of the same data center is on.
pub fn check_lan(store: Store, lan: &str, properties: &Map<String, Value>, at: &str) -> Result<(), ErrorReply> {
    let Some(pcc) = properties.get("pcc").and_then(Value::as_str).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    if store.get(&path(pcc)).is_none() {
        return Err(invalid(at, "pcc", format!("must name a private cross-connect of the account (got '{pcc}')")));
    }
    let datacenter = lan.rsplitn(3, '/').nth(2).unwrap_or_default();
    let other = peers(store, pcc).into_iter().find(|(p, _)| *p != lan && p.starts_with(&format!("{datacenter}/")));
    if let Some((_, other)) = other {
        return Err(invalid(
            at,
            "pcc",
            format!("names cross-connect {pcc}, which LAN {} of this data center is already on", other.id),
        ));
    }
    Ok(())
}

fn build(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&PCC, body, "")?.properties;
    let path = path(&resource::new_id());
    tx.create(&path, "pcc", in_field_order(&PCC, properties));
    Ok(path)
}

/// A cross-connect with LANs on it stays.
fn cascade(_: &CloudApiCall, world: &World, _: i64, _: &str, entry: &StoredObject) -> Result<Vec<String>, ErrorReply> {
    let connected: Vec<String> = peers(world.store(), &entry.id).iter().map(|(p, _)| p.to_string()).collect();
    if connected.is_empty() {
        Ok(Vec::new())
    } else {
        Err(ErrorReply::validation(format!(
            "Private cross-connect {} still has LANs connected ({}): set their pcc to \"\" or delete them first",
            entry.id,
            connected.join(", ")
        )))
    }
}
