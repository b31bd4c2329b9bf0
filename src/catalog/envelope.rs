//! How a provider lays its objects out on the wire, for the code that builds and reads them
//! without knowing the provider: constructors, updates, lookups by name, status waits, the
//! run's record of what it created, and `table()`. Every provider says each of these itself:
//! nothing here assumes one API's layout.

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

    /// The absolute URL an object reads itself at (IONOS: its `href`; NetFoundry: its HAL
    /// self link).
    fn self_href<'a>(&self, object: &'a Value) -> Option<&'a str>;

    /// The lifecycle status an object shows (IONOS: `metadata.state`; NetFoundry: `status`).
    fn status_of<'a>(&self, object: &'a Value) -> Option<&'a str>;

    /// Whether an object in `status` has failed and will not reach another status by itself.
    fn failed_status(&self, status: &str) -> bool;

    /// Whether an object in `status` is going away: it reaches no status but gone.
    fn going_status(&self, status: &str) -> bool;

    /// Why an object in a failed status failed, when it says (a product API's
    /// `metadata.message`). None by default.
    fn failure_of<'a>(&self, _object: &'a Value) -> Option<&'a str> {
        None
    }

    /// Whether `text` is an object's id rather than a name to look up.
    fn is_id(&self, text: &str) -> bool;

    /// The query asking for the page after `answer`, when `answer` (fetched with `query`) is
    /// one page of a longer list: reads follow lists to their end. None by default: a list is
    /// answered whole.
    fn next_page(&self, _answer: &Value, _query: &[(String, String)]) -> Option<Vec<(String, String)>> {
        None
    }

    /// What a script gets for a read answered in `pages` (one or more): the answer itself,
    /// unless the API pages its lists.
    fn join_pages(&self, pages: Vec<Value>) -> Value {
        pages.into_iter().next().unwrap_or(Value::Null)
    }
}
