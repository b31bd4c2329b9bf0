//! The client's error type: every way an API call can fail, with the context a user needs.

use std::time::Duration;

/// One message of an API error answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiMessage {
    /// The API's error code.
    pub code: String,
    /// Human-readable text.
    pub message: String,
}

/// An error answer from the API (any non-2xx status).
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// The API's messages, in order.
    pub messages: Vec<ApiMessage>,
    /// The request id, when the API named one.
    pub request_id: Option<String>,
    /// HTTP method.
    pub method: &'static str,
    /// Path relative to the API base.
    pub path: String,
}

impl ApiError {
    /// The first message's code, or an empty string.
    pub fn code(&self) -> &str {
        self.messages.first().map(|m| m.code.as_str()).unwrap_or_default()
    }

    /// All messages joined, or the status's reason when the API gave none.
    pub fn message(&self) -> String {
        if self.messages.is_empty() {
            return reason(self.status).to_string();
        }
        self.messages.iter().map(|m| m.message.as_str()).collect::<Vec<_>>().join("; ")
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} {} on {} {}: {}",
            self.status,
            reason(self.status),
            code_suffix(self.code()),
            self.method,
            self.path,
            self.message()
        )
    }
}

fn code_suffix(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!("(error code {code})")
    }
}

/// The standard reason phrase of an HTTP status (`Not Found`).
pub fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Error")
}

/// Everything that can go wrong talking to the API.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The API answered with an error status.
    #[error("{0}")]
    Api(ApiError),
    /// The request could not be sent or its answer not read.
    #[error("{method} {url}: {detail}")]
    Transport { method: &'static str, url: String, detail: String },
    /// The token endpoint did not give a token for the credentials.
    #[error("logging in at {url}: {detail}")]
    Login { url: String, detail: String },
    /// The answer was too large to take: past the answer limit, or more values than a
    /// script may hold.
    #[error("{method} {path}: {detail}")]
    Oversized { method: &'static str, path: String, detail: String },
    /// The answer was not the JSON the API promises.
    #[error("{method} {path}: the answer was not valid JSON: {detail}")]
    Decode { method: &'static str, path: String, detail: String },
    /// A request the API accepted ended FAILED.
    #[error("request {request_id} failed: {message}")]
    RequestFailed { request_id: String, message: String },
    /// A wait ran out of time.
    #[error("request {request_id} did not finish within {}s (last status: {last_status})", timeout.as_secs_f64())]
    WaitTimeout { request_id: String, timeout: Duration, last_status: String },
    /// The call was interrupted (Ctrl-C, or the run's time limit).
    #[error("{0}")]
    Cancelled(super::cancel::Stop),
    /// A request needs something only the user can say (which of several network groups).
    #[error("{0}")]
    Incomplete(String),
    /// A response holds no request id to wait for.
    #[error("{0}")]
    NotWaitable(String),
    /// A POST whose answer was lost may have been accepted, and the API's records do not say
    /// which of several requests is ours: it is not sent again, and none is taken for ours.
    #[error(
        "{method} {path}: the answer was lost and the request log holds {} requests it could be ({}); \
         not sending it again and not guessing: check them before re-running",
        candidates.len(),
        candidates.join(", ")
    )]
    Ambiguous { method: &'static str, path: String, candidates: Vec<String> },
}

impl ClientError {
    /// The HTTP status of an API error, or 0.
    pub fn status(&self) -> u16 {
        match self {
            ClientError::Api(e) => e.status,
            _ => 0,
        }
    }
}
