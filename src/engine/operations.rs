//! One Rhai function per catalog operation, all registered by the same generic code: the
//! arguments become the request ([`arguments`](super::arguments)), which is checked against
//! the call's scope, sent (with what the provider completes), and its answer handed back with
//! its ticket; updates that only take a whole PUT, or only what differs, read the object
//! first.

use std::any::TypeId;
use std::sync::Arc;

use rhai::{Dynamic, EvalAltResult, Module, NativeCallContext, RhaiFunc, Shared};
use serde_json::Value;

use super::arguments::{encode_path, prepare, Channel, Prepared};
use super::host::Host;
use super::{convert, described, errors, lookup};
use crate::catalog::{slot, Method, Operation, Options, Param, Resource, Signature};
use crate::client::Payload;
use crate::provider::Provider;

/// The signatures of a provider's operations.
pub fn signatures(provider: &Provider) -> Vec<Signature> {
    provider.catalog.operations().map(|op| op.signature()).collect()
}

/// Registers every operation of the provider's catalog into `module`, for every number of
/// arguments it accepts.
pub fn register(module: &mut Module, provider: &'static Provider, host: &Arc<Host>) {
    for op in provider.catalog.operations() {
        for arity in op.arities() {
            let host = Arc::clone(host);
            let call = move |ctx: Option<NativeCallContext>, args: &mut [&mut Dynamic]| {
                // The call's own work (its answer read into script values) is not the script's
                // copying, which counts towards the operation limit.
                let _call = crate::memory::Uncounted::start();
                let args = args.iter_mut().map(|a| std::mem::take(*a)).collect();
                let answer = invoke(&host, provider, op, args);
                match ctx {
                    Some(ctx) => errors::placed(&ctx, answer),
                    None => answer,
                }
            };
            let func = RhaiFunc::Pure { func: Shared::new(call), has_context: true, is_pure: true, is_volatile: true };
            described(&op.signature(), arity).set_into_module_raw(module, vec![TypeId::of::<Dynamic>(); arity], func);
        }
    }
}

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

fn invoke(host: &Host, provider: &'static Provider, op: &'static Operation, mut args: Vec<Dynamic>) -> Result<Dynamic> {
    let takes_map_last = op.has_options() && args.last().is_some_and(Dynamic::is_map);
    let options = if args.len() > *op.arities().start() && takes_map_last { args.pop() } else { None };
    if let (true, Some(last)) = (args.len() > op.params.len(), args.last()) {
        let keys = op.option_keys().join(", ");
        let got = convert::describe(last);
        return Err(errors::usage(
            op.name,
            format!("the last argument must be an options map like #{{ {keys} }}, got {got}"),
        ));
    }
    let client = host.client(provider).ok_or_else(|| {
        errors::usage(op.name, format!("ionosh has no connection to {} in this session", provider.title))
    })?;
    let channel = Channel { host, client, provider };
    if let Options::Probe = op.options {
        return probe(&channel, op, &args).map(Dynamic::from_bool);
    }
    let mut call = prepare(&channel, op, &args, options.as_ref())?;
    match op.options {
        Options::Replace(resource) => {
            let now = object_now(&channel, op, &mut call)?;
            call.body = Some(Payload::Json(replaced(provider, resource, &call, &now)));
        }
        Options::Patch(resource) => match patched(&channel, op, resource, &mut call)? {
            Patch::Send(body) => call.body = Some(Payload::Json(body)),
            // Nothing differs: nothing is sent, and the object is answered as it was just
            // read, with a ticket whose wait ends at once.
            Patch::Unchanged(mut object) => {
                provider.dialect.stamp(&mut object, &client.settled_ticket());
                return convert::to_dynamic(object);
            }
        },
        _ => {
            if let (Some(guard), false) = (&call.guard, op.method == Method::Get) {
                lookup::check_within(op, &guard.scope, guard.noun, &current(&channel, &guard.object)?)?;
            }
        }
    }
    if let (Method::Get, Some(found), Options::None) = (op.method, call.found.take(), &op.options) {
        return convert::to_dynamic(found);
    }
    if op.method == Method::Get {
        let mut answer = lookup::read_all(host, client, provider, &call.path, &call.query)?;
        if let Value::Array(items) = &mut answer {
            items.retain(|item| {
                call.filters
                    .iter()
                    .all(|(field, wanted)| item.get(*field).is_none_or(|v| crate::list_filter::matches(v, wanted)))
            });
        }
        if let Some(guard) = &call.guard {
            lookup::check_within(op, &guard.scope, guard.noun, &answer)?;
        }
        return convert::to_dynamic(answer);
    }
    if let (Method::Post, Some(Payload::Json(Value::Object(body)))) = (op.method, call.body.as_mut()) {
        if let Some(completing) = provider.dialect.complete(client, op, body) {
            host.block_on(completing).map_err(errors::client)?;
        }
    }
    let response =
        host.block_on(client.send(op, &call.path, &call.query, call.body.as_ref())).map_err(errors::client)?;
    let mut body = response.body;
    let ticket_id = response.ticket.as_ref().map(|t| t.id.clone());
    if let (Some(ticket_id), true) = (&ticket_id, op.method != Method::Get) {
        host.record_sent(provider, op.method.as_str(), &call.path, ticket_id);
    }
    if op.creates {
        host.record_created(provider, &call.path, &body, ticket_id, call.within.clone());
    }
    if op.method == Method::Delete {
        host.record_deleted(&call.path);
    }
    stamp(&channel, op, &call.path, &mut body, response.ticket.as_ref());
    convert::to_dynamic(body)
}

