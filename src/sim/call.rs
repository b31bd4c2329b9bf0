//! What every handler receives and returns: [`Call`] (the prefix used, the query options,
//! who is calling), [`Reply`] (an answer in the API's format) and [`ApiError`] (an error in
//! the API's error shape).

use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::jobs::{NewRequest, OnDone, RequestRecord, Target, Undo};
use super::state::Shared;
use super::store::Author;
use crate::catalog::FieldError;
use crate::provider::ionos::wire::{codes, ErrorBody};

/// An error answer in the API's shape: `{"httpStatus":..,"messages":[{"errorCode","message"}]}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiError { status, body: ErrorBody::new(status.as_u16(), code, message) }
    }

    /// 404: the path names nothing that exists.
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, "Resource does not exist")
    }

    /// 422: the request is understood but its content is refused.
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, codes::VALIDATION, message)
    }

    /// 422 for a property the resource description refuses.
    pub fn field(error: &FieldError) -> Self {
        Self::validation(error.api_message())
    }

    /// 403: the object may not be changed by anyone (a public image).
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, codes::FORBIDDEN, message)
    }

    /// 400: the body is not JSON.
    pub fn parse(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::PARSE, message)
    }

    /// 401: missing or wrong credentials.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED, "Unauthorized")
    }

    /// 405: the path exists but not with this method.
    pub fn method_not_allowed() -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, codes::METHOD, "Method not allowed for this resource")
    }

    /// 500: the emulator itself failed (e.g. its state file could not be written).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "500", message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let text = serde_json::to_string_pretty(&self.body).unwrap_or_default();
        (self.status, [(header::CONTENT_TYPE, "application/json")], text).into_response()
    }
}

/// A successful answer: a JSON body (or none) and, for accepted mutations, a `Location`.
#[derive(Debug)]
pub struct Reply {
    status: StatusCode,
    location: Option<String>,
    body: Option<Value>,
    pretty: bool,
}

impl Reply {
    /// The same answer with another status: `POST /um/users/{id}/s3keys` answers 200 (not
    /// 202) while still pointing at its request.
    pub fn with_status(mut self, status: StatusCode) -> Reply {
        self.status = status;
        self
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let text = match &self.body {
            Some(body) if self.pretty => serde_json::to_string_pretty(body).unwrap_or_default(),
            Some(body) => body.to_string(),
            None => String::new(),
        };
        let mut response = (self.status, text).into_response();
        let headers = response.headers_mut();
        if self.body.is_some() {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        if let Some(location) = self.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
            headers.insert(header::LOCATION, location);
        }
        response
    }
}

/// The parts of a request every handler needs, taken apart once.
#[derive(Debug)]
pub struct Call {
    /// The API root as called, e.g. `http://127.0.0.1:PORT/cloudapi/v6`: hrefs start with it.
    pub api: String,
    /// Whether the v6 prefix was used (paginated collections carry paging fields).
    pub v6: bool,
    /// The `depth` option, 0..10.
    pub depth: u8,
    /// Whether to indent the answer.
    pub pretty: bool,
    /// The query parameters, in order.
    pub query: Vec<(String, String)>,
    /// Who is calling.
    pub author: Author,
    method: String,
    url: String,
    headers: Map<String, Value>,
}

