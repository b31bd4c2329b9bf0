//! Objects named by the user, found: an id is taken as it is, an object (a map) gives its id,
//! and a name is looked up in the object's collection (within the call's scope, a NetFoundry
//! network), where exactly one object must have it. Lists are read to their last page.

use rhai::{Dynamic, EvalAltResult};
use serde_json::Value;

use super::{convert, errors};
use crate::catalog::{Lookup, Operation};
use crate::client::Client;
use crate::provider::Provider;

type Result<T> = std::result::Result<T, Box<EvalAltResult>>;

/// The scope a call works within: the query parameter or field naming it, and its id.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The field naming it on the wire (`networkId`).
    pub api: &'static str,
    /// Its id.
    pub id: String,
    /// What it is called (`network`).
    pub noun: &'static str,
}

/// What an argument naming an object holds.
pub enum Named {
    /// An id, or an object's id: whether it lies in the scope is not known yet.
    Id(String),
    /// An object (a map): its id, and the scope field's value it carries, if any.
    Object { id: String, scope: Option<String> },
    /// A name to look up.
    Name(String),
}

/// Reads an argument naming an object of `lookup`.
pub fn named(
    provider: &Provider,
    op: &Operation,
    param: &str,
    arg: &Dynamic,
    scope_api: Option<&str>,
) -> Result<Named> {
    if let Some(map) = arg.read_lock::<rhai::Map>() {
        let text = |key: &str| map.get(key).and_then(|v| v.clone().into_string().ok());
        if let Some(id) = text("id").filter(|id| !id.trim().is_empty()) {
            return Ok(Named::Object { id, scope: scope_api.and_then(text) });
        }
    } else if let Ok(text) = arg.clone().into_string() {
        if !text.trim().is_empty() {
            return Ok(if provider.envelope.is_id(&text) { Named::Id(text) } else { Named::Name(text) });
        }
    }
    Err(errors::usage(
        op.name,
        format!("'{param}' must be an id, a name or the object, got {}", convert::describe(arg)),
    ))
}

/// The most pages a list is followed for.
const MAX_PAGES: usize = 1000;

/// Reads a list (or any object) at `path`, following its pages to the end: what a script
/// gets back. Following stops with an error when a page does not move on or past
/// [`MAX_PAGES`], so a broken server cannot keep a run asking.
pub fn read_all(
    host: &super::Host,
    client: &Client,
    provider: &Provider,
    path: &str,
    query: &[(String, String)],
) -> Result<Value> {
    let mut query = query.to_vec();
    let mut pages = Vec::new();
    loop {
        let answer = host.block_on(client.get(path, &query)).map_err(errors::client)?.body;
        let next = provider.envelope.next_page(&answer, &query);
        pages.push(answer);
        match next {
            // A page that does not move the list on would be asked for again and again.
            Some(next) if next == query => {
                return Err(errors::usage(
                    path,
                    format!(
                        "the API did not move on to the next page ({}): stopped after {} requests",
                        next.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"),
                        pages.len()
                    ),
                ))
            }
            // A thousand pages is past any account: a server that never ends is stopped.
            Some(_) if pages.len() >= MAX_PAGES => {
                return Err(errors::usage(
                    path,
                    format!("the list goes on past {MAX_PAGES} pages: stopped (narrow it with a filter)"),
                ))
            }
            Some(next) => query = next,
            None => break,
        }
    }
    Ok(provider.envelope.join_pages(pages))
}

/// The objects of `lookup` named `name` (comparing its name fields, ignoring case), within
/// `scope`.
pub fn find(
    host: &super::Host,
    client: &Client,
    provider: &Provider,
    lookup: &Lookup,
    name: &str,
    scope: Option<&Scope>,
) -> Result<Vec<Value>> {
    let mut query: Vec<(String, String)> = lookup.fixed.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    if let Some(by_name) = lookup.by_name {
        query.push((by_name.to_string(), name.to_string()));
    }
    if let Some(scope) = scope {
        query.push((scope.api.to_string(), scope.id.clone()));
    }
    let list = read_all(host, client, provider, lookup.collection, &query)?;
    let wanted = name.to_lowercase();
    let matches = |item: &&Value| {
        // Gone or going objects have given their names up; and the scope is checked here
        // too, not only trusted to the API's filter.
        let going =
            provider.envelope.status_of(item).is_some_and(|s| s == "DELETED" || provider.envelope.going_status(s));
        let outside = scope.is_some_and(|s| item.get(s.api).and_then(Value::as_str).is_some_and(|v| v != s.id));
        !going
            && !outside
            && lookup
                .names
                .iter()
                .any(|field| item.get(*field).and_then(Value::as_str).is_some_and(|n| n.to_lowercase() == wanted))
    };
    Ok(provider.envelope.items(&list).map(|items| items.iter().filter(matches).cloned().collect()).unwrap_or_default())
}

/// The one object of `lookup` named `name` within `scope` (as its list shows it); an error
/// naming what was looked for when none or several are.
pub fn resolve(
    host: &super::Host,
    client: &Client,
    provider: &Provider,
    op: &Operation,
    lookup: &Lookup,
    name: &str,
    scope: Option<&Scope>,
) -> Result<(String, Value)> {
    let found = find(host, client, provider, lookup, name, scope)?;
    let within = scope.map(|s| format!(" in {} {}", s.noun, s.id)).unwrap_or_default();
    match found.as_slice() {
        [one] => match one.get("id").and_then(Value::as_str) {
            Some(id) => Ok((id.to_string(), one.clone())),
            None => Err(errors::usage(op.name, format!("the {} named '{name}'{within} has no id", lookup.noun))),
        },
        [] => Err(errors::not_found(op.name, format!("no {} named '{name}'{within}", lookup.noun))),
        many => {
            let ids: Vec<String> =
                many.iter().filter_map(|o| o.get("id").and_then(Value::as_str).map(str::to_string)).collect();
            Err(errors::ambiguous(
                op.name,
                format!("{} objects ({}) are named '{name}'{within}: give the id", many.len(), lookup.noun),
                ids,
            ))
        }
    }
}

/// Refuses an object that lies outside the call's scope (a NetFoundry network's boundary):
/// `object` is what the API answered for it.
pub fn check_within(op: &Operation, scope: &Scope, noun: &str, object: &Value) -> Result<()> {
    match object.get(scope.api).and_then(Value::as_str) {
        Some(other) if other != scope.id => Err(errors::usage(
            op.name,
            format!(
                "the {noun} {} belongs to {} {other}, not to {} {}",
                object.get("id").and_then(Value::as_str).unwrap_or("?"),
                scope.noun,
                scope.noun,
                scope.id
            ),
        )),
        _ => Ok(()),
    }
}
