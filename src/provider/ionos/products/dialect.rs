//! The product APIs' conventions, for the client: error bodies as the CloudAPI's, and no
//! request log: an accepted change is followed on the object it made or changed, whose
//! `metadata.state` goes from PROVISIONING (or UPDATING, DESTROYING) to AVAILABLE or FAILED.
//! The object's `href` (relative to the API's base) is where its progress is read.

use futures_util::future::BoxFuture;
use serde_json::{json, Value};

use crate::catalog::{Catalog, Effect, Method, Operation, Typical};
use crate::client::{
    ApiMessage, Client, ClientError, Completion, ErrorBodies, Identity, Lost, Planned, Planning, Progress, Recovery,
    Response, Ticket, Tickets, Unsent,
};
use crate::provider::ionos::CloudApi;

/// One product API's conventions.
#[derive(Debug)]
pub struct ProductApi {
    /// Its namespace, written into the answers of changes it made at once, so a wait finds
    /// them its own.
    pub name: &'static str,
    /// What it is called, for `whoami`.
    pub title: &'static str,
    /// Its operations.
    pub catalog: &'static Catalog,
    /// A list the credentials are checked with (one item asked for).
    pub probe: &'static str,
    /// What a change of an operation typically takes on the real API.
    pub typical: fn(&Operation) -> Typical,
}

/// The keys a change's answer gets its ticket in, when the answer is no object in a state.
const TICKET_OF: &str = "ticketOf";
const TICKET_ID: &str = "ticketId";
const TICKET_HREF: &str = "ticketHref";

/// The states an object of a product API is done in.
const DONE: &[&str] = &["AVAILABLE", "ACTIVE", "READY", "DEPLOYED"];

impl ErrorBodies for ProductApi {
    fn error_messages(&self, body: &Value) -> Vec<ApiMessage> {
        CloudApi.error_messages(body)
    }
}

impl Tickets for ProductApi {
    /// An answer carrying an object of this API in a state is followed on that object; its
    /// href's first segment (`zones`) says which API it is of.
    fn ticket(&self, _: Option<&str>, body: &Value) -> Option<Ticket> {
        body.pointer("/metadata/state")?.as_str()?;
        let id = body.get("id")?.as_str()?.to_string();
        let href = body.get("href")?.as_str()?;
        let collection = href.trim_start_matches('/').split('/').next()?;
        let ours =
            self.catalog.operations().any(|op| op.path.trim_start_matches('/').split('/').next() == Some(collection));
        ours.then(|| Ticket { id, url: Some(href.to_string()) })
    }

    /// An object in a state carries what a wait needs; any other answer (a delete's, a
    /// change made at once) gets the ticket written in, with this API's name.
    fn stamp(&self, value: &mut Value, ticket: &Ticket) {
        if self.ticket(None, value).is_some() {
            return;
        }
        if let Value::Object(map) = value {
            map.insert(TICKET_OF.into(), self.name.into());
            map.insert(TICKET_ID.into(), ticket.id.clone().into());
            if let Some(url) = &ticket.url {
                map.insert(TICKET_HREF.into(), url.clone().into());
            }
        }
    }

    fn ticket_in(&self, value: &Value) -> Option<Ticket> {
        if value.get(TICKET_OF).and_then(Value::as_str) == Some(self.name) {
            let id = value.get(TICKET_ID)?.as_str()?.to_string();
            let url = value.get(TICKET_HREF).and_then(Value::as_str).map(str::to_string);
            return Some(Ticket { id, url });
        }
        self.ticket(None, value)
    }

    /// The delete of an object is followed on the object until it reads 404.
    fn ticket_at(&self, op: &Operation, path: &str) -> Option<Ticket> {
        if op.method != Method::Delete || !op.names_object() {
            return None;
        }
        let path = path.split('?').next().unwrap_or_default();
        let id = path.rsplit('/').next().filter(|id| !id.is_empty())?;
        Some(Ticket { id: id.to_string(), url: Some(path.to_string()) })
    }

    /// The followed object gone: its delete is done.
    fn gone(&self, _: &Ticket) -> Option<Progress> {
        Some(Progress::Done)
    }

    fn ticket_hint(&self) -> &'static str {
        "an object with its id, href and metadata.state (or a ticketId)"
    }

    fn label(&self, ticket: &Ticket) -> String {
        let kind = ticket.url.as_deref().and_then(|href| href.trim_matches('/').rsplit('/').nth(1)).unwrap_or("object");
        format!("{} {}", kind.trim_end_matches('s'), ticket.id)
    }

    fn first_state(&self) -> &'static str {
        "PROVISIONING"
    }

    /// The object's href, relative to the API's base (never another origin).
    fn progress_path(&self, ticket: &Ticket) -> String {
        match ticket.url.as_deref() {
            Some(href) if href.starts_with('/') && !href.starts_with("//") && !href.contains("/../") => {
                href.to_string()
            }
            _ => format!("/{}", crate::catalog::segment(&ticket.id).unwrap_or_default()),
        }
    }

    fn progress(&self, body: &Value) -> Option<Progress> {
        let state = body.pointer("/metadata/state")?.as_str()?;
        Some(if DONE.contains(&state) {
            Progress::Done
        } else if state.starts_with("FAILED") {
            let message = ["/metadata/statusMessage", "/metadata/message"]
                .iter()
                .find_map(|p| body.pointer(p).and_then(Value::as_str).filter(|m| !m.is_empty()));
            Progress::Failed(message.unwrap_or("no reason given").to_string())
        } else {
            Progress::Pending(state.to_string())
        })
    }

    fn typical(&self, op: &Operation, _: &Value) -> (Typical, Option<&'static str>) {
        ((self.typical)(op), None)
    }
}

impl Planning for ProductApi {
    /// The body sent, as the object it would make or change: an id, its type, and
    /// `metadata.state: AVAILABLE`.
    fn unsent(&self, unsent: &Unsent<'_>) -> Planned {
        let op = unsent.op;
        let path = unsent.path.split('?').next().unwrap_or_default().trim_end_matches('/');
        let effect = op.effect().unwrap_or(Effect::Change);
        let kind = self.catalog.resource_of(op).map_or("object", |r| r.api_type).to_string();
        let own = match effect {
            Effect::Create => format!("{path}/{}", unsent.new_id),
            _ => path.to_string(),
        };
        let id = own.rsplit('/').next().unwrap_or_default().to_string();
        let properties = unsent.body.and_then(|b| b.get("properties")).cloned().unwrap_or_else(|| json!({}));
        let object = json!({
            "id": id, "type": kind, "href": own,
            "metadata": { "state": "AVAILABLE" }, "properties": properties,
        });
        Planned {
            object,
            created: (effect == Effect::Create).then(|| own.clone()),
            kind,
            effect,
            handed_out: serde_json::Map::new(),
            nested: Vec::new(),
        }
    }

    fn empty_collection(&self, path: &str) -> Value {
        CloudApi.empty_collection(path)
    }
}

impl Recovery for ProductApi {
    /// The product APIs keep no request log to look a lost create up in: it is never sent
    /// again.
    fn recover<'a>(
        &'a self,
        _: &'a Client,
        _: Lost<'a>,
    ) -> Option<BoxFuture<'a, Result<Option<Response>, ClientError>>> {
        None
    }
}

impl Completion for ProductApi {}

impl Identity for ProductApi {
    fn identify<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Vec<(String, String)>, ClientError>> {
        Box::pin(async move {
            client.get(self.probe, &[("limit".to_string(), "1".to_string())]).await?;
            Ok(vec![("API".to_string(), self.title.to_string())])
        })
    }
}
