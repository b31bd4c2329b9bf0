//! The CloudAPI's object layout: `{id, type, href, metadata, properties, entities}`, where a
//! create body is `{properties, entities: {<collection>: {items: [...]}}}`, a PATCH sends the
//! bare properties and a PUT `{properties}`.

use serde_json::{json, Map, Value};

use crate::catalog::{Envelope, Field, Method};

/// CloudAPI v5/v6 objects.
#[derive(Debug, Default)]
pub struct CloudApiObjects;

impl Envelope for CloudApiObjects {
    fn object(&self, properties: Map<String, Value>, nested: Vec<(&'static Field, Vec<Value>)>) -> Value {
        let mut body = json!({ "properties": properties });
        let mut entities = Map::new();
        for (field, items) in nested {
            let collection = entities.entry(field.api.to_string()).or_insert_with(|| json!({ "items": [] }));
            if let Some(list) = collection["items"].as_array_mut() {
                list.extend(items);
            }
        }
        if !entities.is_empty() {
            body["entities"] = Value::Object(entities);
        }
        body
    }

    fn properties<'a>(&self, object: &'a Value) -> Option<&'a Value> {
        object.get("properties")
    }

    fn changes(&self, method: Method, properties: Map<String, Value>) -> Value {
        match method {
            Method::Patch => Value::Object(properties),
            _ => json!({ "properties": properties }),
        }
    }

    fn items<'a>(&self, collection: &'a Value) -> Option<&'a Vec<Value>> {
        collection.get("items")?.as_array()
    }

    fn field<'a>(&self, object: &'a Value, name: &str) -> Option<&'a Value> {
        ["", "/properties", "/metadata"].iter().find_map(|scope| object.pointer(&format!("{scope}/{name}")))
    }

    fn kind<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("type")?.as_str()
    }

    fn name<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.pointer("/properties/name")?.as_str()
    }

    fn columns(&self, kind: Option<&str>) -> &'static [&'static str] {
        match kind.unwrap_or_default() {
            "server" => &["id", "name", "cores", "ram", "availabilityZone", "vmState", "state"],
            "volume" => &["id", "name", "size", "type", "licenceType", "state"],
            "nic" => &["id", "name", "lan", "ips", "mac", "dhcp", "state"],
            "lan" => &["id", "name", "public", "state"],
            "firewall-rule" => &["id", "name", "protocol", "portRangeStart", "portRangeEnd", "sourceIp", "state"],
            "loadbalancer" => &["id", "name", "ip", "dhcp", "state"],
            "ipblock" => &["id", "name", "location", "size", "ips", "state"],
            "image" => &["id", "name", "location", "imageType", "size", "licenceType"],
            "snapshot" => &["id", "name", "location", "size", "licenceType", "state"],
            "location" => &["id", "name", "cpuArchitecture"],
            "contract" => &["contractNumber", "owner", "status", "regDomain"],
            "user" => &["id", "email", "firstname", "lastname", "administrator", "state"],
            "k8s" => &["id", "name", "k8sVersion", "state"],
            "nodepool" => &["id", "name", "nodeCount", "k8sVersion", "state"],
            "backupunit" => &["id", "name", "email", "state"],
            "s3key" => &["id", "active"],
            "request" => &["id", "method", "url", "createdDate"],
            _ => &["id", "name", "location", "state"],
        }
    }

    fn self_href<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("href")?.as_str()
    }

    fn status_of<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.pointer("/metadata/state")?.as_str()
    }

    /// `FAILED` and its variants (`FAILED_UPDATING`, ...); a suspended server comes back when
    /// resumed, so waiting on it is no failure.
    fn failed_status(&self, status: &str) -> bool {
        status == "ERROR" || status.starts_with("FAILED")
    }

    /// A resource being deleted shows `DESTROYING`, then reads 404.
    fn going_status(&self, status: &str) -> bool {
        status == "DESTROYING"
    }

    /// The API's ids are UUIDs (LANs are numbered, and named by their number).
    fn is_id(&self, text: &str) -> bool {
        uuid::Uuid::parse_str(text).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_and_going_states_are_the_cloud_apis_own() {
        for failed in ["FAILED", "FAILED_UPDATING", "FAILED_DESTROYING"] {
            assert!(CloudApiObjects.failed_status(failed), "{failed}");
        }
        // A suspended server comes back when resumed: waiting on it is no failure.
        for fine in ["AVAILABLE", "BUSY", "SUSPENDED", "DESTROYING"] {
            assert!(!CloudApiObjects.failed_status(fine), "{fine}");
        }
        assert!(CloudApiObjects.going_status("DESTROYING") && !CloudApiObjects.going_status("BUSY"));
    }
}
