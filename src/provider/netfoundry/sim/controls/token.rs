//! The OAuth2 token endpoint (`POST /oauth2/token`, the Cognito style the Python module
//! uses, and `/oauth/token`): client credentials by Basic authentication or as form fields,
//! `grant_type=client_credentials`, checked against the emulator's credentials policy (any
//! non-empty pair by default). The token is a well-formed JWT with `exp`, a Cognito `iss`
//! and the gateway `scope` the module derives its environment from; errors are OAuth's.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::sim::jwt;
use crate::sim::{now_ms, RequestBody, Shared};

/// How long a token lasts, in seconds.
const LIFETIME_S: i64 = 3600;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(json!({ "error": error, "error_description": description }))).into_response()
}

/// The client id and secret: Basic authentication, else the form's `client_id` and
/// `client_secret`.
fn client(headers: &HeaderMap, form: &Value) -> Option<(String, String)> {
    let basic = crate::sim::basic_credentials(headers);
    let field = |name: &str| form.get(name).and_then(Value::as_str).map(str::to_string);
    basic.or_else(|| Some((field("client_id")?, field("client_secret")?)))
}

/// `POST /oauth2/token`.
pub async fn grant(State(sim): State<Shared>, headers: HeaderMap, body: RequestBody) -> Response {
    let form = body.value;
    match form.get("grant_type").and_then(Value::as_str) {
        Some("client_credentials") => {}
        Some(_) => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "only client_credentials is supported",
            )
        }
        None => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", "grant_type is required"),
    }
    let Some((client_id, secret)) = client(&headers, &form) else {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "client credentials are required");
    };
    // A client credentials grant always carries a secret.
    if secret.is_empty() || !crate::sim::accepts(&sim.auth, &client_id, &secret) {
        return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", "the client id or secret is wrong");
    }
    let now = now_ms() / 1000;
    let scope = form
        .get("scope")
        .and_then(Value::as_str)
        .map_or_else(|| "https://gateway.production.netfoundry.io//ignore-scope".to_string(), str::to_string);
    let claims = json!({
        "sub": client_id,
        "client_id": client_id,
        "token_use": "access",
        "iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_emulator",
        "scope": scope,
        "iat": now,
        "exp": now + LIFETIME_S,
        "jti": uuid::Uuid::new_v4().to_string(),
    });
    let token = jwt(&claims);
    let kept = sim.issued.lock().map(|mut issued| issued.issue(&client_id, token.clone(), now + LIFETIME_S, now));
    if !matches!(kept, Ok(Ok(()))) {
        // Nobody's tokens are forgotten to make room: this one waits until some expire.
        return oauth_error(
            StatusCode::SERVICE_UNAVAILABLE,
            "temporarily_unavailable",
            "as many tokens as the emulator keeps are live: ask again once some have expired",
        );
    }
    let body = Json(json!({ "access_token": token, "expires_in": LIFETIME_S, "token_type": "Bearer" }));
    ([(header::CACHE_CONTROL, "no-store"), (header::PRAGMA, "no-cache")], body).into_response()
}
