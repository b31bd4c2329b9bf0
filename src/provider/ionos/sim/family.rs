//! What a stored resource family has of its own, and the default handling of every CloudAPI
//! operation no family hook takes over: the operation's path template names the object (or
//! the collection and the object it lives in), its method says what to do, and the family of
//! the resource it acts on adds how objects are built, how an update is checked against the
//! rest of the world and what a delete takes along.

use serde_json::{Map, Value};

use super::call::Call;
use super::resource::{self, patch_of, properties_of};
use crate::catalog::{Method, Operation, Options, Param, Resource};
use crate::sim::crud::Unnamed;
use crate::sim::{ApiError, Body, Entry, OnDone, Reply, Shared, Tx, World};

/// One call of an operation, as a handler gets it.
pub struct Request<'a> {
    /// The operation called.
    pub op: &'static Operation,
    /// The call.
    pub call: &'a Call,
    /// Its body.
    pub body: &'a Body,
    /// The emulator.
    pub sim: &'a Shared,
}

impl Request<'_> {
    /// The store path the operation's template names.
    pub fn path(&self) -> String {
        store_path(self.op.path, self.call)
    }

    /// The store path of the object the template names up to its last parameter (the server
    /// of `/datacenters/{datacenter_id}/servers/{server_id}/start`).
    pub fn object(&self) -> String {
        let end = self.op.path.rfind('}').map_or(0, |i| i + 1);
        store_path(&self.op.path[..end], self.call)
    }

    /// A path parameter, as given.
    pub fn param(&self, name: &str) -> &str {
        self.call.param(name).unwrap_or_default()
    }
}

/// A handler an operation has of its own.
pub type Hook = fn(&Request) -> Result<Reply, ApiError>;

/// Builds an object of the family below the object at the given path (empty at the top) from
/// a body found at `at` (empty at the top of a body); returns the new object's path. Also
/// used for objects nested in another's create.
pub type Build = fn(&mut Tx, &str, &Value, &str) -> Result<String, ApiError>;

/// Checks (and may complete) the properties an update of the object at the given path leaves.
pub type Adjust = fn(&mut Tx, &str, &Entry, &mut Map<String, Value>) -> Result<(), ApiError>;

/// The other objects a delete of the object at the given path removes, or why it is refused.
pub type Cascade = fn(&Call, &World, &str, &Entry) -> Result<Vec<String>, ApiError>;

/// A resource family's own behaviour.
#[derive(Debug)]
pub struct Family {
    /// The catalog description bodies are checked against.
    pub resource: &'static Resource,
    /// How an object is built from a create body; none when the API creates none.
    pub build: Option<Build>,
    /// How an update is checked; none when the description says it all.
    pub adjust: Option<Adjust>,
    /// What a delete takes along; none when it takes nothing.
    pub cascade: Option<Cascade>,
    /// How a PUT treats the changeable properties it leaves out.
    pub put: Unnamed,
}

impl Family {
    /// A family whose objects are only read, changed as their description allows and deleted.
    pub const fn of(resource: &'static Resource) -> Family {
        Family { resource, build: None, adjust: None, cascade: None, put: Unnamed::Dropped }
    }
}

/// The store path an operation's template names, with the call's path parameters filled in
/// (ids in lower case, as they are stored).
pub fn store_path(template: &str, call: &Call) -> String {
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
fn names_object(template: &str) -> bool {
    template.ends_with('}')
}

/// The template of the collection an object or collection template is in.
fn collection_of(template: &str) -> &str {
    if names_object(template) {
        template.rsplit_once('/').map_or("", |(collection, _)| collection)
    } else {
        template
    }
}

/// The resource an operation acts on: the one its body or options carry, else the one
/// another operation on the same collection carries.
pub fn resource_of(op: &Operation, all: &[&'static Operation]) -> Option<&'static Resource> {
    let carried = |op: &Operation| {
        let body = op.params.iter().find_map(|p| match p {
            Param::Body { resource, .. } => Some(*resource),
            _ => None,
        });
        body.or(match &op.options {
            Options::Update(resource) | Options::Replace(resource) | Options::Fields(resource) => Some(*resource),
            _ => None,
        })
    };
    let collection = collection_of(op.path);
    carried(op).or_else(|| all.iter().filter(|o| collection_of(o.path) == collection).find_map(|o| carried(o)))
}

/// Whether an operation's answer is paged: its options include `limit`.
fn paged(op: &Operation) -> bool {
    matches!(&op.options, Options::Query(fields) if fields.iter().any(|f| f.api == "limit"))
}

/// Answers an operation the generic way, with `family` for the resource it acts on.
pub fn answer(request: &Request, family: Option<&Family>) -> Result<Reply, ApiError> {
    let Request { op, call, body, sim } = *request;
    let path = request.path();
    match op.method {
        Method::Get if names_object(op.path) => resource::one(call, sim, &path),
        Method::Get => {
            let (parent, name) = path.rsplit_once('/').unwrap_or(("", &path));
            resource::list(call, sim, parent, name, paged(op))
        }
        Method::Post => {
            let build = family.and_then(|f| f.build).ok_or_else(ApiError::method_not_allowed)?;
            let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent).to_string();
            let owned = collection_of(op.path).contains('{');
            resource::accept(call, sim, &body.raw, OnDone::Nothing, |tx| {
                if owned {
                    resource::existing(tx.world, &parent)?;
                }
                build(tx, &parent, &body.value, "").map(Some)
            })
        }
        Method::Patch | Method::Put => {
            let family = family.ok_or_else(ApiError::method_not_allowed)?;
            let (given, unnamed) = match op.method {
                Method::Patch => (patch_of(&body.value, family.resource)?, Unnamed::Kept),
                _ => (properties_of(&body.value, "")?, family.put),
            };
            let adjust = family.adjust;
            resource::update(call, sim, &body.raw, family.resource, &path, given, unnamed, |tx, old, properties| {
                adjust.map_or(Ok(()), |adjust| adjust(tx, &path, old, properties))
            })
        }
        Method::Delete => {
            let cascade = family.and_then(|f| f.cascade);
            resource::delete(call, sim, &path, |world, entry| {
                cascade.map_or(Ok(Vec::new()), |cascade| cascade(call, world, &path, entry))
            })
        }
    }
}
