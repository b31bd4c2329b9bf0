//! The published CloudAPI specs (OpenAPI 3, kept in `tests/data/`) as JSON Schema validators
//! for the emulator's answers: find the operation a request went to, take the schema of the
//! answer's status (or `default`), and report every way the answer departs from it.
//!
//! OpenAPI schemas become JSON Schema like this: `$ref`s point into `$defs`, `allOf` parts are
//! merged, and objects admit no property outside the spec (`additionalProperties: false`
//! unless the spec says otherwise). An answer without a body is what v5's bare `{type: object}`
//! DELETE answer stands for. The spec's `required` lists are for request bodies and are
//! not applied: a list at depth 0 answers items without `properties`. A component named `…Properties…` or `…Metadata` must
//! carry every property it defines: the API writes `null` where a value is unset, so any
//! property of such an object may be `null`, but none may be missing. Enums, types, and
//! the spec's patterns and bounds are checked as written.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{json, Map, Value};

/// One API version's spec, ready to validate answers.
pub struct Spec {
    /// `v6` or `v5`, or a product API's name (`dns`).
    pub version: &'static str,
    doc: Value,
    defs: Value,
    validators: Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>,
}

impl Spec {
    /// Loads `tests/data/cloudapi-<version>.openapi.yaml`, v6 with its additions (what the
    /// current SDKs send beyond the stored spec: their paths and schemas over the spec's).
    pub fn load(version: &'static str) -> Spec {
        let mut doc = read(&format!("cloudapi-{version}.openapi.yaml"));
        if version == "v6" {
            let additions = read("cloudapi-v6-additions.openapi.yaml");
            for (section, pointer) in [("paths", "/paths"), ("schemas", "/components/schemas")] {
                let added = additions.pointer(pointer).and_then(Value::as_object).cloned().unwrap_or_default();
                if let Some(Value::Object(into)) = doc.pointer_mut(pointer) {
                    into.extend(added);
                } else {
                    panic!("the v6 spec has no {section}");
                }
            }
        }
        Spec::of(version, doc)
    }

    /// Loads the spec of an IONOS product API, `tests/data/products/<name>.openapi.yaml`.
    pub fn product(name: &'static str) -> Spec {
        Spec::of(name, read(&format!("products/{name}.openapi.yaml")))
    }

    fn of(version: &'static str, doc: Value) -> Spec {
        let components = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
        let defs: Map<String, Value> = components
            .iter()
            .map(|(name, schema)| {
                let complete = name.contains("Properties") || name.ends_with("Metadata") || name.ends_with("MetaData");
                (name.clone(), convert(schema, &components, complete))
            })
            .collect();
        Spec { version, doc, defs: Value::Object(defs), validators: Mutex::new(HashMap::new()) }
    }

    /// The spec's path template that `path` (relative to the version's root, no query) matches
    /// for `method`, e.g. `/datacenters/{datacenterId}` for `/datacenters/ab-12`.
    pub fn template(&self, method: &str, path: &str) -> Option<String> {
        let wanted: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let paths = self.doc["paths"].as_object()?;
        let mut candidates: Vec<&String> = paths
            .iter()
            .filter(|(_, ops)| ops.get(method.to_ascii_lowercase()).is_some())
            .map(|(template, _)| template)
            .filter(|template| {
                let segments: Vec<&str> = template.trim_end_matches('/').split('/').collect();
                segments.len() == wanted.len()
                    && segments.iter().zip(&wanted).all(|(s, w)| s.starts_with('{') || s == w)
            })
            .collect();
        // The most literal template wins (`/k8s/versions` before `/k8s/{k8sClusterId}`).
        candidates.sort_by_key(|t| t.matches('{').count());
        candidates.first().map(|t| t.to_string())
    }

    /// The spec's paths, each with the methods it has.
    pub fn paths(&self) -> Vec<(String, Vec<String>)> {
        let paths = self.doc["paths"].as_object().cloned().unwrap_or_default();
        paths
            .into_iter()
            .map(|(path, ops)| (path, ops.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default()))
            .collect()
    }

    /// Every departure of an answer from the spec, one line each; empty when it conforms.
    pub fn check(&self, method: &str, path: &str, status: u16, body: &Value) -> Vec<String> {
        let Some(template) = self.template(method, path) else {
            return vec![format!("{method} {path}: no such operation in the {} spec", self.version)];
        };
        let op = &self.doc["paths"][&template][method.to_ascii_lowercase()];
        let responses = &op["responses"];
        let (code, response) = match responses.get(status.to_string()) {
            Some(response) => (status.to_string(), response),
            None if status >= 400 => ("default".to_string(), &responses["default"]),
            None => {
                let listed: Vec<&String> = responses.as_object().map(|r| r.keys().collect()).unwrap_or_default();
                return vec![format!("{method} {template}: status {status} is not one the spec lists ({listed:?})")];
            }
        };
        // A text answer (a DNS zone file) is text.
        if response["content"].get("text/plain").is_some() && response["content"].get("application/json").is_none() {
            return match body {
                Value::String(_) => vec![],
                other => vec![format!("{method} {template} {code}: the spec answers text, got {other}")],
            };
        }
        let schema = &response["content"]["application/json"]["schema"];
        // v5 describes DELETE's answer as a bare `{type: object}`; the API sends no body.
        let bare_object = schema.as_object().is_some_and(|s| s.len() == 1 && s.get("type") == Some(&json!("object")));
        if schema.is_null() || (bare_object && body.is_null()) {
            return match body {
                Value::Null => vec![],
                _ => vec![format!("{method} {template} {code}: the spec answers no body, got {body}")],
            };
        }
        let validator = self.validator(schema);
        validator
            .iter_errors(body)
            .map(|e| format!("{method} {template} {code}: at '{}': {e}", e.instance_path()))
            .collect()
    }

