//! The NetFoundry API's conventions, for the client: its error bodies, its workflows (an
//! accepted change links the execution that carries it out, polled until FINISHED or
//! FAILED), its paged lists, and what a dry run answers.

use std::time::Duration;

use futures_util::future::BoxFuture;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::durations;
use crate::catalog::{Effect, Envelope as _, Typical};
use crate::client::{
    operation_kind, ApiMessage, Body, Client, ClientError, Dialect, Lost, Method, Planned, Progress, Response, Ticket,
    Unsent,
};

/// NetFoundry conventions.
#[derive(Debug, Default)]
pub struct NetFoundryApi;

/// Where an accepted change's answer links its execution.
const EXECUTION_LINK: &str = "/_links/execution/href";

impl Dialect for NetFoundryApi {
    /// ERROR, and SUSPENDED (an account's networks stopped): neither changes by itself.
    fn failed_status(&self, status: &str) -> bool {
        matches!(status, "ERROR" | "SUSPENDED")
    }

    /// `{"errors": ["…"]}`, Spring's `{"message"}`, or OAuth's `{"error", "error_description"}`.
    fn error_messages(&self, body: &Value) -> Vec<ApiMessage> {
        let message = |text: &str, code: &str| ApiMessage { code: code.to_string(), message: text.to_string() };
        let code = body.pointer("/status/label").and_then(Value::as_str).unwrap_or_default();
        if let Some(errors) = body.get("errors").and_then(Value::as_array) {
            let texts: Vec<ApiMessage> = errors
                .iter()
                .filter_map(|e| e.as_str().or_else(|| e.get("message").and_then(Value::as_str)))
                .map(|t| message(t, code))
                .collect();
            if !texts.is_empty() {
                return texts;
            }
        }
        ["message", "error_description", "error"]
            .iter()
            .find_map(|key| body.get(*key).and_then(Value::as_str))
            .map(|text| vec![message(text, body.get("error").and_then(Value::as_str).unwrap_or(code))])
            .unwrap_or_default()
    }

    fn ticket(&self, _location: Option<&str>, body: &Value) -> Option<Ticket> {
        self.ticket_in(body)
    }

    fn stamp(&self, value: &mut Value, ticket: &Ticket) {
        if value.pointer(EXECUTION_LINK).is_some() {
            return;
        }
        // A ticket without a URL (a dry run's) is linked by its path, which waits read too.
        let href = ticket.url.clone().unwrap_or_else(|| self.progress_path(ticket));
        if let Value::Object(map) = value {
            let links = map.entry("_links").or_insert_with(|| json!({}));
            if let Value::Object(links) = links {
                links.insert("execution".into(), json!({ "href": href }));
            }
        }
    }

    fn ticket_in(&self, value: &Value) -> Option<Ticket> {
        let url = value.pointer(EXECUTION_LINK)?.as_str()?;
        let id = url.split('?').next()?.trim_end_matches('/').rsplit('/').next()?.to_string();
        (!id.is_empty()).then(|| Ticket { id, url: Some(url.to_string()) })
    }

