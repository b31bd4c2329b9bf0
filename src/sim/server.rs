//! The HTTP layer: assembles the resource families' routes under both API prefixes
//! (`/cloudapi/v6` and `/cloudapi/v5`, same handlers), counts requests, injects faults, checks
//! credentials, adds the rate-limit headers to every answer and gives unmatched paths and methods the API's error shape.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use base64::Engine;

use super::call::ApiError;
use super::state::Shared;
use super::store::Author;
use super::{
    attachments, backupunits, contract_control, contracts, control, datacenters, faults, firewallrules, groups, images,
    info, ipblocks, k8s, lans, loadbalancers, locations, nics, pccs, requests, s3keys, servers, shareable, snapshots,
    stats, uploads, users, volumes, AuthPolicy,
};

/// The resource families, each serving its paths relative to the API root. Adding a family
/// is adding its module and one line here.
const FAMILIES: &[fn() -> Router<Shared>] = &[
    info::routes,
    locations::routes,
    datacenters::routes,
    servers::routes,
    attachments::routes,
    volumes::routes,
    images::routes,
    snapshots::routes,
    ipblocks::routes,
    lans::routes,
    nics::routes,
    firewallrules::routes,
    loadbalancers::routes,
    requests::routes,
    contracts::routes,
    users::routes,
    groups::routes,
    shareable::routes,
    s3keys::routes,
    backupunits::routes,
    pccs::routes,
    k8s::routes,
];

/// The prefixes the API is served under.
const PREFIXES: &[&str] = &["/cloudapi/v6", "/cloudapi/v5"];

/// How much of an unroutable request's body is read (and dropped) before the 404.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// The name recorded as `createdBy` for token callers, who carry no user name.
const TOKEN_USER: &str = "token-user@example.com";

/// The emulator's whole HTTP application.
pub fn router(sim: Shared) -> Router {
    let api = FAMILIES.iter().fold(Router::new(), |api, routes| api.merge(routes()));
    let app = PREFIXES.iter().fold(Router::new(), |app, prefix| app.nest(prefix, api.clone()));
    let app = app
        .merge(control::routes())
        .merge(uploads::routes())
        .merge(contract_control::routes())
        .fallback(|request: Request| async move {
            // Read what was sent before answering, so a client still sending gets the answer.
            let _ = axum::body::to_bytes(request.into_body(), DRAIN_LIMIT).await;
            ApiError::not_found()
        })
        .layer(middleware::from_fn_with_state(sim.clone(), authenticate))
        .layer(middleware::from_fn_with_state(sim.clone(), faults::inject))
        .layer(middleware::map_response_with_state(sim.clone(), finish))
        .layer(middleware::from_fn_with_state(sim.clone(), stats::count))
        .with_state(sim);
    Router::new().fallback_service(app).layer(middleware::map_request(without_trailing_slash))
}

/// Routes `/cloudapi/v6/` and `/datacenters/` like their slash-less forms, as the API does.
/// (This runs in an outer router, before the real routing.)
async fn without_trailing_slash(mut request: Request) -> Request {
    let path = request.uri().path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        let rebuilt = match request.uri().query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_string(),
        };
        if let Ok(uri) = rebuilt.parse() {
            *request.uri_mut() = uri;
        }
    }
    request
}

/// Lets a request through with its caller attached, or answers 401. The API root and the
/// emulator's own `/_sim/` paths are open to everyone.
async fn authenticate(State(sim): State<Shared>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let open = path.starts_with("/_sim/") || PREFIXES.contains(&path.trim_end_matches('/'));
    match caller(&sim.auth, request.headers()) {
        Some(author) => {
            request.extensions_mut().insert(author);
            next.run(request).await
        }
        None if open => next.run(request).await,
        None => ApiError::unauthorized().into_response(),
    }
}

/// The caller named by the `Authorization` header, if the policy accepts it.
fn caller(policy: &AuthPolicy, headers: &HeaderMap) -> Option<Author> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, credentials) = value.split_once(' ')?;
    let credentials = credentials.trim();
    if scheme.eq_ignore_ascii_case("basic") {
        let decoded = base64::engine::general_purpose::STANDARD.decode(credentials).ok()?;
        let decoded = String::from_utf8(decoded).ok()?;
        let (user, password) = decoded.split_once(':')?;
        let accepted = match policy {
            AuthPolicy::AnyCredentials => !user.is_empty(),
            AuthPolicy::Only { user: Some((u, p)), .. } => u == user && p == password,
            AuthPolicy::Only { user: None, .. } => false,
        };
        accepted.then(|| author(user))
    } else if scheme.eq_ignore_ascii_case("bearer") {
        let accepted = match policy {
            AuthPolicy::AnyCredentials => !credentials.is_empty(),
            AuthPolicy::Only { token, .. } => token.as_deref() == Some(credentials),
        };
        accepted.then(|| author(TOKEN_USER))
    } else {
        None
    }
}

/// A caller with a stable user id derived from the name (FNV-1a), as the API gives each user one.
fn author(name: &str) -> Author {
    let hash = name.bytes().fold(0x6c62_272e_07bb_0142_62b8_2175_6295_c58d_u128, |h, b| {
        (h ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013b)
    });
    Author { name: name.to_string(), id: uuid::Uuid::from_u128(hash).to_string() }
}

/// Adds the rate-limit headers (see [`faults`]), and gives the router's own bodiless 404/405 answers the
/// API's error shape.
async fn finish(State(sim): State<Shared>, response: Response) -> Response {
    let bare = response.headers().get(header::CONTENT_TYPE).is_none();
    let mut response = match response.status() {
        StatusCode::NOT_FOUND if bare => ApiError::not_found().into_response(),
        StatusCode::METHOD_NOT_ALLOWED if bare => {
            let allow = response.headers().get(header::ALLOW).cloned();
            let mut replaced = ApiError::method_not_allowed().into_response();
            if let Some(allow) = allow {
                replaced.headers_mut().insert(header::ALLOW, allow);
            }
            replaced
        }
        _ => response,
    };
    let headers = response.headers_mut();
    let (limit, remaining, burst) = sim.faults.headers();
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    headers.insert("x-ratelimit-burst", HeaderValue::from(burst));
    response
}
