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
type Layouts = Vec<&'static dyn Envelope>;

/// The table function's signature.
pub fn signatures() -> Vec<Signature> {
    vec![Signature::new(
        "table",
        &["collection: map|array".into()],
        &["columns: array".into()],
        "Renders a collection (a list_* result, an array of objects or of plain values, or one object) as a \
         text table; columns default to those that suit the objects' type (a server's cores, ram and \
         vmState; a contract's number and owner), empty ones left out. A column is looked up on the item, \
         then where its provider keeps fields (an IONOS object's properties and metadata); a dotted path \
         like \"properties.cores\" works too, headed by its last step; \"path as Header\" or \
         #{ Header: \"path\" } names the header.",
    )]
}

/// Registers `table` with and without its column list; `envelopes` say where each provider
/// keeps an object's fields and a collection's items.
pub fn register(engine: &mut Engine, envelopes: Layouts) {
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
    // A list of plain values is one column of them.
    if !rows.is_empty() && rows.iter().all(|row| !row.is_object()) && columns.is_none() {
        let cells: Vec<Vec<String>> = rows.iter().map(|row| vec![text(Some(row))]).collect();
        return Ok(layout(&["value".to_string()], &cells));
    }
    let columns: Vec<Column> = match columns {
        Some(given) => given.iter().map(Column::parse).collect::<Result<_, _>>()?,
        None => default_columns(envelopes, &rows),
    };
    let headers: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    let cells: Vec<Vec<String>> =
        rows.iter().map(|row| columns.iter().map(|c| cell(envelopes, row, &c.path)).collect()).collect();
    Ok(layout(&headers, &cells))
}

/// One column: where its values are (a field name or a dotted path) and its header.
#[derive(Debug)]
struct Column {
    path: String,
    header: String,
}

impl Column {
    /// A column as a script names it: `"cores"`, `"properties.vmState"` (headed `vmState`),
    /// `"properties.vmState as VM"`, or `#{ VM: "properties.vmState" }`.
    fn parse(given: &Dynamic) -> Result<Column, Box<EvalAltResult>> {
        if let Some(map) = given.read_lock::<rhai::Map>() {
            if let (1, Some((header, path))) = (map.len(), map.iter().next()) {
                return Ok(Column { path: path.to_string(), header: header.to_string() });
            }
            return Err(errors::usage("table", "a column map names one column: #{ HEADER: \"path\" }"));
        }
        let text = given.to_string();
        Ok(match text.split_once(" as ") {
            Some((path, header)) => Column { path: path.trim().to_string(), header: header.trim().to_string() },
            None => Column::of(&text),
        })
    }

    /// A column headed by the last step of its path.
    fn of(path: &str) -> Column {
        let header = path.rsplit('.').next().unwrap_or(path).to_string();
        Column { path: path.to_string(), header }
    }
}

/// The columns a provider shows for the rows' type: the first always, the others when some
/// row has a value for them.
fn default_columns(envelopes: &[&dyn Envelope], rows: &[Value]) -> Vec<Column> {
    let kind = rows.first().and_then(|row| envelopes.iter().find_map(|e| e.kind(row)));
    let mut names: Vec<&str> = Vec::new();
    for name in envelopes.iter().flat_map(|e| e.columns(kind)) {
        if !names.contains(name) {
            names.push(name);
        }
    }
    names
        .iter()
        .enumerate()
        .filter(|(i, c)| *i == 0 || rows.iter().any(|row| !cell(envelopes, row, c).is_empty()))
        .map(|(_, c)| Column::of(c))
        .collect()
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
    text(found)
}

/// The widest a cell grows before it is cut (with `…`): a table stays a table.
const CELL_WIDTH: usize = 60;

/// The keys that name a nested object best, in order (a CPU architecture by its family).
const NAMING_KEYS: &[&str] = &["name", "cpuFamily", "ip", "id", "type", "key"];

/// A value as a cell shows it, on one line and with nothing a terminal would act on: strings
/// as they are, lists joined with `, `, nested objects by what names them (`cpuArchitecture`
/// as its families), and nothing wider than [`CELL_WIDTH`].
fn text(value: Option<&Value>) -> String {
    let shown = match value {
        None | Some(Value::Null) => String::new(),
        Some(other) => summary(other),
    };
    let shown = crate::printable::escape_line(&shown).into_owned();
    match shown.char_indices().nth(CELL_WIDTH) {
        Some((at, _)) => format!("{}…", &shown[..at]),
        None => shown,
    }
}

