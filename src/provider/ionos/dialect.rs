//! The CloudAPI's conventions, for the client: its error body, its asynchronous requests
//! (a mutation's `Location` names a request whose status is polled until DONE or FAILED),
//! the objects a dry run answers with, and the request log a lost write is looked up in.

use futures_util::future::BoxFuture;
use serde_json::{json, Value};

use super::recover;
use super::wire::{self, ErrorBody, RequestStatus};
use crate::client::{ApiMessage, Client, ClientError, Dialect, Lost, Method, Progress, Response, Ticket, Unsent};

/// CloudAPI v5/v6 conventions.
#[derive(Debug, Default)]
pub struct CloudApi;

/// The keys a mutation's response carries for a wait to find its request.
const REQUEST_ID: &str = "requestId";
const STATUS_URL: &str = "statusUrl";

impl Dialect for CloudApi {
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
        format!("/requests/{}/status", ticket.id)
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

    /// The body sent with an `id`, `type`, `href` and `metadata.state: AVAILABLE`; a POST
    /// with `properties` creates a new object under the path it was sent to.
    fn unsent(&self, unsent: &Unsent<'_>) -> (Value, Option<String>) {
        let mut object = unsent.body.clone();
        let creates = unsent.method == Method::Post && object.contains_key("properties");
        let (path, id) = if creates {
            (format!("{}/{}", unsent.path.trim_end_matches('/'), unsent.new_id), unsent.new_id.to_string())
        } else {
            let id = unsent.body.get("id").and_then(Value::as_str).map(str::to_string);
            (unsent.path.to_string(), id.unwrap_or_else(|| last_segment(unsent.path).to_string()))
        };
        object.insert("id".into(), id.into());
        object.entry("type").or_insert_with(|| kind_of(&path).into());
        object.insert("href".into(), format!("{}{path}", unsent.api_url.trim_end_matches('/')).into());
        let metadata = object.entry("metadata").or_insert_with(|| json!({}));
        if let Value::Object(metadata) = metadata {
            metadata.insert("state".into(), "AVAILABLE".into());
        }
        (Value::Object(object), creates.then_some(path))
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
fn kind_of(path: &str) -> String {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let from_end = if segments.len().is_multiple_of(2) { 2 } else { 1 };
    let collection = segments.len().checked_sub(from_end).map_or("", |i| segments[i]);
    collection.strip_suffix('s').unwrap_or(collection).to_string()
}
