//! Labels: keys and values on data centers, servers, volumes, IP blocks, snapshots and images
//! (`<object>/labels/{key}`), and the queries across them (`/labels`, `/labels/{urn}`).
//! Labels change at once: a POST answers 201 with the label, a PUT and a DELETE 200, and
//! none of them is a request to wait for. A key is unique on its object (422 on a second
//! label with it); `key` is required on a POST, a PUT keeps the key of its path. Across
//! objects a label is named by its URN, `urn:label:<resource type>:<resource id>:<key>`,
//! and shows its object's type, id and href. Labels go with their object.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::provider::ionos::sim::families::family::Request;
use crate::provider::ionos::sim::shape::call::CloudApiCall;
use crate::provider::ionos::sim::shape::render;
use crate::provider::ionos::sim::shape::resource::{self, properties_of};
use crate::sim::{ErrorReply, Meta, Reply, Shared, Store, StoredObject, World};

/// The object types that take labels.
const OWNERS: &[&str] = &["datacenter", "server", "volume", "ipblock", "snapshot", "image"];

/// The `key` and `value` a label body sets, each a string if given; nothing else is taken.
fn given(body: &Value) -> Result<Map<String, Value>, ErrorReply> {
    let properties = properties_of(body, "")?;
    for name in ["key", "value"] {
        match properties.get(name) {
            None | Some(Value::Null | Value::String(_)) => {}
            Some(other) => return Err(resource::invalid("", name, format!("must be a string (got {other})"))),
        }
    }
    if let Some(unknown) = properties.keys().find(|k| !["key", "value"].contains(&k.as_str())) {
        return Err(resource::invalid("", unknown, "is unknown (allowed: key, value)"));
    }
    Ok(properties.clone())
}

/// The string property `name`, or empty.
fn text<'a>(properties: &'a Map<String, Value>, name: &str) -> &'a str {
    properties.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// Runs a change of labels at once and answers with the label at `label` and `status`.
fn at_once(
    request: &Request,
    status: StatusCode,
    label: &str,
    change: impl FnOnce(&mut World, i64) -> Result<(), ErrorReply>,
) -> Result<Reply, ErrorReply> {
    request.sim.write(change)?;
    Ok(resource::one(request.call, request.sim, label)?.with_status(status))
}

/// `POST <object>/labels`: a new label, answered 201.
pub fn add(request: &Request) -> Result<Reply, ErrorReply> {
    let owner = request.object();
    let mut properties = given(&request.body.value)?;
    let key = text(&properties, "key").to_string();
    if key.is_empty() {
        return Err(resource::invalid("", "key", "is required"));
    }
    // A label is named by its key in a URL path (`<object>/labels/{key}`): a key that cannot
    // be one path segment could be created but never read, changed or deleted.
    if key.contains('/') || key.chars().any(char::is_control) || key == "." || key == ".." {
        return Err(resource::invalid(
            "",
            "key",
            format!(
                "'{}' cannot name a label: a key holds no '/' or control characters and is not '.' or '..'",
                key.escape_debug()
            ),
        ));
    }
    properties.entry("value").or_insert(json!(""));
    let label = format!("{owner}/labels/{}", key.to_ascii_lowercase());
    let author = request.call.author.clone();
    at_once(request, StatusCode::CREATED, &label.clone(), move |world, now| {
        resource::existing(world, &owner)?;
        if world.store().get(&label).is_some() {
            return Err(resource::invalid(
                "",
                "key",
                format!("names '{key}', which this object already has a label for"),
            ));
        }
        let ordered: Map<String, Value> = ["key", "value"]
            .iter()
            .map(|n| (n.to_string(), properties.get(*n).cloned().unwrap_or(Value::Null)))
            .collect();
        world.insert(&label, StoredObject::new("label", &key.to_ascii_lowercase(), Meta::new(&author, now), ordered))
    })
}

/// `PUT <object>/labels/{key}`: a new value, answered 200.
pub fn replace(request: &Request) -> Result<Reply, ErrorReply> {
    let label = request.path();
    let properties = given(&request.body.value)?;
    let author = request.call.author.clone();
    at_once(request, StatusCode::OK, &label.clone(), move |world, now| {
        let mut entry = world.store().get(&label).cloned().ok_or_else(ErrorReply::not_found)?;
        if let Some(key) = properties.get("key").and_then(Value::as_str) {
            if !key.eq_ignore_ascii_case(&entry.id) {
                return Err(resource::invalid(
                    "",
                    "key",
                    format!("must be the key of the path, '{}' (got '{key}')", entry.id),
                ));
            }
        }
        entry.properties.insert("value".into(), properties.get("value").cloned().unwrap_or(json!("")));
        entry.meta.touch(&author, now);
        world.insert(&label, entry)
    })
}

/// `DELETE <object>/labels/{key}`: gone at once, answered 200.
pub fn delete(request: &Request) -> Result<Reply, ErrorReply> {
    let label = request.path();
    request.sim.write(move |world, _| world.remove(&label)?.map(drop).ok_or_else(ErrorReply::not_found))?;
    Ok(request.call.reply(StatusCode::OK, None))
}

/// The URN of the label at `label_path`, with its object's type, id and store path.
fn urn(store: Store, label_path: &str, entry: &StoredObject) -> Option<(String, String, String, String)> {
    let owner = label_path.rsplitn(3, '/').nth(2)?;
    let object = store.get(owner)?;
    let kind = *OWNERS.iter().find(|kind| **kind == object.kind)?;
    Some((
        format!("urn:label:{kind}:{}:{}", object.id, text(&entry.properties, "key")),
        kind.into(),
        object.id.clone(),
        owner.into(),
    ))
}

/// A label as `/labels` shows it: named by its URN, with its object's type, id and href.
fn across(call: &CloudApiCall, store: Store, path: &str, entry: &StoredObject) -> Option<Value> {
    let (urn, kind, id, owner) = urn(store, path, entry)?;
    let mut metadata = render::metadata(&entry.meta, "");
    if let Some(fields) = metadata.as_object_mut() {
        fields.remove("state");
    }
    Some(json!({
        "id": urn,
        "type": "label",
        "href": call.href(&format!("labels/{urn}")),
        "metadata": metadata,
        "properties": {
            "key": text(&entry.properties, "key"),
            "value": text(&entry.properties, "value"),
            "resourceId": id,
            "resourceType": kind,
            "resourceHref": call.href(&owner),
        },
    }))
}

fn all(call: &CloudApiCall, sim: &Shared) -> Result<Vec<(String, Value)>, ErrorReply> {
    sim.read(|world, _| {
        let store = world.store();
        store
            .of_kind("label")
            .into_iter()
            .filter_map(|(path, entry)| across(call, store, path, entry))
            .map(|v| (v["id"].as_str().unwrap_or_default().to_ascii_lowercase(), v))
            .collect()
    })
}

/// `GET /labels`: every label of every object.
pub fn list(request: &Request) -> Result<Reply, ErrorReply> {
    let items: Vec<Value> = all(request.call, request.sim)?.into_iter().map(|(_, v)| v).collect();
    Ok(request
        .call
        .ok(json!({"id": "labels", "type": "collection", "href": request.call.href("labels"), "items": items})))
}

/// `GET /labels/{urn}`: one label by its URN.
pub fn one(request: &Request) -> Result<Reply, ErrorReply> {
    let wanted = request.param("urn").to_ascii_lowercase();
    let found = all(request.call, request.sim)?.into_iter().find(|(urn, _)| *urn == wanted);
    found.map(|(_, v)| request.call.ok(v)).ok_or_else(ErrorReply::not_found)
}
