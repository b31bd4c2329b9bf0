//! Firewall rules of a NIC: create, get, list, replace, patch (the protocol is fixed once
//! created; ports and ICMP fields must fit it), delete. The direction `type` is INGRESS
//! unless given.

use serde_json::{json, Value};

use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::shape::resource::{self, check_create, child_path, in_field_order};
use crate::provider::ionos::FIREWALL_RULE;
use crate::sim::{ErrorReply, Mutation};

/// What firewall rules have of their own.
pub static FIREWALL_RULES: Family = Family { build: Some(build), ..Family::of(&FIREWALL_RULE) };

/// Checks a firewall rule body found at `at` and creates the rule on the NIC at `nic`;
/// returns its path.
pub fn build(tx: &mut Mutation, nic: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let mut properties = check_create(&FIREWALL_RULE, body, at)?.properties;
    properties.entry("type").or_insert_with(|| json!("INGRESS"));
    let path = child_path(nic, "firewallrules", &resource::new_id());
    tx.create(&path, "firewall-rule", in_field_order(&FIREWALL_RULE, properties));
    Ok(path)
}
