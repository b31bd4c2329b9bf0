//! What each kind of positional argument fills in, one function per [`Param`] variant.

use rhai::Dynamic;
use serde_json::{json, Value};

use super::{Filling, Guard, Result};
use crate::catalog::{segment, slot, Lookup, Method, Operation, Param, Resource};
use crate::client::Payload;
use crate::engine::lookup::{self, Named, Scope};
use crate::engine::{constructors, convert, errors};

/// Fills in what `arg` gives for `param`.
pub(super) fn fill(filling: &mut Filling, param: &Param, arg: &Dynamic) -> Result<()> {
    match param {
        Param::Path { name, .. } | Param::OptionalSegment { name, .. } => path(filling, name, arg, false),
        Param::NumberPath { name, .. } => path(filling, name, arg, true),
        Param::Segments { name, segments, .. } => split_path(filling, name, segments, arg),
        Param::SuffixFlag { name, suffix, .. } => suffix_flag(filling, name, suffix, arg),
        Param::Body { resource, .. } => body(filling, resource, arg),
        Param::RefBody { name, .. } => ref_body(filling, name, arg),
        Param::Ids { name, .. } => ids_body(filling, name, arg),
        Param::FormField { name, api, .. } => form_field(filling, name, api, arg),
        Param::Text { name, .. } => text_body(filling, name, arg),
        Param::Field { name, .. } => field(filling, name, arg),
        Param::Scope { name, api, lookup } => scope(filling, name, api, lookup, arg),
        Param::Named { name, lookup } => named(filling, name, lookup, arg),
    }
}

/// A text document sent as the whole body.
fn text_body(filling: &mut Filling, name: &str, arg: &Dynamic) -> Result<()> {
    let text = arg.clone().into_string().map_err(|found| {
        errors::usage(filling.op.name, format!("'{name}' must be a string (the document), got {found}"))
    })?;
    filling.prepared.body = Some(Payload::Text(text));
    Ok(())
}

/// An optional last segment not given: the path goes without it.
pub(super) fn leave_out(filling: &mut Filling, name: &str) {
    let path = &mut filling.prepared.path;
    *path = path.replace(&format!("/{}", slot(name)), "");
}

/// An id filling the `{name}` slot of the path (an int too where the API numbers objects).
fn path(filling: &mut Filling, name: &str, arg: &Dynamic, numbered: bool) -> Result<()> {
    let id = id_argument(filling.op, name, arg, numbered)?;
    let filled = encode_path(filling.op, name, &id)?;
    filling.prepared.path = filling.prepared.path.replace(&slot(name), &filled);
    Ok(())
}

/// One argument filling several slots, split at `/` (a location id `de/fra`).
fn split_path(filling: &mut Filling, name: &str, segments: &[&str], arg: &Dynamic) -> Result<()> {
    let op = filling.op;
    let id = id_argument(op, name, arg, false)?;
    let parts: Vec<&str> = id.split('/').collect();
    if parts.len() != segments.len() || parts.iter().any(|p| p.trim().is_empty()) {
        let shape = segments.join("/");
        return Err(errors::usage(op.name, format!("'{name}' must be {shape}, got \"{id}\"")));
    }
    for (segment, part) in segments.iter().zip(parts) {
        filling.prepared.path = filling.prepared.path.replace(&slot(segment), &encode_path(op, name, part)?);
    }
    Ok(())
}

/// A boolean that, when true, appends its suffix to the path (`get_request(id, true)`).
fn suffix_flag(filling: &mut Filling, name: &str, suffix: &str, arg: &Dynamic) -> Result<()> {
    match arg.as_bool() {
        Ok(true) => filling.prepared.path.push_str(suffix),
        Ok(false) => {}
        Err(_) => {
            return Err(errors::usage(
                filling.op.name,
                format!("'{name}' must be true or false, got {}", convert::describe(arg)),
            ))
        }
    }
    Ok(())
}

/// A resource object as the body: a constructor's result, or a map run through it first.
fn body(filling: &mut Filling, resource: &'static Resource, arg: &Dynamic) -> Result<()> {
    filling.prepared.body = Some(Payload::Json(constructors::build(filling.channel.provider, resource, arg)?));
    Ok(())
}

/// An id sent as the body `{"id": ...}` (attaching a volume).
fn ref_body(filling: &mut Filling, name: &str, arg: &Dynamic) -> Result<()> {
    filling.prepared.body = Some(Payload::Json(json!({ "id": id_argument(filling.op, name, arg, false)? })));
    Ok(())
}

