//! JSON in scripts: `to_json`, `parse_json`, and maps and arrays printing as pretty JSON.

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map};

use super::{convert, errors, registration};
use crate::catalog::Signature;

/// The JSON functions' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new(
            "to_json",
            &["value: Dynamic".into()],
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
            "Maps and arrays become pretty JSON, in string interpolation too.",
        ),
    ]
}

/// Registers `to_json`, `parse_json`, and `to_string` of maps and arrays as pretty JSON, so
/// `print(dc)` shows the object the way the API sent it.
pub fn register(engine: &mut Engine) {
    let [to_json, parse_json, print, to_string] =
        <[Signature; 4]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("four signatures"));
    registration(&to_json, 1).register_into_engine(engine, |v: Dynamic| render(&v, true));
    registration(&to_json, 1).register_into_engine(engine, |v: Map| render(&v.into(), true));
    registration(&to_json, 1).register_into_engine(engine, |v: Array| render(&v.into(), true));
    registration(&to_json, 2).register_into_engine(engine, |v: Dynamic, pretty: bool| render(&v, pretty));
    registration(&parse_json, 1).register_into_engine(engine, |text: &str| parse(text));
    for shown in [&print, &to_string] {
        registration(shown, 1).register_into_engine(engine, |v: &mut Map| render(&v.clone().into(), true));
        registration(shown, 1).register_into_engine(engine, |v: &mut Array| render(&v.clone().into(), true));
    }
}

fn render(value: &Dynamic, pretty: bool) -> Result<String, Box<EvalAltResult>> {
    let json = convert::to_json(value)
        .map_err(|e| errors::usage("to_json", format!("cannot turn {} into JSON: {e}", convert::describe(value))))?;
    let text = if pretty { serde_json::to_string_pretty(&json) } else { serde_json::to_string(&json) };
    text.map_err(|e| errors::usage("to_json", e))
}

fn parse(text: &str) -> Result<Dynamic, Box<EvalAltResult>> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| errors::usage("parse_json", format!("invalid JSON: {e}")))?;
    convert::to_dynamic(&json)
}
