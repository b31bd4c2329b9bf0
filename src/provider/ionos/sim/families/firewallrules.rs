//! Firewall rules of a NIC (its `firewallrules`) and of a security group (its `rules`):
//! create, get, list, replace, patch (the protocol is fixed once created; ports and ICMP
//! fields must fit it), delete. The direction `type` is INGRESS unless given.

use serde_json::{json, Value};

use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::shape::paths;
use crate::provider::ionos::sim::shape::resource::{self, check_create, child_path, in_field_order};
use crate::provider::ionos::FIREWALL_RULE;
use crate::sim::{ErrorReply, Mutation};

/// What firewall rules have of their own.
pub static FIREWALL_RULES: Family = Family { build: Some(build), ..Family::of(&FIREWALL_RULE) };

/// Checks a firewall rule body found at `at` and creates the rule on the NIC or security
/// group at `owner`; returns its path.
pub fn build(tx: &mut Mutation, owner: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&FIREWALL_RULE, body, at)?.properties;
    properties.entry("type").or_insert_with(|| json!("INGRESS"));
    let of_group = paths::segment(owner, "securitygroups").is_some();
    let collection = if of_group { "rules" } else { "firewallrules" };
    let path = child_path(owner, collection, &resource::new_id());
    tx.create(&path, "firewall-rule", in_field_order(&FIREWALL_RULE, properties));
    Ok(path)
}
