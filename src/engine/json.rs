//! JSON in scripts: `to_json`, `parse_json`, maps and arrays printing as pretty JSON and
//! interpolated into strings as JSON on one line.

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map};

use super::{convert, errors, registration};
use crate::catalog::Signature;

/// The JSON functions' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "to_json",
            &["value: any".into()],
            &["pretty: bool".into()],
            "Turns a value into JSON text, pretty-printed unless pretty is false.",
        ),
        Signature::new(
            "parse_json",
            &["text: string".into()],
            &[],
            "Parses JSON text into maps, arrays and values; throws naming the line and column of a syntax error.",
        ),
        Signature::new(
            "print",
            &["value: map|array".into()],
            &[],
            "Prints maps and arrays as pretty JSON, so print(dc) shows the object as the API sent it.",
        ),
        Signature::new(
            "to_string",
            &["value: map|array".into()],
            &[],
            "Maps and arrays become JSON on one line (`{\"a\": 1, \"b\": [1, 2]}`), in string interpolation too.",
        ),
    ]
}

/// Registers `to_json`, `parse_json`, `print` of maps and arrays as pretty JSON (so
/// `print(dc)` shows the object the way the API sent it) and their `to_string` as JSON on one
/// line (so `` `IPs: ${ips}` `` stays one line).
pub fn register(engine: &mut Engine) {
    let [to_json, parse_json, print, to_string] =
        <[Signature; 4]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("four signatures"));
    registration(&to_json, 1).register_into_engine(engine, |v: Dynamic| render("to_json", &v, true));
    registration(&to_json, 1).register_into_engine(engine, |v: Map| render("to_json", &v.into(), true));
    registration(&to_json, 1).register_into_engine(engine, |v: Array| render("to_json", &v.into(), true));
    registration(&to_json, 2).register_into_engine(engine, |v: Dynamic, pretty: bool| render("to_json", &v, pretty));
    registration(&parse_json, 1).register_into_engine(engine, |text: &str| parse(text));
    registration(&print, 1).register_into_engine(engine, |v: &mut Map| pretty("print", &v.clone().into()));
    registration(&print, 1).register_into_engine(engine, |v: &mut Array| pretty("print", &v.clone().into()));
    registration(&to_string, 1).register_into_engine(engine, |v: &mut Map| one_line("to_string", &v.clone().into()));
    registration(&to_string, 1).register_into_engine(engine, |v: &mut Array| one_line("to_string", &v.clone().into()));
}

/// A map or array as pretty JSON, as `print` shows it.
pub fn pretty(function: &str, value: &Dynamic) -> Result<String, Box<EvalAltResult>> {
    render(function, value, true)
}

/// A value as JSON on one line with a space after each `,` and `:` (`{"a": 1, "b": [1, 2]}`),
/// as string interpolation shows maps and arrays.
fn one_line(function: &str, value: &Dynamic) -> Result<String, Box<EvalAltResult>> {
    let json = to_json_value(function, value)?;
    let mut out = String::new();
    write_one_line(&mut out, &json);
    Ok(crate::printable::json_safe(out))
}

fn write_one_line(out: &mut String, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_one_line(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push_str(": ");
                write_one_line(out, item);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// A value as JSON for `function`, or an error naming the function and what was wrong.
fn to_json_value(function: &str, value: &Dynamic) -> Result<serde_json::Value, Box<EvalAltResult>> {
    convert::to_json(value).map_err(|e| {
        let why = super::report::error_message(&e);
        errors::usage(function, format!("cannot turn {} into JSON: {why}", convert::describe(value)))
    })
}

/// A value as JSON text for `function` (C1 controls and bidirectional marks escaped, so it is
/// safe on a terminal), or an error naming the function and what was wrong.
fn render(function: &str, value: &Dynamic, pretty: bool) -> Result<String, Box<EvalAltResult>> {
    let json = to_json_value(function, value)?;
    let text = if pretty { serde_json::to_string_pretty(&json) } else { serde_json::to_string(&json) };
    text.map(crate::printable::json_safe).map_err(|e| errors::usage(function, e))
}

fn parse(text: &str) -> Result<Dynamic, Box<EvalAltResult>> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| errors::usage("parse_json", format!("invalid JSON: {e}")))?;
    convert::to_dynamic(json)
}