impl FromRequestParts<Shared> for Call {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, sim: &Shared) -> Result<Self, ApiError> {
        let uri = parts.extensions.get::<OriginalUri>().map(|o| o.0.clone()).unwrap_or_else(|| parts.uri.clone());
        let v6 = !uri.path().starts_with("/cloudapi/v5");
        let query: Vec<(String, String)> =
            uri.query().map(|q| url::form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        let find = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let depth = match find("depth") {
            None => 0,
            Some(text) => match text.trim().parse::<u8>() {
                Ok(d) if d <= 10 => d,
                _ => {
                    return Err(ApiError::validation(format!(
                        "Query parameter 'depth' must be an integer between 0 and 10 (got '{text}')"
                    )))
                }
            },
        };
        let pretty = match find("pretty") {
            None => true,
            Some(text) if text.eq_ignore_ascii_case("true") => true,
            Some(text) if text.eq_ignore_ascii_case("false") => false,
            Some(text) => {
                return Err(ApiError::validation(format!(
                    "Query parameter 'pretty' must be true or false (got '{text}')"
                )))
            }
        };
        let headers = parts
            .headers
            .iter()
            .filter(|(name, _)| *name != header::AUTHORIZATION)
            .map(|(name, value)| {
                (name.to_string(), Value::String(String::from_utf8_lossy(value.as_bytes()).into_owned()))
            })
            .collect();
        Ok(Call {
            api: format!("{}/cloudapi/{}", sim.base_url, if v6 { "v6" } else { "v5" }),
            v6,
            depth,
            pretty,
            author: parts.extensions.get::<Author>().cloned().unwrap_or_else(anonymous),
            method: parts.method.to_string(),
            url: format!("{}{}", sim.base_url, uri),
            headers,
            query,
        })
    }
}

fn anonymous() -> Author {
    Author { name: "anonymous".into(), id: "00000000-0000-0000-0000-000000000000".into() }
}

impl Call {
    /// The absolute href of a store path, with the prefix the client used.
    pub fn href(&self, path: &str) -> String {
        format!("{}/{}", self.api, path)
    }

    /// A query parameter's value.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// An integer query parameter within `min..=max`, or `default` when absent.
    pub fn int_param(&self, name: &str, default: i64, min: i64, max: i64) -> Result<i64, ApiError> {
        let Some(text) = self.param(name) else {
            return Ok(default);
        };
        match text.trim().parse::<i64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::validation(format!(
                "Query parameter '{name}' must be an integer between {min} and {max} (got '{text}')"
            ))),
        }
    }

    /// A 200 answer.
    pub fn ok(&self, body: Value) -> Reply {
        Reply { status: StatusCode::OK, location: None, body: Some(body), pretty: self.pretty }
    }

    /// A 202 answer for an accepted mutation, pointing at its request's status.
    pub fn accepted(&self, request: &RequestRecord, body: Option<Value>) -> Reply {
        Reply {
            status: StatusCode::ACCEPTED,
            location: Some(format!("{}/requests/{}/status", self.api, request.id)),
            body,
            pretty: self.pretty,
        }
    }

    /// The record of this call as a mutation of `targets` (the main one first). Secrets in
    /// the body (image passwords) are masked in the record.
    pub fn new_request(&self, raw_body: &str, targets: Vec<Target>, on_done: OnDone, undo: Undo) -> NewRequest {
        NewRequest {
            method: self.method.clone(),
            url: self.url.clone(),
            body: masked(raw_body),
            headers: self.headers.clone(),
            author: self.author.clone(),
            targets,
            on_done,
            undo,
        }
    }
}

/// Property names whose values never appear in the request log (volume image, user and backup
/// unit passwords, an S3 key's secret half a client may send back on a PUT).
const SECRETS: &[&str] = &["imagePassword", "password", "secretKey"];

/// A JSON body with its secrets replaced by `***`; other bodies as they are.
fn masked(raw: &str) -> String {
    fn mask(value: &mut Value) {
        match value {
            Value::Object(map) => map.iter_mut().for_each(|(key, value)| {
                if SECRETS.contains(&key.as_str()) && value.is_string() {
                    *value = Value::String("***".into());
                } else {
                    mask(value);
                }
            }),
            Value::Array(items) => items.iter_mut().for_each(mask),
            _ => {}
        }
    }
    let Ok(original) = serde_json::from_str::<Value>(raw) else {
        return raw.to_string();
    };
    let mut value = original.clone();
    mask(&mut value);
    if value == original {
        raw.to_string()
    } else {
        value.to_string()
    }
}
