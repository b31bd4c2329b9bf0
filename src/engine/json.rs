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
    registration(&to_json, 1).register_into_engine(engine, |v: Dynamic| render("to_json", &v, true));
    registration(&to_json, 1).register_into_engine(engine, |v: Map| render("to_json", &v.into(), true));
    registration(&to_json, 1).register_into_engine(engine, |v: Array| render("to_json", &v.into(), true));
    registration(&to_json, 2).register_into_engine(engine, |v: Dynamic, pretty: bool| render("to_json", &v, pretty));
    registration(&parse_json, 1).register_into_engine(engine, |text: &str| parse(text));
    for shown in [print, to_string] {
        let name = shown.name.clone();
        registration(&shown, 1).register_into_engine(engine, move |v: &mut Map| render(&name, &v.clone().into(), true));
        let name = shown.name.clone();
        registration(&shown, 1)
            .register_into_engine(engine, move |v: &mut Array| render(&name, &v.clone().into(), true));
    }
}

/// A value as JSON text for `function`, or an error naming the function and what was wrong.
fn render(function: &str, value: &Dynamic, pretty: bool) -> Result<String, Box<EvalAltResult>> {
    let json = convert::to_json(value).map_err(|e| {
        let why = super::report::error_message(&e);
        errors::usage(function, format!("cannot turn {} into JSON: {why}", convert::describe(value)))
    })?;
    let text = if pretty { serde_json::to_string_pretty(&json) } else { serde_json::to_string(&json) };
    text.map_err(|e| errors::usage(function, e))
}

fn parse(text: &str) -> Result<Dynamic, Box<EvalAltResult>> {
    let json: serde_json::Value =
        serde_json::from_str(text).map_err(|e| errors::usage("parse_json", format!("invalid JSON: {e}")))?;
    convert::to_dynamic(&json)
}