    fn ticket_hint(&self) -> &'static str {
        "_links.execution"
    }

    fn label(&self, ticket: &Ticket) -> String {
        format!("execution {}", ticket.id)
    }

    fn first_state(&self) -> &'static str {
        "STARTED"
    }

    fn progress_path(&self, ticket: &Ticket) -> String {
        format!("/core/v2/executions/{}", crate::catalog::segment(&ticket.id).unwrap_or_default())
    }

    /// An execution's `status`: FINISHED or SUCCESS is done, FAILED failed, anything else
    /// (STARTED, RUNNING) still going.
    fn progress(&self, body: &Value) -> Option<Progress> {
        let status = body.get("status")?.as_str()?;
        Some(match status {
            "FINISHED" | "SUCCESS" => Progress::Done,
            "FAILED" => Progress::Failed(
                ["errorMessage", "description"]
                    .iter()
                    .find_map(|k| body.get(*k).and_then(Value::as_str))
                    .unwrap_or("no reason given")
                    .to_string(),
            ),
            other => Progress::Pending(other.to_string()),
        })
    }

    /// Hosted edge routers are a kind of their own: they take minutes, customer-hosted ones
    /// seconds.
    fn operation(&self, method: Method, path: &str, body: Option<&Body>) -> (String, Duration) {
        let json = match body {
            Some(Body::Json(value)) => value.clone(),
            _ => Value::Null,
        };
        let mut kind = operation_kind(method, path);
        let fits = |template: &str| {
            let (wanted, given) = (template.split('/'), path.split('?').next().unwrap_or_default().split('/'));
            wanted.clone().count() == given.clone().count()
                && wanted.zip(given).all(|(w, g)| w.starts_with('{') || w == g)
        };
        let op = super::catalog::CATALOG.operations().find(|op| op.method == method && fits(op.path));
        let (typical, variant) = op.map_or((Typical::secs(5), None), |op| durations::typical(op, &json));
        if let Some(variant) = variant {
            kind.push_str(&format!(" ({variant})"));
        }
        (kind, typical.median)
    }

    /// `GET /core/v2/executions`, newest first: the statuses of the organization's latest
    /// changes in one page (one for all the networks a wait's changes are in).
    fn batch_progress(&self, _since: OffsetDateTime) -> Option<(String, Vec<(String, String)>)> {
        let query = [("sort", "createdAt,desc"), ("size", "1000"), ("page", "0")];
        Some(("/core/v2/executions".into(), query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()))
    }

    fn batch_progress_of(&self, body: &Value) -> Vec<(String, Progress)> {
        let items = body.pointer("/_embedded/executionList").and_then(Value::as_array).into_iter().flatten();
        items.filter_map(|item| Some((item.get("id")?.as_str()?.to_string(), self.progress(item)?))).collect()
    }

    /// A network's create body gets what the Python module fills in: the organization's
    /// network group when it has only one, provider OCI, region eu-amsterdam-1, size medium.
    fn complete<'a>(
        &'a self,
        client: &'a Client,
        path: &'a str,
        body: &'a mut Map<String, Value>,
    ) -> Option<BoxFuture<'a, Result<(), ClientError>>> {
        if path.trim_end_matches('/') != "/core/v2/networks" {
            return None;
        }
        Some(Box::pin(async move {
            for (key, value) in [("provider", "OCI"), ("region", "eu-amsterdam-1"), ("size", "medium")] {
                body.entry(key).or_insert_with(|| value.into());
            }
            if body.get("networkGroupId").is_some_and(|g| !g.is_null()) {
                return Ok(());
            }
            let query = [("size", "1000"), ("page", "0")].map(|(k, v)| (k.to_string(), v.to_string()));
            let groups = client.call(Method::Get, "/core/v2/network-groups", &query, None).await?.body;
            let ids: Vec<&str> = groups
                .pointer("/_embedded/networkGroupList")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(|g| g.get("id")?.as_str()).collect())
                .unwrap_or_default();
            match ids.as_slice() {
                [one] => {
                    body.insert("networkGroupId".into(), (*one).into());
                    Ok(())
                }
                _ => Err(ClientError::Incomplete(format!(
                    "create_network: the organization has {} network groups: give network_group_id (nf::network_groups() lists them)",
                    ids.len()
                ))),
            }
        }))
    }

    /// A service's `model` travels with its `modelType`, as the module sends them.
    fn patch_with(&self, changes: &mut Map<String, Value>, current: &Value) {
        if changes.contains_key("model") && !changes.contains_key("modelType") {
            if let Some(kind) = current.get("modelType").filter(|k| !k.is_null()) {
                changes.insert("modelType".into(), kind.clone());
            }
        }
    }

    /// A HAL or Spring page with later pages: the same query asking for the next one.
    fn next_page(&self, answer: &Value, query: &[(String, String)]) -> Option<Vec<(String, String)>> {
        // HAL keeps the figures in `page`, a Spring page (the roles) beside `content`.
        let page = answer.get("page").or_else(|| answer.get("content").map(|_| answer))?;
        let number = page.get("number")?.as_u64()?;
        let total = page.get("totalPages")?.as_u64()?;
        (number + 1 < total).then(|| {
            let mut next: Vec<(String, String)> = query.iter().filter(|(k, _)| k != "page").cloned().collect();
            next.push(("page".into(), (number + 1).to_string()));
            next
        })
    }

    /// Lists become one array of every page's items; anything else stays as answered.
    fn join_pages(&self, pages: Vec<Value>) -> Value {
        let is_list = |page: &Value| page.is_array() || page.get("page").is_some() || page.get("content").is_some();
        if !pages.first().is_some_and(is_list) {
            return pages.into_iter().next().unwrap_or(Value::Null);
        }
        // Each page's items, as the envelope finds them (an `_embedded` list, `content`, an array).
        let items = pages.iter().flat_map(|page| super::envelope::NetFoundryObjects.items(page).into_iter().flatten());
        Value::Array(items.cloned().collect())
    }

    /// The body with an id, `status: NEW` and a self link; a create is a POST to a
    /// collection.
    fn unsent(&self, unsent: &Unsent<'_>) -> Planned {
        let path = unsent.path.split('?').next().unwrap_or_default().trim_end_matches('/');
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let collection = super::envelope::collection_in(path).unwrap_or_default().to_string();
        let creates = unsent.method == Method::Post && segments.len() == 3;
        let mut object: Map<String, Value> = unsent.body.cloned().unwrap_or_default();
        let (own, effect) = match unsent.method {
            Method::Post if creates => (format!("{path}/{}", unsent.new_id), Effect::Create),
            Method::Post => (segments[..segments.len().min(4)].join("/"), Effect::Action),
            Method::Delete => (path.to_string(), Effect::Delete),
            _ => (path.to_string(), Effect::Change),
        };
        let own = format!("/{}", own.trim_start_matches('/'));
        let id = own.rsplit('/').next().unwrap_or_default().to_string();
        object.insert("id".into(), id.into());
        let status = match effect {
            Effect::Create => "NEW",
            Effect::Delete => "DELETING",
            _ => "UPDATING",
        };
        object.insert("status".into(), status.into());
        let href = format!("{}{own}", unsent.api_url.trim_end_matches('/'));
        object.insert("_links".into(), json!({ "self": { "href": href } }));
        Planned { object: Value::Object(object), created: creates.then_some(own), kind: collection, effect }
    }

    /// A create names its network in its body, not its path: nothing must exist first.
    fn must_exist(&self, method: Method, path: &str) -> Option<String> {
        let segments = path.trim_matches('/').split('/').count();
        (method != Method::Post && segments >= 4).then(|| path.trim_end_matches('/').to_string())
    }

    fn empty_collection(&self, _path: &str) -> Value {
        json!([])
    }

    /// The API keeps no record a lost create could be found in: it is never sent again.
    fn recover<'a>(
        &'a self,
        _: &'a Client,
        _: Lost<'a>,
    ) -> Option<BoxFuture<'a, Result<Option<Response>, ClientError>>> {
        None
    }

    fn identify<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Vec<(String, String)>, ClientError>> {
        Box::pin(async move {
            let me = client.call(Method::Get, "/identity/v1/identities/self", &[], None).await?.body;
            let text = |value: &Value, key: &str| match value.get(key) {
                Some(Value::String(s)) => s.clone(),
                _ => "?".to_string(),
            };
            let organization = crate::catalog::segment(&text(&me, "organizationId")).unwrap_or_default();
            let org_path = format!("/identity/v1/organizations/{organization}");
            let org = client.call(Method::Get, &org_path, &[], None).await?.body;
            Ok(vec![(
                "identity".to_string(),
                format!(
                    "{} <{}> ({}) in organization {} ({}, {})",
                    text(&me, "name"),
                    text(&me, "email"),
                    text(&me, "type"),
                    text(&org, "name"),
                    text(&org, "label"),
                    text(&org, "id")
                ),
            )])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_list_is_followed_page_by_page_to_its_last() {
        let first =
            json!({ "_embedded": { "endpointList": [{ "id": "a" }] }, "page": { "number": 0, "totalPages": 3 } });
        let asked = query(&[("networkId", "n"), ("size", "1"), ("page", "0")]);
        let next = NetFoundryApi.next_page(&first, &asked).expect("a second page");
        assert_eq!(next, query(&[("networkId", "n"), ("size", "1"), ("page", "1")]));
        let last = json!({ "page": { "number": 2, "totalPages": 3 } });
        assert_eq!(NetFoundryApi.next_page(&last, &next), None);
        assert_eq!(NetFoundryApi.next_page(&json!({ "id": "x" }), &[]), None, "one object has no pages");
    }

    #[test]
    fn error_and_suspended_are_failed_and_deleting_is_going() {
        assert!(NetFoundryApi.failed_status("ERROR") && NetFoundryApi.failed_status("SUSPENDED"));
        assert!(!NetFoundryApi.failed_status("PROVISIONING"));
        assert!(NetFoundryApi.going_status("DELETING") && !NetFoundryApi.going_status("UPDATING"));
    }

    #[test]
    fn pages_join_into_one_array_whatever_their_envelope() {
        let pages = vec![
            json!({ "_embedded": { "endpointList": [{ "id": "a" }, { "id": "b" }] }, "page": { "number": 0, "totalPages": 3 } }),
            json!({ "page": { "number": 1, "totalPages": 3 } }),
            json!({ "_embedded": { "endpointList": [{ "id": "c" }] }, "page": { "number": 2, "totalPages": 3 } }),
        ];
        let ids = |v: Value| v.as_array().map(|a| a.iter().map(|i| i["id"].clone()).collect::<Vec<_>>());
        assert_eq!(ids(NetFoundryApi.join_pages(pages)), Some(vec![json!("a"), json!("b"), json!("c")]));
        let spring = json!({ "content": [{ "id": "r" }], "number": 0, "totalPages": 1 });
        assert_eq!(ids(NetFoundryApi.join_pages(vec![spring])), Some(vec![json!("r")]));
        assert_eq!(ids(NetFoundryApi.join_pages(vec![json!([{ "id": "o" }])])), Some(vec![json!("o")]));
        let empty = json!({ "page": { "number": 0, "totalPages": 0, "totalElements": 0 } });
        assert_eq!(NetFoundryApi.join_pages(vec![empty]), json!([]));
        let object = json!({ "id": "n", "name": "net" });
        assert_eq!(NetFoundryApi.join_pages(vec![object.clone()]), object, "an object stays as it is");
    }

    #[test]
    fn errors_read_from_every_shape_the_api_answers() {
        let texts =
            |body: Value| NetFoundryApi.error_messages(&body).into_iter().map(|m| m.message).collect::<Vec<_>>();
        let core = json!({ "errors": ["name is taken"], "status": { "code": 409, "label": "CONFLICT" } });
        assert_eq!(texts(core), ["name is taken"]);
        assert_eq!(texts(json!({ "timestamp": 1, "status": 500, "message": "boom" })), ["boom"]);
        assert_eq!(texts(json!({ "error": "invalid_client", "error_description": "bad secret" })), ["bad secret"]);
        assert_eq!(texts(json!({ "error": "invalid_client" })), ["invalid_client"]);
    }

    #[test]
    fn only_a_router_netfoundry_hosts_is_its_own_hosted_kind() {
        let kind =
            |body: Value| NetFoundryApi.operation(Method::Post, "/core/v2/edge-routers", Some(&Body::Json(body)));
        let (aws, aws_takes) = kind(json!({ "name": "er", "provider": "AWS", "locationCode": "us-east-1" }));
        let (customer, customer_takes) = kind(json!({ "name": "er", "provider": "CUSTOMER" }));
        let (unset, _) = kind(json!({ "name": "er", "provider": null }));
        assert!(aws.ends_with(" (hosted)"), "{aws}");
        assert!(!customer.ends_with(" (hosted)") && !unset.ends_with(" (hosted)"), "{customer}, {unset}");
        assert!(customer_takes < aws_takes, "{customer_takes:?} < {aws_takes:?}");
    }

    #[test]
    fn an_execution_link_is_the_ticket_and_its_status_the_progress() {
        let answer = json!({ "id": "e1", "_links": { "execution": { "href": "https://h/core/v2/executions/x9" } } });
        let ticket = NetFoundryApi.ticket(None, &answer).expect("a ticket");
        assert_eq!(ticket.id, "x9");
        assert_eq!(NetFoundryApi.progress(&json!({ "status": "RUNNING" })), Some(Progress::Pending("RUNNING".into())));
        assert_eq!(NetFoundryApi.progress(&json!({ "status": "FINISHED" })), Some(Progress::Done));
        let failed = json!({ "status": "FAILED", "errorMessage": "no capacity" });
        assert_eq!(NetFoundryApi.progress(&failed), Some(Progress::Failed("no capacity".into())));
        let mut unlinked = json!({ "id": "e2" });
        NetFoundryApi.stamp(&mut unlinked, &Ticket { id: "t1".into(), url: None });
        assert_eq!(NetFoundryApi.ticket_in(&unlinked).map(|t| t.id), Some("t1".into()));
    }
}
