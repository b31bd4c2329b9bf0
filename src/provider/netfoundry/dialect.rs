//! The NetFoundry API's conventions, for the client: its error bodies, its workflows (an
//! accepted change links the execution that carries it out, polled until FINISHED or
//! FAILED), what a dry run answers, what a network's create needs that the module fills in,
//! and who the credentials are.

use futures_util::future::BoxFuture;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::catalog::{self, CATALOG};
use super::durations;
use crate::catalog::{segment, Effect, Operation, Typical};
use crate::client::{
    ApiMessage, Client, ClientError, Completion, ErrorBodies, Identity, Lost, Planned, Planning, Progress, Recovery,
    Response, Ticket, Tickets, Unsent,
};

/// NetFoundry conventions.
#[derive(Debug, Default)]
pub struct NetFoundryApi;

/// The enrollment token of a planned endpoint or router: a JWT (`{"alg":"none"}`,
/// `{"planned":true}`) that enrolls nothing.
const PLANNED_JWT: &str = "eyJhbGciOiJub25lIn0.eyJwbGFubmVkIjp0cnVlfQ.";

/// Where an accepted change's answer links its execution.
const EXECUTION_LINK: &str = "/_links/execution/href";

impl ErrorBodies for NetFoundryApi {
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
}

impl Tickets for NetFoundryApi {
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
        format!("/core/v2/executions/{}", segment(&ticket.id).unwrap_or_default())
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

    fn typical(&self, op: &Operation, body: &Value) -> (Typical, Option<&'static str>) {
        durations::typical(op, body)
    }
}

impl Planning for NetFoundryApi {
    /// The body with an id, `status: NEW` (DELETING, UPDATING) and a self link.
    fn unsent(&self, unsent: &Unsent<'_>) -> Planned {
        let op = unsent.op;
        let effect = op.effect().unwrap_or(Effect::Change);
        let path = unsent.path.split('?').next().unwrap_or_default().trim_end_matches('/');
        let own = match effect {
            Effect::Create => format!("{path}/{}", unsent.new_id),
            Effect::Action => op.object_path(path).unwrap_or_else(|| path.to_string()),
            Effect::Change | Effect::Delete => path.to_string(),
        };
        let mut object: Map<String, Value> = unsent.body.cloned().unwrap_or_default();
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
        let mut handed_out = Map::new();
        if effect == Effect::Create {
            object.insert("planned".into(), true.into());
            // What the API hands out with a new endpoint or router: its one-time enrollment
            // token (and a router's registration key), made up and unusable.
            let kind_name = CATALOG.resource_of(op).map_or("", |r| r.api_type);
            if matches!(kind_name, "endpoint" | "edge-router") {
                handed_out.insert("jwt".into(), PLANNED_JWT.into());
            }
            if kind_name == "edge-router" {
                handed_out.insert("registration".into(), json!({ "registrationKey": "PLANNEDKEY0" }));
            }
        }
        let resource = CATALOG.resource_of(op).or_else(|| CATALOG.acted_on(op));
        let kind = resource.map_or("object", |r| r.api_type).to_string();
        let created = (effect == Effect::Create).then_some(own);
        Planned { object: Value::Object(object), created, kind, effect, handed_out, nested: Vec::new() }
    }

    fn empty_collection(&self, _path: &str) -> Value {
        json!([])
    }
}

impl Recovery for NetFoundryApi {
    /// A lost create is found by its name where it was made (see [`super::recover`]).
    fn recover<'a>(
        &'a self,
        client: &'a Client,
        lost: Lost<'a>,
    ) -> Option<BoxFuture<'a, Result<Option<Response>, ClientError>>> {
        Some(Box::pin(async move {
            let mut found = super::recover::find(client, lost).await?;
            // The object found is answered as its create's answer would have been: with its
            // execution linked.
            if let Some(Response { body, ticket: Some(ticket), .. }) = found.as_mut() {
                self.stamp(body, ticket);
            }
            Ok(found)
        }))
    }
}

impl Completion for NetFoundryApi {
    /// A network's create body gets what the Python module fills in: the organization's
    /// network group when it has only one, provider OCI, region eu-amsterdam-1, size medium.
    fn complete<'a>(
        &'a self,
        client: &'a Client,
        op: &'static Operation,
        body: &'a mut Map<String, Value>,
    ) -> Option<BoxFuture<'a, Result<(), ClientError>>> {
        if !std::ptr::eq(op, &catalog::CREATE_NETWORK) {
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
            let groups = client.get("/core/v2/network-groups", &query).await?.body;
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
}

impl Identity for NetFoundryApi {
    fn identify<'a>(&'a self, client: &'a Client) -> BoxFuture<'a, Result<Vec<(String, String)>, ClientError>> {
        Box::pin(async move {
            let me = client.get("/identity/v1/identities/self", &[]).await?.body;
            let text = |value: &Value, key: &str| match value.get(key) {
                Some(Value::String(s)) => s.clone(),
                _ => "?".to_string(),
            };
            let organization = segment(&text(&me, "organizationId")).unwrap_or_default();
            let org = client.get(&format!("/identity/v1/organizations/{organization}"), &[]).await?.body;
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

    #[test]
    fn only_a_router_netfoundry_hosts_is_its_own_hosted_variant() {
        let variant = |body: Value| NetFoundryApi.typical(&catalog::CREATE_EDGE_ROUTER, &body);
        let (aws_takes, aws) = variant(json!({ "name": "er", "provider": "AWS", "locationCode": "us-east-1" }));
        let (customer_takes, customer) = variant(json!({ "name": "er", "provider": "CUSTOMER" }));
        let (_, unset) = variant(json!({ "name": "er", "provider": null }));
        assert_eq!((aws, customer, unset), (Some("hosted"), None, None));
        assert!(customer_takes.median < aws_takes.median, "{customer_takes:?} < {aws_takes:?}");
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
