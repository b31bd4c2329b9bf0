//! The CloudAPI's conventions, for the client: its error body, its asynchronous requests
//! (a mutation's `Location` names a request whose status is polled until DONE or FAILED),
//! the objects a dry run answers with, and the request log a lost write is looked up in.

use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::{json, Value};
use time::macros::format_description;
use time::OffsetDateTime;

use super::catalog::CATALOG;
use super::durations;
use super::recover;
use super::wire::{self, ErrorBody, RequestStatus};
use crate::catalog::{Effect, Param, Typical};
use crate::client::{
    operation_kind, ApiMessage, Body, Client, ClientError, Dialect, Lost, Method, Planned, Progress, Response, Ticket,
    Unsent,
};

/// CloudAPI v5/v6 conventions.
#[derive(Debug, Default)]
pub struct CloudApi;

/// The keys a mutation's response carries for a wait to find its request.
const REQUEST_ID: &str = "requestId";
const STATUS_URL: &str = "statusUrl";

impl Dialect for CloudApi {
    /// A resource being deleted shows `DESTROYING` (`metadata.state`), then reads 404.
    fn going_status(&self, status: &str) -> bool {
        status == "DESTROYING"
    }

    fn error_messages(&self, body: &Value) -> Vec<ApiMessage> {
        serde_json::from_value::<ErrorBody>(body.clone())
            .map(|e| e.messages.into_iter().map(|m| ApiMessage { code: m.error_code, message: m.message }).collect())
            .unwrap_or_default()
    }

    fn ticket(&self, location: Option<&str>, _: &Value) -> Option<Ticket> {
        let location = location?;
        let id = wire::request_id_from_location(location)?;
        Some(Ticket { id, url: Some(location.to_string()) })
    }

    fn stamp(&self, value: &mut Value, ticket: &Ticket) {
        if let Value::Object(map) = value {
            map.insert(REQUEST_ID.into(), ticket.id.clone().into());
            if let Some(url) = &ticket.url {
                map.insert(STATUS_URL.into(), url.clone().into());
            }
        }
    }

    fn ticket_in(&self, value: &Value) -> Option<Ticket> {
        let id = value.get(REQUEST_ID)?.as_str()?.to_string();
        let url = value.get(STATUS_URL).and_then(Value::as_str).map(str::to_string);
        Some(Ticket { id, url })
    }

    fn ticket_hint(&self) -> &'static str {
        REQUEST_ID
    }

    fn label(&self, ticket: &Ticket) -> String {
        format!("request {}", ticket.id)
    }

    fn first_state(&self) -> &'static str {
        RequestStatus::Queued.as_str()
    }

    fn progress_path(&self, ticket: &Ticket) -> String {
        format!("/requests/{}/status", crate::catalog::segment(&ticket.id).unwrap_or_default())
    }

    fn progress(&self, body: &Value) -> Option<Progress> {
        let (status, message) = wire::parse_request_status(body)?;
        Some(match status {
            RequestStatus::Done => Progress::Done,
            RequestStatus::Failed => {
                Progress::Failed(if message.is_empty() { "no reason given".into() } else { message })
            }
            pending => Progress::Pending(pending.as_str().to_string()),
        })
    }

    /// Creates with nested objects (a composite build) and volumes from an image are kinds
    /// of their own: they take far longer than the same create alone or blank.
    fn operation(&self, method: Method, path: &str, body: Option<&Body>) -> (String, Duration) {
        let json = match body {
            Some(Body::Json(value)) => value.clone(),
            _ => Value::Null,
        };
        let mut kind = operation_kind(method, path);
        let op = CATALOG.operations().find(|op| op.method == method && template_matches(op.path, path));
        let (typical, variant) = op.map_or((Typical::secs(5), None), |op| durations::typical(op, &json));
        if let Some(variant) = variant {
            kind.push_str(&format!(" ({variant})"));
        }
        (kind, typical.median)
    }

    /// `GET /requests?depth=2&filter.createdAfter=…`: every request since then with its
    /// status, newest first.
    fn batch_progress(&self, since: OffsetDateTime) -> Option<(String, Vec<(String, String)>)> {
        let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
        let since = since.to_offset(time::UtcOffset::UTC) - time::Duration::seconds(2);
        let query = vec![
            ("depth".to_string(), "2".to_string()),
            ("filter.createdAfter".to_string(), since.format(&format).unwrap_or_default()),
            ("limit".to_string(), "10000".to_string()),
        ];
        Some(("/requests".to_string(), query))
    }

    fn batch_progress_of(&self, body: &Value) -> Vec<(String, Progress)> {
        let items = body.get("items").and_then(Value::as_array).into_iter().flatten();
        items
            .filter_map(|item| {
                let id = item.get("id")?.as_str()?.to_string();
                let progress = self.progress(item.pointer("/metadata/requestStatus")?)?;
                Some((id, progress))
            })
            .collect()
    }

    /// The body sent with an `id`, `type`, `href` and `metadata.state: AVAILABLE`; a POST
    /// with `properties` creates a new object under the path it was sent to.
    fn unsent(&self, unsent: &Unsent<'_>) -> Planned {
        let mut object = unsent.body.cloned().unwrap_or_default();
        let creates = unsent.method == Method::Post
            && (object.contains_key("properties") || BODILESS_CREATES.contains(&last_segment(unsent.path)));
        let (path, id, effect) = if creates {
            // The API numbers LANs; everything else gets a UUID.
            let id = if last_segment(unsent.path) == "lans" { unsent.serial.to_string() } else { unsent.new_id.into() };
            (format!("{}/{id}", unsent.path.trim_end_matches('/')), id, Effect::Create)
        } else {
            let linked = unsent.body.and_then(|b| b.get("id")).and_then(Value::as_str).map(str::to_string);
            let effect = match (unsent.method, &linked) {
                (Method::Delete, _) => Effect::Delete,
                (Method::Post, Some(_)) | (Method::Put | Method::Patch, _) => Effect::Change,
                (Method::Post, None) => Effect::Action,
                (Method::Get, _) => Effect::Change,
            };
            let path = match (effect, &linked) {
                // Attaching: the object attached, below the collection it joins.
                (_, Some(id)) if unsent.method == Method::Post => format!("{}/{id}", unsent.path.trim_end_matches('/')),
                (Effect::Action, _) => parent(unsent.path),
                _ => unsent.path.trim_end_matches('/').to_string(),
            };
            let id = linked.unwrap_or_else(|| last_segment(&path).to_string());
            (path, id, effect)
        };
        let kind = kind_of(&path);
        object.insert("id".into(), id.into());
        object.insert("type".into(), kind.clone().into());
        object.insert("href".into(), format!("{}{path}", unsent.api_url.trim_end_matches('/')).into());
        let metadata = object.entry("metadata").or_insert_with(|| json!({}));
        if let Value::Object(metadata) = metadata {
            metadata.insert("state".into(), "AVAILABLE".into());
        }
        if creates && object.get("properties").is_none() {
            object.insert("properties".into(), json!({}));
        }
        Planned { object: Value::Object(object), created: creates.then_some(path), kind, effect }
    }

    fn must_exist(&self, method: Method, path: &str) -> Option<String> {
        let target = if method == Method::Post { parent(path) } else { path.trim_end_matches('/').to_string() };
        is_object_path(&target).then_some(target)
    }

    fn empty_collection(&self, path: &str) -> Value {
        json!({ "id": last_segment(path), "type": "collection", "items": [] })
    }

    fn recover<'a>(
        &'a self,
        client: &'a Client,
        lost: Lost<'a>,
    ) -> Option<BoxFuture<'a, Result<Option<Response>, ClientError>>> {
        Some(Box::pin(recover::find(client, lost)))
    }

    fn identify<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Vec<(String, String)>, ClientError>> {
        Box::pin(async move {
            let root = client.call(Method::Get, "/", &[], None).await?.body;
            let contracts = client.call(Method::Get, "/contracts", &[], None).await?.body;
            // v6 answers a collection of contracts, v5 one contract.
            let contract = contracts.pointer("/items/0").unwrap_or(&contracts);
            let text = |value: &Value, pointer: &str| match value.pointer(pointer) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => "?".to_string(),
                Some(other) => other.to_string(),
            };
            Ok(vec![
                ("API".to_string(), format!("{} {}", text(&root, "/name"), text(&root, "/version"))),
                (
                    "contract".to_string(),
                    format!(
                        "{} (owner {}, {})",
                        text(contract, "/properties/contractNumber"),
                        text(contract, "/properties/owner"),
                        text(contract, "/properties/status")
                    ),
                ),
            ])
        })
    }
}

