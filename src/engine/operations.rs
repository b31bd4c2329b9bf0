//! One Rhai function per catalog operation, all registered by the same generic code: the
//! positional arguments fill the path (or become the body), the optional trailing map holds
//! query options or, for updates, the properties to change.

use std::any::TypeId;
use std::sync::Arc;

use rhai::{Dynamic, Engine, EvalAltResult, Module, NativeCallContext, RhaiFunc, Shared};
use serde_json::{json, Value};

use super::host::Host;
use super::{constructors, convert, described, errors};
use crate::catalog::{normalize, Catalog, Field, Method, Mode, Operation, Options, Param, Resource, Signature};
use crate::client::Body;

/// The operations' signatures.
pub fn signatures(catalog: &'static Catalog) -> Vec<Signature> {
    catalog.operations.iter().map(|op| op.signature()).collect()
}

/// Registers every operation of the catalog, for every number of arguments it accepts, in one
/// module of the engine's global namespace.
pub fn register(engine: &mut Engine, catalog: &'static Catalog, host: &Arc<Host>) {
    let mut module = Module::new();
    for &op in catalog.operations {
        for arity in op.arities() {
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
    let mut call = prepare(catalog, op, &args, options.as_ref())?;
    if let Options::Replace(resource) = op.options {
        call.body = Some(Body::Json(replaced(host, resource, &call)?));
    }
    let response = host
        .block_on(host.client().call(op.method, &call.path, &call.query, call.body.as_ref()))
        .map_err(errors::client)?;
    let mut body = response.body;
    if let (Some(request_id), true) = (&response.request_id, op.method != Method::Get) {
        host.record_sent(op.method.as_str(), &call.path, request_id);
    }
    if op.creates {
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

/// The full object a PUT-only update sends: the current changeable properties with the
/// given ones laid over them.
fn replaced(host: &Host, resource: &Resource, call: &Call) -> Result<Value> {
    let given = match &call.body {
        Some(Body::Json(Value::Object(map))) => map.clone(),
        _ => serde_json::Map::new(),
    };
    let depth = [("depth".to_string(), "0".to_string())];
    let current = host.block_on(host.client().call(Method::Get, &call.path, &depth, None)).map_err(errors::client)?;
    let mut properties: serde_json::Map<String, Value> = current
        .body
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .filter(|(k, _)| resource.mutable_fields().any(|f| f.api == k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default();
    properties.extend(given);
    Ok(json!({ "properties": properties }))
}

fn prepare(catalog: &Catalog, op: &'static Operation, args: &[Dynamic], options: Option<&Dynamic>) -> Result<Call> {
    let mut call = Call { path: op.path.to_string(), query: Vec::new(), body: None };
    let mut form = Vec::new();
    let mut fields = serde_json::Map::new();
    let mut args = args.iter();
    for param in op.params {
        let arg = match (param, args.len() < op.params.len() && matches!(param, Param::OptionalSegment { .. })) {
            (Param::OptionalSegment { name, .. }, true) => {
                call.path = call.path.replace(&format!("/{{{name}}}"), "");
                continue;
            }
            _ => match args.next() {
                Some(arg) => arg,
                None => continue,
            },
        };
        match param {
            Param::Path { name, .. } | Param::OptionalSegment { name, .. } => {
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
            Param::Field { name, .. } => {
                fields.insert(name.to_string(), convert::to_json(arg)?);
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
    match &op.options {
        Options::None => {}
        Options::Query(query_fields) => call.query = query(op, query_fields, &given)?,
        Options::Update(resource) | Options::Replace(resource) => {
            let properties = changes(op, resource, &given)?;
            call.body = Some(Body::Json(Value::Object(properties)));
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
                return Err(errors::usage(op.name, format!("'{key}' is unknown (allowed: {})", allowed.join(", "))));
            }
            fields.extend(given);
            let mode = if op.method == Method::Post { Mode::Build } else { Mode::Change };
            let normalized = resource.normalize(&fields, mode).map_err(|e| errors::validation(op.name, &e))?;
            call.body = Some(Body::Json(json!({ "properties": normalized.properties })));
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

/// Percent-encodes an id for a path, keeping `/` (location ids are `de/fra`).
fn encode_path(id: &str) -> String {
    id.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
