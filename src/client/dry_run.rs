//! Dry-run (`ionosh run --dry-run`): reads go to the target, mutations do not. Each mutation
//! is printed on stderr as `DRY-RUN METHOD /path body` (secrets masked) and answered with a
//! synthetic response, so the script carries on: the body it sent with a generated `id`,
//! `type`, `href` and `metadata.state: AVAILABLE`, and a synthetic request id whose wait ends
//! at once. Reads of an object made up this way answer with it; reads below it (its servers,
//! its LANs) answer with an empty collection.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

use serde_json::{json, Value};

use super::{Body, Response};
use crate::catalog::Method;
use crate::secrets;

/// What a dry run has made up so far.
#[derive(Debug, Default)]
pub struct DryRun {
    /// Synthetic objects by their path.
    objects: Mutex<HashMap<String, Value>>,
    /// Synthetic ids: objects' and requests'.
    ids: Mutex<HashSet<String>>,
}

impl DryRun {
    /// The answer to a call made during a dry run, or `None` when it is to be sent: a read of
    /// something real.
    pub fn intercept(&self, api_url: &str, method: Method, path: &str, body: Option<&Body>) -> Option<Response> {
        if method == Method::Get {
            return self.read(path);
        }
        let shown = match body {
            Some(Body::Json(value)) => format!(" {}", secrets::mask_json(value)),
            Some(form @ Body::Form(_)) => format!(" {}", secrets::mask_text(&form.text())),
            None => String::new(),
        };
        eprintln!("DRY-RUN {} {path}{shown}", method.as_str());
        let request_id = self.new_id();
        let body = match (method, body) {
            (Method::Delete, _) => json!({}),
            (_, Some(Body::Json(Value::Object(sent)))) => {
                let mut object = sent.clone();
                let creates = method == Method::Post && object.contains_key("properties");
                let (path, id) = if creates {
                    let id = self.new_id();
                    (format!("{}/{id}", path.trim_end_matches('/')), id)
                } else {
                    let id = sent.get("id").and_then(Value::as_str).map(str::to_string);
                    (path.to_string(), id.unwrap_or_else(|| last_segment(path).to_string()))
                };
                object.insert("id".into(), id.into());
                object.entry("type").or_insert_with(|| kind_of(&path).into());
                object.insert("href".into(), format!("{}{path}", api_url.trim_end_matches('/')).into());
                let metadata = object.entry("metadata").or_insert_with(|| json!({}));
                if let Value::Object(metadata) = metadata {
                    metadata.insert("state".into(), "AVAILABLE".into());
                }
                let object = Value::Object(object);
                if creates {
                    self.objects.lock().unwrap_or_else(PoisonError::into_inner).insert(path, object.clone());
                }
                object
            }
            _ => json!({}),
        };
        Some(Response { status: 202, body, request_id: Some(request_id), status_url: None })
    }

    /// Whether a request id was made up by this dry run (its wait ends at once).
    pub fn is_synthetic(&self, request_id: &str) -> bool {
        self.ids.lock().unwrap_or_else(PoisonError::into_inner).contains(request_id)
    }

    /// A read of a made-up object, or of something below one.
    fn read(&self, path: &str) -> Option<Response> {
        let path = path.trim_end_matches('/');
        if let Some(object) = self.objects.lock().unwrap_or_else(PoisonError::into_inner).get(path) {
            return Some(Response { status: 200, body: object.clone(), request_id: None, status_url: None });
        }
        let ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        if !path.split('/').any(|segment| ids.contains(segment)) {
            return None;
        }
        let body = json!({ "id": last_segment(path), "type": "collection", "items": [] });
        Some(Response { status: 200, body, request_id: None, status_url: None })
    }

    fn new_id(&self) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.ids.lock().unwrap_or_else(PoisonError::into_inner).insert(id.clone());
        id
    }
}

fn last_segment(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or_default()
}

/// The object type a collection path holds: `/datacenters/x/servers/y` → `server`.
fn kind_of(path: &str) -> String {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let from_end = if segments.len().is_multiple_of(2) { 2 } else { 1 };
    let collection = segments.len().checked_sub(from_end).map_or("", |i| segments[i]);
    collection.strip_suffix('s').unwrap_or(collection).to_string()
}
