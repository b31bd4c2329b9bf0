//! Which code answers an operation, decided once when the routes are built: the provider's
//! hook for an operation with semantics of its own, else the core's default answer, the same
//! for every provider: the operation's path template names the object (or the collection and
//! the object it lives in), its method says what to do, and the [`Family`] of the resource it
//! acts on adds what is its own. The provider's [`Shape`] says how it all looks on its wire.
//! Nothing is looked up per request.

use super::call::{Call, Reply};
use super::crud::{self, Unnamed};
use super::error::ErrorReply;
use super::family::{store_path, Family};
use super::request_body::RequestBody;
use super::shape::Shape;
use super::state::Shared;
use crate::catalog::{Catalog, Method, Operation, Options};

/// One call of an operation, as a handler gets it: the call read as the provider reads calls.
pub struct Request<'a, V> {
    /// The operation called.
    pub op: &'static Operation,
    /// The call.
    pub call: &'a V,
    /// Its body.
    pub body: &'a RequestBody,
    /// The emulator.
    pub sim: &'a Shared,
}

impl<V> Clone for Request<'_, V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V> Copy for Request<'_, V> {}

impl<V: AsRef<Call>> Request<'_, V> {
    /// The store path the operation's template names.
    pub fn path(&self) -> String {
        store_path(self.op.path, self.call.as_ref())
    }

    /// The store path of the object the template names up to its last parameter (the server
    /// of `/datacenters/{datacenter_id}/servers/{server_id}/start`).
    pub fn object(&self) -> String {
        let end = self.op.path.rfind('}').map_or(0, |i| i + 1);
        store_path(&self.op.path[..end], self.call.as_ref())
    }

    /// A path parameter, as given.
    pub fn param(&self, name: &str) -> &str {
        self.call.as_ref().param(name).unwrap_or_default()
    }
}

/// A handler an operation has of its own.
pub type Hook<V> = fn(&Request<V>) -> Result<Reply, ErrorReply>;

/// How one operation is answered, ready to be called for each request of its route.
pub type Handler = Box<dyn Fn(Call, RequestBody, &Shared) -> Result<Reply, ErrorReply> + Send + Sync>;

/// A provider's answers: hooks for the operations with semantics of their own, the families
/// with behaviour of their own (the other resources are handled by their descriptions), all
/// shown in its [`Shape`].
pub struct Answers<S: Shape> {
    /// How the provider's wire looks.
    pub shape: &'static S,
    /// Operations with a handler of their own.
    pub hooks: &'static [(&'static Operation, Hook<S::View>)],
    /// Resource families with behaviour of their own.
    pub families: &'static [&'static Family<S::View>],
    /// Every operation of the provider (an operation's resource may be named by another on
    /// the same collection).
    pub catalog: &'static Catalog,
}

impl<S: Shape> Answers<S> {
    /// The handler of `op`: its hook, or the default answer with the family of the resource
    /// it acts on.
    pub fn handler(&'static self, op: &'static Operation) -> Handler {
        let shape = self.shape;
        if let Some((_, hook)) = self.hooks.iter().find(|(hooked, _)| std::ptr::eq(*hooked, op)) {
            let hook = *hook;
            return Box::new(move |call, body, sim| {
                let view = shape.view(call)?;
                hook(&Request { op, call: &view, body: &body, sim })
            });
        }
        let family = self.catalog.resource_of(op).map(|resource| {
            match self.families.iter().find(|f| std::ptr::eq(f.resource, resource)) {
                Some(found) => **found,
                None => Family::of(resource),
            }
        });
        Box::new(move |call, body, sim| {
            let view = shape.view(call)?;
            answer(shape, &Request { op, call: &view, body: &body, sim }, family.as_ref())
        })
    }
}

/// Whether an operation's answer is paged: its options include `limit`.
fn paged(op: &Operation) -> bool {
    matches!(&op.options, Options::Query(fields) if fields.iter().any(|f| f.api == "limit"))
}

/// Answers an operation the generic way, with `family` for the resource it acts on.
pub fn answer<S: Shape>(
    shape: &S,
    request: &Request<S::View>,
    family: Option<&Family<S::View>>,
) -> Result<Reply, ErrorReply> {
    let Request { op, call, body, sim } = *request;
    let path = request.path();
    match op.method {
        Method::Get if op.names_object() => crud::one(shape, call, sim, &path),
        Method::Get => {
            let (parent, name) = path.rsplit_once('/').unwrap_or(("", &path));
            crud::list(shape, call, sim, parent, name, paged(op))
        }
        Method::Post => {
            let build = family.and_then(|f| f.build).ok_or_else(ErrorReply::method_not_allowed)?;
            let parent = path.rsplit_once('/').map_or("", |(parent, _)| parent).to_string();
            let owned = op.collection().contains('{');
            crud::accept(shape, call, sim, &body.raw, |tx| {
                if owned {
                    crud::existing(tx.world, &parent)?;
                }
                build(tx, &parent, &body.value, "").map(Some)
            })
        }
        Method::Patch | Method::Put => {
            let family = family.ok_or_else(ErrorReply::method_not_allowed)?;
            let unnamed = if op.method == Method::Patch { Unnamed::Kept } else { family.put };
            let given = shape.changes(op.method, &body.value, family.resource)?;
            let adjust = family.adjust;
            let update = crud::Update { resource: family.resource, path: &path, given, unnamed };
            crud::update(shape, call, sim, &body.raw, update, |tx, old, properties| {
                adjust.map_or(Ok(()), |adjust| adjust(tx, &path, old, properties))
            })
        }
        Method::Delete => {
            let cascade = family.and_then(|f| f.cascade);
            crud::delete(shape, call, sim, &path, |world, now, entry| {
                cascade.map_or(Ok(Vec::new()), |cascade| cascade(call, world, now, &path, entry))
            })
        }
    }
}
