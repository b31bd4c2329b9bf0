//! A call as the CloudAPI reads it: which API version it came in under (v5 and v6 differ in
//! a few answers) and how deep the answer goes (`depth`, 0..10, checked before anything
//! else), and the 202 + `Location` answer of an accepted mutation.

use std::ops::Deref;

use axum::http::StatusCode;
use serde_json::Value;

use crate::provider::ionos::wire::RequestStatus;
use crate::sim::{self, ErrorReply, Phase, Reply, RequestRecord};

/// The prefix of API version 6, where clients are pointed.
pub const V6: &str = "/cloudapi/v6";

/// The prefix of API version 5, which the classic SDK speaks.
pub const V5: &str = "/cloudapi/v5";

/// A call to the CloudAPI.
#[derive(Debug)]
pub struct CloudApiCall {
    base: sim::Call,
    /// Whether the v6 prefix was used (paginated collections carry paging fields).
    pub v6: bool,
    /// The `depth` option, 0..10.
    pub depth: u8,
}

impl CloudApiCall {
    /// Reads the CloudAPI's options of a call.
    pub fn new(base: sim::Call) -> Result<CloudApiCall, ErrorReply> {
        let depth = match base.query_param("depth") {
            None => 0,
            Some(text) => match text.trim().parse::<u8>() {
                Ok(d) if d <= 10 => d,
                _ => {
                    return Err(ErrorReply::validation(format!(
                        "Query parameter 'depth' must be an integer between 0 and 10 (got '{text}')"
                    )))
                }
            },
        };
        let v6 = base.prefix != V5;
        Ok(CloudApiCall { base, v6, depth })
    }

    /// A 202 answer for an accepted mutation, pointing at its request's status.
    pub fn accepted(&self, request: &RequestRecord, body: Option<Value>) -> Reply {
        self.reply(StatusCode::ACCEPTED, body).with_location(format!("{}/requests/{}/status", self.api, request.id))
    }
}

impl Deref for CloudApiCall {
    type Target = sim::Call;

    fn deref(&self) -> &sim::Call {
        &self.base
    }
}

impl AsRef<sim::Call> for CloudApiCall {
    fn as_ref(&self) -> &sim::Call {
        &self.base
    }
}

/// A request's status at a phase of the change engine, as the client reads it too.
pub fn status(phase: Phase) -> &'static str {
    let status = match phase {
        Phase::Queued => RequestStatus::Queued,
        Phase::Running => RequestStatus::Running,
        Phase::Done => RequestStatus::Done,
        Phase::Failed => RequestStatus::Failed,
    };
    status.as_str()
}

/// A request's status message, as the API words it.
pub fn message(record: &RequestRecord, now_ms: i64) -> String {
    match (record.phase(now_ms), &record.failure) {
        (Phase::Failed, Some(why)) => why.clone(),
        (Phase::Done, _) => "Request has been successfully executed".into(),
        (Phase::Running, _) => "Request is being executed".into(),
        _ => "Request has been queued".into(),
    }
}