    /// The validator of a response schema, built once per schema (with the spec's components
    /// as `$defs`) and cached.
    fn validator(&self, schema: &Value) -> std::sync::Arc<jsonschema::Validator> {
        let key = schema.to_string();
        let mut cache = self.validators.lock().expect("validator cache");
        if let Some(validator) = cache.get(&key) {
            return validator.clone();
        }
        let components = self.doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
        let mut root = convert(schema, &components, false);
        if let Value::Object(map) = &mut root {
            map.insert("$defs".into(), self.defs.clone());
        }
        let validator = std::sync::Arc::new(
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .build(&root)
                .unwrap_or_else(|e| panic!("schema {key}: {e}")),
        );
        cache.insert(key, validator.clone());
        validator
    }
}

/// A spec of `tests/data/`, as JSON.
fn read(name: &str) -> Value {
    let path = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_yaml_ng::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An OpenAPI schema as JSON Schema (see the module's doc). `complete` objects require every
/// property they define.
fn convert(schema: &Value, components: &Map<String, Value>, complete: bool) -> Value {
    let Some(object) = schema.as_object() else { return schema.clone() };
    if let Some(Value::String(reference)) = object.get("$ref") {
        let name = reference.trim_start_matches("#/components/schemas/");
        let target = json!({ "$ref": format!("#/$defs/{name}") });
        return nullable(target, object);
    }
    let merged = merge_all_of(object, components);
    let mut out = Map::new();
    for (key, value) in &merged {
        match key.as_str() {
            "type" | "enum" | "pattern" | "minimum" | "maximum" | "minLength" | "maxLength" | "minItems"
            | "maxItems" => {
                out.insert(key.clone(), value.clone());
            }
            "items" => {
                out.insert(key.clone(), convert(value, components, false));
            }
            "additionalProperties" => {
                let converted = match value {
                    Value::Bool(_) => value.clone(),
                    other => convert(other, components, false),
                };
                out.insert(key.clone(), converted);
            }
            "properties" => {
                let properties: Map<String, Value> = value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, schema)| {
                        let converted = convert(schema, components, false);
                        let converted = if complete { or_null(converted) } else { converted };
                        (name.clone(), converted)
                    })
                    .collect();
                if complete {
                    out.insert(
                        "required".into(),
                        Value::Array(properties.keys().cloned().map(Value::String).collect()),
                    );
                }
                out.insert("properties".into(), Value::Object(properties));
            }
            _ => {}
        }
    }
    if out.contains_key("properties") && !out.contains_key("additionalProperties") {
        out.insert("additionalProperties".into(), Value::Bool(false));
    }
    nullable(Value::Object(out), &merged)
}

/// `schema` or `null`, when the OpenAPI object says `nullable: true`.
fn nullable(schema: Value, object: &Map<String, Value>) -> Value {
    if object.get("nullable") == Some(&Value::Bool(true)) {
        or_null(schema)
    } else {
        schema
    }
}

/// `schema` or `null`.
fn or_null(schema: Value) -> Value {
    json!({ "anyOf": [schema, { "type": "null" }] })
}

/// An object schema with its `allOf` parts (references followed) merged into it.
fn merge_all_of(object: &Map<String, Value>, components: &Map<String, Value>) -> Map<String, Value> {
    let Some(Value::Array(parts)) = object.get("allOf") else { return object.clone() };
    let mut merged: Map<String, Value> =
        object.iter().filter(|(k, _)| *k != "allOf").map(|(k, v)| (k.clone(), v.clone())).collect();
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                components.get(reference.trim_start_matches("#/components/schemas/")).cloned().unwrap_or(Value::Null)
            }
            None => part.clone(),
        };
        let Some(part) = part.as_object() else { continue };
        let part = merge_all_of(part, components);
        for (key, value) in part {
            match (key.as_str(), merged.get_mut(&key)) {
                ("properties", Some(Value::Object(existing))) => {
                    existing.extend(value.as_object().cloned().unwrap_or_default());
                }
                ("required", Some(Value::Array(existing))) => {
                    existing.extend(value.as_array().cloned().unwrap_or_default());
                }
                _ => {
                    merged.insert(key, value);
                }
            }
        }
    }
    merged
}
