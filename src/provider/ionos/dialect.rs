//! The CloudAPI's conventions, for the client: its error body, its asynchronous requests
//! (a mutation's `Location` names a request whose status is polled until DONE or FAILED),
//! the objects a dry run answers with, the request log a lost write is looked up in, and who
//! the credentials are.

use futures_util::future::BoxFuture;
use serde_json::{json, Map, Value};
use time::macros::format_description;
use time::OffsetDateTime;

use super::catalog::CATALOG;
use super::durations;
use super::recover;
use super::wire::{self, ErrorBody, RequestStatus};
use crate::catalog::{segment, Effect, Operation, Typical};
use crate::client::{
    ApiMessage, Client, ClientError, Completion, ErrorBodies, Identity, Lost, Planned, Planning, Progress, Recovery,
    Response, Ticket, Tickets, Unsent,
};

/// CloudAPI v5/v6 conventions.
#[derive(Debug, Default)]
pub struct CloudApi;

/// The keys a mutation's response carries for a wait to find its request.
const REQUEST_ID: &str = "requestId";
const STATUS_URL: &str = "statusUrl";

impl ErrorBodies for CloudApi {
    fn error_messages(&self, body: &Value) -> Vec<ApiMessage> {
        serde_json::from_value::<ErrorBody>(body.clone())
            .map(|e| e.messages.into_iter().map(|m| ApiMessage { code: m.error_code, message: m.message }).collect())
            .unwrap_or_default()
    }
}

impl Tickets for CloudApi {
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
        format!("/requests/{}/status", segment(&ticket.id).unwrap_or_default())
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

    /// Creates with nested objects (a composite build) and volumes from an image are variants
    /// of their own: they take far longer than the same create alone or blank.
    fn typical(&self, op: &Operation, body: &Value) -> (Typical, Option<&'static str>) {
        durations::typical(op, body)
    }
}

impl Planning for CloudApi {
    /// The body sent with an `id`, `type`, `href` and `metadata.state: AVAILABLE`; a create
    /// makes a new object below the path it was sent to (at the path, when the path names it).
    fn unsent(&self, unsent: &Unsent<'_>) -> Planned {
        let op = unsent.op;
        let path = unsent.path.split('?').next().unwrap_or_default().trim_end_matches('/');
        // A create that names no resource of its own (a snapshot made from a volume) is planned
        // as what it is to the object it acts on: an action.
        let effect = match (op.effect(), CATALOG.resource_of(op)) {
            (Some(Effect::Create), None) => Effect::Action,
            // A detach changes what is attached (as the attach did); the object stays.
            (Some(Effect::Delete), _) if detaches(op) => Effect::Change,
            (effect, _) => effect.unwrap_or(Effect::Change),
        };
        let kind = match planned_kind(op, effect) {
            kind if effect == Effect::Change && (detaches(op) || attaches(op)) => format!("{kind} attachment"),
            kind => kind,
        };
        let linked = unsent.body.and_then(|b| b.get("id")).and_then(Value::as_str);
        let own = match (effect, linked) {
            (Effect::Create, _) if op.names_object() => path.to_string(),
            // The API numbers LANs; everything else gets a UUID.
            (Effect::Create, _) if CATALOG.resource_of(op).is_some_and(|r| std::ptr::eq(r, &super::LAN)) => {
                format!("{path}/{}", unsent.serial)
            }
            (Effect::Create, _) => format!("{path}/{}", unsent.new_id),
            // Attaching: the object attached, below the collection it joins.
            (Effect::Change, Some(id)) if op.method == crate::catalog::Method::Post => format!("{path}/{id}"),
            (Effect::Action, _) => op.object_path(path).unwrap_or_else(|| path.to_string()),
            _ => path.to_string(),
        };
        let id = own.rsplit('/').next().unwrap_or_default().to_string();
        let mut object = unsent.body.cloned().unwrap_or_default();
        object.insert("id".into(), id.into());
        object.insert("type".into(), kind.clone().into());
        object.insert("href".into(), format!("{}{own}", unsent.api_url.trim_end_matches('/')).into());
        let metadata = object.entry("metadata").or_insert_with(|| json!({}));
        if let Value::Object(metadata) = metadata {
            metadata.insert("state".into(), "AVAILABLE".into());
        }
        let creates = effect == Effect::Create;
        if creates && object.get("properties").is_none() {
            object.insert("properties".into(), json!({}));
        }
        if creates {
            if let Some(Value::Object(metadata)) = object.get_mut("metadata") {
                metadata.insert("planned".into(), true.into());
            }
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                fill_in_planned(&kind, properties, unsent.serial);
            }
        }
        let handed_out = Map::new();
        let mut nested = Vec::new();
        if creates {
            // Nested objects are numbered after everything the dry run made so far.
            let mut serial = unsent.serial * 64;
            plan_nested(object.get_mut("entities"), &mut serial, &mut nested);
        }
        Planned { object: Value::Object(object), created: creates.then_some(own), kind, effect, handed_out, nested }
    }

    fn empty_collection(&self, path: &str) -> Value {
        let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or_default();
        json!({ "id": name, "type": "collection", "items": [] })
    }
}