/// Ids (or objects with theirs) sent as the body `{"ids": [...]}`.
fn ids_body(filling: &mut Filling, name: &str, arg: &Dynamic) -> Result<()> {
    let op = filling.op;
    let items = arg.read_lock::<rhai::Array>().map(|a| a.clone()).ok_or_else(|| {
        errors::usage(op.name, format!("'{name}' must be an array of ids or objects, got {}", convert::describe(arg)))
    })?;
    let ids = items.iter().map(|item| id_argument(op, name, item, false)).collect::<Result<Vec<String>>>()?;
    filling.prepared.body = Some(Payload::Json(json!({ "ids": ids })));
    Ok(())
}

/// An id sent as one field of a form-encoded body.
fn form_field(filling: &mut Filling, name: &str, api: &str, arg: &Dynamic) -> Result<()> {
    let id = id_argument(filling.op, name, arg, false)?;
    filling.form.push((api.to_string(), id));
    Ok(())
}

/// One field of the body's resource, given positionally (`create_k8s_cluster(name)`).
fn field(filling: &mut Filling, name: &str, arg: &Dynamic) -> Result<()> {
    filling.fields.insert(name.to_string(), convert::to_json(arg)?);
    Ok(())
}

/// The object the call works within (a NetFoundry network), by id, object or name: a list
/// sends it as a query parameter, a create as a body field; a call on one object checks the
/// object lies in it.
fn scope(filling: &mut Filling, name: &str, api: &'static str, lookup: &'static Lookup, arg: &Dynamic) -> Result<()> {
    let (op, channel) = (filling.op, filling.channel);
    let id = match lookup::named(channel.provider, op, name, arg, None)? {
        Named::Id(id) | Named::Object { id, .. } => id,
        Named::Name(text) => {
            lookup::resolve(channel.host, channel.client, channel.provider, op, lookup, &text, None)?.0
        }
    };
    let path = format!("{}/{}", lookup.collection, encode_path(op, name, &id)?);
    let names_one = op.params.iter().any(|p| matches!(p, Param::Named { .. }));
    if op.method == Method::Post && !names_one {
        filling.fields.insert(api.to_string(), Value::String(id.clone()));
    } else if !names_one {
        filling.prepared.query.push((api.to_string(), id.clone()));
    }
    filling.prepared.within = Some(path);
    filling.scope = Some(Scope { api, id, noun: lookup.noun });
    Ok(())
}

/// An object filling the `{name}` slot: its id, the object, or its name looked up within the
/// scope. One found by name is kept as its list showed it (a read of it, or what a change
/// compares with, needs no second request); one given by id is guarded: it must lie in the
/// scope.
fn named(filling: &mut Filling, name: &str, lookup: &'static Lookup, arg: &Dynamic) -> Result<()> {
    let (op, channel) = (filling.op, filling.channel);
    let scope = filling.scope.clone();
    let id = match lookup::named(channel.provider, op, name, arg, scope.as_ref().map(|s| s.api))? {
        Named::Name(text) => {
            let (id, object) =
                lookup::resolve(channel.host, channel.client, channel.provider, op, lookup, &text, scope.as_ref())?;
            if filling.prepared.path.ends_with(&slot(name)) {
                filling.prepared.found = Some(object);
            }
            id
        }
        Named::Object { id, scope: Some(within) } => {
            if let Some(scope) = &scope {
                lookup::check_within(op, scope, lookup.noun, &json!({ "id": id, scope.api: within }))?;
            }
            id
        }
        Named::Id(id) | Named::Object { id, .. } => {
            let before = filling.prepared.path.split(&slot(name)).next().unwrap_or_default();
            let object = format!("{before}{}", encode_path(op, name, &id)?);
            filling.prepared.guard = scope.map(|scope| Guard { scope, noun: lookup.noun, object });
            id
        }
    };
    filling.prepared.path = filling.prepared.path.replace(&slot(name), &encode_path(op, name, &id)?);
    Ok(())
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

/// An id as the one path segment it fills (see [`segment`]); an id no object can have is
/// refused before anything is sent.
pub fn encode_path(op: &Operation, name: &str, id: &str) -> Result<String> {
    segment(id).ok_or_else(|| {
        let shown = id.escape_debug();
        errors::usage(
            op.name,
            format!("'{name}' cannot be an id: \"{shown}\" (not empty, '.' or '..', no control characters)"),
        )
    })
}
