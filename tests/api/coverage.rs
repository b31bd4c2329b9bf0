//! Every operation of the references is a Rhai function: the classic SDK reference's by name
//! (the coverage contract in `tests/data/seed-operations.txt`, copied from the project's shared
//! API notes), and the CloudAPI v6 spec's by method and path: `ionosh functions --json` gives
//! each API function's method and path templates, and they are compared with the spec's
//! operations (path parameters compared by position, not by name).

use std::collections::BTreeSet;
use std::process::Command;

use ionosh::engine;
use ionosh::provider;
use serde_json::Value;

#[test]
fn every_operation_of_the_reference_is_registered() {
    let wanted: BTreeSet<&str> =
        include_str!("../data/seed-operations.txt").lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let registered: BTreeSet<String> = engine::functions(provider::ALL).into_iter().map(|s| s.name).collect();
    let missing: Vec<&&str> = wanted.iter().filter(|name| !registered.contains(**name)).collect();
    assert!(missing.is_empty(), "not registered: {missing:?}");
    assert_eq!(wanted.len(), 119);
}

/// Operations of the spec deliberately left out, with the reason. None so far.
const LEFT_OUT: &[(&str, &str, &str)] = &[];

/// `/datacenters/{datacenterId}/lans` → `/datacenters/{}/lans`.
fn blank(path: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The spec's operations as (method, blanked path, operationId).
/// The spec's and its additions' (what the official SDKs send beyond it), both read.
fn spec_operations() -> Vec<(String, String, String)> {
    let mut operations = Vec::new();
    for file in ["cloudapi-v6.openapi.yaml", "cloudapi-v6-additions.openapi.yaml"] {
        let path = format!("{}/tests/data/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the v6 spec");
        let spec: Value = serde_yaml_ng::from_str(&text).expect("YAML");
        operations.extend(operations_of(&spec));
    }
    operations
}

fn operations_of(spec: &Value) -> Vec<(String, String, String)> {
    let mut operations = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("path item") {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                let id = operation["operationId"].as_str().unwrap_or_default().to_string();
                operations.push((method.to_uppercase(), blank(path), id));
            }
        }
    }
    operations
}

/// What `ionosh functions --json` says the API functions send: (method, blanked path) with
/// the function's name.
fn functions() -> Vec<(String, String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_ionosh")).args(["functions", "--json"]).output().expect("ionosh runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let all: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let mut sent = Vec::new();
    for function in all.as_array().expect("a list") {
        let (Some(method), Some(paths)) = (function["method"].as_str(), function["paths"].as_array()) else { continue };
        let name = function["name"].as_str().unwrap_or_default();
        for path in paths.iter().filter_map(Value::as_str) {
            sent.push((method.to_string(), blank(path), name.to_string()));
        }
    }
    sent
}

#[test]
fn every_v6_operation_is_a_function_or_left_out_with_a_reason() {
    let spec = spec_operations();
    assert_eq!(spec.len(), 264, "the stored spec has 245 operations, its additions 19");
    let covered: BTreeSet<(String, String)> = functions().into_iter().map(|(m, p, _)| (m, p)).collect();
    let left_out: BTreeSet<&str> = LEFT_OUT.iter().map(|(id, _, _)| *id).collect();
    let missing: Vec<String> = spec
        .iter()
        .filter(|(method, path, id)| {
            !covered.contains(&(method.clone(), path.clone())) && !left_out.contains(id.as_str())
        })
        .map(|(method, path, id)| format!("{method} {path} ({id})"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} operations are neither functions nor left out:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn every_api_function_sends_an_operation_of_the_spec() {
    let spec: BTreeSet<(String, String)> = spec_operations().into_iter().map(|(m, p, _)| (m, p)).collect();
    let unknown: Vec<String> = functions()
        .into_iter()
        .filter(|(m, p, name)| !spec.contains(&(m.clone(), p.clone())) && !name.contains("::"))
        .map(|(m, p, name)| format!("{name}: {m} {p}"))
        .collect();
    assert!(unknown.is_empty(), "functions sending what the v6 spec lacks:\n{}", unknown.join("\n"));
}

#[test]
fn functions_json_names_the_method_and_path_of_each_api_function() {
    let sent = functions();
    let find = |name: &str| sent.iter().find(|(_, _, n)| n == name).map(|(m, p, _)| (m.as_str(), p.as_str()));
    assert_eq!(find("list_natgateways"), Some(("GET", "/datacenters/{}/natgateways")));
    assert_eq!(find("add_datacenter_label"), Some(("POST", "/datacenters/{}/labels")));
    assert_eq!(find("replace_server"), Some(("PUT", "/datacenters/{}/servers/{}")));
    assert_eq!(find("get_server_token"), Some(("GET", "/datacenters/{}/servers/{}/token")));
}

/// The product APIs: their specs (rebuilt from the official SDKs, see tools/sdk_spec.py) and
/// how many operations each has.
const PRODUCTS: &[(&str, &str, usize)] =
    &[("dns", "dns", 30), ("postgres", "postgres", 11), ("certmanager", "certmanager", 15), ("auth", "auth", 5)];

#[test]
fn every_product_operation_is_a_function_of_its_namespace_and_no_other_is() {
    let sent = functions();
    for (namespace, file, count) in PRODUCTS {
        let path = format!("{}/tests/data/products/{file}.openapi.yaml", env!("CARGO_MANIFEST_DIR"));
        let spec: Value = serde_yaml_ng::from_str(&std::fs::read_to_string(&path).expect("the spec")).expect("YAML");
        let wanted: BTreeSet<(String, String)> = operations_of(&spec).into_iter().map(|(m, p, _)| (m, p)).collect();
        assert_eq!(wanted.len(), *count, "{namespace}: operations in {file}.openapi.yaml");
        let prefix = format!("{namespace}::");
        let offered: BTreeSet<(String, String)> = sent
            .iter()
            .filter(|(_, _, name)| name.starts_with(&prefix))
            .map(|(m, p, _)| (m.clone(), p.clone()))
            .collect();
        let missing: Vec<_> = wanted.difference(&offered).collect();
        let extra: Vec<_> = offered.difference(&wanted).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{namespace}: missing {missing:?}, beyond the spec {extra:?}");
    }
}
