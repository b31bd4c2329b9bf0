//! How a provider's wire looks to the core's default answers: how it reads a call, shows a
//! stored object and a collection, answers an accepted change, carries the changes of an
//! update, and what finishing or failing a change does to its objects. A provider supplies
//! one [`Shape`] beside its families and hooks; everything else is the core's.

use serde_json::{Map, Value};

use super::call::{Call, Reply};
use super::ending::{OnDone, OnFailure};
use super::error::ErrorReply;
use super::jobs::RequestRecord;
use super::store::StoredObject;
use super::transaction::World;
use crate::catalog::{Effect, FieldError, Method, Resource};

/// What a change of one effect does when its request finishes: when it succeeds, and when it
/// fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ending {
    /// What success does to the targets.
    pub on_done: OnDone,
    /// What failure does to them.
    pub on_failure: OnFailure,
}

/// The properties an update carries: those the resource describes (checked against it) and,
/// for APIs that keep what they do not check, the others as given.
#[derive(Debug, Default)]
pub struct Changes {
    /// Keyed by the description's fields: checked, then stored.
    pub described: Map<String, Value>,
    /// Fields the description does not know, kept as sent (empty where the API refuses them).
    pub kept: Map<String, Value>,
}

/// How a provider shows what the emulator stores.
pub trait Shape: Send + Sync + 'static {
    /// The provider's reading of a call (IONOS: with its depth and API version).
    type View: AsRef<Call> + Send + Sync;

    /// Reads a call the provider's way, refusing what it refuses before anything else (an
    /// IONOS depth out of range).
    fn view(&self, call: Call) -> Result<Self::View, ErrorReply>;

    /// An object as the API shows it.
    fn object(&self, view: &Self::View, world: &World, now: i64, path: &str, entry: &StoredObject) -> Value;

    /// The collection `name` below the object at `parent` (the top level when `parent` is
    /// empty), paged when `paged`; `None` when the parent does not exist.
    fn collection(
        &self,
        view: &Self::View,
        world: &World,
        now: i64,
        parent: &str,
        name: &str,
        paged: bool,
    ) -> Result<Option<Value>, ErrorReply>;

    /// The answer to an accepted mutation, with the object it made or changed.
    fn accepted(&self, view: &Self::View, record: &RequestRecord, body: Option<Value>) -> Reply;

    /// The error about a property a description refuses.
    fn field_error(&self, error: &FieldError) -> ErrorReply;

    /// The properties an update sent with `method` carries in `body`.
    fn changes(&self, method: Method, body: &Value, resource: &Resource) -> Result<Changes, ErrorReply>;

    /// What an update changes besides what it was given (IONOS: a data center's `version`
    /// counts its changes), from the object as it was.
    fn updated(&self, _old: &StoredObject, _properties: &mut Map<String, Value>) {}

    /// What finishing and failing a change of `effect` do to its objects.
    fn ending(&self, effect: Effect) -> Ending;

    /// The media type of its JSON answers (`application/json`; HAL APIs
    /// `application/hal+json`).
    fn media_type(&self) -> &'static str {
        "application/json"
    }

    /// Whether the answer to a delete shows the object deleted (as it reads while it goes),
    /// rather than nothing.
    fn shows_deleted(&self) -> bool {
        false
    }
}
