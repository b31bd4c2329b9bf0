//! `GET /`: the API's name and version; open to everyone, as on the real API.

use serde_json::json;

use crate::provider::ionos::sim::families::family::Request;
use crate::sim::{ErrorReply, Reply};

/// The API root.
pub fn info(request: &Request) -> Result<Reply, ErrorReply> {
    let call = request.call;
    let version = if call.v6 { "6.0" } else { "5.0" };
    Ok(call.ok(json!({"href": format!("{}/", call.api), "name": "CLOUD API", "version": version})))
}
