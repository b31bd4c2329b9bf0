//! Resource constructors (`Datacenter(#{...})`): check a map against the resource's
//! description before anything is sent, and turn it into the body the provider's envelope
//! lays out (IONOS: `#{ properties: #{...}, entities: #{ servers: #{ items: [...] } } }`).

use rhai::{Dynamic, EvalAltResult, Module};
use serde_json::{Map, Value};

use super::{convert, errors, registration};
use crate::catalog::{Access, Catalog, FieldType, Method, Mode, Options, Param, Resource, Signature};
use crate::provider::Provider;

/// Resources a script can build: those some operation sends as its body, or creates from its
/// options (a NetFoundry endpoint).
fn buildable(catalog: &'static Catalog) -> impl Iterator<Item = &'static Resource> {
    catalog.resources().filter(|r| {
        catalog.operations().any(|op| {
            let created = matches!(op.options, Options::Fields(resource) if std::ptr::eq(resource, *r))
                && op.method == Method::Post;
            created
                || op.params.iter().any(|p| matches!(p, Param::Body { resource, .. } if std::ptr::eq(*resource, *r)))
        })
    })
}

/// The signatures of a provider's constructors.
pub fn signatures(provider: &Provider) -> Vec<Signature> {
    buildable(provider.catalog).map(signature).collect()
}

fn signature(resource: &Resource) -> Signature {
    let keys: Vec<&str> = resource.fields.iter().filter(|f| f.access != Access::ReadOnly).map(|f| f.rhai).collect();
    // "an Endpoint", "an IpBlock", but "a User" (its U sounds like "you").
    let article = if resource.name.starts_with(['A', 'E', 'I', 'O']) { "an" } else { "a" };
    let doc = format!("Builds and checks {article} {} before any request is sent. {}.", resource.name, resource.doc);
    Signature::new(resource.name, &[format!("fields: #{{{}}}", keys.join(", "))], &[], &doc)
}

/// Registers one constructor per buildable resource of the provider into `module`.
pub fn register(module: &mut Module, provider: &'static Provider) {
    for resource in buildable(provider.catalog) {
        registration(&signature(resource), 1).set_into_module(
            module,
            move |ctx: rhai::NativeCallContext, fields: Dynamic| {
                errors::placed(&ctx, build(provider, resource, &fields).and_then(convert::to_dynamic))
            },
        );
    }
}

/// Builds the API body of `resource` from a script value: a map of fields in Rhai names, or
/// a body already built (with the envelope's properties), which is checked again.
pub fn build(provider: &Provider, resource: &Resource, value: &Dynamic) -> Result<Value, Box<EvalAltResult>> {
    let Some(map) = convert::to_json_object(value)? else {
        return Err(errors::usage(resource.name, format!("expects a map of fields, got {}", convert::describe(value))));
    };
    build_json(provider, resource, Value::Object(map), resource.name)
}

/// Builds one object; `owner` names it in errors (`Server.nics[0].firewall_rules[1]`).
fn build_json(
    provider: &Provider,
    resource: &Resource,
    given: Value,
    owner: &str,
) -> Result<Value, Box<EvalAltResult>> {
    if let Some(properties) = provider.envelope.properties(&given) {
        // Only an envelope with a `properties` object (IONOS) finds them in a script's map.
        let Value::Object(properties) = properties else {
            return Err(errors::usage(resource.name, "'properties' must be a map"));
        };
        resource.normalize(properties, Mode::Create).map_err(|e| errors::validation(owner, &e))?;
        return Ok(given);
    }
    let map = given.as_object().cloned().unwrap_or_default();
    let normalized = resource.normalize(&map, Mode::Build).map_err(|e| errors::validation(owner, &e))?;
    let mut nested = Vec::new();
    for (field, items) in normalized.children {
        let items = match field.ty {
            FieldType::Children(kind) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| match (&item, provider.catalog.resource(kind)) {
                    (Value::Object(_), Some(child)) => {
                        build_json(provider, child, item, &format!("{owner}.{}[{i}]", field.rhai))
                    }
                    (Value::Object(child), None) => Ok(by_convention(provider, child)),
                    _ => Err(errors::usage(owner, format!("'{}' must hold maps", field.rhai))),
                })
                .collect::<Result<Vec<_>, _>>()?,
            _ => items,
        };
        nested.push((field, items));
    }
    Ok(provider.envelope.object(normalized.properties, nested))
}

/// A nested object whose kind has no description here: one already laid out passes as it
/// is; otherwise snake_case keys become camelCase properties.
fn by_convention(provider: &Provider, map: &Map<String, Value>) -> Value {
    let given = Value::Object(map.clone());
    if provider.envelope.properties(&given).is_some() {
        return given;
    }
    let properties: Map<String, Value> = map.iter().map(|(k, v)| (camel_case(k), v.clone())).collect();
    provider.envelope.object(properties, Vec::new())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructor_docs_read_naturally() {
        let docs: Vec<(String, String)> =
            signatures(&crate::provider::ionos::IONOS).into_iter().map(|s| (s.name, s.doc)).collect();
        let doc = |name: &str| docs.iter().find(|(n, _)| n == name).map(|(_, d)| d.clone()).unwrap_or_default();
        assert!(doc("User").starts_with("Builds and checks a User "), "{}", doc("User"));
        assert!(doc("IPBlock").starts_with("Builds and checks an IPBlock "), "{}", doc("IPBlock"));
    }
}
