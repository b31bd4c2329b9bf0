//! NetFoundry's routes outside its operations: the OAuth2 token endpoint ([`token`]), the
//! identity API's other lists (which the Python module falls back to when it cannot read
//! `identities/self`; ionosh binds no function to them), and the emulator's control that
//! enrolls devices ([`enrollment`]).

mod enrollment;
mod token;

use axum::routing::{get, post};
use axum::Router;
use serde_json::json;

use super::account;
use super::shape::hal;
use crate::sim::{Call, Reply, Shared};

/// The routes.
pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/oauth2/token", post(token::grant))
        .route("/oauth/token", post(token::grant))
        .route("/_sim/netfoundry/{collection}/{id}/enroll", post(enrollment::enroll))
        .route("/identity/v1/api-account-identities", get(api_accounts))
        .route("/identity/v1/api-account-identities/self", get(api_account))
        .route("/identity/v1/user-identities", get(users))
}

/// `GET /identity/v1/api-account-identities`: the caller, the organization's API account.
async fn api_accounts(call: Call) -> Reply {
    let caller = account::caller(&call);
    call.ok(hal::plain(&call, vec![caller], &["type", "name", "email", "organizationId"]))
}

/// `GET /identity/v1/api-account-identities/self`.
async fn api_account(call: Call) -> Reply {
    let caller = account::caller(&call);
    call.ok(caller)
}

/// `GET /identity/v1/user-identities`: the organization has no users.
async fn users(call: Call) -> Reply {
    call.ok(json!([]))
}
