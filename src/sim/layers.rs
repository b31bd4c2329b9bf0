//! What happens to every request around its handler: the caller is checked, faults are
//! injected, the request is counted, error answers get their provider's shape and every
//! answer the rate-limit headers; and `/x/` is routed like `/x`.

use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use std::sync::Arc;

use super::auth;
use super::call::{pretty, BaseUrl};
use super::emulation::Apis;
use super::error::{ErrorReply, Unshaped};
use super::faults::{FaultKind, Injected, Verdict};
use super::state::{now_ms, Shared};
use super::stats::LoggedCall;
use super::AuthPolicy;

/// Routes `/cloudapi/v6/` and `/datacenters/` like their slash-less forms, as the APIs do.
/// (This runs in an outer router, before the real routing.)
pub async fn without_trailing_slash(mut request: Request) -> Request {
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

/// Lets a request through with its caller and the emulator's base URL attached, or answers
/// 401. When any credentials are accepted (the emulator's own loopback default), the APIs'
/// roots and the `/_sim/` controls are open to everyone; once credentials are set, every
/// route needs them, the controls (faults, request log, limits) included.
pub async fn authenticate(
    State((sim, apis)): State<(Shared, Arc<Apis>)>,
    mut request: Request,
    next: Next,
) -> Response {
    request.extensions_mut().insert(BaseUrl(sim.base_url.clone()));
    let deadline = tokio::time::Instant::now() + sim.request_deadline;
    request.extensions_mut().insert(super::request_body::Deadline(deadline));
    let path = request.uri().path();
    let public = apis.0.iter().any(|e| e.public_paths().contains(&path));
    let open = public
        || matches!(sim.auth, AuthPolicy::AnyCredentials)
            && (path.starts_with("/_sim/") || apis.prefixes().any(|p| p == path));
    let now = now_ms() / 1000;
    // An API token the emulator made must still exist and be unexpired, for every API.
    if let Some(token) = auth::api_token(request.headers()) {
        let exists = |world: &super::World, _| apis.0.iter().any(|e| e.token_exists(world, &token.id));
        if token.expires <= now || !sim.read(exists).unwrap_or(false) {
            return ErrorReply::unauthorized().into_response();
        }
        request.extensions_mut().insert(token);
    }
    let issued = |token: &str| sim.issued.lock().is_ok_and(|issued| issued.valid(token, now));
    match auth::caller(&sim.auth, &issued, request.headers()) {
        Some(author) => {
            request.extensions_mut().insert(author);
            next.run(request).await
        }
        None if open => next.run(request).await,
        None => ErrorReply::unauthorized().into_response(),
    }
}

/// In the open mode (any credentials, on loopback), refuses what a web page the user visits
/// could send the emulator: a request from another origin (its `Origin` header), one naming
/// a host that is not this machine's loopback (a DNS-rebinding page), and a control or
/// mutation whose body is of a kind a page may send without asking (`text/plain`, a
/// multipart form, or any form for the controls). API clients send none of these; once
/// credentials are set, a page cannot supply them and nothing is refused here.
pub async fn refuse_cross_site(State(sim): State<Shared>, request: Request, next: Next) -> Response {
    if matches!(sim.auth, AuthPolicy::AnyCredentials) {
        if let Some(refusal) = cross_site(&sim.base_url, &request) {
            return refusal.into_response();
        }
    }
    next.run(request).await
}

/// Why a request looks sent by a web page rather than an API client, if it does.
fn cross_site(base_url: &str, request: &Request) -> Option<ErrorReply> {
    let headers = request.headers();
    let text = |name: header::HeaderName| headers.get(name).map(|v| v.to_str().unwrap_or("?").to_ascii_lowercase());
    let port = base_url.rsplit(':').next().unwrap_or_default();
    if let Some(origin) = text(header::ORIGIN) {
        let own = ["127.0.0.1", "localhost", "[::1]"].iter().any(|host| origin == format!("http://{host}:{port}"));
        if !own {
            return Some(ErrorReply::forbidden(format!(
                "Requests from another origin ({origin}) are refused: the emulator is open to this machine's clients only"
            )));
        }
    }
    if let Some(host) = text(header::HOST) {
        if !is_loopback_host(&host) {
            return Some(ErrorReply::forbidden(format!(
                "Requests for the host {host} are refused: the emulator answers to 127.0.0.1, localhost or [::1]"
            )));
        }
    }
    let control = request.uri().path().starts_with("/_sim/");
    // Only a POST is a change a page sends without asking first (a PUT, PATCH or DELETE is
    // preflighted, and the emulator allows no page's preflight): a zone file PUT as text is
    // an API client's.
    let mutation = *request.method() == Method::POST;
    let kind = text(header::CONTENT_TYPE).unwrap_or_default();
    let page_sendable = kind.starts_with("text/plain")
        || kind.starts_with("multipart/form-data")
        || (control && kind.starts_with("application/x-www-form-urlencoded"));
    (mutation && page_sendable).then(|| {
        ErrorReply::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("A {kind} body is refused: send JSON (Content-Type: application/json)"),
        )
    })
}

/// Whether a `Host` header is one a DNS-rebinding page cannot send: an IP address, or
/// `localhost` or a name under it, with or without a port.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(bracketed) => {
            return bracketed.split(']').next().is_some_and(|ip| ip.parse::<std::net::Ipv6Addr>().is_ok())
        }
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    name.parse::<std::net::Ipv4Addr>().is_ok() || name == "localhost" || name.ends_with(".localhost")
}

