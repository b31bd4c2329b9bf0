//! Exactly-once mutations on the CloudAPI: after a POST failed ambiguously (a 5xx, or the
//! connection broke after it was sent — see [`Step::LookUp`](crate::client::Step::LookUp)),
//! the client looks for it in the API's own request log before sending it again. `GET /requests` filtered by method, URL and
//! creation time lists the candidates; the one whose URL is ours and whose body is ours (JSON
//! equal, the log's masked secrets matching anything) is the request that was accepted, and
//! the call resumes from it: its request id and status URL, and the object it created.
//! Requests this client already knows (answered ones) are never taken for a lost one.

use serde_json::Value;
use time::macros::format_description;
use time::OffsetDateTime;

use crate::client::{Body, Client, ClientError, Method, Response, Ticket};
use crate::secrets;

/// How far before the first send the log is searched, for clocks that disagree.
const CLOCK_SLACK: time::Duration = time::Duration::seconds(60);

/// Looks for the POST of `body` to `path`, first sent at `sent_at`, in the request log.
/// `Ok(None)` means it was not accepted (safe to send again); an error means the log could not
/// be read (not safe).
pub async fn find(
    client: &Client,
    path: &str,
    body: Option<&Body>,
    sent_at: OffsetDateTime,
) -> Result<Option<Response>, ClientError> {
    let format = format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let after = (sent_at.to_offset(time::UtcOffset::UTC) - CLOCK_SLACK).format(&format).unwrap_or_default();
    let query = [
        ("filter.method".to_string(), Method::Post.as_str().to_string()),
        ("filter.url".to_string(), path.to_string()),
        ("filter.createdAfter".to_string(), after),
        ("depth".to_string(), "2".to_string()),
    ];
    let log = Box::pin(client.call(Method::Get, "/requests", &query, None)).await?;
    let ours = format!("{}{}", api_path(client.api_url()), path);
    let sent = body.map(Body::text).unwrap_or_default();
    let items = log.body.get("items").and_then(Value::as_array).cloned().unwrap_or_default();
    // Oldest first: the first acceptance is the one that counts.
    let found = items.iter().rev().find(|item| {
        let id = item.get("id").and_then(Value::as_str).unwrap_or_default();
        let properties = item.get("properties");
        let url = properties.and_then(|p| p.get("url")).and_then(Value::as_str).unwrap_or_default();
        let logged = properties.and_then(|p| p.get("body")).and_then(Value::as_str).unwrap_or_default();
        !id.is_empty() && !client.was_answered(id) && same_url(url, &ours) && same_body(logged, &sent)
    });
    let Some(found) = found else { return Ok(None) };
    let request_id = found.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
    let status = found.pointer("/metadata/requestStatus");
    let status_url = status.and_then(|s| s.get("href")).and_then(Value::as_str).map(str::to_string);
    let target = status
        .and_then(|s| s.pointer("/metadata/targets/0/target/href"))
        .and_then(Value::as_str)
        .and_then(|href| href.strip_prefix(client.api_url().trim_end_matches('/')))
        .map(str::to_string);
    let object = match target {
        Some(target) => match Box::pin(client.call(Method::Get, &target, &[], None)).await {
            Ok(answer) => answer.body,
            Err(ClientError::Api(e)) if e.status == 404 => Value::Object(Default::default()),
            Err(e) => return Err(e),
        },
        None => Value::Object(Default::default()),
    };
    Ok(Some(Response { status: 202, body: object, ticket: Some(Ticket { id: request_id, url: status_url }) }))
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
/// secret string), or equal text when it is not JSON.
fn same_body(logged: &str, sent: &str) -> bool {
    match (serde_json::from_str::<Value>(logged), serde_json::from_str::<Value>(sent)) {
        (Ok(logged), Ok(sent)) => json_matches(&logged, &sent),
        _ => logged.trim() == sent.trim(),
    }
}

fn json_matches(logged: &Value, sent: &Value) -> bool {
    match (logged, sent) {
        (Value::String(mask), Value::String(_)) if mask == secrets::MASK => true,
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
}
