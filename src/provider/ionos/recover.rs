//! Exactly-once mutations on the CloudAPI: after a POST failed ambiguously (a 5xx, or the
//! connection broke after it was sent — see [`Step::LookUp`](crate::client::Step::LookUp)),
//! the client looks for it in the API's own request log before sending it again.
//!
//! Only a request this call could have sent counts: a POST to the same URL, logged no earlier
//! than the call's first send (by the server's clock, with the log's one-second resolution),
//! created by the same user when the credentials name one, and not one this client was
//! already answered with. Every attempt carries the call's marker header, which the log
//! records: a request with our marker is ours. When the log records no headers, the body
//! must match too (JSON equal, the log's masked secrets matching anything), and more than
//! one such request is an error naming them — never a guess, so another run's object is
//! never taken for ours.

use serde_json::Value;
use time::macros::format_description;

use crate::client::{Client, ClientError, Lost, Method, Response, Ticket};
use crate::protocol::CALL_HEADER;
use crate::secrets;

/// How far before the first send the log is searched: the log's dates and the server's
/// `Date` header are whole seconds.
const CLOCK_RESOLUTION: time::Duration = time::Duration::seconds(2);

/// Looks for the lost POST in the request log. `Ok(None)` means it was not accepted (safe to
/// send again); an error means the log could not be read, or cannot tell (not safe).
pub async fn find(client: &Client, lost: Lost<'_>) -> Result<Option<Response>, ClientError> {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let since = lost.first_sent.to_offset(time::UtcOffset::UTC) - CLOCK_RESOLUTION;
    let mut query = vec![
        ("filter.method".to_string(), Method::Post.as_str().to_string()),
        ("filter.url".to_string(), lost.path.to_string()),
        ("filter.createdAfter".to_string(), since.format(&format).unwrap_or_default()),
        ("depth".to_string(), "2".to_string()),
    ];
    if let Some(user) = lost.user {
        query.push(("filter.createdBy".to_string(), user.to_string()));
    }
    let log = Box::pin(client.get("/requests", &query)).await?;
    let ours = format!("{}{}", api_path(client.api_url()), lost.path);
    let items = log.body.get("items").and_then(Value::as_array).cloned().unwrap_or_default();
    let found = match choose(&items, &lost, &ours, |id| client.was_answered(id)) {
        Ok(Some(found)) => found,
        Ok(None) => return Ok(None),
        Err(candidates) => {
            return Err(ClientError::Ambiguous {
                method: Method::Post.as_str(),
                path: lost.path.to_string(),
                candidates,
            })
        }
    };
    let request_id = text(found, "/id").to_string();
    let status = found.pointer("/metadata/requestStatus");
    let status_url = status.and_then(|s| s.get("href")).and_then(Value::as_str).map(str::to_string);
    let target = status
        .and_then(|s| s.pointer("/metadata/targets/0/target/href"))
        .and_then(Value::as_str)
        .and_then(|href| href.strip_prefix(client.api_url().trim_end_matches('/')))
        .map(str::to_string);
    let object = match target {
        Some(target) => match Box::pin(client.get(&target, &[])).await {
            Ok(answer) => answer.body,
            Err(ClientError::Api(e)) if e.status == 404 => Value::Object(Default::default()),
            Err(e) => return Err(e),
        },
        None => Value::Object(Default::default()),
    };
    Ok(Some(Response { status: 202, body: object, ticket: Some(Ticket { id: request_id, url: status_url }) }))
}

/// The logged request that is the lost POST (to `ours`, the full path): `Ok(None)` when there
/// is none, the ids of the candidates when more than one could be.
fn choose<'v>(
    items: &'v [Value],
    lost: &Lost<'_>,
    ours: &str,
    answered: impl Fn(&str) -> bool,
) -> Result<Option<&'v Value>, Vec<String>> {
    let candidates = items.iter().filter(|item| {
        let id = text(item, "/id");
        !id.is_empty()
            && !answered(id)
            && same_url(text(item, "/properties/url"), ours)
            && lost.user.is_none_or(|user| text(item, "/metadata/createdBy").eq_ignore_ascii_case(user))
    });
    let headers_logged = items.iter().any(|item| item.pointer("/properties/headers").is_some_and(Value::is_object));
    let sent = lost.body.map(|b| b.text()).unwrap_or_default();
    let chosen: Vec<&Value> = if headers_logged {
        candidates.filter(|item| marker_of(item) == Some(lost.marker)).collect()
    } else {
        candidates.filter(|item| same_body(text(item, "/properties/body"), &sent)).collect()
    };
    match chosen.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        several => Err(several.iter().map(|item| text(item, "/id").to_string()).collect()),
    }
}

/// The string at `pointer` in a logged request, empty when absent.
fn text<'v>(item: &'v Value, pointer: &str) -> &'v str {
    item.pointer(pointer).and_then(Value::as_str).unwrap_or_default()
}

/// The call marker a logged request carried, if the log recorded it.
fn marker_of(item: &Value) -> Option<&str> {
    let headers = item.pointer("/properties/headers")?.as_object()?;
    headers.iter().find(|(name, _)| name.eq_ignore_ascii_case(CALL_HEADER)).and_then(|(_, value)| value.as_str())
}

/// The path part of the API URL (`/cloudapi/v6`).
fn api_path(api_url: &str) -> String {
    match url::Url::parse(api_url) {
        Ok(url) => url.path().trim_end_matches('/').to_string(),
        Err(_) => String::new(),
    }
}

