//! The emulated NetFoundry API, served at the root of the emulator's listener beside the
//! CloudAPI: the token endpoint, the identity and authorization APIs (the caller, its
//! organization, roles), the core API's read-only catalogue (network groups, regions,
//! versions), networks and the objects inside them with their workflows, and `/_sim/`
//! controls that enroll endpoints and edge routers as their devices would.

mod account;
mod hal;
mod lifecycle;
mod objects;
mod token;

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json, Value};

use super::catalog::CATALOG;
use super::durations;
use crate::catalog::{Operation, Options};
use crate::sim::{ApiError, Body, Call, Emulation, Reply, Shared, Typical, World};

/// The NetFoundry API's emulation.
#[derive(Debug, Default)]
pub struct NetFoundryEmulation;

/// The path roots the API lives under.
const ROOTS: &[&str] = &["/core/v2/", "/identity/v1/", "/auth/v1/", "/oauth2/", "/oauth/"];

impl Emulation for NetFoundryEmulation {
    fn prefixes(&self) -> &'static [&'static str] {
        &[""]
    }

    /// Every operation but the probes (`network_exists` reads what `network` serves).
    fn operations(&self) -> Vec<&'static Operation> {
        CATALOG.operations().filter(|op| !matches!(op.options, Options::Probe)).collect()
    }

    /// The core API answers `application/hal+json`, the identity and authorization APIs
    /// plain JSON.
    fn answer(&self, _op: &'static Operation, call: Call, body: Body, sim: &Shared) -> Result<Reply, ApiError> {
        let hal = call.path.starts_with("/core/");
        let answer = if let Some(answer) = account::answer(&call) {
            answer
        } else if let Some(id) = call.path.strip_prefix("/core/v2/executions/") {
            objects::execution(&call, id, sim)
        } else if call.path == "/core/v2/executions" {
            objects::executions(&call, sim)
        } else {
            objects::answer(&call, &body, sim).unwrap_or_else(|| Err(ApiError::not_found()))
        };
        answer.map(|reply| if hal { reply.with_json_type("application/hal+json") } else { reply })
    }

    /// `{"errors": ["…"], "status": {"code", "label"}, "traceId"}`, as the core API answers.
    fn error_body(&self, error: &ApiError) -> Value {
        let label = error.status.canonical_reason().unwrap_or("ERROR").to_uppercase().replace([' ', '-'], "_");
        json!({
            "errors": [error.message],
            "status": { "code": error.status.as_u16(), "label": label },
            "traceId": uuid::Uuid::new_v4().simple().to_string(),
        })
    }

    fn typical(&self, method: &str, path: &str, body: &str) -> Typical {
        durations::typical(method, path, body)
    }

    /// The account and catalogue are fixed, not stored: nothing to seed.
    fn seed(&self, _world: &mut World) -> Result<(), ApiError> {
        Ok(())
    }

    fn controls(&self) -> Router<Shared> {
        Router::new()
            .route("/oauth2/token", post(token::grant))
            .route("/oauth/token", post(token::grant))
            .route("/_sim/netfoundry/{collection}/{id}/enroll", post(enroll))
            // The identity API's other lists, which the Python module falls back to when it
            // cannot read `identities/self`; ionosh binds no function to them.
            .route("/identity/v1/api-account-identities", get(identity_list))
            .route("/identity/v1/api-account-identities/self", get(identity_list))
            .route("/identity/v1/user-identities", get(identity_list))
    }

    fn serves(&self, path: &str) -> bool {
        ROOTS.iter().any(|root| path.starts_with(root) || path == root.trim_end_matches('/'))
    }

    fn public_paths(&self) -> &'static [&'static str] {
        &["/oauth2/token", "/oauth/token"]
    }
}

/// The identity API's lists of API accounts and of users (and the caller among them).
async fn identity_list(call: Call) -> Result<Reply, ApiError> {
    account::answer(&call).unwrap_or_else(|| Err(ApiError::not_found()))
}

/// `POST /_sim/netfoundry/{endpoints|edge-routers}/{id}/enroll`.
async fn enroll(
    call: Call,
    State(sim): State<Shared>,
    Path((collection, id)): Path<(String, String)>,
) -> Result<Reply, ApiError> {
    let kind = objects::kind_of(&format!("/core/v2/{collection}"))
        .filter(|k| k.collection == "endpoints" || k.collection == "edge-routers")
        .ok_or_else(|| ApiError::validation(format!("only endpoints and edge routers enroll, not {collection}")))?;
    tokio::task::spawn_blocking(move || objects::enroll(&call, kind, &id, &sim))
        .await
        .unwrap_or_else(|e| Err(ApiError::internal(format!("the emulator failed answering: {e}"))))
}
