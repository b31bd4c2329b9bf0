//! CloudAPI wire formats shared by the client and the emulator: the error body, the request
//! status object, the `Location` header of an accepted mutation, and the date format.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

/// The API's error body: `{"httpStatus": 422, "messages": [{"errorCode": "100", "message": "..."}]}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    /// The HTTP status repeated in the body.
    pub http_status: u16,
    /// One entry per problem found.
    pub messages: Vec<ErrorMessage>,
}

/// One problem in an [`ErrorBody`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ErrorMessage {
    /// The API's error code, e.g. `309` for a missing resource.
    pub error_code: String,
    /// Human-readable message.
    pub message: String,
}

impl ErrorBody {
    /// An error body with one message.
    pub fn new(http_status: u16, error_code: &str, message: impl Into<String>) -> Self {
        ErrorBody {
            http_status,
            messages: vec![ErrorMessage { error_code: error_code.to_string(), message: message.into() }],
        }
    }
}

/// Error codes the emulator uses, matching the API's where known.
pub mod codes {
    /// A resource that does not exist.
    pub const NOT_FOUND: &str = "309";
    /// A body or attribute that fails validation.
    pub const VALIDATION: &str = "100";
    /// Missing or wrong credentials.
    pub const UNAUTHORIZED: &str = "315";
    /// A body that is not JSON.
    pub const PARSE: &str = "101";
    /// Too many requests.
    pub const RATE_LIMIT: &str = "429";
    /// A method the path does not support.
    pub const METHOD: &str = "405";
    /// An action the caller may not take (changing a public image).
    pub const FORBIDDEN: &str = "403";
    /// A content type the path does not accept.
    pub const CONTENT_TYPE: &str = "415";
}

/// Where an accepted request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum RequestStatus {
    /// Accepted, not started.
    Queued,
    /// Being carried out.
    Running,
    /// Finished successfully.
    Done,
    /// Finished with an error.
    Failed,
}

impl RequestStatus {
    /// The status as the API spells it.
    pub fn as_str(&self) -> &'static str {
        match self {
            RequestStatus::Queued => "QUEUED",
            RequestStatus::Running => "RUNNING",
            RequestStatus::Done => "DONE",
            RequestStatus::Failed => "FAILED",
        }
    }
}

/// Reads `metadata.status` and `metadata.message` from a request-status object.
pub fn parse_request_status(body: &Value) -> Option<(RequestStatus, String)> {
    let metadata = body.get("metadata")?;
    let status: RequestStatus = serde_json::from_value(metadata.get("status")?.clone()).ok()?;
    let message = metadata.get("message").and_then(Value::as_str).unwrap_or_default().to_string();
    Some((status, message))
}

/// Extracts the request id from a `Location` header value such as
/// `https://api.ionos.com/cloudapi/v6/requests/<id>/status`, as the classic SDK does.
pub fn request_id_from_location(location: &str) -> Option<String> {
    let (_, rest) = location.split_once("/requests/")?;
    let id = rest.split(['/', '?']).next()?;
    let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    valid.then(|| id.to_string())
}

/// Formats a time as the API does: UTC with a trailing `Z` (`2015-12-04T14:34:09Z`); the Go
/// SDK fails on `+00:00`.
pub fn timestamp(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_is_taken_from_location() {
        let loc = "http://127.0.0.1:1/cloudapi/v6/requests/3fa2c1de-0b9e-4b1a-9c2e-1d2f3a4b5c6d/status";
        assert_eq!(request_id_from_location(loc).as_deref(), Some("3fa2c1de-0b9e-4b1a-9c2e-1d2f3a4b5c6d"));
        assert_eq!(request_id_from_location("http://x/datacenters/1"), None);
    }

    #[test]
    fn timestamps_end_in_z() {
        let t = OffsetDateTime::from_unix_timestamp(1_449_239_649).unwrap();
        assert_eq!(timestamp(t), "2015-12-04T14:34:09Z");
    }
}
