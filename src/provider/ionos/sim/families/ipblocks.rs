//! IP blocks: public addresses reserved in a seeded location. The addresses are allocated at
//! creation from the location's block range (see [`addresses`](crate::provider::ionos::sim::families::addresses)) and the
//! size never changes; `ipConsumers` lists the NICs and load balancers using them. A block
//! whose addresses are in use cannot be deleted (422): free them first.

use serde_json::{json, Value};

use crate::provider::ionos::sim::families::addresses;
use crate::provider::ionos::sim::families::contracts;
use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::seed::location_table;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::derived;
use crate::provider::ionos::sim::shape::resource::{self, check_create, child_path, in_field_order, invalid};
use crate::provider::ionos::IPBLOCK;
use crate::sim::{ErrorReply, Mutation, StoredObject, World};

/// What IP blocks have of their own.
pub static IPBLOCKS: Family = Family { build: Some(build), cascade: Some(cascade), ..Family::of(&IPBLOCK) };

/// Reserves a block in a seeded location; returns its path.
fn build(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&IPBLOCK, body, "")?.properties;
    let location = properties.get("location").and_then(Value::as_str).unwrap_or_default().to_string();
    if location_table::find(&location).is_none() {
        return Err(invalid("", "location", format!("must be one of {} (got '{location}')", location_table::ids())));
    }
    let size = properties.get("size").and_then(Value::as_u64).and_then(|s| u32::try_from(s).ok()).unwrap_or(1);
    properties.insert("ips".into(), json!(addresses::reserve_block(tx.store(), &location, size)));
    let path = child_path("", "ipblocks", &resource::new_id());
    contracts::check(tx.store(), &path, "ipblock", &properties)?;
    tx.create(&path, "ipblock", in_field_order(&IPBLOCK, properties));
    Ok(path)
}

/// A block whose addresses are in use stays.
fn cascade(
    _: &CloudApiCall,
    world: &World,
    _: i64,
    block: &str,
    entry: &StoredObject,
) -> Result<Vec<String>, ErrorReply> {
    let mut properties = entry.properties.clone();
    derived::apply(world.store(), block, entry, &mut properties);
    let used: Vec<&str> = properties
        .get("ipConsumers")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|c| c.get("ip").and_then(Value::as_str))
        .collect();
    if used.is_empty() {
        Ok(Vec::new())
    } else {
        Err(ErrorReply::validation(format!(
            "IP block {} is in use ({}): remove the addresses from NICs, load balancers and NAT gateways first",
            entry.id,
            used.join(", ")
        )))
    }
}
