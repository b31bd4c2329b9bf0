//! `table(collection[, columns])`: a collection as a compact text table, one row per item.
//!
//! It returns the table as a string rather than printing it, so `print(table(x))` in a script
//! and a bare `table(x)` in the REPL (whose echo shows strings as they are) both work, and the
//! text can be written to a file or compared in a test. Cells never hold control characters:
//! they are shown escaped, so a name cannot retitle or clear the user's terminal.

use rhai::{Array, Dynamic, Engine, EvalAltResult};
use serde_json::Value;

use super::{convert, errors, registration};
use crate::catalog::{Envelope, Signature};

/// The envelopes of the providers a table may show objects of.
type Envelopes = Vec<&'static dyn Envelope>;

/// The table function's signature.
pub fn signatures() -> Vec<Signature> {
    vec![Signature::new(
        "table",
        &["collection: map|array".into()],
        &["columns: array".into()],
        "Renders a collection (a list_* result, an array of objects, or one object) as a text table; \
         columns default to id, name, location, state (empty ones left out). A column is looked up on \
         the item, then where its provider keeps fields (an IONOS object's properties and metadata); a \
         dotted path like \"properties.cores\" works too.",
    )]
}

/// Registers `table` with and without its column list; `envelopes` say where each provider
/// keeps an object's fields and a collection's items.
pub fn register(engine: &mut Engine, envelopes: Envelopes) {
    let [table] = <[Signature; 1]>::try_from(signatures()).unwrap_or_else(|_| unreachable!("one signature"));
    let found = envelopes.clone();
    registration(&table, 1).register_into_engine(engine, move |collection: Dynamic| render(&found, &collection, None));
    registration(&table, 2).register_into_engine(engine, move |collection: Dynamic, columns: Array| {
        render(&envelopes, &collection, Some(&columns))
    });
}

fn render(
    envelopes: &[&dyn Envelope],
    collection: &Dynamic,
    columns: Option<&Array>,
) -> Result<String, Box<EvalAltResult>> {
    let json = convert::to_json(collection).map_err(|_| not_a_collection(collection))?;
    let rows: Vec<Value> = match json {
        Value::Object(_) => match envelopes.iter().find_map(|e| e.items(&json)) {
            Some(items) => items.clone(),
            None => vec![json],
        },
        Value::Array(items) => items,
        _ => return Err(not_a_collection(collection)),
    };
    let columns: Vec<String> = match columns {
        Some(given) => given.iter().map(|c| c.to_string()).collect(),
        None => {
            let mut defaults: Vec<&str> = Vec::new();
            for column in envelopes.iter().flat_map(|e| e.columns()) {
                if !defaults.contains(column) {
                    defaults.push(column);
                }
            }
            defaults
                .into_iter()
                .filter(|c| *c == "id" || rows.iter().any(|row| !cell(envelopes, row, c).is_empty()))
                .map(str::to_string)
                .collect()
        }
    };
    let cells: Vec<Vec<String>> =
        rows.iter().map(|row| columns.iter().map(|c| cell(envelopes, row, c)).collect()).collect();
    Ok(layout(&columns, &cells))
}

fn not_a_collection(value: &Dynamic) -> Box<EvalAltResult> {
    errors::usage(
        "table",
        format!("expects a collection (a map with items, an array, or one object), got {}", convert::describe(value)),
    )
}

/// The text of one cell: a dotted path on the item, or the column wherever an envelope keeps
/// fields (IONOS objects: on the item, in its properties, in its metadata).
fn cell(envelopes: &[&dyn Envelope], row: &Value, column: &str) -> String {
    let found = if column.contains('.') {
        row.pointer(&format!("/{}", column.replace('.', "/")))
    } else {
        envelopes.iter().find_map(|e| e.field(row, column))
    };
    // One line per row, and nothing a terminal would act on.
    match found {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => crate::printable::escape_line(s).into_owned(),
        Some(other) => crate::printable::escape_line(&other.to_string()).into_owned(),
    }
}

/// Columns padded to their widest cell, a rule under the header, and the row count.
fn layout(columns: &[String], cells: &[Vec<String>]) -> String {
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| cells.iter().map(|r| r[i].chars().count()).chain([c.chars().count()]).max().unwrap_or(0))
        .collect();
    let line = |values: &mut dyn Iterator<Item = &str>| {
        let padded: Vec<String> = values.zip(&widths).map(|(v, w)| format!("{v:w$}")).collect();
        padded.join("  ").trim_end().to_string()
    };
    let mut out = vec![line(&mut columns.iter().map(String::as_str))];
    out.push(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("  "));
    out.extend(cells.iter().map(|row| line(&mut row.iter().map(String::as_str))));
    out.push(match cells.len() {
        1 => "(1 row)".to_string(),
        n => format!("({n} rows)"),
    });
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ionos::CloudApiObjects;

    fn table(json: Value, columns: Option<&[&str]>) -> String {
        let value = rhai::serde::to_dynamic(&json).expect("dynamic");
        let columns: Option<Array> = columns.map(|c| c.iter().map(|s| Dynamic::from(s.to_string())).collect());
        render(&[&CloudApiObjects], &value, columns.as_ref()).expect("table")
    }

    #[test]
    fn a_collection_shows_id_name_location_state() {
        let list = serde_json::json!({ "items": [
            { "id": "a1", "properties": { "name": "web", "location": "de/fra" }, "metadata": { "state": "AVAILABLE" } },
            { "id": "b22", "properties": { "name": "db", "location": "us/las" }, "metadata": { "state": "BUSY" } },
        ]});
        assert_eq!(
            table(list, None),
            "id   name  location  state\n---  ----  --------  ---------\na1   web   de/fra    AVAILABLE\n\
             b22  db    us/las    BUSY\n(2 rows)"
        );
    }

    #[test]
    fn empty_default_columns_are_left_out_and_named_ones_kept_blank() {
        let items = serde_json::json!([{ "id": "x", "properties": { "name": "n" } }]);
        assert_eq!(table(items.clone(), None), "id  name\n--  ----\nx   n\n(1 row)");
        assert_eq!(
            table(items, Some(&["name", "properties.cores"])),
            "name  properties.cores\n----  ----------------\nn\n(1 row)"
        );
    }

    #[test]
    fn scalars_are_refused() {
        let error = render(&[&CloudApiObjects], &Dynamic::from(3_i64), None).expect_err("refused");
        assert!(error.to_string().contains("expects a collection"), "{error}");
    }
}
