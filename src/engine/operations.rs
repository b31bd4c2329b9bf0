//! One Rhai function per catalog operation, all registered by the same generic code: the
//! positional arguments fill the path (or become the body), the optional trailing map holds
//! query options or, for updates, the properties to change.

use std::any::TypeId;
use std::sync::Arc;

use rhai::{Dynamic, EvalAltResult, Module, NativeCallContext, RhaiFunc, Shared};
use serde_json::{json, Value};

use super::host::Host;
use super::lookup::{self, Scope};
use super::{constructors, convert, described, errors};
use crate::catalog::{
    describe_value, normalize, segment, slot, Field, Filter, Method, Mode, Operation, Options, Param, Resource,
    Signature,
};
use crate::client::{Body, Client};
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
            let call = move |_: Option<NativeCallContext>, args: &mut [&mut Dynamic]| {
                invoke(&host, provider, op, args.iter_mut().map(|a| std::mem::take(*a)).collect())
            };
            let func = RhaiFunc::Pure { func: Shared::new(call), has_context: false, is_pure: true, is_volatile: true };
            described(&op.signature(), arity).set_into_module_raw(module, vec![TypeId::of::<Dynamic>(); arity], func);
        }
    }
}

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The HTTP request an operation's arguments describe.
struct Call {
    path: String,
    query: Vec<(String, String)>,
    body: Option<Body>,
    /// For a call on one object within a scope, given by id: the scope it must lie in,
    /// checked against the object before anything is changed.
    guard: Option<Guard>,
    /// A list's filters, by field: what it answers is checked against them too, so a filter
    /// the API ignores never lets other objects through.
    filters: Vec<(&'static str, String)>,
    /// The path of the object the call works within (its scope).
    within: Option<String>,
    /// The object the call names, as the list it was found by name in showed it.
    found: Option<Value>,
}

/// An object a call names by id, and the scope it must lie in.
struct Guard {
    scope: Scope,
    /// What it is called (`endpoint`).
    noun: &'static str,
    /// Its own path (an action's path goes on below it).
    object: String,
}

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
    let target = Target { host, client, provider };
    if let Options::Probe = op.options {
        return probe(&target, op, &args).map(Dynamic::from_bool);
    }
    let mut call = prepare(&target, op, &args, options.as_ref())?;
    match op.options {
        Options::Replace(resource) => {
            let now = object_now(&target, op, &mut call)?;
            call.body = Some(Body::Json(replaced(provider, resource, &call, &now)));
        }
        Options::Patch(resource) => match patched(&target, op, resource, &mut call)? {
            Patch::Send(body) => call.body = Some(Body::Json(body)),
            // Nothing differs: nothing is sent, and the object is answered as it was just
            // read, with a ticket whose wait ends at once.
            Patch::Unchanged(mut object) => {
                provider.dialect.stamp(&mut object, &client.settled_ticket());
                return convert::to_dynamic(&object);
            }
        },
        _ => {
            if let (Some(guard), false) = (&call.guard, op.method == Method::Get) {
                lookup::check_within(op, &guard.scope, guard.noun, &current(&target, &guard.object)?)?;
            }
        }
    }
    if let (Method::Get, Some(found), Options::None) = (op.method, call.found.take(), &op.options) {
        return convert::to_dynamic(&found);
    }
    if op.method == Method::Get {
        let mut answer = lookup::read_all(host, client, provider, &call.path, &call.query)?;
        if let Value::Array(items) = &mut answer {
            items.retain(|item| {
                call.filters
                    .iter()
                    .all(|(field, wanted)| item.get(*field).is_none_or(|v| crate::like::matches(v, wanted)))
            });
        }
        if let Some(guard) = &call.guard {
            lookup::check_within(op, &guard.scope, guard.noun, &answer)?;
        }
        return convert::to_dynamic(&answer);
    }
    if let (Method::Post, Some(Body::Json(Value::Object(body)))) = (op.method, call.body.as_mut()) {
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
    if let Some(ticket) = &response.ticket {
        provider.dialect.stamp(&mut body, ticket);
    }
    convert::to_dynamic(&body)
}

/// The full object a PUT-only update sends: the changeable properties of the object `now`
/// with the given ones laid over them.
fn replaced(provider: &Provider, resource: &Resource, call: &Call, now: &Value) -> Value {
    let given = match &call.body {
        Some(Body::Json(body)) => provider.envelope.properties(body).and_then(Value::as_object).cloned(),
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

/// Where a call goes: the host running it, the provider's client and the provider.
struct Target<'a> {
    host: &'a Host,
    client: &'a Client,
    provider: &'static Provider,
}

/// The object at `path` as the API shows it now (guards need it before a change).
fn current(target: &Target, path: &str) -> Result<Value> {
    let answer = target.host.block_on(target.client.get(path, &[]));
    Ok(answer.map_err(errors::client)?.body)
}

/// The object a call changes, as it is now: the one its name was found as (no second
/// read), else read; checked against the call's boundary.
fn object_now(target: &Target, op: &Operation, call: &mut Call) -> Result<Value> {
    let now = match call.found.take() {
        Some(found) => found,
        None => current(target, &call.path)?,
    };
    if let Some(guard) = &call.guard {
        lookup::check_within(op, &guard.scope, guard.noun, &now)?;
    }
    Ok(now)
}

/// Whether the object an operation's [`Param::Named`] argument names exists: one object by
/// that name (within the scope), or an id the API knows.
fn probe(target: &Target, op: &'static Operation, args: &[Dynamic]) -> Result<bool> {
    let (Some(Param::Named { name, lookup }), Some(arg)) = (op.params.first(), args.first()) else {
        return Err(errors::usage(op.name, "takes the name or id to look for"));
    };
    match lookup::named(target.provider, op, name, arg, None)? {
        lookup::Named::Name(text) => {
            Ok(!lookup::find(target.host, target.client, target.provider, lookup, &text, None)?.is_empty())
        }
        lookup::Named::Id(id) | lookup::Named::Object { id, .. } => {
            let path = op.path.replace(&slot(name), &encode_path(op, name, &id)?);
            match target.host.block_on(target.client.get(&path, &[])) {
                // A deleted object that still reads is gone all the same.
                Ok(answer) => Ok(target.provider.envelope.status_of(&answer.body) != Some("DELETED")),
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
fn patched(target: &Target, op: &Operation, resource: &Resource, call: &mut Call) -> Result<Patch> {
    let given = match &call.body {
        Some(Body::Json(Value::Object(given))) => given.clone(),
        _ => serde_json::Map::new(),
    };
    let now = object_now(target, op, call)?;
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
    target.provider.dialect.patch_with(&mut changed, &now);
    if resource.field("name").is_some() && !changed.contains_key("name") {
        if let Some(name) = now.get("name") {
            changed.insert("name".into(), name.clone());
        }
    }
    Ok(Patch::Send(target.provider.envelope.changes(Method::Patch, changed)))
}

fn prepare(target: &Target, op: &'static Operation, args: &[Dynamic], options: Option<&Dynamic>) -> Result<Call> {
    let provider = target.provider;
    let mut call = Call {
        path: op.path.to_string(),
        query: Vec::new(),
        body: None,
        guard: None,
        filters: Vec::new(),
        within: None,
        found: None,
    };
    let mut scope: Option<Scope> = None;
    let names_one = op.params.iter().any(|p| matches!(p, Param::Named { .. }));
    let mut form = Vec::new();
    let mut fields = serde_json::Map::new();
    let mut args = args.iter();
    for param in op.params {
        let arg = match (param, args.len() < op.params.len() && matches!(param, Param::OptionalSegment { .. })) {
            (Param::OptionalSegment { name, .. }, true) => {
                call.path = call.path.replace(&format!("/{}", slot(name)), "");
                continue;
            }
            _ => match args.next() {
                Some(arg) => arg,
                None => continue,
            },
        };
        match param {
            Param::Path { name, .. } | Param::OptionalSegment { name, .. } | Param::NumberPath { name, .. } => {
                let id = id_argument(op, name, arg, matches!(param, Param::NumberPath { .. }))?;
                call.path = call.path.replace(&slot(name), &encode_path(op, name, &id)?);
            }
            Param::Segments { name, segments, .. } => {
                let id = id_argument(op, name, arg, false)?;
                let parts: Vec<&str> = id.split('/').collect();
                if parts.len() != segments.len() || parts.iter().any(|p| p.trim().is_empty()) {
                    let shape = segments.join("/");
                    return Err(errors::usage(op.name, format!("'{name}' must be {shape}, got \"{id}\"")));
                }
                for (segment, part) in segments.iter().zip(parts) {
                    call.path = call.path.replace(&slot(segment), &encode_path(op, name, part)?);
                }
            }
            Param::SuffixFlag { name, suffix, .. } => match arg.as_bool() {
                Ok(true) => call.path.push_str(suffix),
                Ok(false) => {}
                Err(_) => {
                    return Err(errors::usage(
                        op.name,
                        format!("'{name}' must be true or false, got {}", convert::describe(arg)),
                    ))
                }
            },
            Param::Body { resource, .. } => call.body = Some(Body::Json(constructors::build(provider, resource, arg)?)),
            Param::RefBody { name, .. } => {
                call.body = Some(Body::Json(json!({ "id": id_argument(op, name, arg, false)? })))
            }
            Param::FormField { name, api, .. } => form.push((api.to_string(), id_argument(op, name, arg, false)?)),
            Param::Field { name, .. } => {
                fields.insert(name.to_string(), convert::to_json(arg)?);
            }
            Param::Scope { name, api, lookup } => {
                let id = match lookup::named(provider, op, name, arg, None)? {
                    lookup::Named::Id(id) | lookup::Named::Object { id, .. } => id,
                    lookup::Named::Name(text) => {
                        lookup::resolve(target.host, target.client, provider, op, lookup, &text, None)?.0
                    }
                };
                let within = Scope {
                    api,
                    id: id.clone(),
                    noun: lookup.noun,
                    path: format!("{}/{}", lookup.collection, encode_path(op, name, &id)?),
                };
                if op.method == Method::Post && !names_one {
                    fields.insert(api.to_string(), Value::String(id));
                } else if !names_one {
                    call.query.push((api.to_string(), id));
                }
                call.within = Some(within.path.clone());
                scope = Some(within);
            }
            Param::Named { name, lookup } => {
                let id = match lookup::named(provider, op, name, arg, scope.as_ref().map(|s| s.api))? {
                    lookup::Named::Name(text) => {
                        let (id, object) =
                            lookup::resolve(target.host, target.client, provider, op, lookup, &text, scope.as_ref())?;
                        // The object as its list showed it: a read of it, or what a change
                        // compares with, needs no second request.
                        if call.path.ends_with(&slot(name)) {
                            call.found = Some(object);
                        }
                        id
                    }
                    lookup::Named::Object { id, scope: Some(within) } => {
                        if let Some(scope) = &scope {
                            let object = json!({ "id": id, scope.api: within });
                            lookup::check_within(op, scope, lookup.noun, &object)?;
                        }
                        id
                    }
                    lookup::Named::Id(id) | lookup::Named::Object { id, .. } => {
                        let object = call.path.split(&slot(name)).next().unwrap_or_default();
                        let object = format!("{object}{}", encode_path(op, name, &id)?);
                        call.guard = scope.clone().map(|scope| Guard { scope, noun: lookup.noun, object });
                        id
                    }
                };
                call.path = call.path.replace(&slot(name), &encode_path(op, name, &id)?);
            }
        }
    }
    let given = match options {
        None => serde_json::Map::new(),
        Some(value) => convert::to_json_object(value)?.ok_or_else(|| {
            let keys = op.option_keys().join(", ");
            errors::usage(
                op.name,
                format!(
                    "the last argument must be an options map like #{{ {keys} }}, got {}",
                    convert::describe(value)
                ),
            )
        })?,
    };
    if let Some(scope) = &scope {
        // The scope comes from its argument only: an option naming another would reach past it.
        let resource = match &op.options {
            Options::Filter(filter) => Some(filter.resource),
            Options::Fields(resource) | Options::Patch(resource) | Options::Update(resource) => Some(*resource),
            _ => None,
        };
        let names_scope = |key: &&String| {
            *key == scope.api || resource.and_then(|r| r.field(key)).is_some_and(|f| f.api == scope.api)
        };
        if let Some(key) = given.keys().find(names_scope) {
            return Err(errors::usage(
                op.name,
                format!("'{key}' is not an option: the {} is the first argument", scope.noun),
            ));
        }
    }
    match &op.options {
        Options::None | Options::Probe => {}
        Options::Query(query_fields) => call.query = query(op, query_fields, &given)?,
        Options::Filter(filter) => {
            let (query, checked) = filters(op, filter, &given)?;
            call.query.extend(query);
            call.filters = checked;
        }
        Options::Patch(resource) => {
            call.body = Some(Body::Json(Value::Object(changes(op, resource, &given)?)));
        }
        Options::Update(resource) | Options::Replace(resource) => {
            let properties = changes(op, resource, &given)?;
            call.body = Some(Body::Json(provider.envelope.changes(op.method, properties)));
        }
        Options::Form(form_fields) => {
            let normalized =
                normalize(form_fields, &given, Mode::Change).map_err(|e| errors::validation(op.name, &e))?;
            form.extend(normalized.properties.into_iter().map(|(k, v)| match v {
                Value::String(s) => (k, s),
                other => (k, other.to_string()),
            }));
        }
        Options::Fields(resource) => {
            let allowed = op.option_keys();
            if let Some(key) = given
                .keys()
                .find(|k| !allowed.iter().any(|a| a == k || resource.field(a).is_some_and(|f| f.api == k.as_str())))
            {
                let hint = crate::suggest::did_you_mean(key, allowed.iter().copied());
                return Err(errors::usage(
                    op.name,
                    format!("'{key}' is unknown{hint} (allowed: {})", allowed.join(", ")),
                ));
            }
            fields.extend(given);
            let mode = if op.method == Method::Post { Mode::Build } else { Mode::Change };
            let normalized = resource.normalize(&fields, mode).map_err(|e| errors::validation(op.name, &e))?;
            call.body = Some(Body::Json(provider.envelope.object(normalized.properties, Vec::new())));
        }
    }
    if !form.is_empty() || matches!(op.options, Options::Form(_)) {
        call.body = Some(Body::Form(form));
    }
    Ok(call)
}

/// The properties an update changes: only changeable fields, at least one.
fn changes(
    op: &Operation,
    resource: &Resource,
    given: &serde_json::Map<String, Value>,
) -> Result<serde_json::Map<String, Value>> {
    let allowed = || resource.mutable_fields().map(|f| f.rhai).collect::<Vec<_>>().join(", ");
    if let Some(key) = given.keys().find(|k| !resource.mutable_fields().any(|f| f.rhai == *k || f.api == *k)) {
        return Err(errors::usage(op.name, format!("'{key}' cannot be changed (changeable: {})", allowed())));
    }
    let normalized = resource.normalize(given, Mode::Change).map_err(|e| errors::validation(op.name, &e))?;
    if normalized.properties.is_empty() {
        return Err(errors::usage(op.name, format!("nothing to change: give at least one of {}", allowed())));
    }
    Ok(normalized.properties)
}
/// An id argument: a non-empty string, or a response map whose `id` is taken; an integer
/// too where the API numbers the objects (`numbered`: LAN ids).
fn id_argument(op: &Operation, name: &str, arg: &Dynamic, numbered: bool) -> Result<String> {
    if let Ok(id) = arg.clone().into_string() {
        if !id.trim().is_empty() {
            return Ok(id);
        }
    } else if let (true, Ok(n)) = (numbered, arg.as_int()) {
        return Ok(n.to_string());
    } else if let Some(id) = arg.read_lock::<rhai::Map>().and_then(|m| {
        m.get("id").and_then(|v| v.clone().into_string().ok().or_else(|| v.as_int().ok().map(|n| n.to_string())))
    }) {
        return Ok(id);
    }
    let wanted = if numbered {
        "an id (a non-empty string or an int, or the object)"
    } else {
        "an id (a non-empty string, or the object)"
    };
    Err(errors::usage(op.name, format!("'{name}' must be {wanted}, got {}", convert::describe(arg))))
}

fn query(
    op: &Operation,
    fields: &'static [Field],
    given: &serde_json::Map<String, Value>,
) -> Result<Vec<(String, String)>> {
    let normalized = normalize(fields, given, Mode::Change).map_err(|e| errors::validation(op.name, &e))?;
    let mut query = Vec::new();
    for field in fields {
        let value = match normalized.properties.get(field.api) {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => match field.default {
                Some(default) => default.to_string(),
                None => continue,
            },
        };
        query.push((field.api.to_string(), value));
    }
    Ok(query)
}

/// The query of a filtered list: its fixed parameters, then each filter given, under the
/// name the API knows it by; values are sent as text (`%` a wildcard where the API has one).
/// Also the filters the answer is checked against on this side: those sent under the field's
/// own name (a renamed one, `nameLike`, matches as the API defines).
type Filters = (Vec<(String, String)>, Vec<(&'static str, String)>);

fn filters(op: &Operation, filter: &Filter, given: &serde_json::Map<String, Value>) -> Result<Filters> {
    let mut query: Vec<(String, String)> = filter.fixed.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let mut checked = Vec::new();
    for (key, value) in given {
        let Some(field) = filter.resource.field(key) else {
            let allowed = op.option_keys();
            let hint = crate::suggest::did_you_mean(key, allowed.iter().copied());
            return Err(errors::usage(
                op.name,
                format!("'{key}' is no filter{hint} (filters: {})", allowed.join(", ")),
            ));
        };
        let text = match value {
            Value::String(text) => text.clone(),
            Value::Bool(_) | Value::Number(_) => value.to_string(),
            other => {
                return Err(errors::usage(
                    op.name,
                    format!("filter '{key}' must be a string, number or bool, got {}", describe_value(other)),
                ))
            }
        };
        let renamed = filter.renamed.iter().find(|(from, _)| *from == field.api).map(|(_, to)| *to);
        let name = renamed.unwrap_or(field.api);
        if filter.fixed.iter().any(|(fixed, _)| *fixed == name) {
            return Err(errors::usage(
                op.name,
                format!("'{key}' cannot be a filter here: '{name}' pages the list (filter the result instead)"),
            ));
        }
        query.push((name.to_string(), text.clone()));
        if renamed.is_none() {
            checked.push((field.api, text));
        }
    }
    Ok((query, checked))
}

/// An id as the one path segment it fills (see [`segment`]); an id no object can have is
/// refused before anything is sent.
fn encode_path(op: &Operation, name: &str, id: &str) -> Result<String> {
    segment(id).ok_or_else(|| {
        let shown = id.escape_debug();
        errors::usage(
            op.name,
            format!("'{name}' cannot be an id: \"{shown}\" (not empty, '.' or '..', no control characters)"),
        )
    })
}
