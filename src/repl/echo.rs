//! How the REPL shows an entry's value: maps and arrays as pretty JSON with secret fields
//! masked (passwords, secret keys, tokens: `print(x.properties.secretKey)` shows one on
//! purpose), syntax-coloured when stdout is a terminal and `NO_COLOR` is unset; anything else
//! as Rhai prints it.

use std::io::IsTerminal;

use rhai::Dynamic;
use serde_json::Value;

/// Whether output to stdout may carry colour: a terminal, and no `NO_COLOR` (any value).
pub fn colour_wanted() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// A value as the user wants to see it, secrets masked, control characters escaped (only
/// the colours are ours).
pub fn echo(value: &Dynamic, colour: bool) -> String {
    if value.is_map() || value.is_array() {
        if let Ok(json) = crate::engine::convert::to_json(value) {
            let mut out = String::new();
            write_json(&mut out, &crate::secrets::mask_json(&json), 0, colour);
            return out;
        }
    }
    crate::printable::escape(&crate::engine::convert::display_text(value)).into_owned()
}

const KEY: &str = "\x1b[34m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[33m";
const LITERAL: &str = "\x1b[35m";
const RESET: &str = "\x1b[0m";

/// Pretty JSON with two-space indentation, as `serde_json::to_string_pretty` lays it out.
fn write_json(out: &mut String, value: &Value, indent: usize, colour: bool) {
    let paint = |out: &mut String, code: &str, text: &str| {
        if colour {
            out.push_str(code);
            out.push_str(text);
            out.push_str(RESET);
        } else {
            out.push_str(text);
        }
    };
    let pad = |out: &mut String, level: usize| out.push_str(&"  ".repeat(level));
    match value {
        Value::Null | Value::Bool(_) => paint(out, LITERAL, &value.to_string()),
        Value::Number(n) => paint(out, NUMBER, &n.to_string()),
        Value::String(_) => paint(out, STRING, &crate::printable::escape(&value.to_string())),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                pad(out, indent + 1);
                write_json(out, item, indent + 1, colour);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        Value::Object(map) => {
            out.push_str("{\n");
            for (i, (key, item)) in map.iter().enumerate() {
                pad(out, indent + 1);
                paint(out, KEY, &crate::printable::escape(&Value::String(key.clone()).to_string()));
                out.push_str(": ");
                write_json(out, item, indent + 1, colour);
                out.push_str(if i + 1 < map.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_output_is_exactly_serde_jsons_pretty_form() {
        let json = serde_json::json!({ "a": [1, "x", null, true, {}], "b": { "c": [] } });
        let value = rhai::serde::to_dynamic(&json).expect("dynamic");
        assert_eq!(echo(&value, false), serde_json::to_string_pretty(&json).expect("json"));
    }

    #[test]
    fn control_characters_are_shown_escaped() {
        let hostile = "dc\u{1b}]0;owned\u{7}\u{9b}2J";
        let shown = echo(&Dynamic::from(hostile.to_string()), false);
        assert_eq!(shown, "dc\\u{1b}]0;owned\\u{7}\\u{9b}2J");
        let json = serde_json::json!({ "name": hostile, "k\u{9b}": 1 });
        let shown = echo(&rhai::serde::to_dynamic(&json).expect("dynamic"), true);
        assert!(!shown.contains('\u{1b}') || shown.matches('\u{1b}').count() == shown.matches("\u{1b}[").count());
        assert!(!shown.contains('\u{9b}') && !shown.contains('\u{7}'), "{shown:?}");
    }

    #[test]
    fn secrets_are_masked() {
        let json = serde_json::json!({ "properties": { "name": "u", "password": "hunter22", "secretKey": "abc" } });
        let value = rhai::serde::to_dynamic(&json).expect("dynamic");
        let shown = echo(&value, false);
        assert!(
            !shown.contains("hunter22") && !shown.contains("\"abc\"") && shown.contains("\"name\": \"u\""),
            "{shown}"
        );
    }

    #[test]
    fn colour_marks_keys_and_values() {
        let value = rhai::serde::to_dynamic(serde_json::json!({ "n": 1 })).expect("dynamic");
        assert_eq!(echo(&value, true), "{\n  \x1b[34m\"n\"\x1b[0m: \x1b[33m1\x1b[0m\n}");
    }
}
