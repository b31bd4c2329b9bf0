//! Conversions between Rhai values and JSON, the currency of the API.

use rhai::{Dynamic, EvalAltResult};
use serde_json::Value;

/// A JSON value as a Rhai value: objects become maps, arrays arrays, null `()`.
pub fn to_dynamic(value: &Value) -> Result<Dynamic, Box<EvalAltResult>> {
    rhai::serde::to_dynamic(value)
}

/// A Rhai value as JSON; fails on values JSON cannot hold (functions, custom types).
pub fn to_json(value: &Dynamic) -> Result<Value, Box<EvalAltResult>> {
    rhai::serde::from_dynamic(value)
}

/// A Rhai value as a JSON object, or `None` when it is not a map.
pub fn to_json_object(value: &Dynamic) -> Result<Option<serde_json::Map<String, Value>>, Box<EvalAltResult>> {
    if !value.is_map() {
        return Ok(None);
    }
    match to_json(value)? {
        Value::Object(map) => Ok(Some(map)),
        _ => Ok(None),
    }
}

/// The type of a Rhai value as a user would call it, for error messages.
pub fn describe(value: &Dynamic) -> String {
    match value.type_name() {
        "()" => "nothing (unit)".into(),
        "i64" => format!("int {value}"),
        "f64" => format!("float {value}"),
        "bool" => format!("bool {value}"),
        "string" => format!("string \"{value}\""),
        "map" => "a map".into(),
        "array" => "an array".into(),
        other => other.to_string(),
    }
}
