//! `/targetgroups`: the servers (IP and port) application load balancers forward to. Each
//! target needs `ip`, `port` and `weight`; a target group a forwarding rule forwards to
//! cannot be deleted (422): change or delete the rule first.

use serde_json::Value;

use crate::provider::ionos::catalog::targetgroups::TARGETGROUP;
use crate::provider::ionos::sim::families::family::Family;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::resource::{self, check_create, check_items, child_path, in_field_order};
use crate::sim::{ErrorReply, Mutation, Store, StoredObject, World};

/// What target groups have of their own.
pub static TARGETGROUPS: Family =
    Family { build: Some(build), adjust: Some(adjust), cascade: Some(cascade), ..Family::of(&TARGETGROUP) };

/// The store path of target group `id`.
pub fn path(id: &str) -> String {
    child_path("", "targetgroups", id)
}

fn build(tx: &mut Mutation, _: &str, body: &Value, at: &str) -> Result<String, ErrorReply> {
    let properties = check_create(&TARGETGROUP, body, at)?.properties;
    check_items(&properties, "targets", &["ip", "port", "weight"], at)?;
    let path = path(&resource::new_id());
    tx.create(&path, "target-group", in_field_order(&TARGETGROUP, properties));
    Ok(path)
}

fn adjust(
    _: &mut Mutation,
    _: &str,
    _: &StoredObject,
    properties: &mut serde_json::Map<String, Value>,
) -> Result<(), ErrorReply> {
    check_items(properties, "targets", &["ip", "port", "weight"], "")
}

fn cascade(_: &CloudApiCall, world: &World, _: i64, _: &str, entry: &StoredObject) -> Result<Vec<String>, ErrorReply> {
    match forwarding_to(world.store(), &entry.id) {
        Some(rule) => Err(ErrorReply::validation(format!(
            "Target group {} is in use by forwarding rule {}: change or delete the rule first",
            entry.id, rule.id
        ))),
        None => Ok(Vec::new()),
    }
}

/// A forwarding rule that forwards to the target group `group`, if any: a target group in use
/// cannot be deleted.
pub fn forwarding_to<'a>(store: Store<'a>, group: &str) -> Option<&'a StoredObject> {
    store.of_kind("forwarding-rule").into_iter().map(|(_, e)| e).find(|rule| {
        rule.properties
            .get("httpRules")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|r| r.get("targetGroup").and_then(Value::as_str).is_some_and(|g| g.eq_ignore_ascii_case(group)))
    })
}
