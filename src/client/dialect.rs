//! What the client needs to know about a provider's wire format, and nothing more: how its
//! errors read, how an accepted mutation is followed to its end, what a dry run answers in
//! its place, and how a write whose answer was lost is found again.

use futures_util::future::BoxFuture;
use serde_json::Value;
use time::OffsetDateTime;

use super::{ApiMessage, Body, Client, ClientError, Method, Response};
use crate::catalog::Effect;

/// Where an asynchronous change stands, in provider-neutral terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Still going; the provider's name for its state.
    Pending(String),
    /// Finished successfully.
    Done,
    /// Finished with this error message.
    Failed(String),
}

/// An accepted mutation, as a wait follows it: the id the API gave it and, when the API said
/// so, the absolute URL that reports its progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    /// The id the API gave it (IONOS: the request id).
    pub id: String,
    /// The URL reporting its progress, as the API gave it.
    pub url: Option<String>,
}

/// A POST whose answer was lost, as the client sent it.
#[derive(Debug)]
pub struct Lost<'a> {
    /// The path it went to, relative to the API base.
    pub path: &'a str,
    /// Its body.
    pub body: Option<&'a Body>,
    /// The marker it carried on every attempt (the [`CALL_HEADER`](crate::protocol::CALL_HEADER)).
    pub marker: &'a str,
    /// When it was first sent, by the server's clock as far as the client knows it.
    pub first_sent: OffsetDateTime,
    /// The user the client authenticates as, when its credentials name one.
    pub user: Option<&'a str>,
}

/// A mutation that a dry run answers itself instead of sending.
#[derive(Debug)]
pub struct Unsent<'a> {
    /// Its method.
    pub method: Method,
    /// The path it would go to, relative to the API base.
    pub path: &'a str,
    /// The JSON object it would carry, if any.
    pub body: Option<&'a serde_json::Map<String, Value>>,
    /// An id made up for an object it would create.
    pub new_id: &'a str,
    /// A number unique in this dry run, for objects the API numbers (IONOS LANs).
    pub serial: u64,
    /// The API base URL, for hrefs.
    pub api_url: &'a str,
}

/// How a dialect answers an unsent mutation.
#[derive(Debug)]
pub struct Planned {
    /// The object the API would answer with.
    pub object: Value,
    /// The path of the object it creates, so later reads find it.
    pub created: Option<String>,
    /// The API's type of the object it concerns (`datacenter`).
    pub kind: String,
    /// What it does.
    pub effect: Effect,
}

/// A provider's conventions, as far as the client is concerned.
pub trait Dialect: Send + Sync + std::fmt::Debug {
    /// The messages of an error answer's body.
    fn error_messages(&self, body: &Value) -> Vec<ApiMessage>;

    /// The ticket of an accepted mutation, from its answer's `Location` header and body.
    fn ticket(&self, location: Option<&str>, body: &Value) -> Option<Ticket>;

    /// Writes a ticket into the value a script gets back, so a wait can find it there.
    fn stamp(&self, value: &mut Value, ticket: &Ticket);

    /// The ticket stamped into a value a script hands back to a wait.
    fn ticket_in(&self, value: &Value) -> Option<Ticket>;

    /// What a value must hold to be waited for, as error messages name it (`requestId`).
    fn ticket_hint(&self) -> &'static str;

    /// What a wait's progress line calls a ticket (`request 3fa2…`).
    fn label(&self, ticket: &Ticket) -> String;

    /// The state a ticket is shown in before its first poll (IONOS: QUEUED).
    fn first_state(&self) -> &'static str;

    /// The path reporting a ticket's progress, relative to the API base, for when its URL is
    /// missing or points elsewhere.
    fn progress_path(&self, ticket: &Ticket) -> String;

    /// Reads a progress answer.
    fn progress(&self, body: &Value) -> Option<Progress>;

    /// What kind of operation a mutation is, as the waits' history files it (the method and
    /// the path with its ids left out, by default), and what that kind typically takes.
    fn operation(&self, method: Method, path: &str, _body: Option<&Body>) -> (String, std::time::Duration) {
        (operation_kind(method, path), std::time::Duration::from_secs(10))
    }

    /// One request that reports the progress of every ticket accepted since `since` (by the
    /// server's clock) at once, as a path and query, when the API has one: waits for many
    /// tickets then poll once for all.
    fn batch_progress(&self, _since: OffsetDateTime) -> Option<(String, Vec<(String, String)>)> {
        None
    }

