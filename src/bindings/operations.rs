//! One Rhai function per catalog operation, all registered by the same generic code: the
//! positional arguments fill the path (or become the body), the optional trailing map holds
//! query options or, for updates, the properties to change.

use std::sync::Arc;

use std::any::TypeId;

use rhai::{Dynamic, Engine, EvalAltResult, Module, NativeCallContext, RhaiFunc, Shared};
use serde_json::{json, Value};

use super::host::Host;
use super::{constructors, convert, described, errors};
use crate::catalog::{Catalog, Field, Method, Mode, Operation, Options, Param, Signature};
use crate::client::Body;

/// The operations' signatures.
pub fn signatures(catalog: &'static Catalog) -> Vec<Signature> {
    catalog.operations.iter().map(|op| op.signature()).collect()
}

/// Registers every operation of the catalog, with and without its options map, in one
/// module of the engine's global namespace.
pub fn register(engine: &mut Engine, catalog: &'static Catalog, host: &Arc<Host>) {
    let mut module = Module::new();
    for &op in catalog.operations {
        let required = op.params.len();
        let arities = if op.has_options() { required..=required + 1 } else { required..=required };
        for arity in arities {
            let host = Arc::clone(host);
            let call = move |_: Option<NativeCallContext>, args: &mut [&mut Dynamic]| {
                invoke(&host, catalog, op, args.iter_mut().map(|a| std::mem::take(*a)).collect())
            };
            let func = RhaiFunc::Pure { func: Shared::new(call), has_context: false, is_pure: true, is_volatile: true };
            described(&op.signature(), arity).set_into_module_raw(
                &mut module,
                vec![TypeId::of::<Dynamic>(); arity],
                func,
            );
        }
    }
    engine.register_global_module(module.into());
}

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The HTTP request an operation's arguments describe.
struct Call {
    path: String,
    query: Vec<(String, String)>,
    body: Option<Body>,
}

fn invoke(host: &Host, catalog: &Catalog, op: &'static Operation, mut args: Vec<Dynamic>) -> Result<Dynamic> {
    let options = if args.len() > op.params.len() { args.pop() } else { None };
    let call = prepare(catalog, op, &args, options.as_ref())?;
    let response = host
        .block_on(host.client().call(op.method, &call.path, &call.query, call.body.as_ref()))
        .map_err(errors::client)?;
    let mut body = response.body;
    if op.creates() {
        host.record_created(&call.path, &body, response.request_id.clone());
    }
    if op.method == Method::Delete {
        host.record_deleted(&call.path);
    }
    if let (Some(request_id), Value::Object(map)) = (response.request_id, &mut body) {
        map.insert("requestId".into(), request_id.into());
        if let Some(url) = response.status_url {
            map.insert("statusUrl".into(), url.into());
        }
    }
    convert::to_dynamic(&body)
}

fn prepare(catalog: &Catalog, op: &'static Operation, args: &[Dynamic], options: Option<&Dynamic>) -> Result<Call> {
    let mut call = Call { path: op.path.to_string(), query: Vec::new(), body: None };
    let mut form = Vec::new();
    for (param, arg) in op.params.iter().zip(args) {
        match param {
            Param::Path { name, .. } => {
                let id = id_argument(op, name, arg)?;
                call.path = call.path.replace(&format!("{{{name}}}"), &encode_path(&id));
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
            Param::Body { resource, .. } => call.body = Some(Body::Json(constructors::build(catalog, resource, arg)?)),
            Param::RefBody { name, .. } => call.body = Some(Body::Json(json!({ "id": id_argument(op, name, arg)? }))),
            Param::FormField { name, api, .. } => form.push((api.to_string(), id_argument(op, name, arg)?)),
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
    match &op.options {
        Options::None => {}
        Options::Query(fields) => call.query = query(op, fields, &given)?,
        Options::Update(resource) => {
            if let Some(key) = given.keys().find(|k| !resource.mutable_fields().any(|f| f.rhai == *k || f.api == *k)) {
                let allowed: Vec<&str> = resource.mutable_fields().map(|f| f.rhai).collect();
                return Err(errors::usage(
                    op.name,
                    format!("'{key}' cannot be changed (changeable: {})", allowed.join(", ")),
                ));
            }
            let normalized = resource.normalize(&given, Mode::Change).map_err(|e| errors::validation(op.name, &e))?;
            if normalized.properties.is_empty() {
                let allowed: Vec<&str> = resource.mutable_fields().map(|f| f.rhai).collect();
                return Err(errors::usage(
                    op.name,
                    format!("nothing to change: give at least one of {}", allowed.join(", ")),
                ));
            }
            call.body = Some(Body::Json(Value::Object(normalized.properties)));
        }
        Options::Form(fields) => {
            let normalized =
                crate::catalog::normalize(fields, &given, Mode::Change).map_err(|e| errors::validation(op.name, &e))?;
            form.extend(normalized.properties.into_iter().map(|(k, v)| match v {
                Value::String(s) => (k, s),
                other => (k, other.to_string()),
            }));
        }
    }
    if !form.is_empty() || matches!(op.options, Options::Form(_)) {
        call.body = Some(Body::Form(form));
    }
    Ok(call)
}

/// An id argument: a string, an integer (LAN ids), or a response map whose `id` is taken.
fn id_argument(op: &Operation, name: &str, arg: &Dynamic) -> Result<String> {
    if let Ok(id) = arg.clone().into_string() {
        if !id.trim().is_empty() {
            return Ok(id);
        }
    } else if let Ok(n) = arg.as_int() {
        return Ok(n.to_string());
    } else if let Some(id) =
        arg.read_lock::<rhai::Map>().and_then(|m| m.get("id").and_then(|v| v.clone().into_string().ok()))
    {
        return Ok(id);
    }
    Err(errors::usage(
        op.name,
        format!("'{name}' must be an id (a non-empty string, or a map with an id), got {}", convert::describe(arg)),
    ))
}

fn query(
    op: &Operation,
    fields: &'static [Field],
    given: &serde_json::Map<String, Value>,
) -> Result<Vec<(String, String)>> {
    let normalized =
        crate::catalog::normalize(fields, given, Mode::Change).map_err(|e| errors::validation(op.name, &e))?;
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

/// Percent-encodes an id for a path, keeping `/` (location ids are `de/fra`).
fn encode_path(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
