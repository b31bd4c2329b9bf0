//! `GET /`: the API's name and version; open to everyone, as on the real API.

use axum::routing::get;
use axum::Router;
use serde_json::json;

use super::call::Call;
use super::state::Shared;

/// The info route.
pub fn routes() -> Router<Shared> {
    Router::new().route("/", get(info))
}

async fn info(call: Call) -> super::call::Reply {
    let version = if call.v6 { "6.0" } else { "5.0" };
    call.ok(json!({"href": format!("{}/", call.api), "name": "CLOUD API", "version": version}))
}
