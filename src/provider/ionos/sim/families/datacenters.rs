//! Data centers: created with nested LANs, volumes, servers and load balancers, in that
//! order, all in one request whose targets list every created object; deleting one removes
//! everything in it once its request is done. What is the data center's own is the location
//! check and the properties it inherits from its location.

use serde_json::{json, Value};

use crate::provider::ionos::sim::families::family::{Build, Family};
use crate::provider::ionos::sim::families::lans;
use crate::provider::ionos::sim::families::loadbalancers;
use crate::provider::ionos::sim::families::servers;
use crate::provider::ionos::sim::families::volumes;
use crate::provider::ionos::sim::seed::location_table;
use crate::provider::ionos::sim::shape::resource::{
    self, check_create, children, datacenter_path, in_field_order, invalid,
};
use crate::provider::ionos::DATACENTER;
use crate::sim::{ErrorReply, Mutation};

/// What data centers have of their own.
pub static DATACENTERS: Family = Family { build: Some(build), ..Family::of(&DATACENTER) };

/// The nested collections a data center is created with, in the order they are made: LANs
/// first, so nested NICs naming LAN 1, 2, ... connect to them.
const NESTED: &[(&str, Build)] = &[
    ("lans", lans::build),
    ("volumes", volumes::build),
    ("servers", servers::build),
    ("loadbalancers", loadbalancers::build),
];

/// Checks a data center body and creates it with everything nested in it; returns its path.
fn build(tx: &mut Mutation, _: &str, body: &Value, _: &str) -> Result<String, ErrorReply> {
    let checked = check_create(&DATACENTER, body, "")?;
    let mut properties = checked.properties.clone();
    let location = properties.get("location").and_then(Value::as_str).unwrap_or_default();
    let location = location_table::find(location).ok_or_else(|| {
        invalid("", "location", format!("must be one of {} (got '{location}')", location_table::ids()))
    })?;
    properties.insert("version".into(), json!(1));
    properties.insert("features".into(), location.features());
    properties.insert("cpuArchitecture".into(), location.cpu_architecture());
    let path = datacenter_path(&resource::new_id());
    tx.create(&path, "datacenter", in_field_order(&DATACENTER, properties));
    for (name, build) in NESTED {
        for (at, item) in children(&checked, name, "") {
            build(tx, &path, item, &at)?;
        }
    }
    Ok(path)
}
