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

    fn self_href<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.pointer("/_links/self/href")?.as_str()
    }

    fn status_of<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("status")?.as_str()
    }

    /// ERROR, and SUSPENDED (an account's networks stopped): neither changes by itself.
    fn failed_status(&self, status: &str) -> bool {
        matches!(status, "ERROR" | "SUSPENDED")
    }

    fn going_status(&self, status: &str) -> bool {
        status == "DELETING"
    }

    /// The API's ids are UUIDs.
    fn is_id(&self, text: &str) -> bool {
        uuid::Uuid::parse_str(text).is_ok()
    }

    /// A HAL or Spring page with later pages: the same query asking for the next one.
    fn next_page(&self, answer: &Value, query: &[(String, String)]) -> Option<Vec<(String, String)>> {
        // HAL keeps the figures in `page`, a Spring page (the roles) beside `content`.
        let page = answer.get("page").or_else(|| answer.get("content").map(|_| answer))?;
        let number = page.get("number")?.as_u64()?;
        let total = page.get("totalPages")?.as_u64()?;
        (number + 1 < total).then(|| {
            let mut next: Vec<(String, String)> = query.iter().filter(|(k, _)| k != "page").cloned().collect();
            next.push(("page".into(), (number + 1).to_string()));
            next
        })
    }

    /// Lists become one array of every page's items; anything else stays as answered.
    fn join_pages(&self, pages: Vec<Value>) -> Value {
        let is_list = |page: &Value| page.is_array() || page.get("page").is_some() || page.get("content").is_some();
        if !pages.first().is_some_and(is_list) {
            return pages.into_iter().next().unwrap_or(Value::Null);
        }
        // Each page's items, as the envelope finds them (an `_embedded` list, `content`, an array).
        let items = pages.iter().flat_map(|page| self.items(page).into_iter().flatten());
        Value::Array(items.cloned().collect())
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_list_is_followed_page_by_page_to_its_last() {
        let first =
            json!({ "_embedded": { "endpointList": [{ "id": "a" }] }, "page": { "number": 0, "totalPages": 3 } });
        let asked = query(&[("networkId", "n"), ("size", "1"), ("page", "0")]);
        let next = NetFoundryObjects.next_page(&first, &asked).expect("a second page");
        assert_eq!(next, query(&[("networkId", "n"), ("size", "1"), ("page", "1")]));
        let last = json!({ "page": { "number": 2, "totalPages": 3 } });
        assert_eq!(NetFoundryObjects.next_page(&last, &next), None);
        assert_eq!(NetFoundryObjects.next_page(&json!({ "id": "x" }), &[]), None, "one object has no pages");
    }

    #[test]
    fn error_and_suspended_are_failed_and_deleting_is_going() {
        assert!(NetFoundryObjects.failed_status("ERROR") && NetFoundryObjects.failed_status("SUSPENDED"));
        assert!(!NetFoundryObjects.failed_status("PROVISIONING"));
        assert!(NetFoundryObjects.going_status("DELETING") && !NetFoundryObjects.going_status("UPDATING"));
    }

    #[test]
    fn pages_join_into_one_array_whatever_their_envelope() {
        let pages = vec![
            json!({ "_embedded": { "endpointList": [{ "id": "a" }, { "id": "b" }] }, "page": { "number": 0, "totalPages": 3 } }),
            json!({ "page": { "number": 1, "totalPages": 3 } }),
            json!({ "_embedded": { "endpointList": [{ "id": "c" }] }, "page": { "number": 2, "totalPages": 3 } }),
        ];
        let ids = |v: Value| v.as_array().map(|a| a.iter().map(|i| i["id"].clone()).collect::<Vec<_>>());
        assert_eq!(ids(NetFoundryObjects.join_pages(pages)), Some(vec![json!("a"), json!("b"), json!("c")]));
        let spring = json!({ "content": [{ "id": "r" }], "number": 0, "totalPages": 1 });
        assert_eq!(ids(NetFoundryObjects.join_pages(vec![spring])), Some(vec![json!("r")]));
        assert_eq!(ids(NetFoundryObjects.join_pages(vec![json!([{ "id": "o" }])])), Some(vec![json!("o")]));
        let empty = json!({ "page": { "number": 0, "totalPages": 0, "totalElements": 0 } });
        assert_eq!(NetFoundryObjects.join_pages(vec![empty]), json!([]));
        let object = json!({ "id": "n", "name": "net" });
        assert_eq!(NetFoundryObjects.join_pages(vec![object.clone()]), object, "an object stays as it is");
    }
}
