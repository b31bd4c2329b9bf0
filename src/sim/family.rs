//! What a resource family has of its own for the core's default answers (see
//! [`handler`](super::handler)): how objects are built, how an update is checked against
//! the rest of the world and what a delete takes along; and where the object an operation's
//! path names is stored.

use serde_json::{Map, Value};

use super::crud::Unnamed;
use super::error::ErrorReply;
use super::mutation::Mutation;
use super::store::StoredObject;
use super::transaction::World;
use crate::catalog::Resource;

/// Builds an object of the family below the object at the given path (empty at the top) from
/// a body found at `at` (empty at the top of a body); returns the new object's path. Also
/// used for objects nested in another's create.
pub type Build = fn(&mut Mutation, &str, &Value, &str) -> Result<String, ErrorReply>;

/// Checks (and may complete) the properties an update of the object at the given path leaves.
pub type Adjust = fn(&mut Mutation, &str, &StoredObject, &mut Map<String, Value>) -> Result<(), ErrorReply>;

/// The other objects a delete of the object at the given path removes (at the given moment,
/// ms since the epoch), or why it is refused.
pub type Cascade<V> = fn(&V, &World, i64, &str, &StoredObject) -> Result<Vec<String>, ErrorReply>;

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