impl Recovery for CloudApi {
    fn recover<'a>(
        &'a self,
        client: &'a Client,
        lost: Lost<'a>,
    ) -> Option<BoxFuture<'a, Result<Option<Response>, ClientError>>> {
        Some(Box::pin(recover::find(client, lost)))
    }
}

/// Nothing to fill in: the catalog's bodies are the API's.
impl Completion for CloudApi {}

impl Identity for CloudApi {
    fn identify<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Vec<(String, String)>, ClientError>> {
        Box::pin(async move {
            let root = client.get("/", &[]).await?.body;
            let contracts = client.get("/contracts", &[]).await?.body;
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

/// The API's type of what a planned mutation of `op` concerns: the resource it carries (or its
/// collection's), for an action the object it acts on; else its collection's name in the
/// singular (an attached volume, a node).
/// What the API fills in when it makes an object that a script goes on to use, made up for a
/// planned one from documentation ranges (RFC 5737 public, RFC 1918 private): an IP block's
/// addresses (as many as its size) and a NIC's address when none was given.
fn fill_in_planned(kind: &str, properties: &mut Map<String, Value>, serial: u64) {
    let host = |n: u64| n % 250 + 2;
    match kind {
        "ipblock" if !properties.contains_key("ips") => {
            let size = properties.get("size").and_then(Value::as_u64).unwrap_or(1).min(256);
            let ips: Vec<Value> = (0..size).map(|i| format!("203.0.113.{}", host(serial * 8 + i)).into()).collect();
            properties.insert("ips".into(), Value::Array(ips));
        }
        "nic" if properties.get("ips").is_none_or(|ips| ips.as_array().is_some_and(Vec::is_empty)) => {
            properties.insert("ips".into(), json!([format!("10.7.{}.{}", serial / 250 % 250, host(serial))]));
        }
        _ => {}
    }
}

/// Whether `op` attaches an object to another (a POST of a reference to a collection).
fn attaches(op: &Operation) -> bool {
    op.method == crate::catalog::Method::Post && op.effect() == Some(Effect::Change)
}

/// Whether `op` detaches: a DELETE below a collection objects are attached to.
fn detaches(op: &Operation) -> bool {
    let collection = op.path.rsplit_once('/').map_or("", |(collection, _)| collection);
    op.method == crate::catalog::Method::Delete
        && CATALOG.operations().any(|other| attaches(other) && other.path == collection)
}

/// The types of the objects a create's `entities` hold (`volumes`, `nics`, a NIC's
/// `firewallrules`), one per object, nested ones included; what the API fills in of each is
/// made up as for the object itself (a NIC's address), numbered on from `serial`.
fn plan_nested(entities: Option<&mut Value>, serial: &mut u64, kinds: &mut Vec<String>) {
    let Some(Value::Object(collections)) = entities else { return };
    for (collection, within) in collections {
        let kind = CATALOG.resource_listed_as(collection).map_or_else(
            || collection.strip_suffix('s').unwrap_or(collection).to_string(),
            |resource| resource.api_type.to_string(),
        );
        for item in within.get_mut("items").and_then(Value::as_array_mut).into_iter().flatten() {
            kinds.push(kind.clone());
            *serial += 1;
            if let Some(Value::Object(properties)) = item.get_mut("properties") {
                fill_in_planned(&kind, properties, *serial);
            }
            plan_nested(item.get_mut("entities"), serial, kinds);
        }
    }
}

fn planned_kind(op: &Operation, effect: Effect) -> String {
    let acts = effect == Effect::Action;
    let resource = CATALOG.resource_of(op).or_else(|| acts.then(|| CATALOG.acted_on(op)).flatten());
    if let Some(resource) = resource {
        return resource.api_type.to_string();
    }
    let template = if acts { &op.path[..op.path.rfind('}').map_or(0, |i| i + 1)] } else { op.path };
    let collection = if template.ends_with('}') { template.rsplit_once('/').map_or("", |(c, _)| c) } else { template };
    let name = collection.rsplit('/').next().unwrap_or_default();
    name.strip_suffix('s').unwrap_or(name).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_plans_with_the_type_of_what_it_concerns() {
        let kind = |name: &str| {
            let op = CATALOG.operation(name).expect("an operation");
            let effect = match (op.effect(), CATALOG.resource_of(op)) {
                (Some(Effect::Create), None) => Effect::Action,
                (effect, _) => effect.unwrap_or(Effect::Change),
            };
            planned_kind(op, effect)
        };
        let seen: Vec<String> =
            ["create_server", "start_server", "detach_volume", "replace_k8s_node", "create_snapshot", "create_s3key"]
                .iter()
                .map(|name| kind(name))
                .collect();
        assert_eq!(seen, ["server", "server", "volume", "node", "volume", "s3key"]);
        for op in CATALOG.operations().filter(|op| op.effect().is_some()) {
            let planned = kind(op.name);
            assert!(!planned.is_empty() && !planned.contains(['/', '{']), "{}: {planned}", op.name);
        }
    }
}
