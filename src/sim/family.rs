//! What a resource family has of its own for the core's default answers (see
//! [`handler`](super::handler)): how objects are built, how an update is checked against
//! the rest of the world and what a delete takes along; and how an operation's path template
//! names the object and the resource it acts on.

use serde_json::{Map, Value};

use super::crud::Unnamed;
use super::error::ApiError;
use super::store::Entry;
use super::tx::Tx;
use super::world::World;
use crate::catalog::{Operation, Options, Param, Resource};

/// Builds an object of the family below the object at the given path (empty at the top) from
/// a body found at `at` (empty at the top of a body); returns the new object's path. Also
/// used for objects nested in another's create.
pub type Build = fn(&mut Tx, &str, &Value, &str) -> Result<String, ApiError>;

/// Checks (and may complete) the properties an update of the object at the given path leaves.
pub type Adjust = fn(&mut Tx, &str, &Entry, &mut Map<String, Value>) -> Result<(), ApiError>;

/// The other objects a delete of the object at the given path removes (at the given moment,
/// ms since the epoch), or why it is refused.
pub type Cascade<V> = fn(&V, &World, i64, &str, &Entry) -> Result<Vec<String>, ApiError>;

/// A resource family's own behaviour, for calls read as `V` (the provider's view of a call).
#[derive(Debug)]
pub struct Family<V: 'static> {
    /// The catalog description bodies are checked against.
    pub resource: &'static Resource,
    /// How an object is built from a create body; none when the API creates none.
    pub build: Option<Build>,
    /// How an update is checked; none when the description says it all.
    pub adjust: Option<Adjust>,
    /// What a delete takes along; none when it takes nothing.
    pub cascade: Option<Cascade<V>>,
    /// How a PUT treats the changeable properties it leaves out.
    pub put: Unnamed,
}

impl<V> Clone for Family<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V> Copy for Family<V> {}

impl<V> Family<V> {
    /// A family whose objects are only read, changed as their description allows and deleted.
    pub const fn of(resource: &'static Resource) -> Family<V> {
        Family { resource, build: None, adjust: None, cascade: None, put: Unnamed::Dropped }
    }
}

/// The store path an operation's template names, with the call's path parameters filled in
/// (ids in lower case, as they are stored).
pub fn store_path(template: &str, call: &super::Call) -> String {
    template
        .trim_matches('/')
        .split('/')
        .map(|segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => call.param(name).unwrap_or_default().to_ascii_lowercase(),
            None => segment.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether a template names one object (it ends with a parameter) rather than a collection.
pub fn names_object(template: &str) -> bool {
    template.ends_with('}')
}

/// The template of the collection an object or collection template is in.
pub fn collection_of(template: &str) -> &str {
    if names_object(template) {
        template.rsplit_once('/').map_or("", |(collection, _)| collection)
    } else {
        template
    }
}

/// The resource an operation acts on: the one its body or options carry, else the one
/// another of `all` on the same collection carries.
pub fn resource_of(op: &Operation, all: &[&'static Operation]) -> Option<&'static Resource> {
    let carried = |op: &Operation| {
        let body = op.params.iter().find_map(|p| match p {
            Param::Body { resource, .. } => Some(*resource),
            _ => None,
        });
        body.or(match &op.options {
            Options::Update(resource)
            | Options::Replace(resource)
            | Options::Fields(resource)
            | Options::Patch(resource) => Some(*resource),
            _ => None,
        })
    };
    let collection = collection_of(op.path);
    carried(op).or_else(|| all.iter().filter(|o| collection_of(o.path) == collection).find_map(|o| carried(o)))
}
