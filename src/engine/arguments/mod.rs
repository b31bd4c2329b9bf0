//! How an operation's arguments become its HTTP request: each positional argument fills what
//! its [`Param`] says ([`params`]: a path slot, the body, a form field, the scope, an object
//! named by id or name), and the trailing map what the operation's [`Options`] say
//! ([`options`]: query parameters, filters, the changes of an update, more body fields).

mod options;
mod params;

pub use params::encode_path;

use rhai::{Dynamic, EvalAltResult};
use serde_json::{Map, Value};

use super::host::Host;
use super::lookup::Scope;
use super::{convert, errors};
use crate::catalog::{Operation, Options, Param};
use crate::client::{Client, Payload};
use crate::provider::Provider;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// Where a call goes: the host running it, the provider's client and the provider.
pub struct Channel<'a> {
    /// The host running the script.
    pub host: &'a Host,
    /// The provider's client.
    pub client: &'a Client,
    /// The provider.
    pub provider: &'static Provider,
}

/// The HTTP request an operation's arguments describe, and what the call checks around it.
pub struct Prepared {
    /// The path, every slot filled.
    pub path: String,
    /// The query parameters.
    pub query: Vec<(String, String)>,
    /// The body.
    pub body: Option<Payload>,
    /// For a call on one object within a scope, given by id: the scope it must lie in,
    /// checked against the object before anything is changed.
    pub guard: Option<Guard>,
    /// A list's filters, by field: what it answers is checked against them too, so a filter
    /// the API ignores never lets other objects through.
    pub filters: Vec<(&'static str, String)>,
    /// The path of the object the call works within (its scope).
    pub within: Option<String>,
    /// The object the call names, as the list it was found by name in showed it.
    pub found: Option<Value>,
}

/// An object a call names by id, and the scope it must lie in.
pub struct Guard {
    /// The scope.
    pub scope: Scope,
    /// What the object is called (`endpoint`).
    pub noun: &'static str,
    /// Its own path (an action's path goes on below it).
    pub object: String,
}

/// A request being filled in from the arguments.
struct Filling<'a> {
    channel: &'a Channel<'a>,
    op: &'static Operation,
    prepared: Prepared,
    /// The object the call works within, once its argument is read.
    scope: Option<Scope>,
    /// Fields of a form-encoded body.
    form: Vec<(String, String)>,
    /// Fields of a JSON body given one by one.
    fields: Map<String, Value>,
}

/// The request `op`'s arguments `args` (without the options map) and `options` describe,
/// looking up objects named by name where it must; checked before anything is sent.
pub fn prepare(
    channel: &Channel,
    op: &'static Operation,
    args: &[Dynamic],
    options: Option<&Dynamic>,
) -> Result<Prepared> {
    let prepared = Prepared {
        path: op.path.to_string(),
        query: Vec::new(),
        body: None,
        guard: None,
        filters: Vec::new(),
        within: None,
        found: None,
    };
    let mut filling = Filling { channel, op, prepared, scope: None, form: Vec::new(), fields: Map::new() };
    let given_all = args.len() >= op.params.len();
    let mut args = args.iter();
    for param in op.params {
        if let (Param::OptionalSegment { name, .. }, false) = (param, given_all) {
            params::leave_out(&mut filling, name);
            continue;
        }
        if let Some(arg) = args.next() {
            params::fill(&mut filling, param, arg)?;
        }
    }
    options::apply(&mut filling, options_map(op, options)?)?;
    if !filling.form.is_empty() || matches!(op.options, Options::Form(_)) {
        filling.prepared.body = Some(Payload::Form(filling.form));
    }
    Ok(filling.prepared)
}

/// The options map as JSON (empty when none was given).
fn options_map(op: &Operation, options: Option<&Dynamic>) -> Result<Map<String, Value>> {
    let Some(value) = options else { return Ok(Map::new()) };
    convert::to_json_object(value)?.ok_or_else(|| {
        let keys = op.option_keys().join(", ");
        errors::usage(
            op.name,
            format!("the last argument must be an options map like #{{ {keys} }}, got {}", convert::describe(value)),
        )
    })
}
