//! What every handler receives and returns: [`Call`] (who is calling, the path parameters,
//! the query options) and [`Reply`] (an answer, JSON or text).

use axum::extract::{FromRequestParts, OriginalUri, RawPathParams};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::ending::{OnDone, Undo};
use super::error::ErrorReply;
use super::jobs::{NewRequest, RequestTarget};
use super::store::Author;
use crate::catalog::{Effect, Operation, Typical};
use crate::secrets;

/// A successful answer.
#[derive(Debug)]
pub struct Reply {
    status: StatusCode,
    location: Option<String>,
    content: ReplyContent,
    pretty: bool,
    /// The media type of a JSON answer (`application/json`; HAL APIs `application/hal+json`).
    json_type: &'static str,
}

/// What an answer carries.
#[derive(Debug)]
enum ReplyContent {
    Json(Value),
    Text { content_type: &'static str, text: String },
    Empty,
}

impl Reply {
    /// The same answer with another status.
    pub fn with_status(mut self, status: StatusCode) -> Reply {
        self.status = status;
        self
    }

    /// The same answer, a JSON one said to be of `media_type` (`application/hal+json`).
    pub fn with_json_type(mut self, media_type: &'static str) -> Reply {
        self.json_type = media_type;
        self
    }

    /// The same answer with a `Location` header.
    pub fn with_location(mut self, location: String) -> Reply {
        self.location = Some(location);
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let (content_type, text) = match self.content {
            ReplyContent::Json(body) if self.pretty => (Some(self.json_type), pretty(&body)),
            ReplyContent::Json(body) => (Some(self.json_type), body.to_string()),
            ReplyContent::Text { content_type, text } => (Some(content_type), text),
            ReplyContent::Empty => (None, String::new()),
        };
        let mut response = (self.status, text).into_response();
        let headers = response.headers_mut();
        if let Some(content_type) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        response
    }
}

/// The media type of JSON answers.
const JSON: &str = "application/json";

/// JSON indented the way the APIs indent it.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The parts of a request every handler needs, taken apart once.
#[derive(Debug)]
pub struct Call {
    /// The emulator's base URL with the prefix the call came in under
    /// (`http://127.0.0.1:PORT/cloudapi/v6`): hrefs start with it.
    pub api: String,
    /// The prefix the call came in under (`/cloudapi/v6`), empty outside the APIs.
    pub prefix: &'static str,
    /// The path called, below the prefix (`/datacenters/x`).
    pub path: String,
    /// The path parameters, in order, as the route template names them.
    pub params: Vec<(String, String)>,
    /// Whether to indent the answer (`?pretty=false` asks for compact JSON).
    pub pretty: bool,
    /// The query parameters, in order.
    pub query: Vec<(String, String)>,
    /// Who is calling.
    pub author: Author,
    /// The operation the route answers (none for the emulator's own controls).
    pub operation: Option<&'static Operation>,
    /// What this call's change typically takes on the real API, when it is a mutation.
    pub typical: Option<Typical>,
    /// The [`Param::SuffixFlag`](crate::catalog::Param::SuffixFlag)s the route's path sets
    /// (`get_request(id, true)` is sent to `/requests/{id}/status`).
    pub flags: Vec<&'static str>,
    /// The emulator's own API token the call carries, if any.
    pub api_token: Option<super::auth::ApiToken>,
    base_url: String,
    method: String,
    url: String,
    headers: Map<String, Value>,
}

impl AsRef<Call> for Call {
    fn as_ref(&self) -> &Call {
        self
    }
}

/// The emulator's base URL (`http://127.0.0.1:PORT`), attached to every request it admits.
#[derive(Debug, Clone)]
pub struct BaseUrl(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Call {
    type Rejection = ErrorReply;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ErrorReply> {
        let base_url = parts.extensions.get::<BaseUrl>().map(|b| b.0.clone()).unwrap_or_default();
        let uri = parts.extensions.get::<OriginalUri>().map(|o| o.0.clone()).unwrap_or_else(|| parts.uri.clone());
        let query: Vec<(String, String)> =
            uri.query().map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        let pretty = match query.iter().find(|(k, _)| k == "pretty").map(|(_, v)| v.as_str()) {
            None => true,
            Some(text) if text.eq_ignore_ascii_case("true") => true,
            Some(text) if text.eq_ignore_ascii_case("false") => false,
            Some(text) => {
                return Err(ErrorReply::validation(format!(
                    "Query parameter 'pretty' must be true or false (got '{text}')"
                )))
            }
        };
        // An id is one path segment: one holding a `/` (sent as `%2F`) would reach another
        // object through this route, so it names nothing here.
        let params: Vec<(String, String)> = match RawPathParams::from_request_parts(parts, state).await {
            Ok(params) => params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            Err(_) => return Err(ErrorReply::not_found()),
        };
        if params.iter().any(|(_, value)| value.contains('/')) {
            return Err(ErrorReply::not_found());
        }
        let headers = parts
            .headers
            .iter()
            .filter(|(name, _)| *name != header::AUTHORIZATION)
            .map(|(name, value)| {
                (name.to_string(), Value::String(String::from_utf8_lossy(value.as_bytes()).into_owned()))
            })
            .collect();
        Ok(Call {
            api: base_url.clone(),
            prefix: "",
            path: uri.path().to_string(),
            params,
            pretty,
            author: parts.extensions.get::<Author>().cloned().unwrap_or_else(anonymous),
            operation: None,
            typical: None,
            flags: Vec::new(),
            api_token: parts.extensions.get::<super::auth::ApiToken>().cloned(),
            url: format!("{base_url}{uri}"),
            base_url,
            method: parts.method.to_string(),
            headers,
            query,
        })
    }
}

fn anonymous() -> Author {
    Author { name: "anonymous".into(), id: "00000000-0000-0000-0000-000000000000".into() }
}

impl Call {
    /// The same call as one of the API served under `prefix`.
    pub fn within(mut self, prefix: &'static str) -> Call {
        self.api = format!("{}{prefix}", self.base_url);
        self.prefix = prefix;
        self.path = self.path.strip_prefix(prefix).unwrap_or(&self.path).to_string();
        self
    }

    /// The same call as one of `operation`, at a path setting `flags`, whose change typically
    /// takes `typical`.
    pub fn answering(
        mut self,
        operation: &'static Operation,
        flags: Vec<&'static str>,
        typical: Option<Typical>,
    ) -> Call {
        self.operation = Some(operation);
        self.flags = flags;
        self.typical = typical;
        self
    }

    /// Whether the route's path sets the flag `name`.
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    /// What the call's operation does (a change, for calls that name none).
    pub fn effect(&self) -> Effect {
        self.operation.and_then(Operation::effect).unwrap_or(Effect::Change)
    }

    /// The absolute href of a store path, with the prefix the client used.
    pub fn href(&self, path: &str) -> String {
        format!("{}/{}", self.api, path)
    }

    /// A path parameter's value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// A query parameter's value.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// An integer query parameter within `min..=max`, or `default` when absent.
    pub fn int_param(&self, name: &str, default: i64, min: i64, max: i64) -> Result<i64, ErrorReply> {
        let Some(text) = self.query_param(name) else {
            return Ok(default);
        };
        match text.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ErrorReply::validation(format!(
                "Query parameter '{name}' must be an integer between {min} and {max} (got '{text}')"
            ))),
        }
    }

