//! Answers shaped as the published spec of the version called: an object's `properties` hold
//! exactly the names its envelope defines in that version — `null` where nothing is set, as the
//! API answers, and nothing the version does not know (a v5 server has no `type`) — and its
//! `metadata` the names the spec gives that type (users, S3 keys and nodes have their own; a
//! group has none).

use serde_json::{Map, Value};

use crate::provider::ionos::generated::envelopes::{Fields, ENVELOPES};

/// The envelope of a `kind` of object in v6 (or v5), when the spec has one.
fn fields(kind: &str, v6: bool) -> Option<&'static Fields> {
    let shape = ENVELOPES.iter().find(|shape| shape.kind == kind)?;
    if v6 {
        shape.v6.as_ref()
    } else {
        shape.v5.as_ref()
    }
}

/// Whether the version (v6, else v5) has objects of `kind`: every kind the spec tables do not
/// list, and those they give an envelope in that version.
pub fn in_version(kind: &str, v6: bool) -> bool {
    ENVELOPES.iter().find(|shape| shape.kind == kind).is_none_or(|shape| {
        if v6 {
            shape.v6.is_some()
        } else {
            shape.v5.is_some()
        }
    })
}

/// Whether an object of `kind` shows the nested collection `name` in the version: every one
/// where the spec lists no `entities` for the kind, else those it lists.
pub fn has_entity(kind: &str, v6: bool, name: &str) -> bool {
    fields(kind, v6).and_then(|f| f.entities).is_none_or(|names| names.contains(&name))
}

/// The envelope kind of the object at `path` of type `kind`: its type, except that the
/// API's two kinds of forwarding rule share one type with different properties.
pub fn kind_at<'a>(path: &str, kind: &'a str) -> &'a str {
    if kind == "forwarding-rule" && path.contains("applicationloadbalancers/") {
        "applicationloadbalancer-forwarding-rule"
    } else {
        kind
    }
}

/// Fits a rendered object (`{id, type, href, metadata?, properties?, entities?}`) of `kind` to
/// its envelope in the version called. Objects of a type the spec lacks stay as they are.
pub fn fit(kind: &str, v6: bool, object: &mut Value) {
    let Some(fields) = fields(kind, v6) else { return };
    let Some(object) = object.as_object_mut() else { return };
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        *properties = only(properties, fields.properties);
    }
    match (fields.metadata, object.get_mut("metadata")) {
        (None, Some(_)) => {
            object.remove("metadata");
        }
        (Some(names), Some(Value::Object(metadata))) => *metadata = only(metadata, names),
        _ => {}
    }
}

/// `names`, in order, with their values in `values` (or `null`).
fn only(values: &mut Map<String, Value>, names: &[&str]) -> Map<String, Value> {
    names.iter().map(|name| (name.to_string(), values.remove(*name).unwrap_or(Value::Null))).collect()
}