fn last_segment(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or_default()
}

/// The object type a collection path holds: `/datacenters/x/servers/y` → `server`.
/// Creates the API answers that carry no body: an S3 key is made from nothing.
const BODILESS_CREATES: &[&str] = &["s3keys"];

/// The path without its last segment.
fn parent(path: &str) -> String {
    let path = path.trim_end_matches('/');
    path.rsplit_once('/').map_or(String::new(), |(parent, _)| parent.to_string())
}

/// Whether a path names one object (`/datacenters/x`, `/um/users/x`), not a collection or
/// an action: an even number of segments, the `/um` prefix aside.
fn is_object_path(path: &str) -> bool {
    let segments: Vec<&str> = path.trim_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    let counted = match segments.first() {
        Some(&"um") => segments.len() - 1,
        _ => segments.len(),
    };
    counted >= 2 && counted.is_multiple_of(2)
}

/// The API's type of the object at `path`: the type of the resource created by posting to its
/// collection, as the catalog describes it (`firewall-rule`, `k8s`), else the collection's
/// name in the singular.
fn kind_of(path: &str) -> String {
    let collection = parent(path);
    let posted = CATALOG.operations().filter(|op| op.method == Method::Post).find_map(|op| {
        let resource = op.params.iter().find_map(|p| match p {
            Param::Body { resource, .. } => Some(resource),
            _ => None,
        })?;
        op.templates().iter().any(|t| template_matches(t, &collection)).then_some(resource.api_type)
    });
    match posted {
        Some(kind) => kind.to_string(),
        None => {
            let name = last_segment(&collection);
            name.strip_suffix('s').unwrap_or(name).to_string()
        }
    }
}

/// Whether a concrete path fits a path template (`/datacenters/{datacenter_id}/servers`).
fn template_matches(template: &str, path: &str) -> bool {
    let wanted: Vec<&str> = template.trim_matches('/').split('/').collect();
    let given: Vec<&str> = path.trim_matches('/').split('/').collect();
    wanted.len() == given.len() && wanted.iter().zip(&given).all(|(w, g)| w.starts_with('{') || w == g)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_and_going_states_are_the_cloud_apis_own() {
        for failed in ["FAILED", "FAILED_UPDATING", "FAILED_DESTROYING"] {
            assert!(CloudApi.failed_status(failed), "{failed}");
        }
        // A suspended server comes back when resumed: waiting on it is no failure.
        for fine in ["AVAILABLE", "BUSY", "SUSPENDED", "DESTROYING"] {
            assert!(!CloudApi.failed_status(fine), "{fine}");
        }
        assert!(CloudApi.going_status("DESTROYING") && !CloudApi.going_status("BUSY"));
    }
}