/// A value in a few words: a list as its items' summaries, an object as what names it (or its
/// first few scalar fields), a scalar as it is.
fn summary(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(summary).collect::<Vec<_>>().join(", "),
        Value::Object(map) => {
            match NAMING_KEYS.iter().find_map(|k| map.get(*k).filter(|v| !v.is_object() && !v.is_array())) {
                Some(name) => summary(name),
                None => {
                    let scalars: Vec<String> = map
                        .iter()
                        .filter(|(_, v)| !v.is_object() && !v.is_array() && !v.is_null())
                        .take(3)
                        .map(|(k, v)| format!("{k}={}", summary(v)))
                        .collect();
                    let more = if map.len() > scalars.len() { ", …" } else { "" };
                    format!("{{{}{more}}}", scalars.join(", "))
                }
            }
        }
        other => other.to_string(),
    }
}

/// Columns padded to their widest cell (as wide as a terminal shows it: CJK characters take
/// two columns), a rule under the header, and the row count.
fn layout(columns: &[String], cells: &[Vec<String>]) -> String {
    let width = |text: &str| unicode_width::UnicodeWidthStr::width(text);
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| cells.iter().map(|r| width(&r[i])).chain([width(c)]).max().unwrap_or(0))
        .collect();
    let line = |values: &mut dyn Iterator<Item = &str>| {
        let padded: Vec<String> =
            values.zip(&widths).map(|(v, w)| format!("{v}{}", " ".repeat(w.saturating_sub(width(v))))).collect();
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
        assert_eq!(table(items, Some(&["name", "properties.cores"])), "name  cores\n----  -----\nn\n(1 row)");
    }

    #[test]
    fn columns_suit_the_type_take_headers_and_plain_values_make_one_column() {
        let contracts = serde_json::json!({ "items": [{ "type": "contract", "properties": {
            "contractNumber": 31612345, "owner": "ops@example.com", "status": "BILLABLE", "regDomain": "ionos.de" } }] });
        assert_eq!(
            table(contracts, None),
            "contractNumber  owner            status    regDomain\n\
             --------------  ---------------  --------  ---------\n\
             31612345        ops@example.com  BILLABLE  ionos.de\n(1 row)"
        );
        assert_eq!(table(serde_json::json!([1, "two", 3.5]), None), "value\n-----\n1\ntwo\n3.5\n(3 rows)");
        let servers = serde_json::json!([{ "id": "s", "type": "server", "properties": { "name": "日本", "vmState": "RUNNING", "cores": 2 } }]);
        assert_eq!(
            table(servers, Some(&["name", "properties.vmState as VM"])),
            "name  VM\n----  -------\n日本  RUNNING\n(1 row)"
        );
    }

    #[test]
    fn scalars_are_refused() {
        let error = render(&[&CloudApiObjects], &Dynamic::from(3_i64), None).expect_err("refused");
        assert!(error.to_string().contains("expects a collection"), "{error}");
    }

    #[test]
    fn nested_values_show_what_names_them_and_no_cell_grows_past_its_width() {
        let dcs = serde_json::json!([{ "id": "d", "type": "datacenter", "properties": {
            "name": "web",
            "cpuArchitecture": [{ "cpuFamily": "AMD_OPTERON", "maxCores": 62 }, { "cpuFamily": "INTEL_SKYLAKE", "maxCores": 51 }],
            "limits": { "cores": 8, "ram": 4096, "labels": ["a"], "disk": 100 },
            "description": "x".repeat(200),
        } }]);
        let shown = table(dcs, Some(&["name", "cpuArchitecture", "limits", "description"]));
        let row = shown.lines().nth(2).expect("a row");
        assert!(row.contains("AMD_OPTERON, INTEL_SKYLAKE") && !row.contains("maxCores"), "{shown}");
        assert!(row.contains("{cores=8, disk=100, ram=4096, …}"), "{shown}");
        assert!(row.contains(&format!("{}…", "x".repeat(60))) && !row.contains(&"x".repeat(61)), "{shown}");
    }
}