    /// The progress of each ticket a [`batch_progress`](Dialect::batch_progress) answer
    /// reports, by ticket id.
    fn batch_progress_of(&self, _body: &Value) -> Vec<(String, Progress)> {
        Vec::new()
    }

    /// The query asking for the page after `answer`, when `answer` (fetched with `query`) is
    /// one page of a longer list: reads follow lists to their end.
    fn next_page(&self, _answer: &Value, _query: &[(String, String)]) -> Option<Vec<(String, String)>> {
        None
    }

    /// What a script gets for a read answered in `pages` (one or more): the answer itself,
    /// unless the API pages its lists.
    fn join_pages(&self, pages: Vec<Value>) -> Value {
        pages.into_iter().next().unwrap_or(Value::Null)
    }

    /// The absolute URL an object reads itself at: its `href`, or its HAL self link.
    fn self_href<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("href").or_else(|| object.pointer("/_links/self/href"))?.as_str()
    }

    /// The lifecycle status an object shows (`PROVISIONED`; IONOS: `metadata.state`).
    fn status_of<'a>(&self, object: &'a Value) -> Option<&'a str> {
        object.get("status").or_else(|| object.pointer("/metadata/state"))?.as_str()
    }

    /// Whether an object in `status` has failed and will not reach another status by itself
    /// (`ERROR`, `FAILED`, `FAILED_UPDATING`, ...).
    fn failed_status(&self, status: &str) -> bool {
        status == "ERROR" || status.starts_with("FAILED")
    }

    /// Whether an object in `status` is going away: it reaches no status but gone.
    fn going_status(&self, status: &str) -> bool {
        status == "DELETING"
    }

    /// Whether `text` is an object's id rather than a name to look up (the API's ids are
    /// UUIDs).
    fn is_id(&self, text: &str) -> bool {
        uuid::Uuid::parse_str(text).is_ok()
    }

    /// Fills in what the API needs in a create body that the user may leave out, as the
    /// provider's official client does (NetFoundry: a network's group, provider, region and
    /// size), reading the API if it must; `None` when there is nothing to fill in.
    fn complete<'a>(
        &'a self,
        _client: &'a Client,
        _path: &'a str,
        _body: &'a mut serde_json::Map<String, Value>,
    ) -> Option<BoxFuture<'a, Result<(), ClientError>>> {
        None
    }

    /// Adds to a PATCH's changes what must travel with them (NetFoundry: a service's
    /// `modelType` with its `model`), from the object as it is.
    fn patch_with(&self, _changes: &mut serde_json::Map<String, Value>, _current: &Value) {}

    /// What a dry run answers for a mutation it does not send: the object as the API would
    /// show it (with the id and type the API would give it), its path when the mutation
    /// creates it (so later reads find it), and what it does for the plan.
    fn unsent(&self, unsent: &Unsent<'_>) -> Planned;

    /// The object that must exist for a mutation to `path` to make sense (what a create is
    /// posted under, what a change changes), so a dry run refuses a plan the API would: `None`
    /// when it is posted to a top-level collection.
    fn must_exist(&self, method: Method, path: &str) -> Option<String>;

    /// What a dry run answers for a collection read below an object it made up: empty.
    fn empty_collection(&self, path: &str) -> Value;

    /// Looks a POST whose answer was lost (a 5xx, or a connection broken after sending) up in
    /// the API's own records. `None` means the API keeps no such records: the POST is then
    /// never sent again. The lookup answers `Ok(None)` when the POST provably was not accepted
    /// (safe to send again), the accepted request when it finds exactly that one, and an error
    /// when it cannot tell (never a guess: another run's object is never taken for ours).
    fn recover<'a>(
        &'a self,
        client: &'a Client,
        lost: Lost<'a>,
    ) -> Option<BoxFuture<'a, Result<Option<Response>, ClientError>>>;

    /// Checks the credentials with the cheapest calls the API offers, and says who they are
    /// (account, contract, API version) as `label: text` pairs; an error when the API
    /// refuses them.
    fn identify<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Vec<(String, String)>, ClientError>>;
}

/// A mutation's kind without its ids: `POST /datacenters/*/servers`. A segment holding a
/// digit is taken for an id (UUIDs, LAN numbers); names of collections and actions have none.
pub fn operation_kind(method: Method, path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let segments: Vec<&str> =
        path.split('/').map(|s| if s.chars().any(|c| c.is_ascii_digit()) { "*" } else { s }).collect();
    format!("{} {}", method.as_str(), segments.join("/"))
}