/// The longest request target (path and query) the emulator reads.
const LONGEST_URI: usize = 16 * 1024;

/// The most header bytes (names and values) the emulator reads.
const LARGEST_HEADERS: usize = 64 * 1024;

/// Answers 414 to a request target longer than [`LONGEST_URI`] and 431 to headers larger
/// than [`LARGEST_HEADERS`], in the API's error shape (the HTTP server's own limits are
/// higher, and would answer without a body).
pub async fn limit_head(request: Request, next: Next) -> Response {
    let uri = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri > LONGEST_URI {
        let message = format!("The request URI is longer than {LONGEST_URI} bytes");
        return ErrorReply::new(StatusCode::URI_TOO_LONG, message).into_response();
    }
    let headers: usize = request.headers().iter().map(|(name, value)| name.as_str().len() + value.len()).sum();
    if headers > LARGEST_HEADERS {
        let message = format!("The request headers are larger than {LARGEST_HEADERS} bytes");
        return ErrorReply::new(StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE, message).into_response();
    }
    next.run(request).await
}

/// Rate limit first, then at most one fault per API request.
pub async fn inject(State(sim): State<Shared>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/_sim/") {
        return next.run(request).await;
    }
    let mutation = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let config = sim.faults.config();
    let kind = match sim.faults.judge(mutation) {
        Verdict::Pass => return next.run(request).await,
        Verdict::Limited { retry_after } => {
            return ErrorReply::too_many_requests("Too many requests: rate limit exceeded", retry_after).into_response()
        }
        Verdict::Fault(kind) => kind,
    };
    let mut response = match kind {
        FaultKind::Slow => {
            tokio::time::sleep(Duration::from_millis(config.slow_ms)).await;
            next.run(request).await
        }
        FaultKind::Drop => {
            let processed = next.run(request).await;
            dropped(processed.status())
        }
        kind => {
            let status = kind.status().unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let message = "Fault injected by the emulator";
            let error = if status == StatusCode::TOO_MANY_REQUESTS {
                ErrorReply::too_many_requests(message, config.retry_after_s)
            } else {
                ErrorReply::new(status, message)
            };
            error.into_response()
        }
    };
    response.extensions_mut().insert(Injected(kind));
    response
}

/// An answer whose body breaks off at once, so the server aborts the connection: the client
/// cannot tell whether its request was processed (it was).
fn dropped(status: StatusCode) -> Response {
    let broken = futures_util::stream::once(async {
        Err::<Bytes, _>(std::io::Error::other("connection dropped by the emulator's fault injection"))
    });
    let mut response = Response::new(Body::from_stream(broken));
    *response.status_mut() = status;
    response
}

/// Records every API request once its answer is ready (the `/_sim/` controls are not counted).
pub async fn count(State(sim): State<Shared>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/_sim/") {
        return next.run(request).await;
    }
    let started = Instant::now();
    let at_ms = now_ms();
    let method = request.method().to_string();
    let uri = request.uri().to_string();
    let template = request.extensions().get::<MatchedPath>().map_or("(unmatched)", |m| m.as_str()).to_string();
    let response = next.run(request).await;
    let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    let fault = response.extensions().get::<Injected>().map(|i| i.0);
    sim.stats.record(LoggedCall { at_ms, method, uri, template, status: response.status().as_u16(), micros, fault });
    response
}

/// Gives error answers the body of the provider whose API the path is in (the router's own
/// bodiless 404 and 405 answers too), and adds the rate-limit headers to every answer.
pub async fn finish(State((sim, apis)): State<(Shared, Arc<Apis>)>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let response = next.run(request).await;
    let bare = response.headers().get(header::CONTENT_TYPE).is_none();
    let error = match (response.extensions().get::<Unshaped>(), response.status()) {
        (Some(Unshaped(error)), _) => Some(error.clone()),
        (None, StatusCode::NOT_FOUND) if bare => Some(ErrorReply::not_found()),
        (None, StatusCode::METHOD_NOT_ALLOWED) if bare => Some(ErrorReply::method_not_allowed()),
        _ => None,
    };
    let mut response = match error {
        Some(error) => {
            let shaped = match apis.for_path(&path) {
                Some(emulation) => emulation.error_body(&error),
                None => serde_json::json!({ "message": error.message }),
            };
            let body = pretty(&shaped);
            let (mut parts, _) = response.into_parts();
            parts.status = error.status;
            parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(parts, Body::from(body))
        }
        None => response,
    };
    let headers = response.headers_mut();
    let (limit, remaining, burst) = sim.faults.headers();
    headers.insert("x-ratelimit-limit", HeaderValue::from(limit));
    headers.insert("x-ratelimit-remaining", HeaderValue::from(remaining));
    headers.insert("x-ratelimit-burst", HeaderValue::from(burst));
    if let Some(ms) = sim.delay.announced_ms() {
        headers.insert(crate::protocol::ANNOUNCED_DELAY_HEADER, HeaderValue::from(ms));
    }
    if let Some(value) = sim.delay.announced_scale().and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
        headers.insert(crate::protocol::ANNOUNCED_SCALE_HEADER, value);
    }
    response
}