/// Marks an answer with the ticket to wait on: the change's, or, for a change the API made at
/// once (a label), one whose wait ends at once, so waiting on it as on any change works.
fn stamp(channel: &Channel, op: &Operation, path: &str, body: &mut Value, ticket: Option<&crate::client::Ticket>) {
    match ticket {
        Some(ticket) => channel.provider.dialect.stamp(body, ticket),
        None if op.method != Method::Get && body.is_object() => {
            let dialect = channel.provider.dialect;
            let ticket = dialect.ticket_at(op, path).unwrap_or_else(|| channel.client.settled_ticket());
            dialect.stamp(body, &ticket);
        }
        None => {}
    }
}

/// The full object a PUT-only update sends: the changeable properties of the object `now`
/// with the given ones laid over them.
fn replaced(provider: &Provider, resource: &Resource, call: &Prepared, now: &Value) -> Value {
    let given = match &call.body {
        Some(Payload::Json(body)) => provider.envelope.properties(body).and_then(Value::as_object).cloned(),
        _ => None,
    };
    let mut properties: serde_json::Map<String, Value> = provider
        .envelope
        .properties(now)
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(k, _)| resource.mutable_fields().any(|f| f.api == k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    properties.extend(given.unwrap_or_default());
    provider.envelope.changes(Method::Put, properties)
}

/// The object at `path` as the API shows it now (guards need it before a change).
fn current(channel: &Channel, path: &str) -> Result<Value> {
    let answer = channel.host.block_on(channel.client.get(path, &[]));
    Ok(answer.map_err(errors::client)?.body)
}

/// The object a call changes, as it is now: the one its name was found as (no second
/// read), else read; checked against the call's boundary.
fn object_now(channel: &Channel, op: &Operation, call: &mut Prepared) -> Result<Value> {
    let now = match call.found.take() {
        Some(found) => found,
        None => current(channel, &call.path)?,
    };
    if let Some(guard) = &call.guard {
        lookup::check_within(op, &guard.scope, guard.noun, &now)?;
    }
    Ok(now)
}

/// Whether the object an operation's [`Param::Named`] argument names exists: one object by
/// that name (within the scope), or an id the API knows.
fn probe(channel: &Channel, op: &'static Operation, args: &[Dynamic]) -> Result<bool> {
    let (Some(Param::Named { name, lookup }), Some(arg)) = (op.params.first(), args.first()) else {
        return Err(errors::usage(op.name, "takes the name or id to look for"));
    };
    match lookup::named(channel.provider, op, name, arg, None)? {
        lookup::Named::Name(text) => {
            Ok(!lookup::find(channel.host, channel.client, channel.provider, lookup, &text, None)?.is_empty())
        }
        lookup::Named::Id(id) | lookup::Named::Object { id, .. } => {
            let path = op.path.replace(&slot(name), &encode_path(op, name, &id)?);
            match channel.host.block_on(channel.client.get(&path, &[])) {
                // A deleted object that still reads is gone all the same.
                Ok(answer) => Ok(channel.provider.envelope.status_of(&answer.body) != Some("DELETED")),
                Err(e) if e.status() == 404 => Ok(false),
                Err(e) => Err(errors::client(e)),
            }
        }
    }
}

/// What a PATCH of only what differs comes to.
enum Patch {
    /// The body to send.
    Send(Value),
    /// Nothing differs: the object as it is, nothing to send.
    Unchanged(Value),
}

/// The body of a PATCH carrying only what differs from the object as it is (and its name,
/// which the API wants in every PATCH), or the object when nothing differs.
fn patched(channel: &Channel, op: &Operation, resource: &Resource, call: &mut Prepared) -> Result<Patch> {
    let given = match &call.body {
        Some(Payload::Json(Value::Object(given))) => given.clone(),
        _ => serde_json::Map::new(),
    };
    let now = object_now(channel, op, call)?;
    let differs = |key: &String, value: &Value| match (now.get(key), value) {
        // Lists of attributes are sets: the order they are given in changes nothing.
        (Some(Value::Array(old)), Value::Array(new)) => {
            let set =
                |items: &Vec<Value>| items.iter().map(Value::to_string).collect::<std::collections::BTreeSet<_>>();
            set(old) != set(new)
        }
        (old, new) => old != Some(new),
    };
    let mut changed: serde_json::Map<String, Value> =
        given.iter().filter(|(k, v)| differs(k, v)).map(|(k, v)| (k.clone(), v.clone())).collect();
    if changed.is_empty() {
        return Ok(Patch::Unchanged(now));
    }
    channel.provider.dialect.patch_with(&mut changed, &now);
    if resource.field("name").is_some() && !changed.contains_key("name") {
        if let Some(name) = now.get("name") {
            changed.insert("name".into(), name.clone());
        }
    }
    Ok(Patch::Send(channel.provider.envelope.changes(Method::Patch, changed)))
}
