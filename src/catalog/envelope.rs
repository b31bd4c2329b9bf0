//! How a provider lays its objects out on the wire, for the code that builds and reads them
//! without knowing the provider: constructors, updates, the run's record of what it created,
//! and `table()`.

use serde_json::{Map, Value};

use super::{Field, Method};

/// A provider's object layout.
pub trait Envelope: Send + Sync + std::fmt::Debug {
    /// The body creating an object from its checked properties and its nested collections
    /// (fields of type `Children` or `IdList`, with their items).
    fn object(&self, properties: Map<String, Value>, nested: Vec<(&'static Field, Vec<Value>)>) -> Value;

    /// The properties of an object as the API shows it, or of a body built earlier (a
    /// constructor's result handed back), if the value has that layout.
    fn properties<'a>(&self, object: &'a Value) -> Option<&'a Value>;

    /// The body of an update carrying `properties`, sent with `method`.
    fn changes(&self, method: Method, properties: Map<String, Value>) -> Value;

    /// The items of a collection answer.
    fn items<'a>(&self, collection: &'a Value) -> Option<&'a Vec<Value>>;

    /// A field of an object by name, wherever the layout keeps it (its own keys first).
    fn field<'a>(&self, object: &'a Value, name: &str) -> Option<&'a Value>;

    /// The object's type as the API names it.
    fn kind<'a>(&self, object: &'a Value) -> Option<&'a str>;

    /// The object's name.
    fn name<'a>(&self, object: &'a Value) -> Option<&'a str>;

    /// The columns `table()` shows for objects of type `kind` when none are named (the first
    /// always, the others when some row has a value).
    fn columns(&self, kind: Option<&str>) -> &'static [&'static str];
}
