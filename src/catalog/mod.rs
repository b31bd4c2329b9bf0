//! Provider-neutral descriptions of API operations and resource objects.
//!
//! Every operation and every resource object is described once, as static data. The Rhai
//! bindings, the constructors' validation, `ionosh functions` and the emulator's request
//! validation are all derived from these descriptions, so adding a resource family means
//! adding one description (see `crate::provider::ionos`) rather than touching each layer.

mod envelope;
mod field;
mod operation;
mod validate;

pub use crate::client::Method;
pub use envelope::Envelope;
pub use field::{Access, Field, FieldType, Pattern, Presence, Rule};
pub use operation::{Operation, Options, Param, Signature};
pub use validate::{describe_value, normalize, FieldError, Mode, Normalized};

/// Everything one API provider offers: its resource objects and its operations.
#[derive(Debug)]
pub struct Catalog {
    /// Resource objects (the things constructors build and the API stores).
    pub resources: &'static [&'static Resource],
    /// Operations, each becoming one Rhai function.
    pub operations: &'static [&'static Operation],
    /// Operations of the API that are not Rhai functions (yet): the emulator serves them
    /// all the same, so the official clients that call them work against it.
    pub unbound: &'static [&'static Operation],
}

impl Catalog {
    /// Looks an operation up by its Rhai function name.
    pub fn operation(&self, name: &str) -> Option<&'static Operation> {
        self.operations.iter().copied().find(|op| op.name == name)
    }

    /// Every operation the API has, bound to a function or not.
    pub fn all_operations(&self) -> impl Iterator<Item = &'static Operation> + '_ {
        self.operations.iter().chain(self.unbound).copied()
    }

    /// Looks a resource up by its constructor name (`Datacenter`).
    pub fn resource(&self, name: &str) -> Option<&'static Resource> {
        self.resources.iter().copied().find(|r| r.name == name)
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
