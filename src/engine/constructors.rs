//! Resource constructors (`Datacenter(#{...})`): check a map against the resource's
//! description before anything is sent, and turn it into the API's body shape
//! `#{ properties: #{...}, entities: #{ servers: #{ items: [...] } } }`.

use rhai::{Dynamic, Engine, EvalAltResult};
use serde_json::{json, Map, Value};

use super::{convert, errors, registration};
use crate::catalog::{Access, Catalog, FieldType, Mode, Param, Resource, Signature};

/// Resources a script can build: those some operation sends as its body.
fn buildable(catalog: &'static Catalog) -> impl Iterator<Item = &'static Resource> {
    catalog.resources.iter().copied().filter(|r| {
        catalog
            .operations
            .iter()
            .flat_map(|op| op.params)
            .any(|p| matches!(p, Param::Body { resource, .. } if std::ptr::eq(*resource, *r)))
    })
}

/// The constructors' signatures.
pub fn signatures(catalog: &'static Catalog) -> Vec<Signature> {
    buildable(catalog).map(signature).collect()
}

fn signature(resource: &Resource) -> Signature {
    let keys: Vec<&str> = resource.fields.iter().filter(|f| f.access != Access::ReadOnly).map(|f| f.rhai).collect();
    let doc = format!("Builds and checks a {} before any request is sent. {}.", resource.name, resource.doc);
    Signature::new(resource.name, &[format!("fields: #{{{}}}", keys.join(", "))], &[], &doc)
}

/// Registers one constructor per buildable resource.
pub fn register(engine: &mut Engine, catalog: &'static Catalog) {
    for resource in buildable(catalog) {
        registration(&signature(resource), 1).register_into_engine(engine, move |fields: Dynamic| {
            build(catalog, resource, &fields).and_then(|body| convert::to_dynamic(&body))
        });
    }
}

/// Builds the API body of `resource` from a script value: a map of fields in Rhai names, or
/// a body already built (a map with `properties`), which is checked again.
pub fn build(catalog: &Catalog, resource: &Resource, value: &Dynamic) -> Result<Value, Box<EvalAltResult>> {
    let Some(map) = convert::to_json_object(value)? else {
        return Err(errors::usage(resource.name, format!("expects a map of fields, got {}", convert::describe(value))));
    };
    build_json(catalog, resource, &map, resource.name)
}

/// Builds one object; `owner` names it in errors (`Server.nics[0].firewall_rules[1]`).
fn build_json(
    catalog: &Catalog,
    resource: &Resource,
    map: &Map<String, Value>,
    owner: &str,
) -> Result<Value, Box<EvalAltResult>> {
    if let Some(properties) = map.get("properties") {
        let Value::Object(properties) = properties else {
            return Err(errors::usage(resource.name, "'properties' must be a map"));
        };
        resource.normalize(properties, Mode::Create).map_err(|e| errors::validation(owner, &e))?;
        return Ok(Value::Object(map.clone()));
    }
    let normalized = resource.normalize(map, Mode::Build).map_err(|e| errors::validation(owner, &e))?;
    let mut body = json!({ "properties": normalized.properties });
    let mut entities = Map::new();
    for (field, items) in normalized.children {
        let items = match field.ty {
            FieldType::Children(kind) => items
                .iter()
                .enumerate()
                .map(|(i, item)| match (item, catalog.resource(kind)) {
                    (Value::Object(child), Some(child_resource)) => {
                        build_json(catalog, child_resource, child, &format!("{owner}.{}[{i}]", field.rhai))
                    }
                    (Value::Object(child), None) => Ok(by_convention(child)),
                    _ => Err(errors::usage(owner, format!("'{}' must hold maps", field.rhai))),
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => items,
        };
        let collection = entities.entry(field.api.to_string()).or_insert_with(|| json!({ "items": [] }));
        if let Some(list) = collection["items"].as_array_mut() {
            list.extend(items);
        }
    }
    if !entities.is_empty() {
        body["entities"] = Value::Object(entities);
    }
    Ok(body)
}

/// A nested object whose kind has no description here: already API-shaped maps pass as they
/// are; snake_case keys become camelCase properties.
fn by_convention(map: &Map<String, Value>) -> Value {
    if map.contains_key("properties") {
        return Value::Object(map.clone());
    }
    let properties: Map<String, Value> = map.iter().map(|(k, v)| (camel_case(k), v.clone())).collect();
    json!({ "properties": properties })
}

fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}
