//! Provider-neutral descriptions of API operations and resource objects.
//!
//! Every operation and every resource object is described once, as static data. The Rhai
//! bindings, the constructors' validation, `ionosh functions` and the emulator's request
//! validation are all derived from these descriptions, so adding a resource family means
//! adding one description (see `crate::provider::ionos`) rather than touching each layer.

mod envelope;
mod field;
mod method;
mod operation;
mod validate;

pub use envelope::Envelope;
pub use field::{Access, Field, FieldType, Pattern, Presence, Rule};
pub use method::Method;
pub use operation::{segment, slot, Effect, Filter, Lookup, Operation, Options, Param, Signature, Typical};
pub use validate::{describe_value, normalize, FieldError, Mode, Normalized};

/// Everything one API provider offers: its resource objects and its operations.
#[derive(Debug)]
pub struct Catalog {
    /// Resource objects (the things constructors build and the API stores), in groups (one
    /// per family file, or one hand-kept list).
    pub resources: &'static [&'static [&'static Resource]],
    /// Operations, each becoming one Rhai function, in groups like `resources`.
    pub operations: &'static [&'static [&'static Operation]],
}

impl Catalog {
    /// Every operation, each one Rhai function.
    pub fn operations(&self) -> impl Iterator<Item = &'static Operation> + '_ {
        self.operations.iter().flat_map(|group| group.iter().copied())
    }

    /// Every resource object.
    pub fn resources(&self) -> impl Iterator<Item = &'static Resource> + '_ {
        self.resources.iter().flat_map(|group| group.iter().copied())
    }

    /// Looks an operation up by its Rhai function name.
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations().find(|op| op.name == name)
    }

    /// The resource an operation acts on: the one its body or options carry, else the one
    /// another operation on the same collection carries.
    pub fn resource_of(&self, op: &Operation) -> Option<&'static Resource> {
        op.resource().or_else(|| self.resource_in(op.collection()))
    }

    /// The resource of the object an operation's path names up to its last parameter: what
    /// an action (`…/servers/{server_id}/start`) acts on.
    pub fn acted_on(&self, op: &Operation) -> Option<&'static Resource> {
        let object = &op.path[..op.path.rfind('}')? + 1];
        self.resource_in(object.rsplit_once('/')?.0)
    }

    /// The resource an operation on the collection template `collection` carries.
    fn resource_in(&self, collection: &str) -> Option<&'static Resource> {
        self.operations().filter(|o| o.collection() == collection).find_map(Operation::resource)
    }

    /// The resource of the collection whose last segment is `name` (`networks`): what an
    /// object naming its kind by its collection is.
    pub fn resource_listed_as(&self, name: &str) -> Option<&'static Resource> {
        self.operations().filter(|o| o.collection().rsplit('/').next() == Some(name)).find_map(Operation::resource)
    }

    /// The operation a concrete path (relative to the API base, each value one segment) is sent
    /// to with `method`: for an object the API shows, what made or removes one like it.
    pub fn operation_at(&self, method: Method, path: &str) -> Option<&'static Operation> {
        let given: Vec<&str> = path.split('?').next().unwrap_or_default().trim_matches('/').split('/').collect();
        let fits = |template: &str| {
            let wanted: Vec<&str> = template.trim_matches('/').split('/').collect();
            wanted.len() == given.len() && wanted.iter().zip(&given).all(|(w, g)| w.starts_with('{') || w == g)
        };
        self.operations().find(|op| op.method == method && op.templates().iter().any(|t| fits(t)))
    }

    /// Looks a resource up by its constructor name (`Datacenter`).
    pub fn resource(&self, name: &str) -> Option<&'static Resource> {
        self.resources().find(|r| r.name == name)
    }
}

/// A resource object: its wire type name, the collection it lives in, and its fields.
#[derive(Debug)]
pub struct Resource {
    /// Constructor name in Rhai, e.g. `Datacenter`.
    pub name: &'static str,
    /// The `type` the API gives objects of this kind, e.g. `datacenter`.
    pub api_type: &'static str,
    /// One-line description shown in help.
    pub doc: &'static str,
    /// The fields a user may set or read.
    pub fields: &'static [Field],
    /// Rules that involve several fields (`boot_volume_id` xor `boot_cdrom`), checked after
    /// the fields themselves when an object is built or created.
    pub checks: &'static [Check],
}

/// A rule over several fields of a normalised object.
pub type Check = fn(&Resource, &Normalized) -> Result<(), FieldError>;

impl Resource {
    /// Finds a field by either its Rhai (snake_case) or its API (camelCase) name.
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.rhai == name || f.api == name)
    }

    /// Checks properties against this resource's fields and, when an object is built or
    /// created, its cross-field checks; see [`normalize`].
    pub fn normalize(
        &self,
        input: &serde_json::Map<String, serde_json::Value>,
        mode: Mode,
    ) -> Result<Normalized, FieldError> {
        let normalized = normalize(self.fields, input, mode)?;
        if matches!(mode, Mode::Build | Mode::Create) {
            self.checks.iter().try_for_each(|check| check(self, &normalized))?;
        }
        Ok(normalized)
    }

    /// An error about the named field (Rhai or API name), for cross-field checks.
    pub fn error(&self, name: &str, message: impl Into<String>) -> FieldError {
        let (api, rhai) = self.field(name).map_or((name, name), |f| (f.api, f.rhai));
        FieldError { api: api.into(), rhai: rhai.into(), message: message.into() }
    }

    /// Fields that may be changed after creation: the keys an update accepts.
    pub fn mutable_fields(&self) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().filter(|f| f.access == Access::ReadWrite)
    }
}
