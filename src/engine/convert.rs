//! Conversions between Rhai values and JSON, the currency of the API, and the text of
//! values for errors and `debug`. Everything here that walks a value first checks that it is
//! nested no deeper than [`limits::NESTING`], so a deep value is an error, not a crash.

use std::fmt::Write;

use rhai::{Array, Dynamic, EvalAltResult, Map};
use serde_json::Value;

use super::{errors, limits};

/// A JSON value as a Rhai value: objects become maps, arrays arrays, null `()`, whole
/// numbers integers (floats past the integers' range). The JSON is taken apart as it is
/// converted, so an answer is not held twice over (it parses no deeper than serde_json's
/// nesting limit, so the recursion is bounded).
pub fn to_dynamic(value: Value) -> Result<Dynamic, Box<EvalAltResult>> {
    Ok(into_dynamic(value))
}

fn into_dynamic(value: Value) -> Dynamic {
    match value {
        Value::Null => Dynamic::UNIT,
        Value::Bool(b) => Dynamic::from_bool(b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Dynamic::from_int(i),
            None => Dynamic::from_float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Dynamic::from(s),
        Value::Array(items) => {
            let mut array = Array::with_capacity(items.len());
            array.extend(items.into_iter().map(into_dynamic));
            Dynamic::from_array(array)
        }
        Value::Object(map) => {
            Dynamic::from_map(map.into_iter().map(|(k, v)| (k.into(), into_dynamic(v))).collect::<Map>())
        }
    }
}

/// A Rhai value as JSON; fails on values JSON cannot hold (functions, custom types) and on
/// values nested too deeply.
pub fn to_json(value: &Dynamic) -> Result<Value, Box<EvalAltResult>> {
    shallow_enough(value)?;
    rhai::serde::from_dynamic(value)
}

/// The error for a value nested deeper than [`limits::NESTING`]. The walk stops at that
/// depth, so it never recurses further than the limit however deep the value is.
pub fn shallow_enough(value: &Dynamic) -> Result<(), Box<EvalAltResult>> {
    fn walk(value: &Dynamic, depth: usize) -> bool {
        if depth > limits::NESTING {
            return false;
        }
        let container = |child: &&Dynamic| child.is_array() || child.is_map();
        if let Some(array) = value.read_lock::<Array>() {
            return array.iter().filter(container).all(|child| walk(child, depth + 1));
        }
        if let Some(map) = value.read_lock::<Map>() {
            return map.values().filter(container).all(|child| walk(child, depth + 1));
        }
        true
    }
    if walk(value, 1) {
        Ok(())
    } else {
        Err(errors::limit(format!("the value is nested deeper than {} levels", limits::NESTING)))
    }
}

/// A value as Rhai's `debug` shows it (`[1, "a", #{"b": ()}]`); an error for values nested
/// too deeply.
pub fn debug_text(value: &Dynamic) -> Result<String, Box<EvalAltResult>> {
    fn write(out: &mut String, value: &Dynamic) {
        if let Some(array) = value.read_lock::<Array>() {
            out.push('[');
            for (i, item) in array.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(out, item);
            }
            out.push(']');
        } else if let Some(map) = value.read_lock::<Map>() {
            out.push_str("#{");
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{:?}: ", key.as_str());
                write(out, item);
            }
            out.push('}');
        } else {
            let _ = write!(out, "{value:?}");
        }
    }
    shallow_enough(value)?;
    let mut out = String::new();
    write(&mut out, value);
    Ok(out)
}

/// A value as `print` shows it, for messages: a value nested too deeply is named, not shown.
pub fn display_text(value: &Dynamic) -> String {
    match shallow_enough(value) {
        Ok(()) => value.to_string(),
        Err(_) => format!("({} nested deeper than {} levels)", describe(value), limits::NESTING),
    }
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
