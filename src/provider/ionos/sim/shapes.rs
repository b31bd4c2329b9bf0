//! Answers shaped as the published spec of the version called: an object's `properties` hold
//! exactly the names its envelope defines in that version — `null` where nothing is set, as the
//! API answers, and nothing the version does not know (a v5 server has no `type`) — and its
//! `metadata` the names the spec gives that type (users, S3 keys and nodes have their own; a
//! group has none).

use serde_json::{Map, Value};

use super::shapes_table::{Fields, SHAPES};

/// The envelope of a `kind` of object in v6 (or v5), when the spec has one.
fn fields(kind: &str, v6: bool) -> Option<&'static Fields> {
    let shape = SHAPES.iter().find(|shape| shape.kind == kind)?;
    if v6 {
        shape.v6.as_ref()
    } else {
        shape.v5.as_ref()
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
