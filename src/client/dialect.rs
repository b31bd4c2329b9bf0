//! What the client needs to know about a provider's wire format, and nothing more.

use serde_json::Value;

use super::ApiMessage;

/// Where an asynchronous request stands, in provider-neutral terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Still going; the provider's name for its state.
    Pending(String),
    /// Finished successfully.
    Done,
    /// Finished with this error message.
    Failed(String),
}

/// A provider's conventions for errors and asynchronous requests.
pub trait Dialect: Send + Sync + std::fmt::Debug {
    /// The messages of an error answer's body.
    fn error_messages(&self, body: &Value) -> Vec<ApiMessage>;
    /// The request id named by a mutation's `Location` header.
    fn request_id(&self, location: &str) -> Option<String>;
    /// The URL that reports a request's progress, relative to the API base.
    fn status_path(&self, request_id: &str) -> String;
    /// Reads a progress answer.
    fn progress(&self, body: &Value) -> Option<Progress>;
}
