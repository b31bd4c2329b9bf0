//! The CloudAPI's conventions for errors and asynchronous requests, for the client.

use serde_json::Value;

use super::wire::{self, ErrorBody, RequestStatus};
use crate::client::{ApiMessage, Dialect, Progress};

/// CloudAPI v5/v6 conventions.
#[derive(Debug, Default)]
pub struct CloudApi;

impl Dialect for CloudApi {
    fn error_messages(&self, body: &Value) -> Vec<ApiMessage> {
        serde_json::from_value::<ErrorBody>(body.clone())
            .map(|e| e.messages.into_iter().map(|m| ApiMessage { code: m.error_code, message: m.message }).collect())
            .unwrap_or_default()
    }

    fn request_id(&self, location: &str) -> Option<String> {
        wire::request_id_from_location(location)
    }

    fn status_path(&self, request_id: &str) -> String {
        format!("/requests/{request_id}/status")
    }

    fn progress(&self, body: &Value) -> Option<Progress> {
        let (status, message) = wire::parse_request_status(body)?;
        Some(match status {
            RequestStatus::Done => Progress::Done,
            RequestStatus::Failed => {
                Progress::Failed(if message.is_empty() { "no reason given".into() } else { message })
            }
            pending => Progress::Pending(pending.as_str().to_string()),
        })
    }
}