    /// A 200 answer with a JSON body.
    pub fn ok(&self, body: Value) -> Reply {
        self.reply(StatusCode::OK, Some(body))
    }

    /// An answer with this status and JSON body (none for an empty one).
    pub fn reply(&self, status: StatusCode, body: Option<Value>) -> Reply {
        let content = body.map_or(ReplyContent::Empty, ReplyContent::Json);
        Reply { status, location: None, content, pretty: self.pretty, json_type: JSON }
    }

    /// A 200 answer with a text body of `content_type` (a YAML kubeconfig).
    pub fn text(&self, content_type: &'static str, text: String) -> Reply {
        Reply {
            status: StatusCode::OK,
            location: None,
            content: ReplyContent::Text { content_type, text },
            pretty: false,
            json_type: JSON,
        }
    }

    /// The record of this call as a mutation of `targets` (the main one first). Secrets in
    /// the body are masked in the record.
    pub fn new_request(&self, raw_body: &str, targets: Vec<RequestTarget>, on_done: OnDone, undo: Undo) -> NewRequest {
        NewRequest {
            method: self.method.clone(),
            url: self.url.clone(),
            body: secrets::mask_body(raw_body),
            headers: self.headers.clone(),
            author: self.author.clone(),
            operation: self.operation.map(|op| op.name.to_string()).unwrap_or_default(),
            effect: self.effect(),
            targets,
            after: Vec::new(),
            on_done,
            undo,
        }
    }
}
