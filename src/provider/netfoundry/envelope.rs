//! The NetFoundry API's object layout: flat objects carrying their fields at the top level
//! with `_links` beside them, and lists as HAL pages (`_embedded.<type>List`), Spring pages
//! (`content`, the roles) or plain arrays (the identity API).

use serde_json::{Map, Value};

use crate::catalog::{Envelope, Field, Method};

/// NetFoundry objects.
#[derive(Debug, Default)]
pub struct NetFoundryObjects;

impl Envelope for NetFoundryObjects {
    fn object(&self, properties: Map<String, Value>, _nested: Vec<(&'static Field, Vec<Value>)>) -> Value {
        Value::Object(properties)
    }

    fn properties<'a>(&self, object: &'a Value) -> Option<&'a Value> {
        object.is_object().then_some(object)
    }

    fn changes(&self, _method: Method, properties: Map<String, Value>) -> Value {
        Value::Object(properties)
    }

    fn items<'a>(&self, collection: &'a Value) -> Option<&'a Vec<Value>> {
        match collection {
            Value::Array(items) => Some(items),
            Value::Object(map) => match map.get("_embedded") {
                Some(Value::Object(embedded)) => embedded.values().find_map(Value::as_array),
                _ => map.get("content").and_then(Value::as_array),
            },
            _ => None,
        }
    }

    fn field<'a>(&self, object: &'a Value, name: &str) -> Option<&'a Value> {
        object.get(name)
    }

    /// The type its self link names: `…/core/v2/edge-routers/<id>` → `edge-routers`.
    fn kind<'a>(&self, object: &'a Value) -> Option<&'a str> {
        collection_in(object.pointer("/_links/self/href")?.as_str()?)
    }

    fn name<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("name")?.as_str()
    }

    fn columns(&self, kind: Option<&str>) -> &'static [&'static str] {
        match kind.unwrap_or_default() {
            "networks" => &["id", "name", "status", "provider", "region", "size", "productVersion"],
            "endpoints" => &["id", "name", "status", "typeId", "attributes", "hasEdgeRouterConnection"],
            "edge-routers" => &["id", "name", "status", "provider", "locationCode", "online", "attributes"],
            "services" => &["id", "name", "status", "modelType", "attributes"],
            "service-policies" => &["id", "name", "status", "type", "serviceAttributes", "endpointAttributes"],
            "app-wans" => &["id", "name", "status", "endpointAttributes", "serviceAttributes"],
            "regions" => &["locationCode", "provider", "name"],
            "network-versions" => &["networkVersion", "active", "default"],
            _ => &["id", "name", "status", "shortName", "type", "email"],
        }
    }
}

/// The collection segment of a core API href or path: `https://host/core/v2/endpoints/<id>`
/// or `/core/v2/endpoints?name=x` → `endpoints`.
pub fn collection_in(href: &str) -> Option<&str> {
    let path = href.split_once("://").map_or(href, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    let (_api, _version) = (segments.next()?, segments.next()?);
    segments.next().and_then(|s| s.split('?').next())
}
