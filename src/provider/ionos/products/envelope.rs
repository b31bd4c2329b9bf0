//! The product APIs' object layout: the CloudAPI's `{id, type, href, metadata, properties}`,
//! except that every change (a PATCH too) carries `{properties}`, a DNS zone's name is its
//! `zoneName`, and hrefs are relative to the API's base.

use serde_json::{json, Map, Value};

use crate::catalog::{Envelope, Field, Method};
use crate::provider::ionos::CloudApiObjects;

/// Objects of the IONOS product APIs.
#[derive(Debug, Default)]
pub struct ProductObjects;

impl Envelope for ProductObjects {
    fn object(&self, properties: Map<String, Value>, nested: Vec<(&'static Field, Vec<Value>)>) -> Value {
        CloudApiObjects.object(properties, nested)
    }

    fn properties<'a>(&self, object: &'a Value) -> Option<&'a Value> {
        object.get("properties")
    }

    fn changes(&self, _: Method, properties: Map<String, Value>) -> Value {
        json!({ "properties": properties })
    }

    fn items<'a>(&self, collection: &'a Value) -> Option<&'a Vec<Value>> {
        CloudApiObjects.items(collection)
    }

    fn field<'a>(&self, object: &'a Value, name: &str) -> Option<&'a Value> {
        CloudApiObjects.field(object, name)
    }

    fn kind<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("type")?.as_str()
    }

    fn name<'a>(&self, object: &'a Value) -> Option<&'a str> {
        ["/properties/name", "/properties/zoneName", "/properties/commonName"]
            .iter()
            .find_map(|pointer| object.pointer(pointer)?.as_str())
    }

    fn columns(&self, kind: Option<&str>) -> &'static [&'static str] {
        match kind.unwrap_or_default() {
            "zone" | "secondaryzone" => &["id", "zoneName", "enabled", "state"],
            "record" => &["id", "name", "type", "content", "ttl", "fqdn", "state"],
            "reverserecord" => &["id", "name", "ip", "state"],
            "cluster" => &["id", "name", "version", "instances", "dnsName", "state"],
            "certificate" => &["id", "name", "commonName", "notAfter", "state"],
            "auto-certificate" => &["id", "name", "commonName", "provider", "state"],
            _ => &["id", "name", "state"],
        }
    }

    fn self_href<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("href")?.as_str()
    }

    fn status_of<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.pointer("/metadata/state")?.as_str()
    }

    fn failed_status(&self, status: &str) -> bool {
        status.starts_with("FAILED")
    }

    fn going_status(&self, status: &str) -> bool {
        status == "DESTROYING"
    }

    /// `metadata.message` (the Certificate Manager) or `metadata.statusMessage` (PostgreSQL).
    fn failure_of<'a>(&self, object: &'a Value) -> Option<&'a str> {
        ["/metadata/message", "/metadata/statusMessage"]
            .iter()
            .find_map(|pointer| object.pointer(pointer)?.as_str().filter(|m| !m.is_empty()))
    }

    fn is_id(&self, text: &str) -> bool {
        uuid::Uuid::parse_str(text).is_ok()
    }
}
