//! YAML and CSV in scripts, beside JSON: `to_yaml` and `parse_yaml` for what ops people keep
//! in YAML (inventories, cloud-init), `to_csv` and `parse_csv` for spreadsheets: rows are maps,
//! columns their keys.

use rhai::{Array, Dynamic, Engine, EvalAltResult, Map};
use serde_json::Value;

use super::{convert, errors, registration};
use crate::catalog::Signature;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The format functions' signatures.
pub fn signatures() -> Vec<Signature> {
    vec![
        Signature::new("to_yaml", &["value: any".into()], &[], "Turns a value into YAML text."),
        Signature::new(
            "parse_yaml",
            &["text: string".into()],
            &[],
            "Parses YAML text into maps, arrays and values; throws naming the line and column of a syntax error.",
        ),
        Signature::new(
            "to_csv",
            &["rows: array".into()],
            &["columns: array".into()],
            "Turns rows (maps) into CSV text with a header: the columns given, else every key in the order first seen; nested values as JSON on one line, () as empty.",
        ),
        Signature::new(
            "parse_csv",
            &["text: string".into()],
            &[],
            "Parses CSV text with a header row into rows: maps from the header's names to the row's text.",
        ),
    ]
}

/// Registers `to_yaml`, `parse_yaml`, `to_csv` and `parse_csv`.
pub fn register(engine: &mut Engine) {
    let [to_yaml, parse_yaml, to_csv, parse_csv] =
        <[Signature; 4]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("four signatures"));
    registration(&to_yaml, 1).register_into_engine(engine, |v: Dynamic| yaml_of(&v));
    registration(&parse_yaml, 1).register_into_engine(engine, |text: &str| from_yaml(text));
    registration(&to_csv, 1).register_into_engine(engine, |rows: Array| csv_of(&rows, None));
    registration(&to_csv, 2).register_into_engine(engine, |rows: Array, columns: Array| csv_of(&rows, Some(&columns)));
    registration(&parse_csv, 1).register_into_engine(engine, |text: &str| from_csv(text));
}

/// A value as JSON for `function`, or an error naming what could not be turned.
fn json_of(function: &str, value: &Dynamic) -> Result<Value> {
    convert::to_json(value).map_err(|e| {
        let why = super::report::error_message(&e);
        errors::usage(function, format!("cannot turn {} into {function}'s text: {why}", convert::describe(value)))
    })
}

fn yaml_of(value: &Dynamic) -> Result<String> {
    let json = json_of("to_yaml", value)?;
    serde_yaml_ng::to_string(&json).map(crate::printable::json_safe).map_err(|e| errors::usage("to_yaml", e))
}

fn from_yaml(text: &str) -> Result<Dynamic> {
    let json: Value =
        serde_yaml_ng::from_str(text).map_err(|e| errors::usage("parse_yaml", format!("invalid YAML: {e}")))?;
    convert::to_dynamic(json)
}

/// A cell's text: strings as they are, `()` empty, other scalars as JSON writes them, nested
/// values as JSON on one line.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn csv_of(rows: &Array, columns: Option<&Array>) -> Result<String> {
    let rows: Vec<serde_json::Map<String, Value>> = rows
        .iter()
        .enumerate()
        .map(|(index, row)| match json_of("to_csv", row)? {
            Value::Object(map) => Ok(map),
            other => Err(errors::usage(
                "to_csv",
                format!("row {index} must be a map, got {}", convert::describe(&Dynamic::from(other.to_string()))),
            )),
        })
        .collect::<Result<_>>()?;
    let columns: Vec<String> = match columns {
        Some(given) => given.iter().map(|c| c.to_string()).collect(),
        None => {
            let mut seen: Vec<String> = Vec::new();
            for key in rows.iter().flat_map(|row| row.keys()) {
                if !seen.contains(key) {
                    seen.push(key.clone());
                }
            }
            seen
        }
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |e: csv::Error| errors::usage("to_csv", e);
    writer.write_record(&columns).map_err(failed)?;
    for row in &rows {
        writer.write_record(columns.iter().map(|c| row.get(c).map(cell).unwrap_or_default())).map_err(failed)?;
    }
    let bytes = writer.into_inner().map_err(|e| errors::usage("to_csv", e.to_string()))?;
    Ok(crate::printable::json_safe(String::from_utf8_lossy(&bytes).into_owned()))
}

fn from_csv(text: &str) -> Result<Dynamic> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| errors::usage("parse_csv", format!("invalid CSV: {e}")))?
        .iter()
        .map(str::to_string)
        .collect();
    let mut rows = Array::new();
    for record in reader.records() {
        let record = record.map_err(|e| errors::usage("parse_csv", format!("invalid CSV: {e}")))?;
        let row: Map =
            headers.iter().zip(record.iter()).map(|(h, v)| (h.as_str().into(), Dynamic::from(v.to_string()))).collect();
        rows.push(row.into());
    }
    Ok(rows.into())
}
