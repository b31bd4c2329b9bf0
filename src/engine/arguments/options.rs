//! What the trailing options map fills in, one function per [`Options`] variant: query
//! parameters, a list's filters, the changes of an update, the fields of a form or of the
//! body. An option naming the call's scope is refused: the scope comes from its argument.

use serde_json::{Map, Value};

use super::{Filling, Result};
use crate::catalog::{describe_value, normalize, Field, Filter, Method, Mode, Operation, Options, Resource};
use crate::client::Payload;
use crate::engine::errors;

/// Fills in what the options map `given` says, as the operation's options describe it.
pub(super) fn apply(filling: &mut Filling, given: Map<String, Value>) -> Result<()> {
    outside_scope(filling, &given)?;
    let op = filling.op;
    match &op.options {
        Options::None | Options::Probe => {}
        Options::Query(fields) => filling.prepared.query = query(op, fields, &given)?,
        Options::Filter(filter) => {
            let (query, checked) = filters(op, filter, &given)?;
            filling.prepared.query.extend(query);
            filling.prepared.filters = checked;
        }
        Options::Patch(resource) => {
            filling.prepared.body = Some(Payload::Json(Value::Object(changes(op, resource, &given)?)));
        }
        Options::Update(resource) | Options::Replace(resource) => {
            let properties = changes(op, resource, &given)?;
            filling.prepared.body =
                Some(Payload::Json(filling.channel.provider.envelope.changes(op.method, properties)));
        }
        Options::Form(fields) => form(filling, fields, &given)?,
        Options::Fields(resource) => body_fields(filling, resource, given)?,
    }
    Ok(())
}

/// Refuses an option naming the scope: the scope comes from its argument only, and an
/// option naming another would reach past it.
fn outside_scope(filling: &Filling, given: &Map<String, Value>) -> Result<()> {
    let Some(scope) = &filling.scope else { return Ok(()) };
    let resource = match &filling.op.options {
        Options::Filter(filter) => Some(filter.resource),
        Options::Fields(resource) | Options::Patch(resource) | Options::Update(resource) => Some(*resource),
        _ => None,
    };
    let names_scope =
        |key: &&String| *key == scope.api || resource.and_then(|r| r.field(key)).is_some_and(|f| f.api == scope.api);
    match given.keys().find(names_scope) {
        Some(key) => Err(errors::usage(
            filling.op.name,
            format!("'{key}' is not an option: the {} is the first argument", scope.noun),
        )),
        None => Ok(()),
    }
}

/// Query parameters, checked as their fields describe them; defaults sent when not given.
fn query(op: &Operation, fields: &'static [Field], given: &Map<String, Value>) -> Result<Vec<(String, String)>> {
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

/// The query of a filtered list, and the filters its answer is checked against on this side.
type Filters = (Vec<(String, String)>, Vec<(&'static str, String)>);

/// The query of a filtered list: its fixed parameters, then each filter given, under the
/// name the API knows it by; values are sent as text (`%` a wildcard where the API has one).
/// Also the filters the answer is checked against on this side: those sent under the field's
/// own name (a renamed one, `nameLike`, matches as the API defines).
fn filters(op: &Operation, filter: &Filter, given: &Map<String, Value>) -> Result<Filters> {
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

/// The properties an update changes: only changeable fields, at least one.
fn changes(op: &Operation, resource: &Resource, given: &Map<String, Value>) -> Result<Map<String, Value>> {
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

/// Fields of a form-encoded body (a snapshot's name and description), as text.
fn form(filling: &mut Filling, fields: &'static [Field], given: &Map<String, Value>) -> Result<()> {
    let normalized = normalize(fields, given, Mode::Change).map_err(|e| errors::validation(filling.op.name, &e))?;
    filling.form.extend(normalized.properties.into_iter().map(|(k, v)| match v {
        Value::String(s) => (k, s),
        other => (k, other.to_string()),
    }));
    Ok(())
}

/// The other fields of the body's resource, with those given positionally: checked as a
/// constructor would (a create) or as changes (an update), and laid out as the provider's
/// objects are.
fn body_fields(filling: &mut Filling, resource: &Resource, given: Map<String, Value>) -> Result<()> {
    let op = filling.op;
    let allowed = op.option_keys();
    let known = |k: &String| allowed.iter().any(|a| a == k || resource.field(a).is_some_and(|f| f.api == k.as_str()));
    if let Some(key) = given.keys().find(|k| !known(k)) {
        let hint = crate::suggest::did_you_mean(key, allowed.iter().copied());
        return Err(errors::usage(op.name, format!("'{key}' is unknown{hint} (allowed: {})", allowed.join(", "))));
    }
    filling.fields.extend(given);
    let mode = if op.method == Method::Post { Mode::Build } else { Mode::Change };
    let normalized = resource.normalize(&filling.fields, mode).map_err(|e| errors::validation(op.name, &e))?;
    filling.prepared.body =
        Some(Payload::Json(filling.channel.provider.envelope.object(normalized.properties, Vec::new())));
    Ok(())
}