/// Whether a logged URL (absolute or not, with or without a query) is the path we called.
fn same_url(logged: &str, ours: &str) -> bool {
    let path = match url::Url::parse(logged) {
        Ok(url) => url.path().to_string(),
        Err(_) => logged.split(['?', '#']).next().unwrap_or_default().to_string(),
    };
    path.trim_end_matches('/') == ours.trim_end_matches('/')
}

/// Whether the logged body is the body we sent: equal JSON (a logged `***` stands for any
/// secret string, and a logged string equals ours with its URLs' credentials masked), or
/// equal text when it is not JSON.
fn same_body(logged: &str, sent: &str) -> bool {
    match (serde_json::from_str::<Value>(logged), serde_json::from_str::<Value>(sent)) {
        (Ok(logged), Ok(sent)) => json_matches(&logged, &sent),
        _ => logged.trim() == sent.trim(),
    }
}

fn json_matches(logged: &Value, sent: &Value) -> bool {
    match (logged, sent) {
        (Value::String(mask), Value::String(_)) if mask == secrets::MASK => true,
        (Value::String(logged), Value::String(sent)) => *logged == secrets::mask_urls(sent),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| json_matches(v, w)))
        }
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(v, w)| json_matches(v, w)),
        _ => logged == sent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bodies_match_as_json_with_masked_secrets() {
        let sent = json!({"properties": {"name": "v", "imagePassword": "s3cretPassw0rd", "size": 10}}).to_string();
        let logged = r#"{ "properties": { "size": 10, "imagePassword": "***", "name": "v" } }"#;
        assert!(same_body(logged, &sent));
        assert!(!same_body(r#"{"properties":{"size":11,"imagePassword":"***","name":"v"}}"#, &sent));
        assert!(same_body("snapshotId=x", "snapshotId=x"));
        assert!(!same_body("", r#"{"id":"a"}"#));
    }

    #[test]
    fn urls_match_on_the_whole_path_only() {
        let ours = "/cloudapi/v6/datacenters/d/servers";
        assert!(same_url("http://127.0.0.1:1/cloudapi/v6/datacenters/d/servers?depth=1", ours));
        assert!(same_url("/cloudapi/v6/datacenters/d/servers/", ours));
        assert!(!same_url("http://h/cloudapi/v6/datacenters/d/servers/s/nics", ours));
        assert!(!same_url("http://h/x/cloudapi/v6/datacenters/d/servers", ours));
    }

    fn logged(id: &str, user: &str, body: &str, marker: Option<&str>) -> Value {
        let mut properties = json!({"method": "POST", "url": "http://h/cloudapi/v6/datacenters", "body": body});
        if let Some(marker) = marker {
            properties["headers"] = json!({ "x-ionosh-call": marker, "content-type": "application/json" });
        }
        json!({"id": id, "metadata": {"createdBy": user}, "properties": properties})
    }

    fn lost<'a>(body: &'a crate::client::Payload, user: Option<&'a str>) -> Lost<'a> {
        Lost {
            path: "/datacenters",
            body: Some(body),
            marker: "m-1",
            first_sent: time::OffsetDateTime::now_utc(),
            user,
        }
    }

    const OURS: &str = "/cloudapi/v6/datacenters";

    #[test]
    fn only_a_request_carrying_our_marker_is_ours_when_the_log_records_headers() {
        let body = crate::client::Payload::Json(json!({"properties": {"name": "team-dc"}}));
        let sent = body.text();
        let log = [logged("a", "a@x", &sent, Some("m-0")), logged("b", "b@x", &sent, Some("m-1"))];
        let found = choose(&log, &lost(&body, Some("B@x")), OURS, |_| false).expect("one");
        assert_eq!(found.map(|f| text(f, "/id")), Some("b"));
        // Same body, same user, another marker: another run's request, never adopted.
        let log = [logged("a", "b@x", &sent, Some("m-0"))];
        assert_eq!(choose(&log, &lost(&body, Some("b@x")), OURS, |_| false), Ok(None));
    }

    #[test]
    fn another_users_request_or_an_answered_one_is_never_ours() {
        let body = crate::client::Payload::Json(json!({"properties": {"name": "team-dc"}}));
        let sent = body.text();
        let log = [logged("a", "a@x", &sent, None)];
        assert_eq!(choose(&log, &lost(&body, Some("b@x")), OURS, |_| false), Ok(None));
        let log = [logged("b", "b@x", &sent, None)];
        assert_eq!(choose(&log, &lost(&body, Some("b@x")), OURS, |id| id == "b"), Ok(None));
        assert_eq!(choose(&log, &lost(&body, Some("b@x")), OURS, |_| false).map(|f| f.is_some()), Ok(true));
    }

    #[test]
    fn without_headers_in_the_log_two_matching_bodies_are_an_error_naming_both() {
        let body = crate::client::Payload::Json(json!({"properties": {"name": "team-dc"}}));
        let sent = body.text();
        let log = [logged("r1", "b@x", &sent, None), logged("r2", "b@x", &sent, None), logged("r3", "b@x", "{}", None)];
        assert_eq!(choose(&log, &lost(&body, Some("b@x")), OURS, |_| false), Err(vec!["r1".into(), "r2".into()]));
    }
}
