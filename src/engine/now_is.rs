//! What a finished wait returns: the object its mutation made or changed, read once more,
//! so a script holds it as it now is (a server RUNNING, a network PROVISIONED), not as the API
//! answered when it accepted the change.

use serde_json::Value;

use super::host::Host;
use crate::catalog::Method;
use crate::client::{Client, Ticket};
use crate::provider::Provider;

/// The object `response` (a mutation's answer, followed by `ticket`) names, as it now is,
/// carrying the same ticket; the response itself when there is nothing to read: in a dry
/// run, after a delete, for a change settled without a request, for an answer that names no
/// object of this API (or nothing the API reads on its own), or when the object is gone
/// since (someone deleted it).
pub async fn as_it_now_is(
    host: &Host,
    provider: &'static Provider,
    client: &Client,
    ticket: &Ticket,
    response: Value,
) -> Value {
    if host.is_dry_run() || client.is_settled(&ticket.id) || host.verb_of(&ticket.id) == Some("delete") {
        return response;
    }
    let Some(path) = provider
        .envelope
        .self_href(&response)
        // An absolute href of this API, or one relative to its base (the product APIs').
        .and_then(|href| href.strip_prefix(client.api_url().trim_end_matches('/')).or(Some(href)))
        .filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.split('/').any(|s| s == ".."))
        .map(str::to_string)
    else {
        return response;
    };
    // Only what the API has a read for (not a collection a PUT set, such as a server's
    // security groups).
    let Some(read) = provider.catalog.operation_at(Method::Get, &path) else { return response };
    match client.get(&path, &read.default_query()).await {
        Ok(answer) if answer.body.is_object() => {
            let mut current = answer.body;
            provider.dialect.stamp(&mut current, ticket);
            current
        }
        Ok(_) => response,
        Err(e) if e.status() == 404 => response,
        Err(e) => {
            eprintln!("ionosh: warning: the change is done, but reading {path} as it now is failed ({e}): the wait returns the answer it was given");
            response
        }
    }
}
