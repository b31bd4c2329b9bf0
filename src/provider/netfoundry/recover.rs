//! Exactly-once creates on the NetFoundry API: after a create failed ambiguously (a 5xx, or
//! the connection broke after it was sent), the client looks for what it created before
//! sending it again. Names are unique in a network (networks: in the organization), so the
//! object is found by its name where it was created: one made by the same identity no
//! earlier than the call's first send (by the server's clock, with a margin for its
//! resolution) is ours, and its create execution is followed as the lost answer's would
//! have been (the dialect links it in the answer). None means the create was not accepted (safe to send again); an object of
//! that name made by someone else, or before, is never taken for ours.

use serde_json::Value;
use time::format_description::well_known::Rfc3339;

use super::catalog::CATALOG;
use crate::catalog::{segment, Effect, Lookup, Method, Param};
use crate::client::{Client, ClientError, Lost, Payload, Response};

/// How far before the first send an object's `createdAt` may be: the server's clock is
/// known from whole-second `Date` headers.
const CLOCK_RESOLUTION: time::Duration = time::Duration::seconds(2);

/// Looks for the object the lost create made. `Ok(None)` means it was not made (safe to
/// send again); an error means the lookup failed or cannot tell (not safe).
pub async fn find(client: &Client, lost: Lost<'_>) -> Result<Option<Response>, ClientError> {
    let cannot_tell = |why: &str| ClientError::Incomplete(format!("POST {}: {why}", lost.path));
    let op = CATALOG.operation_at(Method::Post, lost.path).filter(|op| op.effect() == Some(Effect::Create));
    let lookup = op.and_then(|_| lookup_of(lost.path)).ok_or_else(|| cannot_tell("not a create"))?;
    let Some(Payload::Json(body)) = lost.body else { return Err(cannot_tell("no body")) };
    let name = body.get("name").and_then(Value::as_str).ok_or_else(|| cannot_tell("the body names nothing"))?;
    let mut query: Vec<(String, String)> = lookup.fixed.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    if let Some(network) = body.get("networkId").and_then(Value::as_str) {
        query.push(("networkId".into(), network.to_string()));
    }
    if let Some(by_name) = lookup.by_name {
        query.push((by_name.to_string(), name.to_string()));
    }
    let me = Box::pin(client.get("/identity/v1/identities/self", &[])).await?.body;
    let me = me.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let listed = Box::pin(client.get(lookup.collection, &query)).await?.body;
    let since = lost.first_sent - CLOCK_RESOLUTION;
    let ours: Vec<&Value> = items(&listed)
        .iter()
        .filter(|object| lookup.names.iter().any(|field| text(object, field).eq_ignore_ascii_case(name)))
        .filter(|object| me.is_empty() || text(object, "createdBy").is_empty() || text(object, "createdBy") == me)
        .filter(|object| {
            time::OffsetDateTime::parse(text(object, "createdAt"), &Rfc3339).is_ok_and(|created| created >= since)
        })
        .filter(|object| !matches!(text(object, "status"), "DELETING" | "DELETED"))
        .collect();
    let object = match ours.as_slice() {
        [] => return Ok(None),
        [one] => (*one).clone(),
        several => {
            return Err(ClientError::Ambiguous {
                method: Method::Post.as_str(),
                path: lost.path.to_string(),
                candidates: several.iter().map(|o| text(o, "id").to_string()).collect(),
            })
        }
    };
    let ticket = Box::pin(create_execution(client, text(&object, "id"))).await?;
    Ok(Some(Response { status: 202, body: object, ticket }))
}

/// The lookup of the collection a create posts to.
fn lookup_of(collection: &str) -> Option<&'static Lookup> {
    CATALOG.operations().flat_map(|op| op.params).find_map(|param| match param {
        Param::Named { lookup, .. } | Param::Scope { lookup, .. } if lookup.collection == collection => Some(*lookup),
        _ => None,
    })
}

/// The execution that creates the object `id`, as the answer to its create links it.
async fn create_execution(client: &Client, id: &str) -> Result<Option<crate::client::Ticket>, ClientError> {
    let Some(id) = segment(id) else { return Ok(None) };
    let query = [("entityId", id.as_str()), ("sort", "createdAt,asc"), ("size", "100"), ("page", "0")]
        .map(|(k, v)| (k.to_string(), v.to_string()));
    let listed = client.get("/core/v2/executions", &query).await?.body;
    let first = items(&listed).iter().find(|e| text(e, "entityId") == id && text(e, "name").starts_with("Create"));
    Ok(first.and_then(|execution| {
        let href = execution.pointer("/_links/self/href").and_then(Value::as_str)?;
        Some(crate::client::Ticket { id: text(execution, "id").to_string(), url: Some(href.to_string()) })
    }))
}

/// The items of a page (`_embedded.<kind>List`), none when it holds none.
fn items(page: &Value) -> &[Value] {
    let embedded = page.get("_embedded").and_then(Value::as_object);
    embedded.and_then(|e| e.values().find_map(Value::as_array)).map_or(&[], Vec::as_slice)
}

/// The string field `name` of an object, empty when absent.
fn text<'v>(object: &'v Value, name: &str) -> &'v str {
    object.get(name).and_then(Value::as_str).unwrap_or_default()
}
